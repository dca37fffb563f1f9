// First run: the device has no store yet. Enrol it with the coordinator's
// enrolment file (found on the device or a USB stick, or typed), or set up a
// demo that says DEMO on every volunteer screen.
#include <algorithm>
#include <cmath>
#include <filesystem>

#include <imgui.h>

#include "ui/views/common.hpp"

namespace spor::ui {

namespace {

float enrolCard(ViewContext& ctx, float x, float y, float w) {
  AppModel& model = ctx.model;
  SetupState& s = model.setupDraft();
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const float pad = u;
  const float inner = w - 2 * pad;
  float ty = y + pad;
  ty += text(ctx, tr(Word::SetupEnrolTitle, lang), ctx.fonts.button, ImVec2(x + pad, ty), inner, c.ink) + u * 0.5f;
  ty += text(ctx, tr(Word::SetupEnrolBody, lang), ctx.fonts.body, ImVec2(x + pad, ty), inner, c.muted) + u * 0.8f;
  // Files found on the device and on USB sticks: one tap reads one.
  for (const std::string& f : s.found) {
    const std::string name = std::filesystem::path(f).filename().string();
    const ButtonStyle bs{s.path == f ? ButtonKind::Primary : ButtonKind::Secondary, ctx.fonts.body};
    if (button(ctx, name, ImVec2(x + pad, ty), ImVec2(inner, u * 2.2f), bs)) model.setupChooseEnrolment(f);
    ty += u * 2.2f + u * 0.4f;
  }
  ty += editField(ctx, Field::SetupPath, tr(Word::SetupPath, lang), ImVec2(x + pad, ty), inner) + u * 0.5f;
  const ButtonStyle read{ButtonKind::Secondary, ctx.fonts.bold};
  const float readW = buttonWidth(ctx, tr(Word::SetupRead, lang), read);
  if (button(ctx, tr(Word::SetupRead, lang), ImVec2(x + pad, ty), ImVec2(readW, u * 2.2f), read))
    model.setupChooseEnrolment(s.path);
  ty += u * 2.2f + u * 0.8f;
  if (!s.coordinatorName.empty()) {
    ty += text(ctx, trf(Word::SetupCoordinator, lang, {s.coordinatorName}), ctx.fonts.bold, ImVec2(x + pad, ty), inner,
               c.ink) +
          u * 0.2f;
    ty += text(ctx, trf(Word::SetupFingerprint, lang, {s.fingerprint}), ctx.fonts.small, ImVec2(x + pad, ty), inner,
               c.ink) +
          u * 0.2f;
    ty += text(ctx, tr(Word::SetupCompare, lang), ctx.fonts.small, ImVec2(x + pad, ty), inner, c.muted) + u * 0.6f;
    ty += editField(ctx, Field::SetupName, tr(Word::SetupName, lang), ImVec2(x + pad, ty), inner) + u * 0.8f;
    const ButtonStyle go{ButtonKind::Primary, ctx.fonts.button};
    if (button(ctx, tr(Word::SetupChoosePin, lang), ImVec2(x + pad, ty), ImVec2(inner, u * 2.8f), go)) model.setupEnrol();
    ty += u * 2.8f + u * 0.4f;
  }
  if (!s.error.empty()) ty += text(ctx, s.error, ctx.fonts.bold, ImVec2(x + pad, ty), inner, c.warning) + u * 0.4f;
  return ty + pad - y;
}

float demoCard(ViewContext& ctx, float x, float y, float w, bool measureOnly) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const float pad = u;
  const float inner = w - 2 * pad;
  const std::string pin = trf(Word::DemoPinHint, lang, {kDemoPin});
  const float h = pad + measureText(ctx.fonts.button, tr(Word::SetupDemoTitle, lang), inner).y + u * 0.5f +
                  measureText(ctx.fonts.body, tr(Word::SetupDemoBody, lang), inner).y + u * 0.5f +
                  measureText(ctx.fonts.bold, pin, inner).y + u * 0.8f + u * 2.8f + pad;
  if (measureOnly) return h;
  panel(ImVec2(x, y), ImVec2(x + w, y + h), c.notice, c.noticeBorder, u * 0.6f, u * 0.1f);
  float ty = y + pad;
  ty += text(ctx, tr(Word::SetupDemoTitle, lang), ctx.fonts.button, ImVec2(x + pad, ty), inner, c.ink) + u * 0.5f;
  ty += text(ctx, tr(Word::SetupDemoBody, lang), ctx.fonts.body, ImVec2(x + pad, ty), inner, c.ink) + u * 0.5f;
  ty += text(ctx, pin, ctx.fonts.bold, ImVec2(x + pad, ty), inner, c.ink) + u * 0.8f;
  const ButtonStyle go{ButtonKind::Secondary, ctx.fonts.button, Icon::Play};
  if (button(ctx, tr(Word::SetupDemoStart, lang), ImVec2(x + pad, ty), ImVec2(inner, u * 2.8f), go))
    ctx.model.setupDemo();
  return h;
}

// The third choice: this computer is the coordinator's.
float coordinatorCard(ViewContext& ctx, float x, float y, float w) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const float pad = u;
  const float inner = w - 2 * pad;
  float ty = y + pad;
  ty += text(ctx, tr(Word::SetupCoordTitle, lang), ctx.fonts.button, ImVec2(x + pad, ty), inner, c.ink) + u * 0.5f;
  ty += text(ctx, tr(Word::SetupCoordBody, lang), ctx.fonts.body, ImVec2(x + pad, ty), inner, c.muted) + u * 0.8f;
  const ButtonStyle go{ButtonKind::Secondary, ctx.fonts.button};
  const float bw = std::min(inner, buttonWidth(ctx, tr(Word::SetupCoordStart, lang), go));
  if (button(ctx, tr(Word::SetupCoordStart, lang), ImVec2(x + pad, ty), ImVec2(bw, u * 2.8f), go))
    ctx.model.setupCoordinatorOpen(true);
  ty += u * 2.8f;
  const float h = ty + pad - y;
  panel(ImVec2(x, y), ImVec2(x + w, y + h), IM_COL32(0, 0, 0, 0), c.border, u * 0.6f, u * 0.08f);
  return h;
}

