#pragma once
// A PIN's digits in wiped secret memory (issue 11 item 10): the PIN pad's
// typed digits and a new PIN's first and old entries live in a
// crypto::SecretBytes (libsodium's guarded heap: locked into RAM where the
// system allows, wiped before it is freed), as keys do, never in a
// std::string whose old buffers are freed unwiped. Cleared: wiped at once.
// A copy (a job on the worker takes one) is a second secret buffer, wiped too.
#include <algorithm>
#include <cstddef>
#include <string_view>

#include "crypto/secret_bytes.hpp"

namespace spor::ui {

class SecretDigits {
 public:
  static constexpr std::size_t kCapacity = 64;  // more than any PIN the pad takes (LockPart::kMaxDigits)

  SecretDigits() = default;  // empty, nothing allocated until the first digit
  SecretDigits(const SecretDigits& other) { *this = other; }
  SecretDigits& operator=(const SecretDigits& other) {
    if (this == &other) return *this;
    clear();
    for (char c : other.view()) push_back(c);
    return *this;
  }
  SecretDigits(SecretDigits&& other) noexcept : buffer_(std::move(other.buffer_)), size_(other.size_) {
    other.size_ = 0;
  }
  SecretDigits& operator=(SecretDigits&& other) noexcept {
    buffer_ = std::move(other.buffer_);
    size_ = other.size_;
    other.size_ = 0;
    return *this;
  }
  ~SecretDigits() = default;  // SecretBytes wipes its memory when freed

  // A character past kCapacity is dropped (the pad stops at its maximum first).
  void push_back(char c) {
    if (buffer_.empty()) buffer_ = crypto::SecretBytes(kCapacity);
    if (size_ >= kCapacity) return;
    buffer_.data()[size_++] = static_cast<std::uint8_t>(c);
  }
  void pop_back() {
    if (size_ == 0) return;
    buffer_.data()[--size_] = 0;
  }
  void clear() {
    if (!buffer_.empty()) std::fill_n(buffer_.data(), buffer_.size(), std::uint8_t{0});
    size_ = 0;
  }

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  // Valid until the digits change; handed to the store as they are.
  [[nodiscard]] std::string_view view() const {
    return size_ == 0 ? std::string_view{} : std::string_view(reinterpret_cast<const char*>(buffer_.data()), size_);
  }
  operator std::string_view() const { return view(); }  // NOLINT: the store's calls take a string_view

  friend bool operator==(const SecretDigits& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const SecretDigits& a, const SecretDigits& b) { return a.view() == b.view(); }

 private:
  crypto::SecretBytes buffer_;
  std::size_t size_ = 0;
};

}  // namespace spor::ui
