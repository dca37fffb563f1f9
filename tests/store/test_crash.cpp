// The crash test: a forked writer answers items through the real store API,
// reporting each answer on a pipe only after answer() has returned; the test
// kills it with SIGKILL at a random moment, 200 times: a fifth of the time
// during start-up (opening, WAL recovery, unlocking), otherwise after a
// random number of answers and a random pause, so the kill lands anywhere in
// an answer's write. The timing follows the writer's progress, not the
// clock, so a slow or busy machine changes nothing. After every kill each
// reported answer must be in the store with its value, and PRAGMA
// integrity_check must say ok. The writer resumes the interrupted
// measurement at its first unanswered item each time, so resume after a
// crash is exercised too.
//
// SIGKILL leaves the operating system's page cache intact, so this tests
// SQLite's WAL recovery and the store's one-transaction-per-answer, not a
// power cut (docs/STORE.md says how synchronous=FULL covers that).
#include <doctest/doctest.h>

#if defined(__unix__)
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "store/error.hpp"
#include "tests/store/store_fixture.hpp"

using namespace spor;
using namespace spor::store;
using spor::test::FakeClock;
using spor::test::fastOptions;
using spor::test::kPin;
using spor::test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr int kKills = 200;

const core::ChildForm& barn() { return test::bundledForms().primaryChildForm(); }

// What the writer gives item `index` of measurement `m` (0: declined), so it can be checked.
int valueFor(std::int64_t m, std::size_t index) {
  const int v = static_cast<int>((m * 7 + static_cast<std::int64_t>(index)) % 4) + 1;
  return v == 4 && index % 3 == 0 ? 0 : v;
}

void writeLine(int fd, const std::string& line) {
  // One write of less than PIPE_BUF bytes is atomic: a line is whole or absent.
  const std::string text = line + "\n";
  const ssize_t written = ::write(fd, text.data(), text.size());
  static_cast<void>(written);
}

// Runs in the forked child until it is killed. Never returns.
[[noreturn]] void writer(const fs::path& db, VolunteerId volunteer, ChildId child, int fd) {
  try {
    DeviceStoreOptions options;
    options.kdf = crypto::KdfParams::testFast();
    DeviceStore s = DeviceStore::open(db, options);
    s.unlock(volunteer, kPin);
    writeLine(fd, "R");  // ready
    const core::Project& project = test::bundledForms().project("empowr");
    const auto items = barn().itemsFor(project.dimensions);
    for (;;) {
      const auto open = s.unfinishedMeasurements();
      const MeasurementId m =
          open.empty() ? s.startMeasurement(child, barn(), core::Occasion::Progression) : open.front();
      const auto next = s.resumeIndex(m, barn(), project);
      if (!next) {
        s.finishMeasurement(m, test::bundledForms());
        continue;
      }
      const int value = valueFor(m.value, *next);
      if (value == 0) s.answer(m, items[*next]->id, std::nullopt);
      else s.answer(m, items[*next]->id, value);
      // Reported only now that the call has returned.
      writeLine(fd, std::to_string(m.value) + " " + items[*next]->id + " " + std::to_string(value));
    }
  } catch (const std::exception& e) {
    writeLine(fd, std::string("E ") + e.what());
    ::_exit(3);
  }
}

}  // namespace

