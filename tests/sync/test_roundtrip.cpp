// Sync over the stores: device -> bundle -> coordinator -> receipt -> purge,
// idempotent imports (the same bundle 1, 2 and 10 times; five bundles in
// every order), and the coordinator store's refusals.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include <doctest/doctest.h>

#include "../store/store_fixture.hpp"
#include "tests/sync/coordinator_fixture.hpp"
#include "crypto/hash.hpp"
#include "fixture.hpp"
#include "store/error.hpp"
#include "sync/archive.hpp"
#include "sync/bundle.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "sync/errors.hpp"
#include "sync/file_caps.hpp"
#include "sync/file_io.hpp"
#include "tests/store/power_cut_vfs.hpp"
#include "tests/support/forms_copy.hpp"

using namespace spor;
using namespace spor::sync;
using doctest::Contains;

namespace {

namespace fs = std::filesystem;
using test::kPassphrase;

using test::fastCoordinator;

// Two installed form packages kept aside: the first package's file, and
// copies of the forms folder as each version left it.
struct FormsCopies {
  crypto::Bytes package1;
  fs::path v1;
  fs::path v2;
};

// A coordinator and an enrolled device, in one temporary folder.
struct Pair {
  test::TempDir dir{"sync"};
  test::FakeClock clock;
  CoordinatorStore coordinator = CoordinatorStore::create(coordinatorStorePath(dir.path), "Frivilligcenter Aarhus",
                                                          kPassphrase, fastCoordinator(clock));
  Enrolment enrolment = readEnrolment(coordinator.enrolmentFile(), "enrolment");
  store::CreatedDevice created =
      store::DeviceStore::create(dir.db(), {"Anna", test::kPin, coordinatorKeys(enrolment)}, test::fastOptions(clock));
  fs::path out = dir.path / "usb";

  Pair() { fs::create_directories(out); }
  store::DeviceStore& device() { return created.store; }
  Uuid deviceId() { return Uuid::parse(device().device().deviceId); }

  // A child with consent and one finished measurement of `answers` items.
  store::MeasurementId measure(int answers = 5) {
    const auto child = device().addChild({.details = {.nickname = "Mads",
                                                      .birthYear = 2014,
                                                      .gender = store::Gender::Boy,
                                                      .projectId = "strom",
                                                      .interventions = {core::Intervention::Individual}},
                                          .enrolledOn = std::nullopt});
    device().recordConsent(child, {.givenBy = "mor", .givenOn = std::chrono::floor<std::chrono::days>(*clock.now)});
    const auto& form = test::bundledForms().primaryChildForm();
    const auto m = device().startMeasurement(child, form, core::Occasion::Before);
    for (int i = 0; i < answers; ++i) device().answer(m, form.items[static_cast<std::size_t>(i)].id, 1 + i % 4);
    device().finishMeasurement(m, test::bundledForms());
    return m;
  }

  fs::path exportOne() {
    const auto result = exportBundle(device(), out, "spor test");
    REQUIRE(result.has_value());
    return result->bundle.path;
  }

  // Imports a first bundle (which lists the device) and approves the device.
  void approve(const fs::path& bundle) {
    CHECK_THROWS_AS(coordinator.importBundleFile(bundle), SyncError);
    (void)coordinator.approveDevice(deviceId().shortStr());
  }
};

}  // namespace

