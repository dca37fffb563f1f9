#pragma once
// Reading and writing cereal portable binary archives (FORMAT.md, "Records").
//
// Writing uses cereal's own PortableBinaryOutputArchive, little-endian.
// Reading uses BoundedInputArchive, which reads exactly the same layout but
// from a byte span with a hard end: cereal's PortableBinaryInputArchive
// believes every length it reads and resizes a string or vector to it
// before reading a byte, so a hostile or damaged length of 2^60 would try to
// allocate that. Here a length larger than the bytes that remain is refused
// first, vectors grow only as their elements are actually read, and a bool
// must be 0 or 1. Everything is checked even though bodies are parsed only
// after a signature verifies: a signing key can be stolen, and the fuzzers
// reach this code directly.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <cereal/archives/portable_binary.hpp>
#include <cereal/cereal.hpp>
#include <cereal/types/array.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "crypto/bytes.hpp"
#include "sync/errors.hpp"

namespace spor::sync {

// The most any one string in a record may hold (names, ids, free text).
inline constexpr std::size_t kMaxStringBytes = 64 * 1024;

class BufferOutputArchive;
class BoundedInputArchive : public cereal::InputArchive<BoundedInputArchive, cereal::AllowEmptyClassElision> {
 public:
  // `what` names the thing being read in error messages ("the payload of 'x.sporbundle'").
  BoundedInputArchive(crypto::ByteView bytes, std::string what);

  // Reads `size` bytes of `elementSize`-byte values into `data`, swapping
  // byte order on a big-endian machine (the archive is little-endian).
  void loadBinary(void* data, std::size_t size, std::size_t elementSize);

  [[nodiscard]] std::size_t remaining() const noexcept { return bytes_.size() - pos_; }
  // A length read from the archive, checked against what remains assuming
  // each element takes at least `minBytesEach` bytes.
  [[nodiscard]] std::size_t checkedLength(std::uint64_t length, std::size_t minBytesEach, std::string_view of);
  // Throws unless every byte was read.
  void requireEnd();
  [[noreturn]] void fail(const std::string& reason) const;

 private:
  crypto::ByteView bytes_;
  std::size_t pos_ = 0;
  std::string what_;
};

// --- loads for BoundedInputArchive (found by cereal through ADL) ---------

template <class T>
requires std::is_arithmetic_v<T>
void CEREAL_LOAD_FUNCTION_NAME(BoundedInputArchive& ar, T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    std::uint8_t byte = 0;
    ar.loadBinary(&byte, 1, 1);
    if (byte > 1) ar.fail("a true/false value is " + std::to_string(byte) + ", not 0 or 1");
    value = byte == 1;
  } else {
    ar.loadBinary(&value, sizeof(T), sizeof(T));
  }
}

template <class T>
void CEREAL_LOAD_FUNCTION_NAME(BoundedInputArchive& ar, cereal::NameValuePair<T>& nvp) {
  ar(nvp.value);
}

template <class T>
void CEREAL_LOAD_FUNCTION_NAME(BoundedInputArchive& ar, cereal::SizeTag<T>& tag) {
  ar(tag.size);
}

template <class T>
void CEREAL_LOAD_FUNCTION_NAME(BoundedInputArchive& ar, cereal::BinaryData<T>& data) {
  using Element = std::remove_pointer_t<T>;
  ar.loadBinary(data.data, static_cast<std::size_t>(data.size), sizeof(Element));
}

// More specialised than cereal's templates, so these are chosen for our archive.
void CEREAL_LOAD_FUNCTION_NAME(BoundedInputArchive& ar, std::string& text);

template <class T>
void CEREAL_LOAD_FUNCTION_NAME(BoundedInputArchive& ar, std::vector<T>& items) {
  cereal::size_type length = 0;
  ar(cereal::make_size_tag(length));
  if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
    const std::size_t count = ar.checkedLength(length, sizeof(T), "a list of numbers");
    items.resize(count);
    ar.loadBinary(items.data(), count * sizeof(T), sizeof(T));
  } else {
    // Each element takes at least one byte; grow as elements arrive.
    const std::size_t count = ar.checkedLength(length, 1, "a list");
    items.clear();
    items.reserve(count < 1024 ? count : 1024);
    for (std::size_t i = 0; i < count; ++i) {
      items.emplace_back();
      ar(items.back());
    }
  }
}

// --- a fast writer of the same layout -------------------------------------

