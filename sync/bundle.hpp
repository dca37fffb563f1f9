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
#include <functional>
#include <memory>
#include <string>

#include "crypto/box.hpp"
#include "crypto/bytes.hpp"
#include "crypto/keys.hpp"
#include "crypto/sign.hpp"
#include "crypto/stream.hpp"
#include "messages/message.hpp"
#include "sync/records.hpp"
#include "sync/uuid.hpp"

namespace spor::sync {

// Writers make version 2 (streamed: FORMAT.md, "Bundle, format version 2");
// readers read 1 and 2.
inline constexpr std::uint16_t kBundleFormatVersion = 2;
inline constexpr std::uint16_t kBundleFormatVersion1 = 1;
inline constexpr std::uint16_t kCipherSuite = 1;  // crypto_kx + secretstream + BLAKE2b-256 + Ed25519

// --- version 2 ---------------------------------------------------------------
inline constexpr std::size_t kBundleV2HeaderBytes = 172;
inline constexpr std::size_t kBundleV2FrameLengthBytes = 4;  // u32 before each encrypted chunk
// A chunk's plaintext: the writer closes a chunk once it holds this much...
inline constexpr std::size_t kBundleV2ChunkTarget = 64 * 1024;
// ...and no chunk may hold more (one record, however large, must fit).
inline constexpr std::size_t kBundleV2MaxChunkPlain = 1024 * 1024;
// The smallest version 2 file: header, one frame of an empty chunk, signature.
inline constexpr std::uint64_t kBundleV2MinBytes = kBundleV2HeaderBytes + kBundleV2FrameLengthBytes + 17 + 64;
// Version 2 is read in constant memory, so its caps are about sanity, not memory.
inline constexpr std::uint64_t kMaxBundleV2FileBytes = 64ULL * 1024 * 1024 * 1024;
inline constexpr std::uint64_t kMaxBundleV2Records = 1'000'000'000;

// --- version 1 (read only; BundleWriter::encodeVersion1 for tests) -----------
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
// In version 2 the record count and payload length are not in the file's
// header: a reader fills them in from what it read.
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

  // kBundleHeaderBytes (version 1) or kBundleV2HeaderBytes (version 2), by formatVersion.
  [[nodiscard]] crypto::Bytes encode() const;
  // Only the layout (by the version at offset 8); no value is checked.
  // `bytes` must be at least that version's header.
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

// Where a bundle's bytes come from, read front to back: a file, streamed in
// pieces (FileSource), or bytes in memory (SpanSource). size() is known
// before reading, so the reader knows where the signature starts.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  [[nodiscard]] virtual std::uint64_t size() const = 0;
  // Reads exactly `n` bytes at the current position (the caller never asks
  // past size()); throws SyncError(ReadFailed) when the file cannot be read.
  virtual void read(std::uint8_t* out, std::size_t n) = 0;
  // Back to the first byte, for a second pass.
  virtual void rewind() = 0;
  [[nodiscard]] virtual std::uint64_t position() const = 0;
};

class SpanSource final : public ByteSource {
 public:
  explicit SpanSource(crypto::ByteView bytes) : bytes_(bytes) {}
  [[nodiscard]] std::uint64_t size() const override { return bytes_.size(); }
  void read(std::uint8_t* out, std::size_t n) override;
  void rewind() override { at_ = 0; }
  [[nodiscard]] std::uint64_t position() const override { return at_; }

 private:
  crypto::ByteView bytes_;
  std::size_t at_ = 0;
};

// A file opened for reading (std::FILE, so it builds everywhere). Throws
// SyncError naming the file as a `kind` (Msg::FileBundle) when it cannot be
// opened or is not a regular file.
class FileSource final : public ByteSource {
 public:
  FileSource(const std::filesystem::path& path, Msg kind);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  [[nodiscard]] std::uint64_t size() const override { return size_; }
  void read(std::uint8_t* out, std::size_t n) override;
  void rewind() override;
  [[nodiscard]] std::uint64_t position() const override { return at_; }

 private:
  std::filesystem::path path_;
  Msg kind_;
  void* file_ = nullptr;  // std::FILE*
  std::uint64_t size_ = 0;
  std::uint64_t at_ = 0;
};

