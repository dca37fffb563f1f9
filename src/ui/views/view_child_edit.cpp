// A new child, or changes to one: nickname, birth year, gender, project,
// intervention, and the parents' consent, which no measurement can start
// without. The code is made by the store and never typed.
#include <algorithm>
#include <chrono>

#include <imgui.h>

#include "ui/views/common.hpp"

namespace spor::ui {

namespace {

// A labelled row of choices; returns the index tapped (or -1) and advances y.
int choiceRow(ViewContext& ctx, const char* label, const std::vector<std::string>& options, int selected, float x,
              float& y, float w) {
  const float u = em(ctx);
  y += text(ctx, label, ctx.fonts.small, ImVec2(x, y), w, palette().muted) + u * 0.3f;
  float h = 0;
  const int tapped = choices(ctx, options, selected, ImVec2(x, y), w, h, ctx.fonts.body);
  y += h + u * 1.0f;
  return tapped;
}

// "mor" -> "Mor": a choice's label starts with a capital, while the same
// words stay small inside a sentence (the ids and names start with ASCII).
std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

}  // namespace

void drawChildEdit(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const ChildDraft& d = model.childEditor().draft();
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  bool back = false;
  const std::string title = d.id ? trf(Word::EditTitle, lang, {d.nickname.empty() ? std::string("…") : d.nickname})
                                 : tr(Word::EditNewTitle, lang);
  float y = volunteerHeader(ctx, box, title, tr(Word::Cancel, lang), back);
  if (back) {
    model.childEditor().cancel();
    return;
  }
  // "Annullér" after something was typed: discard it? (ChildEditorPart::cancel)
  if (drawConfirm(ctx, box, y)) return;
  // The bottom bar: the error, and Save.
  const float barH = u * 2.8f;
  const float barY = box.y1 - barH;
  const ButtonStyle save{ButtonKind::Primary, ctx.fonts.button};
  const float sw = std::max(u * 8.0f, buttonWidth(ctx, tr(Word::Save, lang), save));
  if (button(ctx, tr(Word::Save, lang), ImVec2(box.x1 - sw, barY), ImVec2(sw, barH), save)) model.childEditor().save();
  // Each field's error (and the age warning) is shown once, beside its field;
  // the bar only says that something above stops "Gem" (or what the store said).
  // A warning alone (age, gender) is a question, not an error: it says so in
  // ink, not in the errors' red (a newcomer read the red footer as refused).
  const bool onlyWarning = d.errors.empty() && !d.warning.empty();
  const bool besideFields = !d.errors.empty() || onlyWarning;
  const std::string said = onlyWarning    ? std::string(tr(Word::EditCheckAbove, lang))
                           : besideFields ? std::string(tr(Word::EditSeeAbove, lang))
                                          : d.error;
  if (!said.empty()) {
    // Centred on its own height, in a smaller font when it needs more lines
    // than the bar has (portrait at "Større" ran it off the screen).
    const float tw = box.width() - sw - u;
    ImFont* font = ctx.fonts.bold;
    if (measureText(font, said, tw).y > barH) font = ctx.fonts.small;
    const float th = measureText(font, said, tw).y;
    text(ctx, said, font, ImVec2(box.x0, barY + std::max(0.0f, (barH - th) * 0.5f)), tw, onlyWarning ? c.ink : c.warning);
  }

  ScrollArea area(ctx, "child-edit", ImVec2(box.x0, y), ImVec2(box.x1, barY - u * 0.8f));
  const float w = std::min(box.width() - u * 0.8f, u * 40.0f);
  const float x = box.x0;
  float ty = area.top();
  // The field an error (or the age warning) names: its text under the field,
  // and after "Gem" the area scrolls there (the consent is below the fold).
  const auto mark = [&](ChildField f, float top) {
    const std::string message = d.fieldMessage(f);
    if (!message.empty() && onlyWarning) {
      // The warning in the notices' framed yellow, the errors in red.
      ty += framedText(ctx, message, x, ty, w, c.notice, c.noticeBorder, c.ink) + u * 0.8f;
    } else if (!message.empty()) {
      ty += text(ctx, message, ctx.fonts.bold, ImVec2(x, ty), w, c.warning) + u * 0.8f;
    }
    if (d.errorField == f && d.revealError) {
      ctx.view.revealY = std::pair{top, ty};
      model.childEditor().scrolledToError();
    }
  };

  ty += editField(ctx, Field::Nickname, tr(Word::EditNickname, lang), ImVec2(x, ty), std::min(w, u * 20.0f)) + u * 0.2f;
  ty += text(ctx, tr(Word::EditNicknameHint, lang), ctx.fonts.small, ImVec2(x, ty), w, c.muted) + u * 1.0f;

  // The birth year: four digits (the digits keyboard); checked when saved.
  float top = ty;
  ty += editField(ctx, Field::BirthYear, tr(Word::EditBirthYear, lang), ImVec2(x, ty), u * 8.0f) + u * 0.4f;
  if (auto it = model.forms().projects.find(d.projectId); it != model.forms().projects.end() && it->second.ageMax > 0)
    ty += text(ctx, trf(Word::EditAges, lang, {it->second.shortName.in(lang), std::to_string(it->second.ageMin),
                                             std::to_string(it->second.ageMax)}),
               ctx.fonts.small, ImVec2(x, ty), w, c.muted) +
          u * 0.4f;
  ty += u * 0.6f;
  mark(ChildField::BirthYear, top);

  const std::vector<std::string> genders = {tr(Word::GenderGirl, lang), tr(Word::GenderBoy, lang),
                                            tr(Word::GenderOther, lang), tr(Word::GenderNotSaid, lang)};
  const store::Gender genderCodes[] = {store::Gender::Girl, store::Gender::Boy, store::Gender::Other,
                                       store::Gender::NotSaid};
  int g = -1;
  for (int i = 0; i < 4; ++i)
    if (d.gender == genderCodes[i]) g = i;
  top = ty;
  if (const int t = choiceRow(ctx, tr(Word::EditGender, lang), genders, g, x, ty, w); t >= 0)
    model.childEditor().gender(genderCodes[t]);
  mark(ChildField::Gender, top);

  std::vector<std::string> projectNames;
  std::vector<std::string> projectIds;
  int p = -1;
  for (const auto& [id, proj] : model.forms().projects) {
    if (id == d.projectId) p = static_cast<int>(projectIds.size());
    projectIds.push_back(id);
    projectNames.push_back(proj.shortName.in(lang));
  }
  top = ty;
  if (const int t = choiceRow(ctx, tr(Word::EditProject, lang), projectNames, p, x, ty, w); t >= 0)
    model.childEditor().project(projectIds[static_cast<std::size_t>(t)]);
  mark(ChildField::Project, top);

  // The child's municipality: one of the project's (issue 14). A project
  // with one municipality has it chosen already; it is shown all the same.
  if (auto it = model.forms().projects.find(d.projectId);
      it != model.forms().projects.end() && !it->second.municipalities.empty()) {
    const std::vector<std::string>& towns = it->second.municipalities;
    int m = -1;
    for (std::size_t i = 0; i < towns.size(); ++i)
      if (towns[i] == d.municipality) m = static_cast<int>(i);
    top = ty;
    if (const int t = choiceRow(ctx, tr(Word::EditMunicipality, lang), towns, m, x, ty, w); t >= 0)
      model.childEditor().municipality(towns[static_cast<std::size_t>(t)]);
    mark(ChildField::Municipality, top);
  }

  if (auto it = model.forms().projects.find(d.projectId); it != model.forms().projects.end()) {
    top = ty;
    ty += text(ctx, tr(Word::EditInterventions, lang), ctx.fonts.small, ImVec2(x, ty), w, c.muted) + u * 0.3f;
    for (core::Intervention i : it->second.interventions) {
      const bool on = std::find(d.interventions.begin(), d.interventions.end(), i) != d.interventions.end();
      if (checkbox(ctx, core::interventionName(i).in(lang), on, ImVec2(x, ty), std::min(w, u * 16.0f)))
        model.childEditor().toggleIntervention(i);
      ty += checkboxHeight(ctx, core::interventionName(i).in(lang), std::min(w, u * 16.0f)) + u * 0.2f;
    }
    ty += u * 0.6f;
    mark(ChildField::Interventions, top);
  }

  // Who may consent: the project's rule by the child's age (issue 14). The
  // choices are those the rule allows, each stored by its id whatever the
  // screen's language; in the year the young person turns the project's
  // age both are offered, with what to check.
  const auto whoRow = [&]() {
    std::vector<core::ConsentGiver> givers;
    std::string hint;
    core::ConsentRule rule = core::ConsentRule::Parents;
    const auto it = model.forms().projects.find(d.projectId);
    const bool year = d.birthYearText.size() == 4 &&
                      d.birthYearText.find_first_not_of("0123456789") == std::string::npos;
    if (it != model.forms().projects.end() && year) {
      rule = core::consentRule(it->second, std::stoi(d.birthYearText),
                               static_cast<int>(std::chrono::year_month_day(ctx.model.today()).year()));
      if (rule == core::ConsentRule::ParentsOrYoungPerson)
        hint = trf(Word::EditConsentYoungHint, lang, {std::to_string(it->second.consentOwnFromAge)});
    }
    for (core::ConsentGiver giver : core::kConsentGivers) {
      const bool young = giver == core::ConsentGiver::YoungPerson;
      if ((rule == core::ConsentRule::Parents && young) || (rule == core::ConsentRule::YoungPerson && !young)) continue;
      givers.push_back(giver);
    }
    std::vector<std::string> by;
    int sel = -1;
    for (std::size_t i = 0; i < givers.size(); ++i) {
      by.emplace_back(capitalised(core::consentGiverName(givers[i]).in(lang)));
      if (d.consentBy == core::consentGiverId(givers[i])) sel = static_cast<int>(i);
    }
    const float rowTop = ty;
    if (const int t = choiceRow(ctx, tr(Word::EditConsentBy, lang), by, sel, x, ty, w); t >= 0)
      model.childEditor().consentBy(core::consentGiverId(givers[static_cast<std::size_t>(t)]));
    if (!hint.empty()) ty += text(ctx, hint, ctx.fonts.small, ImVec2(x, ty - u * 0.6f), w, c.muted) + u * 0.2f;
    mark(ChildField::ConsentBy, rowTop);
  };
  const float boxW = std::min(w, u * 26.0f);

  // Consent: recorded once; after that it shows as given. Consent to share
  // information can be given with it or later, as a consent of its own.
  ty += text(ctx, tr(Word::EditConsentTitle, lang), ctx.fonts.button, ImVec2(x, ty), w, c.ink) + u * 0.5f;
  if (d.hadConsent) {
    ty += text(ctx, tr(Word::EditConsentRecorded, lang), ctx.fonts.body, ImVec2(x, ty), w, c.ink) + u;
    if (d.hadSharing) {
      ty += text(ctx, tr(Word::EditSharingRecorded, lang), ctx.fonts.body, ImVec2(x, ty), w, c.ink) + u;
    } else {
      if (checkbox(ctx, tr(Word::EditSharingLater, lang), d.consentSharing, ImVec2(x, ty), boxW))
        model.childEditor().consentSharing(!d.consentSharing);
      ty += checkboxHeight(ctx, tr(Word::EditSharingLater, lang), boxW) + u * 0.4f;
      if (d.consentSharing) {
        const float revealTop = ty;
        whoRow();
        if (d.revealConsent) {
          ctx.view.revealY = std::pair{revealTop, ty};
          model.childEditor().scrolledToConsent();
        }
      }
    }
  } else {
    if (checkbox(ctx, tr(Word::EditConsentGiven, lang), d.consentGiven, ImVec2(x, ty), w))
      model.childEditor().consentGiven(!d.consentGiven);
    ty += checkboxHeight(ctx, tr(Word::EditConsentGiven, lang), w) + u * 0.4f;
    if (d.consentGiven) {
      const float revealTop = ty;
      whoRow();
      top = ty;
      // What the consent covers, under its own heading (a new user read the
      // two ticks as more questions).
      ty += text(ctx, tr(Word::EditConsentCovers, lang), ctx.fonts.small, ImVec2(x, ty), w, c.muted) + u * 0.3f;
      if (checkbox(ctx, tr(Word::EditConsentQuestionnaires, lang), d.consentQuestionnaires, ImVec2(x, ty),
                   std::min(w, u * 16.0f)))
        model.childEditor().consentCovers(!d.consentQuestionnaires, d.consentBackground);
      ty += checkboxHeight(ctx, tr(Word::EditConsentQuestionnaires, lang), std::min(w, u * 16.0f)) + u * 0.2f;
      if (checkbox(ctx, tr(Word::EditConsentBackground, lang), d.consentBackground, ImVec2(x, ty),
                   std::min(w, u * 16.0f)))
        model.childEditor().consentCovers(d.consentQuestionnaires, !d.consentBackground);
      ty += checkboxHeight(ctx, tr(Word::EditConsentBackground, lang), std::min(w, u * 16.0f)) + u * 0.2f;
      mark(ChildField::ConsentWhat, top);
      // Just ticked: "Givet af" and the ticks under it scroll into view.
      if (d.revealConsent) {
        ctx.view.revealY = std::pair{revealTop, ty};
        model.childEditor().scrolledToConsent();
      }
      // Its own consent (001:L2490-2491), not part of the questionnaires'.
      ty += u * 0.4f;
      if (checkbox(ctx, tr(Word::EditSharing, lang), d.consentSharing, ImVec2(x, ty), boxW))
        model.childEditor().consentSharing(!d.consentSharing);
      ty += checkboxHeight(ctx, tr(Word::EditSharing, lang), boxW) + u * 0.2f;
    }
  }
  area.end(ty - area.top());
}

}  // namespace spor::ui
