// The referral part (issue 14 item 1, referral.hpp): the child's referral and the
// feedback given to the referrer, recorded on the child's page. Both are
// sealed on the child and travel to the coordinator with the next bundle;
// the store refuses what is wrong (store::referralProblem, feedbackProblem)
// and the model says so first, in the screens' words, changing nothing.
#include "ui/model/referral.hpp"

#include <algorithm>

#include "store/device_store.hpp"
#include "store/error.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"

namespace spor::ui {

namespace {

std::string daDate(core::Date d) {
  return displayDate(d, core::Lang::Da);
}
std::string enDate(core::Date d) {
  return displayDate(d, core::Lang::En);
}

// A day stepped by `days` (0: today), kept between `earliest` and `today`
// so the form never offers a day the store would refuse.
core::Date stepped(core::Date on, int days, core::Date earliest, core::Date today) {
  core::Date d = days == 0 ? today : core::addDays(on, days);
  d = std::min(d, today);
  return std::max(d, std::min(earliest, today));
}

// The free text without the spaces around it.
std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\n");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\n") - first + 1);
}

}  // namespace

void ReferralPart::start() {
  if (!ctx_.store() || !state().detail) return;
  ctx_.clearMessages();
  state().course.missedFor.reset();
  state().referral.feedback = {};
  ReferralDraft d;
  d.open = true;
  d.on = ctx_.today();
  // Changing a recorded referral starts from it.
  if (const auto& r = state().detail->summary.child.referral) {
    d.role = r->role;
    d.reportBack = r->reportBack;
    d.on = r->on;
    d.referrer = r->referrer;
  }
  state().referral.draft = d;
  ++state().page;  // the form starts at its top
  ctx_.noteActivity();
}

void ReferralPart::role(core::ReferrerRole role) {
  ReferralDraft& d = state().referral.draft;
  if (!d.open) return;
  d.role = role;
  d.error.clear();
  d.errorField = ReferralField::None;
  ctx_.noteActivity();
}

void ReferralPart::reportBack(core::ReportBack back) {
  ReferralDraft& d = state().referral.draft;
  if (!d.open) return;
  d.reportBack = back;
  d.error.clear();
  ctx_.noteActivity();
}

void ReferralPart::step(int days) {
  ReferralDraft& d = state().referral.draft;
  if (!d.open || !state().detail) return;
  // Not before 1 January of the child's birth year (when it is known).
  const core::Date earliest = core::earliestReferralDay(state().detail->summary.child.details.birthYear, ctx_.today());
  d.on = stepped(d.on, days, earliest, ctx_.today());
  d.error.clear();
  ctx_.noteActivity();
}

void ReferralPart::date(core::Date on) {
  ReferralDraft& d = state().referral.draft;
  if (!d.open) return;
  d.on = on;
  d.error.clear();
  ctx_.noteActivity();
}

void ReferralPart::scrolledToError() { state().referral.draft.revealError = false; }

void ReferralPart::cancel() {
  ctx_.releaseField(Field::ReferralText);
  state().referral.draft = {};
  ctx_.noteActivity();
}

