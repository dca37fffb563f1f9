#pragma once
// The device store: everything a tablet keeps, in one SQLite file, with
// every value about a child encrypted under a data key that only a
// volunteer's PIN (or the coordinator's recovery key) unlocks.
//
//   auto created = DeviceStore::create(path, {.volunteerName = "Anna", .pin = "204913"});
//   DeviceStore& store = created.store;               // unlocked as Anna
//   ChildId child = store.addChild({.details = {.nickname = "Mads", .projectId = "strom",
//                                                .interventions = {core::Intervention::Individual}}});
//   store.recordConsent(child, {.givenBy = "mor", .givenOn = core::today()});
//   MeasurementId m = store.startMeasurement(child, forms.primaryChildForm(), core::Occasion::Before);
//   store.answer(m, "psykisk_1", 3);                   // durable when it returns
//   store.answer(m, "psykisk_2", std::nullopt);        // "vil ikke svare" (declined)
//   auto raised = store.finishMeasurement(m, forms);   // finished, with its safeguarding flags
//
//   DeviceStore later = DeviceStore::open(path);        // locked: volunteers() and lockout() work
//   later.unlock(later.findVolunteer("Anna")->id, "204913");
//
// Durability: every write method is one transaction, committed with
// synchronous=FULL before it returns, so an answer whose call returned
// survives a crash or power cut. For bulk work (`spor simulate`, imports)
// wrap many calls in a Batch: one commit for all of them, through the same
// methods.
//
// Errors: every mistake a person can make throws a StoreError subclass
// (store/error.hpp) whose message says what to do: WrongSecretError,
// LockedOutError (with the wait), NoConsentError, NotFoundError,
// TamperedError, DiskFullError, SchemaTooNewError, InvalidRequestError.
// A failed call changes nothing.
//
// Methods that read or write children's data need the store unlocked
// (NotUnlockedError otherwise); the acting volunteer is the one who unlocked
// it, and is recorded as the author and in the audit log. A DeviceStore is
// used from one thread.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/forms.hpp"
#include "core/occasions.hpp"
#include "core/scoring.hpp"
#include "crypto/box.hpp"
#include "crypto/kdf.hpp"
#include "crypto/sign.hpp"
#include "store/protection.hpp"
#include "store/records.hpp"
#include "store/sealed.hpp"
#include "store/sqlite.hpp"
#include "store/vault.hpp"

namespace spor::store {

// The device store's file in a data directory: DIR/device.db.
[[nodiscard]] std::filesystem::path deviceStorePath(const std::filesystem::path& dataDir);
// The device schema version this build writes (a backup of a newer one is refused).
[[nodiscard]] int deviceSchemaVersion();

struct DeviceStoreOptions {
  // Argon2id parameters for new PIN wraps. Keep the default in production
  // (about 0.5 s and 64 MiB per unlock); tests pass KdfParams::testFast().
  crypto::KdfParams kdf = crypto::KdfParams::interactiveDefault();
  LockoutPolicy lockout;
  Clock clock = systemNow;  // every timestamp the store writes comes from here
  // The TPM that PIN wraps are bound to (store/vault.hpp): the system's
  // (SPOR_TPM, or /dev/tpmrm0 when the device has one) unless a test or tool
  // passes another, or tpm::noTpm() for none.
  tpm::Connector tpm = tpm::systemTpm();
};

struct NewDevice {
  std::string volunteerName{};  // the first volunteer
  std::string_view pin{};       // their PIN (>= 6 digits) or passphrase (>= 8 characters)
  // The coordinator's keys from the enrolment file. Without them the device
  // is set up in demo mode: a local recovery key pair is made and its secret
  // returned once in CreatedDevice::demoRecoveryKey.
  std::optional<CoordinatorKeys> coordinator{};
};

struct CreatedDevice;

class DeviceStore {
 public:
  // Creates a new store at `path` (the file must not exist; its directory
  // must) and returns it unlocked as the first volunteer.
  static CreatedDevice create(const std::filesystem::path& path, const NewDevice& device,
                              DeviceStoreOptions options = {});
  // Opens an existing store, locked. Migrates an older schema; refuses a
  // newer one (SchemaTooNewError) and other files (WrongDatabaseError).
  static DeviceStore open(const std::filesystem::path& path, DeviceStoreOptions options = {});
  [[nodiscard]] static bool exists(const std::filesystem::path& path);

  DeviceStore(DeviceStore&&) noexcept;
  DeviceStore& operator=(DeviceStore&&) noexcept;
  ~DeviceStore();

