// Child mode: one item per screen. The question in large text, four big
// face buttons with their labels, "Vil ikke svare", progress, back, pause and
// the speaker. Answers are given to the model, which stores each at once.
#include <algorithm>

#include <imgui.h>

#include "ui/text.hpp"
#include "ui/views/layout.hpp"

namespace spor::ui {

namespace {

// The largest font in which every option's label fits its button.
ImFont* labelFontFor(const ViewContext& ctx, const ChildItemView& item, float buttonWidth) {
  for (ImFont* f : {ctx.fonts.button, ctx.fonts.bold, ctx.fonts.body, ctx.fonts.small}) {
    bool fits = true;
    for (const FaceOption& o : item.options)
      fits = fits && measureText(f, o.label, FLT_MAX).x <= buttonWidth - em(ctx) * 0.8f;
    if (fits) return f;
  }
  return ctx.fonts.small;
}

}  // namespace

void drawChildQuestion(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const ChildItemView item = model.currentItem();
  if (item.count == 0) return;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  // Top bar: back on the left, progress in the middle, pause on the right.
  const float barH = u * 2.6f;
  const ButtonStyle side{ButtonKind::Secondary, ctx.fonts.bold, Icon::Back};
  const float backW = buttonWidth(ctx, tr(Tx::Back, lang), side);
  if (item.canGoBack && button(ctx, tr(Tx::Back, lang), ImVec2(box.x0, box.y0), ImVec2(backW, barH), side))
    model.back();
  const ButtonStyle pauseStyle{ButtonKind::Secondary, ctx.fonts.bold, Icon::Pause};
  const float pauseW = buttonWidth(ctx, tr(Tx::Pause, lang), pauseStyle);
  if (button(ctx, tr(Tx::Pause, lang), ImVec2(box.x1 - pauseW, box.y0), ImVec2(pauseW, barH), pauseStyle))
    model.pause();

  const std::string progress = trf(Tx::Progress, lang, {std::to_string(item.number), std::to_string(item.count)});
  const float midW = box.width() - 2.0f * std::max(backW, pauseW) - 2.0f * u;
  const float trackW = std::min(midW, u * 14.0f);
  const float progressH = measureText(ctx.fonts.bold, progress, FLT_MAX).y;
  const float py = box.y0 + (barH - progressH - u * 0.9f) * 0.5f;
  text(ctx, progress, ctx.fonts.bold, ImVec2(box.cx() - trackW * 0.5f, py), trackW, c.ink, Align::Center);
  {
    // The progress bar: how far along, never how far to go in numbers alone.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float ty = py + progressH + u * 0.4f;
    const ImVec2 t0(box.cx() - trackW * 0.5f, ty);
    const float done = static_cast<float>(item.number - 1) / static_cast<float>(item.count);
    dl->AddRectFilled(t0, ImVec2(t0.x + trackW, ty + u * 0.5f), c.track, u * 0.25f);
    if (done > 0)
      dl->AddRectFilled(t0, ImVec2(t0.x + std::max(u * 0.5f, trackW * done), ty + u * 0.5f), c.primary, u * 0.25f);
  }

  // Bottom: "Vil ikke svare", centred, smaller than the faces.
  const ButtonStyle declineStyle{ButtonKind::Secondary, ctx.fonts.bold};
  const float declineW = std::min(box.width(), std::max(u * 12.0f, buttonWidth(ctx, item.declineLabel, declineStyle)));
  const float declineH = u * 2.7f;
  const float declineY = box.y1 - declineH;
  const bool accepting = model.acceptsAnswers();
  const bool declined = item.given && item.given->declined;
  ButtonStyle ds = declineStyle;
  ds.ready = accepting;
  if (declined) ds.kind = ButtonKind::Primary;  // the answer already given
  if (button(ctx, item.declineLabel, ImVec2(box.cx() - declineW * 0.5f, declineY), ImVec2(declineW, declineH), ds))
    model.decline();

  // The question block: the lead-in, the question, and the speaker to its left.
  const float top = box.y0 + barH + u * 1.2f;
  const bool speaker = model.state().readAloudAvailable && model.state().settings.readAloud;
  const float speakerR = u * 1.7f;
  const float speakerSpace = speaker ? speakerR * 2.0f + u * 1.2f : 0.0f;
  const float textW = std::min(box.width() - speakerSpace, u * 36.0f);
  const float leadH = item.leadIn.empty() ? 0.0f : measureText(ctx.fonts.body, item.leadIn, textW).y + u * 0.8f;
  const float questionH = measureText(ctx.fonts.question, item.text, textW).y;
  const float blockH = leadH + questionH;
  // The speaker's caption may reach below a one-line question.
  const float speakerBottom =
      speaker ? leadH + std::min(questionH, u * 3.0f) * 0.5f + speakerR * 1.2f + ctx.fonts.small->FontSize : 0.0f;

  const std::size_t n = item.options.size();
  const bool portrait = box.height() > box.width() * 1.15f;
  const float facesBottom = declineY - u * 1.4f;
  float blockY = top;
  if (portrait) {
    // Upright: the answers as a column of wide cards (a face, its label
    // beside it), top to bottom in value order, right under the question;
    // question and answers together sit a little above the middle, so the
    // height is used without a gap in the middle of the screen.
    const float rowW = std::min(box.width(), u * 34.0f);
    const float rowGap = u * 0.9f;
    const float questionGap = std::max(blockH + u * 1.8f, speakerBottom + u * 1.2f) - blockH;
    const float room = facesBottom - top - blockH - questionGap;
    const float rowH = std::clamp((room - rowGap * static_cast<float>(n - 1)) / static_cast<float>(n), u * 3.2f,
                                  u * 6.5f);
    const float facesH = rowH * static_cast<float>(n) + rowGap * static_cast<float>(n - 1);
    const float free = std::max(0.0f, facesBottom - top - blockH - questionGap - facesH);
    blockY = top + free * 0.45f;
    const float faceY0 = blockY + blockH + questionGap;
    ImFont* labelFont = labelFontFor(ctx, item, rowW - rowH * 1.1f);
    for (std::size_t i = 0; i < n; ++i) {
      const FaceOption& o = item.options[i];
      const ImVec2 pos(box.cx() - rowW * 0.5f, faceY0 + static_cast<float>(i) * (rowH + rowGap));
      const bool selected = item.given && !item.given->declined && item.given->value == o.value;
      if (faceButton(ctx, o, pos, ImVec2(rowW, rowH), labelFont, selected, accepting, true)) model.answer(o.value);
    }
  } else {
    // The faces: one row, left to right in value order, as big as fits.
    const float gap = u * 1.0f;
    const float rowW = std::min(box.width(), u * 46.0f);
    const float faceW = (rowW - gap * static_cast<float>(n - 1)) / static_cast<float>(n);
    const float faceH = std::min(faceW * 1.2f, box.height() * 0.38f);
    const float faceY = facesBottom - faceH;
    ImFont* labelFont = labelFontFor(ctx, item, faceW);
    for (std::size_t i = 0; i < n; ++i) {
      const FaceOption& o = item.options[i];
      const ImVec2 pos(box.cx() - rowW * 0.5f + static_cast<float>(i) * (faceW + gap), faceY);
      const bool selected = item.given && !item.given->declined && item.given->value == o.value;
      if (faceButton(ctx, o, pos, ImVec2(faceW, faceH), labelFont, selected, accepting)) model.answer(o.value);
    }
    // A little above the middle: the eye starts at the top, and the faces sit right under the question.
    const float bottom = faceY - u * 1.2f;
    blockY = std::max(top, top + (bottom - top - blockH) * 0.45f);
  }

  const float blockX = box.cx() - (textW + speakerSpace) * 0.5f + speakerSpace;
  if (!item.leadIn.empty()) text(ctx, item.leadIn, ctx.fonts.body, ImVec2(blockX, blockY), textW, c.muted, Align::Left);
  text(ctx, item.text, ctx.fonts.question, ImVec2(blockX, blockY + leadH), textW, c.ink, Align::Left);
  if (speaker &&
      iconButton(ctx, tr(Tx::ReadAloud, lang), Icon::Speaker,
                 ImVec2(blockX - u * 1.2f - speakerR, blockY + leadH + std::min(questionH, u * 3.0f) * 0.5f), speakerR))
    model.readAloud();

  // A keyboard's Escape asks for the adult's PIN, like "Til den voksne".
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) model.askForPin(PinPurpose::LeaveChildMode);
}

}  // namespace spor::ui