TEST_SUITE("sync") {
  // A new user's trial: a freshly enrolled tablet could not make the first
  // bundle the coordinator approves it from ("nothing to send").
  TEST_CASE("a freshly enrolled device writes a first bundle with no records for its approval") {
    Pair p;
    REQUIRE(p.device().syncStatus().unacknowledgedRecords == 0);
    const auto first = exportBundle(p.device(), p.out, "spor test");
    REQUIRE(first.has_value());
    CHECK(first->sequence == 1);
    CHECK(first->records == 0);
    CHECK(first->measurements == 0);
    // The coordinator lists the device from it, approves it, and imports it.
    p.approve(first->bundle.path);
    const ImportResult imported = p.coordinator.importBundleFile(first->bundle.path);
    CHECK(imported.newRecords == 0);
    // A lost first bundle can be made again until a receipt comes back.
    const auto again = exportBundle(p.device(), p.out, "spor test");
    REQUIRE(again.has_value());
    CHECK(again->sequence == 2);
    CHECK(p.coordinator.importBundleFile(again->bundle.path).newRecords == 0);
    (void)applyReceipt(p.device(), p.coordinator.makeReceipt(p.deviceId().str()), "r.sporreceipt");
    // Then, with nothing new, there is nothing to send.
    CHECK_FALSE(exportBundle(p.device(), p.out, "spor test").has_value());
    p.measure(2);
    CHECK(exportBundle(p.device(), p.out, "spor test").has_value());
  }

  TEST_CASE("who helped the child answer travels with its measurement and an unknown mode in a bundle is refused whole") {
    Pair p;
    const auto child = p.device().addChild(
        {.details = {.birthYear = 2014, .projectId = "strom", .interventions = {core::Intervention::Individual}}});
    p.device().recordConsent(child, {.givenBy = "mor", .givenOn = std::chrono::floor<std::chrono::days>(*p.clock.now)});
    const auto& form = test::bundledForms().primaryChildForm();
    // Chosen at the hand-over, then changed by the volunteer before the end.
    const auto m = p.device().startMeasurement(child, form, core::Occasion::Before, core::AnsweringMode::Municipal);
    p.device().answer(m, form.items[0].id, 2);
    p.device().setAnsweringMode(m, core::AnsweringMode::Parent);
    p.device().finishMeasurement(m, test::bundledForms());
    // And one from before Spor asked: not recorded.
    const auto old = p.device().startMeasurement(child, form, core::Occasion::Progression);
    p.device().answer(old, form.items[0].id, 3);
    p.device().finishMeasurement(old, test::bundledForms());

    const fs::path first = p.exportOne();
    p.approve(first);
    (void)p.coordinator.importBundleFile(first);
    std::map<std::string, std::string> modes;  // measurement uuid -> answering mode at the coordinator
    for (const StoredRecord& r : p.coordinator.records())
      if (r.kind == static_cast<std::uint8_t>(RecordKind::Measurement)) {
        const auto rec = decodeArchive<MeasurementRecord>(r.content, "measurement");
        modes[rec.id.str()] = rec.answeringMode;
      }
    REQUIRE(modes.size() == 2);
    CHECK(modes.at(p.device().measurement(m).uuid) == "parent");
    CHECK(modes.at(p.device().measurement(old).uuid).empty());

    // A bundle from this device whose measurement names a mode the format
    // does not know: refused as malformed, nothing stored.
    Records records = recordsFromChanges(p.device().changes(0, 1'000'000));
    REQUIRE(records.measurements.size() == 2);
    for (auto& rec : records.measurements) {
      rec.answeringMode = "teacher";
      rec.revision += 10;  // newer than what the coordinator holds
    }
    const auto ledger = p.coordinator.ledger();
    REQUIRE(ledger.size() == 1);
    NewBundle bundle;
    bundle.sequence = 2;
    bundle.previousBundleHash = std::get<2>(ledger[0]);
    bundle.records = records;
    bundle.createdAt = 1'760'000'000;
    bundle.softwareVersion = "spor test";
    // The writer keeps references: the keys must outlive it.
    const crypto::SigningKeyPair key = p.device().signingKey();
    const store::DeviceInfo info = p.device().device();
    const BundleWriter writer(p.deviceId(), key, info.coordinator->encryption);
    const fs::path bad = p.dir.path / "bad";
    fs::create_directories(bad);
    const fs::path badFile =
        writeFileDurably(bad, BundleWriter::fileName(p.deviceId(), 2), writer.encode(bundle).bytes, true);
    SPOR_CHECK_UNCHANGED(coordinatorStorePath(p.dir.path),
                         CHECK_THROWS_WITH_AS(p.coordinator.importBundleFile(badFile),
                                              Contains("unknown answering mode 'teacher'"), SyncError));
    const SyncError refused = [&] {
      try {
        (void)p.coordinator.importBundleFile(badFile);
      } catch (const SyncError& e) {
        return e;
      }
      return SyncError(SyncErrorKind::BadInput, "none");
    }();
    CHECK(refused.kind() == SyncErrorKind::Malformed);
    CHECK(p.coordinator.ledger().size() == 1);
    // The same bundle with a known mode is imported and replaces it.
    for (auto& rec : bundle.records.measurements) rec.answeringMode = "alone";
    const fs::path goodFile =
        writeFileDurably(bad, BundleWriter::fileName(p.deviceId(), 2), writer.encode(bundle).bytes, true);
    const ImportResult imported = p.coordinator.importBundleFile(goodFile);
    CHECK_FALSE(imported.alreadyImported);
    for (const StoredRecord& r : p.coordinator.records())
      if (r.kind == static_cast<std::uint8_t>(RecordKind::Measurement))
        CHECK(decodeArchive<MeasurementRecord>(r.content, "measurement").answeringMode == "alone");
  }

  TEST_CASE("the referral and its feedback travel with the enrolment and an unknown role or point is refused whole") {
    Pair p;
    const auto child = p.device().addChild(
        {.details = {.birthYear = 2014, .projectId = "strom", .interventions = {core::Intervention::Individual}}});
    const core::Date today = std::chrono::floor<std::chrono::days>(*p.clock.now);
    p.device().setReferral(child, {core::ReferrerRole::HealthVisitor, core::addDays(today, -10),
                                   core::ReportBack::Other, "Sundhedsplejerske Birte, 87 65 43 21"});
    p.device().addFeedback(child, {core::addDays(today, -2), core::FeedbackPoint::Intake, core::FeedbackForm::Written,
                                   "Mail sendt"});
    const fs::path first = p.exportOne();
    p.approve(first);
    (void)p.coordinator.importBundleFile(first);
    std::vector<ProjectEnrolmentRecord> got;
    for (const StoredRecord& r : p.coordinator.records())
      if (r.kind == static_cast<std::uint8_t>(RecordKind::ProjectEnrolment))
        got.push_back(decodeArchive<ProjectEnrolmentRecord>(r.content, "enrolment"));
    REQUIRE(got.size() == 1);
    CHECK(got[0].referralRole == "health_visitor");
    CHECK(got[0].referredOn == static_cast<DayNumber>(core::toDayNumber(core::addDays(today, -10))));
    CHECK(got[0].reportBack == "other");
    CHECK(got[0].referrer == "Sundhedsplejerske Birte, 87 65 43 21");
    REQUIRE(got[0].feedback.size() == 1);
    CHECK(got[0].feedback[0] ==
          FeedbackRecord{static_cast<DayNumber>(core::toDayNumber(core::addDays(today, -2))), "intake", "written",
                         "Mail sendt"});

    // A bundle whose enrolment names a role, a point or a form the format
    // does not know, or feedback without a referral: refused as malformed,
    // nothing stored.
    Records records = recordsFromChanges(p.device().changes(0, 1'000'000));
    REQUIRE(records.projectEnrolments.size() == 1);
    records.projectEnrolments[0].revision += 10;
    const auto ledger = p.coordinator.ledger();
    REQUIRE(ledger.size() == 1);
    const crypto::SigningKeyPair key = p.device().signingKey();
    const store::DeviceInfo info = p.device().device();
    const BundleWriter writer(p.deviceId(), key, info.coordinator->encryption);
    const fs::path bad = p.dir.path / "bad";
    fs::create_directories(bad);
    const auto attempt = [&](const std::function<void(ProjectEnrolmentRecord&)>& spoil, const std::string& said) {
      NewBundle bundle;
      bundle.sequence = 2;
      bundle.previousBundleHash = std::get<2>(ledger[0]);
      bundle.records = records;
      spoil(bundle.records.projectEnrolments[0]);
      bundle.createdAt = 1'760'000'000;
      bundle.softwareVersion = "spor test";
      const fs::path file =
          writeFileDurably(bad, BundleWriter::fileName(p.deviceId(), 2), writer.encode(bundle).bytes, true);
      SPOR_CHECK_UNCHANGED(coordinatorStorePath(p.dir.path),
                           CHECK_THROWS_WITH_AS(p.coordinator.importBundleFile(file), Contains(said.c_str()), SyncError));
      try {
        (void)p.coordinator.importBundleFile(file);
      } catch (const SyncError& e) {
        CHECK(e.kind() == SyncErrorKind::Malformed);
        CHECK(render(e.message(), Lang::Da).find("filen er beskadiget") == 0);
      }
    };
    attempt([](ProjectEnrolmentRecord& e) { e.referralRole = "teacher"; }, "unknown referrer role 'teacher'");
    attempt([](ProjectEnrolmentRecord& e) { e.reportBack = "everyone"; }, "unknown report-back 'everyone'");
    attempt([](ProjectEnrolmentRecord& e) { e.feedback[0].point = "lunch"; }, "feedback at unknown point 'lunch'");
    attempt([](ProjectEnrolmentRecord& e) { e.feedback[0].form = "pigeon"; }, "feedback in unknown form 'pigeon'");
    attempt([](ProjectEnrolmentRecord& e) { e.referredOn.reset(); }, "a referral without its day");
    attempt(
        [](ProjectEnrolmentRecord& e) {
          e.referralRole.clear();
          e.referredOn.reset();
          e.reportBack.clear();
          e.referrer.clear();
        },
        "referral details or feedback but no referral");
    CHECK(p.coordinator.ledger().size() == 1);
  }

  TEST_CASE("round trip: device to bundle to coordinator to receipt to purge") {
    Pair p;
    p.measure(5);
    const fs::path bundle = p.exportOne();
    CHECK(bundle.filename().string() == "spor-" + p.deviceId().shortStr() + "-000001.sporbundle");

    // The coordinator does not know the device yet: it is listed, not trusted.
    const SyncError unknown = [&] {
      try {
        (void)p.coordinator.importBundleFile(bundle);
      } catch (const SyncError& e) {
        return e;
      }
      return SyncError(SyncErrorKind::BadInput, "none");
    }();
    CHECK(unknown.kind() == SyncErrorKind::UnknownDevice);
    REQUIRE(p.coordinator.devices().size() == 1);
    CHECK(p.coordinator.devices()[0].approval == DeviceApproval::Pending);
    CHECK(p.coordinator.devices()[0].fingerprint == crypto::fingerprint(p.device().device().signingKey));
    CHECK(p.coordinator.records().empty());
    SPOR_CHECK_UNCHANGED(coordinatorStorePath(p.dir.path),
                         CHECK_THROWS_WITH_AS(p.coordinator.importBundleFile(bundle), Contains("is not approved yet"),
                                              SyncError));

    (void)p.coordinator.approveDevice(p.deviceId().shortStr());
    const ImportResult imported = p.coordinator.importBundleFile(bundle);
    CHECK_FALSE(imported.alreadyImported);
    CHECK(imported.newMeasurements == 1);
    // child, project enrolment, consent, measurement, five answers
    CHECK(imported.newRecords == 9);
    CHECK(imported.warnings.empty());
    CHECK(p.coordinator.records().size() == 9);

    // Receipt: the device marks bundle 1 acknowledged and may purge.
    const crypto::Bytes receipt = p.coordinator.makeReceipt(p.deviceId().str());
    const auto before = p.device().syncStatus();
    CHECK(before.unacknowledgedRecords > 0);
    p.clock.advance(std::chrono::hours(24 * 40));
    const ReceiptApplied applied =
        applyReceipt(p.device(), receipt, "r.sporreceipt", *p.clock.now - std::chrono::hours(24 * 30));
    CHECK(applied.receiptSequence == 1);
    CHECK(applied.throughSequence == 1);
    REQUIRE(applied.purged.has_value());
    CHECK(applied.purged->measurements == 1);
    CHECK(p.device().syncStatus().unacknowledgedRecords == 0);
    CHECK_FALSE(p.device().tombstones().empty());
    // Nothing left to send; the same receipt again is refused.
    CHECK_FALSE(exportBundle(p.device(), p.out, "spor test").has_value());
    SPOR_CHECK_UNCHANGED(p.dir.db(), CHECK_THROWS_WITH_AS(applyReceipt(p.device(), receipt, "r.sporreceipt"),
                                                          Contains("was already applied"), SyncError));
    // The coordinator still has everything.
    CHECK(p.coordinator.records().size() == 9);
  }

  TEST_CASE("a damaged bundle changes nothing at the coordinator") {
    Pair p;
    p.measure(2);
    const fs::path path = p.exportOne();
    p.approve(path);
    const crypto::Bytes good = readFileCapped(path, 1 << 24, Msg::FileBundle);
    const auto records = p.coordinator.records();
    const auto ledger = p.coordinator.ledger();
    REQUIRE(good.size() < 8192);
    std::size_t refused = 0;
    // Every truncation, and a flip of one bit (a different one each time) in every byte.
    for (std::size_t n = 0; n < good.size(); ++n) {
      refused += test::syncMessage([&] { (void)p.coordinator.importBundle(crypto::ByteView(good).first(n), "cut"); }) !=
                 "(no SyncError was thrown)";
    }
    crypto::Bytes flipped = good;
    for (std::size_t i = 0; i < good.size(); ++i) {
      flipped[i] = static_cast<std::uint8_t>(flipped[i] ^ (1u << (i % 8)));
      refused += test::syncMessage([&] { (void)p.coordinator.importBundle(flipped, "flipped"); }) !=
                 "(no SyncError was thrown)";
      flipped[i] = good[i];
    }
    CHECK(refused == 2 * good.size());
    CHECK(p.coordinator.records() == records);
    CHECK(p.coordinator.ledger() == ledger);
    CHECK(p.coordinator.devices().size() == 1);
    CHECK(p.coordinator.importBundle(good, "good").newMeasurements == 1);
  }

  TEST_CASE("the same bundle imported 1 and 2 and 10 times leaves the same contents") {
    Pair p;
    p.measure(3);
    const fs::path bundle = p.exportOne();
    p.approve(bundle);
    CHECK_FALSE(p.coordinator.importBundleFile(bundle).alreadyImported);
    const auto once = p.coordinator.records();
    const auto ledger = p.coordinator.ledger();
    for (int i = 2; i <= 10; ++i) {
      const ImportResult again = p.coordinator.importBundleFile(bundle);
      CHECK(again.alreadyImported);
      CHECK(again.newRecords == 0);
      if (i == 2) CHECK(p.coordinator.records() == once);
    }
    CHECK(p.coordinator.records() == once);
    CHECK(p.coordinator.ledger() == ledger);
  }

  TEST_CASE("five bundles imported in every order leave identical contents") {
    // Five overlapping bundles (no receipt in between, so each carries
    // everything not yet acknowledged), with records changed between them.
    Pair p;
    std::vector<crypto::Bytes> bundles;
    store::ChildId firstChild{};
    for (int i = 0; i < 5; ++i) {
      const auto m = p.measure(2 + i);
      if (i == 0) firstChild = p.device().measurement(m).child;
      if (i % 2 == 1) {  // a later bundle carries a newer revision of the first child
        auto details = p.device().child(firstChild).details;
        details.birthYear = 2010 + i;
        p.device().updateChild(firstChild, details);
      }
      bundles.push_back(readFileCapped(p.exportOne(), 1 << 24, Msg::FileBundle));
      p.clock.advance(std::chrono::minutes(5));
    }
    p.approve(p.out / BundleWriter::fileName(p.deviceId(), 1));
    // Every order starts from a copy of this coordinator: approved, nothing imported.
    const fs::path root = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    const fs::path work = root / ("spor-sync-orders-" + crypto::randomUuid().substr(0, 8));
    fs::create_directories(work);
    const fs::path base = work / "base.db";
    p.coordinator.database().execScript("VACUUM INTO '" + base.string() + "'");

    std::array<std::size_t, 5> order{0, 1, 2, 3, 4};
    std::vector<StoredRecord> reference;
    std::vector<std::tuple<Uuid, std::uint64_t, Hash>> referenceLedger;
    int permutations = 0;
    do {
      const fs::path path = work / ("order-" + std::to_string(permutations) + ".db");
      fs::copy_file(base, path);
      {
        CoordinatorStore c = CoordinatorStore::open(path, fastCoordinator(p.clock));
        c.unlock(kPassphrase);
        for (const std::size_t i : order) (void)c.importBundle(bundles[i], "bundle " + std::to_string(i + 1));
        if (permutations == 0) {
          reference = c.records();
          referenceLedger = c.ledger();
        } else {
          const bool same = c.records() == reference && c.ledger() == referenceLedger;
          if (!same) FAIL_CHECK("order ", order[0], order[1], order[2], order[3], order[4], " differs");
        }
      }
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
      ++permutations;
    } while (std::next_permutation(order.begin(), order.end()));
    fs::remove_all(work);
    CHECK(permutations == 120);
    CHECK(referenceLedger.size() == 5);
    // 5 children, 5 enrolments, 5 consents, 5 measurements, 2+3+4+5+6 answers
    CHECK(reference.size() == 40);
    // The newest birth year won, whatever the order.
    std::size_t children = 0;
    for (const auto& r : reference) {
      if (r.kind != static_cast<std::uint8_t>(RecordKind::Child)) continue;
      const auto child = decodeArchive<ChildRecord>(r.content, "child");
      if (child.birthYear != 2014) {
        CHECK(child.birthYear == 2013);
        ++children;
      }
    }
    CHECK(children == 1);
  }

  TEST_CASE("the coordinator refuses a second bundle with a used number and a locked store") {
    Pair p;
    p.measure(2);
    const fs::path first = p.exportOne();
    p.approve(first);
    (void)p.coordinator.importBundleFile(first);
    // The device's store restored from a backup: bundle 1 again, other contents.
    test::TempDir other("sync-restored");
    const auto forged = [&] {
      const auto info = p.device().device();
      const auto key = p.device().signingKey();
      const BundleWriter writer(p.deviceId(), key, info.coordinator->encryption);
      NewBundle b;
      b.records.children.push_back({Uuid::random(), 1, 0, "X", "", 0, ""});
      return writer.encode(b).bytes;
    }();
    std::string message;
    SPOR_CHECK_UNCHANGED(coordinatorStorePath(p.dir.path),
                         message = test::syncMessage([&] { (void)p.coordinator.importBundle(forged, "again.sporbundle"); }));
    CHECK(test::contains(message, "bundle 'again.sporbundle': device " + p.deviceId().str() +
                                      " already sent a different bundle number 1"));
    CHECK(p.coordinator.ledger().size() == 1);

    CoordinatorStore locked = CoordinatorStore::open(coordinatorStorePath(p.dir.path), fastCoordinator(p.clock));
    SPOR_CHECK_UNCHANGED(coordinatorStorePath(p.dir.path),
                         CHECK_THROWS_AS(locked.importBundleFile(first), store::NotUnlockedError));
    CHECK_THROWS_AS(locked.unlock("wrong passphrase"), store::WrongSecretError);
    locked.unlock(kPassphrase);
    CHECK(locked.importBundleFile(first).alreadyImported);
  }

  TEST_CASE("missing bundle numbers are reported") {
    Pair p;
    p.measure(1);
    const fs::path b1 = p.exportOne();
    p.measure(1);
    (void)p.exportOne();
    p.measure(1);
    const fs::path b3 = p.exportOne();
    p.approve(b1);
    (void)p.coordinator.importBundleFile(b1);
    const ImportResult r3 = p.coordinator.importBundleFile(b3);
    REQUIRE(r3.warnings.size() == 1);
    CHECK(
        test::contains(render(r3.warnings[0], Lang::En), "bundle 2 from device " + p.deviceId().shortStr() + " have not been imported"));
    CHECK(p.coordinator.devices()[0].missingSequences == std::vector<std::uint64_t>{2});
    // A receipt acknowledges 1 and 3, not 2.
    const Receipt receipt =
        readReceipt(p.coordinator.makeReceipt(p.deviceId().str()), "r",
                    {p.deviceId(), p.enrolment.receipts(), p.enrolment.coordinatorFingerprint(), 0});
    CHECK(receipt.acknowledgedSequences() == std::vector<std::uint64_t>{1, 3});
  }

  TEST_CASE("a fork in the hash chain is imported with a warning naming device and sequences and kept in the ledger") {
    Pair p;
    p.measure(1);
    const fs::path b1 = p.exportOne();
    p.measure(1);
    const fs::path b2 = p.exportOne();
    p.approve(b1);
    CHECK(p.coordinator.importBundleFile(b1).warnings.empty());
    const ImportResult r2 = p.coordinator.importBundleFile(b2);
    CHECK(r2.warnings.empty());  // a chain that holds says nothing

    // Bundles the same device key signed after its store was restored or
    // copied: 3 names another bundle 2 as its predecessor.
    const auto info = p.device().device();
    const crypto::SigningKeyPair key = p.device().signingKey();
    const BundleWriter writer(p.deviceId(), key, info.coordinator->encryption);
    const auto forge = [&](std::uint64_t sequence, const Hash& previous) {
      NewBundle b;
      b.sequence = sequence;
      b.previousBundleHash = previous;
      b.records.children.push_back({Uuid::random(), 1, 0, "K" + std::to_string(sequence), "", 0, ""});
      return writer.encode(b);
    };
    Hash otherTwo{};
    otherTwo.fill(0xAB);
    const EncodedBundle b3 = forge(3, otherTwo);
    const ImportResult r3 = p.coordinator.importBundle(b3.bytes, "b3.sporbundle");
    CHECK(r3.newRecords == 1);  // imported all the same: refusing would lose data
    REQUIRE(r3.warnings.size() == 1);
    CHECK(test::contains(render(r3.warnings[0], Lang::En), "device " + p.deviceId().shortStr() +
                                             ": bundle 3 does not follow bundle 2 in the ledger (it names abababababababab"));
    CHECK(test::contains(render(r3.warnings[0], Lang::En), "restored from a backup or copied to another tablet"));
    REQUIRE(p.coordinator.chainBreaks().size() == 1);
    const ChainBreak fork = p.coordinator.chainBreaks()[0];
    CHECK(fork.device == p.deviceId());
    CHECK(fork.sequence == 3);
    CHECK(fork.found == otherTwo);
    const auto ledger = p.coordinator.ledger();
    CHECK(fork.expected == std::get<2>(ledger[1]));
    // Again: already imported, nothing new said or stored.
    CHECK(p.coordinator.importBundle(b3.bytes, "b3.sporbundle").alreadyImported);
    CHECK(p.coordinator.chainBreaks().size() == 1);

    // Out of order: 5 (which does not follow the real 4) before 4. 5 warns of
    // the gap; 4 follows 3 and finds that 5 does not follow it.
    const EncodedBundle b4 = forge(4, b3.hash);
    const EncodedBundle b5 = forge(5, otherTwo);
    const ImportResult r5 = p.coordinator.importBundle(b5.bytes, "b5.sporbundle");
    REQUIRE(r5.warnings.size() == 1);
    CHECK(test::contains(render(r5.warnings[0], Lang::En), "bundle 4 from device"));  // the gap, as before
    const ImportResult r4 = p.coordinator.importBundle(b4.bytes, "b4.sporbundle");
    REQUIRE(r4.warnings.size() == 1);
    CHECK(test::contains(render(r4.warnings[0], Lang::En), "bundle 5 does not follow bundle 4"));
    CHECK(p.coordinator.devices()[0].chainBreaks == std::vector<std::uint64_t>{3, 5});
    CHECK(p.coordinator.devices()[0].missingSequences.empty());
    CHECK(p.coordinator.ledger().size() == 5);
  }

  TEST_CASE("form packages: publish on the coordinator and install on the device") {
    Pair p;
    const fs::path forms = p.dir.path / "forms";
    const crypto::Bytes v1 = p.coordinator.publishForms(SPOR_TEST_FORMS_DIR, "first");
    const crypto::Bytes v2 = p.coordinator.publishForms(SPOR_TEST_FORMS_DIR, "second");
    CHECK(p.coordinator.formsVersion() == 2);
    CHECK(installFormPackage(p.device(), v1, "v1.sporforms", forms).version == 1);
    CHECK(installedFormsVersion(forms) == 1);
    CHECK(fs::exists(forms / "child" / "barn.json"));
    CHECK(installFormPackage(p.device(), v2, "v2.sporforms", forms).version == 2);
    SPOR_CHECK_ALL_UNCHANGED(p.dir.db(), (forms),
                             CHECK_THROWS_WITH_AS(installFormPackage(p.device(), v1, "v1.sporforms", forms),
                                                  Contains("older than the installed version 2"), SyncError));
    CHECK(installedFormsVersion(forms) == 2);

    // Forms with a mistake are never published.
    const fs::path broken = p.dir.path / "broken";
    fs::copy(SPOR_TEST_FORMS_DIR, broken, fs::copy_options::recursive);
    { std::ofstream(broken / "scales.json") << "{ not json"; }
    SPOR_CHECK_ALL_UNCHANGED(coordinatorStorePath(p.dir.path), (broken),
                             CHECK_THROWS_WITH_AS(p.coordinator.publishForms(broken, "x"),
                                                  Contains("have mistakes, so no package was made"), SyncError));
    CHECK(p.coordinator.formsVersion() == 2);
  }

  TEST_CASE("form packages: the store keeps the installed version so a deleted folder or a cut install never goes back") {
    Pair p;
    const fs::path forms = p.dir.path / "forms";
    const FormsCopies copies = [&] {
      const crypto::Bytes v1 = p.coordinator.publishForms(SPOR_TEST_FORMS_DIR, "first");
      const crypto::Bytes v2 = p.coordinator.publishForms(SPOR_TEST_FORMS_DIR, "second");
      REQUIRE(installFormPackage(p.device(), v1, "v1.sporforms", forms).version == 1);
      fs::copy(forms, p.dir.path / "v1copy", fs::copy_options::recursive);
      REQUIRE(installFormPackage(p.device(), v2, "v2.sporforms", forms).version == 2);
      fs::copy(forms, p.dir.path / "v2copy", fs::copy_options::recursive);
      return FormsCopies{v1, p.dir.path / "v1copy", p.dir.path / "v2copy"};
    }();
    CHECK(p.device().formsPackageVersion() == 2);
    const fs::path incoming = p.dir.path / ".forms.incoming";
    const fs::path old = p.dir.path / ".forms.old";
    const auto put = [](const fs::path& from, const fs::path& to) {
      fs::remove_all(to);
      fs::copy(from, to, fs::copy_options::recursive);
    };

    // Cut after the version was recorded, before the swap: the next load finishes it.
    put(copies.v1, forms);
    put(copies.v2, incoming);
    CHECK(loadInstalledForms(p.device(), forms)->version == 2);
    CHECK_FALSE(fs::exists(incoming));
    // Cut inside the swap (the old folder moved aside, the new one not yet in place).
    fs::remove_all(forms);
    put(copies.v1, old);
    put(copies.v2, incoming);
    CHECK(loadInstalledForms(p.device(), forms)->version == 2);
    CHECK_FALSE(fs::exists(incoming));
    CHECK_FALSE(fs::exists(old));
    // Cut before the version was recorded: the half-written folder goes, the installed one stays.
    put(copies.v2, incoming);
    { std::ofstream(incoming / ".spor-forms-package") << "3\n"; }
    CHECK(loadInstalledForms(p.device(), forms)->version == 2);
    CHECK_FALSE(fs::exists(incoming));

    // The folder deleted: said, never a silent fall-back to the forms that came with Spor.
    fs::remove_all(forms);
    CHECK_THROWS_WITH_AS(loadInstalledForms(p.device(), forms),
                         Contains("is missing, but this device installed form package version 2"), SyncError);
    // And the older package is still refused, with no folder to say which was installed.
    SPOR_CHECK_ALL_UNCHANGED(p.dir.db(), (forms),
                             CHECK_THROWS_WITH_AS(installFormPackage(p.device(), copies.package1, "v1.sporforms", forms),
                                                  Contains("older than the installed version 2"), SyncError));
    // An older folder put back: refused, with what to do.
    put(copies.v1, forms);
    SPOR_CHECK_ALL_UNCHANGED(p.dir.db(), (forms),
                             CHECK_THROWS_WITH_AS(loadInstalledForms(p.device(), forms),
                                                  Contains("are form package version 1, older than version 2"),
                                                  SyncError));
    SPOR_CHECK_ALL_UNCHANGED(p.dir.db(), (forms),
                             CHECK_THROWS_WITH_AS(installFormPackage(p.device(), copies.package1, "v1.sporforms", forms),
                                                  Contains("older than the installed version 2"), SyncError));
    // The store's own record cannot be lowered, and says so in the catalogue's words.
    SPOR_CHECK_UNCHANGED(p.dir.db(), {
      try {
        p.device().recordFormsPackage(2);
        FAIL("version 2 again was recorded");
      } catch (const store::InvalidRequestError& e) {
        CHECK(render(e.message(), Lang::En) ==
              "form package version 2 is not above version 2, which this device installed before; a device never "
              "goes back to older forms, so nothing was changed");
        CHECK(render(e.message(), Lang::Da).find("går aldrig tilbage til ældre skemaer") != std::string::npos);
      }
    });
    SPOR_CHECK_UNCHANGED(p.dir.db(), CHECK_THROWS_AS(p.device().recordFormsPackage(1), store::InvalidRequestError));
    CHECK(p.device().formsPackageVersion() == 2);
  }

  TEST_CASE("form packages: refused while a started questionnaire uses a form the package changes") {
    Pair p;
    const fs::path forms = p.dir.path / "forms";
    // The same forms, but the child questionnaire in a new version.
    const fs::path changed = p.dir.path / "changed";
    spor::support::copyFormsWithVersion(SPOR_TEST_FORMS_DIR, changed, "child/barn.json", 2);
    const crypto::Bytes v1 = p.coordinator.publishForms(SPOR_TEST_FORMS_DIR, "first");
    const crypto::Bytes v2 = p.coordinator.publishForms(changed, "barn version 2");
    const crypto::Bytes v3 = p.coordinator.publishForms(SPOR_TEST_FORMS_DIR, "barn as before");
    const crypto::Bytes v4 = p.coordinator.publishForms(changed, "barn version 2 again");
    REQUIRE(installFormPackage(p.device(), v1, "v1.sporforms", forms).version == 1);

    // A paused questionnaire, started with barn version 1.
    const auto child = p.device().addChild({.details = {.nickname = "Mads",
                                                        .birthYear = 2014,
                                                        .gender = store::Gender::Boy,
                                                        .projectId = "strom",
                                                        .interventions = {core::Intervention::Individual}},
                                            .enrolledOn = std::nullopt});
    const std::string code = p.device().child(child).code;
    p.device().recordConsent(child, {.givenBy = "mor", .givenOn = std::chrono::floor<std::chrono::days>(*p.clock.now)});
    const auto& form = test::bundledForms().primaryChildForm();
    REQUIRE(form.version == 1);
    const auto m = p.device().startMeasurement(child, form, core::Occasion::Before);
    p.device().answer(m, form.items[0].id, 2);
    p.device().pause(m);

    // Refused, with who and what to do; nothing installed, nothing left behind.
    const auto unfinished = p.device().unfinishedResponses();
    REQUIRE(unfinished.size() == 1);
    CHECK(unfinished[0].childCode == code);
    const std::string storeBefore = test::storeHash(p.dir.db());
    const std::string formsBefore = test::pathHash(forms);
    try {
      (void)installFormPackage(p.device(), v2, "v2.sporforms", forms);
      FAIL("installed a package that changes a started questionnaire's form");
    } catch (const FormsInUseError& e) {
      CHECK(test::storeHash(p.dir.db()) == storeBefore);  // nothing changed: the store and the forms folder
      CHECK(test::pathHash(forms) == formsBefore);
      CHECK(e.kind() == SyncErrorKind::FormsInUse);
      CHECK(test::contains(e.what(), "nothing was installed"));
      CHECK(test::contains(e.what(), "finish or abandon the started questionnaires first: " + code +
                                         " foer (form barn version 1)"));
      REQUIRE(e.started().size() == 1);
      CHECK(e.started()[0].occasion == core::Occasion::Before);
    }
    CHECK(installedFormsVersion(forms) == 1);
    CHECK(loadInstalledForms(p.device(), forms)->forms.childForms.at("barn").version == 1);
    CHECK_FALSE(fs::exists(p.dir.path / ".forms.incoming"));

    // The CLI checks the file before asking for the PIN, on the locked store: refused the same way.
    {
      const fs::path file = p.dir.path / "v2.sporforms";
      static_cast<void>(writeFileDurably(p.dir.path, "v2.sporforms", v2));
      const store::DeviceStore locked = store::DeviceStore::open(p.dir.db(), test::fastOptions(p.clock));
      const std::string expected = "finish or abandon the started questionnaires first: " + code + " foer";
      SPOR_CHECK_ALL_UNCHANGED(p.dir.db(), (file, forms),
                               CHECK_THROWS_WITH_AS(static_cast<void>(checkFormPackageFile(locked, file, forms)),
                                                    Contains(expected.c_str()), FormsInUseError));
    }
    CHECK(installedFormsVersion(forms) == 1);

    // A package that keeps barn at version 1 installs; the paused one still fits it.
    CHECK(installFormPackage(p.device(), v3, "v3.sporforms", forms).version == 3);

    // Abandoned ("Opgiv"): the changed forms install.
    p.device().abandon(m);
    CHECK(p.device().unfinishedResponses().empty());
    CHECK(installFormPackage(p.device(), v4, "v4.sporforms", forms).version == 4);
    CHECK(loadInstalledForms(p.device(), forms)->forms.childForms.at("barn").version == 2);
  }

  TEST_CASE("visitRecords hands over the records of records() one at a time and needs the passphrase") {
    Pair p;
    p.measure(3);
    const fs::path bundle = p.exportOne();
    p.approve(bundle);
    (void)p.coordinator.importBundleFile(bundle);
    std::vector<StoredRecord> visited;
    const auto cache = p.coordinator.database().queryInt("PRAGMA cache_size");
    p.coordinator.visitRecords([&](const StoredRecord& r) {
      CHECK(p.coordinator.database().queryInt("PRAGMA cache_size") == -4096);  // a small cache for the scan
      visited.push_back(r);
    });
    CHECK(p.coordinator.database().queryInt("PRAGMA cache_size") == cache);  // and the import's back
    CHECK(visited.size() == 7);  // child, enrolment, consent, measurement, three answers
    // The same records; records() sorts them by id, visitRecords keeps storage order.
    const auto byId = [](const StoredRecord& a, const StoredRecord& b) { return a.id < b.id; };
    std::sort(visited.begin(), visited.end(), byId);
    const std::vector<StoredRecord> all = p.coordinator.records();
    CHECK(visited == all);
    CHECK(std::is_sorted(all.begin(), all.end(), byId));

    CoordinatorStore locked = CoordinatorStore::open(coordinatorStorePath(p.dir.path), fastCoordinator(p.clock));
    std::size_t calls = 0;
    SPOR_CHECK_UNCHANGED(coordinatorStorePath(p.dir.path),
                         CHECK_THROWS_WITH_AS(locked.visitRecords([&](const StoredRecord&) { ++calls; }),
                                              Contains("is locked"), store::NotUnlockedError));
    CHECK(calls == 0);
  }

}  // TEST_SUITE

