// The hand-over: the volunteer gives the tablet to the child, who reads a
// friendly hello and taps Start. From here on only child screens are shown
// until a volunteer's PIN is given.
#include <imgui.h>

#include "ui/text.hpp"
#include "ui/views/layout.hpp"

namespace spor::ui {

void drawHandOver(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  const std::string hello = trf(Tx::HandOverTitle, lang, {model.state().childName});
  const float textW = std::min(box.width(), u * 30.0f);
  const float faceR = u * 3.2f;
  const float titleH = measureText(ctx.fonts.title, hello, textW).y;
  const float bodyH = measureText(ctx.fonts.question, tr(Tx::HandOverBody, lang), textW).y;
  const float startH = u * 3.4f;
  const float total = faceR * 2 + u * 1.5f + titleH + u * 1.2f + bodyH + u * 2.2f + startH;
  float y = box.y0 + std::max(0.0f, (box.height() - total) * 0.5f);

  drawFace(ImGui::GetWindowDrawList(), ImVec2(box.cx(), y + faceR), faceR, core::Face::VeryHappy);
  y += faceR * 2 + u * 1.5f;
  y += text(ctx, hello, ctx.fonts.title, ImVec2(box.cx() - textW * 0.5f, y), textW, c.ink, Align::Center) + u * 1.2f;
  y += text(ctx, tr(Tx::HandOverBody, lang), ctx.fonts.question, ImVec2(box.cx() - textW * 0.5f, y), textW, c.ink,
            Align::Center) +
       u * 2.2f;
  const ButtonStyle start{ButtonKind::Primary, ctx.fonts.title, Icon::Play};
  const float startW = std::max(u * 12.0f, buttonWidth(ctx, tr(Tx::HandOverStart, lang), start));
  if (button(ctx, tr(Tx::HandOverStart, lang), ImVec2(box.cx() - startW * 0.5f, y), ImVec2(startW, startH), start))
    model.startChild();

  // The volunteer can still take the tablet back (with the PIN).
  const ButtonStyle quiet{ButtonKind::Quiet, ctx.fonts.body};
  const float qw = buttonWidth(ctx, tr(Tx::GiveBack, lang), quiet);
  if (button(ctx, tr(Tx::GiveBack, lang), ImVec2(box.x0, box.y1 - u * 2.2f), ImVec2(qw, u * 2.2f), quiet))
    model.askForPin(PinPurpose::LeaveChildMode);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) model.askForPin(PinPurpose::LeaveChildMode);
}

}  // namespace spor::ui
