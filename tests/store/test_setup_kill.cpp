// The set-up kill sweep (issue 13, "Set-up is all or nothing"): a forked
// child sets up a store the way the app and the command line do (a demo
// device, `device init` through sync::enrolDevice, `coordinator init`
// through sync::setUpCoordinator with its enrolment file, `simulate` on an
// empty folder), and the test kills it with SIGKILL at a random moment
// during that set-up, many times (40 in the quick run, 240 in the long one). After every kill the next start must work
// without anyone moving files: either the store is there, complete, and
// opens with the PIN or passphrase (a coordinator with its enrolment file),
// or there is nothing, and setting up again succeeds. What an interrupted
// set-up left (a *.setup file, an enrolment file of a coordinator that never
// came to be) is gone after that next start.
//
// The kill moment is uniform over the time one uninterrupted set-up takes
// (measured once per kind, just before), so kills land in every phase:
// before the temporary file, during the schema, the key derivation, the
// rename. The time only spreads the kills; nothing is asserted on it.
#include <doctest/doctest.h>

#if defined(__unix__)
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <thread>

#include "app/simulate.hpp"
#include "store/error.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "tests/store/store_fixture.hpp"

using namespace spor;
using spor::test::FakeClock;
using spor::test::fastOptions;
using spor::test::kPin;
using spor::test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPassphrase = "koordinator-kode";
// Kills per kind of set-up: 10 in the store label's quick run; CTest's
// store.setup_kill_sweep (labels store and long) sets SPOR_SETUP_KILLS=60
// for the full sweep, 240 kills.
int killsPerKind() {
  if (const char* env = std::getenv("SPOR_SETUP_KILLS"); env && std::atoi(env) > 0) return std::atoi(env);
  return 10;
}

enum class Kind { Demo, DeviceInit, CoordinatorInit, SimulateEmpty };
const char* kindName(Kind k) {
  switch (k) {
    case Kind::Demo: return "demo device";
    case Kind::DeviceInit: return "device init";
    case Kind::CoordinatorInit: return "coordinator init";
    case Kind::SimulateEmpty: return "simulate on an empty folder";
  }
  return "?";
}

sync::CoordinatorOptions fastCoordinator() {
  sync::CoordinatorOptions o;
  o.kdf = crypto::KdfParams::testFast();
  return o;
}

// One set-up, as the app and the command line do it; throws on failure.
void setUp(Kind kind, const fs::path& dir, const sync::Enrolment& enrolment) {
  const FakeClock clock;
  switch (kind) {
    case Kind::Demo:
      static_cast<void>(store::DeviceStore::create(store::deviceStorePath(dir), {"Anna", kPin, std::nullopt},
                                                   fastOptions(clock, tpm::noTpm())));
      return;
    case Kind::DeviceInit:
      static_cast<void>(sync::enrolDevice(dir, enrolment, "Anna", kPin, fastOptions(clock, tpm::noTpm())));
      return;
    case Kind::CoordinatorInit:
      static_cast<void>(sync::setUpCoordinator(dir, "Strøm", kPassphrase, dir, fastCoordinator()));
      return;
    case Kind::SimulateEmpty: {
      // As `spor simulate` does: a demo store when there is none, then the children.
      app::SimulatedClock simClock;
      store::DeviceStoreOptions options = fastOptions(clock, tpm::noTpm());
      options.clock = simClock.clock();
      const fs::path path = store::deviceStorePath(dir);
      std::optional<store::DeviceStore> s;
      if (!store::DeviceStore::exists(path)) {
        s.emplace(std::move(store::DeviceStore::create(path, {"Anna", kPin, std::nullopt}, options).store));
      } else {
        s.emplace(store::DeviceStore::open(path, options));
        s->unlock(s->findVolunteer("Anna")->id, kPin);
      }
      app::SimulationOptions sim;
      sim.children = 4;
      sim.childrenPerBatch = 2;
      sim.today = core::Date(std::chrono::year(2026) / 3 / 2);
      static_cast<void>(app::simulate(*s, test::bundledForms(), sim, simClock));
      return;
    }
  }
}

std::size_t enrolmentFiles(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == sync::kEnrolmentExtension) ++n;
  return n;
}

bool leftovers(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().string().find(".setup") != std::string::npos) return true;
  return false;
}

