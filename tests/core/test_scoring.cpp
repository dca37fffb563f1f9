// Scoring: means of answered items, the minimum answered share, reversed
// dimensions, the change classification and the safeguarding check.
#include <doctest/doctest.h>

#include "core/form_loader.hpp"
#include "core/scoring.hpp"
#include "fixture.hpp"

using namespace spor::core;

namespace {
FormSet fixtureForms() {
  FormCheck check = checkFormFiles(spor::test::validFiles(), "forms");
  REQUIRE(check.ok());
  return std::move(check.forms);
}
}  // namespace

TEST_SUITE("core") {

TEST_CASE("a dimension score is the mean of the answered items") {
  const FormSet forms = fixtureForms();
  const ChildForm& child = forms.primaryChildForm();
  const Dimension& self = *child.dimension("selvopfattelse");

  SUBCASE("all answered") {
    const auto s = scoreDimension(self, {{"so_1", 4}, {"so_2", 3}, {"so_3", 2}}, forms.scoring);
    REQUIRE(s.score);
    CHECK(*s.score == doctest::Approx(3.0));
    CHECK(s.answered == 3);
    CHECK(s.items == 3);
  }
  SUBCASE("a declined item does not count as a number") {
    const auto s = scoreDimension(self, {{"so_1", 4}, {"so_3", 1}}, forms.scoring);
    REQUIRE(s.score);
    CHECK(*s.score == doctest::Approx(2.5));
    CHECK(s.answered == 2);
  }
  SUBCASE("too few answers give no score (2 of 3 needed at 50 %)") {
    const auto s = scoreDimension(self, {{"so_1", 4}}, forms.scoring);
    CHECK_FALSE(s.score.has_value());
    CHECK(s.answered == 1);
  }
  SUBCASE("answers to other dimensions are ignored") {
    const auto s = scoreDimension(self, {{"so_1", 4}, {"so_2", 4}, {"ss_1", 1}}, forms.scoring);
    CHECK(*s.score == doctest::Approx(4.0));
  }
}

TEST_CASE("the minimum number of answered items rounds up") {
  ScoringRules rules;
  rules.minAnsweredShare = 0.5;
  CHECK(rules.minAnswered(5) == 3);
  CHECK(rules.minAnswered(7) == 4);
  CHECK(rules.minAnswered(3) == 2);
  CHECK(rules.minAnswered(4) == 2);
  rules.minAnsweredShare = 0.6;
  CHECK(rules.minAnswered(5) == 3);  // 0.6 * 5 is 3.0000000000000004 in binary
  rules.minAnsweredShare = 1.0;
  CHECK(rules.minAnswered(7) == 7);
  rules.minAnsweredShare = 0.01;
  CHECK(rules.minAnswered(5) == 1);
}

TEST_CASE("scoreMeasurement scores only the project's dimensions") {
  FormSet forms = fixtureForms();
  Project p = forms.project("demo");
  p.dimensions = {"selvopfattelse"};
  const auto scores = scoreMeasurement(forms.primaryChildForm(), p, {{"so_1", 2}, {"so_2", 2}, {"ss_1", 4}},
                                       forms.scoring);
  REQUIRE(scores.size() == 1);
  CHECK(scores[0].dimension == "selvopfattelse");
}

TEST_CASE("change is classified in the dimension's own direction") {
  SUBCASE("positive dimension: a rise is an improvement") {
    CHECK(classifyChange(2.0, 2.4, Direction::Positive, 0.0) == Change::Improved);
    CHECK(classifyChange(2.4, 2.0, Direction::Positive, 0.0) == Change::Worse);
    CHECK(classifyChange(2.4, 2.4, Direction::Positive, 0.0) == Change::Unchanged);
  }
  SUBCASE("reversed dimension: a fall is an improvement") {
    CHECK(classifyChange(3.0, 2.0, Direction::Reversed, 0.0) == Change::Improved);
    CHECK(classifyChange(2.0, 3.0, Direction::Reversed, 0.0) == Change::Worse);
    CHECK(classifyChange(2.0, 2.0, Direction::Reversed, 0.0) == Change::Unchanged);
    CHECK(favourableChange(2.13, 1.67, Direction::Reversed) == doctest::Approx(0.46));
  }
  SUBCASE("a threshold turns small changes into unchanged") {
    CHECK(classifyChange(2.0, 2.2, Direction::Positive, 0.25) == Change::Unchanged);
    CHECK(classifyChange(2.0, 2.25, Direction::Positive, 0.25) == Change::Unchanged);
    CHECK(classifyChange(2.0, 2.4, Direction::Positive, 0.25) == Change::Improved);
    CHECK(classifyChange(2.4, 2.0, Direction::Positive, 0.25) == Change::Worse);
  }
  SUBCASE("floating-point noise is not change") {
    const double a = (0.1 + 0.2) * 10;  // 3.0000000000000004
    CHECK(classifyChange(3.0, a, Direction::Positive, 0.0) == Change::Unchanged);
  }
}

TEST_CASE("safeguarding flags a single high answer or a high score") {
  const FormSet forms = fixtureForms();
  const ChildForm& child = forms.primaryChildForm();
  const Project& p = forms.project("demo");

  SUBCASE("nothing of concern") {
    CHECK(checkSafeguarding(child, p, {{"ss_1", 1}, {"ss_2", 2}}, forms.scoring).empty());
  }
  SUBCASE("one answer at the item threshold") {
    const auto hits = checkSafeguarding(child, p, {{"ss_1", 1}, {"ss_2", 3}}, forms.scoring);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].dimension == "selvskade");
    CHECK(hits[0].items == std::vector<std::string>{"ss_2"});
    CHECK_FALSE(hits[0].scoreAtOrAboveThreshold);  // (1 + 3) / 2 = 2.0, below 2.5
    REQUIRE(hits[0].score);
    CHECK(*hits[0].score == doctest::Approx(2.0));
  }
  SUBCASE("a high answer alone flags even when the other item is declined") {
    const auto hits = checkSafeguarding(child, p, {{"ss_1", 4}}, forms.scoring);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].items == std::vector<std::string>{"ss_1"});
  }
  SUBCASE("a score at the threshold flags without any single high answer") {
    Project lowItems = p;
    lowItems.safeguarding.itemThreshold = 4;
    const auto hits = checkSafeguarding(child, lowItems, {{"ss_1", 3}, {"ss_2", 2}}, forms.scoring);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].items.empty());
    CHECK(hits[0].scoreAtOrAboveThreshold);
  }
  SUBCASE("positive dimensions never flag") {
    CHECK(checkSafeguarding(child, p, {{"so_1", 4}, {"so_2", 4}, {"so_3", 4}}, forms.scoring).empty());
  }
}

}  // TEST_SUITE
