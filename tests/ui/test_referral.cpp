// Issue 14 item 1 on the tablet: the child's referral (who referred, whom to
// report back to, the day, the referrer's name or contact) and the feedback
// given to the referrer, over a real device store (fast KDF). Every refusal
// leaves the store's files byte-identical. The real app through both forms
// is the last test (render off, check-layout, three text sizes, landscape
// and portrait).
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
  Flow() : DemoFlow("referral") {}
};

std::string da(core::Date d) { return displayDate(d, core::Lang::Da); }

}  // namespace

TEST_SUITE("ui") {
  TEST_CASE("the referral is recorded from the child's page with the referrer's contact and can be changed") {
    Flow f;
    const store::ChildId alma = f.child("Alma");
    f.model.openChild(alma);
    CHECK_FALSE(f.model.state().detail->summary.child.referral);
    // Feedback needs a referral first: the model does not open its form.
    f.model.referral().feedbackStart();
    CHECK_FALSE(f.model.state().referral.feedback.open);

    f.model.referral().start();
    REQUIRE(f.model.state().referral.draft.open);
    CHECK(f.model.state().referral.draft.on == core::today());
    f.model.referral().role(core::ReferrerRole::School);
    f.model.referral().reportBack(core::ReportBack::Referrer);
    f.model.referral().step(-7);
    // The referrer's name through the text field, as the keyboard types it.
    f.model.focusField(Field::ReferralText);
    f.model.typeText("  Lærer Hansen, 12 34 56 78 ");
    f.model.referral().save();
    CHECK_FALSE(f.model.state().referral.draft.open);
    CHECK(f.model.state().notice == "Henvisningen er gemt.");
    const auto stored = f.model.store()->child(alma).referral;
    REQUIRE(stored);
    CHECK(*stored == store::ReferralInfo{core::ReferrerRole::School, core::addDays(core::today(), -7),
                                         core::ReportBack::Referrer, "Lærer Hansen, 12 34 56 78"});
    CHECK(f.model.state().detail->summary.child.referral == stored);

    // Changing it starts from what was recorded.
    f.model.referral().start();
    CHECK(f.model.state().referral.draft.role == core::ReferrerRole::School);
    CHECK(f.model.state().referral.draft.referrer == "Lærer Hansen, 12 34 56 78");
    CHECK(f.model.state().referral.draft.on == core::addDays(core::today(), -7));
    f.model.referral().role(core::ReferrerRole::Caseworker);
    f.model.referral().save();
    CHECK(f.model.store()->child(alma).referral->role == core::ReferrerRole::Caseworker);

    // "Annullér" records nothing.
    const std::string before = storeBytes(f.dir.path);
    f.model.referral().start();
    f.model.referral().role(core::ReferrerRole::Other);
    f.model.referral().cancel();
    CHECK_FALSE(f.model.state().referral.draft.open);
    CHECK(storeBytes(f.dir.path) == before);
  }

  TEST_CASE("feedback to the referrer is added at a point in a form and listed by day") {
    Flow f;
    const store::ChildId alma = f.child("Alma");
    f.model.openChild(alma);
    f.model.referral().start();
    f.model.referral().role(core::ReferrerRole::Caseworker);
    f.model.referral().reportBack(core::ReportBack::Referrer);
    f.model.referral().step(-14);
    f.model.referral().save();
    REQUIRE(f.model.store()->child(alma).referral);

    f.model.referral().feedbackStart();
    REQUIRE(f.model.state().referral.feedback.open);
    f.model.referral().feedbackPoint(core::FeedbackPoint::Referral);
    f.model.referral().feedbackForm(core::FeedbackForm::Phone);
    // The steps stop at the referral's day (a day before would be refused).
    for (int i = 0; i < 4; ++i) f.model.referral().feedbackStep(-7);
    CHECK(f.model.state().referral.feedback.on == core::addDays(core::today(), -14));
    f.model.referral().feedbackSave();
    CHECK(f.model.state().notice == "Tilbagemeldingen er gemt.");
    f.model.referral().feedbackStart();
    f.model.referral().feedbackPoint(core::FeedbackPoint::Intake);
    f.model.referral().feedbackForm(core::FeedbackForm::Meeting);
    f.model.focusField(Field::FeedbackNote);
    f.model.typeText("Mødtes på skolen");
    f.model.referral().feedbackSave();
    const auto log = f.model.store()->child(alma).feedback;
    REQUIRE(log.size() == 2);
    CHECK(log[0] == store::FeedbackEntry{core::addDays(core::today(), -14), core::FeedbackPoint::Referral,
                                         core::FeedbackForm::Phone, ""});
    CHECK(log[1] == store::FeedbackEntry{core::today(), core::FeedbackPoint::Intake, core::FeedbackForm::Meeting,
                                         "Mødtes på skolen"});
    CHECK(f.model.state().detail->summary.child.feedback == log);
  }

  TEST_CASE("a referral or feedback without its choices or on a refused day is not saved and the store is "
            "byte-identical") {
    Flow f;
    const store::ChildId alma = f.child("Alma");  // born 2013
    f.model.openChild(alma);
    const std::string before = storeBytes(f.dir.path);
    f.model.referral().start();
    f.model.referral().save();
    CHECK(f.model.state().referral.draft.error == "Vælg, hvem der henviste barnet.");
    // Said beside its field, which the view scrolls to once (it was at the bottom, the field at the top).
    CHECK(f.model.state().referral.draft.errorField == ReferralField::Role);
    CHECK(f.model.state().referral.draft.revealError);
    f.model.referral().scrolledToError();
    CHECK_FALSE(f.model.state().referral.draft.revealError);
    f.model.referral().role(core::ReferrerRole::Parents);
    CHECK(f.model.state().referral.draft.error.empty());  // a choice takes the error away
    f.model.referral().save();
    CHECK(f.model.state().referral.draft.error == "Vælg, hvem der skal have tilbagemelding.");
    CHECK(f.model.state().referral.draft.errorField == ReferralField::ReportBack);
    f.model.referral().reportBack(core::ReportBack::Referrer);
    // Tomorrow (a form left open over midnight) and before the birth year are refused in the catalogue's words.
    const core::Date tomorrow = core::addDays(core::today(), 1);
    f.model.referral().date(tomorrow);
    f.model.referral().save();
    CHECK(f.model.state().referral.draft.error == "Henvisningsdatoen " + da(tomorrow) +
                                                " ligger i fremtiden: angiv den dag, barnet blev henvist; der er ikke "
                                                "ændret noget.");
    CHECK(f.model.state().referral.draft.errorField == ReferralField::Day);
    const core::Date early = core::Date{std::chrono::year{2012} / std::chrono::December / 31};
    f.model.referral().date(early);
    f.model.referral().save();
    CHECK(f.model.state().referral.draft.error == "Henvisningsdatoen " + da(early) +
                                                " ligger før barnets fødselsår 2013: tjek datoen; der er ikke ændret "
                                                "noget.");
    // The steps do not go below 1 January of the birth year.
    f.model.referral().date(core::Date{std::chrono::year{2013} / std::chrono::January / 3});
    f.model.referral().step(-7);
    CHECK(f.model.state().referral.draft.on == core::Date{std::chrono::year{2013} / std::chrono::January / 1});
    CHECK(f.model.state().referral.draft.open);
    CHECK(storeBytes(f.dir.path) == before);
    CHECK_FALSE(f.model.store()->child(alma).referral);

    f.model.referral().date(core::today());
    f.model.referral().save();
    REQUIRE(f.model.store()->child(alma).referral);
    const std::string referred = storeBytes(f.dir.path);
    f.model.referral().feedbackStart();
    f.model.referral().feedbackSave();
    CHECK(f.model.state().referral.feedback.error == "Vælg, hvornår i forløbet tilbagemeldingen blev givet.");
    f.model.referral().feedbackPoint(core::FeedbackPoint::Concern);
    f.model.referral().feedbackSave();
    CHECK(f.model.state().referral.feedback.error == "Vælg, hvordan tilbagemeldingen blev givet.");
    f.model.referral().feedbackForm(core::FeedbackForm::Written);
    const core::Date yesterday = core::addDays(core::today(), -1);
    f.model.referral().feedbackDate(yesterday);
    f.model.referral().feedbackSave();
    CHECK(f.model.state().referral.feedback.error == "En tilbagemelding den " + da(yesterday) +
                                                " kan ikke ligge før henvisningen den " + da(core::today()) +
                                                ": tjek begge datoer; der er ikke ændret noget.");
    f.model.referral().feedbackDate(tomorrow);
    f.model.referral().feedbackSave();
    CHECK(f.model.state().referral.feedback.error.rfind("Tilbagemeldingen den " + da(tomorrow) + " ligger i fremtiden", 0) == 0);
    CHECK(storeBytes(f.dir.path) == referred);
    CHECK(f.model.store()->child(alma).feedback.empty());
  }
}

