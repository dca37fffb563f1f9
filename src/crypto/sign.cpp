#include "crypto/sign.hpp"

#include <utility>

#include <sodium.h>

#include "crypto/detail.hpp"
#include "crypto/error.hpp"
#include "crypto/init.hpp"

namespace spor::crypto {

static_assert(SignPublicKey::kBytes == crypto_sign_PUBLICKEYBYTES);
static_assert(kSignSecretKeyBytes == crypto_sign_SECRETKEYBYTES);
static_assert(kSignSeedBytes == crypto_sign_SEEDBYTES);
static_assert(kSignatureBytes == crypto_sign_BYTES);

namespace {

void requireSecretKey(const SecretBytes& secretKey, std::string_view what) {
  detail::requireSize(what, secretKey.size(), kSignSecretKeyBytes,
                      "use the secretKey of a SigningKeyPair, not a seed or another kind of key");
}

}  // namespace

SigningKeyPair generateSigningKey() {
  init();
  SigningKeyPair pair{{}, SecretBytes(kSignSecretKeyBytes)};
  if (crypto_sign_keypair(pair.publicKey.bytes.data(), pair.secretKey.data()) != 0) {
    throw CryptoError("could not generate a signing key (crypto_sign_keypair failed)");
  }
  return pair;
}

SigningKeyPair signingKeyFromSeed(ByteView seed) {
  init();
  detail::requireSize("signingKeyFromSeed: the seed", seed.size(), kSignSeedBytes, "");
  SigningKeyPair pair{{}, SecretBytes(kSignSecretKeyBytes)};
  if (crypto_sign_seed_keypair(pair.publicKey.bytes.data(), pair.secretKey.data(), seed.data()) != 0) {
    throw CryptoError("could not make a signing key from a seed (crypto_sign_seed_keypair failed)");
  }
  return pair;
}

SigningKeyPair signingKeyFromSecret(SecretBytes secretKey) {
  init();
  requireSecretKey(secretKey, "signingKeyFromSecret: the secret key");
  // libsodium's secret key is seed || public key. Rebuild it from the seed
  // and compare, so a damaged stored key is caught here rather than by
  // every recipient rejecting its signatures.
  SecretBytes seed(kSignSeedBytes);
  if (crypto_sign_ed25519_sk_to_seed(seed.data(), secretKey.data()) != 0) {
    throw CryptoError("could not read the seed of a signing key (crypto_sign_ed25519_sk_to_seed failed)");
  }
  SigningKeyPair rebuilt = signingKeyFromSeed(seed.view());
  if (!rebuilt.secretKey.equals(secretKey)) {
    throw CryptoError(
        "the stored signing key is damaged (its public half does not match its seed); "
        "restore the store from a backup ('spor restore', docs/COORDINATOR.md) or re-enrol the device");
  }
  return rebuilt;
}

Signature sign(const SecretBytes& secretKey, ByteView message) {
  init();
  requireSecretKey(secretKey, "sign: the secret key");
  Signature signature{};
  unsigned long long length = 0;
  if (crypto_sign_detached(signature.data(), &length, message.data(), message.size(), secretKey.data()) != 0 ||
      length != kSignatureBytes) {
    throw CryptoError("signing failed inside libsodium (crypto_sign_detached)");
  }
  return signature;
}

bool verify(const SignPublicKey& publicKey, ByteView message, ByteView signature) noexcept {
  if (signature.size() != kSignatureBytes) return false;
  // verify() is noexcept, so instead of init() (which may throw) check that
  // libsodium is up; sodium_init() is safe to call repeatedly.
  if (sodium_init() < 0) return false;
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), publicKey.bytes.data()) == 0;
}

}  // namespace spor::crypto
