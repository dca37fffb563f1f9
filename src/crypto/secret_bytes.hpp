#pragma once
// SecretBytes: the one place keys live in memory.

#include <cstddef>
#include <cstdint>
#include <span>

#include "crypto/bytes.hpp"

namespace spor::crypto {

// A fixed-size buffer for keys and other secrets, on libsodium's guarded heap
// (sodium_malloc): guard pages around it, locked into RAM where the system
// allows (so it is not swapped out), and wiped with sodium_memzero before it
// is freed. Not copyable, so a key exists in one place only; movable, so it
// can be returned and stored. A moved-from SecretBytes is empty.
//
// Allocation costs a few pages and system calls: use it for keys and key
// material, not for bulk data.
class SecretBytes {
 public:
  SecretBytes() noexcept = default;                           // empty
  explicit SecretBytes(std::size_t size);                     // `size` zero bytes
  [[nodiscard]] static SecretBytes random(std::size_t size);  // fresh random key
  [[nodiscard]] static SecretBytes copyOf(ByteView bytes);    // caller wipes the source

  ~SecretBytes();
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::uint8_t* data() noexcept { return data_; }
  [[nodiscard]] const std::uint8_t* data() const noexcept { return data_; }
  [[nodiscard]] std::span<std::uint8_t> span() noexcept { return {data_, size_}; }
  [[nodiscard]] ByteView view() const noexcept { return {data_, size_}; }

  // An explicit copy, for the rare places that need two owners.
  [[nodiscard]] SecretBytes clone() const;

  // Constant-time comparison of contents; different sizes are unequal.
  [[nodiscard]] bool equals(const SecretBytes& other) const noexcept;
  [[nodiscard]] bool equals(ByteView other) const noexcept;

 private:
  void release() noexcept;

  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace spor::crypto