namespace {

// True when a stored record holds anything of the child `child` or of its
// measurements (a deletion tombstone holds nothing and does not count).
bool holdsChildData(const StoredRecord& r, const Uuid& child, std::set<Uuid>& measurements) {
  switch (static_cast<RecordKind>(r.kind)) {
    case RecordKind::Child: return decodeArchive<ChildRecord>(r.content, "child").id == child;
    case RecordKind::Consent: return decodeArchive<ConsentRecord>(r.content, "consent").child == child;
    case RecordKind::ProjectEnrolment:
      return decodeArchive<ProjectEnrolmentRecord>(r.content, "enrolment").child == child;
    case RecordKind::Measurement: {
      const auto m = decodeArchive<MeasurementRecord>(r.content, "measurement");
      if (m.child == child) measurements.insert(m.id);
      return m.child == child;
    }
    case RecordKind::Answer:
      return measurements.count(decodeArchive<AnswerRecord>(r.content, "answer").measurement) > 0;
    case RecordKind::Background: return decodeArchive<BackgroundRecord>(r.content, "background").child == child;
    case RecordKind::SafeguardingFlag: return decodeArchive<SafeguardingFlagRecord>(r.content, "flag").child == child;
    default: return false;
  }
}

}  // namespace

TEST_SUITE("sync") {
  TEST_CASE("a child deleted on the device is deleted at the coordinator in every import order and stays deleted") {
    Pair p;
    const auto gone = p.device().measurement(p.measure(4)).child;
    const auto stays = p.device().measurement(p.measure(3)).child;
    const Uuid goneId = Uuid::parse(p.device().child(gone).uuid);
    std::set<Uuid> goneMeasurements;
    for (const auto& m : p.device().measurements(gone)) goneMeasurements.insert(Uuid::parse(m.uuid));
    std::vector<crypto::Bytes> bundles;
    bundles.push_back(readFileCapped(p.exportOne(), 1 << 24, Msg::FileBundle));  // both children
    // A second measurement of the child and a background form, then a bundle.
    p.clock.advance(std::chrono::hours(24));
    const auto& form = test::bundledForms().primaryChildForm();
    const auto progression = p.device().startMeasurement(gone, form, core::Occasion::Progression);
    p.device().answer(progression, form.items[0].id, 2);
    p.device().pause(progression);
    goneMeasurements.insert(Uuid::parse(p.device().measurement(progression).uuid));
    const auto bg = p.device().startBackground(gone, *test::bundledForms().background);
    p.device().answer(bg, "gender", {.codes = {2}});
    bundles.push_back(readFileCapped(p.exportOne(), 1 << 24, Msg::FileBundle));
    // The parents ask for deletion.
    p.device().deleteChild(gone);
    const auto last = exportBundle(p.device(), p.out, "spor test");
    REQUIRE(last.has_value());
    bundles.push_back(readFileCapped(last->bundle.path, 1 << 24, Msg::FileBundle));
    p.approve(p.out / BundleWriter::fileName(p.deviceId(), 1));
    const fs::path root = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    const fs::path work = root / ("spor-sync-delete-" + crypto::randomUuid().substr(0, 8));
    fs::create_directories(work);
    const fs::path base = work / "base.db";
    p.coordinator.database().execScript("VACUUM INTO '" + base.string() + "'");

    std::array<std::size_t, 3> order{0, 1, 2};
    std::vector<StoredRecord> reference;
    int permutations = 0;
    do {
      CAPTURE(order[0]);
      CAPTURE(order[1]);
      CAPTURE(order[2]);
      const fs::path path = work / ("order-" + std::to_string(permutations) + ".db");
      fs::copy_file(base, path);
      {
        CoordinatorStore c = CoordinatorStore::open(path, fastCoordinator(p.clock));
        c.unlock(kPassphrase);
        std::size_t deleted = 0;
        for (const std::size_t i : order) deleted += c.importBundle(bundles[i], "bundle").deletedRecords;
        CHECK(deleted > 0);
        const auto records = c.records();
        std::set<Uuid> measurements = goneMeasurements;
        std::size_t tombstones = 0;
        for (const auto& r : records) {
          CHECK_FALSE(holdsChildData(r, goneId, measurements));
          if (r.kind == 9) {
            ++tombstones;
            const auto t = decodeArchive<TombstoneRecord>(r.content, "tombstone");
            CHECK(t.reason == TombstoneReason::Deleted);
          }
        }
        // child, consent, two measurements, background form
        CHECK(tombstones == 5);
        if (permutations == 0) {
          reference = records;
        } else {
          CHECK(records == reference);
        }
        // The same bundles again change nothing.
        for (const auto& b : bundles) CHECK(c.importBundle(b, "again").alreadyImported);
        CHECK(c.records() == records);
      }
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
      ++permutations;
    } while (std::next_permutation(order.begin(), order.end()));
    fs::remove_all(work);
    CHECK(permutations == 6);
    // The other child is all there: child, enrolment, consent, measurement, 3 answers.
    std::set<Uuid> measurementsKept;
    std::size_t kept = 0;
    const Uuid staysId = Uuid::parse(p.device().child(stays).uuid);
    for (const auto& r : reference) (void)holdsChildData(r, staysId, measurementsKept);  // finds the measurement
    for (const auto& r : reference)
      if (holdsChildData(r, staysId, measurementsKept)) ++kept;
    CHECK(kept == 7);
  }

  TEST_CASE("deletion tombstones are sent until a receipt acknowledges them") {
    Pair p;
    const auto child = p.device().measurement(p.measure(2)).child;
    const fs::path first = p.exportOne();
    p.approve(first);
    (void)p.coordinator.importBundleFile(first);
    p.device().deleteChild(child);
    const PendingCounts waiting = pendingCounts(p.device());
    CHECK(waiting.deletedChildren == 1);  // what the sync screen says waits
    CHECK(waiting.records == 3);
    // Two bundles before any receipt: both carry the deletion.
    for (int i = 0; i < 2; ++i) {
      const auto bundle = exportBundle(p.device(), p.out, "spor test");
      REQUIRE(bundle.has_value());
      CHECK(bundle->records == 3);  // child, consent and measurement tombstones
      const ImportResult r = p.coordinator.importBundleFile(bundle->bundle.path);
      if (i == 0) {
        CHECK(r.deletedRecords == 3);  // the enrolment and two answers, with no tombstone of their own
        CHECK(r.updatedRecords == 3);  // child, consent and measurement replaced by their tombstones
      } else {
        CHECK(r.deletedRecords == 0);
        CHECK(r.duplicateRecords == 3);
      }
    }
    CHECK(p.coordinator.records().size() == 3);
    const ReceiptApplied applied = applyReceipt(p.device(), p.coordinator.makeReceipt(p.deviceId().str()), "r");
    CHECK(applied.throughSequence == 3);
    CHECK_FALSE(exportBundle(p.device(), p.out, "spor test").has_value());
  }
}

