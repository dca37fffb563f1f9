// The device store: round trips of every entity, unlocking and the lock-out
// across restarts, consent, resume, tampering, a full disk, a newer schema,
// sync state and purging. Every error a person can cause is checked with its
// message.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <doctest/doctest.h>

#include <algorithm>
#if defined(__unix__)
#include <unistd.h>
#endif

#include "core/occasions.hpp"
#include "core/scoring.hpp"
#include "crypto/box.hpp"
#include "crypto/sign.hpp"
#include "store/error.hpp"
#include "tests/store/store_fixture.hpp"

using namespace spor;
using namespace spor::store;
using doctest::Contains;
using spor::test::DeviceFixture;
using spor::test::FakeClock;
using spor::test::fastOptions;
using spor::test::kPin;
using spor::test::TempDir;
namespace fs = std::filesystem;

namespace {

const core::ChildForm& barn() { return test::bundledForms().primaryChildForm(); }
const core::Project& project(const std::string& id) { return test::bundledForms().project(id); }

core::Date day(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d));
}

// Answers every item of `projectId`'s list with `value`.
void answerAll(DeviceStore& s, MeasurementId m, const std::string& projectId, int value) {
  for (const core::Item* item : barn().itemsFor(project(projectId).dimensions)) s.answer(m, item->id, value);
}

}  // namespace

TEST_SUITE("store") {

TEST_CASE("a new device store has its first volunteer and device keys and a demo recovery key and reopens locked") {
  TempDir dir("create");
  FakeClock clock;
  VolunteerId anna;
  std::string deviceId;
  crypto::SignPublicKey signing;
  {
    CreatedDevice created = DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock));
    DeviceStore& s = created.store;
    anna = created.volunteer;
    CHECK(s.unlocked());
    CHECK(s.actingVolunteer() == anna);
    const DeviceInfo info = s.device();
    CHECK(info.demo);
    CHECK(isUuid(info.deviceId));
    CHECK_FALSE(info.coordinator);
    REQUIRE(created.demoRecoveryKey);
    CHECK(info.recoveryRecipient == created.demoRecoveryKey->publicKey);
    CHECK(info.schemaVersion == 7);
    CHECK(s.signingKey().publicKey == info.signingKey);
    const crypto::Signature sig = crypto::sign(s.signingKey().secretKey, crypto::asBytes("bundle"));
    CHECK(crypto::verify(info.signingKey, crypto::asBytes("bundle"), sig));
    deviceId = info.deviceId;
    signing = info.signingKey;
  }
  DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock));
  CHECK_FALSE(s.unlocked());
  // The lock screen can list volunteers without a PIN.
  REQUIRE(s.volunteers().size() == 1);
  CHECK(s.volunteers()[0].name == "Anna");
  CHECK(s.findVolunteer("anna")->id == anna);
  CHECK(s.device().deviceId == deviceId);
  // Children's data needs the PIN.
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.children(), "the store is locked: a volunteer must unlock it with their PIN first",
                       NotUnlockedError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_AS(s.signingKey(), NotUnlockedError));
  s.unlock(anna, kPin);
  CHECK(s.signingKey().publicKey == signing);
  s.lock();
  CHECK_FALSE(s.unlocked());

  SUBCASE("creating twice, a weak PIN, a missing directory") {
    SPOR_CHECK_UNCHANGED(dir.db(),
                         CHECK_THROWS_WITH_AS(DeviceStore::create(dir.db(), {"Bo", kPin, std::nullopt}, fastOptions(clock)),
                                              ("a device store already exists at '" + dir.db().string() +
                                               "': open it instead, or choose another data directory")
                                                  .c_str(),
                                              InvalidRequestError));
    TempDir other("create2");
    CHECK_THROWS_WITH_AS(DeviceStore::create(other.db(), {"Bo", "1234", std::nullopt}, fastOptions(clock)),
                         Contains("a PIN needs at least 6 digits"), InvalidRequestError);
    CHECK_FALSE(fs::exists(other.db()));  // nothing half-made left behind
    CHECK_THROWS_WITH_AS(DeviceStore::create(other.path / "no" / "device.db", {"Bo", kPin, std::nullopt}),
                         ("the data directory '" + (other.path / "no").string() + "' does not exist: create it first")
                             .c_str(),
                         InvalidRequestError);
    CHECK_THROWS_WITH_AS(DeviceStore::open(other.db()),
                         ("there is no device store at '" + other.db().string() +
                          "': set the device up first (or run 'spor simulate' for a demo one)")
                             .c_str(),
                         NotFoundError);
  }
}

TEST_CASE("a wrong PIN is refused and counted and the lock-out delay survives a restart") {
  TempDir dir("lockout");
  FakeClock clock;
  VolunteerId anna;
  {
    CreatedDevice created = DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock));
    anna = created.volunteer;
  }
  {
    DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock));
    CHECK_THROWS_WITH_AS(s.unlock(anna, "111222"),
                         "wrong PIN or passphrase (1 wrong try in a row): check it and try again", WrongSecretError);
    CHECK_FALSE(s.unlocked());
    for (int i = 2; i <= 4; ++i) CHECK_THROWS_AS(s.unlock(anna, "111222"), WrongSecretError);
    CHECK_THROWS_WITH_AS(s.unlock(anna, "111222"),
                         "wrong PIN or passphrase (5 wrong tries in a row): wait 30 seconds before the next try",
                         WrongSecretError);
  }
  clock.advance(std::chrono::seconds(5));
  {
    // A restart does not reset it: the right PIN is not even tried.
    DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock));
    CHECK(s.lockout().failures == 5);
    CHECK(s.lockout().remaining.count() == 25);
    CHECK_THROWS_WITH_AS(s.unlock(anna, kPin), "too many wrong PINs in a row (5): wait 25 seconds before trying again",
                         LockedOutError);
    clock.advance(std::chrono::seconds(25));
    s.unlock(anna, kPin);
    CHECK(s.unlocked());
    CHECK(s.lockout().failures == 0);
    // The audit log has the failures, and nothing about the PIN.
    const auto log = s.auditLog();
    CHECK(std::count_if(log.begin(), log.end(), [](const AuditEntry& e) {
            return e.action == AuditAction::UnlockFailed;
          }) == 5);
  }
}

TEST_CASE("volunteers: add and unlock as and change PIN and reset PIN and remove") {
  DeviceFixture f("volunteers");
  DeviceStore& s = f.store();
  const VolunteerId bo = s.addVolunteer("Bo", "a long passphrase");
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.addVolunteer("bo", "582914"),
                       "there is already a volunteer called 'bo' on this device: add a surname or an initial",
                       InvalidRequestError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.addVolunteer("", "582914"), "a volunteer's name must not be empty", InvalidRequestError));
  s.unlock(bo, "a long passphrase");
  CHECK(s.actingVolunteer() == bo);

  CHECK_THROWS_AS(s.changePin(bo, "wrong passphrase", "582914"), WrongSecretError);
  s.changePin(bo, "a long passphrase", "582914");
  s.lock();
  CHECK_THROWS_AS(s.unlock(bo, "a long passphrase"), WrongSecretError);
  s.unlock(bo, "582914");

  s.resetPin(f.created.volunteer, "739158");
  s.unlock(f.created.volunteer, "739158");
  s.removeVolunteer(bo);
  CHECK(s.volunteers().size() == 1);
  CHECK(s.volunteers(true).size() == 2);
  CHECK_THROWS_WITH_AS(s.unlock(bo, "582914"),
                       "volunteer 'Bo' was removed from this device and can no longer unlock it", NotFoundError);
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.removeVolunteer(f.created.volunteer),
                       "'Anna' is the only volunteer on this device and cannot be removed: add another volunteer first",
                       InvalidRequestError));
}

