// Loading and validating forms: the bundled forms load, and every kind of
// mistake a form author can make is named with its file and item.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include <doctest/doctest.h>

#include "core/form_loader.hpp"
#include "fixture.hpp"

using namespace spor::core;
using spor::test::validFiles;
using spor::test::withChange;

namespace {

std::string allProblems(const FormCheck& check) {
  std::string s;
  for (const auto& p : check.problems) s += p.str() + "\n";
  return s;
}

// Exactly one problem, and it is this one.
void expectOnly(const FormCheck& check, const std::string& message) {
  INFO(allProblems(check));
  REQUIRE(check.problems.size() == 1);
  CHECK(check.problems.front().str() == message);
}

}  // namespace

TEST_SUITE("core") {
  TEST_CASE("the bundled forms folder loads and holds the whole instrument") {
    const FormCheck check = checkForms(SPOR_TEST_FORMS_DIR);
    INFO(allProblems(check));
    REQUIRE(check.ok());
    const FormSet& forms = check.forms;

    const ChildForm& child = forms.primaryChildForm();
    CHECK(child.dimensions.size() == 8);
    CHECK(child.itemCount() == 40);
    const std::map<std::string, std::size_t> itemsPerDimension = {{"psykisk_trivsel", 5},
                                                                  {"relationel_trivsel", 5},
                                                                  {"sociale_kompetencer", 5},
                                                                  {"mestringskompetencer", 5},
                                                                  {"positiv_selvopfattelse", 5},
                                                                  {"trivsel_i_skolen", 7},
                                                                  {"selvskade", 3},
                                                                  {"selvmordsadfaerd", 5}};
    for (const auto& [dimId, n] : itemsPerDimension) {
      CAPTURE(dimId);
      const Dimension* dim = child.dimension(dimId);
      REQUIRE(dim != nullptr);
      CHECK(dim->itemIds.size() == n);
      const bool reversed = dimId == "selvskade" || dimId == "selvmordsadfaerd";
      CHECK((dim->direction == Direction::Reversed) == reversed);
    }
    // Third-person items in the report get a reconstructed first-person wording.
    for (const auto& item : child.items) {
      CAPTURE(item.id);
      const bool thirdPerson = item.dimension == "relationel_trivsel" || item.dimension == "sociale_kompetencer";
      CHECK((item.wording == Wording::Reconstructed) == thirdPerson);
      if (item.wording == Wording::Reconstructed) CHECK_FALSE(item.sourceText.empty());
      CHECK_FALSE(item.text.da.empty());
    }
    CHECK(child.item("psykisk_1")->text.da == "Hvor ofte føler du dig glad?");

    CHECK(forms.projects.size() == 9);
    CHECK(forms.fidelityForms.size() >= 2);
    CHECK(forms.fidelityForms.count("fidelitet_strom") == 1);
    CHECK(forms.fidelityForms.count("fidelitet_nefos") == 1);
    CHECK(forms.fidelityForms.at("fidelitet_strom").items.size() == 17);
    CHECK(forms.fidelityForms.at("fidelitet_nefos").items.size() == 26);
    REQUIRE(forms.background.has_value());
    for (const char* q : {"birth_year", "gender"}) CHECK(forms.background->question(q) != nullptr);

    // Selvskade only in EmpowR, selvmordsadfærd only in NEFOS (001:L523-528).
    for (const auto& [id, p] : forms.projects) {
      CAPTURE(id);
      CHECK(p.measures("selvskade") == (id == "empowr"));
      CHECK(p.measures("selvmordsadfaerd") == (id == "nefos"));
      CHECK_FALSE(p.safeguarding.text.da.empty());
      CHECK_FALSE(p.safeguarding.text.en.empty());
    }
    CHECK(forms.project("klub_move").fidelityForm == std::nullopt);
    CHECK(forms.project("mentornetvaerket").fidelityForm == std::nullopt);

    // The scales the child sees: four labelled options with faces, plus "vil ikke svare".
    for (const char* id : {"frequency4", "agreement4"}) {
      const Scale& s = forms.scale(id);
      CHECK(s.options.size() == 4);
      CHECK(s.decline.has_value());
      for (const auto& o : s.options) CHECK(o.face != Face::None);
    }
    CHECK(forms.scale("fidelity5").options.size() == 5);
  }

  TEST_CASE("the next item: the first unanswered after the one just answered and else from the start") {
    ChildForm form;
    for (const char* id : {"a", "b", "c", "d"}) {
      Item item;
      item.id = id;
      form.items.push_back(item);
    }
    std::vector<const Item*> items;
    for (const Item& i : form.items) items.push_back(&i);
    std::set<std::string> answered;
    const auto next = [&](std::size_t from) {
      return nextUnanswered(items, [&](const std::string& id) { return answered.count(id) > 0; }, from);
    };
    CHECK(next(0) == 0u);  // a new measurement starts at the first
    answered = {"a", "c"};
    CHECK(next(0) == 1u);  // resumed: the first without an answer
    CHECK(next(2) == 3u);  // after c: d, not the b left behind
    answered = {"a", "b", "d"};
    CHECK(next(3) == 2u);  // nothing after: back to c
    CHECK(next(9) == 2u);  // past the end: from the start
    answered.insert("c");
    CHECK_FALSE(next(0));  // every item answered: finished
    CHECK_FALSE(next(2));
  }

  TEST_CASE("the in-memory fixture is valid") {
    const FormCheck check = checkFormFiles(validFiles(), "forms");
    INFO(allProblems(check));
    CHECK(check.ok());
    CHECK(check.forms.files.size() == 6);
  }

  TEST_CASE("a misspelt scale is named with file and item") {
    auto files =
        withChange("forms/child/barn.json", R"("id": "so_2", "dimension": "selvopfattelse", "scale": "agreement4")",
                   R"("id": "so_2", "dimension": "selvopfattelse", "scale": "agreemnt4")");
    expectOnly(checkFormFiles(files, "forms"),
               "forms/child/barn.json: item 'so_2': unknown scale 'agreemnt4' (known: agreement4, fidelity5)");
  }

  // The coordinator's screens show a form package's problems in Danish: each
  // problem is a catalogue message, where and what, not English text.
  TEST_CASE("a problem reads in Danish on a Danish screen and in English on the command line") {
    auto files =
        withChange("forms/child/barn.json", R"("id": "so_2", "dimension": "selvopfattelse", "scale": "agreement4")",
                   R"("id": "so_2", "dimension": "selvopfattelse", "scale": "agreemnt4")");
    const FormCheck check = checkFormFiles(files, "forms");
    REQUIRE(check.problems.size() == 1);
    const Problem& p = check.problems.front();
    CHECK(p.str(Lang::Da) ==
          "forms/child/barn.json: spørgsmålet 'so_2': ukendt skala 'agreemnt4' (kendte: agreement4, fidelity5)");
    CHECK(p.str() == p.str(Lang::En));
    // Not JSON: the place in Danish, rapidjson's English reason only on the command line.
    const FormCheck broken = checkFormFiles(
        withChange("forms/scoring.json", R"("change_threshold": 0.0,)", R"("change_threshold": 0.0,,)"), "forms");
    REQUIRE_FALSE(broken.ok());
    const std::string da = broken.problems.front().str(Lang::Da);
    CHECK(da.find(": linje 2, kolonne ") != std::string::npos);
    CHECK(da.find("ikke gyldig JSON") != std::string::npos);
    CHECK(da.find("Missing") == std::string::npos);
    CHECK(broken.problems.front().str().find("not valid JSON: ") != std::string::npos);
    // A folder that is not there.
    CHECK(checkForms("/no/such/forms").problems.front().str(Lang::Da) ==
          "/no/such/forms: er ikke en mappe med skemaer (giv stien til en forms/-mappe)");
  }

  TEST_CASE("a duplicate item id is named with file and item") {
    auto files = withChange("forms/child/barn.json", R"("id": "so_3")", R"("id": "so_2")");
    expectOnly(checkFormFiles(files, "forms"),
               "forms/child/barn.json: item 'so_2': duplicate item id 'so_2': item ids must be unique in the "
               "questionnaire");
  }

  TEST_CASE("each validation error has its own message") {
    struct Case {
      const char* name;
      const char* file;
      const char* from;
      const char* to;
      const char* message;
    };
    const Case cases[] = {
        {"missing field", "forms/child/barn.json",
         R"("scale": "agreement4", "text": {"da": "Jeg er god nok, som jeg er"})",
         R"("text": {"da": "Jeg er god nok, som jeg er"})",
         "forms/child/barn.json: item 'so_2': missing field 'scale'"},
        {"item in no dimension", "forms/child/barn.json", R"("id": "so_3", "dimension": "selvopfattelse",)",
         R"("id": "so_3",)",
         "forms/child/barn.json: item 'so_3': the item is in no dimension: add \"dimension\": \"<dimension id>\""},
        {"item in an unknown dimension", "forms/child/barn.json", R"("id": "so_3", "dimension": "selvopfattelse",)",
         R"("id": "so_3", "dimension": "selvfolelse",)",
         "forms/child/barn.json: item 'so_3': unknown dimension 'selvfolelse' (known: selvopfattelse, selvskade)"},
        {"project naming an unknown dimension", "forms/projects/demo.json",
         R"("dimensions": ["selvopfattelse", "selvskade"])", R"("dimensions": ["selvopfattelse", "selvskade", "mod"])",
         "forms/projects/demo.json: field 'dimensions': unknown dimension 'mod' (known in barn: selvopfattelse, "
         "selvskade)"},
        {"malformed file", "forms/scoring.json", R"("change_threshold": 0.0,)", R"("change_threshold": 0.0,,)",
         "forms/scoring.json: line 2, column 54: not valid JSON: Missing a name for object member."},
        {"unknown field", "forms/child/barn.json", R"("wording": "source"})",
         R"("wording": "source", "colour": "red"})",
         "forms/child/barn.json: item 'so_1': unknown field 'colour' (allowed: id, dimension, scale, text, wording, "
         "source_text, safeguarding)"},
        {"a single-answer flag on a positive item", "forms/child/barn.json",
         R"("text": {"da": "Jeg synes godt om mig selv"}, "wording": "source")",
         R"("text": {"da": "Jeg synes godt om mig selv"}, "wording": "source", "safeguarding": {"flag_at": 3, "about": {"da": "x", "en": "x"}, "reason": "r"})",
         "forms/child/barn.json: item 'so_1', safeguarding: the item is in the positive dimension 'selvopfattelse' "
         "(high = no challenges); a single answer can only flag in a reversed dimension"},
        {"an item rule naming what it is about without flagging", "forms/child/barn.json",
         R"("text": {"da": "Jeg tænker på at skade mig selv"}, "wording": "source")",
         R"("text": {"da": "Jeg tænker på at skade mig selv"}, "wording": "source", "safeguarding": {"about": {"da": "x", "en": "x"}, "reason": "r"})",
         "forms/child/barn.json: item 'ss_1', safeguarding: 'about' names what a flag is about; without 'flag_at' "
         "the item never flags alone"},
        {"an item rule without its reason", "forms/child/barn.json",
         R"("text": {"da": "Jeg tænker på at skade mig selv"}, "wording": "source")",
         R"("text": {"da": "Jeg tænker på at skade mig selv"}, "wording": "source", "safeguarding": {"flag_at": 3, "about": {"da": "x", "en": "x"}})",
         "forms/child/barn.json: item 'ss_1', safeguarding: missing field 'reason'"},
        {"wrong type", "forms/projects/demo.json", R"("age_min": 7)", R"("age_min": "7")",
         "forms/projects/demo.json: field 'age_min' must be a whole number, not text"},
        {"unknown direction", "forms/child/barn.json", R"("direction": "positive")", R"("direction": "backwards")",
         "forms/child/barn.json: dimension 'selvopfattelse': direction must be 'positive' or 'reversed', not "
         "'backwards'"},
        {"unknown fidelity form", "forms/projects/demo.json", R"("fidelity_form": "fidelitet_demo")",
         R"("fidelity_form": "fidelitet_dem")",
         "forms/projects/demo.json: field 'fidelity_form': unknown fidelity form 'fidelitet_dem' (known: "
         "fidelitet_demo)"},
        {"unknown intervention", "forms/projects/demo.json", R"("interventions": ["group"])",
         R"("interventions": ["group", "club"])",
         "forms/projects/demo.json: unknown intervention type 'club' (use individual, group, family or bridging)"},
        {"unknown gender in genders", "forms/projects/demo.json", R"("age_min": 7)",
         R"("genders": ["pige"], "age_min": 7)",
         "forms/projects/demo.json: field 'genders': unknown gender 'pige' in 'genders' (use girl or boy, or leave the "
         "field out for all)"},
        {"missing English where a volunteer reads it", "forms/background/baggrund.json",
         R"({"da": "Køn", "en": "Gender"})", R"({"da": "Køn"})",
         "forms/background/baggrund.json: question 'gender', field 'text': missing field 'en'"},
        {"scale values out of order", "forms/scales.json", R"({"value": 3, "label": {"da": "Lidt enig")",
         R"({"value": 4, "label": {"da": "Lidt enig")",
         "forms/scales.json: scale 'agreement4': option values must be 1, 2, 3 … in order; found 4 where 3 was "
         "expected"},
        {"short name too long for a button", "forms/projects/demo.json", R"("age_min": 7)",
         R"("short_name": {"da": "Et alt for langt navn til en knap", "en": "Demo"}, "age_min": 7)",
         "forms/projects/demo.json: field 'short_name': 'Et alt for langt navn til en knap' has 33 characters; a short "
         "name has at most 24 (it must fit on a button)"},
        {"duplicate JSON key", "forms/projects/demo.json", R"("age_max": 17,)", R"("age_max": 17, "age_max": 18,)",
         "forms/projects/demo.json: field 'age_max' appears twice"},
        {"unknown format", "forms/projects/demo.json", R"("format": "spor-forms/1")", R"("format": "spor-forms/9")",
         "forms/projects/demo.json: field 'format': 'spor-forms/9' is not a format this version of Spor reads "
         "(expected 'spor-forms/1'); update Spor or use an older form package"},
        {"safeguarding on a positive dimension", "forms/projects/demo.json", R"("dimensions": ["selvskade"])",
         R"("dimensions": ["selvopfattelse"])",
         "forms/projects/demo.json: safeguarding: dimension 'selvopfattelse' is positive (high = no challenges); "
         "thresholds only make sense for reversed dimensions, where a high answer means more challenges"},
        {"unknown missing kind on an option", "forms/background/baggrund.json",
         R"({"code": 2, "label": {"da": "Dreng", "en": "Boy"}})",
         R"({"code": 2, "label": {"da": "Dreng", "en": "Boy"}, "missing": "maybe"})",
         "forms/background/baggrund.json: question 'gender', option 2: unknown missing 'maybe' (use declined, "
         "not_applicable or dont_know)"},
        {"unknown decline_means", "forms/scales.json",
         R"("decline": {"da": "Vil ikke svare", "en": "Prefer not to answer"})",
         R"("decline": {"da": "Vil ikke svare", "en": "Prefer not to answer"}, "decline_means": "nope")",
         "forms/scales.json: scale 'agreement4': unknown decline_means 'nope' (use declined, not_applicable or "
         "dont_know)"},
    };
    for (const auto& c : cases) {
      SUBCASE(c.name) {
        const FormCheck check = checkFormFiles(withChange(c.file, c.from, c.to), "forms");
        expectOnly(check, c.message);
      }
    }
  }

  TEST_CASE("a project's short name: given, or its name; the bundled projects all have one that fits") {
    const FormCheck plain = checkFormFiles(validFiles(), "forms");
    REQUIRE(plain.ok());
    CHECK(plain.forms.projects.at("demo").shortName.da == plain.forms.projects.at("demo").name.da);
    const FormCheck given = checkFormFiles(withChange("forms/projects/demo.json", R"("age_min": 7)",
                                                      R"("short_name": {"da": "Kort", "en": "Short"}, "age_min": 7)"),
                                           "forms");
    REQUIRE(given.ok());
    CHECK(given.forms.projects.at("demo").shortName.in(Lang::En) == "Short");
    const FormSet bundled = loadForms(SPOR_TEST_FORMS_DIR);
    for (const auto& [id, p] : bundled.projects) {
      INFO(id);
      CHECK(p.shortName.da.size() <= 2 * kMaxShortName);  // bytes: æøå take two
      CHECK(p.shortName.da.size() < p.name.da.size() + 1);
    }
    CHECK(bundled.projects.at("nefos").shortName.da == "NEFOS");
  }

  // A new-user trial: EmpowR, a girls' project, took a boy without a word,
  // and its safeguarding text says "pigen".
  TEST_CASE("whom a project is for by gender: data in the project file; absent means all") {
    const FormCheck plain = checkFormFiles(validFiles(), "forms");
    REQUIRE(plain.ok());
    const Project& all = plain.forms.projects.at("demo");
    CHECK(all.genders.empty());
    for (const char* g : {"girl", "boy", "other", "not_said"}) CHECK(all.takesGender(g));
    // One gender needs the guidance for any gender too.
    const FormCheck noNeutral = checkFormFiles(
        withChange("forms/projects/demo.json", R"("age_min": 7)", R"("genders": ["girl"], "age_min": 7)"), "forms");
    REQUIRE_FALSE(noNeutral.ok());
    CHECK(noNeutral.problems.front().str().find("text_any_gender") != std::string::npos);
    const FormCheck girls = checkFormFiles(
        withChange("forms/projects/demo.json", R"("safeguarding": {)",
                   R"("genders": ["girl"], "safeguarding": {"text_any_gender": {"da": "Tal med den unge.", "en": "Talk to the young person."}, )"),
        "forms");
    REQUIRE(girls.ok());
    const Project& p = girls.forms.projects.at("demo");
    CHECK(p.takesGender("girl"));
    CHECK_FALSE(p.takesGender("boy"));
    CHECK(p.takesGender("other"));  // never warned about: the rule names girls and boys
    CHECK(p.takesGender("not_said"));
    // A boy saved after the warning, or a child of no recorded gender, gets the neutral guidance.
    CHECK(p.guidanceFor("girl").da == "Tal med barnet.");
    for (const char* g : {"boy", "other", "not_said", ""}) CHECK(p.guidanceFor(g).da == "Tal med den unge.");
    CHECK(all.guidanceFor("boy").da == "Tal med barnet.");
    const FormCheck both = checkFormFiles(
        withChange("forms/projects/demo.json", R"("age_min": 7)", R"("genders": ["boy", "girl"], "age_min": 7)"),
        "forms");
    REQUIRE(both.ok());
    CHECK(both.forms.projects.at("demo").genders.empty());
    const FormSet bundled = loadForms(SPOR_TEST_FORMS_DIR);
    CHECK(bundled.projects.at("empowr").genders == std::vector<std::string>{"girl"});
    // A safeguarding text may say "pigen"/"hun" only in a project for one
    // gender: where boys and girls both take part it must not assume one.
    // A project for one gender has the same guidance without them.
    for (const auto& [id, project] : bundled.projects) {
      const std::string da =
          " " + (project.genders.empty() ? project.safeguarding.text : project.safeguarding.textAnyGender).da + " ";
      INFO(id);
      CHECK(da.size() > 100);
      for (const char* word : {" pigen", "Pigen", " pige", " hun ", " hende", " drengen", "Drengen", " han ", " ham "})
        CHECK(da.find(word) == std::string::npos);
    }
  }

TEST_CASE("who consents: the project's age as data and the rule at its boundary ages") {
  // Without the field: 18, the age of majority.
  const FormCheck plain = checkFormFiles(validFiles(), "forms");
  REQUIRE(plain.ok());
  const Project& at18 = plain.forms.projects.at("demo");
  CHECK(at18.consentOwnFromAge == 18);
  // A project that lets young people consent from 15.
  const FormCheck fifteen = checkFormFiles(
      withChange("forms/projects/demo.json", R"("age_min": 7)", R"("consent": {"own_from_age": 15}, "age_min": 7)"),
      "forms");
  REQUIRE(fifteen.ok());
  const Project& at15 = fifteen.forms.projects.at("demo");
  CHECK(at15.consentOwnFromAge == 15);

  // In 2026: the year a child turns N is the boundary, both ways open.
  CHECK(consentRule(at18, 2009, 2026) == ConsentRule::Parents);  // 17 this year
  CHECK(consentRule(at18, 2008, 2026) == ConsentRule::ParentsOrYoungPerson);  // 18 this year
  CHECK(consentRule(at18, 2007, 2026) == ConsentRule::YoungPerson);  // 19 this year
  CHECK(consentRule(at15, 2012, 2026) == ConsentRule::Parents);  // 14
  CHECK(consentRule(at15, 2011, 2026) == ConsentRule::ParentsOrYoungPerson);  // 15
  CHECK(consentRule(at15, 2010, 2026) == ConsentRule::YoungPerson);  // 16
  CHECK(consentRule(at18, 0, 2026) == ConsentRule::Parents);  // unknown birth year: the safe side

  CHECK_FALSE(consentGiverProblem(at18, 2009, 2026, ConsentGiver::Mother));
  CHECK_FALSE(consentGiverProblem(at18, 2008, 2026, ConsentGiver::Guardian));
  CHECK_FALSE(consentGiverProblem(at18, 2008, 2026, ConsentGiver::YoungPerson));
  CHECK_FALSE(consentGiverProblem(at18, 2007, 2026, ConsentGiver::YoungPerson));
  const auto tooYoung = consentGiverProblem(at18, 2009, 2026, ConsentGiver::YoungPerson);
  REQUIRE(tooYoung);
  CHECK(render(*tooYoung, Lang::Da) ==
        "i Demo giver den unge selv samtykke fra det år, den unge fylder 18; for et yngre barn giver forældrene eller "
        "en værge samtykke: vælg, hvem der gjorde det");
  const auto own = consentGiverProblem(at15, 2010, 2026, ConsentGiver::BothParents);
  REQUIRE(own);
  CHECK(render(*own, Lang::Da) == "den unge er over 15 år og giver selv samtykke i Demo: vælg den unge selv");

  // The ids are the words the app always stored; older words still read.
  ConsentGiver g{};
  CHECK(parseConsentGiver("begge forældre", g));
  CHECK(g == ConsentGiver::BothParents);
  CHECK(parseConsentGiver("mor og far", g));
  CHECK(g == ConsentGiver::BothParents);
  CHECK(parseConsentGiver("den unge", g));
  CHECK(g == ConsentGiver::YoungPerson);
  CHECK_FALSE(parseConsentGiver("far (Henrik)", g));

  // A wrong age or field is named with the file.
  const FormCheck low = checkFormFiles(
      withChange("forms/projects/demo.json", R"("age_min": 7)", R"("consent": {"own_from_age": 9}, "age_min": 7)"),
      "forms");
  CHECK_FALSE(low.ok());
  CHECK(allProblems(low).find("forms/projects/demo.json") != std::string::npos);
  CHECK(allProblems(low).find("own_from_age") != std::string::npos);
  const FormCheck typo = checkFormFiles(
      withChange("forms/projects/demo.json", R"("age_min": 7)", R"("consent": {"own_from": 15}, "age_min": 7)"),
      "forms");
  CHECK(allProblems(typo).find("unknown field 'own_from'") != std::string::npos);

  // Every bundled project states its age (18), with its source.
  for (const auto& [id, p] : loadForms(SPOR_TEST_FORMS_DIR).projects) CHECK(p.consentOwnFromAge == 18);
}

TEST_CASE("who helped the child answer: ids round-trip and match the background form's answer_support") {
  std::set<std::string> ids;
  for (AnsweringMode m : kAnsweringModes) {
    AnsweringMode back{};
    CHECK(parseAnsweringMode(answeringModeId(m), back));
    CHECK(back == m);
    ids.insert(answeringModeId(m));
  }
  CHECK(ids.size() == kAnsweringModes.size());
  AnsweringMode m{};
  CHECK_FALSE(parseAnsweringMode("", m));
  CHECK_FALSE(parseAnsweringMode("Alone", m));
  CHECK_FALSE(parseAnsweringMode("teacher", m));

  // The per-measurement mode and the background form's question code and
  // name the same four answers alike, so an analyst can set one beside the other.
  const FormSet bundled = loadForms(SPOR_TEST_FORMS_DIR);
  REQUIRE(bundled.background);
  const Question* support = nullptr;
  for (const auto& section : bundled.background->sections)
    for (const auto& q : section.questions)
      if (q.id == "answer_support") support = &q;
  REQUIRE(support != nullptr);
  REQUIRE(support->options.size() == kAnsweringModes.size());
  for (AnsweringMode mode : kAnsweringModes) {
    const ChoiceOption* o = support->option(answeringModeCode(mode));
    REQUIRE(o != nullptr);
    CHECK(o->label.da == answeringModeName(mode).da);
    CHECK(o->label.en == answeringModeName(mode).en);
  }
}

  TEST_CASE("options and scales say which answers are no answer (the exports' missing codes)") {
    const FormCheck check = checkForms(SPOR_TEST_FORMS_DIR);
    REQUIRE(check.ok());
    const FormSet& forms = check.forms;
    const Question* nationality = forms.background->question("nationality");
    REQUIRE(nationality);
    REQUIRE(nationality->option(9));
    CHECK(nationality->option(9)->missing == MissingKind::DontKnow);
    CHECK_FALSE(nationality->option(1)->missing.has_value());
    CHECK(forms.background->question("parent2_education")->option(8)->missing == MissingKind::NotApplicable);
    CHECK(forms.background->question("gender")->option(9)->missing == MissingKind::Declined);
    CHECK(forms.scale("fidelity5").declineMeans == MissingKind::NotApplicable);
    CHECK(forms.scale("frequency4").declineMeans == MissingKind::Declined);
  }

  TEST_CASE("a dimension with no items is refused") {
    auto files = withChange("forms/child/barn.json", R"("id": "ss_1", "dimension": "selvskade")",
                            R"("id": "ss_1", "dimension": "selvopfattelse")");
    for (auto& [p, text] : files) {
      if (p != "forms/child/barn.json") continue;
      const std::string from = R"("id": "ss_2", "dimension": "selvskade")";
      text.replace(text.find(from), from.size(), R"("id": "ss_2", "dimension": "selvopfattelse")");
    }
    const FormCheck check = checkFormFiles(files, "forms");
    const std::string all = allProblems(check);
    CHECK(all.find("forms/child/barn.json: dimension 'selvskade': the dimension has no items") != std::string::npos);
  }

  TEST_CASE("every problem is reported and not just the first") {
    auto files = withChange("forms/child/barn.json", R"("scale": "agreement4")", R"("scale": "x")");
    for (auto& [p, text] : files)
      if (p == "forms/projects/demo.json") text.replace(text.find(R"("age_min": 7)"), 12, R"("age_min": 99)");
    const FormCheck check = checkFormFiles(files, "forms");
    CHECK(check.problems.size() == 2);
  }

  TEST_CASE("missing files of a kind are named") {
    auto files = validFiles();
    files.erase(std::remove_if(files.begin(), files.end(), [](auto& f) { return f.first == "forms/scoring.json"; }),
                files.end());
    expectOnly(checkFormFiles(files, "forms"), "forms: no scoring rules (kind \"scoring\") found");
  }

  TEST_CASE("a folder that does not exist is a problem and not a crash") {
    const FormCheck check = checkForms("/nonexistent/forms");
    expectOnly(check, "/nonexistent/forms: is not a folder of forms (give the path to a forms/ folder)");
    CHECK_THROWS_AS(static_cast<void>(loadForms("/nonexistent/forms")), FormError);
  }

  TEST_CASE("loadForms throws with every problem in the message") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "spor-test-forms-broken";
    fs::remove_all(dir);
    for (const auto& [path, text] :
         withChange("forms/child/barn.json", R"("scale": "agreement4")", R"("scale": "x")")) {
      const fs::path p = dir / fs::path(path).lexically_relative("forms");
      fs::create_directories(p.parent_path());
      std::ofstream(p) << text;
    }
    CHECK_THROWS_WITH_AS(static_cast<void>(loadForms(dir.string())),
                         doctest::Contains("child/barn.json: item 'so_1': unknown scale 'x'"), FormError);
    fs::remove_all(dir);
  }

}  // TEST_SUITE
