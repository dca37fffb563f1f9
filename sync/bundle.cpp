#include "sync/bundle.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <optional>
#include <string_view>
#include <type_traits>

#include "crypto/error.hpp"
#include "crypto/hash.hpp"
#include "crypto/memory.hpp"
#include "sync/errors.hpp"
#include "sync/file_io.hpp"
#include "sync/wire.hpp"

namespace spor::sync {

namespace {

constexpr std::string_view kSignatureDomain{"spor bundle v1 signature\0", 25};

// Header offsets (FORMAT.md).
constexpr std::size_t kOffVersion = 8;
constexpr std::size_t kOffSuite = 10;
constexpr std::size_t kOffDevice = 12;
constexpr std::size_t kOffDeviceKey = 28;
constexpr std::size_t kOffRecipient = 60;
constexpr std::size_t kOffSequence = 76;
constexpr std::size_t kOffPrevious = 84;
constexpr std::size_t kOffRecordCount = 116;
constexpr std::size_t kOffPayloadLength = 120;
constexpr std::size_t kOffEphemeral = 128;
constexpr std::size_t kOffStreamHeader = 160;
static_assert(kOffStreamHeader + crypto::kStreamHeaderBytes == kBundleHeaderBytes);
// Version 2: the same up to the previous hash; no count or length.
constexpr std::size_t kV2OffEphemeral = 116;
constexpr std::size_t kV2OffStreamHeader = 148;
static_assert(kV2OffStreamHeader + crypto::kStreamHeaderBytes == kBundleV2HeaderBytes);

std::uint64_t chunkCount(std::uint64_t payloadLength) {
  return payloadLength == 0 ? 1 : (payloadLength + kBundleChunkBytes - 1) / kBundleChunkBytes;
}

std::string label(const std::string& name) {
  return "bundle '" + name + "'";
}

SyncError bundleError(SyncErrorKind kind, Msg code, const std::string& name, std::vector<MessageArg> more = {}) {
  std::vector<MessageArg> args{{"name", name}};
  for (auto& a : more) args.push_back(std::move(a));
  return SyncError(kind, Message{code, std::move(args)});
}

Hash toHash(const crypto::Bytes& bytes) {
  Hash h{};
  std::copy_n(bytes.begin(), h.size(), h.begin());
  return h;
}

// domain || hash(header || ciphertext)
crypto::Bytes signedMessage(crypto::ByteView file) {
  const crypto::Bytes digest =
      crypto::hashParts({file.first(kBundleHeaderBytes), file.subspan(kBundleCiphertextOffset)});
  crypto::Bytes message(crypto::asBytes(kSignatureDomain).begin(), crypto::asBytes(kSignatureDomain).end());
  message.insert(message.end(), digest.begin(), digest.end());
  return message;
}

}  // namespace

crypto::Bytes BundleHeader::encode() const {
  if (formatVersion >= 2) {
    crypto::Bytes out(kBundleV2HeaderBytes, 0);
    wire::putBytes(out, 0, wire::magic('B'));
    wire::put(out, kOffVersion, formatVersion);
    wire::put(out, kOffSuite, cipherSuite);
    wire::putBytes(out, kOffDevice, deviceId.bytes);
    wire::putBytes(out, kOffDeviceKey, deviceKey.bytes);
    wire::putBytes(out, kOffRecipient, recipient);
    wire::put(out, kOffSequence, sequence);
    wire::putBytes(out, kOffPrevious, previousBundleHash);
    wire::putBytes(out, kV2OffEphemeral, ephemeralKey.bytes);
    wire::putBytes(out, kV2OffStreamHeader, streamHeader);
    return out;
  }
  crypto::Bytes out(kBundleHeaderBytes, 0);
  wire::putBytes(out, 0, wire::magic('B'));
  wire::put(out, kOffVersion, formatVersion);
  wire::put(out, kOffSuite, cipherSuite);
  wire::putBytes(out, kOffDevice, deviceId.bytes);
  wire::putBytes(out, kOffDeviceKey, deviceKey.bytes);
  wire::putBytes(out, kOffRecipient, recipient);
  wire::put(out, kOffSequence, sequence);
  wire::putBytes(out, kOffPrevious, previousBundleHash);
  wire::put(out, kOffRecordCount, recordCount);
  wire::put(out, kOffPayloadLength, payloadLength);
  wire::putBytes(out, kOffEphemeral, ephemeralKey.bytes);
  wire::putBytes(out, kOffStreamHeader, streamHeader);
  return out;
}

BundleHeader BundleHeader::decode(crypto::ByteView bytes) {
  BundleHeader h;
  h.formatVersion = wire::get<std::uint16_t>(bytes, kOffVersion);
  h.cipherSuite = wire::get<std::uint16_t>(bytes, kOffSuite);
  h.deviceId.bytes = wire::getBytes<16>(bytes, kOffDevice);
  h.deviceKey.bytes = wire::getBytes<32>(bytes, kOffDeviceKey);
  h.recipient = wire::getBytes<16>(bytes, kOffRecipient);
  h.sequence = wire::get<std::uint64_t>(bytes, kOffSequence);
  h.previousBundleHash = wire::getBytes<32>(bytes, kOffPrevious);
  if (h.formatVersion >= 2) {
    h.ephemeralKey.bytes = wire::getBytes<32>(bytes, kV2OffEphemeral);
    h.streamHeader = wire::getBytes<crypto::kStreamHeaderBytes>(bytes, kV2OffStreamHeader);
    return h;
  }
  h.recordCount = wire::get<std::uint32_t>(bytes, kOffRecordCount);
  h.payloadLength = wire::get<std::uint64_t>(bytes, kOffPayloadLength);
  h.ephemeralKey.bytes = wire::getBytes<32>(bytes, kOffEphemeral);
  h.streamHeader = wire::getBytes<crypto::kStreamHeaderBytes>(bytes, kOffStreamHeader);
  return h;
}

Hash bundleHash(crypto::ByteView file) {
  return toHash(crypto::hash(file));
}

// --- writing -----------------------------------------------------------------

BundleWriter::BundleWriter(const Uuid& deviceId, const crypto::SigningKeyPair& deviceKey,
                           const crypto::BoxPublicKey& coordinatorKey)
    : deviceId_(deviceId),
      deviceKey_(deviceKey),
      coordinatorKey_(coordinatorKey),
      recipient_(wire::fingerprintBytes(coordinatorKey)) {}

std::string BundleWriter::fileName(const Uuid& deviceId, std::uint64_t sequence) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%06llu", static_cast<unsigned long long>(sequence));
  return "spor-" + deviceId.shortStr() + "-" + digits + kBundleExtension;
}