TEST_CASE("children round-trip with their details encrypted and codes are unambiguous") {
  DeviceFixture f("children");
  DeviceStore& s = f.store();
  const ChildId id = s.addChild({.details = {.nickname = "Ærlige Åse",
                                             .birthYear = 2013,
                                             .gender = Gender::Girl,
                                             .projectId = "cykelhjelm",
                                             .interventions = {core::Intervention::Group, core::Intervention::Family},
                                             .municipality = "Viborg"},
                                 .enrolledOn = day(2026, 2, 20)});
  Child c = s.child(id);
  CHECK(isChildCode(c.code));
  CHECK(c.details.nickname == "Ærlige Åse");
  CHECK(c.details.birthYear == 2013);
  CHECK(c.details.gender == Gender::Girl);
  CHECK(c.details.projectId == "cykelhjelm");
  CHECK(c.details.interventions ==
        std::vector<core::Intervention>{core::Intervention::Group, core::Intervention::Family});
  CHECK(c.details.municipality == "Viborg");
  CHECK(c.enrolledOn == day(2026, 2, 20));
  CHECK(c.createdBy == f.created.volunteer);
  CHECK(c.rowVersion == 1);

  // Found by code as typed: any case, with or without the dash.
  std::string typed = c.code;
  typed.erase(2, 1);
  std::transform(typed.begin(), typed.end(), typed.begin(), [](char ch) { return static_cast<char>(std::tolower(ch)); });
  CHECK(s.findChild(typed)->id == id);
  CHECK_FALSE(s.findChild("AA-AAAA"));

  // An edit re-seals everything under a new row version.
  s.updateChild(id, {.nickname = std::nullopt, .birthYear = 2012, .gender = std::nullopt, .projectId = "strom",
                     .interventions = {core::Intervention::Individual}});
  c = s.child(id);
  CHECK_FALSE(c.details.nickname);
  CHECK(c.details.birthYear == 2012);
  CHECK_FALSE(c.details.gender);
  CHECK(c.details.municipality.empty());  // not given: none
  CHECK(c.rowVersion == 2);
  CHECK(s.children("strom").size() == 1);
  CHECK(s.children("cykelhjelm").empty());

  for (int i = 0; i < 200; ++i) {
    const std::string code = newChildCode();
    CHECK(isChildCode(code));
    CHECK(code.find_first_of("0O1IL2Z5S8BUV") == std::string::npos);
  }
  CHECK(normaliseChildCode("k7 4qx9") == "K7-4QX9");

  SUBCASE("mistakes in a child's details") {
    SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.addChild({.details = {.projectId = "strom"}}),
                         "choose at least one intervention type for the child (individual, group or family)",
                         InvalidRequestError));
    SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.addChild({.details = {.projectId = "", .interventions = {core::Intervention::Group}}}),
                         "a child needs a project", InvalidRequestError));
    SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(
        s.addChild({.details = {.birthYear = 1950, .projectId = "strom", .interventions = {core::Intervention::Group}}}),
        "birth year 1950 is not plausible for a child in a programme; check it", InvalidRequestError));
    SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.child(ChildId{999}),
                         "there is no child with id 999 on this device (it may have been purged after sync)",
                         NotFoundError));
  }
}

TEST_CASE("a child's municipality is sealed in its own cell and a name too long is refused with nothing changed") {
  DeviceFixture f("municipality");
  DeviceStore& s = f.store();
  const ChildId id = s.addChild({.details = {.birthYear = 2013,
                                             .projectId = "nefos",
                                             .interventions = {core::Intervention::Family},
                                             .municipality = "Middelfart"}});
  Db& db = s.database();
  {
    auto q = db.query("SELECT municipality FROM child WHERE id = ?", id.value);
    REQUIRE(q.next());
    const crypto::Bytes sealed = q.blob(0);
    const std::string raw(sealed.begin(), sealed.end());
    CHECK(raw.find("Middelfart") == std::string::npos);  // encrypted, like the other details
  }
  const std::string tooLong(61, 'x');
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_AS(s.updateChild(id, {.birthYear = 2013,
                                                                    .projectId = "nefos",
                                                                    .interventions = {core::Intervention::Family},
                                                                    .municipality = tooLong}),
                                                 InvalidRequestError));
  CHECK(s.child(id).details.municipality == "Middelfart");
  // Copied to another child's row, the cell does not open.
  const ChildId other = s.addChild({.details = {.birthYear = 2013,
                                                .projectId = "nefos",
                                                .interventions = {core::Intervention::Family},
                                                .municipality = "Odense"}});
  db.run("UPDATE child SET municipality = (SELECT municipality FROM child WHERE id = ?) WHERE id = ?", id.value,
         other.value);
  CHECK_THROWS_WITH_AS(s.child(other), Contains("column municipality"), TamperedError);
}

TEST_CASE("a version 4 store gains the municipality and sharing columns and its children and consents read with none") {
  TempDir dir("v4");
  std::string code;
  {
    CreatedDevice created = DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(FakeClock{}));
    const ChildId id = created.store.addChild(
        {.details = {.birthYear = 2013, .projectId = "strom", .interventions = {core::Intervention::Individual}}});
    code = created.store.child(id).code;
    // The store as schema 4 left it: no municipality column.
    created.store.recordConsent(id, {.givenBy = "mor", .givenOn = day(2026, 1, 5)});
    created.store.database().execScript(
        "ALTER TABLE child DROP COLUMN municipality; ALTER TABLE consent DROP COLUMN sharing; "
        "ALTER TABLE child DROP COLUMN course_end; ALTER TABLE child DROP COLUMN course_ended_on; "
        "ALTER TABLE child DROP COLUMN missed; ALTER TABLE response DROP COLUMN answering_mode; "
        "ALTER TABLE child DROP COLUMN referral; ALTER TABLE child DROP COLUMN feedback");
    created.store.database().setUserVersion(4);
  }
  DeviceStore s = DeviceStore::open(dir.db(), fastOptions(FakeClock{}));
  CHECK(s.device().schemaVersion == 7);
  s.unlock(s.findVolunteer("Anna")->id, kPin);
  const auto child = s.findChild(code);
  REQUIRE(child);
  CHECK(child->details.municipality.empty());
  CHECK(child->details.projectId == "strom");
  const auto consents = s.consents(child->id);
  REQUIRE(consents.size() == 1);
  CHECK(consents[0].givenBy == "mor");
  CHECK_FALSE(consents[0].sharing);
}