// The use cases the command line and the app share (issue 11, item 3).
TEST_SUITE("sync") {
  TEST_CASE("a device is enrolled from an enrolment file read once with a size cap") {
    test::TempDir dir("enrol");
    test::FakeClock clock;
    CoordinatorStore coordinator = CoordinatorStore::create(coordinatorStorePath(dir.path), "Frivilligcenter Aarhus",
                                                            kPassphrase, fastCoordinator(clock));
    const fs::path file = writeFileDurably(dir.path, "c.sporenrol", coordinator.enrolmentFile());
    const Enrolment enrolment = readEnrolmentFile(file);
    CHECK(enrolment.coordinatorName == "Frivilligcenter Aarhus");
    // The file may go away once read: enrolling uses what was read.
    fs::remove(file);
    const fs::path data = dir.path / "device" / "data";  // made when missing
    store::CreatedDevice created = enrolDevice(data, enrolment, "Anna", test::kPin, test::fastOptions(clock));
    CHECK(created.store.path() == store::deviceStorePath(data));
    const store::DeviceInfo info = created.store.device();
    REQUIRE(info.coordinator);
    CHECK(*info.coordinator == coordinatorKeys(enrolment));
    CHECK(info.recoveryRecipient == enrolment.recovery());
    CHECK_FALSE(info.demo);
    CHECK_FALSE(created.demoRecoveryKey);

    // Too large, a folder, missing: refused by name, nothing read whole.
    const fs::path big = dir.path / "big.sporenrol";
    { std::ofstream(big) << std::string(static_cast<std::size_t>(kMaxEnrolmentFileBytes) + 1, 'x'); }
    CHECK_THROWS_WITH_AS((void)readEnrolmentFile(big), Contains("more than the 1048576 bytes a enrolment file may be"),
                         SyncError);
    CHECK_THROWS_WITH_AS((void)readEnrolmentFile(dir.path), Contains("it is not a regular file"), SyncError);
    CHECK_THROWS_WITH_AS((void)readEnrolmentFile(dir.path / "nope.sporenrol"), Contains("cannot open it"), SyncError);
  }

  TEST_CASE("the bundles in a folder are listed and imported each on its own") {
    Pair p;
    p.measure(3);
    const fs::path first = p.exportOne();
    p.measure(2);
    const fs::path second = p.exportOne();
    // Other files and folders in the folder are not bundles.
    std::ofstream(p.out / "notes.txt") << "hello";
    fs::create_directories(p.out / "old.sporbundle");
    CHECK(bundlesIn(p.out) == std::vector<fs::path>{first, second});
    CHECK(bundlesIn(second) == std::vector<fs::path>{second});
    CHECK_THROWS_WITH_AS((void)bundlesIn(p.dir.path / "nowhere"),
                         Contains("does not exist: check the path, or whether the USB stick is plugged in"), SyncError);
    fs::create_directories(p.dir.path / "empty");
    CHECK_THROWS_WITH_AS((void)bundlesIn(p.dir.path / "empty"), Contains("holds no bundles (.sporbundle files)"),
                         SyncError);

    // A damaged copy between the two: refused in its outcome; the others are imported.
    p.approve(first);
    crypto::Bytes bytes = readFileCapped(second, kMaxBundleFileBytes, Msg::FileBundle);
    bytes[300] ^= 1;
    const fs::path damaged = writeFileDurably(p.out, "damaged.sporbundle", bytes);
    const auto outcomes = importBundles(p.coordinator, {first, damaged, second});
    REQUIRE(outcomes.size() == 3);
    CHECK(outcomes[0].result);
    CHECK(outcomes[0].result->newMeasurements == 1);
    CHECK_FALSE(outcomes[1].result);
    REQUIRE(outcomes[1].refused);
    CHECK(render(*outcomes[1].refused, Lang::En).find("damaged.sporbundle") != std::string::npos);
    CHECK(outcomes[2].result);
    CHECK(outcomes[2].result->sequence == 2);
    // Again: both already imported, the damaged one refused again.
    const auto again = importBundles(p.coordinator, bundlesIn(p.out));
    REQUIRE(again.size() == 3);
    CHECK(again[0].refused);  // damaged.sporbundle sorts first
    CHECK(again[1].result->alreadyImported);
    CHECK(again[2].result->alreadyImported);
  }

  TEST_CASE(
      "the device sync status is kept by the store: the last bundle exported and the last receipt applied and what "
      "waits") {
    Pair p;
    store::SyncStatus s = p.device().syncStatus();
    CHECK(s.lastBundle == 0);
    CHECK_FALSE(s.lastBundleAt);
    CHECK(s.lastReceipt == 0);
    CHECK_FALSE(s.lastReceiptAt);
    p.measure(3);
    CHECK(p.device().syncStatus().unacknowledgedRecords > 0);
    p.clock.advance(std::chrono::minutes(5));
    const fs::path bundle = p.exportOne();
    s = p.device().syncStatus();
    CHECK(s.lastBundle == 1);
    CHECK(s.lastBundleAt == *p.clock.now);
    p.approve(bundle);
    (void)p.coordinator.importBundleFile(bundle);
    const fs::path receipt = writeFileDurably(p.out, "r.sporreceipt", p.coordinator.makeReceipt(p.deviceId().str()));
    p.clock.advance(std::chrono::hours(2));
    const ReceiptApplied applied = applyReceiptFile(p.device(), receipt);
    CHECK(applied.receiptSequence == 1);
    s = p.device().syncStatus();
    CHECK(s.lastReceipt == 1);
    CHECK(s.lastReceiptAt == *p.clock.now);
    CHECK(s.lastBundle == 1);
    CHECK(s.unacknowledgedRecords == 0);
    CHECK(pendingCounts(p.device()).records == 0);
  }

  TEST_CASE("coordinator set-up is all or nothing: a full disk leaves nothing, a retry works, a cut-off set-up is cleared") {
    const test::TempDir dir("coord-setup");
    const test::FakeClock clock;
    const fs::path path = coordinatorStorePath(dir.path);
    const auto listing = [&] {
      std::vector<std::string> names;
      for (const auto& e : fs::directory_iterator(dir.path)) {
        const std::string n = e.path().filename().string();
        if (n.size() < 4 || (n.substr(n.size() - 4) != "-wal" && n.substr(n.size() - 4) != "-shm")) names.push_back(n);
      }
      std::sort(names.begin(), names.end());
      return names;
    };

    SUBCASE("the disk fills while the enrolment file is written") {
      simulateFullDiskForTesting(100);
      CHECK_THROWS_WITH_AS(setUpCoordinator(dir.path, "Strøm", kPassphrase, dir.path, fastCoordinator(clock)),
                           Contains("full"), SyncError);
      simulateFullDiskForTesting(std::nullopt);
      CHECK(listing().empty());  // no 0-byte store, no temporary file, no enrolment file
      CHECK_FALSE(CoordinatorStore::exists(path));
      const auto made = setUpCoordinator(dir.path, "Strøm", kPassphrase, dir.path, fastCoordinator(clock));
      CHECK(fs::exists(made.enrolmentFile));
      CHECK(listing() == std::vector<std::string>{"coordinator.db", made.enrolmentFile.filename().string()});
    }
    SUBCASE("a set-up killed after the enrolment file and before the rename is cleared on the next try") {
      std::string orphan;
      // The hook runs where a kill would leave the complete temporary store
      // and its enrolment file: stop there, as a kill would.
      struct Cut {};
      CHECK_THROWS_AS(CoordinatorStore::create(path, "Strøm", kPassphrase, fastCoordinator(clock),
                                               [&](const CoordinatorStore& s) {
                                                 orphan = writeEnrolmentFile(s, dir.path).filename().string();
                                                 fs::copy_file(store::setUpPath(path), dir.path / "kept.setup");
                                                 fs::copy_file(store::setUpPath(path).string() + "-wal",
                                                               dir.path / "kept.setup-wal");
                                                 throw Cut{};
                                               }),
                      Cut);
      // What the kill would have left: the temporary store and the enrolment file.
      fs::rename(dir.path / "kept.setup", store::setUpPath(path));
      fs::rename(dir.path / "kept.setup-wal", store::setUpPath(path).string() + "-wal");
      REQUIRE(fs::exists(dir.path / orphan));
      CHECK_FALSE(CoordinatorStore::exists(path));  // and clears both
      CHECK(listing().empty());
      const auto made = setUpCoordinator(dir.path, "Strøm", kPassphrase, dir.path, fastCoordinator(clock));
      CHECK(made.enrolmentFile.filename().string() != orphan);
      CHECK(listing().size() == 2);
    }
    SUBCASE("the enrolment file is written again from the store, byte for byte") {
      const auto made = setUpCoordinator(dir.path, "Strøm", kPassphrase, dir.path, fastCoordinator(clock));
      const crypto::Bytes first = readFileCapped(made.enrolmentFile, 1 << 20, Msg::FileEnrolment);
      fs::remove(made.enrolmentFile);
      CoordinatorStore again = CoordinatorStore::open(path, fastCoordinator(clock));
      SPOR_CHECK_ALL_UNCHANGED(path, (dir.path),
                               CHECK_THROWS_AS(static_cast<void>(writeEnrolmentFile(again, dir.path)),
                                               store::NotUnlockedError));
      again.unlock(kPassphrase);
      CHECK(writeEnrolmentFile(again, dir.path) == made.enrolmentFile);
      CHECK(readFileCapped(made.enrolmentFile, 1 << 20, Msg::FileEnrolment) == first);
      CHECK(writeEnrolmentFile(again, dir.path / "copy.sporenrol") == dir.path / "copy.sporenrol");
    }
  }

  TEST_CASE("every refused bundle, and one already imported, leaves the coordinator store byte-identical: no passphrase asked") {
    Pair p;
    p.measure(2);
    const fs::path path = p.exportOne();
    p.approve(path);
    (void)p.coordinator.importBundleFile(path);
    const crypto::Bytes good = readFileCapped(path, 1 << 24, Msg::FileBundle);
    const fs::path db = coordinatorStorePath(p.dir.path);
    // As `spor import` does: a locked store, unlocked only when a file needs it.
    CoordinatorStore locked = CoordinatorStore::open(db, fastCoordinator(p.clock));
    int unlocks = 0;
    const auto import = [&](const crypto::Bytes& bytes) {
      const fs::path file = writeFileDurably(p.out, "try.sporbundle", bytes, true);
      return importBundles(locked, {file}, [&] {
        ++unlocks;
        locked.unlock(kPassphrase);
      });
    };
    int refused = 0;
    // Cuts and flipped bits: every position in the header and its signature, then every 13th.
    const auto positions = [&] {
      std::vector<std::size_t> at;
      for (std::size_t i = 0; i < good.size(); i += (i < 400 ? 1 : 13)) at.push_back(i);
      return at;
    }();
    for (const std::size_t n : positions) {
      SPOR_CHECK_UNCHANGED(db, {
        const auto o = import(crypto::Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n)));
        refused += o.at(0).refused ? 1 : 0;
      });
      crypto::Bytes flipped = good;
      flipped[n] = static_cast<std::uint8_t>(flipped[n] ^ (1u << (n % 8)));
      SPOR_CHECK_UNCHANGED(db, {
        const auto o = import(flipped);
        refused += o.at(0).refused ? 1 : 0;
      });
    }
    CHECK(refused == static_cast<int>(2 * positions.size()));
    // Already imported: "nothing new", nothing written.
    SPOR_CHECK_UNCHANGED(db, {
      const auto o = import(good);
      REQUIRE(o.at(0).result);
      CHECK(o.at(0).result->alreadyImported);
    });
    CHECK(unlocks == 0);
    MESSAGE((2 * positions.size() + 1), " bundles refused or already imported: the store byte-identical after each, "
            "and the passphrase never asked for");
    // A new bundle is imported, and asks for the passphrase once.
    p.measure(1);
    const auto o = importBundles(locked, {p.exportOne()}, [&] {
      ++unlocks;
      locked.unlock(kPassphrase);
    });
    REQUIRE(o.at(0).result);
    CHECK(o.at(0).result->newMeasurements == 1);
    CHECK(unlocks == 1);
  }

  TEST_CASE("a refused receipt is checked before the PIN and leaves the device store byte-identical") {
    Pair p;
    p.measure(2);
    const fs::path bundle = p.exportOne();
    p.approve(bundle);
    (void)p.coordinator.importBundleFile(bundle);
    const fs::path receiptFile = writeFileDurably(p.out, "r.sporreceipt", p.coordinator.makeReceipt(p.deviceId().str()));
    const crypto::Bytes receipt = readFileCapped(receiptFile, 1 << 20, Msg::FileReceipt);
    applyReceipt(p.device(), receipt, "r.sporreceipt");
    const store::DeviceStore locked = store::DeviceStore::open(p.dir.db(), test::fastOptions(p.clock));
    // Replayed, cut, flipped, empty, a folder, another kind of file.
    std::vector<fs::path> bad{receiptFile, p.dir.path, bundle};
    for (std::size_t n : {std::size_t{0}, std::size_t{10}, receipt.size() / 2, receipt.size() - 1}) {
      bad.push_back(writeFileDurably(p.out, "cut" + std::to_string(n) + ".sporreceipt",
                                     crypto::ByteView(receipt).first(n)));
    }
    for (std::size_t i = 0; i < receipt.size(); i += 7) {
      crypto::Bytes flipped = receipt;
      flipped[i] ^= 0x10;
      bad.push_back(writeFileDurably(p.out, "flip" + std::to_string(i) + ".sporreceipt", flipped));
    }
    for (const fs::path& file : bad) {
      SPOR_CHECK_ALL_UNCHANGED(p.dir.db(), (file),
                               CHECK_THROWS_AS(static_cast<void>(checkReceiptFile(locked, file)), SyncError));
    }
    MESSAGE(bad.size(), " bad receipt files refused before the PIN, the device store byte-identical after each");
  }

  TEST_CASE("a damaged answer cell: the export sends what can be read and names what cannot and the row is kept") {
    Pair p;
    const store::MeasurementId damaged = p.measure(5);
    p.measure(4);
    // One bit flipped in one answer's encrypted value, as a bad sector would.
    std::int64_t answerId = 0;
    crypto::Bytes blob;
    {
      auto q = p.device().database().query("SELECT id, value FROM answer WHERE response_id = ? ORDER BY id LIMIT 1 OFFSET 2",
                                           damaged.value);
      REQUIRE(q.next());
      answerId = q.int64(0);
      blob = q.blob(1);
    }
    blob[blob.size() / 2] ^= 0x04;
    p.device().database().run("UPDATE answer SET value = ? WHERE id = ?", blob, answerId);
    std::string code;
    {
      auto q = p.device().database().query(
          "SELECT c.code FROM response r JOIN child c ON c.id = r.child_id WHERE r.id = ?", damaged.value);
      REQUIRE(q.next());
      code = q.text(0);
    }
    CHECK_THROWS_AS(static_cast<void>(p.device().measurement(damaged)), store::TamperedError);  // the damage is real

    // The export sends the readable measurement and names the damaged one.
    const auto first = exportBundle(p.device(), p.out, "spor test");
    REQUIRE(first.has_value());
    CHECK(first->measurements == 1);
    REQUIRE(first->warnings.size() == 1);
    const std::string en = render(first->warnings[0], Lang::En);
    const std::string da = render(first->warnings[0], Lang::Da);
    CHECK(test::contains(en, "the measurement of child " + code + " started 2026-03-02 could not be read"));
    CHECK(test::contains(en, "the answer to '"));  // which cell, for whoever recovers it
    CHECK(test::contains(en, "stays on the device for recovery"));
    CHECK(test::contains(da, "målingen af barn " + code + " fra 2026-03-02 kunne ikke læses"));
    CHECK_FALSE(test::contains(da, "the answer to"));

    // Recording goes on, and every later export still works, naming the damaged one again.
    p.measure(3);
    const auto second = exportBundle(p.device(), p.out, "spor test");
    REQUIRE(second.has_value());
    CHECK(second->measurements == 2);
    CHECK(second->warnings.size() == 1);

    // The coordinator takes both bundles: the two readable measurements arrive.
    p.approve(first->bundle.path);
    std::size_t measurements = p.coordinator.importBundleFile(first->bundle.path).newMeasurements;
    measurements += p.coordinator.importBundleFile(second->bundle.path).newMeasurements;
    CHECK(measurements == 2);

    // A receipt with a purge: the readable ones go, the damaged one stays, byte for byte.
    const crypto::Bytes receipt = p.coordinator.makeReceipt(p.deviceId().str());
    p.clock.advance(std::chrono::hours(24 * 40));
    const ReceiptApplied applied =
        applyReceipt(p.device(), receipt, "r.sporreceipt", *p.clock.now - std::chrono::hours(24 * 30));
    REQUIRE(applied.purged.has_value());
    CHECK(applied.purged->measurements == 2);
    CHECK(applied.purged->keptUnreadable == 1);
    CHECK(p.device().counts().measurements == 1);
    {
      auto q = p.device().database().query("SELECT value FROM answer WHERE id = ?", answerId);
      REQUIRE(q.next());
      CHECK(q.blob(0) == blob);
    }
    // Acknowledged, so no later export carries it or names it again: nothing is left to send.
    CHECK_FALSE(exportBundle(p.device(), p.out, "spor test").has_value());
  }

  TEST_CASE("a first export that fails on a full stick does not block the next one") {
    Pair p;
    p.measure(2);
    simulateFullDiskForTesting(100);
    CHECK_THROWS_WITH_AS(static_cast<void>(exportBundle(p.device(), p.out, "spor test")), Contains("full"), SyncError);
    simulateFullDiskForTesting(std::nullopt);
    CHECK(p.device().syncStatus().nextSequence == 2);  // number 1 is used up, as documented
    // Bundle 2 has no written bundle to chain to: it is written all the same.
    const auto second = exportBundle(p.device(), p.out, "spor test");
    REQUIRE(second.has_value());
    CHECK(second->sequence == 2);
    p.approve(second->bundle.path);
    const ImportResult r = p.coordinator.importBundleFile(second->bundle.path);
    CHECK(r.newMeasurements == 1);
    CHECK(p.coordinator.chainBreaks().empty());
    REQUIRE(r.warnings.size() == 1);  // the gap: bundle 1 never came
    CHECK(test::contains(render(r.warnings[0], Lang::En), "bundle 1 from device"));
    // The receipt acknowledges bundle 2, and the device takes it.
    const ReceiptApplied applied = applyReceipt(p.device(), p.coordinator.makeReceipt(p.deviceId().str()), "r");
    CHECK(applied.laterBundles == 1);
    CHECK(p.device().syncStatus().unacknowledgedRecords == 0);
  }

  TEST_CASE("an export cut off between its file and its record is recorded by the next export") {
    Pair p;
    p.measure(2);
    // What a kill between the file's rename and bundleWritten leaves: the
    // number reserved, the whole file on the stick, no hash in the store.
    const fs::path first = p.exportOne();
    const fs::path kept = p.dir.path / "kept.sporbundle";
    fs::copy_file(first, kept);
    p.device().database().run("UPDATE sync_bundle SET hash = NULL, written_at = NULL WHERE sequence = 1");
    p.device().database().run("UPDATE sync_state SET last_bundle_hash = NULL");
    REQUIRE(p.device().syncStatus().lastBundle == 0);
    // The next export records bundle 1 from the stick and chains bundle 2 to it.
    const auto second = exportBundle(p.device(), p.out, "spor test");
    REQUIRE(second.has_value());
    CHECK(second->sequence == 2);
    CHECK(p.device().syncStatus().lastBundle == 2);
    p.approve(first);
    CHECK(p.coordinator.importBundleFile(first).newMeasurements == 1);
    CHECK(p.coordinator.importBundleFile(second->bundle.path).warnings.empty());
    CHECK(p.coordinator.chainBreaks().empty());
    // Not a bundle of ours under that name: left alone, and the number stays a gap.
    Pair q;
    q.measure(1);
    const fs::path name = q.out / BundleWriter::fileName(q.deviceId(), 1);
    const auto reserved = q.device().reserveBundle();
    CHECK(reserved.sequence == 1);
    fs::copy_file(kept, name);  // another device's bundle 1, renamed
    const auto next = exportBundle(q.device(), q.out, "spor test");
    REQUIRE(next.has_value());
    CHECK(next->sequence == 2);
    CHECK(q.device().syncStatus().lastBundle == 2);
    CHECK(fs::exists(name));
  }

  TEST_CASE("a receipt or form package that cannot be written uses up no number") {
    Pair p;
    p.measure(1);
    const fs::path bundle = p.exportOne();
    p.approve(bundle);
    (void)p.coordinator.importBundleFile(bundle);
    const auto failing = [](const crypto::Bytes&) {
      throw SyncError(SyncErrorKind::WriteFailed, "cannot write: the disk is full");
    };
    SPOR_CHECK_UNCHANGED(coordinatorStorePath(p.dir.path),
                         CHECK_THROWS_AS(p.coordinator.makeReceipt(p.deviceId().str(), failing), SyncError));
    SPOR_CHECK_UNCHANGED(coordinatorStorePath(p.dir.path),
                         CHECK_THROWS_AS(p.coordinator.publishForms(SPOR_TEST_FORMS_DIR, "", failing), SyncError));
    CHECK(p.coordinator.formsVersion() == 0);
    const crypto::Bytes receipt = p.coordinator.makeReceipt(p.deviceId().str());
    CHECK(readReceipt(receipt, "r", {p.deviceId(), p.device().device().coordinator->receiptSigning,
                                     fingerprintBytes(p.enrolment.encryption()), 0})
              .receiptSequence == 1);
    (void)p.coordinator.publishForms(SPOR_TEST_FORMS_DIR, "");
    CHECK(p.coordinator.formsVersion() == 1);
  }

  TEST_CASE("a receipt written but not committed is removed again or replaced by the next try") {
    Pair p;
    p.measure(1);
    const fs::path bundle = p.exportOne();
    p.approve(bundle);
    (void)p.coordinator.importBundleFile(bundle);
    // A copy of the coordinator store of its own, opened under the power-cut shim.
    const fs::path home = p.dir.path / "home";
    fs::create_directories(home);
    REQUIRE(p.coordinator.database().queryInt("PRAGMA wal_checkpoint(TRUNCATE)").has_value());
    fs::copy_file(coordinatorStorePath(p.dir.path), coordinatorStorePath(home));
    const auto open = [&] {
      CoordinatorStore c = CoordinatorStore::open(coordinatorStorePath(home), fastCoordinator(p.clock));
      c.unlock(kPassphrase);
      return c;
    };
    const fs::path folder = p.dir.path / "stick";
    fs::create_directories(folder);
    const std::string name = receiptFileName(p.deviceId(), 1);
    const auto makeInto = [&](CoordinatorStore& c, fs::path& written) {
      return c.makeReceipt(p.deviceId().str(), [&](const crypto::Bytes& bytes) {
        written = writeNumberedFile(c, folder, name, bytes, SignedKind::Receipt);
      });
    };
    const auto committed = [&](CoordinatorStore& c) {
      REQUIRE(c.devices().size() == 1);
      return static_cast<std::int64_t>(c.devices().front().lastReceipt);
    };
    // The syncs of opening and unlocking: the next one is the receipt's commit.
    std::uint64_t opening = 0;
    {
      test::PowerCut count(0, test::PowerCut::Mode::Drop);
      CoordinatorStore c = open();
      opening = count.syncs();
    }
    // The commit fails after the file was written (its sync fails, as on a
    // dying disk): the file goes again, and the number is not used up.
    {
      test::PowerCut failing(opening + 1, test::PowerCut::Mode::Drop);
      CoordinatorStore c = open();
      fs::path written;
      CHECK_THROWS(removingOnFailedCommit(written, [&] { return makeInto(c, written); }));
      CHECK(failing.cut());
      CHECK(written == folder / name);
      CHECK_FALSE(fs::exists(folder / name));
    }
    {
      CoordinatorStore c = open();
      CHECK(committed(c) == 0);
    }
    // The same, but the process dies before it can remove the file (the
    // power went between the write and the commit): the file stays behind,
    // with a number the store never committed.
    {
      test::PowerCut cut(opening + 1, test::PowerCut::Mode::Drop);
      CoordinatorStore c = open();
      fs::path written;
      CHECK_THROWS(makeInto(c, written));
      CHECK(fs::exists(folder / name));
    }
    CoordinatorStore c = open();
    CHECK(committed(c) == 0);
    // The next try writes number 1 over it: no one has to move a file first.
    fs::path written;
    const crypto::Bytes receipt = makeInto(c, written);
    CHECK(written == folder / name);
    CHECK(committed(c) == 1);
    CHECK(readFileCapped(folder / name, kMaxReceiptFileBytes, Msg::FileReceipt) == receipt);
    // Someone else's file under the next name is never replaced.
    const std::string next = receiptFileName(p.deviceId(), 2);
    { std::ofstream(folder / next) << "not ours"; }
    SPOR_CHECK_ALL_UNCHANGED(coordinatorStorePath(home), (folder / next),
                             CHECK_THROWS_WITH_AS(c.makeReceipt(p.deviceId().str(),
                                                                [&](const crypto::Bytes& bytes) {
                                                                  static_cast<void>(writeNumberedFile(
                                                                      c, folder, next, bytes, SignedKind::Receipt));
                                                                }),
                                                  Contains("a file with that name is already there"), SyncError));
  }


  // Issue 16: a version 2 bundle is read in one pass into the import's
  // transaction, committed only after the signature over the whole file;
  // each bad input is refused with its message and the unlocked store is
  // byte-identical afterwards (nothing staged survives).
  TEST_CASE("bundle version 2: every bad input leaves an unlocked coordinator store byte-identical") {
    Pair p;
    p.approve(p.exportOne());
    {
      auto batch = p.device().batch();
      for (int i = 0; i < 120; ++i) p.measure(20);
      batch.commit();
    }
    const fs::path path = p.exportOne();
    const crypto::Bytes good = readFileCapped(path, 1 << 24, Msg::FileBundle);
    const test::V2Layout l = test::v2Layout(good);
    REQUIRE(l.frames.size() >= 3);  // several chunks
    const crypto::SigningKeyPair deviceKey = p.device().signingKey();
    const fs::path db = coordinatorStorePath(p.dir.path);
    struct Case {
      std::string what;
      crypto::Bytes bytes;
      SyncErrorKind kind;
      std::string words;
    };
    std::vector<Case> cases;
    cases.push_back({"truncated in the middle of a chunk",
                     crypto::Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(l.frames[1] + 1000)),
                     SyncErrorKind::Truncated, "truncated: it ends inside an encrypted chunk"});
    {
      crypto::Bytes f = good;
      f[l.frames[1] + 500] ^= 0x04;
      cases.push_back({"a byte of a chunk flipped", f, SyncErrorKind::DecryptFailed, "cannot decrypt"});
    }
    {
      crypto::Bytes f = test::swapFrames(good, 1, 2);
      test::resignV2(f, deviceKey);
      cases.push_back({"two chunks reordered, re-signed with the device's own key", f, SyncErrorKind::DecryptFailed,
                       "cannot decrypt"});
    }
    {
      crypto::Bytes f(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(l.frames.back()));
      const std::size_t before = l.frames[l.frames.size() - 2];
      const std::uint32_t word = static_cast<std::uint32_t>(f[before]) | static_cast<std::uint32_t>(f[before + 1]) << 8 |
                                 static_cast<std::uint32_t>(f[before + 2]) << 16 |
                                 static_cast<std::uint32_t>(f[before + 3]) << 24;
      test::setFrameWord(f, before, word | 0x80000000u);
      f.resize(f.size() + 64);
      test::resignV2(f, deviceKey);
      cases.push_back({"the last chunk dropped (no final tag), re-signed", f, SyncErrorKind::DecryptFailed,
                       "the encrypted stream does not end at the end of the file"});
    }
    {
      crypto::Bytes f = good;
      f[f.size() - 1] ^= 0x80;
      cases.push_back({"the signature wrong: found only at the end, after every chunk was staged", f,
                       SyncErrorKind::BadSignature, "the signature does not match the contents"});
    }
    {
      crypto::Bytes f = good;
      f.insert(f.end(), 3, 0);
      cases.push_back({"bytes appended", f, SyncErrorKind::ExtraBytes, "it has 3 extra bytes after its end"});
    }
    {
      const BundleWriter elsewhere(p.deviceId(), deviceKey, crypto::generateBoxKey().publicKey);
      NewBundle b;
      b.sequence = 1;
      cases.push_back({"made for another coordinator", elsewhere.encode(b).bytes, SyncErrorKind::WrongRecipient,
                       "made for another coordinator"});
    }
    for (const Case& c : cases) {
      CAPTURE(c.what);
      const fs::path file = writeFileDurably(p.out, "bad.sporbundle", c.bytes, true);
      SPOR_CHECK_UNCHANGED(db, {
        const std::string message = test::syncMessage([&] { (void)p.coordinator.importBundleFile(file); });
        CHECK_MESSAGE(test::contains(message, c.words), message);
        try {
          (void)p.coordinator.importBundleFile(file);
        } catch (const SyncError& e) {
          CHECK(e.kind() == c.kind);
        }
      });
    }
    // The good file imports, once.
    const ImportResult r = p.coordinator.importBundleFile(path);
    CHECK(r.newMeasurements == 120);
    CHECK(p.coordinator.importBundleFile(path).alreadyImported);
  }

  TEST_CASE("bundle version 2: an export that spans many pages of changes gives the same records") {
    Pair p;
    p.approve(p.exportOne());
    for (int i = 0; i < 6; ++i) p.measure(20);
    // The same changes exported twice into two folders: in one page, and in pages of 7 change numbers.
    const auto one = exportBundle(p.device(), p.out, "spor test");
    REQUIRE(one.has_value());
    // Nothing is acknowledged yet, so the next bundle covers the same changes.
    const fs::path paged = p.dir.path / "paged";
    fs::create_directories(paged);
    setExportPageChangesForTesting(7);
    const auto many = exportBundle(p.device(), paged, "spor test");
    setExportPageChangesForTesting(0);
    REQUIRE(many.has_value());
    CHECK(many->records == one->records);
    CHECK(many->measurements == 6);
    const ImportResult first = p.coordinator.importBundleFile(one->bundle.path);
    const auto before = p.coordinator.records();
    const ImportResult second = p.coordinator.importBundleFile(many->bundle.path);
    CHECK(first.newMeasurements == 6);
    CHECK(second.newRecords == 0);
    CHECK(second.duplicateRecords == many->records);
    CHECK(p.coordinator.records() == before);
  }
}
