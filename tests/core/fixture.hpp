#pragma once
// A small, valid forms folder in memory: two dimensions (one reversed), five
// items, one project. Tests change one file at a time and check the message.
#include <string>
#include <utility>
#include <vector>

namespace spor::test {

using Files = std::vector<std::pair<std::string, std::string>>;

inline std::string scalesJson() {
  return R"({"format": "spor-forms/1", "kind": "scales", "id": "scales", "version": 1,
  "scales": [
    {"id": "agreement4", "name": {"da": "Enighed", "en": "Agreement"},
     "options": [
       {"value": 1, "label": {"da": "Helt uenig", "en": "Strongly disagree"}, "face": "very_sad"},
       {"value": 2, "label": {"da": "Lidt uenig", "en": "Somewhat disagree"}, "face": "sad"},
       {"value": 3, "label": {"da": "Lidt enig", "en": "Somewhat agree"}, "face": "happy"},
       {"value": 4, "label": {"da": "Helt enig", "en": "Strongly agree"}, "face": "very_happy"}],
     "decline": {"da": "Vil ikke svare", "en": "Prefer not to answer"}},
    {"id": "fidelity5", "name": {"da": "Fidelitet", "en": "Fidelity"},
     "options": [
       {"value": 1, "label": {"da": "Slet ikke", "en": "Not at all"}},
       {"value": 2, "label": {"da": "I lav grad", "en": "To a small extent"}},
       {"value": 3, "label": {"da": "I nogen grad", "en": "To some extent"}},
       {"value": 4, "label": {"da": "I høj grad", "en": "To a large extent"}},
       {"value": 5, "label": {"da": "Altid", "en": "Always"}}]}]})";
}

inline std::string scoringJson() {
  return R"({"format": "spor-forms/1", "kind": "scoring", "id": "scoring", "version": 1,
  "min_answered_share": 0.5, "change_threshold": 0.0, "followup_months": 6, "followup_window_months": 3,
  "rule": {"da": "Gennemsnit af besvarede spørgsmål.", "en": "Mean of answered items."}})";
}

inline std::string childJson() {
  return R"({"format": "spor-forms/1", "kind": "child", "id": "barn", "version": 1,
  "title": {"da": "Sådan har jeg det", "en": "How I am"},
  "dimensions": [
    {"id": "selvopfattelse", "name": {"da": "Positiv selvopfattelse", "en": "Self-perception"},
     "direction": "positive", "lead_in": {"da": "Hvor enig er du?"}},
    {"id": "selvskade", "name": {"da": "Selvskade", "en": "Self-harm"},
     "direction": "reversed", "lead_in": {"da": "Hvor enig er du?"}}],
  "items": [
    {"id": "so_1", "dimension": "selvopfattelse", "scale": "agreement4", "text": {"da": "Jeg synes godt om mig selv"}, "wording": "source"},
    {"id": "so_2", "dimension": "selvopfattelse", "scale": "agreement4", "text": {"da": "Jeg er god nok, som jeg er"}, "wording": "source"},
    {"id": "so_3", "dimension": "selvopfattelse", "scale": "agreement4", "text": {"da": "Andre kan lide mig"}, "wording": "reconstructed", "source_text": "at andre kan lide dem"},
    {"id": "ss_1", "dimension": "selvskade", "scale": "agreement4", "text": {"da": "Jeg tænker på at skade mig selv"}, "wording": "source"},
    {"id": "ss_2", "dimension": "selvskade", "scale": "agreement4", "text": {"da": "Jeg skader nogen gange mig selv"}, "wording": "source"}]})";
}

inline std::string backgroundJson() {
  return R"({"format": "spor-forms/1", "kind": "background", "id": "baggrund", "version": 1,
  "title": {"da": "Baggrund", "en": "Background"},
  "respondent": {"da": "Udfyldes af den frivillige", "en": "Filled in by the volunteer"},
  "sections": [{"id": "barnet", "title": {"da": "Barnet", "en": "The child"},
    "questions": [
      {"id": "birth_year", "type": "year", "text": {"da": "Fødselsår", "en": "Year of birth"}, "min": 2000, "max": 2030},
      {"id": "gender", "type": "single", "text": {"da": "Køn", "en": "Gender"},
       "options": [{"code": 1, "label": {"da": "Pige", "en": "Girl"}}, {"code": 2, "label": {"da": "Dreng", "en": "Boy"}}]}]}]})";
}

inline std::string fidelityJson() {
  return R"({"format": "spor-forms/1", "kind": "fidelity", "id": "fidelitet_demo", "version": 1,
  "project": "demo", "title": {"da": "Fidelitet", "en": "Fidelity"},
  "respondent": {"da": "Den frivillige", "en": "The volunteer"},
  "items": [{"id": "f1", "scale": "fidelity5", "text": {"da": "I hvilken grad har vi fulgt planen?"}}]})";
}

inline std::string projectJson() {
  return R"({"format": "spor-forms/1", "kind": "project", "id": "demo", "version": 1,
  "name": {"da": "Demo", "en": "Demo"}, "organisation": "Demo", "municipalities": ["Odense"],
  "target_group": {"da": "Børn", "en": "Children"}, "age_min": 7, "age_max": 17,
  "child_form": "barn", "dimensions": ["selvopfattelse", "selvskade"], "interventions": ["group"],
  "fidelity_form": "fidelitet_demo", "course_weeks": 10, "progression_every_weeks": 0,
  "safeguarding": {"dimensions": ["selvskade"], "item_threshold": 3, "score_threshold": 2.5,
    "text": {"da": "Tal med barnet.", "en": "Talk to the child."}}})";
}

inline Files validFiles() {
  return {{"forms/scales.json", scalesJson()},         {"forms/scoring.json", scoringJson()},
          {"forms/child/barn.json", childJson()},      {"forms/background/baggrund.json", backgroundJson()},
          {"forms/fidelity/demo.json", fidelityJson()}, {"forms/projects/demo.json", projectJson()}};
}

// Replaces the first occurrence of `from` in `path`'s text.
inline Files withChange(const std::string& path, const std::string& from, const std::string& to) {
  Files files = validFiles();
  for (auto& [p, text] : files) {
    if (p != path) continue;
    auto pos = text.find(from);
    if (pos == std::string::npos) throw std::logic_error("fixture has no '" + from + "' in " + path);
    text.replace(pos, from.size(), to);
  }
  return files;
}

}  // namespace spor::test
