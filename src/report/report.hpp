#pragma once
// The programme report as a model: the analysis the evaluation made in its
// chapter 4 and annex 3 (instrument.md §4), computed from a ReportInput.
// The writers (writers.hpp) turn it into HTML, JSON or CSV; the app can draw
// it. docs/REPORT.md explains every number and rule.
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/forms.hpp"
#include "core/stats.hpp"
#include "messages/message.hpp"
#include "report/activity.hpp"
#include "report/input.hpp"
#include "report/referral.hpp"

namespace spor::report {

// A wrong filter (unknown project, intervention or child code), input that
// does not fit the forms, or a file that cannot be written. The message (a
// Report* code of src/messages/report.def) says what is wrong and what to do.
class ReportError : public Error {
 public:
  using Error::Error;
};

// "unknown project 'x' (known: a, b)": Msg::ReportUnknownProject for `project`.
[[nodiscard]] Message unknownProject(const core::FormSet& forms, const std::string& project);
// Whether `municipality`, a report's or an export's filter, is one the
// forms know: in `project`'s list, or (no project) in any project's. Empty
// passes. Msg::ReportUnknownMunicipality names the known ones.
[[nodiscard]] std::optional<Message> municipalityFilterProblem(const core::FormSet& forms, const std::string& project,
                                                              const std::string& municipality);
// "cykelhjelm, empowr, ...": the forms' project ids.
[[nodiscard]] std::string knownProjects(const core::FormSet& forms);

struct ReportFilter {
  std::string project;                              // project id; empty: all
  std::optional<core::Intervention> intervention;   // nullopt: all
  std::string child;                                // child code: that child's timeline only
  std::string municipality{};                       // a municipality's name ("Aarhus"); empty: all
};

// The three pairs of occasions the evaluation compares.
enum class OccasionPair { BeforeAfter, AfterFollowUp, BeforeFollowUp };
inline constexpr std::array<OccasionPair, 3> kPairs = {OccasionPair::BeforeAfter, OccasionPair::AfterFollowUp,
                                                       OccasionPair::BeforeFollowUp};
inline constexpr std::array<core::Occasion, 3> kMainOccasions = {core::Occasion::Before, core::Occasion::After,
                                                                 core::Occasion::FollowUp};

[[nodiscard]] const char* pairId(OccasionPair p);       // "foer_efter", "efter_opfoelgning", "foer_opfoelgning"
[[nodiscard]] std::string pairName(OccasionPair p);      // "Før → efter"
[[nodiscard]] std::string pairNoteName(OccasionPair p);  // "før- og eftermåling" (the evaluation's n note)
[[nodiscard]] core::Occasion pairFirst(OccasionPair p);
[[nodiscard]] core::Occasion pairSecond(OccasionPair p);

// One warning, with a stable id for machines and a Danish text for people.
struct Warning {
  std::string id;    // "small_n", "high_dropout", "not_measured", "duplicate_occasion", ...
  std::string text;  // Danish
};

// The mean score of everyone with a score at one occasion.
struct OccasionMean {
  core::Occasion occasion = core::Occasion::Before;
  core::Summary summary;  // n, mean, sd
};

struct PairResult {
  OccasionPair pair = OccasionPair::BeforeAfter;
  core::PairedTTest test;  // n, means, mean change (after - before), sd, t, df, p
  std::string stars;       // "", "*", "**", "***"
  core::ChangeShares changes;
  bool smallN = false;  // 0 < n < kSmallN: "fortolkes varsomt"
};

struct DimensionResult {
  std::string id;
  std::string name;  // Danish
  core::Direction direction = core::Direction::Positive;
  std::array<OccasionMean, 3> means;  // før, efter, opfølgning
  std::array<PairResult, 3> pairs;    // in kPairs order
  std::vector<Warning> warnings;
};

// Children with a finished measurement per occasion, and the dropout.
struct OccasionCounts {
  std::size_t children = 0;  // children in the group
  std::size_t before = 0;
  std::size_t after = 0;
  std::size_t followUp = 0;
  std::size_t allThree = 0;
  std::size_t progressionMeasurements = 0;  // measurements, not children
  std::size_t progressionChildren = 0;
  // Dropout before → after: children with før whose efter is due (the
  // project's course length has passed) but missing, of all children with
  // før whose efter is due or taken.
  std::size_t afterDue = 0;
  std::size_t afterMissing = 0;
  // Dropout after → follow-up: children with efter whose opfølgning window
  // (followup_months + followup_window_months) has closed without one, of
  // all children with efter whose window has closed or who have opfølgning.
  std::size_t followUpDue = 0;
  std::size_t followUpMissing = 0;
  std::size_t followUpPending = 0;  // efter taken, opfølgning not yet due or still in its window
  // Why the missing ones are missing (issue 14), by dropoutReasonId: the
  // reason recorded for the missed measurement first, else how the course
  // ended, else "not_recorded". Each sums to its *Missing count.
  std::map<std::string, std::size_t> afterMissingWhy;
  std::map<std::string, std::size_t> followUpMissingWhy;