// The next start after a kill: opens what is there, or sets up afresh.
// Returns "complete" or "set up again".
std::string nextStart(Kind kind, const fs::path& dir, const sync::Enrolment& enrolment) {
  if (kind == Kind::CoordinatorInit) {
    const fs::path path = sync::coordinatorStorePath(dir);
    if (sync::CoordinatorStore::exists(path)) {
      sync::CoordinatorStore s = sync::CoordinatorStore::open(path, fastCoordinator());
      s.unlock(kPassphrase);
      REQUIRE(fs::exists(dir / sync::enrolmentFileName(s.enrolment())));
      REQUIRE(enrolmentFiles(dir) == 1);
      return "complete";
    }
    REQUIRE(enrolmentFiles(dir) == 0);  // no enrolment file of a coordinator that never came to be
    setUp(kind, dir, enrolment);
    REQUIRE(enrolmentFiles(dir) == 1);
    return "set up again";
  }
  const fs::path path = store::deviceStorePath(dir);
  const FakeClock clock;
  if (store::DeviceStore::exists(path)) {
    store::DeviceStore s = store::DeviceStore::open(path, fastOptions(clock, tpm::noTpm()));
    s.unlock(s.findVolunteer("Anna")->id, kPin);
    REQUIRE(s.database().integrityCheck() == "ok");
    if (kind == Kind::SimulateEmpty) {
      s.lock();
      setUp(kind, dir, enrolment);  // simulate again on the store it left: works
    }
    return "complete";
  }
  setUp(kind, dir, enrolment);
  return "set up again";
}

}  // namespace

TEST_SUITE("store") {

TEST_CASE("set-up kill sweep: SIGKILL at random moments of every set-up; the next start always works, no files moved") {
  const TempDir coordinatorDir("kill-coordinator");
  sync::Enrolment enrolment;
  {
    const auto made = sync::setUpCoordinator(coordinatorDir.path, "Strøm", kPassphrase, coordinatorDir.path,
                                             fastCoordinator());
    enrolment = made.enrolment;
  }
  static_cast<void>(test::bundledForms());  // parsed once, before the children are forked
  const int kKillsPerKind = killsPerKind();
  std::mt19937_64 rng(20261207);
  int kills = 0, finishedFirst = 0, leftoverSeen = 0;
  std::map<std::string, int> outcomes;

  for (const Kind kind : {Kind::Demo, Kind::DeviceInit, Kind::CoordinatorInit, Kind::SimulateEmpty}) {
    // How long one set-up takes here, in a forked child like the killed ones.
    std::chrono::microseconds full{};
    {
      const TempDir dir("kill-measure");
      const auto start = std::chrono::steady_clock::now();
      const pid_t pid = ::fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        try {
          setUp(kind, dir.path, enrolment);
        } catch (...) {
          ::_exit(2);
        }
        ::_exit(0);
      }
      int status = 0;
      ::waitpid(pid, &status, 0);
      full = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
      REQUIRE_MESSAGE((WIFEXITED(status) && WEXITSTATUS(status) == 0), kindName(kind), ": an uninterrupted set-up failed");
    }
    std::uniform_int_distribution<long long> moment(0, full.count() * 11 / 10);

    for (int round = 0; round < kKillsPerKind; ++round) {
      const TempDir dir("kill");
      const pid_t pid = ::fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        try {
          setUp(kind, dir.path, enrolment);
        } catch (...) {
          ::_exit(2);
        }
        ::_exit(0);
      }
      std::this_thread::sleep_for(std::chrono::microseconds(moment(rng)));
      ::kill(pid, SIGKILL);
      int status = 0;
      ::waitpid(pid, &status, 0);
      ++kills;
      if (WIFEXITED(status)) {
        REQUIRE_MESSAGE(WEXITSTATUS(status) == 0, kindName(kind), " round ", round, ": the set-up failed by itself");
        ++finishedFirst;
      }
      if (leftovers(dir.path)) ++leftoverSeen;
      std::string outcome;
      try {
        outcome = nextStart(kind, dir.path, enrolment);
      } catch (const std::exception& e) {
        FAIL(kindName(kind), " round ", round, ": the next start failed: ", e.what());
      }
      CHECK_MESSAGE(!leftovers(dir.path), kindName(kind), " round ", round, ": a *.setup file is still there");
      ++outcomes[std::string(kindName(kind)) + ": " + outcome];
    }
  }
  MESSAGE("set-up kill sweep: ", kills, " kills (", finishedFirst, " after the set-up had finished); ", leftoverSeen,
          " left a half-made *.setup file, removed by the next start");
  for (const auto& [what, n] : outcomes) MESSAGE("  ", what, ": ", n);
  CHECK(kills == 4 * kKillsPerKind);
}

}  // TEST_SUITE

#endif