// The coordinator's set-up: name, passphrase twice, where the enrolment file
// goes; then the fingerprint to compare with each tablet.
void drawCoordinatorSetup(ViewContext& ctx, const ScreenBox& box, float y) {
  AppModel& model = ctx.model;
  const CoordinatorSetupState& s = model.state().setup.coordinator;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  ScrollArea area(ctx, "setup-coordinator", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
  const float w = std::min(box.width() - u * 0.6f, u * 36.0f);
  const float x = box.x0;
  float ty = area.top();
  if (s.done) {
    ty += text(ctx, tr(Word::SetupCoordDone, lang), ctx.fonts.button, ImVec2(x, ty), w, c.ink) + u * 0.6f;
    ty += text(ctx, trf(Word::SetupFingerprint, lang, {s.fingerprint}), ctx.fonts.bold, ImVec2(x, ty), w, c.ink) +
          u * 0.4f;
    ty += text(ctx, trf(Word::SetupCoordFile, lang, {s.enrolmentFile}), ctx.fonts.body, ImVec2(x, ty), w, c.ink) +
          u * 0.4f;
    ty += text(ctx, tr(Word::SetupCoordCompare, lang), ctx.fonts.body, ImVec2(x, ty), w, c.muted) + u * 0.4f;
    ty += text(ctx, tr(Word::SetupCoordNext, lang), ctx.fonts.body, ImVec2(x, ty), w, c.muted) + u * 0.8f;
    const ButtonStyle go{ButtonKind::Primary, ctx.fonts.button};
    const float bw = std::min(w, buttonWidth(ctx, tr(Word::SetupCoordContinue, lang), go));
    const bool next = button(ctx, tr(Word::SetupCoordContinue, lang), ImVec2(x, ty), ImVec2(bw, u * 2.8f), go);
    ty += u * 2.8f + u * 0.6f;
    area.end(ty - area.top());
    if (next) model.setupCoordinatorContinue();
    return;
  }
  ty += text(ctx, tr(Word::SetupCoordTitle, lang), ctx.fonts.button, ImVec2(x, ty), w, c.ink) + u * 0.8f;
  ty += editField(ctx, Field::CoordName, tr(Word::SetupCoordName, lang), ImVec2(x, ty), w) + u * 0.6f;
  ty += editField(ctx, Field::CoordPassphrase, tr(Word::SetupCoordPass, lang), ImVec2(x, ty), w) + u * 0.6f;
  ty += editField(ctx, Field::CoordPassphraseAgain, tr(Word::SetupCoordPassAgain, lang), ImVec2(x, ty), w) + u * 0.8f;
  // Where the enrolment file goes: a USB stick found, the home folder, or a typed folder.
  std::string folder;
  if (!s.folders.empty()) {
    int selected = -1;
    for (std::size_t i = 0; i < s.folders.size(); ++i)
      if (s.folders[i] == s.folder) selected = static_cast<int>(i);
    float h = 0;
    const int t = choices(ctx, s.folderLabels, selected, ImVec2(x, ty), w, h, ctx.fonts.body);
    if (t >= 0) folder = s.folders[static_cast<std::size_t>(t)];
    ty += h + u * 0.4f;
  }
  ty += editField(ctx, Field::CoordFolder, tr(Word::SetupCoordFolder, lang), ImVec2(x, ty), w) + u * 0.8f;
  const ButtonStyle go{ButtonKind::Primary, ctx.fonts.button};
  const float bw = std::min(w, buttonWidth(ctx, tr(Word::SetupCoordCreate, lang), go));
  const bool create = button(ctx, tr(Word::SetupCoordCreate, lang), ImVec2(x, ty), ImVec2(bw, u * 2.8f), go);
  ty += u * 2.8f + u * 0.6f;
  if (!s.error.empty()) ty += text(ctx, s.error, ctx.fonts.bold, ImVec2(x, ty), w, c.warning) + u * 0.6f;
  area.end(ty - area.top());
  if (!folder.empty()) model.setupCoordinatorChooseFolder(folder);
  if (create) model.setupCoordinatorCreate();
}

}  // namespace

