#pragma once
// Backing up and restoring the stores in a data folder: the one use case
// `spor backup` / `spor restore` and the app share (store/backup.hpp does
// the work on one database file).
//
// A device's data is backed up above all by its bundles: whatever the
// coordinator has imported is in the coordinator's store, and so in its
// backups. A backup of a device's store keeps what was not yet sent.
#include <filesystem>
#include <cstdint>
#include <optional>

#include "store/backup.hpp"

namespace spor::sync {

enum class StoreKind { Coordinator, Device };

// The kinds of store in `dataDir` (coordinator.db, device.db).
[[nodiscard]] bool hasStore(const std::filesystem::path& dataDir, StoreKind kind);

// Backs up the store of `kind` in `dataDir` while it may be in use. `out` is
// a folder (the file gets store::defaultBackupName) or the new file's path.
// Throws store::BackupError (NoStore when there is no such store).
store::BackupInfo backupStore(const std::filesystem::path& dataDir, StoreKind kind, const std::filesystem::path& out);

// The last backup backupStore made of the store of `kind` in `dataDir`
// (recorded beside the store, DIR/coordinator.db.last-backup: when, and the
// file), so the app can say how long ago it was. nullopt: none recorded.
struct LastBackup {
  std::int64_t unixSeconds = 0;
  std::filesystem::path file;
};
[[nodiscard]] std::optional<LastBackup> lastBackup(const std::filesystem::path& dataDir, StoreKind kind);

// What a restore of `backup` into `dataDir` would do, checked first
// (store::checkBackup: the kind, a newer Spor, a damaged file; throws
// store::BackupError) and changing nothing: whether a store is in place, and
// whether it was written after the backup was made, so a newer store is
// never replaced without saying so (the app asks; restoreStore keeps it
// beside the restored one either way).
struct RestorePlan {
  store::BackupInfo backup;
  std::int64_t backupWritten = 0;  // the backup file's time, unix seconds
  bool storeExists = false;
  std::int64_t storeWritten = 0;  // the store's last write (its file or its write-ahead log), unix seconds
  // What each holds, by its counters (bundles imported, records and their
  // revisions, approvals, receipts and form versions; a tablet's change
  // counter and sync state): an unlock writes its try counter to the store
  // but changes none of these, so a store only opened since the backup is
  // not called newer.
  std::string backupContent;
  std::string storeContent;  // empty when the store does not open
  [[nodiscard]] bool storeIsNewer() const {
    return storeExists && storeWritten > backupWritten && storeContent != backupContent;
  }
};
[[nodiscard]] RestorePlan planRestore(const std::filesystem::path& dataDir, const std::filesystem::path& backup,
                                      StoreKind kind);

// Restores `backup` into `dataDir`: as the kind of store the backup holds,
// or refused when `kind` is given and the backup is of the other kind. Close
// the app first: the store must not be open while it is replaced. The store
// that was there is kept beside it (store::restoreBackup says how).
store::RestoreResult restoreStore(const std::filesystem::path& dataDir, const std::filesystem::path& backup,
                                  std::optional<StoreKind> kind = std::nullopt);

}  // namespace spor::sync
