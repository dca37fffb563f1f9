#pragma once
// Helpers for handling secrets in ordinary memory.

#include <span>
#include <string>

#include "crypto/bytes.hpp"

namespace spor::crypto {

// Compares in time that depends only on the sizes, never on the contents.
// Different sizes give false (sizes are not treated as secret).
[[nodiscard]] bool constantTimeEqual(ByteView a, ByteView b) noexcept;

// Overwrites memory with zeros in a way the compiler cannot optimise away.
// Use on plaintext buffers and PIN strings once they are no longer needed.
void memzero(std::span<std::uint8_t> bytes) noexcept;
void memzero(std::string& text) noexcept;  // wipes the characters, keeps the size

// Stops the process from writing core dumps, which would put keys held in
// memory on disk: sets RLIMIT_CORE to 0 and, on Linux, PR_SET_DUMPABLE to 0
// (which also keeps other same-user processes from ptrace-attaching).
// Returns true if every step succeeded. Call it first thing in main().
bool disableCoreDumps() noexcept;

}  // namespace spor::crypto
