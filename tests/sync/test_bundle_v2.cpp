// Bundles of format version 2 (issue 16): streamed in framed chunks, the
// signature at the end. Round trips (in memory, from a file, many chunks),
// and every bad input with its message: truncated anywhere, a bit flipped
// anywhere, chunks reordered, the last chunk dropped (so the final tag is
// missing, even when re-signed), bytes appended, the signature wrong, and
// a bundle for another coordinator. test_bundle.cpp keeps version 1's.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <filesystem>

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
using spor::test::Keys;
using spor::test::MapDirectory;

namespace {

struct World {
  Keys keys;
  MapDirectory directory;
  BundleWriter writer{test::kDeviceId, keys.device, keys.coordinator.publicKey};
  BundleReader reader{keys.coordinator, directory};
  World() { directory.add(test::kDeviceId, keys.device.publicKey); }
};

using spor::test::errorOf;

// Reads `bytes` in one streamed pass (BundleReader::open), as an import does.
Records openAll(const World& w, crypto::ByteView bytes, const std::string& name) {
  SpanSource source(bytes);
  Records all;
  (void)w.reader.open(source, name, [&](Records& batch) {
    for (auto& a : batch.answers) all.answers.push_back(a);
    for (auto& m : batch.measurements) all.measurements.push_back(m);
  });
  return all;
}

// A bundle of many chunks: `answers` answers of one measurement.
NewBundle bigBundle(std::uint32_t answers) {
  NewBundle big;
  for (std::uint32_t i = 0; i < answers; ++i) {
    AnswerRecord a;
    a.id = Uuid::random();
    a.measurement = test::uuid(6);
    a.item = "psykisk_" + std::to_string(i);
    a.value = static_cast<std::int32_t>(1 + i % 4);
    big.records.answers.push_back(a);
  }
  return big;
}

using Layout = test::V2Layout;
Layout layoutOf(const crypto::Bytes& file) { return test::v2Layout(file); }
using test::resignV2;

}  // namespace

