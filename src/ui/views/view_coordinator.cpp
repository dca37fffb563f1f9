// The coordinator's screens (model/coordinator_model.hpp): the passphrase,
// then four tabs: import bundles, devices and their approval, the children
// and a child's timeline, and the programme report with its charts
// (view_coordinator_report.cpp). Everything is read from the model; every
// action goes through it.
#include <algorithm>
#include <cfloat>
#include <filesystem>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/coordinator_text.hpp"
#include "ui/text.hpp"
#include "ui/model/coordinator_model.hpp"
#include "ui/views/common.hpp"
#include "ui/views/coordinator_charts.hpp"
#include "ui/views/layout.hpp"

namespace spor::ui {

namespace {

std::string dateText(core::Date d, core::Lang lang) {
  return displayDate(d, lang);
}

// A passphrase field: textField's look, with the characters hidden. Enter
// returns true.
bool passphraseField(ViewContext& ctx, std::string_view label, std::string& value, ImVec2 pos, float width,
                     float& height) {
  const Palette& c = palette();
  const float u = em(ctx);
  const float labelH = text(ctx, label, ctx.fonts.small, pos, width, c.muted) + u * 0.3f;
  ImGui::PushFont(ctx.fonts.body);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(u * 0.5f, u * 0.45f));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(1.0f, u * 0.08f));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, u * 0.35f);
  ImGui::PushStyleColor(ImGuiCol_FrameBg, c.surface);
  ImGui::PushStyleColor(ImGuiCol_FrameBgHovered, c.surfaceHover);
  ImGui::PushStyleColor(ImGuiCol_FrameBgActive, c.surface);
  ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + labelH));
  ImGui::SetNextItemWidth(width);
  const std::string id = "##" + std::string(label);
  const bool enter =
      ImGui::InputText(id.c_str(), &value, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  if (ImGui::IsItemActive()) ImGui::GetWindowDrawList()->AddRect(min, max, c.primary, u * 0.35f, 0, u * 0.12f);
  ImGui::PopStyleColor(3);
  ImGui::PopStyleVar(3);
  ImGui::PopFont();
  WidgetRecord r;
  r.kind = WidgetKind::Button;
  r.label = std::string(label);
  r.rect = Rect{min.x, min.y, max.x, max.y};
  r.role = "field";
  if (ctx.clip) {
    // In a scroll area (the Safety tab): scrolled away is there but not
    // visible, and a script swipes to it, as for the other widgets.
    r.visible = r.rect.cy() >= ctx.clip->y0 && r.rect.cy() <= ctx.clip->y1 && r.rect.cx() >= ctx.clip->x0 &&
                r.rect.cx() <= ctx.clip->x1;
    r.area = ctx.clip;
  }
  ctx.registry.add(r);
  height = labelH + (max.y - min.y);
  return enter;
}

// The model's error (warm red) or notice; returns the height used.
float messages(ViewContext& ctx, const CoordinatorState& s, float x, float y, float width) {
  const Palette& c = palette();
  const float u = em(ctx);
  if (!s.error.empty()) return text(ctx, s.error, ctx.fonts.body, ImVec2(x, y), width, c.warning) + u * 0.6f;
  if (!s.notice.empty()) return text(ctx, s.notice, ctx.fonts.body, ImVec2(x, y), width, c.ink) + u * 0.6f;
  return 0;
}

void drawLocked(ViewContext& ctx, CoordinatorModel& m) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);
  const float w = std::min(box.width(), u * 30.0f);
  const float x = box.cx() - w * 0.5f;
  // Higher up when a message (a restore's) will stand under the button.
  const CoordinatorState& st = m.state();
  const bool message = !st.error.empty() || !st.notice.empty();
  float y = box.y0 + std::max(0.0f, box.height() * (message ? 0.06f : 0.18f));
  y += text(ctx, ctr(CoordWord::Title, lang), ctx.fonts.title, ImVec2(x, y), w, c.ink) + u;
  y += text(ctx, ctrf(CoordWord::LockBody, lang, {m.state().name}), ctx.fonts.body, ImVec2(x, y), w, c.muted) + u;
  if (m.busy()) {
    // The passphrase is being checked (Argon2id on the worker): nothing to tap meanwhile.
    busyIndicator(ctx, Busy::Unlocking, ImVec2(x + w * 0.5f, y + u * 3.0f), w);
    return;
  }
  float fieldH = 0;
  const bool enter = passphraseField(ctx, ctr(CoordWord::Passphrase, lang), m.passphrase(), ImVec2(x, y), w, fieldH);
  y += fieldH + u;
  const ButtonStyle primary{ButtonKind::Primary, ctx.fonts.bold};
  const float bw = buttonWidth(ctx, ctr(CoordWord::Unlock, lang), primary);
  const bool tapped = button(ctx, ctr(CoordWord::Unlock, lang), ImVec2(x, y), ImVec2(bw, u * 2.4f), primary);
  y += u * 3.2f;
  messages(ctx, m.state(), x, y, w);
  if ((tapped || enter) && !m.passphrase().empty()) m.unlock();
}

