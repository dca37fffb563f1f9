#pragma once
// Public keys and signatures: plain, copyable values. The two key kinds are
// distinct types so an Ed25519 key can never be passed where an X25519 key
// is meant (both are 32 bytes).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "crypto/bytes.hpp"
#include "crypto/error.hpp"

namespace spor::crypto {

template <typename Kind>
struct PublicKey {
  static constexpr std::size_t kBytes = 32;
  std::array<std::uint8_t, kBytes> bytes{};

  // From bytes read out of a file or database; throws CryptoError if the
  // size is wrong (a truncated or mixed-up field).
  [[nodiscard]] static PublicKey fromBytes(ByteView raw) {
    if (raw.size() != kBytes) {
      throw CryptoError(std::string(Kind::kName) + " must be " + std::to_string(kBytes) + " bytes, got " +
                        std::to_string(raw.size()) + "; the key field is damaged or holds another kind of key");
    }
    PublicKey key;
    for (std::size_t i = 0; i < kBytes; ++i) key.bytes[i] = raw[i];
    return key;
  }
  [[nodiscard]] ByteView view() const noexcept { return bytes; }
  friend bool operator==(const PublicKey&, const PublicKey&) = default;
};

struct SignKeyKind {
  static constexpr const char* kName = "an Ed25519 signing public key";
};
struct BoxKeyKind {
  static constexpr const char* kName = "an X25519 encryption public key";
};

using SignPublicKey = PublicKey<SignKeyKind>;  // Ed25519: verifies signatures
using BoxPublicKey = PublicKey<BoxKeyKind>;    // X25519: encrypts to its owner

inline constexpr std::size_t kSignatureBytes = 64;
using Signature = std::array<std::uint8_t, kSignatureBytes>;  // Ed25519, detached

}  // namespace spor::crypto
