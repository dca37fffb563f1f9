// The kill sweep over the sync steps (issue 13): a forked child runs a
// bundle export, an import, or a form install from a copy of one prepared
// folder, and the test kills it with SIGKILL at a random moment, many times
// (5 per step in the sync label's quick run, 60 per step in the long run
// sync.kill_sweep). After every kill the next start must work without
// anyone moving files:
//   - the store the step wrote passes PRAGMA integrity_check and opens;
//   - export: every bundle on the stick is whole (the coordinator imports
//     every one), and exporting again completes;
//   - import: the bundle is in the coordinator all or nothing (the ledger
//     entry with every record, or neither), and importing again completes;
//   - install: the next load finishes or undoes what the install left (no
//     .forms.incoming or .forms.old stays), the forms in use are the version
//     the store recorded, and installing again completes.
// Together with the set-up kill sweep (tests/store/test_setup_kill.cpp) and
// the answering crash test (tests/store/test_crash.cpp) this kills set-up,
// answering, export, import and install.
//
// The kill moment is uniform over the time one uninterrupted step takes in
// a forked child (the shortest of three runs, just before), so kills land in
// every phase; nothing is asserted on the time.
#include <doctest/doctest.h>

#if defined(__unix__)
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "tests/store/power_cut_sweep.hpp"
#include "tests/sync/sync_pair.hpp"

using namespace spor;
using namespace spor::sync;
using namespace spor::test::pair;
using spor::test::integrityOf;
using spor::test::TempDir;
namespace fs = std::filesystem;

namespace {

// Kills per step: 5 in the sync label's quick run; CTest's sync.kill_sweep
// (labels sync and long) sets SPOR_SYNC_KILLS=60 for the full sweep.
int killsPerStep() {
  if (const char* env = std::getenv("SPOR_SYNC_KILLS"); env && std::atoi(env) > 0) return std::atoi(env);
  return 5;
}

const fs::path kPackage = fs::path("usb") / "forms-v1.sporforms";

struct KillStep {
  std::string name;
  std::function<void(const fs::path&)> prepare;
  std::function<void(const fs::path&)> run;  // in the forked child
  // The next start after a kill; returns what it found ("done", "not done: ran again", ...).
  std::function<std::string(const fs::path&)> nextStart;
};

// Hidden temporary files a killed writeFileDurably left (".name.tmp-XXXXXXXX"):
// never under a final name, so nothing reads them.
std::size_t tempFiles(const fs::path& folder) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec))
    if (e.path().filename().string().find(".tmp-") != std::string::npos) ++n;
  return n;
}

// Runs `f` in a forked child; returns its pid. The child exits 0 when `f` returned, 2 when it threw.
pid_t forkRunning(const std::function<void()>& f) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    try {
      f();
    } catch (...) {
      ::_exit(2);
    }
    ::_exit(0);
  }
  return pid;
}

}  // namespace

