// One doctest main shared by every test executable.
#define DOCTEST_CONFIG_IMPLEMENT
#include <cstdlib>

#include <doctest/doctest.h>

int main(int argc, char** argv) {
  // Tests never touch the machine's own TPM: on a developer's PC that has
  // one, the wrong-PIN tests would count in its dictionary-attack lock-out,
  // which guards disk encryption too. Tests that want a TPM start a software
  // one (tests/tpm/swtpm.hpp) and pass it, or set SPOR_TPM themselves. The
  // programs a test starts (spor) inherit this.
#ifdef _WIN32
  // The Windows core-only build (cross.windows_core) has no setenv.
  if (std::getenv("SPOR_TPM") == nullptr) _putenv_s("SPOR_TPM", "off");
#else
  setenv("SPOR_TPM", "off", 0);
#endif
  return doctest::Context(argc, argv).run();
}
