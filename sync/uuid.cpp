#include "sync/uuid.hpp"

#include "crypto/encoding.hpp"
#include "crypto/random.hpp"
#include "sync/errors.hpp"

namespace spor::sync {

Uuid Uuid::parse(std::string_view text, std::string_view what) {
  Uuid id;
  const auto bad = [&] {
    return SyncError(SyncErrorKind::BadInput, std::string(what) + " '" + std::string(text) +
                                                  "' is not a UUID (expected 8-4-4-4-12 hex digits, like "
                                                  "1b4e28ba-2fa1-4d2b-883f-0016d3cca427)");
  };
  if (text.size() != 36) throw bad();
  std::size_t out = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') throw bad();
      ++i;
      continue;
    }
    int value = 0;
    for (int k = 0; k < 2; ++k, ++i) {
      const char c = text[i];
      int digit = 0;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        throw bad();
      }
      value = value * 16 + digit;
    }
    id.bytes[out++] = static_cast<std::uint8_t>(value);
  }
  return id;
}

Uuid Uuid::random() {
  return parse(crypto::randomUuid());
}

std::string Uuid::str() const {
  const std::string digits = crypto::hex(bytes);
  return digits.substr(0, 8) + "-" + digits.substr(8, 4) + "-" + digits.substr(12, 4) + "-" + digits.substr(16, 4) +
         "-" + digits.substr(20);
}

bool Uuid::isNil() const {
  for (auto b : bytes) {
    if (b != 0) return false;
  }
  return true;
}

}  // namespace spor::sync
