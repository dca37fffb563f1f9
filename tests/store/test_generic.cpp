// The generic layer the device and coordinator stores share: Db/Stmt/Tx,
// migrations, encrypted columns and the vault. Error messages are part of
// the contract (CHECK_THROWS_WITH_AS).
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <doctest/doctest.h>

#if defined(__unix__)
#include <unistd.h>
#endif
#include <fstream>

#include <fstream>

#include "crypto/aead.hpp"
#include "crypto/box.hpp"
#include "store/error.hpp"
#include "store/migrate.hpp"
#include "store/sealed.hpp"
#include "store/sqlite.hpp"
#include "store/vault.hpp"
#include "tests/store/store_fixture.hpp"

using namespace spor;
using namespace spor::store;
using doctest::Contains;
using spor::test::FakeClock;
using spor::test::TempDir;
namespace fs = std::filesystem;

namespace {

Schema testSchema(int steps) {
  Schema s{kCoordinatorStoreAppId, "test store", {}};
  for (int v = 1; v <= steps; ++v) {
    s.steps.push_back({v, "step " + std::to_string(v), [v](Db& db) {
                         db.execScript("CREATE TABLE t" + std::to_string(v) + "(x INTEGER) STRICT");
                       }});
  }
  return s;
}

VaultOptions fastVault(const FakeClock& clock) {
  VaultOptions o;
  o.kdf = crypto::KdfParams::testFast();
  o.clock = clock.clock();
  return o;
}

// A database with just the vault's tables.
struct VaultDb {
  TempDir dir{"vault"};
  std::unique_ptr<Db> db = std::make_unique<Db>(dir.path / "v.db");
  VaultDb() {
    migrate(*db, Schema{kCoordinatorStoreAppId, "test store", {{1, "vault", [](Db& d) { Vault::createTables(d); }}}});
  }
};

}  // namespace

