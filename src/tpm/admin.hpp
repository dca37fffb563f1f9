#pragma once
// Changing a TPM's owner settings: for the tests (which run a software TPM)
// and for an administrator's tools. Spor itself never calls these on a
// device: the TPM's dictionary-attack settings belong to whoever owns the
// machine (they guard every program that uses the TPM, disk encryption
// too), and a clear destroys every key sealed to it.
//
// Each needs the TPM's lockout authorisation to be empty, as it is on a
// TPM no one has taken ownership of (and on a fresh software TPM).
#include <chrono>
#include <cstdint>
#include <string>

namespace spor::tpm {

struct LockoutPolicy {
  std::uint32_t maxFailures = 32;              // wrong authorisations before the TPM locks
  std::chrono::seconds recoveryInterval{600};  // one failure forgiven per interval
  std::chrono::seconds lockoutRecovery{600};   // after a wrong lockout authorisation
};

// TPM2_Clear: a new owner seed, so every object sealed before is lost.
void clearTpm(const std::string& tcti);
// TPM2_DictionaryAttackParameters.
void setLockoutPolicy(const std::string& tcti, const LockoutPolicy& policy);
// TPM2_DictionaryAttackLockReset: the failure count back to 0.
void resetLockout(const std::string& tcti);

}  // namespace spor::tpm
