// The volunteer's home: the children, each with the checklist of what is
// due (core::dueMeasurements), and the ways to a new child, fidelity forms,
// settings, volunteers and the lock.
#include <algorithm>

#include <imgui.h>

#include "ui/views/common.hpp"

namespace spor::ui {

namespace {

struct ChipColours {
  ImU32 fill;
  ImU32 border;
};

// Done is a quiet green, due is the primary blue's light tint with a frame,
// overdue a warm amber with a frame (a newcomer could not tell "forsinket"
// from "nu"), everything else stays neutral.
ChipColours chipColours(const core::DueEntry& e) {
  const Palette& c = palette();
  switch (e.state) {
    // Taken with every question declined: not the green of answers given.
    case core::DueState::Done: return e.allDeclined ? ChipColours{IM_COL32(0xEF, 0xEC, 0xE6, 0xFF), 0} : ChipColours{c.done, 0};
    case core::DueState::Overdue: return {c.late, c.lateBorder};
    case core::DueState::DueNow:
    case core::DueState::InProgress: return {c.selectedFill, c.selected};
    case core::DueState::Missed: return {c.notice, 0};
    default: return {IM_COL32(0xEF, 0xEC, 0xE6, 0xFF), 0};
  }
}

// One child: a card to tap, with the checklist as chips.
float childCard(ViewContext& ctx, const ChildSummary& child, float x, float y, float w) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const float pad = u * 0.8f;
  // Chips wrap onto as many rows as they need.
  // Without consent nothing can be measured: the card says so (the badge)
  // and, instead of wordless outlined chips, one line names what waits for
  // it ("Venter på samtykke: Baggrund, Før, …"; a newcomer read the bare
  // outlines as broken).
  std::vector<std::string> chips;
  std::vector<core::DueEntry> chipStates;
  std::string waiting;
  for (const core::DueEntry& e : child.due) {
    if (e.state == core::DueState::NoConsent) {
      waiting += (waiting.empty() ? "" : ", ") + taskLabel(e, lang);
      continue;
    }
    std::string chip = taskLabel(e, lang) + ": " + dueText(e, lang);
    if (e.task == core::Task::Progression && e.count > 0)
      chip += " (" + trf(Word::DueCount, lang, {std::to_string(e.count)}) + ")";
    chips.push_back(chip);
    chipStates.push_back(e);
  }
  const std::string waitingLine = waiting.empty() ? std::string() : trf(Word::HomeWaitingForConsent, lang, {waiting});
  const float chipH = u * 1.6f;
  const float gap = u * 0.4f;
  float rows = chips.empty() ? 0 : 1;
  float cx = 0;
  for (const std::string& chip : chips) {
    const float cw = measureText(ctx.fonts.small, chip, FLT_MAX).x + u * 0.9f;
    if (cx > 0 && cx + cw > w - 2 * pad) {
      rows += 1;
      cx = 0;
    }
    cx += cw + gap;
  }
  const float waitingH = waitingLine.empty() ? 0.0f : measureText(ctx.fonts.small, waitingLine, w - 2 * pad).y;
  // Code, project and, once the course ended, how ("Henvist videre").
  const auto projectIt = ctx.model.forms().projects.find(child.child.details.projectId);
  std::string sub = child.child.code + "  ·  " +
                    (projectIt != ctx.model.forms().projects.end() ? projectIt->second.shortName.in(lang)
                                                                    : child.child.details.projectId);
  if (child.child.courseEnd) sub += "  ·  " + core::courseEndName(child.child.courseEnd->kind).in(lang);
  const float subH = measureText(ctx.fonts.small, sub, w - 2 * pad).y;
  const float nameH = ctx.fonts.button->FontSize;
  const float chipsH = rows > 0 ? rows * (chipH + gap) - gap : 0.0f;
  const float h = pad + nameH + u * 0.3f + subH + u * 0.6f + chipsH + (chipsH > 0 && waitingH > 0 ? gap : 0.0f) +
                  waitingH + pad;

