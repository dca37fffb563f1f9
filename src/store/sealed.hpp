#pragma once
// Encrypted columns. Every sensitive value (answers, nicknames, notes, free
// text) is sealed with XChaCha20-Poly1305 under the store's data key, and its
// associated data binds it to where it lives:
//
//     "spor.cell.v1" | table | row id | column | row version
//
// (each field length-prefixed), so a ciphertext copied to another row or
// column, or an older version of the row restored over a newer one, fails to
// decrypt with a TamperedError that names the place. The row id is the row's
// UUID (stable across devices and VACUUM); the row version is bumped every
// time a row's sealed values are rewritten.
//
// Plaintext encodings keep lengths from saying anything: integers are always
// 8 bytes, text is padded to a multiple of 16 bytes (ISO/IEC 7816-4).
#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/secret_bytes.hpp"

namespace spor::store {

// Where a sealed value lives.
struct Cell {
  std::string_view table;   // "child"
  std::string_view rowId;   // the row's UUID
  std::string_view column;  // "nickname"
  std::int64_t rowVersion = 1;
  // How messages name the row ("child K7-4QX9"); "<table> <rowId>" when empty.
  // Not part of the associated data.
  std::string_view label = {};
};

// The associated data for `cell` (exposed for tests and the coordinator store).
[[nodiscard]] crypto::Bytes cellAssociatedData(const Cell& cell);

// Seals and opens values under one data key, which it owns (in secure memory).
class ColumnCipher {
 public:
  explicit ColumnCipher(crypto::SecretBytes dataKey);

  [[nodiscard]] crypto::Bytes sealBytes(const Cell& cell, crypto::ByteView plaintext) const;
  [[nodiscard]] crypto::Bytes sealText(const Cell& cell, std::string_view text) const;
  [[nodiscard]] crypto::Bytes sealInt(const Cell& cell, std::int64_t value) const;

  // Each throws TamperedError naming the cell when the value does not open.
  // openBytes' result is ordinary memory: crypto::memzero it if it is a secret.
  [[nodiscard]] crypto::Bytes openBytes(const Cell& cell, crypto::ByteView sealed) const;
  [[nodiscard]] std::string openText(const Cell& cell, crypto::ByteView sealed) const;
  [[nodiscard]] std::int64_t openInt(const Cell& cell, crypto::ByteView sealed) const;

  [[nodiscard]] const crypto::SecretBytes& key() const { return key_; }

 private:
  crypto::SecretBytes key_;
};

// Text padding, exposed for tests: pad to a multiple of 16 bytes (at least
// 16), and back; unpadText throws StoreError on bad padding.
[[nodiscard]] crypto::Bytes padText(std::string_view text);
[[nodiscard]] std::string unpadText(crypto::ByteView padded);

}  // namespace spor::store
