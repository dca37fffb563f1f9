#pragma once
// Measurement occasions and the checklist of what is due for a child
// (001:L3077-3079: "en synlig tjekliste, hvor det markeres, når de enkelte
// skemaer er blevet udfyldt").
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/forms.hpp"

namespace spor::core {

// før, efter, opfølgning (six months after efter), and progression
// measurements between før and efter.
enum class Occasion { Before, After, FollowUp, Progression };

[[nodiscard]] const char* occasionId(Occasion o);  // "foer", "efter", "opfoelgning", "progression"
[[nodiscard]] bool parseOccasion(const std::string& id, Occasion& out);
[[nodiscard]] LocalText occasionName(Occasion o);  // "Før" / "Before"

// What the checklist knows about one measurement of a child.
struct MeasurementSummary {
  Occasion occasion = Occasion::Before;
  Date started{};
  std::optional<Date> finished;  // nullopt while paused or interrupted
  // Finished with every question declined ("vil ikke svare"): taken, but
  // without a score (a newcomer read its green "udfyldt" as answered).
  bool allDeclined = false;
};

// One activity follow-up form of a child (forms/README.md, kind "activity"):
// the point it answers (months after enrolment) and when.
struct ActivitySummary {
  int months = 0;
  Date started{};
  std::optional<Date> finished;  // nullopt while paused or interrupted
};

// Everything the checklist needs about a child, gathered by the store.
struct ChildHistory {
  Date enrolled{};
  bool consent = false;
  std::optional<Date> backgroundDone;
  bool backgroundStarted = false;  // one is started and not finished (paused or interrupted)
  std::vector<MeasurementSummary> measurements;
  // How and when the course ended (issue 14), when it has: what falls due
  // after that day is no longer asked for (DueState::Ended).
  std::optional<CourseEnd> ended{};
  Date endedOn{};
  // Why a due measurement was not taken, as the volunteer recorded it.
  std::map<Occasion, MissedReason> missed{};
  // The project's activity follow-up forms (issue 14 item 6), when it has one.
  std::vector<ActivitySummary> activity{};
};

// One line of the checklist.
// Activity: the project's activity follow-up form at one point (DueEntry::months).
enum class Task { Background, Before, Progression, After, FollowUp, Activity };

enum class DueState {
  Done,        // finished; `date` is when
  InProgress,  // started and paused or interrupted: resume it
  DueNow,      // due today or since `date`
  Overdue,     // well past its due date; still worth doing
  Upcoming,    // due on `date`; may be started early where that makes sense
  Missed,      // opfølgning past its window: reported as missing, may still be taken
  Waiting,     // waits for an earlier occasion (efter waits for før)
  NoConsent,   // nothing may be measured before parental consent is recorded
  // Falls due after the day the course ended (ChildHistory::ended), so it
  // is no longer asked for. After a completed course opfølgning stays: it is
  // the measurement of the time after the course.
  Ended,
  NotTaken,    // the volunteer recorded why it was not taken (`notTaken`)
};

struct DueEntry {
  Task task = Task::Background;
  DueState state = DueState::DueNow;
  std::optional<Date> date;  // due date, or the date it was done
  int count = 0;             // progression: how many were taken so far
  // Upcoming efter or progression: may be taken before its date (a course can
  // end early), but never on the day of the measurement it follows: from the
  // next day on. An efter on the day of før measures no course at all.
  bool early = false;
  std::optional<MissedReason> notTaken{};  // NotTaken: the reason recorded
  // Ended, NotTaken: whether it may still be taken (what canStart() said
  // before the course ended or the reason was recorded).
  bool stillPossible = false;
  int months = 0;  // Activity: the point, in months after enrolment
  // Done (før, efter, opfølgning): every time it was taken, the child
  // declined every question, so there is nothing to score.
  bool allDeclined = false;

  // Whether a volunteer may start (or resume) this now.
  [[nodiscard]] bool canStart() const;
  // Whether the volunteer may record why this was not taken: før, efter or
  // opfølgning that is due, overdue, past its window or after the course
  // ended, and not taken (a reason already recorded may be changed).
  // Progression repeats, so one reason could not say which one.
  [[nodiscard]] bool canRecordMissed() const;
};

[[nodiscard]] const char* taskId(Task t);            // "background", "foer", ...
[[nodiscard]] const char* dueStateId(DueState s);    // "done", "due", ...
[[nodiscard]] std::optional<Occasion> occasionOf(Task t);

// The checklist for one child in `project`, as of `today`. Always lists the
// background form, før, efter and opfølgning, plus progression when the
// project takes progression measurements, plus one Activity line per point
// in `activityPoints` (the project's activity form: core::activityPoints),
// due that many months after enrolment, from that day on (never before: it
// asks whether the child is still active at that point).
[[nodiscard]] std::vector<DueEntry> dueMeasurements(const Project& project, const ScoringRules& rules,
                                                    const ChildHistory& child, Date today,
                                                    const std::vector<int>& activityPoints = {});

}  // namespace spor::core
