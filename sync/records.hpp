#pragma once
// The records a bundle carries (FORMAT.md, "Payload"). These are wire types:
// plain structs, versioned from version 1 with CEREAL_CLASS_VERSION, and
// independent of the device store's schema, so the store can change its
// tables without changing what a coordinator reads. A reader refuses a
// version newer than it knows.
//
// Every record has `id`, `revision` (the device's change counter at the
// record's last change: 1 and up, higher for every later change) and
// `modifiedAt`. The coordinator keeps the highest revision per id, so
// bundles can be imported again and in any order.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sync/archive.hpp"
#include "sync/uuid.hpp"

namespace spor::sync {

using Hash = std::array<std::uint8_t, 32>;         // BLAKE2b-256
using KeyBytes = std::array<std::uint8_t, 32>;     // a public key's raw bytes
using Fingerprint = std::array<std::uint8_t, 16>;  // crypto::fingerprint() as bytes

using DayNumber = std::int32_t;  // days since 1970-01-01 (core::toDayNumber)
using UnixTime = std::int64_t;   // seconds since 1970-01-01 UTC

// A child: a pseudonymous code. The nickname stays empty unless the project
// asks for it to travel (data minimisation).
struct ChildRecord {
  Uuid id;
  std::uint64_t revision = 1;
  UnixTime modifiedAt = 0;
  std::string code;
  std::string nickname;
  std::int32_t birthYear = 0;  // 0 = unknown
  std::string gender;          // "", "girl", "boy", "other"

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 1, "ChildRecord");
    ar(id, revision, modifiedAt, code, nickname, birthYear, gender);
  }
  friend bool operator==(const ChildRecord&, const ChildRecord&) = default;
};

// Consent, recorded before a child's first measurement. Version 2 adds
// `sharing`: consent that the municipality and the organisation may share
// information about the child, a consent of its own (a version 1 record
// reads with it false).
struct ConsentRecord {
  Uuid id;
  std::uint64_t revision = 1;
  UnixTime modifiedAt = 0;
  Uuid child;
  DayNumber givenOn = 0;
  std::string givenBy;         // core::consentGiverId: "mor", "far", "begge forældre", "værge", "den unge"
  std::string recordedBy;      // the volunteer, as the device knows them
  bool questionnaires = true;  // consent covers the child questionnaires
  bool backgroundForm = true;  // and the background form
  std::optional<DayNumber> withdrawnOn;
  bool sharing = false;  // v2: municipality and organisation may share information

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 2, "ConsentRecord");
    ar(id, revision, modifiedAt, child, givenOn, givenBy, recordedBy, questionnaires, backgroundForm, withdrawnOn);
    if (version >= 2) ar(sharing);
  }
  friend bool operator==(const ConsentRecord&, const ConsentRecord&) = default;
};

// One piece of feedback given to the child's referrer (issue 14 item 1):
// the day, the point (core::feedbackPointId), the form
// (core::feedbackFormId) and a free-text note. The note reaches the
// coordinator's store (inside the encrypted bundle) and never a report or
// an export.
struct FeedbackRecord {
  DayNumber on = 0;
  std::string point;
  std::string form;
  std::string note;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 1, "FeedbackRecord");
    ar(on, point, form, note);
  }
  friend bool operator==(const FeedbackRecord&, const FeedbackRecord&) = default;
};

// A child taking part in a project, with the intervention type.
// Version 2 adds the child's municipality (one of the project's), version 3
// how the course ended and why due measurements were not taken; an older
// record reads with them empty ("not recorded").
struct ProjectEnrolmentRecord {
  Uuid id;
  std::uint64_t revision = 1;
  UnixTime modifiedAt = 0;
  Uuid child;
  std::string project;                     // forms/projects id
  std::vector<std::string> interventions;  // "individual", "group", "family"
  DayNumber startedOn = 0;
  std::optional<DayNumber> endedOn;
  std::string municipality{};  // v2: "Aarhus"; empty: not recorded
  // v3 (issue 14): how the course ended (core::courseEndId; empty: not
  // ended, and then endedOn is absent), the reason a stopped course
  // stopped (core::stopReasonId), and why due measurements were not taken
  // ("efter=not_reached": core::occasionId "=" core::missedReasonId).
  std::string courseEnd{};
  std::string stopReason{};
  std::vector<std::string> missed{};
  // v4 (issue 14 item 1): the referral (core::referrerRoleId; empty: not
  // recorded, and then referredOn is absent), its day, whom to report back
  // to (core::reportBackId), the referrer's name or contact (free text), and
  // the feedback given to the referrer, by day.
  std::string referralRole{};
  std::optional<DayNumber> referredOn{};
  std::string reportBack{};
  std::string referrer{};
  std::vector<FeedbackRecord> feedback{};

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 4, "ProjectEnrolmentRecord");
    ar(id, revision, modifiedAt, child, project, interventions, startedOn, endedOn);
    if (version >= 2) ar(municipality);
    if (version >= 3) ar(courseEnd, stopReason, missed);
    if (version >= 4) ar(referralRole, referredOn, reportBack, referrer, feedback);
  }
  friend bool operator==(const ProjectEnrolmentRecord&, const ProjectEnrolmentRecord&) = default;
};

