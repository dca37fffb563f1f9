#include "sync/records.hpp"

#include <cmath>
#include <type_traits>

namespace spor::sync {

const char* recordKindName(RecordKind kind) {
  switch (kind) {
    case RecordKind::Child: return "child";
    case RecordKind::Consent: return "consent";
    case RecordKind::ProjectEnrolment: return "project enrolment";
    case RecordKind::Measurement: return "measurement";
    case RecordKind::Answer: return "answer";
    case RecordKind::Background: return "background form";
    case RecordKind::Fidelity: return "fidelity form";
    case RecordKind::SafeguardingFlag: return "safeguarding flag";
  }
  return "unknown";
}

std::size_t Records::count() const {
  return children.size() + consents.size() + projectEnrolments.size() + measurements.size() + answers.size() +
         backgrounds.size() + fidelities.size() + safeguardingFlags.size() + tombstones.size();
}

namespace {

// A verified file whose records break the format's rules: written by a
// broken or foreign writer. The details are for the English log only.
SyncError malformed(const std::string& what, const std::string& reason) {
  return SyncError(SyncErrorKind::Malformed, Message{Msg::SyncMalformed, {{"en_what", what}, {"en_reason", reason}}});
}

template <class Record>
void checkCommon(const std::vector<Record>& list, const char* type, const std::string& what) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Record& r = list[i];
    if (r.id.isNil() || r.revision == 0) {
      throw malformed(what, type + (" " + std::to_string(i + 1)) + (r.id.isNil() ? " has no id" : " has revision 0"));
    }
  }
}

}  // namespace

void validateRecords(const Records& records, const std::string& what) {
  checkCommon(records.children, "child record", what);
  checkCommon(records.consents, "consent record", what);
  checkCommon(records.projectEnrolments, "project enrolment record", what);
  checkCommon(records.measurements, "measurement record", what);
  checkCommon(records.answers, "answer record", what);
  checkCommon(records.backgrounds, "background record", what);
  checkCommon(records.fidelities, "fidelity record", what);
  checkCommon(records.safeguardingFlags, "safeguarding flag record", what);
  checkCommon(records.tombstones, "tombstone", what);
  // A dimension score is a mean on the 1-4 scale: a NaN (which equals
  // nothing, itself included) or an infinity is no score (the payload fuzzer
  // found a NaN that survived a round trip unequal).
  for (const auto& f : records.safeguardingFlags) {
    if (f.score && !(std::isfinite(*f.score) && *f.score >= 1.0 && *f.score <= 4.0)) {
      throw malformed(what, "safeguarding flag " + f.id.str() + " has a score outside 1 to 4");
    }
  }
  for (const auto& t : records.tombstones) {
    const auto kind = static_cast<unsigned>(t.kind);
    const auto reason = static_cast<unsigned>(t.reason);
    if (kind < 1 || kind > 8) {
      throw malformed(what, "tombstone " + t.id.str() + " has unknown record kind " + std::to_string(kind));
    }
    if (reason < 1 || reason > 2) {
      throw malformed(what, "tombstone " + t.id.str() + " has unknown reason " + std::to_string(reason));
    }
  }
}

template <class Record>
void validateRecord(const Record& r, const std::string& what) {
  if (r.id.isNil() || r.revision == 0) {
    throw malformed(what, std::string("a record ") + (r.id.isNil() ? "has no id" : "has revision 0"));
  }
  if constexpr (std::is_same_v<Record, SafeguardingFlagRecord>) {
    if (r.score && !(std::isfinite(*r.score) && *r.score >= 1.0 && *r.score <= 4.0)) {
      throw malformed(what, "safeguarding flag " + r.id.str() + " has a score outside 1 to 4");
    }
  }
  if constexpr (std::is_same_v<Record, TombstoneRecord>) {
    const auto kind = static_cast<unsigned>(r.kind);
    const auto reason = static_cast<unsigned>(r.reason);
    if (kind < 1 || kind > 8) {
      throw malformed(what, "tombstone " + r.id.str() + " has unknown record kind " + std::to_string(kind));
    }
    if (reason < 1 || reason > 2) {
      throw malformed(what, "tombstone " + r.id.str() + " has unknown reason " + std::to_string(reason));
    }
  }
}
template void validateRecord(const ChildRecord&, const std::string&);
template void validateRecord(const ConsentRecord&, const std::string&);
template void validateRecord(const ProjectEnrolmentRecord&, const std::string&);
template void validateRecord(const MeasurementRecord&, const std::string&);
template void validateRecord(const AnswerRecord&, const std::string&);
template void validateRecord(const BackgroundRecord&, const std::string&);
template void validateRecord(const FidelityRecord&, const std::string&);
template void validateRecord(const SafeguardingFlagRecord&, const std::string&);
template void validateRecord(const TombstoneRecord&, const std::string&);

crypto::Bytes encodePayload(const Payload& payload) {
  return encodeArchive(payload);
}

crypto::Bytes encodePayload(const Sender& sender, const Records& records) {
  // Answers, the bulk of a bundle, take about 75 bytes each.
  return encodeArchive(PayloadRef{&sender, &records}, 1024 + 96 * records.count());
}

Payload decodePayload(crypto::ByteView bytes, const std::string& what) {
  Payload payload = decodeArchive<Payload>(bytes, what);
  validateRecords(payload.records, what);
  return payload;
}

}  // namespace spor::sync
