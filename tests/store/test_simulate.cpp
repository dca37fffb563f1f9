// `spor simulate` and the secret helper every unlocking command uses.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/simulate.hpp"
#include "app/unlock.hpp"
#include "store/error.hpp"
#include "tests/store/store_fixture.hpp"

using namespace spor;
using namespace spor::store;
using spor::test::kPin;
using spor::test::TempDir;
namespace fs = std::filesystem;

namespace {

struct Simulated {
  app::SimulationSummary summary;
  std::vector<std::string> fingerprint;  // everything that is data, child by child, in creation order
};

Simulated simulateInto(const TempDir& dir, int children, std::uint64_t seed) {
  app::SimulatedClock clock;
  DeviceStoreOptions options;
  options.kdf = crypto::KdfParams::testFast();
  options.clock = clock.clock();
  CreatedDevice created = DeviceStore::create(dir.db(), {"Demo", kPin, std::nullopt}, options);
  app::SimulationOptions o;
  o.children = children;
  o.seed = seed;
  o.today = std::chrono::sys_days(std::chrono::year(2026) / 3 / 2);
  o.childrenPerBatch = 7;
  Simulated out;
  out.summary = app::simulate(created.store, test::bundledForms(), o, clock);
  DeviceStore& s = created.store;
  std::vector<Child> all = s.children();
  std::sort(all.begin(), all.end(), [](const Child& a, const Child& b) { return a.id < b.id; });
  for (const Child& c : all) {
    std::ostringstream line;
    line << c.details.projectId << " " << c.details.nickname.value_or("") << " " << c.details.birthYear.value_or(0)
         << " " << core::formatDate(c.enrolledOn);
    for (const Measurement& m : s.measurements(c.id)) {
      line << " | " << core::occasionId(m.occasion) << " " << responseStateId(m.state) << " "
           << core::formatDate(std::chrono::floor<std::chrono::days>(m.startedAt));
      for (const Answer& a : m.answers) line << " " << a.itemId << "=" << a.value.value_or(0);
    }
    for (const BackgroundResponse& b : s.backgrounds(c.id))
      for (const BackgroundAnswer& a : b.answers) line << " " << a.questionId << "=" << a.value.codes.size();
    out.fingerprint.push_back(line.str());
  }
  // The clock is back at the real time afterwards.
  CHECK(std::chrono::abs(clock.now() - systemNow()) < std::chrono::minutes(1));
  return out;
}

}  // namespace