TEST_CASE("who helped the child answer: set at the start and changed while open and sealed and refused once finished") {
  DeviceFixture f("answering-mode");
  DeviceStore& s = f.store();
  const ChildId child = f.childWithConsent("empowr");
  const core::Project& p = project("empowr");
  const auto items = barn().itemsFor(p.dimensions);

  // Chosen at the hand-over: stored with the start, sealed.
  const MeasurementId m = s.startMeasurement(child, barn(), core::Occasion::Before, core::AnsweringMode::Alone);
  CHECK(s.measurement(m).answeringMode == core::AnsweringMode::Alone);
  CHECK(s.measurement(m).rowVersion == 1);
  const auto rawMode = [&] {
    auto q = s.database().query("SELECT answering_mode FROM response WHERE id = ?", m.value);
    REQUIRE(q.next());
    const crypto::Bytes b = q.blob(0);
    return std::string(b.begin(), b.end());
  };
  CHECK(rawMode().find("alone") == std::string::npos);

  // Changed by the volunteer while it is open: a new row version and a new
  // change number (so it travels), the note kept.
  s.answer(m, items[0]->id, 3);
  s.setMeasurementNote(m, "Mor sad med");
  const std::int64_t change = s.measurement(m).changeSeq;
  s.setAnsweringMode(m, core::AnsweringMode::Parent);
  Measurement got = s.measurement(m);
  CHECK(got.answeringMode == core::AnsweringMode::Parent);
  CHECK(got.note == "Mor sad med");
  CHECK(got.rowVersion == 3);
  CHECK(got.changeSeq > change);
  CHECK(rawMode().find("parent") == std::string::npos);
  // The same again changes nothing.
  SPOR_CHECK_UNCHANGED(s.path(), s.setAnsweringMode(m, core::AnsweringMode::Parent));
  // A note written after keeps the mode.
  s.setMeasurementNote(m, "");
  CHECK(s.measurement(m).answeringMode == core::AnsweringMode::Parent);
  CHECK_FALSE(s.measurement(m).note.has_value());
  s.pause(m);
  s.setAnsweringMode(m, core::AnsweringMode::Volunteer);  // paused is still open
  CHECK(s.measurement(m).answeringMode == core::AnsweringMode::Volunteer);

  // Finished: refused, nothing changes.
  for (std::size_t i = 1; i < items.size(); ++i) s.answer(m, items[i]->id, 2);
  s.finishMeasurement(m, test::bundledForms());
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.setAnsweringMode(m, core::AnsweringMode::Alone),
                                                      ("the measurement of child " + s.child(child).code +
                                                       " is finished: its answers can no longer be changed")
                                                          .c_str(),
                                                      InvalidRequestError));
  CHECK(s.measurement(m).answeringMode == core::AnsweringMode::Volunteer);

  // Started without one: not recorded. Abandoned: refused too.
  const MeasurementId none = s.startMeasurement(child, barn(), core::Occasion::After);
  CHECK_FALSE(s.measurement(none).answeringMode.has_value());
  s.abandon(none);
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_AS(s.setAnsweringMode(none, core::AnsweringMode::Alone),
                                                 InvalidRequestError));

  // Copied to another measurement's row, the cell does not open.
  const MeasurementId other = s.startMeasurement(child, barn(), core::Occasion::After, core::AnsweringMode::Municipal);
  s.database().run("UPDATE response SET answering_mode = (SELECT answering_mode FROM response WHERE id = ?) WHERE id = ?",
                   m.value, other.value);
  CHECK_THROWS_WITH_AS(s.measurement(other), Contains("column answering_mode"), TamperedError);
}

TEST_CASE("a version 5 store gains the answering_mode column and its measurements read as not recorded") {
  TempDir dir("v5");
  std::string code;
  {
    CreatedDevice created = DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(FakeClock{}));
    const ChildId id = created.store.addChild(
        {.details = {.birthYear = 2013, .projectId = "strom", .interventions = {core::Intervention::Individual}}});
    code = created.store.child(id).code;
    created.store.recordConsent(id, {.givenBy = "mor", .givenOn = day(2026, 1, 5)});
    const MeasurementId m = created.store.startMeasurement(id, barn(), core::Occasion::Before);
    created.store.setMeasurementNote(m, "før version 6");
    // The store as schema 5 left it: no answering_mode column.
    created.store.database().execScript(
        "ALTER TABLE response DROP COLUMN answering_mode; ALTER TABLE child DROP COLUMN referral; "
        "ALTER TABLE child DROP COLUMN feedback");
    created.store.database().setUserVersion(5);
  }
  DeviceStore s = DeviceStore::open(dir.db(), fastOptions(FakeClock{}));
  CHECK(s.device().schemaVersion == 7);
  s.unlock(s.findVolunteer("Anna")->id, kPin);
  const auto child = s.findChild(code);
  REQUIRE(child);
  const auto ms = s.measurements(child->id);
  REQUIRE(ms.size() == 1);
  CHECK_FALSE(ms[0].answeringMode.has_value());
  CHECK(ms[0].note == "før version 6");
  // The volunteer can still say who helps, while it is open.
  s.setAnsweringMode(ms[0].id, core::AnsweringMode::Volunteer);
  CHECK(s.measurement(ms[0].id).answeringMode == core::AnsweringMode::Volunteer);
  CHECK(s.measurement(ms[0].id).note == "før version 6");
}

TEST_CASE("consent records who and when and for what and by whom and gates questionnaires and background forms") {
  DeviceFixture f("consent");
  DeviceStore& s = f.store();
  const ChildId id = s.addChild({.details = {.projectId = "strom", .interventions = {core::Intervention::Individual}}});
  const std::string code = s.child(id).code;
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.startMeasurement(id, barn(), core::Occasion::Before),
                       ("child " + code +
                        " has no parental consent for questionnaires: record who gave consent, and when, before the "
                        "first measurement")
                           .c_str(),
                       NoConsentError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.startBackground(id, *test::bundledForms().background),
                       ("child " + code +
                        " has no parental consent for the background form: record who gave consent, and when, first")
                           .c_str(),
                       NoConsentError));
  CHECK(s.history(id).consent == false);

  const ConsentId consent =
      s.recordConsent(id, {.givenBy = "far", .givenOn = day(2026, 3, 1), .backgroundForm = false});
  const auto list = s.consents(id);
  REQUIRE(list.size() == 1);
  CHECK(list[0].givenBy == "far");
  CHECK_FALSE(list[0].sharing);
  CHECK(list[0].givenOn == day(2026, 3, 1));
  CHECK(list[0].questionnaires);
  CHECK_FALSE(list[0].backgroundForm);
  CHECK(list[0].recordedBy == f.created.volunteer);
  CHECK(list[0].active());
  CHECK(s.hasConsent(id));
  CHECK_FALSE(s.hasConsent(id, true));
  CHECK_NOTHROW(s.startMeasurement(id, barn(), core::Occasion::Before));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_AS(s.startBackground(id, *test::bundledForms().background), NoConsentError));

  s.withdrawConsent(consent, day(2026, 3, 2));
  CHECK_FALSE(s.hasConsent(id));
  CHECK(s.consents(id)[0].withdrawnOn == day(2026, 3, 2));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_AS(s.startMeasurement(id, barn(), core::Occasion::After), NoConsentError));

  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.recordConsent(id, {.givenBy = "mor", .givenOn = day(2030, 1, 1)}),
                       "the consent date 2030-01-01 is in the future: enter the date the consent was given",
                       InvalidRequestError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.recordConsent(id, {.givenBy = " ", .givenOn = day(2026, 1, 1)}),
                       "who gave consent (for example 'mor', 'far' or a guardian's name) must not be empty",
                       InvalidRequestError));
  // Who gave it is one of the five (issue 14): a name is not.
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.recordConsent(id, {.givenBy = "far (Henrik)", .givenOn = day(2026, 1, 1)}),
                       "'far (Henrik)' is not who can give consent: use mor, far, begge forældre, værge or den unge",
                       InvalidRequestError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.recordConsent(id, {.givenBy = "mor", .givenOn = day(2026, 1, 1),
                                                                         .questionnaires = false, .backgroundForm = false}),
                       Contains("consent must cover the questionnaires, the background form or sharing"),
                       InvalidRequestError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.recordConsent(ChildId{4242}, {.givenBy = "mor", .givenOn = day(2026, 1, 1)}),
                       Contains("there is no child with id 4242"), NotFoundError));
}