Sender BundleWriter::senderFor(const BundleInfo& bundle) const {
  if (bundle.sequence == 0) {
    throw SyncError(SyncErrorKind::BadInput, "cannot write a bundle with sequence number 0: sequences start at 1");
  }
  if ((bundle.sequence == 1) != wire::allZero(bundle.previousBundleHash)) {
    throw SyncError(SyncErrorKind::BadInput,
                    bundle.sequence == 1
                        ? "cannot write bundle 1 with a previous bundle hash: the first bundle has none"
                        : "cannot write bundle " + std::to_string(bundle.sequence) +
                              " without the hash of the device's previous bundle");
  }
  return Sender{deviceId_,  deviceKey_.publicKey.bytes, bundle.sequence,       bundle.previousBundleHash,
                recipient_, bundle.createdAt,           bundle.softwareVersion};
}

EncodedBundle BundleWriter::encode(const NewBundle& bundle, const FixedRandomness* fixed) const {
  const Sender sender = senderFor({bundle.sequence, bundle.previousBundleHash, bundle.createdAt, bundle.softwareVersion});
  return detail::encodeBundle(sender, bundle.records, sender, deviceKey_, coordinatorKey_, fixed);
}

EncodedBundle BundleWriter::encodeVersion1(const NewBundle& bundle, const FixedRandomness* fixed) const {
  const Sender sender = senderFor({bundle.sequence, bundle.previousBundleHash, bundle.createdAt, bundle.softwareVersion});
  return detail::encodeBundleV1(sender, bundle.records, sender, deviceKey_, coordinatorKey_, fixed);
}

EncodedBundle detail::encodeBundleV1(const Sender& inside, const Records& records, const Sender& headerSender,
                                   const crypto::SigningKeyPair& signingKey, const crypto::BoxPublicKey& coordinatorKey,
                                   const FixedRandomness* fixed) {
  const std::size_t count = records.count();
  if (count > kMaxBundleRecords) {
    throw SyncError(SyncErrorKind::TooLarge, "cannot put " + std::to_string(count) +
                                                 " records in one bundle (at most " +
                                                 std::to_string(kMaxBundleRecords) + "); split the export");
  }
  validateRecords(records, "the records to export");
  crypto::Bytes plain = encodePayload(inside, records);
  if (plain.size() > kMaxBundlePayloadBytes) {
    crypto::memzero(plain);
    throw SyncError(SyncErrorKind::TooLarge, "cannot write a bundle of " + std::to_string(plain.size()) +
                                                 " bytes (at most " + std::to_string(kMaxBundlePayloadBytes) +
                                                 "); split the export");
  }

  const crypto::SenderSessionKey session = fixed != nullptr
                                               ? crypto::senderSessionKeyFromSeed(coordinatorKey, fixed->ephemeralSeed)
                                               : crypto::senderSessionKey(coordinatorKey);
  crypto::StreamEncryptor encryptor = fixed != nullptr ? crypto::StreamEncryptor(session.key, fixed->streamHeader)
                                                       : crypto::StreamEncryptor(session.key);

  EncodedBundle out;
  BundleHeader& h = out.header;
  h.formatVersion = kBundleFormatVersion1;
  h.deviceId = headerSender.deviceId;
  h.deviceKey.bytes = headerSender.deviceSigningKey;
  h.recipient = headerSender.recipientFingerprint;
  h.sequence = headerSender.sequence;
  h.previousBundleHash = headerSender.previousBundleHash;
  h.recordCount = static_cast<std::uint32_t>(count);
  h.payloadLength = plain.size();
  h.ephemeralKey = session.ephemeralPublicKey;
  h.streamHeader = encryptor.header();
  const crypto::Bytes headerBytes = h.encode();
  const crypto::Bytes associated = crypto::hash(headerBytes);

  out.bytes.resize(static_cast<std::size_t>(bundleFileSize(plain.size())));
  std::copy(headerBytes.begin(), headerBytes.end(), out.bytes.begin());
  std::size_t at = kBundleCiphertextOffset;
  const crypto::ByteView all(plain);
  const auto chunks = chunkCount(plain.size());
  for (std::uint64_t i = 0; i < chunks; ++i) {
    const std::size_t from = static_cast<std::size_t>(i) * kBundleChunkBytes;
    const std::size_t len = std::min(kBundleChunkBytes, plain.size() - from);
    const crypto::Bytes sealed = encryptor.push(all.subspan(from, len), associated, i + 1 == chunks);
    std::copy(sealed.begin(), sealed.end(), out.bytes.begin() + static_cast<std::ptrdiff_t>(at));
    at += sealed.size();
  }
  crypto::memzero(plain);
  const crypto::Signature signature = crypto::sign(signingKey.secretKey, signedMessage(out.bytes));
  std::copy(signature.begin(), signature.end(), out.bytes.begin() + kBundleSignatureOffset);
  out.hash = bundleHash(out.bytes);
  return out;
}

// --- version 1 (read only) -------------------------------------------------------

namespace {

BundleHeader checkStructureV1(crypto::ByteView file, const std::string& name) {
  // 1. size (the cap; too short is told apart below)
  if (file.size() > maxBundleFileSize()) {
    throw bundleError(SyncErrorKind::TooLarge, Msg::BundleTooLarge, name,
                      {{"size", file.size()}, {"max", maxBundleFileSize()}});
  }
  // 2. magic, 3. version and suite
  wire::checkMagic(file, 'B', name);
  wire::checkVersionAndSuite(file, kBundleFormatVersion1, kCipherSuite, 'B', name);
  if (file.size() < kBundleCiphertextOffset + crypto::kStreamABytes) {
    throw bundleError(SyncErrorKind::Truncated, Msg::BundleShorterThanHeader, name,
                      {{"size", file.size()}, {"min", kBundleCiphertextOffset + crypto::kStreamABytes}});
  }
  // 4. header values
  const BundleHeader h = BundleHeader::decode(file);
  const auto damaged = [&](Message reason) {
    return bundleError(SyncErrorKind::DamagedHeader, Msg::BundleDamagedHeader, name, {{"reason", reason}});
  };
  if (h.deviceId.isNil()) throw damaged(Msg::HeaderNoDevice);
  if (h.sequence == 0) throw damaged(Msg::HeaderSequenceZero);
  if (h.sequence == 1 && !wire::allZero(h.previousBundleHash)) throw damaged(Msg::HeaderFirstWithPrevious);
  if (h.sequence > 1 && wire::allZero(h.previousBundleHash)) {
    throw damaged(Message{Msg::HeaderMissingPrevious, {{"n", h.sequence}}});
  }
  if (h.payloadLength > kMaxBundlePayloadBytes) {
    throw bundleError(SyncErrorKind::TooLarge, Msg::BundleClaimsTooMuch, name,
                      {{"n", h.payloadLength}, {"max", kMaxBundlePayloadBytes}});
  }
  if (h.recordCount > kMaxBundleRecords) {
    throw damaged(Message{Msg::HeaderTooManyRecords, {{"n", h.recordCount}, {"max", kMaxBundleRecords}}});
  }
  const std::uint64_t expected = bundleFileSize(h.payloadLength);
  if (file.size() < expected) {
    throw bundleError(SyncErrorKind::Truncated, Msg::BundleTruncated, name,
                      {{"size", file.size()}, {"expected", expected}});
  }
  if (file.size() > expected) {
    throw bundleError(SyncErrorKind::ExtraBytes, Msg::BundleExtraBytes, name,
                      {{"extra", file.size() - expected}, {"size", file.size()}, {"expected", expected}});
  }
  return h;
}

bool selfSignatureValidV1(crypto::ByteView file, const BundleHeader& header) {
  if (file.size() < kBundleCiphertextOffset) return false;
  return crypto::verify(header.deviceKey, signedMessage(file),
                        file.subspan(kBundleSignatureOffset, crypto::kSignatureBytes));
}

}  // namespace