// The version 2 writer: records go in one at a time, in any order (a
// reader's result does not depend on it; addAll puts tombstones first and
// a measurement before its answers) and leave as encrypted chunks of about kBundleV2ChunkTarget bytes
// through `sink`, so memory stays the same however many records a bundle
// holds. finish() writes the last chunk and the signature. `inside` is the
// sender in the payload, `headerSender` the one in the header: the same
// for a real bundle (tests forge others).
class BundleStreamWriter {
 public:
  using Sink = std::function<void(crypto::ByteView)>;
  BundleStreamWriter(const Sender& inside, const Sender& headerSender, const crypto::SigningKeyPair& signingKey,
                     const crypto::BoxPublicKey& coordinatorKey, Sink sink, const FixedRandomness* fixed = nullptr);
  ~BundleStreamWriter();
  BundleStreamWriter(const BundleStreamWriter&) = delete;
  BundleStreamWriter& operator=(const BundleStreamWriter&) = delete;

  void add(const TombstoneRecord& r);
  void add(const ChildRecord& r);
  void add(const ConsentRecord& r);
  void add(const ProjectEnrolmentRecord& r);
  void add(const MeasurementRecord& r);
  void add(const AnswerRecord& r);
  void add(const BackgroundRecord& r);
  void add(const FidelityRecord& r);
  void add(const SafeguardingFlagRecord& r);
  // Every record of `records`, in the format's order.
  void addAll(const Records& records);

  struct Finished {
    Hash hash{};          // of the whole file
    BundleHeader header;  // with the record count and payload length filled in
    std::uint64_t bytes = 0;
  };
  Finished finish();

 private:
  template <class R>
  void addEntry(std::uint8_t code, const R& record);
  void seal(bool final);
  void emit(crypto::ByteView bytes);
  void startChunk();

  struct State;
  std::unique_ptr<State> s_;
};

namespace detail {
// Encodes `records` as a (version 2) bundle whose header names
// `headerSender` (device id, key, sequence, previous hash, recipient) and is
// signed with `signingKey`. BundleWriter::encode is this with the writer's
// own identity in both places; tests use it to forge the bundles a reader
// must refuse (a sender inside that differs from the header).
[[nodiscard]] EncodedBundle encodeBundle(const Sender& inside, const Records& records, const Sender& headerSender,
                                         const crypto::SigningKeyPair& signingKey,
                                         const crypto::BoxPublicKey& coordinatorKey, const FixedRandomness* fixed);
[[nodiscard]] inline EncodedBundle encodeBundle(const Payload& payload, const Sender& headerSender,
                                                const crypto::SigningKeyPair& signingKey,
                                                const crypto::BoxPublicKey& coordinatorKey,
                                                const FixedRandomness* fixed) {
  return encodeBundle(payload.sender, payload.records, headerSender, signingKey, coordinatorKey, fixed);
}
// The same as a version 1 bundle: what Spor wrote before issue 16, kept so
// the tests can make version 1 files for the version 1 reader.
[[nodiscard]] EncodedBundle encodeBundleV1(const Sender& inside, const Records& records, const Sender& headerSender,
                                           const crypto::SigningKeyPair& signingKey,
                                           const crypto::BoxPublicKey& coordinatorKey, const FixedRandomness* fixed);
[[nodiscard]] inline EncodedBundle encodeBundleV1(const Payload& payload, const Sender& headerSender,
                                                  const crypto::SigningKeyPair& signingKey,
                                                  const crypto::BoxPublicKey& coordinatorKey,
                                                  const FixedRandomness* fixed) {
  return encodeBundleV1(payload.sender, payload.records, headerSender, signingKey, coordinatorKey, fixed);
}
}  // namespace detail

// What a bundle says about itself before its records: NewBundle without them.
struct BundleInfo {
  std::uint64_t sequence = 1;
  Hash previousBundleHash{};
  UnixTime createdAt = 0;
  std::string softwareVersion;
};

class BundleWriter {
 public:
  // The device's id and signing key, and its coordinator's encryption key
  // (from the enrolment file).
  BundleWriter(const Uuid& deviceId, const crypto::SigningKeyPair& deviceKey,
               const crypto::BoxPublicKey& coordinatorKey);

  // The bundle's bytes (version 2). Throws SyncError(BadInput or TooLarge)
  // for a sequence of 0, a previous hash that does not fit the sequence, or
  // a record too large for a chunk.
  [[nodiscard]] EncodedBundle encode(const NewBundle& bundle, const FixedRandomness* fixed = nullptr) const;
  // The same bundle as version 1 (for the version 1 reader's tests only).
  [[nodiscard]] EncodedBundle encodeVersion1(const NewBundle& bundle, const FixedRandomness* fixed = nullptr) const;