  [[nodiscard]] std::optional<double> afterDropoutPercent() const;
  [[nodiscard]] std::optional<double> followUpDropoutPercent() const;
};

// "missed_not_reached", "stopped_did_not_fit", "bridged", "referred",
// "completed", "stopped" (no reason), "not_recorded": why a child's
// measurement at `occasion` is missing, and its Danish name.
[[nodiscard]] std::string dropoutReasonId(const ChildInput& child, core::Occasion occasion);
[[nodiscard]] std::string dropoutReasonName(const std::string& id);

enum class GroupKind { Overall, Project, Intervention, Municipality };
// "overall", "project", "intervention", "municipality"
[[nodiscard]] const char* groupKindId(GroupKind k);

// The id and title of the municipality group of children whose municipality
// was not recorded (registered before Spor asked).
inline constexpr const char* kMunicipalityUnknownId = "ikke_oplyst";
inline constexpr const char* kMunicipalityUnknownTitle = "Kommune ikke oplyst";

struct GroupResult {
  GroupKind kind = GroupKind::Overall;
  std::string id;     // project id, intervention id or municipality name; "all" for overall
  std::string title;  // Danish
  OccasionCounts counts;
  ReferralCounts referral;                      // issue 14 item 1 (referral.hpp)
  std::vector<DimensionResult> dimensions;      // measured dimensions, questionnaire order
  std::vector<std::string> omittedDimensions;   // Danish names of dimensions not measured here
  std::vector<Warning> warnings;
};

// The target-group profile from the background forms.
struct ProfileOption {
  int code = 0;
  std::string label;
  std::size_t count = 0;
  std::optional<double> percent;  // of the children who answered the question
};

struct ProfileQuestion {
  std::string id;
  std::string section;  // Danish section title
  std::string text;
  core::QuestionType type = core::QuestionType::Single;
  std::size_t answered = 0;  // children who answered
  std::size_t missing = 0;   // children with a background form who did not
  std::vector<ProfileOption> options;  // single and multi; multi shares may sum above 100 %
  std::size_t otherCount = 0;          // "Andet" free text given (the text is never shown)
  core::Summary numbers;               // year and number questions
  std::optional<double> min;
  std::optional<double> max;
};

struct Profile {
  std::size_t children = 0;             // children in scope
  std::size_t withBackground = 0;       // of them, with a background form
  std::vector<ProfileQuestion> questions;  // text questions are left out
  std::optional<core::Summary> ageAtStart;  // from birth year and the før date (or background date)
};

struct FidelityItemResult {
  std::string id;
  std::string group;
  std::string text;
  core::Summary summary;              // n answers, mean, sd
  std::optional<double> reportMean;   // the evaluation's item mean (Bilag 2), for reference
};

struct FidelityResult {
  std::string project;
  std::string projectName;
  std::string form;  // empty when the project has no fidelity form
  std::string formTitle;
  std::size_t responses = 0;
  std::vector<FidelityItemResult> items;
  std::optional<double> projectMean;  // unweighted mean of the item means
  std::optional<double> reportProjectMean;  // the same over the evaluation's item means
};

// A child's scores over time, for a case meeting or a talk with the child.
struct TimelinePoint {
  core::Occasion occasion = core::Occasion::Before;
  core::Date date{};
  std::optional<double> score;
  std::size_t answered = 0;
  std::size_t items = 0;
};

struct TimelineChange {
  OccasionPair pair = OccasionPair::BeforeAfter;
  double before = 0;
  double after = 0;
  core::Change change = core::Change::Unchanged;
};

struct TimelineDimension {
  std::string id;
  std::string name;
  std::string note;  // the dimension's report note (Danish), when it has one
  core::Direction direction = core::Direction::Positive;
  std::vector<TimelinePoint> points;  // date order
  std::vector<TimelineChange> changes;
};

struct Timeline {
  std::string code;
  std::string project;
  std::string projectName;
  std::vector<std::string> interventions;  // Danish names
  std::vector<TimelineDimension> dimensions;
  std::vector<std::string> omittedDimensions;
};

// A scale the report's dimensions use, with its labels, stated in the report.
struct ScaleNote {
  std::string id;
  std::string name;
  std::vector<std::string> labels;          // "1 = Aldrig", ...
  std::vector<std::string> dimensions;      // Danish names of the dimensions using it
};

struct Method {
  std::string scoringRule;       // forms/scoring.json rule, Danish
  double minAnsweredShare = 0;
  double changeThreshold = 0;
  std::vector<ScaleNote> scales;
  std::vector<std::string> directionNotes;  // per direction, which dimensions
  std::vector<std::string> statements;      // the test, the pair rule, the stars
  std::vector<std::string> caveats;         // no control group, status quo, ...
};

inline constexpr std::size_t kSmallN = 20;
inline constexpr double kHighDropoutPercent = 50.0;

struct Report {
  std::string programme;  // ReportInput::programme, or "Spor"
  ReportFilter filter;
  std::string scopeTitle;  // "Alle projekter", a project name, "Gruppeindsats" ...
  core::Date asOf{};
  std::optional<core::Date> firstDate;  // the period the data cover
  std::optional<core::Date> lastDate;

  GroupResult overall;                    // empty dimensions for a child timeline
  std::vector<GroupResult> byProject;     // when not filtered by project
  std::vector<GroupResult> byIntervention;  // when not filtered by intervention
  // When not filtered by municipality: one group per municipality (by name),
  // then kMunicipalityUnknownId for children without one.
  std::vector<GroupResult> byMunicipality;
  std::vector<std::string> notes;         // e.g. children in several intervention types
  Profile profile;
  std::vector<FidelityResult> fidelity;   // projects in scope
  std::optional<Timeline> timeline;       // when filter.child is set
  Method method;
  std::vector<Warning> warnings;          // report-wide
  // Projects in scope with an activity follow-up form (issue 14 item 6):
  // started / still active at each point (report/activity.hpp).
  std::vector<ActivityResult> activity;
};

// Builds the report. Throws ReportError for an unknown project, child code,
// or a child whose project the forms do not know.
[[nodiscard]] Report buildReport(const core::FormSet& forms, const ReportInput& input, const ReportFilter& filter);

}  // namespace spor::report
