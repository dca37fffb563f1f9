// The power-loss sweep (issue 13): each step that writes the store is run
// again and again from the same starting copy, with the power cut at its
// first sync, then its second, and so on, until a run reaches its end
// without a cut. After each cut the unsynced writes are dropped (and, in a
// second pass, garbled), as SQLite's own crash tests do (power_cut_vfs.hpp).
// Then, every time:
//   - PRAGMA integrity_check is ok and the store opens and unlocks;
//   - whatever had returned before the step is there, unchanged;
//   - the step itself happened wholly or not at all;
//   - running the step again completes.
// The sweep prints how many sync points it cut at.
#include <doctest/doctest.h>

#if defined(__unix__)
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>

#include "store/error.hpp"
#include "store/sqlite.hpp"
#include "tests/store/power_cut_vfs.hpp"
#include "tests/store/store_fixture.hpp"

using namespace spor;
using namespace spor::store;
using spor::test::FakeClock;
using spor::test::fastOptions;
using spor::test::kPin;
using spor::test::PowerCut;
using spor::test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr const char* kNewPin = "731864";

const core::ChildForm& barn() { return test::bundledForms().primaryChildForm(); }
const core::Project& empowr() { return test::bundledForms().project("empowr"); }

std::string integrityOf(const fs::path& db) {
  Db d(db, DbOptions{false, 1000});
  return d.integrityCheck();
}

void copyFolder(const fs::path& from, const fs::path& to) {
  fs::remove_all(to);
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive);
}

// One step of the sweep: `prepare` makes the starting copy in a folder (with
// the real VFS), `step` runs the step on a copy and calls `returned` as soon
// as the step's call has returned (before anything is closed), `check` looks
// at the copy after the power came back (`whole`: the step's call returned).
struct Step {
  std::string name;
  std::function<void(const fs::path&)> prepare;
  std::function<void(const fs::path&, const std::function<void()>& returned)> step;
  std::function<void(const fs::path&, bool whole)> check;
};

// Cuts at every sync point of `s`, in both modes, and once just after the
// step's call returned; returns the number of cuts.
std::uint64_t sweep(const Step& s) {
  TempDir start("power-" + s.name);
  s.prepare(start.path);
  TempDir work("power-run-" + s.name);
  std::uint64_t cuts = 0;
  for (const PowerCut::Mode mode : {PowerCut::Mode::Drop, PowerCut::Mode::Garble}) {
    for (std::uint64_t at = 1;; ++at) {
      CAPTURE(s.name);
      CAPTURE(at);
      CAPTURE(mode == PowerCut::Mode::Drop ? "drop" : "garble");
      copyFolder(start.path, work.path);
      bool whole = false;
      bool wasCut = false;
      {
        PowerCut power(at, mode, static_cast<std::uint32_t>(at * 7919));
        try {
          s.step(work.path, [] {});
          whole = true;
        } catch (const std::exception&) {
        }
        wasCut = power.cut();
        power.restore();
      }
      if (!wasCut) {
        REQUIRE(whole);  // past the last sync point: the step ran as on a healthy disk
        s.check(work.path, true);
        break;
      }
      ++cuts;
      s.check(work.path, whole);
      REQUIRE(at < 500);
    }
  }
  // The power goes the moment the call has returned: what it wrote must be on the disk.
  CAPTURE(s.name);
  copyFolder(start.path, work.path);
  {
    PowerCut power(0, PowerCut::Mode::Garble, 1);
    try {
      s.step(work.path, [&] { power.cutNow(); });
    } catch (const std::exception&) {
    }
    power.restore();
  }
  ++cuts;
  s.check(work.path, true);
  return cuts;
}

// A device with one volunteer and one child with consent in EmpowR.
struct Device {
  VolunteerId volunteer;
  ChildId child;
};

Device makeDevice(const fs::path& dir) {
  FakeClock clock;
  CreatedDevice created = DeviceStore::create(deviceStorePath(dir), {"Anna", kPin, std::nullopt}, fastOptions(clock));
  NewChild c;
  c.details.projectId = "empowr";
  c.details.interventions = {core::Intervention::Group};
  const ChildId child = created.store.addChild(c);
  NewConsent consent;
  consent.givenBy = "mor";
  consent.givenOn = std::chrono::floor<std::chrono::days>(*clock.now);
  created.store.recordConsent(child, consent);
  return {created.volunteer, child};
}

DeviceStore openUnlocked(const fs::path& dir, VolunteerId volunteer, const char* pin = kPin) {
  FakeClock clock;
  DeviceStore s = DeviceStore::open(deviceStorePath(dir), fastOptions(clock));
  s.unlock(volunteer, pin);
  return s;
}

// The value the sweep gives item `index` (1-4; the self-harm items 4, so
// finishing raises a safeguarding flag).
int valueFor(const core::Item& item, std::size_t index) {
  return item.dimension == "selvskade" ? 4 : static_cast<int>(index % 4) + 1;
}

}  // namespace

