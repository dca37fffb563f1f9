#include "ui/views/common.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <imgui.h>

#include "core/scoring.hpp"

namespace spor::ui {

float volunteerHeader(ViewContext& ctx, const ScreenBox& box, std::string_view title, const char* back,
                      bool& backTapped) {
  const Palette& c = palette();
  const float u = em(ctx);
  const float h = u * 2.4f;
  float x = box.x0;
  backTapped = false;
  if (back) {
    const ButtonStyle s{ButtonKind::Secondary, ctx.fonts.bold, Icon::Back};
    const float w = buttonWidth(ctx, back, s);
    backTapped = button(ctx, back, ImVec2(x, box.y0), ImVec2(w, h), s);
    x += w + u;
  }
  float right = box.x1;
  if (ctx.model.state().demo) {
    const std::string demo = tr(Word::DemoBadge, ctx.lang());
    const float bw = measureText(ctx.fonts.bold, demo, FLT_MAX).x + u;
    right -= bw;
    badge(ctx, demo, ImVec2(right, box.y0 + (h - u * 1.7f) * 0.5f), c.notice, c.noticeBorder);
    right -= u;
  }
  // The title on one line in the largest font that holds it; else wrapped
  // between words (never inside one: "Baggrundsske|ma" at the largest text
  // in portrait); else on a line of its own under the back button.
  ImFont* f = nullptr;
  for (ImFont* cand : {ctx.fonts.title, ctx.fonts.button})
    if (!f && measureText(cand, title, FLT_MAX).x <= right - x) f = cand;
  for (ImFont* cand : {ctx.fonts.button, ctx.fonts.bold})
    if (!f && !breaksWord(cand, title, right - x)) f = cand;
  if (!f) {
    f = ctx.fonts.button;
    const float below = box.y0 + h + u * 0.6f;
    const float w = box.x1 - box.x0;
    if (breaksWord(f, title, w)) f = ctx.fonts.bold;
    return below + text(ctx, title, f, ImVec2(box.x0, below), w, c.ink) + u * 1.0f;
  }
  const float th = measureText(f, title, right - x).y;
  text(ctx, title, f, ImVec2(x, box.y0 + std::max(0.0f, (h - std::min(th, h)) * 0.5f)), right - x, c.ink);
  return box.y0 + std::max(h, th) + u * 1.0f;
}

ImFont* wrappedLabelFont(const ViewContext& ctx, std::string_view label, ImFont* font, float width) {
  const float inner = width - em(ctx) * 1.2f;
  ImFont* f = font;
  for (ImFont* smaller : {ctx.fonts.body, ctx.fonts.small})
    if (breaksWord(f, label, inner) && smaller->FontSize < f->FontSize) f = smaller;
  return f;
}

float wrappedLabelHeight(const ViewContext& ctx, std::string_view label, ImFont* font, float width) {
  const float u = em(ctx);
  ImFont* f = wrappedLabelFont(ctx, label, font, width);
  return measureText(f, label, width - u * 1.2f).y + u * 1.0f;
}

bool wrappedButton(ViewContext& ctx, std::string_view label, ImVec2 pos, ImVec2 size, ButtonStyle style) {
  const float u = em(ctx);
  ImFont* f = wrappedLabelFont(ctx, label, style.font ? style.font : ctx.fonts.button, size.x);
  const float inner = size.x - u * 1.2f;
  if (measureText(f, label, FLT_MAX).x <= inner) {  // one line: an ordinary button
    style.font = f;
    return button(ctx, label, pos, size, style);
  }
  style.drawLabel = false;
  const bool tapped = button(ctx, label, pos, size, style);
  const float th = measureText(f, label, inner).y;
  text(ctx, label, f, ImVec2(pos.x + u * 0.6f, pos.y + (size.y - th) * 0.5f), inner,
       style.kind == ButtonKind::Primary ? palette().onPrimary : palette().ink, Align::Center);
  return tapped;
}

int settingRow(ViewContext& ctx, const char* label, const std::vector<std::string>& options, int selected, float x,
               float& y, float w) {
  const float u = em(ctx);
  y += text(ctx, label, ctx.fonts.bold, ImVec2(x, y), w, palette().ink) + u * 0.4f;
  float h = 0;
  const int tapped = choices(ctx, options, selected, ImVec2(x, y), w, h, ctx.fonts.body);
  y += h + u * 1.2f;
  return tapped;
}

float daySteps(ViewContext& ctx, core::Date on, bool back, float x, float y, float w,
               const std::function<void(int)>& step) {
  const core::Lang lang = ctx.lang();
  const float u = em(ctx);
  std::vector<std::pair<Word, int>> steps;
  if (back) {
    steps.emplace_back(Word::CourseEndWeekBefore, -7);
    steps.emplace_back(Word::CourseEndDayBefore, -1);
  }
  if (on < ctx.model.today()) {
    steps.emplace_back(Word::CourseEndDayAfter, 1);
    steps.emplace_back(Word::CourseEndToday, 0);
  }
  if (steps.empty()) return 0.0f;
  const ButtonStyle style{ButtonKind::Secondary, ctx.fonts.body};
  const float sh = u * 2.2f;
  float bx = x;
  float ty = y;
  for (const auto& [key, days] : steps) {
    const char* label = tr(key, lang);
    const float bw = buttonWidth(ctx, label, style);
    if (bx > x && bx + bw > x + w) {
      bx = x;
      ty += sh + u * 0.5f;
    }
    if (button(ctx, label, ImVec2(bx, ty), ImVec2(bw, sh), style)) step(days);
    bx += bw + u * 0.5f;
  }
  return ty + sh - y;
}

bool languageAndTextSize(ViewContext& ctx, Settings& set, float x, float& y, float w) {
  const core::Lang lang = ctx.lang();
  bool changed = false;
  if (const int t = settingRow(ctx, tr(Word::SettingsLanguage, lang), {"Dansk", "English"},
                               set.lang == core::Lang::Da ? 0 : 1, x, y, w);
      t >= 0) {
    set.lang = t == 0 ? core::Lang::Da : core::Lang::En;
    changed = true;
  }
  const float scales[] = {1.0f, 1.2f, 1.4f};
  int si = 0;
  for (int i = 0; i < 3; ++i)
    if (std::abs(set.textScale - scales[i]) < 0.05f) si = i;
  if (const int t =
          settingRow(ctx, tr(Word::SettingsTextSize, lang),
                     {tr(Word::TextNormal, lang), tr(Word::TextLarge, lang), tr(Word::TextLarger, lang)}, si, x, y, w);
      t >= 0) {
    set.textScale = scales[t];
    changed = true;
  }
  return changed;
}

float framedText(ViewContext& ctx, const std::string& s, float x, float y, float width, ImU32 fill, ImU32 border,
                 ImU32 ink) {
  const float u = em(ctx);
  const float h = measureText(ctx.fonts.bold, s, width - u).y + u * 0.8f;
  panel(ImVec2(x, y), ImVec2(x + width, y + h), fill, border, u * 0.4f, u * 0.08f);
  text(ctx, s, ctx.fonts.bold, ImVec2(x + u * 0.5f, y + u * 0.4f), width - u, ink);
  return h;
}

float messageLine(ViewContext& ctx, float x, float y, float width) {
  const AppState& s = ctx.model.state();
  const Palette& c = palette();
  const float u = em(ctx);
  if (!s.error.empty())
    return framedText(ctx, s.error, x, y, width, IM_COL32(0xFB, 0xE9, 0xE5, 0xFF), c.warning, c.warning) + u * 0.8f;
  if (!s.notice.empty()) return framedText(ctx, s.notice, x, y, width, c.selectedFill, c.selected, c.ink) + u * 0.8f;
  return 0.0f;
}

float safeguardingPanel(ViewContext& ctx, const SafeguardingNotice& n, float x, float y, float w, bool measureOnly) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const float pad = u * 1.0f;
  const float inner = w - pad * 2;
  std::string dims;
  const core::ChildForm* form = ctx.model.forms().childForms.empty() ? nullptr : &ctx.model.forms().primaryChildForm();
  for (const auto& hit : n.hits) {
    const core::Dimension* d = form ? form->dimension(hit.dimension) : nullptr;
    // What raised it, by item or score, never the child's answers.
    std::string why;
    if (form)
      for (const auto& t : core::safeguardingTriggers(*form, hit, lang)) why += (why.empty() ? "" : "; ") + t;
    dims += "• " + (d ? d->name.in(lang) : hit.dimension) + (why.empty() ? "" : ": " + why) + "\n";
  }
  if (!dims.empty()) dims.pop_back();
  const std::string title = tr(Word::SafeguardingTitle, lang);
  const std::string body = trf(Word::SafeguardingBody, lang, {possessive(n.childName, lang)});
  std::string guidance = n.guidance.in(lang);
  // Where to turn (the project's contact), and whether it is still Spor's draft.
  if (!n.contact.da.empty())
    guidance += "\n\n" + std::string(tr(Word::SafeguardingContact, lang)) + ": " + n.contact.in(lang);
  if (n.draft) guidance += "\n\n" + std::string(tr(Word::SafeguardingDraft, lang));
  const ButtonStyle ok{ButtonKind::Secondary, ctx.fonts.bold};
  const float okH = u * 2.4f;
  const float h = pad + measureText(ctx.fonts.bold, title, inner).y + u * 0.5f +
                  measureText(ctx.fonts.body, body, inner).y + u * 0.4f + measureText(ctx.fonts.body, dims, inner).y +
                  u * 0.6f + measureText(ctx.fonts.body, guidance, inner).y + u * 0.8f + okH + pad;
  if (measureOnly) return h;
  panel(ImVec2(x, y), ImVec2(x + w, y + h), c.notice, c.noticeBorder, u * 0.6f, u * 0.1f);
  float ty = y + pad;
  ty += text(ctx, title, ctx.fonts.bold, ImVec2(x + pad, ty), inner, c.ink) + u * 0.5f;
  ty += text(ctx, body, ctx.fonts.body, ImVec2(x + pad, ty), inner, c.ink) + u * 0.4f;
  ty += text(ctx, dims, ctx.fonts.body, ImVec2(x + pad, ty), inner, c.ink) + u * 0.6f;
  // The project's guidance is the most important text in the app: the body
  // size, never the smallest font.
  ty += text(ctx, guidance, ctx.fonts.body, ImVec2(x + pad, ty), inner, c.ink) + u * 0.8f;
  const float okW = buttonWidth(ctx, tr(Word::SafeguardingDismiss, lang), ok);
  if (button(ctx, tr(Word::SafeguardingDismiss, lang), ImVec2(x + pad, ty), ImVec2(okW, okH), ok))
    ctx.model.dismissSafeguarding();
  return h;
}

