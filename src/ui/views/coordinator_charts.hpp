#pragma once
// The coordinator's charts, drawn with ImGui's draw list: the programme
// report (per dimension the mean per occasion, and stacked bars improved /
// unchanged / worse for each pair of occasions, as the HTML report draws
// them) and a child's timeline (view_coordinator_report.cpp).
#include "report/report.hpp"
#include "ui/model/coordinator_model.hpp"
#include "ui/views/layout.hpp"

namespace spor::ui {

// The report tab below `y`: the project and intervention filters, the
// counts, and a card with both charts per measured dimension.
void drawCoordinatorReport(ViewContext& ctx, CoordinatorModel& model, const ScreenBox& box, float y);

// A child's timeline at (x, y): a line chart and the changes per dimension.
// Returns the height used.
float drawTimeline(ViewContext& ctx, const report::Timeline& timeline, float x, float y, float width);

}  // namespace spor::ui
