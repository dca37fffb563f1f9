#pragma once
// Errors thrown by spor::crypto. Every failure is an exception deriving from
// CryptoError whose message says what failed and what to do about it, so
// callers can show it (after adding their own context) or log it as is.

#include <stdexcept>
#include <string>

namespace spor::crypto {

// Base of every error from this library: misuse (wrong key size, a value out
// of range), a failing libsodium call, or one of the subclasses below.
class CryptoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Authenticated decryption or verification of encrypted data failed: the data
// was changed or damaged, or the key or associated data is not the one it was
// sealed with. Callers add context ("child 17, column name: ...") and rethrow.
class DecryptError : public CryptoError {
 public:
  using CryptoError::CryptoError;
};

// Text that should hold hex or base64 does not.
class EncodingError : public CryptoError {
 public:
  using CryptoError::CryptoError;
};

}  // namespace spor::crypto
