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

#include "store/device_internal.hpp"
#include "store/error.hpp"
#include "store/sqlite.hpp"
#include "tests/store/power_cut_sweep.hpp"
#include "tests/store/store_fixture.hpp"

using namespace spor;
using namespace spor::store;
using spor::test::FakeClock;
using spor::test::fastOptions;
using spor::test::kPin;
using spor::test::PowerCut;
using spor::test::PowerStep;
using spor::test::integrityOf;
using spor::test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr const char* kNewPin = "731864";

const core::ChildForm& barn() { return test::bundledForms().primaryChildForm(); }
const core::Project& empowr() { return test::bundledForms().project("empowr"); }

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
// The device schema's newest version, which a migrated store reaches.
const int kLatest = detail::deviceSchema().steps.back().version;

int valueFor(const core::Item& item, std::size_t index) {
  return item.dimension == "selvskade" ? 4 : static_cast<int>(index % 4) + 1;
}

// The schema objects and every table's columns, for comparing two files.
std::string shapeOf(Db& db) {
  std::string out;
  std::vector<std::string> tables;
  for (auto q = db.query("SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
       q.next();) {
    out += q.text(0) + " " + q.text(1) + "\n";
    if (q.text(0) == "table") tables.push_back(q.text(1));
  }
  for (const auto& t : tables)
    for (auto q = db.query("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid", t); q.next();)
      out += t + "." + q.text(0) + " " + q.text(1) + " " + std::to_string(q.int64(2)) + std::to_string(q.int64(3)) + "\n";
  return out;
}

// Takes a store of today's schema back to schema version 1, as the first
// released Spor wrote it, by undoing steps 7, 6, 5, 4, 3 and 2 (each adds tables,
// columns or an index and nothing else), and checks that the result has
// exactly the shape step 1 alone makes. Opening it runs the real
// migrations 2 to 7 on a store with data.
void backToVersion1(const fs::path& db) {
  {
    Db d(db, DbOptions{false, 1000});
    REQUIRE(d.userVersion() == kLatest);
    d.execScript(R"sql(
      ALTER TABLE child DROP COLUMN feedback;
      ALTER TABLE child DROP COLUMN referral;
      ALTER TABLE response DROP COLUMN answering_mode;
      ALTER TABLE child DROP COLUMN missed;
      ALTER TABLE child DROP COLUMN course_ended_on;
      ALTER TABLE child DROP COLUMN course_end;
      ALTER TABLE consent DROP COLUMN sharing;
      ALTER TABLE child DROP COLUMN municipality;
      DROP TABLE vault_tpm;
      ALTER TABLE device DROP COLUMN forms_version;
      ALTER TABLE sync_state DROP COLUMN last_receipt_at;
      DROP INDEX tombstone_change;
      ALTER TABLE tombstone DROP COLUMN change_seq;
      ALTER TABLE tombstone DROP COLUMN reason;
    )sql");
    d.setUserVersion(1);
    Db scratch(":memory:");
    detail::deviceSchema().steps.front().apply(scratch);
    REQUIRE(shapeOf(d) == shapeOf(scratch));
    REQUIRE(d.integrityCheck() == "ok");
  }
}

// Which of the device schema's steps a file has, by their objects: step 2's
// index, step 3's column, step 4's table, step 5's, step 6's and step 7's columns.
int stepsIn(Db& d) {
  const auto has = [&](const char* sql) { return d.queryInt(sql).value_or(0) > 0; };
  if (has("SELECT count(*) FROM pragma_table_info('child') WHERE name = 'referral'")) return 7;
  if (has("SELECT count(*) FROM pragma_table_info('response') WHERE name = 'answering_mode'")) return 6;
  if (has("SELECT count(*) FROM pragma_table_info('child') WHERE name = 'municipality'")) return 5;
  const bool two = has("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'tombstone_change'");
  const bool three = has("SELECT count(*) FROM pragma_table_info('device') WHERE name = 'forms_version'");
  const bool four = has("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'vault_tpm'");
  return four ? 4 : three ? 3 : two ? 2 : 1;
}

}  // namespace

TEST_SUITE("store") {

TEST_CASE("power-loss sweep: every sync point of the store's steps") {
  const auto items = barn().itemsFor(empowr().dimensions);
  REQUIRE(items.size() > 6);
  Device device;  // the same ids in every copy: each copy starts from one prepared folder

  // --- an answer ---
  const PowerStep answer{
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
  const PowerStep finish{
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
  const PowerStep pin{
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
  const PowerStep create{
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

  // --- a schema migration: a version-1 store with data opened by this Spor ---
  const std::size_t migrateAnswers = 5;
  const PowerStep migration{
      "migration",
      [&](const fs::path& dir) {
        device = makeDevice(dir);
        {
          DeviceStore s = openUnlocked(dir, device.volunteer);
          const MeasurementId m = s.startMeasurement(device.child, barn(), core::Occasion::Before);
          for (std::size_t i = 0; i < migrateAnswers; ++i) s.answer(m, items[i]->id, valueFor(*items[i], i));
        }
        backToVersion1(deviceStorePath(dir));
      },
      [&](const fs::path& dir, const std::function<void()>& returned) {
        FakeClock clock;
        DeviceStore s = DeviceStore::open(deviceStorePath(dir), fastOptions(clock));  // migrates 1 -> kLatest
        returned();
        s.unlock(device.volunteer, kPin);
      },
      [&](const fs::path& dir, bool whole) {
        {
          Db d(deviceStorePath(dir), DbOptions{false, 1000});
          REQUIRE(d.integrityCheck() == "ok");
          // Each step with its user_version, or neither: the file is at one version, never between.
          const int version = d.userVersion();
          CHECK(version == stepsIn(d));
          CHECK((version >= 1 && version <= kLatest));
          if (whole) CHECK(version == kLatest);
        }
        // Again: it completes, and every answer is there.
        DeviceStore s = openUnlocked(dir, device.volunteer);
        CHECK(s.database().userVersion() == kLatest);
        const MeasurementId m = s.unfinishedMeasurements().front();
        const Measurement before = s.measurement(m);
        REQUIRE(before.answers.size() == migrateAnswers);
        for (std::size_t i = 0; i < migrateAnswers; ++i) CHECK(before.answers[i].value == valueFor(*items[i], i));
        CHECK(s.formsPackageVersion() == 0);
        CHECK_FALSE(before.answeringMode.has_value());  // from before step 6: not recorded
        s.answer(m, items[migrateAnswers]->id, valueFor(*items[migrateAnswers], migrateAnswers));
        CHECK(s.measurement(m).answers.size() == migrateAnswers + 1);
      }};

  std::uint64_t total = 0;
  for (const PowerStep* s : {&answer, &finish, &pin, &create, &migration}) {
    const std::uint64_t cuts = test::powerSweep(*s);
    CHECK(cuts > 0);
    MESSAGE("power-loss sweep: " << s->name << ": cut at " << cuts << " sync points (drop and garble)");
    total += cuts;
  }
  MESSAGE("power-loss sweep: " << total << " power cuts in all");
}

}  // TEST_SUITE

#endif