TEST_SUITE("ui") {
  TEST_CASE("someone else hears back only with a contact and no feedback agreed offers no feedback form") {
    Flow f;
    const store::ChildId alma = f.child("Alma");
    f.model.openChild(alma);
    f.model.referral().start();
    f.model.referral().role(core::ReferrerRole::School);
    f.model.referral().reportBack(core::ReportBack::Other);
    const std::string before = storeBytes(f.dir.path);
    f.model.referral().save();
    CHECK(f.model.state().referral.draft.error ==
          "„En anden“ skal have tilbagemelding, men der står ikke hvem: skriv navn eller kontakt i feltet til det; "
          "der er ikke ændret noget.");
    CHECK(storeBytes(f.dir.path) == before);
    CHECK(f.model.state().referral.draft.errorField == ReferralField::Text);
    f.model.focusField(Field::ReferralText);
    f.model.typeText("Mormor, 12 34 56 78");
    CHECK(f.model.state().referral.draft.error.empty());  // being fixed: the error goes
    f.model.referral().save();
    REQUIRE(f.model.store()->child(alma).referral);
    CHECK(f.model.store()->child(alma).referral->referrer == "Mormor, 12 34 56 78");

    // "Ingen tilbagemelding aftalt": the feedback form does not open.
    f.model.referral().start();
    f.model.referral().reportBack(core::ReportBack::Nobody);
    f.model.referral().save();
    REQUIRE(f.model.store()->child(alma).referral->reportBack == core::ReportBack::Nobody);
    f.model.referral().feedbackStart();
    CHECK_FALSE(f.model.state().referral.feedback.open);
  }
}

