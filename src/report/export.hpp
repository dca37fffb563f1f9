#pragma once
// Data exports for evaluators (docs/REPORT.md): a long table (one row per
// item asked at a measurement), a wide table (one row per child and
// measurement, with item values, dimension scores and background variables),
// a fidelity table (one row per fidelity form), and a codebook (a clean CSV
// table and a human-readable Markdown file); as CSV, SPSS .sav or Stata .dta
// (written with ReadStat).
//
// Missing values: an answer that is no answer has a user-missing code
// (kMissingCodes: -1 "Vil ikke svare", -8 "Ikke relevant", -9 "Ved ikke"),
// declared as missing in .sav, written as .a/.b/.c in .dta and as the number
// in CSV. An item never asked (the project does not measure its dimension),
// one not reached, and a question never answered are system-missing (SPSS
// sysmis, Stata ".", an empty CSV field). Dimension scores treat both as
// missing.
#include <array>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/forms.hpp"
#include "report/input.hpp"

namespace spor::report {

// Code: a small integer with value labels (an answer, an option code, 0/1).
// Integer: a whole number without labels (a year). Real: a score.
// Date: a calendar day (CSV "2025-03-01", SPSS EDATE10, Stata %td).
enum class VarType { Code, Integer, Real, Date, String };
enum class Measure { Nominal, Ordinal, Scale };

[[nodiscard]] const char* varTypeId(VarType t);   // "code", "integer", "real", "date", "string"
[[nodiscard]] const char* measureId(Measure m);   // "nominal", "ordinal", "scale"

// The user-missing codes, one per core::MissingKind.
struct MissingCode {
  core::MissingKind kind;
  int code;           // in CSV and .sav
  char stataTag;      // .a, .b, .c in .dta
  const char* label;  // Danish value label
};
inline constexpr std::array<MissingCode, 3> kMissingCodes = {
    MissingCode{core::MissingKind::Declined, -1, 'a', "Vil ikke svare"},
    MissingCode{core::MissingKind::NotApplicable, -8, 'b', "Ikke relevant"},
    MissingCode{core::MissingKind::DontKnow, -9, 'c', "Ved ikke"}};
[[nodiscard]] const MissingCode& missingCode(core::MissingKind kind);
// The MissingCode whose code is `value`, or nullptr.
[[nodiscard]] const MissingCode* missingCodeOf(double value);

struct ValueLabelSet {
  std::string name;  // a valid variable-style name, <= 32 ASCII characters
  std::vector<std::pair<int, std::string>> labels;
};

struct Variable {
  std::string name;   // <= 32 ASCII characters [a-z0-9_], starts with a letter; unique in its table
  std::string label;  // Danish; the full text (in .sav, the codebook, and the .dta variable's notes)
  // At most 80 characters (Stata's limit), meaningful and unique in its
  // table: the .dta variable label. Equal to `label` when that fits.
  std::string shortLabel;
  VarType type = VarType::Code;
  Measure measure = Measure::Nominal;
  std::string valueLabels;  // a ValueLabelSet name, or empty
  bool userMissing = false;  // may hold the kMissingCodes
  std::string source;        // for the codebook: the form and item it comes from ("barn v1: psykisk_1")
  std::string description;   // for the codebook: how the value is made
};

// One cell: missing, a number (a Date is days since 1970-01-01) or text.
using Cell = std::variant<std::monostate, double, std::string>;
using Row = std::vector<Cell>;  // one cell per variable
using RowVisitor = std::function<void(const Row&)>;

// A table's rows are made on demand from the input, one at a time, never
// held together: the long table of 10,000 children has over a million rows
// (about 0.5 GB as cells). `produce` calls its argument once per row, in
// order, and can be called again (a .sav or .dta writer reads the rows
// twice: once for the column types and widths, once to write them).
struct Table {
  std::string name;   // "spor_long", "spor_wide": the file name without extension
  std::string label;  // Danish
  std::vector<Variable> variables;
  std::size_t rowCount = 0;
  std::function<void(const RowVisitor&)> produce;

