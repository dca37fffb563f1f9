// The coordinator's job over the stores: receipts written back to the USB
// stick the bundles came on (writeReceiptsBack), and a backup of the
// coordinator's store, taken between imports while the store is open,
// restoring to a store with the same records (sync/store_backup.hpp).
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <doctest/doctest.h>

#include <deque>
#include <fstream>
#include <iterator>
#include <sstream>

#include "../store/store_fixture.hpp"
#include "tests/sync/coordinator_fixture.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "sync/errors.hpp"
#include "sync/store_backup.hpp"

using namespace spor;
using namespace spor::sync;
namespace fs = std::filesystem;

namespace {

using test::kPassphrase;

using test::fastCoordinator;

// Makes the folder, for a member initialiser that needs it to exist.
fs::path made(const fs::path& dir) {
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A coordinator and tablets enrolled with it, each with one finished measurement.
struct Office {
  test::TempDir dir{"coordjob"};
  test::FakeClock clock;
  fs::path coordDir = made(dir.path / "coord");
  CoordinatorStore coordinator = CoordinatorStore::create(coordinatorStorePath(coordDir), "Frivilligcenter Aarhus",
                                                          kPassphrase, fastCoordinator(clock));
  std::deque<store::CreatedDevice> tablets;  // references to its elements stay valid
  fs::path usb = dir.path / "usb";

  Office() { fs::create_directories(usb); }

  store::DeviceStore& addTablet(const std::string& name) {
    const Enrolment e = readEnrolment(coordinator.enrolmentFile(), "enrolment");
    tablets.push_back(enrolDevice(dir.path / name, e, "Anna", test::kPin, test::fastOptions(clock)));
    store::DeviceStore& d = tablets.back().store;
    const auto child = d.addChild({.details = {.nickname = name,
                                               .birthYear = 2014,
                                               .gender = store::Gender::Girl,
                                               .projectId = "strom",
                                               .interventions = {core::Intervention::Individual}},
                                   .enrolledOn = std::nullopt});
    d.recordConsent(child, {.givenBy = "mor", .givenOn = std::chrono::floor<std::chrono::days>(*clock.now)});
    const auto& form = test::bundledForms().primaryChildForm();
    const auto m = d.startMeasurement(child, form, core::Occasion::Before);
    for (int i = 0; i < 4; ++i) d.answer(m, form.items[static_cast<std::size_t>(i)].id, 1 + i % 4);
    d.finishMeasurement(m, test::bundledForms());
    return d;
  }
  fs::path exportFrom(store::DeviceStore& d, const fs::path& folder) {
    const auto r = exportBundle(d, folder, "spor test");
    REQUIRE(r.has_value());
    return r->bundle.path;
  }
  void approve(store::DeviceStore& d, const fs::path& bundle) {
    CHECK_THROWS_AS(coordinator.importBundleFile(bundle), SyncError);
    static_cast<void>(coordinator.approveDevice(d.device().deviceId));
  }
};

}  // namespace

TEST_SUITE("sync") {

TEST_CASE("receipts: after importing a stick, each device's receipt is written back to it in one step") {
  Office o;
  store::DeviceStore& a = o.addTablet("Asta");
  store::DeviceStore& b = o.addTablet("Bodil");
  store::DeviceStore& c = o.addTablet("Cecilie");  // never approved: its bundle is refused
  const fs::path bundleA = o.exportFrom(a, o.usb);
  const fs::path bundleB = o.exportFrom(b, o.usb);
  const fs::path bundleC = o.exportFrom(c, o.usb);
  o.approve(a, bundleA);
  o.approve(b, bundleB);

  const std::vector<ImportOutcome> outcomes = importBundles(o.coordinator, bundlesIn(o.usb));
  REQUIRE(outcomes.size() == 3);
  const std::vector<WrittenReceipt> written = writeReceiptsBack(o.coordinator, outcomes);
  REQUIRE(written.size() == 2);  // none for the refused device
  for (const WrittenReceipt& w : written) {
    CHECK(w.file.parent_path() == o.usb);
    CHECK(w.throughSequence == 1);
    CHECK(fs::exists(w.file));
  }
  // In the order of the bundles on the stick (by file name).
  const bool aFirst = bundleA.filename() < bundleB.filename();
  const WrittenReceipt& forA = written[aFirst ? 0 : 1];
  const WrittenReceipt& forB = written[aFirst ? 1 : 0];
  CHECK(forA.device.str() == a.device().deviceId);
  CHECK(forB.device.str() == b.device().deviceId);

  // Back at the tablets: each applies its own receipt from the stick, and
  // refuses the other tablet's.
  const std::string other = slurp(forB.file);
  SPOR_CHECK_ALL_UNCHANGED(store::deviceStorePath(o.dir.path / "Asta"), (forB.file),
                           CHECK_THROWS_AS(applyReceiptFile(a, forB.file, std::nullopt), SyncError));
  CHECK(slurp(forB.file) == other);
  CHECK(applyReceiptFile(a, forA.file, std::nullopt).throughSequence == 1);
  CHECK(applyReceiptFile(b, forB.file, std::nullopt).throughSequence == 1);
  CHECK(a.syncStatus().unacknowledgedRecords == 0);
  CHECK(c.syncStatus().unacknowledgedRecords > 0);

  SUBCASE("importing the same stick again writes newer receipts, never over the old ones") {
    const auto again = writeReceiptsBack(o.coordinator, importBundles(o.coordinator, bundlesIn(o.usb)));
    REQUIRE(again.size() == 2);
    CHECK(again[0].device == written[0].device);
    CHECK(again[0].receiptSequence == written[0].receiptSequence + 1);
    CHECK(again[0].file != written[0].file);
    CHECK(fs::exists(written[0].file));
  }
  SUBCASE("a stick that cannot be written says so; what was imported stays") {
    const std::size_t records = o.coordinator.records().size();
    fs::remove_all(o.usb);  // the stick was pulled out
    std::vector<ImportOutcome> stale = outcomes;
    // Nothing changed: the receipt's number was not used up by a file that could not be written.
    SPOR_CHECK_UNCHANGED(coordinatorStorePath(o.coordDir),
                         CHECK_THROWS_AS(writeReceiptsBack(o.coordinator, stale), SyncError));
    CHECK(o.coordinator.records().size() == records);
    fs::create_directories(o.usb);  // the stick is back: the next receipts follow on without a gap
    const auto again = writeReceiptsBack(o.coordinator, stale);
    REQUIRE(again.size() == 2);
    CHECK(again[0].receiptSequence == written[0].receiptSequence + 1);
    CHECK(again[1].receiptSequence == written[1].receiptSequence + 1);
  }
}

// A walkthrough: a backup just taken, the app only unlocked since, and the
// restore warned that the store had changed after it (the unlock writes its
// try counter, so the file's time moved). Newer means holding more.
TEST_CASE("restore plan: a store only opened and unlocked since the backup is not newer and one with an import is") {
  Office o;
  store::DeviceStore& a = o.addTablet("Asta");
  const fs::path first = o.exportFrom(a, o.usb);
  o.approve(a, first);
  static_cast<void>(o.coordinator.importBundleFile(first));
  const fs::path backups = o.dir.path / "backups";
  fs::create_directories(backups);
  const store::BackupInfo backup = backupStore(o.coordDir, StoreKind::Coordinator, backups);
  const fs::path storePath = coordinatorStorePath(o.coordDir);
  const auto later = [&] {  // the store's file written an hour after the backup
    const auto t = fs::last_write_time(backup.file) + std::chrono::hours(1);
    fs::last_write_time(storePath, t);
    fs::path wal = storePath;
    wal += "-wal";
    if (fs::exists(wal)) fs::last_write_time(wal, t);
  };

  {  // opened and unlocked again, as the app does at its next start
    CoordinatorStore again = CoordinatorStore::open(storePath, fastCoordinator(o.clock));
    again.unlock(kPassphrase);
  }
  later();
  const RestorePlan opened = planRestore(o.coordDir, backup.file, StoreKind::Coordinator);
  CHECK(opened.storeExists);
  CHECK(opened.storeWritten > opened.backupWritten);
  CHECK_FALSE(opened.storeContent.empty());
  CHECK(opened.storeContent == opened.backupContent);
  CHECK_FALSE(opened.storeIsNewer());

  // A second bundle imported since: the store holds more than the backup.
  const auto child2 = a.addChild({.details = {.nickname = "Ny", .birthYear = 2013, .gender = store::Gender::Boy,
                                              .projectId = "strom", .interventions = {core::Intervention::Group}},
                                  .enrolledOn = std::nullopt});
  static_cast<void>(child2);
  static_cast<void>(o.coordinator.importBundleFile(o.exportFrom(a, o.usb)));
  later();
  const RestorePlan imported = planRestore(o.coordDir, backup.file, StoreKind::Coordinator);
  CHECK(imported.storeContent != imported.backupContent);
  CHECK(imported.storeIsNewer());
}

TEST_CASE("backup: the coordinator's store backed up between imports restores to the same records") {
  Office o;
  store::DeviceStore& a = o.addTablet("Asta");
  const fs::path first = o.exportFrom(a, o.usb);
  o.approve(a, first);
  static_cast<void>(o.coordinator.importBundleFile(first));

  // Taken while the store is open and unlocked, as the app has it.
  const fs::path backups = o.dir.path / "backups";
  fs::create_directories(backups);
  const store::BackupInfo backup = backupStore(o.coordDir, StoreKind::Coordinator, backups);
  CHECK(backup.file.parent_path() == backups);
  CHECK(backup.file.filename().string().rfind("coordinator-", 0) == 0);
  const std::vector<StoredRecord> atBackup = o.coordinator.records();

  // More work after the backup, then the store is lost.
  const auto child2 = a.addChild({.details = {.nickname = "Ny", .birthYear = 2013, .gender = store::Gender::Boy,
                                              .projectId = "strom", .interventions = {core::Intervention::Group}},
                                  .enrolledOn = std::nullopt});
  static_cast<void>(child2);
  static_cast<void>(o.coordinator.importBundleFile(o.exportFrom(a, o.usb)));
  CHECK(o.coordinator.records().size() > atBackup.size());
  { CoordinatorStore closed = std::move(o.coordinator); }

  SUBCASE("on a new computer") {
    const fs::path fresh = o.dir.path / "new-computer";
    const store::RestoreResult r = restoreStore(fresh, backup.file);
    CHECK(r.store == coordinatorStorePath(fresh));
    CHECK_FALSE(r.keptAs);
    CoordinatorStore restored = CoordinatorStore::open(r.store, fastCoordinator(o.clock));
    restored.unlock(kPassphrase);
    CHECK(restored.records() == atBackup);
    CHECK(restored.enrolment().coordinatorName == "Frivilligcenter Aarhus");
  }
  SUBCASE("over the same store: the newer one is kept beside it") {
    const store::RestoreResult r = restoreStore(o.coordDir, backup.file, StoreKind::Coordinator);
    REQUIRE(r.keptAs);
    CoordinatorStore restored = CoordinatorStore::open(r.store, fastCoordinator(o.clock));
    restored.unlock(kPassphrase);
    CHECK(restored.records() == atBackup);
    CoordinatorStore kept = CoordinatorStore::open(*r.keptAs, fastCoordinator(o.clock));
    kept.unlock(kPassphrase);
    CHECK(kept.records().size() > atBackup.size());
  }
  SUBCASE("over another coordinator's store, or as a tablet's: refused, nothing changed") {
    const fs::path otherDir = o.dir.path / "other";
    { static_cast<void>(CoordinatorStore::create(coordinatorStorePath(made(otherDir)), "Odense", kPassphrase,
                                                 fastCoordinator(o.clock))); }
    const std::string before = slurp(coordinatorStorePath(otherDir));
    try {
      static_cast<void>(restoreStore(otherDir, backup.file));
      FAIL("restored over another coordinator's store");
    } catch (const store::BackupError& e) {
      CHECK(e.kind() == store::BackupErrorKind::OtherStore);
    }
    try {
      static_cast<void>(restoreStore(otherDir, backup.file, StoreKind::Device));
      FAIL("restored a coordinator's backup as a tablet's");
    } catch (const store::BackupError& e) {
      CHECK(e.message().code == Msg::BackupIsCoordinator);
    }
    CHECK(slurp(coordinatorStorePath(otherDir)) == before);
    CHECK_FALSE(fs::exists(store::deviceStorePath(otherDir)));
    CHECK(std::distance(fs::directory_iterator(otherDir), fs::directory_iterator()) == 1);
  }
}

}  // TEST_SUITE
