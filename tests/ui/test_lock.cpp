// The lock part (model/lock.hpp) over a real device store (fast KDF, the
// vault's real lock-out): the PIN pad's digits in secret memory, wrong PINs
// and the lock-out's countdown, Cancel back to the child, the idle lock and
// its calm hand-back screen, a store error that is not a wrong PIN,
// unlocking on the worker.
#include <memory>
#include <string>

#include <doctest/doctest.h>

#include "messages/message.hpp"
#include "tests/store/fake_tpm.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/ui/child_fixture.hpp"
#include "tests/ui/demo_fixture.hpp"
#include "tests/ui/flow_fixture.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"

using namespace spor;
using namespace spor::ui;
using namespace std::chrono_literals;

namespace {

using Fixture = uitest::ChildFixture;
using uitest::fast;
using uitest::forms;

struct TempDir : uitest::TempDir {
  TempDir() : uitest::TempDir("lock") {}
};

using uitest::Flow;

}  // namespace

TEST_SUITE("ui") {

  // Issue 11 item 10: the digits live in a crypto::SecretBytes and are
  // wiped where they lay once tried (a std::string's clear() left them).
  TEST_CASE("PIN pad: the digits are in secret memory and wiped where they lay after a try") {
    Fixture f;
    f.model.childMode().start();
    f.model.lock().ask(PinPurpose::LeaveChildMode);
    for (int d : {9, 8, 7, 6, 5, 4}) f.model.lock().digit(d);
    const std::string_view typed = f.model.state().pin.digits.view();
    REQUIRE(typed == "987654");
    const char* where = typed.data();
    f.model.lock().submit();  // wrong: tried, then emptied
    CHECK(f.model.state().pin.notice == PinNotice::Wrong);
    CHECK(f.model.state().pin.digits.empty());
    for (std::size_t i = 0; i < 6; ++i) CHECK(where[i] == '\0');

    SecretDigits d;
    for (char c : std::string_view("135790")) d.push_back(c);
    const SecretDigits copy = d;  // a second buffer, not the same memory
    CHECK(copy == "135790");
    CHECK(copy.view().data() != d.view().data());
    const char* at = d.view().data();
    d.pop_back();
    CHECK(at[5] == '\0');
    d.clear();
    for (std::size_t i = 0; i < 5; ++i) CHECK(at[i] == '\0');
    CHECK(copy == "135790");
  }

  TEST_CASE("PIN pad: wrong PINs, then a growing lockout") {
    Fixture f;
    f.model.childMode().start();
    f.model.lock().ask(PinPurpose::LeaveChildMode);
    SUBCASE("too short a PIN cannot be tried") {
      f.model.lock().digit(1);
      f.model.lock().digit(2);
      f.model.lock().digit(3);
      CHECK_FALSE(f.model.lock().canSubmit());
      f.model.lock().erase();
      CHECK(f.model.state().pin.digits == "12");
    }
    SUBCASE("a wrong PIN says so and empties the dots") {
      f.pin("999999");
      CHECK(f.model.state().screen == Screen::PinPad);
      CHECK(f.model.state().pin.notice == PinNotice::Wrong);
      CHECK(f.model.state().pin.digits.empty());
      f.model.lock().digit(1);
      CHECK(f.model.state().pin.notice == PinNotice::None);
    }
    SUBCASE("the fifth wrong PIN locks for 30 s; digits wait too") {
      for (int i = 0; i < 5; ++i) f.pin("000000");
      CHECK(f.model.state().pin.notice == PinNotice::LockedOut);
      CHECK(f.model.lock().waitSeconds() == 30);
      REQUIRE(f.model.nextDeadline());
      CHECK(*f.model.nextDeadline() == f.clock.now() + 1s);
      for (char d : std::string(test::kPin)) f.model.lock().digit(d - '0');
      CHECK_FALSE(f.model.lock().canSubmit());
      f.clock.advance(30s);
      f.model.tick();
      CHECK(f.model.state().pin.notice == PinNotice::None);
      CHECK(f.model.lock().canSubmit());
      f.model.lock().submit();
      CHECK(f.model.state().screen == Screen::ChildDetail);
    }
    SUBCASE("the PIN is never kept") {
      f.pin(test::kPin);
      CHECK(f.model.state().pin.digits.empty());
    }
  }

  TEST_CASE("Cancel on the PIN pad returns to the child, at the same item") {
    Fixture f;
    f.model.childMode().start();
    f.answer(2);
    f.model.lock().ask(PinPurpose::LeaveChildMode);
    CHECK(f.paused());
    f.model.lock().cancel();
    CHECK(f.model.state().screen == Screen::ChildQuestion);
    CHECK(f.model.childMode().currentItem().number == 2);
    f.answer(1);
    CHECK_FALSE(f.paused());
  }

  TEST_CASE("the idle lock pauses child mode and cannot be cancelled") {
    Fixture f;
    f.model.childMode().start();
    f.answer(2);
    REQUIRE(f.model.nextDeadline());
    CHECK(*f.model.nextDeadline() == f.clock.now() + AppModel::kAnswerGuard);  // the faces wake up
    f.settle();
    REQUIRE(f.model.nextDeadline());
    CHECK(*f.model.nextDeadline() == f.clock.now() - AppModel::kAnswerGuard + 5min);  // then the idle lock
    f.clock.advance(4min);
    f.model.tick();
    CHECK(f.model.state().screen == Screen::ChildQuestion);
    f.clock.advance(1min);
    f.model.tick();
    CHECK(f.model.state().screen == Screen::PinPad);
    CHECK(f.model.state().pin.purpose == PinPurpose::Unlock);
    CHECK(f.model.state().pin.handBack);  // "Giv tabletten til en voksen"
    CHECK_FALSE(f.model.nextDeadline());  // locked: nothing timed, the loop sleeps
    f.model.lock().chooseVolunteer(f.sofie);
    f.model.lock().cancel();  // back to the calm hand-back screen, still locked
    CHECK(f.model.state().screen == Screen::PinPad);
    CHECK(f.model.state().pin.handBack);
    f.model.lock().ask(PinPurpose::LeaveChildMode);  // no way around a lock
    CHECK(f.model.state().pin.purpose == PinPurpose::Unlock);
    f.model.lock().chooseVolunteer(f.sofie);
    f.pin(test::kPin);
    CHECK(f.model.state().screen == Screen::ChildDetail);
    CHECK(f.paused());  // paused in the store before the key was forgotten
    CHECK(f.stored().answers.size() == 1);
  }

  // Issue 12, defect 10: random taps on the idle lock's PIN pad used up the
  // volunteer's five free tries.
  TEST_CASE("the idle lock in child mode: a calm hand-back screen; tries count only after a name is chosen") {
    Fixture f;
    f.model.childMode().start();
    f.clock.advance(5min);
    f.model.tick();
    REQUIRE(f.model.state().screen == Screen::PinPad);
    CHECK(f.model.state().pin.handBack);
    // A child taps around: nothing is typed, nothing is tried.
    for (int d : {1, 2, 3, 4, 5, 6, 9, 9}) f.model.lock().digit(d);
    CHECK(f.model.state().pin.digits.empty());
    CHECK_FALSE(f.model.lock().canSubmit());
    f.model.lock().submit();
    CHECK(f.model.state().pin.notice == PinNotice::None);
    // The adult taps their name; from here the pad counts.
    f.model.lock().chooseVolunteer(f.sofie);
    CHECK_FALSE(f.model.state().pin.handBack);
    f.pin("999999");
    CHECK(f.model.state().pin.notice == PinNotice::Wrong);
    f.pin(test::kPin);
    CHECK(f.model.state().screen == Screen::ChildDetail);
  }

  TEST_CASE("a lock the volunteer asked for from home shows the PIN pad at once") {
    Fixture f;
    AppModel& model = f.model;
    model.goHome();
    model.lockNow();
    CHECK(model.state().screen == Screen::PinPad);
    CHECK_FALSE(model.state().pin.handBack);
  }

  TEST_CASE("activity keeps the idle lock away; idle lock 0 never locks") {
    Fixture f;
    f.model.childMode().start();
    f.clock.advance(4min);
    f.model.noteActivity();
    f.clock.advance(4min);
    f.model.tick();
    CHECK(f.model.state().screen == Screen::ChildQuestion);
    Settings s;
    s.idleLockMinutes = 0;
    f.model.settings().set(s);
    f.clock.advance(60min);
    f.model.tick();
    CHECK(f.model.state().screen == Screen::ChildQuestion);
  }

  TEST_CASE("the idle lock forgets the store's key; the PIN brings the volunteer back to the child") {
    Flow f;
    f.model.setupDemo();
    f.model.openChild(f.child("Alma").child.id);
    f.model.startTask(core::Task::Before);
    f.model.childMode().start();
    f.answer(2);
    f.clock.advance(5min);
    f.model.tick();
    CHECK(f.model.state().screen == Screen::PinPad);
    CHECK(f.model.state().pin.purpose == PinPurpose::Unlock);
    CHECK_FALSE(f.model.store()->unlocked());
    CHECK(f.model.state().children.empty());
    // The hand-back screen: the volunteer taps their name first.
    CHECK(f.model.state().pin.handBack);
    f.pin("000000");  // a child's taps: nothing is tried
    CHECK(f.model.store()->lockout().failures == 0);
    f.model.lock().chooseVolunteer(f.model.volunteers().front().id);
    f.pin(kDemoPin);
    CHECK(f.model.store()->unlocked());
    CHECK(f.model.state().screen == Screen::ChildDetail);
    CHECK(f.model.state().detail->summary.name == "Alma");
    CHECK(f.due(core::Task::Before).state == core::DueState::InProgress);
  }

  // A new-user trial: after a name was tapped on the hand-back screen there
  // was no way back, so a child's taps on the pad used up the volunteer's tries.
  TEST_CASE("the hand-back screen: after a name Tilbage returns to the calm screen and counts nothing") {
    Flow f;
    f.model.setupDemo();
    f.model.openChild(f.child("Alma").child.id);
    f.model.startTask(core::Task::Before);
    f.model.childMode().start();
    f.clock.advance(5min);
    f.model.tick();
    REQUIRE(f.model.state().pin.handBack);
    f.model.lock().chooseVolunteer(f.model.volunteers().front().id);  // a child taps the name
    CHECK_FALSE(f.model.state().pin.handBack);
    CHECK(f.model.state().pin.fromHandBack);
    f.model.lock().digit(1);
    f.model.lock().digit(2);
    f.model.lock().backToHandBack();  // "Tilbage"
    CHECK(f.model.state().screen == Screen::PinPad);
    CHECK(f.model.state().pin.handBack);
    CHECK(f.model.state().pin.digits.empty());
    CHECK_FALSE(f.model.state().pin.who);
    CHECK(f.model.state().pin.notice == PinNotice::None);
    CHECK(f.model.store()->lockout().failures == 0);
    // Escape (lock().cancel()) does the same; the lock itself stays.
    f.model.lock().chooseVolunteer(f.model.volunteers().front().id);
    f.model.lock().cancel();
    CHECK(f.model.state().pin.handBack);
    CHECK(f.model.state().pin.purpose == PinPurpose::Unlock);
    CHECK_FALSE(f.model.store()->unlocked());
    // The lock screen the volunteer asked for ("Lås") has no way back.
    f.model.lock().chooseVolunteer(f.model.volunteers().front().id);
    f.pin(kDemoPin);
    REQUIRE(f.model.state().screen == Screen::ChildDetail);
    f.model.lockNow();
    CHECK_FALSE(f.model.state().pin.fromHandBack);
    f.model.lock().backToHandBack();
    CHECK_FALSE(f.model.state().pin.handBack);
  }

  // A new-user trial: the PIN pad's dots went empty during "Låser op …", as
  // if the PIN had been lost.
  TEST_CASE("the PIN pad keeps its dots filled while the PIN is checked") {
    Flow f;
    f.model.setupDemo();
    auto worker = std::make_unique<ManualWorker>();
    ManualWorker& w = *worker;
    f.model.setWorker(std::move(worker));
    f.model.lockNow();
    for (char d : std::string(kDemoPin)) f.model.lock().digit(d - '0');
    CHECK(f.model.lock().dotsFilled() == 6);
    f.model.lock().submit();
    REQUIRE(f.model.state().busy == Busy::Unlocking);
    CHECK(f.model.state().pin.digits.empty());  // the PIN itself is not kept
    CHECK(f.model.lock().dotsFilled() == 6);
    w.runPending();
    f.model.tick();
    CHECK_FALSE(f.model.busy());
    CHECK(f.model.lock().dotsFilled() == 0);
    // A wrong PIN: filled while checked, empty again for the next try.
    f.model.lockNow();
    f.pin("000000");
    CHECK(f.model.lock().dotsFilled() == 6);
    w.runPending();
    f.model.tick();
    CHECK(f.model.state().pin.notice == PinNotice::Wrong);
    CHECK(f.model.lock().dotsFilled() == 0);
  }

  // Issue 12, defect 10: the lock screen said "Forkert PIN-kode" for every
  // failure, a TPM that cannot be reached too.
  TEST_CASE("the lock screen shows the catalogue's text for what went wrong, not a wrong PIN") {
    test::FakeTpm tpm;
    TempDir dir;
    ManualClock clock;
    AppModel model{forms(), clock};
    store::DeviceStoreOptions o = fast();
    o.tpm = tpm.connector();
    model.openDataDir(dir.path, o);
    model.setupDemo();
    REQUIRE(model.state().screen == Screen::Home);
    REQUIRE(tpm.seals > 0);  // the PIN's wrap is bound to the TPM
    model.lockNow();
    tpm.unreachable = true;
    for (char d : std::string(kDemoPin)) model.lock().digit(d - '0');
    model.lock().submit();
    CHECK(model.state().screen == Screen::PinPad);
    CHECK(model.state().pin.notice == PinNotice::Error);
    const std::string expected =
        render(Message{Msg::TpmUnreachable, {{"tcti", "fake"}, {"detail", "switched off"}}}, core::Lang::Da);
    CHECK(model.state().pin.error == expected);
    CHECK(model.state().pin.error != tr(Word::PinWrong, core::Lang::Da));
    CHECK(model.store()->lockout().failures == 0);  // not counted as a wrong PIN
    tpm.unreachable = false;
    for (char d : std::string(kDemoPin)) model.lock().digit(d - '0');
    model.lock().submit();
    CHECK(model.state().screen == Screen::Home);
  }

  TEST_CASE("wrong PINs on the lock screen: the store's lock-out, with a countdown") {
    Flow f;
    f.model.setupDemo();
    f.model.lockNow();
    for (int i = 0; i < 5; ++i) f.pin("000000");
    CHECK(f.model.state().pin.notice == PinNotice::LockedOut);
    CHECK(f.model.lock().waitSeconds() > 0);
    CHECK_FALSE(f.model.lock().canSubmit());
  }

  TEST_CASE("unlocking on the worker: the PIN pad says so, ignores taps and the idle lock, then unlocks") {
    Flow f;
    auto worker = std::make_unique<ManualWorker>();
    ManualWorker& w = *worker;
    f.model.setWorker(std::move(worker));

    // The demo set-up wraps the key under its PIN: that is slow work too.
    f.model.setupDemo();
    CHECK(f.model.state().busy == Busy::SettingUp);
    CHECK(f.model.state().screen == Screen::Setup);
    CHECK(f.model.store() == nullptr);  // the worker has it
    f.model.setupDemo();                // a second tap changes nothing
    CHECK(w.pending() == 1);
    CHECK(w.runPending() == 1);
    f.model.tick();
    CHECK_FALSE(f.model.busy());
    REQUIRE(f.model.state().screen == Screen::Home);
    CHECK(f.model.state().children.size() == 2);

    f.model.lockNow();
    f.pin(kDemoPin);
    CHECK(f.model.state().busy == Busy::Unlocking);
    CHECK(f.model.state().screen == Screen::PinPad);
    CHECK(f.model.store() == nullptr);
    CHECK(f.model.volunteers().size() == 1);  // the lock screen keeps its names
    // Taps while it runs are ignored.
    f.model.lock().digit(4);
    f.model.lock().erase();
    CHECK(f.model.state().pin.digits.empty());
    CHECK_FALSE(f.model.lock().canSubmit());
    f.model.focusField(Field::Nickname);
    CHECK(f.model.keyboardField() == Field::None);
    // The loop draws the spinner's frames while it runs.
    REQUIRE(f.model.nextDeadline());
    CHECK(*f.model.nextDeadline() <= f.clock.now() + AppModel::kSpinnerFrame);
    // The idle lock waits for the work (the store is not here to lock).
    f.clock.advance(10min);
    f.model.tick();
    CHECK(f.model.state().busy == Busy::Unlocking);
    CHECK(w.runPending() == 1);
    f.model.tick();
    CHECK_FALSE(f.model.busy());
    CHECK(f.model.state().screen == Screen::Home);
    REQUIRE(f.model.store());
    CHECK(f.model.store()->unlocked());

    // A wrong PIN comes back as the same notice as before, and counts.
    f.model.lockNow();
    f.pin("000000");
    CHECK(f.model.busy());
    w.runPending();
    f.model.tick();
    CHECK(f.model.state().pin.notice == PinNotice::Wrong);
    CHECK(f.model.state().screen == Screen::PinPad);
    CHECK(f.model.store()->lockout().failures == 1);
  }

  TEST_CASE("a real worker thread: the store goes there and comes back unlocked") {
    Flow f;
    f.model.setupDemo();
    f.model.setWorker(std::make_unique<ThreadWorker>());
    f.model.lockNow();
    f.pin(kDemoPin);
    // However long the thread takes, the model waits; no time is asserted.
    for (int i = 0; i < 20000 && f.model.busy(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      f.model.tick();
    }
    REQUIRE_FALSE(f.model.busy());
    CHECK(f.model.state().screen == Screen::Home);
    CHECK(f.model.store()->unlocked());
  }
}