TEST_SUITE("sync") {

TEST_CASE("sync kill sweep: SIGKILL at random moments of an export and an import and a form install") {
  static_cast<void>(test::bundledForms());  // parsed once, before the children are forked
  Ids ids;
  std::size_t recordsInBundle = 0;

  const KillStep exportStep{
      "export",
      [&](const fs::path& dir) { ids = makePair(dir); },
      [&](const fs::path& dir) {
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        if (!exportBundle(d, usb(dir), "spor test")) throw std::logic_error("nothing to export");
      },
      [&](const fs::path& dir) {
        REQUIRE(integrityOf(store::deviceStorePath(dir)) == "ok");
        const std::size_t before = bundlesOn(usb(dir)).size();
        {
          store::DeviceStore d = openDevice(dir, ids.volunteer);
          REQUIRE(exportBundle(d, usb(dir), "spor test").has_value());  // again: it completes
        }
        // Every bundle on the stick is whole: the coordinator takes them all, in order.
        const auto files = bundlesOn(usb(dir));
        REQUIRE(files.size() == before + 1);
        CoordinatorStore c = openCoordinator(dir);
        approve(c, files.front(), ids.device);
        for (const auto& f : files) static_cast<void>(c.importBundleFile(f));
        CHECK(c.ledger().size() == files.size());
        CHECK(c.records().size() == recordsInBundle);
        CHECK(c.chainBreaks().empty());  // a bundle the kill left unrecorded was recorded by the next export
        return before == 0 ? std::string("no bundle yet: exported again")
                           : std::string("the bundle was written: exported again, both imported");
      }};

  const KillStep importStep{
      "import",
      [&](const fs::path& dir) {
        ids = makePair(dir);
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        REQUIRE(exportBundle(d, usb(dir), "spor test").has_value());
        CoordinatorStore c = openCoordinator(dir);
        approve(c, bundlesOn(usb(dir)).front(), ids.device);
      },
      [&](const fs::path& dir) {
        CoordinatorStore c = openCoordinator(dir);
        static_cast<void>(c.importBundleFile(bundlesOn(usb(dir)).front()));
      },
      [&](const fs::path& dir) {
        REQUIRE(integrityOf(coordinatorStorePath(dir)) == "ok");
        CoordinatorStore c = openCoordinator(dir);
        const std::size_t records = c.records().size();
        const std::size_t ledger = c.ledger().size();
        // All or nothing: the ledger entry and every record, or neither.
        REQUIRE(((ledger == 0 && records == 0) || (ledger == 1 && records == recordsInBundle)));
        const ImportResult again = c.importBundleFile(bundlesOn(usb(dir)).front());
        CHECK(again.alreadyImported == (ledger == 1));
        CHECK(c.ledger().size() == 1);
        CHECK(c.records().size() == recordsInBundle);
        return ledger == 1 ? std::string("imported whole: again says already imported")
                           : std::string("nothing imported: imported again");
      }};

  const KillStep installStep{
      "install",
      [&](const fs::path& dir) {
        ids = makePair(dir);
        CoordinatorStore c = openCoordinator(dir);
        static_cast<void>(c.publishForms(SPOR_TEST_FORMS_DIR, "", [&](const crypto::Bytes& bytes) {
          static_cast<void>(writeFileDurably(usb(dir), kPackage.filename().string(), bytes));
        }));
      },
      [&](const fs::path& dir) {
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        static_cast<void>(installFormPackageFile(d, dir / kPackage, dir / "forms"));
      },
      [&](const fs::path& dir) {
        REQUIRE(integrityOf(store::deviceStorePath(dir)) == "ok");
        const bool leftBehind = fs::exists(dir / ".forms.incoming") || fs::exists(dir / ".forms.old");
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        const auto installed = loadInstalledForms(d, dir / "forms");  // the app's next start
        CHECK_FALSE(fs::exists(dir / ".forms.incoming"));
        CHECK_FALSE(fs::exists(dir / ".forms.old"));
        const std::uint64_t recorded = d.formsPackageVersion();
        REQUIRE(recorded == (installed ? installed->version : 0));
        if (!installed) CHECK(installFormPackageFile(d, dir / kPackage, dir / "forms").version == 1);  // again
        const auto now = loadInstalledForms(d, dir / "forms");
        REQUIRE(now.has_value());
        CHECK(now->version == 1);
        std::string outcome = installed ? "installed: version 1 in use" : "not installed: installed again";
        if (leftBehind) outcome += " (a half-done swap finished or undone at the start)";
        return outcome;
      }};

  const int kKills = killsPerStep();
  std::mt19937_64 rng(20261207);
  std::map<std::string, int> outcomes;
  int kills = 0, finishedFirst = 0, temps = 0;

  for (const KillStep* s : {&exportStep, &importStep, &installStep}) {
    const TempDir start("kill-" + s->name);
    s->prepare(start.path);
    if (s == &exportStep) {
      // What one whole bundle holds, for the checks.
      const TempDir ref("kill-ref");
      test::copyFolder(start.path, ref.path);
      store::DeviceStore d = openDevice(ref.path, ids.volunteer);
      recordsInBundle = exportBundle(d, usb(ref.path), "spor test")->records;
      REQUIRE(recordsInBundle > 0);
    }
    // How long one step takes here, in a forked child like the killed ones:
    // the shortest of three runs, so most kills land inside the step.
    std::chrono::microseconds full = std::chrono::hours(1);
    for (int run = 0; run < 3; ++run) {
      const TempDir dir("kill-measure");
      test::copyFolder(start.path, dir.path);
      const auto t0 = std::chrono::steady_clock::now();
      const pid_t pid = forkRunning([&] { s->run(dir.path); });
      REQUIRE(pid > 0);
      int status = 0;
      ::waitpid(pid, &status, 0);
      full = std::min(full, std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0));
      REQUIRE_MESSAGE((WIFEXITED(status) && WEXITSTATUS(status) == 0), s->name, ": an uninterrupted run failed");
    }
    MESSAGE("sync kill sweep: one uninterrupted ", s->name, " takes ", full.count() / 1000, " ms");
    std::uniform_int_distribution<long long> moment(0, full.count());

    for (int round = 0; round < kKills; ++round) {
      CAPTURE(s->name);
      CAPTURE(round);
      const TempDir dir("kill-run");
      test::copyFolder(start.path, dir.path);
      const pid_t pid = forkRunning([&] { s->run(dir.path); });
      REQUIRE(pid > 0);
      std::this_thread::sleep_for(std::chrono::microseconds(moment(rng)));
      ::kill(pid, SIGKILL);
      int status = 0;
      ::waitpid(pid, &status, 0);
      ++kills;
      if (WIFEXITED(status)) {
        REQUIRE_MESSAGE(WEXITSTATUS(status) == 0, s->name, " round ", round, ": the step failed by itself");
        ++finishedFirst;
      }
      temps += static_cast<int>(tempFiles(usb(dir.path)));
      std::string outcome;
      try {
        outcome = s->nextStart(dir.path);
      } catch (const std::exception& e) {
        FAIL(s->name, " round ", round, ": the next start failed: ", e.what());
      }
      ++outcomes[s->name + ": " + outcome];
    }
  }
  MESSAGE("sync kill sweep: ", kills, " kills (", kKills, " per step; ", finishedFirst,
          " after the step had finished); ", temps,
          " left a hidden temporary file on the stick (never under a bundle's name, so never read)");
  for (const auto& [what, n] : outcomes) MESSAGE("  ", what, ": ", n);
  CHECK(kills == 3 * kKills);
}

}  // TEST_SUITE

#endif
