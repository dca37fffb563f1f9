#include "sync/device_sync.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>

#include "core/date.hpp"
#include "core/form_loader.hpp"
#include "core/private_files.hpp"
#include "crypto/hash.hpp"
#include "store/error.hpp"
#include "sync/errors.hpp"
#include "sync/file_caps.hpp"
#include "sync/file_io.hpp"
#include "sync/wire.hpp"

namespace spor::sync {

namespace {
// Change numbers read per page by exportBundle: a few thousand records.
std::int64_t gExportPageChanges = 4096;
}  // namespace

void setExportPageChangesForTesting(std::int64_t changes) {
  gExportPageChanges = changes > 0 ? changes : 4096;
}

namespace {

namespace fs = std::filesystem;

UnixTime seconds(store::Timestamp t) {
  return store::toMillis(t) / 1000;
}
std::optional<UnixTime> seconds(const std::optional<store::Timestamp>& t) {
  return t ? std::optional<UnixTime>(seconds(*t)) : std::nullopt;
}
DayNumber day(core::Date d) {
  return static_cast<DayNumber>(core::toDayNumber(d));
}
DayNumber dayOf(store::Timestamp t) {
  return day(std::chrono::floor<std::chrono::days>(t));
}
std::uint64_t revision(std::int64_t changeSeq) {
  return changeSeq < 1 ? 1 : static_cast<std::uint64_t>(changeSeq);
}

// A project enrolment has no row of its own on the device: its id is made
// from the child's and the project's, so it is the same in every bundle.
Uuid enrolmentId(const std::string& childUuid, const std::string& projectId) {
  const crypto::Bytes digest = crypto::hash(crypto::asBytes("spor project enrolment\n" + childUuid + "\n" + projectId));
  Uuid id;
  std::copy_n(digest.begin(), id.bytes.size(), id.bytes.begin());
  id.bytes[6] = static_cast<std::uint8_t>((id.bytes[6] & 0x0F) | 0x80);  // version 8: custom
  id.bytes[8] = static_cast<std::uint8_t>((id.bytes[8] & 0x3F) | 0x80);
  return id;
}

RecordKind tombstoneKind(const std::string& kind) {
  if (kind == "child") return RecordKind::Child;
  if (kind == "consent") return RecordKind::Consent;
  if (kind == "measurement") return RecordKind::Measurement;
  if (kind == "background") return RecordKind::Background;
  if (kind == "fidelity") return RecordKind::Fidelity;
  if (kind == "flag") return RecordKind::SafeguardingFlag;
  throw SyncError(SyncErrorKind::BadInput, "the device store holds a tombstone of unknown kind '" + kind +
                                               "': it was made by a newer Spor; update Spor on this device");
}

}  // namespace

Records recordsFromChanges(const store::ChangeSet& changes) {
  std::map<std::int64_t, std::string> names;
  for (const auto& v : changes.volunteers) names[v.id.value] = v.name;
  const auto nameOf = [&](store::VolunteerId id) {
    const auto it = names.find(id.value);
    return it == names.end() ? std::string() : it->second;
  };
  Records r;
  for (const auto& c : changes.children) {
    ChildRecord child;
    child.id = Uuid::parse(c.uuid);
    child.revision = revision(c.changeSeq);
    child.modifiedAt = seconds(c.modifiedAt);
    child.code = c.code;
    child.birthYear = c.details.birthYear.value_or(0);
    child.gender = c.details.gender ? store::genderId(*c.details.gender) : "";
    r.children.push_back(child);
    ProjectEnrolmentRecord e;
    e.id = enrolmentId(c.uuid, c.details.projectId);
    e.revision = child.revision;
    e.modifiedAt = child.modifiedAt;
    e.child = child.id;
    e.project = c.details.projectId;
    for (const auto i : c.details.interventions) e.interventions.emplace_back(core::interventionId(i));
    e.startedOn = day(c.enrolledOn);
    e.municipality = c.details.municipality;
    if (c.courseEnd) {
      e.endedOn = day(c.courseEnd->on);
      e.courseEnd = core::courseEndId(c.courseEnd->kind);
      if (c.courseEnd->stopReason) e.stopReason = core::stopReasonId(*c.courseEnd->stopReason);
    }
    for (const auto& [o, reason] : c.missed)
      e.missed.push_back(std::string(core::occasionId(o)) + "=" + core::missedReasonId(reason));
    if (c.referral) {
      e.referralRole = core::referrerRoleId(c.referral->role);
      e.referredOn = day(c.referral->on);
      e.reportBack = core::reportBackId(c.referral->reportBack);
      e.referrer = c.referral->referrer;
    }
    for (const auto& f : c.feedback)
      e.feedback.push_back({day(f.on), core::feedbackPointId(f.point), core::feedbackFormId(f.form), f.note});
    r.projectEnrolments.push_back(std::move(e));
  }
  for (const auto& c : changes.consents) {
    r.consents.push_back({Uuid::parse(c.uuid), revision(c.changeSeq), seconds(c.modifiedAt), Uuid::parse(c.childUuid),
                          day(c.givenOn), c.givenBy, nameOf(c.recordedBy), c.questionnaires, c.backgroundForm,
                          c.withdrawnOn ? std::optional<DayNumber>(day(*c.withdrawnOn)) : std::nullopt,
                          c.sharing});
  }
  for (const auto& m : changes.measurements) {
    MeasurementRecord rec{Uuid::parse(m.uuid),
                          revision(m.changeSeq),
                          seconds(m.modifiedAt),
                          Uuid::parse(m.childUuid),
                          m.projectId,
                          m.formId,
                          m.formVersion,
                          core::occasionId(m.occasion),
                          store::responseStateId(m.state),
                          seconds(m.startedAt),
                          seconds(m.finishedAt),
                          m.answeringMode ? core::answeringModeId(*m.answeringMode) : ""};
    for (const auto& a : m.answers) {
      r.answers.push_back({Uuid::parse(a.uuid), revision(a.changeSeq), seconds(a.answeredAt), rec.id, a.itemId,
                           a.value ? std::optional<std::int32_t>(*a.value) : std::nullopt, seconds(a.answeredAt)});
    }
    r.measurements.push_back(std::move(rec));
  }
  for (const auto& b : changes.backgrounds) {
    BackgroundRecord rec;
    rec.id = Uuid::parse(b.uuid);
    rec.revision = revision(b.changeSeq);
    rec.modifiedAt = seconds(b.modifiedAt);
    rec.child = Uuid::parse(b.childUuid);
    rec.project = b.projectId;
    rec.form = b.formId;
    rec.formVersion = b.formVersion;
    rec.answeredOn = dayOf(b.finishedAt.value_or(b.startedAt));
    rec.respondent = nameOf(b.filledBy);
    rec.state = store::responseStateId(b.state);
    for (const auto& a : b.answers) {
      BackgroundAnswer answer;
      answer.question = a.questionId;
      answer.codes.assign(a.value.codes.begin(), a.value.codes.end());
      answer.number = a.value.number;
      answer.text = a.value.text;
      answer.declined = a.value.declined;
      rec.answers.push_back(std::move(answer));
      // A background answer's change raises the response's changeSeq too
      // (the store sends the whole response), so the record's revision
      // covers its answers.
      rec.revision = std::max(rec.revision, revision(a.changeSeq));
    }
    r.backgrounds.push_back(std::move(rec));
  }
  for (const auto& f : changes.fidelity) {
    FidelityRecord rec;
    rec.id = Uuid::parse(f.uuid);
    rec.revision = revision(f.changeSeq);
    rec.modifiedAt = seconds(f.modifiedAt);
    rec.project = f.projectId;
    rec.form = f.formId;
    rec.formVersion = f.formVersion;
    rec.answeredOn = day(f.onDate);
    rec.respondent = nameOf(f.answeredBy);
    rec.state = store::responseStateId(f.state);
    for (const auto& a : f.answers) {
      rec.answers.push_back({a.itemId, a.value ? std::optional<std::int32_t>(*a.value) : std::nullopt});
      rec.revision = std::max(rec.revision, revision(a.changeSeq));
    }
    r.fidelities.push_back(std::move(rec));
  }
  for (const auto& fl : changes.flags) {
    r.safeguardingFlags.push_back({Uuid::parse(fl.uuid), revision(fl.changeSeq), seconds(fl.modifiedAt),
                                   Uuid::parse(fl.childUuid), Uuid::parse(fl.measurementUuid), fl.dimension, fl.items,
                                   fl.score, seconds(fl.raisedAt), seconds(fl.seenAt)});
  }
  for (const auto& t : changes.tombstones) {
    if (!t.deleted) continue;  // a purge leaves the coordinator's copy alone: nothing to say
    TombstoneRecord rec;
    rec.id = Uuid::parse(t.uuid);
    rec.revision = revision(t.changeSeq);
    rec.modifiedAt = seconds(t.purgedAt);
    rec.kind = tombstoneKind(t.kind);
    rec.reason = TombstoneReason::Deleted;
    r.tombstones.push_back(rec);
  }
  return r;
}

store::CoordinatorKeys coordinatorKeys(const Enrolment& enrolment) {
  return {enrolment.encryption(), enrolment.receipts(), enrolment.forms(), enrolment.recovery()};
}

store::CreatedDevice enrolDevice(const fs::path& dataDir, const Enrolment& enrolment, std::string_view volunteerName,
                                 std::string_view pin, store::DeviceStoreOptions options) {
  std::error_code ec;
  // Readable by its owner only (0700), as every data folder Spor makes; a
  // failure is named by create() below.
  core::createPrivateDirectories(dataDir, ec);
  store::NewDevice device;
  device.volunteerName = std::string(volunteerName);
  device.pin = pin;
  device.coordinator = coordinatorKeys(enrolment);
  return store::DeviceStore::create(store::deviceStorePath(dataDir), device, std::move(options));
}

namespace {

// The previous-bundle hash of a bundle whose predecessors were reserved but
// never written: not zero (FORMAT.md check 4 keeps zero for bundle 1), and
// no bundle's hash.
Hash neverWrittenHash(const Uuid& device, std::uint64_t sequence) {
  std::string text = "spor: no bundle was written before this one";
  text.push_back('\0');
  text.append(reinterpret_cast<const char*>(device.bytes.data()), device.bytes.size());
  for (int i = 0; i < 8; ++i) text.push_back(static_cast<char>((sequence >> (8 * i)) & 0xff));
  const crypto::Bytes h = crypto::hash(crypto::asBytes(text), 32);
  Hash out{};
  std::copy_n(h.begin(), out.size(), out.begin());
  return out;
}

// An export cut off after its file was complete and before the store
// recorded the file's hash (a kill or a power cut between the two) left the
// newest reservation without a hash. When that bundle's file is in `folder`,
// whole and signed by this device, it is recorded now, so the next bundle
// chains to it and the coordinator sees no fork. Anything else (no file, a
// damaged one) stays as it is: the number is used up and the coordinator
// sees a gap.
void recordInterruptedBundle(store::DeviceStore& device, const Uuid& deviceId, const fs::path& folder) {
  const store::SyncStatus status = device.syncStatus();
  const std::int64_t reserved = status.nextSequence - 1;
  if (reserved < 1 || reserved <= status.lastBundle) return;
  const fs::path file = folder / BundleWriter::fileName(deviceId, static_cast<std::uint64_t>(reserved));
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return;
  try {
    FileSource bytes(file, Msg::FileBundle);
    const BundleHeader header = checkBundleStructure(bytes, file.string());
    if (header.deviceId != deviceId || header.sequence != static_cast<std::uint64_t>(reserved) ||
        header.deviceKey != device.device().signingKey || !bundleSelfSignatureValid(bytes, header))
      return;
    const Hash hash = bundleHash(bytes);
    device.bundleWritten(reserved, crypto::ByteView(hash.data(), hash.size()));
  } catch (const SyncError&) {
    // Not a whole bundle of ours: left alone.
  }
}

Message unreadableWarning(const store::UnreadableRecord& u) {
  using K = store::UnreadableRecord::Kind;
  const std::string date = u.startedOn ? core::formatDate(*u.startedOn) : std::string();
  Message record;
  switch (u.kind) {
    case K::Child: record = Message{Msg::UnreadableChild, {{"child", u.childCode}}}; break;
    case K::Consent: record = Message{Msg::UnreadableConsent, {{"child", u.childCode}}}; break;
    case K::Measurement: record = Message{Msg::UnreadableMeasurement, {{"child", u.childCode}, {"date", date}}}; break;
    case K::Background: record = Message{Msg::UnreadableBackground, {{"child", u.childCode}}}; break;
    case K::Fidelity: record = Message{Msg::UnreadableFidelity, {{"date", date}}}; break;
    case K::Flag: record = Message{Msg::UnreadableFlag, {{"child", u.childCode}}}; break;
  }
  return Message{Msg::ExportUnreadable, {{"record", record}, {"en_detail", u.detail}}};
}

}  // namespace

std::optional<ExportResult> exportBundle(store::DeviceStore& device, const fs::path& folder,
                                         const std::string& softwareVersion) {
  const store::DeviceInfo info = device.device();
  if (!info.coordinator) {
    throw SyncError(SyncErrorKind::BadInput,
                    "this device is not enrolled with a coordinator, so it has no one to export to; enrol it with "
                    "'spor device init --enrolment FILE' first");
  }
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw SyncError(SyncErrorKind::WriteFailed, Message{Msg::ExportFolderMissing, {{"path", folder.string()}}});
  }
  const Uuid deviceId = Uuid::parse(info.deviceId, "device id");
  recordInterruptedBundle(device, deviceId, folder);
  // Nothing to send is "nothing new since a receipt": until the coordinator
  // has acknowledged a bundle, a bundle is written even with no records, as
  // the coordinator approves a device from its first bundle (a freshly
  // enrolled tablet has nothing else to send, and a lost first bundle can be
  // made again).
  const store::SyncStatus status = device.syncStatus();
  if (status.unacknowledgedRecords == 0 && status.lastReceipt > 0) return std::nullopt;

