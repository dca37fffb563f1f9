#include "store/backup.hpp"

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>

#include <sqlite3.h>

#include "core/private_files.hpp"
#include "crypto/encoding.hpp"
#include "crypto/hash.hpp"
#include "crypto/random.hpp"
#include "store/error.hpp"
#include "store/migrate.hpp"

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <unistd.h>
#elif defined(_WIN32)
#include <io.h>
#endif

namespace spor::store {

namespace fs = std::filesystem;

namespace {

constexpr std::array<char, 16> kMagic = {'S', 'P', 'O', 'R', '-', 'B', 'A', 'C', 'K', 'U', 'P', '-', 'V', '1', 0, 0};
constexpr std::size_t kChecksumBytes = crypto::kHashBytes;
constexpr std::size_t kHeaderBytes = kMagic.size() + 4 + 4 + 8 + kChecksumBytes;  // 64
constexpr std::size_t kChunkBytes = 1 << 16;

[[noreturn]] void fail(BackupErrorKind kind, Msg code, std::vector<MessageArg> args) {
  throw BackupError(kind, Message(code, std::move(args)));
}

std::string pathText(const fs::path& p) {
  return p.string();
}

// Removes a temporary file (and the journal files SQLite may have left
// beside it) unless it was kept.
struct TempFile {
  fs::path path;
  bool keep = false;
  explicit TempFile(fs::path p) : path(std::move(p)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (keep) return;
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(fs::path(path.string() + suffix), ec);
  }
};

// A hidden name beside `target`, in the same folder (so a rename is atomic).
fs::path tempBeside(const fs::path& target, const char* what) {
  const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  return folder / ("." + target.filename().string() + "." + what + "-" + crypto::hex(crypto::randomBytes(6)));
}

void putU32(std::uint8_t* out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
void putU64(std::uint8_t* out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
std::uint32_t getU32(const std::uint8_t* in) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | in[i];
  return v;
}
std::uint64_t getU64(const std::uint8_t* in) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | in[i];
  return v;
}

// Flushes a written file to the disk.
bool syncFile(std::FILE* f) {
  if (std::fflush(f) != 0) return false;
#if defined(__unix__) || defined(__APPLE__)
  return ::fsync(::fileno(f)) == 0;
#elif defined(_WIN32)
  return ::_commit(::_fileno(f)) == 0;
#else
  return true;
#endif
}

// Makes a rename in `folder` survive a power cut.
void syncFolder(const fs::path& folder) {
#if defined(__unix__) || defined(__APPLE__)
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    static_cast<void>(::fsync(fd));
    ::close(fd);
  }
#else
  static_cast<void>(folder);
#endif
}

std::string reasonOf(int err) {
  if (err == ENOSPC) return "the disk or USB stick is full";
  if (err == EROFS) return "the disk or USB stick is read-only";
  if (err == EACCES || err == EPERM) return "there is no permission to write there";
  if (err == ENOENT) return "the folder does not exist";
  return std::strerror(err);
}

// Copies `db` into a new SQLite file `dest` with the online backup API.
void copyDatabase(Db& db, const fs::path& dest, const fs::path& target) {
  std::FILE* created = core::openPrivateCFile(dest);  // 0600 before a byte is written
  if (created == nullptr)
    fail(BackupErrorKind::WriteFailed, Msg::BackupWriteFailed, {{"path", pathText(target)}, {"reason", reasonOf(errno)}});
  std::fclose(created);
  sqlite3* out = nullptr;
  int rc = sqlite3_open_v2(dest.string().c_str(), &out, SQLITE_OPEN_READWRITE, nullptr);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> guard(out, sqlite3_close);
  if (rc == SQLITE_OK) {
    sqlite3_backup* backup = sqlite3_backup_init(out, "main", db.handle(), "main");
    if (backup == nullptr) {
      rc = sqlite3_errcode(out);
    } else {
      // One step copies everything under one read transaction: a consistent
      // snapshot. In WAL mode that blocks no writer; a busy source is retried.
      do {
        rc = sqlite3_backup_step(backup, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
      } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
      const int finished = sqlite3_backup_finish(backup);
      if (rc == SQLITE_DONE) rc = finished;
    }
  }
  if (rc != SQLITE_OK && rc != SQLITE_DONE) {
    const int primary = rc & 0xff;
    const std::string reason = primary == SQLITE_FULL ? "the disk or USB stick is full"
                               : primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN
                                   ? "it may not be written there"
                                   : std::string(sqliteCodeName(rc)) + ": " + sqlite3_errstr(rc);
    fail(BackupErrorKind::WriteFailed, Msg::BackupWriteFailed, {{"path", pathText(target)}, {"reason", reason}});
  }
}

std::uint64_t fileSize(const fs::path& p) {
  std::error_code ec;
  const auto n = fs::file_size(p, ec);
  return ec ? 0 : static_cast<std::uint64_t>(n);
}

// Writes the header and the database `dbFile` as `out`, fsynced.
void writeContainer(const fs::path& dbFile, const fs::path& out, const fs::path& target, std::uint32_t appId,
                    int schema) {
  const std::uint64_t length = fileSize(dbFile);
  crypto::Hasher hasher;
  {
    std::ifstream in(dbFile, std::ios::binary);
    std::vector<char> chunk(kChunkBytes);
    while (in) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      const auto n = static_cast<std::size_t>(in.gcount());
      if (n > 0) hasher.update(crypto::ByteView(reinterpret_cast<const std::uint8_t*>(chunk.data()), n));
    }
  }
  const crypto::Bytes checksum = hasher.final();

  std::array<std::uint8_t, kHeaderBytes> header{};
  std::memcpy(header.data(), kMagic.data(), kMagic.size());
  putU32(header.data() + 16, appId);
  putU32(header.data() + 20, static_cast<std::uint32_t>(schema));
  putU64(header.data() + 24, length);
  std::memcpy(header.data() + 32, checksum.data(), kChecksumBytes);

  std::FILE* f = core::openPrivateCFile(out);
  if (f == nullptr)
    fail(BackupErrorKind::WriteFailed, Msg::BackupWriteFailed, {{"path", pathText(target)}, {"reason", reasonOf(errno)}});
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(f, std::fclose);
  bool ok = std::fwrite(header.data(), 1, header.size(), f) == header.size();
  std::ifstream in(dbFile, std::ios::binary);
  std::vector<char> chunk(kChunkBytes);
  std::uint64_t copied = 0;
  while (ok && in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n > 0) ok = std::fwrite(chunk.data(), 1, n, f) == n;
    copied += n;
  }
  const int err = errno;
  if (!ok || copied != length || !syncFile(f))
    fail(BackupErrorKind::WriteFailed, Msg::BackupWriteFailed,
         {{"path", pathText(target)}, {"reason", reasonOf(err != 0 ? err : EIO)}});
  file.reset();
}

