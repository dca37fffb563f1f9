#include "crypto/aead.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>
#include <string>

#include <sodium.h>
#ifdef __unix__
#include <pthread.h>
#endif

#include "crypto/detail.hpp"
#include "crypto/error.hpp"
#include "crypto/init.hpp"

namespace spor::crypto {

static_assert(kKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kSealNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kSealTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);

namespace {

// Prefixed to the caller's associated data by wrapKey()/unwrapKey().
constexpr std::string_view kWrapLabel{"spor.keywrap.v1\0", 16};

void requireKey(const SecretBytes& key, std::string_view what) {
  detail::requireSize(what, key.size(), kKeyBytes,
                      "use a key from newKey() or deriveKey(), not a passphrase or a public key");
}

// Nonces for seal(), taken from the OS's CSPRNG (randombytes_buf) in batches
// of 4 KiB: one getrandom() call per 170 seals instead of one per seal. A
// coordinator import seals every record it stores, and in a virtual machine
// that syscall per record was the largest cost after SQLite (bench_sync:
// sync/README.md). The nonces are exactly as random as before; they are
// public (each precedes its ciphertext) and only need to be unique, so the
// buffer needs no secrecy. Each thread has its own buffer, and a forked child
// throws its copy away (pthread_atfork) so it never repeats its parent's.
std::atomic<unsigned> forkGeneration{0};

void takeNonce(std::uint8_t* nonce) {
#ifdef __unix__
  static std::once_flag registered;
  std::call_once(registered, [] { pthread_atfork(nullptr, nullptr, [] { forkGeneration.fetch_add(1); }); });
#endif
  struct Pool {
    std::array<std::uint8_t, 4096 - 4096 % kSealNonceBytes> bytes{};
    std::size_t used = bytes.size();
    unsigned generation = 0;
  };
  thread_local Pool pool;
  const unsigned generation = forkGeneration.load(std::memory_order_relaxed);
  if (pool.used + kSealNonceBytes > pool.bytes.size() || pool.generation != generation) {
    randombytes_buf(pool.bytes.data(), pool.bytes.size());
    pool.used = 0;
    pool.generation = generation;
  }
  std::copy_n(pool.bytes.begin() + static_cast<std::ptrdiff_t>(pool.used), kSealNonceBytes, nonce);
  sodium_memzero(pool.bytes.data() + pool.used, kSealNonceBytes);  // never handed out twice, even by a bug
  pool.used += kSealNonceBytes;
}

// Encrypts into `out` (plaintext.size() + kSealOverheadBytes).
void sealInto(const SecretBytes& key, ByteView plaintext, ByteView associatedData, std::span<std::uint8_t> out) {
  if (plaintext.size() > crypto_aead_xchacha20poly1305_ietf_MESSAGEBYTES_MAX) {
    throw CryptoError("seal: the value is too large to encrypt in one piece (" + std::to_string(plaintext.size()) +
                      " bytes); use a stream");
  }
  std::uint8_t* nonce = out.data();
  takeNonce(nonce);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kSealNonceBytes, &written, plaintext.data(), plaintext.size(),
                                                 associatedData.data(), associatedData.size(), nullptr, nonce,
                                                 key.data()) != 0 ||
      written != plaintext.size() + kSealTagBytes) {
    throw CryptoError("seal: encryption failed inside libsodium; this is a bug, please report it");
  }
}

// Decrypts into `out` (sealed.size() - kSealOverheadBytes); false if authentication fails.
[[nodiscard]] bool openInto(const SecretBytes& key, ByteView sealed, ByteView associatedData,
                            std::span<std::uint8_t> out) {
  unsigned long long written = 0;
  const std::uint8_t* nonce = sealed.data();
  const int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &written, nullptr, nonce + kSealNonceBytes,
                                                            sealed.size() - kSealNonceBytes, associatedData.data(),
                                                            associatedData.size(), nonce, key.data());
  return rc == 0 && written == out.size();
}

void requireSealedLength(ByteView sealed, std::string_view what) {
  if (sealed.size() < kSealOverheadBytes) {
    throw DecryptError(std::string(what) + ": the encrypted value is " + std::to_string(sealed.size()) +
                       " bytes, shorter than the " + std::to_string(kSealOverheadBytes) +
                       " bytes of nonce and tag every one has; it is truncated or damaged");
  }
}

Bytes labelled(ByteView associatedData) {
  Bytes ad(kWrapLabel.size() + associatedData.size());
  const auto afterLabel = std::copy(kWrapLabel.begin(), kWrapLabel.end(), ad.begin());
  std::copy(associatedData.begin(), associatedData.end(), afterLabel);
  return ad;
}

}  // namespace

SecretBytes newKey() {
  return SecretBytes::random(kKeyBytes);
}

Bytes seal(const SecretBytes& key, ByteView plaintext, ByteView associatedData) {
  init();
  requireKey(key, "seal: the key");
  Bytes out(plaintext.size() + kSealOverheadBytes);
  sealInto(key, plaintext, associatedData, out);
  return out;
}

Bytes open(const SecretBytes& key, ByteView sealed, ByteView associatedData) {
  init();
  requireKey(key, "open: the key");
  requireSealedLength(sealed, "cannot decrypt");
  Bytes out(sealed.size() - kSealOverheadBytes);
  if (!openInto(key, sealed, associatedData, out)) {
    throw DecryptError(
        "cannot decrypt: authentication failed, so the data was changed or damaged, or it "
        "belongs to another key or place (associated data); restore it from a good copy");
  }
  return out;
}

Bytes wrapKey(const SecretBytes& kek, const SecretBytes& key, ByteView associatedData) {
  init();
  requireKey(kek, "wrapKey: the key-encryption key");
  if (key.empty()) throw CryptoError("wrapKey: the key to wrap is empty");
  Bytes out(key.size() + kSealOverheadBytes);
  sealInto(kek, key.view(), labelled(associatedData), out);
  return out;
}

SecretBytes unwrapKey(const SecretBytes& kek, ByteView wrapped, ByteView associatedData) {
  init();
  requireKey(kek, "unwrapKey: the key-encryption key");
  requireSealedLength(wrapped, "cannot unlock the key");
  SecretBytes key(wrapped.size() - kSealOverheadBytes);
  if (!openInto(kek, wrapped, labelled(associatedData), key.span())) {
    throw DecryptError(
        "wrong PIN or passphrase: the stored key could not be unlocked; check it and try "
        "again (if it is lost, the coordinator can restore access from the recovery copy)");
  }
  return key;
}

}  // namespace spor::crypto
