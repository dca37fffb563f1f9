// Backups of a store (store/backup.hpp): written with the online backup API
// while the store is open, still encrypted, checked after writing, and
// restored only after the same checks. Every refusal leaves the store and
// the backup byte-identical.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <map>
#include <iterator>
#include <sstream>

#include "crypto/hash.hpp"
#include "store/backup.hpp"
#include "store/error.hpp"
#include "store/migrate.hpp"
#include "tests/store/store_fixture.hpp"

using namespace spor;
using namespace spor::store;
using spor::test::DeviceFixture;
using spor::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void spit(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

BackupErrorKind kindOf(const std::function<void()>& f, Msg expected) {
  try {
    f();
  } catch (const BackupError& e) {
    CHECK(e.message().code == expected);
    return e.kind();
  }
  FAIL("no BackupError");
  return BackupErrorKind::NotFound;
}

// Every file in `dir` (names and bytes), to prove nothing changed.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) files[e.path().filename().string()] = slurp(e.path());
  return files;
}

void addChild(DeviceStore& s, const std::string& nickname) {
  s.addChild({.details = {.nickname = nickname,
                          .birthYear = 2014,
                          .gender = Gender::Girl,
                          .projectId = "strom",
                          .interventions = {core::Intervention::Individual}},
              .enrolledOn = std::nullopt});
}

// A backup file around `db` (the format in backup.hpp), its checksum right.
std::string container(const std::string& header, const std::string& db) {
  std::string out = header.substr(0, 24);
  for (int i = 0; i < 8; ++i) out += static_cast<char>((static_cast<std::uint64_t>(db.size()) >> (8 * i)) & 0xff);
  const crypto::Bytes sum = crypto::hash(crypto::asBytes(db));
  out.append(reinterpret_cast<const char*>(sum.data()), sum.size());
  return out + db;
}

}  // namespace

