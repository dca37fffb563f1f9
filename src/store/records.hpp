#pragma once
// What the device store holds, as plain values: decrypted when read, sealed
// when written. docs/STORE.md lists which fields are encrypted on disk.
//
// Every record that travels to the coordinator has a UUID and a `changeSeq`:
// the device-wide change counter at its last change. A newer change of the
// same UUID always has a higher changeSeq, so the coordinator keeps the copy
// with the highest one, whatever order bundles arrive in. `rowVersion` is the
// version of the row's encrypted values (bound into their associated data).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/forms.hpp"
#include "core/occasions.hpp"
#include "core/referral.hpp"
#include "core/scoring.hpp"
#include "crypto/keys.hpp"
#include "store/types.hpp"

namespace spor::store {

// The codes of the background form's gender question (forms/background/baggrund.json).
enum class Gender { Girl = 1, Boy = 2, Other = 3, NotSaid = 9 };
[[nodiscard]] const char* genderId(Gender g);  // "girl", "boy", "other", "not_said"

struct Volunteer {
  VolunteerId id{};
  std::string uuid{};
  std::string name{};  // display name: readable on the lock screen, so not encrypted (docs/STORE.md)
  Timestamp createdAt{};
  std::optional<Timestamp> removedAt{};  // removed volunteers stay, so old records keep their author

  [[nodiscard]] bool active() const { return !removedAt; }
};

// The coordinator's public keys, from the enrolment file.
struct CoordinatorKeys {
  crypto::BoxPublicKey encryption{};       // bundles are encrypted to this
  crypto::SignPublicKey receiptSigning{};  // receipts must be signed with this
  crypto::SignPublicKey formsSigning{};    // form packages must be signed with this
  crypto::BoxPublicKey recovery{};         // the recovery copy of the data key is sealed to this

  friend bool operator==(const CoordinatorKeys&, const CoordinatorKeys&) = default;
};

struct DeviceInfo {
  std::string deviceId{};                                   // UUID, made at set-up
  bool demo = false;                                        // set up without an enrolment file
  crypto::SignPublicKey signingKey{};                       // the device's Ed25519 public key (signs bundles)
  std::optional<CoordinatorKeys> coordinator{};             // nullopt until enrolled
  std::optional<crypto::BoxPublicKey> recoveryRecipient{};  // who the recovery copy is sealed to
  Timestamp createdAt{};
  std::optional<Timestamp> enrolledAt{};
  int schemaVersion = 0;
};

// The oldest a child in a programme can be, in years: an earlier birth year is refused.
inline constexpr int kMaxChildAge = 30;

// What a volunteer enters about a child, for a new child or an edit.
struct ChildDetails {
  std::optional<std::string> nickname{};            // encrypted; never leaves the device
  std::optional<int> birthYear{};                   // encrypted
  std::optional<Gender> gender{};                   // encrypted
  std::string projectId{};                          // a project id from the forms ("strom")
  std::vector<core::Intervention> interventions{};  // encrypted; at least one
  // The child's municipality, one of the project's `municipalities`
  // (forms/README.md); encrypted. Empty: not recorded (a child registered
  // before Spor asked, or a project that lists none).
  std::string municipality{};
};

struct NewChild {
  ChildDetails details{};
  std::optional<core::Date> enrolledOn{};  // default: today
};

// How the child's course ended (issue 14), sealed; the day travels too.
struct CourseEndInfo {
  core::CourseEnd kind = core::CourseEnd::Completed;
  std::optional<core::StopReason> stopReason{};  // exactly when kind is StoppedEarly
  core::Date on{};

