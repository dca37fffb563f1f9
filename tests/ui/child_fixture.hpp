#pragma once
// The child-mode tests' tablet (test_child_mode.cpp, test_lock.cpp): one
// volunteer, Sofie, and one child, Alma, over a real device store (fast KDF,
// the vault's real lock-out), Alma's "Før" questionnaire handed over.
#include <string>

#include <doctest/doctest.h>

#include "core/date.hpp"
#include "core/form_loader.hpp"
#include "tests/store/store_fixture.hpp"
#include "ui/model/app_model.hpp"

namespace spor::uitest {

inline const core::FormSet& bundledForms() { return test::bundledForms(); }

// A tablet with one volunteer, Sofie, and one child, Alma, in `projectId`
// with consent; the volunteer has unlocked and handed Alma her "Før"
// questionnaire (the hand-over screen). The store's clock is the model's
// clock, so a lock-out ends when the test moves the clock. EmpowR asks 28
// items; the last three are selvskade, a reversed dimension.
struct ChildFixture {
  test::TempDir dir{"ui-model"};
  ui::ManualClock clock;
  ui::AppModel model{bundledForms(), clock};
  store::Timestamp start = store::systemNow();
  store::ChildId alma{};
  store::VolunteerId sofie{};

  explicit ChildFixture(const std::string& projectId = "empowr") {
    const store::DeviceStoreOptions o = options();
    {
      store::CreatedDevice made = store::DeviceStore::create(dir.db(), {"Sofie", test::kPin}, o);
      store::DeviceStore& st = made.store;
      sofie = st.volunteers().front().id;
      const core::Project& p = bundledForms().project(projectId);
      alma = st.addChild(
          {.details = {.nickname = "Alma", .projectId = projectId, .interventions = {p.interventions.front()}}});
      st.recordConsent(alma, {.givenBy = "mor", .givenOn = core::today()});
    }
    model.openDataDir(dir.path, o);
    pin(test::kPin);  // one volunteer: the lock screen is the PIN pad
    REQUIRE(model.state().screen == ui::Screen::Home);
    model.openChild(alma);
    model.startTask(core::Task::Before);
    REQUIRE(model.state().screen == ui::Screen::HandOver);
  }

  [[nodiscard]] store::DeviceStoreOptions options() {
    store::DeviceStoreOptions o;
    o.kdf = crypto::KdfParams::testFast();
    o.clock = [this] { return start + clock.now(); };
    o.tpm = tpm::noTpm();
    return o;
  }

  [[nodiscard]] const ui::MeasurementSession& session() const { return *model.childMode().session(); }
  // What the store holds of Alma's questionnaire.
  [[nodiscard]] store::Measurement stored() { return model.store()->measurements(alma).back(); }
  [[nodiscard]] bool paused() { return stored().state == store::ResponseState::Paused; }

  // Lets the double-tap guard pass, as a child's next tap would.
  void settle() { clock.advance(ui::AppModel::kAnswerGuard); }
  void answer(int v) {
    settle();
    model.childMode().answer(v);
  }
  void pin(const std::string& digits) {
    for (char d : digits) model.lock().digit(d - '0');
    model.lock().submit();
  }
  void answerUpTo(const std::string& dimension) {
    while (session().items()[session().currentIndex()]->dimension != dimension) answer(4);
  }
};

}  // namespace spor::uitest
