#pragma once
// Internal: little-endian fields at fixed offsets, for the hand-parsed
// headers of FORMAT.md. Not part of the public API.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "crypto/bytes.hpp"
#include "crypto/encoding.hpp"
#include "crypto/hash.hpp"
#include "crypto/keys.hpp"

namespace spor::sync::wire {

template <class T>
void put(crypto::Bytes& out, std::size_t offset, T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    out[offset + i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(value) >> (8 * i));
  }
}

template <class T>
T get(crypto::ByteView in, std::size_t offset) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) value |= static_cast<std::uint64_t>(in[offset + i]) << (8 * i);
  return static_cast<T>(value);
}

template <std::size_t N>
void putBytes(crypto::Bytes& out, std::size_t offset, const std::array<std::uint8_t, N>& value) {
  std::copy(value.begin(), value.end(), out.begin() + static_cast<std::ptrdiff_t>(offset));
}

template <std::size_t N>
std::array<std::uint8_t, N> getBytes(crypto::ByteView in, std::size_t offset) {
  std::array<std::uint8_t, N> value{};
  std::copy_n(in.begin() + static_cast<std::ptrdiff_t>(offset), N, value.begin());
  return value;
}

template <std::size_t N>
bool allZero(const std::array<std::uint8_t, N>& value) {
  return std::all_of(value.begin(), value.end(), [](std::uint8_t b) { return b == 0; });
}

// crypto::fingerprint() is grouped hex of 16 bytes; these are its raw bytes.
template <class Key>
std::array<std::uint8_t, 16> fingerprintBytes(const Key& key) {
  std::string text = crypto::fingerprint(key);
  text.erase(std::remove(text.begin(), text.end(), '-'), text.end());
  const crypto::Bytes raw = crypto::fromHex(text);
  std::array<std::uint8_t, 16> out{};
  std::copy_n(raw.begin(), out.size(), out.begin());
  return out;
}

// The grouped form shown on screen, from raw fingerprint bytes.
inline std::string fingerprintText(const std::array<std::uint8_t, 16>& raw) {
  const std::string digits = crypto::hex(raw);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); i += 4) {
    if (i != 0) grouped += '-';
    grouped.append(digits, i, 4);
  }
  return grouped;
}

}  // namespace spor::sync::wire

#include <string_view>

#include "sync/errors.hpp"

namespace spor::sync::wire {

inline constexpr std::size_t kMagicBytes = 8;

// "\x89SPOR" + kind + "\r\n" (FORMAT.md, "Magic").
inline std::array<std::uint8_t, kMagicBytes> magic(char kind) {
  return {0x89, 'S', 'P', 'O', 'R', static_cast<std::uint8_t>(kind), 0x0D, 0x0A};
}

inline const char* kindName(char kind) {
  switch (kind) {
    case 'B': return "bundle";
    case 'R': return "receipt";
    case 'F': return "form package";
    case 'E': return "enrolment file";
    default: return nullptr;
  }
}

inline const char* kindAdvice(char kind) {
  switch (kind) {
    case 'B': return "a bundle is imported on the coordinator with 'spor import'";
    case 'R': return "a receipt is applied on the device with 'spor apply-receipt'";
    case 'F': return "a form package is installed on a device with 'spor forms install'";
    case 'E': return "an enrolment file sets up a device with 'spor device init'";
    default: return "";
  }
}

// Checks the magic of a `kind` file; `label` is "bundle 'NAME'".
inline void checkMagic(crypto::ByteView file, char kind, const std::string& label) {
  const auto expected = magic(kind);
  const std::string what = kindName(kind);
  if (file.empty()) {
    throw SyncError(SyncErrorKind::NotSporFile, label + ": not a Spor " + what + ": the file is empty");
  }
  const std::size_t n = std::min(file.size(), kMagicBytes);
  if (std::equal(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(n), expected.begin())) {
    if (n == kMagicBytes) return;
    throw SyncError(SyncErrorKind::Truncated, label + ": truncated: it is only " + std::to_string(file.size()) +
                                                  " bytes, cut short inside the Spor marker; copy the file again");
  }
  const bool spor = file.size() >= 6 && std::equal(expected.begin(), expected.begin() + 5, file.begin());
  if (spor) {
    const char other = static_cast<char>(file[5]);
    if (other == kind && file.size() >= 7 && file[6] == 0x0A) {
      throw SyncError(SyncErrorKind::NotSporFile,
                      label +
                          ": damaged in transit: its line endings were converted by the program that carried it "
                          "(e-mail or FTP in text mode); copy it again as a binary file");
    }
    if (other != kind && kindName(other) != nullptr) {
      throw SyncError(SyncErrorKind::NotSporFile,
                      label + ": not a Spor " + what + " but a Spor " + kindName(other) + "; " + kindAdvice(other));
    }
  }
  throw SyncError(SyncErrorKind::NotSporFile, label + ": not a Spor " + what + ": it does not start with the Spor " +
                                                  what + " marker; " + kindAdvice(kind));
}

// Format version and cipher suite at offsets 8 and 10 (both kinds).
inline void checkVersionAndSuite(crypto::ByteView file, std::uint16_t knownVersion, std::uint16_t knownSuite,
                                 const std::string& label, const std::string& what) {
  if (file.size() < 12) {
    throw SyncError(SyncErrorKind::Truncated, label + ": truncated: it is only " + std::to_string(file.size()) +
                                                  " bytes, cut short inside its header; copy the file again");
  }
  const auto version = get<std::uint16_t>(file, 8);
  const auto suite = get<std::uint16_t>(file, 10);
  if (version > knownVersion) {
    throw SyncError(SyncErrorKind::FutureVersion, label + ": made by a newer Spor (" + what + " format version " +
                                                      std::to_string(version) + "; this Spor reads version " +
                                                      std::to_string(knownVersion) +
                                                      "); update Spor on this machine and try again");
  }
  if (version == 0) {
    throw SyncError(SyncErrorKind::DamagedHeader,
                    label + ": damaged: its format version is 0, which no Spor writes; copy the file again");
  }
  if (suite != knownSuite) {
    throw SyncError(SyncErrorKind::FutureVersion,
                    label + ": uses cipher suite " + std::to_string(suite) +
                        ", which this Spor does not know (it knows suite " + std::to_string(knownSuite) +
                        "); update Spor on this machine, or copy the file again if it is damaged");
  }
}

}  // namespace spor::sync::wire
