#pragma once
// Internal helpers shared by the .cpp files of spor::crypto. Not part of the
// public API, and like every header here it keeps libsodium out.

#include <cstddef>
#include <memory>
#include <new>
#include <string>
#include <string_view>

#include "crypto/error.hpp"
#include "crypto/secret_bytes.hpp"

namespace spor::crypto::detail {

// Throws CryptoError "<what> must be N bytes, got M; <hint>" unless actual == expected.
void requireSize(std::string_view what, std::size_t actual, std::size_t expected, std::string_view hint);

// libsodium state structs (which hold keys) are kept in SecretBytes so they
// are locked and wiped like keys. sodium_malloc() does not align for types
// such as the 64-byte-aligned BLAKE2b state, so room for alignment is added
// and the object is placed at the first suitably aligned address.
template <typename T>
std::size_t storageBytesFor() noexcept {
  return sizeof(T) + alignof(T) - 1;
}

template <typename T>
T* objectIn(SecretBytes& storage) {
  void* where = storage.data();
  std::size_t space = storage.size();
  void* aligned = where == nullptr ? nullptr : std::align(alignof(T), sizeof(T), where, space);
  if (aligned == nullptr) {
    throw CryptoError("internal error: state storage is missing (object was moved from)");
  }
  return static_cast<T*>(aligned);
}

template <typename T>
SecretBytes makeSecureObject() {
  SecretBytes storage(storageBytesFor<T>());
  ::new (static_cast<void*>(objectIn<T>(storage))) T{};
  return storage;
}

}  // namespace spor::crypto::detail
