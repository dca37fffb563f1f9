// The volunteer's sync screen ("Send data", as the home button says): what waits to be sent, the
// last bundle and receipt, a folder to save the next bundle in (USB sticks
// found, the home folder, the outbox, or a typed path), and the receipts and
// form packages found there. A kiosk has no file dialog, so the model looks
// in the likely places and the view lists what it found.
#include <algorithm>
#include <ctime>

#include <imgui.h>

#include "ui/views/common.hpp"

namespace spor::ui {

namespace {

// "22.11.2026 kl. 11:40" / "22 Nov 2026 at 11:40", in the tablet's time zone.
std::string whenText(store::Timestamp t, core::Lang lang) {
  const std::time_t secs = static_cast<std::time_t>(store::toMillis(t) / 1000);
  std::tm local{};
  localtime_r(&secs, &local);
  const core::Date day = std::chrono::sys_days(std::chrono::year(local.tm_year + 1900) /
                                               std::chrono::month(static_cast<unsigned>(local.tm_mon + 1)) /
                                               std::chrono::day(static_cast<unsigned>(local.tm_mday)));
  char clock[8];
  std::snprintf(clock, sizeof clock, "%02d:%02d", local.tm_hour, local.tm_min);
  return trf(Word::DateAtTime, lang, {displayDate(day, lang), clock});
}

// Buttons for found files: the file's name, and under it, in grey, its folder.
float fileList(ViewContext& ctx, const char* id, const std::vector<std::string>& files,
               const std::vector<std::string>& labels, float x, float y, float w, std::string& tapped) {
  const float u = em(ctx);
  const Palette& c = palette();
  const ButtonStyle style{ButtonKind::Secondary, ctx.fonts.body};
  float ty = y;
  ImGui::PushID(id);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::filesystem::path p(files[i]);
    const std::string name = i < labels.size() ? labels[i] : p.filename().string();
    const float bw = std::min(w, buttonWidth(ctx, name, style));
    ImGui::PushID(static_cast<int>(i));
    if (button(ctx, name, ImVec2(x, ty), ImVec2(bw, u * 2.2f), style)) tapped = files[i];
    ImGui::PopID();
    ty += u * 2.2f + u * 0.15f;
    // The whole path under it: the folder it is in, and the file's own name.
    ty += text(ctx, p.string(), ctx.fonts.body, ImVec2(x + u * 0.3f, ty), w - u * 0.3f, c.muted) + u * 0.6f;
  }
  ImGui::PopID();
  return ty - y;
}

}  // namespace

