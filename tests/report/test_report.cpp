// The report model over the fixed dataset in fixture.hpp. Expected numbers
// come from tests/report/expected_stats.py (see test_stats.cpp for how it
// computes t and p without scipy).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "fixture.hpp"
#include "report/report.hpp"

using namespace spor;
using namespace spor::report;
using spor::test::realForms;
using spor::test::reportInput;

namespace {

const DimensionResult& dimension(const GroupResult& g, const std::string& id) {
  for (const auto& d : g.dimensions)
    if (d.id == id) return d;
  FAIL("no dimension " << id << " in group " << g.id);
  throw std::logic_error("unreachable");
}

bool hasDimension(const GroupResult& g, const std::string& id) {
  return std::any_of(g.dimensions.begin(), g.dimensions.end(), [&](const auto& d) { return d.id == id; });
}

const GroupResult& group(const std::vector<GroupResult>& list, const std::string& id) {
  for (const auto& g : list)
    if (g.id == id) return g;
  FAIL("no group " << id);
  throw std::logic_error("unreachable");
}

bool hasWarning(const std::vector<Warning>& list, const std::string& id) {
  return std::any_of(list.begin(), list.end(), [&](const Warning& w) { return w.id == id; });
}

Report overallReport() { return buildReport(realForms(), reportInput(), {}); }

}  // namespace