// --- version 2: streaming ------------------------------------------------------

namespace {

constexpr std::string_view kSignatureDomainV2{"spor bundle v2 signature\0", 25};

// What each entry of a chunk's plaintext is (FORMAT.md, "Payload, version 2").
// The sender comes first and the end last; records come in any order
// between them (an export writes a page of the store's changes at a time).
enum Entry : std::uint8_t {
  kSender = 1,
  kTombstone = 2,
  kChild = 3,
  kConsent = 4,
  kEnrolment = 5,
  kMeasurement = 6,
  kAnswer = 7,
  kBackground = 8,
  kFidelity = 9,
  kFlag = 10,
  kEnd = 255,
};

crypto::Bytes signedMessageV2(const crypto::Bytes& digest) {
  crypto::Bytes message(crypto::asBytes(kSignatureDomainV2).begin(), crypto::asBytes(kSignatureDomainV2).end());
  message.insert(message.end(), digest.begin(), digest.end());
  return message;
}

template <class T>
void moveAppend(std::vector<T>& into, std::vector<T>& from) {
  if (into.empty()) {
    into = std::move(from);
  } else {
    into.insert(into.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  }
  from.clear();
}

void appendRecords(Records& into, Records& from) {
  moveAppend(into.children, from.children);
  moveAppend(into.consents, from.consents);
  moveAppend(into.projectEnrolments, from.projectEnrolments);
  moveAppend(into.measurements, from.measurements);
  moveAppend(into.answers, from.answers);
  moveAppend(into.backgrounds, from.backgrounds);
  moveAppend(into.fidelities, from.fidelities);
  moveAppend(into.safeguardingFlags, from.safeguardingFlags);
  moveAppend(into.tombstones, from.tombstones);
}

// Checks 2-3 on the first bytes of a file; returns its format version (1 or 2).
std::uint16_t bundleVersionOf(crypto::ByteView prefix, const std::string& name) {
  wire::checkMagic(prefix, 'B', name);
  wire::checkVersionAndSuite(prefix, kBundleFormatVersion, kCipherSuite, 'B', name);
  return wire::get<std::uint16_t>(prefix, kOffVersion);
}

// Check 4's header values, the same in both versions.
void checkHeaderValues(const BundleHeader& h, const std::string& name) {
  const auto damaged = [&](Message reason) {
    return bundleError(SyncErrorKind::DamagedHeader, Msg::BundleDamagedHeader, name, {{"reason", reason}});
  };
  if (h.deviceId.isNil()) throw damaged(Msg::HeaderNoDevice);
  if (h.sequence == 0) throw damaged(Msg::HeaderSequenceZero);
  if (h.sequence == 1 && !wire::allZero(h.previousBundleHash)) throw damaged(Msg::HeaderFirstWithPrevious);
  if (h.sequence > 1 && wire::allZero(h.previousBundleHash)) {
    throw damaged(Message{Msg::HeaderMissingPrevious, {{"n", h.sequence}}});
  }
}

// Checks 1-4 of a version 2 file whose first kBundleV2HeaderBytes (or all,
// when shorter) are `prefix`.
BundleHeader checkHeaderV2(crypto::ByteView prefix, std::uint64_t size, const std::string& name) {
  if (size > kMaxBundleV2FileBytes) {
    throw bundleError(SyncErrorKind::TooLarge, Msg::BundleTooLarge, name,
                      {{"size", size}, {"max", kMaxBundleV2FileBytes}});
  }
  if (size < kBundleV2MinBytes) {
    throw bundleError(SyncErrorKind::Truncated, Msg::BundleShorterThanHeader, name,
                      {{"size", size}, {"min", kBundleV2MinBytes}});
  }
  BundleHeader h = BundleHeader::decode(prefix);
  checkHeaderValues(h, name);
  return h;
}

// Reads the first bytes of `src` (from its start): the version 2 header,
// or all of a shorter file.
crypto::Bytes readPrefix(ByteSource& src) {
  src.rewind();
  crypto::Bytes prefix(static_cast<std::size_t>(std::min<std::uint64_t>(src.size(), kBundleV2HeaderBytes)));
  src.read(prefix.data(), prefix.size());
  return prefix;
}

// A version 1 file, whole (it is capped at 256 MiB).
crypto::Bytes readWholeV1(ByteSource& src, const std::string& name) {
  if (src.size() > maxBundleFileSize()) {
    throw bundleError(SyncErrorKind::TooLarge, Msg::BundleTooLarge, name,
                      {{"size", src.size()}, {"max", maxBundleFileSize()}});
  }
  src.rewind();
  crypto::Bytes all(static_cast<std::size_t>(src.size()));
  src.read(all.data(), all.size());
  return all;
}

// The frames of a version 2 file, from the end of its header to its
// signature: each a u32 (the sealed chunk's length, and in its top bit
// whether it is the last) and that many bytes of one sealed chunk. Every
// byte read goes through `hasher`. The last frame's bit says where the
// signature is, so a file cut short and one with bytes added are told apart
// without decrypting anything.
constexpr std::uint32_t kFinalFrameBit = 0x80000000u;

class FrameReader {
 public:
  FrameReader(ByteSource& src, const std::string& name, crypto::PublicHasher& hasher)
      : src_(src), name_(name), hasher_(hasher) {}

  // The next sealed chunk into frame(); false after the last one, once the
  // exactly 64 bytes of the signature are all that is left.
  bool next() {
    const std::uint64_t at = src_.position();
    const std::uint64_t left = src_.size() - at;
    if (sawLast_) {
      const std::uint64_t expected = at + crypto::kSignatureBytes;
      if (left < crypto::kSignatureBytes) {
        throw bundleError(SyncErrorKind::Truncated, Msg::BundleTruncated, name_,
                          {{"size", src_.size()}, {"expected", expected}});
      }
      if (left > crypto::kSignatureBytes) {
        throw bundleError(SyncErrorKind::ExtraBytes, Msg::BundleExtraBytes, name_,
                          {{"extra", left - crypto::kSignatureBytes}, {"size", src_.size()}, {"expected", expected}});
      }
      return false;
    }
    if (left < kBundleV2FrameLengthBytes) {
      throw bundleError(SyncErrorKind::Truncated, Msg::BundleChunkCut, name_,
                        {{"at", at}, {"n", kBundleV2FrameLengthBytes}, {"left", left}});
    }
    std::uint8_t length[kBundleV2FrameLengthBytes];
    src_.read(length, sizeof length);
    hasher_.update(length);
    const std::uint32_t word = wire::get<std::uint32_t>(crypto::ByteView(length, sizeof length), 0);
    const std::uint32_t n = word & ~kFinalFrameBit;
    constexpr std::size_t kMin = crypto::kStreamABytes;
    constexpr std::size_t kMax = crypto::kStreamABytes + kBundleV2MaxChunkPlain;
    if (n < kMin || n > kMax) {
      throw bundleError(SyncErrorKind::DamagedHeader, Msg::BundleChunkLength, name_,
                        {{"at", at}, {"n", n}, {"min", kMin}, {"max", kMax}});
    }
    if (n > left - kBundleV2FrameLengthBytes) {
      throw bundleError(SyncErrorKind::Truncated, Msg::BundleChunkCut, name_,
                        {{"at", at}, {"n", n}, {"left", left - kBundleV2FrameLengthBytes}});
    }
    frame_.resize(n);
    src_.read(frame_.data(), n);
    hasher_.update(frame_);
    sawLast_ = (word & kFinalFrameBit) != 0;
    return true;
  }
  [[nodiscard]] crypto::ByteView frame() const { return frame_; }
  // Whether the frame just read is marked as the last.
  [[nodiscard]] bool last() const { return sawLast_; }
  // The signature, once next() returned false (not hashed).
  crypto::Signature signature() {
    crypto::Signature sig{};
    src_.read(sig.data(), sig.size());
    return sig;
  }

 private:
  ByteSource& src_;
  const std::string& name_;
  crypto::PublicHasher& hasher_;
  bool sawLast_ = false;
  crypto::Bytes frame_;
};

// One pass over a version 2 file without decrypting: the header (checks
// 1-4), the framing, and what the signature covers.
struct WalkedV2 {
  BundleHeader header;
  crypto::Bytes digest;  // of every byte before the signature
  crypto::Signature signature{};
  Hash hash{};           // of the whole file
};

WalkedV2 walkV2(ByteSource& src, const crypto::Bytes& prefix, const std::string& name) {
  WalkedV2 out;
  out.header = checkHeaderV2(prefix, src.size(), name);
  crypto::PublicHasher hasher;
  hasher.update(prefix);
  FrameReader frames(src, name, hasher);
  while (frames.next()) {
  }
  out.digest = hasher.digest();
  out.signature = frames.signature();
  hasher.update(out.signature);
  out.hash = toHash(hasher.digest());
  return out;
}

bool signatureHolds(const WalkedV2& w) {
  return crypto::verify(w.header.deviceKey, signedMessageV2(w.digest), w.signature);
}

// Parsing the chunks' plaintext (FORMAT.md, "Payload, version 2").
struct ParseState {
  bool sawSender = false;
  bool sawEnd = false;
  std::uint64_t count = 0;
  std::uint64_t endCount = 0;
  Sender sender;
};

template <class T>
void parseInto(BoundedInputArchive& ar, std::vector<T>& list) {
  list.emplace_back();
  ar(list.back());
}

void parseChunk(crypto::ByteView plain, bool final, ParseState& st, Records& batch, const std::string& what) {
  BoundedInputArchive ar(plain, what);
  try {
    while (ar.remaining() > 0) {
      std::uint8_t code = 0;
      ar(code);
      if (st.sawEnd) ar.fail("an entry follows the end of the records");
      if (!st.sawSender && code != kSender) ar.fail("it does not start with the sender");
      if (code == kSender && st.sawSender) ar.fail("it names its sender twice");
      switch (code) {
        case kSender: ar(st.sender); st.sawSender = true; continue;
        case kTombstone: parseInto(ar, batch.tombstones); break;
        case kChild: parseInto(ar, batch.children); break;
        case kConsent: parseInto(ar, batch.consents); break;
        case kEnrolment: parseInto(ar, batch.projectEnrolments); break;
        case kMeasurement: parseInto(ar, batch.measurements); break;
        case kAnswer: parseInto(ar, batch.answers); break;
        case kBackground: parseInto(ar, batch.backgrounds); break;
        case kFidelity: parseInto(ar, batch.fidelities); break;
        case kFlag: parseInto(ar, batch.safeguardingFlags); break;
        case kEnd:
          if (!final) ar.fail("the end of the records is not in the last chunk");
          ar(st.endCount);
          st.sawEnd = true;
          if (ar.remaining() != 0) ar.fail("bytes follow the end of the records");
          continue;
        default: ar.fail("unknown entry " + std::to_string(code));
      }
      if (++st.count > kMaxBundleV2Records) ar.fail("it holds more than " + std::to_string(kMaxBundleV2Records) + " records");
    }
  } catch (const SyncError& e) {
    if (e.kind() == SyncErrorKind::Malformed) throw;
    throw SyncError(e.kind(), what + ": " + e.what());
  } catch (const std::exception& e) {  // cereal::Exception, std::bad_alloc, ...
    ar.fail(e.what());
  }
  if (final && !st.sawEnd) ar.fail("the last chunk does not end the records");
}

}  // namespace

void SpanSource::read(std::uint8_t* out, std::size_t n) {
  if (n > bytes_.size() - at_) throw SyncError(SyncErrorKind::ReadFailed, "internal error: read past the end of a bundle");
  if (n != 0) std::memcpy(out, bytes_.data() + at_, n);
  at_ += n;
}

FileSource::FileSource(const std::filesystem::path& path, Msg kind) : path_(path), kind_(kind) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw fileError(SyncErrorKind::ReadFailed, Msg::FileCannotOpen, kind, path.string(),
                    {{"en_reason", ec ? ec.message() : std::string("No such file or directory")}});
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw fileError(SyncErrorKind::ReadFailed, Msg::FileNotRegular, kind, path.string());
  }
  size_ = std::filesystem::file_size(path, ec);
  std::FILE* f = ec ? nullptr : std::fopen(path.string().c_str(), "rb");
  if (f == nullptr) {
    throw fileError(SyncErrorKind::ReadFailed, Msg::FileCannotOpen, kind, path.string(),
                    {{"en_reason", ec ? ec.message() : std::string(std::strerror(errno))}});
  }
  file_ = f;
}

