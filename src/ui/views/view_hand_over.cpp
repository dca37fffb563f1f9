// The hand-over: the volunteer gives the tablet to the child, who reads a
// friendly hello and taps Start. From here on only child screens are shown
// until a volunteer's PIN is given.
#include <optional>

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

  // A child without a nickname is greeted, never by the code ("Hej JF-GW6J!").
  const std::string& nickname = model.state().childNickname;
  const std::string hello = nickname.empty() ? std::string(tr(Tx::HandOverTitleNoName, lang))
                                             : trf(Tx::HandOverTitle, lang, {nickname});
  const float textW = std::min(box.width(), u * 30.0f);
  const float titleH = measureText(ctx.fonts.title, hello, textW).y;
  const float bodyH = measureText(ctx.fonts.question, tr(Tx::HandOverBody, lang), textW).y;
  const float startH = u * 3.4f;
  // Above "Til den voksne" in the corner, so nothing ever lies over it.
  const float giveBackH = u * 2.2f;
  const float avail = box.height() - giveBackH - u * 0.6f;
  const float words = titleH + u * 1.2f + bodyH + u * 2.2f + startH;
  // The face shrinks when the text is large and the screen small, and goes
  // when it would be a dot; if even the words do not fit, they scroll.
  const float faceR = fittedFaceRadius(ctx, u * 3.2f, avail - words);
  const float faceH = faceR > 0 ? faceR * 2 + u * 1.5f : 0.0f;
  const float total = faceH + words;
  std::optional<ScrollArea> area;
  float y = box.y0 + std::max(0.0f, (avail - total) * 0.5f);
  if (total > avail + 0.5f) {
    area.emplace(ctx, "hand-over", ImVec2(box.x0 - box.margin * 0.6f, box.y0),
                 ImVec2(box.x1 + box.margin * 0.6f, box.y0 + avail));
    y = area->top();
  }

  if (faceR > 0) drawFace(ImGui::GetWindowDrawList(), ImVec2(box.cx(), y + faceR), faceR, core::Face::VeryHappy);
  y += faceH;
  y += text(ctx, hello, ctx.fonts.title, ImVec2(box.cx() - textW * 0.5f, y), textW, c.ink, Align::Center) + u * 1.2f;
  y += text(ctx, tr(Tx::HandOverBody, lang), ctx.fonts.question, ImVec2(box.cx() - textW * 0.5f, y), textW, c.ink,
            Align::Center) +
       u * 2.2f;
  const ButtonStyle start{ButtonKind::Primary, ctx.fonts.title, Icon::Play};
  const float startW = std::max(u * 12.0f, buttonWidth(ctx, tr(Tx::HandOverStart, lang), start));
  if (button(ctx, tr(Tx::HandOverStart, lang), ImVec2(box.cx() - startW * 0.5f, y), ImVec2(startW, startH), start))
    model.startChild();
  if (area) area->end(total);

  // The volunteer can still take the tablet back (with the PIN).
  const ButtonStyle quiet{ButtonKind::Quiet, ctx.fonts.body};
  const float qw = buttonWidth(ctx, tr(Tx::GiveBack, lang), quiet);
  if (button(ctx, tr(Tx::GiveBack, lang), ImVec2(box.x0, box.y1 - giveBackH), ImVec2(qw, giveBackH), quiet))
    model.askForPin(PinPurpose::LeaveChildMode);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) model.askForPin(PinPurpose::LeaveChildMode);
}

}  // namespace spor::ui
