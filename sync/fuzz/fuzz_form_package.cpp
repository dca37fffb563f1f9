// libFuzzer target: readFormPackage and readEnrolment on arbitrary bytes,
// and their body parsers and checks directly (behind the signature in real
// files): a path that escapes the forms folder must never be accepted.
#include <algorithm>
#include <string>

#include "fuzz_common.hpp"
#include "sync/archive.hpp"
#include "sync/signed_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace spor;
  const auto& w = fuzz::world();
  const crypto::ByteView bytes(data, size);
  fuzz::expectOnlySyncErrors(
      [&] { (void)sync::readFormPackage(bytes, "fuzz.sporforms", w.keys.forms.publicKey, w.coordinator, 0); });
  fuzz::expectOnlySyncErrors([&] {
    const auto package = sync::decodeArchive<sync::FormPackage>(bytes, "fuzz form package body");
    sync::validateFormPackage(package, "fuzz form package");
    // Checked again here independently of formPathProblem(): an accepted
    // path has no empty, "." or ".." part and does not start with '/'.
    for (const auto& f : package.files) {
      if (f.path.empty() || f.path.front() == '/') __builtin_trap();
      std::size_t start = 0;
      while (start <= f.path.size()) {
        const std::size_t end = std::min(f.path.find('/', start), f.path.size());
        const std::string part = f.path.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") __builtin_trap();
        start = end + 1;
      }
    }
  });
  fuzz::expectOnlySyncErrors([&] { (void)sync::readEnrolment(bytes, "fuzz.sporenrol"); });
  fuzz::expectOnlySyncErrors([&] { (void)sync::decodeArchive<sync::Enrolment>(bytes, "fuzz enrolment body"); });
  return 0;
}
