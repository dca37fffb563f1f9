#pragma once
// What the report and the exports read: plain data, filled in by whoever
// holds the measurements (the coordinator store, a test, a simulation).
// Nothing here knows about SQLite or bundles.
//
// Privacy: a child appears only as its pseudonymous code. There is no field
// for a nickname or a first name, on purpose: the store must not pass one,
// and nothing in a report or an export can then show it. Free text
// (background "Andet" fields and text questions) may hold names too; it is
// carried here only so that the exports can offer it behind an explicit
// option, and reports never print it (docs/REPORT.md).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/forms.hpp"
#include "core/occasions.hpp"
#include "core/scoring.hpp"

namespace spor::report {

// One finished child questionnaire (interrupted or paused measurements are
// the store's business and are not passed).
struct MeasurementRecord {
  core::Occasion occasion = core::Occasion::Before;
  core::Date date{};
  std::string form;  // child form id; empty means the primary child form
  int formVersion = 0;
  // The answers: item id -> value. Declined ("vil ikke svare") and skipped
  // items are absent.
  core::ItemValues items;
  // Dimension scores given directly, for data that arrive without item
  // answers (an older system). A dimension listed here uses this score;
  // every other dimension is scored from `items` with the scoring rule.
  std::map<std::string, double> scores;
};

// One answer on the background form.
struct BackgroundAnswer {
  std::vector<int> codes;        // single: one option code; multi: every ticked option
  std::optional<double> number;  // year and number questions
  std::string text;              // text questions and the "Andet" free text; never in reports
};

struct BackgroundRecord {
  core::Date date{};
  int formVersion = 0;
  std::map<std::string, BackgroundAnswer> answers;  // question id -> answer; unanswered is absent
};

struct ChildRecord {
  std::string code;     // pseudonymous code, e.g. "K-0042"
  std::string project;  // project id
  // The intervention types the child receives (a child can be in several;
  // 001:L1888-1892). Empty: the project's own types when it offers exactly
  // one, otherwise the child counts under no type.
  std::vector<core::Intervention> interventions;
  std::optional<int> birthYear;
  std::vector<MeasurementRecord> measurements;  // any order
  std::optional<BackgroundRecord> background;
};

// One fidelity questionnaire, answered by the person who delivers the
// programme (1-5; "ikke relevant" is absent).
struct FidelityResponse {
  std::string project;
  std::string form;  // fidelity form id
  core::Date date{};
  std::map<std::string, int> items;
};

struct ReportInput {
  std::vector<ChildRecord> children;
  std::vector<FidelityResponse> fidelity;
  // The day the report describes. Follow-up dropout counts only children
  // whose opfølgning window has closed by this day.
  core::Date asOf{};
};

}  // namespace spor::report
