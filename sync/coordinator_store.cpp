#include "sync/coordinator_store.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <type_traits>

#include "core/form_loader.hpp"
#include "core/referral.hpp"
#include "crypto/hash.hpp"
#include "crypto/memory.hpp"
#include "store/error.hpp"
#include "store/migrate.hpp"
#include "sync/archive.hpp"
#include "sync/errors.hpp"
#include "sync/file_caps.hpp"
#include "sync/file_io.hpp"
#include "sync/wire.hpp"

namespace spor::sync {

namespace {

namespace fs = std::filesystem;
constexpr const char* kPrincipal = "coordinator";
constexpr std::uint8_t kDeletedKind = 9;

// Step 2 (FORMAT.md, "The hash chain"): the previous-bundle hash each bundle
// claims (NULL for bundles imported before), and every place where it does
// not match the ledger's hash of that device's previous bundle: a fork.
constexpr const char* kChainSchema = R"sql(
    ALTER TABLE bundle ADD COLUMN previous_hash BLOB CHECK (previous_hash IS NULL OR length(previous_hash) = 32);
    CREATE TABLE chain_break(
      device BLOB NOT NULL REFERENCES device(uuid),
      sequence INTEGER NOT NULL,            -- the bundle whose previous hash does not match
      expected BLOB NOT NULL,               -- the ledger's hash of bundle (sequence - 1)
      found BLOB NOT NULL,                  -- the previous hash bundle `sequence` carries
      noted_at INTEGER NOT NULL,
      PRIMARY KEY (device, sequence)
    ) STRICT, WITHOUT ROWID;
)sql";

// Never edit a released step: add a new one.
const store::Schema& schema() {
  static const store::Schema s{store::kCoordinatorStoreAppId,
                               "coordinator store",
                               {{1, "coordinator keys, devices, bundle ledger, records", [](store::Db& db) {
                                   store::Vault::createTables(db);
                                   db.execScript(R"sql(
    -- The coordinator: one row. Its secret keys are sealed under the data key.
    CREATE TABLE coordinator(
      id INTEGER PRIMARY KEY CHECK (id = 1),
      uuid BLOB NOT NULL CHECK (length(uuid) = 16),
      name TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      encryption_public BLOB NOT NULL CHECK (length(encryption_public) = 32),
      receipt_public BLOB NOT NULL CHECK (length(receipt_public) = 32),
      forms_public BLOB NOT NULL CHECK (length(forms_public) = 32),
      recovery_public BLOB NOT NULL CHECK (length(recovery_public) = 32),
      encryption_secret BLOB NOT NULL,   -- sealed: coordinator|uuid|encryption_secret
      receipt_secret BLOB NOT NULL,
      forms_secret BLOB NOT NULL,
      recovery_secret BLOB NOT NULL,
      forms_version INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    -- Devices that sent a bundle; trusted only once approved.
    CREATE TABLE device(
      uuid BLOB PRIMARY KEY CHECK (length(uuid) = 16),
      signing_key BLOB NOT NULL CHECK (length(signing_key) = 32),
      approved INTEGER NOT NULL CHECK (approved IN (0, 1)),
      first_seen INTEGER NOT NULL,
      approved_at INTEGER,
      receipt_sequence INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    -- The ledger: every bundle imported, by device and sequence.
    CREATE TABLE bundle(
      device BLOB NOT NULL REFERENCES device(uuid),
      sequence INTEGER NOT NULL CHECK (sequence >= 1),
      hash BLOB NOT NULL CHECK (length(hash) = 32),
      record_count INTEGER NOT NULL,
      imported_at INTEGER NOT NULL,
      PRIMARY KEY (device, sequence)
    ) STRICT, WITHOUT ROWID;

    -- Imported records: the highest revision of each, sealed. `digest` is a
    -- keyed hash of the plaintext, to order two contents of one revision
    -- without opening them.
    -- Rows are appended in import order (rowid) and found by a separate
    -- index on the random UUIDs: keyed by UUID itself, every bundle's
    -- inserts landed all over the table and each commit rewrote most of it.
    CREATE TABLE record(
      id INTEGER PRIMARY KEY,
      uuid BLOB NOT NULL UNIQUE CHECK (length(uuid) = 16),
      kind INTEGER NOT NULL,
      device BLOB NOT NULL REFERENCES device(uuid),
      revision INTEGER NOT NULL,
      digest BLOB NOT NULL,
      content BLOB NOT NULL,             -- sealed: record|uuid|content|row_version
      row_version INTEGER NOT NULL
    ) STRICT;
  )sql");
                                 }},
                                {2, "the hash chain: each bundle's previous hash, and the forks found",
                                 [](store::Db& db) { db.execScript(kChainSchema); }}}};
  return s;
}

crypto::Bytes bytesOf(const Uuid& id) {
  return crypto::Bytes(id.bytes.begin(), id.bytes.end());
}
Uuid uuidOf(const crypto::Bytes& b) {
  Uuid id;
  if (b.size() == id.bytes.size()) std::copy(b.begin(), b.end(), id.bytes.begin());
  return id;
}
template <std::size_t N>
std::array<std::uint8_t, N> arrayOf(const crypto::Bytes& b) {
  std::array<std::uint8_t, N> out{};
  if (b.size() == N) std::copy(b.begin(), b.end(), out.begin());
  return out;
}

}  // namespace

int coordinatorSchemaVersion() {
  return static_cast<int>(schema().steps.size());
}

namespace {
// The coordinator store's SQLite page cache, in KiB (see the constructor).
constexpr int kImportCacheKiB = 32 * 1024;
}  // namespace

fs::path coordinatorStorePath(const fs::path& dataDir) {
  return dataDir / "coordinator.db";
}

CoordinatorStore::CoordinatorStore(std::unique_ptr<store::Db> db, CoordinatorOptions options)
    : db_(std::move(db)), options_(std::move(options)) {
  // Records are keyed by random UUIDs, so an import touches pages all over
  // the table; SQLite's default 2 MiB page cache made a 100-bundle import
  // spend most of its time re-reading them. It was 256 MiB; issue 16 keeps
  // an import (and an export) under 64 MiB whatever the bundle's size, and
  // the cache is most of that: 32 MiB (kImportCacheKiB).
  db_->execScript("PRAGMA cache_size = -" + std::to_string(kImportCacheKiB) + ";");
  auto q = db_->query("SELECT uuid FROM coordinator WHERE id = 1");
  if (q.next()) uuid_ = uuidOf(q.blob(0)).str();
}
CoordinatorStore::CoordinatorStore(CoordinatorStore&&) noexcept = default;
CoordinatorStore& CoordinatorStore::operator=(CoordinatorStore&&) noexcept = default;
CoordinatorStore::~CoordinatorStore() = default;

namespace {

// The values a record's fields may hold that the format names by id
// (FORMAT.md, check 10): a measurement's answering mode is empty (not
// recorded) or a core::answeringModeId. A bundle with any other word was
// written by a broken or foreign writer and is refused whole, before
// anything is stored.
void checkRecordValues(const Records& r, const std::string& name) {
  for (std::size_t i = 0; i < r.measurements.size(); ++i) {
    const MeasurementRecord& m = r.measurements[i];
    core::AnsweringMode mode{};
    if (!m.answeringMode.empty() && !core::parseAnsweringMode(m.answeringMode, mode))
      throw SyncError(SyncErrorKind::Malformed,
                      Message{Msg::SyncMalformed,
                              {{"en_what", name},
                               {"en_reason", "measurement record " + std::to_string(i + 1) + " (" + m.id.str() +
                                                 ") has unknown answering mode '" + m.answeringMode +
                                                 "' (known: alone, volunteer, municipal, parent, or empty)"}}});
  }
  // A project enrolment's referral and feedback (issue 14 item 1): the
  // ids of core/referral.hpp, a referral day with a referral and a feedback
  // entry only with one.
  for (std::size_t i = 0; i < r.projectEnrolments.size(); ++i) {
    const ProjectEnrolmentRecord& e = r.projectEnrolments[i];
    const auto refuse = [&](const std::string& what) {
      throw SyncError(SyncErrorKind::Malformed,
                      Message{Msg::SyncMalformed,
                              {{"en_what", name},
                               {"en_reason", "project enrolment record " + std::to_string(i + 1) + " (" + e.id.str() +
                                                 ") " + what}}});
    };
    core::ReferrerRole role{};
    core::ReportBack back{};
    core::FeedbackPoint point{};
    core::FeedbackForm form{};
    if (e.referralRole.empty()) {
      if (e.referredOn || !e.reportBack.empty() || !e.referrer.empty() || !e.feedback.empty())
        refuse("has referral details or feedback but no referral");
      continue;
    }
    if (!core::parseReferrerRole(e.referralRole, role))
      refuse("has unknown referrer role '" + e.referralRole +
             "' (known: caseworker, school, health_visitor, parents, other)");
    if (!e.referredOn) refuse("has a referral without its day");
    if (!core::parseReportBack(e.reportBack, back))
      refuse("has unknown report-back '" + e.reportBack + "' (known: referrer, other, nobody)");
    for (const FeedbackRecord& f : e.feedback) {
      if (!core::parseFeedbackPoint(f.point, point))
        refuse("has feedback at unknown point '" + f.point + "' (known: referral, intake, closing, concern)");
      if (!core::parseFeedbackForm(f.form, form))
        refuse("has feedback in unknown form '" + f.form + "' (known: meeting, phone, written)");
    }
  }
}

// `out` as a folder and a file name: a folder gets `defaultName`.
std::pair<fs::path, std::string> outFile(const fs::path& out, const std::string& defaultName) {
  std::error_code ec;
  if (fs::is_directory(out, ec)) return {out, defaultName};
  return {out.parent_path().empty() ? fs::path(".") : out.parent_path(), out.filename().string()};
}

// Removes the temporary store an interrupted set-up of `path` left, and the
// enrolment file it may have written to `enrolmentFolder` for a coordinator
// that never came to be (a device enrolled with it would send bundles no one
// can read).
void removeUnfinishedCoordinator(const fs::path& path, const fs::path& enrolmentFolder) {
  const fs::path temp = store::setUpPath(path);
  std::error_code ec;
  if (!fs::exists(temp, ec)) return;
  try {
    store::Db db(temp, store::DbOptions{.create = false});
    auto q = db.query("SELECT uuid FROM coordinator WHERE id = 1");
    if (q.next()) {
      Enrolment e;
      e.coordinatorId = uuidOf(q.blob(0));
      fs::remove(enrolmentFolder / enrolmentFileName(e), ec);
    }
  } catch (const std::exception&) {  // no schema yet, or unreadable: it wrote no enrolment file
  }
  store::removeUnfinishedSetUp(path);
}

}  // namespace

bool CoordinatorStore::exists(const fs::path& path) {
  std::error_code ec;
  if (fs::exists(path, ec)) return true;
  removeUnfinishedCoordinator(path, path.parent_path().empty() ? fs::path(".") : path.parent_path());
  return false;
}

CoordinatorStore CoordinatorStore::create(const fs::path& path, const std::string& name, std::string_view passphrase,
                                          CoordinatorOptions options,
                                          const std::function<void(const CoordinatorStore&)>& beforePublish) {
  if (exists(path)) {
    throw SyncError(SyncErrorKind::BadInput, Message{Msg::CoordinatorExists, {{"path", path.string()}}});
  }
  if (name.empty()) throw SyncError(SyncErrorKind::BadInput, Message{Msg::CoordinatorNeedsName});
  if (store::checkNewSecret(passphrase) != store::SecretKind::Passphrase) {
    throw store::InvalidRequestError(
        "a coordinator store is unlocked with a passphrase, not a PIN: use at least 8 characters, not only digits");
  }
  store::removeUnfinishedSetUp(path);
  try {
    auto db = std::make_unique<store::Db>(store::setUpPath(path));
    store::migrate(*db, schema());
    {
      store::Tx tx(*db);
      store::Vault vault(*db, store::VaultOptions{options.kdf, options.lockout, options.clock});
      crypto::SecretBytes dataKey = vault.initialise(kPrincipal, passphrase);
      const store::ColumnCipher cipher(dataKey.clone());
      const std::string uuid = Uuid::random().str();
      const auto encryption = crypto::generateBoxKey();
      const auto receipts = crypto::generateSigningKey();
      const auto forms = crypto::generateSigningKey();
      const auto recovery = crypto::generateBoxKey();
      const auto seal = [&](const char* column, const crypto::SecretBytes& secret) {
        return cipher.sealBytes({"coordinator", uuid, column, 1}, secret.view());
      };
      db->run(
          "INSERT INTO coordinator(id, uuid, name, created_at, encryption_public, receipt_public, forms_public, "
          "recovery_public, encryption_secret, receipt_secret, forms_secret, recovery_secret) "
          "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          bytesOf(Uuid::parse(uuid)), name, store::toMillis(options.clock()), encryption.publicKey.view(),
          receipts.publicKey.view(), forms.publicKey.view(), recovery.publicKey.view(),
          seal("encryption_secret", encryption.secretKey), seal("receipt_secret", receipts.secretKey),
          seal("forms_secret", forms.secretKey), seal("recovery_secret", recovery.secretKey));
      tx.commit();
    }
    CoordinatorStore out(std::move(db), std::move(options));
    out.unlock(passphrase);
    if (beforePublish) beforePublish(out);
    out.db_ = store::publishSetUp(std::move(out.db_), path);
    out.db_->execScript("PRAGMA cache_size = -" + std::to_string(kImportCacheKiB) + ";");  // as the constructor does
    return out;
  } catch (...) {
    store::removeUnfinishedSetUp(path);
    throw;
  }
}

CoordinatorSetUp setUpCoordinator(const fs::path& dataDir, const std::string& name, std::string_view passphrase,
                                  const fs::path& enrolmentOut, CoordinatorOptions options) {
  const fs::path path = coordinatorStorePath(dataDir);
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    // An earlier set-up cut off between writing the enrolment file and the store's rename.
    removeUnfinishedCoordinator(path, outFile(enrolmentOut, "x").first);
  }
  fs::path written;
  std::optional<CoordinatorStore> made;
  try {
    made.emplace(CoordinatorStore::create(path, name, passphrase, std::move(options), [&](const CoordinatorStore& s) {
      written = writeEnrolmentFile(s, enrolmentOut);
    }));
  } catch (...) {
    // The enrolment file of a store that was not moved into place names a
    // coordinator that does not exist.
    if (!written.empty() && !fs::exists(path, ec)) fs::remove(written, ec);
    throw;
  }
  CoordinatorStore store = std::move(*made);
  Enrolment e = store.enrolment();
  return CoordinatorSetUp{std::move(store), std::move(e), written};
}

fs::path writeEnrolmentFile(const CoordinatorStore& store, const fs::path& out) {
  const auto [folder, fileName] = outFile(out, enrolmentFileName(store.enrolment()));
  return writeFileDurably(folder, fileName, store.enrolmentFile(), /*replace=*/true);
}

CoordinatorStore CoordinatorStore::open(const fs::path& path, CoordinatorOptions options) {
  if (!exists(path)) {
    throw SyncError(SyncErrorKind::ReadFailed, Message{Msg::CoordinatorMissing, {{"path", path.string()}}});
  }
  auto db = std::make_unique<store::Db>(path, store::DbOptions{false, 5000});
  store::migrate(*db, schema());
  return CoordinatorStore(std::move(db), std::move(options));
}

void CoordinatorStore::unlock(std::string_view passphrase) {
  store::Vault vault(*db_, store::VaultOptions{options_.kdf, options_.lockout, options_.clock});
  crypto::SecretBytes key = vault.unlock(kPrincipal, passphrase);
  digestKey_ = crypto::SecretBytes::copyOf(crypto::keyedHash(key, crypto::asBytes("spor record digest v1")));
  cipher_ = std::make_unique<store::ColumnCipher>(std::move(key));
  encryption_ = std::make_unique<crypto::BoxKeyPair>(crypto::boxKeyFromSecret(openSecret("encryption_secret")));
}

const store::ColumnCipher& CoordinatorStore::cipher() const {
  if (!cipher_) {
    throw store::NotUnlockedError("the coordinator store is locked: give the coordinator passphrase first");
  }
  return *cipher_;
}

crypto::SecretBytes CoordinatorStore::openSecret(const char* column) const {
  auto q = db_->query(std::string("SELECT ") + column + " FROM coordinator WHERE id = 1");
  if (!q.next()) throw store::StoreError("the coordinator store has no coordinator row; it is damaged");
  crypto::Bytes plain = cipher().openBytes({"coordinator", uuid_, column, 1}, q.blob(0));
  crypto::SecretBytes secret = crypto::SecretBytes::copyOf(plain);
  crypto::memzero(plain);
  return secret;
}

crypto::BoxKeyPair CoordinatorStore::encryptionKey() const {
  if (!encryption_)
    throw store::NotUnlockedError("the coordinator store is locked: give the coordinator passphrase first");
  return {encryption_->publicKey, encryption_->secretKey.clone()};
}
crypto::BoxKeyPair CoordinatorStore::recoveryKey() const {
  return crypto::boxKeyFromSecret(openSecret("recovery_secret"));
}
crypto::SigningKeyPair CoordinatorStore::signingKey(const char* column) const {
  return crypto::signingKeyFromSecret(openSecret(column));
}

Enrolment CoordinatorStore::enrolment() const {
  auto q = db_->query(
      "SELECT uuid, name, created_at, encryption_public, receipt_public, forms_public, recovery_public "
      "FROM coordinator WHERE id = 1");
  if (!q.next()) throw store::StoreError("the coordinator store has no coordinator row; it is damaged");
  Enrolment e;
  e.coordinatorId = uuidOf(q.blob(0));
  e.coordinatorName = q.text(1);
  e.createdAt = q.int64(2) / 1000;
  e.encryptionKey = arrayOf<32>(q.blob(3));
  e.receiptKey = arrayOf<32>(q.blob(4));
  e.formsKey = arrayOf<32>(q.blob(5));
  e.recoveryKey = arrayOf<32>(q.blob(6));
  e.fillFingerprints();
  return e;
}

crypto::Bytes CoordinatorStore::enrolmentFile() const {
  return encodeEnrolment(enrolment(), signingKey("forms_secret"));
}

std::uint64_t CoordinatorStore::formsVersion() const {
  return static_cast<std::uint64_t>(db_->queryInt("SELECT forms_version FROM coordinator WHERE id = 1").value_or(0));
}

std::vector<std::uint64_t> CoordinatorStore::sequences(const Uuid& device) const {
  std::vector<std::uint64_t> out;
  auto q = db_->query("SELECT sequence FROM bundle WHERE device = ? ORDER BY sequence", bytesOf(device));
  while (q.next()) out.push_back(static_cast<std::uint64_t>(q.int64(0)));
  return out;
}

std::vector<DeviceEntry> CoordinatorStore::devices() const {
  std::vector<DeviceEntry> out;
  auto q = db_->query(
      "SELECT uuid, signing_key, approved, first_seen, approved_at, receipt_sequence FROM device ORDER BY first_seen, "
      "uuid");
  while (q.next()) {
    DeviceEntry d;
    d.id = uuidOf(q.blob(0));
    d.signingKey.bytes = arrayOf<32>(q.blob(1));
    d.fingerprint = crypto::fingerprint(d.signingKey);
    d.approval = q.int64(2) == 1 ? DeviceApproval::Approved : DeviceApproval::Pending;
    d.firstSeen = store::fromMillis(q.int64(3));
    if (const auto at = q.optInt64(4)) d.approvedAt = store::fromMillis(*at);
    d.lastReceipt = static_cast<std::uint64_t>(q.int64(5));
    out.push_back(std::move(d));
  }
  for (auto& d : out) {
    const auto seqs = sequences(d.id);
    d.bundles = seqs.size();
    d.highestSequence = seqs.empty() ? 0 : seqs.back();
    std::uint64_t expected = 1;
    for (const auto s : seqs) {
      for (; expected < s; ++expected) d.missingSequences.push_back(expected);
      expected = s + 1;
    }
    for (auto c = db_->query("SELECT sequence FROM chain_break WHERE device = ? ORDER BY sequence", bytesOf(d.id));
         c.next();)
      d.chainBreaks.push_back(static_cast<std::uint64_t>(c.int64(0)));
  }
  return out;
}

DeviceStatus CoordinatorStore::deviceStatus(const Uuid& deviceId, const crypto::SignPublicKey& key) const {
  auto q = db_->query("SELECT signing_key, approved FROM device WHERE uuid = ?", bytesOf(deviceId));
  if (!q.next()) return DeviceStatus::Unknown;
  if (arrayOf<32>(q.blob(0)) != key.bytes) return DeviceStatus::KeyMismatch;
  return q.int64(1) == 1 ? DeviceStatus::Approved : DeviceStatus::NotApproved;
}

Uuid CoordinatorStore::resolveDevice(const std::string& idOrPrefix) const {
  std::vector<Uuid> matches;
  for (const auto& d : devices()) {
    const std::string id = d.id.str();
    if (id == idOrPrefix || (idOrPrefix.size() >= 8 && id.rfind(idOrPrefix, 0) == 0)) matches.push_back(d.id);
  }
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    throw SyncError(SyncErrorKind::BadInput, Message{Msg::NoSuchDevice, {{"device", idOrPrefix}}});
  }
  throw SyncError(SyncErrorKind::BadInput,
                  "'" + idOrPrefix + "' matches " + std::to_string(matches.size()) + " devices; give the whole id");
}

