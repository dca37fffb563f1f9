// Data exports: the long and wide tables, the codebook, and .sav / .dta
// files read back with ReadStat's own parsers.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include <doctest/doctest.h>
#include <readstat.h>

#include "fixture.hpp"
#include "report/export.hpp"
#include "report/format.hpp"
#include "report/report.hpp"
#include "tests/support/files.hpp"

using namespace spor;
using namespace spor::report;
using spor::test::realForms;
using spor::test::reportInput;

namespace {

std::filesystem::path tempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("spor-export-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// The wide table's row for a child and occasion code (1 før, 2 efter, 3 opf.).
Row wideRow(const Table& wide, const std::string& child, double occasion) {
  const std::size_t c = wide.column("child");
  const std::size_t o = wide.column("occasion");
  for (const auto& row : wide.rows())
    if (std::get<std::string>(row[c]) == child && std::get<double>(row[o]) == occasion) return row;
  FAIL("no row for " << child << " at " << occasion);
  throw std::logic_error("unreachable");
}

bool missing(const Cell& c) { return std::holds_alternative<std::monostate>(c); }

// The records of a CSV text (RFC 4180 quoting), each as its fields.
std::vector<std::vector<std::string>> csvRecords(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(field);
      field.clear();
    } else if (c == '\n') {
      record.push_back(field);
      field.clear();
      out.push_back(record);
      record.clear();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !record.empty()) {
    record.push_back(field);
    out.push_back(record);
  }
  return out;
}
double number(const Cell& c) { return std::get<double>(c); }

// Everything ReadStat reads back from a file.
struct ReadBack {
  std::vector<std::string> names;
  std::vector<std::string> labels;
  std::vector<std::string> formats;
  std::vector<std::string> labelSets;  // per variable
  std::vector<std::set<double>> missingValues;  // per variable: the user-missing values it declares
  std::map<std::string, std::map<int, std::string>> valueLabels;
  std::vector<std::vector<Cell>> rows;
  long rowCount = -1;
  std::vector<std::string> notes;
};

int onMetadata(readstat_metadata_t* m, void* ctx) {
  static_cast<ReadBack*>(ctx)->rowCount = readstat_get_row_count(m);
  return READSTAT_HANDLER_OK;
}

int onNote(int, const char* note, void* ctx) {
  static_cast<ReadBack*>(ctx)->notes.emplace_back(note);
  return READSTAT_HANDLER_OK;
}

int onVariable(int, readstat_variable_t* v, const char* valLabels, void* ctx) {
  auto* rb = static_cast<ReadBack*>(ctx);
  rb->names.emplace_back(readstat_variable_get_name(v));
  const char* label = readstat_variable_get_label(v);
  rb->labels.emplace_back(label ? label : "");
  const char* format = readstat_variable_get_format(v);
  rb->formats.emplace_back(format ? format : "");
  rb->labelSets.emplace_back(valLabels ? valLabels : "");
  std::set<double> missing;
  for (int i = 0; i < readstat_variable_get_missing_ranges_count(v); ++i) {
    const double lo = readstat_double_value(readstat_variable_get_missing_range_lo(v, i));
    const double hi = readstat_double_value(readstat_variable_get_missing_range_hi(v, i));
    if (lo == hi) missing.insert(lo);
  }
  rb->missingValues.push_back(missing);
  return READSTAT_HANDLER_OK;
}

int onValue(int obs, readstat_variable_t* v, readstat_value_t value, void* ctx) {
  auto* rb = static_cast<ReadBack*>(ctx);
  const auto row = static_cast<std::size_t>(obs);
  if (rb->rows.size() <= row) rb->rows.resize(row + 1, std::vector<Cell>(rb->names.size()));
  Cell& cell = rb->rows[row][static_cast<std::size_t>(readstat_variable_get_index(v))];
  if (readstat_value_type(value) == READSTAT_TYPE_STRING) {
    const char* s = readstat_string_value(value);
    if (s && *s) cell = std::string(s);
    return READSTAT_HANDLER_OK;
  }
  if (readstat_value_is_tagged_missing(value)) {  // .a .b .c: our missing codes
    for (const auto& m : kMissingCodes)
      if (m.stataTag == readstat_value_tag(value)) cell = static_cast<double>(m.code);
    return READSTAT_HANDLER_OK;
  }
  if (readstat_value_is_system_missing(value)) return READSTAT_HANDLER_OK;
  switch (readstat_value_type(value)) {
    case READSTAT_TYPE_INT8: cell = static_cast<double>(readstat_int8_value(value)); break;
    case READSTAT_TYPE_INT16: cell = static_cast<double>(readstat_int16_value(value)); break;
    case READSTAT_TYPE_INT32: cell = static_cast<double>(readstat_int32_value(value)); break;
    case READSTAT_TYPE_FLOAT: cell = static_cast<double>(readstat_float_value(value)); break;
    default: cell = readstat_double_value(value); break;
  }
  return READSTAT_HANDLER_OK;
}

int onValueLabel(const char* set, readstat_value_t value, const char* label, void* ctx) {
  auto* rb = static_cast<ReadBack*>(ctx);
  int key = 0;
  if (readstat_value_is_tagged_missing(value)) {
    for (const auto& m : kMissingCodes)
      if (m.stataTag == readstat_value_tag(value)) rb->valueLabels[set][m.code] = label;
    return READSTAT_HANDLER_OK;
  }
  switch (readstat_value_type(value)) {
    case READSTAT_TYPE_INT8: key = readstat_int8_value(value); break;
    case READSTAT_TYPE_INT16: key = readstat_int16_value(value); break;
    case READSTAT_TYPE_INT32: key = readstat_int32_value(value); break;
    default: key = static_cast<int>(std::lround(readstat_double_value(value))); break;
  }
  rb->valueLabels[set][key] = label;
  return READSTAT_HANDLER_OK;
}

ReadBack readBack(const std::string& path, bool dta) {
  ReadBack rb;
  readstat_parser_t* parser = readstat_parser_init();
  readstat_set_metadata_handler(parser, &onMetadata);
  readstat_set_note_handler(parser, &onNote);
  readstat_set_variable_handler(parser, &onVariable);
  readstat_set_value_handler(parser, &onValue);
  readstat_set_value_label_handler(parser, &onValueLabel);
  const readstat_error_t err = dta ? readstat_parse_dta(parser, path.c_str(), &rb) : readstat_parse_sav(parser, path.c_str(), &rb);
  readstat_parser_free(parser);
  REQUIRE_MESSAGE(err == READSTAT_OK, readstat_error_message(err));
  return rb;
}

// The same values, labels and value labels as the table we wrote.
void checkSame(const DataExport& data, const Table& t, const ReadBack& rb, bool dta) {
  REQUIRE(rb.names.size() == t.variables.size());
  const std::vector<Row> rows = t.rows();
  CHECK(rows.size() == t.size());
  CHECK(rb.rowCount == static_cast<long>(t.size()));
  REQUIRE(rb.rows.size() == t.size());
  for (std::size_t c = 0; c < t.variables.size(); ++c) {
    const Variable& v = t.variables[c];
    CHECK(rb.names[c] == v.name);
    // Stata gets the short label (always at most 80 characters), SPSS the
    // full one (up to the 255 bytes a .sav label holds).
    CHECK(rb.labels[c] == (dta ? v.shortLabel : shortenText(v.label, 255, 255)));
    if (!dta) CHECK(rb.missingValues[c] == (v.userMissing ? std::set<double>{-1, -8, -9} : std::set<double>{}));
    if (v.type == VarType::Date) CHECK(rb.formats[c] == (dta ? "%td" : "EDATE10"));
    if (!v.valueLabels.empty()) {
      REQUIRE(!rb.labelSets[c].empty());
      const ValueLabelSet* set = data.labelSet(v.valueLabels);
      REQUIRE(set);
      const auto& got = rb.valueLabels.at(rb.labelSets[c]);
      for (const auto& [value, label] : set->labels) CHECK(got.at(value) == label);
    }
  }
  const double spssDay = 141428.0;
  const double stataDay = 3653.0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < t.variables.size(); ++c) {
      const Cell& want = rows[r][c];
      const Cell& got = rb.rows[r][c];
      INFO("row " << r << ", variable " << t.variables[c].name);
      if (missing(want)) {
        CHECK(missing(got));
      } else if (const auto* s = std::get_if<std::string>(&want)) {
        REQUIRE(std::holds_alternative<std::string>(got));
        CHECK(std::get<std::string>(got) == *s);
      } else {
        REQUIRE(std::holds_alternative<double>(got));
        double value = number(got);
        if (t.variables[c].type == VarType::Date) value = dta ? value - stataDay : value / 86400.0 - spssDay;
        CHECK(value == doctest::Approx(number(want)));
      }
    }
  }
}

}  // namespace