  // The sequence number is persisted before anything is written, so it is
  // never used twice even if the write below fails.
  const store::BundleReservation reservation = device.reserveBundle();
  BundleInfo bundle;
  bundle.sequence = static_cast<std::uint64_t>(reservation.sequence);
  if (!reservation.previousHash.empty()) {
    std::copy_n(reservation.previousHash.begin(), std::min<std::size_t>(32, reservation.previousHash.size()),
                bundle.previousBundleHash.begin());
  } else if (bundle.sequence > 1) {
    // Earlier numbers were reserved but none was ever written (the first
    // export failed or was cut off): no hash to chain to (FORMAT.md, "The
    // hash chain").
    bundle.previousBundleHash = neverWrittenHash(deviceId, bundle.sequence - 1);
  }
  bundle.createdAt = seconds(store::systemNow());
  bundle.softwareVersion = softwareVersion;

  const crypto::SigningKeyPair key = device.signingKey();
  const BundleWriter writer(deviceId, key, info.coordinator->encryption);
  ExportResult result;
  // The changes are read and written a page of change numbers at a time,
  // so an export holds one page in memory however much it sends (issue 16).
  // A questionnaire whose changes span pages is read whole in the first
  // page that touches it and left out of the later ones; only those are
  // remembered (until the last page they touch), so that memory stays
  // small too.
  std::unordered_map<std::string, std::int64_t> spanning;  // uuid -> its last change number in this bundle
  const auto fresh = [&](auto& list, std::int64_t through) {
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const auto& r) {
                                const auto it = spanning.find(r.uuid);
                                if (it != spanning.end()) {
                                  if (it->second <= through) spanning.erase(it);
                                  return true;
                                }
                                std::int64_t last = r.changeSeq <= reservation.coversThrough ? r.changeSeq : 0;
                                for (const auto& a : r.answers)
                                  if (a.changeSeq <= reservation.coversThrough) last = std::max(last, a.changeSeq);
                                if (last > through) spanning.emplace(r.uuid, last);
                                return false;
                              }),
               list.end());
  };
  result.bundle = writer.writeStreaming(folder, bundle, [&](BundleStreamWriter& out) {
    for (std::int64_t after = reservation.coversAfter; after < reservation.coversThrough;) {
      const std::int64_t through = std::min<std::int64_t>(reservation.coversThrough, after + gExportPageChanges);
      store::ChangeSet changes = device.changes(after, through);
      fresh(changes.measurements, through);
      fresh(changes.backgrounds, through);
      fresh(changes.fidelity, through);
      const Records records = recordsFromChanges(changes);
      out.addAll(records);
      result.records += records.count();
      result.measurements += records.measurements.size();
      for (const store::UnreadableRecord& u : changes.unreadable) result.warnings.push_back(unreadableWarning(u));
      after = through;
    }
  });
  device.bundleWritten(reservation.sequence, result.bundle.hash);
  result.sequence = bundle.sequence;
  return result;
}

