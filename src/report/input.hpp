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
#include <set>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/forms.hpp"
#include "core/occasions.hpp"
#include "core/scoring.hpp"

namespace spor::report {

// Missing answers (docs/REPORT.md, "Missing values"): an item the child
// answered "Vil ikke svare" is in `declined`; an item in neither `items` nor
// `declined` was never asked (the project does not measure its dimension) or
// not reached. The two must stay apart: the exports give a declined item a
// user-missing code and leave a never-asked one system-missing. The store
// calls a declined answer a std::nullopt value (sync::AnswerRecord);
// loadReportInput puts it here.

// One finished child questionnaire (interrupted or paused measurements are
// the store's business and are not passed).
struct MeasurementInput {
  core::Occasion occasion = core::Occasion::Before;
  core::Date date{};
  std::string form;  // child form id; empty means the primary child form
  int formVersion = 0;
  // Who helped the child answer (issue 14 item 5); none: not recorded
  // (measurements from before Spor asked, older bundles).
  std::optional<core::AnsweringMode> answeringMode;
  // The answers given: item id -> value (what scoring reads).
  core::ItemValues items;
  // Items the child declined ("vil ikke svare").
  std::set<std::string> declined;
  // Dimension scores given directly, for data that arrive without item
  // answers (an older system). A dimension listed here uses this score;
  // every other dimension is scored from `items` with the scoring rule.
  std::map<std::string, double> scores;
};

// One answer on the background form.
struct BackgroundAnswerInput {
  std::vector<int> codes;        // single: one option code; multi: every ticked option
  std::optional<double> number;  // year and number questions
  std::string text;              // text questions and the "Andet" free text; never in reports
  bool declined = false;         // left empty on purpose ("Vil ikke svare")
};

struct BackgroundInput {
  core::Date date{};
  int formVersion = 0;
  // question id -> answer; a question never answered is absent, one left
  // empty on purpose is present with `declined`.
  std::map<std::string, BackgroundAnswerInput> answers;
};

// One piece of feedback to the referrer: the day, the point
// (core::feedbackPointId) and the form (core::feedbackFormId); no note.
struct FeedbackInput {
  core::Date on{};
  std::string point;
  std::string form;
};

// One finished activity follow-up form (forms/README.md, kind "activity"):
// the point it answers, in months after enrolment, and its answers (the
// background form's kinds of answer; an activity form has no free text).
struct ActivityInput {
  std::string form;  // activity form id
  int formVersion = 0;
  core::Date date{};
  int months = 0;  // the `tidspunkt` answer
  std::map<std::string, BackgroundAnswerInput> answers;
};

struct ChildInput {
  std::string code;     // pseudonymous code, e.g. "K-0042"
  std::string project;  // project id
  // The child's municipality, one of the project's (forms/projects); empty
  // when not recorded. The report groups children by it, and the exports
  // carry it as a labelled variable.
  std::string municipality;
  // The intervention types the child receives (a child can be in several;
  // 001:L1888-1892). Empty: the project's own types when it offers exactly
  // one, otherwise the child counts under no type.
  std::vector<core::Intervention> interventions;
  std::optional<int> birthYear;
  // Who gave the child's active consent (a core::consentGiverId, "den unge"
  // when the young person consented); empty: none recorded. And whether an
  // active consent lets the municipality and the organisation share
  // information about the child (issue 14).
  std::string consentBy;
  bool sharingConsent = false;
  // How the course ended (issue 14): a core::courseEndId ("stopped", ...;
  // empty: not recorded), a stopped course's core::stopReasonId, the day;
  // and why a due measurement was not taken, per occasion (core::missedReasonId).
  std::string courseEnd;
  std::string stopReason;
  std::optional<core::Date> endedOn;
  std::map<core::Occasion, std::string> missed;
  // The referral (issue 14 item 1): who referred the child
  // (core::referrerRoleId; empty: not recorded), the day, whom to report
  // back to (core::reportBackId), and the feedback given to the referrer.
  // The referrer's name and the feedback notes (free text) are never here:
  // the report and the exports do not see them.
  std::string referralRole;
  std::optional<core::Date> referredOn;
  std::string reportBack;
  std::vector<FeedbackInput> feedback;  // by day
  std::vector<MeasurementInput> measurements;  // any order
  std::optional<BackgroundInput> background;
  // The day the child started in the project (the enrolment), when known:
  // an activity point is due that many months after it.
  std::optional<core::Date> enrolledOn;
  std::vector<ActivityInput> activity;  // finished activity follow-up forms, any order
};

// One fidelity questionnaire, answered by the person who delivers the
// programme (1-5).
struct FidelityInput {
  std::string project;
  std::string form;  // fidelity form id
  int formVersion = 0;
  core::Date date{};
  std::map<std::string, int> items;  // item id -> 1-5
  // Items answered with the scale's decline ("Ikke relevant" on the
  // fidelity scale); items in neither were not answered.
  std::set<std::string> declined;
};

struct ReportInput {
  // Whose programme this is (the coordinator's name, "Frivilligcenter
  // Aarhus"); printed on every page of the report. Empty: "Spor".
  std::string programme;
  std::vector<ChildInput> children;
  std::vector<FidelityInput> fidelity;
  // The day the report describes. Follow-up dropout counts only children
  // whose opfølgning window has closed by this day.
  core::Date asOf{};
};

// The names before issue 11 (the app model still uses two of them); new
// code uses the names above.
using MeasurementRecord = MeasurementInput;
using ChildRecord = ChildInput;

}  // namespace spor::report
