// Issue 14 item 4 on the tablet: how a child's course ended (completed,
// stopped early with a reason, bridged, referred on; with a day) and why a
// due measurement was not taken, over a real device store (fast KDF). Every
// refusal leaves the store's files byte-identical. The real app through both
// flows is test_course_app below (render off, check-layout, three text
// sizes, landscape and portrait).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <doctest/doctest.h>

#include "tests/ui/demo_fixture.hpp"
#include "store/error.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"
#include "ui/views/common.hpp"

using namespace spor;
using namespace spor::ui;
namespace fs = std::filesystem;

namespace {

using uitest::forms;
using uitest::storeBytes;

struct Flow : uitest::DemoFlow {
  Flow() : DemoFlow("course") {}
  // "Afslut forløb", the kind (and reason), "Gem", then "Ja, afslut forløbet".
  void endCourse(core::CourseEnd kind, std::optional<core::StopReason> reason = std::nullopt) {
    model.course().start();
    model.course().kind(kind);
    if (reason) model.course().reason(*reason);
    model.course().save();
    REQUIRE(model.state().confirm.ask == ConfirmState::Ask::EndCourse);
    model.confirmYes();
  }
};

}  // namespace

TEST_SUITE("ui") {
  TEST_CASE("ending a course: each kind is recorded with its day and the page says how") {
    Flow f;
    const store::ChildId alma = f.child("Alma");
    f.model.openChild(alma);
    CHECK_FALSE(f.model.state().detail->summary.child.courseEnd);

    // Asked first, naming the child, how and when; "Annullér" goes back to the form.
    f.model.course().start();
    REQUIRE(f.model.state().course.end.open);
    CHECK(f.model.state().course.end.on == core::today());
    f.model.course().kind(core::CourseEnd::Bridged);
    f.model.course().save();
    const ConfirmState& q = f.model.state().confirm;
    REQUIRE(q.ask == ConfirmState::Ask::EndCourse);
    CHECK(q.title == "Afslut Almas forløb?");
    const std::string today = displayDate(core::today(), core::Lang::Da);
    CHECK(q.body == "Forløbet registreres som „Brobygget til andet tilbud“ den " + today +
                        ". Det sendes til koordinatoren ved næste synkronisering. Er noget forkert, kan du rette det "
                        "bagefter.");
    f.model.confirmNo();
    CHECK(f.model.state().course.end.open);
    CHECK_FALSE(f.model.store()->child(alma).courseEnd);
    f.model.course().cancel();
    CHECK_FALSE(f.model.state().course.end.open);

    const std::pair<core::CourseEnd, std::optional<core::StopReason>> kinds[] = {
        {core::CourseEnd::Completed, std::nullopt},
        {core::CourseEnd::StoppedEarly, core::StopReason::Moved},
        {core::CourseEnd::Bridged, std::nullopt},
        {core::CourseEnd::ReferredOn, std::nullopt},
    };
    for (const auto& [kind, reason] : kinds) {
      CAPTURE(core::courseEndId(kind));
      f.endCourse(kind, reason);
      CHECK_FALSE(f.model.state().course.end.open);
      CHECK(f.model.state().notice == "Forløbets afslutning er gemt.");
      const auto stored = f.model.store()->child(alma).courseEnd;
      REQUIRE(stored);
      CHECK(stored->kind == kind);
      CHECK(stored->stopReason == reason);
      CHECK(stored->on == core::today());
      REQUIRE(f.model.state().detail->summary.child.courseEnd);
      CHECK(*f.model.state().detail->summary.child.courseEnd == *stored);
      // Efter waited for før, which was never taken: it will not come now,
      // and nor will opfølgning after it; neither is asked for.
      CHECK(f.due(core::Task::After).state == core::DueState::Ended);
      CHECK(f.due(core::Task::FollowUp).state == core::DueState::Ended);
      CHECK(dueText(f.due(core::Task::After), core::Lang::Da) == "forløbet er slut");
      // Før was due on the first day, which the course did reach: still asked for.
      CHECK(f.due(core::Task::Before).state == core::DueState::DueNow);
    }
    // Changing it starts from what was recorded; a stop forgets nothing until another kind is chosen.
    f.model.course().start();
    CHECK(f.model.state().course.end.kind == core::CourseEnd::ReferredOn);
    f.model.course().kind(core::CourseEnd::StoppedEarly);
    f.model.course().reason(core::StopReason::DidNotWant);
    f.model.course().kind(core::CourseEnd::Bridged);
    CHECK_FALSE(f.model.state().course.end.reason);  // a reason only with a stop
    f.model.course().cancel();
    // The home list's card for Alma says so too.
    f.model.goHome();
    for (const auto& c : f.model.state().children)
      if (c.child.id == alma) {
        REQUIRE(c.child.courseEnd);
        CHECK(c.child.courseEnd->kind == core::CourseEnd::ReferredOn);
      }
  }

  TEST_CASE("a course that stopped early needs one of the reasons and without one nothing is saved") {
    Flow f;
    const store::ChildId alma = f.child("Alma");
    f.model.openChild(alma);
    const std::string before = storeBytes(f.dir.path);
    f.model.course().start();
    f.model.course().save();  // nothing chosen
    CHECK(f.model.state().course.end.error == "Vælg, hvordan forløbet sluttede.");
    CHECK(f.model.state().confirm.ask == ConfirmState::Ask::None);
    f.model.course().kind(core::CourseEnd::StoppedEarly);
    CHECK(f.model.state().course.end.error.empty());  // a choice takes the error away
    f.model.course().save();
    CHECK(f.model.state().course.end.error == "Vælg, hvorfor forløbet stoppede før tid.");
    CHECK(f.model.state().confirm.ask == ConfirmState::Ask::None);
    CHECK(f.model.state().course.end.open);
    // A reason for another kind is not taken (the view offers none).
    f.model.course().kind(core::CourseEnd::Completed);
    f.model.course().reason(core::StopReason::Other);
    CHECK_FALSE(f.model.state().course.end.reason);
    CHECK(storeBytes(f.dir.path) == before);
    CHECK_FALSE(f.model.store()->child(alma).courseEnd);
    // The store refuses the same, in the catalogue's words, and changes nothing.
    try {
      const store::CourseEndInfo noReason{core::CourseEnd::StoppedEarly, std::nullopt, core::today()};
      f.model.store()->endCourse(alma, noReason);
      FAIL("a stop without a reason was recorded");
    } catch (const store::InvalidRequestError& e) {
      CHECK(shownMessage(e, core::Lang::Da) ==
            "Et forløb, der er stoppet før tid, skal have en grund fra listen, og kun et sådant forløb har en; der er "
            "ikke ændret noget.");
    }
    CHECK(storeBytes(f.dir.path) == before);
    // With a reason it is saved.
    f.endCourse(core::CourseEnd::StoppedEarly, core::StopReason::LostContact);
    REQUIRE(f.model.store()->child(alma).courseEnd);
    CHECK(f.model.store()->child(alma).courseEnd->stopReason == core::StopReason::LostContact);
  }

  TEST_CASE("a course end before the child's start or in the future is refused in Danish and the store is "
            "byte-identical") {
    Flow f;
    const store::ChildId alma = f.child("Alma");
    f.model.openChild(alma);
    const core::Date start = f.model.store()->child(alma).enrolledOn;
    REQUIRE(start == core::today());  // the demo's children start today
    const std::string before = storeBytes(f.dir.path);
    f.model.course().start();
    f.model.course().kind(core::CourseEnd::Completed);
    // The form's steps stay between the start and today.
    f.model.course().step(-7);
    CHECK(f.model.state().course.end.on == start);
    f.model.course().step(1);
    CHECK(f.model.state().course.end.on == core::today());
    // A day before the start (a form left open over midnight, another caller) is refused.
    f.model.course().date(core::addDays(start, -1));
    f.model.course().save();
    CHECK(f.model.state().course.end.error == "Forløbet kan ikke slutte den " +
                                                 displayDate(core::addDays(start, -1), core::Lang::Da) +
                                                 ", før det begyndte den " + displayDate(start, core::Lang::Da) +
                                                 ": angiv den dag, det sluttede; der er ikke ændret noget.");
    CHECK(f.model.state().confirm.ask == ConfirmState::Ask::None);
    f.model.course().date(core::addDays(start, 1));  // tomorrow
    f.model.course().save();
    CHECK(f.model.state().course.end.error ==
          "Slutdatoen " + displayDate(core::addDays(start, 1), core::Lang::Da) +
              " ligger i fremtiden: registrér afslutningen den dag, forløbet slutter; der er ikke ændret noget.");
    CHECK(f.model.state().confirm.ask == ConfirmState::Ask::None);
    CHECK(storeBytes(f.dir.path) == before);
    CHECK_FALSE(f.model.store()->child(alma).courseEnd);
    // In English, the English catalogue text with English dates.
    Settings en = f.model.state().settings;
    en.lang = core::Lang::En;
    f.model.settings().set(en);
    f.model.course().date(core::addDays(start, -1));
    f.model.course().save();
    CHECK(f.model.state().course.end.error.rfind("The course cannot end on " +
                                                    displayDate(core::addDays(start, -1), core::Lang::En),
                                                0) == 0);
  }

  TEST_CASE("why a due measurement was not taken: one of the reasons and the checklist shows it") {
    Flow f;
    const store::ChildId alma = f.child("Alma");
    f.model.openChild(alma);
    REQUIRE(f.due(core::Task::Before).state == core::DueState::DueNow);
    CHECK(f.due(core::Task::Before).canRecordMissed());
    CHECK_FALSE(f.due(core::Task::After).canRecordMissed());  // waiting: not due yet
    f.model.course().missedStart(core::Task::After);
    CHECK_FALSE(f.model.state().course.missedFor);
    // Two taps: "Før blev ikke taget …", then the reason.
    f.model.course().missedStart(core::Task::Before);
    REQUIRE(f.model.state().course.missedFor == core::Task::Before);
    f.model.course().missedChoose(core::MissedReason::ChildDeclined);
    CHECK_FALSE(f.model.state().course.missedFor);
    CHECK(f.model.state().notice == "Grunden er gemt.");
    CHECK(f.due(core::Task::Before).state == core::DueState::NotTaken);
    CHECK(f.due(core::Task::Before).notTaken == core::MissedReason::ChildDeclined);
    CHECK(dueText(f.due(core::Task::Before), core::Lang::Da) == "ikke taget – barnet ville ikke svare");
    CHECK(f.model.store()->child(alma).missed.at(core::Occasion::Before) == core::MissedReason::ChildDeclined);
    // It may still be taken (another day the child may want to), and the reason changed.
    CHECK(f.due(core::Task::Before).canStart());
    f.model.course().missedStart(core::Task::Before);
    f.model.course().missedChoose(core::MissedReason::NotReached);
    CHECK(f.due(core::Task::Before).notTaken == core::MissedReason::NotReached);
    // "Annullér" records nothing.
    const std::string before = storeBytes(f.dir.path);
    f.model.course().missedStart(core::Task::Before);
    f.model.course().missedCancel();
    CHECK_FALSE(f.model.state().course.missedFor);
    CHECK(storeBytes(f.dir.path) == before);
    // The home card shows it too.
    f.model.goHome();
    for (const auto& c : f.model.state().children)
      if (c.child.id == alma)
        for (const auto& e : c.due)
          if (e.task == core::Task::Before) CHECK(e.state == core::DueState::NotTaken);
  }

  TEST_CASE("a measurement already taken cannot be marked as not taken and nothing changes") {
    Flow f;
    const store::ChildId alma = f.child("Alma");
    f.model.openChild(alma);
    f.model.startTask(core::Task::Before);
    f.model.childMode().start();
    while (f.model.state().screen == Screen::ChildQuestion) {
      f.clock.advance(AppModel::kAnswerGuard);
      f.model.childMode().answer(2);
    }
    f.model.lock().ask(PinPurpose::LeaveChildMode);
    for (char d : std::string(kDemoPin)) f.model.lock().digit(d - '0');
    f.model.lock().submit();
    REQUIRE(f.model.state().screen == Screen::ChildDetail);
    f.model.dismissSafeguarding();
    REQUIRE(f.due(core::Task::Before).state == core::DueState::Done);
    CHECK_FALSE(f.due(core::Task::Before).canRecordMissed());
    const std::string before = storeBytes(f.dir.path);
    f.model.course().missedStart(core::Task::Before);  // no button; the model does not open the reasons
    CHECK_FALSE(f.model.state().course.missedFor);
    // The store refuses it too (as for the CLI), in Danish, changing nothing.
    try {
      f.model.store()->recordMissed(alma, core::Occasion::Before, core::MissedReason::Other);
      FAIL("a taken measurement was marked as not taken");
    } catch (const store::InvalidRequestError& e) {
      CHECK(shownMessage(e, core::Lang::Da) == "Denne måling blev taget den " + core::formatDate(core::today()) +
                                                   ", så den kan ikke registreres som ikke taget; der er ikke ændret "
                                                   "noget.");
    }
    CHECK(storeBytes(f.dir.path) == before);
    CHECK(f.model.store()->child(alma).missed.empty());
    CHECK(f.due(core::Task::Before).state == core::DueState::Done);
  }
}

