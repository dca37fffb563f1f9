#pragma once
// X25519 encryption key pairs and anonymous sealed boxes (crypto_box_seal):
// anyone with the public key can seal; only the key's owner can open. Used for
// the recovery copy of a device's data key, sealed to the coordinator's
// recovery public key. A sealed box does not say who sealed it: pair it with
// a signature where the sender matters.

#include <cstddef>

#include "crypto/bytes.hpp"
#include "crypto/keys.hpp"
#include "crypto/secret_bytes.hpp"

namespace spor::crypto {

inline constexpr std::size_t kBoxSeedBytes = 32;
inline constexpr std::size_t kBoxSecretKeyBytes = 32;
// Ephemeral public key (32) + tag (16).
inline constexpr std::size_t kSealedBoxOverheadBytes = 48;

struct BoxKeyPair {
  BoxPublicKey publicKey;
  SecretBytes secretKey;  // kBoxSecretKeyBytes
};

[[nodiscard]] BoxKeyPair generateBoxKey();
[[nodiscard]] BoxKeyPair boxKeyFromSeed(ByteView seed);            // deterministic, 32-byte seed
[[nodiscard]] BoxKeyPair boxKeyFromSecret(SecretBytes secretKey);  // recomputes the public key

// Output is plaintext.size() + kSealedBoxOverheadBytes long. Throws CryptoError
// if the recipient key is not a usable X25519 key.
[[nodiscard]] Bytes sealTo(const BoxPublicKey& recipient, ByteView plaintext);

// Throws DecryptError if the box was changed or sealed to another key.
[[nodiscard]] Bytes openSealed(const BoxKeyPair& recipient, ByteView sealed);
// The same, straight into secure memory: for a sealed key.
[[nodiscard]] SecretBytes openSealedKey(const BoxKeyPair& recipient, ByteView sealed);

}  // namespace spor::crypto