namespace {

// The receipt in `file`, checked against `device` (locked or not); writes nothing.
Receipt checkedReceipt(const store::DeviceStore& device, crypto::ByteView file, const std::string& name,
                       const store::SyncStatus& status) {
  const store::DeviceInfo info = device.device();
  if (!info.coordinator) {
    throw SyncError(SyncErrorKind::BadInput, Message{Msg::ReceiptNotEnrolled, {{"name", name}}});
  }
  const ReceiptCheck check{Uuid::parse(info.deviceId, "device id"), info.coordinator->receiptSigning,
                           fingerprintBytes(info.coordinator->encryption),
                           static_cast<std::uint64_t>(std::max<std::int64_t>(0, status.lastReceipt))};
  return readReceipt(file, name, check);
}

}  // namespace

crypto::Bytes checkReceiptFile(const store::DeviceStore& device, const fs::path& path) {
  crypto::Bytes file = readFileCapped(path, kMaxReceiptFileBytes, Msg::FileReceipt);
  static_cast<void>(checkedReceipt(device, file, path.string(), device.syncStatus()));
  return file;
}

ReceiptApplied applyReceipt(store::DeviceStore& device, crypto::ByteView file, const std::string& name,
                            std::optional<store::Timestamp> purgeFinishedBefore) {
  const store::SyncStatus status = device.syncStatus();
  const Receipt receipt = checkedReceipt(device, file, name, status);
  std::vector<std::int64_t> sequences;
  for (const auto s : receipt.acknowledgedSequences()) {
    if (s < static_cast<std::uint64_t>(status.nextSequence)) sequences.push_back(static_cast<std::int64_t>(s));
  }
  ReceiptApplied applied{receipt.receiptSequence, receipt.throughSequence, receipt.laterBundles.size(), std::nullopt};
  try {
    applied.purged =
        device.applyReceipt(static_cast<std::int64_t>(receipt.receiptSequence), sequences, purgeFinishedBefore);
  } catch (const store::InvalidRequestError& e) {
    throw SyncError(SyncErrorKind::Replayed, Message{Msg::ReceiptRefused, {{"name", name}, {"reason", e.message()}}});
  }
  return applied;
}

