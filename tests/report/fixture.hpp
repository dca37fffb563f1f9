#pragma once
// A small, fixed dataset over the real forms/ folder, with every case the
// report must get right. The expected statistics in test_report.cpp were
// computed from the scores noted here with tests/report/expected_stats.py.
//
// EmpowR (group only; measures psykisk, relationel, sociale, mestring,
// selvopfattelse, selvskade; not trivsel i skolen, not selvmordsadfærd):
//   E1  psykisk  2,4 → 3,0 → 3,4     selvskade 8/3 → 2,0 → 4/3
//   E2  psykisk  3,0 → 3,0 → –       selvskade 2,0 → 7/3 (worse: reversed)
//   E3  psykisk  1,6 → (2 of 5 answered: no score) → 2,8
//       selvskade 11/3 → (1 of 3: no score) → 7/3
//   E4  psykisk  3,6 → 3,0 → 3,6     selvskade 4/3 → 1,0 → 1,0
//       (also answers skole_* items, which EmpowR does not measure)
//   E5  før only: psykisk 2,4, selvskade 8/3           (efter missing: dropout)
//   E6  før and opfølgning, no efter: psykisk 2,0 → – → 3,0
//   E7  relationel given as scores: 2,5 → 3,0; efter recent (opfølgning pending)
// NEFOS (individual, group, family; measures selvmordsadfærd):
//   N1  individual + family   psykisk 2,4 → 2,8   selvmord 2,6 → 1,8
//   N2  family                psykisk 2,6 → 3,0   selvmord 2,0 → 2,0
//   N3  individual            psykisk 1,6 → 2,2   selvmord 3,2 → 2,8
// Municipalities: every EmpowR child Egedal; N1 Odense, N2 Middelfart, N3
// none recorded. Consent: E1's mother, with consent to share; N1 the young
// person; the others none recorded. Course ends and missed measurements
// (the dropout by reason): E2 bridged, E5 stopped early (did not fit), E6
// efter missed (the child declined), N1 referred on, N3 opfølgning missed
// (not reached); N2 none recorded. Who helped the child answer (per
// measurement): E1 før a volunteer, efter alone, opfølgning a parent, its
// progression not recorded; N1 før a municipal worker; the rest not recorded.
// Referral and feedback to the referrer (issue 14 item 1): E1 referred by a
// caseworker, feedback at referral and after the forsamtale; E2 by the
// school, no feedback (course ended: bridged); E5 by a caseworker, feedback
// after the afsluttende samtale (course stopped); N1 by a health visitor,
// feedback after the forsamtale (course ended: referred on); N2 by the
// parents, no feedback agreed; the others not referred. By hand: 5
// referred, 3 heard back (60 %), 2 after the forsamtale (40 %), 3 ended of
// whom 1 after the afsluttende samtale (33 %).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/form_loader.hpp"
#include "report/input.hpp"

namespace spor::test {

inline const core::FormSet& realForms() {
  static const core::FormSet forms = core::loadForms(SPOR_TEST_FORMS_DIR);
  return forms;
}

inline core::Date day(const char* iso) {
  auto d = core::parseDate(iso);
  REQUIRE(d);
  return *d;
}

// prefix_1 .. prefix_n = values; 0 means not reached (absent), -1 declined
// ("vil ikke svare").
inline void put(report::MeasurementInput& out, const std::string& prefix, std::vector<int> values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string item = prefix + "_" + std::to_string(i + 1);
    if (values[i] > 0) out.items[item] = values[i];
    if (values[i] < 0) out.declined.insert(item);
  }
}

inline report::MeasurementInput measurement(core::Occasion o, const char* date,
                                            std::vector<std::pair<std::string, std::vector<int>>> answers) {
  report::MeasurementInput m;
  m.occasion = o;
  m.date = day(date);
  m.formVersion = 1;
  for (auto& [prefix, values] : answers) put(m, prefix, values);
  return m;
}

constexpr const char* kBefore = "2025-01-10";
constexpr const char* kAfter = "2025-04-10";
constexpr const char* kFollowUp = "2025-10-10";
constexpr const char* kAsOf = "2026-06-01";
// A free-text answer with a first name in it: it must never reach a report.
constexpr const char* kNameInFreeText = "Mathilde";

