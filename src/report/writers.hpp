#pragma once
// The report's three outputs (docs/REPORT.md):
//  - HTML: one self-contained file (inline CSS and SVG, no scripts, no
//    external resources) that opens offline and prints on A4;
//  - JSON: every number the HTML shows, unrounded, for other tools;
//  - CSV: the main tables, for a spreadsheet.
#include <iosfwd>
#include <string>

#include "report/report.hpp"

namespace spor::report {

enum class ReportFormat { Html, Json, Csv };

// "html", "json", "csv"; anything else returns false.
[[nodiscard]] bool parseReportFormat(const std::string& text, ReportFormat& out);
[[nodiscard]] const char* reportFormatId(ReportFormat f);

void writeHtml(const Report& report, std::ostream& out);
void writeJson(const Report& report, std::ostream& out);

// CSV for a Danish spreadsheet: ';' between fields, decimal comma, UTF-8
// with a byte order mark so that Excel reads æøå. Sections (results, means,
// counts, profile, fidelity) follow each other, each with a title line, a
// header line and a blank line after it. `danish = false` gives ',' and '.'
// without the byte order mark.
struct CsvStyle {
  bool danish = true;
};
void writeCsv(const Report& report, std::ostream& out, CsvStyle style = {});

[[nodiscard]] std::string renderHtml(const Report& report);
[[nodiscard]] std::string renderJson(const Report& report);
[[nodiscard]] std::string renderCsv(const Report& report, CsvStyle style = {});

// Writes the report to `path` (through a temporary file beside it, renamed
// into place, so a half-written report never replaces a good one), readable
// by its owner only (0600). Throws ReportError naming the path when the file
// cannot be written. The CLI and the app both call this.
void writeReportFile(const Report& report, ReportFormat format, const std::string& path);

}  // namespace spor::report