TEST_SUITE("report") {

TEST_CASE("psykisk trivsel - means per occasion and the three pairs") {
  const Report r = overallReport();
  const DimensionResult& d = dimension(r.overall, "psykisk_trivsel");
  CHECK(d.direction == core::Direction::Positive);

  // Means per occasion: everyone with a score (E3's efter has 2 of 5 answers: no score).
  CHECK(d.means[0].summary.n == 9);
  CHECK(*d.means[0].summary.mean == doctest::Approx(2.4));
  CHECK(d.means[1].summary.n == 6);
  CHECK(*d.means[1].summary.mean == doctest::Approx(2.833333333333));
  CHECK(d.means[2].summary.n == 4);
  CHECK(*d.means[2].summary.mean == doctest::Approx(3.2));

  SUBCASE("før → efter: E1 E2 E4 N1 N2 N3 (E3 has no efter score, E5 and E6 no efter)") {
    const PairResult& p = d.pairs[0];
    CHECK(p.pair == OccasionPair::BeforeAfter);
    CHECK(p.test.n == 6);
    CHECK(*p.test.meanBefore == doctest::Approx(2.6));
    CHECK(*p.test.meanAfter == doctest::Approx(2.833333333333));
    CHECK(*p.test.meanDifference == doctest::Approx(0.233333333333));
    CHECK(*p.test.sdDifference == doctest::Approx(0.463321342771));
    CHECK(*p.test.t == doctest::Approx(1.233587909488));
    CHECK(p.test.df == 5);
    CHECK(*p.test.p == doctest::Approx(0.272179103166).epsilon(1e-9));
    CHECK(p.stars.empty());
    CHECK(p.changes.improved == 4);
    CHECK(p.changes.unchanged == 1);
    CHECK(p.changes.worse == 1);
    CHECK(*p.changes.improvedPercent() == doctest::Approx(66.666666667));
    CHECK(p.smallN);
  }
  SUBCASE("efter → opfølgning: E1 E4") {
    const PairResult& p = d.pairs[1];
    CHECK(p.test.n == 2);
    CHECK(*p.test.meanDifference == doctest::Approx(0.5));
    CHECK(*p.test.t == doctest::Approx(5.0));
    CHECK(*p.test.p == doctest::Approx(0.125665916378).epsilon(1e-9));
    CHECK(p.changes.improved == 2);
  }
  SUBCASE("før → opfølgning only with all three occasions: E1 E4, not E3 (no efter score) nor E6 (no efter)") {
    const PairResult& p = d.pairs[2];
    CHECK(p.test.n == 2);
    CHECK(*p.test.meanBefore == doctest::Approx(3.0));
    CHECK(*p.test.meanAfter == doctest::Approx(3.5));
    CHECK(*p.test.t == doctest::Approx(1.0));
    CHECK(*p.test.p == doctest::Approx(0.5).epsilon(1e-9));
    CHECK(p.changes.improved == 1);
    CHECK(p.changes.unchanged == 1);
  }
}

TEST_CASE("selvskade is reversed so a fall is an improvement") {
  const Report r = overallReport();
  const DimensionResult& d = dimension(r.overall, "selvskade");
  CHECK(d.direction == core::Direction::Reversed);
  const PairResult& ba = d.pairs[0];
  CHECK(ba.test.n == 3);  // E1 E2 E4; E3 answered 1 of 3 at efter: no score
  CHECK(*ba.test.meanDifference == doctest::Approx(-0.222222222222));
  CHECK(*ba.test.t == doctest::Approx(-0.755928946018));
  CHECK(*ba.test.p == doctest::Approx(0.528595479209).epsilon(1e-9));
  CHECK(ba.changes.improved == 2);  // E1 and E4 fell
  CHECK(ba.changes.worse == 1);     // E2 rose
  CHECK(ba.changes.unchanged == 0);

  const PairResult& bf = d.pairs[2];
  CHECK(bf.test.n == 2);
  CHECK(*bf.test.meanDifference == doctest::Approx(-0.833333333333));
  CHECK(*bf.test.p == doctest::Approx(0.344041739245).epsilon(1e-9));
  CHECK(bf.changes.improved == 2);
}

TEST_CASE("selvmordsadfærd is measured only by NEFOS") {
  const Report r = overallReport();
  const PairResult& p = dimension(r.overall, "selvmordsadfaerd").pairs[0];
  CHECK(p.test.n == 3);
  CHECK(*p.test.meanDifference == doctest::Approx(-0.4));
  CHECK(*p.test.p == doctest::Approx(0.225403330759).epsilon(1e-9));
  CHECK(p.changes.improved == 2);
  CHECK(p.changes.unchanged == 1);
}

TEST_CASE("beside every selvmordsadfærd figure: a score does not mean a child is suicidal (001:L528-531)") {
  const Report r = overallReport();
  const auto noteOf = [](const DimensionResult& d) {
    for (const auto& w : d.warnings)
      if (w.id == "dimension_note") return w.text;
    return std::string();
  };
  CHECK(noteOf(dimension(r.overall, "selvmordsadfaerd")).find("betyder ikke, at barnet eller den unge er "
                                                                "selvmordstruet") != std::string::npos);
  // Every group that shows the dimension carries the note; no other dimension does.
  std::size_t groups = 0;
  for (const auto* list : {&r.byProject, &r.byIntervention})
    for (const auto& g : *list)
      for (const auto& d : g.dimensions) {
        CAPTURE(g.id);
        CAPTURE(d.id);
        CHECK((d.id == "selvmordsadfaerd") == !noteOf(d).empty());
        groups += d.id == "selvmordsadfaerd" ? 1U : 0U;
      }
  CHECK(groups >= 2);  // NEFOS, and the individual and family interventions
  CHECK(hasWarning(r.overall.warnings, "dimension_note"));
  // A NEFOS child's timeline prints it too.
  const Report t = buildReport(realForms(), reportInput(), {"", std::nullopt, "N1"});
  REQUIRE(t.timeline);
  for (const auto& d : t.timeline->dimensions) {
    CAPTURE(d.id);
    CHECK((d.id == "selvmordsadfaerd") == !d.note.empty());
  }
}

TEST_CASE("a dimension no project in scope measures is omitted and not zero") {
  const Report r = overallReport();
  CHECK_FALSE(hasDimension(r.overall, "trivsel_i_skolen"));  // E4's skole answers are ignored
  CHECK(r.overall.omittedDimensions == std::vector<std::string>{"Trivsel i skolen"});
  CHECK(hasWarning(r.overall.warnings, "not_measured"));

  SUBCASE("a project's report leaves out what the project does not measure") {
    const Report e = buildReport(realForms(), reportInput(), {"empowr", std::nullopt, ""});
    CHECK(e.scopeTitle == "EmpowR");
    CHECK(e.byProject.empty());
    CHECK_FALSE(hasDimension(e.overall, "selvmordsadfaerd"));
    CHECK_FALSE(hasDimension(e.overall, "trivsel_i_skolen"));
    CHECK(hasDimension(e.overall, "selvskade"));
    CHECK(e.overall.omittedDimensions == std::vector<std::string>{"Trivsel i skolen", "Selvmordsadfærd"});
    const DimensionResult& psy = dimension(e.overall, "psykisk_trivsel");
    CHECK(psy.pairs[0].test.n == 3);  // E1 E2 E4
    CHECK(psy.means[0].summary.n == 6);
  }
  SUBCASE("by project, each group has its own dimensions") {
    const GroupResult& nefos = group(r.byProject, "nefos");
    CHECK(hasDimension(nefos, "selvmordsadfaerd"));
    CHECK_FALSE(hasDimension(nefos, "selvskade"));
    CHECK_FALSE(hasDimension(nefos, "sociale_kompetencer"));
    CHECK(dimension(nefos, "psykisk_trivsel").pairs[0].test.n == 3);
  }
}

TEST_CASE("one child with scores given directly has a change but no t or p") {
  const Report r = overallReport();
  const PairResult& p = dimension(r.overall, "relationel_trivsel").pairs[0];
  CHECK(p.test.n == 1);
  CHECK(*p.test.meanDifference == doctest::Approx(0.5));
  CHECK_FALSE(p.test.t);
  CHECK_FALSE(p.test.p);
  CHECK(p.stars.empty());
}

TEST_CASE("by intervention type a child in several types counts in each") {
  const Report r = overallReport();
  REQUIRE(r.byIntervention.size() == 3);
  CHECK(group(r.byIntervention, "group").counts.children == 7);
  const GroupResult& individual = group(r.byIntervention, "individual");
  const GroupResult& family = group(r.byIntervention, "family");
  CHECK(individual.counts.children == 2);  // N1 N3
  CHECK(family.counts.children == 2);      // N1 N2
  CHECK(individual.title == "Individuelle indsatser");

  const PairResult& ind = dimension(individual, "psykisk_trivsel").pairs[0];
  CHECK(ind.test.n == 2);
  CHECK(*ind.test.t == doctest::Approx(5.0));
  CHECK(*ind.test.p == doctest::Approx(0.125665916378).epsilon(1e-9));

  // N1 and N2 both rose by 0,4: sd = 0, so t and p are not defined.
  const PairResult& fam = dimension(family, "psykisk_trivsel").pairs[0];
  CHECK(fam.test.n == 2);
  CHECK(*fam.test.meanDifference == doctest::Approx(0.4));
  CHECK_FALSE(fam.test.t);
  CHECK_FALSE(fam.test.p);

  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0].find("1 barn har modtaget mere end én type indsats") != std::string::npos);

  SUBCASE("filtered by intervention") {
    const Report f = buildReport(realForms(), reportInput(), {"", core::Intervention::Family, ""});
    CHECK(f.scopeTitle == "Familieindsatser");
    CHECK(f.overall.counts.children == 2);
    CHECK(f.byIntervention.empty());
    REQUIRE(f.byProject.size() == 1);
    CHECK(f.byProject[0].id == "nefos");
  }
}

