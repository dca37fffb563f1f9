// The child mode part (model/child_mode.hpp) over a real device store
// (fast KDF): the hand-over, the items and their cards, the double-tap
// guard, back, pause and resume, read-aloud requests, safeguarding after
// child mode, closing the window. The PIN pad and the idle lock:
// test_lock.cpp; the volunteer's flows: test_flows.cpp.
#include <doctest/doctest.h>

#include "core/date.hpp"
#include "core/form_loader.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/ui/child_fixture.hpp"
#include "ui/model/app_model.hpp"

using namespace spor;
using namespace spor::ui;
using namespace std::chrono_literals;

namespace {

const core::FormSet& forms() { return test::bundledForms(); }
using Fixture = uitest::ChildFixture;

}  // namespace

TEST_SUITE("ui") {
  TEST_CASE("the hand-over leads into child mode at the first item") {
    Fixture f;
    CHECK(f.model.state().screen == Screen::HandOver);
    CHECK(f.model.state().childName == "Alma");
    f.model.childMode().start();
    CHECK(f.model.state().screen == Screen::ChildQuestion);
    const ChildItemView v = f.model.childMode().currentItem();
    CHECK(v.number == 1);
    CHECK(v.count == 28);
    CHECK(v.text == "Hvor ofte føler du dig glad?");
    CHECK(v.firstOfDimension);
    CHECK_FALSE(v.canGoBack);
    CHECK(v.declineLabel == "Vil ikke svare");
    REQUIRE(v.options.size() == 4);
    CHECK(v.options[0].label == "Aldrig");
    CHECK(v.options[0].face == core::Face::VerySad);
    CHECK(v.options[3].label == "Altid");
    CHECK(v.options[3].face == core::Face::VeryHappy);
  }

  TEST_CASE("the hand-over: who helps the child answer is the child alone until one tap changes it and is kept") {
    Fixture f;
    // Started with the default (the source's common case), shown chosen.
    CHECK(f.model.childMode().answeringMode() == core::AnsweringMode::Alone);
    CHECK(f.stored().answeringMode == core::AnsweringMode::Alone);
    // One tap: in the store when it returns.
    f.model.childMode().chooseAnsweringMode(core::AnsweringMode::Volunteer);
    CHECK(f.model.childMode().answeringMode() == core::AnsweringMode::Volunteer);
    CHECK(f.stored().answeringMode == core::AnsweringMode::Volunteer);
    CHECK(f.model.state().error.empty());
    f.model.childMode().chooseAnsweringMode(core::AnsweringMode::Parent);
    CHECK(f.stored().answeringMode == core::AnsweringMode::Parent);
    f.model.childMode().start();
    REQUIRE(f.model.state().screen == Screen::ChildQuestion);
    // Not from a child's screen: only the hand-over offers it.
    f.model.childMode().chooseAnsweringMode(core::AnsweringMode::Municipal);
    CHECK(f.stored().answeringMode == core::AnsweringMode::Parent);
    f.answer(3);
    // Paused and handed back later: the hand-over shows what was chosen, and
    // the volunteer may still change it while the measurement is open.
    f.model.childMode().pause();
    f.model.lock().ask(PinPurpose::LeaveChildMode);
    f.pin(test::kPin);
    f.model.startTask(core::Task::Before);
    REQUIRE(f.model.state().screen == Screen::HandOver);
    CHECK(f.model.childMode().answeringMode() == core::AnsweringMode::Parent);
    f.model.childMode().chooseAnsweringMode(core::AnsweringMode::Municipal);
    CHECK(f.stored().answeringMode == core::AnsweringMode::Municipal);
    CHECK(f.model.store()->measurements(f.alma).size() == 1);  // the same measurement
    // To the end: finished with it.
    f.model.childMode().start();
    while (f.model.state().screen == Screen::ChildQuestion) f.answer(2);
    CHECK(f.stored().state == store::ResponseState::Finished);
    CHECK(f.stored().answeringMode == core::AnsweringMode::Municipal);
  }

  // Defect 5 of issue 12: after 25 items with the happy face on the right, the
  // faces swapped sides on the self-harm items, so a child answering by
  // position gave the opposite answer.
  TEST_CASE("answer positions never change in a questionnaire; the sensitive items have neutral cards") {
    for (const auto& [id, p] : forms().projects) {
      CAPTURE(p.id);
      Fixture f(id);
      AppModel& model = f.model;
      model.childMode().start();
      // What each position showed the first time a face was drawn there.
      std::vector<core::Face> faceAt;
      while (model.state().screen == Screen::ChildQuestion) {
        const ChildItemView v = model.childMode().currentItem();
        CAPTURE(v.itemId);
        const core::Dimension* dim = nullptr;
        for (const core::Dimension& d : forms().childForm(p.childForm).dimensions)
          if (d.id == f.session().items()[f.session().currentIndex()]->dimension) dim = &d;
        REQUIRE(dim);
        const bool sensitive = dim->direction == core::Direction::Reversed;
        CHECK(v.neutral == sensitive);
        REQUIRE(v.options.size() == 4);
        for (std::size_t i = 0; i < v.options.size(); ++i) {
          CHECK(v.options[i].value == static_cast<int>(i) + 1);  // left to right, top to bottom in value order
          if (sensitive) {
            CHECK(v.options[i].face == core::Face::None);  // no laughing face beside "skade mig selv"
            continue;
          }
          CHECK(v.options[i].face != core::Face::None);
          if (faceAt.size() <= i) faceAt.push_back(v.options[i].face);
          CHECK(v.options[i].face == faceAt[i]);  // a face never moves to another place
        }
        f.answer(1);
      }
      CHECK(model.state().screen == Screen::ChildThanks);
    }
  }

  TEST_CASE("the selvskade items: labels in value order on calm neutral cards") {
    Fixture f;
    f.model.childMode().start();
    f.answerUpTo("selvskade");
    const ChildItemView v = f.model.childMode().currentItem();
    CHECK(v.itemId == "selvskade_1");
    CHECK(v.firstOfDimension);
    CHECK(v.neutral);
    REQUIRE(v.options.size() == 4);
    CHECK(v.options[0].label == "Helt uenig");
    CHECK(v.options[0].face == core::Face::None);
    CHECK(v.options[3].label == "Helt enig");
    CHECK(v.options[3].face == core::Face::None);
  }

  // A new user's trial: NEFOS's "svære tanker" introduction stood before
  // every sensitive item. It is said once per block, on its first item.
  TEST_CASE("a sensitive block's introduction is shown on its first item only") {
    Fixture f;
    f.model.childMode().start();
    f.answerUpTo("selvskade");
    const std::string intro = forms().childForm(forms().project("empowr").childForm).dimension("selvskade")->leadIn.da;
    REQUIRE_FALSE(intro.empty());
    CHECK(f.model.childMode().currentItem().leadIn == intro);
    f.answer(1);
    REQUIRE(f.session().items()[f.session().currentIndex()]->dimension == "selvskade");
    CHECK(f.model.childMode().currentItem().leadIn == "Hvor enig er du i det her?");  // the question alone
    f.answer(1);
    CHECK(f.model.childMode().currentItem().leadIn == "Hvor enig er du i det her?");
    // Back on the first item: said again.
    f.model.childMode().back();
    f.model.childMode().back();
    CHECK(f.model.childMode().currentItem().leadIn == intro);
    // Another dimension's lead-in asks the question its items answer: on every item.
    Fixture g;
    g.model.childMode().start();
    const std::string first = g.model.childMode().currentItem().leadIn;
    REQUIRE_FALSE(first.empty());
    g.answer(3);
    CHECK(g.model.childMode().currentItem().leadIn == first);
  }

  TEST_CASE("a double tap does not answer the next question too") {
    Fixture f;
    f.model.childMode().start();
    f.settle();
    f.model.childMode().answer(3);
    CHECK(f.session().currentIndex() == 1);
    f.model.childMode().answer(3);  // the same finger, 0 ms later
    CHECK(f.session().currentIndex() == 1);
    CHECK_FALSE(f.model.childMode().acceptsAnswers());
    f.clock.advance(AppModel::kAnswerGuard);
    CHECK(f.model.childMode().acceptsAnswers());
    f.model.childMode().answer(2);
    CHECK(f.session().currentIndex() == 2);
  }

  TEST_CASE("answers are kept at once; back shows the answer given, which can be changed") {
    Fixture f;
    f.model.childMode().start();
    f.answer(3);
    CHECK(f.session().answerFor("psykisk_1") == Answer::of(3));
    f.model.childMode().back();
    ChildItemView v = f.model.childMode().currentItem();
    CHECK(v.number == 1);
    REQUIRE(v.given);
    CHECK(v.given->value == 3);
    f.answer(1);
    CHECK(f.session().answerFor("psykisk_1") == Answer::of(1));
    CHECK(f.stored().answers.size() == 1);
    CHECK(f.model.childMode().currentItem().number == 2);
    CHECK(f.model.childMode().currentItem().canGoBack);
  }

  TEST_CASE("back on the first item does nothing") {
    Fixture f;
    f.model.childMode().start();
    f.model.childMode().back();
    CHECK(f.model.childMode().currentItem().number == 1);
    CHECK(f.model.state().screen == Screen::ChildQuestion);
  }

  TEST_CASE("'vil ikke svare' is a missing answer, never a number") {
    Fixture f;
    f.model.childMode().start();
    f.settle();
    f.model.childMode().decline();
    CHECK(f.session().answerFor("psykisk_1") == Answer::decline());
    CHECK(f.session().values().empty());
    f.model.childMode().back();
    REQUIRE(f.model.childMode().currentItem().given);
    CHECK(f.model.childMode().currentItem().given->declined);
  }

  TEST_CASE("a value off the scale is a programming error") {
    Fixture f;
    f.model.childMode().start();
    f.settle();
    CHECK_THROWS_WITH_AS(f.model.childMode().answer(5), "answer 5 is not on the scale", std::logic_error);
  }

  TEST_CASE("the last answer ends on the thank-you screen; the PIN takes the volunteer home") {
    Fixture f;
    f.model.childMode().start();
    for (int i = 0; i < 28; ++i) f.answer(4);
    CHECK(f.session().finished());
    CHECK(f.model.state().screen == Screen::ChildThanks);
    f.model.lock().ask(PinPurpose::LeaveChildMode);
    CHECK(f.model.state().screen == Screen::PinPad);
    f.pin(test::kPin);
    CHECK(f.model.state().screen == Screen::ChildDetail);
    CHECK(f.model.state().volunteer == "Sofie");
  }

  TEST_CASE("pause and resume keep the place") {
    Fixture f;
    f.model.childMode().start();
    f.answer(2);
    f.answer(3);
    f.model.childMode().pause();
    CHECK(f.model.state().screen == Screen::ChildPaused);
    CHECK(f.paused());
    f.model.childMode().resume();
    CHECK(f.model.state().screen == Screen::ChildQuestion);
    CHECK(f.model.childMode().currentItem().number == 3);
    f.answer(1);  // the store's measurement is in progress again from the next answer
    CHECK_FALSE(f.paused());
    CHECK(f.model.childMode().currentItem().number == 4);
  }

  TEST_CASE("the volunteer takes a paused measurement and hands it back later") {
    Fixture f;
    f.model.childMode().start();
    f.answer(2);
    f.model.childMode().pause();
    f.model.lock().ask(PinPurpose::LeaveChildMode);
    f.pin(test::kPin);
    CHECK(f.model.state().screen == Screen::ChildDetail);
    CHECK(f.paused());
    f.model.childMode().handBack();
    CHECK(f.model.state().screen == Screen::HandOver);
    f.model.childMode().start();
    CHECK(f.model.state().screen == Screen::ChildQuestion);
    CHECK(f.model.childMode().currentItem().number == 2);
  }

  // Issue 12, defect 10: in a window, closing quit child mode without a PIN.
  TEST_CASE("closing the window while a child holds the tablet needs a PIN, kiosk or not") {
    for (const bool kiosk : {false, true}) {
      CAPTURE(kiosk);
      Fixture f;
      f.model.setKiosk(kiosk);
      f.model.requestClose();  // the hand-over
      CHECK_FALSE(f.model.state().quit);
      CHECK(f.model.state().screen == Screen::PinPad);
      CHECK(f.model.state().pin.purpose == PinPurpose::Quit);
      f.model.lock().cancel();
      CHECK(f.model.state().screen == Screen::HandOver);
      f.model.childMode().start();
      f.model.requestClose();
      CHECK_FALSE(f.model.state().quit);
      CHECK(f.model.state().pin.purpose == PinPurpose::Quit);
      f.pin("999999");
      CHECK_FALSE(f.model.state().quit);
      f.pin(test::kPin);
      CHECK(f.model.state().quit);
    }
    // No child on the tablet, not a kiosk: the window closes at once.
    ManualClock clock;
    AppModel model{forms(), clock};
    model.requestClose();
    CHECK(model.state().quit);
  }

  TEST_CASE("safeguarding: shown to the volunteer after child mode, never during it") {
    Fixture f;
    f.model.childMode().start();
    f.answerUpTo("selvskade");
    f.answer(4);  // "Helt enig" to "Jeg tænker på at skade mig selv"
    f.answer(1);
    f.answer(1);
    CHECK(f.model.state().screen == Screen::ChildThanks);
    CHECK_FALSE(f.model.state().safeguarding);
    f.model.lock().ask(PinPurpose::LeaveChildMode);
    CHECK_FALSE(f.model.state().safeguarding);
    f.pin(test::kPin);
    REQUIRE(f.model.state().safeguarding);
    const SafeguardingNotice& n = *f.model.state().safeguarding;
    CHECK(n.childName == "Alma");
    REQUIRE(n.hits.size() == 1);
    CHECK(n.hits[0].dimension == "selvskade");
    CHECK(n.hits[0].items == std::vector<std::string>{"selvskade_1"});
    CHECK_FALSE(n.guidance.da.empty());
    f.model.dismissSafeguarding();
    CHECK_FALSE(f.model.state().safeguarding);
  }

  TEST_CASE("safeguarding: calm answers give no notice") {
    Fixture f;
    f.model.childMode().start();
    f.answerUpTo("selvskade");
    for (int i = 0; i < 3; ++i) f.answer(1);
    f.model.lock().ask(PinPurpose::LeaveChildMode);
    f.pin(test::kPin);
    CHECK_FALSE(f.model.state().safeguarding);
  }

  TEST_CASE("read-aloud: the speaker reads the question and the options") {
    Fixture f;
    f.model.setReadAloudAvailable(true);
    f.model.childMode().start();
    (void)f.model.takeSpeech();
    f.model.childMode().readAloud();
    auto say = f.model.takeSpeech();
    REQUIRE(say);
    CHECK_FALSE(say->stop);
    CHECK(say->text.find("Tænk på, hvordan du har haft det") != std::string::npos);  // the lead-in, first item
    CHECK(say->text.find("Hvor ofte føler du dig glad?") != std::string::npos);
    CHECK(say->text.find("Aldrig.") != std::string::npos);
    CHECK(say->text.find("Altid.") != std::string::npos);
    CHECK_FALSE(f.model.takeSpeech());  // taken once
    SUBCASE("pausing stops the voice") {
      f.model.childMode().pause();
      auto stop = f.model.takeSpeech();
      REQUIRE(stop);
      CHECK(stop->stop);
    }
    SUBCASE("without audio nothing is requested") {
      f.model.setReadAloudAvailable(false);
      f.model.childMode().readAloud();
      CHECK_FALSE(f.model.takeSpeech());
    }
  }

  TEST_CASE("read-aloud: automatic reading of every new item") {
    Fixture f;
    Settings s;
    s.readAloudAuto = true;
    f.model.settings().set(s);
    f.model.setReadAloudAvailable(true);
    f.model.childMode().start();
    auto first = f.model.takeSpeech();
    REQUIRE(first);
    CHECK(first->text.find("Hvor ofte føler du dig glad?") != std::string::npos);
    f.answer(3);
    auto second = f.model.takeSpeech();
    REQUIRE(second);
    CHECK(second->text.find("Hvor ofte synes du, din dag har været god?") != std::string::npos);
    CHECK(second->text.find("Tænk på") == std::string::npos);  // the lead-in only once per dimension
  }

  TEST_CASE("closing the window away from child mode: a desktop closes, a kiosk asks for the PIN") {
    for (const bool kiosk : {false, true}) {
      CAPTURE(kiosk);
      Fixture f;
      f.model.setKiosk(kiosk);
      f.model.lock().ask(PinPurpose::LeaveChildMode);
      f.pin(test::kPin);
      REQUIRE(f.model.state().screen == Screen::ChildDetail);  // the volunteer has the tablet, on the child's page
      f.model.requestClose();
      CHECK(f.model.state().quit == !kiosk);
      if (kiosk) CHECK(f.model.state().pin.purpose == PinPurpose::Quit);
    }
  }

  TEST_CASE("child screens are exactly the hand-over, question, pause and thanks") {
    CHECK(isChildScreen(Screen::HandOver));
    CHECK(isChildScreen(Screen::ChildQuestion));
    CHECK(isChildScreen(Screen::ChildPaused));
    CHECK(isChildScreen(Screen::ChildThanks));
    CHECK_FALSE(isChildScreen(Screen::Home));
    CHECK_FALSE(isChildScreen(Screen::PinPad));
  }
}
