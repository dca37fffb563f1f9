// The report's input from the coordinator store (report/from_coordinator.hpp):
// hand-made records sent in real bundles, so every rule is pinned: only
// finished measurements, children by code (a nickname on the wire is never
// read), the latest project enrolment and background form, declined answers
// missing, deleted records gone, orphans counted.
#include <algorithm>
#include <set>
#include <string>

#include <doctest/doctest.h>

#include "../store/store_fixture.hpp"
#include "report/export.hpp"
#include "report/from_coordinator.hpp"
#include "report/report.hpp"
#include "report/writers.hpp"
#include "store/error.hpp"
#include "sync/bundle.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/errors.hpp"
#include "sync/signed_file.hpp"

using namespace spor;
using doctest::Contains;

namespace {

constexpr const char* kPassphrase = "korrekt hest batteri";
constexpr const char* kCanary = "Zebulonkanarie";  // a nickname that must never come out

sync::Uuid uuid(std::uint8_t n) {
  sync::Uuid id;
  id.bytes.fill(n);
  id.bytes[6] = 0x40;
  id.bytes[8] = 0x80;
  return id;
}

sync::DayNumber dayNo(const char* iso) { return static_cast<sync::DayNumber>(core::toDayNumber(*core::parseDate(iso))); }
sync::UnixTime at(const char* iso, int hour) { return static_cast<sync::UnixTime>(dayNo(iso)) * 86400 + hour * 3600; }

// A coordinator store and one device that sends it hand-made bundles.
struct Coordinator {
  test::TempDir dir{"report-input"};
  test::FakeClock clock;
  sync::CoordinatorStore store = sync::CoordinatorStore::create(sync::coordinatorStorePath(dir.path), "Test",
                                                                kPassphrase, options());
  sync::Enrolment enrolment = sync::readEnrolment(store.enrolmentFile(), "enrolment");
  crypto::SigningKeyPair deviceKey = crypto::generateSigningKey();
  sync::Uuid deviceId = sync::Uuid::random();
  std::uint64_t sequence = 0;
  sync::Hash previous{};

  sync::CoordinatorOptions options() const {
    sync::CoordinatorOptions o;
    o.kdf = crypto::KdfParams::testFast();
    o.clock = clock.clock();
    return o;
  }

