#include "crypto/detail.hpp"

namespace spor::crypto::detail {

void requireSize(std::string_view what, std::size_t actual, std::size_t expected, std::string_view hint) {
  if (actual == expected) return;
  std::string message(what);
  message += " must be " + std::to_string(expected) + " bytes, got " + std::to_string(actual);
  if (!hint.empty()) {
    message += "; ";
    message += hint;
  }
  throw CryptoError(message);
}

}  // namespace spor::crypto::detail
