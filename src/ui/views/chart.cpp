#include "ui/views/chart.hpp"

#include <algorithm>

#include <imgui.h>

#include "ui/model/app_model.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace spor::ui {

namespace {

// Calm, distinguishable line colours (Okabe-Ito, darkened for contrast on white).
constexpr ImU32 kLineColours[] = {
    IM_COL32(0x00, 0x6B, 0xA4, 0xFF), IM_COL32(0xC2, 0x6A, 0x00, 0xFF), IM_COL32(0x00, 0x8A, 0x6E, 0xFF),
    IM_COL32(0xB0, 0x4A, 0x8C, 0xFF), IM_COL32(0x5A, 0x5A, 0x5A, 0xFF), IM_COL32(0x8A, 0x7A, 0x00, 0xFF),
    IM_COL32(0x3E, 0x4F, 0xB8, 0xFF), IM_COL32(0xA0, 0x3A, 0x2A, 0xFF),
};

// Each line's own marker: a circle, a square, a triangle, a diamond, then
// the same hollow, so lines in similar colours stay apart.
void marker(ImDrawList* dl, ImVec2 p, float r, ImU32 col, std::size_t line, ImU32 paper) {
  switch (line % 4) {
    case 0: dl->AddCircleFilled(p, r, col, 0); break;
    case 1:
      dl->AddRectFilled(ImVec2(p.x - r * 0.9f, p.y - r * 0.9f), ImVec2(p.x + r * 0.9f, p.y + r * 0.9f), col);
      break;
    case 2:
      dl->AddTriangleFilled(ImVec2(p.x, p.y - r * 1.15f), ImVec2(p.x + r * 1.1f, p.y + r * 0.8f),
                            ImVec2(p.x - r * 1.1f, p.y + r * 0.8f), col);
      break;
    default:
      dl->AddQuadFilled(ImVec2(p.x, p.y - r * 1.2f), ImVec2(p.x + r * 1.2f, p.y), ImVec2(p.x, p.y + r * 1.2f),
                        ImVec2(p.x - r * 1.2f, p.y), col);
      break;
  }
  if ((line / 4) % 2 == 1) dl->AddCircleFilled(p, r * 0.45f, paper, 0);  // lines 5-8: hollow
}

}  // namespace