DeviceEntry CoordinatorStore::approveDevice(const std::string& idOrPrefix) {
  const Uuid id = resolveDevice(idOrPrefix);
  // Approving twice writes nothing: the store stays byte-identical.
  db_->run("UPDATE device SET approved = 1, approved_at = coalesce(approved_at, ?) WHERE uuid = ? AND approved = 0",
           store::toMillis(options_.clock()), bytesOf(id));
  for (auto& d : devices()) {
    if (d.id == id) return d;
  }
  throw store::StoreError("internal error: the approved device disappeared");
}

bool CoordinatorStore::isApproved(const std::string& idOrPrefix) const {
  const Uuid id = resolveDevice(idOrPrefix);
  for (const auto& d : devices())
    if (d.id == id) return d.approval == DeviceApproval::Approved;
  return false;
}

void CoordinatorStore::registerPending(const BundleHeader& header) {
  db_->run("INSERT OR IGNORE INTO device(uuid, signing_key, approved, first_seen) VALUES (?, ?, 0, ?)",
           bytesOf(header.deviceId), header.deviceKey.view(), store::toMillis(options_.clock()));
}

ImportResult CoordinatorStore::importBundleFile(const fs::path& path) {
  FileSource file(path, Msg::FileBundle);
  return importBundle(file, path.string());
}

