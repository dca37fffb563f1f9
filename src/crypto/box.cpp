#include "crypto/box.hpp"

#include <string>

#include <sodium.h>

#include "crypto/detail.hpp"
#include "crypto/error.hpp"
#include "crypto/init.hpp"

namespace spor::crypto {

static_assert(BoxPublicKey::kBytes == crypto_box_PUBLICKEYBYTES);
static_assert(kBoxSecretKeyBytes == crypto_box_SECRETKEYBYTES);
static_assert(kBoxSeedBytes == crypto_box_SEEDBYTES);
static_assert(kSealedBoxOverheadBytes == crypto_box_SEALBYTES);

namespace {

void requireSealedLength(ByteView sealed) {
  if (sealed.size() < kSealedBoxOverheadBytes) {
    throw DecryptError("cannot open the sealed box: it is " + std::to_string(sealed.size()) +
                       " bytes, shorter than the " + std::to_string(kSealedBoxOverheadBytes) +
                       " bytes every one has; it is truncated or damaged");
  }
}

[[nodiscard]] bool openInto(const BoxKeyPair& recipient, ByteView sealed, std::span<std::uint8_t> out) {
  detail::requireSize("openSealed: the secret key", recipient.secretKey.size(), kBoxSecretKeyBytes,
                      "use the secretKey of a BoxKeyPair");
  return crypto_box_seal_open(out.data(), sealed.data(), sealed.size(), recipient.publicKey.bytes.data(),
                              recipient.secretKey.data()) == 0;
}

constexpr const char* kOpenFailed =
    "cannot open the sealed box: it was changed or damaged, or it was sealed to a different "
    "key; check that the right recovery or coordinator key is loaded";

}  // namespace

BoxKeyPair generateBoxKey() {
  init();
  BoxKeyPair pair{{}, SecretBytes(kBoxSecretKeyBytes)};
  if (crypto_box_keypair(pair.publicKey.bytes.data(), pair.secretKey.data()) != 0) {
    throw CryptoError("could not generate an encryption key (crypto_box_keypair failed)");
  }
  return pair;
}

BoxKeyPair boxKeyFromSeed(ByteView seed) {
  init();
  detail::requireSize("boxKeyFromSeed: the seed", seed.size(), kBoxSeedBytes, "");
  BoxKeyPair pair{{}, SecretBytes(kBoxSecretKeyBytes)};
  if (crypto_box_seed_keypair(pair.publicKey.bytes.data(), pair.secretKey.data(), seed.data()) != 0) {
    throw CryptoError("could not make an encryption key from a seed (crypto_box_seed_keypair failed)");
  }
  return pair;
}

BoxKeyPair boxKeyFromSecret(SecretBytes secretKey) {
  init();
  detail::requireSize("boxKeyFromSecret: the secret key", secretKey.size(), kBoxSecretKeyBytes,
                      "the stored key is damaged or is another kind of key");
  BoxKeyPair pair{{}, std::move(secretKey)};
  if (crypto_scalarmult_base(pair.publicKey.bytes.data(), pair.secretKey.data()) != 0) {
    throw CryptoError(
        "the stored encryption key is unusable (crypto_scalarmult_base failed); "
        "restore the store from a backup ('spor restore', docs/COORDINATOR.md)");
  }
  return pair;
}

Bytes sealTo(const BoxPublicKey& recipient, ByteView plaintext) {
  init();
  Bytes out(plaintext.size() + kSealedBoxOverheadBytes);
  if (crypto_box_seal(out.data(), plaintext.data(), plaintext.size(), recipient.bytes.data()) != 0) {
    throw CryptoError(
        "cannot encrypt to this public key: it is not a valid X25519 key; "
        "check the coordinator's key file");
  }
  return out;
}

Bytes openSealed(const BoxKeyPair& recipient, ByteView sealed) {
  init();
  requireSealedLength(sealed);
  Bytes out(sealed.size() - kSealedBoxOverheadBytes);
  if (!openInto(recipient, sealed, out)) throw DecryptError(kOpenFailed);
  return out;
}

SecretBytes openSealedKey(const BoxKeyPair& recipient, ByteView sealed) {
  init();
  requireSealedLength(sealed);
  SecretBytes out(sealed.size() - kSealedBoxOverheadBytes);
  if (!openInto(recipient, sealed, out.span())) throw DecryptError(kOpenFailed);
  return out;
}

}  // namespace spor::crypto
