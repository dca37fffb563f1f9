#include "crypto/init.hpp"

#include <sodium.h>

#include "crypto/error.hpp"

namespace spor::crypto {

void init() {
  // A function-local static is initialised once, thread-safely; if
  // sodium_init() fails the exception leaves it uninitialised, so the next
  // call tries again.
  static const bool initialised = [] {
    if (sodium_init() < 0) {
      throw CryptoError(
          "cannot start libsodium (sodium_init failed): the system's secure random "
          "source is unavailable; Spor cannot protect data on this system and must stop");
    }
    return true;
  }();
  static_cast<void>(initialised);
}

}  // namespace spor::crypto