  // --- locked or unlocked ----------------------------------------------------

  [[nodiscard]] DeviceInfo device() const;
  // Active volunteers (names are shown on the lock screen), oldest first.
  [[nodiscard]] std::vector<Volunteer> volunteers(bool includeRemoved = false) const;
  [[nodiscard]] std::optional<Volunteer> findVolunteer(std::string_view name) const;
  // Wrong tries in a row and how long to wait before the next one.
  [[nodiscard]] LockoutStatus lockout() const;
  [[nodiscard]] StoreCounts counts() const;
  // Which protection guards the data key, volunteer by volunteer (a PIN
  // alone, or bound to this device's TPM), what Spor finds of the TPM now,
  // and the recovery key: for `spor store status` and the settings screen
  // (describe() gives the lines to show). Asks the TPM, so call it when the
  // screen opens, not every frame.
  [[nodiscard]] StoreProtection protection() const;

  // Unlocks with a volunteer's PIN; the volunteer becomes the acting one.
  // Also used to hand the tablet back after child mode, or to switch
  // volunteer. Throws LockedOutError (no PIN is tried while it lasts),
  // WrongSecretError (the try is counted), NotFoundError; after an error the
  // store is as it was (locked, or unlocked as before). Not inside a Batch:
  // the wrong-try count must reach the disk before the PIN is tried.
  void unlock(VolunteerId volunteer, std::string_view pin);
  // Forgets the data key (wiped from memory).
  void lock();
  [[nodiscard]] bool unlocked() const { return cipher_ != nullptr; }
  [[nodiscard]] std::optional<VolunteerId> actingVolunteer() const { return acting_; }

  // The coordinator's way in when no volunteer can unlock: opens the
  // recovery copy with the recovery key pair, then gives `volunteerName`
  // (new, or existing: their PIN is replaced) the PIN `newPin`, resets the
  // wrong-try count and leaves the store unlocked as that volunteer.
  VolunteerId recoverAccess(const crypto::BoxKeyPair& recoveryKey, std::string_view volunteerName,
                            std::string_view newPin);

  // --- everything below needs the store unlocked -----------------------------

  // A Batch makes the calls between its creation and commit() one
  // transaction (one disk flush). Without commit() it rolls everything back.
  class Batch {
   public:
    explicit Batch(DeviceStore& store);
    void commit() { tx_.commit(); }

   private:
    Tx tx_;
  };
  [[nodiscard]] Batch batch() { return Batch(*this); }

  // The device's Ed25519 key pair, for signing bundles.
  [[nodiscard]] crypto::SigningKeyPair signingKey() const;
  // Stores the coordinator's keys from an enrolment file and re-seals the
  // recovery copy to its recovery key. Refuses a different coordinator once enrolled.
  void enrol(const CoordinatorKeys& keys);

  // Volunteers.
  VolunteerId addVolunteer(std::string_view name, std::string_view pin);
  // Checks the old PIN (a wrong one counts towards the lock-out) and sets a new one.
  void changePin(VolunteerId volunteer, std::string_view oldPin, std::string_view newPin);
  // Sets a volunteer's PIN without the old one (a colleague who forgot it),
  // by the acting volunteer.
  void resetPin(VolunteerId volunteer, std::string_view newPin);
  // Takes away a volunteer's PIN; their name stays on what they recorded.
  // The last volunteer cannot be removed.
  void removeVolunteer(VolunteerId volunteer);

  // Children.
  ChildId addChild(const NewChild& child);
  void updateChild(ChildId child, const ChildDetails& details);
  // How the child's course ended (issue 14). Refused, changing nothing: an
  // end before the child's start or in the future, a stop without a reason
  // or a reason without a stop (StoreCourseEnd* messages). Recording it
  // again replaces it.
  void endCourse(ChildId child, const CourseEndInfo& end);
  // Why a due measurement at `occasion` was not taken; again replaces it.
  // Refused, changing nothing, when one at `occasion` was taken
  // (StoreMissedButTaken); progression repeats and is never refused.
  void recordMissed(ChildId child, core::Occasion occasion, core::MissedReason reason);
  // The child's referral (issue 14 item 1); recording it again replaces it.
  // Refused, changing nothing, as store::referralProblem says.
  void setReferral(ChildId child, const ReferralInfo& referral);
  // Adds one piece of feedback given to the referrer, kept by day. Refused,
  // changing nothing, as store::feedbackProblem says.
  void addFeedback(ChildId child, const FeedbackEntry& entry);
  [[nodiscard]] Child child(ChildId child) const;
  [[nodiscard]] std::optional<Child> findChild(std::string_view code) const;  // "K7-4QX9", any case
  [[nodiscard]] std::vector<Child> children() const;                          // by code
  [[nodiscard]] std::vector<Child> children(std::string_view projectId) const;
  // Erasure (a child registered by mistake, or parents asking for deletion):
  // deletes the child with its consents, measurements and their answers,
  // background forms and safeguarding flags, in one transaction. What is
  // left are content-free deletion tombstones (uuid, kind, the child's uuid,
  // when), which travel in the next bundles until a receipt acknowledges
  // them, so the coordinator deletes its copies too. Fidelity forms are per
  // project, not per child, and stay. Unfinished forms are deleted like the
  // rest. Cannot be undone: secure_delete wipes the rows from the file.
  DeletionResult deleteChild(ChildId child);

