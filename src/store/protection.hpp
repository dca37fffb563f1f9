#pragma once
// Which protection guards a device store's data key, volunteer by volunteer:
// a PIN through Argon2id alone, or a PIN bound to this device's TPM
// (store/vault.hpp; docs/STORE.md, "PIN and TPM"). DeviceStore::protection()
// reads it, locked or unlocked; `spor store status` and the settings screen
// show describe()'s lines.
#include <optional>
#include <string>
#include <vector>

#include "messages/message.hpp"
#include "store/types.hpp"
#include "tpm/tpm.hpp"

namespace spor::store {

enum class PinBinding {
  PinOnly,   // Argon2id alone: a copy of the file can be attacked offline
  ThisTpm,   // bound to this device's TPM: needs the PIN and this TPM
  OtherTpm,  // bound to a TPM Spor cannot use now (switched off, cleared, replaced): cannot unlock
};

struct VolunteerProtection {
  VolunteerId volunteer;
  std::string name;
  PinBinding binding = PinBinding::PinOnly;
};

// The TPM as Spor finds it now.
struct TpmStatus {
  bool found = false;       // a TPM answered
  std::string description;  // "TPM 2.0 from IBM (SW TPM), firmware 1.38", when found
  // Why a TPM that is configured (or present) cannot be used: a TpmNoDevice,
  // TpmNoPermission, TpmUnreachable, TpmNotBuilt or TpmFailed message.
  std::optional<Message> problem;
  std::optional<tpm::LockoutInfo> lockout;  // its dictionary-attack state, when found
};

enum class ProtectionLevel {
  PinOnly,    // some PIN is protected by Argon2id alone (and none by a TPM)
  Partly,     // some PINs are bound to a TPM, others not yet
  PinAndTpm,  // every PIN is bound to a TPM
};

struct StoreProtection {
  std::vector<VolunteerProtection> volunteers;  // the active volunteers, oldest first
  TpmStatus tpm;
  std::optional<std::string> recoveryKey;  // fingerprint of the key the recovery copy is sealed to

  [[nodiscard]] int count(PinBinding binding) const;
  // What someone with a copy of the disk faces: the weakest PIN decides.
  [[nodiscard]] ProtectionLevel level() const;
};

// What to tell a person, most important first: which protection is in force
// (ProtectionPinOnly, ProtectionPinOnlyForNow, ProtectionPartly or
// ProtectionTpm), then PINs that cannot unlock (ProtectionStale), why the TPM
// cannot be used, the TPM's count of wrong PINs or its lock-out, and the
// recovery key (ProtectionRecovery). Render each with messages/message.hpp.
[[nodiscard]] std::vector<Message> describe(const StoreProtection& protection);

}  // namespace spor::store
