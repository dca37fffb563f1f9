#include "core/forms.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace spor::core {

const ScaleOption* Scale::option(int value) const {
  for (const auto& o : options)
    if (o.value == value) return &o;
  return nullptr;
}

const Dimension* ChildForm::dimension(const std::string& dimId) const {
  for (const auto& d : dimensions)
    if (d.id == dimId) return &d;
  return nullptr;
}

const Item* ChildForm::item(const std::string& itemId) const {
  for (const auto& i : items)
    if (i.id == itemId) return &i;
  return nullptr;
}

std::size_t ChildForm::itemCount() const { return items.size(); }

std::vector<const Item*> ChildForm::itemsFor(const std::vector<std::string>& dimensionIds) const {
  std::vector<const Item*> out;
  for (const auto& i : items)
    if (std::find(dimensionIds.begin(), dimensionIds.end(), i.dimension) != dimensionIds.end()) out.push_back(&i);
  return out;
}

std::optional<std::size_t> nextUnanswered(const std::vector<const Item*>& items,
                                          const std::function<bool(const std::string&)>& answered, std::size_t from) {
  for (std::size_t i = from; i < items.size(); ++i)
    if (!answered(items[i]->id)) return i;
  for (std::size_t i = 0; i < std::min(from, items.size()); ++i)
    if (!answered(items[i]->id)) return i;
  return std::nullopt;
}

const ChoiceOption* Question::option(int code) const {
  for (const auto& o : options)
    if (o.code == code) return &o;
  return nullptr;
}

const Question* BackgroundForm::question(const std::string& qId) const {
  for (const auto& s : sections)
    for (const auto& q : s.questions)
      if (q.id == qId) return &q;
  return nullptr;
}

const char* missingKindId(MissingKind k) {
  switch (k) {
    case MissingKind::Declined: return "declined";
    case MissingKind::NotApplicable: return "not_applicable";
    case MissingKind::DontKnow: return "dont_know";
  }
  return "declined";
}

bool parseMissingKind(const std::string& id, MissingKind& out) {
  for (auto k : {MissingKind::Declined, MissingKind::NotApplicable, MissingKind::DontKnow}) {
    if (id == missingKindId(k)) {
      out = k;
      return true;
    }
  }
  return false;
}

const char* interventionId(Intervention i) {
  switch (i) {
    case Intervention::Individual: return "individual";
    case Intervention::Group: return "group";
    case Intervention::Family: return "family";
    case Intervention::Bridging: return "bridging";
  }
  return "individual";
}

bool parseIntervention(const std::string& id, Intervention& out) {
  for (auto i : kInterventions) {
    if (id == interventionId(i)) {
      out = i;
      return true;
    }
  }
  return false;
}

LocalText interventionName(Intervention i) {
  switch (i) {
    case Intervention::Individual: return {"Individuel", "Individual"};
    case Intervention::Group: return {"Gruppe", "Group"};
    case Intervention::Family: return {"Familie", "Family"};
    case Intervention::Bridging: return {"Brobygning til fritidsaktivitet", "Bridging to a leisure activity"};
  }
  return {};
}

bool Project::takesGender(const std::string& genderId) const {
  if (genders.empty() || (genderId != "girl" && genderId != "boy")) return true;
  return std::find(genders.begin(), genders.end(), genderId) != genders.end();
}

const LocalText& Project::guidanceFor(const std::string& genderId) const {
  if (genders.empty() || safeguarding.textAnyGender.da.empty()) return safeguarding.text;
  const bool named = std::find(genders.begin(), genders.end(), genderId) != genders.end();
  return named ? safeguarding.text : safeguarding.textAnyGender;
}

std::optional<int> ageOutsideRange(const Project& project, int birthYear, int thisYear) {
  if (project.ageMax <= 0) return std::nullopt;
  const int age = thisYear - birthYear;  // at the end of this year
  if (age < project.ageMin || age - 1 > project.ageMax) return age;
  return std::nullopt;
}

const char* consentGiverId(ConsentGiver g) {
  switch (g) {
    case ConsentGiver::Mother: return "mor";
    case ConsentGiver::Father: return "far";
    case ConsentGiver::BothParents: return "begge forældre";
    case ConsentGiver::Guardian: return "værge";
    case ConsentGiver::YoungPerson: return "den unge";
  }
  return "mor";
}

LocalText consentGiverName(ConsentGiver g) {
  switch (g) {
    case ConsentGiver::Mother: return {"mor", "mother"};
    case ConsentGiver::Father: return {"far", "father"};
    case ConsentGiver::BothParents: return {"begge forældre", "both parents"};
    case ConsentGiver::Guardian: return {"værge", "guardian"};
    case ConsentGiver::YoungPerson: return {"den unge selv", "the young person"};
  }
  return {};
}

