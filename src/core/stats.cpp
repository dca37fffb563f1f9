#include "core/stats.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <stdexcept>

namespace spor::core {

namespace {

void requireSameLength(const std::vector<double>& before, const std::vector<double>& after, const char* what) {
  if (before.size() != after.size())
    throw std::invalid_argument(std::string(what) + ": the before and after lists differ in length (" +
                                std::to_string(before.size()) + " and " + std::to_string(after.size()) + ")");
}

// Differences below this are rounding in means of a few small integers.
constexpr double kZeroSd = 1e-12;

std::optional<double> percent(std::size_t part, std::size_t whole) {
  if (whole == 0) return std::nullopt;
  return 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

Summary summarize(const std::vector<double>& values) {
  Summary s;
  s.n = values.size();
  if (s.n == 0) return s;
  double sum = 0;
  for (double v : values) sum += v;
  const double mean = sum / static_cast<double>(s.n);
  s.mean = mean;
  if (s.n < 2) return s;
  // Two passes: the sum of squared deviations from the mean, which is
  // accurate for the short lists of small numbers a report has.
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  s.sd = std::sqrt(squares / static_cast<double>(s.n - 1));
  return s;
}

double twoSidedP(double t, std::size_t df) {
  if (df < 1) throw std::invalid_argument("twoSidedP: df must be at least 1");
  const boost::math::students_t dist(static_cast<double>(df));
  // The upper tail through complement() keeps precision for large |t|,
  // where 1 - cdf would cancel to 0.
  const double p = 2.0 * boost::math::cdf(boost::math::complement(dist, std::fabs(t)));
  return p > 1.0 ? 1.0 : p;
}

PairedTTest pairedTTest(const std::vector<double>& before, const std::vector<double>& after) {
  requireSameLength(before, after, "pairedTTest");
  PairedTTest out;
  out.n = before.size();
  if (out.n == 0) return out;

  std::vector<double> diffs;
  diffs.reserve(out.n);
  for (std::size_t i = 0; i < out.n; ++i) diffs.push_back(after[i] - before[i]);
  out.meanBefore = summarize(before).mean;
  out.meanAfter = summarize(after).mean;
  const Summary d = summarize(diffs);
  out.meanDifference = d.mean;
  if (out.n < 2) return out;

  out.sdDifference = d.sd;
  out.df = out.n - 1;
  if (*d.sd <= kZeroSd) {
    bool allZero = true;
    for (double v : diffs) allZero = allZero && std::fabs(v) <= kZeroSd;
    if (allZero) out.p = 1.0;  // nothing changed: no evidence of change
    return out;
  }
  const double se = *d.sd / std::sqrt(static_cast<double>(out.n));
  out.t = *d.mean / se;
  out.p = twoSidedP(*out.t, out.df);
  return out;
}

std::string significanceStars(std::optional<double> p) {
  if (!p) return "";
  if (*p < 0.001) return "***";
  if (*p < 0.01) return "**";
  if (*p < 0.05) return "*";
  return "";
}

const char* starsLegend() { return "P<0,05=*; P<0,01=**; p<0,001=***"; }

std::optional<double> ChangeShares::improvedPercent() const { return percent(improved, n()); }
std::optional<double> ChangeShares::unchangedPercent() const { return percent(unchanged, n()); }
std::optional<double> ChangeShares::worsePercent() const { return percent(worse, n()); }

ChangeShares classifyChanges(const std::vector<double>& before, const std::vector<double>& after,
                             Direction direction, double threshold) {
  requireSameLength(before, after, "classifyChanges");
  ChangeShares out;
  for (std::size_t i = 0; i < before.size(); ++i) {
    switch (classifyChange(before[i], after[i], direction, threshold)) {
      case Change::Improved: ++out.improved; break;
      case Change::Unchanged: ++out.unchanged; break;
      case Change::Worse: ++out.worse; break;
    }
  }
  return out;
}

}  // namespace spor::core
