// The wire records and the bounded archive reader: round trips per type,
// cereal's portable binary layout, future versions, and hostile lengths.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <cmath>
#include <doctest/doctest.h>

#include "crypto/encoding.hpp"
#include "fixture.hpp"
#include "sync/archive.hpp"
#include "sync/errors.hpp"
#include "sync/records.hpp"

using namespace spor;
using namespace spor::sync;
using doctest::Contains;

namespace {

template <class T>
void roundTrip(const T& value) {
  const crypto::Bytes bytes = encodeArchive(value);
  CHECK(bytes.at(0) == 1);  // little-endian marker
  CHECK(decodeArchive<T>(bytes, "test") == value);
}

crypto::Bytes le(std::uint64_t value, std::size_t width) {
  crypto::Bytes out;
  for (std::size_t i = 0; i < width; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
  return out;
}

crypto::Bytes cat(std::initializer_list<crypto::Bytes> parts) {
  crypto::Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

}  // namespace

TEST_SUITE("sync") {
  TEST_CASE("every record type round-trips through cereal's portable binary archive") {
    const Records r = test::sampleRecords();
    for (const auto& x : r.children) roundTrip(x);
    for (const auto& x : r.consents) roundTrip(x);
    for (const auto& x : r.projectEnrolments) roundTrip(x);
    for (const auto& x : r.measurements) roundTrip(x);
    for (const auto& x : r.answers) roundTrip(x);
    for (const auto& x : r.backgrounds) roundTrip(x);
    for (const auto& x : r.fidelities) roundTrip(x);
    for (const auto& x : r.safeguardingFlags) roundTrip(x);
    for (const auto& x : r.tombstones) roundTrip(x);
    Payload p;
    p.sender.deviceId = test::kDeviceId;
    p.sender.sequence = 3;
    p.records = r;
    CHECK(decodePayload(encodePayload(p), "test") == p);
  }

  TEST_CASE(
      "the layout is cereal's portable binary with a marker and class versions and u64 lengths in little-endian") {
    const ChildRecord child{test::uuid(1), 2, 0x0102030405060708, "K", "", 2014, "boy"};
    const crypto::Bytes bytes = encodeArchive(child);
    const Uuid id = test::uuid(1);
    const crypto::Bytes expected = cat({{1},       // little-endian archive
                                        le(1, 4),  // ChildRecord version 1
                                        crypto::Bytes(id.bytes.begin(), id.bytes.end()),
                                        le(2, 8),                   // revision
                                        le(0x0102030405060708, 8),  // modifiedAt
                                        le(1, 8),
                                        {'K'},        // code
                                        le(0, 8),     // nickname
                                        le(2014, 4),  // birthYear
                                        le(3, 8),
                                        {'b', 'o', 'y'}});
    CHECK(crypto::hex(bytes) == crypto::hex(expected));
  }

  TEST_CASE("a version 1 project enrolment reads with no municipality or course end and today's carries them") {
    // Version 1 bytes, as a Spor before issue 14 wrote them: no municipality.
    const Uuid id = test::uuid(5);
    const Uuid child = test::uuid(1);
    const crypto::Bytes v1 = cat({{1},
                                  le(1, 4),  // ProjectEnrolmentRecord version 1
                                  crypto::Bytes(id.bytes.begin(), id.bytes.end()),
                                  le(3, 8),    // revision
                                  le(100, 8),  // modifiedAt
                                  crypto::Bytes(child.bytes.begin(), child.bytes.end()),
                                  le(5, 8),
                                  {'s', 't', 'r', 'o', 'm'},
                                  le(1, 8),  // one intervention
                                  le(10, 8),
                                  {'i', 'n', 'd', 'i', 'v', 'i', 'd', 'u', 'a', 'l'},
                                  le(20000, 4),  // startedOn
                                  {1}});         // endedOn absent
    const auto old = decodeArchive<ProjectEnrolmentRecord>(v1, "v1");
    CHECK(old.project == "strom");
    CHECK(old.interventions == std::vector<std::string>{"individual"});
    CHECK(old.startedOn == 20000);
    CHECK_FALSE(old.endedOn);
    CHECK(old.municipality.empty());

    // Today's writer: version 4, the same fields, then the municipality (v2),
    // then the course end, the stop reason and the missed measurements (v3),
    // then the referral: role, day (absent), report-back, referrer and the
    // feedback log (v4).
    ProjectEnrolmentRecord now = old;
    now.municipality = "København";
    const crypto::Bytes v2 = encodeArchive(now);
    CHECK(v2.at(1) == 4);
    crypto::Bytes expected = v1;
    expected[1] = 4;
    const std::string name = "København";  // 10 bytes of UTF-8
    const crypto::Bytes tail = cat({le(10, 8), crypto::Bytes(name.begin(), name.end()), le(0, 8), le(0, 8), le(0, 8),
                                   le(0, 8), {1}, le(0, 8), le(0, 8), le(0, 8)});
    expected.insert(expected.end(), tail.begin(), tail.end());
    CHECK(crypto::hex(v2) == crypto::hex(expected));
    CHECK(decodeArchive<ProjectEnrolmentRecord>(v2, "v2") == now);
  }

  TEST_CASE("a record version newer than this Spor knows is refused") {
    ChildRecord child{test::uuid(1), 1, 0, "K", "", 0, ""};
    crypto::Bytes bytes = encodeArchive(child);
    bytes[1] = 2;  // the class version
    const auto read = [&] { (void)decodeArchive<ChildRecord>(bytes, "the payload of bundle 'x'"); };
    CHECK_THROWS_WITH_AS(
        read(),
        "the payload of bundle 'x': it holds ChildRecord version 2, newer than the version 1 this Spor "
        "understands; update Spor on this machine and try again",
        SyncError);
    bytes[1] = 0;
    CHECK_THROWS_WITH_AS(read(), Contains("it holds ChildRecord version 0, which no Spor writes"), SyncError);
  }

  TEST_CASE("hostile lengths are refused before anything is allocated") {
    SUBCASE("a text claiming 2^60 bytes") {
      const crypto::Bytes bytes = cat({{1}, le(1ULL << 60, 8), {'a'}});
      CHECK_THROWS_WITH_AS(decodeArchive<std::string>(bytes, "t"),
                           "t is malformed: a text of 1152921504606846976 bytes is longer than the 65536 allowed (at "
                           "byte 9 of 10)",
                           SyncError);
    }
    SUBCASE("a text longer than what remains") {
      const crypto::Bytes bytes = cat({{1}, le(100, 8), {'a'}});
      CHECK_THROWS_WITH_AS(decodeArchive<std::string>(bytes, "t"),
                           "t is malformed: a text claims 100 elements but only 1 bytes remain (at byte 9 of 10)",
                           SyncError);
    }
    SUBCASE("a list of records claiming 2^62 elements") {
      const crypto::Bytes bytes = cat({{1}, le(1ULL << 62, 8)});
      CHECK_THROWS_WITH_AS(decodeArchive<std::vector<ChildRecord>>(bytes, "l"),
                           Contains("a list claims 4611686018427387904"), SyncError);
    }
    SUBCASE("a list of numbers longer than what remains") {
      const crypto::Bytes bytes = cat({{1}, le(3, 8), le(1, 4), le(2, 4)});
      CHECK_THROWS_WITH_AS(decodeArchive<std::vector<std::int32_t>>(bytes, "n"), Contains("a list of numbers claims 3"),
                           SyncError);
    }
    SUBCASE("a true/false byte other than 0 or 1") {
      const crypto::Bytes bytes = cat({{1}, {2}});
      CHECK_THROWS_WITH_AS(decodeArchive<bool>(bytes, "b"), Contains("a true/false value is 2, not 0 or 1"), SyncError);
    }
    SUBCASE("a big-endian archive") {
      CHECK_THROWS_WITH_AS(decodeArchive<std::uint32_t>(cat({{0}, le(1, 4)}), "e"),
                           Contains("it does not start with the little-endian marker"), SyncError);
    }
    SUBCASE("left-over bytes") {
      CHECK_THROWS_WITH_AS(decodeArchive<std::uint32_t>(cat({{1}, le(1, 4), {9}}), "e"),
                           "e is malformed: 1 bytes are left over after the last value (at byte 5 of 6)", SyncError);
    }
    SUBCASE("too short") {
      CHECK_THROWS_WITH_AS(decodeArchive<std::uint64_t>(cat({{1}, le(1, 4)}), "e"),
                           "e is malformed: it ends 4 bytes too early (at byte 1 of 5)", SyncError);
      CHECK_THROWS_WITH_AS(decodeArchive<std::uint64_t>(crypto::Bytes{}, "e"), Contains("it ends 1 bytes too early"),
                           SyncError);
    }
  }

  TEST_CASE("records that break the rules the types cannot express are refused") {
    Records r;
    r.children.push_back({Uuid{}, 1, 0, "K", "", 0, ""});
    CHECK_THROWS_WITH_AS(validateRecords(r, "p"), "p is malformed: child record 1 has no id", SyncError);
    r.children[0].id = test::uuid(1);
    r.children[0].revision = 0;
    CHECK_THROWS_WITH_AS(validateRecords(r, "p"), "p is malformed: child record 1 has revision 0", SyncError);
    r.children.clear();
    r.tombstones.push_back({test::uuid(2), 1, 0, static_cast<RecordKind>(9), TombstoneReason::Purged});
    CHECK_THROWS_WITH_AS(validateRecords(r, "p"), Contains("has unknown record kind 9"), SyncError);
    r.tombstones[0].kind = RecordKind::Answer;
    r.tombstones[0].reason = static_cast<TombstoneReason>(0);
    CHECK_THROWS_WITH_AS(validateRecords(r, "p"), Contains("has unknown reason 0"), SyncError);
    r.tombstones.clear();
    // A flag's score is a mean on the 1-4 scale: NaN (the payload fuzzer's find), infinity or 0 is refused.
    SafeguardingFlagRecord flag;
    flag.id = test::uuid(3);
    flag.child = test::uuid(4);
    flag.measurement = test::uuid(5);
    flag.dimension = "selvskade";
    for (const double bad : {std::nan(""), HUGE_VAL, 0.0, 4.5}) {
      CAPTURE(bad);
      flag.score = bad;
      r.safeguardingFlags = {flag};
      CHECK_THROWS_WITH_AS(validateRecords(r, "p"), Contains("has a score outside 1 to 4"), SyncError);
    }
    flag.score = 2.5;
    r.safeguardingFlags = {flag};
    CHECK_NOTHROW(validateRecords(r, "p"));
  }

  TEST_CASE("UUIDs as text and bytes") {
    const Uuid id = Uuid::parse("1b4e28ba-2fa1-4d2b-883f-0016d3cca427");
    CHECK(id.str() == "1b4e28ba-2fa1-4d2b-883f-0016d3cca427");
    CHECK(Uuid::parse("1B4E28BA-2FA1-4D2B-883F-0016D3CCA427") == id);
    CHECK(id.shortStr() == "1b4e28ba");
    CHECK(Uuid::random() != Uuid::random());
    CHECK_THROWS_WITH_AS(Uuid::parse("1b4e28ba2fa14d2b883f0016d3cca427", "device id"),
                         "device id '1b4e28ba2fa14d2b883f0016d3cca427' is not a UUID (expected 8-4-4-4-12 hex digits, "
                         "like 1b4e28ba-2fa1-4d2b-883f-0016d3cca427)",
                         SyncError);
    CHECK_THROWS_AS(Uuid::parse("1b4e28ba-2fa1-4d2b-883f-0016d3cca42g"), SyncError);
  }

}  // TEST_SUITE