TEST_SUITE("report") {

TEST_CASE("variable names are valid for SPSS and Stata") {
  CHECK(validVariableName("psykisk_1", {}) == "psykisk_1");
  CHECK(validVariableName("Trivsel i skolen", {}) == "trivsel_i_skolen");
  CHECK(validVariableName("1st", {}) == "v1st");
  CHECK(validVariableName("_n", {}) == "v_n");
  CHECK(validVariableName("with", {}) == "with_");
  CHECK(validVariableName("str12", {}) == "str12_");
  CHECK(validVariableName("fødselsår", {}) == "f__dsels__r");
  CHECK(validVariableName(std::string(40, 'a'), {}).size() == 32);
  CHECK(validVariableName("gender", {"gender"}) == "gender_2");
  CHECK(validVariableName(std::string(32, 'b'), {std::string(32, 'b')}) == std::string(30, 'b') + "_2");
}

TEST_CASE("the long and wide tables") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const Table& wide = data.wideTable;
  const Table& lng = data.longTable;

  SUBCASE("every name is valid and unique") {
    const std::regex valid("[a-z][a-z0-9_]{0,31}");
    for (const Table* t : {&wide, &lng}) {
      std::set<std::string> seen;
      for (const auto& v : t->variables) {
        CHECK_MESSAGE(std::regex_match(v.name, valid), v.name);
        CHECK_MESSAGE(seen.insert(v.name).second, v.name);
      }
    }
    for (const auto& s : data.labelSets) CHECK_MESSAGE(std::regex_match(s.name, valid), s.name);
  }
  SUBCASE("one wide row per child and measurement; one long row per item asked") {
    CHECK(wide.size() == 23);
    CHECK(wide.rows().size() == 23);
    // EmpowR asks 28 items (17 measurements), NEFOS 25 (6 measurements).
    CHECK(lng.size() == 17 * 28 + 6 * 25);
    CHECK(lng.rows().size() == 17 * 28 + 6 * 25);
  }
  SUBCASE("item values, scores and missing values") {
    const Row e3after = wideRow(wide, "E3", 2);
    CHECK(number(e3after[wide.column("psykisk_1")]) == 2);
    CHECK(number(e3after[wide.column("psykisk_3")]) == -1);           // declined
    CHECK(missing(e3after[wide.column("psykisk_4")]));                // not reached
    CHECK(missing(e3after[wide.column("score_psykisk_trivsel")]));    // 2 of 5: no score
    CHECK(number(e3after[wide.column("occasion_no")]) == 1);
    const Row e1before = wideRow(wide, "E1", 1);
    CHECK(number(e1before[wide.column("score_psykisk_trivsel")]) == doctest::Approx(2.4));
    CHECK(number(e1before[wide.column("score_selvskade")]) == doctest::Approx(8.0 / 3.0));
    CHECK(missing(e1before[wide.column("score_selvmordsadfaerd")]));  // EmpowR does not measure it
    CHECK(number(e1before[wide.column("int_group")]) == 1);
    CHECK(number(e1before[wide.column("int_family")]) == 0);
    CHECK(number(e1before[wide.column("birth_year")]) == 2010);
    CHECK(number(e1before[wide.column("bg_gender")]) == 1);
    CHECK(number(e1before[wide.column("bg_difficulties_1")]) == 1);
    CHECK(number(e1before[wide.column("bg_difficulties_3")]) == 0);
    CHECK(number(e1before[wide.column("date")]) == core::toDayNumber(spor::test::day("2025-01-10")));
    const Row e4before = wideRow(wide, "E4", 1);
    CHECK(number(e4before[wide.column("skole_1")]) == 1);             // raw answers are kept
    CHECK(missing(e4before[wide.column("score_trivsel_i_skolen")]));  // but not scored
    CHECK(missing(e4before[wide.column("bg_difficulties_1")]));       // no background form
    const Row e7 = wideRow(wide, "E7", 1);
    CHECK(number(e7[wide.column("score_relationel_trivsel")]) == doctest::Approx(2.5));
    const Row n1 = wideRow(wide, "N1", 1);
    CHECK(number(n1[wide.column("int_individual")]) == 1);
    CHECK(number(n1[wide.column("int_family")]) == 1);
    CHECK(number(n1[wide.column("int_group")]) == 0);
  }
  SUBCASE("value labels for the scales, occasions and background options") {
    const Variable& item = wide.variables[wide.column("psykisk_1")];
    CHECK(item.label == "Psykisk trivsel: Hvor ofte føler du dig glad?");
    CHECK(item.valueLabels == "frequency4");
    CHECK(data.labelSet("frequency4")->labels[0] == std::pair<int, std::string>{1, "Aldrig"});
    CHECK(data.labelSet("agreement4")->labels[3] == std::pair<int, std::string>{4, "Helt enig"});
    CHECK(data.labelSet("occasion")->labels[2].second == "Opfølgning");
    CHECK(data.labelSet("bg_gender")->labels[0].second == "Pige");
    CHECK(wide.variables[wide.column("bg_difficulties_1")].valueLabels == "selected");
  }
  SUBCASE("free text stays out unless asked for") {
    CHECK(renderTableCsv(wide).find(spor::test::kNameInFreeText) == std::string::npos);
    CHECK_THROWS_AS((void)wide.column("bg_difficulties_other_text"), std::out_of_range);
    CHECK(number(wideRow(wide, "E3", 1)[wide.column("bg_difficulties_other")]) == 1);
    ExportOptions withText;
    withText.includeFreeText = true;
    const DataExport all = buildExport(realForms(), input, withText);
    const Row row = wideRow(all.wideTable, "E3", 1);
    CHECK(std::get<std::string>(row[all.wideTable.column("bg_difficulties_other_text")]) == "Vil kaldes Mathilde");
  }
  SUBCASE("one project") {
    ExportOptions only;
    only.project = "nefos";
    const DataExport n = buildExport(realForms(), input, only);
    CHECK(n.wideTable.size() == 6);
    only.project = "nope";
    CHECK_THROWS_WITH_AS((void)buildExport(realForms(), input, only),
                         doctest::Contains("unknown project 'nope'"), ReportError);
  }
}

