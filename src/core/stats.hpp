#pragma once
// Statistics for the programme report (docs/REPORT.md): the paired t-test the
// evaluation's significance stars stand for, significance stars, and the
// shares of children improved / unchanged / worse.
//
// The evaluation (001:L1507) marks significance "P<0,05=*; P<0,01=**;
// p<0,001=***" without naming the test; on paired før/efter scores the
// natural test is the paired (dependent samples) t-test, two-sided. The t
// distribution comes from Boost.Math, not from hand-written special functions.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/forms.hpp"
#include "core/scoring.hpp"

namespace spor::core {

// Mean and sample standard deviation (n - 1 in the denominator).
struct Summary {
  std::size_t n = 0;
  std::optional<double> mean;  // nullopt when n == 0
  std::optional<double> sd;    // nullopt when n < 2
};

[[nodiscard]] Summary summarize(const std::vector<double>& values);

// The paired t-test of `after` against `before` (same child, same order).
//
// The difference is after - before on the raw scale, as the evaluation
// reports it: for the reversed dimensions a fall (a negative difference) is
// the improvement. The test is two-sided, so the direction does not change p.
//
// Undefined cases, stated in every report (docs/REPORT.md):
//  - n < 2: no standard deviation, so neither t nor p (sd, t, p are nullopt).
//  - every difference the same (sd = 0): t is not defined (division by zero).
//    When every difference is 0 nothing changed at all and p is reported as
//    1 (no evidence of change; t stays nullopt). When every difference is the
//    same non-zero number, p is left undefined rather than reported as 0: a
//    handful of identical changes is not proof of an effect.
struct PairedTTest {
  std::size_t n = 0;
  std::optional<double> meanBefore;
  std::optional<double> meanAfter;
  std::optional<double> meanDifference;  // after - before
  std::optional<double> sdDifference;    // sample sd of the differences
  std::optional<double> t;
  std::size_t df = 0;  // n - 1 (0 when n < 2)
  std::optional<double> p;  // two-sided
};

// Throws std::invalid_argument when the two lists differ in length.
[[nodiscard]] PairedTTest pairedTTest(const std::vector<double>& before, const std::vector<double>& after);

// The two-sided p for t with df degrees of freedom (Boost.Math students_t).
// df must be at least 1.
[[nodiscard]] double twoSidedP(double t, std::size_t df);

// "*" p < 0,05; "**" p < 0,01; "***" p < 0,001; "" otherwise or undefined.
[[nodiscard]] std::string significanceStars(std::optional<double> p);

// The evaluation's own legend, printed under every table.
[[nodiscard]] const char* starsLegend();  // "P<0,05=*; P<0,01=**; p<0,001=***"

// How many children improved, stayed the same or got worse between two
// occasions, classified with core::classifyChange (aware of direction).
struct ChangeShares {
  std::size_t improved = 0;
  std::size_t unchanged = 0;
  std::size_t worse = 0;

  [[nodiscard]] std::size_t n() const { return improved + unchanged + worse; }
  // Percent of n (0-100); nullopt when n == 0.
  [[nodiscard]] std::optional<double> improvedPercent() const;
  [[nodiscard]] std::optional<double> unchangedPercent() const;
  [[nodiscard]] std::optional<double> worsePercent() const;
};

// Throws std::invalid_argument when the two lists differ in length.
[[nodiscard]] ChangeShares classifyChanges(const std::vector<double>& before, const std::vector<double>& after,
                                           Direction direction, double threshold);

}  // namespace spor::core