// Writes exactly the bytes cereal's PortableBinaryOutputArchive writes in
// little-endian mode (the tests compare the two on every record type), but
// appends straight to a byte vector: cereal's archive goes through an
// std::ostream for every value, which made serialising a bundle's records
// cost more than encrypting and signing them (issue 16). The first byte
// (the endianness marker, 1) is written by the constructor.
class BufferOutputArchive : public cereal::OutputArchive<BufferOutputArchive, cereal::AllowEmptyClassElision> {
 public:
  explicit BufferOutputArchive(crypto::Bytes& out)
      : cereal::OutputArchive<BufferOutputArchive, cereal::AllowEmptyClassElision>(this), out_(out) {
    out_.push_back(1);
  }
  void saveBinary(const void* data, std::size_t size, std::size_t elementSize) {
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    if constexpr (std::endian::native == std::endian::big) {
      if (elementSize > 1) {
        for (std::size_t i = 0; i < size; i += elementSize)
          for (std::size_t j = elementSize; j-- > 0;) out_.push_back(bytes[i + j]);
        return;
      }
    }
    (void)elementSize;
    out_.insert(out_.end(), bytes, bytes + size);
  }
  [[nodiscard]] crypto::Bytes& bytes() noexcept { return out_; }

 private:
  crypto::Bytes& out_;
};

template <class T>
requires std::is_arithmetic_v<T>
void CEREAL_SAVE_FUNCTION_NAME(BufferOutputArchive& ar, const T& value) {
  ar.saveBinary(&value, sizeof(T), sizeof(T));
}
template <class T>
void CEREAL_SAVE_FUNCTION_NAME(BufferOutputArchive& ar, const cereal::NameValuePair<T>& nvp) {
  ar(nvp.value);
}
template <class T>
void CEREAL_SAVE_FUNCTION_NAME(BufferOutputArchive& ar, const cereal::SizeTag<T>& tag) {
  ar(tag.size);
}
template <class T>
void CEREAL_SAVE_FUNCTION_NAME(BufferOutputArchive& ar, const cereal::BinaryData<T>& data) {
  using Element = std::remove_const_t<std::remove_pointer_t<T>>;
  ar.saveBinary(data.data, static_cast<std::size_t>(data.size), sizeof(Element));
}

// --- whole archives -------------------------------------------------------

// A stream buffer that appends to a byte vector: cereal writes through
// sputn, and this avoids an ostringstream's copies of a large payload.
class ByteSink : public std::streambuf {
 public:
  explicit ByteSink(crypto::Bytes& out) : out_(out) {}

 protected:
  std::streamsize xsputn(const char* data, std::streamsize count) override {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(data);
    out_.insert(out_.end(), bytes, bytes + count);
    return count;
  }
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) out_.push_back(static_cast<std::uint8_t>(c));
    return traits_type::not_eof(c);
  }

 private:
  crypto::Bytes& out_;
};

// Serialises one value into a fresh little-endian portable binary archive.
// `expectedBytes` reserves room up front, so a large payload is not copied
// again each time the buffer grows.
template <class T>
crypto::Bytes encodeArchive(const T& value, std::size_t expectedBytes = 0) {
  crypto::Bytes out;
  out.reserve(expectedBytes);
  BufferOutputArchive archive(out);
  archive(value);
  return out;
}

// The same through cereal's own PortableBinaryOutputArchive: the reference
// that BufferOutputArchive must match byte for byte (tests only).
template <class T>
crypto::Bytes encodeArchiveWithCereal(const T& value) {
  crypto::Bytes out;
  ByteSink sink(out);
  std::ostream stream(&sink);
  {
    cereal::PortableBinaryOutputArchive archive(stream, cereal::PortableBinaryOutputArchive::Options::LittleEndian());
    archive(value);
  }
  return out;
}

// Parses exactly one value from `bytes`; every byte must be used. Throws
// SyncError(Malformed or FutureVersion) naming `what`.
template <class T>
T decodeArchive(crypto::ByteView bytes, const std::string& what) {
  BoundedInputArchive archive(bytes, what);
  T value{};
  try {
    archive(value);
  } catch (const SyncError& e) {
    if (e.kind() == SyncErrorKind::Malformed) throw;  // already names `what`
    throw SyncError(e.kind(), what + ": " + e.what());
  } catch (const std::exception& e) {  // cereal::Exception, std::bad_alloc, ...
    archive.fail(e.what());
  }
  archive.requireEnd();
  return value;
}

// Record types call this from serialize(): a version newer than `known`
// means a newer Spor wrote the file.
void requireKnownVersion(std::uint32_t version, std::uint32_t known, const char* typeName);

}  // namespace spor::sync