void drawSetup(ViewContext& ctx) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);
  float y = box.y0;
  y += text(ctx, tr(Word::SetupTitle, lang), ctx.fonts.title, ImVec2(box.x0, y), box.width(), c.ink) + u * 0.6f;
  if (ctx.model.busy()) {
    // The device store is being made (Argon2id wraps its key): a spinner, nothing to tap.
    busyIndicator(ctx, ctx.model.state().busy, ImVec2(box.cx(), y + (box.y1 - y) * 0.4f), box.width());
    return;
  }
  if (ctx.model.state().setup.coordinator.open) {
    bool back = false;
    if (!ctx.model.state().setup.coordinator.done) {
      const ButtonStyle s{ButtonKind::Secondary, ctx.fonts.bold, Icon::Back};
      const float bw = buttonWidth(ctx, tr(Word::Back, lang), s);
      back = button(ctx, tr(Word::Back, lang), ImVec2(box.x0, y), ImVec2(bw, u * 2.4f), s);
      y += u * 2.4f + u * 0.8f;
    }
    if (back) {
      ctx.model.setupCoordinatorOpen(false);
      return;
    }
    drawCoordinatorSetup(ctx, box, y);
    return;
  }
  y +=
      text(ctx, tr(Word::SetupBody, lang), ctx.fonts.body, ImVec2(box.x0, y), std::min(box.width(), u * 40.0f), c.muted) +
      u * 1.2f;
  y += messageLine(ctx, box.x0, y, box.width());

  const bool landscape = box.width() > box.height() * 1.15f;
  ScrollArea area(ctx, "setup", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
  // The content stops short of the scroll bar at the right edge (a new
  // user's trial saw the cards' right edge under it).
  const float cw = box.width() - u * 0.6f;
  const float right = box.x0 + cw;
  float top = area.top();
  float contentH = 0;
  // Text size and language first: a volunteer who reads large text, or
  // reads English, chooses before reading the rest (kept in the settings).
  {
    Settings set = ctx.model.state().settings;
    const float scales[] = {1.0f, 1.2f, 1.4f};
    int si = 0;
    for (int i = 0; i < 3; ++i)
      if (std::abs(set.textScale - scales[i]) < 0.05f) si = i;
    const std::vector<std::string> sizes = {tr(Word::TextNormal, lang), tr(Word::TextLarge, lang),
                                            tr(Word::TextLarger, lang)};
    const std::vector<std::string> langs = {"Dansk", "English"};
    const float gap = u * 1.5f;
    const float half = landscape ? (cw - gap) * 0.5f : cw;
    float h1 = 0;
    float h2 = 0;
    float ty = top;
    ty += text(ctx, tr(Word::SettingsTextSize, lang), ctx.fonts.bold, ImVec2(box.x0, ty), half, c.ink) + u * 0.3f;
    const int ts = choices(ctx, sizes, si, ImVec2(box.x0, ty), half, h1, ctx.fonts.body);
    float ly = top;
    float lx = box.x0;
    if (landscape) {
      lx = box.x0 + half + gap;
    } else {
      ly = ty + h1 + u * 0.8f;
    }
    ly += text(ctx, tr(Word::SettingsLanguage, lang), ctx.fonts.bold, ImVec2(lx, ly), half, c.ink) + u * 0.3f;
    const int tl = choices(ctx, langs, set.lang == core::Lang::Da ? 0 : 1, ImVec2(lx, ly), half, h2, ctx.fonts.body);
    const float bottom = landscape ? std::max(ty + h1, ly + h2) : ly + h2;
    contentH += bottom - top + u * 1.2f;
    top = bottom + u * 1.2f;
    if (ts >= 0 || tl >= 0) {
      if (ts >= 0) set.textScale = scales[ts];
      if (tl >= 0) set.lang = tl == 0 ? core::Lang::Da : core::Lang::En;
      ctx.model.settings().set(set);
    }
  }
  if (landscape) {
    const float w = (cw - u * 1.5f) * 0.5f;
    const float h1 = enrolCard(ctx, box.x0, top, w);
    panel(ImVec2(box.x0, top), ImVec2(box.x0 + w, top + h1), IM_COL32(0, 0, 0, 0), c.border, u * 0.6f, u * 0.08f);
    const float h2 = demoCard(ctx, right - w, top, w, false);
    const float cards = std::max(h1, h2);
    contentH += cards + u * 1.2f + coordinatorCard(ctx, box.x0, top + cards + u * 1.2f, cw);
  } else {
    const float h2 = demoCard(ctx, box.x0, top, cw, false);
    const float y1 = top + h2 + u * 1.2f;
    const float h1 = enrolCard(ctx, box.x0, y1, cw);
    panel(ImVec2(box.x0, y1), ImVec2(right, y1 + h1), IM_COL32(0, 0, 0, 0), c.border, u * 0.6f, u * 0.08f);
    const float cards = h2 + u * 1.2f + h1;
    contentH += cards + u * 1.2f + coordinatorCard(ctx, box.x0, top + cards + u * 1.2f, cw);
  }
  area.end(contentH);
}

}  // namespace spor::ui