TEST_CASE("the child's municipality in the exports: labelled codes and a filter") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const ValueLabelSet* set = data.labelSet("municipality");
  REQUIRE(set);
  REQUIRE(set->labels.size() == 11);  // every project's municipalities, once each
  CHECK(set->labels[1] == std::pair<int, std::string>{2, "Egedal"});
  CHECK(set->labels[6] == std::pair<int, std::string>{7, "Middelfart"});
  CHECK(set->labels[7] == std::pair<int, std::string>{8, "Odense"});
  for (const Table* t : {&data.wideTable, &data.longTable}) {
    const Variable& v = t->variables.at(t->column("municipality"));
    CHECK(v.type == VarType::Code);
    CHECK(v.valueLabels == "municipality");
    CHECK(v.label == "Barnets kommune (blandt projektets kommuner)");
  }
  const Table& wide = data.wideTable;
  CHECK(number(wideRow(wide, "E1", 1)[wide.column("municipality")]) == 2);
  CHECK(number(wideRow(wide, "N1", 1)[wide.column("municipality")]) == 8);
  CHECK(number(wideRow(wide, "N2", 1)[wide.column("municipality")]) == 7);
  CHECK(missing(wideRow(wide, "N3", 1)[wide.column("municipality")]));  // not recorded: system-missing

  SUBCASE("only one municipality's children") {
    ExportOptions o;
    o.municipality = "Middelfart";
    const DataExport only = buildExport(realForms(), input, o);
    CHECK(only.wideTable.size() == 2);  // N2 før and efter
    for (const Row& r : only.wideTable.rows()) CHECK(std::get<std::string>(r[only.wideTable.column("child")]) == "N2");
  }
  SUBCASE("a name outside the projects' lists is refused") {
    ExportOptions o;
    o.municipality = "Oslo";
    CHECK_THROWS_WITH_AS((void)buildExport(realForms(), input, o), doctest::Contains("unknown municipality 'Oslo'"),
                         ReportError);
  }
  SUBCASE("a name a child has that no project lists keeps a code of its own") {
    ReportInput odd = reportInput();
    for (auto& c : odd.children)
      if (c.code == "E7") c.municipality = "Fanø";
    const DataExport e = buildExport(realForms(), odd);
    const ValueLabelSet* s2 = e.labelSet("municipality");
    REQUIRE(s2);
    REQUIRE(s2->labels.size() == 12);
    CHECK(s2->labels.back() == std::pair<int, std::string>{12, "Fanø (ikke på projektets liste)"});
    CHECK(number(wideRow(e.wideTable, "E7", 1)[e.wideTable.column("municipality")]) == 12);
  }
}