void drawSync(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const AppState& s = model.state();
  const SyncState& sy = s.sync;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  bool back = false;
  float y = volunteerHeader(ctx, box, tr(Word::SyncTitle, lang), tr(Word::Back, lang), back);
  if (back) {
    model.goHome();
    return;
  }
  y += messageLine(ctx, box.x0, y, box.width());
  ScrollArea area(ctx, "sync", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
  // Landscape: where things stand and sending on the left, what comes back on the right.
  const float gap = u * 1.6f;
  const bool twoColumns = box.width() > u * 44.0f;
  const float w = twoColumns ? (box.width() - gap - u * 0.6f) * 0.5f : std::min(box.width() - u * 0.6f, u * 44.0f);
  const float x = box.x0;
  float ty = area.top();

  // A demo has no coordinator: nothing waits for one, nothing is sent or
  // received, so it shows only what is true for a demo.
  if (!sy.enrolled) {
    ty += text(ctx, tr(Word::SyncDemo, lang), ctx.fonts.body, ImVec2(x, ty), w, c.ink) + u;
    area.end(ty - area.top());
    return;
  }

  // Where things stand: above sending when upright; in landscape at the top
  // of the right column, so "Gem pakke" is on the screen without scrolling.
  const float rx = twoColumns ? x + w + gap : x;
  float ry = area.top();
  {
    float& sy0 = twoColumns ? ry : ty;
    const float sx = rx;
    const float pad = u * 0.8f;
    const float inner = w - 2 * pad;
    std::vector<std::pair<std::string, ImFont*>> lines;
    lines.emplace_back(syncStatusTitle(sy, lang), ctx.fonts.bold);
    lines.emplace_back(syncPendingText(sy, lang), ctx.fonts.body);
    lines.emplace_back(sy.lastBundle > 0 && sy.lastExportAt
                           ? trf(Word::SyncLastExport, lang, {std::to_string(sy.lastBundle), whenText(*sy.lastExportAt, lang)})
                           : std::string(tr(Word::SyncNoExport, lang)),
                       ctx.fonts.body);
    lines.emplace_back(sy.lastReceipt > 0
                           ? trf(Word::SyncLastReceipt, lang,
                                 {std::to_string(sy.lastReceipt),
                                  sy.lastReceiptAt ? trf(Word::SyncReceiptAt, lang, {whenText(*sy.lastReceiptAt, lang)})
                                                   : std::string()})
                           : std::string(tr(Word::SyncNoReceipt, lang)),
                       ctx.fonts.body);
    lines.emplace_back(sy.formsVersion > 0 ? trf(Word::SyncFormsVersion, lang, {std::to_string(sy.formsVersion)})
                                           : std::string(tr(Word::SyncFormsBundled, lang)),
                       ctx.fonts.body);
    float h = pad * 2;
    for (const auto& [line, font] : lines) h += measureText(font, line, inner).y + u * 0.3f;
    if (!sy.formsProblem.empty()) h += measureText(ctx.fonts.body, sy.formsProblem, inner).y + u * 0.3f;
    // Everything delivered and confirmed is good news: green, not the yellow of a notice.
    const bool delivered = sy.pendingRecords == 0 && sy.lastReceipt > 0;
    panel(ImVec2(sx, sy0), ImVec2(sx + w, sy0 + h), delivered ? c.done : c.notice, delivered ? c.doneBorder : c.noticeBorder,
          u * 0.6f, u * 0.1f);
    float ly = sy0 + pad;
    for (const auto& [line, font] : lines) ly += text(ctx, line, font, ImVec2(sx + pad, ly), inner, c.ink) + u * 0.3f;
    if (!sy.formsProblem.empty()) text(ctx, sy.formsProblem, ctx.fonts.body, ImVec2(sx + pad, ly), inner, c.warning);
    sy0 += h + u * 1.2f;
  }

  // 1. Send.
  ty += text(ctx, tr(Word::SyncSendTitle, lang), ctx.fonts.button, ImVec2(x, ty), w, c.ink) + u * 0.4f;
  ty += text(ctx, tr(Word::SyncSendHint, lang), ctx.fonts.body, ImVec2(x, ty), w, c.muted) + u * 0.6f;
  {
    int selected = -1;
    for (std::size_t i = 0; i < sy.folders.size(); ++i)
      if (sy.folders[i] == sy.folder) selected = static_cast<int>(i);
    float h = 0;
    std::vector<std::string> labels = sy.folderLabels;
    labels.emplace_back(tr(Word::SyncLookAgain, lang));
    const int t = choices(ctx, labels, selected, ImVec2(x, ty), w, h, ctx.fonts.body);
    if (t >= 0 && static_cast<std::size_t>(t) < sy.folders.size())
      model.syncChooseFolder(sy.folders[static_cast<std::size_t>(t)]);
    else if (t >= 0)
      model.openSync();
    ty += h + u * 0.6f;
  }
  ty += textField(ctx, tr(Word::SyncFolder, lang), model.syncDraft().folder, ImVec2(x, ty), w) + u * 0.6f;
  {
    const ButtonStyle go{ButtonKind::Primary, ctx.fonts.bold};
    const float bw = buttonWidth(ctx, tr(Word::SyncExport, lang), go);
    if (button(ctx, tr(Word::SyncExport, lang), ImVec2(x, ty), ImVec2(bw, u * 2.6f), go)) model.syncExport();
    ty += u * 2.6f;
  }

  // 2. Receive: beside the rest on a wide screen, else below it.
  const float leftBottom = ty;
  if (!twoColumns) ry = ty + u * 1.6f;
  ry += text(ctx, tr(Word::SyncReceiveTitle, lang), ctx.fonts.button, ImVec2(rx, ry), w, c.ink) + u * 0.6f;
  std::string tapped;
  if (sy.receipts.empty() && sy.packages.empty()) {
    ry += text(ctx, tr(Word::SyncNoFiles, lang), ctx.fonts.body, ImVec2(rx, ry), w, c.muted) + u * 0.6f;
  }
  if (!sy.receipts.empty()) {
    ry += text(ctx, tr(Word::SyncReceipts, lang), ctx.fonts.bold, ImVec2(rx, ry), w, c.ink) + u * 0.3f;
    ry += fileList(ctx, "receipts", sy.receipts, sy.receiptLabels, rx, ry, w, tapped) + u * 0.4f;
  }
  if (!sy.packages.empty()) {
    ry += text(ctx, tr(Word::SyncPackages, lang), ctx.fonts.bold, ImVec2(rx, ry), w, c.ink) + u * 0.3f;
    ry += fileList(ctx, "packages", sy.packages, sy.packageLabels, rx, ry, w, tapped) + u * 0.4f;
  }
  ry += textField(ctx, tr(Word::SyncFile, lang), model.syncDraft().file, ImVec2(rx, ry), w) + u * 0.6f;
  {
    const ButtonStyle open{ButtonKind::Secondary, ctx.fonts.bold};
    const float bw = buttonWidth(ctx, tr(Word::SyncOpenFile, lang), open);
    if (button(ctx, tr(Word::SyncOpenFile, lang), ImVec2(rx, ry), ImVec2(bw, u * 2.4f), open)) tapped = sy.file;
    ry += u * 2.4f;
  }
  area.end(std::max(leftBottom, ry) - area.top() + u * 0.6f);
  if (!tapped.empty()) model.syncOpenFile(tapped);
}

}  // namespace spor::ui
