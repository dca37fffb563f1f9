// Child mode: one item per screen. The question in large text, four big
// face buttons with their labels, "Vil ikke svare", progress, back, pause and
// the speaker. Answers are given to the model, which stores each at once.
#include <algorithm>
#include <optional>
#include <string>

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

// The lead-in in a quieter colour, the question, and the speaker to its left.
void drawQuestionBlock(ViewContext& ctx, const ChildItemView& item, float x, float y, float textW, float leadH,
                       float questionH, bool speaker, float speakerR) {
  const Palette& c = palette();
  const float u = em(ctx);
  if (!item.leadIn.empty()) text(ctx, item.leadIn, ctx.fonts.body, ImVec2(x, y), textW, c.muted, Align::Left);
  text(ctx, item.text, ctx.fonts.question, ImVec2(x, y + leadH), textW, c.ink, Align::Left);
  if (speaker &&
      iconButton(ctx, tr(Tx::ReadAloud, ctx.lang()), Icon::Speaker,
                 ImVec2(x - u * 1.2f - speakerR, y + leadH + std::min(questionH, u * 3.0f) * 0.5f), speakerR))
    ctx.model.readAloud();
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

  // Bottom: "Vil ikke svare", centred, smaller than the faces, always in
  // reach: it never moves into a scroll area and nothing is drawn over it.
  // 3 em is 72 px at 1280x800, above the 70 px (12 mm on a 10" screen) every
  // answer a child can give should have.
  const ButtonStyle declineStyle{ButtonKind::Secondary, ctx.fonts.bold};
  const float declineW = std::min(box.width(), std::max(u * 12.0f, buttonWidth(ctx, item.declineLabel, declineStyle)));
  const float declineH = u * 3.0f;
  const float declineY = box.y1 - declineH;
  const bool accepting = model.acceptsAnswers();
  const bool declined = item.given && item.given->declined;
  ButtonStyle ds = declineStyle;
  ds.ready = accepting;
  ds.mustShow = true;  // an answer: check-layout fails unless a child sees it whole
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

  // Between the top bar and "Vil ikke svare": the question and the answers.
  // They shrink the faces to fit (never below a face a child can tap and a
  // label that fits); when even that does not fit (the largest text on a
  // small screen) this part scrolls. Nothing is ever drawn over anything.
  const std::size_t n = item.options.size();
  const float nf = static_cast<float>(n);
  const bool portrait = box.height() > box.width() * 1.15f;
  const float facesBottom = declineY - u * 1.4f;
  const float avail = facesBottom - top;
  const float blockX = box.cx() - (textW + speakerSpace) * 0.5f + speakerSpace;
  const std::string scrollId = "child-question-" + item.itemId;
  // A scroll area reaches into the margins: its bar lies beside the cards and
  // the text, and the speaker's caption is not clipped at the left.
  const float edge = box.margin * 0.6f;

  if (portrait) {
    // Upright: the answers as a column of wide cards (a face, its label
    // beside it), top to bottom in value order, right under the question;
    // question and answers together sit a little above the middle, so the
    // height is used without a gap in the middle of the screen.
    const float rowW = std::min(box.width(), u * 34.0f);
    const float rowGap = u * 0.9f;
    const float questionGap = std::max(blockH + u * 1.8f, speakerBottom + u * 1.2f) - blockH;
    const float room = avail - blockH - questionGap;
    const float rowH = std::clamp((room - rowGap * (nf - 1)) / nf, u * 3.2f, u * 6.5f);
    const float facesH = rowH * nf + rowGap * (nf - 1);
    const float contentH = blockH + questionGap + facesH;
    const bool scroll = contentH > avail + 0.5f;
    std::optional<ScrollArea> area;
    float y0 = top + std::max(0.0f, avail - contentH) * 0.45f;
    if (scroll) {
      area.emplace(ctx, scrollId.c_str(), ImVec2(box.x0 - edge, top), ImVec2(box.x1 + edge, facesBottom));
      y0 = area->top();
    }
    drawQuestionBlock(ctx, item, blockX, y0, textW, leadH, questionH, speaker, speakerR);
    const float faceY0 = y0 + blockH + questionGap;
    ImFont* labelFont = labelFontFor(ctx, item, rowW - rowH * 1.1f);
    for (std::size_t i = 0; i < n; ++i) {
      const FaceOption& o = item.options[i];
      const ImVec2 pos(box.cx() - rowW * 0.5f, faceY0 + static_cast<float>(i) * (rowH + rowGap));
      const bool selected = item.given && !item.given->declined && item.given->value == o.value;
      if (faceButton(ctx, o, pos, ImVec2(rowW, rowH), labelFont, selected, accepting, true)) model.answer(o.value);
    }
    if (area) area->end(contentH);
  } else {
    // The faces: one row, left to right in value order, as big as fits under
    // the question (a face with its label needs about 5.6 em to stay a face).
    const float gap = u * 1.0f;
    // Under the question, and under the speaker's caption when it reaches lower.
    const float questionGap = std::max(blockH + u * 1.2f, speakerBottom + u * 0.8f) - blockH;
    const float rowW = std::min(box.width(), u * 46.0f);
    const float faceW = (rowW - gap * (nf - 1)) / nf;
    const float wanted = std::min(faceW * 1.2f, box.height() * 0.38f);
    const float faceH = std::clamp(avail - blockH - questionGap, std::min(wanted, u * 5.6f), wanted);
    const float contentH = blockH + questionGap + faceH;
    const bool scroll = contentH > avail + 0.5f;
    std::optional<ScrollArea> area;
    float faceY = facesBottom - faceH;
    // A little above the middle: the eye starts at the top, and the faces sit right under the question.
    float blockY = std::max(top, top + (faceY - questionGap - top - blockH) * 0.45f);
    if (scroll) {
      area.emplace(ctx, scrollId.c_str(), ImVec2(box.x0 - edge, top), ImVec2(box.x1 + edge, facesBottom));
      blockY = area->top();
      faceY = blockY + blockH + questionGap;
    }
    drawQuestionBlock(ctx, item, blockX, blockY, textW, leadH, questionH, speaker, speakerR);
    ImFont* labelFont = labelFontFor(ctx, item, faceW);
    for (std::size_t i = 0; i < n; ++i) {
      const FaceOption& o = item.options[i];
      const ImVec2 pos(box.cx() - rowW * 0.5f + static_cast<float>(i) * (faceW + gap), faceY);
      const bool selected = item.given && !item.given->declined && item.given->value == o.value;
      if (faceButton(ctx, o, pos, ImVec2(faceW, faceH), labelFont, selected, accepting)) model.answer(o.value);
    }
    if (area) area->end(contentH);
  }

  // A keyboard's Escape asks for the adult's PIN, like "Til den voksne".
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) model.askForPin(PinPurpose::LeaveChildMode);
}

}  // namespace spor::ui