const char* taskName(core::Task task, core::Lang lang) {
  switch (task) {
    case core::Task::Background: return tr(Word::TaskBackground, lang);
    case core::Task::Before: return tr(Word::TaskBefore, lang);
    case core::Task::Progression: return tr(Word::TaskProgression, lang);
    case core::Task::After: return tr(Word::TaskAfter, lang);
    case core::Task::FollowUp: return tr(Word::TaskFollowUp, lang);
    case core::Task::Activity: return tr(Word::ActivityTitle, lang);
  }
  return "";
}

std::string taskLabel(const core::DueEntry& e, core::Lang lang) {
  if (e.task == core::Task::Activity) return trf(Word::TaskActivity, lang, {std::to_string(e.months)});
  return taskName(e.task, lang);
}

std::string dueText(const core::DueEntry& e, core::Lang lang) {
  const std::string date = e.date ? displayDate(*e.date, lang) : std::string();
  switch (e.state) {
    case core::DueState::Done: return trf(e.allDeclined ? Word::DueDoneAllDeclined : Word::DueDone, lang, {date});
    case core::DueState::InProgress: return tr(Word::DueInProgress, lang);
    case core::DueState::DueNow: return tr(Word::DueNow, lang);
    case core::DueState::Overdue: return tr(Word::DueOverdue, lang);
    case core::DueState::Upcoming: return trf(Word::DueUpcoming, lang, {date});
    case core::DueState::Missed: return tr(Word::DueMissed, lang);
    case core::DueState::Waiting: {
      // What it waits for, by name ("Efter: når Før er taget"): a bare "venter" left a newcomer guessing.
      const core::Task first = e.task == core::Task::FollowUp ? core::Task::After : core::Task::Before;
      return trf(Word::DueWaiting, lang, {taskName(first, lang)});
    }
    case core::DueState::NoConsent: return tr(Word::DueNoConsent, lang);
    case core::DueState::Ended: return tr(Word::DueEnded, lang);
    case core::DueState::NotTaken: {
      // "ikke taget – barnet ville ikke svare": the reason, as part of the sentence.
      std::string why = e.notTaken ? core::missedReasonName(*e.notTaken).in(lang) : std::string();
      if (!why.empty() && why[0] >= 'A' && why[0] <= 'Z') why[0] = static_cast<char>(why[0] - 'A' + 'a');
      return trf(Word::DueNotTaken, lang, {why});
    }
  }
  return "";
}

const char* genderName(store::Gender g, core::Lang lang) {
  switch (g) {
    case store::Gender::Girl: return tr(Word::GenderGirl, lang);
    case store::Gender::Boy: return tr(Word::GenderBoy, lang);
    case store::Gender::Other: return tr(Word::GenderOther, lang);
    case store::Gender::NotSaid: return tr(Word::GenderNotSaid, lang);
  }
  return "";
}

}  // namespace spor::ui
