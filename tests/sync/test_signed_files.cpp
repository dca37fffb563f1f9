// Receipts, form packages and the enrolment file: round trips, every bad
// input with its message, truncation and bit flips.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <filesystem>

#include <doctest/doctest.h>

#include "crypto/hash.hpp"
#include "error_of.hpp"
#include "fixture.hpp"
#include "sync/archive.hpp"
#include "sync/errors.hpp"
#include "sync/signed_file.hpp"

using namespace spor;
using namespace spor::sync;
using doctest::Contains;
using spor::test::Keys;

namespace {

using spor::test::errorOf;

ReceiptCheck checkFor(const Keys& keys, std::uint64_t lastApplied = 0) {
  return {test::kDeviceId, keys.receipts.publicKey, fingerprintBytes(keys.coordinator.publicKey), lastApplied};
}

// Every truncation and every single-bit flip of `file` must throw SyncError,
// with a message that has a Danish text of its own.
template <class Read>
void everyDamageIsRefused(const crypto::Bytes& file, Read&& read) {
  for (std::size_t n = 0; n < file.size(); ++n) {
    bool threw = false;
    try {
      read(crypto::ByteView(file).first(n));
    } catch (const SyncError& e) {
      threw = true;
      CHECK_MESSAGE(test::untranslated(e.message()).empty(), test::untranslated(e.message()));
    }
    if (!threw) FAIL_CHECK("cut at ", n, " went unnoticed");
  }
  crypto::Bytes copy = file;
  for (std::size_t i = 0; i < copy.size(); ++i) {
    for (unsigned bit = 0; bit < 8; ++bit) {
      copy[i] = static_cast<std::uint8_t>(copy[i] ^ (1u << bit));
      bool threw = false;
      try {
        read(copy);
      } catch (const SyncError& e) {
        threw = true;
        CHECK_MESSAGE(test::untranslated(e.message()).empty(), test::untranslated(e.message()));
      }
      if (!threw) FAIL_CHECK("byte ", i, " bit ", bit, " flipped went unnoticed");
      copy[i] = file[i];
    }
  }
}

}  // namespace

