#pragma once
// Encrypted streams for bundle files.
//
// 1. Key agreement: the sender makes an ephemeral X25519 key pair and runs
//    crypto_kx with it (as client) against the recipient's BoxPublicKey (as
//    server). crypto_kx hashes the X25519 shared point together with both
//    public keys (BLAKE2b-512), so the session key is bound to this
//    recipient and this ephemeral key, and a fresh key is used for every
//    bundle. The ephemeral public key goes in the file header; its secret
//    is wiped at once. This is libsodium's own construction, chosen over a
//    hand-made scalarmult + hash so there is nothing to get wrong. It does
//    not authenticate the sender: the bundle format signs with the device's
//    Ed25519 key for that.
// 2. crypto_secretstream_xchacha20poly1305 with the session key: a header,
//    then chunks, each authenticated, numbered implicitly (reordering,
//    dropping or duplicating chunks fails) and tagged; the last chunk carries
//    the final tag. A stream cut short at a chunk boundary still decrypts
//    chunk by chunk, so the reader MUST require isFinal on the last chunk
//    and no data after it.

#include <array>
#include <cstddef>

#include "crypto/box.hpp"
#include "crypto/bytes.hpp"
#include "crypto/keys.hpp"
#include "crypto/secret_bytes.hpp"

namespace spor::crypto {

inline constexpr std::size_t kStreamKeyBytes = 32;
inline constexpr std::size_t kStreamHeaderBytes = 24;  // crypto_secretstream_..._HEADERBYTES
inline constexpr std::size_t kStreamABytes = 17;       // per-chunk overhead: tag byte + MAC
using StreamHeader = std::array<std::uint8_t, kStreamHeaderBytes>;

// Size of an encrypted chunk for a plaintext chunk of `plaintextBytes`.
[[nodiscard]] constexpr std::size_t streamChunkBytes(std::size_t plaintextBytes) noexcept {
  return plaintextBytes + kStreamABytes;
}

struct SenderSessionKey {
  BoxPublicKey ephemeralPublicKey;  // store in the file header
  SecretBytes key;                  // kStreamKeyBytes, for StreamEncryptor
};

// Sender side: a fresh session key for `recipient`. Throws CryptoError if the
// recipient key is not a usable X25519 key.
[[nodiscard]] SenderSessionKey senderSessionKey(const BoxPublicKey& recipient);

// The same from a 32-byte seed (crypto_kx_seed_keypair): for golden test
// files ONLY, so a test can write a bundle byte for byte. A seed used twice
// for one recipient gives the same session key twice: never for real data.
[[nodiscard]] SenderSessionKey senderSessionKeyFromSeed(const BoxPublicKey& recipient, ByteView seed);

// Recipient side: the same session key, from the ephemeral public key in the
// file header. Throws DecryptError if that key is unusable (a damaged or
// forged header).
[[nodiscard]] SecretBytes recipientSessionKey(const BoxKeyPair& recipient, const BoxPublicKey& ephemeralPublicKey);

class StreamEncryptor {
 public:
  explicit StreamEncryptor(const SecretBytes& key);  // kStreamKeyBytes
  // With a given header instead of a random one: for golden test files ONLY
  // (with senderSessionKeyFromSeed). The same key and header give the same
  // key stream, so this must never be used for real data.
  StreamEncryptor(const SecretBytes& key, const StreamHeader& fixedHeader);

  // Write this before the first chunk.
  [[nodiscard]] const StreamHeader& header() const noexcept { return header_; }

  // Encrypts one chunk; returns streamChunkBytes(chunk.size()) bytes.
  // `associatedData` is authenticated with the chunk (the reader must pass
  // the same). Mark the last chunk with isFinal; nothing can follow it.
  [[nodiscard]] Bytes push(ByteView chunk, ByteView associatedData, bool isFinal);
  // The same into `out`, which must hold streamChunkBytes(chunk.size())
  // bytes and must not overlap `chunk`: a writer that streams reuses one
  // buffer for every chunk instead of allocating each.
  void pushInto(ByteView chunk, ByteView associatedData, bool isFinal, std::uint8_t* out);

  [[nodiscard]] bool finished() const noexcept { return finished_; }

 private:
  SecretBytes state_;  // crypto_secretstream state: holds the key
  StreamHeader header_{};
  bool finished_ = false;
};

struct StreamChunk {
  Bytes plaintext;
  bool isFinal = false;  // this chunk was pushed with isFinal
};

class StreamDecryptor {
 public:
  // `header` must be kStreamHeaderBytes long.
  StreamDecryptor(const SecretBytes& key, ByteView header);

  // Decrypts the next chunk. Throws DecryptError if it was changed, is out of
  // order, has other associated data, was made with another key, or comes
  // after the final chunk.
  [[nodiscard]] StreamChunk pull(ByteView chunk, ByteView associatedData);
  // The same into `out` (chunk.size() - kStreamABytes bytes, not
  // overlapping `chunk`); returns isFinal. Throws as pull() does, and then
  // `out` holds nothing usable.
  [[nodiscard]] bool pullInto(ByteView chunk, ByteView associatedData, std::uint8_t* out);

  [[nodiscard]] bool finished() const noexcept { return finished_; }

 private:
  SecretBytes state_;
  bool finished_ = false;
};

}  // namespace spor::crypto
