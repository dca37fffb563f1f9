#include "core/occasions.hpp"

#include <algorithm>

namespace spor::core {

namespace {

// How long after its due date an efter or progression measurement counts as
// "due" before the checklist calls it overdue.
constexpr int kGraceDays = 28;

struct OccasionState {
  std::optional<Date> firstFinished;
  std::optional<Date> lastFinished;
  int finishedCount = 0;
  bool unfinished = false;
  bool allDeclined = false;  // finished at least once, and each time with every question declined
};

OccasionState stateOf(const ChildHistory& child, Occasion o) {
  OccasionState s;
  bool anyAnswered = false;
  for (const auto& m : child.measurements) {
    if (m.occasion != o) continue;
    if (m.finished) {
      ++s.finishedCount;
      anyAnswered = anyAnswered || !m.allDeclined;
      if (!s.firstFinished || *m.finished < *s.firstFinished) s.firstFinished = m.finished;
      if (!s.lastFinished || *m.finished > *s.lastFinished) s.lastFinished = m.finished;
    } else {
      s.unfinished = true;
    }
  }
  s.allDeclined = s.finishedCount > 0 && !anyAnswered;
  return s;
}

// Due on `due`: upcoming before it, due for a while, then overdue.
DueState byDate(Date due, Date today) {
  if (today < due) return DueState::Upcoming;
  if (today <= addDays(due, kGraceDays)) return DueState::DueNow;
  return DueState::Overdue;
}

}  // namespace

const char* occasionId(Occasion o) {
  switch (o) {
    case Occasion::Before: return "foer";
    case Occasion::After: return "efter";
    case Occasion::FollowUp: return "opfoelgning";
    case Occasion::Progression: return "progression";
  }
  return "foer";
}

bool parseOccasion(const std::string& id, Occasion& out) {
  for (auto o : {Occasion::Before, Occasion::After, Occasion::FollowUp, Occasion::Progression}) {
    if (id == occasionId(o)) {
      out = o;
      return true;
    }
  }
  return false;
}

LocalText occasionName(Occasion o) {
  switch (o) {
    case Occasion::Before: return {"Før", "Before"};
    case Occasion::After: return {"Efter", "After"};
    case Occasion::FollowUp: return {"Opfølgning", "Follow-up"};
    case Occasion::Progression: return {"Progression", "Progress"};
  }
  return {};
}

const char* taskId(Task t) {
  switch (t) {
    case Task::Background: return "background";
    case Task::Before: return "foer";
    case Task::Progression: return "progression";
    case Task::After: return "efter";
    case Task::FollowUp: return "opfoelgning";
    case Task::Activity: return "activity";
  }
  return "background";
}

const char* dueStateId(DueState s) {
  switch (s) {
    case DueState::Done: return "done";
    case DueState::InProgress: return "in_progress";
    case DueState::DueNow: return "due";
    case DueState::Overdue: return "overdue";
    case DueState::Upcoming: return "upcoming";
    case DueState::Missed: return "missed";
    case DueState::Waiting: return "waiting";
    case DueState::NoConsent: return "no_consent";
    case DueState::Ended: return "ended";
    case DueState::NotTaken: return "not_taken";
  }
  return "due";
}

std::optional<Occasion> occasionOf(Task t) {
  switch (t) {
    case Task::Background: return std::nullopt;
    case Task::Before: return Occasion::Before;
    case Task::Progression: return Occasion::Progression;
    case Task::After: return Occasion::After;
    case Task::FollowUp: return Occasion::FollowUp;
    case Task::Activity: return std::nullopt;
  }
  return std::nullopt;
}

bool DueEntry::canStart() const {
  switch (state) {
    case DueState::InProgress:
    case DueState::DueNow:
    case DueState::Overdue:
    case DueState::Missed: return true;
    // A course can end early, so efter and progression may be taken before
    // their planned date; opfølgning is about six months later and may not.
    case DueState::Upcoming: return (task == Task::After || task == Task::Progression) && early;
    case DueState::Ended:
    case DueState::NotTaken: return stillPossible;
    case DueState::Done:
    case DueState::Waiting:
    case DueState::NoConsent: return false;
  }
  return false;
}

bool DueEntry::canRecordMissed() const {
  if (task != Task::Before && task != Task::After && task != Task::FollowUp) return false;
  switch (state) {
    case DueState::DueNow:
    case DueState::Overdue:
    case DueState::Missed:
    case DueState::Ended:
    case DueState::NotTaken: return true;
    default: return false;
  }
}

namespace {

// The activity follow-up lines: one per point, due that many months after
// enrolment. A course stopped early or referred on before a point leaves it
// out (Ended); a completed or bridged course keeps them: whether the child is
// still active afterwards is what they ask.
void activityLines(const ChildHistory& child, Date today, const std::vector<int>& points, std::vector<DueEntry>& out) {
  for (const int months : points) {
    DueEntry e{Task::Activity, DueState::Upcoming, addMonths(child.enrolled, months), 0};
    e.months = months;
    if (!child.consent) {
      e.state = DueState::NoConsent;
      out.push_back(e);
      continue;
    }
    std::optional<Date> done;
    bool unfinished = false;
    for (const ActivitySummary& a : child.activity) {
      if (a.months != months) continue;
      if (a.finished && (!done || *a.finished < *done)) done = a.finished;
      if (!a.finished) unfinished = true;
    }
    if (done) {
      e.state = DueState::Done;
      e.date = done;
    } else if (unfinished) {
      e.state = DueState::InProgress;
    } else {
      e.state = byDate(*e.date, today);
      const bool keeps = child.ended == CourseEnd::Completed || child.ended == CourseEnd::Bridged;
      if (child.ended && !keeps && child.endedOn < *e.date) {
        e.stillPossible = e.canStart();
        e.state = DueState::Ended;
      }
    }
    out.push_back(e);
  }
}

}  // namespace

std::vector<DueEntry> dueMeasurements(const Project& project, const ScoringRules& rules, const ChildHistory& child,
                                      Date today, const std::vector<int>& activityPoints) {
  const bool progression = project.progressionEveryWeeks > 0;
  std::vector<DueEntry> out;
  if (!child.consent) {
    for (Task t : {Task::Background, Task::Before, Task::Progression, Task::After, Task::FollowUp})
      if (t != Task::Progression || progression) out.push_back({t, DueState::NoConsent, std::nullopt, 0});
    activityLines(child, today, activityPoints, out);
    return out;
  }

  // Background form: at the first conversation (001:L3075-3076).
  // One started and left (paused, interrupted) is "i gang", like a questionnaire.
  if (child.backgroundDone) out.push_back({Task::Background, DueState::Done, child.backgroundDone, 0});
  else if (child.backgroundStarted) out.push_back({Task::Background, DueState::InProgress, child.enrolled, 0});
  else out.push_back({Task::Background, DueState::DueNow, child.enrolled, 0});

  // Før: at the start, before the intervention.
  const OccasionState before = stateOf(child, Occasion::Before);
  if (before.firstFinished) {
    out.push_back({Task::Before, DueState::Done, before.firstFinished, 0});
    out.back().allDeclined = before.allDeclined;
  }
  else if (before.unfinished) out.push_back({Task::Before, DueState::InProgress, std::nullopt, 0});
  else out.push_back({Task::Before, DueState::DueNow, child.enrolled, 0});

  const OccasionState after = stateOf(child, Occasion::After);

  // Progression: every N weeks between før and efter.
  if (progression) {
    const OccasionState prog = stateOf(child, Occasion::Progression);
    DueEntry e{Task::Progression, DueState::Waiting, std::nullopt, prog.finishedCount};
    if (!before.firstFinished) {
      e.state = DueState::Waiting;
    } else if (after.firstFinished) {
      e.state = DueState::Done;
      e.date = prog.lastFinished;
    } else if (prog.unfinished) {
      e.state = DueState::InProgress;
    } else {
      const Date last = prog.lastFinished ? std::max(*prog.lastFinished, *before.firstFinished) : *before.firstFinished;
      e.date = addDays(last, 7 * project.progressionEveryWeeks);
      e.state = byDate(*e.date, today);
      e.early = today > last;
    }
    out.push_back(e);
  }

  // Efter: at the end of the course.
  DueEntry afterEntry{Task::After, DueState::Waiting, std::nullopt, 0};
  if (after.firstFinished) {
    afterEntry.state = DueState::Done;
    afterEntry.date = after.firstFinished;
    afterEntry.allDeclined = after.allDeclined;
  } else if (after.unfinished) {
    afterEntry.state = DueState::InProgress;
  } else if (before.firstFinished) {
    afterEntry.date = addDays(*before.firstFinished, 7 * project.courseWeeks);
    afterEntry.state = byDate(*afterEntry.date, today);
    // Early, but not on the day of før (nor after a før finished later the same day).
    afterEntry.early = today > (before.lastFinished ? *before.lastFinished : *before.firstFinished);
  }
  out.push_back(afterEntry);

  // Opfølgning: six months after efter (001:L1445-1447), within a window.
  const OccasionState followUp = stateOf(child, Occasion::FollowUp);
  DueEntry fu{Task::FollowUp, DueState::Waiting, std::nullopt, 0};
  if (followUp.firstFinished) {
    fu.state = DueState::Done;
    fu.date = followUp.firstFinished;
    fu.allDeclined = followUp.allDeclined;
  } else if (followUp.unfinished) {
    fu.state = DueState::InProgress;
  } else if (after.firstFinished) {
    const Date due = addMonths(*after.firstFinished, rules.followupMonths);
    fu.date = due;
    if (today < due) fu.state = DueState::Upcoming;
    else if (today <= addMonths(due, rules.followupWindowMonths)) fu.state = DueState::DueNow;
    else fu.state = DueState::Missed;
  }
  out.push_back(fu);

  // The course ended: a completed course's efter is due from its last day
  // (not from the planned one); whatever else falls due after that day is
  // no longer asked for, but may still be taken where it could before.
  if (child.ended) {
    const bool completed = *child.ended == CourseEnd::Completed;
    bool afterEnded = false;  // efter will not come (før was never taken): nor will opfølgning
    for (DueEntry& e : out) {
      if (e.task == Task::Background) continue;
      if (e.state != DueState::DueNow && e.state != DueState::Overdue && e.state != DueState::Upcoming &&
          e.state != DueState::Missed && e.state != DueState::Waiting)
        continue;
      if (completed && e.task == Task::FollowUp && !afterEnded) continue;
      if (completed && e.task == Task::After && e.date && before.firstFinished) {
        // Not on the day of før (an efter then measures no course at all).
        const Date beforeDay = before.lastFinished ? *before.lastFinished : *before.firstFinished;
        const Date from = std::max(child.endedOn, addDays(beforeDay, 1));
        if (from < *e.date) {
          e.date = from;
          e.state = byDate(from, today);
        }
        continue;
      }
      if (e.date && *e.date <= child.endedOn) continue;
      e.stillPossible = e.canStart();
      e.state = DueState::Ended;
      if (e.task == Task::After) afterEnded = true;
    }
  }

  // A reason recorded for a measurement not taken: the checklist shows it
  // instead of nagging. A measurement taken (or under way) shows that instead.
  for (DueEntry& e : out) {
    const auto occasion = occasionOf(e.task);
    if (!occasion || e.task == Task::Progression) continue;
    const auto it = child.missed.find(*occasion);
    if (it == child.missed.end()) continue;
    if (e.state == DueState::Done || e.state == DueState::InProgress || e.state == DueState::NoConsent) continue;
    e.stillPossible = e.canStart();
    e.notTaken = it->second;
    e.state = DueState::NotTaken;
  }
  activityLines(child, today, activityPoints, out);
  return out;
}

}  // namespace spor::core
