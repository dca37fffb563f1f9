#include "store/types.hpp"

#include "crypto/random.hpp"
#include "store/error.hpp"

namespace spor::store {

Timestamp systemNow() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

std::int64_t toMillis(Timestamp t) {
  return static_cast<std::int64_t>(t.time_since_epoch().count());
}
Timestamp fromMillis(std::int64_t ms) {
  return Timestamp(std::chrono::milliseconds(ms));
}

const char* responseKindId(ResponseKind kind) {
  switch (kind) {
    case ResponseKind::Child: return "child";
    case ResponseKind::Background: return "background";
    case ResponseKind::Fidelity: return "fidelity";
  }
  return "child";
}

bool parseResponseKind(std::string_view id, ResponseKind& kind) {
  for (auto k : {ResponseKind::Child, ResponseKind::Background, ResponseKind::Fidelity})
    if (id == responseKindId(k)) {
      kind = k;
      return true;
    }
  return false;
}

std::string newUuid() {
  return crypto::randomUuid();
}

namespace {
int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
bool dashAt(std::size_t i) {
  return i == 8 || i == 13 || i == 18 || i == 23;
}
}  // namespace

bool isUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (dashAt(i) ? text[i] != '-' : hexValue(text[i]) < 0) return false;
  }
  return true;
}

crypto::Bytes uuidToBytes(std::string_view text) {
  if (!isUuid(text))
    throw InvalidRequestError("'" + std::string(text) + "' is not a UUID (like 1b4e28ba-2fa1-4d2b-883f-0016d3cca427)");
  crypto::Bytes out;
  out.reserve(16);
  for (std::size_t i = 0; i < text.size();) {
    if (dashAt(i)) {
      ++i;
      continue;
    }
    out.push_back(static_cast<std::uint8_t>(hexValue(text[i]) * 16 + hexValue(text[i + 1])));
    i += 2;
  }
  return out;
}

std::string uuidFromBytes(crypto::ByteView bytes) {
  if (bytes.size() != 16)
    throw StoreError("a stored UUID is " + std::to_string(bytes.size()) +
                     " bytes instead of 16; the database is damaged");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xf];
  }
  return out;
}

}  // namespace spor::store
