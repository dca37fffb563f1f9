#pragma once
// The coordinator store: one SQLite file (DIR/coordinator.db) on the store's
// Db/Tx/migrations, encrypted at rest like the device store. A passphrase
// unlocks the data key (store::Vault, principal "coordinator"); under it are
// sealed the coordinator's secret keys (encryption, receipt signing,
// form-package signing, recovery) and every imported record.
//
// It is the coordinator's side of sync: devices and their approval, the
// bundle ledger (device, sequence, hash), imports that are idempotent by
// record UUID and revision (one transaction per bundle), receipts, form
// packages and the enrolment file.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "crypto/box.hpp"
#include "crypto/sign.hpp"
#include "messages/message.hpp"
#include "store/sealed.hpp"
#include "store/sqlite.hpp"
#include "store/vault.hpp"
#include "sync/bundle.hpp"
#include "sync/signed_file.hpp"

namespace spor::sync {

[[nodiscard]] std::filesystem::path coordinatorStorePath(const std::filesystem::path& dataDir);
// The coordinator schema version this build writes (a backup of a newer one is refused).
[[nodiscard]] int coordinatorSchemaVersion();

struct CoordinatorOptions {
  crypto::KdfParams kdf = crypto::KdfParams::interactiveDefault();  // tests: testFast()
  store::LockoutPolicy lockout;
  store::Clock clock = store::systemNow;
};

enum class DeviceApproval { Pending, Approved };

struct DeviceEntry {
  Uuid id;
  crypto::SignPublicKey signingKey;
  std::string fingerprint;  // of the signing key, to compare with the device's screen
  DeviceApproval approval = DeviceApproval::Pending;
  store::Timestamp firstSeen{};
  std::optional<store::Timestamp> approvedAt;
  std::uint64_t bundles = 0;
  std::uint64_t highestSequence = 0;
  std::vector<std::uint64_t> missingSequences;  // below the highest, never imported
  std::uint64_t lastReceipt = 0;
  std::vector<std::uint64_t> chainBreaks;  // bundles that do not follow the one before (a fork: ChainBreak)
};

// A bundle whose previous-bundle hash is not the ledger's hash of the same
// device's bundle (sequence - 1): the device was restored or cloned
// (FORMAT.md, "The hash chain"). Kept in the ledger; the bundle is imported.
struct ChainBreak {
  Uuid device;
  std::uint64_t sequence = 0;
  Hash expected{};  // the ledger's hash of bundle sequence - 1
  Hash found{};     // the previous hash bundle `sequence` carries
  store::Timestamp notedAt{};
};

struct ImportResult {
  std::string name;
  Uuid device;
  std::uint64_t sequence = 0;
  Hash hash{};
  bool alreadyImported = false;  // same device, sequence and hash: nothing changed
  std::size_t newRecords = 0;
  std::size_t updatedRecords = 0;    // a higher revision of a record already here
  std::size_t duplicateRecords = 0;  // the same or an older revision: nothing changed
  // Finished measurements that were not finished here before (a new one, or
  // the finish of one an earlier bundle brought started); one still in
  // progress is not counted until it is finished.
  std::size_t newMeasurements = 0;
  std::size_t duplicateMeasurements = 0;
  // Records of a child deleted on its device: copies already here that a
  // deletion in this bundle removed, and records in this bundle that were
  // not stored because their child (or measurement) is deleted.
  std::size_t deletedRecords = 0;
  std::vector<Message> warnings;  // missing sequence numbers, ... (catalogue messages)
};

// One imported record as stored (for tests and reports): its wire bytes.
struct StoredRecord {
  Uuid id;
  std::uint8_t kind = 0;  // RecordKind, or 9 for a deletion tombstone
  Uuid device;
  std::uint64_t revision = 0;
  crypto::Bytes content;  // encodeArchive(record)
  friend bool operator==(const StoredRecord&, const StoredRecord&) = default;
};

struct CoordinatorSetUp;

class CoordinatorStore : public DeviceDirectory {
 public:
  // Creates DIR/coordinator.db with fresh keys, unlocked. `passphrase` must
  // pass store::checkNewSecret (at least 8 characters). All or nothing: the
  // store is built under a temporary name (store::setUpPath) and moved into
  // place when complete. `beforePublish`, when given, runs on the complete
  // store just before that (setUpCoordinator writes the enrolment file
  // there); if it throws, nothing is left behind.
  static CoordinatorStore create(const std::filesystem::path& path, const std::string& name,
                                 std::string_view passphrase, CoordinatorOptions options = {},
                                 const std::function<void(const CoordinatorStore&)>& beforePublish = {});
  // Opens an existing store, locked.
  static CoordinatorStore open(const std::filesystem::path& path, CoordinatorOptions options = {});
  // Whether a store is at `path`. What an interrupted set-up left (the
  // temporary store, and the enrolment file it may have written in the data
  // folder) is removed here, so set-up starts afresh.
  [[nodiscard]] static bool exists(const std::filesystem::path& path);

