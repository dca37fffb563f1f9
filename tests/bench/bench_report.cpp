// bench_report: the programme report and the data exports over a large
// programme, made the way a coordinator makes them. Not a test; it asserts
// nothing. Every step runs the real `spor` binary as its own process, and
// the figures are that process's wall time and peak resident memory
// (wait4()'s rusage: ru_maxrss of exactly that child), and its CPU time
// (user + system), which is what it costs when the machine is otherwise idle.
//
//   bench_report [--children N] [--dir DIR] [--spor PATH] [--keep] [--reuse DIR] [--repeat N]
//
//   1. spor coordinator init, spor device init
//   2. spor simulate --children N (default 10,000) on the device
//   3. spor export (one bundle), spor devices approve, spor import
//   4. spor report --format html, json and csv
//   5. spor export-data --format csv, sav and dta
//   6. issue 16 goal 2: the JSON report again (--repeat times, default 3)
//      with SPOR_BENCH_TIMINGS=1, which makes spor print how long its
//      unlock, load, build and write took; and its anchor, the same
//      analysis of one group (the whole programme) in pandas + scipy from
//      the plaintext spor_long.csv (report_anchor.py, beside this file),
//      when a python3 that imports both is found (/usr/bin/python3 first,
//      then python3 on PATH). Prints both medians and the ratio of the
//      report without its unlock to the anchor (goal: <= 0.5).
//
// --keep leaves DIR's programme in place; --reuse DIR (a folder a --keep
// run left) skips steps 1-3 and uses its coordinator store.
//
// The unlocks use the production Argon2id parameters (about 0.5 s and
// 64 MiB each), as a person's run would; the memory figures include them.
// DIR (default: the system's temporary directory) should be on the disk the
// figures are meant for. PATH defaults to the spor next to this build's
// tests (../../src/app/spor from this program).
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

namespace {

struct Step {
  std::string name;
  double seconds = 0;
  double cpuSeconds = 0;  // user + system: what the step costs on an idle machine
  long peakKiB = 0;
  std::string output;  // stdout
  std::string errors;  // stderr
  bool failed = false;
};

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::uintmax_t bytesUnder(const fs::path& p) {
  std::error_code ec;
  if (fs::is_regular_file(p, ec)) return fs::file_size(p, ec);
  std::uintmax_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(p, ec))
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  return total;
}

std::string mib(std::uintmax_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

// Runs `spor args...` in `dir` with stdout and stderr to files; exits on failure.
Step run(const std::string& name, const fs::path& spor, const fs::path& dir, const std::vector<std::string>& args,
         bool mayFail = false) {
  const fs::path outFile = dir / ("step-" + std::to_string(::getpid()) + ".out");
  const fs::path errFile = dir / ("step-" + std::to_string(::getpid()) + ".err");
  std::vector<std::string> words = {spor.string()};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);

  const auto start = Steady::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    std::perror("fork");
    std::exit(1);
  }
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) _exit(127);
    const int out = ::open(outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0 || err < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) _exit(127);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  if (::wait4(pid, &status, 0, &usage) != pid) {
    std::perror("wait4");
    std::exit(1);
  }
  Step s;
  s.name = name;
  s.seconds = std::chrono::duration<double>(Steady::now() - start).count();
  s.cpuSeconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                 static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  s.peakKiB = usage.ru_maxrss;  // KiB on Linux
  s.output = readFile(outFile);
  s.errors = readFile(errFile);
  const bool failed = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
  s.failed = failed;
  if (failed && !mayFail && name != "import (unknown device)") {
    std::cerr << "bench_report: '" << name << "' failed (status " << status << "):\n" << readFile(errFile);
    std::exit(1);
  }
  fs::remove(outFile);
  fs::remove(errFile);
  return s;
}

void print(const Step& s, const std::string& note = "") {
  std::printf("  %-26s %7.2f s wall %7.2f s CPU %7.1f MiB peak RSS  %s\n", s.name.c_str(), s.seconds,
              s.cpuSeconds, static_cast<double>(s.peakKiB) / 1024.0, note.c_str());
  std::fflush(stdout);
}

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