FileSource::~FileSource() {
  if (file_ != nullptr) std::fclose(static_cast<std::FILE*>(file_));
}

void FileSource::read(std::uint8_t* out, std::size_t n) {
  if (n != 0 && std::fread(out, 1, n, static_cast<std::FILE*>(file_)) != n) {
    throw fileError(SyncErrorKind::ReadFailed, Msg::FileCannotRead, kind_, path_.string(),
                    {{"en_reason", std::feof(static_cast<std::FILE*>(file_))
                                       ? std::string("the file got shorter while it was read")
                                       : std::string(std::strerror(errno))}});
  }
  at_ += n;
}

void FileSource::rewind() {
  std::rewind(static_cast<std::FILE*>(file_));
  at_ = 0;
}

// --- writing version 2 -----------------------------------------------------------

struct BundleStreamWriter::State {
  State(Sink s, const crypto::SigningKeyPair& k, const crypto::SenderSessionKey& session,
        const FixedRandomness* fixed)
      : sink(std::move(s)),
        key(k),
        encryptor(fixed != nullptr ? crypto::StreamEncryptor(session.key, fixed->streamHeader)
                                   : crypto::StreamEncryptor(session.key)) {}
  Sink sink;
  const crypto::SigningKeyPair& key;
  crypto::StreamEncryptor encryptor;
  crypto::Bytes associated;
  crypto::PublicHasher hasher;
  BundleHeader header;
  crypto::Bytes plain;
  crypto::Bytes frame;
  std::optional<BufferOutputArchive> archive;
  std::size_t chunkEntries = 0;
  std::uint64_t count = 0;
  std::uint64_t payload = 0;
  std::uint64_t bytes = 0;
  bool finished = false;
};

