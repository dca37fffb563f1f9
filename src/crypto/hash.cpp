#include "crypto/hash.hpp"

#include <string>
#include <string_view>

#include <sodium.h>

#include "crypto/detail.hpp"
#include "crypto/encoding.hpp"
#include "crypto/error.hpp"
#include "crypto/init.hpp"

namespace spor::crypto {

static_assert(kHashBytes == crypto_generichash_BYTES);
static_assert(kHashMinBytes == crypto_generichash_BYTES_MIN);
static_assert(kHashMaxBytes == crypto_generichash_BYTES_MAX);
static_assert(kHashKeyMinBytes == crypto_generichash_KEYBYTES_MIN);
static_assert(kHashKeyMaxBytes == crypto_generichash_KEYBYTES_MAX);

namespace {

using State = crypto_generichash_state;

void checkOutLen(std::size_t outLen) {
  if (outLen < kHashMinBytes || outLen > kHashMaxBytes) {
    throw CryptoError("hash: the output length must be " + std::to_string(kHashMinBytes) + " to " +
                      std::to_string(kHashMaxBytes) + " bytes, got " + std::to_string(outLen));
  }
}

void checkKey(const SecretBytes& key) {
  if (key.size() < kHashKeyMinBytes || key.size() > kHashKeyMaxBytes) {
    throw CryptoError("keyed hash: the key must be " + std::to_string(kHashKeyMinBytes) + " to " +
                      std::to_string(kHashKeyMaxBytes) + " bytes, got " + std::to_string(key.size()));
  }
}

Bytes hashWith(const std::uint8_t* key, std::size_t keyLen, ByteView data, std::size_t outLen) {
  init();
  checkOutLen(outLen);
  Bytes out(outLen);
  if (crypto_generichash(out.data(), out.size(), data.data(), data.size(), key, keyLen) != 0) {
    throw CryptoError("hashing failed inside libsodium (crypto_generichash)");
  }
  return out;
}

std::string fingerprintOf(std::string_view domain, ByteView key) {
  Hasher hasher;
  hasher.update(asBytes(domain)).update(key);
  const Bytes digest = hasher.final();
  const std::string digits = hex(ByteView(digest).first(16));
  std::string grouped;
  grouped.reserve(digits.size() + digits.size() / 4);
  for (std::size_t i = 0; i < digits.size(); i += 4) {
    if (i != 0) grouped += '-';
    grouped.append(digits, i, 4);
  }
  return grouped;
}

}  // namespace

Bytes hash(ByteView data, std::size_t outLen) {
  return hashWith(nullptr, 0, data, outLen);
}

static_assert(sizeof(State) <= 384 && alignof(State) <= 64, "PublicHasher::state_ is too small for this libsodium");

PublicHasher::PublicHasher() {
  init();
  if (crypto_generichash_init(reinterpret_cast<State*>(state_), nullptr, 0, kHashBytes) != 0) {
    throw CryptoError("hashing failed inside libsodium (crypto_generichash_init)");
  }
}

PublicHasher& PublicHasher::update(ByteView data) {
  if (crypto_generichash_update(reinterpret_cast<State*>(state_), data.data(), data.size()) != 0) {
    throw CryptoError("hashing failed inside libsodium (crypto_generichash_update)");
  }
  return *this;
}

Bytes PublicHasher::digest() const {
  PublicHasher copy = *this;
  Bytes out(kHashBytes);
  if (crypto_generichash_final(reinterpret_cast<State*>(copy.state_), out.data(), out.size()) != 0) {
    throw CryptoError("hashing failed inside libsodium (crypto_generichash_final)");
  }
  return out;
}

Bytes hashParts(std::initializer_list<ByteView> parts, std::size_t outLen) {
  init();
  checkOutLen(outLen);
  State state;
  Bytes out(outLen);
  bool ok = crypto_generichash_init(&state, nullptr, 0, outLen) == 0;
  for (const ByteView part : parts) ok = ok && crypto_generichash_update(&state, part.data(), part.size()) == 0;
  ok = ok && crypto_generichash_final(&state, out.data(), out.size()) == 0;
  sodium_memzero(&state, sizeof state);
  if (!ok) throw CryptoError("hashing failed inside libsodium (crypto_generichash)");
  return out;
}

Bytes keyedHash(const SecretBytes& key, ByteView data, std::size_t outLen) {
  checkKey(key);
  return hashWith(key.data(), key.size(), data, outLen);
}

SecretBytes deriveSubkey(const SecretBytes& key, std::string_view label, ByteView input) {
  init();
  checkKey(key);
  SecretBytes state = detail::makeSecureObject<State>();
  SecretBytes out(kHashBytes);
  std::uint8_t length[4];
  for (int i = 0; i < 4; ++i) length[i] = static_cast<std::uint8_t>(label.size() >> (8 * i));
  State* s = detail::objectIn<State>(state);
  const bool ok =
      crypto_generichash_init(s, key.data(), key.size(), out.size()) == 0 &&
      crypto_generichash_update(s, length, sizeof length) == 0 &&
      crypto_generichash_update(s, reinterpret_cast<const std::uint8_t*>(label.data()), label.size()) == 0 &&
      crypto_generichash_update(s, input.data(), input.size()) == 0 &&
      crypto_generichash_final(s, out.data(), out.size()) == 0;
  if (!ok) throw CryptoError("deriving a subkey failed inside libsodium (crypto_generichash)");
  return out;
}

Hasher::Hasher(std::size_t outLen) : outLen_(outLen) {
  init();
  checkOutLen(outLen);
  state_ = detail::makeSecureObject<State>();
  if (crypto_generichash_init(detail::objectIn<State>(state_), nullptr, 0, outLen) != 0) {
    throw CryptoError("hashing failed to start inside libsodium (crypto_generichash_init)");
  }
}

Hasher::Hasher(const SecretBytes& key, std::size_t outLen) : outLen_(outLen) {
  init();
  checkOutLen(outLen);
  checkKey(key);
  state_ = detail::makeSecureObject<State>();
  if (crypto_generichash_init(detail::objectIn<State>(state_), key.data(), key.size(), outLen) != 0) {
    throw CryptoError("hashing failed to start inside libsodium (crypto_generichash_init)");
  }
}

Hasher::~Hasher() = default;  // SecretBytes wipes the state
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

Hasher& Hasher::update(ByteView data) {
  if (finished_) throw CryptoError("Hasher::update after final(): start a new Hasher");
  if (crypto_generichash_update(detail::objectIn<State>(state_), data.data(), data.size()) != 0) {
    throw CryptoError("hashing failed inside libsodium (crypto_generichash_update)");
  }
  return *this;
}

Bytes Hasher::final() {
  if (finished_) throw CryptoError("Hasher::final called twice: start a new Hasher");
  Bytes out(outLen_);
  if (crypto_generichash_final(detail::objectIn<State>(state_), out.data(), out.size()) != 0) {
    throw CryptoError("hashing failed inside libsodium (crypto_generichash_final)");
  }
  finished_ = true;
  state_ = SecretBytes();  // wipe the state now
  return out;
}

std::string fingerprint(const SignPublicKey& key) {
  return fingerprintOf("spor key fingerprint v1 ed25519", key.view());
}

std::string fingerprint(const BoxPublicKey& key) {
  return fingerprintOf("spor key fingerprint v1 x25519", key.view());
}

}  // namespace spor::crypto
