// Issue 14 item 6 on the tablet: the bridge-builder's activity form, due 3
// and 6 months after enrolment on the child's checklist, filled in on the
// background form's screen (its point answered from the line tapped), and
// the item 8 contact in the safeguarding notice. Over a real device store
// (fast KDF); the real app draws these screens in test_activity_app below.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <doctest/doctest.h>

#include "tests/ui/demo_fixture.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"
#include "ui/views/common.hpp"

using namespace spor;
using namespace spor::ui;
namespace fs = std::filesystem;

namespace {

using uitest::forms;

struct Flow : uitest::DemoFlow {
  Flow() : DemoFlow("activity") {}
  // A bridge-builder child enrolled `daysAgo` days ago, with consent.
  store::ChildId bridgeChild(const std::string& name, int daysAgo) {
    store::DeviceStore& s = *model.store();
    const core::Date enrolled = core::addDays(core::today(), -daysAgo);
    const store::ChildId id = s.addChild({.details = {.nickname = name,
                                                      .birthYear = 2015,
                                                      .projectId = "brobygger",
                                                      .interventions = {core::Intervention::Bridging},
                                                      .municipality = "Herning"},
                                          .enrolledOn = enrolled});
    s.recordConsent(id, {.givenBy = "mor", .givenOn = enrolled});
    model.openChild(id);
    return id;
  }
  const core::DueEntry& line(int months) {
    for (const auto& e : model.state().detail->summary.due)
      if (e.task == core::Task::Activity && e.months == months) return e;
    throw std::logic_error("no activity line");
  }
  void choose(int code) { model.formRunner().answer(store::FormValue{{code}, std::nullopt, {}, false}); }
  // An EmpowR girl whose answers about self-harm raised a notice not yet read.
  store::ChildId flaggedChild(const std::string& name) {
    store::DeviceStore& s = *model.store();
    const store::ChildId id = s.addChild({.details = {.nickname = name,
                                                      .birthYear = 2011,
                                                      .gender = store::Gender::Girl,
                                                      .projectId = "empowr",
                                                      .interventions = {core::Intervention::Group},
                                                      .municipality = "Egedal"}});
    s.recordConsent(id, {.givenBy = "mor", .givenOn = core::today()});
    const core::Project& empowr = forms().project("empowr");
    const auto m = s.startMeasurement(id, forms().primaryChildForm(), core::Occasion::Before);
    for (const core::Item* item : forms().primaryChildForm().itemsFor(empowr.dimensions))
      s.answer(m, item->id, item->dimension == "selvskade" ? 4 : 3);
    REQUIRE_FALSE(s.finishMeasurement(m, forms()).empty());
    return id;
  }
};

}  // namespace

