#pragma once
// The `spor` commands. Each lives in its own cmd_*.cpp; commands.cpp lists
// them so `spor --help` and the man page cover every one.
#include <iosfwd>
#include <string>
#include <vector>

namespace spor::app {

struct Command {
  const char* name;     // one or two words: "forms check"
  const char* usage;    // "spor forms check DIR"
  const char* summary;  // one line for --help
  int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
};

[[nodiscard]] const std::vector<Command>& commands();

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the input was bad or the work failed; nothing was changed
inline constexpr int kExitUsage = 2;   // the command was called wrongly

int runFormsCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runSimulate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);     // cmd_store.cpp
int runStoreStatus(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);  // cmd_store.cpp
// cmd_sync.cpp
int runCoordinatorInit(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runCoordinatorEnrolment(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runDevices(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runDevicesApprove(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runDeviceInit(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runExport(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runImport(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runReceipt(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runApplyReceipt(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runFormsPublish(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runFormsInstall(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// cmd_report.cpp
int runReport(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runExportData(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// cmd_recover.cpp
int runRecoveryKey(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runRecover(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// cmd_backup.cpp
int runBackup(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runRestore(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace spor::app