TEST_CASE("consent to share information with the municipality is a consent of its own and does not open the questionnaires") {
  DeviceFixture f("sharing");
  DeviceStore& s = f.store();
  const ChildId id = s.addChild({.details = {.birthYear = 2007, .projectId = "nefos",
                                             .interventions = {core::Intervention::Individual}}});
  s.recordConsent(id, {.givenBy = "den unge", .givenOn = day(2026, 1, 5), .questionnaires = false,
                       .backgroundForm = false, .sharing = true});
  CHECK_FALSE(s.hasConsent(id));  // sharing alone lets no questionnaire start
  s.recordConsent(id, {.givenBy = "den unge", .givenOn = day(2026, 1, 6)});
  CHECK(s.hasConsent(id));
  const auto list = s.consents(id);
  REQUIRE(list.size() == 2);
  CHECK(list[0].sharing);
  CHECK_FALSE(list[0].questionnaires);
  CHECK(list[0].givenBy == "den unge");
  CHECK_FALSE(list[1].sharing);
}

TEST_CASE("how a course ended: an end before the start or without its reason is refused and nothing changes") {
  DeviceFixture f("course-end");
  DeviceStore& s = f.store();
  const ChildId id = s.addChild({.details = {.birthYear = 2013, .projectId = "strom",
                                             .interventions = {core::Intervention::Individual}},
                                 .enrolledOn = day(2026, 1, 10)});
  using core::CourseEnd;
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(
                                     s.endCourse(id, {CourseEnd::Completed, std::nullopt, day(2026, 1, 9)}),
                                     "the course cannot end on 2026-01-09, before it started on 2026-01-10: enter the "
                                     "day it ended; nothing was changed",
                                     InvalidRequestError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_AS(s.endCourse(id, {CourseEnd::StoppedEarly, std::nullopt, day(2026, 2, 1)}),
                                                 InvalidRequestError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_AS(s.endCourse(id, {CourseEnd::Bridged, core::StopReason::Moved,
                                                                  day(2026, 2, 1)}),
                                                 InvalidRequestError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_AS(s.endCourse(id, {CourseEnd::Completed, std::nullopt, day(2026, 12, 1)}),
                                                 InvalidRequestError));  // the future
  try {
    s.endCourse(id, {CourseEnd::Completed, std::nullopt, day(2026, 1, 9)});
  } catch (const InvalidRequestError& e) {
    CHECK(render(e.message(), Lang::Da) == "forløbet kan ikke slutte den 2026-01-09, før det begyndte den 2026-01-10: "
                                           "angiv den dag, det sluttede; der er ikke ændret noget");
  }
  CHECK_FALSE(s.child(id).courseEnd);

  s.endCourse(id, {CourseEnd::StoppedEarly, core::StopReason::DidNotFit, day(2026, 2, 1)});
  s.recordMissed(id, core::Occasion::After, core::MissedReason::CourseEnded);
  const Child c = s.child(id);
  REQUIRE(c.courseEnd);
  CHECK(*c.courseEnd == CourseEndInfo{CourseEnd::StoppedEarly, core::StopReason::DidNotFit, day(2026, 2, 1)});
  CHECK(c.missed == std::map<core::Occasion, core::MissedReason>{{core::Occasion::After, core::MissedReason::CourseEnded}});
  CHECK(c.rowVersion == 3);  // every cell sealed again at each change
  CHECK(c.details.projectId == "strom");
  // Sealed: the reason is not in the file as text.
  auto q = s.database().query("SELECT course_end FROM child WHERE id = ?", id.value);
  REQUIRE(q.next());
  const crypto::Bytes sealed = q.blob(0);
  CHECK(std::string(sealed.begin(), sealed.end()).find("did_not_fit") == std::string::npos);
}

TEST_CASE("a measurement stores answers one by one and changed answers get a new version and it resumes and scores") {
  DeviceFixture f("measurement");
  DeviceStore& s = f.store();
  const ChildId child = f.childWithConsent("empowr");
  const core::Project& p = project("empowr");
  const auto items = barn().itemsFor(p.dimensions);
  const MeasurementId m = s.startMeasurement(child, barn(), core::Occasion::Before);
  CHECK(s.resumeIndex(m, barn(), p) == 0u);

  s.answer(m, items[0]->id, 3);
  f.clock.advance(std::chrono::seconds(4));
  s.answer(m, items[1]->id, std::nullopt);
  s.answer(m, items[2]->id, 1);
  CHECK(s.resumeIndex(m, barn(), p) == 3u);

  // Going back and changing an answer updates the row under a new version.
  const std::string firstUuid = s.measurement(m).answers[0].uuid;
  s.answer(m, items[0]->id, 4);
  Measurement got = s.measurement(m);
  REQUIRE(got.answers.size() == 3);
  CHECK(got.answers[0].uuid == firstUuid);
  CHECK(got.answers[0].value == 4);
  CHECK(got.answers[0].rowVersion == 2);
  CHECK(got.answers[1].declined());
  CHECK(got.answers[1].answeredAt == *f.clock.now);
  CHECK(got.state == ResponseState::InProgress);
  CHECK(got.occasion == core::Occasion::Before);
  CHECK(got.formId == "barn");
  CHECK(got.formVersion == barn().version);
  CHECK(got.projectId == "empowr");
  CHECK(got.helpedBy == f.created.volunteer);
  CHECK(got.childUuid == s.child(child).uuid);

  // Pause and resume at the first unanswered item, after a restart.
  s.pause(m);
  CHECK(s.measurement(m).state == ResponseState::Paused);
  CHECK(s.unfinishedMeasurements() == std::vector<MeasurementId>{m});
  {
    DeviceStore again = DeviceStore::open(f.dir.db(), fastOptions(f.clock));
    again.unlock(f.created.volunteer, kPin);
    CHECK(again.resumeIndex(m, barn(), p) == 3u);
    for (std::size_t i = 3; i < items.size(); ++i) again.answer(m, items[i]->id, 2);
    CHECK(again.measurement(m).state == ResponseState::InProgress);
    CHECK_FALSE(again.resumeIndex(m, barn(), p));
    again.setMeasurementNote(m, "Barnet var træt i dag");
    again.finishMeasurement(m, test::bundledForms());
  }
  got = s.measurement(m);
  CHECK(got.state == ResponseState::Finished);
  CHECK(got.finishedAt == *f.clock.now);
  CHECK(got.note == "Barnet var træt i dag");
  CHECK(s.unfinishedMeasurements().empty());

  // Item values leave out the declined item; scores come from core.
  const core::ItemValues values = s.itemValues(m);
  CHECK(values.size() == items.size() - 1);
  CHECK(values.count(items[1]->id) == 0);
  CHECK(values.at(items[0]->id) == 4);
  const auto scores = core::scoreMeasurement(barn(), p, values, test::bundledForms().scoring);
  CHECK(scores.size() == p.dimensions.size());

  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.answer(m, items[0]->id, 2),
                       ("the measurement of child " + s.child(child).code +
                        " is finished: its answers can no longer be changed")
                           .c_str(),
                       InvalidRequestError));
  const MeasurementId m2 = s.startMeasurement(child, barn(), core::Occasion::After);
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.answer(m2, items[0]->id, 0),
                       ("answer value 0 for '" + items[0]->id + "' is not on the scale (values start at 1)").c_str(),
                       InvalidRequestError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.answer(m2, "Psykisk 1", 2), "'Psykisk 1' is not an item id (like 'psykisk_1')",
                       InvalidRequestError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.answer(MeasurementId{777}, items[0]->id, 2),
                       "there is no measurement with id 777 on this device (it may have been purged after sync)",
                       NotFoundError));
  s.abandon(m2);
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.answer(m2, items[0]->id, 2),
                       ("the measurement of child " + s.child(child).code + " was abandoned: start a new one").c_str(),
                       InvalidRequestError));
  CHECK(s.measurements(child).size() == 2);
}