  // Consent. A questionnaire needs active consent for questionnaires, a
  // background form one for the background form.
  ConsentId recordConsent(ChildId child, const NewConsent& consent);
  void withdrawConsent(ConsentId consent, core::Date on);
  [[nodiscard]] std::vector<Consent> consents(ChildId child) const;
  [[nodiscard]] bool hasConsent(ChildId child, bool forBackgroundForm = false) const;

  // --- forms being filled in ------------------------------------------------
  // Child questionnaires (measurements), background forms and fidelity
  // forms share one path: each start returns a typed id, and everything
  // after it takes a ResponseId, which every typed id converts to
  // (`store.answer(measurement, "psykisk_1", 3)`). The kind says which rules
  // apply; a call that does not fit the kind is refused (InvalidRequestError)
  // and changes nothing.

  // A child questionnaire. Throws NoConsentError without consent.
  // `mode`: who helps the child answer (issue 14 item 5), as chosen at the
  // hand-over; none: not recorded.
  MeasurementId startMeasurement(ChildId child, const core::ChildForm& form, core::Occasion occasion,
                                 std::optional<core::AnsweringMode> mode = std::nullopt);
  // A background form. Throws NoConsentError without consent for it.
  BackgroundId startBackground(ChildId child, const core::BackgroundForm& form);
  // A fidelity form, answered by the acting volunteer.
  FidelityId startFidelity(const NewFidelity& fidelity);

  // Stores the answer at once (durable when this returns). Answering an item
  // again replaces the answer and bumps its row version (docs/STORE.md).
  // For a questionnaire or fidelity item: `value` is a scale value (1 or
  // more), or std::nullopt for "vil ikke svare" (declined).
  void answer(ResponseId response, std::string_view itemId, std::optional<int> value);
  // For a background question: the value as the question's type needs it.
  void answer(ResponseId response, std::string_view questionId, const FormValue& value);
  // Measurements only: the child stops for now; answering takes it up again.
  void pause(ResponseId response);
  // Background and fidelity forms. A measurement finishes with
  // finishMeasurement, which raises its safeguarding flags with it.
  void finish(ResponseId response);
  // Measurements only: kept, but never counted as taken.
  void abandon(ResponseId response);

  // Finishes the measurement and raises its safeguarding flags in one
  // transaction: core::checkSafeguarding over its answers, one flag for each
  // dimension that crossed a threshold. A power cut or a failure anywhere in
  // it (a full disk) leaves the measurement unfinished and without flags, so
  // a finished measurement never lacks its flags. Returns the flags raised
  // (empty when none crossed). `form` must be the form, in the version, the
  // measurement was started with, and `project` the child's project.
  std::vector<SafeguardingFlag> finishMeasurement(MeasurementId measurement, const core::ChildForm& form,
                                                  const core::Project& project, const core::ScoringRules& rules);
  // The same, with the form, the project and the rules taken from `forms`.
  std::vector<SafeguardingFlag> finishMeasurement(MeasurementId measurement, const core::FormSet& forms);
  void setMeasurementNote(MeasurementId measurement, std::string_view note);
  // Who helps the child answer, changed by the volunteer (at the hand-over)
  // while the measurement is open; refused once it is finished or abandoned,
  // changing nothing. Sealed like the note.
  void setAnsweringMode(MeasurementId measurement, core::AnsweringMode mode);
  [[nodiscard]] Measurement measurement(MeasurementId measurement) const;
  [[nodiscard]] std::vector<Measurement> measurements(ChildId child) const;  // oldest first
  // Measurements started and not finished (paused, or interrupted by a crash).
  [[nodiscard]] std::vector<MeasurementId> unfinishedMeasurements() const;
  // Every response of any kind (questionnaire, background, fidelity) that is
  // in progress or paused, oldest first. Reads no sealed column, so it works
  // while the store is locked (the CLI's `spor forms install`).
  [[nodiscard]] std::vector<UnfinishedResponse> unfinishedResponses() const;
  // Where to resume: the index, in the project's item list
  // (form.itemsFor(project.dimensions)), of the first item without an answer
  // (a declined item counts as answered); nullopt when all are answered.
  [[nodiscard]] std::optional<std::size_t> resumeIndex(MeasurementId measurement, const core::ChildForm& form,
                                                       const core::Project& project) const;
  // Item values for scoring (core::scoreMeasurement); declined items are absent.
  [[nodiscard]] core::ItemValues itemValues(MeasurementId measurement) const;
  // What core::dueMeasurements() needs to build the child's checklist.
  // Background-kind responses of `activityFormId` (the project's activity
  // follow-up form, if any) count as activity points, not as the background
  // form (ChildHistory::activity).
  [[nodiscard]] core::ChildHistory history(ChildId child, std::string_view activityFormId = {}) const;