TEST_CASE("who consented and consent to share information in the wide table, labelled") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const ValueLabelSet* set = data.labelSet("consent_by");
  REQUIRE(set);
  CHECK(set->labels == std::vector<std::pair<int, std::string>>{
                           {1, "mor"}, {2, "far"}, {3, "begge forældre"}, {4, "værge"}, {5, "den unge selv"}});
  const Table& wide = data.wideTable;
  CHECK(wide.variables.at(wide.column("consent_by")).valueLabels == "consent_by");
  CHECK(wide.variables.at(wide.column("consent_sharing")).valueLabels == "yesno");
  const Row e1 = wideRow(wide, "E1", 1);
  CHECK(number(e1[wide.column("consent_by")]) == 1);
  CHECK(number(e1[wide.column("consent_sharing")]) == 1);
  const Row n1 = wideRow(wide, "N1", 1);
  CHECK(number(n1[wide.column("consent_by")]) == 5);
  CHECK(number(n1[wide.column("consent_sharing")]) == 0);
  CHECK(missing(wideRow(wide, "E2", 1)[wide.column("consent_by")]));  // none recorded
}

TEST_CASE("how the course ended and why a measurement was missed in the wide table, labelled") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const Table& wide = data.wideTable;
  REQUIRE(data.labelSet("course_end"));
  CHECK(data.labelSet("course_end")->labels.at(1) == std::pair<int, std::string>{2, "Stoppet før tid"});
  CHECK(data.labelSet("missed_reason")->labels.at(0) == std::pair<int, std::string>{1, "Barnet ville ikke svare"});
  const Row e5 = wideRow(wide, "E5", 1);
  CHECK(number(e5[wide.column("course_end")]) == 2);
  CHECK(number(e5[wide.column("stop_reason")]) == 2);  // did not fit
  CHECK(number(e5[wide.column("course_end_date")]) == core::toDayNumber(spor::test::day("2025-02-15")));
  CHECK(number(wideRow(wide, "E2", 1)[wide.column("course_end")]) == 3);  // bridged
  CHECK(missing(wideRow(wide, "E2", 1)[wide.column("stop_reason")]));
  CHECK(number(wideRow(wide, "E6", 1)[wide.column("missed_efter")]) == 1);  // the child declined
  CHECK(number(wideRow(wide, "N3", 1)[wide.column("missed_opfoelgning")]) == 2);  // not reached
  CHECK(missing(wideRow(wide, "N2", 1)[wide.column("course_end")]));
}

TEST_CASE("the referral and the feedback to the referrer in the wide table with labels and no free text") {
  ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const Table& wide = data.wideTable;
  REQUIRE(data.labelSet("referral_role"));
  CHECK(data.labelSet("referral_role")->labels ==
        std::vector<std::pair<int, std::string>>{{1, "Kommunal sagsbehandler"}, {2, "Skole"}, {3, "Sundhedsplejerske"},
                                                 {4, "Forældrene selv"}, {5, "Andet"}});
  CHECK(data.labelSet("report_back")->labels.at(2) == std::pair<int, std::string>{3, "Ingen tilbagemelding aftalt"});
  const Row e1 = wideRow(wide, "E1", 1);
  CHECK(number(e1[wide.column("referral_role")]) == 1);
  CHECK(number(e1[wide.column("referral_date")]) == core::toDayNumber(spor::test::day("2024-12-20")));
  CHECK(number(e1[wide.column("report_back")]) == 1);
  CHECK(number(e1[wide.column("feedback_n")]) == 2);
  CHECK(number(e1[wide.column("feedback_referral_date")]) == core::toDayNumber(spor::test::day("2024-12-22")));
  CHECK(number(e1[wide.column("feedback_intake_date")]) == core::toDayNumber(spor::test::day("2025-01-15")));
  CHECK(missing(e1[wide.column("feedback_closing_date")]));
  CHECK(missing(e1[wide.column("feedback_concern_date")]));
  const Row n2 = wideRow(wide, "N2", 1);
  CHECK(number(n2[wide.column("referral_role")]) == 4);
  CHECK(number(n2[wide.column("report_back")]) == 3);
  CHECK(number(n2[wide.column("feedback_n")]) == 0);  // referred, no feedback: 0
  const Row n3 = wideRow(wide, "N3", 1);
  CHECK(missing(n3[wide.column("referral_role")]));
  CHECK(missing(n3[wide.column("feedback_n")]));  // not referred: empty, not 0
  bool inCodebook = false;
  for (const auto& v : wide.variables)
    if (v.name == "referral_role") inCodebook = v.valueLabels == "referral_role" && !v.description.empty();
  CHECK(inCodebook);
}

