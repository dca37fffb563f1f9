// The child editor part (child_editor.hpp): a new child, or the changes to
// one, with parental consent, until saved. The draft changes only through
// these methods; the views draw it.
#include "ui/model/child_editor.hpp"

#include <algorithm>
#include <string>

#include "store/device_store.hpp"
#include "store/error.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"

namespace spor::ui {

namespace {

// Everything a volunteer can type or choose on the form, as one string.
std::string contentKey(const ChildDraft& d) {
  std::string k = d.nickname + '\n' + d.birthYearText + '\n' +
                  (d.gender ? std::to_string(static_cast<int>(*d.gender)) : "-") + '\n' + d.projectId + '\n' +
                  d.municipality + '\n' + d.consentBy + '\n' + (d.consentGiven ? "1" : "0") +
                  (d.consentQuestionnaires ? "1" : "0") + (d.consentBackground ? "1" : "0") + (d.consentSharing ? "1" : "0");
  for (const core::Intervention i : d.interventions) k += '|' + std::to_string(static_cast<int>(i));
  return k;
}

}  // namespace

const ChildDraft& ChildEditorPart::draft() const {
  return state().childDraft;
}

void ChildEditorPart::start() {
  ctx_.clearMessages();
  // Nothing is chosen for the volunteer: a project picked silently (the
  // first child's) sent children to the wrong programme.
  state().childDraft = ChildDraft{};
  state().childDraft.openedWith = contentKey(state().childDraft);
  state().screen = Screen::ChildEdit;
  ctx_.noteActivity();
}

void ChildEditorPart::edit() {
  if (!state().detail) return;
  ctx_.clearMessages();
  const store::Child& c = state().detail->summary.child;
  ChildDraft d;
  d.id = c.id;
  d.nickname = c.details.nickname.value_or("");
  d.birthYear = c.details.birthYear.value_or(0);
  d.birthYearText = d.birthYear > 0 ? std::to_string(d.birthYear) : std::string();
  d.gender = c.details.gender;
  d.projectId = c.details.projectId;
  d.municipality = c.details.municipality;
  d.interventions = c.details.interventions;
  d.hadConsent = state().detail->summary.consent;
  d.consentGiven = d.hadConsent;
  for (const store::Consent& cs : state().detail->consents)
    if (cs.active() && cs.sharing) d.hadSharing = true;
  d.openedWith = contentKey(d);
  state().childDraft = d;
  state().screen = Screen::ChildEdit;
  ctx_.noteActivity();
}

void ChildEditorPart::nickname(std::string nickname) {
  state().childDraft.nickname = std::move(nickname);
  ctx_.noteActivity();
}

void ChildEditorPart::birthYear(std::string text) {
  state().childDraft.birthYearText = std::move(text);
  recheck();
  ctx_.noteActivity();
}

void ChildEditorPart::project(const std::string& projectId) {
  ChildDraft& d = state().childDraft;
  d.projectId = projectId;
  auto it = ctx_.forms().projects.find(projectId);
  if (it == ctx_.forms().projects.end()) return;
  std::erase_if(d.interventions, [&](core::Intervention i) { return !it->second.offers(i); });
  // The municipality is one of the new project's, or chosen again; a
  // project with one municipality needs no choice.
  const auto& towns = it->second.municipalities;
  if (std::find(towns.begin(), towns.end(), d.municipality) == towns.end()) d.municipality.clear();
  if (d.municipality.empty() && towns.size() == 1) d.municipality = towns.front();
  // A project with one kind of intervention needs no choice.
  if (d.interventions.empty() && it->second.interventions.size() == 1) d.interventions = it->second.interventions;
  recheck();
  ctx_.noteActivity();
}

void ChildEditorPart::toggleIntervention(core::Intervention i) {
  auto& v = state().childDraft.interventions;
  if (auto it = std::find(v.begin(), v.end(), i); it != v.end())
    v.erase(it);
  else
    v.push_back(i);
  recheck();
  ctx_.noteActivity();
}

void ChildEditorPart::gender(store::Gender g) {
  state().childDraft.gender = g;
  recheck();
  ctx_.noteActivity();
}

void ChildEditorPart::consentGiven(bool given) {
  state().childDraft.consentGiven = given;
  state().childDraft.revealConsent = given;
  recheck();
  ctx_.noteActivity();
}

void ChildEditorPart::municipality(std::string municipality) {
  state().childDraft.municipality = std::move(municipality);
  recheck();
  ctx_.noteActivity();
}

void ChildEditorPart::consentSharing(bool sharing) {
  state().childDraft.consentSharing = sharing;
  if (state().childDraft.hadConsent) state().childDraft.revealConsent = sharing;  // "Givet af" appears
  recheck();
  ctx_.noteActivity();
}

void ChildEditorPart::consentBy(std::string by) {
  state().childDraft.consentBy = std::move(by);
  recheck();
  ctx_.noteActivity();
}

void ChildEditorPart::consentCovers(bool questionnaires, bool background) {
  state().childDraft.consentQuestionnaires = questionnaires;
  state().childDraft.consentBackground = background;
  recheck();
  ctx_.noteActivity();
}

namespace {
// A birth year to give as an example: one in the middle of the chosen
// project's ages (EmpowR, 13-18: a child turning 15 this year); none before a
// project is chosen, rather than a year that fits no project.
std::optional<int> birthYearExample(const core::FormSet& forms, const std::string& projectId, int thisYear) {
  const auto it = forms.projects.find(projectId);
  if (it == forms.projects.end() || it->second.ageMax <= 0) return std::nullopt;
  return thisYear - (it->second.ageMin + it->second.ageMax) / 2;
}

// The gender and project a gender warning was shown for: changed, it is asked again.
std::string genderWarningKey(const ChildDraft& d) {
  return std::string(d.gender ? store::genderId(*d.gender) : "") + "/" + d.projectId;
}
}  // namespace

std::vector<std::pair<ChildField, std::string>> ChildEditorPart::problems() const {
  const ChildDraft& d = state().childDraft;
  const core::Lang l = ctx_.lang();
  std::vector<std::pair<ChildField, std::string>> out;
  const int thisYear = static_cast<int>(std::chrono::year_month_day(ctx_.today()).year());
  const auto example = birthYearExample(ctx_.forms(), d.projectId, thisYear);
  const bool fourDigits =
      d.birthYearText.size() == 4 && d.birthYearText.find_first_not_of("0123456789") == std::string::npos;
  if (d.birthYearText.empty()) {
    out.emplace_back(ChildField::BirthYear, example ? trf(Word::ErrBirthYearMissing, l, {std::to_string(*example)})
                                                    : std::string(tr(Word::ErrBirthYearMissingPlain, l)));
  } else if (!fourDigits) {
    out.emplace_back(ChildField::BirthYear, example ? trf(Word::ErrBirthYear, l, {std::to_string(*example)})
                                                    : std::string(tr(Word::ErrBirthYearPlain, l)));
  } else if (const int year = std::stoi(d.birthYearText); year > thisYear || year < thisYear - store::kMaxChildAge) {
    out.emplace_back(
        ChildField::BirthYear,
        trf(Word::ErrBirthYearRange, l, {std::to_string(thisYear - store::kMaxChildAge), std::to_string(thisYear)}));
  }
  if (!d.gender) out.emplace_back(ChildField::Gender, tr(Word::ErrGenderMissing, l));
  if (d.projectId.empty()) {
    out.emplace_back(ChildField::Project, tr(Word::ErrProjectMissing, l));
  } else {
    // The municipality and interventions show once a project is chosen.
    // The rule is the forms' (core::municipalityProblem), so a child kept
    // from an older project file, whose municipality the project no longer
    // lists, is asked again rather than saved with a name outside the list.
    if (auto it = ctx_.forms().projects.find(d.projectId); it != ctx_.forms().projects.end())
      if (auto problem = core::municipalityProblem(it->second, d.municipality)) {
        if (d.municipality.empty()) {
          out.emplace_back(ChildField::Municipality, tr(Word::ErrMunicipalityMissing, l));
        } else {  // the catalogue's text, as a sentence on the screen
          std::string why = render(*problem, l);
          if (!why.empty() && why[0] >= 'a' && why[0] <= 'z') why[0] = static_cast<char>(why[0] - 'a' + 'A');
          out.emplace_back(ChildField::Municipality, why + ".");
        }
      }
    if (d.interventions.empty())
      out.emplace_back(ChildField::Interventions, tr(Word::ErrInterventionMissing, l));
  }
  // Who consents: asked for a new consent, and for a consent to share
  // information given later; the project's age rule decides who may.
  const bool asksWho = (d.consentGiven && !d.hadConsent) || (d.hadConsent && !d.hadSharing && d.consentSharing);
  if (asksWho && d.consentBy.find_first_not_of(' ') == std::string::npos) {
    out.emplace_back(ChildField::ConsentBy, tr(Word::ErrConsentByMissing, l));
  } else if (asksWho && fourDigits) {
    core::ConsentGiver giver{};
    const auto it = ctx_.forms().projects.find(d.projectId);
    if (core::parseConsentGiver(d.consentBy, giver) && it != ctx_.forms().projects.end())
      if (auto problem = core::consentGiverProblem(it->second, std::stoi(d.birthYearText), thisYear, giver)) {
        std::string why = render(*problem, l);
        if (!why.empty() && why[0] >= 'a' && why[0] <= 'z') why[0] = static_cast<char>(why[0] - 'a' + 'A');
        out.emplace_back(ChildField::ConsentBy, why + ".");
      }
  }
  if (d.consentGiven && !d.hadConsent && !d.consentQuestionnaires && !d.consentBackground)
    out.emplace_back(ChildField::ConsentWhat, tr(Word::ErrConsentWhat, l));
  return out;
}

std::pair<ChildField, std::string> ChildEditorPart::check() const {
  auto all = problems();
  if (all.empty()) return {ChildField::None, {}};
  return std::move(all.front());
}

void ChildEditorPart::recheck() {
  ChildDraft& d = state().childDraft;
  d.warning.clear();  // a changed year or project is asked about again at "Gem"
  // "Gem again saves" holds only for the exact year and project warned
  // about: changed away (and back), it is asked again.
  if (d.warnedFor != d.birthYearText + "/" + d.projectId) d.warnedFor.clear();
  if (d.warnedGenderFor != genderWarningKey(d)) d.warnedGenderFor.clear();
  if (d.errors.empty()) {
    d.errorField = ChildField::None;
    return;
  }
  // The fields flagged at "Gem" keep their (perhaps changed: "2" then "20")
  // text while still wrong; a fixed one's goes. Nothing new is flagged before "Gem".
  std::vector<std::pair<ChildField, std::string>> still;
  for (auto& [field, why] : problems())
    for (const auto& e : d.errors)
      if (e.first == field) still.emplace_back(field, std::move(why));
  d.errors = std::move(still);
  d.error = d.errors.empty() ? std::string() : d.errors.front().second;
  d.errorField = d.errors.empty() ? ChildField::None : d.errors.front().first;
}

void ChildEditorPart::save() {
  if (!ctx_.store()) return;
  ChildDraft& d = state().childDraft;
  d.error.clear();
  d.errorField = ChildField::None;
  d.errors.clear();
  const core::Lang l = ctx_.lang();
  // Everything missing at once, each beside its field; the form scrolls to the first.
  if (auto all = problems(); !all.empty()) {
    d.error = all.front().second;
    d.errorField = all.front().first;
    d.errors = std::move(all);
    d.revealError = true;
    return;
  }
  d.birthYear = std::stoi(d.birthYearText);
  // Outside the project's ages: said once, with what to do; "Gem" again
  // saves (a child a year older than the range may still take part).
  const core::Project* project = nullptr;
  if (auto it = ctx_.forms().projects.find(d.projectId); it != ctx_.forms().projects.end()) project = &it->second;
  const std::string asked = d.birthYearText + "/" + d.projectId;
  if (project && d.warnedFor != asked) {
    const int thisYear = static_cast<int>(std::chrono::year_month_day(ctx_.today()).year());
    if (const auto age = core::ageOutsideRange(*project, d.birthYear, thisYear)) {
      d.warning = trf(Word::WarnAgeRange, l,
                      {std::to_string(*age), project->shortName.in(l), std::to_string(project->ageMin),
                       std::to_string(project->ageMax)});
      d.warnedFor = asked;
      d.warningField = ChildField::BirthYear;
      d.errorField = ChildField::BirthYear;
      d.revealError = true;
      return;
    }
  }
  // A project for girls (or boys) only, and a child of the other gender:
  // said once, calmly; "Gem" again saves (the project may know better).
  if (project && d.gender && d.warnedGenderFor != genderWarningKey(d) &&
      !project->takesGender(store::genderId(*d.gender))) {
    const Word whom = project->genders.front() == "girl" ? Word::GenderForGirls : Word::GenderForBoys;
    d.warning = trf(Word::WarnGender, l, {project->shortName.in(l), tr(whom, l)});
    d.warnedGenderFor = genderWarningKey(d);
    d.warningField = ChildField::Gender;
    d.errorField = ChildField::Gender;
    d.revealError = true;
    return;
  }
  try {
    store::ChildDetails details;
    if (d.nickname.find_first_not_of(' ') != std::string::npos) details.nickname = d.nickname;
    details.birthYear = d.birthYear;
    details.gender = d.gender;
    details.projectId = d.projectId;
    details.municipality = d.municipality;
    details.interventions = d.interventions;
    auto batch = ctx_.store()->batch();
    store::ChildId id{};
    if (d.id) {
      id = *d.id;
      ctx_.store()->updateChild(id, details);
    } else {
      store::NewChild c;
      c.details = details;
      id = ctx_.store()->addChild(c);
    }
    if (d.consentGiven && !d.hadConsent)
      ctx_.store()->recordConsent(
          id, {d.consentBy, ctx_.today(), d.consentQuestionnaires, d.consentBackground, d.consentSharing});
    else if (d.hadConsent && !d.hadSharing && d.consentSharing)  // given later: a consent of its own
      ctx_.store()->recordConsent(id, {d.consentBy, ctx_.today(), false, false, true});
    batch.commit();
    ctx_.refreshChildren();
    ctx_.openChild(id);
  } catch (const std::exception& e) {
    d.error = shownMessage(e, l);
  }
}

void ChildEditorPart::cancel() {
  const ChildDraft& d = state().childDraft;
  if (contentKey(d) == d.openedWith) return discard();
  const core::Lang l = ctx_.lang();
  ConfirmState& c = state().confirm;
  c = {};
  c.ask = ConfirmState::Ask::DiscardChildDraft;
  c.title = tr(d.id ? Word::ConfirmDiscardEditTitle : Word::ConfirmDiscardNewTitle, l);
  c.body = tr(Word::ConfirmDiscardBody, l);
  c.yes = tr(Word::ConfirmDiscardYes, l);
  c.no = tr(Word::ConfirmDiscardNo, l);
  ctx_.noteActivity();
}

void ChildEditorPart::discard() {
  ctx_.releaseField(Field::Nickname);
  ctx_.releaseField(Field::BirthYear);
  if (state().childDraft.id)
    ctx_.openChild(*state().childDraft.id);
  else
    ctx_.goHome();
}

void ChildEditorPart::scrolledToError() {
  state().childDraft.revealError = false;
}

void ChildEditorPart::scrolledToConsent() {
  state().childDraft.revealConsent = false;
}

}  // namespace spor::ui
