#include "crypto/secret_bytes.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include <sodium.h>

#include "crypto/error.hpp"
#include "crypto/init.hpp"

namespace spor::crypto {

SecretBytes::SecretBytes(std::size_t size) {
  if (size == 0) return;
  init();
  // sodium_malloc() surrounds the region with guard pages, mlock()s it
  // where RLIMIT_MEMLOCK allows (and asks the kernel to leave it out of
  // core dumps), and fills it with garbage, hence the memzero.
  void* memory = sodium_malloc(size);
  if (memory == nullptr) {
    throw CryptoError("cannot allocate " + std::to_string(size) +
                      " bytes of protected memory for a key (sodium_malloc failed); the "
                      "system is out of memory: close other apps and try again");
  }
  data_ = static_cast<std::uint8_t*>(memory);
  size_ = size;
  sodium_memzero(data_, size_);
}

SecretBytes SecretBytes::random(std::size_t size) {
  SecretBytes secret(size);
  if (size != 0) randombytes_buf(secret.data_, secret.size_);
  return secret;
}

SecretBytes SecretBytes::copyOf(ByteView bytes) {
  if (bytes.empty()) return {};
  SecretBytes secret(bytes.size());
  std::copy(bytes.begin(), bytes.end(), secret.data_);
  return secret;
}

SecretBytes::~SecretBytes() {
  release();
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void SecretBytes::release() noexcept {
  if (data_ == nullptr) return;
  // sodium_free() wipes too; the explicit wipe states the intent and does
  // not depend on that.
  sodium_memzero(data_, size_);
  sodium_free(data_);
  data_ = nullptr;
  size_ = 0;
}

SecretBytes SecretBytes::clone() const {
  return copyOf(view());
}

bool SecretBytes::equals(const SecretBytes& other) const noexcept {
  return equals(other.view());
}

bool SecretBytes::equals(ByteView other) const noexcept {
  if (other.size() != size_) return false;
  if (size_ == 0) return true;
  return sodium_memcmp(data_, other.data(), size_) == 0;
}

}  // namespace spor::crypto
