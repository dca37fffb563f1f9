// Settings and volunteers: language, text size, read-aloud, the idle lock;
// who may unlock, adding a volunteer, changing one's own PIN.
#include <algorithm>

#include <imgui.h>

#include "ui/views/common.hpp"
#include "ui/views/views.hpp"

namespace spor::ui {

void drawSettings(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const AppState& s = model.state();
  Settings set = s.settings;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  bool back = false;
  float y = volunteerHeader(ctx, box, tr(Word::SettingsTitle, lang), tr(Word::Back, lang), back);
  if (back) {
    model.goHome();
    return;
  }
  y += messageLine(ctx, box.x0, y, box.width());  // a setting that could not be saved
  ScrollArea area(ctx, "settings", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
  const float w = std::min(box.width() - u * 0.6f, u * 40.0f);
  const float x = box.x0;
  float ty = area.top();
  bool changed = false;

  changed = languageAndTextSize(ctx, set, x, ty, w);
  if (!s.readAloudAvailable) {
    ty += text(ctx, tr(Word::SettingsReadAloud, lang), ctx.fonts.bold, ImVec2(x, ty), w, c.ink) + u * 0.4f;
    ty += text(ctx, trf(Word::SettingsReadAloudMissing, lang, {"espeak-ng / audio"}), ctx.fonts.body, ImVec2(x, ty), w,
               c.muted) +
          u * 1.2f;
  } else {
    if (const int t = settingRow(ctx, tr(Word::SettingsReadAloud, lang), {tr(Word::On, lang), tr(Word::Off, lang)},
                                 set.readAloud ? 0 : 1, x, ty, w);
        t >= 0) {
      set.readAloud = t == 0;
      changed = true;
    }
    if (const int t = settingRow(ctx, tr(Word::SettingsReadAloudAuto, lang), {tr(Word::On, lang), tr(Word::Off, lang)},
                                 set.readAloudAuto ? 0 : 1, x, ty, w);
        t >= 0) {
      set.readAloudAuto = t == 0;
      changed = true;
    }
  }
  const int minutes[] = {1, 3, 5, 10, 0};
  std::vector<std::string> minuteLabels;
  int mi = -1;
  for (int i = 0; i < 5; ++i) {
    minuteLabels.push_back(minutes[i] ? trf(Word::Minutes, lang, {std::to_string(minutes[i])})
                                      : std::string(tr(Word::Never, lang)));
    if (set.idleLockMinutes == minutes[i]) mi = i;
  }
  if (const int t = settingRow(ctx, tr(Word::SettingsIdleLock, lang), minuteLabels, mi, x, ty, w); t >= 0) {
    set.idleLockMinutes = minutes[t];
    changed = true;
  }
  // The on-screen keyboard: automatic (after a finger), always, never.
  {
    const ScreenKeyboard modes[] = {ScreenKeyboard::Auto, ScreenKeyboard::Always, ScreenKeyboard::Never};
    const std::vector<std::string> labels = {tr(Word::ScreenKeyboardAuto, lang), tr(Word::ScreenKeyboardAlways, lang),
                                             tr(Word::ScreenKeyboardNever, lang)};
    int k = 0;
    for (int i = 0; i < 3; ++i)
      if (set.screenKeyboard == modes[i]) k = i;
    if (const int t = settingRow(ctx, tr(Word::SettingsScreenKeyboard, lang), labels, k, x, ty, w); t >= 0) {
      set.screenKeyboard = modes[t];
      changed = true;
    }
    ty += text(ctx, tr(Word::SettingsScreenKeyboardHint, lang), ctx.fonts.small, ImVec2(x, ty - u * 0.6f), w,
               palette().muted) +
          u * 0.8f;
  }
  // Retention (the CLI's --purge-after-days): only a tablet enrolled with a
  // coordinator gets receipts.
  if (!s.demo) {
    const int days[] = {0, 30, 90, 180};
    std::vector<std::string> labels;
    int di = 0;
    for (int i = 0; i < 4; ++i) {
      labels.push_back(days[i] ? trf(Word::Days, lang, {std::to_string(days[i])})
                               : std::string(tr(Word::SettingsPurgeKeep, lang)));
      if (set.purgeAfterDays == days[i]) di = i;
    }
    if (const int t = settingRow(ctx, tr(Word::SettingsPurge, lang), labels, di, x, ty, w); t >= 0) {
      set.purgeAfterDays = days[t];
      changed = true;
    }
    ty += text(ctx, tr(Word::SettingsPurgeHint, lang), ctx.fonts.small, ImVec2(x, ty - u * 0.6f), w, palette().muted) +
          u * 0.8f;
  }
  // This tablet's key, grouped as the coordinator's devices tab shows it.
  if (!s.deviceKey.empty()) {
    ty += text(ctx, tr(Word::SettingsThisTablet, lang), ctx.fonts.bold, ImVec2(x, ty), w, c.ink) + u * 0.4f;
    ty +=
        text(ctx, trf(Word::SettingsDeviceKey, lang, {s.deviceKey}), ctx.fonts.body, ImVec2(x, ty), w, c.ink) + u * 0.2f;
    ty += text(ctx, tr(Word::SettingsDeviceKeyHint, lang), ctx.fonts.small, ImVec2(x, ty), w, c.muted) + u * 0.4f;
    if (!s.coordinatorKey.empty())
      ty += text(ctx, trf(Word::SettingsCoordinatorKey, lang, {s.coordinatorKey}), ctx.fonts.small, ImVec2(x, ty), w,
                 c.muted) +
            u * 0.4f;
    if (!s.recoveryKey.empty())
      ty += text(ctx, trf(Word::SettingsRecoveryKey, lang, {s.recoveryKey}), ctx.fonts.small, ImVec2(x, ty), w,
                 c.muted) +
            u * 0.4f;
    ty += u * 0.8f;
  }
  area.end(ty - area.top());
  if (changed) model.settings().set(set);
}

void drawVolunteers(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const AppState& s = model.state();
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  bool back = false;
  float y = volunteerHeader(ctx, box, tr(Word::VolunteersTitle, lang), tr(Word::Back, lang), back);
  if (back) {
    model.goHome();
    return;
  }
  y += messageLine(ctx, box.x0, y, box.width());
  if (drawConfirm(ctx, box, y)) return;
  ScrollArea area(ctx, "volunteers", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
  const float w = std::min(box.width() - u * 0.6f, u * 36.0f);
  const float x = box.x0;
  float ty = area.top();
  ty += text(ctx, tr(Word::VolunteersIntro, lang), ctx.fonts.body, ImVec2(x, ty), w, c.muted) + u * 0.8f;
  // One row per volunteer: the name, then (for a colleague) a new PIN, and
  // removal while more than one is left. Each button names whom it is for.
  const auto all = model.volunteers();
  const ButtonStyle row{ButtonKind::Secondary, ctx.fonts.body};
  const float rowH = u * 2.2f;
  for (const store::Volunteer& v : all) {
    const bool you = v.name == s.volunteer;
    const std::string line = "• " + v.name + (you ? "  " + std::string(tr(Word::VolunteersYou, lang)) : "");
    const std::string reset = you ? std::string() : trf(Word::VolunteersResetPin, lang, {v.name});
    const std::string remove = all.size() > 1 ? trf(Word::VolunteersRemove, lang, {v.name}) : std::string();
    const float rw = reset.empty() ? 0.0f : buttonWidth(ctx, reset, row);
    const float dw = remove.empty() ? 0.0f : buttonWidth(ctx, remove, row);
    const float nameW = std::max(u * 6.0f, w - rw - dw - u * 1.2f);
    const bool wrap = nameW + rw + dw + u * 1.2f > w;  // narrow screens: buttons under the name
    text(ctx, line, ctx.fonts.body, ImVec2(x, ty + (rowH - u) * 0.5f), nameW, c.ink);
    float bx = wrap ? x + u : x + w - rw - dw - (dw > 0 && rw > 0 ? u * 0.6f : 0.0f);
    const float by = wrap ? ty + rowH : ty;
    if (!reset.empty()) {
      if (button(ctx, reset, ImVec2(bx, by), ImVec2(rw, rowH), row)) model.volunteersPart().resetPinStart(v.id);
      bx += rw + u * 0.6f;
    }
    if (!remove.empty() && button(ctx, remove, ImVec2(bx, by), ImVec2(dw, rowH), row)) model.volunteersPart().askRemove(v.id);
    ty += (wrap ? rowH * 2 : rowH) + u * 0.4f;
  }
  ty += u * 0.6f;
  const ButtonStyle change{ButtonKind::Secondary, ctx.fonts.bold};
  const float cw = buttonWidth(ctx, tr(Word::VolunteersChangePin, lang), change);
  if (button(ctx, tr(Word::VolunteersChangePin, lang), ImVec2(x, ty), ImVec2(cw, u * 2.4f), change))
    model.volunteersPart().changePinStart();
  ty += u * 2.4f + u * 1.6f;

  ty += text(ctx, tr(Word::VolunteersAdd, lang), ctx.fonts.button, ImVec2(x, ty), w, c.ink) + u * 0.5f;
  ty += editField(ctx, Field::VolunteerName, tr(Word::VolunteersName, lang), ImVec2(x, ty), std::min(w, u * 20.0f)) +
        u * 0.8f;
  const ButtonStyle add{ButtonKind::Primary, ctx.fonts.bold};
  const float aw = buttonWidth(ctx, tr(Word::VolunteersChoosePin, lang), add);
  if (button(ctx, tr(Word::VolunteersChoosePin, lang), ImVec2(x, ty), ImVec2(aw, u * 2.4f), add))
    model.volunteersPart().addStart();
  ty += u * 2.4f;
  area.end(ty - area.top());
}

}  // namespace spor::ui