// ---- Import --------------------------------------------------------------------------------

void drawImport(ViewContext& ctx, CoordinatorModel& m, const ScreenBox& box, float y) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const CoordinatorState& s = m.state();
  const ButtonStyle primary{ButtonKind::Primary, ctx.fonts.bold};
  const float bw = buttonWidth(ctx, ctr(CoordWord::ImportButton, lang), primary);
  const float fieldW = std::min(box.width() - bw - u, u * 36.0f);
  {
    // The home says how long ago the last backup was, in a warning colour after a week.
    const auto [status, warn] = m.backupStatus();
    y += text(ctx, status, warn ? ctx.fonts.bold : ctx.fonts.small, ImVec2(box.x0, y), box.width(),
              warn ? c.warning : c.muted) +
         u * 0.6f;
  }
  const float fieldH = textField(ctx, ctr(CoordWord::ImportPath, lang), m.importPath(), ImVec2(box.x0, y), fieldW);
  const float by = y + fieldH - u * 2.4f;
  if (button(ctx, ctr(CoordWord::ImportButton, lang), ImVec2(box.x0 + fieldW + u, by), ImVec2(bw, u * 2.4f), primary))
    m.importBundles();
  y += fieldH + u * 0.6f;
  y += text(ctx, ctr(CoordWord::ImportHint, lang), ctx.fonts.small, ImVec2(box.x0, y), box.width(), c.muted) + u * 0.6f;
  y += messages(ctx, s, box.x0, y, box.width());
  if (s.receiptsOffered) {
    // The stick goes back to the tablets with their receipts on it.
    const float rw = buttonWidth(ctx, ctr(CoordWord::WriteReceipts, lang), primary);
    if (button(ctx, ctr(CoordWord::WriteReceipts, lang), ImVec2(box.x0, y), ImVec2(rw, u * 2.4f), primary)) {
      m.writeReceipts();
      return;
    }
    const float hint = text(ctx, ctr(CoordWord::ReceiptsHint, lang), ctx.fonts.small, ImVec2(box.x0 + rw + u, y),
                            box.width() - rw - u, c.muted);
    y += std::max(u * 2.4f, hint) + u * 0.6f;
  }
  if (s.imports.empty()) {
    text(ctx, ctr(CoordWord::ImportNone, lang), ctx.fonts.body, ImVec2(box.x0, y), box.width(), c.muted);
    return;
  }
  ScrollArea area(ctx, "coordinator-imports", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
  float ly = area.top();
  const float pad = u * 0.6f;
  for (const ImportLine& line : s.imports) {
    std::vector<std::pair<std::string, ImU32>> rows;
    switch (line.outcome) {
      case ImportLine::Outcome::New:
        rows.emplace_back(ctrf(CoordWord::ImportNew, lang,
                               {line.device, std::to_string(line.sequence), std::to_string(line.newMeasurements),
                                std::to_string(line.duplicateMeasurements)}),
                          c.ink);
        rows.emplace_back(ctrf(CoordWord::ImportRecords, lang,
                               {std::to_string(line.newRecords), std::to_string(line.updatedRecords),
                                std::to_string(line.duplicateRecords)}),
                          c.muted);
        break;
      case ImportLine::Outcome::AlreadyImported:
        rows.emplace_back(ctrf(CoordWord::ImportAlready, lang, {line.device, std::to_string(line.sequence)}), c.ink);
        break;
      case ImportLine::Outcome::Refused:
        rows.emplace_back(ctr(CoordWord::ImportRefused, lang), c.warning);
        rows.emplace_back(line.error, c.ink);
        break;
    }
    for (const auto& w : line.warnings) rows.emplace_back(w, c.warning);
    float h = pad + ctx.fonts.bold->FontSize + u * 0.3f;
    for (const auto& [t, colour] : rows) h += measureText(ctx.fonts.body, t, box.width() - 2 * pad).y + u * 0.2f;
    h += pad;
    panel(ImVec2(box.x0, ly), ImVec2(box.x1, ly + h), c.surface, c.border, u * 0.4f, std::max(1.0f, u * 0.06f));
    float ty = ly + pad;
    ty += text(ctx, line.file, ctx.fonts.bold, ImVec2(box.x0 + pad, ty), box.width() - 2 * pad, c.ink) + u * 0.3f;
    for (const auto& [t, colour] : rows)
      ty += text(ctx, t, ctx.fonts.body, ImVec2(box.x0 + pad, ty), box.width() - 2 * pad, colour) + u * 0.2f;
    ly += h + u * 0.6f;
  }
  area.end(ly - area.top());
}

// ---- Devices -------------------------------------------------------------------------------