  friend bool operator==(const CourseEndInfo&, const CourseEndInfo&) = default;
};

// What is wrong with `end` for a child enrolled on `enrolledOn`, as of
// `today`, or nullopt (StoreStopReasonMissing, StoreCourseEndFuture,
// StoreCourseEndBeforeStart): DeviceStore::endCourse refuses these, and the
// app says so before it asks the volunteer to confirm, with the dates as
// its screens write them (`showDate`; the store and the CLI: ISO).
[[nodiscard]] std::optional<Message> courseEndProblem(const CourseEndInfo& end, core::Date enrolledOn, core::Date today,
                                                      std::string (*showDate)(core::Date) = core::formatDate);

// The child's referral (issue 14 item 1): who referred them, on which day,
// and whom the organisation reports back to. `referrer` is free text (the
// referrer's name or how to reach them), sealed; it travels encrypted to the
// coordinator, who needs to know whom to call, and never into a report or
// an export.
struct ReferralInfo {
  core::ReferrerRole role = core::ReferrerRole::Caseworker;
  core::Date on{};
  core::ReportBack reportBack = core::ReportBack::Referrer;
  std::string referrer{};  // free text, may be empty

  friend bool operator==(const ReferralInfo&, const ReferralInfo&) = default;
};

// One piece of feedback given to the referrer: when, at which point, in
// which form, and an optional free-text note (sealed; never in a report or
// an export).
struct FeedbackEntry {
  core::Date on{};
  core::FeedbackPoint point = core::FeedbackPoint::Referral;
  core::FeedbackForm form = core::FeedbackForm::Meeting;
  std::string note{};

  friend bool operator==(const FeedbackEntry&, const FeedbackEntry&) = default;
};

// What is wrong with `referral` for a child born in `birthYear` (nullopt:
// unknown) whose feedback so far is `feedback`, as of `today`, or nullopt:
// a day in the future (StoreReferralFuture), before the child's birth year
// (StoreReferralBeforeBirth), "someone else" hears back but the free text
// does not say who (StoreReferralOtherNoContact), "no feedback agreed" with
// feedback already given (StoreReferralNobodyWithFeedback), or after
// feedback already given (StoreFeedbackBeforeReferral). DeviceStore::setReferral refuses these;
// the app asks first, with its own date format (`showDate`).
[[nodiscard]] std::optional<Message> referralProblem(const ReferralInfo& referral, std::optional<int> birthYear,
                                                     const std::vector<FeedbackEntry>& feedback, core::Date today,
                                                     std::string (*showDate)(core::Date) = core::formatDate);
// What is wrong with `entry` for a child referred as `referral`, as of
// `today`: no referral recorded (StoreFeedbackNoReferral), one that agreed
// no feedback (StoreFeedbackNotAgreed), a day in the
// future (StoreFeedbackFuture) or before the referral
// (StoreFeedbackBeforeReferral).
[[nodiscard]] std::optional<Message> feedbackProblem(const FeedbackEntry& entry,
                                                     const std::optional<ReferralInfo>& referral, core::Date today,
                                                     std::string (*showDate)(core::Date) = core::formatDate);

struct Child {
  ChildId id{};
  std::string uuid{};
  std::string code{};  // random pseudonymous code, like "K7-4QX9"
  ChildDetails details{};
  core::Date enrolledOn{};
  Timestamp createdAt{};
  VolunteerId createdBy{};
  std::int64_t rowVersion = 1;
  std::int64_t changeSeq = 0;
  Timestamp modifiedAt{};  // when changeSeq was last set
  std::optional<CourseEndInfo> courseEnd{};                  // sealed
  std::map<core::Occasion, core::MissedReason> missed{};     // why a due measurement was not taken; sealed
  std::optional<ReferralInfo> referral{};                    // sealed (schema 7)
  std::vector<FeedbackEntry> feedback{};                     // sealed, by day (schema 7)
};

// Consent. `givenBy` is who gave it, a core::consentGiverId ("mor", "far",
// "begge forældre", "værge", "den unge"), encrypted. Whether that giver may
// consent at the child's age is the project's rule (core::consentGiverProblem),
// checked by the app before it saves.
struct NewConsent {
  std::string givenBy{};
  core::Date givenOn{};
  bool questionnaires = true;  // the child questionnaires (før, efter, ...)
  bool backgroundForm = true;  // the background form about the child and family
  // Consent that the municipality and the organisation may share information
  // about the child (001:L2490-2491): a consent of its own, which a consent
  // row may carry alone (given later) or beside the others.
  bool sharing = false;
};

struct Consent {
  ConsentId id{};
  std::string uuid{};
  ChildId child{};
  std::string childUuid{};
  std::string givenBy{};
  core::Date givenOn{};
  bool questionnaires = false;
  bool backgroundForm = false;
  bool sharing = false;  // municipality and organisation may share information
  VolunteerId recordedBy{};
  Timestamp recordedAt{};
  std::optional<core::Date> withdrawnOn{};
  std::int64_t rowVersion = 1;
  std::int64_t changeSeq = 0;
  Timestamp modifiedAt{};  // when changeSeq was last set

