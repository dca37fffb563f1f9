#include "ui/views/chart.hpp"

#include <algorithm>

#include <imgui.h>

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

}  // namespace

float drawScoreChart(ViewContext& ctx, const ChildDetailView& d, ImVec2 pos, float width, float plotHeight) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const core::ChildForm* form = d.project ? &ctx.model.forms().childForm(d.project->childForm) : nullptr;
  if (!form || d.chart.empty()) {
    return text(ctx, tr(Tx::ChartEmpty, lang), ctx.fonts.body, pos, width, c.muted);
  }
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
  }
  // One line per dimension, "up is better".
  for (std::size_t k = 0; k < d.chartDimensions.size(); ++k) {
    const std::string& dim = d.chartDimensions[k];
    const core::Dimension* def = form->dimension(dim);
    const bool reversed = def && def->direction == core::Direction::Reversed;
    const ImU32 col = kLineColours[k % std::size(kLineColours)];
    ImVec2 prev;
    bool havePrev = false;
    for (std::size_t i = 0; i < n; ++i) {
      auto it = d.chart[i].scores.find(dim);
      if (it == d.chart[i].scores.end()) {
        havePrev = false;
        continue;
      }
      const double shown = reversed ? 5.0 - it->second : it->second;
      const ImVec2 p(xAt(i), bottom - (bottom - top) * static_cast<float>((shown - 1.0) / 3.0));
      if (havePrev) dl->AddLine(prev, p, col, u * 0.14f);
      dl->AddCircleFilled(p, u * 0.28f, col, 0);
      prev = p;
      havePrev = true;
    }
  }
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
    dl->AddRectFilled(ImVec2(lx, ly + u * 0.2f), ImVec2(lx + u * 0.9f, ly + u * 0.9f),
                      kLineColours[k % std::size(kLineColours)], u * 0.2f);
    text(ctx, name, ctx.fonts.small, ImVec2(lx + u * 1.3f, ly), w - u * 1.3f, c.ink);
    lx += w;
  }
  ly += rowH;
  ly += text(ctx, tr(Tx::ChartNote, lang), ctx.fonts.small, ImVec2(pos.x, ly), width, c.muted);
  return ly - pos.y;
}

}  // namespace spor::ui
