// The command line asks for a PIN or passphrase at a terminal, with echo
// off, when neither --secret-file nor SPOR_SECRET gives it: the real `spor`
// binary runs on a pseudo-terminal, as a coordinator at a shell would.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <poll.h>
#include <pty.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <doctest/doctest.h>

namespace fs = std::filesystem;

namespace {

struct TerminalRun {
  std::string screen;  // everything the terminal showed: prompts and echoes
  int exitCode = -1;
};

// Runs `spor args...` on a new pseudo-terminal; each time the screen shows
// `prompt` again, types the next of `answers` and Enter.
TerminalRun runAtTerminal(const std::vector<std::string>& args, const std::string& prompt,
                          const std::vector<std::string>& answers) {
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::unsetenv("SPOR_SECRET");
    std::vector<char*> argv;
    std::string program = SPOR_TEST_SPOR_BIN;
    argv.push_back(program.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  TerminalRun run;
  std::size_t answered = 0;
  std::size_t seen = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);  // qemu, Argon2id
  for (;;) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 200) > 0) {
      char buf[512];
      const ssize_t n = ::read(master, buf, sizeof buf);
      if (n <= 0) break;  // the child closed the terminal: it has ended
      run.screen.append(buf, static_cast<std::size_t>(n));
    }
    for (std::size_t at; answered < answers.size() && (at = run.screen.find(prompt, seen)) != std::string::npos;) {
      seen = at + prompt.size();
      const std::string line = answers[answered++] + "\n";
      REQUIRE(::write(master, line.data(), line.size()) == static_cast<ssize_t>(line.size()));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      FAIL("spor did not end within 3 minutes; the terminal showed: " << run.screen);
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(master);
  run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace

TEST_SUITE("app") {
  TEST_CASE("coordinator init asks for the passphrase twice at a terminal and never shows it") {
    const fs::path dir = fs::temp_directory_path() / "spor-prompt-coordinator";
    fs::remove_all(dir);
    const std::string pass = "heste-batteri-klips-42";
    const std::vector<std::string> args{"coordinator", "init", "--data-dir", dir.string(), "--name", "Prompt"};

    SUBCASE("the same passphrase twice sets up the coordinator") {
      const TerminalRun run = runAtTerminal(args, "passphrase", {pass, pass});
      INFO(run.screen);
      CHECK(run.exitCode == 0);
      CHECK(run.screen.find("The coordinator's passphrase: ") != std::string::npos);
      CHECK(run.screen.find("Type the passphrase again: ") != std::string::npos);
      CHECK(run.screen.find(pass) == std::string::npos);  // echo was off
      CHECK(fs::exists(dir / "coordinator.db"));
    }
    SUBCASE("two entries that differ change nothing") {
      const TerminalRun run = runAtTerminal(args, "passphrase", {pass, pass + "x"});
      INFO(run.screen);
      CHECK(run.exitCode == 2);
      CHECK(run.screen.find("the two entries of the passphrase differ: nothing was changed") != std::string::npos);
      CHECK(run.screen.find(pass) == std::string::npos);
      CHECK_FALSE(fs::exists(dir / "coordinator.db"));
    }
    fs::remove_all(dir);
  }
}
