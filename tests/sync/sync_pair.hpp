#pragma once
// A coordinator and an enrolled device in one folder, for the sweeps over
// the sync steps (test_power_cut_sync.cpp, test_sync_kill.cpp): each round
// starts from a copy of one prepared folder, so every copy shares its ids.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "store/device_store.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "sync/errors.hpp"
#include "sync/file_io.hpp"
#include "tests/sync/coordinator_fixture.hpp"

namespace spor::test::pair {

namespace fs = std::filesystem;
using namespace spor::sync;


// The ids every copy shares (they come from the one prepared folder).
struct Ids {
  store::VolunteerId volunteer;
  std::string device;
};

inline fs::path usb(const fs::path& dir) { return dir / "usb"; }

// A coordinator and an enrolled device with two finished measurements, in `dir`.
inline Ids makePair(const fs::path& dir) {
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

inline store::DeviceStore openDevice(const fs::path& dir, store::VolunteerId volunteer) {
  test::FakeClock clock;
  store::DeviceStore d = store::DeviceStore::open(store::deviceStorePath(dir), test::fastOptions(clock));
  d.unlock(volunteer, test::kPin);
  return d;
}

inline CoordinatorStore openCoordinator(const fs::path& dir) {
  test::FakeClock clock;
  CoordinatorStore c = CoordinatorStore::open(coordinatorStorePath(dir), fastCoordinator(clock));
  c.unlock(kPassphrase);
  return c;
}

inline std::vector<fs::path> bundlesOn(const fs::path& folder) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(folder))
    if (e.path().extension() == kBundleExtension) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// Lists the device with the coordinator (its first bundle is refused as unknown) and approves it.
inline void approve(CoordinatorStore& c, const fs::path& bundle, const std::string& device) {
  CHECK_THROWS_AS(c.importBundleFile(bundle), SyncError);
  static_cast<void>(c.approveDevice(device));
}


}  // namespace spor::test::pair