BundleStreamWriter::BundleStreamWriter(const Sender& inside, const Sender& headerSender,
                                       const crypto::SigningKeyPair& signingKey,
                                       const crypto::BoxPublicKey& coordinatorKey, Sink sink,
                                       const FixedRandomness* fixed) {
  const crypto::SenderSessionKey session = fixed != nullptr
                                               ? crypto::senderSessionKeyFromSeed(coordinatorKey, fixed->ephemeralSeed)
                                               : crypto::senderSessionKey(coordinatorKey);
  s_ = std::make_unique<State>(std::move(sink), signingKey, session, fixed);
  BundleHeader& h = s_->header;
  h.formatVersion = kBundleFormatVersion;
  h.deviceId = headerSender.deviceId;
  h.deviceKey.bytes = headerSender.deviceSigningKey;
  h.recipient = headerSender.recipientFingerprint;
  h.sequence = headerSender.sequence;
  h.previousBundleHash = headerSender.previousBundleHash;
  h.ephemeralKey = session.ephemeralPublicKey;
  h.streamHeader = s_->encryptor.header();
  const crypto::Bytes headerBytes = h.encode();
  s_->associated = crypto::hash(headerBytes);
  s_->plain.reserve(kBundleV2ChunkTarget + 4096);
  emit(headerBytes);
  startChunk();
  addEntry(kSender, inside);
}

BundleStreamWriter::~BundleStreamWriter() {
  if (s_) crypto::memzero(s_->plain);
}

void BundleStreamWriter::emit(crypto::ByteView bytes) {
  s_->hasher.update(bytes);
  s_->sink(bytes);
  s_->bytes += bytes.size();
}

void BundleStreamWriter::startChunk() {
  s_->plain.clear();
  s_->archive.emplace(s_->plain);
  s_->chunkEntries = 0;
}

void BundleStreamWriter::seal(bool final) {
  State& s = *s_;
  if (final) s.archive->operator()(std::uint8_t{kEnd}, s.count);
  const std::size_t sealed = crypto::streamChunkBytes(s.plain.size());
  s.frame.resize(kBundleV2FrameLengthBytes + sealed);
  wire::put(s.frame, 0, static_cast<std::uint32_t>(sealed) | (final ? kFinalFrameBit : 0u));
  s.encryptor.pushInto(s.plain, s.associated, final, s.frame.data() + kBundleV2FrameLengthBytes);
  s.payload += s.plain.size();
  crypto::memzero(s.plain);
  s.archive.reset();
  emit(s.frame);
}

template <class R>
void BundleStreamWriter::addEntry(std::uint8_t code, const R& record) {
  State& s = *s_;
  if (s.finished) throw SyncError(SyncErrorKind::BadInput, "a record was added to a bundle after finish()");
  if constexpr (!std::is_same_v<R, Sender>) {
    static const std::string what = "the records to export";  // no string made per record
    validateRecord(record, what);
  }
  const std::size_t before = s.plain.size();
  (*s.archive)(code, record);
  if (s.plain.size() > kBundleV2MaxChunkPlain) {
    if (s.chunkEntries > 0) {  // close the chunk before it, and start this one afresh
      s.plain.resize(before);
      seal(false);
      startChunk();
      (*s.archive)(code, record);
    }
    if (s.plain.size() > kBundleV2MaxChunkPlain) {
      const std::size_t n = s.plain.size();
      crypto::memzero(s.plain);
      s.finished = true;
      throw SyncError(SyncErrorKind::TooLarge,
                      Message{Msg::BundleRecordTooLarge, {{"n", n}, {"max", kBundleV2MaxChunkPlain}}});
    }
  }
  ++s.chunkEntries;
  if (code != kSender && ++s.count > kMaxBundleV2Records) {
    s.finished = true;
    throw SyncError(SyncErrorKind::TooLarge, "cannot put more than " + std::to_string(kMaxBundleV2Records) +
                                                 " records in one bundle; split the export");
  }
  if (s.plain.size() >= kBundleV2ChunkTarget) {
    seal(false);
    startChunk();
  }
}