// One child questionnaire on one occasion. Keeps the form version it was taken with.
// Version 2 adds who helped the child answer (issue 14 item 5); a version 1
// record reads with it empty ("not recorded").
struct MeasurementRecord {
  Uuid id;
  std::uint64_t revision = 1;
  UnixTime modifiedAt = 0;
  Uuid child;
  std::string project;
  std::string form;
  std::int32_t formVersion = 0;
  std::string occasion;  // "foer", "efter", "opfoelgning", "progression"
  std::string state;     // "in_progress", "paused", "finished", "abandoned"
  UnixTime startedAt = 0;
  std::optional<UnixTime> finishedAt;
  // v2: a core::answeringModeId ("alone", "volunteer", "municipal",
  // "parent"); empty: not recorded. Any other word is refused on import.
  std::string answeringMode{};

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 2, "MeasurementRecord");
    ar(id, revision, modifiedAt, child, project, form, formVersion, occasion, state, startedAt, finishedAt);
    if (version >= 2) ar(answeringMode);
  }
  friend bool operator==(const MeasurementRecord&, const MeasurementRecord&) = default;
};

// One item of a measurement. No value: the child chose "vil ikke svare".
struct AnswerRecord {
  Uuid id;
  std::uint64_t revision = 1;
  UnixTime modifiedAt = 0;
  Uuid measurement;
  std::string item;
  std::optional<std::int32_t> value;
  UnixTime answeredAt = 0;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 1, "AnswerRecord");
    ar(id, revision, modifiedAt, measurement, item, value, answeredAt);
  }
  friend bool operator==(const AnswerRecord&, const AnswerRecord&) = default;
};

// One question of the background form: choice codes, a number, or text
// (free text, or "Andet" beside a choice).
struct BackgroundAnswer {
  std::string question;
  std::vector<std::int32_t> codes;
  std::optional<std::int32_t> number;
  std::string text;
  bool declined = false;  // left empty on purpose

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 1, "BackgroundAnswer");
    ar(question, codes, number, text, declined);
  }
  friend bool operator==(const BackgroundAnswer&, const BackgroundAnswer&) = default;
};

struct BackgroundRecord {
  Uuid id;
  std::uint64_t revision = 1;
  UnixTime modifiedAt = 0;
  Uuid child;
  std::string project;
  std::string form;
  std::int32_t formVersion = 0;
  DayNumber answeredOn = 0;
  std::string respondent;
  std::string state;  // as MeasurementRecord
  std::vector<BackgroundAnswer> answers;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 1, "BackgroundRecord");
    ar(id, revision, modifiedAt, child, project, form, formVersion, answeredOn, respondent, state, answers);
  }
  friend bool operator==(const BackgroundRecord&, const BackgroundRecord&) = default;
};

struct FidelityAnswer {
  std::string item;
  std::optional<std::int32_t> value;  // 1-5; absent = not answered

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 1, "FidelityAnswer");
    ar(item, value);
  }
  friend bool operator==(const FidelityAnswer&, const FidelityAnswer&) = default;
};

// A fidelity form, answered by the person who delivers the programme.
struct FidelityRecord {
  Uuid id;
  std::uint64_t revision = 1;
  UnixTime modifiedAt = 0;
  std::string project;
  std::optional<Uuid> child;  // absent for a group session
  std::string form;
  std::int32_t formVersion = 0;
  DayNumber answeredOn = 0;
  std::string respondent;
  std::string state;  // as MeasurementRecord
  std::vector<FidelityAnswer> answers;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 1, "FidelityRecord");
    ar(id, revision, modifiedAt, project, child, form, formVersion, answeredOn, respondent, state, answers);
  }
  friend bool operator==(const FidelityRecord&, const FidelityRecord&) = default;
};

// A high answer or score on self-harm or suicidal thoughts, shown to the volunteer.
struct SafeguardingFlagRecord {
  Uuid id;
  std::uint64_t revision = 1;
  UnixTime modifiedAt = 0;
  Uuid child;
  Uuid measurement;
  std::string dimension;
  std::vector<std::string> items;  // items answered at or above the item threshold
  std::optional<double> score;     // the dimension score, when it crossed its threshold
  UnixTime raisedAt = 0;
  std::optional<UnixTime> seenAt;  // when a volunteer saw the guidance

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 1, "SafeguardingFlagRecord");
    ar(id, revision, modifiedAt, child, measurement, dimension, items, score, raisedAt, seenAt);
  }
  friend bool operator==(const SafeguardingFlagRecord&, const SafeguardingFlagRecord&) = default;
};

enum class RecordKind : std::uint8_t {
  Child = 1,
  Consent = 2,
  ProjectEnrolment = 3,
  Measurement = 4,
  Answer = 5,
  Background = 6,
  Fidelity = 7,
  SafeguardingFlag = 8,
};
[[nodiscard]] const char* recordKindName(RecordKind kind);

