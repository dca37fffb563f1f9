#pragma once
// Hex and base64 text for keys and hashes in files and on screen, using
// libsodium's constant-time codecs (so decoding a secret leaks nothing about
// it through timing). Decoding is strict: no whitespace, no line breaks;
// trim lines before decoding. Bad input throws EncodingError saying where.

#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/secret_bytes.hpp"

namespace spor::crypto {

[[nodiscard]] std::string hex(ByteView bytes);       // lower-case
[[nodiscard]] Bytes fromHex(std::string_view text);  // either case
[[nodiscard]] SecretBytes secretFromHex(std::string_view text);

// Standard base64 with padding ("original" variant, RFC 4648 section 4).
[[nodiscard]] std::string toBase64(ByteView bytes);
[[nodiscard]] Bytes fromBase64(std::string_view text);
[[nodiscard]] SecretBytes secretFromBase64(std::string_view text);

}  // namespace spor::crypto