void BundleStreamWriter::add(const TombstoneRecord& r) { addEntry(kTombstone, r); }
void BundleStreamWriter::add(const ChildRecord& r) { addEntry(kChild, r); }
void BundleStreamWriter::add(const ConsentRecord& r) { addEntry(kConsent, r); }
void BundleStreamWriter::add(const ProjectEnrolmentRecord& r) { addEntry(kEnrolment, r); }
void BundleStreamWriter::add(const MeasurementRecord& r) { addEntry(kMeasurement, r); }
void BundleStreamWriter::add(const AnswerRecord& r) { addEntry(kAnswer, r); }
void BundleStreamWriter::add(const BackgroundRecord& r) { addEntry(kBackground, r); }
void BundleStreamWriter::add(const FidelityRecord& r) { addEntry(kFidelity, r); }
void BundleStreamWriter::add(const SafeguardingFlagRecord& r) { addEntry(kFlag, r); }

void BundleStreamWriter::addAll(const Records& records) {
  for (const auto& r : records.tombstones) add(r);
  for (const auto& r : records.children) add(r);
  for (const auto& r : records.consents) add(r);
  for (const auto& r : records.projectEnrolments) add(r);
  for (const auto& r : records.measurements) add(r);
  for (const auto& r : records.answers) add(r);
  for (const auto& r : records.backgrounds) add(r);
  for (const auto& r : records.fidelities) add(r);
  for (const auto& r : records.safeguardingFlags) add(r);
}

BundleStreamWriter::Finished BundleStreamWriter::finish() {
  State& s = *s_;
  if (s.finished) throw SyncError(SyncErrorKind::BadInput, "finish() was called twice on one bundle");
  seal(true);
  s.finished = true;
  const crypto::Signature signature = crypto::sign(s.key.secretKey, signedMessageV2(s.hasher.digest()));
  emit(signature);
  Finished out;
  out.hash = toHash(s.hasher.digest());
  out.header = s.header;
  out.header.recordCount = static_cast<std::uint32_t>(std::min<std::uint64_t>(s.count, UINT32_MAX));
  out.header.payloadLength = s.payload;
  out.bytes = s.bytes;
  return out;
}

EncodedBundle detail::encodeBundle(const Sender& inside, const Records& records, const Sender& headerSender,
                                   const crypto::SigningKeyPair& signingKey, const crypto::BoxPublicKey& coordinatorKey,
                                   const FixedRandomness* fixed) {
  EncodedBundle out;
  out.bytes.reserve(1024 + 80 * records.count());
  BundleStreamWriter writer(
      inside, headerSender, signingKey, coordinatorKey,
      [&](crypto::ByteView b) { out.bytes.insert(out.bytes.end(), b.begin(), b.end()); }, fixed);
  writer.addAll(records);
  const BundleStreamWriter::Finished done = writer.finish();
  out.hash = done.hash;
  out.header = done.header;
  return out;
}

WrittenBundle BundleWriter::writeStreaming(const std::filesystem::path& folder, const BundleInfo& info,
                                           const std::function<void(BundleStreamWriter&)>& fill) const {
  const Sender sender = senderFor(info);
  const std::string name = fileName(deviceId_, info.sequence);
  BundleStreamWriter::Finished done;
  std::filesystem::path path;
  {
    DurableFile file(folder, name);
    // Chunks reach the disk in writes of about 256 KiB.
    crypto::Bytes pending;
    pending.reserve(256 * 1024 + kBundleV2ChunkTarget);
    BundleStreamWriter writer(sender, sender, deviceKey_, coordinatorKey_, [&](crypto::ByteView b) {
      pending.insert(pending.end(), b.begin(), b.end());
      if (pending.size() >= 256 * 1024) {
        file.write(pending);
        pending.clear();
      }
    });
    fill(writer);
    done = writer.finish();
    file.write(pending);
    path = file.commit();
  }
  // Read back what the disk now holds, in one streamed pass, and check it
  // as the coordinator will (except decryption, which only it can do).
  try {
    FileSource back(path, Msg::FileBundle);
    const crypto::Bytes prefix = readPrefix(back);
    if (bundleVersionOf(prefix, path.string()) != kBundleFormatVersion) {
      throw SyncError(SyncErrorKind::WriteFailed, Message{Msg::BundleReadBackDiffers, {{"path", path.string()}}});
    }
    const WalkedV2 walked = walkV2(back, prefix, path.string());
    BundleHeader expected = done.header;
    expected.recordCount = 0;
    expected.payloadLength = 0;
    if (walked.hash != done.hash || walked.header != expected || back.size() != done.bytes || !signatureHolds(walked)) {
      throw SyncError(SyncErrorKind::WriteFailed, Message{Msg::BundleReadBackDiffers, {{"path", path.string()}}});
    }
  } catch (const SyncError&) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    throw;
  }
  return {path, done.hash, done.bytes};
}

WrittenBundle BundleWriter::write(const std::filesystem::path& folder, const NewBundle& bundle) const {
  return writeStreaming(folder, {bundle.sequence, bundle.previousBundleHash, bundle.createdAt, bundle.softwareVersion},
                        [&](BundleStreamWriter& w) { w.addAll(bundle.records); });
}

// --- reading ---------------------------------------------------------------------

BundleHeader checkBundleStructure(crypto::ByteView file, const std::string& name) {
  SpanSource source(file);
  return checkBundleStructure(source, name);
}

BundleHeader checkBundleStructure(ByteSource& file, const std::string& name) {
  const crypto::Bytes prefix = readPrefix(file);
  if (bundleVersionOf(prefix, name) == kBundleFormatVersion1) return checkStructureV1(readWholeV1(file, name), name);
  return walkV2(file, prefix, name).header;
}

Hash bundleHash(ByteSource& file) {
  file.rewind();
  crypto::PublicHasher hasher;
  crypto::Bytes piece(256 * 1024);
  for (std::uint64_t left = file.size(); left > 0;) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left, piece.size()));
    file.read(piece.data(), n);
    hasher.update(crypto::ByteView(piece).first(n));
    left -= n;
  }
  return toHash(hasher.digest());
}

BundleHeader readBundleHeader(ByteSource& file, const std::string& name) {
  const crypto::Bytes prefix = readPrefix(file);
  if (bundleVersionOf(prefix, name) == kBundleFormatVersion1) return checkStructureV1(readWholeV1(file, name), name);
  return checkHeaderV2(prefix, file.size(), name);
}

