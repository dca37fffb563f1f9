#pragma once
// Ed25519 signatures: devices sign bundles, coordinators sign form packages
// and receipts.

#include <cstddef>

#include "crypto/bytes.hpp"
#include "crypto/keys.hpp"
#include "crypto/secret_bytes.hpp"

namespace spor::crypto {

inline constexpr std::size_t kSignSeedBytes = 32;
inline constexpr std::size_t kSignSecretKeyBytes = 64;  // libsodium's seed || public key

struct SigningKeyPair {
  SignPublicKey publicKey;
  SecretBytes secretKey;  // kSignSecretKeyBytes
};

[[nodiscard]] SigningKeyPair generateSigningKey();

// The same seed always gives the same key pair: for golden test files, and
// for keeping only the 32-byte seed in storage.
[[nodiscard]] SigningKeyPair signingKeyFromSeed(ByteView seed);

// Rebuilds the pair from a stored 64-byte secret key; throws CryptoError if
// the stored key is inconsistent (damaged).
[[nodiscard]] SigningKeyPair signingKeyFromSecret(SecretBytes secretKey);

// A detached signature over `message`.
[[nodiscard]] Signature sign(const SecretBytes& secretKey, ByteView message);

// True only if `signature` (kSignatureBytes) was made over exactly `message`
// by the owner of `publicKey`. Any other size or content gives false.
[[nodiscard]] bool verify(const SignPublicKey& publicKey, ByteView message, ByteView signature) noexcept;

}  // namespace spor::crypto
