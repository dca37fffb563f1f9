#pragma once
// The coordinator's side of the app: what the app shows when its data folder
// holds a coordinator store (coordinator.db) instead of a device store.
// Plain C++ like the AppModel: the views (views/view_coordinator*.cpp) read
// state() and call these methods; nothing here knows about ImGui, and
// nothing in the views touches the store.
//
//   - unlock with the coordinator's passphrase (and lock again: the key and
//     every child's data leave memory);
//   - import bundles from a file or a folder (new / already imported /
//     refused, and missing bundle numbers), which lists unknown devices;
//   - devices: approval, key fingerprints, bundles and missing numbers;
//   - children by their pseudonymous code, and a child's timeline;
//   - the programme report (report::buildReport) for a project and an
//     intervention type, which the view draws as charts.
//
// Data come from the store through report::loadReportInput, so the screens
// show exactly what `spor report` would write: finished measurements only,
// children by code, never a nickname.
#include <atomic>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/forms.hpp"
#include "core/text.hpp"
#include "report/export.hpp"
#include "report/from_coordinator.hpp"
#include "report/report.hpp"
#include "sync/coordinator_store.hpp"
#include "ui/model/worker.hpp"

namespace spor::ui {

enum class CoordinatorTab { Import, Devices, Children, Report, Forms, Safety, Settings };

// One bundle's import, as the import screen lists it.
struct ImportLine {
  enum class Outcome { New, AlreadyImported, Refused };
  std::string file;  // the file name
  Outcome outcome = Outcome::New;
  std::string device;  // the device's short id ("4ff38ee2"), when the file says
  std::uint64_t sequence = 0;
  std::size_t newMeasurements = 0;
  std::size_t duplicateMeasurements = 0;
  std::size_t newRecords = 0;
  std::size_t updatedRecords = 0;
  std::size_t duplicateRecords = 0;
  std::vector<std::string> warnings;  // missing bundle numbers, ...
  std::string error;                  // Refused: why, and what to do
  std::string path;                   // the file as imported: a later success replaces its refusal
};

// A child as the children screen lists it.
struct CoordinatorChildRow {
  std::string code;
  std::string project;  // project id
  std::vector<core::Intervention> interventions;
  std::size_t before = 0;
  std::size_t after = 0;
  std::size_t followUp = 0;
  std::size_t progression = 0;
  std::optional<core::Date> last;  // the latest finished measurement
};

struct CoordinatorState {
  std::string name;  // the coordinator's name (readable while locked)
  bool unlocked = false;
  bool unlocking = false;  // the passphrase is being checked (Argon2id, on the worker): a spinner
  std::string passphrase;  // the unlock field; wiped after every try
  CoordinatorTab tab = CoordinatorTab::Import;

  std::string importPath;           // a .sporbundle file or a folder of them
  std::vector<ImportLine> imports;  // this session's imports, newest first
  bool receiptsOffered = false;     // the last import took bundles: "Skriv kvitteringer" is offered

  std::vector<sync::DeviceEntry> devices;
  std::string approveAsk;  // the device (full id) whose "Godkend" asks whether its fingerprint was compared

  std::vector<CoordinatorChildRow> children;  // by code
  std::string childSearch;                    // part of a code; empty: all
  std::optional<report::Timeline> timeline;   // the child opened

  std::string reportProject;                             // "" = every project
  std::optional<core::Intervention> reportIntervention;  // nullopt = every type
  bool filtersOpen = false;                              // the project and type choices are shown
  std::optional<report::Report> report;                  // for the filter above
  report::LoadSummary loaded;                            // what the store gave
  core::Date asOf{};                                     // the report day
  bool saveOpen = false;                                 // the report tab's save and export choices are shown
  std::string saveFolder;                                // where reports and exports are saved
  bool exportFreeText = false;                           // exports include free text (only when asked)

  // The Safety tab ("Sikkerhed"): the recovery key and new enrolment files,
  // to a folder chosen from the USB sticks found (or typed).
  std::string fingerprint;              // the coordinator's, as tablets show it when enrolled
  std::string recoveryFingerprint;      // the recovery key's, as tablets show it under settings
  std::vector<std::string> places;      // USB sticks and the home folder
  std::vector<std::string> placeLabels;  // their buttons: each by its whole path, a USB stick marked as one
  std::string safetyFolder;             // where the recovery key or enrolment file goes
  std::string recoveryPassphrase;       // typed twice; wiped after every try
  std::string recoveryPassphraseAgain;
  std::optional<std::int64_t> lastBackupAt;  // unix seconds of the last backup (sync::lastBackup); none yet
  std::string lastBackupFile;
  std::string restorePath;  // a backup to restore from
  // The backup checked (sync::planRestore), waiting for "Gendan": what it is,
  // and whether the store in place is newer (then "Gendan alligevel").
  struct RestoreAsk {
    std::string file;
    std::string title;    // "Erstat databasen med sikkerhedskopien fra 3.12.2026?"
    std::string checked;  // "Sikkerhedskopien er hel ...": what is replaced, and that the current one is kept
    std::string newer;    // empty unless the store in place was written after the backup
  };
  std::optional<RestoreAsk> restoreAsk;

