// The PIN pad: the adult's way back from child mode, out of the idle lock,
// and (in a kiosk) out of the app. Digits show as dots; the model checks the
// PIN through the vault and counts wrong tries.
#include <algorithm>

#include <imgui.h>

#include "ui/text.hpp"
#include "ui/views/layout.hpp"

namespace spor::ui {

namespace {

Word titleFor(PinPurpose p) {
  switch (p) {
    case PinPurpose::LeaveChildMode: return Word::PinLeaveTitle;
    case PinPurpose::Unlock: return Word::PinUnlockTitle;
    case PinPurpose::Quit: return Word::PinQuitTitle;
    case PinPurpose::OldPin: return Word::PinOldTitle;
    case PinPurpose::NewPin: return Word::PinNewTitle;
    case PinPurpose::ConfirmPin: return Word::PinConfirmTitle;
  }
  return Word::PinUnlockTitle;
}

// Digits, Backspace and Enter from a keyboard (kiosk PCs have one).
void keyboard(AppModel& model) {
  const ImGuiIO& io = ImGui::GetIO();
  for (ImWchar ch : io.InputQueueCharacters)
    if (ch >= '0' && ch <= '9') model.lock().digit(ch - '0');
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) model.lock().erase();
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false))
    model.lock().submit();
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) model.lock().cancel();
}

// "Hvem er du?": one button per volunteer, on the lock screen.
float chooser(ViewContext& ctx, float x, float y, float w, bool measureOnly) {
  AppModel& model = ctx.model;
  const PinPadState& pin = model.state().pin;
  if (pin.purpose != PinPurpose::Unlock) return 0.0f;
  const auto volunteers = model.volunteers();
  if (volunteers.size() < 2) return 0.0f;
  const float u = em(ctx);
  std::vector<std::string> names;
  int selected = -1;
  for (const auto& v : volunteers) {
    if (pin.who && v.id == *pin.who) selected = static_cast<int>(names.size());
    names.push_back(v.name);
  }
  float h = 0;
  const float labelH = measureText(ctx.fonts.small, tr(Word::PinWho, ctx.lang()), w).y + u * 0.3f;
  if (measureOnly) {
    // Rows of about five names.
    return labelH + u * 2.4f * static_cast<float>((names.size() + 4) / 5) + u * 1.0f;
  }
  text(ctx, tr(Word::PinWho, ctx.lang()), ctx.fonts.small, ImVec2(x, y), w, palette().muted, Align::Center);
  // Centred when the names fit on one line.
  float total = 0;
  for (const auto& n : names)
    total += std::max(u * 4.0f, buttonWidth(ctx, n, {ButtonKind::Secondary, ctx.fonts.bold})) + u * 0.5f;
  const float indent = total < w ? (w - total + u * 0.5f) * 0.5f : 0.0f;
  const int t = choices(ctx, names, selected, ImVec2(x + indent, y + labelH), w - indent, h, ctx.fonts.bold);
  if (t >= 0) model.lock().chooseVolunteer(volunteers[static_cast<std::size_t>(t)].id);
  return labelH + h + u * 1.0f;
}