TEST_CASE("the child's history drives core::dueMeasurements") {
  DeviceFixture f("history");
  DeviceStore& s = f.store();
  const core::Project& p = project("strom");
  const ChildId child = f.childWithConsent("strom");
  const auto& rules = test::bundledForms().scoring;
  const core::Date today = std::chrono::floor<std::chrono::days>(*f.clock.now);

  auto due = core::dueMeasurements(p, rules, s.history(child), today);
  CHECK(due[0].task == core::Task::Background);
  CHECK(due[0].state == core::DueState::DueNow);
  CHECK(due[1].task == core::Task::Before);
  CHECK(due[1].state == core::DueState::DueNow);

  const BackgroundId b = s.startBackground(child, *test::bundledForms().background);
  s.answer(b, "gender", {.codes = {2}});
  s.finish(b);
  const MeasurementId m = s.startMeasurement(child, barn(), core::Occasion::Before);
  answerAll(s, m, "strom", 3);
  due = core::dueMeasurements(p, rules, s.history(child), today);
  CHECK(due[0].state == core::DueState::Done);
  CHECK(due[1].state == core::DueState::InProgress);
  s.finishMeasurement(m, test::bundledForms());
  const core::ChildHistory h = s.history(child);
  CHECK(h.consent);
  CHECK(h.backgroundDone == today);
  REQUIRE(h.measurements.size() == 1);
  CHECK(h.measurements[0].finished == today);
  due = core::dueMeasurements(p, rules, h, today);
  CHECK(due[1].state == core::DueState::Done);
}

TEST_CASE("background and fidelity forms round-trip with free text encrypted") {
  DeviceFixture f("forms");
  DeviceStore& s = f.store();
  const ChildId child = f.childWithConsent();
  const core::BackgroundForm& bg = *test::bundledForms().background;
  const BackgroundId b = s.startBackground(child, bg);
  s.answer(b, "birth_year", {.number = 2014});
  s.answer(b, "difficulties", {.codes = {1, 3}, .text = "ordblind, og andet"});
  s.answer(b, "home_language", {.declined = true});
  s.answer(b, "difficulties", {.codes = {1}, .text = "ordblind"});  // changed
  s.finish(b);
  BackgroundResponse got = s.background(b);
  CHECK(got.formId == "baggrund");
  CHECK(got.state == ResponseState::Finished);
  REQUIRE(got.answers.size() == 3);
  CHECK(got.answers[0].value == FormValue{.number = 2014});
  CHECK(got.answers[1].value == FormValue{.codes = {1}, .text = "ordblind"});
  CHECK(got.answers[1].rowVersion == 2);
  CHECK(got.answers[2].value.declined);
  CHECK(s.backgrounds(child).size() == 1);
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.answer(b, "gender", {.codes = {0}}),
                       "option code 0 for 'gender' is not valid (codes start at 1)", InvalidRequestError));

  const FidelityId fid = s.startFidelity({.projectId = "strom", .formId = "fidelitet_strom", .formVersion = 1,
                                          .onDate = day(2026, 2, 27)});
  s.answer(fid, "strom_f01", 5);
  s.answer(fid, "strom_f02", std::nullopt);
  s.finish(fid);
  const FidelityResponse fr = s.fidelity(fid);
  CHECK(fr.onDate == day(2026, 2, 27));
  CHECK(fr.answeredBy == f.created.volunteer);
  REQUIRE(fr.answers.size() == 2);
  CHECK(fr.answers[0].value == 5);
  CHECK(fr.answers[1].declined());
  CHECK(s.fidelityResponses("strom").size() == 1);
  CHECK(s.fidelityResponses("empowr").empty());
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.answer(FidelityId{b.value}, "strom_f01", 3),
                       Contains("there is no fidelity form with id"), NotFoundError));
}

TEST_CASE("one answer path refuses what does not fit the kind of form and changes nothing") {
  DeviceFixture f("kinds");
  DeviceStore& s = f.store();
  const ChildId child = f.childWithConsent("strom");
  const MeasurementId m = s.startMeasurement(child, barn(), core::Occasion::Before);
  const BackgroundId b = s.startBackground(child, *test::bundledForms().background);
  const FidelityId fid = s.startFidelity({.projectId = "strom", .formId = "fidelitet_strom", .formVersion = 1,
                                          .onDate = day(2026, 2, 27)});
  // A scale value for a background question, a form value for a scale item.
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.answer(b, "gender", 2),
                       Contains("'gender' is a question of a background form"), InvalidRequestError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.answer(fid, "strom_f01", FormValue{.codes = {2}}),
                       Contains("'strom_f01' is an item of a fidelity form"), InvalidRequestError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.answer(fid, "strom_f01", 0),
                       "answer value 0 for 'strom_f01' is not on the scale (values start at 1)",
                       InvalidRequestError));
  // Only a measurement is paused or abandoned; it finishes with its flags.
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.pause(b), Contains("a background form cannot be paused"),
                                                      InvalidRequestError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.abandon(fid), Contains("a fidelity form cannot be abandoned"),
                                                      InvalidRequestError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.finish(m), Contains("finishMeasurement"), InvalidRequestError));
  // The kind travels with the id: a background form's row is no measurement.
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.pause(ResponseId{ResponseKind::Child, b.value}),
                       Contains("there is no measurement with id"), NotFoundError));
  // The same path answers and declines every kind.
  s.answer(m, "psykisk_1", std::nullopt);
  s.answer(fid, "strom_f01", std::nullopt);
  s.answer(b, "gender", FormValue{.declined = true});
  CHECK(s.measurement(m).answers.at(0).declined());
  CHECK(s.fidelity(fid).answers.at(0).declined());
  CHECK(s.background(b).answers.at(0).value.declined);
  s.pause(m);
  CHECK(s.measurement(m).state == ResponseState::Paused);
  s.finish(b);
  s.finish(fid);
  s.abandon(m);
  CHECK(s.measurement(m).state == ResponseState::Abandoned);
  CHECK(s.background(b).state == ResponseState::Finished);
  CHECK(s.fidelity(fid).state == ResponseState::Finished);
}

TEST_CASE("safeguarding flags are raised once per dimension with content encrypted and seen by a volunteer") {
  DeviceFixture f("flags");
  DeviceStore& s = f.store();
  const ChildId child = f.childWithConsent("empowr");
  const core::Project& p = project("empowr");
  const MeasurementId m = s.startMeasurement(child, barn(), core::Occasion::Before);
  for (const core::Item* item : barn().itemsFor(p.dimensions))
    s.answer(m, item->id, item->dimension == "selvskade" ? 4 : 3);
  auto flags = s.finishMeasurement(m, barn(), p, test::bundledForms().scoring);
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].dimension == "selvskade");
  CHECK_FALSE(flags[0].items.empty());
  CHECK(flags[0].score == 4.0);
  CHECK(flags[0].scoreAtOrAboveThreshold);
  CHECK(flags[0].measurement == m);
  CHECK_FALSE(flags[0].seenAt);
  // Finishing again raises nothing new.
  CHECK(s.finishMeasurement(m, barn(), p, test::bundledForms().scoring).empty());
  CHECK(s.flags(child).size() == 1);
  CHECK(s.unseenFlags().size() == 1);
  s.markFlagSeen(flags[0].id);
  s.setFlagNote(flags[0].id, "Talt med projektlederen");
  flags = s.flags(child);
  CHECK(flags[0].seenBy == f.created.volunteer);
  CHECK(flags[0].note == "Talt med projektlederen");
  CHECK(flags[0].dimension == "selvskade");
  CHECK(flags[0].rowVersion == 2);
  CHECK(s.unseenFlags().empty());
}