TEST_SUITE("store") {

TEST_CASE("a backup of an open device store is a checked, encrypted copy that restores to the same data") {
  DeviceFixture f("backup");
  f.childWithConsent("strom", "Frederikke-Sommerfugl");
  TempDir out("backup-out");
  const fs::path file = out.path / defaultBackupName(kDeviceStoreAppId, 1'796'000'000);
  CHECK(file.filename().string().rfind("device-", 0) == 0);

  // Written while the store is open and unlocked (its connection holds the WAL).
  const BackupInfo made = writeBackup(f.store().database(), file);
  CHECK(made.applicationId == kDeviceStoreAppId);
  CHECK(made.schemaVersion == f.store().database().userVersion());
  CHECK(made.checksum.size() == 64);
  CHECK(fs::exists(file));
  // Only the backup is left in the folder: no temporary files.
  CHECK(snapshot(out.path).size() == 1);
#if defined(__unix__)
  CHECK((fs::status(file).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
#endif
  // Still encrypted: the nickname is nowhere in the file.
  CHECK(slurp(file).find("Frederikke-Sommerfugl") == std::string::npos);
  CHECK(checkBackup(file, kDeviceStoreAppId).checksum == made.checksum);

  // A second backup never replaces the first.
  const std::string before = slurp(file);
  CHECK(kindOf([&] { static_cast<void>(writeBackup(f.store().database(), file)); }, Msg::BackupExists) ==
        BackupErrorKind::Exists);
  CHECK(slurp(file) == before);

  // Restored where the store was lost: the same child opens with the same PIN.
  TempDir elsewhere("backup-restore");
  const fs::path target = deviceStorePath(elsewhere.path / "data");
  const RestoreResult r = restoreBackup(file, target, kDeviceStoreAppId);
  CHECK_FALSE(r.keptAs);
  DeviceStore restored = DeviceStore::open(target, spor::test::fastOptions(f.clock));
  restored.unlock(restored.volunteers().front().id, spor::test::kPin);
  REQUIRE(restored.children().size() == 1);
  CHECK(restored.children().front().details.nickname == "Frederikke-Sommerfugl");
}

TEST_CASE("restoring over the same store keeps the store that was there, renamed, never deleted") {
  TempDir dir("backup-same");
  spor::test::FakeClock clock;
  const fs::path path = deviceStorePath(dir.path);
  TempDir out("backup-same-out");
  const fs::path file = out.path / "device.sporbackup";
  {
    CreatedDevice created = DeviceStore::create(path, {"Anna", spor::test::kPin, std::nullopt},
                                                spor::test::fastOptions(clock));
    addChild(created.store, "Mads");
    static_cast<void>(writeBackup(created.store.database(), file));
    addChild(created.store, "Ida");  // newer than the backup
  }  // closed: no one may have the store open during a restore
  const std::string current = slurp(path);

  const RestoreResult r = restoreBackup(file, path, kDeviceStoreAppId);
  REQUIRE(r.keptAs);
  CHECK(slurp(*r.keptAs) == current);  // the newer data is still there, beside it
  CHECK(r.keptAs->filename().string().rfind("device.db.before-restore-", 0) == 0);
  DeviceStore restored = DeviceStore::open(path, spor::test::fastOptions(clock));
  restored.unlock(restored.volunteers().front().id, spor::test::kPin);
  CHECK(restored.children().size() == 1);
}

TEST_CASE("a wrong, damaged or other store's backup is refused and changes nothing") {
  DeviceFixture f("backup-bad");
  f.childWithConsent();
  TempDir out("backup-bad-out");
  const fs::path good = out.path / "good.sporbackup";
  static_cast<void>(writeBackup(f.store().database(), good));
  const std::string goodBytes = slurp(good);

  // The store a restore would replace: another device's, closed.
  TempDir other("backup-bad-other");
  const fs::path otherStore = deviceStorePath(other.path);
  {
    spor::test::FakeClock clock;
    static_cast<void>(DeviceStore::create(otherStore, {"Bo", "583920", std::nullopt}, spor::test::fastOptions(clock)));
  }
  const auto before = snapshot(other.path);

  auto restore = [&](const fs::path& backup) {
    return [&, backup] { static_cast<void>(restoreBackup(backup, otherStore, kDeviceStoreAppId)); };
  };

  SUBCASE("another tablet's backup") {
    CHECK(kindOf(restore(good), Msg::BackupOtherStore) == BackupErrorKind::OtherStore);
  }
  SUBCASE("a missing file") {
    CHECK(kindOf(restore(out.path / "nope.sporbackup"), Msg::BackupNotFound) == BackupErrorKind::NotFound);
  }
  SUBCASE("a folder") {
    CHECK(kindOf(restore(out.path), Msg::BackupNotFound) == BackupErrorKind::NotFound);
  }
  SUBCASE("not a backup: the store file itself") {
    CHECK(kindOf(restore(f.store().database().path()), Msg::BackupNotBackup) == BackupErrorKind::NotBackup);
  }
  SUBCASE("an empty file") {
    spit(out.path / "empty.sporbackup", "");
    CHECK(kindOf(restore(out.path / "empty.sporbackup"), Msg::BackupNotBackup) == BackupErrorKind::NotBackup);
  }
  SUBCASE("cut off while copied") {
    spit(out.path / "cut.sporbackup", goodBytes.substr(0, goodBytes.size() - 1000));
    CHECK(kindOf(restore(out.path / "cut.sporbackup"), Msg::BackupTruncated) == BackupErrorKind::Damaged);
    spit(out.path / "cut.sporbackup", goodBytes.substr(0, 40));
    CHECK(kindOf(restore(out.path / "cut.sporbackup"), Msg::BackupTruncated) == BackupErrorKind::Damaged);
  }
  SUBCASE("one byte changed anywhere in the database") {
    for (const std::size_t at : {std::size_t{64 + 20}, goodBytes.size() / 2, goodBytes.size() - 1}) {
      std::string bad = goodBytes;
      bad[at] = static_cast<char>(bad[at] ^ 0x01);
      spit(out.path / "flipped.sporbackup", bad);
      CHECK(kindOf(restore(out.path / "flipped.sporbackup"), Msg::BackupChecksum) == BackupErrorKind::Damaged);
    }
  }
  SUBCASE("bytes added at the end") {
    spit(out.path / "long.sporbackup", goodBytes + "x");
    CHECK(kindOf(restore(out.path / "long.sporbackup"), Msg::BackupChecksum) == BackupErrorKind::Damaged);
  }
  SUBCASE("a damaged database with a checksum that fits it") {
    // Every page after the first overwritten in part: the header and the
    // checksum hold, SQLite's integrity check does not.
    std::string db = goodBytes.substr(64);
    for (std::size_t page = 4096; page < db.size(); page += 4096)
      for (std::size_t i = page + 8; i < page + 100; ++i) db[i] = '\x5a';
    spit(out.path / "damaged.sporbackup", container(goodBytes, db));
    CHECK(kindOf(restore(out.path / "damaged.sporbackup"), Msg::BackupDatabaseDamaged) == BackupErrorKind::Damaged);

    // writeBackup copies whatever the connection reads, so a damaged store
    // is caught by the check after writing, and no file is left.
    // Here only an index's leaf page is damaged (its cell pointers), so the
    // database still opens and only SQLite's check finds it.
    std::string lastPage = goodBytes.substr(64);
    std::size_t indexPage = 0;
    for (std::size_t page = 4096; page < lastPage.size(); page += 4096)
      if (indexPage == 0 && lastPage[page] == '\x0a') indexPage = page;  // the first (the last may be free)
    REQUIRE(indexPage > 0);
    for (std::size_t i = indexPage + 8; i < indexPage + 40; ++i) lastPage[i] = '\x5a';
    TempDir scratch("backup-bad-db");
    spit(scratch.path / "x.db", lastPage);
    Db raw(scratch.path / "x.db", DbOptions{false, 100});
    CHECK_THROWS_AS(static_cast<void>(raw.integrityCheck()), SqliteError);  // SQLite sees the damage
    const fs::path made = out.path / "from-damaged.sporbackup";
    CHECK(kindOf([&] { static_cast<void>(writeBackup(raw, made)); }, Msg::BackupVerifyFailed) ==
          BackupErrorKind::WriteFailed);
    CHECK_FALSE(fs::exists(made));
  }
  SUBCASE("a backup of the coordinator's store where a tablet's is restored") {
    std::string bad = goodBytes;
    bad[16] = 'C';  // the header's application id: SPRD -> SPRC (little-endian "DRPS" -> "CRPS")
    spit(out.path / "kind.sporbackup", bad);
    CHECK(kindOf(restore(out.path / "kind.sporbackup"), Msg::BackupIsCoordinator) == BackupErrorKind::WrongKind);
    CHECK(kindOf([&] { static_cast<void>(checkBackup(good, kCoordinatorStoreAppId)); }, Msg::BackupIsDevice) ==
          BackupErrorKind::WrongKind);
  }
  SUBCASE("made by a newer Spor") {
    const int schema = checkBackup(good).schemaVersion;
    CHECK(kindOf([&] { static_cast<void>(restoreBackup(good, otherStore, kDeviceStoreAppId, schema - 1)); },
                 Msg::BackupTooNew) == BackupErrorKind::TooNew);
  }
  CHECK(snapshot(other.path) == before);
  CHECK(slurp(good) == goodBytes);
}

TEST_CASE("a backup to a folder that does not exist says so and leaves nothing") {
  DeviceFixture f("backup-nofolder");
  TempDir out("backup-nofolder-out");
  const fs::path target = out.path / "missing" / "x.sporbackup";
  CHECK(kindOf([&] { static_cast<void>(writeBackup(f.store().database(), target)); }, Msg::BackupWriteFailed) ==
        BackupErrorKind::WriteFailed);
  CHECK_FALSE(fs::exists(out.path / "missing"));
  CHECK(snapshot(out.path).empty());
}

}  // TEST_SUITE