ReceiptApplied applyReceiptFile(store::DeviceStore& device, const fs::path& path,
                                std::optional<store::Timestamp> purgeFinishedBefore) {
  return applyReceipt(device, readFileCapped(path, kMaxReceiptFileBytes, Msg::FileReceipt), path.string(),
                      purgeFinishedBefore);
}

std::uint64_t installedFormsVersion(const fs::path& formsDir) {
  std::ifstream in(formsDir / ".spor-forms-package");
  std::uint64_t version = 0;
  if (in >> version) return version;
  return 0;
}

std::vector<store::UnfinishedResponse> responsesOnOtherForms(const store::DeviceStore& device,
                                                            const core::FormSet& forms) {
  std::vector<store::UnfinishedResponse> out;
  for (auto& r : device.unfinishedResponses()) {
    std::optional<int> now;
    if (r.kind == store::ResponseKind::Child) {
      const auto it = forms.childForms.find(r.formId);
      if (it != forms.childForms.end()) now = it->second.version;
    } else if (r.kind == store::ResponseKind::Background) {
      if (forms.background && forms.background->id == r.formId) now = forms.background->version;
    } else {
      const auto it = forms.fidelityForms.find(r.formId);
      if (it != forms.fidelityForms.end()) now = it->second.version;
    }
    if (now != r.formVersion) out.push_back(std::move(r));
  }
  return out;
}