  // Writes `folder/fileName(...)` durably (file_io.hpp), streaming: `fill`
  // adds the records to the writer it is given, each chunk goes to the disk
  // as it is sealed, then the file is fsynced, renamed into place and read
  // back in one streamed pass (structure, signature, and the same hash).
  // Returns the path and hash. A full disk throws SyncError(WriteFailed)
  // and leaves no file behind.
  [[nodiscard]] WrittenBundle writeStreaming(const std::filesystem::path& folder, const BundleInfo& info,
                                             const std::function<void(BundleStreamWriter&)>& fill) const;
  // writeStreaming with the records of `bundle`.
  [[nodiscard]] WrittenBundle write(const std::filesystem::path& folder, const NewBundle& bundle) const;

  // "spor-1b4e28ba-000042.sporbundle": sorts by device, then sequence.
  [[nodiscard]] static std::string fileName(const Uuid& deviceId, std::uint64_t sequence);

 private:
  [[nodiscard]] Sender senderFor(const BundleInfo& info) const;
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

// Checks 1-4 only (size, magic, version and suite, header values; for
// version 2 also the chunk framing up to the signature), with no keys: lets
// a coordinator show who sent an unknown bundle. `name` is used in messages
// ("bundle 'NAME': ...").
[[nodiscard]] BundleHeader checkBundleStructure(crypto::ByteView file, const std::string& name);
[[nodiscard]] BundleHeader checkBundleStructure(ByteSource& file, const std::string& name);
// Checks 1-4 on the header alone (for version 1, the whole file's
// structure): the file's sequence, to consult a ledger before reading on.
[[nodiscard]] BundleHeader readBundleHeader(ByteSource& file, const std::string& name);
// True if the signature verifies under the device key in the file's own header.
[[nodiscard]] bool bundleSelfSignatureValid(crypto::ByteView file, const BundleHeader& header);
[[nodiscard]] bool bundleSelfSignatureValid(ByteSource& file, const BundleHeader& header);
// BLAKE2b-256 of the whole file.
[[nodiscard]] Hash bundleHash(crypto::ByteView file);
[[nodiscard]] Hash bundleHash(ByteSource& file);

// Called by BundleReader::open for each chunk's records, in the file's
// order, BEFORE the signature over the whole file has been checked: the
// caller may only stage them (parse into a transaction it commits once
// open() returns). The batch may be moved from.
using RecordBatchSink = std::function<void(Records& batch)>;

class BundleReader {
 public:
  BundleReader(const crypto::BoxKeyPair& coordinatorKey, const DeviceDirectory& devices);
  // A reader that only verifies (checks 1-7 need no secret): what a locked
  // coordinator store checks before asking for the passphrase. decrypt(),
  // open() and read() throw.
  BundleReader(const crypto::BoxPublicKey& coordinatorPublic, const DeviceDirectory& devices);

  // Checks 1-7: size, magic, version and suite, header values, recipient,
  // device, signature. One pass that hashes and decrypts nothing.
  [[nodiscard]] VerifiedBundle verify(crypto::ByteView file, const std::string& name) const;
  [[nodiscard]] VerifiedBundle verify(ByteSource& file, const std::string& name) const;
  // Checks 9-10 on a verified bundle: decryption with FINAL exactly at the
  // end, then parsing under the caps, the sender and count against the header.
  [[nodiscard]] Payload decrypt(const VerifiedBundle& bundle, crypto::ByteView file) const;
  // All of them.
  [[nodiscard]] OpenedBundle read(crypto::ByteView file, const std::string& name) const;
  [[nodiscard]] OpenedBundle readFile(const std::filesystem::path& path) const;

  // Every check in one pass over `file` (FORMAT.md, version 2's numbered
  // steps): the header (1-6) first, then each chunk is hashed, decrypted and
  // parsed, and its records handed to `batch`, and the signature over the
  // whole file is checked last. Until open() returns, nothing handed to
  // `batch` is verified: a caller stages it and drops it when open()
  // throws. `beforeRecords` runs once the header passed checks 1-6 and the
  // sender inside matched it, before the first batch. A version 1 file is
  // verified first and then decrypted whole (it is capped at 256 MiB).
  VerifiedBundle open(ByteSource& file, const std::string& name, const RecordBatchSink& batch,
                      const std::function<void(const BundleHeader&, const Sender&)>& beforeRecords = {}) const;

  // Checks 5-6 on a header that passed 1-4: for us, from an approved device.
  [[nodiscard]] VerifiedBundle checkHeader(const BundleHeader& h, const std::string& name) const;

 private:
  const crypto::BoxKeyPair* coordinatorKey_;  // null: verify only
  const DeviceDirectory& devices_;
  Fingerprint ourFingerprint_{};
};

}  // namespace spor::sync