TEST_CASE("by municipality: one group per municipality and the children without one last") {
  const Report r = overallReport();
  REQUIRE(r.byMunicipality.size() == 4);
  CHECK(r.byMunicipality[0].id == "Egedal");
  CHECK(r.byMunicipality[1].id == "Middelfart");
  CHECK(r.byMunicipality[2].id == "Odense");
  CHECK(r.byMunicipality[3].id == kMunicipalityUnknownId);
  CHECK(r.byMunicipality[3].title == "Kommune ikke oplyst");
  for (const auto& g : r.byMunicipality) CHECK(g.kind == GroupKind::Municipality);
  // Egedal is EmpowR's only municipality: the same seven children, the same figures.
  const GroupResult& egedal = r.byMunicipality[0];
  const GroupResult& empowr = group(r.byProject, "empowr");
  CHECK(egedal.counts.children == 7);
  CHECK(egedal.counts.afterDue == empowr.counts.afterDue);
  CHECK(egedal.counts.afterMissing == 2);  // E5 and E6
  CHECK(dimension(egedal, "psykisk_trivsel").pairs[0].test.n == dimension(empowr, "psykisk_trivsel").pairs[0].test.n);
  CHECK(r.byMunicipality[1].counts.children == 1);  // N2
  CHECK(r.byMunicipality[2].counts.children == 1);  // N1
  CHECK(r.byMunicipality[3].counts.children == 1);  // N3
  CHECK(hasDimension(r.byMunicipality[2], "selvmordsadfaerd"));  // NEFOS's dimensions
  CHECK_FALSE(hasDimension(r.byMunicipality[0], "selvmordsadfaerd"));
  CHECK_FALSE(hasWarning(r.warnings, "municipality_not_in_project"));

  SUBCASE("filtered by municipality") {
    ReportFilter f;
    f.municipality = "Odense";
    const Report o = buildReport(realForms(), reportInput(), f);
    CHECK(o.scopeTitle == "Alle projekter – Odense");
    CHECK(o.overall.counts.children == 1);
    CHECK(o.byMunicipality.empty());
    REQUIRE(o.byProject.size() == 1);
    CHECK(o.byProject[0].id == "nefos");
  }
  SUBCASE("a municipality the projects do not list is refused, naming the known ones") {
    ReportFilter f;
    f.municipality = "Oslo";
    CHECK_THROWS_WITH_AS((void)buildReport(realForms(), reportInput(), f),
                         "unknown municipality 'Oslo' (the projects' municipalities: Aarhus, Egedal, Esbjerg, Herning, "
                         "Horsens, København, Middelfart, Odense, Rødovre, Skive, Viborg); nothing was written",
                         ReportError);
    f.project = "strom";
    f.municipality = "Aarhus";  // a real municipality, but not STRØM's
    try {
      (void)buildReport(realForms(), reportInput(), f);
      FAIL("not refused");
    } catch (const ReportError& e) {
      CHECK(render(e.message(), Lang::Da) ==
            "kommunen 'Aarhus' er ikke en af projekternes kommuner (København); der er ikke skrevet noget");
    }
  }
  SUBCASE("a child whose municipality its project does not list is shown under it, with a warning") {
    ReportInput in = reportInput();
    for (auto& c : in.children)
      if (c.code == "E7") c.municipality = "Aarhus";
    const Report w = buildReport(realForms(), in, {});
    CHECK(group(w.byMunicipality, "Aarhus").counts.children == 1);
    CHECK(group(w.byMunicipality, "Egedal").counts.children == 6);
    CHECK(hasWarning(w.warnings, "municipality_not_in_project"));
  }
}

