// Child mode, the end: thanks, and give the tablet back to the adult. No
// back button: the answers are stored and the measurement is finished.
#include <optional>

#include <imgui.h>

#include "ui/text.hpp"
#include "ui/views/layout.hpp"

namespace spor::ui {

void drawChildThanks(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  const float textW = std::min(box.width(), u * 30.0f);
  const float titleH = measureText(ctx.fonts.title, tr(Word::ThanksTitle, lang), textW).y;
  const float bodyH = measureText(ctx.fonts.question, tr(Word::ThanksBody, lang), textW).y;
  const float handH = measureText(ctx.fonts.question, tr(Word::ThanksGiveBack, lang), textW).y;
  const float buttonH = u * 2.8f;
  const float words = titleH + u * 1.0f + bodyH + u * 1.0f + handH + u * 2.2f + buttonH;
  // The face shrinks (and goes) before anything else; the words scroll last.
  const float faceR = fittedFaceRadius(ctx, u * 4.0f, box.height() - words);
  const float faceH = faceR > 0 ? faceR * 2 + u * 1.5f : 0.0f;
  const float total = faceH + words;
  std::optional<ScrollArea> area;
  float y = box.y0 + std::max(0.0f, (box.height() - total) * 0.5f);
  if (total > box.height() + 0.5f) {
    area.emplace(ctx, "child-thanks", ImVec2(box.x0 - box.margin * 0.6f, box.y0), ImVec2(box.x1 + box.margin * 0.6f, box.y1));
    y = area->top();
  }

  if (faceR > 0) drawFace(ImGui::GetWindowDrawList(), ImVec2(box.cx(), y + faceR), faceR, core::Face::VeryHappy);
  y += faceH;
  y += text(ctx, tr(Word::ThanksTitle, lang), ctx.fonts.title, ImVec2(box.cx() - textW * 0.5f, y), textW, c.ink,
            Align::Center) +
       u * 1.0f;
  y += text(ctx, tr(Word::ThanksBody, lang), ctx.fonts.question, ImVec2(box.cx() - textW * 0.5f, y), textW, c.ink,
            Align::Center) +
       u * 1.0f;
  y += text(ctx, tr(Word::ThanksGiveBack, lang), ctx.fonts.question, ImVec2(box.cx() - textW * 0.5f, y), textW, c.muted,
            Align::Center) +
       u * 2.2f;
  const ButtonStyle adult{ButtonKind::Secondary, ctx.fonts.bold};
  const float w = std::max(u * 12.0f, buttonWidth(ctx, tr(Word::GiveBack, lang), adult));
  if (button(ctx, tr(Word::GiveBack, lang), ImVec2(box.cx() - w * 0.5f, y), ImVec2(w, buttonH), adult))
    model.lock().ask(PinPurpose::LeaveChildMode);
  if (area) area->end(total);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) model.lock().ask(PinPurpose::LeaveChildMode);
}

}  // namespace spor::ui
