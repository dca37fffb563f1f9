// Golden files pin the format: files written once by this version are read
// back by every later one. A change that stops them from reading fails
// here. Regenerate them only on purpose (a new format version gets new
// files beside the old ones, which stay):
//
//   SPOR_UPDATE_GOLDEN=1 build/test/tests/sync/test_sync -tc='golden*'
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <cstdlib>
#include <filesystem>

#include <doctest/doctest.h>

#include "crypto/encoding.hpp"
#include "golden.hpp"
#include "sync/file_io.hpp"

using namespace spor;
using namespace spor::sync;

namespace {

const std::filesystem::path kGoldenDir = std::filesystem::path(SPOR_TEST_DATA_DIR) / "sync";

crypto::Bytes readGolden(const std::string& name) {
  const auto path = kGoldenDir / name;
  INFO("missing golden file ", path.string(), "; make it with SPOR_UPDATE_GOLDEN=1 test_sync -tc='golden*'");
  REQUIRE(std::filesystem::exists(path));
  return readFileCapped(path, 1 << 20, Msg::FileBundle);
}

}  // namespace

TEST_SUITE("sync") {
  TEST_CASE("golden files: regenerate on request") {
    if (std::getenv("SPOR_UPDATE_GOLDEN") == nullptr) return;
    std::filesystem::create_directories(kGoldenDir);
    const test::Keys keys;
    for (const auto& file : test::makeGoldenFiles(keys)) {
      (void)writeFileDurably(kGoldenDir, file.name, file.bytes, true);
      MESSAGE("wrote ", (kGoldenDir / file.name).string());
    }
  }

  TEST_CASE("golden files: version 1 files still read with the same contents") {
    const test::Keys keys;
    test::MapDirectory directory;
    directory.add(test::kDeviceId, keys.device.publicKey);
    const BundleReader reader(keys.coordinator, directory);

    // The bundles written before issue 14 (every record version 1): every
    // record as it was, the new fields at their defaults.
    const crypto::Bytes b1 = readGolden("bundle-v1-seq1.sporbundle");
    const OpenedBundle first = reader.read(b1, "bundle-v1-seq1.sporbundle");
    CHECK(first.payload.records == test::sampleRecordsV1());
    CHECK(first.payload.sender.sequence == 1);
    CHECK(first.payload.sender.createdAt == test::kNow);
    CHECK(first.payload.sender.softwareVersion == "spor 0.1.0 (golden)");

    const OpenedBundle second = reader.read(readGolden("bundle-v1-seq2.sporbundle"), "bundle-v1-seq2.sporbundle");
    CHECK(second.verified.header.sequence == 2);
    CHECK(second.verified.header.previousBundleHash == first.verified.hash);
    CHECK(second.payload.records == test::sampleRecordsV1());
    CHECK(second.payload.records.projectEnrolments.at(0).municipality.empty());
    CHECK_FALSE(second.payload.records.consents.at(0).sharing);

    // Issue 14 items 2-4's bundles: the enrolment carries its municipality;
    // the measurements (version 1) read with no answering mode.
    const OpenedBundle issue14 =
        reader.read(readGolden("bundle-v1-issue14-seq1.sporbundle"), "bundle-v1-issue14-seq1.sporbundle");
    CHECK(issue14.payload.records == test::sampleRecordsIssue14());
    CHECK(issue14.payload.records.projectEnrolments.at(0).municipality == "Aarhus");
    CHECK(issue14.payload.records.consents.at(0).sharing);
    CHECK(issue14.payload.records.projectEnrolments.at(0).courseEnd == "stopped");
    CHECK(issue14.payload.records.measurements.at(0).answeringMode.empty());
    const OpenedBundle issue14b =
        reader.read(readGolden("bundle-v1-issue14-seq2.sporbundle"), "bundle-v1-issue14-seq2.sporbundle");
    CHECK(issue14b.verified.header.previousBundleHash == issue14.verified.hash);
    CHECK(issue14b.payload.records == test::sampleRecordsIssue14());

    // Item 5's bundles: each measurement says who helped the child answer;
    // the enrolment (version 3) reads with no referral.
    const OpenedBundle helped =
        reader.read(readGolden("bundle-v1-helped-seq1.sporbundle"), "bundle-v1-helped-seq1.sporbundle");
    CHECK(helped.payload.records == test::sampleRecordsHelped());
    CHECK(helped.payload.records.measurements.at(0).answeringMode == "volunteer");
    CHECK(helped.payload.records.measurements.at(1).answeringMode == "parent");
    CHECK(helped.payload.records.projectEnrolments.at(0).referralRole.empty());
    CHECK(helped.payload.records.projectEnrolments.at(0).feedback.empty());
    const OpenedBundle helped2 =
        reader.read(readGolden("bundle-v1-helped-seq2.sporbundle"), "bundle-v1-helped-seq2.sporbundle");
    CHECK(helped2.verified.header.previousBundleHash == helped.verified.hash);
    CHECK(helped2.payload.records == test::sampleRecordsHelped());

    // The last bundles of format version 1: the enrolment carries the
    // referral and the feedback log.
    const OpenedBundle current =
        reader.read(readGolden("bundle-v1-referral-seq1.sporbundle"), "bundle-v1-referral-seq1.sporbundle");
    CHECK(current.payload.records == test::sampleRecords());
    CHECK(current.payload.records.projectEnrolments.at(0).referralRole == "school");
    CHECK(current.payload.records.projectEnrolments.at(0).feedback.at(1).note == "Ringede; alt vel");
    const OpenedBundle current2 =
        reader.read(readGolden("bundle-v1-referral-seq2.sporbundle"), "bundle-v1-referral-seq2.sporbundle");
    CHECK(current2.verified.header.previousBundleHash == current.verified.hash);
    CHECK(current2.payload.records == test::sampleRecords());
    CHECK(current2.verified.header.formatVersion == 1);

    // Today's bundles, format version 2 (issue 16): the same records,
    // streamed; read from memory and streamed from the file alike.
    const OpenedBundle v2 = reader.read(readGolden("bundle-v2-seq1.sporbundle"), "bundle-v2-seq1.sporbundle");
    CHECK(v2.verified.header.formatVersion == 2);
    CHECK(v2.payload.records == test::sampleRecords());
    CHECK(v2.payload.sender.softwareVersion == "spor 0.1.0 (golden)");
    const OpenedBundle v2b = reader.readFile(kGoldenDir / "bundle-v2-seq2.sporbundle");
    CHECK(v2b.verified.header.previousBundleHash == v2.verified.hash);
    CHECK(v2b.payload.records == test::sampleRecords());
    CHECK(v2b.verified.header.recordCount == test::sampleRecords().count());

    ReceiptCheck check{test::kDeviceId, keys.receipts.publicKey, fingerprintBytes(keys.coordinator.publicKey), 0};
    CHECK(readReceipt(readGolden("receipt-v1.sporreceipt"), "receipt-v1.sporreceipt", check) ==
          test::sampleReceipt(keys));

    CHECK(readFormPackage(readGolden("forms-v1.sporforms"), "forms-v1.sporforms", keys.forms.publicKey,
                          fingerprintBytes(keys.coordinator.publicKey), 0) == test::smallFormPackage(keys, 1));

    CHECK(readEnrolment(readGolden("enrolment-v1.sporenrol"), "enrolment-v1.sporenrol") == test::sampleEnrolment(keys));
  }

  TEST_CASE("golden files: today's writer makes them byte for byte") {
    // Not required for reading old files, but a difference means the writer's
    // output changed: if that was meant, it needs a new format version or at
    // least new golden files beside these.
    const test::Keys keys;
    for (const auto& file : test::makeGoldenFiles(keys)) {
      INFO(file.name, ": the writer's output changed; see the top of test_golden.cpp");
      CHECK(crypto::hex(file.bytes) == crypto::hex(readGolden(file.name)));
    }
  }

}  // TEST_SUITE
