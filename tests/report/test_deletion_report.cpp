// A child deleted on its device (DeviceStore::deleteChild) is gone from the
// coordinator's report once the deletion's bundle is imported, and an older
// bundle imported afterwards does not bring it back.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <filesystem>

#include <doctest/doctest.h>

#include "../store/store_fixture.hpp"
#include "report/from_coordinator.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "sync/errors.hpp"
#include "sync/signed_file.hpp"

using namespace spor;
namespace fs = std::filesystem;

TEST_SUITE("report") {
  TEST_CASE("a child deleted on the device is no longer counted by the report in either import order") {
    for (const bool deletionFirst : {false, true}) {
      CAPTURE(deletionFirst);
      test::TempDir dir("report-deletion");
      test::FakeClock clock;
      sync::CoordinatorOptions options;
      options.kdf = crypto::KdfParams::testFast();
      options.clock = clock.clock();
      sync::CoordinatorStore coordinator =
          sync::CoordinatorStore::create(sync::coordinatorStorePath(dir.path), "Test", "korrekt hest batteri", options);
      const sync::Enrolment enrolment = sync::readEnrolment(coordinator.enrolmentFile(), "enrolment");
      store::CreatedDevice created = store::DeviceStore::create(
          dir.db(), {"Anna", test::kPin, sync::coordinatorKeys(enrolment)}, test::fastOptions(clock));
      store::DeviceStore& device = created.store;
      const fs::path usb = dir.path / "usb";
      fs::create_directories(usb);

      const auto& form = test::bundledForms().primaryChildForm();
      const core::Project& strom = test::bundledForms().project("strom");
      std::vector<store::ChildId> children;
      for (const char* name : {"Alma", "Noah", "Ida"}) {
        const auto child = device.addChild({.details = {.nickname = name,
                                                        .birthYear = 2014,
                                                        .gender = store::Gender::Girl,
                                                        .projectId = "strom",
                                                        .interventions = {core::Intervention::Individual}},
                                            .enrolledOn = std::nullopt});
        device.recordConsent(child, {.givenBy = "mor", .givenOn = std::chrono::floor<std::chrono::days>(*clock.now)});
        const auto m = device.startMeasurement(child, form, core::Occasion::Before);
        for (const core::Item* item : form.itemsFor(strom.dimensions)) device.answer(m, item->id, 3);
        device.finishMeasurement(m, test::bundledForms());
        children.push_back(child);
      }
      const auto older = sync::exportBundle(device, usb, "spor test");
      REQUIRE(older.has_value());
      device.deleteChild(children[1]);
      const auto deletion = sync::exportBundle(device, usb, "spor test");
      REQUIRE(deletion.has_value());

      const auto first = deletionFirst ? deletion->bundle.path : older->bundle.path;
      const auto second = deletionFirst ? older->bundle.path : deletion->bundle.path;
      CHECK_THROWS_AS((void)coordinator.importBundleFile(first), sync::SyncError);  // lists the device
      (void)coordinator.approveDevice(device.device().deviceId);
      (void)coordinator.importBundleFile(first);
      if (!deletionFirst) {
        const report::LoadedInput before = report::loadReportInput(coordinator, core::today());
        CHECK(before.summary.children == 3);
        CHECK(before.summary.finishedMeasurements == 3);
      }
      (void)coordinator.importBundleFile(second);
      const report::LoadedInput after = report::loadReportInput(coordinator, core::today());
      CHECK(after.summary.children == 2);
      CHECK(after.summary.finishedMeasurements == 2);
      CHECK(after.summary.answers == 2 * form.itemsFor(strom.dimensions).size());
      CHECK(after.summary.orphans == 0);
    }
  }
}
