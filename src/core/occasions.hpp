#pragma once
// Measurement occasions and the checklist of what is due for a child
// (001:L3077-3079: "en synlig tjekliste, hvor det markeres, når de enkelte
// skemaer er blevet udfyldt").
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
};

// Everything the checklist needs about a child, gathered by the store.
struct ChildHistory {
  Date enrolled{};
  bool consent = false;
  std::optional<Date> backgroundDone;
  bool backgroundStarted = false;  // one is started and not finished (paused or interrupted)
  std::vector<MeasurementSummary> measurements;
};

// One line of the checklist.
enum class Task { Background, Before, Progression, After, FollowUp };

enum class DueState {
  Done,        // finished; `date` is when
  InProgress,  // started and paused or interrupted: resume it
  DueNow,      // due today or since `date`
  Overdue,     // well past its due date; still worth doing
  Upcoming,    // due on `date`; may be started early where that makes sense
  Missed,      // opfølgning past its window: reported as missing, may still be taken
  Waiting,     // waits for an earlier occasion (efter waits for før)
  NoConsent,   // nothing may be measured before parental consent is recorded
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

  // Whether a volunteer may start (or resume) this now.
  [[nodiscard]] bool canStart() const;
};

[[nodiscard]] const char* taskId(Task t);            // "background", "foer", ...
[[nodiscard]] const char* dueStateId(DueState s);    // "done", "due", ...
[[nodiscard]] std::optional<Occasion> occasionOf(Task t);

// The checklist for one child in `project`, as of `today`. Always lists the
// background form, før, efter and opfølgning, plus progression when the
// project takes progression measurements.
[[nodiscard]] std::vector<DueEntry> dueMeasurements(const Project& project, const ScoringRules& rules,
                                                    const ChildHistory& child, Date today);

}  // namespace spor::core