TEST_SUITE("sync") {
  TEST_CASE("receipt round trip") {
    const Keys keys;
    const Receipt receipt = test::sampleReceipt(keys, 4);
    const crypto::Bytes file = encodeReceipt(receipt, keys.receipts);
    CHECK(file.size() == kSignedFileHeaderBytes + encodeArchive(receipt).size() + 64);
    CHECK(readReceipt(file, "r.sporreceipt", checkFor(keys, 3)) == receipt);
    CHECK(receiptFileName(test::kDeviceId, 4) == "spor-receipt-" + test::kDeviceId.shortStr() + "-000004.sporreceipt");
  }

  TEST_CASE("the numbers in receipt and form package file names: this device's or any and a renamed file none") {
    const std::string mine = receiptFileName(test::kDeviceId, 12);
    CHECK(receiptSequenceFromName(mine, test::kDeviceId) == 12U);
    CHECK(receiptSequenceFromAnyName(mine) == 12U);
    CHECK_FALSE(isOtherDevicesReceiptName(mine, test::kDeviceId));
    const std::string theirs = "spor-receipt-0123abcd-000003.sporreceipt";
    CHECK_FALSE(receiptSequenceFromName(theirs, test::kDeviceId).has_value());
    CHECK(receiptSequenceFromAnyName(theirs) == 3U);
    CHECK(isOtherDevicesReceiptName(theirs, test::kDeviceId));
    for (const char* renamed : {"kvittering.sporreceipt", "spor-receipt-0123abcd-x.sporreceipt", "spor-receipt-.sporreceipt"}) {
      CAPTURE(renamed);
      CHECK_FALSE(receiptSequenceFromAnyName(renamed).has_value());
      CHECK_FALSE(isOtherDevicesReceiptName(renamed, test::kDeviceId));
    }
    CHECK(formPackageVersionFromName(formPackageFileName(7)) == 7U);
    for (const char* renamed : {"skemaer.sporforms", "spor-forms-v.sporforms", "spor-forms-v2b.sporforms", "spor-forms-v3.zip"}) {
      CAPTURE(renamed);
      CHECK_FALSE(formPackageVersionFromName(renamed).has_value());
    }
  }

  TEST_CASE("replayed and older receipts are refused") {
    const Keys keys;
    const crypto::Bytes file = encodeReceipt(test::sampleReceipt(keys, 4), keys.receipts);
    const SyncError same = errorOf([&] { (void)readReceipt(file, "r.sporreceipt", checkFor(keys, 4)); });
    CHECK(same.kind() == SyncErrorKind::Replayed);
    CHECK(std::string(same.what()) ==
          "receipt 'r.sporreceipt': receipt number 4 was already applied: a replayed or older receipt is refused and "
          "nothing was changed. Ask the coordinator for a fresh one with 'spor receipt'");
    CHECK_THROWS_WITH_AS(readReceipt(file, "r.sporreceipt", checkFor(keys, 9)),
                         Contains("receipt number 4 is older than receipt number 9, which this device applied"),
                         SyncError);
  }

  TEST_CASE("a receipt from another coordinator or for another device is refused") {
    const Keys keys;
    const crypto::Bytes forged = encodeReceipt(test::sampleReceipt(keys), keys.otherReceipts);
    const SyncError error = errorOf([&] { (void)readReceipt(forged, "x.sporreceipt", checkFor(keys)); });
    CHECK(error.kind() == SyncErrorKind::WrongSigner);
    CHECK(std::string(error.what()) ==
          "receipt 'x.sporreceipt': signed by key " + crypto::fingerprint(keys.otherReceipts.publicKey) +
              ", not by this device's coordinator (" + crypto::fingerprint(keys.receipts.publicKey) +
              "): it comes from another coordinator or was forged; nothing was changed");

    Receipt other = test::sampleReceipt(keys);
    other.deviceId = test::kOtherDeviceId;
    CHECK(test::syncMessage([&] {
            (void)readReceipt(encodeReceipt(other, keys.receipts), "o.sporreceipt", checkFor(keys));
          }) == "receipt 'o.sporreceipt': it is for device " + test::kOtherDeviceId.str() + ", not this device (" +
                    test::kDeviceId.str() + "); nothing was changed. Apply it on that device");
  }

  TEST_CASE("a receipt: every truncation and bit flip is refused") {
    const Keys keys;
    const crypto::Bytes file = encodeReceipt(test::sampleReceipt(keys), keys.receipts);
    const ReceiptCheck check = checkFor(keys);
    everyDamageIsRefused(file, [&](crypto::ByteView f) { (void)readReceipt(f, "r", check); });
    CHECK(test::syncMessage([&] {
            (void)readReceipt(crypto::ByteView(file).first(200), "r.sporreceipt", checkFor(keys));
          }) == "receipt 'r.sporreceipt': truncated: it is 200 bytes but its header says " +
                    std::to_string(file.size()) + "; copy the file again");
  }

  TEST_CASE("form package: from a forms folder and back") {
    const Keys keys;
    FormPackage package;
    package.coordinator = fingerprintBytes(keys.coordinator.publicKey);
    package.version = 7;
    package.note = "test";
    package.files = collectFormFiles(SPOR_TEST_FORMS_DIR);
    REQUIRE(package.files.size() >= 18);
    CHECK(package.files.front().path < package.files.back().path);
    const crypto::Bytes file = encodeFormPackage(package, keys.forms);
    const FormPackage back = readFormPackage(file, "f.sporforms", keys.forms.publicKey, package.coordinator, 6);
    CHECK(back == package);
    bool hasProject = false;
    for (const auto& f : back.files) hasProject = hasProject || f.path == "projects/powerkids.json";
    CHECK(hasProject);
    CHECK(formPackageFileName(7) == "spor-forms-v7.sporforms");
  }

  TEST_CASE("form packages: never a lower version and only our coordinator's") {
    const Keys keys;
    const Fingerprint ours = fingerprintBytes(keys.coordinator.publicKey);
    const crypto::Bytes v3 = encodeFormPackage(test::smallFormPackage(keys, 3), keys.forms);
    CHECK_THROWS_WITH_AS(
        readFormPackage(v3, "f.sporforms", keys.forms.publicKey, ours, 3),
        "form package 'f.sporforms': it is form package version 3, which is already installed; a device "
        "never goes back to older forms, so nothing was changed",
        SyncError);
    CHECK_THROWS_WITH_AS(readFormPackage(v3, "f.sporforms", keys.forms.publicKey, ours, 5),
                         Contains("it is form package version 3, older than the installed version 5"), SyncError);
    const crypto::Bytes foreign = encodeFormPackage(test::smallFormPackage(keys, 9), keys.otherForms);
    const SyncError error =
        errorOf([&] { (void)readFormPackage(foreign, "f.sporforms", keys.forms.publicKey, ours, 0); });
    CHECK(error.kind() == SyncErrorKind::WrongSigner);
  }

  TEST_CASE("form packages: unsafe paths and other mistakes are refused even when signed") {
    const Keys keys;
    const Fingerprint ours = fingerprintBytes(keys.coordinator.publicKey);
    const auto signedWith = [&](const std::string& path) {
      FormPackage p = test::smallFormPackage(keys, 2);
      p.files[0].path = path;
      return encodeSignedFile(SignedKind::FormPackage, keys.forms, encodeArchive(p));
    };
    CHECK_THROWS_WITH_AS(readFormPackage(signedWith("../etc/passwd"), "f.sporforms", keys.forms.publicKey, ours, 0),
                         "form package 'f.sporforms' is malformed: file '../etc/passwd': the path has a '..' part",
                         SyncError);
    CHECK_THROWS_WITH_AS(readFormPackage(signedWith("/etc/passwd"), "f", keys.forms.publicKey, ours, 0),
                         Contains("the path is absolute"), SyncError);
    CHECK_THROWS_WITH_AS(readFormPackage(signedWith("a//b"), "f", keys.forms.publicKey, ours, 0),
                         Contains("the path has an empty part"), SyncError);
    CHECK_THROWS_WITH_AS(readFormPackage(signedWith("a\\b"), "f", keys.forms.publicKey, ours, 0),
                         Contains("the path has a character other than"), SyncError);
    CHECK_THROWS_WITH_AS(readFormPackage(signedWith("projects/powerkids.json"), "f", keys.forms.publicKey, ours, 0),
                         Contains("file 'projects/powerkids.json' is in it twice"), SyncError);
    CHECK(formPathProblem("child/barn.json").empty());
    CHECK_THROWS_WITH_AS(encodeFormPackage(test::smallFormPackage(keys, 0), keys.forms),
                         "the form package to publish is malformed: its version is 0; versions start at 1", SyncError);
  }

  TEST_CASE("a form package: every truncation and bit flip is refused") {
    const Keys keys;
    const crypto::Bytes file = encodeFormPackage(test::smallFormPackage(keys, 2), keys.forms);
    const Fingerprint ours = fingerprintBytes(keys.coordinator.publicKey);
    everyDamageIsRefused(file,
                         [&](crypto::ByteView f) { (void)readFormPackage(f, "f", keys.forms.publicKey, ours, 1); });
  }

  TEST_CASE("enrolment file: round trip and self-signature and fingerprints") {
    const Keys keys;
    const Enrolment enrolment = test::sampleEnrolment(keys);
    const crypto::Bytes file = encodeEnrolment(enrolment, keys.forms);
    const Enrolment back = readEnrolment(file, "e.sporenrol");
    CHECK(back == enrolment);
    CHECK(back.encryptionFingerprint == crypto::fingerprint(keys.coordinator.publicKey));
    CHECK(back.coordinatorFingerprint() == fingerprintBytes(keys.coordinator.publicKey));
    CHECK(enrolmentFileName(back) == "spor-enrolment-" + test::kCoordinatorId.shortStr() + ".sporenrol");
    // People can read the fingerprints in the file.
    const std::string raw(file.begin(), file.end());
    CHECK(raw.find(enrolment.encryptionFingerprint) != std::string::npos);

    CHECK_THROWS_WITH_AS(encodeEnrolment(enrolment, keys.otherForms),
                         "an enrolment file must be signed by the forms key it carries", SyncError);
    // Signed by another key than the one it names.
    const crypto::Bytes swapped = encodeSignedFile(SignedKind::Enrolment, keys.otherForms, encodeArchive(enrolment));
    CHECK_THROWS_WITH_AS(
        readEnrolment(swapped, "e.sporenrol"),
        "enrolment file 'e.sporenrol': it is not signed by the forms key it carries; it was altered. Ask "
        "the coordinator for the file again",
        SyncError);
    Enrolment wrongPrint = enrolment;
    wrongPrint.encryptionFingerprint = "0000-0000-0000-0000-0000-0000-0000-0000";
    const crypto::Bytes lying = encodeSignedFile(SignedKind::Enrolment, keys.forms, encodeArchive(wrongPrint));
    CHECK_THROWS_WITH_AS(readEnrolment(lying, "e.sporenrol"), Contains("its fingerprints do not match its keys"),
                         SyncError);
    everyDamageIsRefused(file, [&](crypto::ByteView f) { (void)readEnrolment(f, "e"); });
  }

  TEST_CASE("signed files: wrong kind and future version and not Spor at all") {
    const Keys keys;
    const crypto::Bytes forms = encodeFormPackage(test::smallFormPackage(keys, 2), keys.forms);
    CHECK_THROWS_WITH_AS(
        readReceipt(forms, "f.sporforms", checkFor(keys)),
        "receipt 'f.sporforms': not a Spor receipt but a Spor form package; a form package is installed "
        "on a device with 'spor forms install'",
        SyncError);
    crypto::Bytes future = encodeReceipt(test::sampleReceipt(keys), keys.receipts);
    future[8] = 3;
    CHECK_THROWS_WITH_AS(readReceipt(future, "n.sporreceipt", checkFor(keys)),
                         "receipt 'n.sporreceipt': made by a newer Spor (receipt format version 3; this Spor reads "
                         "version 1); update Spor on this machine and try again",
                         SyncError);
    CHECK_THROWS_WITH_AS(readEnrolment(crypto::asBytes("PK\x03\x04 a zip file"), "forms.zip"),
                         "enrolment file 'forms.zip': not a Spor enrolment file: it does not start with the Spor "
                         "enrolment file marker; an enrolment file sets up a device with 'spor device init'",
                         SyncError);
  }

}  // TEST_SUITE
