#pragma once
// BLAKE2b hashing (crypto_generichash) and key fingerprints.

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/keys.hpp"
#include "crypto/secret_bytes.hpp"

namespace spor::crypto {

inline constexpr std::size_t kHashBytes = 32;  // default output: BLAKE2b-256
inline constexpr std::size_t kHashMinBytes = 16;
inline constexpr std::size_t kHashMaxBytes = 64;
inline constexpr std::size_t kHashKeyMinBytes = 16;
inline constexpr std::size_t kHashKeyMaxBytes = 64;

// outLen in [kHashMinBytes, kHashMaxBytes]; a different outLen gives an
// unrelated hash, not a prefix.
[[nodiscard]] Bytes hash(ByteView data, std::size_t outLen = kHashBytes);

// Keyed BLAKE2b: a MAC or a keyed pseudonym. Key in [kHashKeyMinBytes, kHashKeyMaxBytes].
[[nodiscard]] Bytes keyedHash(const SecretBytes& key, ByteView data, std::size_t outLen = kHashBytes);

// The hash of the concatenation of `parts`, without copying them together
// (a bundle's header and ciphertext, which its signature sits between). For
// public data only: the state lives on the stack, not in secure memory,
// which makes it cheap; a Hasher's secure state costs a few system calls
// (about 0.4 ms) each time.
[[nodiscard]] Bytes hashParts(std::initializer_list<ByteView> parts, std::size_t outLen = kHashBytes);

// Incremental hashing of data that arrives in pieces (a bundle being read).
// The result equals hash()/keyedHash() of the concatenated pieces.
class Hasher {
 public:
  explicit Hasher(std::size_t outLen = kHashBytes);
  explicit Hasher(const SecretBytes& key, std::size_t outLen = kHashBytes);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  Hasher& update(ByteView data);
  // Returns the hash; the Hasher can't be used after this.
  [[nodiscard]] Bytes final();

 private:
  SecretBytes state_;  // holds the BLAKE2b state, which may contain the key
  std::size_t outLen_;
  bool finished_ = false;
};

// Incremental BLAKE2b-256 of public data (a bundle's bytes as they are
// written or read), with its state held in the object itself: no secure
// memory, so it costs nothing to make, and it can be copied. A copy taken
// part way gives the hash of the bytes so far while the original goes on:
// a bundle's signature covers every byte before it, and the bundle's own
// hash covers the signature too, so one pass over the file gives both.
class PublicHasher {
 public:
  PublicHasher();
  PublicHasher& update(ByteView data);
  // The hash of everything given so far (kHashBytes); this object is
  // unchanged and can go on.
  [[nodiscard]] Bytes digest() const;

 private:
  alignas(64) unsigned char state_[384];
};

// A 32-byte key derived from `key` for one purpose: keyed BLAKE2b-256 over
// the length-prefixed `label` and then `input`, computed and returned in
// secure memory. Different labels give unrelated keys; `input` binds a
// second secret in (the vault's TPM-sealed half of a PIN's key). `key` must
// be kHashKeyMinBytes to kHashKeyMaxBytes long.
[[nodiscard]] SecretBytes deriveSubkey(const SecretBytes& key, std::string_view label, ByteView input = {});

// A short human-comparable name for a public key, to be read out over the
// phone or checked on screen at enrolment: the first 16 bytes of
// BLAKE2b-256("spor key fingerprint v1 <kind>" || key), as eight groups of
// four hex digits ("a1b2-c3d4-e5f6-0718-293a-4b5c-6d7e-8f90"). The kind is
// part of the hash, so the two keys of a device never share a fingerprint.
[[nodiscard]] std::string fingerprint(const SignPublicKey& key);
[[nodiscard]] std::string fingerprint(const BoxPublicKey& key);

}  // namespace spor::crypto
