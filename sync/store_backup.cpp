#include "sync/store_backup.hpp"

#include <chrono>

#include "store/device_store.hpp"
#include "store/migrate.hpp"
#include "sync/coordinator_store.hpp"

namespace spor::sync {

namespace fs = std::filesystem;

namespace {

fs::path pathOf(const fs::path& dataDir, StoreKind kind) {
  return kind == StoreKind::Coordinator ? coordinatorStorePath(dataDir) : store::deviceStorePath(dataDir);
}

std::uint32_t appIdOf(StoreKind kind) {
  return kind == StoreKind::Coordinator ? store::kCoordinatorStoreAppId : store::kDeviceStoreAppId;
}

}  // namespace

bool hasStore(const fs::path& dataDir, StoreKind kind) {
  std::error_code ec;
  return fs::is_regular_file(pathOf(dataDir, kind), ec);
}

store::BackupInfo backupStore(const fs::path& dataDir, StoreKind kind, const fs::path& out) {
  const fs::path path = pathOf(dataDir, kind);
  if (!hasStore(dataDir, kind))
    throw store::BackupError(store::BackupErrorKind::NotFound, Message(Msg::BackupNoStore, {{"path", path.string()}}));
  store::DbOptions options;
  options.create = false;
  store::Db db(path, options);
  std::error_code ec;
  fs::path target = out;
  if (fs::is_directory(out, ec)) {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    target = out / store::defaultBackupName(appIdOf(kind), now);
  }
  return store::writeBackup(db, target);
}

store::RestoreResult restoreStore(const fs::path& dataDir, const fs::path& backup, std::optional<StoreKind> kind) {
  if (!kind) {
    const store::BackupInfo info = store::checkBackup(backup);
    kind = info.applicationId == store::kCoordinatorStoreAppId ? StoreKind::Coordinator : StoreKind::Device;
  }
  const int known = *kind == StoreKind::Coordinator ? coordinatorSchemaVersion() : store::deviceSchemaVersion();
  return store::restoreBackup(backup, pathOf(dataDir, *kind), appIdOf(*kind), known);
}

}  // namespace spor::sync
