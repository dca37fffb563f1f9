// The app model, part 4 (issue 14 item 4): how a child's course ended, and
// why a due measurement was not taken, recorded on the child's page. Both
// are sealed on the child and travel to the coordinator with the next
// bundle; the store refuses what is wrong (store::courseEndProblem,
// DeviceStore::recordMissed) and the model says so first, changing nothing.
#include <algorithm>

#include "store/error.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"

namespace spor::ui {

namespace {

std::string daDate(core::Date d) { return displayDate(d, core::Lang::Da); }
std::string enDate(core::Date d) { return displayDate(d, core::Lang::En); }

// "Stoppet før tid – Flyttet", "Gennemført".
std::string howText(core::CourseEnd kind, std::optional<core::StopReason> reason, core::Lang lang) {
  std::string how = core::courseEndName(kind).in(lang);
  if (reason) how += " – " + core::stopReasonName(*reason).in(lang);
  return how;
}

}  // namespace

void AppModel::courseEndStart() {
  if (!store_ || !state_.detail) return;
  clearMessages();
  state_.missedFor.reset();
  CourseEndDraft d;
  d.open = true;
  d.on = today();
  // Changing a recorded end starts from it.
  if (const auto& e = state_.detail->summary.child.courseEnd) {
    d.kind = e->kind;
    d.reason = e->stopReason;
    d.on = e->on;
  }
  state_.courseEnd = d;
  ++state_.page;  // the form starts at its top, not where it was last scrolled
  noteActivity();
}

void AppModel::courseEndKind(core::CourseEnd kind) {
  CourseEndDraft& d = state_.courseEnd;
  if (!d.open) return;
  d.kind = kind;
  if (kind != core::CourseEnd::StoppedEarly) d.reason.reset();
  d.error.clear();
  noteActivity();
}

void AppModel::courseEndReason(core::StopReason reason) {
  CourseEndDraft& d = state_.courseEnd;
  if (!d.open || d.kind != core::CourseEnd::StoppedEarly) return;
  d.reason = reason;
  d.error.clear();
  noteActivity();
}

void AppModel::courseEndDate(core::Date on) {
  CourseEndDraft& d = state_.courseEnd;
  if (!d.open) return;
  d.on = on;
  d.error.clear();
  noteActivity();
}

void AppModel::courseEndStep(int days) {
  if (!state_.courseEnd.open || !state_.detail) return;
  // The steps stay between the child's start and today, so the form never
  // offers a day the store would refuse (courseEndDate still can be given one).
  const core::Date start = state_.detail->summary.child.enrolledOn;
  core::Date on = core::addDays(state_.courseEnd.on, days);
  on = std::min(on, today());
  on = std::max(on, start);
  courseEndDate(on);
}

void AppModel::courseEndCancel() {
  state_.courseEnd = {};
  state_.confirm = {};
  noteActivity();
}

void AppModel::courseEndSave() {
  if (!store_ || !state_.detail) return;
  CourseEndDraft& d = state_.courseEnd;
  if (!d.open) return;
  noteActivity();
  const core::Lang l = lang();
  if (!d.kind) {
    d.error = tr(Tx::CourseEndPickKind, l);
    return;
  }
  if (*d.kind == core::CourseEnd::StoppedEarly && !d.reason) {
    d.error = tr(Tx::CourseEndPickReason, l);
    return;
  }
  const store::CourseEndInfo end{*d.kind, d.reason, d.on};
  const store::Child& c = state_.detail->summary.child;
  if (auto problem = store::courseEndProblem(end, c.enrolledOn, today(), l == core::Lang::Da ? daDate : enDate)) {
    d.error = shownMessage(store::InvalidRequestError(std::move(*problem)), l);
    return;
  }
  d.error.clear();
  ConfirmState& q = state_.confirm;
  q = {};
  q.ask = ConfirmState::Ask::EndCourse;
  q.title = trf(Tx::ConfirmEndTitle, l, {possessive(state_.detail->summary.name, l)});
  q.body = trf(Tx::ConfirmEndBody, l, {howText(*d.kind, d.reason, l), displayDate(d.on, l)});
  q.yes = tr(Tx::ConfirmEndYes, l);
}

// confirmYes() for Ask::EndCourse.
void AppModel::endCourseConfirmed() {
  if (!store_ || !state_.detail) return;
  const CourseEndDraft d = state_.courseEnd;
  if (!d.open || !d.kind) return;
  try {
    store_->endCourse(state_.detail->summary.child.id, store::CourseEndInfo{*d.kind, d.reason, d.on});
  } catch (const std::exception& e) {
    // Refused (the day changed under the form): the form stays, with why.
    state_.courseEnd.error = shownMessage(e, lang());
    return;
  }
  state_.courseEnd = {};
  refreshDetail();
  refreshChildren();
  state_.notice = tr(Tx::CourseEndedDone, lang());
}

void AppModel::missedStart(core::Task task) {
  if (!store_ || !state_.detail) return;
  clearMessages();
  state_.missedFor.reset();
  for (const core::DueEntry& e : state_.detail->summary.due)
    if (e.task == task && e.canRecordMissed()) state_.missedFor = task;
  noteActivity();
}

void AppModel::missedChoose(core::MissedReason reason) {
  if (!store_ || !state_.detail || !state_.missedFor) return;
  const core::Task task = *state_.missedFor;
  state_.missedFor.reset();
  noteActivity();
  const auto occasion = core::occasionOf(task);
  if (!occasion) return;
  try {
    store_->recordMissed(state_.detail->summary.child.id, *occasion, reason);
  } catch (const std::exception& e) {
    fail(e);
    return;
  }
  refreshDetail();
  refreshChildren();
  state_.notice = tr(Tx::MissedDone, lang());
}

void AppModel::missedCancel() {
  state_.missedFor.reset();
  noteActivity();
}

}  // namespace spor::ui
