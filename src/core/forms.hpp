#pragma once
// The form model: scales, the child questionnaire, the background form,
// fidelity forms, projects and the scoring rules, as loaded from forms/.
// forms/README.md describes the files; form_loader.hpp reads and validates them.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "messages/message.hpp"

namespace spor::core {

enum class Face { None, VerySad, Sad, Happy, VeryHappy };

struct ScaleOption {
  int value = 0;  // 1..n, consecutive
  LocalText label;
  Face face = Face::None;
};

// Why an answer is missing, for the exports' missing-value codes
// (docs/REPORT.md): a decline ("Vil ikke svare", "Vil ikke oplyse"), "Ikke
// relevant" or "Ved ikke". An item never asked has none of these.
enum class MissingKind { Declined, NotApplicable, DontKnow };
[[nodiscard]] const char* missingKindId(MissingKind k);  // "declined", "not_applicable", "dont_know"
[[nodiscard]] bool parseMissingKind(const std::string& id, MissingKind& out);

struct Scale {
  std::string id;
  LocalText name;
  std::vector<ScaleOption> options;
  std::optional<LocalText> decline;  // "Vil ikke svare": stored as a missing answer
  // What choosing `decline` means (forms "decline_means"): for the fidelity
  // scale's "Ikke relevant" it is NotApplicable.
  MissingKind declineMeans = MissingKind::Declined;

  [[nodiscard]] int minValue() const { return options.empty() ? 0 : options.front().value; }
  [[nodiscard]] int maxValue() const { return options.empty() ? 0 : options.back().value; }
  [[nodiscard]] bool accepts(int value) const { return value >= minValue() && value <= maxValue(); }
  [[nodiscard]] const ScaleOption* option(int value) const;
};

// Positive: 4 = no challenges, a rise is an improvement. Reversed (selvskade,
// selvmordsadfærd): 1 = no challenges, a fall is an improvement.
enum class Direction { Positive, Reversed };

enum class Wording { Source, Reconstructed };

// When a single answer to an item raises a safeguarding flag on its own, in a
// dimension the project watches (forms/README.md, "safeguarding"). Items
// without such a rule count only through their dimension's score.
struct ItemSafeguarding {
  int flagAt = 0;   // an answer at or above this value flags; 0: never alone
  LocalText about;  // what the item is about, for the volunteer's notice
  std::string reason;  // why this item flags on its own (for the form's readers)
};

struct Item {
  std::string id;
  std::string scale;  // a Scale id
  LocalText text;
  Wording wording = Wording::Source;
  std::string sourceText;  // the report's own words, for reconstructed items
  std::string dimension;   // the id of the dimension that holds the item
  std::optional<ItemSafeguarding> safeguarding;
};

struct Dimension {
  std::string id;
  LocalText name;
  Direction direction = Direction::Positive;
  LocalText leadIn;
  // Printed beside every figure of the dimension in reports ("report_note"):
  // what a score does and does not mean. Empty for most dimensions.
  LocalText reportNote;
  std::string source;
  std::vector<std::string> itemIds;  // in questionnaire order
};

struct ChildForm {
  std::string id;
  int version = 0;
  LocalText title;
  std::vector<Dimension> dimensions;
  std::vector<Item> items;  // the order the child meets them

  [[nodiscard]] const Dimension* dimension(const std::string& id) const;
  [[nodiscard]] const Item* item(const std::string& id) const;
  [[nodiscard]] std::size_t itemCount() const;
  // The items a project asks, in questionnaire order.
  [[nodiscard]] std::vector<const Item*> itemsFor(const std::vector<std::string>& dimensionIds) const;
};

// The one rule for which item a child meets next, used when an answer is
// given and when a paused measurement is resumed: the first item at or
// after `from` without an answer (a declined item has one), else the first
// without one from the start (a child who went back and changed an answer
// does not answer the rest again); nullopt when every item has an answer.
[[nodiscard]] std::optional<std::size_t> nextUnanswered(const std::vector<const Item*>& items,
                                                        const std::function<bool(const std::string&)>& answered,
                                                        std::size_t from = 0);

enum class QuestionType { Single, Multi, Year, Number, Text };

struct ChoiceOption {
  int code = 0;
  LocalText label;
  // Set for an option that is no answer ("Ved ikke", "Ikke relevant", "Vil
  // ikke oplyse"; forms "missing"): counted in the profile like any option,
  // exported as a user-missing code so it never enters a mean.
  std::optional<MissingKind> missing;
};

struct Question {
  std::string id;
  QuestionType type = QuestionType::Single;
  LocalText text;
  std::vector<ChoiceOption> options;
  std::optional<int> min;
  std::optional<int> max;
  bool other = false;     // adds an "Andet" free-text field
  bool optional = false;  // may be left empty
  std::string section;    // the id of the section that holds the question

