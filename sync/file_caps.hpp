#pragma once
// The largest file of each kind that Spor reads when a person hands it one
// (a USB stick, an e-mail attachment, --secret-file): all in one place. Every
// such read goes through readFileCapped (file_io.hpp) with one of these, so a
// folder, a device file, an endless stream or a huge file given by mistake is
// refused before anything is read into memory, unlocked or counted.
#include <cstdint>

#include "crypto/keys.hpp"
#include "sync/bundle.hpp"
#include "sync/signed_file.hpp"

namespace spor::sync {

// A bundle: the largest its header's caps allow (FORMAT.md, "Bundle").
inline constexpr std::uint64_t kMaxBundleFileBytes = maxBundleFileSize();
// The signed container (FORMAT.md, "Signed files"): header, body, signature.
inline constexpr std::uint64_t kMaxSignedFileBytes =
    kSignedFileHeaderBytes + kMaxSignedBodyBytes + crypto::kSignatureBytes;
inline constexpr std::uint64_t kMaxReceiptFileBytes = kMaxSignedFileBytes;
inline constexpr std::uint64_t kMaxFormPackageFileBytes = kMaxSignedFileBytes;
// An enrolment file holds a name and four public keys: a few hundred bytes.
inline constexpr std::uint64_t kMaxEnrolmentFileBytes = 1ULL << 20;
// --secret-file: a PIN or passphrase on its first line.
inline constexpr std::uint64_t kMaxSecretFileBytes = 4096;
// The app's settings file (a few lines of text).
inline constexpr std::uint64_t kMaxSettingsFileBytes = 64ULL << 10;

}  // namespace spor::sync