bool parseConsentGiver(const std::string& id, ConsentGiver& out) {
  for (ConsentGiver g : kConsentGivers)
    if (id == consentGiverId(g)) {
      out = g;
      return true;
    }
  if (id == "mor og far") {  // spor simulate before issue 14
    out = ConsentGiver::BothParents;
    return true;
  }
  return false;
}

ConsentRule consentRule(const Project& project, int birthYear, int year) {
  if (birthYear <= 0) return ConsentRule::Parents;
  const int age = year - birthYear;  // the age reached this year
  if (age < project.consentOwnFromAge) return ConsentRule::Parents;
  if (age == project.consentOwnFromAge) return ConsentRule::ParentsOrYoungPerson;
  return ConsentRule::YoungPerson;
}

std::optional<Message> consentGiverProblem(const Project& project, int birthYear, int year, ConsentGiver giver) {
  const ConsentRule rule = consentRule(project, birthYear, year);
  const bool young = giver == ConsentGiver::YoungPerson;
  if (rule == ConsentRule::Parents && young)
    return Message{Msg::CoreConsentTooYoung,
                   {{"project", project.shortName.da}, {"age", project.consentOwnFromAge}}};
  if (rule == ConsentRule::YoungPerson && !young)
    return Message{Msg::CoreConsentOwn, {{"project", project.shortName.da}, {"age", project.consentOwnFromAge}}};
  return std::nullopt;
}

namespace {
template <class E, std::size_t N>
bool parseBy(const std::array<E, N>& all, const char* (*id)(E), const std::string& text, E& out) {
  for (E e : all)
    if (text == id(e)) {
      out = e;
      return true;
    }
  return false;
}
}  // namespace

const char* courseEndId(CourseEnd e) {
  switch (e) {
    case CourseEnd::Completed: return "completed";
    case CourseEnd::StoppedEarly: return "stopped";
    case CourseEnd::Bridged: return "bridged";
    case CourseEnd::ReferredOn: return "referred";
  }
  return "completed";
}
LocalText courseEndName(CourseEnd e) {
  switch (e) {
    case CourseEnd::Completed: return {"Gennemført", "Completed"};
    case CourseEnd::StoppedEarly: return {"Stoppet før tid", "Stopped early"};
    case CourseEnd::Bridged: return {"Brobygget til andet tilbud", "Bridged to another offer"};
    case CourseEnd::ReferredOn: return {"Henvist videre", "Referred on"};
  }
  return {};
}
bool parseCourseEnd(const std::string& id, CourseEnd& out) { return parseBy(kCourseEnds, courseEndId, id, out); }

const char* stopReasonId(StopReason r) {
  switch (r) {
    case StopReason::LostContact: return "lost_contact";
    case StopReason::DidNotFit: return "did_not_fit";
    case StopReason::DidNotWant: return "did_not_want";
    case StopReason::Moved: return "moved";
    case StopReason::Other: return "other";
  }
  return "other";
}
LocalText stopReasonName(StopReason r) {
  switch (r) {
    case StopReason::LostContact: return {"Kontakten gik tabt", "Lost contact"};
    case StopReason::DidNotFit: return {"Tilbuddet passede ikke til barnet", "The offer did not fit the child"};
    case StopReason::DidNotWant: return {"Barnet eller familien ville ikke fortsætte", "The child or family did not want to go on"};
    case StopReason::Moved: return {"Flyttet", "Moved away"};
    case StopReason::Other: return {"Andet", "Other"};
  }
  return {};
}
bool parseStopReason(const std::string& id, StopReason& out) { return parseBy(kStopReasons, stopReasonId, id, out); }

const char* missedReasonId(MissedReason r) {
  switch (r) {
    case MissedReason::ChildDeclined: return "child_declined";
    case MissedReason::NotReached: return "not_reached";
    case MissedReason::CourseEnded: return "course_ended";
    case MissedReason::NotDone: return "not_done";
    case MissedReason::Other: return "other";
  }
  return "other";
}
LocalText missedReasonName(MissedReason r) {
  switch (r) {
    case MissedReason::ChildDeclined: return {"Barnet ville ikke svare", "The child did not want to answer"};
    case MissedReason::NotReached: return {"Barnet kunne ikke træffes", "The child could not be reached"};
    case MissedReason::CourseEnded: return {"Forløbet var stoppet", "The course had stopped"};
    case MissedReason::NotDone: return {"Blev ikke gjort i tide", "Not done in time"};
    case MissedReason::Other: return {"Andet", "Other"};
  }
  return {};
}
bool parseMissedReason(const std::string& id, MissedReason& out) {
  return parseBy(kMissedReasons, missedReasonId, id, out);
}