TEST_CASE("counts per occasion and dropout") {
  const Report r = overallReport();
  const OccasionCounts& c = r.overall.counts;
  CHECK(c.children == 10);
  CHECK(c.before == 10);
  CHECK(c.after == 8);
  CHECK(c.followUp == 4);
  CHECK(c.allThree == 3);
  CHECK(c.progressionMeasurements == 1);
  CHECK(c.progressionChildren == 1);
  CHECK(c.afterDue == 10);  // E5 and E6 are past EmpowR's 20 weeks without efter
  CHECK(c.afterMissing == 2);
  CHECK(*c.afterDropoutPercent() == doctest::Approx(20.0));
  // E2, N1, N2, N3 are past the 6 + 3 month window; E7's efter is recent.
  CHECK(c.followUpDue == 7);
  CHECK(c.followUpMissing == 4);
  CHECK(c.followUpPending == 1);
  CHECK(*c.followUpDropoutPercent() == doctest::Approx(400.0 / 7.0));
  CHECK(hasWarning(r.overall.warnings, "high_dropout"));
  CHECK(hasWarning(r.overall.warnings, "small_n"));
}

TEST_CASE("dropout by reason: the recorded reason for the missed measurement, else how the course ended") {
  const Report r = overallReport();
  const OccasionCounts& c = r.overall.counts;
  // By hand from the fixture: efter is missing for E5 (stopped early, did
  // not fit) and E6 (the child declined efter); opfølgning for E2 (bridged),
  // N1 (referred on), N2 (nothing recorded) and N3 (not reached).
  using Why = std::map<std::string, std::size_t>;
  CHECK(c.afterMissingWhy == Why{{"missed_child_declined", 1}, {"stopped_did_not_fit", 1}});
  CHECK(c.followUpMissingWhy == Why{{"bridged", 1}, {"missed_not_reached", 1}, {"not_recorded", 1}, {"referred", 1}});
  std::size_t sum = 0;
  for (const auto& [id, n] : c.followUpMissingWhy) sum += n;
  CHECK(sum == c.followUpMissing);
  // Per group too: NEFOS has three of the four.
  CHECK(group(r.byProject, "nefos").counts.followUpMissingWhy ==
        Why{{"missed_not_reached", 1}, {"not_recorded", 1}, {"referred", 1}});
  CHECK(dropoutReasonName("stopped_did_not_fit") == "Stoppet før tid: Tilbuddet passede ikke til barnet");
  CHECK(dropoutReasonName("missed_not_reached") == "Måling ikke taget: Barnet kunne ikke træffes");
  CHECK(dropoutReasonName("bridged") == "Forløb: Brobygget til andet tilbud");
  CHECK(dropoutReasonName("not_recorded") == "Ingen grund registreret");
}

