// The form runner and fidelity parts (model/form_runner.hpp, fidelity.hpp)
// over a real device store (fast KDF): the background form one question at
// a time, "Andet, nemlig", Næste on an unanswered question, "Ved ikke" over
// ticked options, a fidelity form (the activity form: test_activity.cpp).
#include <string>

#include <doctest/doctest.h>

#include "tests/ui/demo_fixture.hpp"
#include "tests/ui/flow_fixture.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"

using namespace spor;
using namespace spor::ui;
using namespace std::chrono_literals;

namespace {

using uitest::englishWords;
using uitest::Flow;

}  // namespace

TEST_SUITE("ui") {

  TEST_CASE("the background form: one question at a time, stored as it goes, finished at the end") {
    Flow f;
    f.model.setupDemo();
    const auto alma = f.child("Alma").child.id;
    f.model.openChild(alma);
    f.model.startTask(core::Task::Background);
    REQUIRE(f.model.state().screen == Screen::BackgroundForm);
    REQUIRE(f.model.formRunner().question());
    CHECK(f.model.formRunner().question()->id == "birth_year");
    f.model.formRunner().otherText() = "1999";
    f.model.formRunner().next();
    CHECK(f.model.state().error == "Skriv et tal fra 2000 til 2030.");
    f.model.formRunner().otherText() = "2013";
    f.model.formRunner().next();
    CHECK(f.model.formRunner().question()->id == "gender");
    CHECK(f.model.state().background->settled(f.clock.now(), AppModel::kAnswerGuard));
    f.model.formRunner().answer({{1}, std::nullopt, {}, false});  // a single choice moves on
    CHECK(f.model.formRunner().question()->id == "nationality");
    // For a moment after moving on by itself, the screen ignores taps: a
    // quick "Næste" showed "Vælg et svar" on a question not yet seen.
    CHECK_FALSE(f.model.state().background->settled(f.clock.now(), AppModel::kAnswerGuard));
    REQUIRE(f.model.nextDeadline().has_value());
    CHECK(*f.model.nextDeadline() <= f.clock.now() + AppModel::kAnswerGuard);  // the frame loop wakes to draw them ready
    f.clock.advance(AppModel::kAnswerGuard);
    CHECK(f.model.state().background->settled(f.clock.now(), AppModel::kAnswerGuard));
    while (f.model.state().background->index + 1 < f.model.state().background->questions.size())
      f.model.formRunner().answer({{}, std::nullopt, {}, true});
    // The last answer is stored and waits for "Færdig": a moment to look (a new user's trial).
    f.model.formRunner().answer({{}, std::nullopt, {}, true});
    CHECK(f.model.state().screen == Screen::BackgroundForm);
    // Left there and opened again: back at the last question, where "Færdig" is, not at the first.
    const std::size_t last = f.model.state().background->questions.size() - 1;
    f.model.goHome();
    f.model.openChild(alma);
    CHECK(f.due(core::Task::Background).state == core::DueState::InProgress);
    f.model.startTask(core::Task::Background);
    REQUIRE(f.model.state().screen == Screen::BackgroundForm);
    CHECK(f.model.state().background->index == last);
    f.model.formRunner().next();
    CHECK(f.model.state().screen == Screen::ChildDetail);
    CHECK(f.model.state().notice == "Baggrundsskemaet er udfyldt.");
    const auto bs = f.model.store()->backgrounds(alma);
    REQUIRE(bs.size() == 1);
    CHECK(bs[0].state == store::ResponseState::Finished);
    CHECK(bs[0].answers.size() == 16);
    CHECK(bs[0].answers[0].value.number == 2013);
    CHECK(f.due(core::Task::Background).state == core::DueState::Done);
  }

  TEST_CASE("the background form: \"Andet, nemlig\" with its text alone is an answer, stored as given") {
    Flow f;
    f.model.setupDemo();
    const auto alma = f.child("Alma").child.id;
    f.model.openChild(alma);
    f.model.startTask(core::Task::Background);
    REQUIRE(f.model.state().screen == Screen::BackgroundForm);
    const auto storedFor = [&](const std::string& id) -> std::optional<store::FormValue> {
      const auto bgs = f.model.store()->backgrounds(alma);  // kept: a range over a temporary's member dangles
      for (const auto& a : bgs.at(0).answers)
        if (a.questionId == id) return a.value;
      return std::nullopt;
    };
    // Walk to the multiple choice with "Andet" (no option ticked).
    while (f.model.formRunner().question()->id != "difficulties") {
      if (storedFor(f.model.formRunner().question()->id))
        f.model.formRunner().next();
      else
        f.model.formRunner().answer({{}, std::nullopt, {}, true});
    }
    SUBCASE("Næste stores the text alone") {
      f.model.formRunner().otherText() = "Ordblind";
      f.model.formRunner().next();
      CHECK(f.model.state().error.empty());
      CHECK(f.model.formRunner().question()->id == "resources");
      const auto v = storedFor("difficulties");
      REQUIRE(v);
      CHECK(v->codes.empty());
      CHECK(v->text == "Ordblind");
      f.model.formRunner().back();  // and it is there when the volunteer comes back
      CHECK(f.model.formRunner().otherText() == "Ordblind");
    }
    SUBCASE("Tilbage stores it too") {
      f.model.formRunner().otherText() = "Ordblind";
      f.model.formRunner().back();
      const auto v = storedFor("difficulties");
      REQUIRE(v);
      CHECK(v->text == "Ordblind");
    }
    SUBCASE("a single choice with \"Andet\": the text alone, then the form can be finished") {
      while (f.model.formRunner().question()->id != "referral") f.model.formRunner().answer({{}, std::nullopt, {}, true});
      f.model.formRunner().otherText() = "Via en nabo";
      f.model.formRunner().next();
      CHECK(f.model.formRunner().question()->id == "interventions");
      const auto v = storedFor("referral");
      REQUIRE(v);
      CHECK(v->text == "Via en nabo");
      // The rest declined; the questions skipped on the way are asked at the end.
      while (f.model.state().screen == Screen::BackgroundForm) {
        if (storedFor(f.model.formRunner().question()->id))
          f.model.formRunner().next();
        else
          f.model.formRunner().answer({{}, std::nullopt, {}, true});
      }
      CHECK(f.model.state().notice == "Baggrundsskemaet er udfyldt.");
      CHECK(f.model.store()->backgrounds(alma).at(0).state == store::ResponseState::Finished);
      CHECK(storedFor("referral")->text == "Via en nabo");
    }
  }

  // A new-user trial: "Næste" on an unanswered question moved on without a
  // word; "Andet" text left an option chosen beside it on a single choice;
  // "Ved ikke" was both an option and a button.
  TEST_CASE("the background form: Næste on an unanswered question says what is missing and stays") {
    Flow f;
    f.model.setupDemo();
    f.model.openChild(f.child("Alma").child.id);
    f.model.startTask(core::Task::Background);
    f.model.formRunner().next();  // birth year and gender are pre-filled
    f.model.formRunner().next();
    REQUIRE(f.model.formRunner().question()->id == "nationality");
    f.model.formRunner().next();
    CHECK(f.model.formRunner().question()->id == "nationality");
    CHECK(f.model.state().error == "Vælg et svar, før I går videre. Ved I det ikke, så tryk på „Ved ikke“.");
    // Its own "Ved ikke" is the one way to say so: no second button.
    CHECK_FALSE(f.model.formRunner().offersDecline());
    f.model.formRunner().answer({{9}, std::nullopt, {}, false});
    CHECK(f.model.state().error.empty());
    f.model.formRunner().answer({{9}, std::nullopt, {}, false});  // home_language
    REQUIRE(f.model.formRunner().question()->id == "difficulties");
    // A multiple choice without one: the button, named in the message.
    CHECK(f.model.formRunner().offersDecline());
    f.model.formRunner().toggle(1);
    f.model.formRunner().toggle(1);  // ticked and unticked again: still no answer
    f.model.formRunner().next();
    CHECK(f.model.formRunner().question()->id == "difficulties");
    CHECK(f.model.state().error ==
          "Vælg et svar, før I går videre. Ved I det ikke, så tryk på „Ved ikke / vil ikke oplyse“.");
    f.model.formRunner().answer({{}, std::nullopt, {}, true});
    CHECK(f.model.formRunner().question()->id == "resources");
  }

  // A new user's trial: "Ved ikke / vil ikke oplyse" silently replaced the
  // boxes ticked and the "Andet, nemlig" text; "Vælg et svar" stayed on
  // screen after an option was ticked.
  TEST_CASE("the background form: Ved ikke over ticked options and an Andet text asks first and Annullér keeps them") {
    Flow f;
    f.model.setupDemo();
    const auto alma = f.child("Alma").child.id;
    f.model.openChild(alma);
    f.model.startTask(core::Task::Background);
    const auto storedFor = [&](const std::string& id) -> std::optional<store::FormValue> {
      const auto bgs = f.model.store()->backgrounds(alma);
      for (const auto& a : bgs.at(0).answers)
        if (a.questionId == id) return a.value;
      return std::nullopt;
    };
    while (f.model.formRunner().question()->id != "difficulties") {
      if (storedFor(f.model.formRunner().question()->id))
        f.model.formRunner().next();
      else if (f.model.formRunner().offersDecline())
        f.model.formRunner().answer({{}, std::nullopt, {}, true});
      else
        f.model.formRunner().answer({{9}, std::nullopt, {}, false});
    }
    // "Vælg et svar", then a tick: the banner goes.
    f.model.formRunner().next();
    REQUIRE(f.model.state().error.find("Vælg et svar") == 0);
    f.model.formRunner().toggle(1);
    CHECK(f.model.state().error.empty());
    f.model.formRunner().toggle(2);
    f.model.formRunner().otherText() = "Ordblind";
    const std::string first = f.model.formRunner().question()->options.at(0).label.da;
    // "Ved ikke": nothing changes yet; the question names what would go.
    f.model.formRunner().decline();
    const ConfirmState& c = f.model.state().confirm;
    REQUIRE(c.ask == ConfirmState::Ask::BackgroundDecline);
    CHECK(c.body.find("\u201E" + first + "\u201C") != std::string::npos);
    CHECK(c.body.find("\u201EOrdblind\u201C") != std::string::npos);
    CHECK(f.model.formRunner().question()->id == "difficulties");
    CHECK(storedFor("difficulties")->codes == std::vector<int>{1, 2});
    // Annullér: all of it is still there.
    f.model.confirmNo();
    CHECK(f.model.state().confirm.ask == ConfirmState::Ask::None);
    CHECK(f.model.formRunner().otherText() == "Ordblind");
    CHECK(storedFor("difficulties")->codes == std::vector<int>{1, 2});
    // Asked again and confirmed: declined, the text gone, the next question.
    f.model.formRunner().decline();
    f.model.confirmYes();
    CHECK(storedFor("difficulties")->declined);
    CHECK(storedFor("difficulties")->codes.empty());
    CHECK(storedFor("difficulties")->text.empty());
    CHECK(f.model.formRunner().question()->id == "resources");
    // On a question with nothing entered, "Ved ikke" is stored at once.
    f.model.formRunner().decline();
    CHECK(f.model.state().confirm.ask == ConfirmState::Ask::None);
    CHECK(storedFor("resources")->declined);
  }

  TEST_CASE("the background form: on a single choice the Andet text replaces the option chosen and back") {
    Flow f;
    f.model.setupDemo();
    const auto alma = f.child("Alma").child.id;
    f.model.openChild(alma);
    f.model.startTask(core::Task::Background);
    const auto storedFor = [&](const std::string& id) -> std::optional<store::FormValue> {
      const auto bgs = f.model.store()->backgrounds(alma);  // kept: a range over a temporary's member dangles
      for (const auto& a : bgs.at(0).answers)
        if (a.questionId == id) return a.value;
      return std::nullopt;
    };
    while (f.model.formRunner().question()->id != "referral") {
      if (storedFor(f.model.formRunner().question()->id))
        f.model.formRunner().next();  // pre-filled
      else if (f.model.formRunner().offersDecline())
        f.model.formRunner().answer({{}, std::nullopt, {}, true});
      else
        f.model.formRunner().answer({{9}, std::nullopt, {}, false});  // its own "Ved ikke"
    }
    f.model.formRunner().toggle(1);  // "Henvist fra skolen"
    REQUIRE(storedFor("referral"));
    CHECK(storedFor("referral")->codes == std::vector<int>{1});
    f.model.formRunner().otherText() = "Via en nabo";
    f.model.formRunner().next();
    CHECK(f.model.formRunner().question()->id == "interventions");
    CHECK(storedFor("referral")->codes.empty());  // the text replaced the option
    CHECK(storedFor("referral")->text == "Via en nabo");
    f.model.formRunner().back();
    CHECK(f.model.formRunner().otherText() == "Via en nabo");
    f.model.formRunner().toggle(5);  // an option again: it replaces the text
    CHECK(f.model.formRunner().otherText().empty());
    CHECK(storedFor("referral")->codes == std::vector<int>{5});
    CHECK(storedFor("referral")->text.empty());
  }

  TEST_CASE("a fidelity form for a project on the device") {
    Flow f;
    f.model.setupDemo();
    const auto projects = f.model.fidelity().projects();
    REQUIRE(projects.size() == 2);
    f.model.fidelity().start("strom");
    REQUIRE(f.model.state().screen == Screen::FidelityForm);
    const std::size_t n = f.model.state().fidelity->form->items.size();
    // Every item asks "I hvilken grad har vi …?": every answer on its scale
    // answers that question (a new user's trial read "Altid" beside "I høj grad").
    for (const core::FidelityItem& item : f.model.state().fidelity->form->items) {
      CAPTURE(item.id);
      REQUIRE(item.text.da.starts_with("I hvilken grad"));
      for (const core::ScaleOption& o : f.model.forms().scale(item.scale).options) {
        CAPTURE(o.label.da);
        CHECK((o.label.da == "Slet ikke" || o.label.da.starts_with("I ")));
      }
    }
    f.model.fidelity().answer(4);
    f.model.fidelity().back();
    CHECK(f.model.state().fidelity->index == 0);
    for (std::size_t i = 0; i < n; ++i) f.model.fidelity().answer(i == 2 ? std::nullopt : std::optional<int>(3));
    // The last answer is stored, and saving the form is asked: "Annullér" stays, to look back first.
    REQUIRE(f.model.state().confirm.ask == ConfirmState::Ask::FinishFidelity);
    CHECK(f.model.state().confirm.title == "Gem skemaet om forløbet?");
    f.model.confirmNo();
    CHECK(f.model.state().screen == Screen::FidelityForm);
    CHECK(f.model.store()->fidelityResponses("strom").at(0).state != store::ResponseState::Finished);
    f.model.fidelity().back();
    CHECK(f.model.state().fidelity->index + 2 == n);
    f.model.fidelity().answer(3);
    f.model.fidelity().answer(3);
    REQUIRE(f.model.state().confirm.ask == ConfirmState::Ask::FinishFidelity);
    f.model.confirmYes();
    CHECK(f.model.state().screen == Screen::Home);
    CHECK(f.model.state().notice.starts_with("Skemaet om forløbet er udfyldt."));
    const auto rs = f.model.store()->fidelityResponses("strom");
    REQUIRE(rs.size() == 1);
    CHECK(rs[0].state == store::ResponseState::Finished);
    CHECK(rs[0].answers.size() == n);
  }

  // A walkthrough: opening the form and going back left an empty draft,
  // shown on home as begun ("Fortsæt … 0 af 17 svar") and sent to the
  // coordinator; and one left at its last step with every item answered
  // had no way to be saved but to answer again.
  TEST_CASE("a fidelity form opened and left writes nothing and one left fully answered asks to be saved") {
    Flow f;
    f.model.setupDemo();
    const std::int64_t changes = f.model.store()->syncStatus().changeCounter;
    f.model.fidelity().start("strom");
    REQUIRE(f.model.state().screen == Screen::FidelityForm);
    f.model.fidelity().back();
    CHECK(f.model.state().screen == Screen::Home);
    CHECK(f.model.store()->fidelityResponses("strom").empty());
    CHECK(f.model.store()->syncStatus().changeCounter == changes);

    // Begun at the first answer; every item answered, then left at the save question.
    f.model.fidelity().start("strom");
    const std::size_t n = f.model.state().fidelity->form->items.size();
    for (std::size_t i = 0; i < n; ++i) f.model.fidelity().answer(3);
    REQUIRE(f.model.state().confirm.ask == ConfirmState::Ask::FinishFidelity);
    f.model.confirmNo();
    f.model.goHome();
    REQUIRE(f.model.store()->fidelityResponses("strom").size() == 1);
    CHECK(f.model.store()->fidelityResponses("strom")[0].answers.size() == n);
    // Opened again: straight to the save question.
    f.model.fidelity().start("strom");
    CHECK(f.model.state().fidelity->index + 1 == n);
    REQUIRE(f.model.state().confirm.ask == ConfirmState::Ask::FinishFidelity);
    f.model.confirmYes();
    CHECK(f.model.store()->fidelityResponses("strom")[0].state == store::ResponseState::Finished);
    CHECK(f.model.store()->fidelityResponses("strom").size() == 1);
  }
}