TEST_SUITE("sync") {
  TEST_CASE("bundle version 2: a round trip keeps every record and field") {
    World w;
    const NewBundle bundle = test::sampleBundle();
    const EncodedBundle encoded = w.writer.encode(bundle);
    CHECK(encoded.header.formatVersion == 2);
    CHECK(wire::get<std::uint16_t>(encoded.bytes, 8) == 2);
    CHECK(encoded.header.recordCount == bundle.records.count());
    const OpenedBundle opened = w.reader.read(encoded.bytes, "b.sporbundle");
    CHECK(opened.payload.records == bundle.records);
    CHECK(opened.payload.sender.softwareVersion == bundle.softwareVersion);
    CHECK(opened.verified.hash == encoded.hash);
    CHECK(opened.verified.header == encoded.header);
    CHECK(crypto::hex(opened.verified.hash) == crypto::hex(crypto::hash(encoded.bytes)));
    // verify() alone (no key needed) agrees.
    CHECK(w.reader.verify(encoded.bytes, "b.sporbundle").hash == encoded.hash);
    CHECK(w.writer.encode(bundle).bytes != encoded.bytes);  // fresh randomness
  }

  TEST_CASE("bundle version 2: many chunks and an empty bundle and one streamed from a file") {
    World w;
    SUBCASE("empty") {
      const EncodedBundle e = w.writer.encode(NewBundle{});
      CHECK(w.reader.read(e.bytes, "empty").payload.records.empty());
      CHECK(layoutOf(e.bytes).frames.size() == 1);
    }
    SUBCASE("many chunks, each about 64 KiB") {
      const NewBundle big = bigBundle(6000);
      const EncodedBundle e = w.writer.encode(big);
      CHECK(layoutOf(e.bytes).frames.size() >= 5);
      CHECK(w.reader.read(e.bytes, "big").payload.records == big.records);
      CHECK(openAll(w, e.bytes, "big").answers == big.records.answers);
      CHECK(e.header.payloadLength > 4 * kBundleV2ChunkTarget);
    }
    SUBCASE("written to a folder and streamed back") {
      const auto dir = std::filesystem::temp_directory_path() / "spor-test-sync-v2-file";
      std::filesystem::remove_all(dir);
      std::filesystem::create_directories(dir);
      const NewBundle big = bigBundle(3000);
      const WrittenBundle written = w.writer.write(dir, big);
      const OpenedBundle back = w.reader.readFile(written.path);
      CHECK(back.payload.records == big.records);
      CHECK(back.verified.hash == written.hash);
      CHECK(std::filesystem::file_size(written.path) == written.bytes);
      std::filesystem::remove_all(dir);
    }
    SUBCASE("records in any order read the same") {
      // A writer that pages through the store's changes sends kinds mixed.
      NewBundle b = test::sampleBundle();
      const Sender s{test::kDeviceId, w.keys.device.publicKey.bytes, 1, {}, fingerprintBytes(w.keys.coordinator.publicKey),
                     test::kNow, "t"};
      crypto::Bytes bytes;
      BundleStreamWriter out(s, s, w.keys.device, w.keys.coordinator.publicKey,
                             [&](crypto::ByteView v) { bytes.insert(bytes.end(), v.begin(), v.end()); });
      for (const auto& a : b.records.answers) out.add(a);
      for (const auto& m : b.records.measurements) out.add(m);
      for (const auto& c : b.records.children) out.add(c);
      for (const auto& c : b.records.consents) out.add(c);
      for (const auto& e : b.records.projectEnrolments) out.add(e);
      for (const auto& x : b.records.backgrounds) out.add(x);
      for (const auto& x : b.records.fidelities) out.add(x);
      for (const auto& x : b.records.safeguardingFlags) out.add(x);
      for (const auto& x : b.records.tombstones) out.add(x);
      (void)out.finish();
      CHECK(w.reader.read(bytes, "mixed").payload.records == b.records);
    }
  }

  TEST_CASE("bundle version 2: truncation at every byte is refused") {
    World w;
    const EncodedBundle e = w.writer.encode(test::sampleBundle());
    REQUIRE(e.bytes.size() < 4096);
    for (std::size_t n = 0; n < e.bytes.size(); ++n) {
      const crypto::ByteView cut = crypto::ByteView(e.bytes).first(n);
      INFO("cut at ", n);
      const SyncError read = errorOf([&] { (void)w.reader.read(cut, "cut.sporbundle"); });
      CHECK((read.kind() == SyncErrorKind::Truncated || read.kind() == SyncErrorKind::NotSporFile));
      const SyncError streamed = errorOf([&] { (void)openAll(w, cut, "cut.sporbundle"); });
      CHECK((streamed.kind() == SyncErrorKind::Truncated || streamed.kind() == SyncErrorKind::NotSporFile));
    }
    const Layout l = layoutOf(e.bytes);
    CHECK(test::syncMessage([&] { (void)w.reader.read(crypto::ByteView(e.bytes).first(l.signature + 10), "c"); }) ==
          "bundle 'c': truncated: it is " + std::to_string(l.signature + 10) + " bytes but its header says " +
              std::to_string(e.bytes.size()) + "; the copy was cut short, copy the file again from the device");
    CHECK(test::contains(test::syncMessage([&] { (void)w.reader.read(crypto::ByteView(e.bytes).first(300), "c"); }),
                         "bundle 'c': truncated: it ends inside an encrypted chunk"));
  }

  TEST_CASE("bundle version 2: every single-bit flip is refused") {
    World w;
    const EncodedBundle e = w.writer.encode(test::sampleBundle());
    crypto::Bytes copy = e.bytes;
    std::size_t refused = 0;
    for (std::size_t i = 0; i < copy.size(); ++i) {
      for (unsigned bit = 0; bit < 8; ++bit) {
        copy[i] = static_cast<std::uint8_t>(copy[i] ^ (1u << bit));
        for (int streamed = 0; streamed < 2; ++streamed) {
          bool threw = false;
          try {
            if (streamed == 1) {
              (void)openAll(w, copy, "flipped.sporbundle");
            } else {
              (void)w.reader.read(copy, "flipped.sporbundle");
            }
          } catch (const SyncError& error) {
            threw = true;
            CHECK(std::string(error.what()).rfind("bundle 'flipped.sporbundle': ", 0) == 0);
            CHECK_MESSAGE(test::untranslated(error.message()).empty(), test::untranslated(error.message()));
          }
          if (!threw) FAIL_CHECK("byte ", i, " bit ", bit, " flipped went unnoticed");
          refused += threw ? 1 : 0;
        }
        copy[i] = e.bytes[i];
      }
    }
    CHECK(refused == 16 * copy.size());
  }

  TEST_CASE("bundle version 2: a flipped chunk or reordered chunks cannot be decrypted") {
    World w;
    const EncodedBundle e = w.writer.encode(bigBundle(3000));
    const Layout l = layoutOf(e.bytes);
    REQUIRE(l.frames.size() >= 3);
    SUBCASE("a byte of the second chunk flipped: decryption fails before the signature is reached") {
      crypto::Bytes f = e.bytes;
      f[l.frames[1] + 100] ^= 0x20;
      const SyncError error = errorOf([&] { (void)openAll(w, f, "x.sporbundle"); });
      CHECK(error.kind() == SyncErrorKind::DecryptFailed);
      CHECK(test::contains(error.what(), "bundle 'x.sporbundle': cannot decrypt"));
      // verify() alone (no decryption) says the signature does not match.
      CHECK(errorOf([&] { (void)w.reader.verify(f, "x.sporbundle"); }).kind() == SyncErrorKind::BadSignature);
    }
    SUBCASE("the first two chunks swapped, and re-signed") {
      crypto::Bytes f = test::swapFrames(e.bytes, 0, 1);
      REQUIRE(f.size() == e.bytes.size());
      resignV2(f, w.keys.device);
      CHECK_NOTHROW((void)w.reader.verify(f, "swapped.sporbundle"));  // a valid signature...
      const SyncError error = errorOf([&] { (void)openAll(w, f, "swapped.sporbundle"); });
      CHECK(error.kind() == SyncErrorKind::DecryptFailed);  // ...but the stream is out of order
      CHECK(test::contains(error.what(), "cannot decrypt"));
    }
  }

  TEST_CASE("bundle version 2: a stream without its final tag is refused even when re-signed") {
    World w;
    const EncodedBundle e = w.writer.encode(bigBundle(3000));
    const Layout l = layoutOf(e.bytes);
    // Drop the last chunk, mark the one before as the last, re-sign.
    crypto::Bytes f(e.bytes.begin(), e.bytes.begin() + static_cast<std::ptrdiff_t>(l.frames.back()));
    const std::size_t before = l.frames[l.frames.size() - 2];
    test::setFrameWord(f, before, wire::get<std::uint32_t>(f, before) | 0x80000000u);
    f.resize(f.size() + 64);
    resignV2(f, w.keys.device);
    CHECK_NOTHROW((void)w.reader.verify(f, "cut.sporbundle"));
    const SyncError error = errorOf([&] { (void)openAll(w, f, "cut.sporbundle"); });
    CHECK(error.kind() == SyncErrorKind::DecryptFailed);
    CHECK(std::string(error.what()) ==
          "bundle 'cut.sporbundle': cannot decrypt: the encrypted stream does not end at the end of the file; it was "
          "cut short");
  }

  TEST_CASE("bundle version 2: appended bytes and a wrong signature are refused") {
    World w;
    const EncodedBundle e = w.writer.encode(test::sampleBundle());
    crypto::Bytes longer = e.bytes;
    longer.push_back(0);
    const SyncError extra = errorOf([&] { (void)openAll(w, longer, "long.sporbundle"); });
    CHECK(extra.kind() == SyncErrorKind::ExtraBytes);
    CHECK(test::contains(extra.what(), "bundle 'long.sporbundle': it has 1 extra bytes after its end"));

    crypto::Bytes badSig = e.bytes;
    badSig[badSig.size() - 10] ^= 0x01;
    const SyncError sig = errorOf([&] { (void)openAll(w, badSig, "sig.sporbundle"); });
    CHECK(sig.kind() == SyncErrorKind::BadSignature);
    CHECK(std::string(sig.what()) ==
          "bundle 'sig.sporbundle': the signature does not match the contents: the file was changed or damaged after "
          "device " +
              test::kDeviceId.str() + " made it. Copy it again from the device");
    // Signed by another key: the same.
    crypto::Bytes other = e.bytes;
    resignV2(other, w.keys.otherDevice);
    CHECK(errorOf([&] { (void)openAll(w, other, "o.sporbundle"); }).kind() == SyncErrorKind::BadSignature);
  }

  TEST_CASE("bundle version 2: a bundle for another coordinator is refused before anything is read") {
    World w;
    const BundleWriter elsewhere(test::kDeviceId, w.keys.device, w.keys.otherCoordinator.publicKey);
    const EncodedBundle e = elsewhere.encode(test::sampleBundle());
    bool batches = false;
    SpanSource source(e.bytes);
    const SyncError error = errorOf([&] {
      (void)w.reader.open(source, "other.sporbundle", [&](Records&) { batches = true; });
    });
    CHECK_FALSE(batches);
    CHECK(error.kind() == SyncErrorKind::WrongRecipient);
    CHECK(test::contains(error.what(), "bundle 'other.sporbundle': made for another coordinator"));
  }

  TEST_CASE("bundle version 2: a sender inside that differs from the header is refused before any record") {
    World w;
    w.directory.add(test::kOtherDeviceId, w.keys.otherDevice.publicKey);
    Payload p;
    p.sender = {test::kOtherDeviceId, w.keys.otherDevice.publicKey.bytes, 1, {},
                fingerprintBytes(w.keys.coordinator.publicKey), test::kNow, "test"};
    p.records = test::sampleRecords();
    Payload inside = p;
    inside.sender.sequence = 5;
    const EncodedBundle forged =
        detail::encodeBundle(inside, p.sender, w.keys.otherDevice, w.keys.coordinator.publicKey, nullptr);
    bool batches = false;
    SpanSource source(forged.bytes);
    const SyncError error = errorOf([&] {
      (void)w.reader.open(source, "f.sporbundle", [&](Records&) { batches = true; });
    });
    CHECK_FALSE(batches);
    CHECK(error.kind() == SyncErrorKind::Mismatch);
  }

  TEST_CASE("bundle version 2: the fast archive writer makes cereal's bytes exactly") {
    const Records r = test::sampleRecords();
    const Payload p{Sender{test::kDeviceId, {}, 3, {}, {}, test::kNow, "v"}, r};
    CHECK(encodeArchive(p) == encodeArchiveWithCereal(p));
    for (const auto& x : r.projectEnrolments) CHECK(encodeArchive(x) == encodeArchiveWithCereal(x));
    for (const auto& x : r.backgrounds) CHECK(encodeArchive(x) == encodeArchiveWithCereal(x));
    for (const auto& x : r.safeguardingFlags) CHECK(encodeArchive(x) == encodeArchiveWithCereal(x));
    for (const auto& x : r.fidelities) CHECK(encodeArchive(x) == encodeArchiveWithCereal(x));
  }
}