TEST_SUITE("ui") {
  TEST_CASE("the activity form: due on the checklist at 3 months and filled in there with its point") {
    Flow f;
    const store::ChildId id = f.bridgeChild("Bo", 100);
    // About three months ago: the 3-month line is due, the 6-month one upcoming.
    CHECK(f.line(3).state == core::DueState::DueNow);
    CHECK(f.line(6).state == core::DueState::Upcoming);
    CHECK_FALSE(f.line(6).canStart());
    CHECK(taskLabel(f.line(3), core::Lang::Da) == "Fritid 3 mdr.");
    // The 6-month line is not offered before its day.
    f.model.formRunner().startActivity(6);
    CHECK(f.model.state().screen == Screen::ChildDetail);

    f.model.formRunner().startActivity(3);
    REQUIRE(f.model.state().screen == Screen::BackgroundForm);
    REQUIRE(f.model.state().background);
    CHECK(f.model.state().background->activityMonths == 3);
    // The point is answered already; the first question asked is the activity.
    REQUIRE(f.model.formRunner().question() != nullptr);
    CHECK(f.model.formRunner().question()->id == "aktivitet");
    // One step back shows the point, answered, with no "Vil ikke oplyse": it is the line's, not an answer.
    f.model.formRunner().back();
    CHECK(f.model.formRunner().question()->id == "tidspunkt");
    CHECK_FALSE(f.model.formRunner().offersDecline());
    f.model.formRunner().next();
    CHECK(f.model.formRunner().question()->id == "aktivitet");
    CHECK(f.model.formRunner().offersDecline() == false);  // "aktivitet" has its own "Ved ikke"
    f.choose(2);  // Spejder
    CHECK(f.model.formRunner().question()->id == "startet");
    f.choose(1);
    CHECK(f.model.formRunner().question()->id == "aktiv");
    // Paused on the last question ("Tilbage" all the way): under way on the checklist, and resumed there.
    while (f.model.state().background) f.model.formRunner().back();
    CHECK(f.line(3).state == core::DueState::InProgress);
    f.model.formRunner().startActivity(3);
    REQUIRE(f.model.formRunner().question() != nullptr);
    CHECK(f.model.formRunner().question()->id == "aktiv");
    f.choose(1);
    f.model.formRunner().next();  // "Færdig"
    CHECK(f.model.state().screen == Screen::ChildDetail);
    CHECK(f.model.state().notice == tr(Word::ActivityDone, core::Lang::Da));
    CHECK(f.line(3).state == core::DueState::Done);
    // It is not the background form: that one is still due.
    CHECK(f.due(core::Task::Background).state == core::DueState::DueNow);

    // Stored as the activity form with its point and answers.
    const auto forms = f.model.store()->backgrounds(id);
    REQUIRE(forms.size() == 1);
    CHECK(forms[0].formId == "brobygning");
    CHECK(forms[0].state == store::ResponseState::Finished);
    std::map<std::string, std::vector<int>> answers;
    for (const auto& a : forms[0].answers) answers[a.questionId] = a.value.codes;
    CHECK(answers["tidspunkt"] == std::vector<int>{3});
    CHECK(answers["aktivitet"] == std::vector<int>{2});
    CHECK(answers["startet"] == std::vector<int>{1});
    CHECK(answers["aktiv"] == std::vector<int>{1});

    // The background form opened now is a new one, not the activity form.
    f.model.startTask(core::Task::Background);
    REQUIRE(f.model.state().background);
    CHECK(f.model.state().background->activityMonths == 0);
    CHECK(f.model.formRunner().question()->section != "aktivitet");
  }

  TEST_CASE("the safeguarding notice names where to turn and says the text is Spor's draft") {
    Flow f;
    const core::Project& empowr = forms().project("empowr");
    const store::ChildId id = f.flaggedChild("Ea");
    f.model.openChild(id);
    REQUIRE(f.model.state().safeguarding);
    const SafeguardingNotice& n = *f.model.state().safeguarding;
    CHECK(n.contact.da == empowr.safeguarding.contact.da);
    CHECK(n.contact.da.find("Ung Egedal") != std::string::npos);
    CHECK(n.draft);
  }

  // The real app: the checklist line, the form's questions, the notice with
  // its contact, at three text sizes, landscape and portrait.
  TEST_CASE("the real app: the activity form and where to turn at three text sizes") {
    const fs::path shots = fs::path(SPOR_TEST_BUILD_DIR) / "screenshots" / "activity";
    fs::create_directories(shots);
    for (const auto& [name, scale] : uitest::kTextSizes) {
      CAPTURE(std::string(name));
      uitest::TempDir work("activity-app");
      fs::path data;
      {
        Flow f;  // a demo store with a bridge child three months in and a notice to read
        f.bridgeChild("Bo", 100);
        f.flaggedChild("Ea");
        data = work.path / "data";
        fs::copy(f.dir.path, data, fs::copy_options::recursive);
      }
      std::ofstream(data / "ui-settings.txt") << "text_scale=" << scale << "\n";
      const std::string n = name;
      const auto shot = [&](const std::string& s) { return (shots / (n + "-" + s + ".png")).string(); };
      const fs::path script = work.path / "activity.spor";
      std::ofstream(script) << "render off\n"
                               "pin 135790\n"
                               "expect \"Frivillig: Demo\"\n"
                               "check-layout\n"
                               "screenshot " << shot("01-home") << "\n"
                               "tap \"Bo\"\n"
                               "expect \"Tjekliste\"\n"
                               "check-layout\n"
                               "screenshot " << shot("02-child") << "\n"
                               "tap \"Start Fritid 3 mdr.\"\n"
                               "expect \"Hvilken slags fritidsaktivitet er barnet henvist til?\"\n"
                               "check-layout\n"
                               "screenshot " << shot("03-kind") << "\n"
                               "tap \"Spejder\"\n"
                               "expect \"Er barnet startet i aktiviteten?\"\n"
                               "tap \"Ja\"\n"
                               "expect \"Er barnet stadig aktivt i aktiviteten?\"\n"
                               "tap \"Ja\"\n"
                               "check-layout\n"
                               "screenshot " << shot("04-active") << "\n"
                               "window 800x1280\n"
                               "check-layout\n"
                               "screenshot " << shot("05-active-portrait") << "\n"
                               "tap \"Færdig\"\n"
                               "expect \"Skemaet om fritidsaktiviteten er gemt.\"\n"
                               "check-layout\n"
                               "screenshot " << shot("06-done-portrait") << "\n"
                               "tap \"Alle børn\"\n"
                               "tap \"Ea\"\n"
                               "expect \"Til dig som frivillig\"\n"
                            << (n == "normal" ? "expect \"Hvor du henvender dig\"\nexpect \"Udkast fra Spor\"\n" : "")
                            << "check-layout\n"
                               "screenshot " << shot("07-notice-portrait") << "\n"
                               "window 1280x800\n"
                               "check-layout\n"
                               "screenshot " << shot("08-notice") << "\n";
      if (const auto log = uitest::runApp(work.path, data, script))
        FAIL("spor --script failed at text size " << n << ": " << *log);
    }
  }
}