TEST_CASE("who helped the child answer in the wide and long tables per measurement, labelled") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const ValueLabelSet* set = data.labelSet("answering_mode");
  REQUIRE(set);
  CHECK(set->labels == std::vector<std::pair<int, std::string>>{{1, "Barnet svarer alene"},
                                                               {2, "Sammen med en frivillig"},
                                                               {3, "Sammen med en kommunal medarbejder"},
                                                               {4, "Sammen med en forælder"}});
  // The background form's answer_support codes the same answers alike.
  const ValueLabelSet* support = data.labelSet("bg_answer_support");
  REQUIRE(support);
  for (const auto& label : set->labels)
    CHECK(std::find(support->labels.begin(), support->labels.end(), label) != support->labels.end());

  const Table& wide = data.wideTable;
  const Variable& v = wide.variables.at(wide.column("answering_mode"));
  CHECK(v.valueLabels == "answering_mode");
  CHECK(v.type == VarType::Code);
  CHECK_FALSE(v.description.empty());
  // Per measurement, not per child: E1's three differ.
  CHECK(number(wideRow(wide, "E1", 1)[wide.column("answering_mode")]) == 2);  // før: a volunteer
  CHECK(number(wideRow(wide, "E1", 2)[wide.column("answering_mode")]) == 1);  // efter: alone
  CHECK(number(wideRow(wide, "E1", 3)[wide.column("answering_mode")]) == 4);  // opfølgning: a parent
  CHECK(number(wideRow(wide, "N1", 1)[wide.column("answering_mode")]) == 3);  // a municipal worker
  CHECK(missing(wideRow(wide, "N1", 2)[wide.column("answering_mode")]));      // not recorded: system-missing
  CHECK(missing(wideRow(wide, "E2", 1)[wide.column("answering_mode")]));

  // The long table: every item row of a measurement carries it.
  const Table& lng = data.longTable;
  std::map<std::string, std::set<double>> byOccasion;  // E1's rows: occasion code -> modes seen
  std::size_t e1Rows = 0, missingRows = 0;
  for (const Row& row : lng.rows()) {
    if (std::get<std::string>(row[lng.column("child")]) != "E1") continue;
    ++e1Rows;
    const Cell& mode = row[lng.column("answering_mode")];
    if (missing(mode))
      ++missingRows;
    else
      byOccasion[std::to_string(number(row[lng.column("occasion")]))].insert(number(mode));
  }
  CHECK(e1Rows > 0);
  CHECK(byOccasion.size() == 3);
  for (const auto& [occasion, modes] : byOccasion) CHECK(modes.size() == 1);
  CHECK(missingRows > 0);  // the progression measurement
}