enum class TombstoneReason : std::uint8_t {
  Purged = 1,   // purged on the device after acknowledgement; the coordinator keeps its copy
  Deleted = 2,  // deleted on the device (e.g. consent withdrawn); the coordinator deletes too
};

// A content-free marker: `id` is the id of the record it replaces, and its
// revision is higher than that record's last.
struct TombstoneRecord {
  Uuid id;
  std::uint64_t revision = 1;
  UnixTime modifiedAt = 0;
  RecordKind kind = RecordKind::Child;
  TombstoneReason reason = TombstoneReason::Purged;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 1, "TombstoneRecord");
    auto k = static_cast<std::uint8_t>(kind);
    auto r = static_cast<std::uint8_t>(reason);
    ar(id, revision, modifiedAt, k, r);
    kind = static_cast<RecordKind>(k);
    reason = static_cast<TombstoneReason>(r);
  }
  friend bool operator==(const TombstoneRecord&, const TombstoneRecord&) = default;
};

// Everything one bundle carries, grouped by type.
struct Records {
  std::vector<ChildRecord> children;
  std::vector<ConsentRecord> consents;
  std::vector<ProjectEnrolmentRecord> projectEnrolments;
  std::vector<MeasurementRecord> measurements;
  std::vector<AnswerRecord> answers;
  std::vector<BackgroundRecord> backgrounds;
  std::vector<FidelityRecord> fidelities;
  std::vector<SafeguardingFlagRecord> safeguardingFlags;
  std::vector<TombstoneRecord> tombstones;

  [[nodiscard]] std::size_t count() const;
  [[nodiscard]] bool empty() const { return count() == 0; }
  friend bool operator==(const Records&, const Records&) = default;
};

// Who made the bundle, repeated inside the encryption (FORMAT.md): each
// field must equal the header's.
struct Sender {
  Uuid deviceId;
  KeyBytes deviceSigningKey{};
  std::uint64_t sequence = 0;
  Hash previousBundleHash{};
  Fingerprint recipientFingerprint{};
  UnixTime createdAt = 0;
  std::string softwareVersion;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 1, "Sender");
    ar(deviceId, deviceSigningKey, sequence, previousBundleHash, recipientFingerprint, createdAt, softwareVersion);
  }
  friend bool operator==(const Sender&, const Sender&) = default;
};

struct Payload {
  Sender sender;
  Records records;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 1, "Payload");
    ar(sender, records.children, records.consents, records.projectEnrolments, records.measurements, records.answers,
       records.backgrounds, records.fidelities, records.safeguardingFlags, records.tombstones);
  }
  friend bool operator==(const Payload&, const Payload&) = default;
};

// Writes exactly the bytes a Payload writes (the same class version and
// fields), from references, so an export does not copy its records.
struct PayloadRef {
  const Sender* sender = nullptr;
  const Records* records = nullptr;

  template <class Archive>
  void save(Archive& ar, std::uint32_t /*version*/) const {
    const Records& r = *records;
    ar(*sender, r.children, r.consents, r.projectEnrolments, r.measurements, r.answers, r.backgrounds, r.fidelities,
       r.safeguardingFlags, r.tombstones);
  }
};

// Checks what the types alone cannot: revisions from 1, known tombstone
// kinds and reasons, no nil ids. Throws SyncError(Malformed) naming `what`.
void validateRecords(const Records& records, const std::string& what);
// The same checks for one record (a streaming writer's), for each record type.
template <class Record>
void validateRecord(const Record& record, const std::string& what);

// The payload's archive, and back (decodePayload also validates).
[[nodiscard]] crypto::Bytes encodePayload(const Payload& payload);
[[nodiscard]] crypto::Bytes encodePayload(const Sender& sender, const Records& records);
[[nodiscard]] Payload decodePayload(crypto::ByteView bytes, const std::string& what);

}  // namespace spor::sync

CEREAL_CLASS_VERSION(spor::sync::ChildRecord, 1)
CEREAL_CLASS_VERSION(spor::sync::ConsentRecord, 2)
CEREAL_CLASS_VERSION(spor::sync::FeedbackRecord, 1)
CEREAL_CLASS_VERSION(spor::sync::ProjectEnrolmentRecord, 4)
CEREAL_CLASS_VERSION(spor::sync::MeasurementRecord, 2)
CEREAL_CLASS_VERSION(spor::sync::AnswerRecord, 1)
CEREAL_CLASS_VERSION(spor::sync::BackgroundAnswer, 1)
CEREAL_CLASS_VERSION(spor::sync::BackgroundRecord, 1)
CEREAL_CLASS_VERSION(spor::sync::FidelityAnswer, 1)
CEREAL_CLASS_VERSION(spor::sync::FidelityRecord, 1)
CEREAL_CLASS_VERSION(spor::sync::SafeguardingFlagRecord, 1)
CEREAL_CLASS_VERSION(spor::sync::TombstoneRecord, 1)
CEREAL_CLASS_VERSION(spor::sync::Sender, 1)
CEREAL_CLASS_VERSION(spor::sync::Payload, 1)
CEREAL_CLASS_VERSION(spor::sync::PayloadRef, 1)  // must stay equal to Payload's