namespace {

// "K7-4QX9 foer (form barn version 1)", "K7-4QX9 background form (...)",
// "fidelity form fidelitet of 2026-03-02 (...)".
std::string describeStarted(const store::UnfinishedResponse& r) {
  std::string who;
  if (r.kind == store::ResponseKind::Child) {
    who = r.childCode + " " + (r.occasion ? core::occasionId(*r.occasion) : "?");
  } else if (r.kind == store::ResponseKind::Background) {
    who = r.childCode + " background form";
  } else {
    who = "fidelity form of " + (r.onDate ? core::formatDate(*r.onDate) : std::string("?"));
  }
  return who + " (form " + r.formId + " version " + std::to_string(r.formVersion) + ")";
}

}  // namespace

namespace {

// Where an install writes beside `formsDir`: the new folder, then the old one during the swap.
struct FormsPlaces {
  fs::path incoming;
  fs::path old;
};
FormsPlaces placesOf(const fs::path& formsDir) {
  const fs::path parent = formsDir.parent_path().empty() ? fs::path(".") : formsDir.parent_path();
  const std::string leaf = formsDir.filename().string();
  return {parent / ("." + leaf + ".incoming"), parent / ("." + leaf + ".old")};
}

// The package version a forms folder holds with its signed package (0: none).
std::uint64_t versionIn(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / kInstalledPackageFile, ec)) return 0;
  return installedFormsVersion(dir);
}