TEST_CASE("referral: the share of referred children whose referrer heard back per project and municipality") {
  const Report r = overallReport();
  // By hand from the fixture (fixture.hpp's header): E1, E2, E5, N1, N2
  // referred; E1, E5, N1 heard back; E1, N1 after the forsamtale; E2, E5, N1
  // ended, E5 after the afsluttende samtale; N2 with no feedback agreed.
  const ReferralCounts& all = r.overall.referral;
  CHECK(all.children == 10);
  CHECK(all.referred == 5);
  CHECK(all.noFeedbackAgreed == 1);
  CHECK(all.heardBack == 3);
  CHECK(*all.heardBackPercent() == doctest::Approx(60.0));
  CHECK(all.afterIntake == 2);
  CHECK(*all.afterIntakePercent() == doctest::Approx(40.0));
  CHECK(all.ended == 3);
  CHECK(all.afterClosing == 1);
  CHECK(*all.afterClosingPercent() == doctest::Approx(100.0 / 3.0));

  const ReferralCounts& empowr = group(r.byProject, "empowr").referral;
  CHECK(empowr.referred == 3);
  CHECK(empowr.heardBack == 2);
  CHECK(empowr.afterIntake == 1);
  CHECK(empowr.ended == 2);
  CHECK(empowr.afterClosing == 1);
  const ReferralCounts& nefos = group(r.byProject, "nefos").referral;
  CHECK(nefos.referred == 2);
  CHECK(nefos.heardBack == 1);
  CHECK(*nefos.heardBackPercent() == doctest::Approx(50.0));
  CHECK(nefos.ended == 1);
  CHECK(nefos.afterClosing == 0);
  CHECK(*nefos.afterClosingPercent() == doctest::Approx(0.0));

  CHECK(group(r.byMunicipality, "Egedal").referral.heardBack == 2);
  CHECK(group(r.byMunicipality, "Odense").referral.heardBack == 1);
  const ReferralCounts& middelfart = group(r.byMunicipality, "Middelfart").referral;
  CHECK(middelfart.referred == 1);
  CHECK(middelfart.heardBack == 0);
  CHECK(middelfart.noFeedbackAgreed == 1);
  const ReferralCounts& unknown = group(r.byMunicipality, kMunicipalityUnknownId).referral;
  CHECK(unknown.referred == 0);
  CHECK_FALSE(unknown.heardBackPercent());  // no referred child: no share, not 0 %

  CHECK(referralHtml(all) ==
        "<p class=\"note\" data-referral=\"1\"><strong>Tilbagemelding til henviseren:</strong> 5 børn er henvist. "
        "Henviseren har fået tilbagemelding om 60 % (3 af 5); efter forsamtalen om 40 % (2 af 5); efter den afsluttende "
        "samtale om 33 % (1 af 3) af dem, hvis forløb er slut. For 1 er der ikke aftalt nogen tilbagemelding.</p>\n");
  CHECK(referralHtml(unknown).empty());
}

