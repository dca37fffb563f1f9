#pragma once
// The vault: one random data key per store, wrapped once per person who may
// unlock it, plus a recovery copy for the coordinator. It knows nothing about
// volunteers, children or coordinators: a "principal" is any stable string
// (the device store uses volunteer UUIDs, the coordinator store a fixed
// "coordinator"), so both stores share it.
//
//   data key (32 random bytes, only ever in secure memory)
//     ├─ wrapped per principal under Argon2id(PIN or passphrase, salt, params)
//     │    params and salt stored with each wrap, so they can be raised later
//     └─ sealed to the coordinator's X25519 recovery public key (recovery copy)
//
// Where the device has a TPM (VaultOptions::tpm), a PIN wrap is bound to it:
// the wrap's key needs both the PIN (through Argon2id) and a random secret
// sealed in the TPM under an authorisation value derived from the PIN, so a
// copy of the file is useless without the device, and wrong PINs count in
// the TPM's own dictionary-attack lock-out (docs/STORE.md, "PIN and TPM").
//
// Wrong secrets are counted in the file, so a restart does not reset them;
// after LockoutPolicy::freeAttempts wrong tries in a row every try must wait
// a delay that doubles up to a cap. A try is counted *before* the key is
// derived, so killing the app mid-derivation gives no free guesses; a right
// secret resets the count. docs/STORE.md explains what this protects against
// and what not (someone with the raw file can skip the counter: against them
// only Argon2id and the PIN's length help).
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/box.hpp"
#include "crypto/kdf.hpp"
#include "crypto/secret_bytes.hpp"
#include "store/sqlite.hpp"
#include "store/types.hpp"
#include "tpm/tpm.hpp"

namespace spor::store {

struct LockoutPolicy {
  int freeAttempts = 5;                 // wrong tries in a row before the first delay
  std::chrono::seconds firstDelay{30};  // the delay after the freeAttempts-th wrong try
  std::chrono::seconds maxDelay{3600};  // doubling stops here

  // The wait after `failures` wrong tries in a row: 0 below freeAttempts,
  // then firstDelay, doubling per further wrong try, capped at maxDelay.
  [[nodiscard]] std::chrono::seconds delayAfter(int failures) const;
};

struct LockoutStatus {
  int failures = 0;                   // wrong tries in a row (persisted)
  std::chrono::seconds remaining{0};  // wait this long before the next try (rounded up)
  [[nodiscard]] bool lockedOut() const { return remaining.count() > 0; }
};

struct VaultOptions {
  // Argon2id parameters for new wraps. A wrap made with weaker parameters is
  // re-made with these at its next unlock. Production: the calibrated
  // interactive default (about 0.5 s, 64 MiB); tests: KdfParams::testFast().
  crypto::KdfParams kdf = crypto::KdfParams::interactiveDefault();
  LockoutPolicy lockout;
  Clock clock = systemNow;
  // Where to find a TPM to bind PIN wraps to. New wraps (a new PIN, a PIN
  // change or reset, a recovery) are bound when it finds one, and an
  // unbound wrap is bound at its next unlock. None by default: the
  // coordinator store, which has no vault_tpm table, never uses one.
  tpm::Connector tpm = tpm::noTpm();
};

enum class SecretKind { Pin, Passphrase };

// A digits-only secret is a PIN (at least 6 digits, not one repeated digit or
// a straight run like 123456); anything else a passphrase (at least 8
// characters). Throws InvalidRequestError saying what to change.
SecretKind checkNewSecret(std::string_view secret);

// What the vault stores about one wrap (never the key).
struct WrapInfo {
  std::string principal;
  SecretKind kind = SecretKind::Pin;
  crypto::KdfParams kdf;
  Timestamp createdAt{};
  Timestamp updatedAt{};
  // Set when the wrap is bound to a TPM: the name of the TPM storage key it
  // was sealed under (another TPM, or this one after a clear, has another).
  std::optional<crypto::Bytes> tpmStorageKey{};
  [[nodiscard]] bool tpmBound() const { return tpmStorageKey.has_value(); }
};

class Vault {
 public:
  // Creates the vault's tables (vault_meta, vault_wrap, vault_recovery). Run
  // it in a store's first migration; later vault changes will come as
  // further functions the stores add to their migration lists.
  static void createTables(Db& db);
  // Creates vault_tpm, the TPM-sealed halves of bound wraps. A store that
  // wants TPM binding adds it in a migration (the device schema has it);
  // without it the vault never binds.
  static void createTpmTables(Db& db);

