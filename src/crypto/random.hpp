#pragma once
// Random values from libsodium's CSPRNG (getrandom() on Linux).

#include <cstdint>
#include <span>
#include <string>

#include "crypto/bytes.hpp"

namespace spor::crypto {

[[nodiscard]] Bytes randomBytes(std::size_t count);
void randomFill(std::span<std::uint8_t> out);

// An RFC 4122 version 4 UUID, lower-case: "1b4e28ba-2fa1-4d2b-883f-0016d3cca427".
[[nodiscard]] std::string randomUuid();

// Uniform in [0, upperBound), without modulo bias. upperBound must be >= 1.
[[nodiscard]] std::uint32_t randomUint32(std::uint32_t upperBound);

}  // namespace spor::crypto