  [[nodiscard]] std::size_t column(const std::string& variable) const;  // throws std::out_of_range
  [[nodiscard]] std::size_t size() const { return rowCount; }
  void forEachRow(const RowVisitor& visit) const;
  // Every row in memory at once: for tests and small exports.
  [[nodiscard]] std::vector<Row> rows() const;
};

struct DataExport {
  Table longTable;
  Table wideTable;
  Table fidelityTable;
  std::vector<ValueLabelSet> labelSets;
  std::vector<std::string> notes;  // Danish; in the codebook and as file notes in .sav/.dta
  core::Date asOf{};
  bool includesFreeText = false;

  [[nodiscard]] const ValueLabelSet* labelSet(const std::string& name) const;
  // The three tables, in the order they are written.
  [[nodiscard]] std::array<const Table*, 3> tables() const { return {&longTable, &wideTable, &fidelityTable}; }
};

struct ExportOptions {
  std::string project;  // only this project; empty: all
  std::string municipality;  // only children of this municipality ("Aarhus"); empty: all
  // Free text (text questions and "Andet" answers) may hold names. It is
  // left out unless asked for.
  bool includeFreeText = false;
};

// Throws ReportError (report.hpp) for an unknown project. The tables read
// `forms` and `input` whenever their rows are made, so both must outlive the
// DataExport (temporaries are refused at compile time).
[[nodiscard]] DataExport buildExport(const core::FormSet& forms, const ReportInput& input,
                                     const ExportOptions& options = {});
DataExport buildExport(const core::FormSet& forms, ReportInput&& input, const ExportOptions& options = {}) = delete;
DataExport buildExport(core::FormSet&& forms, const ReportInput& input, const ExportOptions& options = {}) = delete;
DataExport buildExport(core::FormSet&& forms, ReportInput&& input, const ExportOptions& options = {}) = delete;

enum class ExportFormat { Csv, Sav, Dta };
[[nodiscard]] bool parseExportFormat(const std::string& text, ExportFormat& out);  // "csv", "sav", "dta"
[[nodiscard]] const char* exportFormatId(ExportFormat f);

// Writes spor_long.<ext>, spor_wide.<ext>, spor_fidelity.<ext>,
// spor_codebook.csv and spor_codebook.md into `dir` and returns the paths
// written, in that order. A folder it makes is readable by its owner only
// (0700), and every file it writes too (0600): the files hold children's
// answers. CSV files use ',' and '.', UTF-8, missing as an empty field. Every
// file is written under a temporary name first and all are renamed into
// place only when all are written, so a failure leaves no new file behind
// (and the previous export, if any, as it was). Throws ReportError naming the
// file on failure. The CLI and the app both call this.
std::vector<std::string> writeExport(const DataExport& data, ExportFormat format, const std::string& dir);

// The codebook as a plain CSV table, one row per variable and nothing else:
// table, variable, label, stata_label, type, measure, values, missing_codes,
// source, description.
[[nodiscard]] std::string renderCodebook(const DataExport& data);
// The codebook for people (Markdown): the tables, the missing-value codes,
// the rules (which measurement counts for an occasion, the pairs, the
// scoring rule), the projects' dimensions, and every variable.
[[nodiscard]] std::string renderCodebookMarkdown(const DataExport& data);
[[nodiscard]] std::string renderTableCsv(const Table& table);
void writeTableCsv(const Table& table, std::ostream& out);

// Makes `raw` a valid SPSS and Stata variable name: lower-case ASCII letters,
// digits and '_', starting with a letter, at most 32 characters, not a
// reserved word, and not in `taken` (a suffix _2, _3 ... is added).
[[nodiscard]] std::string validVariableName(const std::string& raw, const std::vector<std::string>& taken);

// Splits a note into lines of at most `width` bytes at spaces (SPSS document
// lines hold 80 bytes).
[[nodiscard]] std::vector<std::string> wrapNote(const std::string& text, std::size_t width);

// Writes one table as .sav or .dta with ReadStat (statfiles.cpp).
void writeSav(const DataExport& data, const Table& table, const std::string& path);
void writeDta(const DataExport& data, const Table& table, const std::string& path);

}  // namespace spor::report
