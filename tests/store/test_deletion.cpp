// Erasing a child on the device (DeviceStore::deleteChild): nothing of it is
// left in any table, what stays is content-free tombstones, they travel in
// changes() until a receipt acknowledges them, and other children are untouched.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "store/device_store.hpp"
#include "store/error.hpp"
#include "store_fixture.hpp"

using namespace spor;
using namespace spor::store;
using doctest::Contains;

namespace {

const core::ChildForm& barn() {
  return test::bundledForms().primaryChildForm();
}

std::int64_t rows(DeviceStore& s, const std::string& sql, const crypto::Bytes& uuid) {
  return s.database().queryInt(sql, uuid).value_or(-1);
}

// The bytes of the database file, after the WAL is checkpointed into it.
std::string fileBytes(DeviceStore& s) {
  s.database().execScript("PRAGMA wal_checkpoint(TRUNCATE);");
  std::ifstream in(s.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("deleting a child removes it from every table and leaves only content-free deletion tombstones") {
    test::DeviceFixture f("delete-child");
    DeviceStore& s = f.store();
    const core::Project& empowr = test::bundledForms().project("empowr");
    const ChildId gone = f.childWithConsent("empowr", "Zebulonkanarie");
    const ChildId stays = f.childWithConsent("empowr", "Alma");
    const std::string goneUuid = s.child(gone).uuid;
    const std::string goneCode = s.child(gone).code;

    // A finished measurement with a safeguarding flag, a paused one, a
    // background form, and a fidelity form (per project: it stays).
    const MeasurementId m = s.startMeasurement(gone, barn(), core::Occasion::Before);
    for (const core::Item* item : barn().itemsFor(empowr.dimensions))
      s.answer(m, item->id, item->dimension == "selvskade" ? 4 : 3);
    REQUIRE(s.finishMeasurement(m, barn(), empowr, test::bundledForms().scoring).size() == 1);
    const MeasurementId paused = s.startMeasurement(gone, barn(), core::Occasion::Progression);
    s.answer(paused, barn().itemsFor(empowr.dimensions)[0]->id, 2);
    s.pause(paused);
    const BackgroundId b = s.startBackground(gone, *test::bundledForms().background);
    s.answer(b, "gender", {.codes = {2}});
    const MeasurementId other = s.startMeasurement(stays, barn(), core::Occasion::Before);
    s.answer(other, barn().itemsFor(empowr.dimensions)[0]->id, 3);
    const auto countsBefore = s.counts();

    const DeletionResult r = s.deleteChild(gone);
    CHECK(r.consents == 1);
    CHECK(r.measurements == 2);
    CHECK(r.backgrounds == 1);
    CHECK(r.flags == 1);
    CHECK(r.answers == barn().itemsFor(empowr.dimensions).size() + 2);

    CHECK_FALSE(s.findChild(goneCode));
    CHECK_THROWS_WITH_AS(s.child(gone), Contains("there is no child with id"), NotFoundError);
    CHECK_THROWS_AS(s.measurement(m), NotFoundError);
    CHECK(s.children().size() == 1);
    const crypto::Bytes uuidBytes = [&] {
      auto q = s.database().query("SELECT child_uuid FROM tombstone WHERE kind = 'child'");
      REQUIRE(q.next());
      return q.blob(0);
    }();
    CHECK(rows(s, "SELECT count(*) FROM child WHERE uuid = ?", uuidBytes) == 0);
    CHECK(s.database().queryInt("SELECT count(*) FROM consent WHERE child_id = ?", gone.value) == 0);
    CHECK(s.database().queryInt("SELECT count(*) FROM response WHERE child_id = ?", gone.value) == 0);
    CHECK(s.database().queryInt("SELECT count(*) FROM safeguarding_flag WHERE child_id = ?", gone.value) == 0);
    CHECK(s.database().queryInt("SELECT count(*) FROM answer WHERE response_id NOT IN (SELECT id FROM response)") == 0);
    // The other child and the device's records are untouched.
    CHECK(s.measurement(other).answers.size() == 1);
    CHECK(s.consents(stays).size() == 1);
    CHECK(s.counts().children == countsBefore.children - 1);

    // Tombstones: one per deleted record (answers go with their
    // measurement), every one a deletion of the child, with uuids, kinds
    // and a date only.
    const auto stones = s.tombstones();
    REQUIRE(stones.size() == 1 + 1 + 2 + 1 + 1);  // child, consent, two measurements, background, flag
    for (const auto& t : stones) {
      CHECK(t.deleted);
      CHECK(t.childUuid == goneUuid);
      CHECK_FALSE(t.occasion);
      CHECK_FALSE(t.startedOn);
      CHECK_FALSE(t.finishedOn);
      CHECK(t.changeSeq == stones[0].changeSeq);
    }
    CHECK(std::count_if(stones.begin(), stones.end(), [&](const Tombstone& t) { return t.uuid == goneUuid; }) == 1);
    // The child's code (plaintext while the child existed) is wiped from
    // the file, not only unlinked (secure_delete), and no tombstone holds
    // anything but ids, kinds and a date.
    CHECK(fileBytes(s).find(goneCode) == std::string::npos);
    CHECK(s.database().queryInt("SELECT count(*) FROM tombstone WHERE occasion IS NOT NULL OR started_on IS NOT NULL "
                                "OR finished_on IS NOT NULL") == 0);
    CHECK(s.auditLog(1).at(0).action == AuditAction::ChildDeleted);
  }

  TEST_CASE(
      "deletion tombstones travel in changes until a receipt acknowledges them and purged records become deletions") {
    test::DeviceFixture f("delete-sync");
    DeviceStore& s = f.store();
    const ChildId child = f.childWithConsent("strom", "Mads");
    const core::Project& strom = test::bundledForms().project("strom");
    const MeasurementId m = s.startMeasurement(child, barn(), core::Occasion::Before);
    for (const core::Item* item : barn().itemsFor(strom.dimensions)) s.answer(m, item->id, 3);
    s.finishMeasurement(m, test::bundledForms());
    const std::string measurementUuid = s.measurement(m).uuid;

    // Sent and acknowledged, then purged: a purge tombstone, which never travels.
    const BundleReservation first = s.reserveBundle();
    s.bundleWritten(first.sequence, crypto::Bytes(32, 1));
    s.applyReceipt(1, {first.sequence});
    f.clock.advance(std::chrono::hours(24));
    CHECK(s.purgeAcknowledged(*f.clock.now).measurements == 1);
    REQUIRE(s.tombstones().size() == 1);
    CHECK_FALSE(s.tombstones()[0].deleted);
    CHECK(s.syncStatus().unacknowledgedRecords == 0);

    s.deleteChild(child);
    // The purged measurement's tombstone is now a deletion too (the
    // coordinator must delete its copy), content-free like the rest.
    const auto stones = s.tombstones();
    REQUIRE(stones.size() == 3);  // measurement, consent, child
    for (const auto& t : stones) CHECK(t.deleted);
    const auto status = s.syncStatus();
    CHECK(status.unacknowledgedRecords == 3);
    ChangeSet set = s.changes(status.ackedThrough, status.changeCounter);
    CHECK(set.children.empty());
    CHECK(set.measurements.empty());
    CHECK(set.tombstones.size() == 3);
    CHECK(std::any_of(set.tombstones.begin(), set.tombstones.end(),
                      [&](const Tombstone& t) { return t.uuid == measurementUuid && t.kind == "measurement"; }));

    // A bundle that is not acknowledged leaves them in the next one too.
    const BundleReservation second = s.reserveBundle();
    s.bundleWritten(second.sequence, crypto::Bytes(32, 2));
    const BundleReservation third = s.reserveBundle();
    CHECK(s.changes(third.coversAfter, third.coversThrough).tombstones.size() == 3);
    s.bundleWritten(third.sequence, crypto::Bytes(32, 3));
    s.applyReceipt(2, {third.sequence});
    CHECK(s.syncStatus().unacknowledgedRecords == 0);
    const auto after = s.syncStatus();
    CHECK(s.changes(after.ackedThrough, after.changeCounter).tombstones.empty());
    CHECK(s.tombstones().size() == 3);  // kept, so the device knows what it deleted
  }

  TEST_CASE("deleting a child that does not exist changes nothing and says so") {
    test::DeviceFixture f("delete-missing");
    DeviceStore& s = f.store();
    const ChildId child = f.childWithConsent();
    s.deleteChild(child);
    const auto counter = s.syncStatus().changeCounter;
    SPOR_CHECK_UNCHANGED(f.dir.db(), CHECK_THROWS_WITH_AS(s.deleteChild(child), Contains("it may already have been deleted"),
                                                          NotFoundError));
    CHECK(s.syncStatus().changeCounter == counter);
    s.lock();
    SPOR_CHECK_UNCHANGED(f.dir.db(), CHECK_THROWS_AS(s.deleteChild(child), NotUnlockedError));
  }
}