TEST_CASE("target-group profile from the background forms") {
  const Report r = overallReport();
  CHECK(r.profile.children == 10);
  CHECK(r.profile.withBackground == 3);
  REQUIRE(r.profile.ageAtStart);
  CHECK(r.profile.ageAtStart->n == 3);  // 15, 14 and 13 at før in 2025
  CHECK(*r.profile.ageAtStart->mean == doctest::Approx(14.0));

  const auto q = [&](const std::string& id) -> const ProfileQuestion& {
    for (const auto& x : r.profile.questions)
      if (x.id == id) return x;
    FAIL("no question " << id);
    throw std::logic_error("unreachable");
  };
  const ProfileQuestion& gender = q("gender");
  CHECK(gender.answered == 3);
  CHECK(gender.options[0].label == "Pige");
  CHECK(gender.options[0].count == 2);
  CHECK(*gender.options[0].percent == doctest::Approx(66.666666667));
  CHECK(gender.options[1].count == 1);

  const ProfileQuestion& diff = q("difficulties");
  CHECK(diff.type == core::QuestionType::Multi);
  CHECK(diff.answered == 3);
  CHECK(diff.options[0].count == 2);
  CHECK(diff.options[1].count == 2);
  CHECK(diff.options[2].count == 1);
  CHECK(diff.otherCount == 1);
  // "Ved ikke" is an answer in the profile (counted under its option); in the
  // exports it is a missing code (test_export.cpp).
  CHECK(q("nationality").answered == 1);
  CHECK(q("nationality").missing == 2);
  CHECK(q("home_language").answered == 0);  // E2 left it empty on purpose
  CHECK(q("home_language").missing == 3);
}

TEST_CASE("fidelity per project - item means and the project mean") {
  const Report r = overallReport();
  REQUIRE(r.fidelity.size() == 2);
  const FidelityResult& e = r.fidelity[0].project == "empowr" ? r.fidelity[0] : r.fidelity[1];
  CHECK(e.form == "fidelitet_empowr");
  CHECK(e.responses == 2);
  CHECK(e.items[0].summary.n == 2);
  CHECK(*e.items[0].summary.mean == doctest::Approx(4.5));
  CHECK(*e.items[1].summary.mean == doctest::Approx(4.0));
  CHECK(e.items[2].summary.n == 0);
  CHECK(*e.projectMean == doctest::Approx(4.25));
  // The evaluation's own item means average 3,74 for EmpowR (instrument.md §3).
  CHECK(*e.reportProjectMean == doctest::Approx(3.74).epsilon(0.005));

  const FidelityResult& n = r.fidelity[0].project == "nefos" ? r.fidelity[0] : r.fidelity[1];
  CHECK(n.responses == 0);
  CHECK_FALSE(n.projectMean);

  SUBCASE("a project without a fidelity form") {
    report::ReportInput in;
    in.asOf = spor::test::day(spor::test::kAsOf);
    const Report k = buildReport(realForms(), in, {"klub_move", std::nullopt, ""});
    REQUIRE(k.fidelity.size() == 1);
    CHECK(k.fidelity[0].form.empty());
    CHECK(hasWarning(k.warnings, "no_data"));
  }
}