  // A background form, and a child's background forms (oldest first).
  [[nodiscard]] BackgroundResponse background(BackgroundId background) const;
  [[nodiscard]] std::vector<BackgroundResponse> backgrounds(ChildId child) const;
  // A fidelity form, and a project's fidelity forms (by day).
  [[nodiscard]] FidelityResponse fidelity(FidelityId fidelity) const;
  [[nodiscard]] std::vector<FidelityResponse> fidelityResponses(std::string_view projectId) const;

  // Safeguarding flags are raised by finishMeasurement.
  void markFlagSeen(FlagId flag);  // by the acting volunteer, now
  void setFlagNote(FlagId flag, std::string_view note);
  [[nodiscard]] std::vector<SafeguardingFlag> flags(ChildId child) const;
  [[nodiscard]] std::vector<SafeguardingFlag> unseenFlags() const;

  // The audit log, newest first.
  [[nodiscard]] std::vector<AuditEntry> auditLog(std::size_t limit = 1000) const;

  // --- sync (the bundle engineer's primitives; docs/STORE.md) ---------------

  [[nodiscard]] SyncStatus syncStatus() const;
  // The highest form-package version ever installed on this device (0: none),
  // sealed under the data key in the device row, so deleting or editing the
  // forms folder cannot let an older package install again. Both need the
  // store unlocked; recordFormsPackage refuses a version not above the one
  // recorded (InvalidRequestError) and changes nothing then.
  [[nodiscard]] std::uint64_t formsPackageVersion() const;
  void recordFormsPackage(std::uint64_t version);
  // Takes the next bundle sequence number and persists it before anything is
  // written, so a number is never used twice, even if the export then fails.
  BundleReservation reserveBundle();
  // Every record changed in (after, through], decrypted.
  [[nodiscard]] ChangeSet changes(std::int64_t after, std::int64_t through) const;
  // The bundle's file was written and verified: remember its hash as the previous hash.
  void bundleWritten(std::int64_t sequence, crypto::ByteView hash);
  // The coordinator's receipt confirms bundle `sequence`: everything it covered
  // is acknowledged. Acknowledging an older bundle again changes nothing.
  // Throws NotFoundError for a bundle this device never wrote.
  void acknowledgeBundle(std::int64_t sequence);
  // Applies a whole receipt in one transaction: `receiptSequence` must be
  // above the last one applied (a replayed or older receipt throws
  // InvalidRequestError and changes nothing); every bundle in
  // `bundleSequences` that this device wrote is acknowledged, and numbers it
  // reserved but never wrote (an export that failed) are skipped.
  // With `purgeFinishedBefore`, purgeAcknowledged runs in the same
  // transaction: a power cut leaves the receipt applied and its purge done,
  // or neither (a receipt cannot be applied twice, so a purge left behind
  // would wait for the next receipt).
  std::optional<PurgeResult> applyReceipt(std::int64_t receiptSequence, const std::vector<std::int64_t>& bundleSequences,
                                          std::optional<Timestamp> purgeFinishedBefore = std::nullopt);
  // Deletes finished responses whose every change is acknowledged and that
  // finished before `finishedBefore`, leaving content-free tombstones.
  PurgeResult purgeAcknowledged(Timestamp finishedBefore);
  [[nodiscard]] std::vector<Tombstone> tombstones() const;

