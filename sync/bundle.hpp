#pragma once
// Bundles: the encrypted, signed files that carry a device's records to its
// coordinator. FORMAT.md is the byte layout and the reasons; this is the
// code. A device writes with BundleWriter; the coordinator reads with
// BundleReader, which checks in FORMAT.md's order and throws SyncError with
// the file's name and the reason.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "crypto/box.hpp"
#include "crypto/bytes.hpp"
#include "crypto/keys.hpp"
#include "crypto/sign.hpp"
#include "crypto/stream.hpp"
#include "sync/records.hpp"
#include "sync/uuid.hpp"

namespace spor::sync {

inline constexpr std::uint16_t kBundleFormatVersion = 1;
inline constexpr std::uint16_t kCipherSuite = 1;  // crypto_kx + secretstream + BLAKE2b-256 + Ed25519
inline constexpr std::size_t kBundleHeaderBytes = 184;
inline constexpr std::size_t kBundleSignatureOffset = kBundleHeaderBytes;
inline constexpr std::size_t kBundleCiphertextOffset = kBundleHeaderBytes + crypto::kSignatureBytes;  // 248
inline constexpr std::size_t kBundleChunkBytes = 64 * 1024;
inline constexpr std::uint64_t kMaxBundlePayloadBytes = 256ULL * 1024 * 1024;
inline constexpr std::uint32_t kMaxBundleRecords = 4'000'000;
inline constexpr const char* kBundleExtension = ".sporbundle";

// The exact size of a bundle whose payload is `payloadLength` bytes: header,
// signature, and the payload in 64 KiB chunks, each with its stream overhead.
[[nodiscard]] constexpr std::uint64_t bundleFileSize(std::uint64_t payloadLength) {
  const std::uint64_t chunks = payloadLength == 0 ? 1 : (payloadLength + kBundleChunkBytes - 1) / kBundleChunkBytes;
  return kBundleCiphertextOffset + payloadLength + crypto::kStreamABytes * chunks;
}
// The largest a bundle can be under the caps: what readers allow on disk.
[[nodiscard]] constexpr std::uint64_t maxBundleFileSize() {
  return bundleFileSize(kMaxBundlePayloadBytes);
}

// The fixed header (FORMAT.md, "Bundle").
struct BundleHeader {
  std::uint16_t formatVersion = kBundleFormatVersion;
  std::uint16_t cipherSuite = kCipherSuite;
  Uuid deviceId;
  crypto::SignPublicKey deviceKey;
  Fingerprint recipient{};
  std::uint64_t sequence = 0;
  Hash previousBundleHash{};
  std::uint32_t recordCount = 0;
  std::uint64_t payloadLength = 0;
  crypto::BoxPublicKey ephemeralKey;
  crypto::StreamHeader streamHeader{};

  [[nodiscard]] crypto::Bytes encode() const;  // kBundleHeaderBytes
  // Only the layout; no value is checked. `bytes` must be at least kBundleHeaderBytes.
  [[nodiscard]] static BundleHeader decode(crypto::ByteView bytes);
  friend bool operator==(const BundleHeader&, const BundleHeader&) = default;
};

// What a device puts in one bundle.
struct NewBundle {
  std::uint64_t sequence = 1;
  Hash previousBundleHash{};  // zeros for sequence 1
  Records records;
  UnixTime createdAt = 0;
  std::string softwareVersion;
};

struct EncodedBundle {
  crypto::Bytes bytes;
  Hash hash{};  // of the whole file: the bundle's name in ledgers and receipts
  BundleHeader header;
};

struct WrittenBundle {
  std::filesystem::path path;
  Hash hash{};
  std::uint64_t bytes = 0;
};

// Makes encryption repeatable: for golden test files ONLY (FORMAT.md). Real
// bundles always use a fresh random ephemeral key and stream header.
struct FixedRandomness {
  std::array<std::uint8_t, 32> ephemeralSeed{};
  crypto::StreamHeader streamHeader{};
};

namespace detail {
// Encodes `payload` as a bundle whose header names `headerSender` (device id,
// key, sequence, previous hash, recipient) and is signed with `signingKey`.
// BundleWriter::encode is this with the writer's own identity in both
// places; tests use it to forge the bundles a reader must refuse (a sender
// inside that differs from the header).
[[nodiscard]] EncodedBundle encodeBundle(const Sender& inside, const Records& records, const Sender& headerSender,
                                         const crypto::SigningKeyPair& signingKey,
                                         const crypto::BoxPublicKey& coordinatorKey, const FixedRandomness* fixed);
[[nodiscard]] inline EncodedBundle encodeBundle(const Payload& payload, const Sender& headerSender,
                                                const crypto::SigningKeyPair& signingKey,
                                                const crypto::BoxPublicKey& coordinatorKey,
                                                const FixedRandomness* fixed) {
  return encodeBundle(payload.sender, payload.records, headerSender, signingKey, coordinatorKey, fixed);
}
}  // namespace detail

class BundleWriter {
 public:
  // The device's id and signing key, and its coordinator's encryption key
  // (from the enrolment file).
  BundleWriter(const Uuid& deviceId, const crypto::SigningKeyPair& deviceKey,
               const crypto::BoxPublicKey& coordinatorKey);

