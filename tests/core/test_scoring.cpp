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

// The fixture with a rule of its own on each self-harm item, as the bundled
// forms have: ss_1 flags on its own at 3, ss_2 counts only in the score, and
// the project keeps no threshold of its own.
FormSet perItemForms() {
  spor::test::Files files = spor::test::withChange(
      "forms/child/barn.json", R"("id": "ss_1", "dimension": "selvskade", "scale": "agreement4", "text": {"da": "Jeg tænker på at skade mig selv"}, "wording": "source")",
      R"("id": "ss_1", "dimension": "selvskade", "scale": "agreement4", "text": {"da": "Jeg tænker på at skade mig selv"}, "wording": "source",
         "safeguarding": {"flag_at": 3, "about": {"da": "at tænke på at skade sig selv", "en": "thinking about hurting oneself"}, "reason": "thoughts of self-harm"})");
  for (auto& [path, text] : files) {
    if (path == "forms/child/barn.json") {
      const std::string from = R"("text": {"da": "Jeg skader nogen gange mig selv"}, "wording": "source")";
      text.replace(text.find(from), from.size(), from + R"(, "safeguarding": {"reason": "counts through the score"})");
    }
    if (path == "forms/projects/demo.json") {
      const std::string from = R"("item_threshold": 3, )";
      text.erase(text.find(from), from.size());
    }
  }
  FormCheck check = checkFormFiles(files, "forms");
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

TEST_CASE("safeguarding: each item says as data whether a single answer flags") {
  const FormSet forms = perItemForms();
  const ChildForm& child = forms.primaryChildForm();
  const Project& p = forms.project("demo");

  SUBCASE("an item with its own rule flags at its threshold") {
    const auto hits = checkSafeguarding(child, p, {{"ss_1", 3}, {"ss_2", 1}}, forms.scoring);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].items == std::vector<std::string>{"ss_1"});
    CHECK_FALSE(hits[0].scoreAtOrAboveThreshold);
  }
  SUBCASE("an item that counts only in the score never flags alone") {
    // The self-blame case: ss_2 high with ss_1 low. The project-wide
    // threshold of 3 flagged this before the rule was per item.
    CHECK(checkSafeguarding(child, p, {{"ss_1", 1}, {"ss_2", 3}}, forms.scoring).empty());
  }
  SUBCASE("...but still counts in the score") {
    const auto hits = checkSafeguarding(child, p, {{"ss_1", 2}, {"ss_2", 4}}, forms.scoring);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].items.empty());
    CHECK(hits[0].scoreAtOrAboveThreshold);  // (2 + 4) / 2 = 3.0
  }
}

TEST_CASE("safeguarding: the notice names what triggered it and never the answers") {
  const FormSet forms = perItemForms();
  const ChildForm& child = forms.primaryChildForm();
  const Project& p = forms.project("demo");

  SUBCASE("an item") {
    const auto hits = checkSafeguarding(child, p, {{"ss_1", 3}, {"ss_2", 1}}, forms.scoring);  // score 2.0
    REQUIRE(hits.size() == 1);
    CHECK(safeguardingTriggers(child, hits[0], Lang::Da) ==
          std::vector<std::string>{"et svar om at tænke på at skade sig selv"});
    CHECK(safeguardingTriggers(child, hits[0], Lang::En) ==
          std::vector<std::string>{"an answer about thinking about hurting oneself"});
  }
  SUBCASE("an item and the score") {
    const auto hits = checkSafeguarding(child, p, {{"ss_1", 4}, {"ss_2", 4}}, forms.scoring);
    REQUIRE(hits.size() == 1);
    CHECK(safeguardingTriggers(child, hits[0], Lang::Da) ==
          std::vector<std::string>{"et svar om at tænke på at skade sig selv", "svarene om selvskade samlet set"});
    // Mid-sentence, a dimension's name starts in lower case (a new-user trial
    // read "svarene om Selvmordsadfærd samlet set").
    CHECK(safeguardingTriggers(child, hits[0], Lang::En).back() == "the answers about self-harm taken together");
  }
  SUBCASE("items flagged by an older form's project-wide threshold are named by their dimension") {
    const FormSet old = fixtureForms();
    const auto hits = checkSafeguarding(old.primaryChildForm(), old.project("demo"), {{"ss_1", 1}, {"ss_2", 3}},
                                        old.scoring);
    REQUIRE(hits.size() == 1);
    CHECK(safeguardingTriggers(old.primaryChildForm(), hits[0], Lang::Da) ==
          std::vector<std::string>{"et svar om selvskade"});
  }
}

TEST_CASE("safeguarding in the bundled forms: self-blame and fear for a relative and hopelessness never flag alone") {
  FormCheck check = checkForms(SPOR_TEST_FORMS_DIR);
  REQUIRE(check.ok());
  const FormSet& forms = check.forms;
  const ChildForm& child = forms.primaryChildForm();
  const Project& empowr = forms.project("empowr");
  const Project& nefos = forms.project("nefos");
  // Each alone at "Helt enig" (4), the others at "Helt uenig" (1): the score
  // stays below 2.5, and before the per-item rule each raised a notice.
  CHECK(checkSafeguarding(child, empowr, {{"selvskade_1", 1}, {"selvskade_2", 1}, {"selvskade_3", 4}}, forms.scoring)
            .empty());
  for (const char* item : {"selvmord_4", "selvmord_5"}) {
    CAPTURE(item);
    ItemValues v{{"selvmord_1", 1}, {"selvmord_2", 1}, {"selvmord_3", 1}, {"selvmord_4", 1}, {"selvmord_5", 1}};
    v[item] = 4;
    CHECK(checkSafeguarding(child, nefos, v, forms.scoring).empty());
  }
  // The items about the child's own self-harm and suicidal thoughts flag at
  // "Lidt enig" (3), each named in the notice.
  for (const char* item : {"selvskade_1", "selvskade_2"}) {
    CAPTURE(item);
    ItemValues v{{"selvskade_1", 1}, {"selvskade_2", 1}, {"selvskade_3", 1}};
    v[item] = 3;
    const auto hits = checkSafeguarding(child, empowr, v, forms.scoring);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].items == std::vector<std::string>{item});
    REQUIRE(safeguardingTriggers(child, hits[0], Lang::Da).size() == 1);
    CHECK(safeguardingTriggers(child, hits[0], Lang::Da)[0].rfind("et svar om ", 0) == 0);
  }
  for (const char* item : {"selvmord_1", "selvmord_2", "selvmord_3"}) {
    CAPTURE(item);
    ItemValues v{{"selvmord_1", 1}, {"selvmord_2", 1}, {"selvmord_3", 1}, {"selvmord_4", 1}, {"selvmord_5", 1}};
    v[item] = 3;
    const auto hits = checkSafeguarding(child, nefos, v, forms.scoring);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].items == std::vector<std::string>{item});
  }
  // Every item of a reversed dimension says why it does or does not flag.
  for (const auto& item : child.items) {
    const Dimension* d = child.dimension(item.dimension);
    if (d && d->direction == Direction::Reversed) {
      CAPTURE(item.id);
      REQUIRE(item.safeguarding);
      CHECK_FALSE(item.safeguarding->reason.empty());
    }
  }
}

}  // TEST_SUITE