TEST_SUITE("store") {

TEST_CASE("simulate makes realistic data through the store API and the same data for the same seed") {
  TempDir a("sim-a"), b("sim-b"), c("sim-c");
  const Simulated first = simulateInto(a, 60, 42);
  const Simulated again = simulateInto(b, 60, 42);
  const Simulated other = simulateInto(c, 60, 43);
  CHECK(first.fingerprint == again.fingerprint);
  CHECK(first.fingerprint != other.fingerprint);
  const app::SimulationSummary& s = first.summary;
  CHECK(s.children == 60);
  CHECK(s.before > 50);                 // a few enrolled too recently for før
  CHECK(s.after < s.before);            // dropout
  CHECK(s.followUp < s.after);
  CHECK(s.backgrounds > 40);
  CHECK(s.declined > 0);
  CHECK(s.answers > 1000);
  CHECK(s.fidelity > 0);

  // The checklist and scores work on what was made.
  DeviceStoreOptions options;
  options.kdf = crypto::KdfParams::testFast();
  DeviceStore store = DeviceStore::open(a.db(), options);
  store.unlock(store.findVolunteer("Demo")->id, kPin);
  const auto& forms = test::bundledForms();
  std::size_t referred = 0, heardBack = 0;
  for (const Child& child : store.children()) {
    const core::Project& p = forms.project(child.details.projectId);
    // Issue 14 item 1: about three in four referred, before they started;
    // feedback never before the referral; no invented referrer names.
    if (child.referral) {
      ++referred;
      heardBack += child.feedback.empty() ? 0U : 1U;
      CHECK(child.referral->on <= child.enrolledOn);
      // "Someone else" needs a who: a role word, never a person's name.
      CHECK(child.referral->referrer ==
            (child.referral->reportBack == core::ReportBack::Other ? "Kontaktperson" : ""));
      if (child.referral->reportBack == core::ReportBack::Nobody) CHECK(child.feedback.empty());
      for (const auto& f : child.feedback) CHECK(f.on >= child.referral->on);
    } else {
      CHECK(child.feedback.empty());
    }
    // Issue 14: every child has a municipality, from its project's list.
    CHECK_FALSE(core::municipalityProblem(p, child.details.municipality));
    const auto due = core::dueMeasurements(p, forms.scoring, store.history(child.id), core::today());
    CHECK(due.front().task == core::Task::Background);
    for (const Measurement& m : store.measurements(child.id)) {
      if (m.state != ResponseState::Finished) continue;
      const auto scores = core::scoreMeasurement(forms.primaryChildForm(), p, store.itemValues(m.id), forms.scoring);
      CHECK(scores.size() == p.dimensions.size());
    }
  }
  CHECK(referred > 30);
  CHECK(referred < 60);
  CHECK(heardBack > 10);
  CHECK(heardBack < referred);
  CHECK(store.database().integrityCheck() == "ok");
}

TEST_CASE("the PIN for commands comes from --secret-file or SPOR_SECRET or the command says how to give it") {
  TempDir dir("secret");
  const app::ArgSpec spec{{"secret-file", "data-dir", "volunteer"}, {}, 0, 0};
  ::unsetenv("SPOR_SECRET");
  {
    // No terminal to ask at (as in CI, a script or a pipe), even when this
    // test runs at one: stdin from /dev/null.
    const int savedStdin = ::dup(STDIN_FILENO);
    REQUIRE(std::freopen("/dev/null", "r", stdin) != nullptr);
    CHECK_THROWS_WITH_AS(app::readSecret(app::Args({}, spec)),
                         "this command needs the volunteer's PIN or passphrase: pass --secret-file FILE (a file holding it on "
                         "its first line), set the SPOR_SECRET environment variable, or run it at a terminal to be asked",
                         app::UsageError);
    ::dup2(savedStdin, STDIN_FILENO);
    ::close(savedStdin);
  }
  const fs::path file = dir.path / "pin.txt";
  std::ofstream(file) << "204913\r\n";
  CHECK(app::readSecret(app::Args({"--secret-file", file.string()}, spec)).view() == "204913");
  CHECK_THROWS_WITH_AS(app::readSecret(app::Args({"--secret-file", (dir.path / "nope").string()}, spec)),
                       ("cannot read the secret file '" + (dir.path / "nope").string() +
                        "': check the path and its permissions")
                           .c_str(),
                       app::UsageError);
  // A folder, or a file whose first line never ends (/dev/zero, a huge file), is refused before any
  // store is opened (so never counted as a wrong try), without being read whole.
  CHECK_THROWS_WITH_AS(app::readSecret(app::Args({"--secret-file", dir.path.string()}, spec)),
                       ("the secret file '" + dir.path.string() +
                        "' is a folder: give the file that holds the PIN or passphrase on its first line")
                           .c_str(),
                       app::UsageError);
  CHECK_THROWS_WITH_AS(app::readSecret(app::Args({"--secret-file", "/dev/zero"}, spec)),
                       "the secret file '/dev/zero' has a first line longer than 4096 bytes, so it does not hold the PIN "
                       "or passphrase: put only the PIN or passphrase on its first line",
                       app::UsageError);
  const fs::path huge = dir.path / "huge.txt";
  std::ofstream(huge) << std::string(100000, 'x') << "\n";
  CHECK_THROWS_AS(app::readSecret(app::Args({"--secret-file", huge.string()}, spec)), app::UsageError);
  // Only the first line counts.
  const fs::path two = dir.path / "two.txt";
  std::ofstream(two) << "204913\nsomething else\n";
  CHECK(app::readSecret(app::Args({"--secret-file", two.string()}, spec)).view() == "204913");
  ::setenv("SPOR_SECRET", "a long passphrase", 1);
  CHECK(app::readSecret(app::Args({}, spec)).view() == "a long passphrase");
  ::unsetenv("SPOR_SECRET");
}

TEST_CASE("spor simulate and spor store status from the command line") {
  TempDir dir("sim-cli");
  const std::string data = (dir.path / "data").string();
  ::setenv("SPOR_SECRET", kPin, 1);
  std::ostringstream out, err;
  CHECK(app::runSimulate({"--data-dir", data, "--children", "5", "--seed", "3"}, out, err) == app::kExitOk);
  CHECK(out.str().rfind("simulated 5 children in ", 0) == 0);
  CHECK(err.str().find("made a demo device store") != std::string::npos);
  std::ostringstream status, ignored;
  CHECK(app::runStoreStatus({"--data-dir", data}, status, ignored) == app::kExitOk);
  CHECK(status.str().find("(demo: not enrolled)") != std::string::npos);
  CHECK(status.str().find("volunteers Demo") != std::string::npos);
  CHECK(status.str().find("holds      5 children") != std::string::npos);

  ::setenv("SPOR_SECRET", "739158", 1);
  std::ostringstream out2, err2;
  CHECK_THROWS_WITH_AS(app::runSimulate({"--data-dir", data, "--children", "1"}, out2, err2),
                       "wrong PIN or passphrase (1 wrong try in a row): check it and try again", WrongSecretError);
  SPOR_CHECK_ALL_UNCHANGED(store::deviceStorePath(data), (data),
                           CHECK_THROWS_WITH_AS(app::runSimulate({"--data-dir", data}, out2, err2),
                                                "option --children is required", app::UsageError));
  ::unsetenv("SPOR_SECRET");
}

}  // TEST_SUITE