const char* answeringModeId(AnsweringMode m) {
  switch (m) {
    case AnsweringMode::Alone: return "alone";
    case AnsweringMode::Volunteer: return "volunteer";
    case AnsweringMode::Municipal: return "municipal";
    case AnsweringMode::Parent: return "parent";
  }
  return "alone";
}
LocalText answeringModeName(AnsweringMode m) {
  switch (m) {
    case AnsweringMode::Alone: return {"Barnet svarer alene", "The child answers alone"};
    case AnsweringMode::Volunteer: return {"Sammen med en frivillig", "Together with a volunteer"};
    case AnsweringMode::Municipal: return {"Sammen med en kommunal medarbejder", "Together with a municipal staff member"};
    case AnsweringMode::Parent: return {"Sammen med en forælder", "Together with a parent"};
  }
  return {};
}
int answeringModeCode(AnsweringMode m) { return static_cast<int>(m) + 1; }
bool parseAnsweringMode(const std::string& id, AnsweringMode& out) {
  return parseBy(kAnsweringModes, answeringModeId, id, out);
}

std::optional<Message> municipalityProblem(const Project& project, const std::string& municipality) {
  if (project.municipalities.empty()) {
    if (municipality.empty()) return std::nullopt;
    return Message{Msg::CoreMunicipalityNoneInProject, {{"municipality", municipality}, {"project", project.shortName.da}}};
  }
  if (std::find(project.municipalities.begin(), project.municipalities.end(), municipality) !=
      project.municipalities.end())
    return std::nullopt;
  std::string known;
  for (const auto& m : project.municipalities) known += (known.empty() ? "" : ", ") + m;
  if (municipality.empty())
    return Message{Msg::CoreMunicipalityMissing, {{"project", project.shortName.da}, {"known", known}}};
  return Message{Msg::CoreMunicipalityNotInProject,
                 {{"municipality", municipality}, {"project", project.shortName.da}, {"known", known}}};
}

bool guidanceIsDraft(const Safeguarding& s) { return s.textOrigin == "spor_draft" || s.contactOrigin == "spor_draft"; }

bool Project::measures(const std::string& dimensionId) const {
  return std::find(dimensions.begin(), dimensions.end(), dimensionId) != dimensions.end();
}

bool Project::offers(Intervention i) const {
  return std::find(interventions.begin(), interventions.end(), i) != interventions.end();
}

std::size_t ScoringRules::minAnswered(std::size_t itemCount) const {
  // Rounded up, with a small tolerance so 0.6 * 5 = 3.0000000000000004 stays 3.
  const double needed = std::ceil(minAnsweredShare * static_cast<double>(itemCount) - 1e-9);
  return std::max<std::size_t>(1, static_cast<std::size_t>(needed));
}

namespace {
template <typename Map>
const typename Map::mapped_type& lookup(const Map& map, const std::string& id, const char* what) {
  auto it = map.find(id);
  if (it == map.end()) throw std::out_of_range(std::string("unknown ") + what + " '" + id + "'");
  return it->second;
}
}  // namespace

const Scale& FormSet::scale(const std::string& id) const { return lookup(scales, id, "scale"); }
const ChildForm& FormSet::childForm(const std::string& id) const { return lookup(childForms, id, "child form"); }
const Project& FormSet::project(const std::string& id) const { return lookup(projects, id, "project"); }

const FidelityForm* FormSet::fidelityFor(const Project& p) const {
  if (!p.fidelityForm) return nullptr;
  auto it = fidelityForms.find(*p.fidelityForm);
  return it == fidelityForms.end() ? nullptr : &it->second;
}

const BackgroundForm* FormSet::activityFor(const Project& p) const {
  if (!p.activityForm) return nullptr;
  auto it = activityForms.find(*p.activityForm);
  return it == activityForms.end() ? nullptr : &it->second;
}

std::vector<int> activityPoints(const BackgroundForm& form) {
  std::vector<int> out;
  if (const Question* q = form.question(kActivityPointQuestion))
    for (const ChoiceOption& o : q->options)
      if (!o.missing) out.push_back(o.code);
  std::sort(out.begin(), out.end());
  return out;
}

const ChildForm& FormSet::primaryChildForm() const {
  if (childForms.empty()) throw std::out_of_range("the forms folder has no child questionnaire");
  return childForms.begin()->second;
}

}  // namespace spor::core
