#pragma once
// Inline SVG charts for the HTML report, drawn like the evaluation's figures:
// the mean per occasion, and stacked bars of improved / unchanged / worse.
// Plain strings; the charts inherit the page's font and print as vectors.
#include <string>
#include <vector>

#include "report/report.hpp"

namespace spor::report::svg {

// Bars of the mean per occasion (før, efter, opfølgning) on the 1–4 scale,
// with the value and n under each bar.
[[nodiscard]] std::string meansChart(const DimensionResult& d);

// One stacked bar per occasion pair: improved / unchanged / worse in percent.
[[nodiscard]] std::string changeChart(const DimensionResult& d);

// A child's scores over its measurements, in date order.
[[nodiscard]] std::string timelineChart(const TimelineDimension& d);

}  // namespace spor::report::svg
