// The statistics in src/core/stats: the paired t-test, stars and change shares.
//
// Expected values were computed independently in Python 3 (no scipy), in
// tests/report/expected_stats.py: t from the textbook formula, and p as
// 2 * the upper tail of the Student t density, written out with math.lgamma
// and integrated with composite Simpson's rule (400 000 intervals). For
// df = 1 and df = 2 the closed forms p = 1 - (2/pi) atan|t| and
// p = 1 - |t| / sqrt(2 + t^2) agree to 1e-12; for odd df the
// Abramowitz & Stegun 26.7.3 series agrees too.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "core/stats.hpp"

using namespace spor::core;

TEST_SUITE("report") {

TEST_CASE("summarize gives n and mean and the sample standard deviation") {
  const Summary s = summarize({2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0});
  CHECK(s.n == 8);
  CHECK(*s.mean == doctest::Approx(5.0));
  CHECK(*s.sd == doctest::Approx(std::sqrt(32.0 / 7.0)));
  CHECK_FALSE(summarize({}).mean);
  CHECK(*summarize({3.0}).mean == doctest::Approx(3.0));
  CHECK_FALSE(summarize({3.0}).sd);
}

TEST_CASE("paired t-test against independently computed values") {
  SUBCASE("six children, not significant") {
    const auto r = pairedTTest({2.0, 2.4, 3.0, 2.6, 3.2, 2.8}, {2.6, 2.8, 3.0, 3.4, 3.0, 3.4});
    CHECK(r.n == 6);
    CHECK(*r.meanBefore == doctest::Approx(2.666666666667));
    CHECK(*r.meanAfter == doctest::Approx(3.033333333333));
    CHECK(*r.meanDifference == doctest::Approx(0.366666666667));
    CHECK(*r.sdDifference == doctest::Approx(0.388158043414));
    CHECK(*r.t == doctest::Approx(2.313867390514));
    CHECK(r.df == 5);
    CHECK(*r.p == doctest::Approx(0.068575754831).epsilon(1e-9));
    CHECK(significanceStars(r.p).empty());
  }
  SUBCASE("df = 1 matches the closed form 1 - (2/pi) atan|t|") {
    const auto r = pairedTTest({1, 2}, {2, 4});
    CHECK(*r.t == doctest::Approx(3.0));
    CHECK(r.df == 1);
    CHECK(*r.p == doctest::Approx(0.204832764699).epsilon(1e-9));
  }
  SUBCASE("df = 2 matches the closed form 1 - |t| / sqrt(2 + t^2)") {
    const auto r = pairedTTest({1, 1, 1}, {2, 3, 5});
    CHECK(*r.t == doctest::Approx(2.645751311065));
    CHECK(*r.p == doctest::Approx(0.118082896312).epsilon(1e-9));
  }
  SUBCASE("** for p between 0,001 and 0,01") {
    const auto r = pairedTTest({2.0, 2.2, 2.4, 2.6, 2.8, 3.0, 2.0, 2.4}, {2.4, 2.4, 2.8, 2.6, 3.2, 3.2, 2.2, 2.4});
    CHECK(*r.t == doctest::Approx(3.812933455813));
    CHECK(r.df == 7);
    CHECK(*r.p == doctest::Approx(0.006602655927).epsilon(1e-8));
    CHECK(significanceStars(r.p) == "**");
  }
  SUBCASE("*** for p below 0,001") {
    const auto r = pairedTTest({2.0, 2.2, 2.4, 2.6, 2.8, 3.0, 2.0, 2.4}, {2.6, 2.6, 2.8, 3.0, 3.2, 3.2, 2.4, 3.0});
    CHECK(*r.t == doctest::Approx(9.378513834245));
    CHECK(*r.p == doctest::Approx(3.260550665e-05).epsilon(1e-7));
    CHECK(significanceStars(r.p) == "***");
  }
  SUBCASE("a very large t keeps its precision (upper tail, not 1 - cdf)") {
    const auto r = pairedTTest({1.0, 1.0, 1.0, 1.0, 1.0, 1.2, 1.2, 1.2, 1.2, 1.2},
                               {3.0, 3.2, 3.4, 3.1, 3.3, 3.0, 3.5, 3.2, 3.4, 3.1});
    CHECK(*r.t == doctest::Approx(34.696644547523));
    CHECK(r.df == 9);
    CHECK(*r.p == doctest::Approx(6.7772e-11).epsilon(1e-4));
  }
  SUBCASE("the sign of the change does not change the two-sided p") {
    CHECK(twoSidedP(2.5, 7) == doctest::Approx(twoSidedP(-2.5, 7)));
    CHECK(twoSidedP(0.0, 3) == doctest::Approx(1.0));
  }
}

TEST_CASE("paired t-test - the undefined cases") {
  SUBCASE("no children") {
    const auto r = pairedTTest({}, {});
    CHECK(r.n == 0);
    CHECK_FALSE(r.meanDifference);
    CHECK_FALSE(r.p);
  }
  SUBCASE("one child: a change but no standard deviation, no t and no p") {
    const auto r = pairedTTest({2.0}, {3.0});
    CHECK(r.n == 1);
    CHECK(*r.meanDifference == doctest::Approx(1.0));
    CHECK_FALSE(r.sdDifference);
    CHECK_FALSE(r.t);
    CHECK_FALSE(r.p);
    CHECK(r.df == 0);
  }
  SUBCASE("nobody changed: sd = 0, t undefined, p = 1") {
    const auto r = pairedTTest({2.0, 3.0, 2.5}, {2.0, 3.0, 2.5});
    CHECK(*r.sdDifference == doctest::Approx(0.0));
    CHECK_FALSE(r.t);
    REQUIRE(r.p);
    CHECK(*r.p == doctest::Approx(1.0));
    CHECK(significanceStars(r.p).empty());
  }
  SUBCASE("everybody changed by the same amount: sd = 0, t and p undefined") {
    const auto r = pairedTTest({2.4, 2.6}, {2.8, 3.0});  // 0.4 each, up to rounding
    CHECK(*r.meanDifference == doctest::Approx(0.4));
    CHECK_FALSE(r.t);
    CHECK_FALSE(r.p);
  }
  SUBCASE("lists of different length are refused") {
    CHECK_THROWS_AS((void)pairedTTest({1.0, 2.0}, {1.0}), std::invalid_argument);
  }
}

TEST_CASE("significance stars follow the evaluation's legend") {
  CHECK(std::string(starsLegend()) == "P<0,05=*; P<0,01=**; p<0,001=***");
  CHECK(significanceStars(std::nullopt).empty());
  CHECK(significanceStars(0.05).empty());
  CHECK(significanceStars(0.0499) == "*");
  CHECK(significanceStars(0.01) == "*");
  CHECK(significanceStars(0.0099) == "**");
  CHECK(significanceStars(0.001) == "**");
  CHECK(significanceStars(0.00099) == "***");
}

TEST_CASE("change shares are aware of the dimension's direction") {
  const std::vector<double> before = {2.0, 3.0, 2.5, 1.5};
  const std::vector<double> after = {3.0, 3.0, 2.0, 2.5};
  SUBCASE("positive: a rise is an improvement") {
    const auto s = classifyChanges(before, after, Direction::Positive, 0.0);
    CHECK(s.improved == 2);
    CHECK(s.unchanged == 1);
    CHECK(s.worse == 1);
    CHECK(*s.improvedPercent() == doctest::Approx(50.0));
    CHECK(*s.unchangedPercent() == doctest::Approx(25.0));
    CHECK(*s.worsePercent() == doctest::Approx(25.0));
  }
  SUBCASE("reversed: a fall is an improvement") {
    const auto s = classifyChanges(before, after, Direction::Reversed, 0.0);
    CHECK(s.improved == 1);
    CHECK(s.unchanged == 1);
    CHECK(s.worse == 2);
  }
  SUBCASE("a threshold makes small changes count as unchanged") {
    const auto s = classifyChanges({2.0, 2.0}, {2.2, 3.0}, Direction::Positive, 0.5);
    CHECK(s.improved == 1);
    CHECK(s.unchanged == 1);
  }
  SUBCASE("no children: no shares") {
    const auto s = classifyChanges({}, {}, Direction::Positive, 0.0);
    CHECK(s.n() == 0);
    CHECK_FALSE(s.improvedPercent());
  }
}

}  // TEST_SUITE
