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
    const crypto::Bytes back = readFileCapped(path, maxBundleFileSize(), "bundle");
    const BundleHeader header = checkBundleStructure(back, path.string());
    if (back != encoded.bytes || header != encoded.header || !bundleSelfSignatureValid(back, header)) {
      throw SyncError(SyncErrorKind::WriteFailed, "bundle '" + path.string() +
                                                      "': reading it back gave different bytes; the disk or USB stick "
                                                      "may be failing. The file was removed; export again, to "
                                                      "another stick if it happens again");
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
  const std::string where = label(name);
  // 1. size (the cap; too short is told apart below)
  if (file.size() > maxBundleFileSize()) {
    throw SyncError(SyncErrorKind::TooLarge, where + ": too large: it is " + std::to_string(file.size()) +
                                                 " bytes, more than any bundle can be (" +
                                                 std::to_string(maxBundleFileSize()) + ")");
  }
  // 2. magic, 3. version and suite
  wire::checkMagic(file, 'B', where);
  wire::checkVersionAndSuite(file, kBundleFormatVersion, kCipherSuite, where, "bundle");
  if (file.size() < kBundleCiphertextOffset + crypto::kStreamABytes) {
    throw SyncError(SyncErrorKind::Truncated,
                    where + ": truncated: it is " + std::to_string(file.size()) + " bytes, shorter than the " +
                        std::to_string(kBundleCiphertextOffset + crypto::kStreamABytes) +
                        " bytes of header, signature and end marker every bundle has; copy the file again");
  }
  // 4. header values
  const BundleHeader h = BundleHeader::decode(file);
  const auto damaged = [&](const std::string& why) {
    return SyncError(SyncErrorKind::DamagedHeader,
                     where + ": damaged header: " + why + "; copy the file again from the device");
  };
  if (h.deviceId.isNil()) throw damaged("the device id is empty");
  if (h.sequence == 0) throw damaged("the bundle sequence number is 0");
  if (h.sequence == 1 && !wire::allZero(h.previousBundleHash)) {
    throw damaged("bundle 1 names a previous bundle");
  }
  if (h.sequence > 1 && wire::allZero(h.previousBundleHash)) {
    throw damaged("bundle " + std::to_string(h.sequence) + " does not name its previous bundle");
  }
  if (h.payloadLength > kMaxBundlePayloadBytes) {
    throw SyncError(SyncErrorKind::TooLarge, where + ": its header claims a payload of " +
                                                 std::to_string(h.payloadLength) + " bytes, more than the " +
                                                 std::to_string(kMaxBundlePayloadBytes) +
                                                 " a bundle may hold; the file is damaged");
  }
  if (h.recordCount > kMaxBundleRecords) {
    throw damaged("it claims " + std::to_string(h.recordCount) + " records, more than the " +
                  std::to_string(kMaxBundleRecords) + " a bundle may hold");
  }
  const std::uint64_t expected = bundleFileSize(h.payloadLength);
  if (file.size() < expected) {
    throw SyncError(SyncErrorKind::Truncated, where + ": truncated: it is " + std::to_string(file.size()) +
                                                  " bytes but its header says " + std::to_string(expected) +
                                                  "; the copy was cut short, copy the file again from the device");
  }
  if (file.size() > expected) {
    throw SyncError(SyncErrorKind::ExtraBytes, where + ": it has " + std::to_string(file.size() - expected) +
                                                   " extra bytes after its end (" + std::to_string(file.size()) +
                                                   " bytes, its header says " + std::to_string(expected) +
                                                   "); the file was changed or damaged, copy it again");
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
  const std::string where = label(name);
  VerifiedBundle out{name, checkBundleStructure(file, name), {}};
  const BundleHeader& h = out.header;
  // 5. for us?
  if (h.recipient != ourFingerprint_) {
    throw SyncError(SyncErrorKind::WrongRecipient,
                    where + ": made for another coordinator (key fingerprint " + wire::fingerprintText(h.recipient) +
                        "; this coordinator's is " + wire::fingerprintText(ourFingerprint_) +
                        "). Give it to that coordinator, or enrol the device with this coordinator's enrolment file");
  }
  // 6. from an approved device, with its approved key?
  const std::string device = "device " + h.deviceId.str();
  const auto keyFp = [&] { return crypto::fingerprint(h.deviceKey); };  // only when it is shown
  switch (devices_.deviceStatus(h.deviceId, h.deviceKey)) {
    case DeviceStatus::Approved: break;
    case DeviceStatus::Unknown:
      throw SyncError(SyncErrorKind::UnknownDevice,
                      where + ": comes from " + device + " (key fingerprint " + keyFp() +
                          "), which this coordinator does not know. If it is one of your devices, compare that "
                          "fingerprint with the one on the device's screen, approve it with 'spor devices approve " +
                          h.deviceId.str() + "' and import again");
    case DeviceStatus::NotApproved:
      throw SyncError(SyncErrorKind::DeviceNotApproved,
                      where + ": " + device + " (key fingerprint " + keyFp() +
                          ") is not approved yet. Compare the fingerprint with the device's screen, approve it with "
                          "'spor devices approve " +
                          h.deviceId.str() + "' and import again");
    case DeviceStatus::KeyMismatch:
      throw SyncError(SyncErrorKind::WrongDeviceKey,
                      where + ": signed with key " + keyFp() + ", which is not the approved key of " + device +
                          ": the bundle was re-signed by another device or forged. Do not import it; ask the "
                          "device's volunteer to export again");
  }
  // 7. signature
  if (!bundleSelfSignatureValid(file, h)) {
    throw SyncError(SyncErrorKind::BadSignature,
                    where + ": the signature does not match the contents: the file was changed or damaged after " +
                        device + " made it. Copy it again from the device");
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
  const auto cannot = [&](const std::string& why) {
    return SyncError(SyncErrorKind::DecryptFailed, where + ": cannot decrypt: " + why);
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
        throw cannot(last ? "the encrypted stream does not end at the end of the file; it was cut short"
                          : "the encrypted stream ends before the end of the file; bytes were added");
      }
      plain.insert(plain.end(), chunk.plaintext.begin(), chunk.plaintext.end());
    }
  } catch (const crypto::CryptoError& e) {
    throw cannot(std::string("the encrypted payload does not belong to this header or this coordinator's key, so the "
                             "bundle was altered after it was made (for instance re-signed by another device) or is "
                             "damaged; do not import it (") +
                 e.what() + ")");
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
    throw SyncError(SyncErrorKind::Mismatch, where + ": the sender inside the encrypted payload (device " +
                                                 s.deviceId.str() + ", bundle " + std::to_string(s.sequence) +
                                                 ") does not match the header (device " + h.deviceId.str() +
                                                 ", bundle " + std::to_string(h.sequence) +
                                                 "): it was re-signed by another device. Do not import it");
  }
  if (payload.records.count() != h.recordCount) {
    throw SyncError(SyncErrorKind::Mismatch, where + ": it holds " + std::to_string(payload.records.count()) +
                                                 " records but its header says " + std::to_string(h.recordCount) +
                                                 "; it was not written by Spor. Do not import it");
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
  const crypto::Bytes file = readFileCapped(path, maxBundleFileSize(), "bundle");
  return read(file, path.string());
}

}  // namespace spor::sync