void drawDevices(ViewContext& ctx, CoordinatorModel& m, const ScreenBox& box, float y) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const CoordinatorState& s = m.state();
  y += messages(ctx, s, box.x0, y, box.width());
  if (s.devices.empty()) {
    text(ctx, ctr(CoordWord::DevicesNone, lang), ctx.fonts.body, ImVec2(box.x0, y), box.width(), c.muted);
    return;
  }
  y += text(ctx, ctr(CoordWord::DevicesHint, lang), ctx.fonts.small, ImVec2(box.x0, y), box.width(), c.muted) + u * 0.6f;
  ScrollArea area(ctx, "coordinator-devices", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
  float ly = area.top();
  const float pad = u * 0.6f;
  std::string approve;
  std::string ask;
  bool cancelAsk = false;
  for (const sync::DeviceEntry& d : s.devices) {
    const bool pending = d.approval == sync::DeviceApproval::Pending;
    std::string bundles =
        ctrf(CoordWord::DeviceBundles, lang, {std::to_string(d.bundles), std::to_string(d.highestSequence)});
    if (!d.missingSequences.empty()) {
      std::string list;
      for (const auto n : d.missingSequences) list += (list.empty() ? "" : ", ") + std::to_string(n);
      bundles += "  ·  " + ctrf(CoordWord::DeviceMissing, lang, {list});
    }
    const std::string seen =
        ctrf(CoordWord::DeviceFirstSeen, lang, {dateText(std::chrono::floor<std::chrono::days>(d.firstSeen), lang)});
    // A fork (FORMAT.md, "The hash chain"), as `spor devices` shows it: the
    // coordinator must find out whether two tablets share one key.
    std::string fork;
    if (!d.chainBreaks.empty()) {
      std::string list;
      for (const auto n : d.chainBreaks) list += (list.empty() ? "" : ", ") + std::to_string(n);
      fork = ctrf(CoordWord::DeviceFork, lang, {list});
    }
    const float inner = box.width() - 2 * pad;
    // "Godkend" first asks whether the fingerprint was compared with the
    // tablet's screen, and shows it again beside the question.
    const bool asking = pending && s.approveAsk == d.id.str();
    const ButtonStyle primary{ButtonKind::Primary, ctx.fonts.bold};
    const ButtonStyle quiet{ButtonKind::Secondary, ctx.fonts.bold};
    const std::string status = pending ? ctr(CoordWord::DevicePending, lang) : ctr(CoordWord::DeviceApproved, lang);
    // The card's lines, each as high as it wraps (a long key wraps on a
    // narrow screen). No name travels with a tablet: the short id names it,
    // as its bundles' and receipts' file names do.
    struct Line {
      std::string text;
      ImFont* font;
      ImU32 colour;
      float gap;
    };
    std::vector<Line> lines = {
        {ctrf(CoordWord::DeviceTitle, lang, {d.id.shortStr()}) + "   " + status, ctx.fonts.bold, c.ink, u * 0.4f},
        {ctrf(CoordWord::DeviceKey, lang, {d.fingerprint}), ctx.fonts.body, c.ink, u * 0.3f},
        {bundles, ctx.fonts.body, c.muted, u * 0.3f},
        {seen, ctx.fonts.body, c.muted, u * 0.3f}};
    if (!fork.empty()) lines.push_back({fork, ctx.fonts.body, c.warning, u * 0.3f});
    if (asking) {
      lines.push_back({ctr(CoordWord::ApproveAsk, lang), ctx.fonts.bold, c.ink, u * 0.3f});
      lines.push_back({ctrf(CoordWord::ApproveAskBody, lang, {d.fingerprint}), ctx.fonts.body, c.ink, u * 0.5f});
    }
    float h = pad + (pending ? u * 2.8f : 0.0f) + pad;
    for (const Line& l : lines) h += measureText(l.font, l.text, inner).y + l.gap;
    panel(ImVec2(box.x0, ly), ImVec2(box.x1, ly + h), pending ? c.notice : c.surface,
          pending ? c.noticeBorder : c.border, u * 0.4f, std::max(1.0f, u * 0.06f));
    float ty = ly + pad;
    for (const Line& l : lines) ty += text(ctx, l.text, l.font, ImVec2(box.x0 + pad, ty), inner, l.colour) + l.gap;
    ImGui::PushID(d.id.str().c_str());
    if (asking) {
      // "Annullér" where "Godkend" was: a second tap on the same place never approves.
      const char* cancel = tr(Word::Cancel, lang);
      const float cw = buttonWidth(ctx, cancel, quiet);
      if (button(ctx, cancel, ImVec2(box.x0 + pad, ty + u * 0.2f), ImVec2(cw, u * 2.4f), quiet)) cancelAsk = true;
      const std::string yes = ctr(CoordWord::ApproveYes, lang);
      if (button(ctx, yes, ImVec2(box.x0 + pad + cw + u, ty + u * 0.2f),
                 ImVec2(buttonWidth(ctx, yes, primary), u * 2.4f), primary))
        approve = d.id.str();
      if (ctx.view.revealedQuestion != d.id.str()) {
        ctx.view.revealedQuestion = d.id.str();
        ctx.view.revealY = std::pair{ly, ly + h};
      }
    } else if (pending) {
      const std::string label = ctrf(CoordWord::Approve, lang, {d.id.shortStr()});
      if (button(ctx, label, ImVec2(box.x0 + pad, ty + u * 0.2f), ImVec2(buttonWidth(ctx, label, primary), u * 2.4f),
                 primary))
        ask = d.id.str();
    }
    ImGui::PopID();
    ly += h + u * 0.6f;
  }
  area.end(ly - area.top());
  if (s.approveAsk.empty()) ctx.view.revealedQuestion.clear();
  if (!approve.empty())
    m.approveDevice(approve);
  else if (!ask.empty())
    m.askApproveDevice(ask);
  else if (cancelAsk)
    m.cancelApprove();
}