  // The next bundle of the device, not yet imported.
  sync::EncodedBundle encode(const sync::Records& records) {
    const sync::BundleWriter writer(deviceId, deviceKey, enrolment.encryption());
    sync::NewBundle b;
    b.sequence = ++sequence;
    b.previousBundleHash = previous;
    b.records = records;
    b.createdAt = at("2026-03-02", 10);
    b.softwareVersion = "spor test";
    sync::EncodedBundle encoded = writer.encode(b);
    previous = encoded.hash;
    return encoded;
  }
  void import(const sync::EncodedBundle& bundle) {
    if (store.devices().empty()) {  // the first bundle lists the device; then it is approved
      CHECK_THROWS_AS((void)store.importBundle(bundle.bytes, "first"), sync::SyncError);
      (void)store.approveDevice(deviceId.str());
    }
    const sync::ImportResult r = store.importBundle(bundle.bytes, "bundle");
    CHECK_FALSE(r.alreadyImported);
  }
  void send(const sync::Records& records) { import(encode(records)); }
};

sync::MeasurementRecord measurement(std::uint8_t id, std::uint8_t child, const char* occasion, const char* state,
                                    const char* day, std::uint64_t revision = 1) {
  return {uuid(id), revision, at(day, 12), uuid(child), "strom", "barn", 1, occasion, state, at(day, 9),
          std::string(state) == "finished" ? std::optional<sync::UnixTime>(at(day, 9) + 600) : std::nullopt};
}

sync::AnswerRecord answer(std::uint8_t id, std::uint8_t m, const char* item, std::optional<std::int32_t> value) {
  return {uuid(id), 1, at("2026-01-05", 9), uuid(m), item, value, at("2026-01-05", 9)};
}

// Child A (nickname on the wire!) in strom, later moved to nefos; child B
// without birth year; child C deleted in the second bundle; a measurement
// of a child the store never got.
sync::Records firstBundle() {
  sync::Records r;
  r.children.push_back({uuid(1), 3, at("2025-09-01", 9), "KA-AAAA", kCanary, 2013, "girl"});
  r.children.push_back({uuid(2), 4, at("2025-09-01", 9), "KB-BBBB", "", 0, "boy"});
  r.children.push_back({uuid(3), 5, at("2025-09-01", 9), "KC-CCCC", "", 2012, ""});
  r.projectEnrolments.push_back({uuid(4), 3, at("2025-09-01", 9), uuid(1), "strom", {"individual"}, dayNo("2025-09-01"), {},
                                 "København"});
  r.projectEnrolments.push_back({uuid(5), 9, at("2025-10-01", 9), uuid(1), "nefos", {"group", "family", "nonsense"},
                                 dayNo("2025-10-01"), {}, "Middelfart"});
  r.projectEnrolments.push_back({uuid(6), 4, at("2025-09-01", 9), uuid(2), "nefos", {}, dayNo("2025-09-01"), {}, ""});
  r.projectEnrolments.push_back(
      {uuid(7), 5, at("2025-09-01", 9), uuid(3), "strom", {"individual"}, dayNo("2025-09-01"), {}, "København"});
  // Consents: A's mother, then later consent to share on its own; B's
  // withdrawn (as if none).
  r.consents.push_back({uuid(80), 1, 0, uuid(1), dayNo("2025-09-01"), "mor", "Anna", true, true, {}, false});
  r.consents.push_back({uuid(81), 1, 0, uuid(1), dayNo("2025-11-01"), "far", "Anna", false, false, {}, true});
  r.consents.push_back({uuid(82), 1, 0, uuid(2), dayNo("2025-09-01"), "værge", "Anna", true, true,
                        dayNo("2025-12-01"), true});
  r.measurements.push_back(measurement(10, 1, "foer", "finished", "2025-10-02"));
  r.measurements.push_back(measurement(11, 1, "efter", "paused", "2026-01-05"));
  r.measurements.push_back(measurement(12, 1, "efter", "abandoned", "2026-01-04"));
  r.measurements.push_back(measurement(13, 2, "foer", "finished", "2025-09-03"));
  r.measurements.push_back(measurement(14, 3, "foer", "finished", "2025-09-03"));
  r.measurements.push_back(measurement(15, 99, "foer", "finished", "2025-09-03"));  // no such child
  r.answers.push_back(answer(30, 10, "psykisk_1", 3));
  r.answers.push_back(answer(31, 10, "psykisk_2", std::nullopt));  // vil ikke svare
  r.answers.push_back(answer(32, 10, "psykisk_3", 4));
  r.answers.push_back(answer(33, 11, "psykisk_1", 1));  // paused measurement: left out
  r.answers.push_back(answer(34, 13, "relationel_1", 2));
  r.answers.push_back(answer(35, 15, "psykisk_1", 2));  // orphan measurement
  r.answers.push_back(answer(36, 77, "psykisk_1", 2));  // no such measurement
  // Background: an older and a newer finished form, and an unfinished newest one.
  r.backgrounds.push_back({uuid(40), 2, 0, uuid(1), "strom", "baggrund", 1, dayNo("2025-09-05"), "Anna", "finished",
                           {{"gender", {1}, std::nullopt, "", false}}});
  r.backgrounds.push_back({uuid(41), 6, 0, uuid(1), "nefos", "baggrund", 1, dayNo("2025-10-03"), "Anna", "finished",
                           {{"gender", {1}, std::nullopt, "", false},
                            {"birth_year", {}, 2013, "", false},
                            {"difficulties", {1, 3}, std::nullopt, "Andet: hedder " + std::string(kCanary), false},
                            {"nationality", {}, std::nullopt, "", true}}});
  r.backgrounds.push_back({uuid(42), 7, 0, uuid(1), "nefos", "baggrund", 1, dayNo("2025-11-01"), "Anna", "paused",
                           {{"gender", {2}, std::nullopt, "", false}}});
  r.fidelities.push_back({uuid(50), 1, 0, "strom", std::nullopt, "fidelitet_strom", 1, dayNo("2025-12-01"), "Anna",
                          "finished", {{"strom_f01", 4}, {"strom_f02", std::nullopt}, {"strom_f03", 5}}});
  r.fidelities.push_back({uuid(51), 1, 0, "strom", uuid(1), "fidelitet_strom", 1, dayNo("2025-12-02"), "Anna",
                          "in_progress", {{"strom_f01", 1}}});
  r.safeguardingFlags.push_back({uuid(60), 1, 0, uuid(1), uuid(10), "selvskade", {"selvskade_1"}, std::nullopt, 0, {}});
  return r;
}

const report::ChildInput* find(const report::ReportInput& in, const std::string& code) {
  for (const auto& c : in.children)
    if (c.code == code) return &c;
  return nullptr;
}

}  // namespace

