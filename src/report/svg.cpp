#include "report/svg.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "core/occasions.hpp"
#include "report/format.hpp"

namespace spor::report::svg {

namespace {

// Colours: the occasions in three steps of one blue (as the evaluation's
// figures), the changes in green / grey / red that stay apart in greyscale.
constexpr std::array<const char*, 3> kOccasionFill = {"#9fb8d3", "#4d7aa8", "#1f3f60"};
constexpr const char* kImproved = "#2e7d5b";
constexpr const char* kUnchanged = "#c5cbd3";
constexpr const char* kWorse = "#c4553b";
constexpr const char* kGrid = "#d9dee5";
constexpr const char* kMuted = "#5b6673";

std::string num(double v) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.1f", v);
  return buf.data();
}

std::string text(double x, double y, const std::string& content, const std::string& attrs = "") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"" + (attrs.empty() ? "" : " " + attrs) + ">" +
         htmlEscape(content) + "</text>";
}

std::string rect(double x, double y, double w, double h, const std::string& fill, const std::string& extra = "") {
  return "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" + num(h) +
         "\" fill=\"" + fill + "\"" + (extra.empty() ? "" : " " + extra) + "/>";
}

std::string open(const std::string& cls, double width, double height, const std::string& title) {
  return "<svg class=\"" + cls + "\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(width) + " " +
         num(height) + "\" role=\"img\" preserveAspectRatio=\"xMinYMin meet\"><title>" + htmlEscape(title) +
         "</title>";
}

// The 1–4 scale's vertical axis: grid lines and labels.
std::string scaleAxis(double left, double right, double top, double bottom) {
  std::string out;
  for (int v = 1; v <= 4; ++v) {
    const double y = bottom - (v - 1) / 3.0 * (bottom - top);
    out += "<line x1=\"" + num(left) + "\" x2=\"" + num(right) + "\" y1=\"" + num(y) + "\" y2=\"" + num(y) +
           "\" stroke=\"" + kGrid + "\" stroke-width=\"1\"/>";
    out += text(left - 8, y + 4, std::to_string(v), "class=\"axis\" text-anchor=\"end\"");
  }
  return out;
}

double scaleY(double v, double top, double bottom) {
  const double clamped = std::clamp(v, 1.0, 4.0);
  return bottom - (clamped - 1.0) / 3.0 * (bottom - top);
}

std::string signedNumber(double v, int decimals) {
  const std::string s = formatNumber(v, decimals);
  return (s[0] != '-' && s.find_first_not_of("0,") != std::string::npos) ? "+" + s : s;
}

}  // namespace

std::string meansChart(const DimensionResult& d) {
  const double width = 360;
  const double height = 236;
  const double left = 34;
  const double right = width - 10;
  const double top = 22;
  const double bottom = 180;
  std::string out = open("chart chart-means", width, height, d.name + ": gennemsnit pr. måling");
  out += scaleAxis(left, right, top, bottom);
  const double slot = (right - left) / 3.0;
  const double barWidth = 58;
  for (std::size_t k = 0; k < 3; ++k) {
    const OccasionMean& m = d.means[k];
    const double cx = left + slot * (static_cast<double>(k) + 0.5);
    if (m.summary.mean) {
      const double y = scaleY(*m.summary.mean, top, bottom);
      out += rect(cx - barWidth / 2, y, barWidth, bottom - y, kOccasionFill[k], "rx=\"2\"");
      out += text(cx, y - 6, formatNumber(*m.summary.mean, 2), "class=\"value\" text-anchor=\"middle\"");
    } else {
      out += text(cx, bottom - 8, "ingen data", "class=\"axis\" text-anchor=\"middle\"");
    }
    out += text(cx, bottom + 20, core::occasionName(m.occasion).da, "class=\"label\" text-anchor=\"middle\"");
    out += text(cx, bottom + 36, "n = " + std::to_string(m.summary.n), "class=\"axis\" text-anchor=\"middle\"");
  }
  out += "<line x1=\"" + num(left) + "\" x2=\"" + num(right) + "\" y1=\"" + num(bottom) + "\" y2=\"" + num(bottom) +
         "\" stroke=\"" + kMuted + "\" stroke-width=\"1\"/>";
  if (d.direction == core::Direction::Reversed)
    out += text(right, 12, "Omvendt skala: lavere er bedre", "class=\"axis\" text-anchor=\"end\"");
  return out + "</svg>";
}

