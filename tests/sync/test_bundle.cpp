// Bundles of format version 1: round trips, every bad input of the issue
// with its message, and truncation at every byte and every single-bit flip
// of a small bundle. Spor writes version 2 since issue 16; these tests make
// version 1 files (BundleWriter::encodeVersion1) to keep the version 1
// reader tested. test_bundle_v2.cpp tests version 2.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>

#include "crypto/hash.hpp"
#include "error_of.hpp"
#include "fixture.hpp"
#include "sync/bundle.hpp"
#include "sync/errors.hpp"
#include "sync/file_io.hpp"
#include "sync/wire.hpp"

using namespace spor;
using namespace spor::sync;
using doctest::Contains;
using spor::test::Keys;
using spor::test::MapDirectory;

namespace {

struct World {
  Keys keys;
  MapDirectory directory;
  BundleWriter writer{test::kDeviceId, keys.device, keys.coordinator.publicKey};
  BundleReader reader{keys.coordinator, directory};
  World() {
    directory.add(test::kDeviceId, keys.device.publicKey);
    directory.add(test::kOtherDeviceId, keys.otherDevice.publicKey);
  }
};

using spor::test::errorOf;

std::filesystem::path freshDir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("spor-test-sync-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Re-signs `file` with `key` after the caller changed its header.
void resign(crypto::Bytes& file, const crypto::SigningKeyPair& key) {
  const crypto::Bytes digest = crypto::hashParts(
      {crypto::ByteView(file).first(kBundleHeaderBytes), crypto::ByteView(file).subspan(kBundleCiphertextOffset)});
  const char domain[] = "spor bundle v1 signature";
  crypto::Bytes message(domain, domain + sizeof domain);
  message.insert(message.end(), digest.begin(), digest.end());
  const crypto::Signature sig = crypto::sign(key.secretKey, message);
  std::copy(sig.begin(), sig.end(), file.begin() + kBundleSignatureOffset);
}

}  // namespace

TEST_SUITE("sync") {
  TEST_CASE("a bundle round trip keeps every record and field") {
    World w;
    const NewBundle bundle = test::sampleBundle();
    const EncodedBundle encoded = w.writer.encodeVersion1(bundle);
    CHECK(encoded.bytes.size() == bundleFileSize(encoded.header.payloadLength));
    CHECK(encoded.header.recordCount == bundle.records.count());

    const OpenedBundle opened = w.reader.read(encoded.bytes, "b.sporbundle");
    CHECK(opened.payload.records == bundle.records);
    CHECK(opened.payload.sender.deviceId == test::kDeviceId);
    CHECK(opened.payload.sender.softwareVersion == bundle.softwareVersion);
    CHECK(opened.verified.hash == encoded.hash);
    CHECK(opened.verified.header == encoded.header);
    CHECK(crypto::hex(opened.verified.hash) == crypto::hex(crypto::hash(encoded.bytes)));

    // Fresh randomness every time: the same records never give the same bytes.
    CHECK(w.writer.encodeVersion1(bundle).bytes != encoded.bytes);
  }

  TEST_CASE("bundles of many chunks and an empty bundle and a chain of bundles") {
    World w;
    SUBCASE("empty") {
      NewBundle empty;
      const EncodedBundle e = w.writer.encodeVersion1(empty);
      CHECK(w.reader.read(e.bytes, "empty").payload.records.empty());
    }
    SUBCASE("several 64 KiB chunks, and a payload of exactly a whole number of chunks") {
      NewBundle big;
      for (std::uint32_t i = 0; i < 3000; ++i) {
        AnswerRecord a;
        a.id = Uuid::random();
        a.measurement = test::uuid(6);
        a.item = "psykisk_" + std::to_string(i);
        a.value = static_cast<std::int32_t>(1 + i % 4);
        big.records.answers.push_back(a);
      }
      const EncodedBundle e = w.writer.encodeVersion1(big);
      CHECK(e.header.payloadLength > 2 * kBundleChunkBytes);
      CHECK(w.reader.read(e.bytes, "big").payload.records == big.records);
    }
    SUBCASE("bundle 2 names bundle 1") {
      const EncodedBundle first = w.writer.encodeVersion1(test::sampleBundle(1));
      const EncodedBundle second = w.writer.encodeVersion1(test::sampleBundle(2, first.hash));
      CHECK(w.reader.read(second.bytes, "2").verified.header.previousBundleHash == first.hash);
    }
    SUBCASE("the writer refuses a broken chain") {
      CHECK_THROWS_WITH_AS(w.writer.encodeVersion1(test::sampleBundle(0)),
                           "cannot write a bundle with sequence number 0: sequences start at 1", SyncError);
      CHECK_THROWS_WITH_AS(w.writer.encodeVersion1(test::sampleBundle(3)),
                           "cannot write bundle 3 without the hash of the device's previous bundle", SyncError);
    }
  }

  TEST_CASE("truncation at every byte is refused") {
    World w;
    const EncodedBundle e = w.writer.encodeVersion1(test::sampleBundle());
    REQUIRE(e.bytes.size() < 4096);  // keeps this test fast
    for (std::size_t n = 0; n < e.bytes.size(); ++n) {
      const crypto::ByteView cut = crypto::ByteView(e.bytes).first(n);
      const SyncError error = errorOf([&] { (void)w.reader.read(cut, "cut.sporbundle"); });
      INFO("cut at ", n);
      CHECK_MESSAGE(test::untranslated(error.message()).empty(), test::untranslated(error.message()));
      const bool expected = error.kind() == SyncErrorKind::Truncated || error.kind() == SyncErrorKind::NotSporFile;
      CHECK(expected);
    }
    CHECK(test::syncMessage([&] {
            (void)w.reader.read(crypto::ByteView(e.bytes).first(e.bytes.size() - 1), "cut.sporbundle");
          }) == "bundle 'cut.sporbundle': truncated: it is " + std::to_string(e.bytes.size() - 1) +
                    " bytes but its header says " + std::to_string(e.bytes.size()) +
                    "; the copy was cut short, copy the file again from the device");
  }

  TEST_CASE("every single-bit flip is refused") {
    World w;
    const EncodedBundle e = w.writer.encodeVersion1(test::sampleBundle());
    crypto::Bytes copy = e.bytes;
    std::size_t refused = 0;
    for (std::size_t i = 0; i < copy.size(); ++i) {
      for (unsigned bit = 0; bit < 8; ++bit) {
        copy[i] = static_cast<std::uint8_t>(copy[i] ^ (1u << bit));
        bool threw = false;
        try {
          (void)w.reader.read(copy, "flipped.sporbundle");
        } catch (const SyncError& error) {
          threw = true;
          CHECK(std::string(error.what()).rfind("bundle 'flipped.sporbundle': ", 0) == 0);
          CHECK_MESSAGE(test::untranslated(error.message()).empty(), test::untranslated(error.message()));
        }
        if (!threw) FAIL_CHECK("byte ", i, " bit ", bit, " flipped went unnoticed");
        refused += threw ? 1 : 0;
        copy[i] = e.bytes[i];
      }
    }
    CHECK(refused == 8 * copy.size());

    // Where the flip lands decides the message.
    const auto flipAt = [&](std::size_t at) {
      crypto::Bytes f = e.bytes;
      f[at] ^= 0x01;
      return errorOf([&] { (void)w.reader.read(f, "x.sporbundle"); });
    };
    CHECK(flipAt(0).kind() == SyncErrorKind::NotSporFile);
    CHECK(flipAt(8).kind() == SyncErrorKind::DamagedHeader);                  // version 1 -> 0
    CHECK(flipAt(9).kind() == SyncErrorKind::FutureVersion);                  // version 257
    CHECK(flipAt(76).kind() == SyncErrorKind::DamagedHeader);                 // sequence 1 -> 0
    CHECK(flipAt(130).kind() == SyncErrorKind::BadSignature);                 // ephemeral key
    CHECK(flipAt(200).kind() == SyncErrorKind::BadSignature);                 // signature
    CHECK(flipAt(e.bytes.size() - 1).kind() == SyncErrorKind::BadSignature);  // the final tag
    CHECK(std::string(flipAt(300).what()) ==
          "bundle 'x.sporbundle': the signature does not match the contents: the file was changed or damaged after "
          "device " +
              test::kDeviceId.str() + " made it. Copy it again from the device");
  }

  TEST_CASE("appended bytes are refused") {
    World w;
    crypto::Bytes file = w.writer.encodeVersion1(test::sampleBundle()).bytes;
    file.push_back(0);
    CHECK_THROWS_WITH_AS(w.reader.read(file, "long.sporbundle"),
                         Contains("bundle 'long.sporbundle': it has 1 extra bytes after its end"), SyncError);
  }

  TEST_CASE("not a bundle at all") {
    World w;
    const std::string text = "Hej! Her er bundlen.\n";
    CHECK_THROWS_WITH_AS(w.reader.read(crypto::asBytes(text), "notes.txt"),
                         "bundle 'notes.txt': not a Spor bundle: it does not start with the Spor bundle marker; a "
                         "bundle is imported on the coordinator with 'spor import'",
                         SyncError);
    CHECK_THROWS_WITH_AS(w.reader.read(crypto::Bytes{}, "empty.sporbundle"),
                         "bundle 'empty.sporbundle': not a Spor bundle: the file is empty", SyncError);
    const crypto::Bytes receipt = encodeReceipt(test::sampleReceipt(w.keys), w.keys.receipts);
    CHECK_THROWS_WITH_AS(w.reader.read(receipt, "r.sporbundle"),
                         "bundle 'r.sporbundle': not a Spor bundle but a Spor receipt; a receipt is applied on the "
                         "device with 'spor apply-receipt'",
                         SyncError);
    // A mail program that turned \r\n into \n.
    crypto::Bytes mangled = w.writer.encodeVersion1(test::sampleBundle()).bytes;
    mangled.erase(mangled.begin() + 6);
    CHECK_THROWS_WITH_AS(w.reader.read(mangled, "mail.sporbundle"),
                         Contains("damaged in transit: its line endings were converted"), SyncError);
  }

  TEST_CASE("a future format version or cipher suite is refused") {
    World w;
    crypto::Bytes file = w.writer.encodeVersion1(test::sampleBundle()).bytes;
    file[8] = 3;
    CHECK_THROWS_WITH_AS(w.reader.read(file, "new.sporbundle"),
                         "bundle 'new.sporbundle': made by a newer Spor (bundle format version 3; this Spor reads "
                         "version 2); update Spor on this machine and try again",
                         SyncError);
    file[8] = 1;
    file[10] = 7;
    CHECK_THROWS_WITH_AS(w.reader.read(file, "new.sporbundle"),
                         Contains("uses cipher suite 7, which this Spor does not know"), SyncError);
    file[10] = 1;
    file[8] = 0;
    CHECK_THROWS_WITH_AS(w.reader.read(file, "old.sporbundle"),
                         Contains("damaged: its format version is 0, which no Spor writes"), SyncError);
  }

  TEST_CASE("a bundle for another coordinator is refused") {
    World w;
    const BundleWriter elsewhere(test::kDeviceId, w.keys.device, w.keys.otherCoordinator.publicKey);
    const EncodedBundle e = elsewhere.encode(test::sampleBundle());
    const SyncError error = errorOf([&] { (void)w.reader.read(e.bytes, "other.sporbundle"); });
    CHECK(error.kind() == SyncErrorKind::WrongRecipient);
    CHECK(std::string(error.what()) ==
          "bundle 'other.sporbundle': made for another coordinator (key fingerprint " +
              crypto::fingerprint(w.keys.otherCoordinator.publicKey) + "; this coordinator's is " +
              crypto::fingerprint(w.keys.coordinator.publicKey) +
              "). Give it to that coordinator, or enrol the device with this coordinator's enrolment file");
  }

  TEST_CASE("unknown and unapproved devices are refused") {
    World w;
    const auto newKey = crypto::signingKeyFromSeed(test::seed(0x13));
    const Uuid newId = test::uuid(0xD3);
    const BundleWriter stranger(newId, newKey, w.keys.coordinator.publicKey);
    const EncodedBundle e = stranger.encode(test::sampleBundle());
    const SyncError unknown = errorOf([&] { (void)w.reader.read(e.bytes, "s.sporbundle"); });
    CHECK(unknown.kind() == SyncErrorKind::UnknownDevice);
    CHECK(std::string(unknown.what()) ==
          "bundle 's.sporbundle': comes from device " + newId.str() + " (key fingerprint " +
              crypto::fingerprint(newKey.publicKey) +
              "), which this coordinator does not know. If it is one of your devices, compare that fingerprint with "
              "the one on the device's screen, approve it with 'spor devices approve " +
              newId.str() + "' and import again");
    // What the coordinator can still learn from it, to list it for approval.
    const BundleHeader header = checkBundleStructure(e.bytes, "s.sporbundle");
    CHECK(header.deviceId == newId);
    CHECK(bundleSelfSignatureValid(e.bytes, header));

    w.directory.add(newId, newKey.publicKey, false);
    CHECK(test::contains(test::syncMessage([&] { (void)w.reader.read(e.bytes, "s.sporbundle"); }),
                         "device " + newId.str() + " (key fingerprint " + crypto::fingerprint(newKey.publicKey) +
                             ") is not approved yet"));
    w.directory.add(newId, newKey.publicKey, true);
    CHECK(w.reader.read(e.bytes, "s.sporbundle").payload.records == test::sampleRecords());
  }

  TEST_CASE("a bundle re-signed by another device is refused") {
    World w;
    const EncodedBundle e = w.writer.encodeVersion1(test::sampleBundle());

    SUBCASE("another device's key under this device's id") {
      crypto::Bytes f = e.bytes;
      std::copy(w.keys.otherDevice.publicKey.bytes.begin(), w.keys.otherDevice.publicKey.bytes.end(), f.begin() + 28);
      resign(f, w.keys.otherDevice);
      const SyncError error = errorOf([&] { (void)w.reader.read(f, "r.sporbundle"); });
      CHECK(error.kind() == SyncErrorKind::WrongDeviceKey);
      CHECK(std::string(error.what()) ==
            "bundle 'r.sporbundle': signed with key " + crypto::fingerprint(w.keys.otherDevice.publicKey) +
                ", which is not the approved key of device " + test::kDeviceId.str() +
                ": the bundle was re-signed by another device or forged. Do not import it; ask the device's volunteer "
                "to export again");
    }
    SUBCASE("another approved device's id and key, with a valid signature") {
      crypto::Bytes f = e.bytes;
      std::copy(test::kOtherDeviceId.bytes.begin(), test::kOtherDeviceId.bytes.end(), f.begin() + 12);
      std::copy(w.keys.otherDevice.publicKey.bytes.begin(), w.keys.otherDevice.publicKey.bytes.end(), f.begin() + 28);
      resign(f, w.keys.otherDevice);
      const SyncError error = errorOf([&] { (void)w.reader.read(f, "r.sporbundle"); });
      CHECK(error.kind() == SyncErrorKind::DecryptFailed);
      CHECK_MESSAGE(std::string(error.what()).find("re-signed by another device") != std::string::npos, error.what());
    }
  }

  TEST_CASE("a sender inside that differs from the header is refused") {
    World w;
    // A device that holds the coordinator's public key can put anything inside;
    // the reader compares the sender inside with the signed header.
    struct Case {
      const char* what;
      void (*change)(Sender&);
    };
    const Case cases[] = {
        {"device", [](Sender& s) { s.deviceId = test::kDeviceId; }},
        {"sequence", [](Sender& s) { s.sequence = 5; }},
    };
    for (const Case& c : cases) {
      CAPTURE(c.what);
      Payload p;
      p.sender = {test::kOtherDeviceId,
                  w.keys.otherDevice.publicKey.bytes,
                  1,
                  {},
                  fingerprintBytes(w.keys.coordinator.publicKey),
                  test::kNow,
                  "test"};
      p.records = test::sampleRecords();
      CHECK_NOTHROW((void)w.reader.read(
          detail::encodeBundleV1(p, p.sender, w.keys.otherDevice, w.keys.coordinator.publicKey, nullptr).bytes, "ok"));
      Payload inside = p;
      c.change(inside.sender);
      const EncodedBundle forged =
          detail::encodeBundleV1(inside, p.sender, w.keys.otherDevice, w.keys.coordinator.publicKey, nullptr);
      const SyncError error = errorOf([&] { (void)w.reader.read(forged.bytes, "f.sporbundle"); });
      CHECK(error.kind() == SyncErrorKind::Mismatch);
      CHECK_MESSAGE(std::string(error.what()).find("does not match the header") != std::string::npos, error.what());
    }
  }

  TEST_CASE("writing a bundle is durable and read back and a full disk leaves nothing") {
    World w;
    const auto dir = freshDir("write");
    const WrittenBundle written = w.writer.write(dir, test::sampleBundle());
    CHECK(written.path == dir / ("spor-" + test::kDeviceId.shortStr() + "-000001.sporbundle"));
    CHECK(w.reader.readFile(written.path).verified.hash == written.hash);
    CHECK(test::syncMessage([&] { (void)w.writer.write(dir, test::sampleBundle()); }) ==
          "cannot write '" + written.path.string() + "': a file with that name is already there. Nothing was written.");

    const auto full = freshDir("full");
    simulateFullDiskForTesting(500);
    const SyncError error = errorOf([&] { (void)w.writer.write(full, test::sampleBundle()); });
    simulateFullDiskForTesting(std::nullopt);
    CHECK(error.kind() == SyncErrorKind::WriteFailed);
    CHECK(std::string(error.what()) ==
          "cannot write '" + (full / BundleWriter::fileName(test::kDeviceId, 1)).string() +
              "': No space left on device: the disk or USB stick is full; free some space and try again. Nothing was "
              "written.");
    CHECK(std::filesystem::is_empty(full));

    CHECK(test::contains(test::syncMessage([&] { (void)w.writer.write(dir / "missing", test::sampleBundle()); }),
                         "the folder '" + (dir / "missing").string() + "' does not exist"));
    std::filesystem::remove_all(dir);
    std::filesystem::remove_all(full);
  }

  TEST_CASE("reading a bundle file that is missing") {
    World w;
    CHECK_THROWS_WITH_AS(w.reader.readFile("/nonexistent/x.sporbundle"),
                         "bundle '/nonexistent/x.sporbundle': cannot open it: No such file or directory", SyncError);
  }

}  // TEST_SUITE
