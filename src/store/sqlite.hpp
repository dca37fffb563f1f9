#pragma once
// Small RAII types over SQLite (SQLiteCpp's pattern): Db owns a connection
// and a cache of prepared statements, Query steps through rows and resets its
// statement when it goes out of scope, Tx rolls back unless committed.
//
//   store::Db db("device.db");
//   {
//     store::Tx tx(db);
//     db.run("INSERT INTO t(a, b) VALUES (?, ?)", 1, "text");
//     tx.commit();                       // without this, the destructor rolls back
//   }
//   for (auto q = db.query("SELECT a, b FROM t WHERE a > ?", 0); q.next();)
//     use(q.int64(0), q.text(1));
//
// Every Db applies the settings Spor relies on (see docs/STORE.md): WAL with
// synchronous=FULL (a commit is on disk when it returns), foreign_keys=ON,
// secure_delete=ON, temp_store=MEMORY (no temporary files), cell_size_check=ON,
// trusted_schema=OFF. Statements are prepared once per connection and reused.
// Errors throw SqliteError with the file and the SQLite code in the message.
// A Db is used by one thread at a time.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "crypto/bytes.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace spor::store {

class Db;

// One prepared statement. Usually owned by the Db's cache and used through
// Db::run / Db::query; construct one directly only for one-off statements.
class Stmt {
 public:
  Stmt(Db& db, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Binds values to ?1, ?2, ... in order: integers (and bool), double,
  // text (std::string, std::string_view, const char*), blobs (anything that
  // converts to crypto::ByteView), std::nullopt / nullptr for NULL, and
  // std::optional of those. Values are copied into SQLite.
  template <class... Args>
  Stmt& bindAll(const Args&... args) {
    int index = 0;
    (bindOne(++index, args), ...);
    return *this;
  }

  // Steps once: true when a row is available, false when done.
  bool step();
  // Back to the start, bindings cleared. Never throws.
  void reset() noexcept;

  [[nodiscard]] bool isNull(int column) const;
  [[nodiscard]] std::int64_t int64(int column) const;
  [[nodiscard]] int int32(int column) const;  // throws when the value does not fit
  [[nodiscard]] double real(int column) const;
  [[nodiscard]] std::string text(int column) const;
  [[nodiscard]] crypto::Bytes blob(int column) const;
  [[nodiscard]] std::optional<std::int64_t> optInt64(int column) const;
  [[nodiscard]] std::optional<std::string> optText(int column) const;
  [[nodiscard]] std::optional<crypto::Bytes> optBlob(int column) const;

  [[nodiscard]] const std::string& sql() const { return sql_; }
  [[nodiscard]] bool inUse() const { return inUse_; }

 private:
  friend class Db;
  friend class Query;

  template <class T>
  struct IsOptional : std::false_type {};
  template <class T>
  struct IsOptional<std::optional<T>> : std::true_type {};

  template <class T>
  void bindOne(int index, const T& value) {
    if constexpr (std::is_same_v<T, std::nullopt_t> || std::is_same_v<T, std::nullptr_t>) {
      bindNull(index);
    } else if constexpr (IsOptional<T>::value) {
      if (value)
        bindOne(index, *value);
      else
        bindNull(index);
    } else if constexpr (std::is_same_v<T, bool>) {
      bindInt64(index, value ? 1 : 0);
    } else if constexpr (std::is_integral_v<T>) {
      bindInt64(index, static_cast<std::int64_t>(value));
    } else if constexpr (std::is_floating_point_v<T>) {
      bindDouble(index, static_cast<double>(value));
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
      bindText(index, std::string_view(value));
    } else if constexpr (std::is_convertible_v<const T&, crypto::ByteView>) {
      bindBlob(index, crypto::ByteView(value));
    } else {
      static_assert(sizeof(T) == 0, "Stmt::bindAll: unsupported type");
    }
  }

  void bindNull(int index);
  void bindInt64(int index, std::int64_t value);
  void bindDouble(int index, double value);
  void bindText(int index, std::string_view value);
  void bindBlob(int index, crypto::ByteView value);
  void check(int rc, const char* what) const;

  Db* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
  bool inUse_ = false;  // a Query is stepping through it
};

// Rows of one statement. Resets the statement when destroyed, so a cached
// statement is ready for the next use even when iteration stops early.
class Query {
 public:
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query();

  // Steps to the next row: false when there are no more.
  bool next() { return stmt_->step(); }

  [[nodiscard]] bool isNull(int column) const { return stmt_->isNull(column); }
  [[nodiscard]] std::int64_t int64(int column) const { return stmt_->int64(column); }
  [[nodiscard]] int int32(int column) const { return stmt_->int32(column); }
  [[nodiscard]] double real(int column) const { return stmt_->real(column); }
  [[nodiscard]] std::string text(int column) const { return stmt_->text(column); }
  [[nodiscard]] crypto::Bytes blob(int column) const { return stmt_->blob(column); }
  [[nodiscard]] std::optional<std::int64_t> optInt64(int column) const { return stmt_->optInt64(column); }
  [[nodiscard]] std::optional<std::string> optText(int column) const { return stmt_->optText(column); }
  [[nodiscard]] std::optional<crypto::Bytes> optBlob(int column) const { return stmt_->optBlob(column); }