TEST_SUITE("report") {

TEST_CASE("the report's input from the coordinator store") {
  Coordinator c;
  c.send(firstBundle());
  sync::Records second;
  second.tombstones.push_back({uuid(3), 20, 0, sync::RecordKind::Child, sync::TombstoneReason::Deleted});
  second.tombstones.push_back({uuid(7), 20, 0, sync::RecordKind::ProjectEnrolment, sync::TombstoneReason::Deleted});
  second.tombstones.push_back({uuid(14), 20, 0, sync::RecordKind::Measurement, sync::TombstoneReason::Deleted});
  c.send(second);

  const core::Date asOf = *core::parseDate("2026-03-01");
  const report::LoadedInput loaded = report::loadReportInput(c.store, asOf);
  const report::ReportInput& in = loaded.input;
  CHECK(in.asOf == asOf);

  SUBCASE("children by code, in code order; a deleted child is gone") {
    REQUIRE(in.children.size() == 2);
    CHECK(in.children[0].code == "KA-AAAA");
    CHECK(in.children[1].code == "KB-BBBB");
    CHECK(find(in, "KC-CCCC") == nullptr);
  }
  SUBCASE("the latest project enrolment gives the project and the intervention types") {
    const auto* a = find(in, "KA-AAAA");
    REQUIRE(a);
    CHECK(a->project == "nefos");
    CHECK(a->municipality == "Middelfart");  // the latest enrolment's, not the first one's
    CHECK(a->interventions == std::vector<core::Intervention>{core::Intervention::Group, core::Intervention::Family});
    CHECK(a->birthYear == 2013);
    const auto* b = find(in, "KB-BBBB");
    REQUIRE(b);
    CHECK(b->project == "nefos");
    CHECK(b->interventions.empty());
    CHECK(b->municipality.empty());  // not recorded
    CHECK(a->consentBy == "mor");  // the consent to the questionnaires, not the later one to share
    CHECK(a->sharingConsent);
    CHECK(b->consentBy.empty());  // withdrawn
    CHECK_FALSE(b->sharingConsent);
    CHECK_FALSE(b->birthYear.has_value());
  }
  SUBCASE("only finished measurements, dated by the day they finished; declined answers are kept apart") {
    const auto* a = find(in, "KA-AAAA");
    REQUIRE(a);
    REQUIRE(a->measurements.size() == 1);
    const report::MeasurementInput& m = a->measurements[0];
    CHECK(m.occasion == core::Occasion::Before);
    CHECK(m.date == *core::parseDate("2025-10-02"));
    CHECK(m.form == "barn");
    CHECK(m.formVersion == 1);
    CHECK(m.items == core::ItemValues{{"psykisk_1", 3}, {"psykisk_3", 4}});
    CHECK(m.declined == std::set<std::string>{"psykisk_2"});  // "vil ikke svare": not a value, not never asked
    const auto* b = find(in, "KB-BBBB");
    REQUIRE(b);
    REQUIRE(b->measurements.size() == 1);
    CHECK(b->measurements[0].items == core::ItemValues{{"relationel_1", 2}});
  }
  SUBCASE("the latest finished background form; a declined question is kept as declined") {
    const auto* a = find(in, "KA-AAAA");
    REQUIRE(a);
    REQUIRE(a->background.has_value());
    CHECK(a->background->date == *core::parseDate("2025-10-03"));
    REQUIRE(a->background->answers.count("nationality") == 1);
    CHECK(a->background->answers.at("nationality").declined);
    CHECK(a->background->answers.at("nationality").codes.empty());
    CHECK(a->background->answers.at("birth_year").number == 2013.0);
    CHECK(a->background->answers.at("difficulties").codes == std::vector<int>{1, 3});
    CHECK_FALSE(find(in, "KB-BBBB")->background.has_value());
  }
  SUBCASE("finished fidelity forms only") {
    REQUIRE(in.fidelity.size() == 1);
    CHECK(in.fidelity[0].project == "strom");
    CHECK(in.fidelity[0].form == "fidelitet_strom");
    CHECK(in.fidelity[0].date == *core::parseDate("2025-12-01"));
    CHECK(in.fidelity[0].items == std::map<std::string, int>{{"strom_f01", 4}, {"strom_f03", 5}});
    CHECK(in.fidelity[0].declined == std::set<std::string>{"strom_f02"});  // "Ikke relevant"
    CHECK(in.fidelity[0].formVersion == 1);
  }
  SUBCASE("the summary counts what was read and what was left out") {
    const report::LoadSummary& s = loaded.summary;
    CHECK(s.children == 2);
    CHECK(s.finishedMeasurements == 2);
    CHECK(s.unfinishedMeasurements == 2);
    CHECK(s.answers == 3);
    CHECK(s.declined == 1);
    CHECK(s.backgrounds == 1);
    CHECK(s.fidelity == 1);
    CHECK(s.orphans == 2);  // the measurement of an unknown child (its answer goes with it), an answer without one
    CHECK(s.warnings.empty());
  }
  SUBCASE("a nickname that arrived on the wire appears in no report and no export") {
    const core::FormSet& forms = test::bundledForms();
    const report::Report r = report::buildReport(forms, in, {});
    for (const std::string& text : {report::renderHtml(r), report::renderJson(r), report::renderCsv(r)})
      CHECK(text.find(kCanary) == std::string::npos);
    const report::Report timeline = report::buildReport(forms, in, {.project = "", .intervention = {}, .child = "KA-AAAA"});
    CHECK(report::renderHtml(timeline).find(kCanary) == std::string::npos);
    const report::DataExport data = report::buildExport(forms, in);
    CHECK(report::renderTableCsv(data.wideTable).find(kCanary) == std::string::npos);
    CHECK(report::renderTableCsv(data.longTable).find(kCanary) == std::string::npos);
    CHECK(report::renderCodebook(data).find(kCanary) == std::string::npos);
  }
}

TEST_CASE("the same bundles imported in either order give the same input") {
  sync::Records later;
  later.fidelities.push_back({uuid(52), 1, 0, "strom", std::nullopt, "fidelitet_strom", 1, dayNo("2025-12-01"), "Bo",
                              "finished", {{"strom_f01", 2}, {"strom_f03", 3}}});
  later.fidelities.push_back({uuid(53), 1, 0, "strom", std::nullopt, "fidelitet_strom", 1, dayNo("2025-11-01"), "Bo",
                              "finished", {{"strom_f01", 5}}});
  later.measurements.push_back(measurement(16, 2, "efter", "finished", "2026-01-10"));
  later.answers.push_back(answer(37, 16, "relationel_1", 4));
  const core::Date asOf = *core::parseDate("2026-03-01");
  Coordinator inOrder;
  inOrder.send(firstBundle());
  inOrder.send(later);
  Coordinator reversed;
  const sync::EncodedBundle one = reversed.encode(firstBundle());
  const sync::EncodedBundle two = reversed.encode(later);
  reversed.import(two);
  reversed.import(one);
  const report::LoadedInput a = report::loadReportInput(inOrder.store, asOf);
  const report::LoadedInput b = report::loadReportInput(reversed.store, asOf);
  const core::FormSet& forms = test::bundledForms();
  CHECK(report::renderJson(report::buildReport(forms, a.input, {})) ==
        report::renderJson(report::buildReport(forms, b.input, {})));
  CHECK(report::renderTableCsv(report::buildExport(forms, a.input).wideTable) ==
        report::renderTableCsv(report::buildExport(forms, b.input).wideTable));
  REQUIRE(a.input.fidelity.size() == 3);
  CHECK(a.input.fidelity[0].date == *core::parseDate("2025-11-01"));
}

TEST_CASE("two children with the same code are both kept with a warning") {
  Coordinator c;
  sync::Records r;
  r.children.push_back({uuid(1), 1, 0, "KD-DDDD", "", 2012, ""});
  r.children.push_back({uuid(2), 1, 0, "KD-DDDD", "", 2013, ""});
  r.projectEnrolments.push_back({uuid(3), 1, 0, uuid(1), "strom", {"individual"}, 0, {}, ""});
  r.projectEnrolments.push_back({uuid(4), 1, 0, uuid(2), "strom", {"individual"}, 0, {}, ""});
  r.children.push_back({uuid(5), 1, 0, "KE-EEEE", "", 2012, ""});  // no project enrolment: cannot be placed
  c.send(r);
  const report::LoadedInput loaded = report::loadReportInput(c.store, *core::parseDate("2026-03-01"));
  CHECK(loaded.input.children.size() == 2);
  REQUIRE(loaded.summary.warnings.size() == 1);
  CHECK(loaded.summary.warnings[0].find("two children have the code KD-DDDD") != std::string::npos);
  CHECK(loaded.summary.orphans == 1);
}

TEST_CASE("an empty coordinator store gives an empty input and a locked one is refused") {
  Coordinator c;
  const report::LoadedInput loaded = report::loadReportInput(c.store, *core::parseDate("2026-03-01"));
  CHECK(loaded.input.children.empty());
  CHECK(loaded.input.fidelity.empty());
  const sync::CoordinatorStore locked = sync::CoordinatorStore::open(sync::coordinatorStorePath(c.dir.path), c.options());
  CHECK_THROWS_WITH_AS((void)report::loadReportInput(locked, *core::parseDate("2026-03-01")), Contains("locked"),
                       store::NotUnlockedError);
}

}  // TEST_SUITE
