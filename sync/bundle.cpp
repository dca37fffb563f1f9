#include "sync/bundle.hpp"

#include <algorithm>
#include <cstdio>
#include <string_view>

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

EncodedBundle BundleWriter::encode(const NewBundle& bundle, const FixedRandomness* fixed) const {
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
  const Sender sender{deviceId_,  deviceKey_.publicKey.bytes, bundle.sequence,       bundle.previousBundleHash,
                      recipient_, bundle.createdAt,           bundle.softwareVersion};
  return detail::encodeBundle(sender, bundle.records, sender, deviceKey_, coordinatorKey_, fixed);
}

EncodedBundle detail::encodeBundle(const Sender& inside, const Records& records, const Sender& headerSender,
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

WrittenBundle BundleWriter::write(const std::filesystem::path& folder, const NewBundle& bundle) const {
  const EncodedBundle encoded = encode(bundle);
  const std::string name = fileName(deviceId_, bundle.sequence);
  const std::filesystem::path path = writeFileDurably(folder, name, encoded.bytes);
  // Read back what the disk now holds, and check it as the coordinator
  // will (except decryption, which only the coordinator can do).
  try {
    const crypto::Bytes back = readFileCapped(path, maxBundleFileSize(), Msg::FileBundle);
    const BundleHeader header = checkBundleStructure(back, path.string());
    if (back != encoded.bytes || header != encoded.header || !bundleSelfSignatureValid(back, header)) {
      throw SyncError(SyncErrorKind::WriteFailed, Message{Msg::BundleReadBackDiffers, {{"path", path.string()}}});
    }
  } catch (const SyncError&) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    throw;
  }
  return {path, encoded.hash, encoded.bytes.size()};
}

// --- reading -----------------------------------------------------------------

BundleHeader checkBundleStructure(crypto::ByteView file, const std::string& name) {
  // 1. size (the cap; too short is told apart below)
  if (file.size() > maxBundleFileSize()) {
    throw bundleError(SyncErrorKind::TooLarge, Msg::BundleTooLarge, name,
                      {{"size", file.size()}, {"max", maxBundleFileSize()}});
  }
  // 2. magic, 3. version and suite
  wire::checkMagic(file, 'B', name);
  wire::checkVersionAndSuite(file, kBundleFormatVersion, kCipherSuite, 'B', name);
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

bool bundleSelfSignatureValid(crypto::ByteView file, const BundleHeader& header) {
  if (file.size() < kBundleCiphertextOffset) return false;
  return crypto::verify(header.deviceKey, signedMessage(file),
                        file.subspan(kBundleSignatureOffset, crypto::kSignatureBytes));
}

BundleReader::BundleReader(const crypto::BoxKeyPair& coordinatorKey, const DeviceDirectory& devices)
    : coordinatorKey_(&coordinatorKey),
      devices_(devices),
      ourFingerprint_(wire::fingerprintBytes(coordinatorKey.publicKey)) {}

BundleReader::BundleReader(const crypto::BoxPublicKey& coordinatorPublic, const DeviceDirectory& devices)
    : coordinatorKey_(nullptr), devices_(devices), ourFingerprint_(wire::fingerprintBytes(coordinatorPublic)) {}

VerifiedBundle BundleReader::verify(crypto::ByteView file, const std::string& name) const {
  VerifiedBundle out{name, checkBundleStructure(file, name), {}};
  const BundleHeader& h = out.header;
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
  // 7. signature
  if (!bundleSelfSignatureValid(file, h)) {
    throw bundleError(SyncErrorKind::BadSignature, Msg::BundleBadSignature, name, {{"device", h.deviceId.str()}});
  }
  out.hash = bundleHash(file);
  return out;
}

Payload BundleReader::decrypt(const VerifiedBundle& bundle, crypto::ByteView file) const {
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
  out.verified = verify(file, name);
  out.payload = decrypt(out.verified, file);
  return out;
}

OpenedBundle BundleReader::readFile(const std::filesystem::path& path) const {
  const crypto::Bytes file = readFileCapped(path, maxBundleFileSize(), Msg::FileBundle);
  return read(file, path.string());
}

}  // namespace spor::sync
