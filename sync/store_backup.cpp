#include "sync/store_backup.hpp"

#include <algorithm>
#include <chrono>

#include "store/device_store.hpp"
#include "store/migrate.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/file_io.hpp"

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
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (fs::is_directory(out, ec)) target = out / store::defaultBackupName(appIdOf(kind), now);
  store::BackupInfo made = store::writeBackup(db, target);
  // Remembered for "the last backup was N days ago". The backup is made and
  // checked already: a record that cannot be written costs only that line.
  try {
    const std::string line = std::to_string(now) + "\n" + fs::absolute(made.file, ec).string() + "\n";
    static_cast<void>(
        writeFileDurably(dataDir, pathOf(dataDir, kind).filename().string() + ".last-backup", crypto::asBytes(line), true));
  } catch (const std::exception&) {
  }
  return made;
}

std::optional<LastBackup> lastBackup(const fs::path& dataDir, StoreKind kind) {
  const fs::path record = dataDir / (pathOf(dataDir, kind).filename().string() + ".last-backup");
  std::error_code ec;
  if (!fs::is_regular_file(record, ec)) return std::nullopt;
  try {
    const crypto::Bytes bytes = readFileCapped(record, 8192, Msg::FileLastBackup);
    const std::string text(bytes.begin(), bytes.end());
    const auto nl = text.find('\n');
    if (nl == std::string::npos) return std::nullopt;
    LastBackup last;
    last.unixSeconds = std::stoll(text.substr(0, nl));
    std::string file = text.substr(nl + 1);
    while (!file.empty() && (file.back() == '\n' || file.back() == '\r')) file.pop_back();
    last.file = file;
    return last;
  } catch (const std::exception&) {
    return std::nullopt;  // unreadable or damaged: as if none were recorded
  }
}

namespace {
std::int64_t writtenAt(const fs::path& file) {
  std::error_code ec;
  const auto t = fs::last_write_time(file, ec);
  if (ec) return 0;
  const auto sys = std::chrono::file_clock::to_sys(t);
  return std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch()).count();
}
}  // namespace

namespace {
// RestorePlan's content stamp: the counters that change when data does.
std::string contentOf(store::Db& db, StoreKind kind) {
  auto q = db.query(kind == StoreKind::Coordinator
                        ? "SELECT (SELECT count(*) FROM bundle), (SELECT count(*) FROM record), "
                          "(SELECT coalesce(sum(revision + row_version), 0) FROM record), "
                          "(SELECT count(*) FROM device WHERE approved = 1), "
                          "(SELECT coalesce(sum(receipt_sequence), 0) FROM device), "
                          "(SELECT coalesce(max(forms_version), 0) FROM coordinator)"
                        : "SELECT change_counter, acked_through, next_sequence, 0, 0, 0 FROM sync_state");
  std::string stamp;
  if (q.next())
    for (int i = 0; i < 6; ++i) stamp += std::to_string(q.int64(i)) + ";";
  return stamp;
}
}  // namespace

RestorePlan planRestore(const fs::path& dataDir, const fs::path& backup, StoreKind kind) {
  const int known = kind == StoreKind::Coordinator ? coordinatorSchemaVersion() : store::deviceSchemaVersion();
  RestorePlan plan;
  plan.backup = store::checkBackup(backup, appIdOf(kind), known,
                                   [&](store::Db& db) { plan.backupContent = contentOf(db, kind); });
  plan.backupWritten = writtenAt(backup);
  const fs::path path = pathOf(dataDir, kind);
  plan.storeExists = hasStore(dataDir, kind);
  if (plan.storeExists) {
    fs::path wal = path;
    wal += "-wal";
    std::error_code ec;
    plan.storeWritten = std::max(writtenAt(path), fs::exists(wal, ec) ? writtenAt(wal) : std::int64_t{0});
    try {
      store::DbOptions options;
      options.create = false;
      store::Db db(path, options);
      plan.storeContent = contentOf(db, kind);
    } catch (const std::exception&) {
      plan.storeContent.clear();  // it does not open: the very case a backup is for
    }
  }
  return plan;
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