// ---- Children ------------------------------------------------------------------------------

void drawChildren(ViewContext& ctx, CoordinatorModel& m, const ScreenBox& box, float y) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const CoordinatorState& s = m.state();
  if (s.timeline) {
    const ButtonStyle back{ButtonKind::Secondary, ctx.fonts.bold, Icon::Back};
    if (button(ctx, ctr(CoordWord::Back, lang), ImVec2(box.x0, y),
               ImVec2(buttonWidth(ctx, ctr(CoordWord::Back, lang), back), u * 2.4f), back)) {
      m.closeChild();
      return;
    }
    y += u * 3.0f;
    ScrollArea area(ctx, "coordinator-timeline", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
    const float h = drawTimeline(ctx, *s.timeline, box.x0, area.top(), box.width() - u * 0.6f);
    area.end(h);
    return;
  }
  y += messages(ctx, s, box.x0, y, box.width());
  if (s.children.empty()) {
    text(ctx, ctr(CoordWord::ChildrenNone, lang), ctx.fonts.body, ImVec2(box.x0, y), box.width(), c.muted);
    return;
  }
  const float fieldW = std::min(box.width(), u * 18.0f);
  y += textField(ctx, ctr(CoordWord::ChildrenSearch, lang), m.childSearch(), ImVec2(box.x0, y), fieldW) + u * 0.5f;
  const std::vector<const CoordinatorChildRow*> rows = m.visibleChildren();
  y += text(ctx, ctrf(CoordWord::ChildrenCount, lang, {std::to_string(rows.size()), std::to_string(s.children.size())}),
            ctx.fonts.small, ImVec2(box.x0, y), box.width(), c.muted) +
       u * 0.4f;
  // Rows of one height, and only those in view are drawn: 10,000 children
  // cost as little as twenty.
  ScrollArea area(ctx, "coordinator-children", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
  const float rowH = u * 3.4f;
  const float gap = u * 0.4f;
  const float top = area.top();
  std::string open;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const float ry = top + static_cast<float>(i) * (rowH + gap);
    if (ry + rowH < y || ry > box.y1) continue;
    const CoordinatorChildRow& row = *rows[i];
    ButtonStyle card{ButtonKind::Secondary, ctx.fonts.bold};
    card.role = "card";
    card.drawLabel = false;
    ImGui::PushID(static_cast<int>(i));
    const bool tapped = button(ctx, row.code, ImVec2(box.x0, ry), ImVec2(box.width() - u * 0.6f, rowH), card);
    ImGui::PopID();
    const float pad = u * 0.6f;
    text(ctx, row.code, ctx.fonts.bold, ImVec2(box.x0 + pad, ry + pad * 0.6f), u * 7.0f, c.ink);
    const auto p = m.forms().projects.find(row.project);
    std::string sub = (p != m.forms().projects.end() ? p->second.shortName.in(lang) : row.project);
    for (const core::Intervention iv : row.interventions) sub += " · " + core::interventionName(iv).in(lang);
    // One line: a long project name must not run into the next row.
    text(ctx, oneLine(ctx.fonts.small, sub, u * 16.0f), ctx.fonts.small,
         ImVec2(box.x0 + pad, ry + pad * 0.6f + ctx.fonts.bold->FontSize + u * 0.2f), u * 16.0f, c.muted);
    std::string occasions = ctrf(CoordWord::ChildOccasions, lang,
                                 {std::to_string(row.before), std::to_string(row.after), std::to_string(row.followUp),
                                  std::to_string(row.progression)});
    if (row.last) occasions += "  ·  " + ctrf(CoordWord::ChildLast, lang, {dateText(*row.last, lang)});
    const float ox = box.x0 + u * 17.5f;
    if (ox < box.x1 - u * 6.0f)
      text(ctx, occasions, ctx.fonts.body, ImVec2(ox, ry + (rowH - u) * 0.5f), box.x1 - ox - u * 1.2f, c.ink);
    if (tapped) open = row.code;
  }
  area.end(static_cast<float>(rows.size()) * (rowH + gap));
  if (!open.empty()) m.openChild(open);
}