// The forms in a package, checked as core's loader checks a folder.
core::FormCheck checkPackageForms(const FormPackage& package, const std::string& where) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& f : package.files) {
    if (f.path.size() > 5 && f.path.ends_with(".json"))
      files.emplace_back(f.path, std::string(f.content.begin(), f.content.end()));
  }
  std::sort(files.begin(), files.end());  // as checkForms reads a folder: messages in a stable order
  return core::checkFormFiles(files, where);
}

std::string problemsOf(const core::FormCheck& check) {
  std::string problems;
  for (const auto& p : check.problems) problems += "\n  " + p.str();
  return problems;
}

// Every check of a package that needs no key and writes nothing.
FormPackage checkedPackage(const store::DeviceStore& device, crypto::ByteView file, const std::string& name,
                           std::uint64_t installedVersion) {
  const store::DeviceInfo info = device.device();
  if (!info.coordinator) {
    throw SyncError(SyncErrorKind::BadInput, Message{Msg::FormPackageNotEnrolled, {{"name", name}}});
  }
  FormPackage package = readFormPackage(file, name, info.coordinator->formsSigning,
                                        fingerprintBytes(info.coordinator->encryption), installedVersion);
  const core::FormCheck check = checkPackageForms(package, name);
  if (!check.ok()) {
    throw SyncError(SyncErrorKind::Malformed, Message{Msg::FormPackageHasMistakes, {{"name", name},
                                                                                   {"version", package.version},
                                                                                   {"en_problems", problemsOf(check)}}});
  }
  std::vector<store::UnfinishedResponse> started = responsesOnOtherForms(device, check.forms);
  if (!started.empty()) {
    std::string list;
    for (const auto& r : started) list += (list.empty() ? "" : ", ") + describeStarted(r);
    throw FormsInUseError(Message{Msg::FormsInUse, {{"name", name}, {"version", package.version}, {"en_list", list}}},
                          std::move(started));
  }
  return package;
}

}  // namespace