// A python3 that imports pandas and scipy: /usr/bin/python3 first (Debian's
// python3-pandas and python3-scipy), then python3 on PATH. Empty: none.
std::string pythonWithPandas() {
  std::vector<std::string> candidates = {"/usr/bin/python3"};
  if (const char* path = std::getenv("PATH")) {
    std::stringstream dirs(path);
    std::string d;
    while (std::getline(dirs, d, ':'))
      if (!d.empty()) candidates.push_back(d + "/python3");
  }
  for (const std::string& py : candidates) {
    if (::access(py.c_str(), X_OK) != 0) continue;
    const std::string probe = "'" + py + "' -c 'import pandas, scipy.stats' >/dev/null 2>&1";
    if (std::system(probe.c_str()) == 0) return py;
  }
  return "";
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

// "timing unlock 0.8123 s" lines of SPOR_BENCH_TIMINGS=1; -1 when absent.
double timingOf(const std::string& errors, const std::string& step) {
  const std::string key = "timing " + step + " ";
  const auto at = errors.find(key);
  return at == std::string::npos ? -1.0 : std::atof(errors.c_str() + at + key.size());
}

}  // namespace

int main(int argc, char** argv) {
  int children = 10000;
  int repeat = 3;
  fs::path base = fs::temp_directory_path();
  fs::path spor;
  fs::path reuse;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--children" && i + 1 < argc) children = std::atoi(argv[++i]);
    else if (a == "--dir" && i + 1 < argc) base = argv[++i];
    else if (a == "--spor" && i + 1 < argc) spor = argv[++i];
    else if (a == "--reuse" && i + 1 < argc) reuse = argv[++i];
    else if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
    else if (a == "--keep") keep = true;
    else {
      std::cerr << "usage: bench_report [--children N] [--dir DIR] [--spor PATH] [--keep] [--reuse DIR] [--repeat N]\n";
      return 2;
    }
  }
  if (spor.empty()) spor = fs::read_symlink("/proc/self/exe").parent_path() / ".." / ".." / "src" / "app" / "spor";
  spor = fs::weakly_canonical(spor);
  if (!fs::exists(spor)) {
    std::cerr << "bench_report: no spor binary at " << spor << "; build the 'spor' target or pass --spor PATH\n";
    return 1;
  }
  const fs::path dir = reuse.empty() ? base / ("spor-bench-report-" + std::to_string(::getpid())) : fs::absolute(reuse);
  if (!reuse.empty() && !fs::exists(dir / "coord" / "coordinator.db")) {
    std::cerr << "bench_report: " << dir << " holds no coord/coordinator.db (a folder a --keep run left)\n";
    return 1;
  }
  const std::vector<std::string> C = {"--data-dir", "coord", "--secret-file", "coordinator.secret"};
  const std::vector<std::string> D = {"--data-dir", "dev", "--secret-file", "device.secret"};
  const auto with = [](std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };

  if (reuse.empty()) {
    fs::create_directories(dir / "usb");
    std::ofstream(dir / "coordinator.secret") << "korrekt hest batteri\n";
    std::ofstream(dir / "device.secret") << "204913\n";
    std::printf("bench_report: %d children, spor %s, in %s\n", children, spor.c_str(), dir.c_str());
    const Step init = run("coordinator init", spor, dir, with({"coordinator", "init", "--name", "Bench"}, C));
    print(init);
    std::string enrolment;
    for (const auto& e : fs::directory_iterator(dir / "coord"))
      if (e.path().extension() == ".sporenrol") enrolment = e.path().string();
    print(run("device init", spor, dir, with({"device", "init", "--enrolment", enrolment, "--volunteer", "Anna"}, D)));
    const Step sim =
        run("simulate", spor, dir, with({"simulate", "--children", std::to_string(children), "--seed", "1"}, D));
    print(sim);
    std::printf("    %s\n", firstLine(sim.output).c_str());
    const Step exported = run("export", spor, dir, with({"export", "--out", "usb"}, D));
    const std::string bundle = firstLine(exported.output);
    print(exported, mib(bytesUnder(dir / bundle)) + " bundle");
    (void)run("import (unknown device)", spor, dir, with({"import", bundle}, C));
    const std::string deviceId = fs::path(bundle).filename().string().substr(5, 8);
    print(run("devices approve", spor, dir, with({"devices", "approve", deviceId}, C)),
          "(about the unlock alone: Argon2id, 64 MiB)");
    const Step imported = run("import", spor, dir, with({"import", bundle}, C));
    print(imported, mib(bytesUnder(dir / "coord" / "coordinator.db")) + " coordinator.db");
    std::printf("    %s\n", firstLine(imported.output).c_str());
  } else {
    std::printf("bench_report: the programme in %s (--reuse), spor %s\n", dir.c_str(), spor.c_str());
  }

  long worst = 0;
  for (const char* format : {"html", "json", "csv"}) {
    const std::string file = std::string("report.") + format;
    const Step s = run(std::string("report --format ") + format, spor, dir,
                       with({"report", "--format", format, "--out", file}, C));
    print(s, mib(bytesUnder(dir / file)));
    worst = std::max(worst, s.peakKiB);
  }
  for (const char* format : {"csv", "sav", "dta"}) {
    const std::string folder = std::string("export-") + format;
    const Step s = run(std::string("export-data --format ") + format, spor, dir,
                       with({"export-data", "--format", format, "--out", folder}, C));
    print(s, mib(bytesUnder(dir / folder)) + " (" + mib(bytesUnder(dir / folder / (std::string("spor_long.") + format))) +
                 " long table)");
    if (std::string(format) == "csv") std::printf("    %s\n", firstLine(s.output.substr(s.output.find('\n') + 1)).c_str());
    worst = std::max(worst, s.peakKiB);
  }
  std::printf("  largest peak RSS of a report or export: %.1f MiB\n", static_cast<double>(worst) / 1024.0);

  // Issue 16 goal 2: the report against pandas + scipy, without the unlock.
  std::printf("report (JSON) against its anchor, %d runs each, medians:\n", repeat);
  ::setenv("SPOR_BENCH_TIMINGS", "1", 1);
  std::vector<double> withoutUnlock, unlock, load, build, write;
  for (int i = 0; i < repeat; ++i) {
    const Step s = run("report --format json", spor, dir, with({"report", "--format", "json", "--out", "report.json"}, C));
    unlock.push_back(timingOf(s.errors, "unlock"));
    load.push_back(timingOf(s.errors, "load"));
    build.push_back(timingOf(s.errors, "build"));
    write.push_back(timingOf(s.errors, "write"));
    withoutUnlock.push_back(s.seconds - unlock.back());
    print(s, "unlock " + std::to_string(unlock.back()).substr(0, 5) + " s");
  }
  ::unsetenv("SPOR_BENCH_TIMINGS");
  const double report = median(withoutUnlock);
  std::printf("  spor report, JSON, all groups: %.3f s wall without the unlock (load %.3f, build %.3f, write %.3f; "
              "the unlock %.3f s apart)\n",
              report, median(load), median(build), median(write), median(unlock));
  const std::string python = pythonWithPandas();
  if (python.empty()) {
    std::printf("  anchor ABSENT: no python3 imports pandas and scipy (/usr/bin/python3 or on PATH; Debian: "
                "apt install python3-pandas python3-scipy); no ratio\n");
  } else {
    std::vector<double> anchor;        // the analysis: reading the CSV to the last figure
    std::vector<double> anchorProcess;  // the whole python process: interpreter and imports too
    for (int i = 0; i < repeat; ++i) {
      const Step a = run("pandas + scipy (anchor)", python, dir,
                         {SPOR_BENCH_ANCHOR_SCRIPT, (dir / "export-csv" / "spor_long.csv").string(),
                          SPOR_BENCH_FORMS_DIR},
                         true);
      const auto at = a.output.find("anchor_seconds ");
      if (a.failed || at == std::string::npos) {
        std::printf("  anchor FAILED (%s): %s\n", python.c_str(), firstLine(a.errors).c_str());
        anchor.clear();
        break;
      }
      anchor.push_back(std::atof(a.output.c_str() + at + 15));
      anchorProcess.push_back(a.seconds);
      print(a, "analysis " + std::to_string(anchor.back()).substr(0, 5) + " s (reading the CSV included)");
    }
    if (!anchor.empty()) {
      const double a = median(anchor);
      const double ap = median(anchorProcess);
      std::printf("  pandas + scipy (%s), one group from spor_long.csv: %.3f s the analysis, %.3f s the whole "
                  "process\n",
                  python.c_str(), a, ap);
      std::printf("  spor report without its unlock / pandas + scipy: %.2fx the analysis, %.2fx the whole process "
                  "(goal <= 0.5x)\n",
                  report / a, report / ap);
    }
  }
  if (keep || !reuse.empty()) {
    std::printf("  kept %s\n", dir.c_str());
  } else {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  return 0;
}