TEST_CASE("CSV export and the codebook") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const auto dir = tempDir("csv");
  const auto files = writeExport(data, ExportFormat::Csv, (dir / "out").string());
  REQUIRE(files.size() == 5);
  const std::string wide = spor::support::readAll(dir / "out" / "spor_wide.csv");
  CHECK(wide.rfind("child,project,municipality,int_individual,int_group,int_family,int_bridging,consent_by,consent_sharing,"
                   "course_end,stop_reason,course_end_date,missed_efter,missed_opfoelgning,referral_role,referral_date,"
                   "report_back,feedback_n,feedback_referral_date,feedback_intake_date,feedback_closing_date,"
                   "feedback_concern_date,birth_year,occasion,"
                   "occasion_no,date,",
                   0) == 0);
  // Egedal is code 2 of the projects' municipalities (Aarhus, Egedal, Esbjerg, ...).
  // E1's før: form version 1, a volunteer helped (2), then the items.
  // E1 was referred by a caseworker on 2024-12-20 and had feedback at the
  // referral and after the forsamtale.
  CHECK(wide.find("\nE1,empowr,2,0,1,0,0,1,1,,,,,,1,2024-12-20,1,2,2024-12-22,2025-01-15,,,2010,1,1,2025-01-10,1,2,2,"
                  "2,3,3,2,") != std::string::npos);
  CHECK(wide.find("\nN3,nefos,,1,0,0,0,,0,,,,,2,") != std::string::npos);  // not recorded: empty
  const std::string codebook = spor::support::readAll(dir / "out" / "spor_codebook.csv");
  CHECK(codebook.rfind("table,variable,label,stata_label,type,measure,values,missing_codes,source,description\n", 0) ==
        0);
  CHECK(codebook.find("spor_wide,psykisk_1,Psykisk trivsel: Hvor ofte føler du dig glad?,Psykisk trivsel: Hvor ofte "
                      "føler du dig glad?,code,ordinal,1=Aldrig; 2=Sjældent; 3=Tit; 4=Altid,-1=Vil ikke svare (Stata "
                      ".a); -8=Ikke relevant (Stata .b); -9=Ved ikke (Stata .c); tom=system-missing,barn v1: "
                      "psykisk_1,") != std::string::npos);
  INFO(codebook.substr(codebook.find("spor_wide,municipality"), 400));
  CHECK(codebook.find("spor_wide,municipality,Barnets kommune (blandt projektets kommuner),Barnets kommune (blandt "
                      "projektets kommuner),code,nominal,1=Aarhus; 2=Egedal; 3=Esbjerg; 4=Herning; 5=Horsens; "
                      "6=København; 7=Middelfart; 8=Odense; 9=Rødovre; 10=Skive; 11=Viborg,tom=system-missing,"
                      "forms/projects/<id>.json: "
                      "municipalities,") != std::string::npos);
  INFO(codebook.substr(codebook.find("spor_wide,answering_mode"), 600));
  CHECK(codebook.find("spor_wide,answering_mode,Hvem hjalp barnet med at svare ved denne måling,Hvem hjalp barnet "
                      "med at svare ved denne måling,code,nominal,1=Barnet svarer alene; 2=Sammen med en frivillig; "
                      "3=Sammen med en kommunal medarbejder; 4=Sammen med en forælder,tom=system-missing,"
                      "\"Rambøll for Socialstyrelsen: Afsluttende erfaringsopsamling (2014–2017), afsnit 2 og 4\",") !=
        std::string::npos);
  CHECK(codebook.find("spor_long,answering_mode,") != std::string::npos);
  // A clean table: the header's 10 fields on every line, no note rows.
  const auto lines = csvRecords(codebook);
  REQUIRE(lines.size() ==
          data.wideTable.variables.size() + data.longTable.variables.size() + data.fidelityTable.variables.size() + 1);
  for (const auto& fields : lines) {
    CHECK(fields.size() == 10);
    CHECK(fields[0].rfind('#', 0) == std::string::npos);
  }
  // The notes are in the Markdown codebook, with the rules.
  const std::string md = spor::support::readAll(dir / "out" / "spor_codebook.md");
  CHECK(md.rfind("# Spor: kodebog\n", 0) == 0);
  CHECK(md.find("| -9 | Ved ikke |") != std::string::npos);
  CHECK(md.find("den første førmåling og den seneste efter- og opfølgningsmåling") != std::string::npos);
  CHECK(md.find("Før → opfølgning omfatter kun børn med alle tre målinger") != std::string::npos);
  CHECK(md.find("## spor_fidelity") != std::string::npos);
  CHECK(md.find("Scoringsregel: ") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("SPSS .sav and Stata .dta read back with ReadStat give the same values and labels") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const auto dir = tempDir("stat");
  for (bool dta : {false, true}) {
    CAPTURE(dta);
    const auto files = writeExport(data, dta ? ExportFormat::Dta : ExportFormat::Sav, dir.string());
    REQUIRE(files.size() == 5);
    for (const Table* t : data.tables()) {
      const auto path = dir / (t->name + (dta ? ".dta" : ".sav"));
      CHECK_FALSE(std::filesystem::exists(path.string() + ".tmp"));
      const ReadBack rb = readBack(path.string(), dta);
      checkSame(data, *t, rb, dta);
      CHECK_FALSE(rb.notes.empty());
    }
  }
  SUBCASE("long labels are shortened to what the format holds") {
    const ReadBack rb = readBack((dir / "spor_wide.dta").string(), true);
    for (const auto& label : rb.labels) {
      std::size_t chars = 0;
      for (char ch : label) chars += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 1U : 0U;
      CHECK(chars <= 80);
    }
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("declines, don't know and not applicable are user-missing codes; never asked stays system-missing") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const Table& wide = data.wideTable;
  const Row e3after = wideRow(wide, "E3", 2);
  CHECK(number(e3after[wide.column("psykisk_3")]) == -1);         // "vil ikke svare"
  CHECK(missing(e3after[wide.column("psykisk_4")]));              // not reached
  CHECK(missing(e3after[wide.column("score_psykisk_trivsel")]));  // a decline is no answer: 2 of 5
  const Row e1before = wideRow(wide, "E1", 1);
  CHECK(missing(e1before[wide.column("skole_1")]));                    // EmpowR never asks it
  CHECK(number(e1before[wide.column("bg_nationality")]) == -9);        // "Ved ikke"
  CHECK(number(e1before[wide.column("bg_parent2_education")]) == -8);  // "Ikke relevant (...)"
  CHECK(missing(e1before[wide.column("bg_parent1_education")]));       // never answered
  const Row e2before = wideRow(wide, "E2", 1);
  CHECK(number(e2before[wide.column("bg_home_language")]) == -1);  // left empty on purpose
  for (int code = 1; code <= 5; ++code)
    CHECK(number(e2before[wide.column("bg_resources_" + std::to_string(code))]) == -1);
  CHECK(number(e2before[wide.column("bg_resources_other")]) == -1);
  CHECK(wide.variables[wide.column("psykisk_3")].userMissing);
  CHECK(wide.variables[wide.column("bg_birth_year")].userMissing);
  CHECK_FALSE(wide.variables[wide.column("score_psykisk_trivsel")].userMissing);
  CHECK_FALSE(wide.variables[wide.column("int_group")].userMissing);

  SUBCASE("the labels say what each code is, in the form's own words") {
    const auto labels = [&](const std::string& set) {
      std::map<int, std::string> out;
      for (const auto& [value, label] : data.labelSet(set)->labels) out[value] = label;
      return out;
    };
    CHECK(labels("frequency4").at(-1) == "Vil ikke svare");
    CHECK(labels("bg_gender").at(-1) == "Vil ikke oplyse");
    CHECK(labels("bg_gender").count(9) == 0);  // the form's code 9 is exported as -1
    CHECK(labels("bg_parent2_education").at(-8) == "Ikke relevant (barnet har kun én forælder)");
    CHECK(labels("bg_nationality").at(-9) == "Ved ikke");
    CHECK(labels("fidelity5").at(-8) == "Ikke relevant");
  }
  SUBCASE("the long table") {
    bool seen = false;
    const Table& lng = data.longTable;
    for (const auto& row : lng.rows()) {
      if (std::get<std::string>(row[lng.column("child")]) != "E3" || number(row[lng.column("occasion")]) != 2) continue;
      const std::string item = std::get<std::string>(row[lng.column("item")]);
      if (item == "psykisk_3") {
        CHECK(number(row[lng.column("value")]) == -1);
        seen = true;
      }
      if (item == "psykisk_4") CHECK(missing(row[lng.column("value")]));
    }
    CHECK(seen);
  }
  SUBCASE("CSV writes the codes as numbers") {
    const std::string csv = renderTableCsv(wide);
    INFO(csv.substr(csv.find("\nE3,empowr"), 200));
    // Form version 1, who helped not recorded (empty), then the items.
    CHECK(csv.find("\nE3,empowr,2,0,1,0,0,,0,,,,,,,,,,,,,,2012,2,1,2025-04-10,1,,2,2,-1,,,") != std::string::npos);
  }
}

TEST_CASE("Stata labels are meaningful and unique within 80 characters") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  for (const Table* t : data.tables()) {
    std::set<std::string> seen;
    for (const auto& v : t->variables) {
      CAPTURE(v.name);
      CHECK(utf8Length(v.shortLabel) <= 80);
      CHECK_MESSAGE(seen.insert(v.shortLabel).second, v.shortLabel);
      if (utf8Length(v.label) <= 80) CHECK_MESSAGE(v.shortLabel == v.label, v.shortLabel);
    }
  }
  // Each option of a multi-choice question keeps its own words, so the
  // variables of one question stay apart (Stata used to cut them to one
  // identical label).
  const Table& wide = data.wideTable;
  const core::Question* resources = realForms().background->question("resources");
  const core::Question* family = realForms().background->question("family_challenges");
  REQUIRE(resources);
  REQUIRE(family);
  for (const core::Question* q : {resources, family}) {
    for (const auto& o : q->options) {
      const Variable& v = wide.variables[wide.column("bg_" + q->id + "_" + std::to_string(o.code))];
      CAPTURE(v.shortLabel);
      const std::string start = o.label.da.substr(0, std::min<std::size_t>(o.label.da.size(), 30));
      CHECK(v.shortLabel.find(start) != std::string::npos);
      CHECK(v.label == q->text.da + ": " + o.label.da);  // the full text stays
    }
  }
  CHECK(wide.variables[wide.column("bg_resources_2")].shortLabel ==
        "Hvilke ressourcer har barnet…: Redskaber til at mestre sin situation og hverdag");
}