// The folders found (USB sticks, the home folder) as choices, `current`
// marked; `tapped` gets the one tapped. Returns the height used (none when
// no folder was found).
float placeChoices(ViewContext& ctx, const CoordinatorState& s, const std::string& current, ImVec2 pos, float w,
                   std::string& tapped) {
  if (s.places.empty()) return 0;
  int selected = -1;
  for (std::size_t i = 0; i < s.places.size(); ++i)
    if (s.places[i] == current) selected = static_cast<int>(i);
  float h = 0;
  const int t = choices(ctx, s.placeLabels, selected, pos, w, h, ctx.fonts.body);
  if (t >= 0) tapped = s.places[static_cast<std::size_t>(t)];
  return h + em(ctx) * 0.4f;
}

// ---- Safety: the recovery key and enrolment files --------------------------------------------

void drawSafety(ViewContext& ctx, CoordinatorModel& m, const ScreenBox& box, float y) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const CoordinatorState& s = m.state();
  y += messages(ctx, s, box.x0, y, box.width());
  ScrollArea area(ctx, "coordinator-safety", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
  // Landscape: the backup, the folder, the enrolment file and restoring on the left, the recovery key on the right
  // (its passphrase fields are Dear ImGui's own, which a script cannot scroll to).
  const float gap = u * 1.6f;
  const bool twoColumns = box.width() > box.height() * 1.15f;
  const float w = twoColumns ? (box.width() - gap - u * 0.6f) * 0.5f : std::min(box.width() - u * 0.6f, u * 40.0f);
  const float x = box.x0;
  float ty = area.top();
  // A backup of the whole store, first, as the weekly task: its button is
  // on the screen when the tab opens (below the folders it was cut off);
  // where it goes is said under it.
  const ButtonStyle quiet{ButtonKind::Secondary, ctx.fonts.bold};
  ty += text(ctx, ctr(CoordWord::BackupTitle, lang), ctx.fonts.bold, ImVec2(x, ty), w, c.ink) + u * 0.3f;
  {
    const auto [status, warn] = m.backupStatus();
    ty += text(ctx, status, ctx.fonts.body, ImVec2(x, ty), w, warn ? c.warning : c.ink) + u * 0.4f;
  }
  const float bw = std::min(w, buttonWidth(ctx, ctr(CoordWord::BackupNow, lang), quiet));
  const bool backup = button(ctx, ctr(CoordWord::BackupNow, lang), ImVec2(x, ty), ImVec2(bw, u * 2.4f), quiet);
  ty += u * 2.4f + u * 0.4f;
  ty += text(ctx, ctr(CoordWord::BackupBody, lang), ctx.fonts.small, ImVec2(x, ty), w, c.muted) + u * 1.4f;

  // The folder every file of this tab goes to, said so: a USB stick found,
  // the home folder (each by its whole path), or typed.
  ty += text(ctx, ctr(CoordWord::SafetyFolderTitle, lang), ctx.fonts.bold, ImVec2(x, ty), w, c.ink) + u * 0.3f;
  std::string place;
  ty += placeChoices(ctx, s, s.safetyFolder, ImVec2(x, ty), w, place);
  ty += textField(ctx, ctr(CoordWord::SafetyFolder, lang), m.safetyFolder(), ImVec2(x, ty), w) + u * 1.2f;

  // A new enrolment file, at any time.
  ty += text(ctx, ctr(CoordWord::EnrolTitle, lang), ctx.fonts.bold, ImVec2(x, ty), w, c.ink) + u * 0.3f;
  ty += text(ctx, ctrf(CoordWord::EnrolBody, lang, {s.fingerprint}), ctx.fonts.small, ImVec2(x, ty), w, c.muted) + u * 0.6f;
  const float ew = std::min(w, buttonWidth(ctx, ctr(CoordWord::NewEnrolment, lang), quiet));
  const bool enrol = button(ctx, ctr(CoordWord::NewEnrolment, lang), ImVec2(x, ty), ImVec2(ew, u * 2.4f), quiet);
  ty += u * 2.4f + u * 1.4f;

  // Restoring: checked first, then asked as a question that names the
  // backup's date and what it replaces; a store written after the backup is
  // said so, and "Gendan alligevel" asked.
  ty += text(ctx, ctr(CoordWord::RestoreTitle, lang), ctx.fonts.bold, ImVec2(x, ty), w, c.ink) + u * 0.3f;
  ty += textField(ctx, ctr(CoordWord::RestorePath, lang), m.restorePath(), ImVec2(x, ty), w) + u * 0.5f;
  bool checkRestore = false;
  bool restore = false;
  bool cancelRestore = false;
  if (!s.restoreAsk) {
    const float cw = std::min(w, buttonWidth(ctx, ctr(CoordWord::RestoreCheck, lang), quiet));
    checkRestore = button(ctx, ctr(CoordWord::RestoreCheck, lang), ImVec2(x, ty), ImVec2(cw, u * 2.4f), quiet);
    ty += u * 2.4f + u * 0.6f;
  } else {
    const CoordinatorState::RestoreAsk& ask = *s.restoreAsk;
    const float pad = u * 0.8f;
    const float inner = w - 2 * pad;
    const ButtonStyle danger{ButtonKind::Danger, ctx.fonts.bold};
    const CoordWord label = ask.newer.empty() ? CoordWord::RestoreYes : CoordWord::RestoreNowAnyway;
    const char* cancel = tr(Word::Cancel, lang);
    const float cw = buttonWidth(ctx, cancel, quiet);
    const float gw = std::min(inner, buttonWidth(ctx, ctr(label, lang), danger));
    const bool stacked = cw + u + gw > inner;
    float h = pad + measureText(ctx.fonts.bold, ask.title, inner).y + u * 0.4f +
              measureText(ctx.fonts.body, ask.checked, inner).y + u * 0.6f;
    if (!ask.newer.empty()) h += measureText(ctx.fonts.bold, ask.newer, inner).y + u * 0.6f;
    h += (stacked ? u * 2.4f * 2 + u * 0.6f : u * 2.4f) + pad;
    panel(ImVec2(x, ty), ImVec2(x + w, ty + h), c.notice, c.noticeBorder, u * 0.5f, u * 0.1f);
    float py = ty + pad;
    py += text(ctx, ask.title, ctx.fonts.bold, ImVec2(x + pad, py), inner, c.ink) + u * 0.4f;
    py += text(ctx, ask.checked, ctx.fonts.body, ImVec2(x + pad, py), inner, c.ink) + u * 0.6f;
    if (!ask.newer.empty()) py += text(ctx, ask.newer, ctx.fonts.bold, ImVec2(x + pad, py), inner, c.warning) + u * 0.6f;
    // "Annullér" first, where "Tjek sikkerhedskopien" was: a second tap on the same place never restores.
    cancelRestore = button(ctx, cancel, ImVec2(x + pad, py), ImVec2(cw, u * 2.4f), quiet);
    if (stacked)
      restore = button(ctx, ctr(label, lang), ImVec2(x + pad, py + u * 3.0f), ImVec2(gw, u * 2.4f), danger);
    else
      restore = button(ctx, ctr(label, lang), ImVec2(x + w - pad - gw, py), ImVec2(gw, u * 2.4f), danger);
    // The question comes up where the button was; at a large text size that
    // may be below the fold. It scrolls into view once; a finger may scroll it away.
    if (ctx.view.revealedQuestion != ask.title + ask.checked) {
      ctx.view.revealedQuestion = ask.title + ask.checked;
      ctx.view.revealY = std::pair{ty, ty + h};
    }
    ty += h + u * 0.6f;
  }
  if (!s.restoreAsk) ctx.view.revealedQuestion.clear();
  const float leftBottom = ty;

  // The recovery key.
  const float rx = twoColumns ? x + w + gap : x;
  float ry = twoColumns ? area.top() : ty;
  const ButtonStyle primary{ButtonKind::Primary, ctx.fonts.bold};
  ry += text(ctx, ctr(CoordWord::RecoveryTitle, lang), ctx.fonts.bold, ImVec2(rx, ry), w, c.ink) + u * 0.3f;
  ry += text(ctx, ctr(CoordWord::RecoveryBody, lang), ctx.fonts.small, ImVec2(rx, ry), w, c.muted) + u * 0.4f;
  ry += text(ctx, ctrf(CoordWord::RecoveryFingerprint, lang, {s.recoveryFingerprint}), ctx.fonts.small, ImVec2(rx, ry), w,
             c.ink) +
        u * 0.6f;
  float fieldH = 0;
  passphraseField(ctx, ctr(CoordWord::RecoveryPass, lang), m.recoveryPassphrase(), ImVec2(rx, ry), w, fieldH);
  ry += fieldH + u * 0.5f;
  const bool enter =
      passphraseField(ctx, ctr(CoordWord::RecoveryPassAgain, lang), m.recoveryPassphraseAgain(), ImVec2(rx, ry), w, fieldH);
  ry += fieldH + u * 0.6f;
  const float rw = std::min(w, buttonWidth(ctx, ctr(CoordWord::SaveRecoveryKey, lang), primary));
  const bool saveKey = button(ctx, ctr(CoordWord::SaveRecoveryKey, lang), ImVec2(rx, ry), ImVec2(rw, u * 2.4f), primary) ||
                       (enter && !m.recoveryPassphrase().empty());
  ry += u * 2.4f + u * 0.6f;
  ry += u * 0.8f + concernContacts(ctx, m.forms(), rx, ry, w);  // view_concern.cpp
  ty = std::max(leftBottom, ry);
  area.end(ty - area.top());
  if (!place.empty()) m.safetyFolder() = place;
  if (saveKey) m.saveRecoveryKey();
  if (enrol) m.writeEnrolment();
  if (backup) m.backup();
  if (checkRestore) m.checkRestore();
  if (cancelRestore) m.cancelRestore();
  if (restore) m.restore();
}