TEST_CASE("finishing a measurement and raising its flags is one transaction: a failed flag step undoes the finish") {
  DeviceFixture f("finish-flags");
  DeviceStore& s = f.store();
  const ChildId child = f.childWithConsent("empowr");
  const core::Project& p = project("empowr");
  const MeasurementId m = s.startMeasurement(child, barn(), core::Occasion::Before);
  for (const core::Item* item : barn().itemsFor(p.dimensions))
    s.answer(m, item->id, item->dimension == "selvskade" ? 4 : 3);
  const std::int64_t changesBefore = s.syncStatus().changeCounter;
  const std::size_t auditBefore = s.auditLog().size();

  // A failure injected into the flag step, after the finish has been written
  // in the same transaction: the flag's INSERT is refused.
  s.database().execScript(
      "CREATE TEMP TRIGGER fail_flag BEFORE INSERT ON main.safeguarding_flag "
      "BEGIN SELECT RAISE(ABORT, 'injected failure in the flag step'); END;");
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.finishMeasurement(m, barn(), p, test::bundledForms().scoring),
                       Contains("injected failure in the flag step"), SqliteError));
  // Rolled back with it: not finished, no flag, no change, no audit entry.
  CHECK(s.measurement(m).state == ResponseState::InProgress);
  CHECK_FALSE(s.measurement(m).finishedAt);
  CHECK(s.flags(child).empty());
  CHECK(s.syncStatus().changeCounter == changesBefore);
  CHECK(s.auditLog().size() == auditBefore);

  // Once the failure is gone, the same call finishes it and returns the flag it raised.
  s.database().execScript("DROP TRIGGER temp.fail_flag");
  const auto raised = s.finishMeasurement(m, barn(), p, test::bundledForms().scoring);
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].dimension == "selvskade");
  CHECK(s.measurement(m).state == ResponseState::Finished);
  CHECK(s.flags(child).size() == 1);

  // A measurement whose answers cross nothing finishes with no flags.
  const MeasurementId calm = s.startMeasurement(child, barn(), core::Occasion::Progression);
  for (const core::Item* item : barn().itemsFor(p.dimensions))
    s.answer(calm, item->id, item->dimension == "selvskade" || item->dimension == "selvmordsadfaerd" ? 1 : 3);
  CHECK(s.finishMeasurement(calm, test::bundledForms()).empty());
  // Finishing with another form than it was started with is refused and changes nothing.
  const MeasurementId other = s.startMeasurement(child, barn(), core::Occasion::After);
  core::ChildForm changed = barn();
  changed.version += 1;
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.finishMeasurement(other, changed, p, test::bundledForms().scoring),
                       Contains("was started with form 'barn' version"), InvalidRequestError));
  CHECK(s.measurement(other).state == ResponseState::InProgress);
}

TEST_CASE("the audit log says who did what when and never holds values or names") {
  DeviceFixture f("audit");
  DeviceStore& s = f.store();
  const ChildId child = f.childWithConsent("strom", "Kaspar");
  const MeasurementId m = s.startMeasurement(child, barn(), core::Occasion::Before);
  s.answer(m, "psykisk_1", 3);
  s.finishMeasurement(m, test::bundledForms());
  const auto log = s.auditLog();
  std::vector<std::string> actions;
  for (const auto& e : log) actions.push_back(auditActionId(e.action));
  std::reverse(actions.begin(), actions.end());
  CHECK(actions == std::vector<std::string>{"device_created", "volunteer_added", "child_created", "consent_recorded",
                                            "measurement_started", "measurement_finished"});
  CHECK(log[0].volunteer == f.created.volunteer);
  CHECK(log[0].subject == s.measurement(m).uuid);
  for (auto q = s.database().query("SELECT action || coalesce(subject, '') FROM audit"); q.next();)
    CHECK(q.text(0).find("Kaspar") == std::string::npos);
}

TEST_CASE("a changed ciphertext or one copied between rows fails with a message naming the place") {
  DeviceFixture f("tamper");
  DeviceStore& s = f.store();
  const ChildId a = f.childWithConsent("strom", "Alma");
  const ChildId b = f.childWithConsent("strom", "Bertil");
  const std::string codeA = s.child(a).code;
  Db& db = s.database();

  SUBCASE("a flipped bit in a nickname") {
    db.run("UPDATE child SET nickname = CAST(substr(nickname, 1, 30) || X'FF' || substr(nickname, 32) AS BLOB) WHERE id = ?",
           a.value);
    SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.child(a),
                         ("cannot decrypt child " + codeA +
                          ", column nickname: the stored value was changed or damaged, or copied from another row or "
                          "an older version of this one; nothing was changed. Restore the database from a good copy, "
                          "or ask the coordinator for help")
                             .c_str(),
                         TamperedError));
    CHECK(s.child(b).details.nickname == "Bertil");  // the rest still reads
  }
  SUBCASE("a nickname swapped between two children") {
    db.run("UPDATE child SET nickname = (SELECT nickname FROM child WHERE id = ?) WHERE id = ?", b.value, a.value);
    const std::string expected = "cannot decrypt child " + codeA + ", column nickname";
    SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.child(a), Contains(expected.c_str()), TamperedError));
  }
  SUBCASE("an answer swapped between two measurements, and an old version restored") {
    const MeasurementId ma = s.startMeasurement(a, barn(), core::Occasion::Before);
    const MeasurementId mb = s.startMeasurement(b, barn(), core::Occasion::Before);
    s.answer(ma, "psykisk_1", 1);
    s.answer(mb, "psykisk_1", 4);
    const crypto::Bytes v1 = [&] {
      auto q = db.query("SELECT value FROM answer WHERE response_id = ?", ma.value);
      REQUIRE(q.next());
      return q.blob(0);
    }();
    db.run("UPDATE answer SET value = (SELECT value FROM answer WHERE response_id = ?) WHERE response_id = ?",
           mb.value, ma.value);
    SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.measurement(ma),
                         ("cannot decrypt the answer to 'psykisk_1' in the measurement of child " + codeA +
                          ", column value: the stored value was changed or damaged, or copied from another row or an "
                          "older version of this one; nothing was changed. Restore the database from a good copy, or "
                          "ask the coordinator for help")
                             .c_str(),
                         TamperedError));
    db.run("UPDATE answer SET value = ? WHERE response_id = ?", v1, ma.value);
    CHECK(s.measurement(ma).answers[0].value == 1);
    s.answer(ma, "psykisk_1", 2);  // version 2
    db.run("UPDATE answer SET value = ? WHERE response_id = ?", v1, ma.value);  // version 1 put back
    SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_AS(s.itemValues(ma), TamperedError));
  }
}

TEST_CASE("a full disk while answering gives a clear error and every answer saved before is intact") {
  DeviceFixture f("full");
  DeviceStore& s = f.store();
  const ChildId child = f.childWithConsent("empowr");
  const MeasurementId m = s.startMeasurement(child, barn(), core::Occasion::Before);
  const auto items = barn().itemsFor(project("empowr").dimensions);
  s.answer(m, items[0]->id, 2);
  s.database().setMaxPageCount(s.database().pageCount());
  std::size_t saved = 1;
  CHECK_THROWS_WITH_AS(
      [&] {
        for (std::size_t i = 1; i < items.size(); ++i) {
          s.setMeasurementNote(m, std::string(1000 * i, 'x'));  // grows the file quickly
          s.answer(m, items[i]->id, 3);
          ++saved;
        }
      }(),
      "'device.db': the disk is full (SQLITE_FULL (13): database or disk is full): this change was not saved, and "
      "everything saved before it is safe; free some space on the device and try again",
      DiskFullError);
  s.database().setMaxPageCount(1'000'000);
  CHECK(s.measurement(m).answers.size() == saved);
  CHECK(s.database().integrityCheck() == "ok");
  REQUIRE(saved < items.size());
  s.answer(m, items[saved]->id, 3);  // works again once there is room
}