  // The underlying database, for tests and maintenance tools.
  [[nodiscard]] Db& database() const { return *db_; }
  [[nodiscard]] const std::filesystem::path& path() const { return db_->path(); }

 private:
  struct ResponseRow;
  DeviceStore(std::unique_ptr<Db> db, DeviceStoreOptions options);

  [[nodiscard]] Timestamp now() const { return options_.clock(); }
  [[nodiscard]] Vault vault() const;
  [[nodiscard]] const ColumnCipher& cipher() const;  // throws NotUnlockedError
  void requireUnlocked() const { static_cast<void>(cipher()); }
  VolunteerId acting() const;  // throws NotUnlockedError
  std::int64_t nextChange();
  void audit(AuditAction action, std::string_view subjectUuid = {});
  [[nodiscard]] Volunteer volunteer(VolunteerId id) const;
  [[nodiscard]] ResponseRow responseRow(ResponseId id) const;
  void requireOpen(const ResponseRow& row) const;
  // A measurement's sealed cells (the note, who helped), written again
  // together under the next row version (each is bound to it).
  void resealMeasurement(const ResponseRow& row, const std::optional<std::string>& note,
                         std::optional<core::AnsweringMode> mode);
  void openMeasurementCells(const ResponseRow& row, std::optional<std::string>& note,
                            std::optional<core::AnsweringMode>& mode) const;
  // Stores a flag for every dimension of the measurement that crossed the
  // thresholds and has none yet; returns those it stored. Inside the caller's transaction.
  std::vector<SafeguardingFlag> raiseFlags(const ResponseRow& row, const core::ChildForm& form,
                                           const core::Project& project, const core::ScoringRules& rules);
  // Stores one answer: a scale value (nullopt: declined) for questionnaire
  // and fidelity items, or `formValue` for background questions.
  void writeAnswer(const ResponseRow& row, std::string_view itemId, std::optional<int> value,
                   const FormValue* formValue);
  void setResponseState(const ResponseRow& row, ResponseState state, AuditAction action);
  [[nodiscard]] std::vector<Answer> loadAnswers(const ResponseRow& row) const;
  [[nodiscard]] std::vector<BackgroundAnswer> loadBackgroundAnswers(const ResponseRow& row) const;
  std::int64_t insertResponse(ResponseKind kind, std::optional<ChildId> child, const std::string& projectId,
                              const std::string& formId, int formVersion, std::optional<core::Occasion> occasion,
                              std::optional<core::Date> onDate, std::string& uuid);
  [[nodiscard]] Child loadChild(Query& q) const;
  [[nodiscard]] Measurement loadMeasurement(std::int64_t id) const;
  [[nodiscard]] BackgroundResponse loadBackground(std::int64_t id) const;
  // "activity:<months>" for an activity follow-up form, for its tombstone.
  [[nodiscard]] std::optional<std::string> activityTombstone(std::int64_t responseId) const;
  [[nodiscard]] FidelityResponse loadFidelity(std::int64_t id) const;
  [[nodiscard]] std::vector<SafeguardingFlag> loadFlags(const char* where, std::int64_t arg) const;
  [[nodiscard]] std::vector<Tombstone> loadTombstones(const char* where, std::int64_t after,
                                                      std::int64_t through) const;
  void sealChild(const std::string& uuid, std::int64_t version, const std::string& code, const ChildDetails& d,
                 crypto::Bytes& nickname, crypto::Bytes& birthYear, crypto::Bytes& gender,
                 crypto::Bytes& interventions, crypto::Bytes& municipality) const;
  void checkDetails(const ChildDetails& d) const;
  void rewriteChild(const Child& c);

  std::unique_ptr<Db> db_;
  DeviceStoreOptions options_;
  std::unique_ptr<ColumnCipher> cipher_;  // set while unlocked
  std::optional<VolunteerId> acting_;
  std::string deviceUuid_;
};

struct CreatedDevice {
  DeviceStore store;                                  // unlocked as the first volunteer
  VolunteerId volunteer;                              // the first volunteer
  std::optional<crypto::BoxKeyPair> demoRecoveryKey;  // demo mode only: show once, or throw away
};

// A new random child code: "K7-4QX9". Two characters, a dash, four; from an
// alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V).
[[nodiscard]] std::string newChildCode();
[[nodiscard]] bool isChildCode(std::string_view code);
// Upper-cases and adds the dash when missing ("k74qx9" -> "K7-4QX9"), for typed codes.
[[nodiscard]] std::string normaliseChildCode(std::string_view code);

}  // namespace spor::store
