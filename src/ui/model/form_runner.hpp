#pragma once
// The form runner part of the app model (form_runner.cpp): the background
// form and a project's activity follow-up form (issue 14 item 6), asked one
// question at a time on one screen, every answer stored as it is given,
// finished when every required question has one. Views call
// model.formRunner().next() and draw state().background (BackgroundDraft).
// The fidelity forms are their own part (fidelity.hpp).
#include <string>

#include "core/forms.hpp"
#include "store/records.hpp"
#include "ui/model/context.hpp"

namespace spor::ui {

struct BackgroundDraft;

class FormRunnerPart {
 public:
  explicit FormRunnerPart(ModelContext& ctx) : ctx_(ctx) {}

  // The child's background form: resumed at its first unanswered question,
  // or begun (pre-filled from the child's record).
  void startBackground(store::ChildId child);
  // The project's activity follow-up form at `months` (a Task::Activity
  // line of the open child's checklist): resumes one under way, else
  // starts one with its point answered.
  void startActivity(int months);

  [[nodiscard]] const core::Question* question() const;  // the question on screen
  void answer(const store::FormValue& value);  // stores it, then the next question
  void toggle(int code);                       // multi: ticks or unticks an option (stored at once)
  // "Ved ikke / vil ikke oplyse": stored at once on an empty question; over
  // options ticked or an "Andet" text, first asks (confirm), naming what goes.
  void decline();
  void declineConfirmed();  // confirmYes() for ConfirmState::Ask::BackgroundDecline
  [[nodiscard]] std::string& otherText();
  // The question on screen gets the "Ved ikke / vil ikke oplyse" button only
  // when it lists no such option itself ("Ved ikke", "Vil ikke oplyse"): one
  // way to say "no answer" per question, never two side by side.
  [[nodiscard]] bool offersDecline() const;
  void next();
  void back();

 private:
  [[nodiscard]] AppState& state() { return ctx_.state(); }
  [[nodiscard]] const AppState& state() const { return ctx_.state(); }
  [[nodiscard]] bool storeTyping();  // what the field says, stored with the question's answer
  void prefill(BackgroundDraft& draft, store::ChildId child);  // from the child's record
  ModelContext& ctx_;
};

}  // namespace spor::ui