inline report::ReportInput reportInput() {
  using core::Occasion;
  using report::ChildInput;
  report::ReportInput in;
  in.asOf = day(kAsOf);

  auto empowr = [](const char* code) {
    ChildInput c;
    c.code = code;
    c.project = "empowr";
    c.municipality = "Egedal";  // EmpowR's one municipality
    return c;
  };
  ChildInput e1 = empowr("E1");
  e1.birthYear = 2010;
  e1.consentBy = "mor";
  e1.sharingConsent = true;
  e1.measurements = {measurement(Occasion::Before, kBefore, {{"psykisk", {2, 2, 3, 3, 2}}, {"selvskade", {3, 3, 2}}}),
                     measurement(Occasion::After, kAfter, {{"psykisk", {3, 3, 3, 3, 3}}, {"selvskade", {2, 2, 2}}}),
                     measurement(Occasion::FollowUp, kFollowUp, {{"psykisk", {3, 4, 3, 4, 3}}, {"selvskade", {1, 2, 1}}}),
                     measurement(Occasion::Progression, "2025-02-20", {{"psykisk", {3, 3, 3, 2, 2}}})};
  e1.measurements[0].answeringMode = core::AnsweringMode::Volunteer;
  e1.measurements[1].answeringMode = core::AnsweringMode::Alone;
  e1.measurements[2].answeringMode = core::AnsweringMode::Parent;
  e1.background = report::BackgroundInput{day(kBefore),
                                          1,
                                          {{"gender", {{1}, {}, ""}},
                                           {"difficulties", {{1, 2}, {}, ""}},
                                           {"nationality", {{9}, {}, ""}},          // Ved ikke
                                           {"parent2_education", {{8}, {}, ""}}}};  // Ikke relevant

  e1.referralRole = "caseworker";
  e1.referredOn = day("2024-12-20");
  e1.reportBack = "referrer";
  e1.feedback = {{day("2024-12-22"), "referral", "written"}, {day("2025-01-15"), "intake", "meeting"}};

  ChildInput e2 = empowr("E2");
  e2.referralRole = "school";
  e2.referredOn = day("2024-12-01");
  e2.reportBack = "referrer";
  e2.courseEnd = "bridged";  // after efter: bridged to another offer
  e2.endedOn = day("2025-04-20");
  e2.birthYear = 2011;
  e2.measurements = {measurement(Occasion::Before, kBefore, {{"psykisk", {3, 3, 3, 3, 3}}, {"selvskade", {2, 2, 2}}}),
                     measurement(Occasion::After, kAfter, {{"psykisk", {3, 3, 3, 3, 3}}, {"selvskade", {3, 2, 2}}})};
  e2.background = report::BackgroundInput{day(kBefore),
                                          1,
                                          {{"gender", {{1}, {}, ""}},
                                           {"difficulties", {{1}, {}, ""}},
                                           {"resources", {{}, {}, "", true}},  // left empty on purpose
                                           {"home_language", {{}, {}, "", true}}}};

  ChildInput e3 = empowr("E3");
  e3.measurements = {
      measurement(Occasion::Before, kBefore, {{"psykisk", {1, 2, 2, 2, 1}}, {"selvskade", {4, 4, 3}}}),
      measurement(Occasion::After, kAfter, {{"psykisk", {2, 2, -1, 0, 0}}, {"selvskade", {3, 0, 0}}}),
      measurement(Occasion::FollowUp, kFollowUp, {{"psykisk", {3, 3, 3, 3, 2}}, {"selvskade", {2, 2, 3}}})};
  e3.background = report::BackgroundInput{day(kBefore),
                                          1,
                                          {{"gender", {{2}, {}, ""}},
                                           {"difficulties", {{2, 3}, {}, std::string("Vil kaldes ") + kNameInFreeText}},
                                           {"birth_year", {{}, 2012.0, ""}}}};

  ChildInput e4 = empowr("E4");
  e4.measurements = {
      measurement(Occasion::Before, kBefore, {{"psykisk", {4, 3, 4, 3, 4}}, {"selvskade", {1, 1, 2}}, {"skole", {1, 1, 1, 1, 1, 1, 1}}}),
      measurement(Occasion::After, kAfter, {{"psykisk", {3, 3, 3, 3, 3}}, {"selvskade", {1, 1, 1}}, {"skole", {4, 4, 4, 4, 4, 4, 4}}}),
      measurement(Occasion::FollowUp, kFollowUp, {{"psykisk", {4, 4, 4, 3, 3}}, {"selvskade", {1, 1, 1}}})};

  ChildInput e5 = empowr("E5");
  e5.courseEnd = "stopped";
  e5.stopReason = "did_not_fit";
  e5.endedOn = day("2025-02-15");
  e5.referralRole = "caseworker";
  e5.referredOn = day("2025-01-02");
  e5.reportBack = "other";
  e5.feedback = {{day("2025-02-20"), "closing", "phone"}};
  e5.measurements = {measurement(Occasion::Before, kBefore, {{"psykisk", {2, 3, 2, 3, 2}}, {"selvskade", {2, 3, 3}}})};

  ChildInput e6 = empowr("E6");
  e6.missed[core::Occasion::After] = "child_declined";
  e6.measurements = {measurement(Occasion::Before, kBefore, {{"psykisk", {2, 2, 2, 2, 2}}}),
                     measurement(Occasion::FollowUp, kFollowUp, {{"psykisk", {3, 3, 3, 3, 3}}})};

  ChildInput e7 = empowr("E7");
  e7.measurements = {measurement(Occasion::Before, "2025-12-01", {}), measurement(Occasion::After, "2026-03-01", {})};
  e7.measurements[0].scores["relationel_trivsel"] = 2.5;
  e7.measurements[1].scores["relationel_trivsel"] = 3.0;

  auto nefos = [](const char* code, std::vector<core::Intervention> ints) {
    ChildInput c;
    c.code = code;
    c.project = "nefos";
    c.interventions = std::move(ints);
    return c;
  };
  using core::Intervention;
  ChildInput n1 = nefos("N1", {Intervention::Individual, Intervention::Family});
  n1.measurements = {measurement(Occasion::Before, kBefore, {{"psykisk", {2, 2, 2, 3, 3}}, {"selvmord", {3, 3, 2, 2, 3}}}),
                     measurement(Occasion::After, kAfter, {{"psykisk", {3, 3, 3, 3, 2}}, {"selvmord", {2, 2, 2, 1, 2}}})};
  n1.measurements[0].answeringMode = core::AnsweringMode::Municipal;
  n1.municipality = "Odense";
  n1.consentBy = "den unge";
  n1.courseEnd = "referred";
  n1.referralRole = "health_visitor";
  n1.referredOn = day("2024-12-15");
  n1.reportBack = "referrer";
  n1.feedback = {{day("2025-01-12"), "intake", "phone"}};
  ChildInput n2 = nefos("N2", {Intervention::Family});
  n2.municipality = "Middelfart";
  n2.referralRole = "parents";
  n2.referredOn = day("2025-01-05");
  n2.reportBack = "nobody";
  n2.measurements = {measurement(Occasion::Before, kBefore, {{"psykisk", {3, 3, 3, 2, 2}}, {"selvmord", {2, 2, 2, 2, 2}}}),
                     measurement(Occasion::After, kAfter, {{"psykisk", {3, 3, 3, 3, 3}}, {"selvmord", {2, 2, 2, 2, 2}}})};
  ChildInput n3 = nefos("N3", {Intervention::Individual});
  n3.missed[core::Occasion::FollowUp] = "not_reached";
  // N3's municipality was not recorded (registered before Spor asked).
  n3.measurements = {measurement(Occasion::Before, kBefore, {{"psykisk", {1, 1, 2, 2, 2}}, {"selvmord", {4, 3, 3, 3, 3}}}),
                     measurement(Occasion::After, kAfter, {{"psykisk", {2, 2, 2, 2, 3}}, {"selvmord", {3, 3, 3, 2, 3}}})};

  in.children = {e1, e2, e3, e4, e5, e6, e7, n1, n2, n3};

  in.fidelity = {{"empowr", "fidelitet_empowr", 1, day("2025-05-01"), {{"empowr_f01", 5}, {"empowr_f02", 4}}, {}},
                 {"empowr", "fidelitet_empowr", 1, day("2025-06-01"), {{"empowr_f01", 4}}, {"empowr_f02"}}};
  return in;
}

}  // namespace spor::test
