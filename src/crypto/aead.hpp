#pragma once
// Authenticated encryption of values at rest: XChaCha20-Poly1305 (IETF).
//
// Format of a sealed value:  nonce (24 random bytes) || ciphertext || tag (16)
// The 192-bit random nonce makes accidental reuse impossible in practice, so
// one key can seal any number of values. Associated data is authenticated but
// not stored: the store binds each value to where it lives (table, row id,
// column, row version), so a value copied to another row or rolled back to
// an older version fails to open.

#include <cstddef>

#include "crypto/bytes.hpp"
#include "crypto/secret_bytes.hpp"

namespace spor::crypto {

inline constexpr std::size_t kKeyBytes = 32;  // every symmetric key here
inline constexpr std::size_t kSealNonceBytes = 24;
inline constexpr std::size_t kSealTagBytes = 16;
inline constexpr std::size_t kSealOverheadBytes = kSealNonceBytes + kSealTagBytes;  // 40

// A fresh random 32-byte key for seal()/open(), wrapKey() or streams.
[[nodiscard]] SecretBytes newKey();

// Encrypts and authenticates `plaintext` and `associatedData` under `key`
// (32 bytes). Output is plaintext.size() + kSealOverheadBytes long.
[[nodiscard]] Bytes seal(const SecretBytes& key, ByteView plaintext, ByteView associatedData);

// Reverses seal(). Throws DecryptError if the value was changed, truncated,
// or sealed with another key or other associated data. The plaintext is in
// ordinary memory: memzero() it when done if it is sensitive.
[[nodiscard]] Bytes open(const SecretBytes& key, ByteView sealed, ByteView associatedData);

// Key wrapping: seal a key under a key-encryption key (e.g. one derived from a
// volunteer's PIN with deriveKey()). Same format as seal(), but the
// associated data is prefixed with a fixed label so a wrapped key and a
// sealed value can never be swapped for each other.
[[nodiscard]] Bytes wrapKey(const SecretBytes& kek, const SecretBytes& key, ByteView associatedData);

// Unwraps straight into secure memory. A wrong kek (wrong PIN) throws
// DecryptError "wrong PIN or passphrase ...".
[[nodiscard]] SecretBytes unwrapKey(const SecretBytes& kek, ByteView wrapped, ByteView associatedData);

}  // namespace spor::crypto