  [[nodiscard]] bool active() const { return !withdrawnOn; }
};

// A child questionnaire, background form or fidelity form being filled in.
// Interrupted ones (the app was killed) stay InProgress and can be resumed.
enum class ResponseState { InProgress, Paused, Finished, Abandoned };
[[nodiscard]] const char* responseStateId(ResponseState s);  // "in_progress", "paused", ...

// One answer to a child questionnaire item or a fidelity item.
struct Answer {
  std::string uuid{};
  std::string itemId{};
  std::optional<int> value{};  // nullopt: "vil ikke svare" (declined)
  Timestamp answeredAt{};
  std::int64_t rowVersion = 1;  // 2, 3, ... when the answer was changed (going back)
  std::int64_t changeSeq = 0;

  [[nodiscard]] bool declined() const { return !value; }
};

// A child questionnaire on one occasion.
struct Measurement {
  MeasurementId id{};
  std::string uuid{};
  ChildId child{};
  std::string childUuid{};
  std::string projectId{};  // the child's project when it was started
  std::string formId{};     // "barn"
  int formVersion = 0;
  core::Occasion occasion = core::Occasion::Before;
  VolunteerId helpedBy{};  // the volunteer who sat with the child
  Timestamp startedAt{};
  std::optional<Timestamp> pausedAt{};
  std::optional<Timestamp> finishedAt{};
  ResponseState state = ResponseState::InProgress;
  std::optional<std::string> note{};  // the volunteer's note; encrypted
  // Who helped the child answer (issue 14 item 5); encrypted. None: not
  // recorded (measurements from before schema 6).
  std::optional<core::AnsweringMode> answeringMode{};
  std::int64_t rowVersion = 1;
  std::int64_t changeSeq = 0;
  Timestamp modifiedAt{};         // when changeSeq was last set
  std::vector<Answer> answers{};  // in the order they were first given
};

// The answer to one background question, as the form's type needs it.
struct FormValue {
  std::vector<int> codes{};     // single: one option code; multi: any number
  std::optional<int> number{};  // year and number questions
  std::string text{};           // text questions, and the "Andet" free text of `other`
  bool declined = false;        // left empty on purpose

  friend bool operator==(const FormValue&, const FormValue&) = default;
};

struct BackgroundAnswer {
  std::string uuid{};
  std::string questionId{};
  FormValue value{};
  Timestamp answeredAt{};
  std::int64_t rowVersion = 1;
  std::int64_t changeSeq = 0;
};

struct BackgroundResponse {
  BackgroundId id{};
  std::string uuid{};
  ChildId child{};
  std::string childUuid{};
  std::string projectId{};
  std::string formId{};  // "baggrund"
  int formVersion = 0;
  VolunteerId filledBy{};
  Timestamp startedAt{};
  std::optional<Timestamp> finishedAt{};
  ResponseState state = ResponseState::InProgress;
  std::int64_t rowVersion = 1;
  std::int64_t changeSeq = 0;
  Timestamp modifiedAt{};  // when changeSeq was last set
  std::vector<BackgroundAnswer> answers{};
};

// A fidelity form: answered by the volunteer about the programme, per project and date.
struct NewFidelity {
  std::string projectId{};
  std::string formId{};  // "fidelitet_strom"
  int formVersion = 0;
  core::Date onDate{};  // the session or period it is about
};

struct FidelityResponse {
  FidelityId id{};
  std::string uuid{};
  std::string projectId{};
  std::string formId{};
  int formVersion = 0;
  core::Date onDate{};
  VolunteerId answeredBy{};
  Timestamp startedAt{};
  std::optional<Timestamp> finishedAt{};
  ResponseState state = ResponseState::InProgress;
  std::int64_t rowVersion = 1;
  std::int64_t changeSeq = 0;
  Timestamp modifiedAt{};  // when changeSeq was last set
  std::vector<Answer> answers{};
};

// A measurement whose answers crossed the project's safeguarding threshold.
// The volunteer (never the child) sees the project's guidance. The dimension,
// the items and the score are encrypted: a flag's content is about answers.
struct SafeguardingFlag {
  FlagId id{};
  std::string uuid{};
  ChildId child{};
  std::string childUuid{};
  MeasurementId measurement{};
  std::string measurementUuid{};
  std::string dimension{};
  std::vector<std::string> items{};  // items answered at or above the item threshold
  std::optional<double> score{};
  bool scoreAtOrAboveThreshold = false;
  Timestamp raisedAt{};
  std::optional<VolunteerId> seenBy{};
  std::optional<Timestamp> seenAt{};
  std::optional<std::string> note{};  // what was done; encrypted
  std::int64_t rowVersion = 1;
  std::int64_t changeSeq = 0;

