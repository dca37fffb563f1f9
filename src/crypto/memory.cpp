#include "crypto/memory.hpp"

#include <sodium.h>

#if __has_include(<sys/resource.h>)
#include <sys/resource.h>
#define SPOR_HAVE_SETRLIMIT 1
#endif
#ifdef __linux__
#include <sys/prctl.h>
#endif

namespace spor::crypto {

// sodium_memcmp() and sodium_memzero() need no sodium_init(), so these stay noexcept.

bool constantTimeEqual(ByteView a, ByteView b) noexcept {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void memzero(std::span<std::uint8_t> bytes) noexcept {
  if (!bytes.empty()) sodium_memzero(bytes.data(), bytes.size());
}

void memzero(std::string& text) noexcept {
  if (!text.empty()) sodium_memzero(text.data(), text.size());
}

bool disableCoreDumps() noexcept {
  bool ok = true;
#ifdef SPOR_HAVE_SETRLIMIT
  const rlimit noCore{0, 0};
  if (setrlimit(RLIMIT_CORE, &noCore) != 0) ok = false;
#else
  ok = false;  // no way to turn core dumps off here (e.g. Windows has none by default)
#endif
#ifdef __linux__
  // Also covers dumps through a core_pattern pipe (systemd-coredump), which
  // ignore RLIMIT_CORE, and forbids ptrace by other processes of this user.
  if (prctl(PR_SET_DUMPABLE, 0UL, 0UL, 0UL, 0UL) != 0) ok = false;
#endif
  return ok;
}

}  // namespace spor::crypto
