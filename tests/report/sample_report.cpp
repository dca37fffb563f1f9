// report_sample FORMS_DIR OUT_DIR: writes a sample programme report
// (report.html, report.json, report.csv), one project's report
// (project.html) and one child's timeline (timeline.html) from made-up data.
// The CTest "report.html_loads_in_chromium" loads the HTML in headless
// Chromium; people can open the files to look at the report.
#include <filesystem>
#include <iostream>

#include "core/form_loader.hpp"
#include "report/writers.hpp"
#include "sample_data.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: report_sample FORMS_DIR OUT_DIR\n";
    return 2;
  }
  try {
    namespace fs = std::filesystem;
    using namespace spor;
    const core::FormSet forms = core::loadForms(argv[1]);
    const fs::path out(argv[2]);
    fs::create_directories(out);
    const report::ReportInput input = test::sampleProgramme(forms, 2017, 60, *core::parseDate("2026-06-01"));

    const report::Report all = report::buildReport(forms, input, {});
    report::writeReportFile(all, report::ReportFormat::Html, (out / "report.html").string());
    report::writeReportFile(all, report::ReportFormat::Json, (out / "report.json").string());
    report::writeReportFile(all, report::ReportFormat::Csv, (out / "report.csv").string());

    const report::Report empowr = report::buildReport(forms, input, {"empowr", std::nullopt, ""});
    report::writeReportFile(empowr, report::ReportFormat::Html, (out / "project.html").string());

    std::string code;
    for (const auto& c : input.children)
      if (c.measurements.size() >= 3 && c.project == "powerkids") code = c.code;
    const report::Report child = report::buildReport(forms, input, {"", std::nullopt, code});
    report::writeReportFile(child, report::ReportFormat::Html, (out / "timeline.html").string());

    std::cout << "dimensions=" << all.overall.dimensions.size() << " children=" << input.children.size()
              << " timeline=" << code << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "report_sample: " << e.what() << "\n";
    return 1;
  }
}