  // The card is one button named after the child (scripts: tap "Alma");
  // its lines are drawn over it.
  ButtonStyle card{ButtonKind::Secondary, ctx.fonts.button};
  card.role = "card";
  card.drawLabel = false;
  ImGui::PushID(static_cast<int>(child.child.id.value));
  const bool tapped = button(ctx, child.name, ImVec2(x, y), ImVec2(w, h), card);
  ImGui::PopID();
  float ty = y + pad;
  text(ctx, child.name, ctx.fonts.button, ImVec2(x + pad, ty), w * 0.5f, c.ink);
  float bx = x + w - pad;
  if (child.unseenFlags > 0) {
    const std::string flag = tr(Word::FlagMarker, lang);
    const float bw = measureText(ctx.fonts.bold, flag, FLT_MAX).x + u;
    bx -= bw;
    // Rose, not the yellow of "Mangler samtykke" beside it: a notice about the child, to read first.
    badge(ctx, flag, ImVec2(bx, ty), c.dangerFill, c.danger);
    bx -= u * 0.5f;
  }
  if (!child.consent) {
    const std::string nc = tr(child.consentWithdrawn ? Word::HomeConsentWithdrawn : Word::NoConsent, lang);
    const float bw = measureText(ctx.fonts.bold, nc, FLT_MAX).x + u;
    bx -= bw;
    badge(ctx, nc, ImVec2(bx, ty), c.notice, c.noticeBorder);
  }
  ty += nameH + u * 0.3f;
  ty += text(ctx, sub, ctx.fonts.small, ImVec2(x + pad, ty), w - 2 * pad, c.muted) + u * 0.6f;
  cx = x + pad;
  for (std::size_t i = 0; i < chips.size(); ++i) {
    const float cw = measureText(ctx.fonts.small, chips[i], FLT_MAX).x + u * 0.9f;
    if (cx > x + pad && cx + cw > x + w - pad) {
      cx = x + pad;
      ty += chipH + gap;
    }
    const ChipColours cc = chipColours(chipStates[i]);
    panel(ImVec2(cx, ty), ImVec2(cx + cw, ty + chipH), cc.fill, cc.border, chipH * 0.5f, cc.border ? u * 0.08f : 0.0f);
    text(ctx, chips[i], ctx.fonts.small, ImVec2(cx, ty + (chipH - ctx.fonts.small->FontSize) * 0.5f), cw, c.ink,
         Align::Center);
    cx += cw + gap;
  }
  if (!chips.empty()) ty += chipH + gap;
  if (!waitingLine.empty()) text(ctx, waitingLine, ctx.fonts.small, ImVec2(x + pad, ty), w - 2 * pad, c.muted);
  if (tapped) ctx.model.openChild(child.child.id);
  return h;
}

}  // namespace

