// The device store: set-up, opening, unlocking, volunteers, the device's
// keys, and the audit log. Children and consent are in children.cpp, forms
// being filled in in responses.cpp, sync state in sync_state.cpp.
#include "store/device_store.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "crypto/hash.hpp"
#include "crypto/memory.hpp"
#include "store/device_internal.hpp"
#include "store/error.hpp"

namespace spor::store {

namespace fs = std::filesystem;

// --- small shared helpers ----------------------------------------------------

const char* genderId(Gender g) {
  switch (g) {
    case Gender::Girl: return "girl";
    case Gender::Boy: return "boy";
    case Gender::Other: return "other";
    case Gender::NotSaid: return "not_said";
  }
  return "not_said";
}

const char* responseStateId(ResponseState s) {
  switch (s) {
    case ResponseState::InProgress: return "in_progress";
    case ResponseState::Paused: return "paused";
    case ResponseState::Finished: return "finished";
    case ResponseState::Abandoned: return "abandoned";
  }
  return "in_progress";
}

const char* auditActionId(AuditAction a) {
  switch (a) {
    case AuditAction::DeviceCreated: return "device_created";
    case AuditAction::Enrolled: return "enrolled";
    case AuditAction::Unlocked: return "unlocked";
    case AuditAction::UnlockFailed: return "unlock_failed";
    case AuditAction::Recovered: return "recovered";
    case AuditAction::VolunteerAdded: return "volunteer_added";
    case AuditAction::PinChanged: return "pin_changed";
    case AuditAction::VolunteerRemoved: return "volunteer_removed";
    case AuditAction::ChildCreated: return "child_created";
    case AuditAction::ChildUpdated: return "child_updated";
    case AuditAction::ConsentRecorded: return "consent_recorded";
    case AuditAction::ConsentWithdrawn: return "consent_withdrawn";
    case AuditAction::MeasurementStarted: return "measurement_started";
    case AuditAction::MeasurementPaused: return "measurement_paused";
    case AuditAction::MeasurementFinished: return "measurement_finished";
    case AuditAction::MeasurementAbandoned: return "measurement_abandoned";
    case AuditAction::BackgroundStarted: return "background_started";
    case AuditAction::BackgroundFinished: return "background_finished";
    case AuditAction::FidelityStarted: return "fidelity_started";
    case AuditAction::FidelityFinished: return "fidelity_finished";
    case AuditAction::FlagRaised: return "flag_raised";
    case AuditAction::FlagSeen: return "flag_seen";
    case AuditAction::BundleReserved: return "bundle_reserved";
    case AuditAction::BundleExported: return "bundle_exported";
    case AuditAction::BundleAcknowledged: return "bundle_acknowledged";
    case AuditAction::Purged: return "purged";
    case AuditAction::ChildDeleted: return "child_deleted";
  }
  return "unknown";
}

namespace detail {

ResponseState parseResponseState(const std::string& id) {
  for (auto s : {ResponseState::InProgress, ResponseState::Paused, ResponseState::Finished, ResponseState::Abandoned})
    if (id == responseStateId(s)) return s;
  throw StoreError("unknown response state '" + id + "' in the database; it is damaged or from a newer Spor");
}

ResponseKind responseKindOf(const std::string& id) {
  ResponseKind kind{};
  if (!parseResponseKind(id, kind))
    throw StoreError("unknown response kind '" + id + "' in the database; it is damaged or from a newer Spor");
  return kind;
}

core::Occasion parseOccasionId(const std::string& id) {
  core::Occasion o{};
  if (!core::parseOccasion(id, o))
    throw StoreError("unknown occasion '" + id + "' in the database; it is damaged or from a newer Spor");
  return o;
}

bool isFormId(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

void checkText(std::string_view text, std::string_view what, std::size_t maxChars) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) throw InvalidRequestError(std::string(what) + " must not be empty");
  std::size_t chars = 0;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f)
      throw InvalidRequestError(std::string(what) + " must not contain control characters such as line breaks");
    if ((u & 0xc0) != 0x80) ++chars;  // count code points, not bytes
  }
  if (chars > maxChars)
    throw InvalidRequestError(std::string(what) + " is too long (" + std::to_string(chars) + " characters; at most " +
                              std::to_string(maxChars) + ")");
}

}  // namespace detail

using namespace detail;

// --- set-up and opening ------------------------------------------------------

int deviceSchemaVersion() {
  return static_cast<int>(detail::deviceSchema().steps.size());
}

fs::path deviceStorePath(const fs::path& dataDir) {
  return dataDir / "device.db";
}