float drawScoreChart(ViewContext& ctx, const ChildDetailView& d, ImVec2 pos, float width, float plotHeight) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const core::ChildForm* form = d.project ? &ctx.model.forms().childForm(d.project->childForm) : nullptr;
  if (!form || d.chart.empty()) {
    return text(ctx, tr(Word::ChartEmpty, lang), ctx.fonts.body, pos, width, c.muted);
  }
  // Questionnaires taken, but every question of the dimensions shown
  // skipped ("vil ikke svare"): an empty plot said nothing about why.
  const bool anyScore = std::any_of(d.chart.begin(), d.chart.end(), [&](const ScorePoint& p) {
    return std::any_of(d.chartDimensions.begin(), d.chartDimensions.end(),
                       [&](const std::string& dim) { return p.scores.count(dim) > 0; });
  });
  if (!anyScore) return text(ctx, tr(Word::ChartAllDeclined, lang), ctx.fonts.body, pos, width, c.muted);
  // The plot: y from 1 (bottom) to 4 (top), x one step per measurement.
  const float left = pos.x + u * 1.6f;
  const float right = pos.x + width - u * 0.8f;
  const float top = pos.y + u * 0.5f;
  const float bottom = pos.y + plotHeight - u * 2.6f;
  panel(pos, ImVec2(pos.x + width, pos.y + plotHeight), c.surface, c.border, u * 0.5f, u * 0.06f);
  for (int v = 1; v <= 4; ++v) {
    const float y = bottom - (bottom - top) * static_cast<float>(v - 1) / 3.0f;
    dl->AddLine(ImVec2(left, y), ImVec2(right, y), c.track, std::max(1.0f, u * 0.05f));
    const std::string label = std::to_string(v);
    dl->AddText(ctx.fonts.small, ctx.fonts.small->FontSize,
                ImVec2(pos.x + u * 0.5f, y - ctx.fonts.small->FontSize * 0.5f), c.muted, label.c_str());
  }
  const std::size_t n = d.chart.size();
  const auto xAt = [&](std::size_t i) {
    return n == 1 ? (left + right) * 0.5f
                  : left + u + (right - left - 2 * u) * static_cast<float>(i) / static_cast<float>(n - 1);
  };
  // The occasions and dates under the plot.
  for (std::size_t i = 0; i < n; ++i) {
    const std::string occ = core::occasionName(d.chart[i].occasion).in(lang);
    const std::string date = displayDate(d.chart[i].date, lang);
    const float w1 = measureText(ctx.fonts.small, occ, FLT_MAX).x;
    const float w2 = measureText(ctx.fonts.small, date, FLT_MAX).x;
    const float x = std::clamp(xAt(i), left + std::max(w1, w2) * 0.5f, right - std::max(w1, w2) * 0.5f);
    dl->AddText(ctx.fonts.small, ctx.fonts.small->FontSize, ImVec2(x - w1 * 0.5f, bottom + u * 0.3f), c.ink,
                occ.c_str());
    dl->AddText(ctx.fonts.small, ctx.fonts.small->FontSize, ImVec2(x - w2 * 0.5f, bottom + u * 1.2f), c.muted,
                date.c_str());
    ctx.registry.note(occ);
    ctx.registry.note(date);
  }
  // One line per dimension, "up is better" (reversed dimensions as 5 - score,
  // chartMarks). Markers that would cover each other sit side by side, and
  // their lines run a little apart, so a line with the same scores as another
  // stays visible; each line also has its own marker shape.
  const float r = u * 0.28f;
  const double close = 2.0 * r / std::max(1.0f, bottom - top) * 3.0;  // a marker's width, in score units
  const std::vector<ChartMark> marks = chartMarks(d, *form, close);
  const auto place = [&](const ChartMark& m) {
    const float spread = static_cast<float>(m.slot) - static_cast<float>(m.slots - 1) * 0.5f;
    return ImVec2(xAt(m.point) + spread * r * 2.2f,
                  bottom - (bottom - top) * static_cast<float>((m.value - 1.0) / 3.0));
  };
  const auto lift = [&](const ChartMark& m) {  // the line's own lane among the markers that share a place
    return (static_cast<float>(m.slot) - static_cast<float>(m.slots - 1) * 0.5f) * u * 0.2f;
  };
  for (std::size_t a = 0; a < marks.size(); ++a) {
    if (a == 0 || marks[a - 1].line != marks[a].line || marks[a - 1].point + 1 != marks[a].point) continue;
    const ImU32 col = kLineColours[marks[a].line % std::size(kLineColours)];
    const ImVec2 p0 = place(marks[a - 1]);
    const ImVec2 p1 = place(marks[a]);
    dl->AddLine(ImVec2(p0.x, p0.y + lift(marks[a - 1])), ImVec2(p1.x, p1.y + lift(marks[a])), col, u * 0.14f);
  }
  for (const ChartMark& m : marks)
    marker(dl, place(m), r, kLineColours[m.line % std::size(kLineColours)], m.line, c.surface);
  // The legend: a colour swatch and the dimension's name, wrapping.
  float lx = pos.x;
  float ly = pos.y + plotHeight + u * 0.6f;
  const float rowH = u * 1.5f;
  for (std::size_t k = 0; k < d.chartDimensions.size(); ++k) {
    const core::Dimension* def = form->dimension(d.chartDimensions[k]);
    const std::string name = def ? def->name.in(lang) : d.chartDimensions[k];
    const float w = u * 1.4f + measureText(ctx.fonts.small, name, FLT_MAX).x + u * 1.0f;
    if (lx > pos.x && lx + w > pos.x + width) {
      lx = pos.x;
      ly += rowH;
    }
    const ImU32 col = kLineColours[k % std::size(kLineColours)];
    dl->AddLine(ImVec2(lx, ly + u * 0.55f), ImVec2(lx + u * 0.9f, ly + u * 0.55f), col, u * 0.14f);
    marker(dl, ImVec2(lx + u * 0.45f, ly + u * 0.55f), u * 0.28f, col, k, c.surface);
    text(ctx, name, ctx.fonts.small, ImVec2(lx + u * 1.3f, ly), w - u * 1.3f, c.ink);
    lx += w;
  }
  ly += rowH;
  ly += text(ctx, tr(Word::ChartNote, lang), ctx.fonts.small, ImVec2(pos.x, ly), width, c.muted);
  // The sensitive dimensions are left out, unnamed: the child sees this screen.
  if (d.chartHidden > 0)
    ly += text(ctx, tr(Word::ChartSensitiveLeftOut, lang), ctx.fonts.small, ImVec2(pos.x, ly), width, c.muted);
  // The reversed dimensions say that they are drawn turned over.
  std::string reversedNames;
  for (const std::string& dim : d.chartDimensions)
    if (const core::Dimension* def = form->dimension(dim); def && def->direction == core::Direction::Reversed)
      reversedNames += (reversedNames.empty() ? "" : ", ") + def->name.in(lang);
  if (!reversedNames.empty())
    ly += text(ctx, trf(Word::ChartReversed, lang, {reversedNames}), ctx.fonts.small, ImVec2(pos.x, ly), width, c.muted);
  return ly - pos.y;
}

}  // namespace spor::ui