// The characteristics (varname, name -> text) of a .dta file, format 118.
std::map<std::pair<std::string, std::string>, std::string> dtaCharacteristics(const std::string& bytes) {
  std::map<std::pair<std::string, std::string>, std::string> out;
  const auto begin = bytes.find("<characteristics>");
  const auto end = bytes.find("</characteristics>");
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  std::size_t at = begin + std::string("<characteristics>").size();
  while (at < end && bytes.compare(at, 4, "<ch>") == 0) {
    at += 4;
    std::uint32_t len = 0;
    for (std::size_t b = 0; b < 4; ++b)
      len |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + b])) << (8 * b);
    at += 4;
    const std::string var = bytes.substr(at, 129).c_str();
    const std::string name = bytes.substr(at + 129, 129).c_str();
    out[{var, name}] = bytes.substr(at + 258, len - 258 - 1);
    at += len;
    REQUIRE(bytes.compare(at, 5, "</ch>") == 0);
    at += 5;
  }
  CHECK(at == end);
  return out;
}

TEST_CASE(".dta keeps a shortened label's full text in the variable's notes; .sav has it as the label") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const auto dir = tempDir("notes");
  (void)writeExport(data, ExportFormat::Dta, dir.string());
  const auto chars = dtaCharacteristics(spor::support::readAll(dir / "spor_wide.dta"));
  const Table& wide = data.wideTable;
  std::size_t shortened = 0;
  for (const auto& v : wide.variables) {
    if (v.shortLabel == v.label) {
      CHECK(chars.count({v.name, "note1"}) == 0);
      continue;
    }
    ++shortened;
    CAPTURE(v.name);
    REQUIRE(chars.count({v.name, "note1"}) == 1);
    CHECK(chars.at({v.name, "note1"}) == v.label);
    CHECK(chars.at({v.name, "note0"}) == "1");
  }
  CHECK(shortened >= 6);
  CHECK(chars.count({"_dta", "note1"}) == 1);  // the file's own notes are still there
  // The file still reads (the map's offsets were moved with the insertion).
  checkSame(data, wide, readBack((dir / "spor_wide.dta").string(), true), true);
  std::filesystem::remove_all(dir);
}

TEST_CASE("the fidelity table: one row per fidelity form, labelled items, 'ikke relevant' as -8") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const Table& fid = data.fidelityTable;
  REQUIRE(fid.size() == 2);
  const auto rows = fid.rows();
  CHECK(std::get<std::string>(rows[0][fid.column("project")]) == "empowr");
  CHECK(std::get<std::string>(rows[0][fid.column("form")]) == "fidelitet_empowr");
  CHECK(number(rows[0][fid.column("response_no")]) == 1);
  CHECK(number(rows[0][fid.column("empowr_f01")]) == 5);
  CHECK(number(rows[0][fid.column("empowr_f02")]) == 4);
  CHECK(number(rows[1][fid.column("empowr_f01")]) == 4);
  CHECK(number(rows[1][fid.column("empowr_f02")]) == -8);  // "Ikke relevant"
  CHECK(missing(rows[1][fid.column("empowr_f03")]));       // not answered
  CHECK(missing(rows[0][fid.column("strom_f01")]));        // another project's item: never asked
  const Variable& item = fid.variables[fid.column("empowr_f01")];
  CHECK(item.valueLabels == "fidelity5");
  CHECK(item.userMissing);
  CHECK(item.label.rfind("EmpowR – ", 0) == 0);
  CHECK(item.source == "fidelitet_empowr v1: empowr_f01");
  ExportOptions only;
  only.project = "nefos";
  const DataExport n = buildExport(realForms(), input, only);
  CHECK(n.fidelityTable.size() == 0);
  CHECK_THROWS_AS((void)n.fidelityTable.column("empowr_f01"), std::out_of_range);
  CHECK_NOTHROW((void)n.fidelityTable.column("nefos_f01"));
}

