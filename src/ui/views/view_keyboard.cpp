// The on-screen keyboard: a calm band at the bottom of the screen with big
// keys (Danish letters with æ ø å, a row of digits, shift, erase, space and
// "Færdig"; a digits pad for a year). The screen above it ends where the
// keyboard begins (screenBox), so it never covers the field being typed
// into. The model decides what a key does (AppModel::keyboardPress).
#include <algorithm>

#include <imgui.h>

#include "ui/text.hpp"
#include "ui/views/layout.hpp"

namespace spor::ui {

namespace {

struct KeyboardMetrics {
  float keyH;
  float gap;
  float pad;
  float width;  // of the keys' block
  float height; // of the whole band
};

KeyboardMetrics metrics(const ViewContext& ctx, KeyboardLayout layout) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float u = em(ctx);
  const auto& rows = keyboardRows(layout);
  const float n = static_cast<float>(rows.size());
  KeyboardMetrics m{};
  m.gap = u * 0.35f;
  m.pad = u * 0.5f;
  // Keys as tall as a fingertip needs, smaller on a short landscape screen.
  m.keyH = std::clamp(vp->Size.y * 0.068f, u * 2.0f, u * 2.8f);
  m.width = layout == KeyboardLayout::Digits ? std::min(vp->Size.x - 2 * m.pad, u * 18.0f)
                                             : std::min(vp->Size.x - 2 * m.pad, u * 52.0f);
  m.height = m.pad * 2 + n * m.keyH + (n - 1) * m.gap;
  return m;
}

}  // namespace

float keyboardHeight(const ViewContext& ctx) {
  if (!ctx.model.keyboardShown()) return 0.0f;
  return metrics(ctx, ctx.model.state().keyboard.layout).height;
}

void drawKeyboard(ViewContext& ctx) {
  AppModel& model = ctx.model;
  if (!model.keyboardShown()) return;
  const KeyboardLayout layout = model.state().keyboard.layout;
  const KeyboardMetrics m = metrics(ctx, layout);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const Palette& c = palette();
  const float u = em(ctx);
  const float top = vp->Pos.y + vp->Size.y - m.height;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(vp->Pos.x, top), ImVec2(vp->Pos.x + vp->Size.x, vp->Pos.y + vp->Size.y), c.track);
  dl->AddLine(ImVec2(vp->Pos.x, top), ImVec2(vp->Pos.x + vp->Size.x, top), c.border, std::max(1.0f, u * 0.06f));

  const bool shifted = model.keyboardShifted();
  const ShiftState shift = model.state().keyboard.shift;
  const char* done = tr(Word::KeyDone, ctx.lang());
  const char* space = tr(Word::KeySpace, ctx.lang());
  const float x0 = vp->Pos.x + (vp->Size.x - m.width) * 0.5f;
  float y = top + m.pad;
  ImGui::PushID("keyboard");
  const Key* pressed = nullptr;
  for (const auto& row : keyboardRows(layout)) {
    float units = 0;
    for (const Key& k : row) units += k.width;
    // A key k units wide takes k steps less one gap, so the keys of rows
    // with wide keys still line up in columns.
    const float step = (m.width + m.gap) / units;
    float x = x0;
    for (const Key& k : row) {
      const float w = step * k.width - m.gap;
      const std::string label = keyLabel(k, shifted, done, space);
      ButtonStyle style{ButtonKind::Secondary, ctx.fonts.button};
      style.role = "key";
      if (k.action == KeyAction::Done) {
        style.kind = ButtonKind::Primary;
        style.font = ctx.fonts.bold;
      } else if (k.action == KeyAction::Space) {
        style.font = ctx.fonts.body;
      } else if (k.action == KeyAction::Shift && shift != ShiftState::Off) {
        style.kind = ButtonKind::Primary;  // on: filled; locked: filled and underlined below
      }
      if (button(ctx, label, ImVec2(x, y), ImVec2(w, m.keyH), style)) pressed = &k;
      if (k.action == KeyAction::Shift && shift == ShiftState::Locked)
        dl->AddLine(ImVec2(x + w * 0.3f, y + m.keyH - u * 0.45f), ImVec2(x + w * 0.7f, y + m.keyH - u * 0.45f),
                    c.onPrimary, u * 0.12f);
      x += w + m.gap;
    }
    y += m.keyH + m.gap;
  }
  ImGui::PopID();
  if (pressed) model.keyboardPress(*pressed);
}

}  // namespace spor::ui