TEST_CASE("a store written by a newer Spor is refused untouched and another file is not a device store") {
  TempDir dir("newer");
  {
    CreatedDevice created = DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(FakeClock{}));
    // What a newer Spor's migration would do: a new table, a higher version.
    created.store.database().execScript("CREATE TABLE from_the_future(x INTEGER)");
    created.store.database().setUserVersion(99);
  }
  SPOR_CHECK_UNCHANGED(dir.db(), CHECK_THROWS_WITH_AS(DeviceStore::open(dir.db()),
                       "'device.db' has schema version 99, but this Spor knows device store versions up to 7: it was "
                       "written by a newer Spor. Update Spor on this device; nothing was changed",
                       SchemaTooNewError));
  // A flipped bit in the version number (7 -> 7 + 2^n) is damage, not a newer Spor.
  for (const int flipped : {15, 23, 39, 71, 7 + (1 << 20)}) {
    const TempDir flip("flipped");
    {
      CreatedDevice created = DeviceStore::create(flip.db(), {"Anna", kPin, std::nullopt}, fastOptions(FakeClock{}));
      created.store.database().setUserVersion(flipped);
    }
    SPOR_CHECK_UNCHANGED(flip.db(), CHECK_THROWS_WITH_AS(DeviceStore::open(flip.db()),
                         ("'device.db' says its schema version is " + std::to_string(flipped) +
                          ", but its tables are exactly those of version 7: the version number in the file is damaged, "
                          "it was not written by a newer Spor. Nothing was changed. Copy the file to a safe place and "
                          "contact the coordinator; updating Spor will not help").c_str(),
                         StoreError));
  }
  const fs::path other = dir.path / "photos.db";
  {
    Db db(other);
    db.execScript("CREATE TABLE photo(x INTEGER)");
  }
  SPOR_CHECK_UNCHANGED(other, CHECK_THROWS_WITH_AS(DeviceStore::open(other),
                                                  "'photos.db' is not a Spor device store (it is some other SQLite "
                                                  "database): check the data directory; nothing was changed",
                                                  WrongDatabaseError));
}

TEST_CASE("enrolment stores the coordinator's keys and re-seals the recovery copy and recovery restores access") {
  DeviceFixture f("enrol");
  DeviceStore& s = f.store();
  const ChildId child = f.childWithConsent("strom", "Ida");
  const crypto::BoxKeyPair recovery = crypto::generateBoxKey();
  const CoordinatorKeys keys{crypto::generateBoxKey().publicKey, crypto::generateSigningKey().publicKey,
                             crypto::generateSigningKey().publicKey, recovery.publicKey};
  s.enrol(keys);
  CHECK_FALSE(s.device().demo);
  CHECK(s.device().coordinator == keys);
  CHECK(s.device().recoveryRecipient == recovery.publicKey);
  s.enrol(keys);  // the same again is fine
  CoordinatorKeys other = keys;
  other.recovery = crypto::generateBoxKey().publicKey;
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.enrol(other), Contains("this device is already enrolled with another coordinator"),
                       InvalidRequestError));

  // Every volunteer is gone (or forgot): the coordinator's recovery key lets a new one in.
  DeviceStore locked = DeviceStore::open(f.dir.db(), fastOptions(f.clock));
  for (int i = 0; i < 5; ++i) CHECK_THROWS_AS(locked.unlock(f.created.volunteer, "999999"), WrongSecretError);
  SPOR_CHECK_UNCHANGED(f.dir.db(),
                       CHECK_THROWS_AS(locked.recoverAccess(*f.created.demoRecoveryKey, "Carl", "582914"), TamperedError));
  const VolunteerId carl = locked.recoverAccess(recovery, "Carl", "582914");
  CHECK(locked.unlocked());
  CHECK(locked.lockout().failures == 0);
  CHECK(locked.child(child).details.nickname == "Ida");
  locked.lock();
  locked.unlock(carl, "582914");
}

TEST_CASE("sync state: bundle numbers and changes since and receipts and purge with tombstones") {
  DeviceFixture f("sync");
  DeviceStore& s = f.store();
  const ChildId child = f.childWithConsent("strom", "Mille");
  const MeasurementId m = s.startMeasurement(child, barn(), core::Occasion::Before);
  answerAll(s, m, "strom", 3);
  s.finishMeasurement(m, test::bundledForms());

  SyncStatus st = s.syncStatus();
  CHECK(st.nextSequence == 1);
  CHECK(st.ackedThrough == 0);
  CHECK(st.unacknowledgedRecords > 0);
  const BundleReservation r1 = s.reserveBundle();
  CHECK(r1.sequence == 1);
  CHECK(r1.previousHash.empty());
  CHECK(r1.coversAfter == 0);
  CHECK(r1.coversThrough == st.changeCounter);
  ChangeSet set = s.changes(r1.coversAfter, r1.coversThrough);
  REQUIRE(set.children.size() == 1);
  CHECK_FALSE(set.children[0].details.nickname);  // never leaves the device
  CHECK(set.consents.size() == 1);
  REQUIRE(set.measurements.size() == 1);
  CHECK(set.measurements[0].answers.size() == barn().itemsFor(project("strom").dimensions).size());
  CHECK(set.volunteers.size() == 1);
  const crypto::Bytes hash1(32, 0xab);
  s.bundleWritten(1, hash1);
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.bundleWritten(1, hash1),
                       "bundle 1 was not reserved on this device, or is already written", InvalidRequestError));

  // A change after the bundle was made: one answer. The next bundle chains to the first.
  const MeasurementId m2 = s.startMeasurement(child, barn(), core::Occasion::After);
  s.answer(m2, "psykisk_1", 2);
  const BundleReservation r2 = s.reserveBundle();
  CHECK(r2.sequence == 2);
  CHECK(r2.previousHash == hash1);
  set = s.changes(r2.coversAfter, r2.coversThrough);
  CHECK(set.measurements.size() == 2);  // nothing acknowledged yet: all again

  // A receipt for bundle 1: the first measurement is acknowledged and can be purged.
  s.applyReceipt(1, {1});
  CHECK(s.syncStatus().ackedThrough == r1.coversThrough);
  CHECK(s.syncStatus().lastReceipt == 1);
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.applyReceipt(1, {1}),
                       "this receipt (number 1) is not newer than the last one applied (number 1): it was replayed or "
                       "is older; nothing was changed",
                       InvalidRequestError));
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.acknowledgeBundle(9),
                       "this device never wrote bundle 9: the receipt is for another device, or damaged",
                       NotFoundError));
  set = s.changes(s.syncStatus().ackedThrough, s.syncStatus().changeCounter);
  CHECK(set.measurements.size() == 1);
  CHECK(set.measurements[0].id == m2);

  const std::string uuid = s.measurement(m).uuid;
  f.clock.advance(std::chrono::hours(24));
  PurgeResult purged = s.purgeAcknowledged(*f.clock.now);
  CHECK(purged.measurements == 1);
  CHECK(purged.answers == barn().itemsFor(project("strom").dimensions).size());
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_AS(s.measurement(m), NotFoundError));
  const auto tombs = s.tombstones();
  REQUIRE(tombs.size() == 1);
  CHECK(tombs[0].uuid == uuid);
  CHECK(tombs[0].kind == "measurement");
  CHECK(tombs[0].occasion == core::Occasion::Before);
  // The checklist still knows før was taken.
  const core::ChildHistory h = s.history(child);
  CHECK(std::count_if(h.measurements.begin(), h.measurements.end(),
                      [](const core::MeasurementSummary& x) { return x.occasion == core::Occasion::Before && x.finished; }) == 1);
  // The unacknowledged measurement stays.
  CHECK(s.purgeAcknowledged(*f.clock.now).measurements == 0);
  CHECK(s.measurement(m2).answers.size() == 1);
  CHECK(s.database().integrityCheck() == "ok");
}