void drawHome(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const AppState& s = model.state();
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  // Row 1: the app, DEMO, who is signed in.
  float y = box.y0;
  const float titleW = measureText(ctx.fonts.title, tr(Word::AppName, lang), FLT_MAX).x;
  text(ctx, tr(Word::AppName, lang), ctx.fonts.title, ImVec2(box.x0, y), titleW + 1, c.ink);
  float bx = box.x0 + titleW + u;
  const float rowH = ctx.fonts.title->FontSize;
  if (s.demo)
    bx += badge(ctx, tr(Word::DemoBadge, lang), ImVec2(bx, y + (rowH - u * 1.7f) * 0.5f), c.notice, c.noticeBorder).x + u;
  const std::string who = trf(Word::HomeSignedIn, lang, {s.volunteer});
  const float whoW = measureText(ctx.fonts.body, who, FLT_MAX).x;
  if (bx + whoW < box.x1)
    text(ctx, who, ctx.fonts.body, ImVec2(box.x1 - whoW, y + (rowH - u) * 0.5f), whoW + 1, c.muted);
  y += rowH + u * 0.8f;

  // Row 2: new child, the sync screen, settings, volunteers and the lock.
  const ButtonStyle primary{ButtonKind::Primary, ctx.fonts.bold, Icon::None};
  const ButtonStyle side{ButtonKind::Secondary, ctx.fonts.bold};
  const float bh = u * 2.4f;
  const float newW = buttonWidth(ctx, tr(Word::HomeNewChild, lang), primary);
  const auto act = [&](Word k) {
    if (k == Word::HomeLock)
      model.lockNow();
    else if (k == Word::HomeVolunteers)
      model.volunteersPart().open();
    else if (k == Word::HomeSync)
      model.openSync();
    else
      model.settings().open();
  };
  const float gapX = u * 0.5f;
  float totalRight = 0;
  const Word rightKeys[] = {Word::HomeLock, Word::HomeVolunteers, Word::HomeSettings, Word::HomeSync};
  for (Word k : rightKeys) totalRight += buttonWidth(ctx, tr(k, lang), side) + gapX;
  float ry = y;
  if (box.x0 + newW + u + totalRight <= box.x1) {
    // One row: new child on the left; settings, volunteers and the lock on the right.
    if (button(ctx, tr(Word::HomeNewChild, lang), ImVec2(box.x0, y), ImVec2(newW, bh), primary)) model.childEditor().start();
    float rx = box.x1;
    for (Word k : rightKeys) {
      const float w = buttonWidth(ctx, tr(k, lang), side);
      rx -= w;
      if (button(ctx, tr(k, lang), ImVec2(rx, ry), ImVec2(w, bh), side)) act(k);
      rx -= gapX;
    }
  } else {
    // Too narrow (portrait, large text): a tidy grid, not ragged rows. "Nyt
    // barn" across the top, then the other four in two columns of equal
    // width, or stacked when a label does not fit half the width.
    if (button(ctx, tr(Word::HomeNewChild, lang), ImVec2(box.x0, ry), ImVec2(box.width(), bh), primary)) model.childEditor().start();
    ry += bh + gapX;
    const Word gridKeys[] = {Word::HomeSync, Word::HomeSettings, Word::HomeVolunteers, Word::HomeLock};
    const float half = (box.width() - gapX) * 0.5f;
    bool fitsHalf = true;
    for (Word k : gridKeys) fitsHalf = fitsHalf && buttonWidth(ctx, tr(k, lang), side) <= half;
    const int columns = fitsHalf ? 2 : 1;
    const float cw = columns == 2 ? half : box.width();
    for (int i = 0; i < 4; ++i) {
      const int col = i % columns;
      const int row = i / columns;
      const ImVec2 pos(box.x0 + static_cast<float>(col) * (cw + gapX), ry + static_cast<float>(row) * (bh + gapX));
      if (button(ctx, tr(gridKeys[i], lang), pos, ImVec2(cw, bh), side)) act(gridKeys[i]);
    }
    ry += static_cast<float>((4 + columns - 1) / columns - 1) * (bh + gapX);
  }
  y = ry + bh + u * 1.0f;
  y += messageLine(ctx, box.x0, y, box.width());

  if (s.children.empty()) {
    text(ctx, tr(Word::HomeNoChildren, lang), ctx.fonts.body, ImVec2(box.x0, y + u), box.width(), c.muted);
    return;
  }
  // The children, two columns on a wide screen, then the forms for the
  // volunteer: everything scrolls, so nothing runs off the screen.
  ScrollArea area(ctx, "home-children", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
  const bool twoColumns = box.width() > u * 44.0f;
  const float gap = u * 0.8f;
  const float inner = box.width() - u * 0.6f;  // room for the scroll bar
  const float w = twoColumns ? (inner - gap) * 0.5f : inner;
  float cy[2] = {area.top(), area.top()};
  for (const ChildSummary& child : s.children) {
    const int col = twoColumns && cy[1] < cy[0] ? 1 : 0;
    const float x = box.x0 + static_cast<float>(col) * (w + gap);
    cy[col] += childCard(ctx, child, x, cy[col], w) + gap;
  }
  float ty = std::max(cy[0], cy[1]);

  // The fidelity forms of the projects on this device, in a volunteer's words:
  // what it is, when it is due, and one left half done.
  const auto forms = model.fidelity().status();
  if (!forms.empty()) {
    ty += u * 0.6f;
    ty += text(ctx, tr(Word::HomeFidelity, lang), ctx.fonts.button, ImVec2(box.x0, ty), inner, c.ink) + u * 0.3f;
    ty += text(ctx, tr(Word::HomeFidelityHint, lang), ctx.fonts.small, ImVec2(box.x0, ty), inner, c.muted) + u * 0.6f;
    const float formH = u * 2.4f;
    for (const FidelityStatus& f : forms) {
      const std::string name = f.project->shortName.in(lang);
      const std::string label =
          f.started ? trf(Word::HomeFidelityResume, lang, {name, std::to_string(f.answered), std::to_string(f.items)})
                    : trf(Word::HomeFidelityStart, lang, {name});
      const ButtonStyle bs{f.started ? ButtonKind::Primary : ButtonKind::Secondary, ctx.fonts.bold};
      const float bw = std::min(inner, buttonWidth(ctx, label, bs));
      ImGui::PushID(f.project->id.c_str());
      if (button(ctx, label, ImVec2(box.x0, ty), ImVec2(bw, formH), bs)) model.fidelity().start(f.project->id);
      ImGui::PopID();
      // "Ikke udfyldt endnu" beside "Fortsæt (2 af 19 svar)" read as a contradiction.
      std::string when = f.lastFinished ? trf(Word::HomeFidelityLast, lang, {displayDate(*f.lastFinished, lang)})
                         : f.started    ? std::string(tr(Word::HomeFidelityUnfinished, lang))
                                        : std::string(tr(Word::HomeFidelityNever, lang));
      if (f.project->courseWeeks > 0)
        when += " " + trf(Word::HomeFidelityWhen, lang, {std::to_string(f.project->courseWeeks)});
      // Beside the button when there is room, else under it.
      const float sx = box.x0 + bw + u * 0.8f;
      const float sw = box.x0 + inner - sx;
      if (sw > u * 14.0f) {
        const float th = measureText(ctx.fonts.small, when, sw).y;
        text(ctx, when, ctx.fonts.small, ImVec2(sx, ty + std::max(0.0f, (formH - th) * 0.5f)), sw, c.muted);
        ty += std::max(formH, th) + u * 0.5f;
      } else {
        ty += formH + u * 0.3f;
        ty += text(ctx, when, ctx.fonts.small, ImVec2(box.x0, ty), inner, c.muted) + u * 0.7f;
      }
    }
  }
  area.end(ty - area.top());
}

}  // namespace spor::ui