TEST_CASE("exported files are readable by their owner only, and so is a folder the export makes") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const auto dir = tempDir("private");
  namespace fs = std::filesystem;
  const auto old = ::umask(022);  // the usual umask: without care, files would be 0644
  const auto files = writeExport(data, ExportFormat::Sav, (dir / "new" / "export").string());
  ::umask(old);
  for (const fs::path& folder : {dir / "new", dir / "new" / "export"})
    CHECK((fs::status(folder).permissions() & fs::perms::all) == fs::perms::owner_all);
  CHECK((fs::status(dir).permissions() & fs::perms::all) != fs::perms::owner_all);  // there already: left alone
  REQUIRE(files.size() == 5);
  for (const auto& f : files) {
    CAPTURE(f);
    CHECK((fs::status(f).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  }
  // A file that was there with a wider mode is written private too.
  fs::permissions(files[0], fs::perms::all);
  (void)writeExport(data, ExportFormat::Sav, (dir / "new" / "export").string());
  CHECK((fs::status(files[0]).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  std::filesystem::remove_all(dir);
}

TEST_CASE("PSPP reads the .sav: the dictionary shows the missing values and the labels") {
  const std::string pspp = SPOR_TEST_PSPP;
  REQUIRE_MESSAGE(!pspp.empty(), "pspp is not installed: run toolchains/setup-debian.sh test (Debian package pspp)");
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const auto dir = tempDir("pspp");
  (void)writeExport(data, ExportFormat::Sav, dir.string());
  const auto syntax = dir / "show.sps";
  std::ofstream(syntax) << "GET FILE='" << (dir / "spor_wide.sav").string() << "'.\n"
                        << "DISPLAY DICTIONARY /VARIABLES=psykisk_3 bg_gender bg_resources_2.\n"
                        << "FREQUENCIES /VARIABLES=bg_nationality.\n";
  const auto out = dir / "out.txt";
  // -O options follow the -o they apply to.
  const std::string command = "'" + pspp + "' -o '" + out.string() + "' -O format=txt -O width=250 '" +
                              syntax.string() + "' > '" + (dir / "log.txt").string() + "' 2>&1";
  REQUIRE_MESSAGE(std::system(command.c_str()) == 0, spor::support::readAll(dir / "log.txt"));
  const std::string text = spor::support::readAll(out);
  INFO(text);
  // The declared missing values and their labels.
  CHECK(text.find("-9") != std::string::npos);
  CHECK(text.find("Vil ikke svare") != std::string::npos);
  CHECK(text.find("Vil ikke oplyse") != std::string::npos);
  CHECK(std::regex_search(text, std::regex("\\|psykisk_3 +\\|[^\\n]*\\|-1; -8; -9 *\\|")));
  CHECK(std::regex_search(text, std::regex("\\|bg_gender +\\|[^\\n]*\\|-1; -8; -9 *\\|")));
  CHECK(std::regex_search(text, std::regex("-1\\[a\\] *\\|Vil ikke oplyse")));  // a: user-missing
  // The variable label, and value labels in Danish.
  CHECK(text.find("Psykisk trivsel: Hvor ofte") != std::string::npos);
  CHECK(text.find("Sjældent") != std::string::npos);
  CHECK(text.find("Redskaber til at mestre sin situation og hverdag") != std::string::npos);
  // FREQUENCIES counts "Ved ikke" (E1's four rows) as missing, not as a valid value.
  CHECK(std::regex_search(text, std::regex("N Valid +\\| +0\\|")));
  CHECK(std::regex_search(text, std::regex("\\| +Ved ikke *\\| +4\\|")));
  std::filesystem::remove_all(dir);
}

TEST_CASE("an export folder that cannot be made is named in the message") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const auto dir = tempDir("bad");
  const auto blocker = dir / "file";
  std::ofstream(blocker) << "x";
  CHECK_THROWS_WITH_AS((void)writeExport(data, ExportFormat::Sav, (blocker / "sub").string()),
                       doctest::Contains(("cannot create the folder '" + (blocker / "sub").string() + "'").c_str()),
                       ReportError);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a failed export leaves no new file and no temporary file behind") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const auto dir = tempDir("atomic");
  // The wide table's temporary name is taken by a folder: its file cannot be written.
  std::filesystem::create_directories(dir / ".spor_wide.csv.partial" / "x");
  CHECK_THROWS_WITH_AS((void)writeExport(data, ExportFormat::Csv, dir.string()),
                       doctest::Contains(("cannot write '" + (dir / "spor_wide.csv").string() + "'").c_str()),
                       ReportError);
  CHECK_FALSE(std::filesystem::exists(dir / "spor_long.csv"));
  CHECK_FALSE(std::filesystem::exists(dir / ".spor_long.csv.partial"));
  CHECK_FALSE(std::filesystem::exists(dir / "spor_codebook.csv"));
  std::filesystem::remove_all(dir / ".spor_wide.csv.partial");
  const auto files = writeExport(data, ExportFormat::Csv, dir.string());
  CHECK(files.size() == 5);
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    CHECK_MESSAGE(entry.path().filename().string().front() != '.', entry.path().string());
  std::filesystem::remove_all(dir);
}

TEST_CASE("rows are made on demand and the same every time") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  CHECK(data.longTable.rows() == data.longTable.rows());
  CHECK(renderTableCsv(data.wideTable) == renderTableCsv(data.wideTable));
  std::size_t n = 0;
  data.longTable.forEachRow([&](const Row& row) {
    CHECK(row.size() == data.longTable.variables.size());
    ++n;
  });
  CHECK(n == data.longTable.size());
}

}  // TEST_SUITE
