#include "store/vault.hpp"

#include <algorithm>
#include <cctype>

#include "crypto/aead.hpp"
#include "crypto/error.hpp"
#include "crypto/hash.hpp"
#include "crypto/memory.hpp"
#include "crypto/random.hpp"
#include "store/error.hpp"

namespace spor::store {

namespace {

constexpr std::string_view kRecoveryLabel{"spor.recovery.v1"};  // 16 bytes
constexpr std::size_t kVaultIdBytes = 16;
// A wrap bound to a TPM: Argon2id(PIN) = X; the TPM seals a random half H
// under the authorisation value derive(X, auth label); the wrap's key is
// derive(X, key label, H). Without the TPM no one learns H; without the PIN
// the TPM gives it to no one (and counts the wrong value).
constexpr std::string_view kTpmAuthLabel{"spor.vault.tpm.auth.v1"};
constexpr std::string_view kTpmKeyLabel{"spor.vault.tpm.key.v1"};
constexpr std::size_t kTpmHalfBytes = 32;

const char* kindId(SecretKind k) {
  return k == SecretKind::Pin ? "pin" : "passphrase";
}

void appendField(crypto::Bytes& out, std::string_view field) {
  const auto n = static_cast<std::uint32_t>(field.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  out.insert(out.end(), field.begin(), field.end());
}

void appendU64(crypto::Bytes& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::string plural(long long n, const char* unit) {
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

}  // namespace

std::string describeDuration(std::chrono::seconds s) {
  const long long total = std::max<long long>(0, s.count());
  const long long h = total / 3600, m = (total % 3600) / 60, sec = total % 60;
  if (h > 0) return plural(h, "hour") + (m > 0 ? " " + plural(m, "minute") : "");
  if (m > 0) return plural(m, "minute") + (sec > 0 ? " " + plural(sec, "second") : "");
  return plural(sec, "second");
}

std::chrono::seconds LockoutPolicy::delayAfter(int failures) const {
  if (failures < freeAttempts) return std::chrono::seconds(0);
  std::chrono::seconds d = firstDelay;
  for (int i = freeAttempts; i < failures && d < maxDelay; ++i) d *= 2;
  return std::min(d, maxDelay);
}

SecretKind checkNewSecret(std::string_view secret) {
  const bool digits =
      !secret.empty() && std::all_of(secret.begin(), secret.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    if (secret.size() < 8)
      throw InvalidRequestError(Message{Msg::SecretTooShort, {{"n", secret.size()}}});
    return SecretKind::Passphrase;
  }
  if (secret.size() < 6)
    throw InvalidRequestError(Message{Msg::PinTooShort, {{"n", secret.size()}}});
  bool same = true, up = true, down = true;
  for (std::size_t i = 1; i < secret.size(); ++i) {
    same = same && secret[i] == secret[0];
    up = up && secret[i] == secret[i - 1] + 1;
    down = down && secret[i] == secret[i - 1] - 1;
  }
  if (same || up || down)
    throw InvalidRequestError(Message{Msg::PinTooEasy});
  return SecretKind::Pin;
}

void Vault::createTables(Db& db) {
  db.execScript(R"sql(
    -- One row: the vault's identity and the persisted wrong-try counter.
    CREATE TABLE vault_meta(
      id INTEGER PRIMARY KEY CHECK (id = 1),
      vault_id BLOB NOT NULL CHECK (length(vault_id) = 16),
      created_at INTEGER NOT NULL,
      failures INTEGER NOT NULL DEFAULT 0,      -- wrong tries in a row
      locked_until INTEGER NOT NULL DEFAULT 0,  -- ms since 1970; no try before this
      last_attempt INTEGER NOT NULL DEFAULT 0   -- ms; detects a clock set back
    ) STRICT;
    -- The data key wrapped under Argon2id(secret, salt, ops_limit, mem_limit).
    CREATE TABLE vault_wrap(
      principal TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('pin', 'passphrase')),
      salt BLOB NOT NULL CHECK (length(salt) = 16),
      ops_limit INTEGER NOT NULL CHECK (ops_limit > 0),
      mem_limit INTEGER NOT NULL CHECK (mem_limit > 0),
      wrapped BLOB NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    -- The data key sealed to the coordinator's recovery public key.
    CREATE TABLE vault_recovery(
      id INTEGER PRIMARY KEY CHECK (id = 1),
      recipient BLOB NOT NULL CHECK (length(recipient) = 32),
      sealed BLOB NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;
  )sql");
}

void Vault::createTpmTables(Db& db) {
  db.execScript(R"sql(
    -- The TPM-sealed half of a bound PIN wrap's key (store/vault.hpp): a wrap
    -- with a row here opens only with the PIN and this device's TPM.
    CREATE TABLE vault_tpm(
      principal TEXT PRIMARY KEY REFERENCES vault_wrap(principal) ON DELETE CASCADE,
      sealed_public BLOB NOT NULL,   -- TPM2B_PUBLIC of the sealed data object
      sealed_private BLOB NOT NULL,  -- TPM2B_PRIVATE: encrypted by the TPM, opens only inside it
      storage_key BLOB NOT NULL,     -- the TPM name of the storage root key it was sealed under
      created_at INTEGER NOT NULL
    ) STRICT;
  )sql");
}

// What unlock() reads about one wrap.
struct Vault::StoredWrap {
  WrapInfo info;
  crypto::Bytes salt;
  crypto::Bytes wrapped;
  std::optional<tpm::SealedObject> sealed;
};

namespace {

// A PIN wrap carries a check of its stored values (salt, Argon2id
// parameters, kind, the wrapped key): 16 bytes of BLAKE2b appended to the
// wrapped key. It is not a secret and proves nothing to an attacker, who can
// recompute it; it tells a damaged file (a flipped bit) from a wrong PIN,
// which the wrapped key alone cannot: both fail to decrypt. Wraps written
// before it have no check, and are taken as they are.
constexpr std::size_t kWrapCheckBytes = 16;
constexpr std::size_t kPlainWrapBytes = crypto::kKeyBytes + crypto::kSealOverheadBytes;

crypto::Bytes wrapCheck(crypto::ByteView salt, const crypto::KdfParams& kdf, std::string_view kind,
                        crypto::ByteView wrapped) {
  crypto::Bytes all(salt.begin(), salt.end());
  for (const std::uint64_t v : {kdf.opsLimit, kdf.memLimitBytes})
    for (int i = 0; i < 8; ++i) all.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  all.insert(all.end(), kind.begin(), kind.end());
  all.insert(all.end(), wrapped.begin(), wrapped.end());
  return crypto::hash(all, kWrapCheckBytes);
}

}  // namespace

Vault::Vault(Db& db, VaultOptions options) : db_(db), options_(std::move(options)) {}

bool Vault::initialised() {
  return db_.queryInt("SELECT count(*) FROM vault_meta").value_or(0) > 0;
}

crypto::Bytes Vault::vaultId() {
  auto q = db_.query("SELECT vault_id FROM vault_meta WHERE id = 1");
  if (!q.next()) throw NotFoundError("'" + db_.name() + "' has no data key yet: set the store up first");
  return q.blob(0);
}

crypto::Bytes Vault::wrapAd(std::string_view principal, SecretKind kind, const crypto::KdfParams& kdf,
                            const tpm::SealedObject* sealed) {
  crypto::Bytes ad;
  appendField(ad, "spor.vault.wrap.v1");
  const crypto::Bytes id = vaultId();
  ad.insert(ad.end(), id.begin(), id.end());
  appendField(ad, principal);
  appendField(ad, kindId(kind));
  appendU64(ad, kdf.opsLimit);
  appendU64(ad, kdf.memLimitBytes);
  if (sealed) {  // a bound wrap names its sealed object: another one cannot be swapped in
    appendField(ad, "tpm2");
    appendField(ad,
                std::string_view(reinterpret_cast<const char*>(sealed->publicArea.data()), sealed->publicArea.size()));
    appendField(ad,
                std::string_view(reinterpret_cast<const char*>(sealed->parentName.data()), sealed->parentName.size()));
  }
  return ad;
}

bool Vault::hasTpmTables() {
  return db_.queryInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'vault_tpm'").value_or(0) > 0;
}

std::unique_ptr<tpm::Tpm> Vault::bindingTpm() {
  if (!options_.tpm || !hasTpmTables()) return nullptr;
  try {
    return options_.tpm();
  } catch (const tpm::TpmError&) {
    return nullptr;  // a TPM that does not work must not stop a PIN being set
  }
}

crypto::SecretBytes Vault::initialise(std::string_view principal, std::string_view secret) {
  checkNewSecret(secret);
  Tx tx(db_);
  if (initialised()) throw InvalidRequestError("'" + db_.name() + "' already has a data key");
  db_.run("INSERT INTO vault_meta(id, vault_id, created_at) VALUES (1, ?, ?)", crypto::randomBytes(kVaultIdBytes),
          toMillis(options_.clock()));
  crypto::SecretBytes key = crypto::newKey();
  writeWrap(key, principal, secret, options_.kdf, false, bindingTpm().get());
  tx.commit();
  return key;
}

void Vault::writeWrap(const crypto::SecretBytes& dataKey, std::string_view principal, std::string_view secret,
                      const crypto::KdfParams& kdf, bool replace, tpm::Tpm* tpm) {
  const SecretKind kind = checkNewSecret(secret);
  const crypto::Salt salt = crypto::newSalt();
  crypto::SecretBytes kek = crypto::deriveKey(secret, salt, kdf);
  std::optional<tpm::SealedObject> sealed;
  if (tpm) {
    const crypto::SecretBytes half = crypto::SecretBytes::random(kTpmHalfBytes);
    try {
      sealed = tpm->seal(half, crypto::deriveSubkey(kek, kTpmAuthLabel));
      kek = crypto::deriveSubkey(kek, kTpmKeyLabel, half.view());
    } catch (const tpm::TpmError&) {
      // The TPM failed: this wrap is protected by Argon2id alone for now
      // (status says so); its next unlock binds it.
      sealed.reset();
    }
  }
  crypto::Bytes wrapped = crypto::wrapKey(kek, dataKey, wrapAd(principal, kind, kdf, sealed ? &*sealed : nullptr));
  const crypto::Bytes check = wrapCheck(salt, kdf, kindId(kind), wrapped);
  wrapped.insert(wrapped.end(), check.begin(), check.end());
  const std::int64_t now = toMillis(options_.clock());
  Tx tx(db_);
  if (replace) {
    db_.run(
        "UPDATE vault_wrap SET kind = ?, salt = ?, ops_limit = ?, mem_limit = ?, wrapped = ?, updated_at = ? "
        "WHERE principal = ?",
        kindId(kind), crypto::ByteView(salt), static_cast<std::int64_t>(kdf.opsLimit),
        static_cast<std::int64_t>(kdf.memLimitBytes), wrapped, now, principal);
  } else {
    db_.run(
        "INSERT INTO vault_wrap(principal, kind, salt, ops_limit, mem_limit, wrapped, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        principal, kindId(kind), crypto::ByteView(salt), static_cast<std::int64_t>(kdf.opsLimit),
        static_cast<std::int64_t>(kdf.memLimitBytes), wrapped, now, now);
  }
  if (hasTpmTables()) {
    db_.run("DELETE FROM vault_tpm WHERE principal = ?", principal);
    if (sealed)
      db_.run(
          "INSERT INTO vault_tpm(principal, sealed_public, sealed_private, storage_key, created_at) "
          "VALUES (?, ?, ?, ?, ?)",
          principal, sealed->publicArea, sealed->privateArea, sealed->parentName, now);
  }
  tx.commit();
}

LockoutStatus Vault::lockout() {
  auto q = db_.query("SELECT failures, locked_until, last_attempt FROM vault_meta WHERE id = 1");
  if (!q.next()) return {};
  LockoutStatus s;
  s.failures = q.int32(0);
  const std::int64_t until = q.int64(1), last = q.int64(2);
  const std::int64_t now = toMillis(options_.clock());
  // A clock set back must not shorten the wait: count from the last try then.
  const std::int64_t remainingMs = now < last ? until - last : until - now;
  if (remainingMs > 0) s.remaining = std::chrono::seconds((remainingMs + 999) / 1000);
  return s;
}

void Vault::resetLockout() {
  db_.run("UPDATE vault_meta SET failures = 0, locked_until = 0 WHERE id = 1");
}

crypto::SecretBytes Vault::unlock(std::string_view principal, std::string_view secret,
                                  const std::function<void()>& onSuccess) {
  if (db_.inTransaction())
    throw StoreError(
        "internal error: unlock must not run inside a transaction or batch: the wrong-try count has to "
        "reach the disk before the secret is tried");
  StoredWrap wrap;
  {
    const bool tpmTables = hasTpmTables();
    auto q =
        db_.query(tpmTables ? "SELECT w.kind, w.salt, w.ops_limit, w.mem_limit, w.wrapped, t.sealed_public, "
                              "t.sealed_private, t.storage_key FROM vault_wrap w LEFT JOIN vault_tpm t USING "
                              "(principal) WHERE w.principal = ?"
                            : "SELECT kind, salt, ops_limit, mem_limit, wrapped FROM vault_wrap WHERE principal = ?",
                  principal);
    if (!q.next()) throw NotFoundError("no one called '" + std::string(principal) + "' can unlock this store");
    wrap.info =
        WrapInfo{std::string(principal),
                 q.text(0) == "pin" ? SecretKind::Pin : SecretKind::Passphrase,
                 crypto::KdfParams{static_cast<std::uint64_t>(q.int64(2)), static_cast<std::uint64_t>(q.int64(3))},
                 {},
                 {}};
    wrap.salt = q.blob(1);
    wrap.wrapped = q.blob(4);
    if (tpmTables && !q.isNull(5)) wrap.sealed = tpm::SealedObject{q.blob(5), q.blob(6), q.blob(7)};
    // A damaged wrap is named as damage before anything is counted or derived
    // (a flipped bit in the parameters could ask Argon2id for terabytes).
    const crypto::KdfParams& kdf = wrap.info.kdf;
    bool intact = wrap.salt.size() == crypto::kSaltBytes && kdf.opsLimit >= 1 && kdf.opsLimit <= 64 &&
                  kdf.memLimitBytes >= 8192 && kdf.memLimitBytes <= (std::uint64_t{4} << 30) &&
                  (wrap.wrapped.size() == kPlainWrapBytes || wrap.wrapped.size() == kPlainWrapBytes + kWrapCheckBytes);
    if (intact && wrap.wrapped.size() == kPlainWrapBytes + kWrapCheckBytes) {
      const crypto::ByteView key = crypto::ByteView(wrap.wrapped).first(kPlainWrapBytes);
      intact = wrapCheck(wrap.salt, kdf, q.text(0), key) ==
               crypto::Bytes(wrap.wrapped.begin() + static_cast<std::ptrdiff_t>(kPlainWrapBytes), wrap.wrapped.end());
      wrap.wrapped.resize(kPlainWrapBytes);
    }
    if (!intact) throw WrapDamagedError(Message{Msg::StoreWrapDamaged, {{"file", db_.name()}}});
  }

  // A bound wrap needs its TPM. When it cannot answer, say why before a try
  // is counted: the PIN was not tried.
  std::unique_ptr<tpm::Tpm> tpm;
  if (wrap.sealed) {
    tpm = options_.tpm ? options_.tpm() : nullptr;  // tpm::UnavailableError: configured but unreachable
    if (!tpm) throw tpm::TpmError(Message{Msg::TpmMissing});
    if (wrap.sealed->parentName != tpm->storageKeyName()) throw tpm::WrongTpmError();
    if (const tpm::LockoutInfo da = tpm->lockout(); da.inLockout) throw tpm::LockedOutError(da.recoveryInterval);
  }

  // Count this try before deriving the key: a try cut short still counts.
  int failures = 0;
  std::int64_t before[3] = {0, 0, 0};  // failures, locked_until, last_attempt: to undo a try the TPM refused
  {
    Tx tx(db_);
    const LockoutStatus status = lockout();
    if (status.lockedOut())
      throw LockedOutError("too many wrong PINs in a row (" + std::to_string(status.failures) + "): wait " +
                               describeDuration(status.remaining) + " before trying again",
                           status.remaining);
    {
      auto q = db_.query("SELECT failures, locked_until, last_attempt FROM vault_meta WHERE id = 1");
      if (q.next())
        for (int i = 0; i < 3; ++i) before[i] = q.int64(i);
    }
    failures = status.failures + 1;
    const std::int64_t now = toMillis(options_.clock());
    const auto delayMs = std::chrono::milliseconds(options_.lockout.delayAfter(failures)).count();
    db_.run("UPDATE vault_meta SET failures = ?, locked_until = ?, last_attempt = ? WHERE id = 1", failures,
            now + delayMs, now);
    tx.commit();
  }

  std::optional<crypto::SecretBytes> key;
  try {
    key = openWrap(wrap, secret, tpm.get());
  } catch (const tpm::TpmError&) {
    // The TPM locked or failed before it judged the PIN, or judged it right:
    // this was no wrong try.
    db_.run("UPDATE vault_meta SET failures = ?, locked_until = ?, last_attempt = ? WHERE id = 1", before[0], before[1],
            before[2]);
    throw;
  }
  if (!key) {
    const int free = options_.lockout.freeAttempts;
    const int left = std::max(0, free - failures);
    const auto delay = options_.lockout.delayAfter(failures);
    // The wait in the largest unit that says it exactly: 30 seconds, 1 minute, 1 hour.
    const auto unitOf = [](std::chrono::seconds d, Msg s, Msg m, Msg h) {
      const auto n = d.count();
      if (n % 3600 == 0) return std::pair{h, n / 3600};
      if (n % 60 == 0) return std::pair{m, n / 60};
      return std::pair{s, n};
    };
    Message message{Msg::WrongSecret, {{"n", failures}}};
    if (delay.count() > 0) {
      const auto [code, t] =
          unitOf(delay, Msg::WrongSecretWaitSeconds, Msg::WrongSecretWaitMinutes, Msg::WrongSecretWaitHours);
      message = Message{code, {{"n", failures}, {"t", static_cast<long long>(t)}}};
    } else if (left <= 2) {
      const auto [code, t] = unitOf(options_.lockout.firstDelay, Msg::WrongSecretSoonSeconds,
                                    Msg::WrongSecretSoonMinutes, Msg::WrongSecretSoonHours);
      message = Message{code, {{"n", failures}, {"left", left}, {"t", static_cast<long long>(t)}}};
    }
    throw WrongSecretError(message, failures, left);
  }

  {
    // The try is undone, its time too: a right secret leaves the lock-out row
    // as it was before any wrong try, so a successful unlock changes nothing
    // in the file (last_attempt only matters while a wait is running).
    Tx tx(db_);
    db_.run("UPDATE vault_meta SET failures = 0, locked_until = 0, last_attempt = ? WHERE id = 1", before[2]);
    if (onSuccess) onSuccess();
    tx.commit();
  }
  // Raise the wrap's parameters to the current ones when they are stronger,
  // and bind an unbound wrap to the TPM when there is one (the secret is at
  // hand only now). The old wrap is then checkpointed out of the log too.
  const crypto::KdfParams& want = options_.kdf;
  const bool raise = want != wrap.info.kdf && want.opsLimit >= wrap.info.kdf.opsLimit &&
                     want.memLimitBytes >= wrap.info.kdf.memLimitBytes;
  if (!wrap.sealed) tpm = bindingTpm();
  const bool bind = !wrap.sealed && tpm;
  if (raise || bind) {
    writeWrap(*key, principal, secret, raise ? want : wrap.info.kdf, true, tpm.get());
    if (bind) db_.execScript("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  return std::move(*key);
}

std::optional<crypto::SecretBytes> Vault::openWrap(const StoredWrap& wrap, std::string_view secret, tpm::Tpm* tpm) {
  crypto::SecretBytes kek = crypto::deriveKey(secret, wrap.salt, wrap.info.kdf);
  const crypto::Bytes ad =
      wrapAd(wrap.info.principal, wrap.info.kind, wrap.info.kdf, wrap.sealed ? &*wrap.sealed : nullptr);
  if (!wrap.sealed) {
    try {
      return crypto::unwrapKey(kek, wrap.wrapped, ad);
    } catch (const crypto::DecryptError&) {
      return std::nullopt;
    }
  }
  const std::optional<crypto::SecretBytes> half = tpm->unseal(*wrap.sealed, crypto::deriveSubkey(kek, kTpmAuthLabel));
  if (!half) return std::nullopt;  // the TPM counted it too
  kek = crypto::deriveSubkey(kek, kTpmKeyLabel, half->view());
  try {
    return crypto::unwrapKey(kek, wrap.wrapped, ad);
  } catch (const crypto::DecryptError&) {
    // The TPM accepted the PIN, so the stored wrap itself is damaged.
    throw tpm::TpmError({Msg::TpmWrapDamaged, {{"file", db_.name()}}});
  }
}

bool Vault::hasPrincipal(std::string_view principal) {
  return db_.queryInt("SELECT count(*) FROM vault_wrap WHERE principal = ?", principal).value_or(0) > 0;
}

std::vector<WrapInfo> Vault::wraps() {
  std::vector<WrapInfo> out;
  const bool tpmTables = hasTpmTables();
  for (auto q = db_.query(tpmTables ? "SELECT w.principal, w.kind, w.ops_limit, w.mem_limit, w.created_at, "
                                      "w.updated_at, t.storage_key FROM vault_wrap w LEFT JOIN vault_tpm t USING "
                                      "(principal) ORDER BY w.created_at"
                                    : "SELECT principal, kind, ops_limit, mem_limit, created_at, updated_at FROM "
                                      "vault_wrap ORDER BY created_at");
       q.next();) {
    out.push_back({q.text(0), q.text(1) == "pin" ? SecretKind::Pin : SecretKind::Passphrase,
                   crypto::KdfParams{static_cast<std::uint64_t>(q.int64(2)), static_cast<std::uint64_t>(q.int64(3))},
                   fromMillis(q.int64(4)), fromMillis(q.int64(5)),
                   tpmTables && !q.isNull(6) ? std::optional<crypto::Bytes>(q.blob(6)) : std::nullopt});
  }
  return out;
}

void Vault::setSecret(const crypto::SecretBytes& dataKey, std::string_view principal, std::string_view secret) {
  writeWrap(dataKey, principal, secret, options_.kdf, hasPrincipal(principal), bindingTpm().get());
}

void Vault::removePrincipal(std::string_view principal) {
  if (db_.run("DELETE FROM vault_wrap WHERE principal = ?", principal) == 0)
    throw NotFoundError("no one called '" + std::string(principal) + "' can unlock this store");
}

void Vault::sealRecoveryCopy(const crypto::SecretBytes& dataKey, const crypto::BoxPublicKey& recipient) {
  const crypto::Bytes id = vaultId();
  crypto::SecretBytes payload(kRecoveryLabel.size() + id.size() + dataKey.size());
  std::copy(kRecoveryLabel.begin(), kRecoveryLabel.end(), payload.data());
  std::copy(id.begin(), id.end(), payload.data() + kRecoveryLabel.size());
  std::copy(dataKey.data(), dataKey.data() + dataKey.size(), payload.data() + kRecoveryLabel.size() + id.size());
  const crypto::Bytes sealed = crypto::sealTo(recipient, payload.view());
  db_.run(
      "INSERT INTO vault_recovery(id, recipient, sealed, created_at) VALUES (1, ?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET recipient = excluded.recipient, sealed = excluded.sealed, "
      "created_at = excluded.created_at",
      recipient.view(), sealed, toMillis(options_.clock()));
}

std::optional<crypto::BoxPublicKey> Vault::recoveryRecipient() {
  auto q = db_.query("SELECT recipient FROM vault_recovery WHERE id = 1");
  if (!q.next()) return std::nullopt;
  return crypto::BoxPublicKey::fromBytes(q.blob(0));
}

crypto::SecretBytes Vault::recover(const crypto::BoxKeyPair& recoveryKey) {
  crypto::Bytes recipient, sealed;
  {
    auto q = db_.query("SELECT recipient, sealed FROM vault_recovery WHERE id = 1");
    if (!q.next()) throw NotFoundError("'" + db_.name() + "' has no recovery copy of its key: it cannot be recovered");
    recipient = q.blob(0);
    sealed = q.blob(1);
  }
  if (!crypto::constantTimeEqual(recipient, recoveryKey.publicKey.view()))
    throw TamperedError("the recovery copy in '" + db_.name() +
                        "' was sealed to a different recovery key: use the coordinator recovery key this device was "
                        "enrolled with");
  const crypto::Bytes id = vaultId();
  crypto::SecretBytes payload;
  try {
    payload = crypto::openSealedKey(recoveryKey, sealed);
  } catch (const crypto::DecryptError&) {
    throw TamperedError("the recovery copy in '" + db_.name() +
                        "' does not open: it was changed or damaged, or sealed to another key");
  }
  const std::size_t prefix = kRecoveryLabel.size() + id.size();
  if (payload.size() != prefix + crypto::kKeyBytes ||
      !crypto::constantTimeEqual(crypto::ByteView(payload.data(), kRecoveryLabel.size()),
                                 crypto::asBytes(kRecoveryLabel)) ||
      !crypto::constantTimeEqual(crypto::ByteView(payload.data() + kRecoveryLabel.size(), id.size()), id))
    throw TamperedError("the recovery copy in '" + db_.name() + "' belongs to another store: it cannot be used here");
  return crypto::SecretBytes::copyOf(crypto::ByteView(payload.data() + prefix, crypto::kKeyBytes));
}

}  // namespace spor::store
