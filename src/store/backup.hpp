#pragma once
// Backups of a store (the coordinator's, which holds the whole programme, or
// a device's): a consistent copy taken with SQLite's online backup API while
// the store may be in use, in one file that carries its own checksum, checked
// after it is written, and restored only after the same checks.
//
// The copy is the store's own pages, so it stays encrypted exactly as the
// store is: every answer, name and secret key is a sealed column under the
// data key, which only a PIN, the passphrase or the recovery key opens. A
// backup needs no secret to be made or restored.
//
// A backup file (NAME.sporbackup), little-endian:
//
//   magic      16 bytes  "SPOR-BACKUP-V1\0\0"
//   app id      4 bytes  the store's application_id (SPRC coordinator, SPRD device)
//   schema      4 bytes  the store's user_version
//   length      8 bytes  of the database that follows
//   checksum   32 bytes  BLAKE2b-256 of the database bytes
//   database   length bytes, an SQLite file
//
//   store::Db db(coordinatorStorePath(dir), {.create = false});
//   const BackupInfo made = writeBackup(db, "/media/usb/coordinator-2026-12-07.sporbackup");
//   ...
//   const RestoreResult r = restoreBackup(made.file, coordinatorStorePath(dir), kCoordinatorStoreAppId);
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "messages/message.hpp"
#include "store/sqlite.hpp"

namespace spor::store {

inline constexpr const char* kBackupExtension = ".sporbackup";

// What a backup file is.
struct BackupInfo {
  std::filesystem::path file;
  std::uint32_t applicationId = 0;  // kDeviceStoreAppId or kCoordinatorStoreAppId
  int schemaVersion = 0;
  std::uint64_t databaseBytes = 0;
  std::string checksum;  // BLAKE2b-256 of the database, hex
};

// Why a backup was refused or could not be made. Each says what is wrong
// and what to do; nothing was changed (the store, and any existing file).
enum class BackupErrorKind {
  NotFound,     // the backup (or the store to back up) does not exist or cannot be read
  NotBackup,    // not a Spor backup file
  Damaged,      // checksum, length or the database inside does not hold
  WrongKind,    // a backup of another kind of store (a device's where a coordinator's is restored)
  OtherStore,   // a backup of another store of the same kind (another coordinator, another tablet)
  TooNew,       // made by a newer Spor
  Exists,       // the target file exists already
  WriteFailed,  // the disk or stick is full, read-only, ...
};

class BackupError : public Error {
 public:
  BackupError(BackupErrorKind kind, Message message) : Error(std::move(message)), kind_(kind) {}
  [[nodiscard]] BackupErrorKind kind() const noexcept { return kind_; }

 private:
  BackupErrorKind kind_;
};

// The file name a backup gets when only a folder is chosen:
// "coordinator-2026-12-07-0130.sporbackup" (UTC), or "device-..." .
[[nodiscard]] std::string defaultBackupName(std::uint32_t applicationId, std::int64_t unixSeconds);

// Copies the database `db` (open, possibly being written by others: the
// backup API restarts on their commits) to the new file `target`, which must
// not exist, then checks what was written (checkBackup). The file appears
// whole or not at all (a temporary file, fsync, rename). Throws BackupError.
BackupInfo writeBackup(Db& db, const std::filesystem::path& target);

// Checks a backup file without changing anything: the header, the length,
// the checksum, and the database inside (it opens, PRAGMA integrity_check is
// "ok", its application id is the header's). With `expectedApplicationId`,
// a backup of another kind of store is refused. `maxSchemaVersion` (when
// given) refuses a backup made by a newer Spor. `inspect`, when given, is
// called on the checked database inside before it is removed (to read what
// it holds, RestorePlan's content stamp). Throws BackupError.
BackupInfo checkBackup(const std::filesystem::path& backup,
                       std::optional<std::uint32_t> expectedApplicationId = std::nullopt,
                       std::optional<int> maxSchemaVersion = std::nullopt,
                       const std::function<void(Db&)>& inspect = {});

struct RestoreResult {
  BackupInfo backup;
  std::filesystem::path store;                 // where it was put
  std::optional<std::filesystem::path> keptAs;  // the store it replaced, kept beside it, never deleted
};

// Puts a checked backup in place as `storePath` (which no one may have open).
// Refused (BackupError, nothing changed) when the backup fails checkBackup,
// is of another kind than `applicationId`, or when a store is at `storePath`
// already and the backup is of another store (its vault id differs): that
// store is someone else's data. A store that is there is kept, renamed to
// "STORE.before-restore-YYYYMMDD-HHMMSS", so a restore loses nothing newer.
RestoreResult restoreBackup(const std::filesystem::path& backup, const std::filesystem::path& storePath,
                            std::uint32_t applicationId, std::optional<int> maxSchemaVersion = std::nullopt);

}  // namespace spor::store
