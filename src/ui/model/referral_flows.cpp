// The app model, part 5 (issue 14 item 1): the child's referral and the
// feedback given to the referrer, recorded on the child's page. Both are
// sealed on the child and travel to the coordinator with the next bundle;
// the store refuses what is wrong (store::referralProblem, feedbackProblem)
// and the model says so first, in the screens' words, changing nothing.
#include <algorithm>

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

void AppModel::referralStart() {
  if (!store_ || !state_.detail) return;
  clearMessages();
  state_.missedFor.reset();
  state_.feedback = {};
  ReferralDraft d;
  d.open = true;
  d.on = today();
  // Changing a recorded referral starts from it.
  if (const auto& r = state_.detail->summary.child.referral) {
    d.role = r->role;
    d.reportBack = r->reportBack;
    d.on = r->on;
    d.referrer = r->referrer;
  }
  state_.referral = d;
  ++state_.page;  // the form starts at its top
  noteActivity();
}

void AppModel::referralRole(core::ReferrerRole role) {
  ReferralDraft& d = state_.referral;
  if (!d.open) return;
  d.role = role;
  d.error.clear();
  noteActivity();
}

void AppModel::referralReportBack(core::ReportBack back) {
  ReferralDraft& d = state_.referral;
  if (!d.open) return;
  d.reportBack = back;
  d.error.clear();
  noteActivity();
}

void AppModel::referralStep(int days) {
  ReferralDraft& d = state_.referral;
  if (!d.open || !state_.detail) return;
  // Not before 1 January of the child's birth year (when it is known).
  const core::Date earliest = core::earliestReferralDay(state_.detail->summary.child.details.birthYear, today());
  d.on = stepped(d.on, days, earliest, today());
  d.error.clear();
  noteActivity();
}

void AppModel::referralDate(core::Date on) {
  ReferralDraft& d = state_.referral;
  if (!d.open) return;
  d.on = on;
  d.error.clear();
  noteActivity();
}

void AppModel::referralCancel() {
  if (keyboardField() == Field::ReferralText) keyboardDone();
  state_.referral = {};
  noteActivity();
}

void AppModel::referralSave() {
  if (!store_ || !state_.detail) return;
  ReferralDraft& d = state_.referral;
  if (!d.open) return;
  noteActivity();
  const core::Lang l = lang();
  if (!d.role) {
    d.error = tr(Tx::ReferralPickRole, l);
    return;
  }
  if (!d.reportBack) {
    d.error = tr(Tx::ReferralPickBack, l);
    return;
  }
  const store::ReferralInfo referral{*d.role, d.on, *d.reportBack, trimmed(d.referrer)};
  const store::Child& c = state_.detail->summary.child;
  if (auto problem = store::referralProblem(referral, c.details.birthYear, c.feedback, today(),
                                            l == core::Lang::Da ? daDate : enDate)) {
    d.error = shownMessage(store::InvalidRequestError(std::move(*problem)), l);
    return;
  }
  try {
    store_->setReferral(c.id, referral);
  } catch (const std::exception& e) {
    d.error = shownMessage(e, l);
    return;
  }
  if (keyboardField() == Field::ReferralText) keyboardDone();
  state_.referral = {};
  refreshDetail();
  state_.notice = tr(Tx::ReferralDone, l);
}

void AppModel::feedbackStart() {
  if (!store_ || !state_.detail || !state_.detail->summary.child.referral) return;
  // No feedback agreed: there is nothing to add (the page offers no button).
  if (state_.detail->summary.child.referral->reportBack == core::ReportBack::Nobody) return;
  clearMessages();
  state_.missedFor.reset();
  state_.referral = {};
  FeedbackDraft d;
  d.open = true;
  d.on = today();
  state_.feedback = d;
  ++state_.page;
  noteActivity();
}

void AppModel::feedbackPoint(core::FeedbackPoint point) {
  FeedbackDraft& d = state_.feedback;
  if (!d.open) return;
  d.point = point;
  d.error.clear();
  noteActivity();
}

void AppModel::feedbackForm(core::FeedbackForm form) {
  FeedbackDraft& d = state_.feedback;
  if (!d.open) return;
  d.form = form;
  d.error.clear();
  noteActivity();
}

void AppModel::feedbackStep(int days) {
  FeedbackDraft& d = state_.feedback;
  if (!d.open || !state_.detail || !state_.detail->summary.child.referral) return;
  d.on = stepped(d.on, days, state_.detail->summary.child.referral->on, today());  // not before the referral
  d.error.clear();
  noteActivity();
}

void AppModel::feedbackDate(core::Date on) {
  FeedbackDraft& d = state_.feedback;
  if (!d.open) return;
  d.on = on;
  d.error.clear();
  noteActivity();
}

void AppModel::feedbackCancel() {
  if (keyboardField() == Field::FeedbackNote) keyboardDone();
  state_.feedback = {};
  noteActivity();
}

void AppModel::feedbackSave() {
  if (!store_ || !state_.detail) return;
  FeedbackDraft& d = state_.feedback;
  if (!d.open) return;
  noteActivity();
  const core::Lang l = lang();
  if (!d.point) {
    d.error = tr(Tx::FeedbackPickPoint, l);
    return;
  }
  if (!d.form) {
    d.error = tr(Tx::FeedbackPickForm, l);
    return;
  }
  const store::FeedbackEntry entry{d.on, *d.point, *d.form, trimmed(d.note)};
  const store::Child& c = state_.detail->summary.child;
  if (auto problem = store::feedbackProblem(entry, c.referral, today(), l == core::Lang::Da ? daDate : enDate)) {
    d.error = shownMessage(store::InvalidRequestError(std::move(*problem)), l);
    return;
  }
  try {
    store_->addFeedback(c.id, entry);
  } catch (const std::exception& e) {
    d.error = shownMessage(e, l);
    return;
  }
  if (keyboardField() == Field::FeedbackNote) keyboardDone();
  state_.feedback = {};
  refreshDetail();
  state_.notice = tr(Tx::FeedbackDone, l);
}

}  // namespace spor::ui
