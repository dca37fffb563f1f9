// A backup of the coordinator's store taken *during* an import (issue 17):
// the import's write transaction is stopped half-way by SQLite's progress
// handler, which takes the backup (sync::backupStore, its own connection,
// as `spor backup` runs beside the app) while the new rows are written but
// not committed. The backup must be the store as it was before the import,
// whole: restored on another computer it gives the same report as the
// store had before the import, and importing the same bundle into it gives
// the report the live store has after the import.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <exception>
#include <filesystem>
#include <optional>
#include <sstream>

#include "../store/store_fixture.hpp"
#include "app/simulate.hpp"
#include "report/from_coordinator.hpp"
#include "report/report.hpp"
#include "report/writers.hpp"
#include "store/sqlite.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "sync/errors.hpp"
#include "sync/signed_file.hpp"
#include "sync/store_backup.hpp"

using namespace spor;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPassphrase = "korrekt hest batteri";
const core::Date kToday = *core::parseDate("2026-03-01");

sync::CoordinatorOptions fastOptions() {
  sync::CoordinatorOptions o;
  o.kdf = crypto::KdfParams::testFast();
  return o;
}

// The whole programme report, as `spor report --format json` writes it.
std::string reportOf(const sync::CoordinatorStore& store) {
  const report::LoadedInput loaded = report::loadReportInput(store, kToday);
  std::ostringstream out;
  report::writeJson(report::buildReport(test::bundledForms(), loaded.input, {}), out);
  return out.str();
}

// Takes one backup from inside the import's open write transaction, once
// the import has written `afterChanges` rows of its own.
struct BackupMidImport {
  sqlite3* db = nullptr;
  fs::path dataDir;
  fs::path out;
  int afterChanges = 0;
  long long changesAtStart = 0;
  long long changesAtBackup = 0;
  std::optional<store::BackupInfo> made;
  std::exception_ptr failed;

  static int onProgress(void* self) {
    auto& s = *static_cast<BackupMidImport*>(self);
    if (s.made || s.failed) return 0;
    // Inside a transaction (not autocommit) that has written rows not yet committed.
    if (sqlite3_get_autocommit(s.db) != 0 || sqlite3_total_changes64(s.db) - s.changesAtStart < s.afterChanges)
      return 0;
    try {
      s.made = sync::backupStore(s.dataDir, sync::StoreKind::Coordinator, s.out);
      s.changesAtBackup = sqlite3_total_changes64(s.db);
    } catch (...) {
      s.failed = std::current_exception();
    }
    return 0;  // the import goes on
  }
};

}  // namespace

TEST_SUITE("report") {

TEST_CASE("backup: taken while an import writes it restores to the report before the import and re-imports to the one after") {
  test::TempDir dir("backup-mid-import");
  const fs::path coordDir = dir.path / "coordinator";
  const fs::path deviceDir = dir.path / "device";
  const fs::path usb = dir.path / "usb";
  const fs::path backups = dir.path / "backups";
  for (const auto& d : {coordDir, deviceDir, usb, backups}) fs::create_directories(d);
  const core::FormSet& forms = test::bundledForms();

  std::optional<sync::CoordinatorStore> coordinator;
  coordinator.emplace(
      sync::CoordinatorStore::create(sync::coordinatorStorePath(coordDir), "Frivilligcenter", kPassphrase, fastOptions()));
  const sync::Enrolment enrolment = sync::readEnrolment(coordinator->enrolmentFile(), "enrolment");

  app::SimulatedClock clock;
  store::DeviceStoreOptions options;
  options.kdf = crypto::KdfParams::testFast();
  options.clock = clock.clock();
  store::CreatedDevice created = store::DeviceStore::create(
      store::deviceStorePath(deviceDir), {"Anna", test::kPin, sync::coordinatorKeys(enrolment)}, options);
  store::DeviceStore& device = created.store;

  // A programme under way: a first bundle imported ...
  app::SimulationOptions sim;
  sim.children = 16;
  sim.seed = 3;
  sim.today = kToday;
  REQUIRE(app::simulate(device, forms, sim, clock).children == 16);
  const auto first = sync::exportBundle(device, usb, "spor test");
  REQUIRE(first.has_value());
  CHECK_THROWS_AS((void)coordinator->importBundleFile(first->bundle.path), sync::SyncError);  // not yet approved
  (void)coordinator->approveDevice(device.device().deviceId);
  (void)coordinator->importBundleFile(first->bundle.path);

  // ... and a second one, from more children, being imported.
  sim.children = 24;
  sim.seed = 4;
  REQUIRE(app::simulate(device, forms, sim, clock).children == 24);
  const auto second = sync::exportBundle(device, usb, "spor test");
  REQUIRE(second.has_value());
  REQUIRE(second->measurements > 0);

  const std::string before = reportOf(*coordinator);
  BackupMidImport hook;
  hook.db = coordinator->database().handle();
  hook.dataDir = coordDir;
  hook.out = backups;
  hook.afterChanges = 40;
  hook.changesAtStart = sqlite3_total_changes64(hook.db);
  sqlite3_progress_handler(hook.db, 50, &BackupMidImport::onProgress, &hook);
  const sync::ImportResult imported = coordinator->importBundleFile(second->bundle.path);
  sqlite3_progress_handler(hook.db, 0, nullptr, nullptr);
  if (hook.failed) std::rethrow_exception(hook.failed);
  REQUIRE(hook.made.has_value());
  // The backup fell inside the import: rows were written before it, and after it.
  CHECK(hook.changesAtBackup - hook.changesAtStart >= hook.afterChanges);
  CHECK(sqlite3_total_changes64(hook.db) > hook.changesAtBackup);
  // The second bundle repeats the first's records (no receipt was applied between them).
  CHECK(imported.newMeasurements > 0);
  CHECK(imported.newMeasurements + imported.duplicateMeasurements == second->measurements);
  const std::string after = reportOf(*coordinator);
  REQUIRE(after != before);  // the import changed the report, so the comparisons below can fail

  // The office's computer is lost; the backup is restored on a new one.
  coordinator.reset();
  const fs::path fresh = dir.path / "new-computer";
  const store::RestoreResult restoredAt = sync::restoreStore(fresh, hook.made->file);
  sync::CoordinatorStore restored = sync::CoordinatorStore::open(restoredAt.store, fastOptions());
  restored.unlock(kPassphrase);
  CHECK(reportOf(restored) == before);

  // The bundle still on the USB stick is imported again: the same report as the lost store's.
  const sync::ImportResult again = restored.importBundleFile(second->bundle.path);
  CHECK_FALSE(again.alreadyImported);
  CHECK(again.newMeasurements == imported.newMeasurements);
  CHECK(reportOf(restored) == after);
}

}  // TEST_SUITE
