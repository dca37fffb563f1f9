// spor backup / spor restore: the stores in a data folder, backed up while
// in use and restored after checks (sync/store_backup.hpp, docs/COORDINATOR.md).
#include <ostream>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/unlock.hpp"
#include "sync/store_backup.hpp"

namespace spor::app {

namespace fs = std::filesystem;

namespace {

std::optional<sync::StoreKind> kindFrom(const Args& args) {
  const auto text = args.get("store");
  if (!text) return std::nullopt;
  if (*text == "coordinator") return sync::StoreKind::Coordinator;
  if (*text == "device") return sync::StoreKind::Device;
  throw UsageError("--store must be 'coordinator' or 'device', not '" + *text + "'");
}

const char* nameOf(sync::StoreKind kind) {
  return kind == sync::StoreKind::Coordinator ? "coordinator store" : "device store";
}

}  // namespace

int runBackup(const std::vector<std::string>& words, std::ostream& out, std::ostream& /*err*/) {
  const Args args(words, ArgSpec{{"data-dir", "out", "store"}, {}, 0, 0});
  const fs::path dir = dataDirFrom(args);
  std::optional<sync::StoreKind> kind = kindFrom(args);
  if (!kind) {
    const bool coordinator = sync::hasStore(dir, sync::StoreKind::Coordinator);
    const bool device = sync::hasStore(dir, sync::StoreKind::Device);
    if (coordinator && device)
      throw UsageError("'" + dir.string() +
                       "' holds a coordinator store and a device store: say which with --store coordinator|device");
    kind = device ? sync::StoreKind::Device : sync::StoreKind::Coordinator;
  }
  const store::BackupInfo made = sync::backupStore(dir, *kind, args.require("out"));
  out << made.file.string() << "\nBackup of the " << nameOf(*kind) << " in " << dir.string() << ": "
      << made.databaseBytes << " bytes, checked after writing (checksum " << made.checksum.substr(0, 16)
      << "). It is encrypted as the store is: the passphrase or a PIN is still needed to read it.\n";
  return kExitOk;
}

int runRestore(const std::vector<std::string>& words, std::ostream& out, std::ostream& /*err*/) {
  const Args args(words, ArgSpec{{"data-dir", "store"}, {}, 1, 1});
  const fs::path dir = dataDirFrom(args);
  const store::RestoreResult r = sync::restoreStore(dir, args.positional().front(), kindFrom(args));
  out << "Restored " << r.store.string() << " from " << r.backup.file.string() << " (checked: checksum "
      << r.backup.checksum.substr(0, 16) << ", database intact).\n";
  if (r.keptAs)
    out << "The store that was there is kept as " << r.keptAs->string()
        << ": delete it only when the restored store has everything you need.\n";
  return kExitOk;
}

}  // namespace spor::app
