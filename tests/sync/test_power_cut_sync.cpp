// The power-loss sweep over the sync steps (tests/store/power_cut_sweep.hpp
// says how): a bundle export with its sync-state update, an import, and a
// receipt applied with a purge. The power is cut at every sync point of
// each, the unsynced writes dropped or garbled, and once just after the call
// returned. After each: integrity_check is ok, the step is whole or absent
// (an import is all or nothing), and running it again completes.
#include <doctest/doctest.h>

#if defined(__unix__)
#include <filesystem>
#include <string>

#include "store/error.hpp"
#include "sync/coordinator_store.hpp"
#include "tests/sync/coordinator_fixture.hpp"
#include "sync/device_sync.hpp"
#include "sync/errors.hpp"
#include "sync/file_io.hpp"
#include "tests/store/power_cut_sweep.hpp"

using namespace spor;
using namespace spor::sync;
using spor::test::integrityOf;
using spor::test::PowerStep;
namespace fs = std::filesystem;

namespace {

using test::kPassphrase;

using test::fastCoordinator;

// The ids every copy shares (they come from the one prepared folder).
struct Ids {
  store::VolunteerId volunteer;
  std::string device;
};

fs::path usb(const fs::path& dir) { return dir / "usb"; }

// A coordinator and an enrolled device with two finished measurements, in `dir`.
Ids makePair(const fs::path& dir) {
  test::FakeClock clock;
  CoordinatorStore coordinator =
      CoordinatorStore::create(coordinatorStorePath(dir), "Frivilligcenter Aarhus", kPassphrase, fastCoordinator(clock));
  const Enrolment enrolment = readEnrolment(coordinator.enrolmentFile(), "enrolment");
  store::CreatedDevice created = store::DeviceStore::create(
      store::deviceStorePath(dir), {"Anna", test::kPin, coordinatorKeys(enrolment)}, test::fastOptions(clock));
  store::DeviceStore& d = created.store;
  const auto& form = test::bundledForms().primaryChildForm();
  for (const char* name : {"Mads", "Sara"}) {
    const auto child = d.addChild({.details = {.nickname = name,
                                               .birthYear = 2014,
                                               .gender = store::Gender::Boy,
                                               .projectId = "strom",
                                               .interventions = {core::Intervention::Individual}},
                                   .enrolledOn = std::nullopt});
    d.recordConsent(child, {.givenBy = "mor", .givenOn = std::chrono::floor<std::chrono::days>(*clock.now)});
    const auto m = d.startMeasurement(child, form, core::Occasion::Before);
    for (std::size_t i = 0; i < 6; ++i) d.answer(m, form.items[i].id, 1 + static_cast<int>(i % 4));
    static_cast<void>(d.finishMeasurement(m, test::bundledForms()));
  }
  fs::create_directories(usb(dir));
  return {created.volunteer, d.device().deviceId};
}

store::DeviceStore openDevice(const fs::path& dir, store::VolunteerId volunteer) {
  test::FakeClock clock;
  store::DeviceStore d = store::DeviceStore::open(store::deviceStorePath(dir), test::fastOptions(clock));
  d.unlock(volunteer, test::kPin);
  return d;
}

CoordinatorStore openCoordinator(const fs::path& dir) {
  test::FakeClock clock;
  CoordinatorStore c = CoordinatorStore::open(coordinatorStorePath(dir), fastCoordinator(clock));
  c.unlock(kPassphrase);
  return c;
}

std::vector<fs::path> bundlesOn(const fs::path& folder) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(folder))
    if (e.path().extension() == kBundleExtension) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// Lists the device with the coordinator (its first bundle is refused as unknown) and approves it.
void approve(CoordinatorStore& c, const fs::path& bundle, const std::string& device) {
  CHECK_THROWS_AS(c.importBundleFile(bundle), SyncError);
  static_cast<void>(c.approveDevice(device));
}

}  // namespace

