#pragma once
// The app model: every behaviour of the tablet app (hand-over, child mode,
// the PIN pad, pause and resume, the idle lock, read-aloud requests, the
// safeguarding notice, closing a kiosk) as plain C++, tested without a
// window. Views call these methods when a widget says so, and draw state().
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/forms.hpp"
#include "ui/model/app_state.hpp"
#include "ui/model/clock.hpp"
#include "ui/model/session.hpp"
#include "ui/model/volunteer_auth.hpp"

namespace spor::ui {

class AppModel {
 public:
  // How long answers are ignored after a new item appears, so a double tap
  // does not answer the next question too.
  static constexpr Ms kAnswerGuard{400};
  static constexpr std::size_t kPinMinDigits = 4;
  static constexpr std::size_t kPinMaxDigits = 8;

  // `forms`, `auth` and `clock` must outlive the model.
  AppModel(const core::FormSet& forms, VolunteerAuth& auth, const Clock& clock, Settings settings = {});

  [[nodiscard]] const AppState& state() const { return state_; }
  [[nodiscard]] const core::FormSet& forms() const { return forms_; }
  [[nodiscard]] core::Lang lang() const { return state_.settings.lang; }
  [[nodiscard]] Ms now() const { return clock_.now(); }

  void setKiosk(bool kiosk) { state_.kiosk = kiosk; }
  void setReadAloudAvailable(bool available) { state_.readAloudAvailable = available; }
  void setSettings(const Settings& settings) { state_.settings = settings; }

  // --- The volunteer ------------------------------------------------------
  // Before the store exists, the home screen starts measurements from here.
  using SessionFactory = std::function<std::unique_ptr<MeasurementSession>()>;
  void setDemo(SessionFactory factory, std::string childName);
  [[nodiscard]] bool hasDemo() const { return static_cast<bool>(demoFactory_); }
  void startDemoMeasurement();

  // Shows the hand-over screen for `session`; the child starts it.
  void handOver(std::unique_ptr<MeasurementSession> session, std::string childName);
  // Hands the current (paused) measurement back to the child.
  void handBack();
  [[nodiscard]] const MeasurementSession* session() const { return session_.get(); }
  void dismissSafeguarding() { state_.safeguarding.reset(); }

  // --- Child mode -----------------------------------------------------------
  void startChild();  // the child taps Start on the hand-over screen
  [[nodiscard]] ChildItemView currentItem() const;
  [[nodiscard]] bool acceptsAnswers() const;
  void answer(int value);
  void decline();
  void back();
  void pause();
  void resume();
  void readAloud();  // the speaker button

  // --- The PIN pad ------------------------------------------------------------
  void askForPin(PinPurpose purpose);
  void pinDigit(int digit);
  void pinErase();
  [[nodiscard]] bool pinCanSubmit() const;
  void pinSubmit();
  void pinCancel();  // only for LeaveChildMode and Quit
  // Seconds until the next try while locked out, else 0.
  [[nodiscard]] long long pinWaitSeconds() const;

  // --- The whole app ------------------------------------------------------------
  void noteActivity();  // any touch or key: the idle lock starts counting again
  void tick();          // time passed: lock when idle
  // When tick() must run next even if nothing happens (the idle lock, a
  // lockout countdown); nullopt: nothing is timed. The event loop sleeps until then.
  [[nodiscard]] std::optional<Ms> nextDeadline() const;
  // The window's close button: a kiosk asks for a PIN, a desktop window closes.
  void requestClose();
  [[nodiscard]] std::optional<SpeechCommand> takeSpeech();

 private:
  void showCurrentItem();
  void lock();
  void leaveChildMode();
  void checkSafeguarding();
  void say(std::string text);
  void hush();

  const core::FormSet& forms_;
  VolunteerAuth& auth_;
  const Clock& clock_;
  AppState state_;
  std::unique_ptr<MeasurementSession> session_;
  SessionFactory demoFactory_;
  std::string demoChildName_;
};

}  // namespace spor::ui