  // What crossed a threshold, as core::checkSafeguarding said when the flag was raised.
  [[nodiscard]] core::SafeguardingHit hit() const { return {dimension, items, score, scoreAtOrAboveThreshold}; }
  Timestamp modifiedAt{};  // when changeSeq was last set
};

// The audit log says who did what when; never answer values or names.
enum class AuditAction {
  DeviceCreated,
  Enrolled,
  Unlocked,
  UnlockFailed,
  Recovered,
  VolunteerAdded,
  PinChanged,
  VolunteerRemoved,
  ChildCreated,
  ChildUpdated,
  ConsentRecorded,
  ConsentWithdrawn,
  MeasurementStarted,
  MeasurementPaused,
  MeasurementFinished,
  MeasurementAbandoned,
  BackgroundStarted,
  BackgroundFinished,
  FidelityStarted,
  FidelityFinished,
  FlagRaised,
  FlagSeen,
  BundleReserved,
  BundleExported,
  BundleAcknowledged,
  Purged,
  ChildDeleted,
};
[[nodiscard]] const char* auditActionId(AuditAction a);  // "measurement_started"

struct AuditEntry {
  std::int64_t id = 0;
  Timestamp at{};
  std::optional<VolunteerId> volunteer{};  // who; none for device-level events
  AuditAction action = AuditAction::Unlocked;
  std::string subject{};  // the UUID of the record it is about, or a bundle number; empty if none
};

// How many rows of each kind the store holds. Row counts are not secret
// (anyone with the file can count rows), so these work while locked.
struct StoreCounts {
  std::int64_t children = 0;
  std::int64_t consents = 0;
  std::int64_t measurements = 0;  // child questionnaires, any state
  std::int64_t finishedMeasurements = 0;
  std::int64_t backgrounds = 0;
  std::int64_t fidelity = 0;
  std::int64_t answers = 0;  // of every kind of form
  std::int64_t flags = 0;
  std::int64_t tombstones = 0;
};

// --- sync -------------------------------------------------------------------

// The device's sync state, as the store keeps it (the sync screen and
// `spor store status` show it; nothing is read from the audit log).
struct SyncStatus {
  std::int64_t changeCounter = 0;          // the last change made on this device
  std::int64_t ackedThrough = 0;           // every change up to this one is safe at the coordinator
  std::int64_t nextSequence = 1;           // the next bundle's sequence number
  crypto::Bytes lastBundleHash{};          // of the last bundle written; empty before the first
  std::int64_t lastBundle = 0;             // the newest bundle written (exported); 0 before the first
  std::optional<Timestamp> lastBundleAt{};  // when it was written
  std::int64_t lastReceipt = 0;            // the newest receipt applied; 0 before the first
  std::optional<Timestamp> lastReceiptAt{};  // when it was applied
  std::int64_t unacknowledgedRecords = 0;    // records with changes the coordinator has not confirmed: what waits
};

// A bundle's place in the device's sequence, reserved (and persisted) before
// its file is written. It covers every change in (coversAfter, coversThrough]:
// everything not yet acknowledged when it was made.
struct BundleReservation {
  std::int64_t sequence = 0;
  crypto::Bytes previousHash{};  // hash of the previous bundle written; empty for the first
  std::int64_t coversAfter = 0;
  std::int64_t coversThrough = 0;
};

// What is left of a purged or deleted record: its UUID and, for a purged
// child questionnaire, what the checklist needs (which occasion, when). No content.
struct Tombstone {
  std::string uuid{};
  std::string kind{};  // "child", "consent", "measurement", "background", "fidelity", "flag"
  std::string childUuid{};
  std::optional<core::Occasion> occasion{};
  std::optional<core::Date> startedOn{};
  std::optional<core::Date> finishedOn{};
  Timestamp purgedAt{};        // when it was purged or deleted
  bool deleted = false;        // erased (deleteChild), not purged after acknowledgement
  std::int64_t changeSeq = 0;  // deletions: the change that made it (its revision in a bundle)
};

// A record DeviceStore::changes could not read: one of its encrypted cells
// failed to decrypt (a flipped bit on the disk, a torn sector). It is left
// out of the ChangeSet and named, so one damaged cell does not block every
// later bundle; the row itself stays in the store, untouched and never
// purged, for recovery (docs/STORE.md, "A damaged cell").
struct UnreadableRecord {
  enum class Kind { Child, Consent, Measurement, Background, Fidelity, Flag };
  Kind kind = Kind::Measurement;
  std::string uuid;                      // the record's own id (for a consent: its child's)
  std::string childCode;                 // empty for a fidelity form
  std::optional<core::Date> startedOn{};  // for a response
  std::string detail;                    // the decryption error, in English: which cell of which record
};

// Every record changed in a range of changes, decrypted, for a bundle.
// Measurements, background and fidelity responses come whole (all answers)
// when the response or any of its answers changed. Children come without
// their nickname: it never leaves the device (PRODUCT.md, data minimisation).
struct ChangeSet {
  std::vector<Volunteer> volunteers{};  // everyone named in the records below
  std::vector<Child> children{};
  std::vector<Consent> consents{};
  std::vector<Measurement> measurements{};
  std::vector<BackgroundResponse> backgrounds{};
  std::vector<FidelityResponse> fidelity{};
  std::vector<SafeguardingFlag> flags{};
  // Deletion tombstones (deleteChild) not yet acknowledged: the coordinator
  // deletes its copies of these records too.
  std::vector<Tombstone> tombstones{};
  // What could not be read and is therefore not above (not counted in size()).
  std::vector<UnreadableRecord> unreadable{};