namespace {

// A store at `path` that an older Spor began to set up and never finished:
// its device row is missing and it holds nothing anyone entered (no
// volunteer, child or form). Such a file is only the schema; removing it
// loses nothing. False for anything else, and for a file SQLite cannot read
// (open() names that problem).
bool isUnfinishedAndEmpty(const fs::path& path) {
  try {
    Db db(path, DbOptions{.create = false});
    const auto table = [&](const char* name) {
      return db.queryInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", name).value_or(0) > 0;
    };
    if (!table("device")) return db.queryInt("SELECT count(*) FROM sqlite_schema").value_or(0) == 0;
    if (db.queryInt("SELECT count(*) FROM device").value_or(0) > 0) return false;
    for (const char* t : {"volunteer", "child", "response"})
      if (table(t) && db.queryInt(std::string("SELECT count(*) FROM ") + t).value_or(0) > 0) return false;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

bool DeviceStore::exists(const fs::path& path) {
  // What an interrupted set-up left is not a store: set-up starts afresh.
  removeUnfinishedSetUp(path);
  std::error_code ec;
  if (!fs::exists(path, ec)) return false;
  if (isUnfinishedAndEmpty(path)) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path.string() + suffix, ec);
    return false;
  }
  return true;
}

DeviceStore::DeviceStore(std::unique_ptr<Db> db, DeviceStoreOptions options)
    : db_(std::move(db)), options_(std::move(options)) {}

DeviceStore::DeviceStore(DeviceStore&&) noexcept = default;
DeviceStore& DeviceStore::operator=(DeviceStore&&) noexcept = default;
DeviceStore::~DeviceStore() = default;

DeviceStore::Batch::Batch(DeviceStore& store) : tx_(*store.db_) {}

Vault DeviceStore::vault() const {
  return Vault(*db_, VaultOptions{options_.kdf, options_.lockout, options_.clock, options_.tpm});
}

CreatedDevice DeviceStore::create(const fs::path& path, const NewDevice& device, DeviceStoreOptions options) {
  checkText(device.volunteerName, "a volunteer's name", 40);
  checkNewSecret(device.pin);  // before anything is written
  if (exists(path))
    throw InvalidRequestError("a device store already exists at '" + path.string() +
                              "': open it instead, or choose another data directory");
  std::error_code ec;
  if (!path.parent_path().empty() && !fs::is_directory(path.parent_path(), ec))
    throw InvalidRequestError("the data directory '" + path.parent_path().string() +
                              "' does not exist: create it first");

  // Built under a temporary name and moved into place only when complete
  // (schema, device row, keys, the first volunteer's PIN wrap), so a crash
  // or a full disk during set-up leaves no half-made store; whatever an
  // earlier interrupted set-up left is removed first.
  removeUnfinishedSetUp(path);
  try {
    auto db = std::make_unique<Db>(setUpPath(path));
    migrate(*db, deviceSchema());
    DeviceStore store(std::move(db), std::move(options));
    Db& d = *store.db_;
    const Timestamp now = store.now();
    std::optional<crypto::BoxKeyPair> demoKey;

    Tx tx(d);
    const std::string volunteerUuid = newUuid();
    d.run("INSERT INTO volunteer(uuid, name, created_at) VALUES (?, ?, ?)", uuidToBytes(volunteerUuid),
          device.volunteerName, toMillis(now));
    const VolunteerId volunteer{d.lastInsertRowId()};
    Vault vault = store.vault();
    store.cipher_ = std::make_unique<ColumnCipher>(vault.initialise(volunteerUuid, device.pin));
    store.acting_ = volunteer;

    const std::string deviceUuid = newUuid();
    const crypto::SigningKeyPair signing = crypto::generateSigningKey();
    const crypto::Bytes signSecret = store.cipher().sealBytes(
        Cell{"device", deviceUuid, "sign_secret", 1, "the device's signing key"}, signing.secretKey.view());
    crypto::BoxPublicKey recoveryRecipient;
    if (device.coordinator) {
      recoveryRecipient = device.coordinator->recovery;
    } else {
      demoKey = crypto::generateBoxKey();
      recoveryRecipient = demoKey->publicKey;
    }
    const auto& c = device.coordinator;
    d.run(
        "INSERT INTO device(id, device_uuid, created_at, demo, sign_public, sign_secret, coord_encryption, "
        "coord_receipt, coord_forms, coord_recovery, enrolled_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        uuidToBytes(deviceUuid), toMillis(now), !c, signing.publicKey.view(), signSecret,
        c ? std::optional<crypto::Bytes>(crypto::Bytes(c->encryption.bytes.begin(), c->encryption.bytes.end()))
          : std::nullopt,
        c ? std::optional<crypto::Bytes>(crypto::Bytes(c->receiptSigning.bytes.begin(), c->receiptSigning.bytes.end()))
          : std::nullopt,
        c ? std::optional<crypto::Bytes>(crypto::Bytes(c->formsSigning.bytes.begin(), c->formsSigning.bytes.end()))
          : std::nullopt,
        c ? std::optional<crypto::Bytes>(crypto::Bytes(c->recovery.bytes.begin(), c->recovery.bytes.end()))
          : std::nullopt,
        c ? std::optional<std::int64_t>(toMillis(now)) : std::nullopt);
    vault.sealRecoveryCopy(store.cipher().key(), recoveryRecipient);
    store.deviceUuid_ = deviceUuid;
    store.audit(AuditAction::DeviceCreated, deviceUuid);
    store.audit(AuditAction::VolunteerAdded, volunteerUuid);
    if (c) store.audit(AuditAction::Enrolled, deviceUuid);
    tx.commit();
    store.db_ = publishSetUp(std::move(store.db_), path);
    return CreatedDevice{std::move(store), volunteer, std::move(demoKey)};
  } catch (...) {
    // Nothing half-made stays behind: the next try starts clean.
    removeUnfinishedSetUp(path);
    throw;
  }
}

DeviceStore DeviceStore::open(const fs::path& path, DeviceStoreOptions options) {
  if (!exists(path))
    throw NotFoundError("there is no device store at '" + path.string() +
                        "': set the device up first (or run 'spor simulate' for a demo one)");
  auto db = std::make_unique<Db>(path, DbOptions{.create = false});
  migrate(*db, deviceSchema());
  std::string uuid;
  {
    auto q = db->query("SELECT device_uuid FROM device WHERE id = 1");
    // exists() above removed a store that was never set up and holds no
    // data, so this one holds data without its device row: damage.
    if (!q.next()) throw StoreError(Message{Msg::StoreNoDeviceRow, {{"file", db->name()}}});
    uuid = uuidFromBytes(q.blob(0));
  }
  DeviceStore store(std::move(db), std::move(options));
  store.deviceUuid_ = std::move(uuid);
  return store;
}

// --- state -------------------------------------------------------------------

const ColumnCipher& DeviceStore::cipher() const {
  if (!cipher_) throw NotUnlockedError("the store is locked: a volunteer must unlock it with their PIN first");
  return *cipher_;
}

VolunteerId DeviceStore::acting() const {
  requireUnlocked();
  if (!acting_) throw NotUnlockedError("the store is locked: a volunteer must unlock it with their PIN first");
  return *acting_;
}

std::int64_t DeviceStore::nextChange() {
  return db_
      ->queryInt("UPDATE sync_state SET change_counter = change_counter + 1 WHERE id = 1 RETURNING change_counter")
      .value();
}

void DeviceStore::audit(AuditAction action, std::string_view subject) {
  db_->run("INSERT INTO audit(at, volunteer_id, action, subject) VALUES (?, ?, ?, ?)", toMillis(now()),
           acting_ ? std::optional<std::int64_t>(acting_->value) : std::nullopt, auditActionId(action),
           subject.empty() ? std::nullopt : std::optional<std::string_view>(subject));
}

std::vector<AuditEntry> DeviceStore::auditLog(std::size_t limit) const {
  requireUnlocked();
  std::vector<AuditEntry> out;
  for (auto q = db_->query("SELECT id, at, volunteer_id, action, subject FROM audit ORDER BY id DESC LIMIT ?",
                           static_cast<std::int64_t>(limit));
       q.next();) {
    AuditEntry e;
    e.id = q.int64(0);
    e.at = fromMillis(q.int64(1));
    if (auto v = q.optInt64(2)) e.volunteer = VolunteerId{*v};
    const std::string action = q.text(3);
    for (int a = 0; a <= static_cast<int>(AuditAction::ChildDeleted); ++a)
      if (action == auditActionId(static_cast<AuditAction>(a))) e.action = static_cast<AuditAction>(a);
    e.subject = q.optText(4).value_or("");
    out.push_back(std::move(e));
  }
  return out;
}

DeviceInfo DeviceStore::device() const {
  auto q = db_->query(
      "SELECT device_uuid, demo, sign_public, coord_encryption, coord_receipt, coord_forms, coord_recovery, "
      "created_at, enrolled_at FROM device WHERE id = 1");
  if (!q.next()) throw StoreError("'" + db_->name() + "' has no device row; it is damaged");
  DeviceInfo info;
  info.deviceId = uuidFromBytes(q.blob(0));
  info.demo = q.int64(1) != 0;
  info.signingKey = crypto::SignPublicKey::fromBytes(q.blob(2));
  if (!q.isNull(3)) {
    info.coordinator =
        CoordinatorKeys{crypto::BoxPublicKey::fromBytes(q.blob(3)), crypto::SignPublicKey::fromBytes(q.blob(4)),
                        crypto::SignPublicKey::fromBytes(q.blob(5)), crypto::BoxPublicKey::fromBytes(q.blob(6))};
  }
  info.createdAt = fromMillis(q.int64(7));
  if (auto e = q.optInt64(8)) info.enrolledAt = fromMillis(*e);
  info.recoveryRecipient = vault().recoveryRecipient();
  info.schemaVersion = db_->userVersion();
  return info;
}

crypto::SigningKeyPair DeviceStore::signingKey() const {
  const ColumnCipher& c = cipher();
  auto q = db_->query("SELECT sign_secret FROM device WHERE id = 1");
  if (!q.next()) throw StoreError("'" + db_->name() + "' has no device row; it is damaged");
  crypto::Bytes raw = c.openBytes(Cell{"device", deviceUuid_, "sign_secret", 1, "the device's signing key"}, q.blob(0));
  crypto::SecretBytes secret = crypto::SecretBytes::copyOf(raw);
  crypto::memzero(raw);
  return crypto::signingKeyFromSecret(std::move(secret));
}

void DeviceStore::enrol(const CoordinatorKeys& keys) {
  acting();
  const DeviceInfo info = device();
  if (info.coordinator) {
    if (*info.coordinator == keys) return;
    throw InvalidRequestError("this device is already enrolled with another coordinator (recovery key " +
                              crypto::fingerprint(info.coordinator->recovery) +
                              "): set it up again to change coordinator");
  }
  Tx tx(*db_);
  db_->run(
      "UPDATE device SET demo = 0, coord_encryption = ?, coord_receipt = ?, coord_forms = ?, coord_recovery = ?, "
      "enrolled_at = ? WHERE id = 1",
      keys.encryption.view(), keys.receiptSigning.view(), keys.formsSigning.view(), keys.recovery.view(),
      toMillis(now()));
  vault().sealRecoveryCopy(cipher().key(), keys.recovery);
  audit(AuditAction::Enrolled, deviceUuid_);
  tx.commit();
}

// --- volunteers and unlocking --------------------------------------------------

namespace {
Volunteer readVolunteer(Query& q) {
  Volunteer v;
  v.id = VolunteerId{q.int64(0)};
  v.uuid = uuidFromBytes(q.blob(1));
  v.name = q.text(2);
  v.createdAt = fromMillis(q.int64(3));
  if (auto r = q.optInt64(4)) v.removedAt = fromMillis(*r);
  return v;
}
}  // namespace

std::vector<Volunteer> DeviceStore::volunteers(bool includeRemoved) const {
  std::vector<Volunteer> out;
  for (auto q = db_->query("SELECT id, uuid, name, created_at, removed_at FROM volunteer ORDER BY id"); q.next();) {
    Volunteer v = readVolunteer(q);
    if (includeRemoved || v.active()) out.push_back(std::move(v));
  }
  return out;
}

std::optional<Volunteer> DeviceStore::findVolunteer(std::string_view name) const {
  auto q = db_->query(
      "SELECT id, uuid, name, created_at, removed_at FROM volunteer WHERE name = ? COLLATE NOCASE AND removed_at IS "
      "NULL",
      name);
  if (!q.next()) return std::nullopt;
  return readVolunteer(q);
}

Volunteer DeviceStore::volunteer(VolunteerId id) const {
  auto q = db_->query("SELECT id, uuid, name, created_at, removed_at FROM volunteer WHERE id = ?", id.value);
  if (!q.next()) throw NotFoundError("there is no volunteer with id " + std::to_string(id.value) + " on this device");
  return readVolunteer(q);
}

LockoutStatus DeviceStore::lockout() const {
  return vault().lockout();
}

StoreCounts DeviceStore::counts() const {
  auto q = db_->query(
      "SELECT (SELECT count(*) FROM child), (SELECT count(*) FROM consent), "
      "(SELECT count(*) FROM response WHERE kind = 'child'), "
      "(SELECT count(*) FROM response WHERE kind = 'child' AND state = 'finished'), "
      "(SELECT count(*) FROM response WHERE kind = 'background'), "
      "(SELECT count(*) FROM response WHERE kind = 'fidelity'), (SELECT count(*) FROM answer), "
      "(SELECT count(*) FROM safeguarding_flag), (SELECT count(*) FROM tombstone)");
  q.next();
  return {q.int64(0), q.int64(1), q.int64(2), q.int64(3), q.int64(4), q.int64(5), q.int64(6), q.int64(7), q.int64(8)};
}

void DeviceStore::unlock(VolunteerId id, std::string_view pin) {
  const Volunteer v = volunteer(id);
  if (!v.active())
    throw NotFoundError("volunteer '" + v.name + "' was removed from this device and can no longer unlock it");
  crypto::SecretBytes key;
  const auto previous = acting_;
  try {
    key = vault().unlock(v.uuid, pin, [&] {
      acting_ = id;
      audit(AuditAction::Unlocked, v.uuid);
    });
  } catch (const WrongSecretError&) {
    acting_ = id;
    audit(AuditAction::UnlockFailed, v.uuid);
    acting_ = previous;
    throw;
  } catch (...) {
    acting_ = previous;
    throw;
  }
  cipher_ = std::make_unique<ColumnCipher>(std::move(key));
  acting_ = id;
}

void DeviceStore::lock() {
  cipher_.reset();  // SecretBytes wipes the key
  acting_.reset();
}

VolunteerId DeviceStore::recoverAccess(const crypto::BoxKeyPair& recoveryKey, std::string_view volunteerName,
                                       std::string_view newPin) {
  checkText(volunteerName, "a volunteer's name", 40);
  checkNewSecret(newPin);
  Vault v = vault();
  auto cipher = std::make_unique<ColumnCipher>(v.recover(recoveryKey));
  Tx tx(*db_);
  std::optional<Volunteer> existing = findVolunteer(volunteerName);
  VolunteerId id;
  std::string uuid;
  if (existing) {
    id = existing->id;
    uuid = existing->uuid;
  } else {
    uuid = newUuid();
    db_->run("INSERT INTO volunteer(uuid, name, created_at) VALUES (?, ?, ?)", uuidToBytes(uuid), volunteerName,
             toMillis(now()));
    id = VolunteerId{db_->lastInsertRowId()};
  }
  v.setSecret(cipher->key(), uuid, newPin);
  v.resetLockout();
  cipher_ = std::move(cipher);
  acting_ = id;
  audit(AuditAction::Recovered, uuid);
  tx.commit();
  return id;
}

VolunteerId DeviceStore::addVolunteer(std::string_view name, std::string_view pin) {
  acting();
  checkText(name, "a volunteer's name", 40);
  checkNewSecret(pin);
  if (findVolunteer(name))
    throw InvalidRequestError(Message{Msg::StoreVolunteerExists, {{"name", name}}});
  Tx tx(*db_);
  const std::string uuid = newUuid();
  db_->run("INSERT INTO volunteer(uuid, name, created_at) VALUES (?, ?, ?)", uuidToBytes(uuid), name, toMillis(now()));
  const VolunteerId id{db_->lastInsertRowId()};
  vault().setSecret(cipher().key(), uuid, pin);
  audit(AuditAction::VolunteerAdded, uuid);
  tx.commit();
  return id;
}

void DeviceStore::changePin(VolunteerId id, std::string_view oldPin, std::string_view newPin) {
  acting();
  const Volunteer v = volunteer(id);
  checkNewSecret(newPin);
  Vault vlt = vault();
  const crypto::SecretBytes key = vlt.unlock(v.uuid, oldPin);  // counts a wrong old PIN
  Tx tx(*db_);
  vlt.setSecret(key, v.uuid, newPin);
  audit(AuditAction::PinChanged, v.uuid);
  tx.commit();
}

void DeviceStore::resetPin(VolunteerId id, std::string_view newPin) {
  acting();
  const Volunteer v = volunteer(id);
  if (!v.active()) throw NotFoundError("volunteer '" + v.name + "' was removed from this device");
  checkNewSecret(newPin);
  Tx tx(*db_);
  vault().setSecret(cipher().key(), v.uuid, newPin);
  audit(AuditAction::PinChanged, v.uuid);
  tx.commit();
}

void DeviceStore::removeVolunteer(VolunteerId id) {
  acting();
  const Volunteer v = volunteer(id);
  if (!v.active()) return;
  if (volunteers().size() <= 1)
    throw InvalidRequestError("'" + v.name +
                              "' is the only volunteer on this device and cannot be removed: add another volunteer "
                              "first");
  Tx tx(*db_);
  db_->run("UPDATE volunteer SET removed_at = ? WHERE id = ?", toMillis(now()), id.value);
  vault().removePrincipal(v.uuid);
  audit(AuditAction::VolunteerRemoved, v.uuid);
  tx.commit();
  if (acting_ == id) lock();
}

}  // namespace spor::store
