// The "Henvisning" section of the child's page and its forms (issue 14
// item 1). The referrer's name and the notes are free text: shown here, on
// the volunteer's own page, and never in a report or an export.
#include "ui/views/view_referral.hpp"

#include <algorithm>

#include <imgui.h>

#include "ui/views/views.hpp"

namespace spor::ui {

namespace {

// "At a point" names read inside a sentence: "ved henvisning", "efter forsamtale".
std::string lowerFirst(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

// The day and the steps back from it (and forward, back to today). At the
// earliest day the form allows, the back steps go and `atEarliest` says why.
float dayPicker(ViewContext& ctx, core::Date on, core::Date earliest, const std::string& atEarliest, float x, float y,
                float w, void (ReferralPart::*step)(int)) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  float ty = y;
  ty += text(ctx, displayDate(on, lang), ctx.fonts.button, ImVec2(x, ty), w, c.ink) + u * 0.4f;
  if (on <= earliest) ty += text(ctx, atEarliest, ctx.fonts.body, ImVec2(x, ty), w, c.muted) + u * 0.4f;
  ty += daySteps(ctx, on, on > earliest, x, ty, w, [&](int days) { (ctx.model.referral().*step)(days); });
  return ty - y;
}

// A titled list of choices; returns the index tapped or -1, and adds the height to `ty`.
template <class E, std::size_t N>
int chooser(ViewContext& ctx, const char* title, const std::array<E, N>& all, core::LocalText (*name)(E),
            const std::optional<E>& chosen, float x, float& ty, float w) {
  const float u = em(ctx);
  const core::Lang lang = ctx.lang();
  if (title != nullptr) ty += text(ctx, title, ctx.fonts.bold, ImVec2(x, ty), w, palette().ink) + u * 0.4f;
  std::vector<std::string> labels;
  int selected = -1;
  for (std::size_t i = 0; i < N; ++i) {
    labels.push_back(name(all[i]).in(lang));
    if (chosen == all[i]) selected = static_cast<int>(i);
  }
  float h = 0;
  const int t = choices(ctx, labels, selected, ImVec2(x, ty), w, h, ctx.fonts.body);
  ty += h + u * 1.2f;
  return t;
}

// The bottom bar ("Annullér", "Gem") with what stops "Gem" above it;
// returns where the form's scroll area ends.
float bottomBar(ViewContext& ctx, const ScreenBox& box, const std::string& error, void (ReferralPart::*save)(),
                void (ReferralPart::*cancel)()) {
  const core::Lang lang = ctx.lang();
  const float u = em(ctx);
  const float barH = u * 2.8f;
  const float barY = box.y1 - barH;
  const ButtonStyle saveStyle{ButtonKind::Primary, ctx.fonts.button};
  const ButtonStyle cancelStyle{ButtonKind::Secondary, ctx.fonts.button};
  const float sw = std::max(u * 8.0f, buttonWidth(ctx, tr(Word::Save, lang), saveStyle));
  const float cw = buttonWidth(ctx, tr(Word::Cancel, lang), cancelStyle);
  if (button(ctx, tr(Word::Save, lang), ImVec2(box.x1 - sw, barY), ImVec2(sw, barH), saveStyle)) (ctx.model.referral().*save)();
  if (button(ctx, tr(Word::Cancel, lang), ImVec2(box.x1 - sw - u * 0.8f - cw, barY), ImVec2(cw, barH), cancelStyle))
    (ctx.model.referral().*cancel)();
  float bottom = barY - u * 0.6f;
  if (!error.empty()) {
    bottom -= measureText(ctx.fonts.bold, error, box.width()).y;
    text(ctx, error, ctx.fonts.bold, ImVec2(box.x0, bottom), box.width(), palette().warning);
    bottom -= u * 0.6f;
  }
  return bottom;
}

void referralForm(ViewContext& ctx, const ChildDetailView& d, const ScreenBox& box, float y) {
  AppModel& model = ctx.model;
  const ReferralDraft& f = model.state().referral.draft;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  // An error about one field is shown under that field (and scrolled to
  // once); only one about no field sits above the buttons.
  const bool besideField = f.errorField != ReferralField::None;
  // Beside Gem, as on the child form: that something above stops it.
  const float bottom = bottomBar(ctx, box, besideField && !f.error.empty() ? std::string(tr(Word::EditSeeAbove, lang)) : f.error,
                                 &ReferralPart::save, &ReferralPart::cancel);
  ScrollArea area(ctx, "referral", ImVec2(box.x0, y), ImVec2(box.x1, bottom));
  const float x = box.x0;
  const float w = std::min(box.width() - u * 0.6f, u * 40.0f);
  float ty = area.top() + u * 0.4f;
  const auto mark = [&](ReferralField field, float top) {
    if (!besideField || f.errorField != field || f.error.empty()) return;
    // Close under the choices it is about, well apart from the next heading.
    if (field == ReferralField::Role || field == ReferralField::ReportBack) ty -= u * 0.4f;
    ty += text(ctx, f.error, ctx.fonts.bold, ImVec2(x, ty), w, c.warning) + u * 1.2f;
    if (f.revealError) {
      ctx.view.revealY = std::pair{top, ty};
      model.referral().scrolledToError();
    }
  };
  float top = ty;
  ty += text(ctx, trf(Word::ReferralTitle, lang, {d.summary.name}), ctx.fonts.button, ImVec2(x, ty), w, c.ink) + u * 0.6f;
  if (const int t = chooser(ctx, nullptr, core::kReferrerRoles, core::referrerRoleName, f.role, x, ty, w); t >= 0)
    model.referral().role(core::kReferrerRoles[static_cast<std::size_t>(t)]);
  mark(ReferralField::Role, top);
  top = ty;
  if (const int t =
          chooser(ctx, tr(Word::ReferralBackAsk, lang), core::kReportBacks, core::reportBackName, f.reportBack, x, ty, w);
      t >= 0)
    model.referral().reportBack(core::kReportBacks[static_cast<std::size_t>(t)]);
  mark(ReferralField::ReportBack, top);
  top = ty;
  // When someone else hears back, the field says who, and is needed.
  const bool other = f.reportBack == core::ReportBack::Other;
  ty += editField(ctx, Field::ReferralText, tr(other ? Word::ReferralOtherField : Word::ReferralReferrerField, lang),
                  ImVec2(x, ty), w) +
        u * 0.2f;
  mark(ReferralField::Text, top);
  ty += text(ctx, tr(Word::ReferralReferrerHint, lang), ctx.fonts.small, ImVec2(x, ty), w, c.muted) + u * 1.0f;
  top = ty;
  ty += text(ctx, tr(Word::ReferralWhen, lang), ctx.fonts.bold, ImVec2(x, ty), w, c.ink) + u * 0.4f;
  const core::Date earliest = core::earliestReferralDay(d.summary.child.details.birthYear, ctx.model.today());
  ty += dayPicker(ctx, f.on, earliest, tr(Word::ReferralEarliest, lang), x, ty, w, &ReferralPart::step) + u * 0.6f;
  mark(ReferralField::Day, top);
  area.end(ty - area.top());
}

void feedbackForm(ViewContext& ctx, const ChildDetailView& d, const ScreenBox& box, float y) {
  AppModel& model = ctx.model;
  const FeedbackDraft& f = model.state().referral.feedback;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const float bottom = bottomBar(ctx, box, f.error, &ReferralPart::feedbackSave, &ReferralPart::feedbackCancel);
  ScrollArea area(ctx, "feedback", ImVec2(box.x0, y), ImVec2(box.x1, bottom));
  const float x = box.x0;
  const float w = std::min(box.width() - u * 0.6f, u * 40.0f);
  float ty = area.top() + u * 0.4f;
  ty += text(ctx, trf(Word::FeedbackTitle, lang, {d.summary.name}), ctx.fonts.button, ImVec2(x, ty), w, c.ink) + u * 0.6f;
  if (const int t = chooser(ctx, tr(Word::FeedbackPointAsk, lang), core::kFeedbackPoints, core::feedbackPointName,
                            f.point, x, ty, w);
      t >= 0)
    model.referral().feedbackPoint(core::kFeedbackPoints[static_cast<std::size_t>(t)]);
  if (const int t =
          chooser(ctx, tr(Word::FeedbackFormAsk, lang), core::kFeedbackForms, core::feedbackFormName, f.form, x, ty, w);
      t >= 0)
    model.referral().feedbackForm(core::kFeedbackForms[static_cast<std::size_t>(t)]);
  ty += text(ctx, tr(Word::FeedbackWhen, lang), ctx.fonts.bold, ImVec2(x, ty), w, c.ink) + u * 0.4f;
  const core::Date referred = d.summary.child.referral ? d.summary.child.referral->on : ctx.model.today();
  ty += dayPicker(ctx, f.on, referred, trf(Word::FeedbackEarliest, lang, {displayDate(referred, lang)}), x, ty, w,
                  &ReferralPart::feedbackStep) +
        u * 1.0f;
  ty += editField(ctx, Field::FeedbackNote, tr(Word::FeedbackNoteField, lang), ImVec2(x, ty), w) + u * 0.2f;
  ty += text(ctx, tr(Word::ReferralReferrerHint, lang), ctx.fonts.small, ImVec2(x, ty), w, c.muted) + u * 0.6f;
  area.end(ty - area.top());
}

}  // namespace

float referralSection(ViewContext& ctx, const ChildDetailView& d, float x, float y, float w) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const store::Child& ch = d.summary.child;
  float ty = y;
  ty += text(ctx, tr(Word::ReferralHeading, lang), ctx.fonts.button, ImVec2(x, ty), w, c.ink) + u * 0.3f;
  if (!ch.referral) {
    ty += text(ctx, tr(Word::ReferralNone, lang), ctx.fonts.body, ImVec2(x, ty), w, c.ink) + u * 0.5f;
  } else {
    const store::ReferralInfo& r = *ch.referral;
    const std::string role = lowerFirst(core::referrerRoleName(r.role).in(lang));
    // With "En anden" hearing back, the text is who hears back, not the
    // referrer (a newcomer's "Lene, skolens AKT" showed as "Henviser: Lene").
    const bool otherHears = r.reportBack == core::ReportBack::Other && !r.referrer.empty();
    const std::string hears =
        otherHears ? r.referrer : lowerFirst(core::reportBackName(r.reportBack).in(lang));
    const std::string day = displayDate(r.on, lang);
    // "Henvist den 24.11.2026 (andet)", not "Henvist af andet".
    const bool otherRole = r.role == core::ReferrerRole::Other;
    const std::string line =
        r.reportBack == core::ReportBack::Nobody
            ? trf(otherRole ? Word::ReferralLineOtherNobody : Word::ReferralLineNobody, lang, {role, day})
            : trf(otherRole ? Word::ReferralLineOther : Word::ReferralLine, lang, {role, day, hears});
    ty += text(ctx, line, ctx.fonts.body, ImVec2(x, ty), w, c.ink) + u * 0.2f;
    if (!r.referrer.empty() && !otherHears)
      ty += text(ctx, trf(Word::ReferralReferrerLine, lang, {r.referrer}), ctx.fonts.body, ImVec2(x, ty), w, c.ink) +
            u * 0.2f;
    // "til henviseren" only when the referrer is who hears back.
    if (ch.feedback.empty() && r.reportBack != core::ReportBack::Nobody)
      ty += text(ctx, tr(r.reportBack == core::ReportBack::Referrer ? Word::ReferralNoFeedback : Word::ReferralNoFeedbackYet, lang),
                 ctx.fonts.body, ImVec2(x, ty), w, c.muted) +
            u * 0.2f;
    for (const store::FeedbackEntry& f : ch.feedback) {
      std::string entry = trf(Word::ReferralFeedbackLine, lang,
                              {displayDate(f.on, lang), core::feedbackPointName(f.point).in(lang),
                               lowerFirst(core::feedbackFormName(f.form).in(lang))});
      if (!f.note.empty()) entry += " – " + f.note;
      ty += text(ctx, entry, ctx.fonts.body, ImVec2(x, ty), w, c.ink) + u * 0.2f;
    }
    ty += u * 0.3f;
  }
  const ButtonStyle style{ButtonKind::Secondary, ctx.fonts.bold};
  const char* label = tr(ch.referral ? Word::ReferralChange : Word::ReferralStart, lang);
  const float bw = std::min(buttonWidth(ctx, label, style), w);
  if (button(ctx, label, ImVec2(x, ty), ImVec2(bw, u * 2.2f), style)) ctx.model.referral().start();
  // No feedback agreed: nothing to add (the store would refuse it).
  if (ch.referral && ch.referral->reportBack != core::ReportBack::Nobody) {
    const char* add = tr(Word::FeedbackStart, lang);
    const float aw = std::min(buttonWidth(ctx, add, style), w);
    float ax = x + bw + u * 0.6f;
    if (ax + aw > x + w) {
      ax = x;
      ty += u * 2.2f + u * 0.6f;
    }
    if (button(ctx, add, ImVec2(ax, ty), ImVec2(aw, u * 2.2f), style)) ctx.model.referral().feedbackStart();
  }
  ty += u * 2.2f;
  return ty - y;
}

bool referralForms(ViewContext& ctx, const ChildDetailView& d, const ScreenBox& box, float y) {
  if (ctx.model.state().referral.draft.open) {
    referralForm(ctx, d, box, y);
    return true;
  }
  if (ctx.model.state().referral.feedback.open) {
    feedbackForm(ctx, d, box, y);
    return true;
  }
  return false;
}

}  // namespace spor::ui