// ---- Forms: a forms folder checked, then published as the next form package ------------------

void drawForms(ViewContext& ctx, CoordinatorModel& m, const ScreenBox& box, float y) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const CoordinatorState& s = m.state();
  y += messages(ctx, s, box.x0, y, box.width());
  ScrollArea area(ctx, "coordinator-forms", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
  // Landscape: the folder, the check and publishing on the left, what the check found on the right.
  const float gap = u * 1.6f;
  const bool twoColumns = box.width() > box.height() * 1.15f;
  const float w = twoColumns ? (box.width() - gap - u * 0.6f) * 0.5f : std::min(box.width() - u * 0.6f, u * 40.0f);
  const float x = box.x0;
  float ty = area.top();
  const ButtonStyle quiet{ButtonKind::Secondary, ctx.fonts.bold};
  ty += text(ctx, ctr(CoordWord::FormsTitle, lang), ctx.fonts.bold, ImVec2(x, ty), w, c.ink) + u * 0.3f;
  ty += text(ctx, ctr(CoordWord::FormsBody, lang), ctx.fonts.small, ImVec2(x, ty), w, c.muted) + u * 0.5f;
  const std::string version = s.formsVersion == 0 ? std::string(ctr(CoordWord::FormsVersionNone, lang))
                                                  : ctrf(CoordWord::FormsVersion, lang, {std::to_string(s.formsVersion)});
  ty += text(ctx, version, ctx.fonts.body, ImVec2(x, ty), w, c.ink) + u * 1.0f;

  ty += textField(ctx, ctr(CoordWord::FormsPath, lang), m.formsPath(), ImVec2(x, ty), w) + u * 0.5f;
  const float cw = std::min(w, buttonWidth(ctx, ctr(CoordWord::FormsCheck, lang), quiet));
  const bool check = button(ctx, ctr(CoordWord::FormsCheck, lang), ImVec2(x, ty), ImVec2(cw, u * 2.4f), quiet);
  ty += u * 2.4f + u * 1.2f;

  // What the check found: beside the form in landscape, under the check button upright.
  const float rx = twoColumns ? x + w + gap : x;
  float ry = twoColumns ? area.top() : ty;
  if (s.formsChecked) {
    const ImU32 colour = s.formsChecked->ok ? c.ink : c.warning;
    const float top = ry;
    for (const std::string& line : s.formsChecked->lines)
      ry += text(ctx, "\u2013 " + line, ctx.fonts.small, ImVec2(rx, ry), w, colour) + u * 0.25f;
    // A new check's first lines (what changed, or the first mistake) scroll
    // into view once: the tap on "Tjek skemaerne" may have been further down.
    const std::string key = "forms:" + s.formsChecked->folder + ":" + s.notice + s.error;
    if (ctx.view.revealedQuestion != key) {
      ctx.view.revealedQuestion = key;
      ctx.view.revealY = std::pair{top, std::min(ry, top + u * 4.0f)};
    }
    ry += u * 1.0f;
  }
  if (!twoColumns) ty = ry;

  // Where the package goes, what changed, and publishing.
  ty += text(ctx, ctr(CoordWord::FormsOutTitle, lang), ctx.fonts.bold, ImVec2(x, ty), w, c.ink) + u * 0.3f;
  std::string place;
  ty += placeChoices(ctx, s, s.formsOut, ImVec2(x, ty), w, place);
  ty += textField(ctx, ctr(CoordWord::FormsOut, lang), m.formsOut(), ImVec2(x, ty), w) + u * 0.8f;
  ty += textField(ctx, ctr(CoordWord::FormsNote, lang), m.formsNote(), ImVec2(x, ty), w) + u * 0.6f;
  const bool ready = m.formsReadyToPublish();
  ButtonStyle primary{ButtonKind::Primary, ctx.fonts.bold};
  primary.enabled = ready;
  const std::string publishLabel = ctrf(CoordWord::FormsPublish, lang, {std::to_string(s.formsVersion + 1)});
  const float pw = std::min(w, buttonWidth(ctx, publishLabel, primary));
  const bool publish = button(ctx, publishLabel, ImVec2(x, ty), ImVec2(pw, u * 2.4f), primary);
  ty += u * 2.4f + u * 0.4f;
  // Greyed, it says why: not checked yet, or nothing in it is new.
  const bool nothingNew = s.formsChecked && s.formsChecked->ok && s.formsChecked->changed == 0;
  if (!ready)
    ty += text(ctx, ctr(nothingNew ? CoordWord::FormsNothingNew : CoordWord::FormsCheckFirst, lang), ctx.fonts.body,
               ImVec2(x, ty), w, nothingNew ? c.warning : c.muted) +
          u * 0.4f;
  area.end(std::max(ty, ry) - area.top());
  if (!place.empty()) m.formsOut() = place;
  if (check) m.checkFormsFolder();
  if (publish) m.publishForms();
}

}  // namespace

