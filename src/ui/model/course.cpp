// The course part (issue 14 item 4, course.hpp): how a child's course ended, and
// why a due measurement was not taken, recorded on the child's page. Both
// are sealed on the child and travel to the coordinator with the next
// bundle; the store refuses what is wrong (store::courseEndProblem,
// DeviceStore::recordMissed) and the model says so first, changing nothing.
#include "ui/model/course.hpp"

#include <algorithm>

#include "store/device_store.hpp"
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

void CoursePart::start() {
  if (!ctx_.store() || !state().detail) return;
  ctx_.clearMessages();
  state().course.missedFor.reset();
  CourseEndDraft d;
  d.open = true;
  d.on = ctx_.today();
  // Changing a recorded end starts from it.
  if (const auto& e = state().detail->summary.child.courseEnd) {
    d.kind = e->kind;
    d.reason = e->stopReason;
    d.on = e->on;
  }
  state().course.end = d;
  ++state().page;  // the form starts at its top, not where it was last scrolled
  ctx_.noteActivity();
}

void CoursePart::kind(core::CourseEnd kind) {
  CourseEndDraft& d = state().course.end;
  if (!d.open) return;
  d.kind = kind;
  if (kind != core::CourseEnd::StoppedEarly) d.reason.reset();
  d.error.clear();
  ctx_.noteActivity();
}

void CoursePart::reason(core::StopReason reason) {
  CourseEndDraft& d = state().course.end;
  if (!d.open || d.kind != core::CourseEnd::StoppedEarly) return;
  d.reason = reason;
  d.error.clear();
  ctx_.noteActivity();
}

void CoursePart::date(core::Date on) {
  CourseEndDraft& d = state().course.end;
  if (!d.open) return;
  d.on = on;
  d.error.clear();
  ctx_.noteActivity();
}

void CoursePart::step(int days) {
  if (!state().course.end.open || !state().detail) return;
  // The steps stay between the child's start and today, so the form never
  // offers a day the store would refuse (courseEndDate still can be given one).
  const core::Date start = state().detail->summary.child.enrolledOn;
  core::Date on = core::addDays(state().course.end.on, days);
  on = std::min(on, ctx_.today());
  on = std::max(on, start);
  date(on);
}

void CoursePart::cancel() {
  state().course.end = {};
  state().confirm = {};
  ctx_.noteActivity();
}

void CoursePart::save() {
  if (!ctx_.store() || !state().detail) return;
  CourseEndDraft& d = state().course.end;
  if (!d.open) return;
  ctx_.noteActivity();
  const core::Lang l = ctx_.lang();
  if (!d.kind) {
    d.error = tr(Word::CourseEndPickKind, l);
    return;
  }
  if (*d.kind == core::CourseEnd::StoppedEarly && !d.reason) {
    d.error = tr(Word::CourseEndPickReason, l);
    return;
  }
  const store::CourseEndInfo end{*d.kind, d.reason, d.on};
  const store::Child& c = state().detail->summary.child;
  if (auto problem = store::courseEndProblem(end, c.enrolledOn, ctx_.today(), l == core::Lang::Da ? daDate : enDate)) {
    d.error = shownMessage(store::InvalidRequestError(std::move(*problem)), l);
    return;
  }
  d.error.clear();
  ConfirmState& q = state().confirm;
  q = {};
  q.ask = ConfirmState::Ask::EndCourse;
  q.title = trf(Word::ConfirmEndTitle, l, {possessive(state().detail->summary.name, l)});
  q.body = trf(Word::ConfirmEndBody, l, {howText(*d.kind, d.reason, l), displayDate(d.on, l)});
  q.yes = tr(Word::ConfirmEndYes, l);
}

// confirmYes() for Ask::EndCourse.
void CoursePart::confirmed() {
  if (!ctx_.store() || !state().detail) return;
  const CourseEndDraft d = state().course.end;
  if (!d.open || !d.kind) return;
  try {
    ctx_.store()->endCourse(state().detail->summary.child.id, store::CourseEndInfo{*d.kind, d.reason, d.on});
  } catch (const std::exception& e) {
    // Refused (the day changed under the form): the form stays, with why.
    state().course.end.error = shownMessage(e, ctx_.lang());
    return;
  }
  state().course.end = {};
  ctx_.refreshDetail();
  ctx_.refreshChildren();
  state().notice = tr(Word::CourseEndedDone, ctx_.lang());
}

void CoursePart::missedStart(core::Task task) {
  if (!ctx_.store() || !state().detail) return;
  ctx_.clearMessages();
  state().course.missedFor.reset();
  for (const core::DueEntry& e : state().detail->summary.due)
    if (e.task == task && e.canRecordMissed()) state().course.missedFor = task;
  ctx_.noteActivity();
}

void CoursePart::missedChoose(core::MissedReason reason) {
  if (!ctx_.store() || !state().detail || !state().course.missedFor) return;
  const core::Task task = *state().course.missedFor;
  state().course.missedFor.reset();
  ctx_.noteActivity();
  const auto occasion = core::occasionOf(task);
  if (!occasion) return;
  try {
    ctx_.store()->recordMissed(state().detail->summary.child.id, *occasion, reason);
  } catch (const std::exception& e) {
    ctx_.fail(e);
    return;
  }
  ctx_.refreshDetail();
  ctx_.refreshChildren();
  state().notice = tr(Word::MissedDone, ctx_.lang());
}

void CoursePart::missedCancel() {
  state().course.missedFor.reset();
  ctx_.noteActivity();
}

}  // namespace spor::ui