TEST_SUITE("ui") {
  // Both forms through the real app (render off: laid out and checked,
  // drawn only for the screenshots in screenshots/referral/), at each text
  // size: landscape first, then the page and a form again in portrait, then
  // both forms on a small 1024x600 tablet.
  TEST_CASE("the real app: a referral and feedback to the referrer at three text sizes") {
    const fs::path shots = fs::path(SPOR_TEST_BUILD_DIR) / "screenshots" / "referral";
    fs::create_directories(shots);
    for (const auto& [name, scale] : uitest::kTextSizes) {
      CAPTURE(std::string(name));
      uitest::TempDir work("referral-app");
      const fs::path data = work.path / "data";
      fs::create_directories(data);
      std::ofstream(data / "ui-settings.txt") << "text_scale=" << scale << "\n";
      const std::string n = name;
      const auto shot = [&](const std::string& s) { return (shots / (n + "-" + s + ".png")).string(); };
      const fs::path script = work.path / "referral.spor";
      std::ofstream(script) << "render off\n"
                               "tap \"Start demo\"\n"
                               "expect \"Frivillig: Demo\"\n"
                               "tap \"Alma\"\n"
                               "expect \"Tjekliste\"\n"
                               "check-layout\n"
                               "screenshot " << shot("01-child") << "\n"
                               "tap \"Registrér henvisning\"\n"
                               "expect \"Hvem henviste Alma?\"\n"
                               "tap \"Gem\"\n"
                               "expect \"Vælg, hvem der henviste barnet.\"\n"
                               "tap \"Skole\"\n"
                               "tap \"Henviserens navn eller kontakt (kan udelades)\"\n"
                               "type \"Lærer Hansen\"\n"
                               "tap \"Henviseren\"\n"
                               "tap \"1 uge tidligere\"\n"
                               "expect \"1 dag senere\"\n"
                               "check-layout\n"
                               "screenshot " << shot("02-referral-form") << "\n"
                               "tap \"Gem\"\n"
                               "expect \"Henvisningen er gemt.\"\n"
                               "check-layout\n"
                               "screenshot " << shot("03-referred") << "\n"
                               "tap \"Tilføj tilbagemelding\"\n"
                               "expect \"Tilbagemelding til henviseren om Alma\"\n"
                               "tap \"Efter forsamtale\"\n"
                               "tap \"Gem\"\n"
                               "expect \"Vælg, hvordan tilbagemeldingen blev givet.\"\n"
                               "tap \"Telefon\"\n"
                               "check-layout\n"
                               "screenshot " << shot("04-feedback-form") << "\n"
                               "tap \"Gem\"\n"
                               "expect \"Tilbagemeldingen er gemt.\"\n"
                               "check-layout\n"
                               "screenshot " << shot("05-feedback-shown") << "\n"
                               // Portrait: the section under the checklist and the course; a second feedback.
                               "window 800x1280\n"
                               "check-layout\n"
                               "screenshot " << shot("06-child-portrait") << "\n"
                               "tap \"Tilføj tilbagemelding\"\n"
                               "tap \"Ved bekymring\"\n"
                               "tap \"Møde\"\n"
                               "check-layout\n"
                               "screenshot " << shot("07-feedback-form-portrait") << "\n"
                               "tap \"Gem\"\n"
                               "expect \"Tilbagemeldingen er gemt.\"\n"
                               "check-layout\n"
                               "screenshot " << shot("08-feedback-portrait") << "\n"
                               "tap \"Ret henvisningen\"\n"
                               "expect \"Hvem henviste Alma?\"\n"
                               "check-layout\n"
                               "screenshot " << shot("09-referral-form-portrait") << "\n"
                               "tap \"Annullér\"\n"
                               "expect \"Tjekliste\"\n"
                               // A small tablet: the page and both forms.
                               "window 1024x600\n"
                               "check-layout\n"
                               "tap \"Tilføj tilbagemelding\"\n"
                               "check-layout\n"
                               "screenshot " << shot("10-feedback-form-small") << "\n"
                               "tap \"Annullér\"\n"
                               "tap \"Ret henvisningen\"\n"
                               "check-layout\n"
                               "screenshot " << shot("11-referral-form-small") << "\n"
                               "tap \"Annullér\"\n"
                               "window 1280x800\n"
                               "check-layout\n";
      if (const auto log = uitest::runApp(work.path, data, script))
        FAIL("spor --script failed at text size " << n << ": " << *log);
    }
  }
}