bool bundleSelfSignatureValid(crypto::ByteView file, const BundleHeader& header) {
  SpanSource source(file);
  return bundleSelfSignatureValid(source, header);
}

bool bundleSelfSignatureValid(ByteSource& file, const BundleHeader& header) {
  try {
    const crypto::Bytes prefix = readPrefix(file);
    if (bundleVersionOf(prefix, "") == kBundleFormatVersion1) return selfSignatureValidV1(readWholeV1(file, ""), header);
    WalkedV2 walked = walkV2(file, prefix, "");
    walked.header.deviceKey = header.deviceKey;
    return signatureHolds(walked);
  } catch (const SyncError&) {
    return false;
  }
}

BundleReader::BundleReader(const crypto::BoxKeyPair& coordinatorKey, const DeviceDirectory& devices)
    : coordinatorKey_(&coordinatorKey),
      devices_(devices),
      ourFingerprint_(wire::fingerprintBytes(coordinatorKey.publicKey)) {}

BundleReader::BundleReader(const crypto::BoxPublicKey& coordinatorPublic, const DeviceDirectory& devices)
    : coordinatorKey_(nullptr), devices_(devices), ourFingerprint_(wire::fingerprintBytes(coordinatorPublic)) {}

VerifiedBundle BundleReader::verify(ByteSource& file, const std::string& name) const {
  const crypto::Bytes prefix = readPrefix(file);
  if (bundleVersionOf(prefix, name) == kBundleFormatVersion1) return verify(readWholeV1(file, name), name);
  // Checks 1-4 and 5-6 on the header before reading on.
  VerifiedBundle out = checkHeader(checkHeaderV2(prefix, file.size(), name), name);
  const WalkedV2 walked = walkV2(file, prefix, name);
  // 7. signature
  if (!signatureHolds(walked)) {
    throw bundleError(SyncErrorKind::BadSignature, Msg::BundleBadSignature, name, {{"device", walked.header.deviceId.str()}});
  }
  out.hash = walked.hash;
  return out;
}

VerifiedBundle BundleReader::open(ByteSource& file, const std::string& name, const RecordBatchSink& batch,
                                  const std::function<void(const BundleHeader&, const Sender&)>& beforeRecords) const {
  if (coordinatorKey_ == nullptr)
    throw SyncError(SyncErrorKind::BadInput, label(name) + ": this reader only verifies; it holds no key to decrypt");
  const crypto::Bytes prefix = readPrefix(file);
  if (bundleVersionOf(prefix, name) == kBundleFormatVersion1) {
    const crypto::Bytes whole = readWholeV1(file, name);
    VerifiedBundle out = verify(whole, name);
    Payload payload = decrypt(out, whole);
    if (beforeRecords) beforeRecords(out.header, payload.sender);
    batch(payload.records);
    return out;
  }
  // 1-6: the header, before anything else is read.
  VerifiedBundle out = checkHeader(checkHeaderV2(prefix, file.size(), name), name);
  BundleHeader& h = out.header;
  const auto cannot = [&](Msg code, std::vector<MessageArg> more = {}) {
    return bundleError(SyncErrorKind::DecryptFailed, code, name, std::move(more));
  };
  const std::string what = "the payload of " + label(name);
  crypto::PublicHasher hasher;
  hasher.update(prefix);
  FrameReader frames(file, name, hasher);
  crypto::Bytes plain;
  plain.reserve(kBundleV2ChunkTarget + 4096);
  struct Wipe {
    crypto::Bytes& bytes;
    ~Wipe() { crypto::memzero(bytes); }
  } wipe{plain};
  ParseState st;
  Records records;
  bool final = false;
  bool first = true;
  std::uint64_t payloadBytes = 0;
  try {
    const crypto::SecretBytes key = crypto::recipientSessionKey(*coordinatorKey_, h.ephemeralKey);
    const crypto::Bytes associated = crypto::hash(prefix);
    crypto::StreamDecryptor decryptor(key, h.streamHeader);
    // 9-10, chunk by chunk: decrypt, parse, stage.
    while (frames.next()) {
      if (final) throw cannot(Msg::BundleStreamExtra);
      const crypto::ByteView sealed = frames.frame();
      plain.resize(sealed.size() - crypto::kStreamABytes);
      final = decryptor.pullInto(sealed, associated, plain.data());
      // The frame's mark must agree with the encrypted stream's own end.
      if (final != frames.last()) throw cannot(final ? Msg::BundleStreamExtra : Msg::BundleStreamCut);
      payloadBytes += plain.size();
      parseChunk(plain, final, st, records, what);
      crypto::memzero(plain);
      if (first) {
        first = false;
        // The sender inside must be the header's, before any record is staged.
        const Sender& s = st.sender;
        if (s.deviceId != h.deviceId || s.deviceSigningKey != h.deviceKey.bytes || s.sequence != h.sequence ||
            s.previousBundleHash != h.previousBundleHash || s.recipientFingerprint != h.recipient) {
          throw bundleError(SyncErrorKind::Mismatch, Msg::BundleSenderMismatch, name,
                            {{"inner_device", s.deviceId.str()},
                             {"inner_sequence", s.sequence},
                             {"device", h.deviceId.str()},
                             {"sequence", h.sequence}});
        }
        if (beforeRecords) beforeRecords(h, s);
      }
      validateRecords(records, what);
      if (!records.empty()) batch(records);
      records = Records{};
    }
  } catch (const crypto::CryptoError& e) {
    throw cannot(Msg::BundleCannotDecrypt, {{"en_detail", e.what()}});
  }
  if (!final) throw cannot(Msg::BundleStreamCut);
  // 7, last: the signature over every byte before it.
  const crypto::Bytes digest = hasher.digest();
  const crypto::Signature signature = frames.signature();
  if (!crypto::verify(h.deviceKey, signedMessageV2(digest), signature)) {
    throw bundleError(SyncErrorKind::BadSignature, Msg::BundleBadSignature, name, {{"device", h.deviceId.str()}});
  }
  if (st.count != st.endCount) {
    throw bundleError(SyncErrorKind::Mismatch, Msg::BundleCountMismatch, name,
                      {{"n", st.count}, {"expected", st.endCount}});
  }
  hasher.update(signature);
  out.hash = toHash(hasher.digest());
  h.recordCount = static_cast<std::uint32_t>(std::min<std::uint64_t>(st.count, UINT32_MAX));
  h.payloadLength = payloadBytes;
  return out;
}

