// spor report and spor export-data (docs/REPORT.md): the programme report
// and the data exports for evaluators, from the coordinator store. The
// store is unlocked like every coordinator command (unlock.hpp:
// --secret-file FILE or SPOR_SECRET holds the coordinator's passphrase).
//
// Every argument that can be checked without the passphrase (format,
// intervention, date, project, the --out path, the data directory) is
// checked first, so a typo costs no key derivation; nothing is written
// unless the whole report or export is.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <ostream>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/paths.hpp"
#include "app/unlock.hpp"
#include "core/form_loader.hpp"
#include "report/export.hpp"
#include "report/from_coordinator.hpp"
#include "report/report.hpp"
#include "report/writers.hpp"
#include "store/device_store.hpp"
#include "sync/coordinator_store.hpp"

namespace spor::app {

namespace {

namespace fs = std::filesystem;

core::Date asOfFrom(const Args& args) {
  const auto text = args.get("as-of");
  if (!text) return core::today();
  const auto day = core::parseDate(*text);
  if (!day) throw UsageError("--as-of must be a date written YYYY-MM-DD, not '" + *text + "'");
  return *day;
}

core::FormSet formsFrom(const Args& args) { return core::loadForms(args.get("forms").value_or(bundledFormsDir())); }

void checkProject(const core::FormSet& forms, const std::string& project) {
  if (project.empty() || forms.projects.count(project)) return;
  throw report::ReportError(report::unknownProject(forms, project));
}

std::string folderOf(const fs::path& path) {
  return path.parent_path().empty() ? std::string(".") : path.parent_path().string();
}

bool writable(const fs::path& folder) { return ::access(folder.c_str(), W_OK | X_OK) == 0; }

// --out FILE for a report: not a folder, in a folder that exists and can be written.
void checkOutFile(const fs::path& out) {
  std::error_code ec;
  if (fs::is_directory(out, ec)) {
    throw report::ReportError(
        {Msg::ReportOutIsFolder, {{"out", out.string()}, {"example", (out / "rapport.html").string()}}});
  }
  const fs::path folder = folderOf(out);
  if (fs::exists(folder, ec) && !fs::is_directory(folder, ec)) {
    throw report::ReportError({Msg::ReportOutParentIsFile, {{"out", out.string()}, {"folder", folder.string()}}});
  }
  if (!fs::is_directory(folder, ec)) {
    throw report::ReportError({Msg::ReportOutNoFolder, {{"out", out.string()}, {"folder", folder.string()}}});
  }
  if (!writable(folder)) {
    throw report::ReportError({Msg::ReportOutFolderNotWritable, {{"out", out.string()}, {"folder", folder.string()}}});
  }
}

// --out FOLDER for an export: an existing writable folder, or one that can be
// made inside the nearest existing (writable) folder.
void checkOutFolder(const fs::path& out) {
  std::error_code ec;
  fs::path existing = out;
  while (!existing.empty() && !fs::exists(existing, ec)) existing = existing.parent_path();
  if (existing.empty()) existing = ".";
  if (!fs::is_directory(existing, ec)) {
    throw report::ReportError({Msg::ReportExportParentIsFile, {{"out", out.string()}, {"folder", existing.string()}}});
  }
  if (!writable(existing)) {
    throw report::ReportError(
        {Msg::ReportExportFolderNotWritable, {{"out", out.string()}, {"folder", existing.string()}}});
  }
}

// The coordinator store of --data-dir, unlocked. A device's data directory
// is named as such: reports are made from what the coordinator imported.
sync::CoordinatorStore openCoordinatorStore(const Args& args) {
  const fs::path dir = dataDirFrom(args);
  const fs::path path = sync::coordinatorStorePath(dir);
  if (!sync::CoordinatorStore::exists(path)) {
    if (store::DeviceStore::exists(store::deviceStorePath(dir))) {
      throw report::ReportError({Msg::ReportDeviceDataDir, {{"dir", dir.string()}}});
    }
    throw report::ReportError({Msg::ReportNoCoordinatorStore, {{"dir", dir.string()}}});
  }
  const Secret secret = readPassphrase(args);
  sync::CoordinatorStore s = sync::CoordinatorStore::open(path);
  s.unlock(secret.view());
  return s;
}

// SPOR_BENCH_TIMINGS=1 (bench_report): the time of each step on stderr, so
// the report's own time can be told apart from the deliberate unlock.
class StepTimer {
 public:
  StepTimer() : on_(std::getenv("SPOR_BENCH_TIMINGS") != nullptr) {}
  void step(const char* name) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "timing %s %.4f s\n", name, std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// "1 child", "2 children": English has one plural rule that matters here.
std::string counted(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void printLoaded(const report::LoadSummary& s, std::ostream& out, std::ostream& err) {
  out << "Read " << counted(s.children, "child", "children") << ", "
      << counted(s.finishedMeasurements, "finished measurement", "finished measurements") << " ("
      << counted(s.answers, "answer", "answers") << ", " << s.declined << " declined), "
      << counted(s.backgrounds, "background form", "background forms") << " and "
      << counted(s.fidelity, "fidelity form", "fidelity forms") << " from the coordinator store";
  if (s.unfinishedMeasurements > 0)
    out << "; " << counted(s.unfinishedMeasurements, "unfinished measurement", "unfinished measurements")
        << " (paused, interrupted or abandoned) left out";
  out << ".\n";
  if (s.orphans > 0)
    err << "warning: " << s.orphans
        << " records belong to a child or measurement the store does not hold (deleted on a device, or a bundle not "
           "yet imported); they are left out\n";
  for (const auto& w : s.warnings) err << "warning: " << w << "\n";
}

}  // namespace

int runReport(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  const Args args(words, ArgSpec{{"data-dir", "format", "out", "project", "intervention", "child", "as-of", "forms",
                                  "secret-file", "municipality"},
                                 {},
                                 0,
                                 0});
  report::ReportFormat format{};
  const std::string formatText = args.require("format");
  if (!report::parseReportFormat(formatText, format))
    throw UsageError("--format must be html, json or csv, not '" + formatText + "'");
  const fs::path target = args.require("out");
  report::ReportFilter filter;
  filter.project = args.get("project").value_or("");
  filter.municipality = args.get("municipality").value_or("");
  if (const auto text = args.get("intervention")) {
    core::Intervention i{};
    if (!core::parseIntervention(*text, i))
      throw UsageError("--intervention must be individual, group, family or bridging, not '" + *text + "'");
    filter.intervention = i;
  }
  if (const auto code = args.get("child")) {
    const std::string normalised = store::normaliseChildCode(*code);
    filter.child = store::isChildCode(normalised) ? normalised : *code;
  }
  const core::Date asOf = asOfFrom(args);
  const core::FormSet forms = formsFrom(args);
  checkProject(forms, filter.project);
  if (auto problem = report::municipalityFilterProblem(forms, filter.project, filter.municipality))
    throw report::ReportError(std::move(*problem));
  checkOutFile(target);

  StepTimer timer;
  sync::CoordinatorStore coordinator = openCoordinatorStore(args);
  timer.step("unlock");
  const report::LoadedInput loaded = report::loadReportInput(coordinator, asOf);
  timer.step("load");
  printLoaded(loaded.summary, out, err);
  const report::Report r = report::buildReport(forms, loaded.input, filter);
  timer.step("build");
  report::writeReportFile(r, format, target.string());
  timer.step("write");
  if (r.timeline) {
    out << "Wrote the timeline of child " << r.timeline->code << " (" << report::reportFormatId(format) << ") to "
        << target.string() << "\n";
  } else {
    out << "Wrote the report '" << r.scopeTitle << "' (" << report::reportFormatId(format) << ", "
        << counted(r.overall.counts.children, "child", "children") << ", as of " << core::formatDate(asOf) << ") to " << target.string()
        << "\n";
  }
  return kExitOk;
}

int runExportData(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  const Args args(words, ArgSpec{{"data-dir", "format", "out", "project", "municipality", "as-of", "forms",
                                  "secret-file"},
                                 {"include-free-text"},
                                 0,
                                 0});
  report::ExportFormat format{};
  const std::string formatText = args.require("format");
  if (!report::parseExportFormat(formatText, format))
    throw UsageError("--format must be csv, sav or dta, not '" + formatText + "'");
  const fs::path target = args.require("out");
  report::ExportOptions options;
  options.project = args.get("project").value_or("");
  options.municipality = args.get("municipality").value_or("");
  options.includeFreeText = args.has("include-free-text");
  const core::Date asOf = asOfFrom(args);
  const core::FormSet forms = formsFrom(args);
  checkProject(forms, options.project);
  if (auto problem = report::municipalityFilterProblem(forms, options.project, options.municipality))
    throw report::ReportError(std::move(*problem));
  checkOutFolder(target);

  sync::CoordinatorStore coordinator = openCoordinatorStore(args);
  const report::LoadedInput loaded = report::loadReportInput(coordinator, asOf);
  printLoaded(loaded.summary, out, err);
  const report::DataExport data = report::buildExport(forms, loaded.input, options);
  const std::vector<std::string> files = report::writeExport(data, format, target.string());
  out << "Wrote " << data.longTable.size() << " rows to " << files.at(0) << ", " << data.wideTable.size() << " rows to "
      << files.at(1) << ", " << data.fidelityTable.size() << " rows to " << files.at(2) << " and the codebook to "
      << files.at(3) << " and " << files.at(4) << "\n";
  if (options.includeFreeText)
    err << "note: the export includes free text, which may hold names; share it only as the data agreement allows\n";
  return kExitOk;
}

}  // namespace spor::app