// Title, prompt, dots and the notice, centred in a column; returns its height.
float header(ViewContext& ctx, float x, float y, float w, bool measureOnly) {
  const AppModel& model = ctx.model;
  const PinPadState& pin = model.state().pin;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  std::string title = tr(titleFor(pin.purpose), lang);
  // A colleague's new PIN: whose it is stays in view while it is typed.
  if ((pin.flow.goal == PinFlow::Goal::ResetPin || pin.flow.goal == PinFlow::Goal::Recover) &&
      pin.purpose == PinPurpose::NewPin)
    title = trf(Word::PinResetTitle, lang, {pin.flow.name});
  std::string prompt = tr(Word::PinPrompt, lang);
  if (pin.purpose == PinPurpose::NewPin) prompt = tr(Word::PinNewHint, lang);
  if (pin.purpose == PinPurpose::ConfirmPin) prompt = tr(Word::PinConfirmHint, lang);
  if (model.state().demo && (pin.purpose == PinPurpose::Unlock || pin.purpose == PinPurpose::LeaveChildMode ||
                             pin.purpose == PinPurpose::Quit))
    prompt += "  (" + trf(Word::DemoPinHint, lang, {kDemoPin}) + ")";
  std::string notice;
  if (pin.notice == PinNotice::Wrong) notice = tr(Word::PinWrong, lang);
  if (pin.notice == PinNotice::Mismatch) notice = tr(Word::PinMismatch, lang);
  if (pin.notice == PinNotice::Weak) notice = pin.weakReason;
  if (pin.notice == PinNotice::LockedOut) notice = lockoutText(model.lock().waitSeconds(), lang);
  if (pin.notice == PinNotice::Error) notice = pin.error;
  // On the lock screen: what to do about a forgotten PIN.
  const std::string forgotten = pin.purpose == PinPurpose::Unlock ? std::string(tr(Word::PinForgotten, lang)) : "";

  const float titleH = measureText(ctx.fonts.title, title, w).y;
  const float promptH = measureText(ctx.fonts.body, prompt, w).y;
  const float dotR = u * 0.45f;
  const float noticeH = std::max(u * 1.2f, measureText(ctx.fonts.bold, notice, w).y);
  const float chooserH = chooser(ctx, x, y, w, true);
  const float forgottenH = forgotten.empty() ? 0.0f : u * 0.6f + measureText(ctx.fonts.body, forgotten, w).y;
  // "Glemt PIN-koden?": the coordinator's recovery key (an enrolled tablet's lock screen only).
  const bool recover = ctx.model.canRecover();
  const ButtonStyle recoverStyle{ButtonKind::Secondary, ctx.fonts.bold};
  const float recoverH = recover ? u * 0.6f + u * 2.4f : 0.0f;
  const float total =
      titleH + u * 0.6f + chooserH + promptH + u * 1.0f + dotR * 2 + u * 1.0f + noticeH + forgottenH + recoverH;
  if (measureOnly) return total;

  y += text(ctx, title, ctx.fonts.title, ImVec2(x, y), w, c.ink, Align::Center) + u * 0.6f;
  y += chooser(ctx, x, y, w, false);
  y += text(ctx, prompt, ctx.fonts.body, ImVec2(x, y), w, c.muted, Align::Center) + u * 1.0f;
  // One dot per digit typed, and hollow ones up to the shortest PIN.
  const std::size_t filled = model.lock().dotsFilled();  // still filled while "Låser op …" runs
  const std::size_t shown = std::max(filled, LockPart::kMinDigits);
  const float step = dotR * 3.0f;
  float dx = x + w * 0.5f - step * static_cast<float>(shown - 1) * 0.5f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < shown; ++i, dx += step) {
    if (i < filled)
      dl->AddCircleFilled(ImVec2(dx, y + dotR), dotR, c.ink, 0);
    else
      dl->AddCircle(ImVec2(dx, y + dotR), dotR, c.muted, 0, u * 0.1f);
  }
  y += dotR * 2 + u * 1.0f;
  if (!notice.empty()) text(ctx, notice, ctx.fonts.bold, ImVec2(x, y), w, c.warning, Align::Center);
  y += noticeH + u * 0.6f;
  if (!forgotten.empty()) text(ctx, forgotten, ctx.fonts.body, ImVec2(x, y), w, c.muted, Align::Center);
  if (recover) {
    const float by = y + forgottenH;
    const float bw = std::min(w, buttonWidth(ctx, tr(Word::RecoverLink, lang), recoverStyle));
    if (button(ctx, tr(Word::RecoverLink, lang), ImVec2(x + (w - bw) * 0.5f, by), ImVec2(bw, u * 2.4f), recoverStyle))
      ctx.model.recoverStart();
  }
  return total;
}

// The idle lock took the tablet from a child: a calm screen for the child
// ("Giv tabletten til en voksen"), and the volunteers' names for the adult.
// No keys: a child's random taps cannot use up a volunteer's tries. Only
// calm words for the child here: what to do about a forgotten PIN is on the
// pad after a name, for the adult.
void handBack(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);
  const float w = std::min(box.width(), u * 30.0f);
  const auto volunteers = model.volunteers();
  std::vector<std::string> names;
  for (const auto& v : volunteers) names.push_back(v.name);
  const std::string title = tr(Word::HandBackTitle, lang);
  const std::string body = tr(Word::HandBackBody, lang);
  const float titleH = measureText(ctx.fonts.title, title, w).y;
  const float bodyH = measureText(ctx.fonts.question, body, w).y;
  // One big button per volunteer, in a column.
  const ButtonStyle nameStyle{ButtonKind::Secondary, ctx.fonts.button};
  const float nameH = u * 3.0f;
  const float nameGap = u * 0.6f;
  const float namesH = static_cast<float>(names.size()) * (nameH + nameGap) - nameGap;
  const float total = titleH + u * 1.2f + bodyH + u * 1.6f + namesH;
  float y = box.y0 + std::max(0.0f, (box.height() - total) * 0.45f);
  y += text(ctx, title, ctx.fonts.title, ImVec2(box.cx() - w * 0.5f, y), w, c.ink, Align::Center) + u * 1.2f;
  y += text(ctx, body, ctx.fonts.question, ImVec2(box.cx() - w * 0.5f, y), w, c.ink, Align::Center) + u * 1.6f;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const float bw = std::min(w, std::max(u * 12.0f, buttonWidth(ctx, names[i], nameStyle)));
    if (button(ctx, names[i], ImVec2(box.cx() - bw * 0.5f, y), ImVec2(bw, nameH), nameStyle))
      model.lock().chooseVolunteer(volunteers[i].id);
    y += nameH + nameGap;
  }
}

}  // namespace

