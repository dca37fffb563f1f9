#pragma once
// A software TPM 2.0 (swtpm, Debian's package swtpm) that a test starts and
// stops itself: its own state in a temporary folder, a unix socket there,
// started with startup-clear, so it is a fresh TPM with its own seeds, as a
// second device's TPM would be. Stopped (SIGTERM, then SIGKILL) and its folder
// removed in the destructor.
//
// swtpm is the build machine's program: the arm64 suite, running under
// qemu's user-mode emulation, starts the amd64 swtpm the same way (the
// kernel runs it natively) and talks to it over the socket.
//
// A missing swtpm is an error (the constructor throws, naming the package),
// never a skipped test: setup-debian.sh installs it for the test suite.
#include <filesystem>
#include <string>
#include <sys/types.h>

#include "tpm/tpm.hpp"

namespace spor::test {

class SoftwareTpm {
 public:
  SoftwareTpm();
  ~SoftwareTpm();
  SoftwareTpm(const SoftwareTpm&) = delete;
  SoftwareTpm& operator=(const SoftwareTpm&) = delete;

  // "swtpm:path=/tmp/.../tpm.sock": for tpm::connect and SPOR_TPM.
  [[nodiscard]] const std::string& tcti() const { return tcti_; }
  // Connects afresh on every call, as the app's system connector does.
  [[nodiscard]] tpm::Connector connector() const;
  // Stops the simulator (the device's TPM is gone: switched off, or a
  // broken board); connecting fails until start() again, with its state kept.
  void stop();
  void start();
  [[nodiscard]] bool running() const { return pid_ > 0; }

 private:
  std::filesystem::path dir_;
  std::string tcti_;
  pid_t pid_ = -1;
};

// The one software TPM of this test process (started on first use), for the
// cases that need a TPM but not a fresh one. Cases that change its
// dictionary-attack state put it back (tpm::resetLockout).
SoftwareTpm& sharedTpm();

}  // namespace spor::test