TEST_SUITE("store") {

TEST_CASE("Db applies Spor's settings to every connection") {
  TempDir dir("pragmas");
  Db db(dir.path / "x.db");
  auto text = [&](const char* pragma) {
    auto q = db.query(pragma);
    REQUIRE(q.next());
    return q.text(0);
  };
  CHECK(text("PRAGMA journal_mode") == "wal");
  CHECK(text("PRAGMA synchronous") == "2");  // FULL
  CHECK(text("PRAGMA foreign_keys") == "1");
  CHECK(text("PRAGMA secure_delete") == "1");
  CHECK(text("PRAGMA temp_store") == "2");  // MEMORY
  CHECK(text("PRAGMA cell_size_check") == "1");
#if defined(__unix__)
  CHECK((fs::status(dir.path / "x.db").permissions() & (fs::perms::group_all | fs::perms::others_all)) ==
        fs::perms::none);
#endif
}

TEST_CASE("Db errors name the file and the SQLite code") {
  TempDir dir("errors");
  SUBCASE("a file that is not a database") {
    const fs::path path = dir.path / "notes.db";
    std::ofstream(path) << "this is not a database, just some text that is long enough to be read as a header....";
    const std::string raw = "open '" + path.string() + "': SQLITE_NOTADB (26): file is not a database";
    CHECK_THROWS_WITH_AS(Db(path), Contains(raw.c_str()), SqliteError);
    // Named, with what to do, in both languages.
    try {
      Db db(path);
      FAIL("opened");
    } catch (const SqliteError& e) {
      CHECK(e.message().code == Msg::StoreNotADatabase);
      CHECK(render(e.message(), Lang::En).find("Check that '" + dir.path.string() + "' is Spor's data folder") !=
            std::string::npos);
      CHECK(render(e.message(), Lang::Da).find("Intet er ændret") != std::string::npos);
    }
  }
  SUBCASE("a damaged page is SQLITE_CORRUPT, named as damage with what to do") {
    const fs::path path = dir.path / "x.db";
    {
      Db db(path);
      db.execScript("CREATE TABLE t(a TEXT); PRAGMA wal_checkpoint(TRUNCATE);");
      for (int i = 0; i < 400; ++i) db.run("INSERT INTO t(a) VALUES (?)", std::string(200, 'x'));
    }
    {
      // Garble the header of the second page (the table's root).
      std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(4096);
      const std::string junk(64, '\xff');
      f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    Db db(path);
    try {
      static_cast<void>(db.queryInt("SELECT count(*) FROM t WHERE a <> ''"));
      FAIL("read a damaged table");
    } catch (const SqliteError& e) {
      CHECK(e.code() == 11);
      CHECK(e.message().code == Msg::StoreCorrupt);
      CHECK(std::string(e.what()).find("SQLITE_CORRUPT (11)") != std::string::npos);
      CHECK(std::string(e.what()).find("contact the coordinator") != std::string::npos);
    }
  }
#if defined(__unix__)
  SUBCASE("a read-only data folder is SQLITE_CANTOPEN, with what to do") {
    const fs::path path = dir.path / "x.db";
    { Db db(path); db.execScript("CREATE TABLE t(a)"); }
    fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec);
    if (::geteuid() != 0) {
      try {
        Db db(path);
        static_cast<void>(db.queryInt("SELECT count(*) FROM t"));
        FAIL("opened in a read-only folder");
      } catch (const SqliteError& e) {
        CHECK(e.message().code == Msg::StoreCannotOpen);
        CHECK(std::string(e.what()).find("Make '" + dir.path.string() + "' writable") != std::string::npos);
      }
    }
    fs::permissions(dir.path, fs::perms::owner_all);
  }
#endif
  SUBCASE("a missing file when not creating") {
    const fs::path path = dir.path / "missing.db";
    SPOR_CHECK_ALL_UNCHANGED(path, (dir.path),
                             CHECK_THROWS_WITH_AS(Db(path, DbOptions{.create = false}),
                                                  ("open '" + path.string() +
                                                   "': SQLITE_CANTOPEN (14): unable to open database file")
                                                      .c_str(),
                                                  SqliteError));
  }
  SUBCASE("a bad statement") {
    Db db(dir.path / "x.db");
    CHECK_THROWS_WITH_AS(db.run("INSERT INTO nowhere VALUES (1)"),
                         "'x.db': INSERT INTO nowhere VALUES (1): SQLITE_ERROR (1): no such table: nowhere",
                         SqliteError);
  }
  SUBCASE("a STRICT table refuses the wrong type") {
    Db db(dir.path / "x.db");
    db.execScript("CREATE TABLE t(n INTEGER NOT NULL) STRICT");
    CHECK_THROWS_WITH_AS(db.run("INSERT INTO t(n) VALUES (?)", "seven"),
                         Contains("SQLITE_CONSTRAINT (19): cannot store TEXT value in INTEGER column t.n"),
                         SqliteError);
  }
}

TEST_CASE("Tx rolls back unless committed and nests as a savepoint") {
  TempDir dir("tx");
  Db db(dir.path / "x.db");
  db.execScript("CREATE TABLE t(n INTEGER NOT NULL) STRICT");
  const auto count = [&] { return db.queryInt("SELECT count(*) FROM t").value(); };
  {
    Tx tx(db);
    db.run("INSERT INTO t(n) VALUES (?)", 1);
  }
  CHECK(count() == 0);
  {
    Tx tx(db);
    db.run("INSERT INTO t(n) VALUES (?)", 1);
    {
      Tx inner(db);
      CHECK(inner.nested());
      db.run("INSERT INTO t(n) VALUES (?)", 2);
    }  // inner rolled back only
    {
      Tx inner(db);
      db.run("INSERT INTO t(n) VALUES (?)", 3);
      inner.commit();
    }
    tx.commit();
  }
  CHECK(count() == 2);
  CHECK(db.queryInt("SELECT sum(n) FROM t").value() == 4);
  CHECK_FALSE(db.inTransaction());
}

TEST_CASE("cached statements can be used while an outer query on the same SQL is open") {
  TempDir dir("reentrant");
  Db db(dir.path / "x.db");
  db.execScript("CREATE TABLE t(n INTEGER NOT NULL) STRICT; INSERT INTO t VALUES (1), (2), (3);");
  int pairs = 0;
  for (auto outer = db.query("SELECT n FROM t WHERE n >= ?", 1); outer.next();)
    for (auto inner = db.query("SELECT n FROM t WHERE n >= ?", outer.int64(0)); inner.next();) ++pairs;
  CHECK(pairs == 6);
  // Binding every supported type.
  db.execScript("CREATE TABLE v(a INTEGER, b REAL, c TEXT, d BLOB) STRICT");
  const crypto::Bytes blob{1, 2, 3};
  db.run("INSERT INTO v VALUES (?, ?, ?, ?)", std::optional<int>(), 2.5, std::string("x"), blob);
  auto q = db.query("SELECT a, b, c, d FROM v");
  REQUIRE(q.next());
  CHECK(q.isNull(0));
  CHECK(q.real(1) == 2.5);
  CHECK(q.text(2) == "x");
  CHECK(q.blob(3) == blob);
}

TEST_CASE("the disk filling up gives a message that says nothing saved before was lost") {
  TempDir dir("full");
  Db db(dir.path / "x.db");
  db.execScript("CREATE TABLE t(b BLOB NOT NULL) STRICT");
  db.run("INSERT INTO t VALUES (?)", crypto::Bytes(100, 7));
  db.setMaxPageCount(db.pageCount());
  CHECK_THROWS_WITH_AS(
      [&] {
        for (int i = 0; i < 100; ++i) {
          Tx tx(db);
          db.run("INSERT INTO t VALUES (?)", crypto::Bytes(4000, 7));
          tx.commit();
        }
      }(),
      "'x.db': the disk is full (SQLITE_FULL (13): database or disk is full): this change was not saved, and "
      "everything saved before it is safe; free some space on the device and try again",
      DiskFullError);
  CHECK(db.queryInt("SELECT count(*) FROM t").value() >= 1);
  CHECK(db.integrityCheck() == "ok");
}

TEST_CASE("migrations run from an empty file once and refuse newer and foreign files") {
  TempDir dir("migrate");
  const fs::path path = dir.path / "m.db";
  {
    Db db(path);
    CHECK(migrate(db, testSchema(2)) == 0);
    CHECK(db.userVersion() == 2);
    CHECK(db.applicationId() == kCoordinatorStoreAppId);
    CHECK(migrate(db, testSchema(3)) == 2);  // only step 3 runs
    CHECK(db.userVersion() == 3);
    CHECK(db.queryInt("SELECT count(*) FROM sqlite_schema WHERE name IN ('t1', 't2', 't3')").value() == 3);
  }
  SUBCASE("a newer schema than the build knows") {
    Db db(path);
    SPOR_CHECK_UNCHANGED(path, CHECK_THROWS_WITH_AS(migrate(db, testSchema(2)),
                                                    "'m.db' has schema version 3, but this Spor knows test store "
                                                    "versions up to 2: it was written by a newer Spor. Update Spor on "
                                                    "this device; nothing was changed",
                                                    SchemaTooNewError));
    CHECK(db.userVersion() == 3);
  }
  SUBCASE("another kind of Spor database") {
    Db db(path);
    Schema device = testSchema(1);
    device.applicationId = kDeviceStoreAppId;
    device.kind = "device store";
    SPOR_CHECK_UNCHANGED(path, CHECK_THROWS_WITH_AS(migrate(db, device),
                                                    "'m.db' is a Spor coordinator store, not a device store: check "
                                                    "the data directory; nothing was changed",
                                                    WrongDatabaseError));
  }
  SUBCASE("some other SQLite database") {
    Db other(dir.path / "other.db");
    other.execScript("CREATE TABLE photos(x INTEGER)");
    SPOR_CHECK_UNCHANGED(dir.path / "other.db",
                         CHECK_THROWS_WITH_AS(migrate(other, testSchema(1)),
                                              "'other.db' is not a Spor test store (it is some other SQLite database): "
                                              "check the data directory; nothing was changed",
                                              WrongDatabaseError));
  }
}

TEST_CASE("a sealed column opens only in its own place and version") {
  ColumnCipher cipher(crypto::newKey());
  const std::string uuid = "1b4e28ba-2fa1-4d2b-883f-0016d3cca427";
  const Cell cell{"child", uuid, "nickname", 1, "child K7-4QX9"};
  const crypto::Bytes sealed = cipher.sealText(cell, "Mads");
  CHECK(cipher.openText(cell, sealed) == "Mads");

  const char* expected =
      "cannot decrypt child K7-4QX9, column nickname: the stored value was changed or damaged, or copied from another "
      "row or an older version of this one; nothing was changed. Restore the database from a good copy, or ask the "
      "coordinator for help";
  SUBCASE("another row") {
    CHECK_THROWS_WITH_AS(cipher.openText({"child", "00000000-0000-4000-8000-000000000000", "nickname", 1, "child K7-4QX9"}, sealed),
                         expected, TamperedError);
  }
  SUBCASE("another column") {
    CHECK_THROWS_WITH_AS(cipher.openText({"child", uuid, "nickname", 1, "child K7-4QX9"}, cipher.sealText({"child", uuid, "notes", 1}, "x")),
                         expected, TamperedError);
  }
  SUBCASE("an older version of the row") {
    CHECK_THROWS_WITH_AS(cipher.openText({"child", uuid, "nickname", 2, "child K7-4QX9"}, sealed), expected,
                         TamperedError);
  }
  SUBCASE("a flipped bit") {
    crypto::Bytes bad = sealed;
    bad[30] ^= 1;
    CHECK_THROWS_WITH_AS(cipher.openText(cell, bad), expected, TamperedError);
  }
  SUBCASE("lengths say little: integers are 8 bytes, text is padded to 16") {
    CHECK(cipher.sealInt(cell, 1).size() == cipher.sealInt(cell, 1'000'000).size());
    CHECK(cipher.sealText(cell, "Al").size() == cipher.sealText(cell, "Alexandra").size());
    CHECK(cipher.sealText(cell, "").size() == 16 + crypto::kSealOverheadBytes);
    CHECK(cipher.openInt(cell, cipher.sealInt(cell, -42)) == -42);
    CHECK(unpadText(padText("")) == "");
    CHECK(unpadText(padText(std::string(16, 'x'))) == std::string(16, 'x'));
  }
}

TEST_CASE("PINs and passphrases must be hard enough to guess") {
  CHECK(checkNewSecret("204913") == SecretKind::Pin);
  CHECK(checkNewSecret("correct horse") == SecretKind::Passphrase);
  CHECK_THROWS_WITH_AS(checkNewSecret("2049"),
                       "a PIN needs at least 6 digits (this one has 4); choose a longer one, or a passphrase of at "
                       "least 8 characters",
                       InvalidRequestError);
  CHECK_THROWS_WITH_AS(checkNewSecret("123456"),
                       "a PIN of one repeated digit or a straight run (like 123456) is the first thing anyone tries; "
                       "choose another",
                       InvalidRequestError);
  CHECK_THROWS_WITH_AS(checkNewSecret("000000"), Contains("one repeated digit"), InvalidRequestError);
  CHECK_THROWS_WITH_AS(checkNewSecret("abc"),
                       "a PIN must be digits only, at least 6 of them; a passphrase must have at least 8 characters "
                       "(this one has 3)",
                       InvalidRequestError);
}

TEST_CASE("the lock-out delay grows from 30 seconds by doubling up to an hour") {
  const LockoutPolicy p;
  CHECK(p.delayAfter(4).count() == 0);
  CHECK(p.delayAfter(5).count() == 30);
  CHECK(p.delayAfter(6).count() == 60);
  CHECK(p.delayAfter(7).count() == 120);
  CHECK(p.delayAfter(12).count() == 3600);
  CHECK(p.delayAfter(100).count() == 3600);
  CHECK(describeDuration(std::chrono::seconds(30)) == "30 seconds");
  CHECK(describeDuration(std::chrono::seconds(61)) == "1 minute 1 second");
  CHECK(describeDuration(std::chrono::seconds(3600)) == "1 hour");
}

TEST_CASE("the vault unlocks with the right secret only and counts wrong ones in the file") {
  VaultDb v;
  FakeClock clock;
  Vault vault(*v.db, fastVault(clock));
  CHECK_FALSE(vault.initialised());
  const crypto::SecretBytes key = vault.initialise("anna", "204913");
  CHECK(vault.initialised());
  // A right secret leaves the lock-out row as it was: a successful unlock
  // changes nothing in the file (a refusal after it, such as an output that
  // cannot be written, must leave the store byte-identical).
  const auto meta = [&] {
    auto q = v.db->query("SELECT failures, locked_until, last_attempt FROM vault_meta WHERE id = 1");
    REQUIRE(q.next());
    return std::to_string(q.int64(0)) + "/" + std::to_string(q.int64(1)) + "/" + std::to_string(q.int64(2));
  };
  const std::string untouched = meta();
  clock.advance(std::chrono::seconds(5));
  CHECK(vault.unlock("anna", "204913").equals(key));
  CHECK(meta() == untouched);

  CHECK_THROWS_WITH_AS(vault.unlock("anna", "999999"),
                       "wrong PIN or passphrase (1 wrong try in a row): check it and try again", WrongSecretError);
  CHECK_THROWS_WITH_AS(vault.unlock("anna", "999999"),
                       "wrong PIN or passphrase (2 wrong tries in a row): check it and try again", WrongSecretError);
  CHECK_THROWS_WITH_AS(vault.unlock("anna", "999999"),
                       "wrong PIN or passphrase (3 wrong tries in a row): after 2 more, Spor makes you wait 30 "
                       "seconds between tries",
                       WrongSecretError);
  CHECK(vault.lockout().failures == 3);
  CHECK_FALSE(vault.lockout().lockedOut());
  // A right secret resets the count.
  CHECK(vault.unlock("anna", "204913").equals(key));
  CHECK(vault.lockout().failures == 0);
  SPOR_CHECK_UNCHANGED(v.dir.path / "v.db", CHECK_THROWS_WITH_AS(vault.unlock("bo", "204913"),
                                                                  "no one called 'bo' can unlock this store",
                                                                  NotFoundError));

  SUBCASE("five wrong tries lock it for 30 seconds, then 60, and the right secret is not even tried meanwhile") {
    for (int i = 1; i <= 4; ++i) CHECK_THROWS_AS(vault.unlock("anna", "999999"), WrongSecretError);
    CHECK_THROWS_WITH_AS(vault.unlock("anna", "999999"),
                         "wrong PIN or passphrase (5 wrong tries in a row): wait 30 seconds before the next try",
                         WrongSecretError);
    CHECK(vault.lockout().remaining.count() == 30);
    CHECK_THROWS_WITH_AS(vault.unlock("anna", "204913"),
                         "too many wrong PINs in a row (5): wait 30 seconds before trying again", LockedOutError);
    clock.advance(std::chrono::seconds(20));
    try {
      (void)vault.unlock("anna", "204913");
      FAIL("unlocked while locked out");
    } catch (const LockedOutError& e) {
      CHECK(e.remaining().count() == 10);
    }
    clock.advance(std::chrono::seconds(10));
    CHECK_THROWS_WITH_AS(vault.unlock("anna", "999999"),
                         "wrong PIN or passphrase (6 wrong tries in a row): wait 1 minute before the next try",
                         WrongSecretError);
    clock.advance(std::chrono::seconds(60));
    CHECK(vault.unlock("anna", "204913").equals(key));
  }

  SUBCASE("setting the clock back does not shorten the wait") {
    for (int i = 1; i <= 5; ++i) CHECK_THROWS_AS(vault.unlock("anna", "999999"), WrongSecretError);
    clock.advance(-std::chrono::hours(24));
    CHECK(vault.lockout().remaining.count() == 30);
  }
}

TEST_CASE("the vault keeps a wrap per principal with its own parameters and raises weak ones") {
  VaultDb v;
  FakeClock clock;
  Vault vault(*v.db, fastVault(clock));
  const crypto::SecretBytes key = vault.initialise("anna", "204913");
  vault.setSecret(key, "bo", "a long passphrase");
  CHECK(vault.unlock("bo", "a long passphrase").equals(key));
  CHECK(vault.wraps().size() == 2);
  CHECK(vault.wraps()[1].kind == SecretKind::Passphrase);

  // Changing a secret: the old one stops working.
  vault.setSecret(key, "anna", "591327");
  CHECK_THROWS_AS(vault.unlock("anna", "204913"), WrongSecretError);
  CHECK(vault.unlock("anna", "591327").equals(key));

  // Stronger parameters apply at the next unlock.
  VaultOptions stronger = fastVault(clock);
  stronger.kdf = {2, 16384};
  Vault raised(*v.db, stronger);
  CHECK(raised.unlock("anna", "591327").equals(key));
  CHECK(raised.wraps()[0].kdf == crypto::KdfParams{2, 16384});
  CHECK(vault.unlock("anna", "591327").equals(key));  // parameters come from the wrap

  // A wrap's parameters are bound to it: lowering them in the file breaks it,
  // and its check names that as damage, not as a wrong PIN (nothing counted).
  v.db->run("UPDATE vault_wrap SET ops_limit = 1 WHERE principal = 'anna'");
  SPOR_CHECK_UNCHANGED(v.dir.path / "v.db", CHECK_THROWS_AS(vault.unlock("anna", "591327"), WrapDamagedError));
  CHECK(vault.lockout().failures == 0);

  vault.removePrincipal("bo");
  CHECK_FALSE(vault.hasPrincipal("bo"));
}

TEST_CASE("the recovery copy opens only with the coordinator's recovery key and only for this vault") {
  VaultDb v;
  FakeClock clock;
  Vault vault(*v.db, fastVault(clock));
  const crypto::SecretBytes key = vault.initialise("anna", "204913");
  SPOR_CHECK_UNCHANGED(v.dir.path / "v.db",
                       CHECK_THROWS_WITH_AS(vault.recover(crypto::generateBoxKey()),
                                            "'v.db' has no recovery copy of its key: it cannot be recovered",
                                            NotFoundError));
  const crypto::BoxKeyPair recovery = crypto::generateBoxKey();
  vault.sealRecoveryCopy(key, recovery.publicKey);
  CHECK(vault.recoveryRecipient() == recovery.publicKey);
  CHECK(vault.recover(recovery).equals(key));
  SPOR_CHECK_UNCHANGED(v.dir.path / "v.db",
                       CHECK_THROWS_WITH_AS(vault.recover(crypto::generateBoxKey()),
                                            "the recovery copy in 'v.db' was sealed to a different recovery key: use "
                                            "the coordinator recovery key this device was enrolled with",
                                            TamperedError));
  // A copy moved here from another vault is refused.
  VaultDb other;
  Vault otherVault(*other.db, fastVault(clock));
  const crypto::SecretBytes otherKey = otherVault.initialise("anna", "204913");
  otherVault.sealRecoveryCopy(otherKey, recovery.publicKey);
  crypto::Bytes foreign;
  {
    auto q = other.db->query("SELECT sealed FROM vault_recovery");
    REQUIRE(q.next());
    foreign = q.blob(0);
  }
  v.db->run("UPDATE vault_recovery SET sealed = ?", foreign);
  SPOR_CHECK_UNCHANGED(v.dir.path / "v.db",
                       CHECK_THROWS_WITH_AS(vault.recover(recovery),
                                            "the recovery copy in 'v.db' belongs to another store: it cannot be used "
                                            "here",
                                            TamperedError));
}

}  // TEST_SUITE
