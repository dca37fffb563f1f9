// The bridge-builder model (issue 14 item 6): the activity follow-up form
// (kind "activity") and its checklist lines, and the project fields of
// item 8 (where to turn, whether a text is Spor's draft, assumptions).
// Every mistake in a form file is refused with a message that says what
// and where; the checklist's due points are checked at their boundary days.
#include <algorithm>

#include <doctest/doctest.h>

#include "core/form_loader.hpp"
#include "core/occasions.hpp"
#include "fixture.hpp"

using namespace spor::core;
using spor::test::Files;
using spor::test::validFiles;

namespace {

Date d(const char* iso) { return *parseDate(iso); }

std::string activityJson() {
  return R"({"format": "spor-forms/1", "kind": "activity", "id": "fritid", "version": 1,
  "title": {"da": "Fritidsaktivitet", "en": "Leisure activity"},
  "respondent": {"da": "Den frivillige", "en": "The volunteer"},
  "sections": [{"id": "a", "title": {"da": "Aktiviteten", "en": "The activity"},
    "questions": [
      {"id": "tidspunkt", "type": "single", "text": {"da": "Hvornår?", "en": "When?"},
       "options": [{"code": 6, "label": {"da": "6 måneder", "en": "6 months"}}, {"code": 3, "label": {"da": "3 måneder", "en": "3 months"}}]},
      {"id": "aktivitet", "type": "single", "text": {"da": "Hvilken?", "en": "Which?"},
       "options": [{"code": 1, "label": {"da": "Sportsklub", "en": "Sports club"}}, {"code": 7, "label": {"da": "Andet", "en": "Other"}}]},
      {"id": "startet", "type": "single", "text": {"da": "Startet?", "en": "Started?"},
       "options": [{"code": 1, "label": {"da": "Ja", "en": "Yes"}}, {"code": 2, "label": {"da": "Nej", "en": "No"}},
                   {"code": 9, "label": {"da": "Ved ikke", "en": "Don't know"}, "missing": "dont_know"}]},
      {"id": "aktiv", "type": "single", "text": {"da": "Aktiv?", "en": "Active?"},
       "options": [{"code": 1, "label": {"da": "Ja", "en": "Yes"}}, {"code": 2, "label": {"da": "Nej", "en": "No"}}]}]}]})";
}

// The fixture with the activity form and a project that names it (and the
// item 8 fields), then `from` replaced by `to` in `path`.
Files withActivity(const std::string& path = "", const std::string& from = "", const std::string& to = "") {
  Files files = validFiles();
  files.push_back({"forms/activity/fritid.json", activityJson()});
  for (auto& [p, text] : files) {
    if (p == "forms/projects/demo.json") {
      const std::string sg = R"("text": {"da": "Tal med barnet.", "en": "Talk to the child."}})";
      text.replace(text.find(sg), sg.size(),
                   R"("text": {"da": "Tal med barnet.", "en": "Talk to the child."}, "guidance_origin": "spor_draft",
    "contact": {"da": "Projektlederen.", "en": "The project leader."}, "contact_origin": "spor_draft"},
  "activity_form": "fritid", "assumptions": {"age_min": "Not in the sources.", "safeguarding.contact": "Our draft."})");
    }
    if (p == path) {
      const auto pos = text.find(from);
      if (pos == std::string::npos) throw std::logic_error("no '" + from + "' in " + path);
      text.replace(pos, from.size(), to);
    }
  }
  return files;
}

std::string allProblems(const FormCheck& check) {
  std::string s;
  for (const auto& p : check.problems) s += p.str() + "\n";
  return s;
}

// One problem, in this file, saying this.
void refused(const Files& files, const std::string& file, const std::string& says) {
  const FormCheck check = checkFormFiles(files, "forms");
  INFO(allProblems(check));
  REQUIRE(check.problems.size() == 1);
  CHECK(check.problems.front().file == file);
  CHECK(check.problems.front().str().find(says) != std::string::npos);
}

const DueEntry& line(const std::vector<DueEntry>& list, int months) {
  for (const auto& e : list)
    if (e.task == Task::Activity && e.months == months) return e;
  FAIL("no activity line at " << months);
  return list.front();
}

ChildHistory enrolled(const char* iso) {
  ChildHistory h;
  h.enrolled = d(iso);
  h.consent = true;
  return h;
}

}  // namespace