  CoordinatorStore(CoordinatorStore&&) noexcept;
  CoordinatorStore& operator=(CoordinatorStore&&) noexcept;
  ~CoordinatorStore() override;

  // Throws store::WrongSecretError / LockedOutError.
  void unlock(std::string_view passphrase);
  [[nodiscard]] bool unlocked() const { return cipher_ != nullptr; }

  // --- public, locked or not -------------------------------------------------
  [[nodiscard]] Enrolment enrolment() const;
  [[nodiscard]] std::vector<DeviceEntry> devices() const;
  [[nodiscard]] DeviceStatus deviceStatus(const Uuid& deviceId, const crypto::SignPublicKey& key) const override;
  // Approves a device that sent a bundle (it is listed as pending). Accepts
  // the full id or its first 8 characters when they are unique.
  DeviceEntry approveDevice(const std::string& idOrPrefix);  // an approved one: nothing written
  [[nodiscard]] bool isApproved(const std::string& idOrPrefix) const;

  // --- needs the passphrase --------------------------------------------------
  // The enrolment file's bytes, signed by the forms key.
  [[nodiscard]] crypto::Bytes enrolmentFile() const;

  // Imports one bundle: FORMAT.md's checks in order, the ledger, then one
  // transaction. A bundle from an unknown device registers the device as
  // pending (when its own signature holds) and throws
  // SyncError(UnknownDevice) saying how to approve it.
  ImportResult importBundle(crypto::ByteView file, const std::string& name);
  // The same, streamed from `file`: a version 2 bundle is read once, in
  // constant memory, each chunk staged in the import's transaction, which
  // is committed only after the signature over the whole file is checked
  // (FORMAT.md, version 2's numbered steps).
  ImportResult importBundle(ByteSource& file, const std::string& name);
  // What can be told of a bundle without the passphrase, writing nothing:
  // FORMAT.md's checks 1-7 (size, magic, version, header, recipient, device,
  // signature) and the ledger (8). Throws the SyncError importBundle would
  // for a refused file; returns the result for a bundle already imported
  // (nothing new), or nullopt when the bundle needs importing (or comes from
  // an unknown device, which importBundle registers as pending).
  [[nodiscard]] std::optional<ImportResult> checkBundle(crypto::ByteView file, const std::string& name) const;
  [[nodiscard]] std::optional<ImportResult> checkBundle(ByteSource& file, const std::string& name) const;
  ImportResult importBundleFile(const std::filesystem::path& path);

  // A signed receipt for `device`: what is stored from it. Its receipt
  // sequence is taken and persisted first.
  // With `write`, the file is handed to it (to write it durably) before the
  // number is committed: when it throws (a full disk), the number is not
  // used up and nothing changed.
  crypto::Bytes makeReceipt(const std::string& deviceIdOrPrefix,
                            const std::function<void(const crypto::Bytes&)>& write = {});

  // Checks `formsDir` with core's loader, then signs its files as form
  // package version (last + 1), persisting the number.
  // `write` as for makeReceipt: the version is used up only once it returned.
  crypto::Bytes publishForms(const std::filesystem::path& formsDir, const std::string& note,
                             const std::function<void(const crypto::Bytes&)>& write = {});
  [[nodiscard]] std::uint64_t formsVersion() const;