 private:
  friend class Db;
  Query(Stmt& stmt, std::unique_ptr<Stmt> owned);

  Stmt* stmt_;
  std::unique_ptr<Stmt> owned_;  // set when the cached statement was busy
};

struct DbOptions {
  bool create = true;        // create the file when it does not exist (with mode 0600)
  int busyTimeoutMs = 5000;  // wait this long for another connection's write lock
};

class Db {
 public:
  explicit Db(const std::filesystem::path& path, const DbOptions& options = {});
  ~Db();
  // Statements point back at their Db, so a Db stays where it was made
  // (hold it in a std::unique_ptr to move it around).
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs one or more statements without parameters (schema scripts).
  void execScript(std::string_view sql);

  // Runs one statement to completion with the given parameters; returns the
  // number of rows it changed.
  template <class... Args>
  std::int64_t run(std::string_view sql, const Args&... args) {
    Query q = prepare(sql);
    q.stmt_->bindAll(args...);
    while (q.next()) {
    }
    return changes();
  }

  // Prepares (or reuses) `sql`, binds the parameters and returns the rows.
  template <class... Args>
  [[nodiscard]] Query query(std::string_view sql, const Args&... args) {
    Query q = prepare(sql);
    q.stmt_->bindAll(args...);
    return q;
  }

  // The first column of the first row, or nullopt when there is no row or it is NULL.
  template <class... Args>
  [[nodiscard]] std::optional<std::int64_t> queryInt(std::string_view sql, const Args&... args) {
    Query q = query(sql, args...);
    if (!q.next()) return std::nullopt;
    return q.optInt64(0);
  }

  [[nodiscard]] std::int64_t lastInsertRowId() const;
  [[nodiscard]] std::int64_t changes() const;
  // True inside BEGIN ... COMMIT (a Tx or a batch).
  [[nodiscard]] bool inTransaction() const;

  [[nodiscard]] int userVersion();
  void setUserVersion(int version);
  [[nodiscard]] std::uint32_t applicationId();
  void setApplicationId(std::uint32_t id);

  // PRAGMA integrity_check: "ok", or SQLite's list of problems.
  [[nodiscard]] std::string integrityCheck();

  // PRAGMA max_page_count: caps the file size (tests use it to make the disk "full").
  void setMaxPageCount(std::int64_t pages);
  [[nodiscard]] std::int64_t pageCount();

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  // The file name, as used in messages ("device.db").
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] sqlite3* handle() const { return db_; }

  // Throws the SqliteError (DiskFullError for SQLITE_FULL) for `rc`, with
  // `context` ("open 'device.db'", "INSERT INTO answer ...") in the message.
  [[noreturn]] void fail(int rc, std::string_view context) const;

 private:
  friend class Tx;
  Query prepare(std::string_view sql);

  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
  std::string name_;
  std::unordered_map<std::string, std::unique_ptr<Stmt>> cache_;
  int savepointDepth_ = 0;
};

// --- Atomic set-up (docs/STORE.md, "Set-up is all or nothing") --------------
//
// A new store is built under a temporary name beside its final one and moved
// into place only when it is complete, so a crash, a kill or a full disk
// during set-up never leaves a half-made store at the final name:
//
//   auto db = std::make_unique<Db>(setUpPath(path));   // "device.db.setup"
//   ... schema, keys, first rows, committed ...
//   db = publishSetUp(std::move(db), path);           // now at "device.db"

// The temporary name a store is built under: PATH.setup.
[[nodiscard]] std::filesystem::path setUpPath(const std::filesystem::path& path);
// Removes what an interrupted set-up of `path` left (setUpPath(path) with
// its -wal, -shm and -journal files). It never held data anyone entered: the
// store is moved into place before it is used. Returns whether there was any.
bool removeUnfinishedSetUp(const std::filesystem::path& path);
// Finishes a set-up: checkpoints and closes `db` (open at setUpPath(path)),
// flushes the file, renames it to `path` (refusing when `path` appeared
// meanwhile), flushes the folder so the new name survives a power cut, and
// returns `path` opened again.
[[nodiscard]] std::unique_ptr<Db> publishSetUp(std::unique_ptr<Db> db, const std::filesystem::path& path);

// A transaction: BEGIN IMMEDIATE (takes the write lock at once, so it never
// fails half-way for a lock), or a SAVEPOINT when one is already open, so
// Tx nests: an inner Tx that is not committed undoes only its own changes.
// The destructor rolls back unless commit() was called.
class Tx {
 public:
  explicit Tx(Db& db);
  ~Tx();
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;

  // COMMIT (durable when it returns) or RELEASE of the savepoint.
  void commit();
  [[nodiscard]] bool nested() const { return nested_; }

 private:
  Db& db_;
  bool nested_ = false;
  bool done_ = false;
  std::string savepoint_;
};

// The name of an SQLite result code: "SQLITE_FULL".
[[nodiscard]] const char* sqliteCodeName(int rc);

}  // namespace spor::store
