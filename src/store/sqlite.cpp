#include "store/sqlite.hpp"

#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>

#include <sqlite3.h>

#include "store/error.hpp"

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <unistd.h>
#endif

namespace spor::store {

namespace {

// SQLITE_TRANSIENT without the old-style cast in its macro: SQLite copies
// the value before the bind call returns. SQLite defines it as the pointer -1.
// NOLINTNEXTLINE(performance-no-int-to-ptr)
const sqlite3_destructor_type kTransient = reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));

// The start of a statement, for messages: enough to recognise it.
std::string shortSql(std::string_view sql) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    const bool ws = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= 60) return out + "...";
  }
  return out;
}

// Creates the file readable by its owner only before SQLite opens it; SQLite
// gives the -wal and -shm files the same permissions.
void createPrivateFile(const std::filesystem::path& path) {
#if defined(__unix__) || defined(__APPLE__)
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return;
  const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
    // If this fails, sqlite3_open_v2 reports the reason with the path.
#else
  static_cast<void>(path);
#endif
}

}  // namespace

const char* sqliteCodeName(int rc) {
  switch (rc & 0xff) {
    case SQLITE_OK: return "SQLITE_OK";
    case SQLITE_ERROR: return "SQLITE_ERROR";
    case SQLITE_INTERNAL: return "SQLITE_INTERNAL";
    case SQLITE_PERM: return "SQLITE_PERM";
    case SQLITE_ABORT: return "SQLITE_ABORT";
    case SQLITE_BUSY: return "SQLITE_BUSY";
    case SQLITE_LOCKED: return "SQLITE_LOCKED";
    case SQLITE_NOMEM: return "SQLITE_NOMEM";
    case SQLITE_READONLY: return "SQLITE_READONLY";
    case SQLITE_INTERRUPT: return "SQLITE_INTERRUPT";
    case SQLITE_IOERR: return "SQLITE_IOERR";
    case SQLITE_CORRUPT: return "SQLITE_CORRUPT";
    case SQLITE_NOTFOUND: return "SQLITE_NOTFOUND";
    case SQLITE_FULL: return "SQLITE_FULL";
    case SQLITE_CANTOPEN: return "SQLITE_CANTOPEN";
    case SQLITE_PROTOCOL: return "SQLITE_PROTOCOL";
    case SQLITE_SCHEMA: return "SQLITE_SCHEMA";
    case SQLITE_TOOBIG: return "SQLITE_TOOBIG";
    case SQLITE_CONSTRAINT: return "SQLITE_CONSTRAINT";
    case SQLITE_MISMATCH: return "SQLITE_MISMATCH";
    case SQLITE_MISUSE: return "SQLITE_MISUSE";
    case SQLITE_NOLFS: return "SQLITE_NOLFS";
    case SQLITE_AUTH: return "SQLITE_AUTH";
    case SQLITE_RANGE: return "SQLITE_RANGE";
    case SQLITE_NOTADB: return "SQLITE_NOTADB";
    default: return "SQLITE_UNKNOWN";
  }
}

// --- Stmt -------------------------------------------------------------------

Stmt::Stmt(Db& db, std::string_view sql) : db_(&db), sql_(sql) {
  const int rc = sqlite3_prepare_v3(db.handle(), sql_.data(), static_cast<int>(sql_.size()), SQLITE_PREPARE_PERSISTENT,
                                    &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    db.fail(rc, shortSql(sql_));
  }
}

Stmt::~Stmt() {
  sqlite3_finalize(stmt_);
}

void Stmt::check(int rc, const char* what) const {
  if (rc != SQLITE_OK) db_->fail(rc, std::string(what) + " for " + shortSql(sql_));
}

void Stmt::bindNull(int index) {
  check(sqlite3_bind_null(stmt_, index), "bind");
}
void Stmt::bindInt64(int index, std::int64_t value) {
  check(sqlite3_bind_int64(stmt_, index, value), "bind");
}
void Stmt::bindDouble(int index, double value) {
  check(sqlite3_bind_double(stmt_, index, value), "bind");
}
void Stmt::bindText(int index, std::string_view value) {
  check(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), kTransient, SQLITE_UTF8), "bind");
}
void Stmt::bindBlob(int index, crypto::ByteView value) {
  // A zero-length blob is still a blob, not NULL: give SQLite a valid pointer.
  static const std::uint8_t empty = 0;
  check(sqlite3_bind_blob64(stmt_, index, value.empty() ? &empty : value.data(), value.size(), kTransient), "bind");
}

bool Stmt::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_->fail(rc, shortSql(sql_));
}