  // The bundle's bytes. Throws SyncError(BadInput or TooLarge) for a
  // sequence of 0, a previous hash that does not fit the sequence, or more
  // than the caps (the exporter then splits).
  [[nodiscard]] EncodedBundle encode(const NewBundle& bundle, const FixedRandomness* fixed = nullptr) const;

  // Encodes, writes `folder/fileName(...)` durably (file_io.hpp), reads it
  // back and verifies it (structure, signature, and the same bytes), and
  // returns the path and hash. A full disk throws SyncError(WriteFailed)
  // and leaves no file behind.
  [[nodiscard]] WrittenBundle write(const std::filesystem::path& folder, const NewBundle& bundle) const;

  // "spor-1b4e28ba-000042.sporbundle": sorts by device, then sequence.
  [[nodiscard]] static std::string fileName(const Uuid& deviceId, std::uint64_t sequence);

 private:
  Uuid deviceId_;
  const crypto::SigningKeyPair& deviceKey_;
  crypto::BoxPublicKey coordinatorKey_;
  Fingerprint recipient_{};
};

// What the coordinator knows about a device (its store answers).
enum class DeviceStatus {
  Approved,     // known, approved, and this is its approved signing key
  Unknown,      // never seen
  NotApproved,  // seen, waiting for `spor devices approve`
  KeyMismatch,  // known, but the header carries another signing key
};

class DeviceDirectory {
 public:
  virtual ~DeviceDirectory() = default;
  [[nodiscard]] virtual DeviceStatus deviceStatus(const Uuid& deviceId, const crypto::SignPublicKey& key) const = 0;
};

// A bundle that passed checks 1-7 (FORMAT.md): its header is sound, it is
// for us, from an approved device, and its signature verifies. Nothing has
// been decrypted yet, so the caller can consult its ledger first.
struct VerifiedBundle {
  std::string name;
  BundleHeader header;
  Hash hash{};
};

struct OpenedBundle {
  VerifiedBundle verified;
  Payload payload;
};

// Checks 1-4 only (size, magic, version and suite, header values), with no
// keys: lets a coordinator show who sent an unknown bundle. `name` is used in
// messages ("bundle 'NAME': ...").
[[nodiscard]] BundleHeader checkBundleStructure(crypto::ByteView file, const std::string& name);
// True if the signature verifies under the device key in the file's own header.
[[nodiscard]] bool bundleSelfSignatureValid(crypto::ByteView file, const BundleHeader& header);
// BLAKE2b-256 of the whole file.
[[nodiscard]] Hash bundleHash(crypto::ByteView file);

class BundleReader {
 public:
  BundleReader(const crypto::BoxKeyPair& coordinatorKey, const DeviceDirectory& devices);
  // A reader that only verifies (checks 1-7 need no secret): what a locked
  // coordinator store checks before asking for the passphrase. decrypt()
  // and read() throw.
  BundleReader(const crypto::BoxPublicKey& coordinatorPublic, const DeviceDirectory& devices);

  // Checks 1-7: size, magic, version and suite, header values, recipient,
  // device, signature.
  [[nodiscard]] VerifiedBundle verify(crypto::ByteView file, const std::string& name) const;
  // Checks 9-10 on a verified bundle: decryption with FINAL exactly at the
  // end, then parsing under the caps, the sender and count against the header.
  [[nodiscard]] Payload decrypt(const VerifiedBundle& bundle, crypto::ByteView file) const;
  // All of them.
  [[nodiscard]] OpenedBundle read(crypto::ByteView file, const std::string& name) const;
  [[nodiscard]] OpenedBundle readFile(const std::filesystem::path& path) const;

 private:
  const crypto::BoxKeyPair* coordinatorKey_;  // null: verify only
  const DeviceDirectory& devices_;
  Fingerprint ourFingerprint_{};
};

}  // namespace spor::sync