TEST_SUITE("store") {

TEST_CASE("crash test: every answer whose call returned survives SIGKILL 200 times and the file stays sound") {
  TempDir dir("crash");
  FakeClock clock;
  VolunteerId volunteer;
  ChildId child;
  {
    CreatedDevice created = DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock));
    volunteer = created.volunteer;
    NewChild c;
    c.details.projectId = "empowr";
    c.details.interventions = {core::Intervention::Group};
    child = created.store.addChild(c);
    NewConsent consent;
    consent.givenBy = "mor";
    consent.givenOn = std::chrono::floor<std::chrono::days>(*clock.now);
    created.store.recordConsent(child, consent);
  }  // closed: no connection is carried across fork()
  static_cast<void>(barn());  // the forms are parsed once, before the writers are forked

  std::mt19937 random(20260302);
  std::uniform_int_distribution<int> startUpDelayUs(0, 30'000);
  std::uniform_int_distribution<int> answersBeforeKill(0, 8);
  std::uniform_int_distribution<int> pauseUs(0, 6'000);
  // (measurement, item) -> value (0: declined), as reported by the writers
  std::map<std::pair<std::int64_t, std::string>, int> reported;
  int roundsWithAnswers = 0;

  for (int round = 0; round < kKills; ++round) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(fds[0]);
      writer(dir.db(), volunteer, child, fds[1]);
    }
    ::close(fds[1]);
    std::string text;
    const auto readMore = [&](int timeoutMs) {
      pollfd p{fds[0], POLLIN, 0};
      if (::poll(&p, 1, timeoutMs) <= 0) return false;
      char buf[4096];
      const ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) return false;
      text.append(buf, static_cast<std::size_t>(n));
      return true;
    };
    const auto lineCount = [&] { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); };
    const bool duringStartUp = round % 5 == 0;
    int waitedFor = 0;  // answers reported before the kill
    if (duringStartUp) {
      std::this_thread::sleep_for(std::chrono::microseconds(startUpDelayUs(random)));
    } else {
      waitedFor = answersBeforeKill(random);
      // "R" plus that many answers; a writer that fails says so ("E ...") and stops.
      while (lineCount() < 1 + waitedFor && text.find("E ") == std::string::npos)
        REQUIRE_MESSAGE(readMore(30'000), "the writer made no progress in round ", round);
      std::this_thread::sleep_for(std::chrono::microseconds(pauseUs(random)));
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    while (readMore(0)) {
    }
    ::close(fds[0]);
    CHECK_MESSAGE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL), "the writer stopped by itself in round ",
                  round, ": ", text);

    std::istringstream lines(text);
    std::vector<std::pair<std::int64_t, std::string>> thisRound;
    for (std::string line; std::getline(lines, line);) {
      REQUIRE_MESSAGE(line.rfind("E ", 0) != 0, "the writer failed in round ", round, ": ", line);
      if (line == "R") continue;
      std::istringstream fields(line);
      std::int64_t m = 0;
      std::string item;
      int value = 0;
      fields >> m >> item >> value;
      reported[{m, item}] = value;
      thisRound.emplace_back(m, item);
    }
    if (!thisRound.empty()) ++roundsWithAnswers;
    CHECK(static_cast<int>(thisRound.size()) >= waitedFor);

    // Reopened after the crash, as the app would be: every reported answer is there, and the file is sound.
    DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock));
    s.unlock(volunteer, kPin);
    std::map<std::int64_t, Measurement> loaded;
    for (const auto& key : thisRound) {
      auto it = loaded.find(key.first);
      if (it == loaded.end()) it = loaded.emplace(key.first, s.measurement(MeasurementId{key.first})).first;
      const auto& answers = it->second.answers;
      const auto a =
          std::find_if(answers.begin(), answers.end(), [&](const Answer& x) { return x.itemId == key.second; });
      REQUIRE_MESSAGE(a != answers.end(), "round ", round, ": the answer to ", key.second, " in measurement ",
                      key.first, " was reported saved but is missing");
      CHECK(a->value.value_or(0) == reported[key]);
    }
    REQUIRE_MESSAGE(s.database().integrityCheck() == "ok", "round ", round);
  }

  // At the end, all of them, from every round.
  DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock));
  s.unlock(volunteer, kPin);
  std::size_t found = 0;
  const auto measurements = s.measurements(child);
  for (const Measurement& m : measurements)
    for (const Answer& a : m.answers) {
      auto it = reported.find({m.id.value, a.itemId});
      if (it != reported.end() && it->second == a.value.value_or(0)) ++found;
    }
  CHECK(found == reported.size());
  MESSAGE(kKills << " kills; " << roundsWithAnswers << " after answers were reported; " << reported.size()
                 << " answers reported and all present; " << measurements.size() << " measurements");
}

}  // TEST_SUITE

#endif  // __unix__
