#include "sync/recovery.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "crypto/aead.hpp"
#include "crypto/error.hpp"
#include "crypto/hash.hpp"
#include "store/vault.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/errors.hpp"
#include "sync/file_io.hpp"

namespace spor::sync {

namespace fs = std::filesystem;

namespace {

constexpr std::array<char, 16> kMagic = {'S', 'P', 'O', 'R', '-', 'R', 'E', 'C', 'O',
                                         'V', 'E', 'R', 'Y', '-', 'V', '1'};
constexpr std::size_t kPublicAt = 16 + 8 + 8 + crypto::kSaltBytes;          // 48
constexpr std::size_t kHeaderBytes = kPublicAt + crypto::BoxPublicKey::kBytes;  // 80
constexpr std::size_t kWrappedBytes = crypto::kBoxSecretKeyBytes + crypto::kSealOverheadBytes;
constexpr std::size_t kBodyBytes = kHeaderBytes + kWrappedBytes;  // 152
// A plain checksum over the rest, so that a damaged file is told apart from
// a wrong passphrase (the wrap alone cannot tell them apart).
constexpr std::size_t kChecksumBytes = crypto::kHashMinBytes;
constexpr std::size_t kFileBytes = kBodyBytes + kChecksumBytes;  // 168
// Argon2id limits a file may ask for: beyond them it is damaged (or made to
// exhaust the tablet), not a real recovery key file.
constexpr std::uint64_t kMaxOps = 1000;
constexpr std::uint64_t kMaxMem = std::uint64_t{4} * 1024 * crypto::kMiB;

[[noreturn]] void fail(RecoveryErrorKind kind, Msg code, std::vector<MessageArg> args) {
  throw RecoveryError(kind, Message(code, std::move(args)));
}

void putU64(std::uint8_t* out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
std::uint64_t getU64(const std::uint8_t* in) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | in[i];
  return v;
}

struct Parsed {
  crypto::KdfParams kdf;
  crypto::Bytes salt;
  crypto::BoxPublicKey publicKey;
  crypto::Bytes header;
  crypto::Bytes wrapped;
};

Parsed parse(const fs::path& file) {
  const MessageArg where{"path", file.string()};
  crypto::Bytes bytes;
  std::error_code ec;
  if (fs::is_directory(file, ec)) fail(RecoveryErrorKind::NotRecoveryFile, Msg::RecoveryFileUnreadable, {where});
  try {
    bytes = readFileCapped(file, 4096, Msg::FileRecoveryKey);
  } catch (const SyncError& e) {
    if (e.kind() == SyncErrorKind::TooLarge)
      fail(RecoveryErrorKind::NotRecoveryFile, Msg::RecoveryNotRecoveryFile, {where});
    fail(RecoveryErrorKind::NotRecoveryFile, Msg::RecoveryFileUnreadable, {where});
  }
  if (bytes.size() < kMagic.size() || std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0)
    fail(RecoveryErrorKind::NotRecoveryFile, Msg::RecoveryNotRecoveryFile, {where});
  if (bytes.size() != kFileBytes) fail(RecoveryErrorKind::Damaged, Msg::RecoveryFileDamaged, {where});
  const crypto::Bytes sum = crypto::hash(crypto::ByteView(bytes.data(), kBodyBytes), kChecksumBytes);
  if (!std::equal(sum.begin(), sum.end(), bytes.begin() + static_cast<std::ptrdiff_t>(kBodyBytes)))
    fail(RecoveryErrorKind::Damaged, Msg::RecoveryFileDamaged, {where});
  Parsed p;
  p.kdf.opsLimit = getU64(bytes.data() + 16);
  p.kdf.memLimitBytes = getU64(bytes.data() + 24);
  if (p.kdf.opsLimit < 1 || p.kdf.opsLimit > kMaxOps || p.kdf.memLimitBytes < 8192 || p.kdf.memLimitBytes > kMaxMem)
    fail(RecoveryErrorKind::Damaged, Msg::RecoveryFileDamaged, {where});
  p.salt.assign(bytes.begin() + 32, bytes.begin() + static_cast<std::ptrdiff_t>(kPublicAt));
  p.publicKey = crypto::BoxPublicKey::fromBytes(
      crypto::ByteView(bytes.data() + kPublicAt, crypto::BoxPublicKey::kBytes));
  p.header.assign(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(kHeaderBytes));
  p.wrapped.assign(bytes.begin() + static_cast<std::ptrdiff_t>(kHeaderBytes),
                   bytes.begin() + static_cast<std::ptrdiff_t>(kBodyBytes));
  return p;
}

}  // namespace

crypto::Bytes makeRecoveryKeyFile(const CoordinatorStore& coordinator, std::string_view passphrase,
                                  const crypto::KdfParams& kdf) {
  if (passphrase.size() < kMinRecoveryPassphrase)
    fail(RecoveryErrorKind::WeakPassphrase, Msg::RecoveryWeakPassphrase,
         {{"min", static_cast<unsigned long>(kMinRecoveryPassphrase)}});
  const crypto::BoxKeyPair key = coordinator.recoveryKey();  // throws when the store is locked
  const crypto::Salt salt = crypto::newSalt();
  crypto::Bytes out(kHeaderBytes);
  std::memcpy(out.data(), kMagic.data(), kMagic.size());
  putU64(out.data() + 16, kdf.opsLimit);
  putU64(out.data() + 24, kdf.memLimitBytes);
  std::memcpy(out.data() + 32, salt.data(), salt.size());
  std::memcpy(out.data() + kPublicAt, key.publicKey.bytes.data(), key.publicKey.bytes.size());
  const crypto::SecretBytes kek = crypto::deriveKey(passphrase, salt, kdf);
  const crypto::Bytes wrapped = crypto::wrapKey(kek, key.secretKey, out);
  out.insert(out.end(), wrapped.begin(), wrapped.end());
  const crypto::Bytes sum = crypto::hash(out, kChecksumBytes);
  out.insert(out.end(), sum.begin(), sum.end());
  return out;
}

fs::path writeRecoveryKeyFile(const CoordinatorStore& coordinator, const fs::path& out, std::string_view passphrase,
                              const crypto::KdfParams& kdf) {
  const crypto::Bytes bytes = makeRecoveryKeyFile(coordinator, passphrase, kdf);
  std::error_code ec;
  const bool folder = fs::is_directory(out, ec);
  const fs::path dir = folder ? out : (out.parent_path().empty() ? fs::path(".") : out.parent_path());
  const std::string name = folder ? kRecoveryKeyFileName : out.filename().string();
  try {
    return writeFileDurably(dir, name, bytes);
  } catch (const SyncError& e) {
    fail(RecoveryErrorKind::WriteFailed, Msg::RecoveryWriteFailed, {{"path", (dir / name).string()}, {"reason", e.what()}});
  }
}

crypto::BoxPublicKey recoveryKeyFilePublicKey(const fs::path& file) {
  return parse(file).publicKey;
}

crypto::BoxKeyPair openRecoveryKeyFile(const fs::path& file, std::string_view passphrase) {
  const Parsed p = parse(file);
  const crypto::SecretBytes kek = crypto::deriveKey(passphrase, p.salt, p.kdf);
  crypto::SecretBytes secret;
  try {
    secret = crypto::unwrapKey(kek, p.wrapped, p.header);
  } catch (const crypto::DecryptError&) {
    // The file's checksum held, so the file is as it was written.
    fail(RecoveryErrorKind::WrongPassphrase, Msg::RecoveryWrongPassphrase, {{"path", file.string()}});
  }
  crypto::BoxKeyPair pair = crypto::boxKeyFromSecret(std::move(secret));
  if (pair.publicKey != p.publicKey) fail(RecoveryErrorKind::Damaged, Msg::RecoveryFileDamaged, {{"path", file.string()}});
  return pair;
}

void checkRecoveryKeyFor(const store::DeviceStore& device, const fs::path& keyFile) {
  const store::DeviceInfo info = device.device();
  if (info.demo || !info.recoveryRecipient)
    fail(RecoveryErrorKind::NotEnrolled, Msg::RecoveryNotEnrolled, {});
  const crypto::BoxPublicKey inFile = recoveryKeyFilePublicKey(keyFile);
  if (inFile != *info.recoveryRecipient)
    fail(RecoveryErrorKind::OtherCoordinator, Msg::RecoveryOtherCoordinator,
         {{"path", keyFile.string()},
          {"found", crypto::fingerprint(inFile)},
          {"expected", crypto::fingerprint(*info.recoveryRecipient)},
          // The fingerprint a person has seen (enrolment, settings): the coordinator's own key.
          {"coordinator", info.coordinator ? crypto::fingerprint(info.coordinator->encryption) : std::string("-")}});
}

store::VolunteerId recoverDevice(store::DeviceStore& device, const fs::path& keyFile, std::string_view passphrase,
                                 std::string_view volunteer, std::string_view newPin) {
  // The new PIN first: a PIN that will be refused costs no Argon2id.
  static_cast<void>(store::checkNewSecret(newPin));
  checkRecoveryKeyFor(device, keyFile);
  const crypto::BoxKeyPair key = openRecoveryKeyFile(keyFile, passphrase);
  return device.recoverAccess(key, volunteer, newPin);
}

store::VolunteerId recoverDevice(const fs::path& dataDir, const fs::path& keyFile, std::string_view passphrase,
                                 std::string_view volunteer, std::string_view newPin,
                                 store::DeviceStoreOptions options) {
  const fs::path path = store::deviceStorePath(dataDir);
  if (!store::DeviceStore::exists(path))
    fail(RecoveryErrorKind::NotRecoveryFile, Msg::RecoveryNoDevice, {{"path", dataDir.string()}});
  // The new PIN first: a PIN that will be refused costs no Argon2id (nor opening the store).
  static_cast<void>(store::checkNewSecret(newPin));
  store::DeviceStore device = store::DeviceStore::open(path, std::move(options));
  return recoverDevice(device, keyFile, passphrase, volunteer, newPin);
}

}  // namespace spor::sync