void Stmt::reset() noexcept {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Stmt::isNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
std::int64_t Stmt::int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}
int Stmt::int32(int column) const {
  const std::int64_t v = int64(column);
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
    throw StoreError(db_->name() + ": value " + std::to_string(v) + " in column " + std::to_string(column) + " of " +
                     shortSql(sql_) + " is out of range; the database is damaged");
  return static_cast<int>(v);
}
double Stmt::real(int column) const {
  return sqlite3_column_double(stmt_, column);
}
std::string Stmt::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  const int n = sqlite3_column_bytes(stmt_, column);
  if (p == nullptr) return {};
  return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)};
}
crypto::Bytes Stmt::blob(int column) const {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  const int n = sqlite3_column_bytes(stmt_, column);
  if (p == nullptr) return {};
  return {p, p + n};
}
std::optional<std::int64_t> Stmt::optInt64(int column) const {
  if (isNull(column)) return std::nullopt;
  return int64(column);
}
std::optional<std::string> Stmt::optText(int column) const {
  if (isNull(column)) return std::nullopt;
  return text(column);
}
std::optional<crypto::Bytes> Stmt::optBlob(int column) const {
  if (isNull(column)) return std::nullopt;
  return blob(column);
}

// --- Query ------------------------------------------------------------------

Query::Query(Stmt& stmt, std::unique_ptr<Stmt> owned) : stmt_(&stmt), owned_(std::move(owned)) {
  stmt_->inUse_ = true;
}

Query::Query(Query&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)), owned_(std::move(other.owned_)) {}

Query::~Query() {
  if (stmt_ == nullptr) return;
  stmt_->reset();
  stmt_->inUse_ = false;
}

// --- Db ---------------------------------------------------------------------

Db::Db(const std::filesystem::path& path, const DbOptions& options) : path_(path), name_(path.filename().string()) {
  if (options.create) createPrivateFile(path);
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (options.create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.string().c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = std::string("open '") + path.string() + "': " + sqliteCodeName(rc) + " (" +
                          std::to_string(rc) + "): " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
    sqlite3_close(db_);
    db_ = nullptr;
    throw SqliteError(message, rc & 0xff);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, options.busyTimeoutMs);
  try {
    // journal_mode is the first statement that reads the file, so a file
    // that is not a database fails here, with the "open" context.
    const auto mode = [&] {
      sqlite3_stmt* st = nullptr;
      int r = sqlite3_prepare_v2(db_, "PRAGMA journal_mode=WAL", -1, &st, nullptr);
      std::string result;
      if (r == SQLITE_OK) r = sqlite3_step(st);
      if (r == SQLITE_ROW) result = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      sqlite3_finalize(st);
      if (r != SQLITE_ROW) fail(r, "open '" + path.string() + "'");
      return result;
    }();
    if (mode != "wal")
      throw StoreError("open '" + path.string() + "': cannot switch to write-ahead logging (journal mode is '" + mode +
                       "'); the file system may not support it: keep the data directory on the device's own storage");
    execScript(
        "PRAGMA synchronous=FULL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA secure_delete=ON;"
        "PRAGMA temp_store=MEMORY;"
        "PRAGMA cell_size_check=ON;"
        "PRAGMA trusted_schema=OFF;");
  } catch (...) {
    cache_.clear();
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

Db::~Db() {
  cache_.clear();  // finalize statements before closing
  // The last connection to close checkpoints the WAL into the main file and
  // removes the -wal and -shm files.
  sqlite3_close(db_);
}

void Db::fail(int rc, std::string_view context) const {
  const int primary = rc & 0xff;
  const std::string detail = std::string(sqliteCodeName(rc)) + " (" + std::to_string(primary) +
                             "): " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
  if (primary == SQLITE_FULL) {
    throw DiskFullError("'" + name_ + "': the disk is full (" + detail +
                            "): this change was not saved, and everything saved before it is safe; free some space on "
                            "the device and try again",
                        primary);
  }
  if (context.rfind("open ", 0) == 0) throw SqliteError(std::string(context) + ": " + detail, primary);
  throw SqliteError("'" + name_ + "': " + std::string(context) + ": " + detail, primary);
}

void Db::execScript(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);  // sqlite3_errmsg() still has it for fail()
  if (rc != SQLITE_OK) fail(rc, shortSql(sql));
}

Query Db::prepare(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it == cache_.end()) it = cache_.emplace(std::move(key), std::make_unique<Stmt>(*this, sql)).first;
  // The cached statement is being stepped by an outer query: use a fresh one.
  if (it->second->inUse()) {
    auto owned = std::make_unique<Stmt>(*this, sql);
    Stmt& s = *owned;
    return Query(s, std::move(owned));
  }
  return Query(*it->second, nullptr);
}