  // Every imported record, by id: identical after the same bundles in any order.
  [[nodiscard]] std::vector<StoredRecord> records() const;
  // The same records, decrypted one at a time and handed to `visit`, so a
  // reader (the report) never holds them all at once; in the order they are
  // stored (import order), which a sequential scan reads fastest.
  void visitRecords(const std::function<void(const StoredRecord&)>& visit) const;
  // Every fork found in the hash chain, by device and sequence.
  [[nodiscard]] std::vector<ChainBreak> chainBreaks() const;
  // The bundle ledger: (device, sequence, hash), sorted.
  [[nodiscard]] std::vector<std::tuple<Uuid, std::uint64_t, Hash>> ledger() const;

  [[nodiscard]] store::Db& database() const { return *db_; }
  // The recovery key pair, to recover a device's data key (store::DeviceStore::recoverAccess).
  [[nodiscard]] crypto::BoxKeyPair recoveryKey() const;

 private:
  CoordinatorStore(std::unique_ptr<store::Db> db, CoordinatorOptions options);
  [[nodiscard]] const store::ColumnCipher& cipher() const;
  [[nodiscard]] crypto::SecretBytes openSecret(const char* column) const;
  [[nodiscard]] crypto::BoxKeyPair encryptionKey() const;
  [[nodiscard]] crypto::SigningKeyPair signingKey(const char* column) const;
  [[nodiscard]] Uuid resolveDevice(const std::string& idOrPrefix) const;
  void registerPending(const BundleHeader& header);
  [[nodiscard]] std::vector<std::uint64_t> sequences(const Uuid& device) const;
  // Inside an import's transaction: compares the bundle with its neighbours
  // in the ledger, records a ChainBreak and warns for each mismatch.
  void checkChain(const BundleHeader& h, const Hash& hash, ImportResult& result);
  // FORMAT.md step 7: true when this very bundle is in the ledger already;
  // throws (Mismatch) when the device sent a different bundle with its number.
  [[nodiscard]] bool alreadyInLedger(const VerifiedBundle& verified) const;
  [[nodiscard]] bool ledgerHas(const Uuid& device, std::uint64_t sequence) const;
  // Deletes every stored record that belongs to one of `children` or
  // `measurements` (adding the children's measurements to it); returns how many.
  std::size_t deleteContentOf(const std::set<Uuid>& children, std::set<Uuid>& measurements);
  // One bundle's import, one function per step of FORMAT.md's "Reading
  // version 2, in this order" (coordinator_store.cpp).
  class Import;