TEST_CASE("the example at the top of device_store.hpp works as written") {
  TempDir dir("example");
  const fs::path path = dir.db();
  const core::FormSet& forms = test::bundledForms();
  DeviceStoreOptions options;
  options.kdf = crypto::KdfParams::testFast();
  auto created = DeviceStore::create(path, {.volunteerName = "Anna", .pin = "204913"}, options);
  DeviceStore& store = created.store;  // unlocked as Anna
  ChildId child = store.addChild({.details = {.nickname = "Mads", .projectId = "strom",
                                              .interventions = {core::Intervention::Individual}}});
  store.recordConsent(child, {.givenBy = "mor", .givenOn = core::today()});
  MeasurementId m = store.startMeasurement(child, forms.primaryChildForm(), core::Occasion::Before);
  store.answer(m, "psykisk_1", 3);
  store.answer(m, "psykisk_2", std::nullopt);
  store.finishMeasurement(m, forms);

  DeviceStore later = DeviceStore::open(path, options);
  later.unlock(later.findVolunteer("Anna")->id, "204913");
  CHECK(later.itemValues(m) == core::ItemValues{{"psykisk_1", 3}});
  // Unlocking inside a batch would not count the try durably: refused.
  later.lock();
  {
    auto batch = later.batch();
    CHECK_THROWS_AS(later.unlock(later.findVolunteer("Anna")->id, "204913"), StoreError);
  }
}

TEST_CASE("a batch is one transaction that is committed together or not at all") {
  DeviceFixture f("batch");
  DeviceStore& s = f.store();
  {
    auto batch = s.batch();
    f.childWithConsent("strom", "A");
    f.childWithConsent("strom", "B");
  }
  CHECK(s.children().empty());
  {
    auto batch = s.batch();
    f.childWithConsent("strom", "A");
    // A failing call inside the batch undoes only itself.
    SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_AS(s.addChild({.details = {.projectId = "strom"}}), InvalidRequestError));
    SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_AS(s.startMeasurement(ChildId{999}, barn(), core::Occasion::Before), NotFoundError));
    f.childWithConsent("strom", "B");
    batch.commit();
  }
  CHECK(s.children().size() == 2);
}

TEST_CASE("set-up is all or nothing: a half-made store is cleared without anyone moving files") {
  const TempDir dir("setup");
  const FakeClock clock;
  const auto listing = [&] {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir.path)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  };

  SUBCASE("a successful set-up leaves only device.db") {
    static_cast<void>(DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock)));
    CHECK(listing() == std::vector<std::string>{"device.db"});
  }
  SUBCASE("a leftover temporary store from a cut-off set-up is removed, and set-up works") {
    {
      Db half(setUpPath(dir.db()));
      half.execScript("CREATE TABLE device(id INTEGER PRIMARY KEY)");
    }
    CHECK_FALSE(DeviceStore::exists(dir.db()));
    CHECK(listing().empty());
    CHECK_THROWS_AS(static_cast<void>(DeviceStore::open(dir.db(), fastOptions(clock))), NotFoundError);
    auto created = DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock));
    CHECK(created.store.unlocked());
  }
  SUBCASE("a store an older Spor left without its device row and with no data is set up afresh") {
    {
      // What a kill during the old set-up left: the schema, committed, and nothing else.
      auto created = DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock));
      Db& db = created.store.database();
      db.execScript("PRAGMA foreign_keys=OFF; DELETE FROM audit; DELETE FROM device; DELETE FROM vault_wrap; DELETE FROM volunteer;");
    }
    CHECK_FALSE(DeviceStore::exists(dir.db()));
    CHECK(listing().empty());
    auto created = DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock));
    CHECK(created.store.unlocked());
  }
  SUBCASE("a store that holds data but lost its device row is named as damaged and kept") {
    {
      auto created = DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock));
      created.store.database().execScript("PRAGMA foreign_keys=OFF; DELETE FROM device;");
    }
    CHECK(DeviceStore::exists(dir.db()));
    SPOR_CHECK_UNCHANGED(dir.db(), CHECK_THROWS_WITH_AS(static_cast<void>(DeviceStore::open(dir.db(), fastOptions(clock))),
                                                        doctest::Contains("has lost its device row"), StoreError));
    CHECK(fs::exists(dir.db()));
  }
#if defined(__unix__)
  SUBCASE("a read-only data folder: set-up fails and leaves nothing; once writable, set-up works") {
    std::error_code ec;
    fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec, ec);
    if (::geteuid() != 0) {
      CHECK_THROWS_AS(static_cast<void>(DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock))),
                      StoreError);
      fs::permissions(dir.path, fs::perms::owner_all, ec);
      CHECK(listing().empty());
      CHECK(DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock)).store.unlocked());
    }
    fs::permissions(dir.path, fs::perms::owner_all, ec);
  }
#endif
}

TEST_CASE("a damaged PIN wrap is named as damage, not counted as a wrong PIN, and the recovery key still opens the store") {
  const FakeClock clock;
  for (const char* damage : {"the wrapped key", "the Argon2id parameters", "the salt"}) {
    CAPTURE(damage);
    const TempDir dir("wrap");
    std::optional<crypto::BoxKeyPair> recovery;
    {
      auto created = DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock, tpm::noTpm()));
      recovery.emplace(std::move(*created.demoRecoveryKey));
      Db& db = created.store.database();
      const std::string what = damage;
      if (what == "the wrapped key") {
        // One flipped bit, as a failing flash cell would.
        auto wrapped = [&] {
          auto q = db.query("SELECT wrapped FROM vault_wrap");
          REQUIRE(q.next());
          return q.blob(0);
        }();
        wrapped[20] ^= 0x04;
        db.run("UPDATE vault_wrap SET wrapped = ?", crypto::ByteView(wrapped));
      } else if (what == "the Argon2id parameters") {
        db.run("UPDATE vault_wrap SET mem_limit = mem_limit | (1 << 40)");
      } else {
        db.run("UPDATE vault_wrap SET salt = zeroblob(16)");
      }
    }
    DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock, tpm::noTpm()));
    const VolunteerId anna = s.findVolunteer("Anna")->id;
    for (int i = 0; i < 6; ++i) {
      SPOR_CHECK_UNCHANGED(dir.db(), CHECK_THROWS_WITH_AS(s.unlock(anna, kPin),
                                                          Contains("is damaged, so the PIN could not be checked; it was "
                                                                   "not counted as a wrong try"),
                                                          WrapDamagedError));
    }
    CHECK(s.lockout().failures == 0);  // six tries, none counted: no lock-out
    try {
      s.unlock(anna, kPin);
    } catch (const WrapDamagedError& e) {
      CHECK(render(e.message(), Lang::Da).find("koordinatoren redde enheden") != std::string::npos);
    }
    // The coordinator's recovery key (here the demo one) opens it and gives Anna a new PIN.
    s.recoverAccess(*recovery, "Anna", "582914");
    CHECK(s.unlocked());
    s.lock();
    s.unlock(anna, "582914");
    CHECK(s.unlocked());
  }
}

}  // TEST_SUITE