TEST_SUITE("sync") {

TEST_CASE("power-loss sweep: every sync point of an export and an import and a receipt with a purge") {
  Ids ids;
  std::size_t recordsInBundle = 0;

  // --- a bundle export with its sync-state update ---
  const PowerStep exportStep{
      "export",
      [&](const fs::path& dir) { ids = makePair(dir); },
      [&](const fs::path& dir, const std::function<void()>& returned) {
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        if (!exportBundle(d, usb(dir), "spor test")) throw std::logic_error("nothing to export");
        returned();
      },
      [&](const fs::path& dir, bool whole) {
        REQUIRE(integrityOf(store::deviceStorePath(dir)) == "ok");
        {
          store::DeviceStore d = openDevice(dir, ids.volunteer);
          const bool exported = d.syncStatus().nextSequence > 1;
          if (whole) CHECK(exported);
          // Again: it completes (a new bundle, or nothing left to send).
          if (!exported) CHECK(exportBundle(d, usb(dir), "spor test").has_value());
          CHECK(d.syncStatus().nextSequence == 2);
        }
        // Whatever bundles the stick holds, the coordinator takes them all.
        const auto files = bundlesOn(usb(dir));
        REQUIRE(files.size() == 1);
        CoordinatorStore c = openCoordinator(dir);
        approve(c, files.front(), ids.device);
        CHECK(c.importBundleFile(files.front()).newMeasurements == 2);
      }};

  // --- an import ---
  const PowerStep importStep{
      "import",
      [&](const fs::path& dir) {
        ids = makePair(dir);
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        REQUIRE(exportBundle(d, usb(dir), "spor test").has_value());
        CoordinatorStore c = openCoordinator(dir);
        approve(c, bundlesOn(usb(dir)).front(), ids.device);
      },
      [&](const fs::path& dir, const std::function<void()>& returned) {
        CoordinatorStore c = openCoordinator(dir);
        recordsInBundle = c.importBundleFile(bundlesOn(usb(dir)).front()).newRecords;
        returned();
      },
      [&](const fs::path& dir, bool whole) {
        REQUIRE(integrityOf(coordinatorStorePath(dir)) == "ok");
        CoordinatorStore c = openCoordinator(dir);
        const std::size_t records = c.records().size();
        const std::size_t ledger = c.ledger().size();
        // All or nothing: the ledger entry and every record, or neither.
        CHECK(((ledger == 0 && records == 0) || (ledger == 1 && records > 0)));
        if (whole) CHECK(ledger == 1);
        const ImportResult again = c.importBundleFile(bundlesOn(usb(dir)).front());
        CHECK(again.alreadyImported == (ledger == 1));
        CHECK(c.ledger().size() == 1);
        CHECK(c.records().size() == (ledger == 1 ? records : again.newRecords));
      }};

  // --- a receipt applied with a purge ---
  const PowerStep receiptStep{
      "receipt",
      [&](const fs::path& dir) {
        ids = makePair(dir);
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        REQUIRE(exportBundle(d, usb(dir), "spor test").has_value());
        CoordinatorStore c = openCoordinator(dir);
        approve(c, bundlesOn(usb(dir)).front(), ids.device);
        static_cast<void>(c.importBundleFile(bundlesOn(usb(dir)).front()));
        static_cast<void>(c.makeReceipt(ids.device, [&](const crypto::Bytes& bytes) {
          static_cast<void>(writeFileDurably(usb(dir), "receipt" + std::string(kReceiptExtension), bytes));
        }));
      },
      [&](const fs::path& dir, const std::function<void()>& returned) {
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        test::FakeClock later;
        later.advance(std::chrono::hours(24 * 60));
        static_cast<void>(applyReceiptFile(d, usb(dir) / ("receipt" + std::string(kReceiptExtension)), *later.now));
        returned();
      },
      [&](const fs::path& dir, bool whole) {
        REQUIRE(integrityOf(store::deviceStorePath(dir)) == "ok");
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        const bool applied = d.syncStatus().lastReceipt == 1;
        const store::StoreCounts n = d.counts();
        // The receipt and its purge are one: applied and purged, or neither.
        CHECK(n.measurements == (applied ? 0 : 2));
        if (whole) CHECK(applied);
        if (!applied) {
          test::FakeClock later;
          later.advance(std::chrono::hours(24 * 60));
          static_cast<void>(applyReceiptFile(d, usb(dir) / ("receipt" + std::string(kReceiptExtension)), *later.now));
        }
        CHECK(d.syncStatus().lastReceipt == 1);
        CHECK(d.counts().measurements == 0);
      }};

  std::uint64_t total = 0;
  for (const PowerStep* s : {&exportStep, &importStep, &receiptStep}) {
    const std::uint64_t cuts = test::powerSweep(*s);
    CHECK(cuts > 1);
    MESSAGE("power-loss sweep: " << s->name << ": cut at " << cuts << " sync points (drop and garble)");
    total += cuts;
  }
  MESSAGE("power-loss sweep (sync): " << total << " power cuts in all");
}

}  // TEST_SUITE

#endif