std::int64_t Db::lastInsertRowId() const {
  return sqlite3_last_insert_rowid(db_);
}
std::int64_t Db::changes() const {
  return sqlite3_changes64(db_);
}
bool Db::inTransaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

int Db::userVersion() {
  return static_cast<int>(queryInt("PRAGMA user_version").value_or(0));
}
void Db::setUserVersion(int version) {
  execScript("PRAGMA user_version=" + std::to_string(version));
}
std::uint32_t Db::applicationId() {
  return static_cast<std::uint32_t>(queryInt("PRAGMA application_id").value_or(0));
}
void Db::setApplicationId(std::uint32_t id) {
  // SQLite stores it as a signed 32-bit integer.
  execScript("PRAGMA application_id=" + std::to_string(static_cast<std::int32_t>(id)));
}

std::string Db::integrityCheck() {
  std::string out;
  for (auto q = query("PRAGMA integrity_check"); q.next();) out += (out.empty() ? "" : "\n") + q.text(0);
  return out;
}

void Db::setMaxPageCount(std::int64_t pages) {
  execScript("PRAGMA max_page_count=" + std::to_string(pages));
}
std::int64_t Db::pageCount() {
  return queryInt("PRAGMA page_count").value_or(0);
}

// --- Tx ---------------------------------------------------------------------

Tx::Tx(Db& db) : db_(db), nested_(db.inTransaction()) {
  if (nested_) {
    savepoint_ = "spor_sp" + std::to_string(++db_.savepointDepth_);
    try {
      db_.execScript("SAVEPOINT " + savepoint_);
    } catch (...) {
      --db_.savepointDepth_;
      throw;
    }
  } else {
    db_.execScript("BEGIN IMMEDIATE");
  }
}

Tx::~Tx() {
  if (!done_) {
    // SQLite may already have rolled the whole transaction back itself (after
    // SQLITE_FULL or an I/O error); then there is nothing left to undo.
    if (db_.inTransaction()) {
      if (nested_) {
        sqlite3_exec(db_.handle(), ("ROLLBACK TO " + savepoint_ + "; RELEASE " + savepoint_).c_str(), nullptr, nullptr,
                     nullptr);
      } else {
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
      }
    }
  }
  if (nested_) --db_.savepointDepth_;
}

void Tx::commit() {
  if (done_) return;
  if (nested_) {
    if (!db_.inTransaction())
      throw StoreError("'" + db_.name() + "': the enclosing transaction was rolled back after an earlier error");
    db_.execScript("RELEASE " + savepoint_);
  } else {
    db_.execScript("COMMIT");
  }
  done_ = true;
}

// --- atomic set-up -----------------------------------------------------------

std::filesystem::path setUpPath(const std::filesystem::path& path) {
  return std::filesystem::path(path.string() + ".setup");
}

bool removeUnfinishedSetUp(const std::filesystem::path& path) {
  const std::string temp = setUpPath(path).string();
  bool any = false;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::error_code ec;
    if (std::filesystem::remove(temp + suffix, ec)) any = true;
  }
  return any;
}

namespace {

// Flushes `path` (a file or a folder) to the disk; a no-op where the system
// has no such call for folders.
void flushToDisk(const std::filesystem::path& path, bool folder) {
#if defined(__unix__) || defined(__APPLE__)
  const int fd = ::open(path.c_str(), (folder ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int error = errno;
    if (fd >= 0) ::close(fd);
    throw StoreError("cannot flush '" + path.string() + "' to the disk: " + std::strerror(error) +
                     "; nothing was set up. Check the disk, then try again");
  }
  ::close(fd);
#else
  static_cast<void>(path);
  static_cast<void>(folder);
#endif
}

}  // namespace

std::unique_ptr<Db> publishSetUp(std::unique_ptr<Db> db, const std::filesystem::path& path) {
  const std::filesystem::path temp = db->path();
  // Everything into the main file, so the -wal file that stays behind under
  // the temporary name holds nothing.
  db->execScript("PRAGMA wal_checkpoint(TRUNCATE)");
  db.reset();
  flushToDisk(temp, false);
  std::error_code ec;
  if (std::filesystem::exists(path, ec))
    throw InvalidRequestError("'" + path.string() + "' appeared while it was being set up: open it instead");
  std::filesystem::rename(temp, path, ec);
  if (ec)
    throw StoreError("cannot move the new store into place as '" + path.string() + "': " + ec.message() +
                     "; nothing was set up. Check the folder's permissions, then try again");
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(temp.string() + suffix, ec);
  flushToDisk(path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path(), true);
  return std::make_unique<Db>(path, DbOptions{.create = false});
}

}  // namespace spor::store
