#include "store/sealed.hpp"

#include "crypto/aead.hpp"
#include "crypto/error.hpp"
#include "crypto/memory.hpp"
#include "store/error.hpp"

namespace spor::store {

namespace {

constexpr std::size_t kPadBlock = 16;

void appendField(crypto::Bytes& out, std::string_view field) {
  const auto n = static_cast<std::uint32_t>(field.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  out.insert(out.end(), field.begin(), field.end());
}

std::string where(const Cell& cell) {
  std::string name =
      cell.label.empty() ? std::string(cell.table) + " " + std::string(cell.rowId) : std::string(cell.label);
  return name + ", column " + std::string(cell.column);
}

}  // namespace

crypto::Bytes cellAssociatedData(const Cell& cell) {
  crypto::Bytes ad;
  ad.reserve(12 + 16 + cell.table.size() + cell.rowId.size() + cell.column.size() + 8);
  appendField(ad, "spor.cell.v1");
  appendField(ad, cell.table);
  appendField(ad, cell.rowId);
  appendField(ad, cell.column);
  const auto v = static_cast<std::uint64_t>(cell.rowVersion);
  for (int i = 0; i < 8; ++i) ad.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  return ad;
}

crypto::Bytes padText(std::string_view text) {
  crypto::Bytes out(text.begin(), text.end());
  out.push_back(0x80);
  while (out.size() % kPadBlock != 0) out.push_back(0);
  return out;
}

std::string unpadText(crypto::ByteView padded) {
  std::size_t end = padded.size();
  while (end > 0 && padded[end - 1] == 0) --end;
  if (end == 0 || padded[end - 1] != 0x80 || padded.size() % kPadBlock != 0)
    throw StoreError("an encrypted text has bad padding; the database is damaged");
  return {reinterpret_cast<const char*>(padded.data()), end - 1};
}

ColumnCipher::ColumnCipher(crypto::SecretBytes dataKey) : key_(std::move(dataKey)) {
  if (key_.size() != crypto::kKeyBytes) throw StoreError("internal error: a data key must be 32 bytes");
}

crypto::Bytes ColumnCipher::sealBytes(const Cell& cell, crypto::ByteView plaintext) const {
  return crypto::seal(key_, plaintext, cellAssociatedData(cell));
}

crypto::Bytes ColumnCipher::sealText(const Cell& cell, std::string_view text) const {
  crypto::Bytes padded = padText(text);
  crypto::Bytes out = sealBytes(cell, padded);
  crypto::memzero(padded);
  return out;
}

crypto::Bytes ColumnCipher::sealInt(const Cell& cell, std::int64_t value) const {
  std::uint8_t raw[8];
  const auto v = static_cast<std::uint64_t>(value);
  for (int i = 0; i < 8; ++i) raw[i] = static_cast<std::uint8_t>(v >> (8 * i));
  crypto::Bytes out = sealBytes(cell, raw);
  crypto::memzero(raw);
  return out;
}

crypto::Bytes ColumnCipher::openBytes(const Cell& cell, crypto::ByteView sealed) const {
  try {
    return crypto::open(key_, sealed, cellAssociatedData(cell));
  } catch (const crypto::DecryptError&) {
    throw TamperedError("cannot decrypt " + where(cell) +
                        ": the stored value was changed or damaged, or copied from another row or an older version "
                        "of this one; nothing was changed. Restore the database from a good copy, or ask the "
                        "coordinator for help");
  }
}

std::string ColumnCipher::openText(const Cell& cell, crypto::ByteView sealed) const {
  crypto::Bytes padded = openBytes(cell, sealed);
  std::string text = unpadText(padded);
  crypto::memzero(padded);
  return text;
}

std::int64_t ColumnCipher::openInt(const Cell& cell, crypto::ByteView sealed) const {
  crypto::Bytes raw = openBytes(cell, sealed);
  if (raw.size() != 8) throw TamperedError("cannot decrypt " + where(cell) + ": the value has the wrong length");
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | raw[static_cast<std::size_t>(i)];
  crypto::memzero(raw);
  return static_cast<std::int64_t>(v);
}

}  // namespace spor::store