VerifiedBundle BundleReader::verify(crypto::ByteView file, const std::string& name) const {
  if (bundleVersionOf(file, name) >= 2) {
    SpanSource source(file);
    return verify(source, name);
  }
  VerifiedBundle out = checkHeader(checkStructureV1(file, name), name);
  const BundleHeader& h = out.header;
  // 7. signature
  if (!selfSignatureValidV1(file, h)) {
    throw bundleError(SyncErrorKind::BadSignature, Msg::BundleBadSignature, name, {{"device", h.deviceId.str()}});
  }
  out.hash = bundleHash(file);
  return out;
}

VerifiedBundle BundleReader::checkHeader(const BundleHeader& h, const std::string& name) const {
  VerifiedBundle out{name, h, {}};
  // 5. for us?
  if (h.recipient != ourFingerprint_) {
    throw bundleError(SyncErrorKind::WrongRecipient, Msg::BundleWrongRecipient, name,
                      {{"found", wire::fingerprintText(h.recipient)}, {"ours", wire::fingerprintText(ourFingerprint_)}});
  }
  // 6. from an approved device, with its approved key?
  const auto device = [&]() -> std::vector<MessageArg> {
    return {{"device", h.deviceId.str()}, {"key", crypto::fingerprint(h.deviceKey)}};
  };
  switch (devices_.deviceStatus(h.deviceId, h.deviceKey)) {
    case DeviceStatus::Approved: break;
    case DeviceStatus::Unknown:
      throw bundleError(SyncErrorKind::UnknownDevice, Msg::BundleUnknownDevice, name, device());
    case DeviceStatus::NotApproved:
      throw bundleError(SyncErrorKind::DeviceNotApproved, Msg::BundleDeviceNotApproved, name, device());
    case DeviceStatus::KeyMismatch:
      throw bundleError(SyncErrorKind::WrongDeviceKey, Msg::BundleWrongDeviceKey, name, device());
  }
  return out;
}

Payload BundleReader::decrypt(const VerifiedBundle& bundle, crypto::ByteView file) const {
  if (bundle.header.formatVersion >= 2) {
    // Version 2 is read in one pass; this is the second, for callers that
    // verified first (the signature is checked again at the end).
    SpanSource source(file);
    Payload payload;
    const VerifiedBundle again =
        open(source, bundle.name, [&](Records& batch) { appendRecords(payload.records, batch); },
             [&](const BundleHeader&, const Sender& sender) { payload.sender = sender; });
    if (again.hash != bundle.hash) {
      throw SyncError(SyncErrorKind::BadInput,
                      label(bundle.name) + ": decrypt() was given other bytes than verify() checked");
    }
    return payload;
  }
  const std::string where = label(bundle.name);
  const BundleHeader& h = bundle.header;
  if (file.size() != bundleFileSize(h.payloadLength)) {
    throw SyncError(SyncErrorKind::BadInput, where + ": decrypt() was given other bytes than verify() checked");
  }
  const auto cannot = [&](Msg code, std::vector<MessageArg> more = {}) {
    return bundleError(SyncErrorKind::DecryptFailed, code, bundle.name, std::move(more));
  };
  if (coordinatorKey_ == nullptr)
    throw SyncError(SyncErrorKind::BadInput, where + ": this reader only verifies; it holds no key to decrypt");
  crypto::Bytes plain;
  try {
    const crypto::SecretBytes key = crypto::recipientSessionKey(*coordinatorKey_, h.ephemeralKey);
    const crypto::Bytes associated = crypto::hash(file.first(kBundleHeaderBytes));
    crypto::StreamDecryptor decryptor(key, h.streamHeader);
    plain.reserve(static_cast<std::size_t>(h.payloadLength));
    std::size_t at = kBundleCiphertextOffset;
    const auto chunks = chunkCount(h.payloadLength);
    for (std::uint64_t i = 0; i < chunks; ++i) {
      const std::size_t len =
          std::min<std::size_t>(kBundleChunkBytes, static_cast<std::size_t>(h.payloadLength) - plain.size()) +
          crypto::kStreamABytes;
      const crypto::StreamChunk chunk = decryptor.pull(file.subspan(at, len), associated);
      at += len;
      const bool last = i + 1 == chunks;
      if (chunk.isFinal != last) {
        throw cannot(last ? Msg::BundleStreamCut : Msg::BundleStreamExtra);
      }
      plain.insert(plain.end(), chunk.plaintext.begin(), chunk.plaintext.end());
    }
  } catch (const crypto::CryptoError& e) {
    throw cannot(Msg::BundleCannotDecrypt, {{"en_detail", e.what()}});
  }
  Payload payload;
  try {
    payload = decodePayload(plain, "the payload of " + where);
  } catch (...) {
    crypto::memzero(plain);
    throw;
  }
  crypto::memzero(plain);
  // 10. the sender inside must be the header's.
  const Sender& s = payload.sender;
  if (s.deviceId != h.deviceId || s.deviceSigningKey != h.deviceKey.bytes || s.sequence != h.sequence ||
      s.previousBundleHash != h.previousBundleHash || s.recipientFingerprint != h.recipient) {
    throw bundleError(SyncErrorKind::Mismatch, Msg::BundleSenderMismatch, bundle.name,
                      {{"inner_device", s.deviceId.str()},
                       {"inner_sequence", s.sequence},
                       {"device", h.deviceId.str()},
                       {"sequence", h.sequence}});
  }
  if (payload.records.count() != h.recordCount) {
    throw bundleError(SyncErrorKind::Mismatch, Msg::BundleCountMismatch, bundle.name,
                      {{"n", payload.records.count()}, {"expected", h.recordCount}});
  }
  return payload;
}

OpenedBundle BundleReader::read(crypto::ByteView file, const std::string& name) const {
  OpenedBundle out;
  if (bundleVersionOf(file.first(std::min<std::size_t>(file.size(), kBundleV2HeaderBytes)), name) >= 2) {
    SpanSource source(file);
    out.verified = open(source, name, [&](Records& batch) { appendRecords(out.payload.records, batch); },
                        [&](const BundleHeader&, const Sender& sender) { out.payload.sender = sender; });
    return out;
  }
  out.verified = verify(file, name);
  out.payload = decrypt(out.verified, file);
  return out;
}

OpenedBundle BundleReader::readFile(const std::filesystem::path& path) const {
  FileSource file(path, Msg::FileBundle);
  OpenedBundle out;
  out.verified = open(file, path.string(), [&](Records& batch) { appendRecords(out.payload.records, batch); },
                      [&](const BundleHeader&, const Sender& sender) { out.payload.sender = sender; });
  return out;
}

}  // namespace spor::sync