  Vault(Db& db, VaultOptions options);

  [[nodiscard]] bool initialised();

  // Makes the store's data key and wraps it for the first principal. Fails if
  // the vault already has a key. Returns the key (in secure memory).
  crypto::SecretBytes initialise(std::string_view principal, std::string_view secret);

  // The data key, if `secret` is right. Throws LockedOutError (with the
  // remaining wait; the secret is not even tried), WrongSecretError (the try
  // is counted), NotFoundError for an unknown principal. `onSuccess`, when
  // given, runs in the transaction that resets the count (the device store
  // writes its audit entry there: one disk flush fewer).
  // For a wrap bound to a TPM also, without counting a try: tpm::TpmError
  // subclasses when the TPM is locked out (tpm::LockedOutError), is another
  // or was cleared (tpm::WrongTpmError), cannot be reached
  // (tpm::UnavailableError, or TpmError{TpmMissing} when none is found), and
  // TpmError{TpmWrapDamaged} when the TPM accepted the PIN but the wrap
  // does not open. An unbound wrap is bound after a right secret when a TPM
  // is found.
  crypto::SecretBytes unlock(std::string_view principal, std::string_view secret,
                             const std::function<void()>& onSuccess = {});

  [[nodiscard]] LockoutStatus lockout();
  [[nodiscard]] bool hasPrincipal(std::string_view principal);
  [[nodiscard]] std::vector<WrapInfo> wraps();

  // Wraps `dataKey` for `principal` under `secret`: a new principal, or a
  // new secret for an existing one (change PIN). Checks the secret's strength.
  void setSecret(const crypto::SecretBytes& dataKey, std::string_view principal, std::string_view secret);
  // Removes a principal's wrap (secure_delete wipes it from the file).
  void removePrincipal(std::string_view principal);

  // (Re)seals the recovery copy of `dataKey` to `recipient`, replacing any earlier one.
  void sealRecoveryCopy(const crypto::SecretBytes& dataKey, const crypto::BoxPublicKey& recipient);
  [[nodiscard]] std::optional<crypto::BoxPublicKey> recoveryRecipient();
  // The data key from the recovery copy, with the recovery key pair's secret.
  // Throws NotFoundError without a copy, TamperedError when it does not open.
  [[nodiscard]] crypto::SecretBytes recover(const crypto::BoxKeyPair& recoveryKey);

  // 16 random bytes made with the data key; bound into every wrap and the recovery copy.
  [[nodiscard]] crypto::Bytes vaultId();

  // Resets the wrong-try count (after a successful recovery, for instance).
  void resetLockout();

 private:
  struct StoredWrap;
  crypto::Bytes wrapAd(std::string_view principal, SecretKind kind, const crypto::KdfParams& kdf,
                       const tpm::SealedObject* sealed);
  void writeWrap(const crypto::SecretBytes& dataKey, std::string_view principal, std::string_view secret,
                 const crypto::KdfParams& kdf, bool replace, tpm::Tpm* tpm);
  // The data key from a stored wrap and a secret; nullopt for a wrong secret.
  std::optional<crypto::SecretBytes> openWrap(const StoredWrap& wrap, std::string_view secret, tpm::Tpm* tpm);
  [[nodiscard]] bool hasTpmTables();
  // A TPM to bind new wraps to, or nullptr (none, or it does not work: the
  // wrap is then protected by Argon2id alone, and status says why).
  std::unique_ptr<tpm::Tpm> bindingTpm();

  Db& db_;
  VaultOptions options_;
};

// "30 seconds", "2 minutes", "1 hour 4 minutes": for lock-out messages.
[[nodiscard]] std::string describeDuration(std::chrono::seconds s);

}  // namespace spor::store
