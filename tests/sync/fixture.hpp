#pragma once
// Shared fixtures for the sync tests, the golden files and the fuzzers:
// keys from fixed seeds, a small set of records that uses every record type
// and field, and an in-memory device directory.
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "crypto/box.hpp"
#include "crypto/hash.hpp"
#include "messages/message.hpp"
#include "crypto/sign.hpp"
#include "sync/bundle.hpp"
#include "sync/records.hpp"
#include "sync/signed_file.hpp"

namespace spor::test {

// What is wrong with showing `m` on a Danish screen, or "" when nothing is:
// a refusal a person can meet has a catalogue code of its own (not
// Msg::Unexpected, which carries English), and its Danish text holds none of
// the English words every English message uses.
inline std::string untranslated(const Message& m) {
  if (m.code == Msg::Unexpected) return "no catalogue code: " + m.arg("detail");
  const std::string da = " " + render(m, Lang::Da) + " ";
  for (const char* word : {" the ", " is ", " it ", " not ", " was ", " cannot ", " bytes ", " has ", " of "}) {
    if (da.find(word) != std::string::npos) return "English '" + std::string(word) + "' in: " + da;
  }
  return {};
}

inline crypto::Bytes seed(std::uint8_t fill) {
  return crypto::Bytes(32, fill);
}

// Every key the golden files use, from fixed seeds.
struct Keys {
  crypto::SigningKeyPair device = crypto::signingKeyFromSeed(seed(0x11));
  crypto::SigningKeyPair otherDevice = crypto::signingKeyFromSeed(seed(0x12));
  crypto::BoxKeyPair coordinator = crypto::boxKeyFromSeed(seed(0x21));
  crypto::BoxKeyPair otherCoordinator = crypto::boxKeyFromSeed(seed(0x22));
  crypto::SigningKeyPair receipts = crypto::signingKeyFromSeed(seed(0x31));
  crypto::SigningKeyPair otherReceipts = crypto::signingKeyFromSeed(seed(0x32));
  crypto::SigningKeyPair forms = crypto::signingKeyFromSeed(seed(0x41));
  crypto::SigningKeyPair otherForms = crypto::signingKeyFromSeed(seed(0x42));
  crypto::BoxKeyPair recovery = crypto::boxKeyFromSeed(seed(0x51));
};

inline sync::Uuid uuid(std::uint8_t n) {
  sync::Uuid id;
  id.bytes.fill(n);
  id.bytes[6] = 0x40;  // version 4
  id.bytes[8] = 0x80;  // RFC 4122 variant
  return id;
}

inline const sync::Uuid kDeviceId = uuid(0xD1);
inline const sync::Uuid kOtherDeviceId = uuid(0xD2);
inline const sync::Uuid kCoordinatorId = uuid(0xC1);
inline constexpr sync::UnixTime kNow = 1795000000;  // 2026-11-18, fixed so files are repeatable

// A few records of every type, every optional field both present and absent.
inline sync::Records sampleRecords() {
  using namespace sync;
  Records r;
  r.children.push_back({uuid(1), 2, kNow, "K-0042", "Mikkel", 2014, "boy"});
  r.children.push_back({uuid(2), 1, kNow, "K-0043", "", 0, ""});
  r.consents.push_back({uuid(3), 1, kNow, uuid(1), 20400, "mor", "Anne (frivillig)", true, true, std::nullopt, true});
  r.consents.push_back({uuid(4), 3, kNow, uuid(2), 20401, "værge", "Bo", true, false, 20500, false});
  r.projectEnrolments.push_back(
      {uuid(5), 1, kNow, uuid(1), "powerkids", {"group", "family"}, 20402, 20600, "Aarhus", "stopped", "did_not_fit",
       {"efter=course_ended", "opfoelgning=not_reached"}, "school", 20390, "referrer", "Lærer Ørsted, 12 34 56 78",
       {{20395, "referral", "written", ""}, {20420, "intake", "phone", "Ringede; alt vel"}}});
  r.measurements.push_back(
      {uuid(6), 4, kNow, uuid(1), "powerkids", "barn", 1, "foer", "finished", kNow - 600, kNow, "volunteer"});
  r.measurements.push_back(
      {uuid(7), 1, kNow, uuid(2), "powerkids", "barn", 1, "progression", "paused", kNow - 60, std::nullopt, "parent"});
  const char* items[] = {"psykisk_1", "psykisk_2", "relationel_1", "selvskade_1", "selvmord_1"};
  for (std::uint8_t i = 0; i < 5; ++i) {
    std::optional<std::int32_t> value = i == 2 ? std::nullopt : std::optional<std::int32_t>(1 + i % 4);
    r.answers.push_back({uuid(static_cast<std::uint8_t>(10 + i)), 1, kNow, uuid(6), items[i], value, kNow - 500 + i});
  }
  r.backgrounds.push_back({uuid(20),
                           1,
                           kNow,
                           uuid(1),
                           "powerkids",
                           "baggrund",
                           2,
                           20403,
                           "frivillig",
                           "finished",
                           {{"koen", {2}, std::nullopt, "", false},
                            {"foedselsaar", {}, 2014, "", false},
                            {"udfordringer", {1, 3, 7}, std::nullopt, "Andet: ensomhed æøå", false},
                            {"indkomst", {}, std::nullopt, "", true}}});
  r.fidelities.push_back({uuid(21),
                          1,
                          kNow,
                          "powerkids",
                          std::nullopt,
                          "fidelitet_powerkids",
                          1,
                          20404,
                          "instruktør",
                          "finished",
                          {{"f1", 4}, {"f2", std::nullopt}}});
  r.fidelities.push_back(
      {uuid(22), 1, kNow, "powerkids", uuid(1), "fidelitet_powerkids", 1, 20405, "mentor", "in_progress", {}});
  r.safeguardingFlags.push_back(
      {uuid(23), 1, kNow, uuid(1), uuid(6), "selvskade", {"selvskade_1"}, std::nullopt, kNow - 400, std::nullopt});
  r.safeguardingFlags.push_back({uuid(24), 2, kNow, uuid(1), uuid(6), "selvmordsadfaerd", {}, 3.5, kNow - 400, kNow});
  r.tombstones.push_back({uuid(25), 3, kNow, RecordKind::Measurement, TombstoneReason::Purged});
  r.tombstones.push_back({uuid(26), 2, kNow, RecordKind::Child, TombstoneReason::Deleted});
  return r;
}

// sampleRecords() as a reader sees them in the golden files written before
// the referral (issue 14 item 1; ProjectEnrolmentRecord version 3): no
// referral and no feedback.
inline sync::Records sampleRecordsHelped() {
  sync::Records r = sampleRecords();
  for (auto& e : r.projectEnrolments) {
    e.referralRole.clear();
    e.referredOn.reset();
    e.reportBack.clear();
    e.referrer.clear();
    e.feedback.clear();
  }
  return r;
}

// sampleRecords() as a reader sees them in the golden files written before
// who helped the child answer (issue 14 item 5; MeasurementRecord version 1):
// no answering mode, "not recorded".
inline sync::Records sampleRecordsIssue14() {
  sync::Records r = sampleRecordsHelped();
  for (auto& m : r.measurements) m.answeringMode.clear();
  return r;
}

// sampleRecords() as a reader sees them in the golden files written before
// issue 14 (every record version 1): the fields added since at their
// defaults (no municipality, no consent to share).
inline sync::Records sampleRecordsV1() {
  sync::Records r = sampleRecordsIssue14();
  for (auto& e : r.projectEnrolments) {
    e.municipality.clear();
    e.endedOn.reset();
    e.courseEnd.clear();
    e.stopReason.clear();
    e.missed.clear();
  }
  for (auto& c : r.consents) c.sharing = false;
  return r;
}

inline sync::NewBundle sampleBundle(std::uint64_t sequence = 1, sync::Hash previous = {}) {
  sync::NewBundle b;
  b.sequence = sequence;
  b.previousBundleHash = previous;
  b.records = sampleRecords();
  b.createdAt = kNow;
  b.softwareVersion = "spor 0.1.0 (golden)";
  return b;
}

inline sync::FixedRandomness fixedRandomness(std::uint8_t n = 0x61) {
  sync::FixedRandomness f;
  f.ephemeralSeed.fill(n);
  f.streamHeader.fill(static_cast<std::uint8_t>(n + 1));
  return f;
}

inline sync::Receipt sampleReceipt(const Keys& keys, std::uint64_t receiptSequence = 1) {
  sync::Receipt r;
  r.deviceId = kDeviceId;
  r.coordinator = sync::fingerprintBytes(keys.coordinator.publicKey);
  r.receiptSequence = receiptSequence;
  r.issuedAt = kNow;
  r.throughSequence = 2;
  r.throughHash.fill(0xAB);
  r.laterBundles.push_back({4, {}});
  r.laterBundles.back().hash.fill(0xCD);
  return r;
}

inline sync::Enrolment sampleEnrolment(const Keys& keys) {
  sync::Enrolment e;
  e.coordinatorId = kCoordinatorId;
  e.coordinatorName = "Frivilligcenter Aarhus";
  e.encryptionKey = keys.coordinator.publicKey.bytes;
  e.receiptKey = keys.receipts.publicKey.bytes;
  e.formsKey = keys.forms.publicKey.bytes;
  e.recoveryKey = keys.recovery.publicKey.bytes;
  e.createdAt = kNow;
  e.fillFingerprints();
  return e;
}

inline sync::FormPackage smallFormPackage(const Keys& keys, std::uint64_t version) {
  sync::FormPackage p;
  p.coordinator = sync::fingerprintBytes(keys.coordinator.publicKey);
  p.version = version;
  p.createdAt = kNow;
  p.note = "Nyt fidelitetsskema";
  p.files.push_back({"scales.json", {'{', '}', '\n'}});
  p.files.push_back({"projects/powerkids.json", {'{', '"', 'i', 'd', '"', ':', '1', '}'}});
  return p;
}

// The coordinator's view of devices, in memory.
class MapDirectory : public sync::DeviceDirectory {
 public:
  void add(const sync::Uuid& id, const crypto::SignPublicKey& key, bool approved = true) {
    devices_[id] = {key, approved};
  }
  [[nodiscard]] sync::DeviceStatus deviceStatus(const sync::Uuid& id, const crypto::SignPublicKey& key) const override {
    const auto it = devices_.find(id);
    if (it == devices_.end()) return sync::DeviceStatus::Unknown;
    if (!(it->second.first == key)) return sync::DeviceStatus::KeyMismatch;
    return it->second.second ? sync::DeviceStatus::Approved : sync::DeviceStatus::NotApproved;
  }

