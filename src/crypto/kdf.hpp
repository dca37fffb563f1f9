#pragma once
// Keys from PINs and passphrases: Argon2id (crypto_pwhash), memory-hard so
// that guessing costs an attacker memory as well as time.
//
// A short PIN has little entropy; Argon2id only slows guessing down. The
// parameters and salt must be stored next to what the derived key protects,
// since every later derivation must use the same ones.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/secret_bytes.hpp"

namespace spor::crypto {

inline constexpr std::uint64_t kMiB = std::uint64_t{1024} * 1024;
// The least memory Spor uses for keys that protect real data.
inline constexpr std::uint64_t kKdfMinMemBytes = 64 * kMiB;
inline constexpr std::size_t kSaltBytes = 16;
using Salt = std::array<std::uint8_t, kSaltBytes>;

struct KdfParams {
  std::uint64_t opsLimit = 0;       // Argon2id passes over memory (t)
  std::uint64_t memLimitBytes = 0;  // memory used (m), in bytes

  // About 0.5 s per derivation at 64 MiB on the x86-64 development machine
  // (timings in kdf.cpp). A cheap ARM tablet may take several times longer,
  // so where a key is first protected, prefer calibrateKdf() on the device
  // itself and store what it returns; this is the fallback.
  [[nodiscard]] static constexpr KdfParams interactiveDefault() noexcept { return {24, kKdfMinMemBytes}; }
  // libsodium's minimums (1 pass, 8 KiB): for unit tests only, never for data.
  [[nodiscard]] static constexpr KdfParams testFast() noexcept { return {1, 8192}; }

  friend bool operator==(const KdfParams&, const KdfParams&) = default;
};

[[nodiscard]] Salt newSalt();

// Derives a 32-byte key. `salt` must be kSaltBytes long. Throws CryptoError if
// the parameters are out of libsodium's range or the memory cannot be had.
[[nodiscard]] SecretBytes deriveKey(std::string_view passphrase, ByteView salt, const KdfParams& params);
[[nodiscard]] SecretBytes deriveKey(const SecretBytes& passphrase, ByteView salt, const KdfParams& params);

// Measures this machine and returns parameters for which one derivation takes
// about `targetSeconds`. Memory stays at exactly `minMemBytes` and only the
// number of passes is tuned: every later unlock must be able to allocate that
// memory again, on a tablet that may be short of it, so it is not raised
// just because calibration happened to find plenty free. At least one pass is
// used, so a slow machine may take longer than the target.
// Pass at least kKdfMinMemBytes for real keys. Takes about 1 to 2.5 times
// targetSeconds (four short derivations and two near the target).
[[nodiscard]] KdfParams calibrateKdf(double targetSeconds, std::uint64_t minMemBytes = kKdfMinMemBytes);

}  // namespace spor::crypto
