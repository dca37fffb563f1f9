// Issue 14 item 6 on the tablet: the bridge-builder's activity form, due 3
// and 6 months after enrolment on the child's checklist, filled in on the
// background form's screen (its point answered from the line tapped), and
// the item 8 contact in the safeguarding notice. Over a real device store
// (fast KDF); the real app draws these screens in test_activity_app below.
#include <filesystem>
#include <random>

#include <doctest/doctest.h>

#include "core/form_loader.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"
#include "ui/views/common.hpp"

using namespace spor;
using namespace spor::ui;
namespace fs = std::filesystem;

namespace {

const core::FormSet& forms() {
  static const core::FormSet f = core::loadForms(SPOR_TEST_FORMS_DIR);
  return f;
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("spor-ui-activity-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

struct Flow {
  TempDir dir;
  ManualClock clock;
  AppModel model{forms(), clock};

  Flow() {
    store::DeviceStoreOptions o;
    o.kdf = crypto::KdfParams::testFast();
    model.openDataDir(dir.path, o);
    model.setupDemo();
  }
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
  const core::DueEntry& task(core::Task t) {
    for (const auto& e : model.state().detail->summary.due)
      if (e.task == t) return e;
    throw std::logic_error("no task");
  }
  void choose(int code) { model.backgroundAnswer(store::FormValue{{code}, std::nullopt, {}, false}); }
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
    f.model.startActivity(6);
    CHECK(f.model.state().screen == Screen::ChildDetail);

    f.model.startActivity(3);
    REQUIRE(f.model.state().screen == Screen::BackgroundForm);
    REQUIRE(f.model.state().background);
    CHECK(f.model.state().background->activityMonths == 3);
    // The point is answered already; the first question asked is the activity.
    REQUIRE(f.model.backgroundQuestion() != nullptr);
    CHECK(f.model.backgroundQuestion()->id == "aktivitet");
    f.choose(2);  // Spejder
    CHECK(f.model.backgroundQuestion()->id == "startet");
    f.choose(1);
    CHECK(f.model.backgroundQuestion()->id == "aktiv");
    // Paused on the last question ("Tilbage" all the way): under way on the checklist, and resumed there.
    while (f.model.state().background) f.model.backgroundBack();
    CHECK(f.line(3).state == core::DueState::InProgress);
    f.model.startActivity(3);
    REQUIRE(f.model.backgroundQuestion() != nullptr);
    CHECK(f.model.backgroundQuestion()->id == "aktiv");
    f.choose(1);
    f.model.backgroundNext();  // "Færdig"
    CHECK(f.model.state().screen == Screen::ChildDetail);
    CHECK(f.model.state().notice == tr(Tx::ActivityDone, core::Lang::Da));
    CHECK(f.line(3).state == core::DueState::Done);
    // It is not the background form: that one is still due.
    CHECK(f.task(core::Task::Background).state == core::DueState::DueNow);

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
    CHECK(f.model.backgroundQuestion()->section != "aktivitet");
  }

  TEST_CASE("the safeguarding notice names where to turn and says the text is Spor's draft") {
    Flow f;
    store::DeviceStore& s = *f.model.store();
    const store::ChildId id = s.addChild({.details = {.nickname = "Ea",
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
    f.model.openChild(id);
    REQUIRE(f.model.state().safeguarding);
    const SafeguardingNotice& n = *f.model.state().safeguarding;
    CHECK(n.contact.da == empowr.safeguarding.contact.da);
    CHECK(n.contact.da.find("Ung Egedal") != std::string::npos);
    CHECK(n.draft);
  }
}
