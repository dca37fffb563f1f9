// Child mode: one item per screen. The question in large text, four big
// face buttons with their labels, "Vil ikke svare", progress, back, pause and
// the speaker. Answers are given to the model, which stores each at once.
#include <algorithm>
#include <optional>
#include <string>
#include <tuple>

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
void drawQuestionBlock(ViewContext& ctx, const ChildItemView& item, ImFont* font, float x, float y, float textW,
                       float leadH, float questionH, bool speaker, float speakerR) {
  const Palette& c = palette();
  const float u = em(ctx);
  if (!item.leadIn.empty()) text(ctx, item.leadIn, ctx.fonts.body, ImVec2(x, y), textW, c.muted, Align::Left);
  text(ctx, item.text, font, ImVec2(x, y + leadH), textW, c.ink, Align::Left);
  if (speaker &&
      iconButton(ctx, tr(Word::ReadAloud, ctx.lang()), Icon::Speaker,
                 ImVec2(x - u * 1.2f - speakerR, y + leadH + std::min(questionH, u * 3.0f) * 0.5f), speakerR))
    ctx.model.childMode().readAloud();
}

}  // namespace

void drawChildQuestion(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const ChildItemView item = model.childMode().currentItem();
  if (item.count == 0) return;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  // Top bar: back on the left, progress in the middle, pause on the right.
  const float barH = u * 2.6f;
  const ButtonStyle side{ButtonKind::Secondary, ctx.fonts.bold, Icon::Back};
  const float backW = buttonWidth(ctx, tr(Word::Back, lang), side);
  if (item.canGoBack && button(ctx, tr(Word::Back, lang), ImVec2(box.x0, box.y0), ImVec2(backW, barH), side))
    model.childMode().back();
  const ButtonStyle pauseStyle{ButtonKind::Secondary, ctx.fonts.bold, Icon::Pause};
  const float pauseW = buttonWidth(ctx, tr(Word::Pause, lang), pauseStyle);
  if (button(ctx, tr(Word::Pause, lang), ImVec2(box.x1 - pauseW, box.y0), ImVec2(pauseW, barH), pauseStyle))
    model.childMode().pause();

  const std::string progress = trf(Word::Progress, lang, {std::to_string(item.number), std::to_string(item.count)});
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

  // What lies between the top bar and the bottom: the question block, the
  // answers and "Vil ikke svare". Every answer (each face or card and "Vil
  // ikke svare") is seen whole without scrolling, and at least 70 px high
  // (12 mm on a 10" screen): a child never scrolls to find an answer or to
  // decline. When the text is large and the screen small, the layout gives
  // way step by step (fitChildLayout): the faces shrink to a comfortable
  // size, the gaps tighten, the question takes a smaller font, the faces
  // shrink further (down to 70 px, the face dropped before the label), and
  // only as a last resort does the question (never an answer) scroll.
  const bool speaker = model.state().readAloudAvailable && model.state().settings.readAloud;
  const float speakerR = u * 1.7f;
  const float speakerSpace = speaker ? speakerR * 2.0f + u * 1.2f : 0.0f;
  const float textW = std::min(box.width() - speakerSpace, u * 36.0f);
  const std::size_t n = item.options.size();
  const float nf = static_cast<float>(n);
  const bool portrait = box.height() > box.width() * 1.15f;
  const float minAnswer = std::max(kMinAnswerHeight, u * 2.4f);

  struct Fit {
    ImFont* font = nullptr;
    float leadH = 0, questionH = 0, blockH = 0, speakerBottom = 0;
    float gapTop = 0, questionGap = 0, gapBottom = 0, rowGap = 0, declineH = 0;
    float answerH = 0;  // a face's height (landscape) or a card's (portrait)
    float answersH = 0;
    float avail = 0;  // between the top gap and the bottom gap, for the block and the answers
    bool fits = false;
  };
  const float leadH = item.leadIn.empty() ? 0.0f : measureText(ctx.fonts.body, item.leadIn, textW).y + u * 0.8f;
  // Landscape: one row of faces, as big as fits under the question (a face
  // with its label under it needs about 5.6 em to stay a comfortable face).
  const float rowW = portrait ? std::min(box.width(), u * 34.0f) : std::min(box.width(), u * 46.0f);
  const float faceGap = u * 1.0f;
  const float faceW = portrait ? rowW : (rowW - faceGap * (nf - 1)) / nf;
  const float wanted = portrait ? u * 6.5f : std::min(faceW * 1.2f, box.height() * 0.38f);
  const float comfortable = std::max(minAnswer, std::min(wanted, portrait ? u * 3.2f : u * 5.6f));
  const auto fit = [&](ImFont* font, bool tight, float smallest) {
    Fit f;
    f.font = font;
    f.leadH = leadH;
    f.questionH = measureText(font, item.text, textW).y;
    f.blockH = f.leadH + f.questionH;
    // The speaker's caption may reach below a one-line question.
    f.speakerBottom =
        speaker ? f.leadH + std::min(f.questionH, u * 3.0f) * 0.5f + speakerR * 1.2f + ctx.fonts.small->FontSize : 0.0f;
    f.gapTop = tight ? u * 0.5f : u * 1.2f;
    f.gapBottom = tight ? u * 0.6f : u * 1.4f;
    f.declineH = std::max(kMinAnswerHeight, tight ? u * 2.4f : u * 3.0f);
    f.rowGap = portrait ? (tight ? u * 0.5f : u * 0.9f) : 0.0f;
    const float under = portrait ? (tight ? u * 0.8f : u * 1.8f) : (tight ? u * 0.6f : u * 1.2f);
    const float caption = portrait ? (tight ? u * 0.6f : u * 1.2f) : (tight ? u * 0.4f : u * 0.8f);
    f.questionGap = std::max(f.blockH + under, f.speakerBottom + caption) - f.blockH;
    f.avail = box.height() - barH - f.gapTop - f.gapBottom - f.declineH;
    const float room = f.avail - f.blockH - f.questionGap;
    f.answerH = std::clamp(portrait ? (room - f.rowGap * (nf - 1)) / nf : room, smallest, std::max(smallest, wanted));
    f.answersH = portrait ? f.answerH * nf + f.rowGap * (nf - 1) : f.answerH;
    // A word wider than the line ("(selvmord/selvmordsforsøg)" in portrait)
    // would be cut in the middle: a smaller font instead.
    f.fits = f.blockH + f.questionGap + f.answersH <= f.avail + 0.5f && !breaksWord(font, item.text, textW);
    return f;
  };
  Fit f;
  for (const auto& [font, tight, smallest] :
       {std::tuple{ctx.fonts.question, false, comfortable}, std::tuple{ctx.fonts.question, true, comfortable},
        std::tuple{ctx.fonts.button, true, comfortable}, std::tuple{ctx.fonts.question, true, minAnswer},
        std::tuple{ctx.fonts.button, true, minAnswer}, std::tuple{ctx.fonts.bold, true, minAnswer}}) {
    f = fit(font, tight, smallest);
    if (f.fits) break;
  }
  // Last resort (a long question, the largest text, a small screen): the
  // answers keep their place at the smallest size, and the question scrolls.
  const bool scrollQuestion = !f.fits;

  // Bottom: "Vil ikke svare", centred, smaller than the faces, always in
  // reach: it never moves into a scroll area and nothing is drawn over it.
  const ButtonStyle declineStyle{ButtonKind::Secondary, ctx.fonts.bold};
  const float declineW = std::min(box.width(), std::max(u * 12.0f, buttonWidth(ctx, item.declineLabel, declineStyle)));
  const float declineY = box.y1 - f.declineH;
  const bool accepting = model.childMode().acceptsAnswers();
  const bool declined = item.given && item.given->declined;
  ButtonStyle ds = declineStyle;
  ds.ready = accepting;
  ds.mustShow = true;  // an answer: check-layout fails unless a child sees it whole
  if (declined) ds.kind = ButtonKind::Primary;  // the answer already given
  if (button(ctx, item.declineLabel, ImVec2(box.cx() - declineW * 0.5f, declineY), ImVec2(declineW, f.declineH), ds))
    model.childMode().decline();

  const float top = box.y0 + barH + f.gapTop;
  const float bottom = declineY - f.gapBottom;  // the answers end here at the lowest
  const float blockX = box.cx() - (textW + speakerSpace) * 0.5f + speakerSpace;
  // A scroll area reaches into the margins: its bar lies beside the text, and
  // the speaker's caption is not clipped at the left.
  const float edge = box.margin * 0.6f;
  const std::string scrollId = "child-question-" + item.itemId;

  // Where the answers start, and the question block above them.
  float answersY = 0;
  float blockY = 0;
  if (scrollQuestion) {
    answersY = bottom - f.answersH;
  } else if (portrait) {
    // Upright: the cards right under the question; question and answers
    // together a little above the middle, so no empty band between them.
    const float contentH = f.blockH + f.questionGap + f.answersH;
    blockY = top + std::max(0.0f, f.avail - contentH) * 0.45f;
    answersY = blockY + f.blockH + f.questionGap;
  } else {
    // The faces at the bottom, the question a little above the middle of
    // what is left (the eye starts at the top; the faces sit under it).
    answersY = bottom - f.answersH;
    blockY = std::max(top, top + (answersY - f.questionGap - top - f.blockH) * 0.45f);
  }
  {
    std::optional<ScrollArea> area;
    if (scrollQuestion) {
      area.emplace(ctx, scrollId.c_str(), ImVec2(box.x0 - edge, top),
                   ImVec2(box.x1 + edge, answersY - f.questionGap + u * 0.2f));
      blockY = area->top();
    }
    drawQuestionBlock(ctx, item, f.font, blockX, blockY, textW, f.leadH, f.questionH, speaker, speakerR);
    if (area) area->end(std::max(f.blockH, f.speakerBottom));
  }

  if (portrait) {
    // A column of wide cards (a face, its label beside it), top to bottom in value order.
    ImFont* labelFont = labelFontFor(ctx, item, rowW - f.answerH * 1.1f);
    for (std::size_t i = 0; i < n; ++i) {
      const FaceOption& o = item.options[i];
      const ImVec2 pos(box.cx() - rowW * 0.5f, answersY + static_cast<float>(i) * (f.answerH + f.rowGap));
      const bool selected = item.given && !item.given->declined && item.given->value == o.value;
      if (faceButton(ctx, o, pos, ImVec2(rowW, f.answerH), labelFont, selected, accepting, true)) model.childMode().answer(o.value);
    }
  } else {
    // One row, left to right in value order.
    ImFont* labelFont = labelFontFor(ctx, item, faceW);
    for (std::size_t i = 0; i < n; ++i) {
      const FaceOption& o = item.options[i];
      const ImVec2 pos(box.cx() - rowW * 0.5f + static_cast<float>(i) * (faceW + faceGap), answersY);
      const bool selected = item.given && !item.given->declined && item.given->value == o.value;
      if (faceButton(ctx, o, pos, ImVec2(faceW, f.answerH), labelFont, selected, accepting)) model.childMode().answer(o.value);
    }
  }

  // A keyboard's Escape asks for the adult's PIN, like "Til den voksne".
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) model.lock().ask(PinPurpose::LeaveChildMode);
}

}  // namespace spor::ui