  [[nodiscard]] const ChoiceOption* option(int code) const;
};

struct Section {
  std::string id;
  LocalText title;
  std::vector<Question> questions;
};

struct BackgroundForm {
  std::string id;
  int version = 0;
  LocalText title;
  LocalText respondent;
  std::vector<Section> sections;

  [[nodiscard]] const Question* question(const std::string& id) const;
};

struct FidelityItem {
  std::string id;
  std::string scale;
  LocalText group;
  LocalText text;
  std::string source;
  std::optional<double> reportMean;  // the evaluation's item mean (Bilag 2), for reference
};

struct FidelityForm {
  std::string id;
  int version = 0;
  std::string project;
  LocalText title;
  LocalText respondent;
  LocalText intro;
  std::vector<FidelityItem> items;
};

// Bridging: linking a child to a leisure activity in a club or association
// (Børnenes Brobygger, 000:L14-16, L20-21, L29-34), added for issue 14; new
// types go at the end (their ids, not their order, are stored and sent).
enum class Intervention { Individual, Group, Family, Bridging };
inline constexpr std::array<Intervention, 4> kInterventions = {Intervention::Individual, Intervention::Group,
                                                              Intervention::Family, Intervention::Bridging};

[[nodiscard]] const char* interventionId(Intervention i);  // "individual"
[[nodiscard]] bool parseIntervention(const std::string& id, Intervention& out);
[[nodiscard]] LocalText interventionName(Intervention i);  // "Individuel" / "Individual"

struct Safeguarding {
  std::vector<std::string> dimensions;
  // A single answer at or above flags, for items that carry no rule of their
  // own (older form files; the bundled forms give each item its own rule).
  // 0: only items with their own rule flag on a single answer.
  int itemThreshold = 0;
  double scoreThreshold = 0.0;  // a dimension score at or above flags
  LocalText text;
  // The same guidance without "pigen"/"hun" (or "drengen"/"han"), for a
  // child the project's `genders` rule does not name (a boy saved in a
  // girls' project after the warning, or a child whose gender is not
  // recorded). Required when `genders` names one gender.
  LocalText textAnyGender;
  // Where the volunteer turns with a concern or an underretning (issue 14
  // item 8; source 000 Tabel 2.14: 41 % of NGOs do not know). Empty: none
  // given in the file.
  LocalText contact;
  // Whether `contact` was given by the sources or is Spor's draft for the
  // project to fill in (forms/README.md, "Origin").
  std::string contactOrigin;  // "source" or "spor_draft"; empty when there is no contact
  // Whether `text` is taken from the sources or is Spor's draft for the
  // project to review ("guidance_origin").
  std::string textOrigin;  // "source", "spor_draft" or "mixed"
};

// Whether the project's safeguarding guidance or contact is still Spor's
// draft ("spor_draft"), for the project to review and fill in.
[[nodiscard]] bool guidanceIsDraft(const Safeguarding& s);

inline constexpr int kMaxShortName = 24;  // characters of a project's short_name

struct Project {
  std::string id;
  int version = 0;
  LocalText name;
  LocalText shortName;  // "NEFOS": what a volunteer's screens show (short_name, else name)
  std::string organisation;
  std::vector<std::string> municipalities;
  LocalText targetGroup;
  int ageMin = 0;
  int ageMax = 0;
  int consentOwnFromAge = 18;  // consent.own_from_age: the young person consents from this age
  // Whom the project is for by gender: "girl" and/or "boy" (the store's
  // gender ids); empty: all. A child of another recorded gender is warned about.
  std::vector<std::string> genders;
  std::string childForm;
  std::vector<std::string> dimensions;
  std::vector<Intervention> interventions;
  std::optional<std::string> fidelityForm;
  int courseWeeks = 0;
  int progressionEveryWeeks = 0;
  Safeguarding safeguarding;
  std::string source;
  std::string notes;
  // A short per-child volunteer form due at fixed points after enrolment
  // (kind "activity", forms/README.md): the bridge-builder project's
  // "has the child started, is the child still active" (issue 14 item 6).
  std::optional<std::string> activityForm;
  // Which of the project's own choices are Spor's assumptions rather than
  // the sources' (field name -> why), for the coordinator and the docs.
  std::map<std::string, std::string> assumptions;

