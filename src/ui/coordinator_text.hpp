#pragma once
// Every word the coordinator's screens say, per language, the way text.hpp
// does it for the volunteer's screens (an enum key, Danish and English, a
// compile-time check that every key has its line). Kept apart from text.hpp
// so the two sets of screens can grow without touching each other's table.
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/text.hpp"

namespace spor::ui {

enum class Ctx {
  Title,
  LockBody,
  Passphrase,
  Unlock,
  Lock,
  TabImport,
  TabDevices,
  TabChildren,
  TabReport,
  ImportPath,
  ImportButton,
  ImportHint,
  ImportNone,
  ImportNew,
  ImportAlready,
  ImportRefused,
  ImportRecords,
  ImportNoPath,
  ImportEmptyFolder,
  ImportNotFound,
  DevicesNone,
  DevicesHint,
  DeviceApproved,
  DevicePending,
  DeviceKey,
  DeviceBundles,
  DeviceMissing,
  DeviceFirstSeen,
  Approve,
  ApprovedNotice,
  ChildrenSearch,
  ChildrenCount,
  ChildrenNone,
  ChildOccasions,
  ChildLast,
  TimelineTitle,
  TimelineNoScore,
  TimelineOmitted,
  Back,
  ReportAllProjects,
  ReportAllTypes,
  ReportCounts,
  ReportDropout,
  ReportMeans,
  ReportChanges,
  ReportNoData,
  ReportOmitted,
  ReportNoPairs,
  Improved,
  Unchanged,
  Worse,
  Loaded,
  LoadedUnfinished,
  ReportLowerBetter,
  ReportPair,
  ReportChoose,
  WriteReceipts,
  ReceiptsHint,
  ReceiptsWritten,
  ReceiptWrittenOne,
  SaveOpen,
  SaveFolder,
  SaveNoFolder,
  SaveReport,
  ExportCsv,
  ExportSpss,
  ExportStata,
  FreeTextOff,
  FreeTextOn,
  FreeTextHint,
  ReportSaved,
  ExportSaved,
  ExportSavedFreeText,
  TabSafety,
  SafetyFolder,
  SafetyHome,
  RecoveryTitle,
  RecoveryBody,
  RecoveryPass,
  RecoveryPassAgain,
  SaveRecoveryKey,
  RecoveryMismatch,
  RecoverySaved,
  EnrolTitle,
  EnrolBody,
  NewEnrolment,
  EnrolSaved,
  BackupTitle,
  BackupBody,
  BackupNow,
  BackupSaved,
  BackupNever,
  BackupToday,
  BackupYesterday,
  BackupDaysAgo,
  BackupTooOld,
  Count
};

[[nodiscard]] const char* ctr(Ctx key, core::Lang lang);
// With {0}, {1} ... replaced by `args`.
[[nodiscard]] std::string ctrf(Ctx key, core::Lang lang, std::initializer_list<std::string_view> args);
[[nodiscard]] const char* ctxName(Ctx key);  // "ImportButton", for the tests

}  // namespace spor::ui
