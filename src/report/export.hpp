#pragma once
// Data exports for evaluators (docs/REPORT.md): a long table (one row per
// item asked at a measurement), a wide table (one row per child and
// measurement, with item values, dimension scores and background variables),
// and a codebook; as CSV, SPSS .sav or Stata .dta (written with ReadStat).
//
// Missing values: "vil ikke svare", a skipped item, an item the child's
// project does not ask and an unanswered background question are all
// system-missing (SPSS sysmis, Stata "."; an empty CSV field). Spor stores a
// declined answer as missing (forms/README.md), so the exports cannot and do
// not tell them apart; the project's dimensions (in the codebook notes and
// forms/projects) say which items were asked.
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

struct ValueLabelSet {
  std::string name;  // a valid variable-style name, <= 32 ASCII characters
  std::vector<std::pair<int, std::string>> labels;
};

struct Variable {
  std::string name;   // <= 32 ASCII characters [a-z0-9_], starts with a letter; unique in its table
  std::string label;  // Danish; the full text (the .sav and .dta files shorten it where the format demands)
  VarType type = VarType::Code;
  Measure measure = Measure::Nominal;
  std::string valueLabels;  // a ValueLabelSet name, or empty
  std::string description;  // for the codebook: where the value comes from
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
  std::vector<ValueLabelSet> labelSets;
  std::vector<std::string> notes;  // Danish; in the codebook and as file notes in .sav/.dta

  [[nodiscard]] const ValueLabelSet* labelSet(const std::string& name) const;
};

struct ExportOptions {
  std::string project;  // only this project; empty: all
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

// Writes spor_long.<ext>, spor_wide.<ext> and spor_codebook.csv into `dir`
// (created when missing) and returns the paths written. CSV files use ','
// and '.', UTF-8, missing as an empty field. Every file is written under a
// temporary name first and the three are renamed into place only when all
// are written, so a failure leaves no new file behind (and the previous
// export, if any, as it was). Throws ReportError naming the file on failure.
std::vector<std::string> writeExport(const DataExport& data, ExportFormat format, const std::string& dir);

// The codebook as CSV: table, variable, label, type, measure, value labels,
// missing, description; then the notes.
[[nodiscard]] std::string renderCodebook(const DataExport& data);
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