void drawPinPad(ViewContext& ctx) {
  AppModel& model = ctx.model;
  if (model.state().pin.handBack && !model.busy()) {
    handBack(ctx);
    return;
  }
  const core::Lang lang = ctx.lang();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);
  const bool busy = model.busy();
  // After a name on the hand-back screen, "Tilbage" returns to it (a child's
  // tap on a name must not leave the child in front of a PIN pad).
  const bool backToHandBack = model.state().pin.purpose == PinPurpose::Unlock && model.state().pin.fromHandBack;
  const bool canCancel = (model.state().pin.purpose != PinPurpose::Unlock || backToHandBack) && !busy;
  const Word cancelTx = backToHandBack ? Word::Back : Word::Cancel;
  const bool landscape = box.width() > box.height() * 1.15f;

  const float gap = u * 0.7f;
  const float cancelH = canCancel ? u * 2.6f : 0.0f;
  const float headerW = landscape ? box.width() * 0.45f : std::min(box.width(), u * 26.0f);
  const float headerH = header(ctx, 0, 0, headerW, true);
  // Keys as big as fit: up to 6 em wide and 3.4 em high.
  const float gridSpaceH = landscape ? box.height() : box.height() - headerH - u * 1.5f - (canCancel ? cancelH + u : 0);
  const float keyH = std::clamp((gridSpaceH - 3 * gap) / 4.0f, u * 2.0f, u * 3.4f);
  const float gridSpaceW = landscape ? box.width() * 0.5f : box.width();
  const float keyW = std::min(u * 6.0f, (gridSpaceW - 2 * gap) / 3.0f);
  const float gridW = keyW * 3 + gap * 2;
  const float gridH = keyH * 4 + gap * 3;

  float gridX = 0;
  float gridY = 0;
  if (landscape) {
    const float colX = box.x0;
    const float leftH = headerH + (canCancel ? u * 1.5f + cancelH : 0.0f);
    const float hy = box.y0 + (box.height() - leftH) * 0.5f;
    header(ctx, colX, hy, headerW, false);
    if (canCancel) {
      const ButtonStyle s{ButtonKind::Secondary, ctx.fonts.bold};
      const float w = std::max(u * 9.0f, buttonWidth(ctx, tr(cancelTx, lang), s));
      if (button(ctx, tr(cancelTx, lang), ImVec2(colX + (headerW - w) * 0.5f, hy + headerH + u * 1.5f),
                 ImVec2(w, cancelH), s))
        model.lock().cancel();
    }
    gridX = box.x1 - gridSpaceW + (gridSpaceW - gridW) * 0.5f;
    gridY = box.y0 + (box.height() - gridH) * 0.5f;
  } else {
    const float total = headerH + u * 1.5f + gridH + (canCancel ? u + cancelH : 0.0f);
    const float y = box.y0 + std::max(0.0f, (box.height() - total) * 0.5f);
    header(ctx, box.cx() - headerW * 0.5f, y, headerW, false);
    gridX = box.cx() - gridW * 0.5f;
    gridY = y + headerH + u * 1.5f;
    if (canCancel) {
      const ButtonStyle s{ButtonKind::Secondary, ctx.fonts.bold};
      const float w = std::max(u * 9.0f, buttonWidth(ctx, tr(cancelTx, lang), s));
      if (button(ctx, tr(cancelTx, lang), ImVec2(box.cx() - w * 0.5f, gridY + gridH + u), ImVec2(w, cancelH), s))
        model.lock().cancel();
    }
  }

  if (busy) {
    // The PIN is being checked (or a new one wrapped): a calm spinner where
    // the keys were, and no keys to tap until it is done.
    busyIndicator(ctx, model.state().busy, ImVec2(gridX + gridW * 0.5f, gridY + gridH * 0.4f), gridW);
    return;
  }
  // 1 2 3 / 4 5 6 / 7 8 9 / Slet 0 OK
  const bool locked = model.lock().waitSeconds() > 0;
  for (int k = 0; k < 12; ++k) {
    const ImVec2 pos(gridX + static_cast<float>(k % 3) * (keyW + gap),
                     gridY + static_cast<float>(k / 3) * (keyH + gap));
    const ImVec2 size(keyW, keyH);
    if (k < 9 || k == 10) {
      const int digit = k == 10 ? 0 : k + 1;
      const ButtonStyle s{ButtonKind::Secondary, ctx.fonts.title, Icon::None, !locked, "pin-digit"};
      if (button(ctx, std::to_string(digit), pos, size, s)) model.lock().digit(digit);
    } else if (k == 9) {
      const ButtonStyle s{ButtonKind::Secondary, ctx.fonts.bold, Icon::None, !model.state().pin.digits.empty(),
                          "pin-erase"};
      if (button(ctx, tr(Word::PinErase, lang), pos, size, s)) model.lock().erase();
    } else {
      const ButtonStyle s{ButtonKind::Primary, ctx.fonts.button, Icon::None, model.lock().canSubmit(), "pin-ok"};
      if (button(ctx, tr(Word::PinOk, lang), pos, size, s)) model.lock().submit();
    }
  }
  keyboard(model);
}

}  // namespace spor::ui