  // The forms tab ("Skemaer"): a forms folder checked (core::checkForms, its
  // problems in the screen's language), then published as the next form
  // package version into a folder chosen from places (a USB stick).
  std::string formsPath;  // the forms folder to check and publish
  std::string formsNote;  // what changed, for the volunteers (in the package)
  std::string formsOut;   // where the package goes
  struct FormsChecked {
    std::string folder;              // as checked; publishing needs the same one
    bool ok = false;
    std::vector<std::string> lines;  // ok: one per file, against the forms in use; else one per problem
    std::size_t changed = 0;         // files new or changed against the forms in use: none, nothing to publish
  };
  std::optional<FormsChecked> formsChecked;
  std::uint64_t formsVersion = 0;  // the last version published (0: none yet)

  std::string error;   // the last thing that went wrong, until the next action
  std::string notice;  // the last thing that went right
};

class CoordinatorModel {
 public:
  // Opens DIR/coordinator.db, locked. `forms` must outlive the model.
  CoordinatorModel(const core::FormSet& forms, const std::filesystem::path& dataDir,
                   sync::CoordinatorOptions options = {});
  // A store just made (the first-run screen), unlocked: no passphrase again.
  CoordinatorModel(const core::FormSet& forms, const std::filesystem::path& dataDir, sync::CoordinatorStore unlocked,
                   sync::CoordinatorOptions options = {});
  ~CoordinatorModel();
  CoordinatorModel(const CoordinatorModel&) = delete;
  CoordinatorModel& operator=(const CoordinatorModel&) = delete;

  [[nodiscard]] const CoordinatorState& state() const { return state_; }
  [[nodiscard]] const core::FormSet& forms() const { return forms_; }
  [[nodiscard]] bool unlocked() const { return state_.unlocked; }

  // The fields the views edit in place.
  [[nodiscard]] std::string& passphrase() { return state_.passphrase; }
  [[nodiscard]] std::string& importPath() { return state_.importPath; }
  [[nodiscard]] std::string& childSearch() { return state_.childSearch; }

  // With passphrase(); a wrong one counts towards the store's lock-out.
  // Argon2id runs on the worker, which owns the store meanwhile; poll()
  // takes the outcome.
  void unlock();
  void poll();
  [[nodiscard]] bool busy() const { return state_.unlocking; }
  // Where unlock() runs (must outlive the model); default: at once.
  void setWorker(Worker* worker) { worker_ = worker ? worker : &inline_; }
  // Forgets the key and every child's data (the idle lock calls it too).
  void lock();

  void setTab(CoordinatorTab tab);

  // Imports importPath(): one bundle file, or every *.sporbundle in a folder
  // (in name order, so a device's bundles go in sequence). Each bundle is
  // checked on its own; a refused one (an unknown device, a damaged file)
  // gets its line and the others still go in.
  void importBundles();
  // After an import: each device's receipt written beside its bundles (the
  // same USB stick), through sync::writeReceiptsBack as `spor import --receipts`.
  void writeReceipts();
  // Approves a device listed as pending (by its full id).
  void approveDevice(const std::string& deviceId);
  // "Godkend" on the devices tab: asks first whether the fingerprint was
  // compared with the tablet's screen (approveAsk); approveDevice() then approves.
  void askApproveDevice(const std::string& deviceId);
  void cancelApprove() { state_.approveAsk.clear(); }

  void openChild(const std::string& code);  // the timeline
  void closeChild();
  // The children whose code contains childSearch() (any case).
  [[nodiscard]] std::vector<const CoordinatorChildRow*> visibleChildren() const;

  void toggleFilters();                                 // shows or hides the report's choices
  void setReportProject(const std::string& projectId);  // "" = every project
  void setReportIntervention(std::optional<core::Intervention> intervention);
  void setAsOf(core::Date day);  // default today

  // Saving from the report tab, into saveFolder(): the current selection as
  // the HTML report (report::writeReportFile, as `spor report`), or the data
  // as CSV, SPSS or Stata files with their codebook in a new folder
  // (report::writeExport, as `spor export-data`), free text only when
  // setExportFreeText(true).
  [[nodiscard]] std::string& saveFolder() { return state_.saveFolder; }
  void toggleSave();
  void setExportFreeText(bool on) { state_.exportFreeText = on; }
  void saveReport();
  void saveExport(report::ExportFormat format);

