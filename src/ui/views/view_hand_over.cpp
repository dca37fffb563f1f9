// The hand-over: the volunteer gives the tablet to the child, who reads a
// friendly hello and taps Start. From here on only child screens are shown
// until a volunteer's PIN is given.
#include <algorithm>
#include <optional>

#include <imgui.h>

#include "ui/text.hpp"
#include "ui/views/layout.hpp"

namespace spor::ui {

namespace {

Word helpedLabel(core::AnsweringMode m) {
  switch (m) {
    case core::AnsweringMode::Alone: return Word::HandOverHelpedAlone;
    case core::AnsweringMode::Volunteer: return Word::HandOverHelpedVolunteer;
    case core::AnsweringMode::Municipal: return Word::HandOverHelpedMunicipal;
    case core::AnsweringMode::Parent: return Word::HandOverHelpedParent;
  }
  return Word::HandOverHelpedAlone;
}

// The adult's choice of who helps the child answer (issue 14 item 5): four
// cells of equal width in one row, else two, else one per row; a label may
// take two lines (broken between words) before the grid takes fewer columns.
struct HelpedGrid {
  int cols = 4;
  float cellW = 0, cellH = 0, gap = 0, titleH = 0;
  [[nodiscard]] float height() const {
    const int rows = (static_cast<int>(core::kAnsweringModes.size()) + cols - 1) / cols;
    return titleH + gap + static_cast<float>(rows) * cellH + static_cast<float>(rows - 1) * gap;
  }
  [[nodiscard]] float inner(float u) const { return cellW - u * 1.6f; }
};

HelpedGrid helpedGrid(const ViewContext& ctx, float width) {
  const core::Lang lang = ctx.lang();
  const float u = em(ctx);
  ImFont* f = ctx.fonts.body;
  HelpedGrid g;
  g.gap = u * 0.5f;
  g.titleH = measureText(f, tr(Word::HandOverHelpedTitle, lang), width).y;
  const float twoLines = measureText(f, "A\nA", width).y + 1.0f;
  for (int cols : {4, 2, 1}) {
    g.cols = cols;
    g.cellW = (width - g.gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    float textH = 0;
    bool fits = true;
    for (core::AnsweringMode m : core::kAnsweringModes) {
      const std::string label = tr(helpedLabel(m), lang);
      textH = std::max(textH, measureText(f, label, g.inner(u)).y);
      fits = fits && !breaksWord(f, label, g.inner(u));
    }
    g.cellH = std::max(u * 2.4f, textH + u * 1.0f);
    if (fits && textH <= twoLines) break;
  }
  return g;
}

}  // namespace

void drawHandOver(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  // Above "Til den voksne" in the corner, so nothing ever lies over it.
  const float giveBackH = u * 2.2f;
  // Who helps the child answer: chosen by the adult before the child takes
  // the tablet, above the corner button; the greeting and Start get the rest.
  const float helpedW = std::min(box.width(), u * 44.0f);
  const HelpedGrid grid = helpedGrid(ctx, helpedW);
  const float helpedY = box.y1 - giveBackH - u * 0.8f - grid.height();
  const float upper = helpedY - u * 1.0f - box.y0;  // the greeting and Start

  // A child without a nickname is greeted, never by the code ("Hej JF-GW6J!").
  const std::string& nickname = model.state().childNickname;
  const std::string hello = nickname.empty() ? std::string(tr(Word::HandOverTitleNoName, lang))
                                             : trf(Word::HandOverTitle, lang, {nickname});
  // Resumed, the child is told they carry on ("Fortsæt", not "Start"
  // again); always, that a question may be skipped (a new user's trial).
  const bool resumed = model.state().handOverResumed;
  const std::string body = std::string(tr(resumed ? Word::HandOverResumeBody : Word::HandOverBody, lang)) + " " +
                           tr(Word::HandOverSkip, lang);
  const char* startLabel = tr(resumed ? Word::HandOverContinue : Word::HandOverStart, lang);
  const float textW = std::min(box.width(), u * 30.0f);
  const float titleH = measureText(ctx.fonts.title, hello, textW).y;
  const float startH = u * 3.4f;
  // Start is always on the screen: when the greeting does not fit above it,
  // its words take the body font, and if even then they do not fit they
  // scroll while Start stays put just above the adult's choice.
  float startGap = u * 1.6f;
  float titleGap = u * 1.2f;
  ImFont* bodyFont = ctx.fonts.question;
  float bodyH = measureText(bodyFont, body, textW).y;
  if (titleH + titleGap + bodyH > upper - startH - startGap) {
    bodyFont = ctx.fonts.body;
    bodyH = measureText(bodyFont, body, textW).y;
    startGap = u * 0.8f;  // and the gaps close up a little
    titleGap = u * 0.6f;
  }
  const float greetAvail = upper - startH - startGap;
  const float words = titleH + titleGap + bodyH;
  // The face shrinks when the text is large and the screen small, and goes
  // when it would be a dot.
  const float faceR = fittedFaceRadius(ctx, u * 3.2f, greetAvail - words);
  const float faceH = faceR > 0 ? faceR * 2 + u * 1.5f : 0.0f;
  const float greet = faceH + words;
  std::optional<ScrollArea> area;
  float y = box.y0;
  float startY = 0;
  if (greet > greetAvail + 0.5f) {
    area.emplace(ctx, "hand-over", ImVec2(box.x0 - box.margin * 0.6f, box.y0),
                 ImVec2(box.x1 + box.margin * 0.6f, box.y0 + greetAvail));
    y = area->top();
    startY = box.y0 + greetAvail + startGap;
  } else {
    const float gap = std::min(u * 2.2f, upper - greet - startH);
    y = box.y0 + std::max(0.0f, (upper - greet - gap - startH) * 0.5f);
    startY = y + greet + gap;
  }

  if (faceR > 0) drawFace(ImGui::GetWindowDrawList(), ImVec2(box.cx(), y + faceR), faceR, core::Face::VeryHappy);
  y += faceH;
  y += text(ctx, hello, ctx.fonts.title, ImVec2(box.cx() - textW * 0.5f, y), textW, c.ink, Align::Center) + titleGap;
  y += text(ctx, body, bodyFont, ImVec2(box.cx() - textW * 0.5f, y), textW, c.ink, Align::Center);
  if (area) area->end(greet);

  const ButtonStyle start{ButtonKind::Primary, ctx.fonts.title, Icon::Play};
  const float startW = std::max(u * 12.0f, buttonWidth(ctx, startLabel, start));
  if (button(ctx, startLabel, ImVec2(box.cx() - startW * 0.5f, startY), ImVec2(startW, startH), start))
    model.childMode().start();

  {
    const float x0 = box.cx() - helpedW * 0.5f;
    float hy = helpedY;
    hy += text(ctx, tr(Word::HandOverHelpedTitle, lang), ctx.fonts.body, ImVec2(x0, hy), helpedW, c.muted,
               Align::Center) +
          grid.gap;
    const std::optional<core::AnsweringMode> chosen = model.childMode().answeringMode();
    for (std::size_t i = 0; i < core::kAnsweringModes.size(); ++i) {
      const core::AnsweringMode m = core::kAnsweringModes[i];
      const int col = static_cast<int>(i) % grid.cols;
      const int row = static_cast<int>(i) / grid.cols;
      const ImVec2 pos(x0 + static_cast<float>(col) * (grid.cellW + grid.gap),
                       hy + static_cast<float>(row) * (grid.cellH + grid.gap));
      const std::string label = tr(helpedLabel(m), lang);
      ButtonStyle style{chosen == m ? ButtonKind::Chosen : ButtonKind::Secondary, ctx.fonts.body};
      style.drawLabel = false;  // drawn below, wrapped between words when it needs two lines
      if (button(ctx, label, pos, ImVec2(grid.cellW, grid.cellH), style)) model.childMode().chooseAnsweringMode(m);
      const float th = measureText(ctx.fonts.body, label, grid.inner(u)).y;
      text(ctx, label, ctx.fonts.body, ImVec2(pos.x + u * 0.8f, pos.y + (grid.cellH - th) * 0.5f), grid.inner(u),
           c.ink, Align::Center);
    }
  }

  // The volunteer can still take the tablet back (with the PIN).
  const ButtonStyle quiet{ButtonKind::Quiet, ctx.fonts.body};
  const float qw = buttonWidth(ctx, tr(Word::GiveBack, lang), quiet);
  if (button(ctx, tr(Word::GiveBack, lang), ImVec2(box.x0, box.y1 - giveBackH), ImVec2(qw, giveBackH), quiet))
    model.lock().ask(PinPurpose::LeaveChildMode);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) model.lock().ask(PinPurpose::LeaveChildMode);
}

}  // namespace spor::ui