  [[nodiscard]] bool measures(const std::string& dimensionId) const;
  [[nodiscard]] bool offers(Intervention i) const;
  // Whether the project's `genders` rule takes a child recorded with this
  // gender id ("girl", "boy", "other", "not_said"). Only a girl or a boy
  // can fall outside it: "other" and "not_said" are never warned about.
  [[nodiscard]] bool takesGender(const std::string& genderId) const;
  // The safeguarding guidance for a child recorded with this gender id
  // (empty: not recorded): the gendered text only for a child the
  // `genders` rule names, else the text for any gender.
  [[nodiscard]] const LocalText& guidanceFor(const std::string& genderId) const;
};

// A child born in `birthYear` turns (thisYear - birthYear) this year. Returns
// that age when the project does not take children of it (it is below
// age_min, or the child was past age_max already last year); nullopt when the
// child fits or the project gives no ages (age_max 0).
[[nodiscard]] std::optional<int> ageOutsideRange(const Project& project, int birthYear, int thisYear);

// Who gave consent (issue 14). The ids are the Danish words the app always
// stored ("mor", "far", "begge forældre", "værge") plus "den unge" for a
// young person who consents for themselves.
enum class ConsentGiver { Mother, Father, BothParents, Guardian, YoungPerson };
inline constexpr std::array<ConsentGiver, 5> kConsentGivers = {ConsentGiver::Mother, ConsentGiver::Father,
                                                              ConsentGiver::BothParents, ConsentGiver::Guardian,
                                                              ConsentGiver::YoungPerson};
[[nodiscard]] const char* consentGiverId(ConsentGiver g);
[[nodiscard]] LocalText consentGiverName(ConsentGiver g);  // "mor" / "mother", ..., "den unge selv" / "the young person"
// Also reads what older versions stored: "mor og far" as both parents.
[[nodiscard]] bool parseConsentGiver(const std::string& id, ConsentGiver& out);

// Who may consent for a child of `birthYear` on a day in `year`, by the
// project's consent.own_from_age (N). Only the birth year is known, so the
// age is the one the child reaches this year: below N the parents (or a
// guardian); in the year the young person turns N either, because only the
// volunteer knows whether the birthday has passed; above N the young person
// alone. An unknown birth year (0) counts as under N.
enum class ConsentRule { Parents, ParentsOrYoungPerson, YoungPerson };
[[nodiscard]] ConsentRule consentRule(const Project& project, int birthYear, int year);
// What is wrong with `giver` under that rule, or nullopt (CoreConsent* messages).
[[nodiscard]] std::optional<Message> consentGiverProblem(const Project& project, int birthYear, int year,
                                                         ConsentGiver giver);

// How a child's course ended (issue 14). Spor's own short lists: the
// sources name bridging to another offer and referring on (001:L1470-1473,
// L2601-2605) but give no list of reasons for stopping early.
enum class CourseEnd { Completed, StoppedEarly, Bridged, ReferredOn };
inline constexpr std::array<CourseEnd, 4> kCourseEnds = {CourseEnd::Completed, CourseEnd::StoppedEarly,
                                                         CourseEnd::Bridged, CourseEnd::ReferredOn};
[[nodiscard]] const char* courseEndId(CourseEnd e);  // "completed", "stopped", "bridged", "referred"
[[nodiscard]] LocalText courseEndName(CourseEnd e);
[[nodiscard]] bool parseCourseEnd(const std::string& id, CourseEnd& out);

enum class StopReason { LostContact, DidNotFit, DidNotWant, Moved, Other };
inline constexpr std::array<StopReason, 5> kStopReasons = {StopReason::LostContact, StopReason::DidNotFit,
                                                           StopReason::DidNotWant, StopReason::Moved,
                                                           StopReason::Other};
[[nodiscard]] const char* stopReasonId(StopReason r);  // "lost_contact", "did_not_fit", "did_not_want", "moved", "other"
[[nodiscard]] LocalText stopReasonName(StopReason r);
[[nodiscard]] bool parseStopReason(const std::string& id, StopReason& out);

// Why a measurement that was due was not taken.
enum class MissedReason { ChildDeclined, NotReached, CourseEnded, NotDone, Other };
inline constexpr std::array<MissedReason, 5> kMissedReasons = {MissedReason::ChildDeclined, MissedReason::NotReached,
                                                               MissedReason::CourseEnded, MissedReason::NotDone,
                                                               MissedReason::Other};
[[nodiscard]] const char* missedReasonId(MissedReason r);  // "child_declined", "not_reached", "course_ended", "not_done", "other"
[[nodiscard]] LocalText missedReasonName(MissedReason r);
[[nodiscard]] bool parseMissedReason(const std::string& id, MissedReason& out);

// Who helped the child answer one measurement (issue 14 item 5): the
// evaluation's children answered "selv eller i dialog med en frivillig eller
// kommunal medarbejder" (001:L1450-1451), "eventuelt i samarbejde med
// forældre" (001:L494-496), and it "kan ikke udelukkes, at det har haft en
// betydning for resultaterne". Recorded per measurement at the hand-over.
// The order and the export codes (1-4) are the background form's
// `answer_support` options, so the two read alike. A measurement from before
// (or from an older bundle) has none: std::nullopt, "not recorded".
enum class AnsweringMode { Alone, Volunteer, Municipal, Parent };
inline constexpr std::array<AnsweringMode, 4> kAnsweringModes = {AnsweringMode::Alone, AnsweringMode::Volunteer,
                                                                 AnsweringMode::Municipal, AnsweringMode::Parent};
// What the hand-over offers before the volunteer taps another: the child
// alone. The evaluation describes the children answering themselves, with
// help as the exception: "det er børnene og de unge, der selv har besvaret
// målingerne, eventuelt i samarbejde med forældre eller medarbejdere og
// frivillige" (001:L494-496); the hand-over gives the tablet to the child.
inline constexpr AnsweringMode kDefaultAnsweringMode = AnsweringMode::Alone;
[[nodiscard]] const char* answeringModeId(AnsweringMode m);  // "alone", "volunteer", "municipal", "parent"
[[nodiscard]] LocalText answeringModeName(AnsweringMode m);  // "Barnet svarer alene", ...
[[nodiscard]] int answeringModeCode(AnsweringMode m);        // 1-4, as the exports and answer_support code it
[[nodiscard]] bool parseAnsweringMode(const std::string& id, AnsweringMode& out);

// What is wrong with `municipality` as the municipality of a child in
// `project`, or nullopt when it is one of the project's `municipalities`.
// Empty is wrong when the project lists any (CoreMunicipalityMissing); a
// name outside the list is refused (CoreMunicipalityNotInProject), naming
// the project's list so the person can choose one of them.
[[nodiscard]] std::optional<Message> municipalityProblem(const Project& project, const std::string& municipality);

// An activity follow-up form (kind "activity") names its points and the
// answers the report reads by fixed question ids (forms/README.md):
// `tidspunkt`, a single choice whose option codes are the months after
// enrolment at which the form is due (3, 6); `startet` and `aktiv`, single
// choices where code 1 is "Ja" and 2 "Nej"; `aktivitet`, optional, the kind
// of activity as a category list. The app answers `tidspunkt` itself from
// the checklist line the volunteer tapped.
inline constexpr const char* kActivityPointQuestion = "tidspunkt";
inline constexpr const char* kActivityStartedQuestion = "startet";
inline constexpr const char* kActivityActiveQuestion = "aktiv";
inline constexpr const char* kActivityKindQuestion = "aktivitet";
inline constexpr int kActivityYes = 1;
inline constexpr int kActivityNo = 2;
// The months at which `form` is due, ascending (the `tidspunkt` codes).
[[nodiscard]] std::vector<int> activityPoints(const BackgroundForm& form);

struct ScoringRules {
  int version = 0;
  double minAnsweredShare = 0.5;
  double changeThreshold = 0.0;
  int followupMonths = 6;
  int followupWindowMonths = 3;
  LocalText rule;