 private:
  std::map<sync::Uuid, std::pair<crypto::SignPublicKey, bool>> devices_;
};

}  // namespace spor::test

namespace spor::test {

// The message of the SyncError that `f` throws, or a note that none was thrown:
// for messages built at run time, which doctest's *_THROWS_WITH cannot take.
template <class F>
std::string syncMessage(F&& f) {
  try {
    f();
  } catch (const sync::SyncError& e) {
    const std::string problem = untranslated(e.message());
    if (!problem.empty()) return "(not from the catalogue: " + problem + ") " + e.what();
    return e.what();
  }
  return "(no SyncError was thrown)";
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Where each frame of a version 2 bundle starts (its u32 length, whose top
// bit marks the last frame), and where its signature does.
struct V2Layout {
  std::vector<std::size_t> frames;
  std::size_t signature = 0;
};
inline V2Layout v2Layout(const crypto::Bytes& file) {
  V2Layout l;
  std::size_t at = sync::kBundleV2HeaderBytes;
  for (;;) {
    l.frames.push_back(at);
    const std::uint32_t word = static_cast<std::uint32_t>(file.at(at)) | static_cast<std::uint32_t>(file.at(at + 1)) << 8 |
                               static_cast<std::uint32_t>(file.at(at + 2)) << 16 |
                               static_cast<std::uint32_t>(file.at(at + 3)) << 24;
    at += 4 + (word & 0x7FFFFFFFu);
    if ((word & 0x80000000u) != 0) break;
  }
  l.signature = at;
  return l;
}
inline void setFrameWord(crypto::Bytes& file, std::size_t at, std::uint32_t word) {
  for (int i = 0; i < 4; ++i) file.at(at + static_cast<std::size_t>(i)) = static_cast<std::uint8_t>(word >> (8 * i));
}
// Signs a version 2 bundle (everything before its last 64 bytes) again
// with `key`, as only the holder of a device key could.
inline void resignV2(crypto::Bytes& file, const crypto::SigningKeyPair& key) {
  const crypto::Bytes digest = crypto::hash(crypto::ByteView(file).first(file.size() - 64));
  const char domain[] = "spor bundle v2 signature";
  crypto::Bytes message(domain, domain + sizeof domain);
  message.insert(message.end(), digest.begin(), digest.end());
  const crypto::Signature sig = crypto::sign(key.secretKey, message);
  std::copy(sig.begin(), sig.end(), file.end() - 64);
}
// `file` with its frames `a` and `b` (a < b) swapped.
inline crypto::Bytes swapFrames(const crypto::Bytes& file, std::size_t a, std::size_t b) {
  const V2Layout l = v2Layout(file);
  const auto at = [&](std::size_t i) { return file.begin() + static_cast<std::ptrdiff_t>(i); };
  const std::size_t endA = l.frames.at(a + 1);
  const std::size_t endB = b + 1 < l.frames.size() ? l.frames.at(b + 1) : l.signature;
  crypto::Bytes out(file.begin(), at(l.frames.at(a)));
  out.insert(out.end(), at(l.frames.at(b)), at(endB));
  out.insert(out.end(), at(endA), at(l.frames.at(b)));
  out.insert(out.end(), at(l.frames.at(a)), at(endA));
  out.insert(out.end(), at(endB), file.end());
  return out;
}

}  // namespace spor::test