crypto::Bytes checkFormPackageFile(const store::DeviceStore& device, const fs::path& path, const fs::path& formsDir) {
  crypto::Bytes file = readFileCapped(path, kMaxFormPackageFileBytes, Msg::FileFormPackage);
  static_cast<void>(checkedPackage(device, file, path.string(), installedFormsVersion(formsDir)));
  return file;
}

bool recoverFormsInstall(const store::DeviceStore& device, const fs::path& formsDir) {
  const FormsPlaces at = placesOf(formsDir);
  std::error_code ec;
  const bool incoming = fs::exists(at.incoming, ec);
  const bool old = fs::exists(at.old, ec);
  if (!incoming && !old) return false;
  const std::uint64_t recorded = device.formsPackageVersion();
  const bool current = fs::exists(formsDir, ec) && versionIn(formsDir) >= recorded;
  if (!current) {
    if (incoming && recorded > 0 && versionIn(at.incoming) == recorded) {
      // Recorded, then cut before or during the swap: finish it.
      if (fs::exists(formsDir, ec)) {
        fs::remove_all(at.old);
        fs::rename(formsDir, at.old);
      }
      fs::rename(at.incoming, formsDir);
    } else if (!fs::exists(formsDir, ec) && fs::exists(at.old, ec)) {
      fs::rename(at.old, formsDir);  // cut inside the swap before the new folder was recorded
    }
  }
  fs::remove_all(at.incoming, ec);
  fs::remove_all(at.old, ec);
  return true;
}

FormPackage installFormPackage(store::DeviceStore& device, crypto::ByteView file, const std::string& name,
                               const fs::path& formsDir) {
  if (device.unlocked()) static_cast<void>(recoverFormsInstall(device, formsDir));
  const std::uint64_t installed = std::max(device.formsPackageVersion(), installedFormsVersion(formsDir));
  const FormPackage package = checkedPackage(device, file, name, installed);
  // Write the new folder beside the old one, record its version, then swap.
  const FormsPlaces at = placesOf(formsDir);
  fs::remove_all(at.incoming);
  fs::create_directories(at.incoming);
  bool recorded = false;
  try {
    for (const auto& f : package.files) {
      const fs::path target = at.incoming / f.path;
      fs::create_directories(target.parent_path());
      (void)writeFileDurably(target.parent_path(), target.filename().string(), f.content);
    }
    const std::string version = std::to_string(package.version) + "\n";
    (void)writeFileDurably(at.incoming, ".spor-forms-package", crypto::asBytes(version));
    (void)writeFileDurably(at.incoming, kInstalledPackageFile, file);
    // From here the new version is the device's: a cut before the swap is
    // finished by recoverFormsInstall, and an older package never installs.
    device.recordFormsPackage(package.version);
    recorded = true;
    fs::remove_all(at.old);
    if (fs::exists(formsDir)) fs::rename(formsDir, at.old);
    fs::rename(at.incoming, formsDir);
    fs::remove_all(at.old);
  } catch (...) {
    std::error_code ignored;
    if (!recorded) fs::remove_all(at.incoming, ignored);
    throw;
  }
  return package;
}

