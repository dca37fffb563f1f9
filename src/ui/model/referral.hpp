#pragma once
// The referral part of the app model (issue 14 item 1): the child's referral
// and the feedback given to the referrer, recorded on the open child's page
// (referral.cpp). Views call model.referral().save() and draw state().referral.
#include <optional>
#include <string>

#include "core/forms.hpp"
#include "core/referral.hpp"
#include "ui/model/context.hpp"

namespace spor::ui {

// "Registrér henvisning" on the child's page: who referred the child, whom
// to report back to, the day, and the referrer's name or contact (free
// text, optional). "Gem" checks it and saves it.
// The referral form's fields, for an error shown beside its field.
enum class ReferralField { None, Role, ReportBack, Text, Day };

struct ReferralDraft {
  bool open = false;
  std::optional<core::ReferrerRole> role;
  std::optional<core::ReportBack> reportBack;
  core::Date on{};       // default: today
  std::string referrer;  // Field::ReferralText
  std::string error;
  // Where `error` belongs: the view shows it under that field and scrolls
  // there once (revealError), as the child editor does; a newcomer met the
  // errors at the bottom while the field was at the top.
  ReferralField errorField = ReferralField::None;
  bool revealError = false;
};

// "Tilføj tilbagemelding": one piece of feedback given to the referrer.
struct FeedbackDraft {
  bool open = false;
  std::optional<core::FeedbackPoint> point;
  std::optional<core::FeedbackForm> form;
  core::Date on{};   // default: today
  std::string note;  // Field::FeedbackNote
  std::string error;
};

struct ReferralState {
  ReferralDraft draft;     // "Registrér henvisning", while open
  FeedbackDraft feedback;  // "Tilføj tilbagemelding", while open
};

class ReferralPart {
 public:
  explicit ReferralPart(ModelContext& ctx) : ctx_(ctx) {}

  // "Registrér henvisning" (or "Ret henvisningen") opens state().referral.draft:
  // who referred, whom to report back to, the day (today unless stepped
  // back), the referrer's name or contact (optional). save() says what is
  // missing or wrong (store::referralProblem, in the screens' words) and
  // changes nothing; else it saves (DeviceStore::setReferral).
  void start();
  void role(core::ReferrerRole role);
  void reportBack(core::ReportBack back);
  void step(int days);       // the day before (-1), a week (-7), 0: today
  void date(core::Date on);  // any day (the steps stay within what the store takes)
  void save();
  void cancel();
  // The view scrolled to the error's field (ReferralDraft::revealError).
  void scrolledToError();

  // "Tilføj tilbagemelding" (only with a referral) opens
  // state().referral.feedback: the point, the form, the day, a note;
  // feedbackSave() checks store::feedbackProblem and adds it (DeviceStore::addFeedback).
  void feedbackStart();
  void feedbackPoint(core::FeedbackPoint point);
  void feedbackForm(core::FeedbackForm form);
  void feedbackStep(int days);
  void feedbackDate(core::Date on);
  void feedbackSave();
  void feedbackCancel();

 private:
  [[nodiscard]] AppState& state() { return ctx_.state(); }
  ModelContext& ctx_;
};

}  // namespace spor::ui