TEST_SUITE("core") {

TEST_CASE("an activity form and the item 8 project fields load from their files") {
  const FormCheck check = checkFormFiles(withActivity(), "forms");
  INFO(allProblems(check));
  REQUIRE(check.ok());
  const FormSet& forms = check.forms;
  const Project& p = forms.project("demo");
  REQUIRE(forms.activityFor(p) != nullptr);
  CHECK(activityPoints(*forms.activityFor(p)) == std::vector<int>{3, 6});  // ascending, whatever the file's order
  CHECK(p.safeguarding.contact.da == "Projektlederen.");
  CHECK(p.safeguarding.contactOrigin == "spor_draft");
  CHECK(p.safeguarding.textOrigin == "spor_draft");
  CHECK(guidanceIsDraft(p.safeguarding));
  CHECK(p.assumptions.at("age_min") == "Not in the sources.");
  CHECK(p.assumptions.count("safeguarding.contact") == 1);
  // The fixture without them: no activity form, no contact, nothing a draft.
  const FormSet plain = checkFormFiles(validFiles(), "forms").forms;
  CHECK(plain.activityFor(plain.project("demo")) == nullptr);
  CHECK_FALSE(guidanceIsDraft(plain.project("demo").safeguarding));
}

TEST_CASE("the bundled bridge-builder project: its activity form, the bridging type and marked assumptions") {
  const FormSet forms = loadForms(SPOR_TEST_FORMS_DIR);
  const Project& p = forms.project("brobygger");
  CHECK(p.interventions == std::vector<Intervention>{Intervention::Bridging});
  CHECK(std::find(p.municipalities.begin(), p.municipalities.end(), "Herning") != p.municipalities.end());
  REQUIRE(forms.activityFor(p) != nullptr);
  CHECK(activityPoints(*forms.activityFor(p)) == std::vector<int>{3, 6});
  CHECK(forms.activityFor(p)->question(kActivityKindQuestion) != nullptr);
  for (const char* field : {"age_min", "age_max", "dimensions", "course_weeks", "activity_form", "safeguarding.contact"})
    CHECK_MESSAGE(p.assumptions.count(field) == 1, field);
  CHECK(p.safeguarding.contactOrigin == "spor_draft");
  // No phone number is invented: the contact says to ask the project leader.
  CHECK(p.safeguarding.contact.da.find("spørg projektlederen") != std::string::npos);
  // Every project says where to turn, and whether its texts are drafts.
  for (const auto& [id, proj] : forms.projects) {
    CAPTURE(id);
    CHECK_FALSE(proj.safeguarding.contact.da.empty());
    CHECK_FALSE(proj.safeguarding.contact.en.empty());
    CHECK_FALSE(proj.safeguarding.textOrigin.empty());
  }
  // NEFOS takes children from 3: its guidance has words for a small child.
  CHECK(forms.project("nefos").safeguarding.text.da.find("Med et lille barn (3–6 år)") != std::string::npos);
  // The new type has ids and names like the others.
  Intervention i{};
  REQUIRE(parseIntervention("bridging", i));
  CHECK(i == Intervention::Bridging);
  CHECK(interventionName(i).da == "Brobygning til fritidsaktivitet");
}

TEST_CASE("a mistaken activity form or project field is refused with what and where") {
  const std::string af = "forms/activity/fritid.json";
  const std::string pj = "forms/projects/demo.json";
  SUBCASE("no startet question") {
    refused(withActivity(af, R"("id": "startet")", R"("id": "begyndt")"), af,
            "an activity form needs the question 'startet'");
  }
  SUBCASE("aktiv without Nej as code 2") {
    refused(withActivity(af, R"({"code": 2, "label": {"da": "Nej", "en": "No"}}]}]}]})",
                         R"({"code": 3, "label": {"da": "Nej", "en": "No"}}]}]}]})"),
            af, "'aktiv' must be a single choice with code 1 \"Ja\" and code 2 \"Nej\"");
  }
  SUBCASE("a point beyond 36 months") {
    refused(withActivity(af, R"({"code": 6, "label")", R"({"code": 40, "label")"), af,
            "'tidspunkt' must be a single choice whose codes are the months");
  }
  SUBCASE("free text") {
    refused(withActivity(af, R"("id": "aktivitet", "type": "single",)", R"("id": "aktivitet", "type": "single", "other": true,)"),
            af, "an activity form has no free text");
  }
  SUBCASE("a project naming an activity form that does not exist") {
    refused(withActivity(pj, R"("activity_form": "fritid")", R"("activity_form": "fritiid")"), pj,
            "unknown activity form 'fritiid' (known: fritid)");
  }
  SUBCASE("an unknown intervention type") {
    refused(withActivity(pj, R"("interventions": ["group"])", R"("interventions": ["group", "bridge"])"), pj,
            "unknown intervention type 'bridge' (use individual, group, family or bridging)");
  }
  SUBCASE("an origin that is neither source nor spor_draft") {
    refused(withActivity(pj, R"("guidance_origin": "spor_draft")", R"("guidance_origin": "draft")"), pj,
            "'guidance_origin' is 'draft'");
  }
  SUBCASE("a contact without its origin") {
    refused(withActivity(pj, R"(, "contact_origin": "spor_draft")", ""), pj,
            "'contact' and 'contact_origin' go together");
  }
  SUBCASE("an assumption about a field the file does not have") {
    refused(withActivity(pj, R"("age_min": "Not in the sources.")", R"("age_mni": "Not in the sources.")"), pj,
            "'assumptions' names 'age_mni'");
  }
  SUBCASE("an assumption without a reason") {
    refused(withActivity(pj, R"("age_min": "Not in the sources.")", R"("age_min": "")"), pj,
            "'assumptions' gives no reason for 'age_min'");
  }
}

TEST_CASE("the checklist's activity lines fall due at their points after enrolment and not a day before") {
  const Project p = loadForms(SPOR_TEST_FORMS_DIR).project("brobygger");
  const ScoringRules rules;
  const std::vector<int> points = {3, 6};
  ChildHistory h = enrolled("2026-01-15");
  // The day before three months: upcoming, not startable; the day itself: due.
  CHECK(line(dueMeasurements(p, rules, h, d("2026-04-14"), points), 3).state == DueState::Upcoming);
  CHECK_FALSE(line(dueMeasurements(p, rules, h, d("2026-04-14"), points), 3).canStart());
  const DueEntry on = line(dueMeasurements(p, rules, h, d("2026-04-15"), points), 3);
  CHECK(on.state == DueState::DueNow);
  CHECK(on.canStart());
  CHECK(on.date == d("2026-04-15"));
  CHECK_FALSE(on.canRecordMissed());
  // Four weeks after: still due; the day after that, overdue.
  CHECK(line(dueMeasurements(p, rules, h, d("2026-05-13"), points), 3).state == DueState::DueNow);
  CHECK(line(dueMeasurements(p, rules, h, d("2026-05-14"), points), 3).state == DueState::Overdue);
  // Six months: the 15th of July; the day before it is upcoming.
  CHECK(line(dueMeasurements(p, rules, h, d("2026-07-14"), points), 6).state == DueState::Upcoming);
  CHECK(line(dueMeasurements(p, rules, h, d("2026-07-15"), points), 6).state == DueState::DueNow);
  // Enrolled on the 31st of August: the points are the month's last days.
  CHECK(line(dueMeasurements(p, rules, enrolled("2026-08-31"), d("2026-11-30"), points), 3).state == DueState::DueNow);
  CHECK(line(dueMeasurements(p, rules, enrolled("2026-08-31"), d("2026-11-29"), points), 3).state ==
        DueState::Upcoming);

  // Filled in: done on its day; one under way: resume it. The other point is untouched.
  h.activity.push_back({3, d("2026-04-20"), d("2026-04-20")});
  auto list = dueMeasurements(p, rules, h, d("2026-07-15"), points);
  CHECK(line(list, 3).state == DueState::Done);
  CHECK(line(list, 3).date == d("2026-04-20"));
  CHECK(line(list, 6).state == DueState::DueNow);
  h.activity.push_back({6, d("2026-07-15"), std::nullopt});
  CHECK(line(dueMeasurements(p, rules, h, d("2026-07-16"), points), 6).state == DueState::InProgress);

  // No consent: nothing may be asked.
  ChildHistory none = enrolled("2026-01-15");
  none.consent = false;
  CHECK(line(dueMeasurements(p, rules, none, d("2026-05-01"), points), 3).state == DueState::NoConsent);

  // A course stopped before a point takes it off (it may still be filled in);
  // a completed or bridged course keeps it: "still active?" is the question.
  ChildHistory stopped = enrolled("2026-01-15");
  stopped.ended = CourseEnd::StoppedEarly;
  stopped.endedOn = d("2026-03-01");
  const DueEntry off = line(dueMeasurements(p, rules, stopped, d("2026-04-15"), points), 3);
  CHECK(off.state == DueState::Ended);
  CHECK(off.canStart());
  stopped.endedOn = d("2026-04-15");  // on the day of the point: it was due while the course ran
  CHECK(line(dueMeasurements(p, rules, stopped, d("2026-04-15"), points), 3).state == DueState::DueNow);
  ChildHistory bridged = enrolled("2026-01-15");
  bridged.ended = CourseEnd::Bridged;
  bridged.endedOn = d("2026-02-01");
  CHECK(line(dueMeasurements(p, rules, bridged, d("2026-04-15"), points), 3).state == DueState::DueNow);

  // Without an activity form: no such lines.
  for (const auto& e : dueMeasurements(p, rules, h, d("2026-07-15"))) CHECK(e.task != Task::Activity);
}

}  // TEST_SUITE