FormPackage installFormPackageFile(store::DeviceStore& device, const fs::path& path, const fs::path& formsDir) {
  return installFormPackage(device, readFileCapped(path, kMaxFormPackageFileBytes, Msg::FileFormPackage), path.string(),
                            formsDir);
}

// --- Installed forms and what waits to be sent ------------------------------------------

std::optional<InstalledForms> loadInstalledForms(const store::DeviceStore& device, const fs::path& formsDir) {
  std::uint64_t recorded = 0;
  if (device.unlocked()) {
    static_cast<void>(recoverFormsInstall(device, formsDir));
    recorded = device.formsPackageVersion();
  }
  std::error_code ec;
  if (!fs::exists(formsDir, ec)) {
    if (recorded > 0) {
      throw SyncError(SyncErrorKind::ReadFailed,
                      Message{Msg::FormsFolderMissing, {{"path", formsDir.string()}, {"version", recorded}}});
    }
    return std::nullopt;
  }
  const fs::path kept = formsDir / kInstalledPackageFile;
  if (!fs::is_regular_file(kept, ec)) {
    throw SyncError(SyncErrorKind::ReadFailed, Message{Msg::FormsNoPackage, {{"path", formsDir.string()}}});
  }
  const store::DeviceInfo info = device.device();
  if (!info.coordinator) {
    throw SyncError(SyncErrorKind::BadInput, Message{Msg::FormsNotEnrolled, {{"path", formsDir.string()}}});
  }
  const crypto::Bytes file = readFileCapped(kept, kMaxFormPackageFileBytes, Msg::FileFormPackage);
  FormPackage package;
  try {
    package = readFormPackage(file, kept.string(), info.coordinator->formsSigning,
                              fingerprintBytes(info.coordinator->encryption), 0);
  } catch (const SyncError& e) {
    throw SyncError(e.kind(), Message{Msg::FormsUntrusted, {{"reason", e.message()}}});
  }
  if (package.version != installedFormsVersion(formsDir)) {
    throw SyncError(SyncErrorKind::Mismatch,
                    Message{Msg::FormsPackageMismatch, {{"path", formsDir.string()}, {"version", package.version}}});
  }
  if (package.version < recorded) {
    throw SyncError(SyncErrorKind::Replayed, Message{Msg::FormsOlderThanInstalled, {{"path", formsDir.string()},
                                                                                    {"found", package.version},
                                                                                    {"version", recorded}}});
  }
  core::FormCheck check = checkPackageForms(package, formsDir.string());
  if (!check.ok()) {
    throw SyncError(SyncErrorKind::Malformed, Message{Msg::FormsInstalledHaveMistakes,
                                                      {{"version", package.version}, {"en_problems", problemsOf(check)}}});
  }
  return InstalledForms{std::move(check.forms), package.version, package.note};
}

core::FormSet deviceForms(const store::DeviceStore& device, const fs::path& formsDir, const core::FormSet& fallback) {
  if (auto installed = loadInstalledForms(device, formsDir)) return std::move(installed->forms);
  return fallback;
}

PendingCounts pendingCounts(const store::DeviceStore& device) {
  const store::SyncStatus status = device.syncStatus();
  PendingCounts n;
  n.records = static_cast<std::size_t>(std::max<std::int64_t>(0, status.unacknowledgedRecords));
  if (n.records == 0) return n;
  const store::ChangeSet changes = device.changes(status.ackedThrough, status.changeCounter);
  n.children = changes.children.size();
  n.consents = changes.consents.size();
  n.measurements = changes.measurements.size();
  n.backgrounds = changes.backgrounds.size();
  n.fidelity = changes.fidelity.size();
  n.flags = changes.flags.size();
  std::set<std::string> deleted;
  for (const store::Tombstone& t : changes.tombstones) deleted.insert(t.childUuid);
  n.deletedChildren = deleted.size();
  return n;
}

}  // namespace spor::sync