  std::unique_ptr<store::Db> db_;
  CoordinatorOptions options_;
  std::unique_ptr<store::ColumnCipher> cipher_;
  crypto::SecretBytes digestKey_;                   // derived from the data key: record digests
  std::unique_ptr<crypto::BoxKeyPair> encryption_;  // opened once per unlock
  std::string uuid_;
};

// Sets a coordinator up, all or nothing: DIR/coordinator.db with fresh keys
// and its enrolment file, written to `enrolmentOut` (a folder, where the file
// gets enrolmentFileName(), or a file path). The store appears only once the
// enrolment file is on the disk; a failure anywhere (a full disk, a kill)
// leaves neither, and trying again works. What an earlier interrupted
// set-up left is removed first.
struct CoordinatorSetUp {
  CoordinatorStore store;  // unlocked
  Enrolment enrolment;
  std::filesystem::path enrolmentFile;
};
CoordinatorSetUp setUpCoordinator(const std::filesystem::path& dataDir, const std::string& name,
                                  std::string_view passphrase, const std::filesystem::path& enrolmentOut,
                                  CoordinatorOptions options = {});

// Writes the enrolment file of an existing, unlocked coordinator store again
// (it was lost, or a set-up by an older Spor was cut off before writing it):
// to `out`, a folder or a file path, replacing a file of the same name.
std::filesystem::path writeEnrolmentFile(const CoordinatorStore& store, const std::filesystem::path& out);

// --- Importing what a person hands over: a folder, files ------------------------

// The bundles to import from `path`: the *.sporbundle files in a folder
// (sorted by name; not its subfolders), or `path` itself when it is a file.
// Throws SyncError (ReadFailed) when `path` does not exist or the folder
// holds no bundle, saying so.
[[nodiscard]] std::vector<std::filesystem::path> bundlesIn(const std::filesystem::path& path);

// What became of one file.
struct ImportOutcome {
  std::filesystem::path file;
  std::optional<ImportResult> result;  // imported, or already imported
  std::optional<Message> refused;      // why it was not imported (the file's fault: it changed nothing)
};

// Imports each file on its own (importBundleFile), in order: a refused file
// is reported in its outcome and the others go on. An error of the store
// itself (a full disk, a damaged store) stops the import and is thrown;
// the bundles imported before it stay imported. The one import that
// `spor import` and the coordinator's import screen both use.
//
// Each file is checked first with checkBundle, so a refused file and one
// already imported leave the store byte-identical: no key derivation, no
// wrong-try count, no write. Only when a file needs importing and the store
// is locked is `unlock` called (once), to unlock it; without one a locked
// store throws store::NotUnlockedError then.
[[nodiscard]] std::vector<ImportOutcome> importBundles(CoordinatorStore& store,
                                                       const std::vector<std::filesystem::path>& files,
                                                       const std::function<void()>& unlock = {});

// A receipt written back beside the bundles it acknowledges.
struct WrittenReceipt {
  Uuid device;
  std::uint64_t receiptSequence = 0;
  std::uint64_t throughSequence = 0;  // bundles 1 to this are stored (and any later ones it lists)
  std::filesystem::path file;
};

// After importBundles: one receipt for each device with a bundle imported
// (or already imported) from a folder, written into that folder, so the USB
// stick goes back to the tablets in one step and each tablet's sync screen
// applies its own receipt. A device whose bundles were all refused gets
// none. Devices in order of first appearance. Throws SyncError (WriteFailed,
// a full or read-only stick); the receipts written before it stay. Each
// receipt is written before its number is committed (makeReceipt's `write`),
// so a receipt that cannot be written uses up no number.
// `spor import --receipts` and the import screen's "Skriv kvitteringer" use it.
std::vector<WrittenReceipt> writeReceiptsBack(CoordinatorStore& store, const std::vector<ImportOutcome>& outcomes);

// Writes a receipt or form package (`kind`) that `store` is making as
// `folder/name` (writeFileDurably), for makeReceipt's and publishForms'
// `write`. The name carries the number the store is about to commit, so a
// file already under it can only be the output of an earlier attempt whose
// commit never happened (the power went between the write and the commit):
// when this coordinator signed it as the same kind, it is replaced, and no
// one has to move a file before trying again. Anything else under that name
// is refused (SyncError WriteFailed), as writeFileDurably does.
std::filesystem::path writeNumberedFile(const CoordinatorStore& store, const std::filesystem::path& folder,
                                        const std::string& name, crypto::ByteView bytes, SignedKind kind);

// Writes a receipt or form package to `out`: a folder (the file takes
// `defaultName`, through writeNumberedFile) or a file's path (never replaced).
std::filesystem::path writeSignedOut(const CoordinatorStore& store, const std::filesystem::path& out,
                                     const std::string& defaultName, crypto::ByteView bytes, SignedKind kind);

// Publishes the forms in `formsDir` as the next form package version, with
// `note` (what changed, for the volunteers), to `out` as writeSignedOut does.
// The version is used up only once the file is on the disk, and a file whose
// commit then fails is removed again. `spor forms publish` and the
// coordinator's "Skemaer" tab use it. Throws SyncError (Malformed: the forms
// have mistakes, checked first with core::checkForms; WriteFailed).
std::filesystem::path publishFormPackage(CoordinatorStore& store, const std::filesystem::path& formsDir,
                                         const std::string& note, const std::filesystem::path& out);

// Runs `make` (a makeReceipt or publishForms call whose `write` sets
// `written` once its file is on the disk). When `make` throws after the file
// was written, its commit failed (a full disk, an I/O error): the file is
// removed again, since the number it carries was not used up, and the error
// is passed on.
template <typename Make>
decltype(auto) removingOnFailedCommit(const std::filesystem::path& written, Make&& make) {
  try {
    return make();
  } catch (...) {
    std::error_code ec;
    if (!written.empty()) std::filesystem::remove(written, ec);
    throw;
  }
}

}  // namespace spor::sync