  [[nodiscard]] std::size_t size() const {
    return children.size() + consents.size() + measurements.size() + backgrounds.size() + fidelity.size() +
           flags.size() + tombstones.size();
  }
};

// What DeviceStore::deleteChild removed.
struct DeletionResult {
  std::size_t consents = 0;
  std::size_t measurements = 0;
  std::size_t backgrounds = 0;
  std::size_t answers = 0;
  std::size_t flags = 0;
};

// A response started and not finished (in progress or paused), by what
// DeviceStore::unfinishedResponses() can read without the vault: which form
// and version it was started with, and whose it is.
struct UnfinishedResponse {
  ResponseKind kind = ResponseKind::Child;
  std::string formId{};     // "barn"
  int formVersion = 0;
  std::string projectId{};
  std::string childCode{};  // empty for fidelity forms
  std::optional<core::Occasion> occasion{};  // child questionnaires only
  std::optional<core::Date> onDate{};        // fidelity forms only
};

struct PurgeResult {
  std::size_t measurements = 0;
  std::size_t backgrounds = 0;
  std::size_t fidelity = 0;
  std::size_t answers = 0;
  // Acknowledged and old enough, but with a cell that cannot be read: kept,
  // so the damaged row is there for recovery (UnreadableRecord).
  std::size_t keptUnreadable = 0;
};

}  // namespace spor::store