// The store's identity: its vault id (16 random bytes made at creation).
crypto::Bytes vaultIdOf(Db& db) {
  try {
    auto q = db.query("SELECT vault_id FROM vault_meta WHERE id = 1");
    if (q.next()) return q.blob(0);
  } catch (const SqliteError&) {
  }
  return {};
}

void checkKind(const fs::path& backup, std::uint32_t found, std::uint32_t expected) {
  if (found == expected) return;
  if (found == kDeviceStoreAppId)
    fail(BackupErrorKind::WrongKind, Msg::BackupIsDevice, {{"path", pathText(backup)}});
  fail(BackupErrorKind::WrongKind, Msg::BackupIsCoordinator, {{"path", pathText(backup)}});
}

// Checks `backup` and writes the database in it to `dbOut` (a new file).
BackupInfo extractChecked(const fs::path& backup, std::optional<std::uint32_t> expected,
                          std::optional<int> maxSchema, const fs::path& dbOut,
                          const std::function<void(Db&)>& inspect = {}) {
  const MessageArg where{"path", pathText(backup)};
  std::error_code ec;
  if (fs::is_directory(backup, ec)) fail(BackupErrorKind::NotFound, Msg::BackupNotFound, {where});
  std::ifstream in(backup, std::ios::binary);
  if (!in) fail(BackupErrorKind::NotFound, Msg::BackupNotFound, {where});
  std::array<std::uint8_t, kHeaderBytes> header{};
  in.read(reinterpret_cast<char*>(header.data()), static_cast<std::streamsize>(header.size()));
  const auto got = static_cast<std::size_t>(in.gcount());
  const std::size_t magicSeen = std::min(got, kMagic.size());
  if (got < kMagic.size() || std::memcmp(header.data(), kMagic.data(), magicSeen) != 0)
    fail(BackupErrorKind::NotBackup, Msg::BackupNotBackup, {where});
  if (got < kHeaderBytes) fail(BackupErrorKind::Damaged, Msg::BackupTruncated, {where});

  BackupInfo info;
  info.file = backup;
  info.applicationId = getU32(header.data() + 16);
  info.schemaVersion = static_cast<int>(getU32(header.data() + 20));
  info.databaseBytes = getU64(header.data() + 24);
  const crypto::Bytes stated(header.begin() + 32, header.end());
  info.checksum = crypto::hex(stated);
  if (info.applicationId != kDeviceStoreAppId && info.applicationId != kCoordinatorStoreAppId)
    fail(BackupErrorKind::NotBackup, Msg::BackupNotBackup, {where});
  if (expected) checkKind(backup, info.applicationId, *expected);
  if (maxSchema && info.schemaVersion > *maxSchema)
    fail(BackupErrorKind::TooNew, Msg::BackupTooNew,
         {where, {"found", info.schemaVersion}, {"known", *maxSchema}});
  const std::uint64_t size = fileSize(backup);
  if (size < kHeaderBytes + info.databaseBytes) fail(BackupErrorKind::Damaged, Msg::BackupTruncated, {where});
  if (size > kHeaderBytes + info.databaseBytes) fail(BackupErrorKind::Damaged, Msg::BackupChecksum, {where});

  // The database, copied out while its checksum is computed.
  {
    std::FILE* f = core::openPrivateCFile(dbOut);
    if (f == nullptr)
      fail(BackupErrorKind::WriteFailed, Msg::BackupWriteFailed,
           {{"path", pathText(dbOut)}, {"reason", reasonOf(errno)}});
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(f, std::fclose);
    crypto::Hasher hasher;
    std::vector<char> chunk(kChunkBytes);
    std::uint64_t copied = 0;
    bool ok = true;
    while (ok && in) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      const auto n = static_cast<std::size_t>(in.gcount());
      if (n == 0) break;
      hasher.update(crypto::ByteView(reinterpret_cast<const std::uint8_t*>(chunk.data()), n));
      ok = std::fwrite(chunk.data(), 1, n, f) == n;
      copied += n;
    }
    const int err = errno;
    if (!ok || !syncFile(f))
      fail(BackupErrorKind::WriteFailed, Msg::BackupWriteFailed,
           {{"path", pathText(dbOut)}, {"reason", reasonOf(err != 0 ? err : EIO)}});
    if (copied != info.databaseBytes) fail(BackupErrorKind::Damaged, Msg::BackupTruncated, {where});
    if (hasher.final() != stated) fail(BackupErrorKind::Damaged, Msg::BackupChecksum, {where});
  }

  // The database itself: it opens, SQLite finds nothing wrong, it is what the header says.
  try {
    DbOptions options;
    options.create = false;
    Db db(dbOut, options);
    const std::string check = db.integrityCheck();
    if (check != "ok")
      fail(BackupErrorKind::Damaged, Msg::BackupDatabaseDamaged, {where, {"detail", check.substr(0, 200)}});
    if (db.applicationId() != info.applicationId || db.userVersion() != info.schemaVersion)
      fail(BackupErrorKind::Damaged, Msg::BackupDatabaseDamaged,
           {where, {"detail", "its kind or version differs from the backup's header"}});
    if (inspect) inspect(db);
  } catch (const SqliteError& e) {
    fail(BackupErrorKind::Damaged, Msg::BackupDatabaseDamaged, {where, {"detail", e.what()}});
  }
  return info;
}