std::vector<fs::path> bundlesIn(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (fs::directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
         it.increment(ec)) {
      if (it->path().extension() == kBundleExtension && !it->is_directory(ec)) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty())
      throw SyncError(SyncErrorKind::ReadFailed,
                      Message{Msg::FolderHoldsNoBundles, {{"path", path.string()}, {"extension", kBundleExtension}}});
    return files;
  }
  if (!fs::exists(path, ec))
    throw SyncError(SyncErrorKind::ReadFailed,
                    "'" + path.string() + "' does not exist: check the path, or whether the USB stick is plugged in");
  return {path};
}

std::vector<ImportOutcome> importBundles(CoordinatorStore& store, const std::vector<fs::path>& files,
                                        const std::function<void()>& unlock) {
  std::vector<ImportOutcome> outcomes;
  outcomes.reserve(files.size());
  for (const fs::path& file : files) {
    ImportOutcome outcome;
    outcome.file = file;
    try {
      // Streamed from the file: a bundle is never held whole. A locked
      // store checks the file first (one pass, no key), so a refused or
      // already imported bundle asks for no passphrase; an unlocked one
      // goes straight to the import, which checks the same things first.
      FileSource source(file, Msg::FileBundle);
      if (!store.unlocked()) outcome.result = store.checkBundle(source, file.string());
      if (!outcome.result) {
        if (!store.unlocked() && unlock) unlock();
        outcome.result = store.importBundle(source, file.string());
      }
    } catch (const SyncError& e) {
      outcome.refused = messageOf(e);
    }
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

std::vector<WrittenReceipt> writeReceiptsBack(CoordinatorStore& store, const std::vector<ImportOutcome>& outcomes) {
  // (folder, device) pairs, each once, in order of first appearance.
  std::vector<std::pair<fs::path, Uuid>> targets;
  for (const ImportOutcome& o : outcomes) {
    if (!o.result) continue;
    const fs::path folder = o.file.parent_path().empty() ? fs::path(".") : o.file.parent_path();
    const std::pair<fs::path, Uuid> target{folder, o.result->device};
    if (std::find(targets.begin(), targets.end(), target) == targets.end()) targets.push_back(target);
  }
  std::vector<WrittenReceipt> written;
  for (const auto& [folder, device] : targets) {
    WrittenReceipt w;
    w.device = device;
    // Written before the number is committed: a receipt that cannot be
    // written uses up no number, and one whose commit fails is removed again.
    static_cast<void>(removingOnFailedCommit(w.file, [&] {
      return store.makeReceipt(device.str(), [&](const crypto::Bytes& receipt) {
        const Receipt body =
            decodeArchive<Receipt>(checkSignedFile(receipt, SignedKind::Receipt, "receipt", nullptr).body, "receipt");
        w.receiptSequence = body.receiptSequence;
        w.throughSequence = body.throughSequence;
        w.file = writeNumberedFile(store, folder, receiptFileName(device, body.receiptSequence), receipt,
                                   SignedKind::Receipt);
      });
    }));
    written.push_back(std::move(w));
  }
  return written;
}

fs::path writeNumberedFile(const CoordinatorStore& store, const fs::path& folder, const std::string& name,
                           crypto::ByteView bytes, SignedKind kind) {
  const fs::path target = folder / name;
  bool replace = false;
  std::error_code ec;
  if (fs::is_regular_file(target, ec)) {
    try {
      const Enrolment e = store.enrolment();
      const crypto::SignPublicKey ours =
          crypto::SignPublicKey::fromBytes(kind == SignedKind::Receipt ? e.receiptKey : e.formsKey);
      const std::uint64_t cap = kind == SignedKind::Receipt ? kMaxReceiptFileBytes : kMaxFormPackageFileBytes;
      const crypto::Bytes old =
          readFileCapped(target, cap, kind == SignedKind::Receipt ? Msg::FileReceipt : Msg::FileFormPackage);
      static_cast<void>(checkSignedFile(old, kind, name, &ours));
      replace = true;  // our own, from an attempt whose number was never committed
    } catch (const std::exception&) {
      replace = false;  // someone else's file: refused below, untouched
    }
  }
  return writeFileDurably(folder, name, bytes, replace);
}

fs::path writeSignedOut(const CoordinatorStore& store, const fs::path& out, const std::string& defaultName,
                        crypto::ByteView bytes, SignedKind kind) {
  std::error_code ec;
  if (fs::is_directory(out, ec)) return writeNumberedFile(store, out, defaultName, bytes, kind);
  const fs::path folder = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  return writeFileDurably(folder, out.filename().string(), bytes);
}

fs::path publishFormPackage(CoordinatorStore& store, const fs::path& formsDir, const std::string& note,
                            const fs::path& out) {
  fs::path path;
  static_cast<void>(removingOnFailedCommit(path, [&] {
    return store.publishForms(formsDir, note, [&](const crypto::Bytes& package) {
      path = writeSignedOut(store, out, formPackageFileName(store.formsVersion()), package, SignedKind::FormPackage);
    });
  }));
  return path;
}

bool CoordinatorStore::alreadyInLedger(const VerifiedBundle& verified) const {
  const BundleHeader& h = verified.header;
  auto q = db_->query("SELECT hash FROM bundle WHERE device = ? AND sequence = ?", bytesOf(h.deviceId),
                      static_cast<std::int64_t>(h.sequence));
  if (!q.next()) return false;
  const Hash known = arrayOf<32>(q.blob(0));
  if (known == verified.hash) return true;
  throw SyncError(SyncErrorKind::Mismatch, Message{Msg::BundleForked,
                                                   {{"name", verified.name},
                                                    {"device", h.deviceId.str()},
                                                    {"sequence", h.sequence},
                                                    {"known", crypto::hex(known).substr(0, 16)},
                                                    {"hash", crypto::hex(verified.hash).substr(0, 16)}}});
}

std::optional<ImportResult> CoordinatorStore::checkBundle(crypto::ByteView file, const std::string& name) const {
  SpanSource source(file);
  return checkBundle(source, name);
}

std::optional<ImportResult> CoordinatorStore::checkBundle(ByteSource& file, const std::string& name) const {
  const BundleReader reader(enrolment().encryption(), *this);
  VerifiedBundle verified;
  try {
    verified = reader.verify(file, name);
  } catch (const SyncError& e) {
    // An unknown device's bundle that proves it holds its key is listed for
    // approval by importBundle; any other is refused here.
    if (e.kind() == SyncErrorKind::UnknownDevice && bundleSelfSignatureValid(file, checkBundleStructure(file, name)))
      return std::nullopt;
    throw;
  }
  if (!alreadyInLedger(verified)) return std::nullopt;
  const BundleHeader& h = verified.header;
  ImportResult result;
  result.name = name;
  result.device = h.deviceId;
  result.sequence = h.sequence;
  result.hash = verified.hash;
  result.alreadyImported = true;
  return result;
}

ImportResult CoordinatorStore::importBundle(crypto::ByteView file, const std::string& name) {
  SpanSource source(file);
  return importBundle(source, name);
}

// One bundle's import: FORMAT.md's "Reading version 2, in this order", one
// function per step, sharing what the steps learn. Version 1 bundles take
// the same path (BundleReader reads either).
class CoordinatorStore::Import {
 public:
  Import(CoordinatorStore& store, ByteSource& file, const std::string& name)
      : store_(store), db_(*store.db_), file_(file), name_(name), reader_(*store.encryption_, store) {}

  ImportResult run() {
    const BundleHeader peek = checkHeader();
    result_.name = name_;
    result_.device = peek.deviceId;
    result_.sequence = peek.sequence;
    if (alreadyImported(peek)) return result_;
    // Steps 8-11 in one pass: every chunk is decrypted, parsed and staged in
    // the transaction as it comes; the signature over the whole file is
    // checked at its end, and only then is the transaction committed. Any
    // failure on the way rolls it back, so nothing of the file is stored.
    deviceBytes_ = bytesOf(peek.deviceId);
    store::Tx tx(db_);
    loadDeletions();
    const VerifiedBundle verified = reader_.open(file_, name_, [this](Records& r) { stageChunk(r); });
    recordInLedger(verified);
    tx.commit();
    addWarnings(verified.header);
    return result_;
  }

 private:
  // Steps 1-6, on the header alone: size, magic, version and suite, header
  // values, recipient, device. An unknown device's bundle is listed for
  // approval when the file at least proves it holds that key.
  BundleHeader checkHeader() {
    const BundleHeader peek = readBundleHeader(file_, name_);
    try {
      static_cast<void>(reader_.checkHeader(peek, name_));
    } catch (const SyncError& e) {
      if (e.kind() == SyncErrorKind::UnknownDevice && bundleSelfSignatureValid(file_, peek))
        store_.registerPending(peek);
      throw;
    }
    return peek;
  }

  // Step 7, the ledger, before decrypting anything: a number already there
  // needs the file's hash, so the file is verified first (one pass, no
  // decryption) and is then either this very bundle or a fork (thrown).
  bool alreadyImported(const BundleHeader& peek) {
    if (!store_.ledgerHas(peek.deviceId, peek.sequence)) return false;
    const VerifiedBundle verified = reader_.verify(file_, name_);
    if (!store_.alreadyInLedger(verified)) return false;
    result_.hash = verified.hash;
    result_.alreadyImported = true;
    return true;
  }

  // Step 8, for each chunk (all of a version 1 bundle's records at once):
  // its records checked and staged in the import's transaction.
  void stageChunk(Records& r) {
    checkRecordValues(r, name_);
    for (const auto& t : r.tombstones) cascade_ = noteDeletion(t) || cascade_;
    stageAll(r.children, RecordKind::Child);
    stageAll(r.consents, RecordKind::Consent);
    stageAll(r.projectEnrolments, RecordKind::ProjectEnrolment);
    stageAll(r.measurements, RecordKind::Measurement);
    stageAll(r.answers, RecordKind::Answer);
    stageAll(r.backgrounds, RecordKind::Background);
    stageAll(r.fidelities, RecordKind::Fidelity);
    stageAll(r.safeguardingFlags, RecordKind::SafeguardingFlag);
    stageTombstones(r.tombstones);
  }

  // After steps 9-11 (BundleReader::open checked them): the bundle in the
  // ledger, the hash chain, and the deletion cascade, still in the
  // transaction.
  void recordInLedger(const VerifiedBundle& verified) {
    const BundleHeader& h = verified.header;
    result_.hash = verified.hash;
    db_.run(
        "INSERT INTO bundle(device, sequence, hash, record_count, imported_at, previous_hash) VALUES (?, ?, ?, ?, ?, "
        "?)",
        deviceBytes_, static_cast<std::int64_t>(h.sequence), crypto::ByteView(verified.hash),
        static_cast<std::int64_t>(h.recordCount), store::toMillis(store_.options_.clock()),
        crypto::ByteView(h.previousBundleHash));
    store_.checkChain(h, verified.hash, result_);
    // A new deletion also takes the records here that have no tombstone of
    // their own: the project enrolment, the answers, and anything the device
    // purged before the deletion. One scan, only for bundles that delete.
    if (cascade_) result_.deletedRecords += store_.deleteContentOf(deletedChildren_, deletedMeasurements_);
  }

  // After the commit: ids another device used first, and bundles missing
  // from the device's sequence, as warnings.
  void addWarnings(const BundleHeader& h) {
    if (foreign_ > 0) result_.warnings.push_back(Message{Msg::ImportForeignIds, {{"n", foreign_}}});
    std::vector<std::uint64_t> missing;
    std::uint64_t expected = 1;
    for (const auto s : store_.sequences(h.deviceId)) {
      for (; expected < s; ++expected) missing.push_back(expected);
      expected = s + 1;
    }
    if (missing.empty()) return;
    std::string list;
    for (std::size_t i = 0; i < missing.size() && i < 20; ++i) list += (i ? ", " : "") + std::to_string(missing[i]);
    if (missing.size() > 20) list += ", ...";
    result_.warnings.push_back(Message{
        Msg::ImportMissingBundles, {{"n", missing.size()}, {"list", list}, {"device", h.deviceId.shortStr()}}});
  }

  // --- step 8's parts ----------------------------------------------------------

  // Deletion (FORMAT.md, "Deletion"): a child deleted on its device takes
  // everything that refers to it, directly or through a measurement, here
  // too, whichever arrives first: the deletion or (in an older bundle) the
  // data. The deleted ids come from the tombstones stored before and those
  // in this bundle.
  void loadDeletions() {
    for (auto q = db_.query("SELECT uuid, content, row_version FROM record WHERE kind = ?",
                            static_cast<std::int64_t>(kDeletedKind));
         q.next();) {
      const Uuid id = uuidOf(q.blob(0));
      noteDeletion(decodeArchive<TombstoneRecord>(
          store_.cipher().openBytes({"record", id.str(), "content", q.int64(2)}, q.blob(1)), "stored tombstone"));
    }
  }

  // True when `t` deletes a child or measurement not known to be deleted yet.
  bool noteDeletion(const TombstoneRecord& t) {
    if (t.reason != TombstoneReason::Deleted) return false;
    if (t.kind == RecordKind::Child) return deletedChildren_.insert(t.id).second;
    if (t.kind == RecordKind::Measurement) return deletedMeasurements_.insert(t.id).second;
    return false;
  }

  // True when `rec` belongs to a deleted child or measurement.
  template <class T>
  bool isDeleted(const T& rec) {
    if constexpr (std::is_same_v<T, ChildRecord>) {
      return deletedChildren_.count(rec.id) > 0;
    } else if constexpr (std::is_same_v<T, MeasurementRecord>) {
      if (deletedChildren_.count(rec.child) == 0 && deletedMeasurements_.count(rec.id) == 0) return false;
      // Its answers, in this bundle or a later one, go too (and any that
      // came before it in this bundle, by the cascade).
      if (deletedMeasurements_.insert(rec.id).second) cascade_ = true;
      return true;
    } else if constexpr (std::is_same_v<T, AnswerRecord>) {
      return deletedMeasurements_.count(rec.measurement) > 0;
    } else if constexpr (std::is_same_v<T, SafeguardingFlagRecord>) {
      return deletedChildren_.count(rec.child) > 0 || deletedMeasurements_.count(rec.measurement) > 0;
    } else if constexpr (std::is_same_v<T, FidelityRecord>) {
      return false;  // per project, not per child
    } else {
      return deletedChildren_.count(rec.child) > 0;
    }
  }

  // A measurement counts as new when it arrives finished and was not
  // finished here before: one started on the tablet comes in an earlier
  // bundle, and its finish (a higher revision) in a later one, which then
  // says "1 ny måling" (a new user's trial read "0 nye målinger" there).
  bool finishedHere(const Uuid& id) {
    auto q = db_.query("SELECT content, row_version, kind FROM record WHERE uuid = ?", bytesOf(id));
    if (!q.next() || q.int64(2) != static_cast<std::int64_t>(RecordKind::Measurement)) return false;
    const crypto::Bytes content = store_.cipher().openBytes({"record", id.str(), "content", q.int64(1)}, q.blob(0));
    return decodeArchive<MeasurementRecord>(content, "stored measurement").state == "finished";
  }

  template <class T>
  void stageAll(const std::vector<T>& list, RecordKind kind) {
    constexpr bool measurement = std::is_same_v<T, MeasurementRecord>;
    for (const T& rec : list) {
      if (isDeleted(rec)) {
        ++result_.deletedRecords;
        continue;
      }
      bool finishing = false;  // a measurement that is finished now and was not here
      if constexpr (measurement) finishing = rec.state == "finished" && !finishedHere(rec.id);
      bool changed = false;
      content_.clear();
      {
        BufferOutputArchive archive(content_);
        archive(rec);
      }
      const bool isNew = upsert(rec.id, static_cast<std::uint8_t>(kind), rec.revision, content_, changed);
      if (measurement && finishing && changed) ++result_.newMeasurements;
      if (isNew) {
        ++result_.newRecords;
      } else if (changed) {
        ++result_.updatedRecords;
      } else {
        ++result_.duplicateRecords;
        if (measurement) ++result_.duplicateMeasurements;
      }
    }
  }

  // A purge on the device leaves the coordinator's copy alone; a deletion
  // replaces it, if it is newer, by the content-free tombstone.
  void stageTombstones(const std::vector<TombstoneRecord>& tombstones) {
    for (const auto& t : tombstones) {
      bool changed = false;
      if (t.reason == TombstoneReason::Deleted && upsert(t.id, kDeletedKind, t.revision, encodeArchive(t), changed)) {
        ++result_.newRecords;
      } else if (changed) {
        ++result_.updatedRecords;
      } else {
        ++result_.duplicateRecords;
      }
    }
  }

  // Stores the record when its id is new, or replaces it when this copy is
  // newer (a higher revision, or the same with a higher digest); `changed`
  // says whether anything was written. Returns true when the record is new.
  bool upsert(const Uuid& id, std::uint8_t kind, std::uint64_t revision, const crypto::Bytes& content,
              bool& changed) {
    const crypto::Bytes digest = crypto::keyedHash(store_.digestKey_, content);
    const std::string idText = id.str();
    // A new id is the common case: one INSERT that skips an id already here
    // (one index seek instead of a SELECT and then an INSERT); only for an
    // id already here are the stored revision and digest read and compared.
    if (db_.run("INSERT INTO record(uuid, kind, device, revision, digest, content, row_version) "
                "VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT(uuid) DO NOTHING",
                bytesOf(id), static_cast<std::int64_t>(kind), deviceBytes_, static_cast<std::int64_t>(revision),
                digest, store_.cipher().sealBytes({"record", idText, "content", 1}, content)) == 1) {
      changed = true;
      return true;
    }
    auto q = db_.query("SELECT revision, digest, device, row_version FROM record WHERE uuid = ?", bytesOf(id));
    if (!q.next()) throw store::StoreError("record " + idText + " vanished during the import; nothing was changed");
    const auto oldRevision = static_cast<std::uint64_t>(q.int64(0));
    const crypto::Bytes oldDigest = q.blob(1);
    const crypto::Bytes oldDevice = q.blob(2);
    const std::int64_t rowVersion = q.int64(3) + 1;
    if (oldDevice != deviceBytes_) {
      ++foreign_;  // a UUID another device already used: keep the first
      changed = false;
      return false;
    }
    const bool newer = revision > oldRevision || (revision == oldRevision && digest > oldDigest);
    changed = newer;
    if (newer) {
      db_.run("UPDATE record SET kind = ?, revision = ?, digest = ?, content = ?, row_version = ? WHERE uuid = ?",
              static_cast<std::int64_t>(kind), static_cast<std::int64_t>(revision), digest,
              store_.cipher().sealBytes({"record", idText, "content", rowVersion}, content), rowVersion, bytesOf(id));
    }
    return false;
  }

  CoordinatorStore& store_;
  store::Db& db_;
  ByteSource& file_;
  const std::string& name_;
  const BundleReader reader_;
  ImportResult result_;
  crypto::Bytes deviceBytes_;
  std::size_t foreign_ = 0;  // records whose id another device used first
  std::set<Uuid> deletedChildren_;
  std::set<Uuid> deletedMeasurements_;
  // Set when this bundle deletes something new: the records here that have
  // no tombstone of their own (and, since records may come in any order,
  // those this bundle stored before its deletion arrived) go at the end.
  bool cascade_ = false;
  crypto::Bytes content_;  // one record's archive, reused
};

ImportResult CoordinatorStore::importBundle(ByteSource& file, const std::string& name) {
  if (!encryption_)
    throw store::NotUnlockedError("the coordinator store is locked: give the coordinator passphrase first");
  return Import(*this, file, name).run();
}

bool CoordinatorStore::ledgerHas(const Uuid& device, std::uint64_t sequence) const {
  auto q = db_->query("SELECT 1 FROM bundle WHERE device = ? AND sequence = ?", bytesOf(device),
                      static_cast<std::int64_t>(sequence));
  return q.next();
}

crypto::Bytes CoordinatorStore::makeReceipt(const std::string& deviceIdOrPrefix,
                                            const std::function<void(const crypto::Bytes&)>& write) {
  const Uuid id = resolveDevice(deviceIdOrPrefix);
  const auto seqs = sequences(id);
  Receipt receipt;
  receipt.deviceId = id;
  receipt.coordinator = enrolment().coordinatorFingerprint();
  receipt.issuedAt = store::toMillis(options_.clock()) / 1000;
  std::map<std::uint64_t, Hash> hashes;
  {
    auto q = db_->query("SELECT sequence, hash FROM bundle WHERE device = ?", bytesOf(id));
    while (q.next()) hashes[static_cast<std::uint64_t>(q.int64(0))] = arrayOf<32>(q.blob(1));
  }
  for (const auto s : seqs) {
    if (s == receipt.throughSequence + 1) {
      receipt.throughSequence = s;
      receipt.throughHash = hashes[s];
    } else {
      receipt.laterBundles.push_back({s, hashes[s]});
    }
  }
  const crypto::SigningKeyPair key = signingKey("receipt_secret");
  store::Tx tx(*db_);
  db_->run("UPDATE device SET receipt_sequence = receipt_sequence + 1 WHERE uuid = ?", bytesOf(id));
  receipt.receiptSequence = static_cast<std::uint64_t>(
      db_->queryInt("SELECT receipt_sequence FROM device WHERE uuid = ?", bytesOf(id)).value_or(0));
  crypto::Bytes file = encodeReceipt(receipt, key);
  if (write) write(file);  // throws: the transaction rolls back, the number is not used up
  tx.commit();
  return file;
}

crypto::Bytes CoordinatorStore::publishForms(const fs::path& formsDir, const std::string& note,
                                             const std::function<void(const crypto::Bytes&)>& write) {
  const core::FormCheck check = core::checkForms(formsDir.string());
  if (!check.ok()) {
    std::string problems;
    for (const auto& p : check.problems) problems += "\n  " + p.str();
    throw SyncError(SyncErrorKind::Malformed,
                    "the forms in '" + formsDir.string() + "' have mistakes, so no package was made:" + problems +
                        "\nFix them ('spor forms check " + formsDir.string() + "') and publish again");
  }
  FormPackage package;
  package.coordinator = enrolment().coordinatorFingerprint();
  package.createdAt = store::toMillis(options_.clock()) / 1000;
  package.note = note;
  package.files = collectFormFiles(formsDir);
  const crypto::SigningKeyPair key = signingKey("forms_secret");
  store::Tx tx(*db_);
  db_->run("UPDATE coordinator SET forms_version = forms_version + 1 WHERE id = 1");
  package.version = formsVersion();
  crypto::Bytes file = encodeFormPackage(package, key);
  if (write) write(file);  // throws: the transaction rolls back, the version is not used up
  tx.commit();
  return file;
}

std::vector<StoredRecord> CoordinatorStore::records() const {
  std::vector<StoredRecord> out;
  visitRecords([&](const StoredRecord& r) { out.push_back(r); });
  std::sort(out.begin(), out.end(), [](const StoredRecord& a, const StoredRecord& b) { return a.id < b.id; });
  return out;
}

void CoordinatorStore::visitRecords(const std::function<void(const StoredRecord&)>& visit) const {
  const store::ColumnCipher& c = cipher();
  // A scan reads every page once, in order: the import's large page cache
  // (above) would only fill with pages never read again (165 MB of a
  // 10,000-child report's 270 MB peak). A small one for the scan, then back.
  struct CacheForScan {
    store::Db& db;
    std::int64_t saved = db.queryInt("PRAGMA cache_size").value_or(-2000);
    explicit CacheForScan(store::Db& d) : db(d) { db.execScript("PRAGMA cache_size = -4096;"); }
    ~CacheForScan() {
      try {
        db.execScript("PRAGMA cache_size = " + std::to_string(saved) + ";");
      } catch (...) {  // only a smaller cache: nothing is lost
      }
    }
    CacheForScan(const CacheForScan&) = delete;
    CacheForScan& operator=(const CacheForScan&) = delete;
  } small(*db_);
  // In storage (rowid) order: by uuid the scan would walk the index and
  // fetch every row from a random page (6.6 s instead of 4.3 s CPU for a
  // 10,000-child report).
  auto q = db_->query("SELECT uuid, kind, device, revision, content, row_version FROM record ORDER BY id");
  StoredRecord r;
  while (q.next()) {
    r.id = uuidOf(q.blob(0));
    r.kind = static_cast<std::uint8_t>(q.int64(1));
    r.device = uuidOf(q.blob(2));
    r.revision = static_cast<std::uint64_t>(q.int64(3));
    r.content = c.openBytes({"record", r.id.str(), "content", q.int64(5)}, q.blob(4));
    visit(r);
  }
}

std::size_t CoordinatorStore::deleteContentOf(const std::set<Uuid>& children, std::set<Uuid>& measurements) {
  const store::ColumnCipher& c = cipher();
  const auto open = [&](store::Query& q, const Uuid& id) {
    return c.openBytes({"record", id.str(), "content", q.int64(2)}, q.blob(1));
  };
  std::vector<Uuid> doomed;
  // Measurements first: their answers refer to them, not to the child.
  for (auto q = db_->query("SELECT uuid, content, row_version FROM record WHERE kind = ?",
                           static_cast<std::int64_t>(RecordKind::Measurement));
       q.next();) {
    const Uuid id = uuidOf(q.blob(0));
    const auto m = decodeArchive<MeasurementRecord>(open(q, id), "measurement");
    if (children.count(m.child) > 0 || measurements.count(id) > 0) {
      measurements.insert(id);
      doomed.push_back(id);
    }
  }
  for (auto q = db_->query(
           "SELECT uuid, content, row_version, kind FROM record WHERE kind IN (?, ?, ?, ?, ?)",
           static_cast<std::int64_t>(RecordKind::Consent), static_cast<std::int64_t>(RecordKind::ProjectEnrolment),
           static_cast<std::int64_t>(RecordKind::Answer), static_cast<std::int64_t>(RecordKind::Background),
           static_cast<std::int64_t>(RecordKind::SafeguardingFlag));
       q.next();) {
    const Uuid id = uuidOf(q.blob(0));
    const crypto::Bytes content = open(q, id);
    bool gone = false;
    switch (static_cast<RecordKind>(q.int64(3))) {
      case RecordKind::Consent:
        gone = children.count(decodeArchive<ConsentRecord>(content, "consent").child) > 0;
        break;
      case RecordKind::ProjectEnrolment:
        gone = children.count(decodeArchive<ProjectEnrolmentRecord>(content, "project enrolment").child) > 0;
        break;
      case RecordKind::Answer:
        gone = measurements.count(decodeArchive<AnswerRecord>(content, "answer").measurement) > 0;
        break;
      case RecordKind::Background:
        gone = children.count(decodeArchive<BackgroundRecord>(content, "background form").child) > 0;
        break;
      case RecordKind::SafeguardingFlag: {
        const auto f = decodeArchive<SafeguardingFlagRecord>(content, "safeguarding flag");
        gone = children.count(f.child) > 0 || measurements.count(f.measurement) > 0;
        break;
      }
      default: break;
    }
    if (gone) doomed.push_back(id);
  }
  // Records with a tombstone of their own were replaced by it (kind 9) and
  // are not among these.
  for (const auto& id : doomed) db_->run("DELETE FROM record WHERE uuid = ?", bytesOf(id));
  return doomed.size();
}

std::vector<std::tuple<Uuid, std::uint64_t, Hash>> CoordinatorStore::ledger() const {
  std::vector<std::tuple<Uuid, std::uint64_t, Hash>> out;
  auto q = db_->query("SELECT device, sequence, hash FROM bundle ORDER BY device, sequence");
  while (q.next()) out.emplace_back(uuidOf(q.blob(0)), static_cast<std::uint64_t>(q.int64(1)), arrayOf<32>(q.blob(2)));
  return out;
}

// --- The hash chain (FORMAT.md, "The hash chain") -----------------------------------------

namespace {

Message chainWarning(const Uuid& device, std::uint64_t sequence, const Hash& expected, const Hash& found) {
  return {Msg::ImportChainBreak,
          {{"device", device.shortStr()},
           {"sequence", sequence},
           {"previous", sequence - 1},
           {"found", crypto::hex(found).substr(0, 16)},
           {"expected", crypto::hex(expected).substr(0, 16)}}};
}

}  // namespace

void CoordinatorStore::checkChain(const BundleHeader& h, const Hash& hash, ImportResult& result) {
  const crypto::Bytes device = bytesOf(h.deviceId);
  const auto note = [&](std::uint64_t sequence, const Hash& expected, const Hash& found) {
    db_->run("INSERT OR IGNORE INTO chain_break(device, sequence, expected, found, noted_at) VALUES (?, ?, ?, ?, ?)",
             device, static_cast<std::int64_t>(sequence), crypto::ByteView(expected), crypto::ByteView(found),
             store::toMillis(options_.clock()));
    result.warnings.push_back(chainWarning(h.deviceId, sequence, expected, found));
  };
  // This bundle against the one before it in the ledger…
  if (h.sequence > 1) {
    auto q = db_->query("SELECT hash FROM bundle WHERE device = ? AND sequence = ?", device,
                        static_cast<std::int64_t>(h.sequence - 1));
    if (q.next()) {
      const Hash before = arrayOf<32>(q.blob(0));
      if (before != h.previousBundleHash) note(h.sequence, before, h.previousBundleHash);
    }
  }
  // …and the one after it, when that came first (bundles arrive in any order).
  auto q = db_->query("SELECT previous_hash FROM bundle WHERE device = ? AND sequence = ?", device,
                      static_cast<std::int64_t>(h.sequence + 1));
  if (q.next() && !q.isNull(0)) {
    const Hash claimed = arrayOf<32>(q.blob(0));
    if (claimed != hash) note(h.sequence + 1, hash, claimed);
  }
}

std::vector<ChainBreak> CoordinatorStore::chainBreaks() const {
  std::vector<ChainBreak> out;
  for (auto q = db_->query("SELECT device, sequence, expected, found, noted_at FROM chain_break ORDER BY device, sequence");
       q.next();)
    out.push_back({uuidOf(q.blob(0)), static_cast<std::uint64_t>(q.int64(1)), arrayOf<32>(q.blob(2)),
                   arrayOf<32>(q.blob(3)), store::fromMillis(q.int64(4))});
  return out;
}

}  // namespace spor::sync
