// Data exports: the long and wide tables, the codebook, and .sav / .dta
// files read back with ReadStat's own parsers.
#include <doctest/doctest.h>
#include <readstat.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>

#include "fixture.hpp"
#include "report/export.hpp"
#include "report/report.hpp"

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

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
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
double number(const Cell& c) { return std::get<double>(c); }

// Everything ReadStat reads back from a file.
struct ReadBack {
  std::vector<std::string> names;
  std::vector<std::string> labels;
  std::vector<std::string> formats;
  std::vector<std::string> labelSets;  // per variable
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
    if (v.label.size() <= 80) CHECK(rb.labels[c] == v.label);
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
    CHECK(missing(e3after[wide.column("psykisk_3")]));                // skipped
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

TEST_CASE("CSV export and the codebook") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const auto dir = tempDir("csv");
  const auto files = writeExport(data, ExportFormat::Csv, (dir / "out").string());
  REQUIRE(files.size() == 3);
  const std::string wide = readFile(dir / "out" / "spor_wide.csv");
  CHECK(wide.rfind("child,project,int_individual,int_group,int_family,birth_year,occasion,occasion_no,date,", 0) == 0);
  CHECK(wide.find("\nE1,empowr,0,1,0,2010,1,1,2025-01-10,1,2,2,3,3,2,") != std::string::npos);
  const std::string codebook = readFile(dir / "out" / "spor_codebook.csv");
  CHECK(codebook.rfind("table,variable,label,type,measure,value_labels,missing,description\n", 0) == 0);
  CHECK(codebook.find("spor_wide,psykisk_1,Psykisk trivsel: Hvor ofte føler du dig glad?,code,ordinal,"
                      "1=Aldrig; 2=Sjældent; 3=Tit; 4=Altid,system-missing,") != std::string::npos);
  CHECK(codebook.find("# Manglende værdier er system-missing") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("SPSS .sav and Stata .dta read back with ReadStat give the same values and labels") {
  const ReportInput input = reportInput();
  const DataExport data = buildExport(realForms(), input);
  const auto dir = tempDir("stat");
  for (bool dta : {false, true}) {
    CAPTURE(dta);
    const auto files = writeExport(data, dta ? ExportFormat::Dta : ExportFormat::Sav, dir.string());
    REQUIRE(files.size() == 3);
    for (const Table* t : {&data.wideTable, &data.longTable}) {
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
  CHECK(files.size() == 3);
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