void ReferralPart::save() {
  if (!ctx_.store() || !state().detail) return;
  ReferralDraft& d = state().referral.draft;
  if (!d.open) return;
  ctx_.noteActivity();
  const core::Lang l = ctx_.lang();
  const auto refuse = [&](std::string error, ReferralField field) {
    d.error = std::move(error);
    d.errorField = field;
    d.revealError = true;
  };
  if (!d.role) return refuse(tr(Word::ReferralPickRole, l), ReferralField::Role);
  if (!d.reportBack) return refuse(tr(Word::ReferralPickBack, l), ReferralField::ReportBack);
  const store::ReferralInfo referral{*d.role, d.on, *d.reportBack, trimmed(d.referrer)};
  const store::Child& c = state().detail->summary.child;
  if (auto problem = store::referralProblem(referral, c.details.birthYear, c.feedback, ctx_.today(),
                                            l == core::Lang::Da ? daDate : enDate)) {
    // The store's rule names the field it is about.
    const Msg code = problem->code;
    const ReferralField field = code == Msg::StoreReferralOtherNoContact ? ReferralField::Text
                                : code == Msg::StoreReferralNobodyWithFeedback ? ReferralField::ReportBack
                                                                              : ReferralField::Day;
    return refuse(shownMessage(store::InvalidRequestError(std::move(*problem)), l), field);
  }
  try {
    ctx_.store()->setReferral(c.id, referral);
  } catch (const std::exception& e) {
    return refuse(shownMessage(e, l), ReferralField::None);
  }
  ctx_.releaseField(Field::ReferralText);
  state().referral.draft = {};
  ctx_.refreshDetail();
  state().notice = tr(Word::ReferralDone, l);
}

void ReferralPart::feedbackStart() {
  if (!ctx_.store() || !state().detail || !state().detail->summary.child.referral) return;
  // No feedback agreed: there is nothing to add (the page offers no button).
  if (state().detail->summary.child.referral->reportBack == core::ReportBack::Nobody) return;
  ctx_.clearMessages();
  state().course.missedFor.reset();
  state().referral.draft = {};
  FeedbackDraft d;
  d.open = true;
  d.on = ctx_.today();
  state().referral.feedback = d;
  ++state().page;
  ctx_.noteActivity();
}

void ReferralPart::feedbackPoint(core::FeedbackPoint point) {
  FeedbackDraft& d = state().referral.feedback;
  if (!d.open) return;
  d.point = point;
  d.error.clear();
  ctx_.noteActivity();
}

void ReferralPart::feedbackForm(core::FeedbackForm form) {
  FeedbackDraft& d = state().referral.feedback;
  if (!d.open) return;
  d.form = form;
  d.error.clear();
  ctx_.noteActivity();
}

void ReferralPart::feedbackStep(int days) {
  FeedbackDraft& d = state().referral.feedback;
  if (!d.open || !state().detail || !state().detail->summary.child.referral) return;
  d.on = stepped(d.on, days, state().detail->summary.child.referral->on, ctx_.today());  // not before the referral
  d.error.clear();
  ctx_.noteActivity();
}

void ReferralPart::feedbackDate(core::Date on) {
  FeedbackDraft& d = state().referral.feedback;
  if (!d.open) return;
  d.on = on;
  d.error.clear();
  ctx_.noteActivity();
}

void ReferralPart::feedbackCancel() {
  ctx_.releaseField(Field::FeedbackNote);
  state().referral.feedback = {};
  ctx_.noteActivity();
}

void ReferralPart::feedbackSave() {
  if (!ctx_.store() || !state().detail) return;
  FeedbackDraft& d = state().referral.feedback;
  if (!d.open) return;
  ctx_.noteActivity();
  const core::Lang l = ctx_.lang();
  if (!d.point) {
    d.error = tr(Word::FeedbackPickPoint, l);
    return;
  }
  if (!d.form) {
    d.error = tr(Word::FeedbackPickForm, l);
    return;
  }
  const store::FeedbackEntry entry{d.on, *d.point, *d.form, trimmed(d.note)};
  const store::Child& c = state().detail->summary.child;
  if (auto problem = store::feedbackProblem(entry, c.referral, ctx_.today(), l == core::Lang::Da ? daDate : enDate)) {
    d.error = shownMessage(store::InvalidRequestError(std::move(*problem)), l);
    return;
  }
  try {
    ctx_.store()->addFeedback(c.id, entry);
  } catch (const std::exception& e) {
    d.error = shownMessage(e, l);
    return;
  }
  ctx_.releaseField(Field::FeedbackNote);
  state().referral.feedback = {};
  ctx_.refreshDetail();
  state().notice = tr(Word::FeedbackDone, l);
}

}  // namespace spor::ui