TEST_SUITE("ui") {
  // Both flows through the real app (render off: laid out and checked,
  // drawn only for the screenshots in screenshots/course/), at each text
  // size: landscape first, then the same page and the form again in portrait.
  TEST_CASE("the real app: ending a course and why a measurement was not taken at three text sizes") {
    const fs::path shots = fs::path(SPOR_TEST_BUILD_DIR) / "screenshots" / "course";
    fs::create_directories(shots);
    for (const auto& [name, scale] : uitest::kTextSizes) {
      CAPTURE(std::string(name));
      uitest::TempDir work("course-app");
      const fs::path data = work.path / "data";
      fs::create_directories(data);
      std::ofstream(data / "ui-settings.txt") << "text_scale=" << scale << "\n";
      const std::string n = name;
      const auto shot = [&](const std::string& s) { return (shots / (n + "-" + s + ".png")).string(); };
      const fs::path script = work.path / "course.spor";
      std::ofstream(script) << "render off\n"
                               "tap \"Start demo\"\n"
                               "expect \"Frivillig: Demo\"\n"
                               "tap \"Alma\"\n"
                               "expect \"Start Før\"\n"
                               "check-layout\n"
                               "screenshot " << shot("01-child") << "\n"
                               // Why Før was not taken: two taps.
                               "tap \"Før blev ikke taget …\"\n"
                               "expect \"Hvorfor blev målingen Før ikke taget?\"\n"
                               "check-layout\n"
                               "screenshot " << shot("02-missed-reasons") << "\n"
                               "tap \"Barnet kunne ikke træffes\"\n"
                               "expect \"Grunden er gemt.\"\n"
                               "expect \"ikke taget – barnet kunne ikke træffes\"\n"
                               "check-layout\n"
                               "screenshot " << shot("03-missed-shown") << "\n"
                               // The course ends: what is missing is said, then a day before the start is refused.
                               "tap \"Afslut forløb\"\n"
                               "expect \"Hvordan sluttede Almas forløb?\"\n"
                               "tap \"Gem\"\n"
                               "expect \"Vælg, hvordan forløbet sluttede.\"\n"
                               "tap \"Stoppet før tid\"\n"
                               "expect \"Hvorfor stoppede forløbet før tid?\"\n"
                               "tap \"Gem\"\n"
                               "expect \"Vælg, hvorfor forløbet stoppede før tid.\"\n"
                               "tap \"Flyttet\"\n"
                               // Alma started today: no day before it or after today is offered.
                               "expect-not \"1 dag tidligere\"\n"
                               "expect-not \"1 dag senere\"\n"
                               "check-layout\n"
                               "screenshot " << shot("04-form") << "\n"
                               "tap \"Gem\"\n"
                               "expect \"Afslut Almas forløb?\"\n"
                               "check-layout\n"
                               "screenshot " << shot("05-confirm") << "\n"
                               "tap \"Ja, afslut forløbet\"\n"
                               "expect \"Forløbets afslutning er gemt.\"\n"
                               "check-layout\n"
                               "screenshot " << shot("06-ended") << "\n"
                               // Portrait: efter will not come now; the volunteer says why, then changes the end.
                               "window 800x1280\n"
                               "check-layout\n"
                               "screenshot " << shot("07-ended-portrait") << "\n"
                               "tap \"Efter blev ikke taget …\"\n"
                               "expect \"Hvorfor blev målingen Efter ikke taget?\"\n"
                               "check-layout\n"
                               "screenshot " << shot("08-missed-reasons-portrait") << "\n"
                               "tap \"Forløbet var stoppet\"\n"
                               "expect \"ikke taget – forløbet var stoppet\"\n"
                               "check-layout\n"
                               "tap \"Ret afslutningen\"\n"
                               "expect \"Hvorfor stoppede forløbet før tid?\"\n"
                               "check-layout\n"
                               "screenshot " << shot("09-form-portrait") << "\n"
                               "tap \"Henvist videre\"\n"
                               "expect-not \"Hvorfor stoppede forløbet før tid?\"\n"
                               "tap \"Gem\"\n"
                               "expect \"Afslut Almas forløb?\"\n"
                               "check-layout\n"
                               "screenshot " << shot("10-confirm-portrait") << "\n"
                               "tap \"Ja, afslut forløbet\"\n"
                               "expect \"Forløbets afslutning er gemt.\"\n"
                               "check-layout\n"
                               "screenshot " << shot("11-changed-portrait") << "\n"
                               // The home card's chips say the same, in both windows.
                               "tap \"Alle børn\"\n"
                               "expect \"ikke taget – barnet kunne ikke træffes\"\n"
                               "expect \"EmpowR  ·  Henvist videre\"\n"
                               "check-layout\n"
                               "screenshot " << shot("12-home-portrait") << "\n"
                               "window 1280x800\n"
                               "check-layout\n"
                               "screenshot " << shot("13-home") << "\n";
      if (const auto log = uitest::runApp(work.path, data, script))
        FAIL("spor --script failed at text size " << n << ": " << *log);
    }
  }
}
