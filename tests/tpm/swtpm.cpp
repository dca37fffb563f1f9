#include "swtpm.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "crypto/random.hpp"

namespace spor::test {

namespace fs = std::filesystem;

namespace {

bool onPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && access((fs::path(dir) / program).c_str(), X_OK) == 0) return true;
  return false;
}

std::string readLog(const fs::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  return text.str();
}

}  // namespace

SoftwareTpm::SoftwareTpm()
    : dir_(fs::temp_directory_path() / ("spor-swtpm-" + crypto::randomUuid().substr(0, 8))),
      tcti_("swtpm:path=" + (dir_ / "tpm.sock").string()) {
  if (!onPath("swtpm"))
    throw std::runtime_error(
        "swtpm is not installed, and the TPM tests need it: run 'sh toolchains/setup-debian.sh test' (Debian "
        "package swtpm)");
  fs::create_directories(dir_ / "state");
  start();
}

SoftwareTpm::~SoftwareTpm() {
  stop();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void SoftwareTpm::start() {
  if (running()) return;
  const fs::path sock = dir_ / "tpm.sock", ctrl = dir_ / "tpm.sock.ctrl", log = dir_ / "swtpm.log";
  std::error_code ec;
  fs::remove(sock, ec);
  fs::remove(ctrl, ec);
  const std::vector<std::string> args{"swtpm",
                                      "socket",
                                      "--tpm2",
                                      "--tpmstate",
                                      "dir=" + (dir_ / "state").string(),
                                      "--server",
                                      "type=unixio,path=" + sock.string(),
                                      "--ctrl",
                                      "type=unixio,path=" + ctrl.string(),
                                      "--flags",
                                      "not-need-init,startup-clear",
                                      "--log",
                                      "file=" + log.string()};
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (out < 0) throw std::runtime_error("cannot write " + log.string() + ": " + std::strerror(errno));
  pid_ = fork();
  if (pid_ == 0) {
    // The simulator dies with this test process, even when the test crashes.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    const int in = open("/dev/null", O_RDONLY);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    execvp("swtpm", argv.data());
    _exit(127);
  }
  const int forkErrno = errno;
  close(out);
  if (pid_ < 0) {
    pid_ = -1;
    throw std::runtime_error("cannot start swtpm: " + std::string(std::strerror(forkErrno)));
  }
  // Ready when both sockets exist; under emulation or load this may take a while.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!(fs::exists(sock, ec) && fs::exists(ctrl, ec))) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("swtpm stopped at start-up: " + readLog(log));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      stop();
      throw std::runtime_error("swtpm did not open its socket within 30 s: " + readLog(log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void SoftwareTpm::stop() {
  if (!running()) return;
  kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 500; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

tpm::Connector SoftwareTpm::connector() const {
  return [tcti = tcti_]() -> std::unique_ptr<tpm::Tpm> { return tpm::connect(tcti); };
}

SoftwareTpm& sharedTpm() {
  static SoftwareTpm tpm;
  return tpm;
}

}  // namespace spor::test
