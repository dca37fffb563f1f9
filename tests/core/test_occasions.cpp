// Occasions and the checklist of what is due for a child.
#include <doctest/doctest.h>

#include "core/occasions.hpp"

using namespace spor::core;

namespace {

Date d(const char* iso) { return *parseDate(iso); }

Project project(int courseWeeks, int progressionWeeks = 0) {
  Project p;
  p.id = "demo";
  p.courseWeeks = courseWeeks;
  p.progressionEveryWeeks = progressionWeeks;
  return p;
}

const DueEntry& entry(const std::vector<DueEntry>& list, Task t) {
  for (const auto& e : list)
    if (e.task == t) return e;
  FAIL("no entry for " << taskId(t));
  return list.front();
}

MeasurementSummary done(Occasion o, const char* iso) { return {o, d(iso), d(iso)}; }

}  // namespace

TEST_SUITE("core") {

TEST_CASE("dates parse and print and add months like a calendar") {
  CHECK(formatDate(d("2026-11-22")) == "2026-11-22");
  CHECK_FALSE(parseDate("2026-02-30").has_value());
  CHECK_FALSE(parseDate("22-11-2026").has_value());
  CHECK_FALSE(parseDate("2026-1-01").has_value());
  CHECK(formatDate(addMonths(d("2026-03-15"), 6)) == "2026-09-15");
  CHECK(formatDate(addMonths(d("2026-08-31"), 6)) == "2027-02-28");
  CHECK(formatDate(addMonths(d("2027-08-31"), 6)) == "2028-02-29");
  CHECK(formatDate(addMonths(d("2026-11-30"), 3)) == "2027-02-28");
  CHECK(fromDayNumber(toDayNumber(d("2026-11-22"))) == d("2026-11-22"));
}

TEST_CASE("occasion ids round-trip") {
  for (auto o : {Occasion::Before, Occasion::After, Occasion::FollowUp, Occasion::Progression}) {
    Occasion back{};
    REQUIRE(parseOccasion(occasionId(o), back));
    CHECK(back == o);
  }
  Occasion x{};
  CHECK_FALSE(parseOccasion("før", x));
  CHECK(occasionName(Occasion::FollowUp).da == "Opfølgning");
}

TEST_CASE("without consent nothing can be started") {
  ChildHistory child;
  child.enrolled = d("2026-09-01");
  child.consent = false;
  const auto list = dueMeasurements(project(10), ScoringRules{}, child, d("2026-09-01"));
  REQUIRE(list.size() == 4);
  for (const auto& e : list) {
    CHECK(e.state == DueState::NoConsent);
    CHECK_FALSE(e.canStart());
  }
}

TEST_CASE("a new child with consent has background and før due while the rest waits") {
  ChildHistory child;
  child.enrolled = d("2026-09-01");
  child.consent = true;
  const auto list = dueMeasurements(project(10), ScoringRules{}, child, d("2026-09-02"));
  CHECK(entry(list, Task::Background).state == DueState::DueNow);
  CHECK(entry(list, Task::Before).state == DueState::DueNow);
  CHECK(entry(list, Task::Before).canStart());
  CHECK(entry(list, Task::After).state == DueState::Waiting);
  CHECK_FALSE(entry(list, Task::After).canStart());
  CHECK(entry(list, Task::FollowUp).state == DueState::Waiting);
}

// A newcomer read a green "Før: udfyldt" for a child who declined every question as answers given.
TEST_CASE("an occasion taken with every question declined is done and says so until a later one has answers") {
  ChildHistory child;
  child.enrolled = d("2026-09-01");
  child.consent = true;
  MeasurementSummary skipped = done(Occasion::Before, "2026-09-02");
  skipped.allDeclined = true;
  child.measurements = {skipped};
  auto list = dueMeasurements(project(10), ScoringRules{}, child, d("2026-09-03"));
  CHECK(entry(list, Task::Before).state == DueState::Done);
  CHECK(entry(list, Task::Before).allDeclined);
  CHECK_FALSE(entry(list, Task::Before).canStart());
  // A second før with answers: no longer all declined.
  child.measurements.push_back(done(Occasion::Before, "2026-09-04"));
  list = dueMeasurements(project(10), ScoringRules{}, child, d("2026-09-05"));
  CHECK_FALSE(entry(list, Task::Before).allDeclined);
}

// A new-user trial: "Tag Efter nu" was offered the same day as før.
TEST_CASE("efter and progression are not offered early on the day of the measurement before them") {
  ChildHistory child;
  child.enrolled = d("2026-09-01");
  child.consent = true;
  child.backgroundDone = d("2026-09-01");
  child.measurements = {done(Occasion::Before, "2026-09-01")};
  auto list = dueMeasurements(project(10), ScoringRules{}, child, d("2026-09-01"));
  CHECK(entry(list, Task::After).state == DueState::Upcoming);
  CHECK_FALSE(entry(list, Task::After).canStart());
  list = dueMeasurements(project(10), ScoringRules{}, child, d("2026-09-02"));
  CHECK(entry(list, Task::After).canStart());  // a course can end early: from the next day
  list = dueMeasurements(project(10, 2), ScoringRules{}, child, d("2026-09-01"));
  CHECK(entry(list, Task::Progression).state == DueState::Upcoming);
  CHECK_FALSE(entry(list, Task::Progression).canStart());
  child.measurements.push_back(done(Occasion::Progression, "2026-09-15"));
  list = dueMeasurements(project(10, 2), ScoringRules{}, child, d("2026-09-15"));
  CHECK_FALSE(entry(list, Task::Progression).canStart());
  list = dueMeasurements(project(10, 2), ScoringRules{}, child, d("2026-09-16"));
  CHECK(entry(list, Task::Progression).canStart());
}

TEST_CASE("efter is due a course length after før and may be taken early") {
  ChildHistory child;
  child.enrolled = d("2026-09-01");
  child.consent = true;
  child.backgroundDone = d("2026-09-01");
  child.measurements = {done(Occasion::Before, "2026-09-01")};
  const Project p = project(10);

  auto list = dueMeasurements(p, ScoringRules{}, child, d("2026-10-01"));
  CHECK(entry(list, Task::Background).state == DueState::Done);
  CHECK(entry(list, Task::Before).state == DueState::Done);
  const DueEntry& after = entry(list, Task::After);
  CHECK(after.state == DueState::Upcoming);
  CHECK(formatDate(*after.date) == "2026-11-10");
  CHECK(after.canStart());

  list = dueMeasurements(p, ScoringRules{}, child, d("2026-11-10"));
  CHECK(entry(list, Task::After).state == DueState::DueNow);
  list = dueMeasurements(p, ScoringRules{}, child, d("2026-12-09"));
  CHECK(entry(list, Task::After).state == DueState::Overdue);
}

TEST_CASE("opfølgning is due six months after efter and then missed after its window") {
  ChildHistory child;
  child.enrolled = d("2026-01-10");
  child.consent = true;
  child.measurements = {done(Occasion::Before, "2026-01-10"), done(Occasion::After, "2026-03-20")};
  const ScoringRules rules;  // 6 months, window 3 months

  auto fu = entry(dueMeasurements(project(10), rules, child, d("2026-06-01")), Task::FollowUp);
  CHECK(fu.state == DueState::Upcoming);
  CHECK(formatDate(*fu.date) == "2026-09-20");
  CHECK_FALSE(fu.canStart());

  fu = entry(dueMeasurements(project(10), rules, child, d("2026-09-20")), Task::FollowUp);
  CHECK(fu.state == DueState::DueNow);
  CHECK(fu.canStart());

  fu = entry(dueMeasurements(project(10), rules, child, d("2026-12-21")), Task::FollowUp);
  CHECK(fu.state == DueState::Missed);
  CHECK(fu.canStart());

  child.measurements.push_back(done(Occasion::FollowUp, "2026-09-25"));
  fu = entry(dueMeasurements(project(10), rules, child, d("2026-12-21")), Task::FollowUp);
  CHECK(fu.state == DueState::Done);
  CHECK(formatDate(*fu.date) == "2026-09-25");
}

TEST_CASE("a paused measurement shows as in progress to be resumed") {
  ChildHistory child;
  child.enrolled = d("2026-09-01");
  child.consent = true;
  child.measurements = {{Occasion::Before, d("2026-09-01"), std::nullopt}};
  const auto list = dueMeasurements(project(10), ScoringRules{}, child, d("2026-09-01"));
  CHECK(entry(list, Task::Before).state == DueState::InProgress);
  CHECK(entry(list, Task::Before).canStart());
  CHECK(entry(list, Task::After).state == DueState::Waiting);
}

TEST_CASE("progression measurements every N weeks between før and efter") {
  ChildHistory child;
  child.enrolled = d("2026-09-01");
  child.consent = true;
  child.measurements = {done(Occasion::Before, "2026-09-01")};
  const Project p = project(26, 4);

  auto list = dueMeasurements(p, ScoringRules{}, child, d("2026-09-10"));
  REQUIRE(list.size() == 5);
  auto prog = entry(list, Task::Progression);
  CHECK(prog.state == DueState::Upcoming);
  CHECK(formatDate(*prog.date) == "2026-09-29");
  CHECK(prog.count == 0);

  child.measurements.push_back(done(Occasion::Progression, "2026-09-29"));
  prog = entry(dueMeasurements(p, ScoringRules{}, child, d("2026-10-27")), Task::Progression);
  CHECK(prog.state == DueState::DueNow);
  CHECK(formatDate(*prog.date) == "2026-10-27");
  CHECK(prog.count == 1);

  child.measurements.push_back(done(Occasion::After, "2027-03-01"));
  prog = entry(dueMeasurements(p, ScoringRules{}, child, d("2027-03-02")), Task::Progression);
  CHECK(prog.state == DueState::Done);

  // Projects without progression measurements do not list them.
  CHECK(dueMeasurements(project(10, 0), ScoringRules{}, child, d("2027-03-02")).size() == 4);
}

// Issue 14: once the course ended, what falls due after that day no longer
// nags; a recorded reason is shown instead of "due"; a taken one wins.
TEST_CASE("a course that ended stops the checklist asking for what falls due after it") {
  ChildHistory child;
  child.enrolled = d("2026-09-01");
  child.consent = true;
  child.backgroundDone = d("2026-09-01");
  child.measurements.push_back(done(Occasion::Before, "2026-09-01"));
  // Stopped early after nine days: efter (due 10 weeks after før) and
  // progression (two weeks) are no longer asked for, but efter may still be taken.
  child.ended = CourseEnd::StoppedEarly;
  child.endedOn = d("2026-09-10");
  auto list = dueMeasurements(project(10, 2), ScoringRules{}, child, d("2026-12-01"));
  CHECK(entry(list, Task::After).state == DueState::Ended);
  CHECK(entry(list, Task::After).canStart());
  CHECK(entry(list, Task::After).canRecordMissed());
  CHECK(entry(list, Task::FollowUp).state == DueState::Ended);  // waiting for efter, which will not come
  CHECK_FALSE(entry(list, Task::FollowUp).canStart());
  CHECK(entry(list, Task::Progression).state == DueState::Ended);  // due 2026-09-15, after the end
  CHECK_FALSE(entry(list, Task::Progression).canRecordMissed());   // progression repeats: no one reason

  // Progression due before the end still nags (it was due while the course ran).
  child.endedOn = d("2026-10-01");
  list = dueMeasurements(project(10, 2), ScoringRules{}, child, d("2026-10-05"));
  CHECK(entry(list, Task::Progression).state == DueState::DueNow);

  // Completed early: efter is due from the last day, opfølgning still follows it.
  child.ended = CourseEnd::Completed;
  child.endedOn = d("2026-10-20");
  list = dueMeasurements(project(10, 0), ScoringRules{}, child, d("2026-10-21"));
  CHECK(entry(list, Task::After).state == DueState::DueNow);
  CHECK(*entry(list, Task::After).date == d("2026-10-20"));
  CHECK(entry(list, Task::FollowUp).state == DueState::Waiting);
  child.measurements.push_back(done(Occasion::After, "2026-10-21"));
  list = dueMeasurements(project(10, 0), ScoringRules{}, child, d("2027-04-21"));
  CHECK(entry(list, Task::FollowUp).state == DueState::DueNow);
}

TEST_CASE("a reason recorded for a measurement not taken replaces due and a taken one is done") {
  ChildHistory child;
  child.enrolled = d("2026-09-01");
  child.consent = true;
  child.missed[Occasion::Before] = MissedReason::ChildDeclined;
  auto list = dueMeasurements(project(10), ScoringRules{}, child, d("2026-09-01"));
  CHECK(entry(list, Task::Before).state == DueState::NotTaken);
  CHECK(entry(list, Task::Before).notTaken == MissedReason::ChildDeclined);
  CHECK(entry(list, Task::Before).canStart());        // the child may still answer another day
  CHECK(entry(list, Task::Before).canRecordMissed());  // the reason may be changed
  child.measurements.push_back(done(Occasion::Before, "2026-09-03"));
  list = dueMeasurements(project(10), ScoringRules{}, child, d("2026-09-04"));
  CHECK(entry(list, Task::Before).state == DueState::Done);
  CHECK_FALSE(entry(list, Task::Before).canRecordMissed());
}

}  // TEST_SUITE
