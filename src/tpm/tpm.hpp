#pragma once
// A TPM 2.0 that keeps a secret sealed under a PIN-derived authorisation, so
// that the secret comes out only on this device, only with the right PIN,
// and wrong PINs are counted by the TPM's own dictionary-attack lock-out.
// The vault (store/vault.hpp) binds volunteers' PIN wraps to it; this header
// is all it sees: plain types, no tss2 (only tpm/esys.cpp includes tss2).
//
//   std::unique_ptr<tpm::Tpm> t = tpm::connect("swtpm:path=/tmp/x/sock");
//   tpm::SealedObject o = t->seal(secret, auth);       // store o with the wrap
//   std::optional<crypto::SecretBytes> s = t->unseal(o, auth);
//   if (!s) ...                                          // wrong auth: the TPM counted it
//
// What is sealed is a TPM "keyed-hash" data object made under the TPM's
// storage root key (an ECC P-256 primary key derived from the owner
// hierarchy's seed, made again on every connection): fixedTPM and
// fixedParent, so it loads only in this TPM; its policy is PolicyAuthValue,
// so unsealing needs a policy session that proves the authorisation value;
// and it lacks noDA, so every wrong value counts in the TPM's
// dictionary-attack counter, and when that reaches the TPM's maximum the
// TPM refuses every authorisation (even a right one) until one failure is
// forgiven per recovery interval. Clearing the TPM (a new owner seed)
// makes every object sealed before unloadable. Sessions are salted with the
// storage root key and encrypt the secret and the authorisation on the bus.
//
// Which TPM: connect() takes a tpm2-tss TCTI string ("device:/dev/tpmrm0",
// "swtpm:path=SOCKET", "mssim:host=H,port=P"); systemTpm() picks one from the
// environment (SPOR_TPM) or the kernel's resource manager device.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "crypto/bytes.hpp"
#include "crypto/secret_bytes.hpp"
#include "messages/message.hpp"

namespace spor::tpm {

// A sealed data object as the TPM returned it, to be stored beside the wrap.
struct SealedObject {
  crypto::Bytes publicArea;   // TPM2B_PUBLIC, marshalled: type, attributes, policy digest
  crypto::Bytes privateArea;  // TPM2B_PRIVATE, marshalled: encrypted by the TPM under its storage key
  crypto::Bytes parentName;   // the TPM name of the storage root key it was made under
  friend bool operator==(const SealedObject&, const SealedObject&) = default;
};

// The TPM's dictionary-attack state, as the TPM reports it.
struct LockoutInfo {
  std::uint32_t failures = 0;                // TPM_PT_LOCKOUT_COUNTER: wrong authorisations not yet forgiven
  std::uint32_t maxFailures = 0;             // TPM_PT_MAX_AUTH_FAIL: at this count the TPM locks
  std::chrono::seconds recoveryInterval{0};  // TPM_PT_LOCKOUT_INTERVAL: one failure forgiven per interval
  bool inLockout = false;                    // TPMA_PERMANENT.inLockout
  // Wrong tries left before the TPM locks.
  [[nodiscard]] std::uint32_t triesLeft() const { return failures >= maxFailures ? 0 : maxFailures - failures; }
};

class Tpm {
 public:
  virtual ~Tpm() = default;

  // "TPM 2.0 from IBM (SW   TPM), firmware 1.38": for status lines.
  [[nodiscard]] virtual std::string description() = 0;
  // The name of this TPM's storage root key: a sealed object whose
  // parentName differs was made by another TPM, or before a TPM clear.
  [[nodiscard]] virtual crypto::Bytes storageKeyName() = 0;
  [[nodiscard]] virtual LockoutInfo lockout() = 0;

  // Seals `secret` (at most 128 bytes) under the authorisation value `auth`
  // (at most 32 bytes).
  [[nodiscard]] virtual SealedObject seal(const crypto::SecretBytes& secret, const crypto::SecretBytes& auth) = 0;
  // The secret, or nullopt when `auth` is wrong (the TPM counted it).
  // Throws LockedOutError while the TPM refuses every authorisation,
  // WrongTpmError for an object this TPM did not make (another device, or
  // this one before its TPM was cleared), TpmError for anything else.
  [[nodiscard]] virtual std::optional<crypto::SecretBytes> unseal(const SealedObject& object,
                                                                  const crypto::SecretBytes& auth) = 0;
};

// A way to reach a TPM when one is needed: returns nullptr when this device
// has none (or TPM use is switched off); throws UnavailableError when one is
// configured but cannot be used (no permission on /dev/tpmrm0, ...). A new
// connection per use: nothing holds the TPM open between unlocks.
using Connector = std::function<std::unique_ptr<Tpm>()>;

// Connects through a tpm2-tss TCTI string. Throws UnavailableError.
[[nodiscard]] std::unique_ptr<Tpm> connect(const std::string& tcti);

// Where Spor looks for a TPM, from the environment variable SPOR_TPM:
//   unset or "auto"   the kernel's resource manager, /dev/tpmrm0, if it exists
//   "off" or "none"   no TPM (PINs are protected by Argon2id alone)
//   anything else     a TCTI string for connect()
// Returns the TCTI to use, or nullopt for none.
[[nodiscard]] std::optional<std::string> systemTcti();
// A Connector for systemTcti(): what the app and the command line use.
[[nodiscard]] Connector systemTpm();
// A Connector that never finds a TPM.
[[nodiscard]] Connector noTpm();

// False when Spor was built without tss2 (cmake -DSPOR_TPM=OFF): then
// connect() throws and systemTpm() finds nothing.
[[nodiscard]] bool builtWithTpm();

// --- errors (messages in src/messages/tpm.def) -------------------------------

class TpmError : public Error {
 public:
  using Error::Error;
};

// No TPM can be reached though one is configured (the device is missing,
// no permission, the simulator is gone, a build without TPM support): the
// message says which (TpmNoDevice, TpmNoPermission, TpmUnreachable, TpmNotBuilt).
class UnavailableError : public TpmError {
 public:
  using TpmError::TpmError;
};

// The TPM's dictionary-attack lock-out is on: it refuses every
// authorisation, right or wrong, until `wait` has passed (at most one
// recovery interval for the next try).
class LockedOutError : public TpmError {
 public:
  explicit LockedOutError(std::chrono::seconds wait);
  [[nodiscard]] std::chrono::seconds wait() const { return wait_; }

 private:
  std::chrono::seconds wait_;
};

// The sealed object was made by another TPM, or by this one before it was
// cleared: it can never be unsealed here.
class WrongTpmError : public TpmError {
 public:
  WrongTpmError() : TpmError(Message{Msg::TpmWrongChip}) {}
};

// Minutes, rounded up, at least 1: the unit of every wait shown for a TPM.
[[nodiscard]] long long waitMinutes(std::chrono::seconds wait);

}  // namespace spor::tpm
