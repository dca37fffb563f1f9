#include "crypto/random.hpp"

#include <array>

#include <sodium.h>

#include "crypto/error.hpp"
#include "crypto/init.hpp"

namespace spor::crypto {

void randomFill(std::span<std::uint8_t> out) {
  init();
  if (!out.empty()) randombytes_buf(out.data(), out.size());
}

Bytes randomBytes(std::size_t count) {
  Bytes bytes(count);
  randomFill(bytes);
  return bytes;
}

std::string randomUuid() {
  std::array<std::uint8_t, 16> b{};
  randomFill(b);
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0Fu) | 0x40u);  // version 4: random
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3Fu) | 0x80u);  // variant: RFC 4122

  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += kDigits[b[i] >> 4u];
    text += kDigits[b[i] & 0x0Fu];
  }
  return text;
}

std::uint32_t randomUint32(std::uint32_t upperBound) {
  if (upperBound == 0) {
    throw CryptoError("randomUint32: the upper bound must be at least 1 (got 0)");
  }
  init();
  return randombytes_uniform(upperBound);  // rejection sampling: no modulo bias
}

}  // namespace spor::crypto
