#pragma once
// The bridge-builder figures (issue 14 item 6): for a project with an
// activity follow-up form (forms/README.md, kind "activity"), the share of
// children who started the leisure activity and the share still active at
// each point (3 and 6 months), of the children due, with n. docs/REPORT.md
// says how each figure is counted.
#include <cstddef>
#include <string>
#include <vector>

#include "core/forms.hpp"
#include "report/input.hpp"

namespace spor::report {

struct ActivityPoint {
  int months = 0;
  std::size_t due = 0;        // children whose point has come (enrolment + months <= asOf)
  std::size_t answered = 0;   // of those, with a finished form at this point
  std::size_t active = 0;     // answered "aktiv" = Ja
  std::size_t notActive = 0;  // answered "aktiv" = Nej, or "startet" = Nej
  // active / due; nullopt when none is due.
  [[nodiscard]] std::optional<double> share() const;
};

struct ActivityResult {
  std::string project;      // project id
  std::string projectName;  // its full name
  std::string form;         // activity form id
  std::size_t children = 0;  // the project's children in scope
  // Started: of the children due at the first point, those any finished
  // form says started ("startet" = Ja, or "aktiv" = Ja).
  std::size_t startedDue = 0;
  std::size_t started = 0;
  std::size_t startedUnknown = 0;  // due, and no form says Ja or Nej
  std::vector<ActivityPoint> points;

  [[nodiscard]] std::optional<double> startedShare() const;
};

// One result per project in `projects` that has an activity form, over the
// children given (already filtered by the report's scope), as of `asOf`.
[[nodiscard]] std::vector<ActivityResult> activityResults(const core::FormSet& forms,
                                                          const std::vector<const ChildInput*>& children,
                                                          core::Date asOf);

// The report's HTML section for them (nothing when the list is empty).
[[nodiscard]] std::string activityHtml(const std::vector<ActivityResult>& results);

}  // namespace spor::report
