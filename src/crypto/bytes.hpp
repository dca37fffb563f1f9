#pragma once
// Plain byte types shared by the crypto API. Secrets never live in these:
// see secret_bytes.hpp.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spor::crypto {

// Owned bytes that are not secret (ciphertext, public keys, hashes) or that
// the caller wipes itself with memzero() (decrypted plaintext).
using Bytes = std::vector<std::uint8_t>;

// A read-only view of bytes; std::vector, std::array and SecretBytes::view()
// all convert to it.
using ByteView = std::span<const std::uint8_t>;

// The bytes of a string (UTF-8 text, associated-data labels), without a copy.
inline ByteView asBytes(std::string_view text) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// Bytes as a std::string, e.g. for decrypted UTF-8 text.
inline std::string asString(ByteView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace spor::crypto
