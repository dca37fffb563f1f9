#pragma once
// The child mode part of the app model (child_mode.cpp): the hand-over
// (who helps the child answer), one item at a time with the double-tap
// guard, "vil ikke svare", back, pause and resume, read-aloud requests, the
// thank-you screen, and the volunteer taking the tablet back (with the
// safeguarding notice the answers call for). The measurement is a
// MeasurementSession (a StoreSession over the device store): every answer
// is stored when the call returns. Views call model.childMode().answer(3)
// and draw state() (childName, childNickname, handOverResumed,
// questionShownAt, speech).
#include <memory>
#include <optional>
#include <string>

#include "core/forms.hpp"
#include "store/records.hpp"
#include "ui/model/clock.hpp"
#include "ui/model/context.hpp"
#include "ui/model/session.hpp"

namespace spor::ui {

struct ChildItemView;

class ChildModePart {
 public:
  // How long answers are ignored after a new item appears, so a double tap
  // does not answer the next question too.
  static constexpr Ms kAnswerGuard{400};

  explicit ChildModePart(ModelContext& ctx) : ctx_(ctx) {}

  // Hands `session` (of `child`, when it is a stored child's) to the child:
  // the hand-over screen. `childName` names the child to the volunteer
  // (nickname, else code); `nickname` is what the child is greeted by
  // (none: "Hej!", never the code). Without it the name is the nickname.
  void handOver(std::unique_ptr<MeasurementSession> session, std::optional<store::ChildId> child,
                std::string childName, std::optional<std::string> nickname = std::nullopt);
  void handBack();  // the paused measurement back to the child
  // At the hand-over, before the child takes the tablet: who helps the
  // child answer (issue 14 item 5), one tap, kept with the measurement at
  // once. Only on the hand-over screen; a store error is shown and the
  // choice stays as it was.
  [[nodiscard]] std::optional<core::AnsweringMode> answeringMode() const;
  void chooseAnsweringMode(core::AnsweringMode mode);

  void start();  // the child taps Start on the hand-over screen
  [[nodiscard]] ChildItemView currentItem() const;
  [[nodiscard]] bool acceptsAnswers() const;  // the question is on screen and the guard has passed
  void answer(int value);
  void decline();
  void back();
  void pause();
  void resume();
  void readAloud();  // the speaker button

  [[nodiscard]] const MeasurementSession* session() const { return session_.get(); }
  [[nodiscard]] std::optional<store::ChildId> child() const { return child_; }
  // A child screen, or the PIN pad asked for from one (not the lock screen).
  [[nodiscard]] bool holdsTablet() const;
  // When the answer buttons wake up (the guard); nullopt when not waiting.
  [[nodiscard]] std::optional<Ms> guardEnds() const;

  // For the lock and the owner:
  void interrupt();         // the PIN pad or the lock covers it: paused where it is (an error is shown)
  void continueQuestion();  // the PIN pad was cancelled: the question again
  void leave();             // the volunteer has the tablet again: the child's page, with its notice
  void forget();            // no measurement to go back to
  void forgetChild(store::ChildId child);  // the child's was abandoned or erased

 private:
  [[nodiscard]] AppState& state() { return ctx_.state(); }
  [[nodiscard]] const AppState& state() const { return ctx_.state(); }
  [[nodiscard]] bool hasAnswers() const;  // the measurement is being resumed
  void showCurrentItem();
  void finish();
  void give(Answer answer);  // answer() and decline() share it
  void checkSafeguarding();
  void say(std::string text);

  ModelContext& ctx_;
  std::unique_ptr<MeasurementSession> session_;
  std::optional<store::ChildId> child_;  // whose measurement it is
};

}  // namespace spor::ui