TEST_CASE("a child's timeline") {
  SUBCASE("scores per dimension per measurement in date order, progression included") {
    const Report r = buildReport(realForms(), reportInput(), {"", std::nullopt, "E1"});
    REQUIRE(r.timeline);
    CHECK(r.timeline->projectName == "EmpowR");
    CHECK(r.overall.dimensions.empty());
    const TimelineDimension& psy = r.timeline->dimensions[0];
    CHECK(psy.id == "psykisk_trivsel");
    REQUIRE(psy.points.size() == 4);
    CHECK(psy.points[1].occasion == core::Occasion::Progression);
    CHECK(*psy.points[1].score == doctest::Approx(2.6));
    CHECK(*psy.points[3].score == doctest::Approx(3.4));
    REQUIRE(psy.changes.size() == 3);
    CHECK(psy.changes[0].change == core::Change::Improved);
  }
  SUBCASE("a measurement with too few answers has no score") {
    const Report r = buildReport(realForms(), reportInput(), {"", std::nullopt, "E3"});
    const TimelineDimension& psy = r.timeline->dimensions[0];
    REQUIRE(psy.points.size() == 3);
    CHECK_FALSE(psy.points[1].score);
    CHECK(psy.points[1].answered == 2);
    CHECK(psy.points[1].items == 5);
    REQUIRE(psy.changes.size() == 1);  // only før → opfølgning
    CHECK(psy.changes[0].pair == OccasionPair::BeforeFollowUp);
    CHECK(r.timeline->omittedDimensions == std::vector<std::string>{"Trivsel i skolen", "Selvmordsadfærd"});
  }
}

TEST_CASE("a second measurement at the same occasion - the first før and the latest efter") {
  ReportInput in = reportInput();
  auto& e2 = in.children[1];
  e2.measurements.push_back(spor::test::measurement(core::Occasion::Before, "2025-02-01", {{"psykisk", {1, 1, 1, 1, 1}}}));
  e2.measurements.push_back(spor::test::measurement(core::Occasion::After, "2025-05-01", {{"psykisk", {4, 4, 4, 4, 4}}}));
  const Report r = buildReport(realForms(), in, {});
  CHECK(hasWarning(r.warnings, "duplicate_occasion"));
  const PairResult& p = dimension(r.overall, "psykisk_trivsel").pairs[0];
  CHECK(p.test.n == 6);
  // E2 now counts 3,0 → 4,0 instead of 3,0 → 3,0.
  CHECK(*p.test.meanAfter == doctest::Approx((3.0 + 4.0 + 3.0 + 2.8 + 3.0 + 2.2) / 6));
}

TEST_CASE("wrong filters and data give messages that say what to do") {
  CHECK_THROWS_WITH_AS((void)buildReport(realForms(), reportInput(), {"nosuch", std::nullopt, ""}),
                       doctest::Contains("unknown project 'nosuch' (known: brobygger, cykelhjelm, empowr"), ReportError);
  CHECK_THROWS_WITH_AS((void)buildReport(realForms(), reportInput(), {"", std::nullopt, "X9"}),
                       "no child with the code 'X9' in the data; codes are case sensitive (a list: spor children)",
                       ReportError);
  ReportInput bad = reportInput();
  bad.children[0].project = "gone";
  CHECK_THROWS_WITH_AS((void)buildReport(realForms(), bad, {}),
                       doctest::Contains("child 'E1': unknown project 'gone'"), ReportError);
}

TEST_CASE("every report states the rules and scales and caveats") {
  const Report r = overallReport();
  CHECK(r.method.scoringRule.find("mindst halvdelen") != std::string::npos);
  REQUIRE(r.method.scales.size() == 2);
  CHECK(r.method.scales[0].labels[0] == "1 = Aldrig");
  CHECK(r.method.scales[1].labels[3] == "4 = Helt enig");
  CHECK(r.method.directionNotes.size() == 2);
  const auto has = [&](const std::vector<std::string>& list, const char* text) {
    return std::any_of(list.begin(), list.end(), [&](const std::string& s) { return s.find(text) != std::string::npos; });
  };
  CHECK(has(r.method.caveats, "ingen kontrolgruppe"));
  CHECK(has(r.method.caveats, "Status quo kan være et godt resultat"));
  CHECK(has(r.method.statements, "P<0,05=*; P<0,01=**; p<0,001=***"));
  CHECK(has(r.method.statements, "alle tre målinger"));
}

}  // TEST_SUITE