// ---- Settings ------------------------------------------------------------------------------

// Language and text size after set-up, drawn by the same code as the
// tablet's settings screen and kept in the same settings file.
void drawCoordinatorSettings(ViewContext& ctx, const ScreenBox& box, float y) {
  const float u = em(ctx);
  y += messageLine(ctx, box.x0, y, box.width());  // a setting that could not be saved
  ScrollArea area(ctx, "coordinator-settings", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
  float ty = area.top();
  Settings set = ctx.model.state().settings;
  const bool changed = languageAndTextSize(ctx, set, box.x0, ty, std::min(box.width() - u * 0.6f, u * 40.0f));
  area.end(ty - area.top());
  if (changed) ctx.model.settings().set(set);
}

void drawCoordinator(ViewContext& ctx) {
  CoordinatorModel* m = ctx.model.coordinator();
  if (!m) return;
  m->setLang(ctx.lang());
  if (!m->unlocked()) {
    drawLocked(ctx, *m);
    return;
  }
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  // The title, the tabs, the lock.
  float y = box.y0;
  const std::string title = ctr(CoordWord::Title, lang) + std::string("  ·  ") + m->state().name;
  const ButtonStyle quiet{ButtonKind::Secondary, ctx.fonts.bold};
  const float lockW = buttonWidth(ctx, ctr(CoordWord::Lock, lang), quiet);
  const float settingsW = buttonWidth(ctx, ctr(CoordWord::TabSettings, lang), quiet);
  const float titleH = text(ctx, title, ctx.fonts.bold, ImVec2(box.x0, y),
                            std::max(u * 6.0f, box.width() - lockW - settingsW - u * 1.8f), c.ink);
  if (button(ctx, ctr(CoordWord::Lock, lang), ImVec2(box.x1 - lockW, y), ImVec2(lockW, u * 2.4f), quiet)) {
    ctx.model.lockNow();
    return;
  }
  // Language and text size, beside "Lås" (not a tab: six tabs already fill a row).
  {
    const bool here = m->state().tab == CoordinatorTab::Settings;
    const ButtonStyle style{here ? ButtonKind::Chosen : ButtonKind::Secondary, ctx.fonts.bold};
    if (button(ctx, ctr(CoordWord::TabSettings, lang), ImVec2(box.x1 - lockW - u * 0.6f - settingsW, y),
               ImVec2(settingsW, u * 2.4f), style)) {
      m->setTab(here ? CoordinatorTab::Import : CoordinatorTab::Settings);
      return;
    }
  }
  y += std::max(titleH, u * 2.4f) + u * 0.5f;
  const std::vector<std::pair<CoordinatorTab, CoordWord>> tabs = {{CoordinatorTab::Import, CoordWord::TabImport},
                                                            {CoordinatorTab::Devices, CoordWord::TabDevices},
                                                            {CoordinatorTab::Children, CoordWord::TabChildren},
                                                            {CoordinatorTab::Report, CoordWord::TabReport},
                                                            {CoordinatorTab::Forms, CoordWord::TabForms},
                                                            {CoordinatorTab::Safety, CoordWord::TabSafety}};
  std::vector<std::string> labels;
  int selected = -1;  // none while the settings show
  for (std::size_t i = 0; i < tabs.size(); ++i) {
    labels.emplace_back(ctr(tabs[i].second, lang));
    if (tabs[i].first == m->state().tab) selected = static_cast<int>(i);
  }
  float tabsH = 0;
  const int tapped = choices(ctx, labels, selected, ImVec2(box.x0, y), box.width(), tabsH);
  y += tabsH + u * 0.8f;
  if (tapped >= 0 && tapped != selected) {
    m->setTab(tabs[static_cast<std::size_t>(tapped)].first);
    return;
  }
  switch (m->state().tab) {
    case CoordinatorTab::Import: drawImport(ctx, *m, box, y); break;
    case CoordinatorTab::Devices: drawDevices(ctx, *m, box, y); break;
    case CoordinatorTab::Children: drawChildren(ctx, *m, box, y); break;
    case CoordinatorTab::Report: drawCoordinatorReport(ctx, *m, box, y); break;
    case CoordinatorTab::Forms: drawForms(ctx, *m, box, y); break;
    case CoordinatorTab::Safety: drawSafety(ctx, *m, box, y); break;
    case CoordinatorTab::Settings: drawCoordinatorSettings(ctx, box, y); break;
  }
}

}  // namespace spor::ui
