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
#include <vector>

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

// The catalogue's words for a `kind` file: "bundle" / "pakken" (the file
// itself), "bundle" / "en pakke" (a kind), and what such a file is for.
inline Msg fileWord(char kind) {
  switch (kind) {
    case 'R': return Msg::FileReceipt;
    case 'F': return Msg::FileFormPackage;
    case 'E': return Msg::FileEnrolment;
    default: return Msg::FileBundle;
  }
}
inline Msg kindWord(char kind) {
  switch (kind) {
    case 'R': return Msg::KindReceipt;
    case 'F': return Msg::KindFormPackage;
    case 'E': return Msg::KindEnrolment;
    default: return Msg::KindBundle;
  }
}
inline Msg kindAdvice(char kind) {
  switch (kind) {
    case 'R': return Msg::AdviceReceipt;
    case 'F': return Msg::AdviceFormPackage;
    case 'E': return Msg::AdviceEnrolment;
    default: return Msg::AdviceBundle;
  }
}

// A refusal of the `kind` file `name` (sync::fileError with its word).
inline SyncError fileError(SyncErrorKind error, Msg code, char kind, const std::string& name,
                           std::vector<MessageArg> more = {}) {
  return sync::fileError(error, code, fileWord(kind), name, std::move(more));
}

// Checks the magic of a `kind` file called `name`.
inline void checkMagic(crypto::ByteView file, char kind, const std::string& name) {
  const auto expected = magic(kind);
  if (file.empty()) throw fileError(SyncErrorKind::NotSporFile, Msg::FileEmpty, kind, name);
  const std::size_t n = std::min(file.size(), kMagicBytes);
  if (std::equal(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(n), expected.begin())) {
    if (n == kMagicBytes) return;
    throw fileError(SyncErrorKind::Truncated, Msg::FileCutInMarker, kind, name, {{"size", file.size()}});
  }
  const bool spor = file.size() >= 6 && std::equal(expected.begin(), expected.begin() + 5, file.begin());
  if (spor) {
    const char other = static_cast<char>(file[5]);
    if (other == kind && file.size() >= 7 && file[6] == 0x0A) {
      throw fileError(SyncErrorKind::NotSporFile, Msg::FileLineEndings, kind, name);
    }
    if (other != kind && kindName(other) != nullptr) {
      throw fileError(SyncErrorKind::NotSporFile, Msg::FileOtherKind, kind, name,
                      {{"other", kindWord(other)}, {"advice", kindAdvice(other)}});
    }
  }
  throw fileError(SyncErrorKind::NotSporFile, Msg::FileNotSpor, kind, name, {{"advice", kindAdvice(kind)}});
}

// Format version and cipher suite at offsets 8 and 10 (both kinds).
inline void checkVersionAndSuite(crypto::ByteView file, std::uint16_t knownVersion, std::uint16_t knownSuite,
                                 char kind, const std::string& name) {
  if (file.size() < 12) {
    throw fileError(SyncErrorKind::Truncated, Msg::FileHeaderCut, kind, name, {{"size", file.size()}});
  }
  const auto version = get<std::uint16_t>(file, 8);
  const auto suite = get<std::uint16_t>(file, 10);
  if (version > knownVersion) {
    throw fileError(SyncErrorKind::FutureVersion, Msg::FileNewerVersion, kind, name,
                    {{"version", unsigned{version}}, {"known", unsigned{knownVersion}}});
  }
  if (version == 0) throw fileError(SyncErrorKind::DamagedHeader, Msg::FileVersionZero, kind, name);
  if (suite != knownSuite) {
    throw fileError(SyncErrorKind::FutureVersion, Msg::FileUnknownSuite, kind, name,
                    {{"suite", unsigned{suite}}, {"known", unsigned{knownSuite}}});
  }
}

}  // namespace spor::sync::wire
