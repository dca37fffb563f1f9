#include "sync/archive.hpp"

#include <algorithm>

namespace spor::sync {

BoundedInputArchive::BoundedInputArchive(crypto::ByteView bytes, std::string what)
    : cereal::InputArchive<BoundedInputArchive, cereal::AllowEmptyClassElision>(this),
      bytes_(bytes),
      what_(std::move(what)) {
  // PortableBinaryOutputArchive starts with its endianness: 1 = little.
  std::uint8_t littleEndian = 0;
  loadBinary(&littleEndian, 1, 1);
  if (littleEndian != 1) {
    fail("it does not start with the little-endian marker (byte " + std::to_string(littleEndian) +
         "); Spor writes only little-endian archives");
  }
}

void BoundedInputArchive::loadBinary(void* data, std::size_t size, std::size_t elementSize) {
  if (size > remaining()) {
    fail("it ends " + std::to_string(size - remaining()) + " bytes too early");
  }
  auto* out = static_cast<std::uint8_t*>(data);
  if (size != 0) std::memcpy(out, bytes_.data() + pos_, size);
  pos_ += size;
  if constexpr (std::endian::native == std::endian::big) {
    if (elementSize > 1) {
      for (std::size_t i = 0; i + elementSize <= size; i += elementSize) std::reverse(out + i, out + i + elementSize);
    }
  } else {
    (void)elementSize;
  }
}

std::size_t BoundedInputArchive::checkedLength(std::uint64_t length, std::size_t minBytesEach, std::string_view of) {
  if (length > remaining() / minBytesEach) {
    fail(std::string(of) + " claims " + std::to_string(length) + " elements but only " + std::to_string(remaining()) +
         " bytes remain");
  }
  return static_cast<std::size_t>(length);
}

void BoundedInputArchive::requireEnd() {
  if (remaining() != 0) fail(std::to_string(remaining()) + " bytes are left over after the last value");
}

void BoundedInputArchive::fail(const std::string& reason) const {
  throw SyncError(SyncErrorKind::Malformed,
                  Message{Msg::SyncMalformed,
                          {{"en_what", what_},
                           {"en_reason", reason + " (at byte " + std::to_string(pos_) + " of " +
                                             std::to_string(bytes_.size()) + ")"}}});
}

void CEREAL_LOAD_FUNCTION_NAME(BoundedInputArchive& ar, std::string& text) {
  cereal::size_type length = 0;
  ar(cereal::make_size_tag(length));
  if (length > kMaxStringBytes) {
    ar.fail("a text of " + std::to_string(length) + " bytes is longer than the " + std::to_string(kMaxStringBytes) +
            " allowed");
  }
  const std::size_t count = ar.checkedLength(length, 1, "a text");
  text.resize(count);
  ar.loadBinary(text.data(), count, 1);
}

void requireKnownVersion(std::uint32_t version, std::uint32_t known, const char* typeName) {
  if (version > known) {
    throw SyncError(SyncErrorKind::FutureVersion,
                    Message{Msg::RecordNewerVersion, {{"en_type", typeName}, {"version", version}, {"known", known}}});
  }
  if (version == 0) {
    throw SyncError(SyncErrorKind::Malformed,
                    Message{Msg::SyncMalformed,
                            {{"en_what", "it"}, {"en_reason", std::string("it holds ") + typeName + " version 0, which no Spor writes"}}});
  }
}

}  // namespace spor::sync