std::string changeChart(const DimensionResult& d) {
  const double width = 420;
  const double height = 236;
  const double left = 8;
  const double right = width - 8;
  const double barHeight = 26;
  std::string out = open("chart chart-change", width, height, d.name + ": andel forbedret, uændret og forværret");
  for (std::size_t i = 0; i < d.pairs.size(); ++i) {
    const PairResult& pr = d.pairs[i];
    const double y = 16 + static_cast<double>(i) * 62;
    std::string label = pairName(pr.pair);
    if (pr.test.meanDifference) label += ": " + signedNumber(*pr.test.meanDifference, 2) + pr.stars;
    label += "  ·  n = " + std::to_string(pr.test.n);
    out += text(left, y, label, "class=\"label\"");
    const double barTop = y + 8;
    if (pr.test.n == 0) {
      out += rect(left, barTop, right - left, barHeight, "none",
                  std::string("stroke=\"") + kGrid + "\" stroke-dasharray=\"4 3\"");
      out += text((left + right) / 2, barTop + 17, "ingen børn med begge målinger",
                  "class=\"axis\" text-anchor=\"middle\"");
      continue;
    }
    const std::array<std::pair<std::optional<double>, const char*>, 3> parts = {
        std::pair{pr.changes.improvedPercent(), kImproved},
        std::pair{pr.changes.unchangedPercent(), kUnchanged},
        std::pair{pr.changes.worsePercent(), kWorse}};
    double x = left;
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const double share = parts[k].first.value_or(0.0);
      const double w = (right - left) * share / 100.0;
      if (w <= 0) continue;
      out += rect(x, barTop, w, barHeight, parts[k].second);
      if (w >= 44) {
        const char* cls = k == 1 ? "class=\"inbar dark\"" : "class=\"inbar\"";
        out += text(x + w / 2, barTop + 17.5, formatPercent(share, 0), std::string(cls) + " text-anchor=\"middle\"");
      }
      x += w;
    }
  }
  const double ly = height - 14;
  const std::array<std::pair<const char*, const char*>, 3> legend = {
      std::pair{"Forbedret", kImproved}, std::pair{"Uændret", kUnchanged}, std::pair{"Forværret", kWorse}};
  double lx = left;
  for (const auto& [name, fill] : legend) {
    out += rect(lx, ly - 10, 12, 12, fill, "rx=\"2\"");
    out += text(lx + 17, ly, name, "class=\"axis\"");
    lx += 110;
  }
  return out + "</svg>";
}

std::string timelineChart(const TimelineDimension& d) {
  const std::size_t count = d.points.size();
  const double width = std::max(560.0, 90.0 * static_cast<double>(count) + 60);
  const double height = 236;
  const double left = 40;
  const double right = width - 20;
  const double top = 22;
  const double bottom = 176;
  std::string out = open("chart chart-timeline", width, height, d.name + ": scorer over tid");
  out += scaleAxis(left, right, top, bottom);
  const double step = count > 0 ? (right - left) / static_cast<double>(count) : 0;
  std::string line;
  std::string dots;
  for (std::size_t i = 0; i < count; ++i) {
    const TimelinePoint& p = d.points[i];
    const double x = left + step * (static_cast<double>(i) + 0.5);
    out += text(x, bottom + 20, core::occasionName(p.occasion).da, "class=\"label\" text-anchor=\"middle\"");
    out += text(x, bottom + 36, numericDate(p.date), "class=\"axis\" text-anchor=\"middle\"");
    if (!p.score) {
      out += text(x, bottom - 8, "ingen score", "class=\"axis\" text-anchor=\"middle\"");
      continue;
    }
    const double y = scaleY(*p.score, top, bottom);
    if (!line.empty()) line += ' ';
    line += num(x);
    line += ',';
    line += num(y);
    dots += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"5\" fill=\"" + kOccasionFill[2] + "\"/>";
    dots += text(x, y - 10, formatNumber(*p.score, 2), "class=\"value\" text-anchor=\"middle\"");
  }
  if (!line.empty())
    out += "<polyline points=\"" + line + "\" fill=\"none\" stroke=\"" + kOccasionFill[1] + "\" stroke-width=\"2.5\"/>";
  out += dots;
  if (d.direction == core::Direction::Reversed)
    out += text(right, 12, "Omvendt skala: lavere er bedre", "class=\"axis\" text-anchor=\"end\"");
  return out + "</svg>";
}

}  // namespace spor::report::svg
