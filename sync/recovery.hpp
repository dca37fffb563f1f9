#pragma once
// PIN recovery, offline: the coordinator's recovery key carried to a tablet
// on a USB stick, protected by a passphrase, and the one use case that sets
// a new PIN with it (`spor recover` and the lock screen's "Glemt
// PIN-koden?"). Nothing on the tablet is lost: the recovery opens the same
// data key, so every unsent answer stays.
//
// The recovery key file (NAME.sporrecovery), little-endian:
//
//   magic       16 bytes  "SPOR-RECOVERY-V1"
//   ops limit    8 bytes  Argon2id passes
//   mem limit    8 bytes  Argon2id memory, bytes
//   salt        16 bytes
//   public key  32 bytes  the recovery public key (X25519), in clear: a tablet
//                         enrolled with another coordinator is told so before
//                         any passphrase is typed
//   wrapped     72 bytes  crypto::wrapKey(Argon2id(passphrase), recovery secret,
//                         associated data = the 80 bytes above)
//   checksum    16 bytes  BLAKE2b-128 of the 152 bytes above: a damaged file
//                         is told apart from a wrong passphrase
//
// Anyone holding the file and its passphrase can open every tablet of this
// coordinator: keep it offline, the passphrase apart from it.
#include <filesystem>
#include <string>
#include <string_view>

#include "crypto/box.hpp"
#include "crypto/kdf.hpp"
#include "messages/message.hpp"
#include "store/device_store.hpp"

namespace spor::sync {

class CoordinatorStore;

inline constexpr const char* kRecoveryKeyFileName = "spor-recovery-key.sporrecovery";
// The file leaves the office and can be attacked offline with no lock-out,
// so its passphrase must be longer than a store's.
inline constexpr std::size_t kMinRecoveryPassphrase = 10;

enum class RecoveryErrorKind {
  WeakPassphrase,    // too short to protect a key that opens every tablet
  NotRecoveryFile,   // missing, unreadable, or not a recovery key file
  Damaged,           // the right kind of file, changed or cut off
  WrongPassphrase,   // the file's passphrase does not open it
  OtherCoordinator,  // a key from another coordinator than the tablet's
  NotEnrolled,       // a tablet in demo mode has no coordinator to recover with
  WriteFailed,
};

class RecoveryError : public Error {
 public:
  RecoveryError(RecoveryErrorKind kind, Message message) : Error(std::move(message)), kind_(kind) {}
  [[nodiscard]] RecoveryErrorKind kind() const noexcept { return kind_; }

 private:
  RecoveryErrorKind kind_;
};

// The file's bytes: the unlocked coordinator's recovery key under `passphrase`.
[[nodiscard]] crypto::Bytes makeRecoveryKeyFile(const CoordinatorStore& coordinator, std::string_view passphrase,
                                                const crypto::KdfParams& kdf = crypto::KdfParams::interactiveDefault());

// Writes it to `out`: a folder (the file is kRecoveryKeyFileName) or a file
// path; never over an existing file. Returns the path written.
std::filesystem::path writeRecoveryKeyFile(const CoordinatorStore& coordinator, const std::filesystem::path& out,
                                           std::string_view passphrase,
                                           const crypto::KdfParams& kdf = crypto::KdfParams::interactiveDefault());

// The public half in a recovery key file, without the passphrase.
[[nodiscard]] crypto::BoxPublicKey recoveryKeyFilePublicKey(const std::filesystem::path& file);

// Opens the file with its passphrase.
[[nodiscard]] crypto::BoxKeyPair openRecoveryKeyFile(const std::filesystem::path& file, std::string_view passphrase);

// On the tablet whose volunteers forgot their PINs: checks the file belongs
// to this tablet's coordinator, opens it with `passphrase`, and gives
// `volunteer` (an existing one, or a new one) the PIN `newPin`. The lock-out
// is reset and the recovery written to the audit log. Every refusal
// (RecoveryError, or the store's error for a bad new PIN) comes before
// anything is written: the store is byte-identical.
// What can be told of a recovery key file for this tablet before its
// passphrase is typed: the file is a whole recovery key (not damaged), the
// tablet is enrolled (not a demo), and the key is its coordinator's (not
// another coordinator's). Throws RecoveryError; reads, never writes.
void checkRecoveryKeyFor(const store::DeviceStore& device, const std::filesystem::path& keyFile);

// The same use case on an open device store (locked or not): the app's lock
// screen, whose store is open already. Leaves `device` unlocked as `volunteer`.
store::VolunteerId recoverDevice(store::DeviceStore& device, const std::filesystem::path& keyFile,
                                 std::string_view passphrase, std::string_view volunteer, std::string_view newPin);

store::VolunteerId recoverDevice(const std::filesystem::path& dataDir, const std::filesystem::path& keyFile,
                                 std::string_view passphrase, std::string_view volunteer, std::string_view newPin,
                                 store::DeviceStoreOptions options = {});

}  // namespace spor::sync
