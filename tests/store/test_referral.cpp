// The child's referral and the feedback log (issue 14 item 1) in the device
// store: round trips with free text, each refusal with its message and the
// file unchanged, the free text sealed, and a schema-6 store migrated.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <doctest/doctest.h>

#include "store/error.hpp"
#include "store/sqlite.hpp"
#include "tests/store/store_fixture.hpp"

using namespace spor;
using namespace spor::store;
using spor::test::DeviceFixture;
using spor::test::FakeClock;
using spor::test::fastOptions;
using spor::test::kPin;
using spor::test::TempDir;
namespace fs = std::filesystem;

namespace {

core::Date day(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d));
}

using core::FeedbackForm;
using core::FeedbackPoint;
using core::ReferrerRole;
using core::ReportBack;

std::string refusalDa(const std::function<void()>& f) {
  try {
    f();
  } catch (const InvalidRequestError& e) {
    return render(e.message(), Lang::Da);
  }
  return "(not refused)";
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("a referral and its feedback log round-trip with their free text sealed") {
    DeviceFixture f("referral");
    DeviceStore& s = f.store();
    const ChildId id = f.childWithConsent("strom");
    CHECK_FALSE(s.child(id).referral);
    CHECK(s.child(id).feedback.empty());

    // Free text with the encoding's separators survives.
    const ReferralInfo r{ReferrerRole::School, day(2026, 1, 12), ReportBack::Referrer,
                         "Lærer Hansen; 12 34|56 78 (100%)"};
    s.setReferral(id, r);
    s.addFeedback(id, {day(2026, 2, 20), FeedbackPoint::Intake, FeedbackForm::Phone, "Ringede; alt vel"});
    s.addFeedback(id, {day(2026, 1, 12), FeedbackPoint::Referral, FeedbackForm::Written, ""});
    s.addFeedback(id, {day(2026, 2, 20), FeedbackPoint::Concern, FeedbackForm::Meeting, "%7C er ikke en streg"});
    const Child c = s.child(id);
    REQUIRE(c.referral);
    CHECK(*c.referral == r);
    REQUIRE(c.feedback.size() == 3);
    CHECK(c.feedback[0] == FeedbackEntry{day(2026, 1, 12), FeedbackPoint::Referral, FeedbackForm::Written, ""});
    CHECK(c.feedback[1].note == "Ringede; alt vel");  // same day: kept in the order given
    CHECK(c.feedback[2].note == "%7C er ikke en streg");
    CHECK(c.rowVersion == 5);

    // Recording the referral again replaces it and keeps the log.
    s.setReferral(id, {ReferrerRole::Caseworker, day(2026, 1, 2), ReportBack::Other, "Sagsbehandler Jensen"});
    CHECK(s.child(id).referral->role == ReferrerRole::Caseworker);
    CHECK(s.child(id).feedback.size() == 3);

    // Sealed: neither free text nor an id is in the file as text.
    {  // the statement ends before the store is closed
      auto q = s.database().query("SELECT referral, feedback FROM child WHERE id = ?", id.value);
      REQUIRE(q.next());
      for (int col : {0, 1}) {
        const crypto::Bytes sealed = q.blob(col);
        const std::string text(sealed.begin(), sealed.end());
        CHECK(text.find("Jensen") == std::string::npos);
        CHECK(text.find("alt vel") == std::string::npos);
        CHECK(text.find("intake") == std::string::npos);
      }
    }

    // It survives closing and unlocking again.
    const fs::path path = s.path();
    const VolunteerId anna = f.created.volunteer;
    f.created.store = DeviceStore::open(path, fastOptions(f.clock));
    f.created.store.unlock(anna, kPin);
    CHECK(f.created.store.child(id).referral->referrer == "Sagsbehandler Jensen");
    CHECK(f.created.store.child(id).feedback.size() == 3);
  }

  TEST_CASE(
      "a referral in the future or before the birth year and feedback before the referral are refused and nothing "
      "changes") {
    DeviceFixture f("referral-bad");
    DeviceStore& s = f.store();
    const ChildId id = f.childWithConsent("strom");  // born 2014; today 2026-03-02

    CHECK(refusalDa([&] {
            SPOR_CHECK_UNCHANGED(s.path(),
                                 s.addFeedback(id, {day(2026, 2, 1), FeedbackPoint::Intake, FeedbackForm::Phone, ""}));
          }) == "registrér først henvisningen, så tilbagemeldingen har en henviser; der er ikke ændret noget");
    CHECK(refusalDa([&] {
            SPOR_CHECK_UNCHANGED(s.path(),
                                 s.setReferral(id, {ReferrerRole::School, day(2026, 3, 3), ReportBack::Referrer, "x"}));
          }) ==
          "henvisningsdatoen 2026-03-03 ligger i fremtiden: angiv den dag, barnet blev henvist; der er ikke "
          "ændret noget");
    CHECK(refusalDa([&] {
            SPOR_CHECK_UNCHANGED(
                s.path(), s.setReferral(id, {ReferrerRole::School, day(2013, 12, 31), ReportBack::Referrer, ""}));
          }) ==
          "henvisningsdatoen 2013-12-31 ligger før barnets fødselsår 2014: tjek datoen; der er ikke ændret noget");
    CHECK_FALSE(s.child(id).referral);

    s.setReferral(id, {ReferrerRole::School, day(2014, 1, 1), ReportBack::Referrer, ""});  // the boundaries hold
    s.setReferral(id, {ReferrerRole::School, day(2026, 1, 10), ReportBack::Referrer, ""});
    CHECK(refusalDa([&] {
            SPOR_CHECK_UNCHANGED(s.path(), s.addFeedback(id, {day(2026, 1, 9), FeedbackPoint::Intake,
                                                              FeedbackForm::Phone, "for tidligt"}));
          }) ==
          "en tilbagemelding den 2026-01-09 kan ikke ligge før henvisningen den 2026-01-10: tjek begge datoer; der "
          "er ikke ændret noget");
    CHECK(refusalDa([&] {
            SPOR_CHECK_UNCHANGED(
                s.path(), s.addFeedback(id, {day(2026, 3, 3), FeedbackPoint::Closing, FeedbackForm::Meeting, ""}));
          }) ==
          "tilbagemeldingen den 2026-03-03 ligger i fremtiden: registrér den den dag, den bliver givet; der er "
          "ikke ændret noget");
    s.addFeedback(id, {day(2026, 1, 10), FeedbackPoint::Referral, FeedbackForm::Phone, ""});
    s.addFeedback(id, {day(2026, 3, 2), FeedbackPoint::Intake, FeedbackForm::Phone, ""});
    // Moving the referral after feedback already given is refused too.
    CHECK(refusalDa([&] {
            SPOR_CHECK_UNCHANGED(s.path(),
                                 s.setReferral(id, {ReferrerRole::School, day(2026, 1, 11), ReportBack::Referrer, ""}));
          }) ==
          "en tilbagemelding den 2026-01-10 kan ikke ligge før henvisningen den 2026-01-11: tjek begge datoer; der "
          "er ikke ændret noget");
    CHECK(s.child(id).referral->on == day(2026, 1, 10));
    CHECK(s.child(id).feedback.size() == 2);
  }

  TEST_CASE("someone else without a contact and feedback against no feedback agreed are refused and nothing changes") {
    DeviceFixture f("referral-contradictions");
    DeviceStore& s = f.store();
    const ChildId id = f.childWithConsent("strom");  // today 2026-03-02

    // "Someone else" hears back: who must be written (spaces are not a who).
    CHECK(refusalDa([&] {
            SPOR_CHECK_UNCHANGED(s.path(),
                                 s.setReferral(id, {ReferrerRole::School, day(2026, 2, 1), ReportBack::Other, "  "}));
          }) ==
          "„En anden“ skal have tilbagemelding, men der står ikke hvem: skriv navn eller kontakt i feltet til det; "
          "der er ikke ændret noget");
    CHECK_FALSE(s.child(id).referral);

    // No feedback agreed: adding feedback is refused, and so is "nobody"
    // once feedback has been given.
    s.setReferral(id, {ReferrerRole::Parents, day(2026, 2, 1), ReportBack::Nobody, ""});
    CHECK(refusalDa([&] {
            SPOR_CHECK_UNCHANGED(s.path(),
                                 s.addFeedback(id, {day(2026, 2, 2), FeedbackPoint::Intake, FeedbackForm::Phone, ""}));
          }) ==
          "henvisningen siger, at der ikke er aftalt tilbagemelding: ret henvisningen først, hvis der alligevel "
          "gives tilbagemelding; der er ikke ændret noget");
    CHECK(s.child(id).feedback.empty());
    s.setReferral(id, {ReferrerRole::Parents, day(2026, 2, 1), ReportBack::Referrer, ""});
    s.addFeedback(id, {day(2026, 2, 2), FeedbackPoint::Intake, FeedbackForm::Phone, ""});
    CHECK(refusalDa([&] {
            SPOR_CHECK_UNCHANGED(s.path(),
                                 s.setReferral(id, {ReferrerRole::Parents, day(2026, 2, 1), ReportBack::Nobody, ""}));
          }) ==
          "der er allerede registreret 1 tilbagemelding for barnet, så „Ingen tilbagemelding aftalt“ passer ikke: "
          "vælg, hvem der får tilbagemelding; der er ikke ændret noget");
    CHECK(s.child(id).referral->reportBack == ReportBack::Referrer);
    // Someone else with a contact is fine.
    s.setReferral(id, {ReferrerRole::Parents, day(2026, 2, 1), ReportBack::Other, "Mormor, 12 34 56 78"});
    CHECK(s.child(id).referral->reportBack == ReportBack::Other);
  }

  TEST_CASE("a schema-6 store migrates to 7 and its children have no referral until one is recorded") {
    TempDir dir("referral-migrate");
    FakeClock clock;
    VolunteerId anna;
    ChildId id;
    {
      CreatedDevice created = DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock));
      anna = created.volunteer;
      id = created.store.addChild(
          {.details = {.birthYear = 2014, .projectId = "strom", .interventions = {core::Intervention::Individual}}});
    }
    {
      Db d(dir.db(), DbOptions{false, 1000});
      REQUIRE(d.userVersion() == 7);
      d.execScript("ALTER TABLE child DROP COLUMN feedback; ALTER TABLE child DROP COLUMN referral;");
      d.setUserVersion(6);
    }
    DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock));
    s.unlock(anna, kPin);
    CHECK(s.database().userVersion() == 7);
    CHECK_FALSE(s.child(id).referral);
    s.setReferral(id, {ReferrerRole::Parents, day(2026, 2, 1), ReportBack::Nobody, ""});
    CHECK(s.child(id).referral->reportBack == ReportBack::Nobody);
  }

}  // TEST_SUITE
