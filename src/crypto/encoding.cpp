#include "crypto/encoding.hpp"

#include <string>

#include <sodium.h>

#include "crypto/error.hpp"
#include "crypto/init.hpp"

namespace spor::crypto {
namespace {

// Describes a character for an error message without echoing control bytes.
std::string describeChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u == ' ') return "a space";
  if (u >= 0x21 && u < 0x7F) return std::string("'") + c + "'";
  static constexpr char kDigits[] = "0123456789abcdef";
  return std::string("byte 0x") + kDigits[u >> 4u] + kDigits[u & 0x0Fu];
}

bool isHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
}

// Decodes into `out` (already sized text.size() / 2) or throws EncodingError.
void decodeHexInto(std::string_view text, std::span<std::uint8_t> out) {
  if (text.size() % 2 != 0) {
    throw EncodingError("invalid hex: " + std::to_string(text.size()) +
                        " digits is an odd number; every byte needs two digits, so the "
                        "text is truncated or has a stray character");
  }
  if (text.empty()) return;  // libsodium's buffers must not be null
  size_t decoded = 0;
  // hex_end = nullptr: libsodium fails unless the whole text is consumed.
  if (sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &decoded, nullptr) != 0 ||
      decoded != out.size()) {
    // Only on the error path, so the scan's timing reveals nothing useful.
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (!isHexDigit(text[i])) {
        throw EncodingError("invalid hex: " + describeChar(text[i]) + " at position " + std::to_string(i) +
                            " is not a hex digit (0-9, a-f); check the copied text");
      }
    }
    throw EncodingError("invalid hex: the text could not be decoded");
  }
}

std::size_t base64DecodedMax(std::string_view text) {
  return text.size() / 4 * 3;
}

// Decodes into `out` (sized base64DecodedMax), returns the decoded length.
std::size_t decodeBase64Into(std::string_view text, std::span<std::uint8_t> out) {
  if (text.size() % 4 != 0) {
    throw EncodingError("invalid base64: length " + std::to_string(text.size()) +
                        " is not a multiple of 4; padded standard base64 is expected, so "
                        "the text is truncated or has extra characters (trim whitespace)");
  }
  size_t decoded = 0;
  if (text.empty()) return 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &decoded, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (!isBase64Char(text[i])) {
        throw EncodingError("invalid base64: " + describeChar(text[i]) + " at position " + std::to_string(i) +
                            " is not a base64 character (A-Z, a-z, 0-9, +, /, =)");
      }
    }
    throw EncodingError(
        "invalid base64: bad padding or trailing bits; the text is damaged or is "
        "URL-safe base64 rather than standard base64");
  }
  return decoded;
}

}  // namespace

std::string hex(ByteView bytes) {
  init();
  std::string text(bytes.size() * 2 + 1, '\0');  // sodium_bin2hex writes a terminating NUL
  sodium_bin2hex(text.data(), text.size(), bytes.data(), bytes.size());
  text.pop_back();
  return text;
}

Bytes fromHex(std::string_view text) {
  init();
  Bytes out(text.size() / 2);
  decodeHexInto(text, out);
  return out;
}

SecretBytes secretFromHex(std::string_view text) {
  init();
  SecretBytes out(text.size() / 2);
  decodeHexInto(text, out.span());
  return out;
}

std::string toBase64(ByteView bytes) {
  init();
  std::string text(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  text.pop_back();  // the terminating NUL
  return text;
}

Bytes fromBase64(std::string_view text) {
  init();
  Bytes out(base64DecodedMax(text));
  out.resize(decodeBase64Into(text, out));
  return out;
}

SecretBytes secretFromBase64(std::string_view text) {
  init();
  SecretBytes buffer(base64DecodedMax(text));
  const std::size_t decoded = decodeBase64Into(text, buffer.span());
  if (decoded == buffer.size()) return buffer;
  // Padding made the buffer too long: copy into an exact one; `buffer` is
  // wiped when it goes out of scope.
  return SecretBytes::copyOf(buffer.view().first(decoded));
}

}  // namespace spor::crypto
