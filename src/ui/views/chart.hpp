#pragma once
// The child's development: one line per dimension over the occasions,
// drawn with ImGui's draw list. Every line runs "up is better" (reversed
// dimensions are drawn as 5 - score), so a child and a volunteer can read it
// together without knowing which dimensions are reversed.
#include "ui/views/views.hpp"

namespace spor::ui {

// Draws the chart in the rectangle; returns the height used (the legend may
// add rows below the plot).
float drawScoreChart(ViewContext& ctx, const ChildDetailView& detail, ImVec2 pos, float width, float plotHeight);

}  // namespace spor::ui