TEST_SUITE("store") {

TEST_CASE("power-loss sweep: every sync point of the store's steps") {
  const auto items = barn().itemsFor(empowr().dimensions);
  REQUIRE(items.size() > 6);
  Device device;  // the same ids in every copy: each copy starts from one prepared folder

  // --- an answer ---
  const Step answer{
      "answer",
      [&](const fs::path& dir) {
        device = makeDevice(dir);
        DeviceStore s = openUnlocked(dir, device.volunteer);
        const MeasurementId m = s.startMeasurement(device.child, barn(), core::Occasion::Before);
        for (std::size_t i = 0; i < 3; ++i) s.answer(m, items[i]->id, valueFor(*items[i], i));
      },
      [&](const fs::path& dir, const std::function<void()>& returned) {
        DeviceStore s = openUnlocked(dir, device.volunteer);
        const MeasurementId m = s.unfinishedMeasurements().front();
        s.answer(m, items[3]->id, valueFor(*items[3], 3));
        returned();
      },
      [&](const fs::path& dir, bool whole) {
        REQUIRE(integrityOf(deviceStorePath(dir)) == "ok");
        DeviceStore s = openUnlocked(dir, device.volunteer);
        const MeasurementId m = s.unfinishedMeasurements().front();
        const Measurement before = s.measurement(m);
        const std::size_t answered = before.answers.size();
        CHECK((answered == 3 || answered == 4));
        if (whole) CHECK(answered == 4);
        for (std::size_t i = 0; i < answered; ++i) CHECK(before.answers[i].value == valueFor(*items[i], i));
        // Again: it completes.
        s.answer(m, items[3]->id, valueFor(*items[3], 3));
        CHECK(s.measurement(m).answers.size() == 4);
      }};

  // --- finishing a measurement with its safeguarding flag ---
  const Step finish{
      "finish",
      [&](const fs::path& dir) {
        device = makeDevice(dir);
        DeviceStore s = openUnlocked(dir, device.volunteer);
        const MeasurementId m = s.startMeasurement(device.child, barn(), core::Occasion::Before);
        for (std::size_t i = 0; i < items.size(); ++i) s.answer(m, items[i]->id, valueFor(*items[i], i));
      },
      [&](const fs::path& dir, const std::function<void()>& returned) {
        DeviceStore s = openUnlocked(dir, device.volunteer);
        const MeasurementId m = s.unfinishedMeasurements().front();
        static_cast<void>(s.finishMeasurement(m, test::bundledForms()));
        returned();
      },
      [&](const fs::path& dir, bool whole) {
        REQUIRE(integrityOf(deviceStorePath(dir)) == "ok");
        DeviceStore s = openUnlocked(dir, device.volunteer);
        const StoreCounts n = s.counts();
        CHECK(n.answers == static_cast<std::int64_t>(items.size()));
        // All or nothing: finished with its flag, or neither.
        CHECK(n.finishedMeasurements == n.flags);
        if (whole) CHECK(n.flags == 1);
        if (n.finishedMeasurements == 0) {
          static_cast<void>(s.finishMeasurement(s.unfinishedMeasurements().front(), test::bundledForms()));
        }
        CHECK(s.counts().finishedMeasurements == 1);
        CHECK(s.counts().flags == 1);
      }};

  // --- a PIN change ---
  const Step pin{
      "pin",
      [&](const fs::path& dir) { device = makeDevice(dir); },
      [&](const fs::path& dir, const std::function<void()>& returned) {
        DeviceStore s = openUnlocked(dir, device.volunteer);
        s.changePin(device.volunteer, kPin, kNewPin);
        returned();
      },
      [&](const fs::path& dir, bool whole) {
        REQUIRE(integrityOf(deviceStorePath(dir)) == "ok");
        FakeClock clock;
        DeviceStore s = DeviceStore::open(deviceStorePath(dir), fastOptions(clock));
        // Exactly one of the two PINs opens it (a wrong try is counted, so the
        // new PIN is tried first and the old one only when it fails).
        bool isNew = true;
        try {
          s.unlock(device.volunteer, kNewPin);
        } catch (const std::exception&) {
          isNew = false;
          s.unlock(device.volunteer, kPin);
        }
        if (whole) CHECK(isNew);
        CHECK(s.counts().children == 1);
        if (!isNew) s.changePin(device.volunteer, kPin, kNewPin);  // again: it completes
        s.lock();
        s.unlock(device.volunteer, kNewPin);
      }};

  // --- setting up a new device ---
  const Step create{
      "create",
      [&](const fs::path&) {},
      [&](const fs::path& dir, const std::function<void()>& returned) {
        FakeClock clock;
        CreatedDevice made = DeviceStore::create(deviceStorePath(dir), {"Anna", kPin, std::nullopt}, fastOptions(clock));
        returned();
      },
      [&](const fs::path& dir, bool whole) {
        FakeClock clock;
        const fs::path db = deviceStorePath(dir);
        if (whole) REQUIRE(fs::exists(db));
        if (fs::exists(db)) {
          REQUIRE(integrityOf(db) == "ok");
          DeviceStore s = DeviceStore::open(db, fastOptions(clock));
          CHECK(s.volunteers().size() == 1);
          return;
        }
        // Never completed: the next start sets it up afresh, without anyone moving files.
        CreatedDevice again = DeviceStore::create(db, {"Anna", kPin, std::nullopt}, fastOptions(clock));
        CHECK(again.store.volunteers().size() == 1);
      }};

  std::uint64_t total = 0;
  for (const Step* s : {&answer, &finish, &pin, &create}) {
    const std::uint64_t cuts = sweep(*s);
    CHECK(cuts > 0);
    MESSAGE("power-loss sweep: " << s->name << ": cut at " << cuts << " sync points (drop and garble)");
    total += cuts;
  }
  MESSAGE("power-loss sweep: " << total << " power cuts in all");
}

}  // TEST_SUITE

#endif