std::string stamp(std::int64_t unixSeconds, bool compact) {
  using namespace std::chrono;
  const sys_seconds t{seconds{unixSeconds}};
  const auto day = floor<days>(t);
  const year_month_day ymd(day);
  const hh_mm_ss<seconds> hms(t - day);
  char text[40];
  if (compact)
    std::snprintf(text, sizeof text, "%04d%02u%02u-%02d%02d%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
  else
    std::snprintf(text, sizeof text, "%04d-%02u-%02u-%02d%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()));
  return text;
}

std::int64_t nowSeconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string defaultBackupName(std::uint32_t applicationId, std::int64_t unixSeconds) {
  return std::string(applicationId == kDeviceStoreAppId ? "device" : "coordinator") + "-" +
         stamp(unixSeconds, false) + kBackupExtension;
}

BackupInfo writeBackup(Db& db, const fs::path& target) {
  std::error_code ec;
  if (fs::exists(target, ec) || fs::is_symlink(target, ec))
    fail(BackupErrorKind::Exists, Msg::BackupExists, {{"path", pathText(target)}});
  const std::uint32_t appId = db.applicationId();
  const int schema = db.userVersion();

  TempFile copy(tempBeside(target, "db"));
  copyDatabase(db, copy.path, target);
  TempFile container(tempBeside(target, "part"));
  writeContainer(copy.path, container.path, target, appId, schema);
  // A name that appeared meanwhile is not replaced (rename would).
  if (fs::exists(target, ec)) fail(BackupErrorKind::Exists, Msg::BackupExists, {{"path", pathText(target)}});
  fs::rename(container.path, target, ec);
  if (ec)
    fail(BackupErrorKind::WriteFailed, Msg::BackupWriteFailed,
         {{"path", pathText(target)}, {"reason", reasonOf(ec.value())}});
  container.keep = true;
  syncFolder(target.parent_path());

  // Read back what is on the disk now, as a restore would.
  try {
    return checkBackup(target, appId);
  } catch (const BackupError&) {
    fs::remove(target, ec);
    fail(BackupErrorKind::WriteFailed, Msg::BackupVerifyFailed, {{"path", pathText(target)}});
  }
}

BackupInfo checkBackup(const fs::path& backup, std::optional<std::uint32_t> expectedApplicationId,
                       std::optional<int> maxSchemaVersion, const std::function<void(Db&)>& inspect) {
  // The database is checked in a private temporary folder: the backup's own
  // folder (a USB stick) may be read-only, and nothing is left beside it.
  std::error_code ec;
  fs::path tmp = fs::temp_directory_path(ec);
  if (ec) tmp = ".";
  TempFile db(tmp / ("spor-check-" + crypto::hex(crypto::randomBytes(8)) + ".db"));
  return extractChecked(backup, expectedApplicationId, maxSchemaVersion, db.path, inspect);
}

RestoreResult restoreBackup(const fs::path& backup, const fs::path& storePath, std::uint32_t applicationId,
                            std::optional<int> maxSchemaVersion) {
  const fs::path folder = storePath.parent_path().empty() ? fs::path(".") : storePath.parent_path();
  std::error_code ec;
  core::createPrivateDirectories(folder, ec);
  if (ec)
    fail(BackupErrorKind::WriteFailed, Msg::BackupWriteFailed,
         {{"path", pathText(storePath)}, {"reason", reasonOf(ec.value())}});

  TempFile restored(tempBeside(storePath, "restore"));
  RestoreResult result;
  result.backup = extractChecked(backup, applicationId, maxSchemaVersion, restored.path);
  result.store = storePath;

  if (fs::exists(storePath, ec)) {
    crypto::Bytes backupId;
    {
      DbOptions options;
      options.create = false;
      Db db(restored.path, options);
      backupId = vaultIdOf(db);
    }
    // The store there now must be the same store (or one that no longer
    // opens: the very case a backup is for).
    std::optional<crypto::Bytes> currentId;
    std::uint32_t currentKind = 0;
    try {
      DbOptions options;
      options.create = false;
      Db db(storePath, options);
      currentKind = db.applicationId();
      currentId = vaultIdOf(db);
    } catch (const StoreError&) {
    }
    if (currentId && (currentKind != applicationId || currentId->empty() || *currentId != backupId))
      fail(BackupErrorKind::OtherStore, Msg::BackupOtherStore,
           {{"path", pathText(backup)}, {"store", pathText(storePath)}});

    // Keep what is there: renamed, never deleted (with its log, if one is left).
    const fs::path kept = fs::path(storePath.string() + ".before-restore-" + stamp(nowSeconds(), true));
    fs::rename(storePath, kept, ec);
    if (ec)
      fail(BackupErrorKind::WriteFailed, Msg::BackupWriteFailed,
           {{"path", pathText(storePath)}, {"reason", reasonOf(ec.value())}});
    for (const char* suffix : {"-wal", "-shm"}) {
      const fs::path side(storePath.string() + suffix);
      if (fs::exists(side, ec)) fs::rename(side, fs::path(kept.string() + suffix), ec);
    }
    result.keptAs = kept;
  }
  fs::rename(restored.path, storePath, ec);
  if (ec) {
    std::error_code ignored;
    if (result.keptAs) fs::rename(*result.keptAs, storePath, ignored);  // put it back
    fail(BackupErrorKind::WriteFailed, Msg::BackupWriteFailed,
         {{"path", pathText(storePath)}, {"reason", reasonOf(ec.value())}});
  }
  restored.keep = true;
  syncFolder(folder);
  return result;
}

}  // namespace spor::store
