// Child mode, paused: the child can go on, or give the tablet back to the
// adult (who needs the PIN). The measurement stays open and resumable.
#include <imgui.h>

#include "ui/text.hpp"
#include "ui/views/layout.hpp"

namespace spor::ui {

void drawChildPaused(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  const float textW = std::min(box.width(), u * 30.0f);
  const float titleH = measureText(ctx.fonts.title, tr(Word::PauseTitle, lang), textW).y;
  const float bodyH = measureText(ctx.fonts.question, tr(Word::PauseBody, lang), textW).y;
  const float iconS = u * 5.0f;
  const float buttonH = u * 3.4f;
  const float total = iconS + u * 1.5f + titleH + u * 1.0f + bodyH + u * 2.2f + buttonH;
  float y = box.y0 + std::max(0.0f, (box.height() - total) * 0.5f);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddCircleFilled(ImVec2(box.cx(), y + iconS * 0.5f), iconS * 0.5f, c.selectedFill, 48);
  drawIcon(dl, Icon::Pause, ImVec2(box.cx(), y + iconS * 0.5f), iconS * 0.6f, c.primary);
  y += iconS + u * 1.5f;
  y += text(ctx, tr(Word::PauseTitle, lang), ctx.fonts.title, ImVec2(box.cx() - textW * 0.5f, y), textW, c.ink,
            Align::Center) +
       u * 1.0f;
  y += text(ctx, tr(Word::PauseBody, lang), ctx.fonts.question, ImVec2(box.cx() - textW * 0.5f, y), textW, c.ink,
            Align::Center) +
       u * 2.2f;
  const ButtonStyle go{ButtonKind::Primary, ctx.fonts.title, Icon::Play};
  const float goW = std::max(u * 12.0f, buttonWidth(ctx, tr(Word::Continue, lang), go));
  if (button(ctx, tr(Word::Continue, lang), ImVec2(box.cx() - goW * 0.5f, y), ImVec2(goW, buttonH), go)) model.childMode().resume();

  const ButtonStyle quiet{ButtonKind::Quiet, ctx.fonts.body};
  const float qw = buttonWidth(ctx, tr(Word::GiveBack, lang), quiet);
  if (button(ctx, tr(Word::GiveBack, lang), ImVec2(box.x0, box.y1 - u * 2.2f), ImVec2(qw, u * 2.2f), quiet))
    model.lock().ask(PinPurpose::LeaveChildMode);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) model.lock().ask(PinPurpose::LeaveChildMode);
}

}  // namespace spor::ui