  // How many of `itemCount` items must be answered for a score (rounded up).
  [[nodiscard]] std::size_t minAnswered(std::size_t itemCount) const;
};

// One file's identity, for the summary `spor forms check` prints.
struct FormFile {
  std::string path;
  std::string kind;
  std::string id;
  int version = 0;
};

// Everything in one forms folder, validated and cross-checked.
struct FormSet {
  std::string dir;
  std::map<std::string, Scale> scales;
  ScoringRules scoring;
  std::map<std::string, ChildForm> childForms;
  std::optional<BackgroundForm> background;
  std::map<std::string, FidelityForm> fidelityForms;
  std::map<std::string, Project> projects;
  // Activity follow-up forms (kind "activity"): background-form questions
  // asked about one child at fixed points (activityPoints()).
  std::map<std::string, BackgroundForm> activityForms;
  std::vector<FormFile> files;

  [[nodiscard]] const Scale& scale(const std::string& id) const;
  [[nodiscard]] const ChildForm& childForm(const std::string& id) const;
  [[nodiscard]] const Project& project(const std::string& id) const;
  [[nodiscard]] const FidelityForm* fidelityFor(const Project& p) const;
  [[nodiscard]] const BackgroundForm* activityFor(const Project& p) const;
  // The child form every project shares (the first; there is one today).
  [[nodiscard]] const ChildForm& primaryChildForm() const;
};

}  // namespace spor::core
