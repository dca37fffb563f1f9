#include "crypto/kdf.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

#include <sodium.h>

#include "crypto/aead.hpp"
#include "crypto/detail.hpp"
#include "crypto/error.hpp"
#include "crypto/init.hpp"
#include "crypto/random.hpp"

// Measured for KdfParams::interactiveDefault(): one derivation at 64 MiB,
// libsodium 1.0.18, Debian 12, 2-core AMD EPYC VM, median of 7 (min):
//   opsLimit  1: 0.071 s (0.068)     opsLimit 12: 0.290 s (0.283)
//   opsLimit  2: 0.092 s (0.090)     opsLimit 16: 0.370 s (0.360)
//   opsLimit  3: 0.113 s (0.112)     opsLimit 20: 0.435 s (0.426)
//   opsLimit  4: 0.134 s (0.133)     opsLimit 22: 0.471 s (0.467)
//   opsLimit  5: 0.157 s (0.153)     opsLimit 24: 0.519 s (0.498)
//   opsLimit  6: 0.173 s (0.167)     opsLimit 28: 0.622 s (0.564)
// i.e. about 0.05 s to allocate and fill the memory plus 0.02 s per pass.
// calibrateKdf(0.5) there picks opsLimit 21-22 in about 0.55 s.

namespace spor::crypto {

static_assert(kSaltBytes == crypto_pwhash_SALTBYTES);
static_assert(KdfParams::testFast().opsLimit == crypto_pwhash_argon2id_OPSLIMIT_MIN);
static_assert(KdfParams::testFast().memLimitBytes == crypto_pwhash_argon2id_MEMLIMIT_MIN);

namespace {

std::string mib(std::uint64_t bytes) {
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

void checkParams(const KdfParams& params) {
  // The maximum memory is below SIZE_MAX on 32-bit ARM boards.
  const std::uint64_t memMax = crypto_pwhash_argon2id_MEMLIMIT_MAX;
  if (params.opsLimit < crypto_pwhash_argon2id_OPSLIMIT_MIN || params.opsLimit > crypto_pwhash_argon2id_OPSLIMIT_MAX ||
      params.memLimitBytes < crypto_pwhash_argon2id_MEMLIMIT_MIN || params.memLimitBytes > memMax) {
    throw CryptoError("invalid key-derivation parameters (opsLimit " + std::to_string(params.opsLimit) + ", memory " +
                      mib(params.memLimitBytes) +
                      "): they are outside what Argon2id allows on this system; the stored "
                      "parameters are damaged or come from a different kind of device");
  }
}

SecretBytes derive(ByteView passphrase, ByteView salt, const KdfParams& params) {
  init();
  detail::requireSize("deriveKey: the salt", salt.size(), kSaltBytes,
                      "use the salt stored with the key (made by newSalt())");
  checkParams(params);
  SecretBytes key(kKeyBytes);
  if (crypto_pwhash(key.data(), key.size(), reinterpret_cast<const char*>(passphrase.data()), passphrase.size(),
                    salt.data(), params.opsLimit, static_cast<std::size_t>(params.memLimitBytes),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw CryptoError("key derivation failed: could not get " + mib(params.memLimitBytes) +
                      " of memory for Argon2id; close other apps and try again");
  }
  return key;
}

double secondsFor(std::uint64_t opsLimit, std::uint64_t memBytes, const Salt& salt) {
  const auto start = std::chrono::steady_clock::now();
  const SecretBytes key = derive(asBytes("spor calibration"), salt, {opsLimit, memBytes});
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  return elapsed.count();
}

}  // namespace

Salt newSalt() {
  Salt salt{};
  randomFill(salt);
  return salt;
}

SecretBytes deriveKey(std::string_view passphrase, ByteView salt, const KdfParams& params) {
  return derive(asBytes(passphrase), salt, params);
}

SecretBytes deriveKey(const SecretBytes& passphrase, ByteView salt, const KdfParams& params) {
  return derive(passphrase.view(), salt, params);
}

KdfParams calibrateKdf(double targetSeconds, std::uint64_t minMemBytes) {
  if (!(targetSeconds > 0.0) || !std::isfinite(targetSeconds)) {
    throw CryptoError("calibrateKdf: the target time must be a positive number of seconds");
  }
  checkParams({crypto_pwhash_argon2id_OPSLIMIT_MIN, minMemBytes});
  const Salt salt = newSalt();
  constexpr double kMaxOps = static_cast<double>(crypto_pwhash_argon2id_OPSLIMIT_MAX);
  const auto opsFor = [&](double estimate) {
    return static_cast<std::uint64_t>(std::clamp(std::round(estimate), 1.0, kMaxOps));
  };

  // Time is roughly fixed + passes * perPass (allocating and filling the
  // memory is the fixed part, and it is large: at 64 MiB one pass costs
  // about half of what a one-pass derivation takes). Measure one pass and
  // then a run near the target, and fit the line through the two points.
  // Each point is the faster of two runs, so a stray scheduling delay
  // does not skew it.
  const auto measure = [&](std::uint64_t ops) {
    return std::min(secondsFor(ops, minMemBytes, salt), secondsFor(ops, minMemBytes, salt));
  };
  const double onePass = std::max(measure(1), 1e-6);
  const std::uint64_t probe = std::max<std::uint64_t>(2, opsFor(targetSeconds / onePass));
  const double atProbe = measure(probe);
  const double perPass = (atProbe - onePass) / static_cast<double>(probe - 1);
  std::uint64_t ops = 1;
  if (perPass > 0.0) {
    const double fixed = onePass - perPass;
    ops = opsFor((targetSeconds - fixed) / perPass);
  } else {
    ops = opsFor(static_cast<double>(probe) * targetSeconds / atProbe);  // noise: fall back
  }
  return {ops, minMemBytes};
}

}  // namespace spor::crypto