  // The Safety tab. Folders to offer (USB sticks, /mnt, the home folder),
  // and the one chosen when none is: a stick, else the home folder, never a
  // folder under /mnt by itself (a network share as likely as a stick).
  // `labels`: what each folder's button says (the app's: "USB-stik: /media/…"); the path where none is given.
  void setPlaces(std::vector<std::string> folders, const std::string& preferred, std::vector<std::string> labels = {});
  [[nodiscard]] std::string& safetyFolder() { return state_.safetyFolder; }
  [[nodiscard]] std::string& recoveryPassphrase() { return state_.recoveryPassphrase; }
  [[nodiscard]] std::string& recoveryPassphraseAgain() { return state_.recoveryPassphraseAgain; }
  // "Gem gendannelsesnøgle": sync::writeRecoveryKeyFile (as `spor coordinator
  // recovery-key`) into safetyFolder(), under the passphrase typed twice.
  void saveRecoveryKey();
  // "Ny tilmeldingsfil": sync::writeEnrolmentFile (as `spor coordinator enrolment`).
  void writeEnrolment();
  // "Tag sikkerhedskopi": sync::backupStore (as `spor backup`) into
  // safetyFolder(), while the store is open.
  void backup();
  // Days from the last backup to asOf (the report day, today by default); nullopt: none yet.
  [[nodiscard]] std::optional<long> backupDaysAgo() const;
  // The home's line: how long ago, and whether it is a warning (none, or more than 7 days).
  [[nodiscard]] std::pair<std::string, bool> backupStatus() const;
  static constexpr long kBackupWarnDays = 7;
  // Restoring (the Safety tab): checkRestore() checks restorePath() with the
  // library (sync::planRestore) and says whether the store in place is
  // newer; restore() then closes the store, puts the backup in place
  // (sync::restoreStore, as `spor restore`, which keeps the old store beside
  // it) and opens the restored store, locked.
  [[nodiscard]] std::string& restorePath() { return state_.restorePath; }
  void checkRestore();
  void restore();
  void cancelRestore();
  // The forms tab: checkFormsFolder() checks formsPath() as `spor forms
  // check` does and lists its files (what is new or changed against the
  // forms this app runs on) or its problems; publishForms() signs that
  // folder, once its check passed, as the next version with formsNote() into
  // formsOut() (sync::publishFormPackage, as `spor forms publish`).
  [[nodiscard]] std::string& formsPath() { return state_.formsPath; }
  [[nodiscard]] std::string& formsNote() { return state_.formsNote; }
  [[nodiscard]] std::string& formsOut() { return state_.formsOut; }
  void checkFormsFolder();
  // Checked and fine, something new or changed, and the folder not changed since.
  [[nodiscard]] bool formsReadyToPublish() const;
  void publishForms();
  // The recovery key file's Argon2id cost (tests pass a fast one).
  void setRecoveryKdf(const crypto::KdfParams& kdf) { recoveryKdf_ = kdf; }

  void clearMessages();
  void setLang(core::Lang lang) { lang_ = lang; }  // of the model's own messages

 private:
  void reload();         // the report's input from the store, the lists, the report
  void rebuildReport();  // for the filter
  void forget();         // every child's data out of memory
  void fail(const std::exception& e);
  void failInLang(const std::exception& e);  // the message catalogue's text in the screen's language
  [[nodiscard]] std::filesystem::path saveTarget();  // saveFolder(), checked; empty when it is not usable

  const core::FormSet& forms_;
  std::filesystem::path path_;
  sync::CoordinatorOptions options_;
  std::optional<sync::CoordinatorStore> store_;
  report::ReportInput input_;  // while unlocked
  std::vector<sync::ImportOutcome> lastImport_;  // for writeReceipts()
  CoordinatorState state_;
  struct UnlockOutcome;
  std::shared_ptr<UnlockOutcome> unlocking_;
  InlineWorker inline_;
  Worker* worker_ = &inline_;
  core::Lang lang_ = core::Lang::Da;
  crypto::KdfParams recoveryKdf_ = crypto::KdfParams::interactiveDefault();
  [[nodiscard]] std::filesystem::path safetyTarget();
  // `folder` (trailing spaces trimmed) when it is an existing folder; else
  // empty, with the error said.
  [[nodiscard]] std::filesystem::path usableFolder(std::string folder);
  void readLastBackup();  // safetyFolder(), checked; empty when it is not usable
};

}  // namespace spor::ui
