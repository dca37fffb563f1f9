// End to end, the way a programme runs: `spor simulate` fills a device
// store (children with nicknames, among them a canary), the device exports
// a bundle, the coordinator imports it, and `spor report` and
// `spor export-data` (run in-process, unlocking with SPOR_SECRET as a person
// would) write the files. The JSON report must hold the numbers buildReport
// computes from the same data read straight from the device store (not
// through sync or the coordinator's adapter), and no nickname may appear in
// any file written.
#include <doctest/doctest.h>
#include <rapidjson/document.h>
#include <readstat.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "../store/store_fixture.hpp"
#include "app/commands.hpp"
#include "app/simulate.hpp"
#include "report/export.hpp"
#include "report/report.hpp"
#include "report/writers.hpp"
#include "sync/archive.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "sync/errors.hpp"
#include "sync/signed_file.hpp"
#include "tests/support/files.hpp"

using namespace spor;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPassphrase = "korrekt hest batteri";
constexpr const char* kCanary = "Zebulonkanarie";
// The canary's referrer and a feedback note (issue 14 item 1): free text that
// travels to the coordinator and never into a report or an export.
constexpr const char* kReferrerCanary = "Henviserkanarie 12345678";
constexpr const char* kFeedbackCanary = "Tilbagemeldingskanarie";
const core::Date kToday = *core::parseDate("2026-03-01");

struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

Run run(int (*command)(const std::vector<std::string>&, std::ostream&, std::ostream&),
        const std::vector<std::string>& args) {
  std::ostringstream out, err;
  Run r;
  r.code = command(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// The report's input read straight from the device store: the reference
// that the coordinator's copy must reproduce.
report::ReportInput referenceInput(const store::DeviceStore& device, const core::FormSet& forms) {
  report::ReportInput in;
  in.programme = "Frivilligcenter";  // the coordinator's name, as the store gives it
  in.asOf = kToday;
  for (const store::Child& c : device.children()) {
    report::ChildInput child;
    child.code = c.code;
    child.project = c.details.projectId;
    child.municipality = c.details.municipality;
    if (c.courseEnd) {
      child.courseEnd = core::courseEndId(c.courseEnd->kind);
      if (c.courseEnd->stopReason) child.stopReason = core::stopReasonId(*c.courseEnd->stopReason);
      child.endedOn = c.courseEnd->on;
    }
    for (const auto& [o, reason] : c.missed) child.missed[o] = core::missedReasonId(reason);
    if (c.referral) {
      child.referralRole = core::referrerRoleId(c.referral->role);
      child.referredOn = c.referral->on;
      child.reportBack = core::reportBackId(c.referral->reportBack);
    }
    for (const store::FeedbackEntry& f : c.feedback)
      child.feedback.push_back({f.on, core::feedbackPointId(f.point), core::feedbackFormId(f.form)});
    child.interventions = c.details.interventions;
    child.birthYear = c.details.birthYear;
    std::optional<core::Date> latestConsent;
    for (const store::Consent& k : device.consents(c.id)) {
      if (!k.active()) continue;
      if (k.sharing) child.sharingConsent = true;
      if ((k.questionnaires || k.backgroundForm) && (!latestConsent || k.givenOn >= *latestConsent)) {
        latestConsent = k.givenOn;
        child.consentBy = k.givenBy;
      }
    }
    for (const store::Measurement& m : device.measurements(c.id)) {
      if (m.state != store::ResponseState::Finished) continue;
      report::MeasurementInput rec;
      rec.occasion = m.occasion;
      rec.date = std::chrono::floor<std::chrono::days>(*m.finishedAt);
      rec.form = m.formId;
      rec.formVersion = m.formVersion;
      rec.answeringMode = m.answeringMode;
      rec.items = device.itemValues(m.id);
      for (const store::Answer& a : m.answers)
        if (!a.value) rec.declined.insert(a.itemId);
      child.measurements.push_back(std::move(rec));
    }
    std::optional<store::Timestamp> latest;
    child.enrolledOn = c.enrolledOn;
    for (const store::BackgroundResponse& b : device.backgrounds(c.id)) {
      if (b.state != store::ResponseState::Finished) continue;
      if (forms.activityForms.count(b.formId)) {  // an activity follow-up form (issue 14 item 6)
        report::ActivityInput a;
        a.form = b.formId;
        a.formVersion = b.formVersion;
        a.date = std::chrono::floor<std::chrono::days>(*b.finishedAt);
        for (const auto& answer : b.answers) {
          if (answer.questionId == core::kActivityPointQuestion) {
            a.months = answer.value.codes.at(0);
            continue;
          }
          a.answers[answer.questionId].codes = answer.value.codes;
        }
        child.activity.push_back(std::move(a));
        continue;
      }
      if (latest && *b.finishedAt < *latest) continue;
      latest = b.finishedAt;
      report::BackgroundInput rec;
      rec.date = std::chrono::floor<std::chrono::days>(*b.finishedAt);
      rec.formVersion = b.formVersion;
      for (const auto& a : b.answers) {
        if (a.value.declined) {
          rec.answers[a.questionId].declined = true;
          continue;
        }
        report::BackgroundAnswerInput answer;
        answer.codes = a.value.codes;
        if (a.value.number) answer.number = *a.value.number;
        answer.text = a.value.text;
        if (answer.codes.empty() && !answer.number && answer.text.empty()) continue;
        rec.answers[a.questionId] = answer;
      }
      child.background = rec;
    }
    in.children.push_back(std::move(child));
  }
  for (const auto& [id, project] : forms.projects) {
    for (const store::FidelityResponse& f : device.fidelityResponses(id)) {
      if (f.state != store::ResponseState::Finished) continue;
      report::FidelityInput rec;
      rec.project = f.projectId;
      rec.form = f.formId;
      rec.formVersion = f.formVersion;
      rec.date = f.onDate;
      for (const auto& a : f.answers) {
        if (a.value)
          rec.items[a.itemId] = *a.value;
        else
          rec.declined.insert(a.itemId);
      }
      in.fidelity.push_back(std::move(rec));
    }
  }
  return in;
}

// The same JSON document, numbers equal up to the order of summation.
std::size_t compareJson(const rapidjson::Value& got, const rapidjson::Value& want, const std::string& path) {
  std::size_t differences = 0;
  const auto differ = [&](const std::string& what) {
    if (++differences <= 10) FAIL_CHECK(path << ": " << what);
  };
  if (want.IsNumber()) {
    if (!got.IsNumber()) return differ("not a number"), differences;
    const double a = got.GetDouble(), b = want.GetDouble();
    if (std::fabs(a - b) > 1e-9 * std::max(1.0, std::fabs(b))) differ(std::to_string(a) + " != " + std::to_string(b));
  } else if (want.IsObject()) {
    if (!got.IsObject() || got.MemberCount() != want.MemberCount()) return differ("members differ"), differences;
    for (auto m = want.MemberBegin(); m != want.MemberEnd(); ++m) {
      const std::string name = m->name.GetString();
      if (!got.HasMember(name.c_str())) {
        differ("missing " + name);
        continue;
      }
      differences += compareJson(got[name.c_str()], m->value, path + "." + name);
    }
  } else if (want.IsArray()) {
    if (!got.IsArray() || got.Size() != want.Size()) return differ("array sizes differ"), differences;
    for (rapidjson::SizeType i = 0; i < want.Size(); ++i)
      differences += compareJson(got[i], want[i], path + "[" + std::to_string(i) + "]");
  } else if (got != want) {
    differ("values differ");
  }
  return differences;
}

// Every file under `dir`, as bytes: none may hold `needle`.
void checkAbsent(const fs::path& dir, const std::string& needle) {
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    CHECK_MESSAGE(spor::support::readAll(entry.path()).find(needle) == std::string::npos, needle << " found in " << entry.path());
  }
  CHECK(files > 0);
}

long savRows(const fs::path& path, bool dta) {
  long rows = -1;
  readstat_parser_t* parser = readstat_parser_init();
  readstat_set_metadata_handler(parser, [](readstat_metadata_t* m, void* ctx) -> int {
    *static_cast<long*>(ctx) = readstat_get_row_count(m);
    return READSTAT_HANDLER_OK;
  });
  const readstat_error_t e =
      dta ? readstat_parse_dta(parser, path.c_str(), &rows) : readstat_parse_sav(parser, path.c_str(), &rows);
  readstat_parser_free(parser);
  REQUIRE(e == READSTAT_OK);
  return rows;
}

}  // namespace

TEST_SUITE("report") {

TEST_CASE("simulate then export then import then report and export-data: the numbers hold and no nickname gets out") {
  const core::FormSet& forms = test::bundledForms();
  test::TempDir dir("report-e2e");
  const fs::path coordDir = dir.path / "coordinator";
  const fs::path deviceDir = dir.path / "device";
  const fs::path usb = dir.path / "usb";
  const fs::path out = dir.path / "out";
  for (const auto& d : {coordDir, deviceDir, usb, out}) fs::create_directories(d);

  sync::CoordinatorOptions fast;
  fast.kdf = crypto::KdfParams::testFast();
  std::optional<sync::CoordinatorStore> coordinator;
  coordinator.emplace(sync::CoordinatorStore::create(sync::coordinatorStorePath(coordDir), "Frivilligcenter", kPassphrase, fast));
  const sync::Enrolment enrolment = sync::readEnrolment(coordinator->enrolmentFile(), "enrolment");

  app::SimulatedClock clock;
  store::DeviceStoreOptions options;
  options.kdf = crypto::KdfParams::testFast();
  options.clock = clock.clock();
  store::CreatedDevice created = store::DeviceStore::create(
      store::deviceStorePath(deviceDir), {"Anna", test::kPin, sync::coordinatorKeys(enrolment)}, options);
  store::DeviceStore& device = created.store;

  // The canary: a child whose nickname must never leave the device.
  clock.set(std::chrono::sys_days(*core::parseDate("2025-06-02")) + std::chrono::hours(10));
  const store::ChildId canary = device.addChild({.details = {.nickname = kCanary,
                                                             .birthYear = 2014,
                                                             .gender = store::Gender::Girl,
                                                             .projectId = "strom",
                                                             .interventions = {core::Intervention::Individual},
                                                             .municipality = "København"},
                                                 .enrolledOn = *core::parseDate("2025-06-02")});
  device.recordConsent(canary, {.givenBy = "mor", .givenOn = *core::parseDate("2025-06-01")});
  // The canary's school referred her; the school heard back by phone.
  device.setReferral(canary, {core::ReferrerRole::School, *core::parseDate("2025-05-20"), core::ReportBack::Referrer,
                              kReferrerCanary});
  device.addFeedback(canary, {*core::parseDate("2025-06-02"), core::FeedbackPoint::Referral, core::FeedbackForm::Phone,
                              kFeedbackCanary});
  // A parent sat with the canary (issue 14 item 5: chosen at the hand-over).
  const auto m =
      device.startMeasurement(canary, forms.primaryChildForm(), core::Occasion::Before, core::AnsweringMode::Parent);
  for (const core::Item* item : forms.primaryChildForm().itemsFor(forms.project("strom").dimensions))
    device.answer(m, item->id, 3);
  device.finishMeasurement(m, forms);

  app::SimulationOptions sim;
  sim.children = 48;
  sim.seed = 11;
  sim.today = kToday;
  const app::SimulationSummary simulated = app::simulate(device, forms, sim, clock);
  REQUIRE(simulated.children == 48);
  REQUIRE(simulated.after > 0);
  REQUIRE(simulated.followUp > 0);
  std::set<std::string> nicknames;
  for (const store::Child& c : device.children()) {
    REQUIRE(c.details.nickname.has_value());  // simulate gives every child a nickname
    nicknames.insert(*c.details.nickname);
  }
  CHECK(nicknames.count(kCanary) == 1);
  // simulate gives every child a municipality from its project's list.
  std::map<std::string, std::string> municipalityOf;  // by code
  for (const store::Child& c : device.children()) {
    const auto& list = forms.project(c.details.projectId).municipalities;
    CHECK(std::find(list.begin(), list.end(), c.details.municipality) != list.end());
    municipalityOf[c.code] = c.details.municipality;
  }

  // Device -> bundle -> coordinator.
  const auto exported = sync::exportBundle(device, usb, "spor test");
  REQUIRE(exported.has_value());
  CHECK_THROWS_AS((void)coordinator->importBundleFile(exported->bundle.path), sync::SyncError);
  (void)coordinator->approveDevice(device.device().deviceId);
  const sync::ImportResult imported = coordinator->importBundleFile(exported->bundle.path);
  // New measurements are the finished ones: those left paused arrive started.
  CHECK(imported.newMeasurements == exported->measurements - static_cast<std::size_t>(simulated.unfinished));
  // The wire already carries no nickname.
  // The wire carries each child's municipality in its project enrolment.
  std::size_t enrolments = 0;
  std::map<sync::Uuid, std::string> codeOf;
  std::vector<sync::ProjectEnrolmentRecord> enrolled;
  coordinator->visitRecords([&](const sync::StoredRecord& r) {
    if (r.kind == static_cast<std::uint8_t>(sync::RecordKind::Child)) {
      const auto c = sync::decodeArchive<sync::ChildRecord>(r.content, "child");
      CHECK(c.nickname.empty());
      codeOf[c.id] = c.code;
    }
    if (r.kind == static_cast<std::uint8_t>(sync::RecordKind::ProjectEnrolment))
      enrolled.push_back(sync::decodeArchive<sync::ProjectEnrolmentRecord>(r.content, "enrolment"));
  });
  std::size_t referred = 0;
  for (const auto& e : enrolled) {
    ++enrolments;
    CHECK(e.municipality == municipalityOf.at(codeOf.at(e.child)));
    referred += e.referralRole.empty() ? 0U : 1U;
    // The referral and its feedback travel as the device holds them, the
    // canary's free text too (the coordinator needs to know whom to call).
    if (codeOf.at(e.child) == device.child(canary).code) {
      CHECK(e.referralRole == "school");
      CHECK(e.referrer == kReferrerCanary);
      REQUIRE(e.feedback.size() == 1);
      CHECK(e.feedback[0].note == kFeedbackCanary);
      CHECK(e.feedback[0].point == "referral");
    }
  }
  CHECK(enrolments == 49);
  CHECK(referred > 20);  // simulate refers about three in four
  // And each measurement who helped the child answer, as the device holds it;
  // simulate fills all four.
  {
    std::map<std::string, std::string> onDevice;  // measurement uuid -> mode id
    for (const store::Child& c : device.children())
      for (const store::Measurement& dm : device.measurements(c.id))
        onDevice[dm.uuid] = dm.answeringMode ? core::answeringModeId(*dm.answeringMode) : "";
    std::map<std::string, int> seen;
    std::size_t measurements = 0;
    coordinator->visitRecords([&](const sync::StoredRecord& r) {
      if (r.kind != static_cast<std::uint8_t>(sync::RecordKind::Measurement)) return;
      const auto rec = sync::decodeArchive<sync::MeasurementRecord>(r.content, "measurement");
      ++measurements;
      CHECK(rec.answeringMode == onDevice.at(rec.id.str()));
      ++seen[rec.answeringMode];
    });
    CHECK(measurements == onDevice.size());
    for (core::AnsweringMode mode : core::kAnsweringModes) CHECK(seen[core::answeringModeId(mode)] > 0);
    CHECK(onDevice.at(device.measurement(m).uuid) == "parent");
  }
  coordinator.reset();

  const report::ReportInput reference = referenceInput(device, forms);
  const report::Report expected = report::buildReport(forms, reference, {});

  ::setenv("SPOR_SECRET", kPassphrase, 1);
  const std::vector<std::string> common = {"--data-dir", coordDir.string(), "--as-of", "2026-03-01"};
  const auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), common.begin(), common.end());
    return args;
  };

  SUBCASE("the JSON report holds the numbers buildReport computes from the device's data") {
    const Run r = run(app::runReport, with({"--format", "json", "--out", (out / "report.json").string()}));
    REQUIRE_MESSAGE(r.code == app::kExitOk, r.err);
    CHECK(r.out.find("Read 49 children") != std::string::npos);
    CHECK(r.out.find("Wrote the report 'Alle projekter'") != std::string::npos);
    rapidjson::Document got, want;
    got.Parse(spor::support::readAll(out / "report.json").c_str());
    want.Parse(report::renderJson(expected).c_str());
    REQUIRE_FALSE(got.HasParseError());
    REQUIRE_FALSE(want.HasParseError());
    CHECK(compareJson(got, want, "$") == 0);
    // And a few numbers checked by hand against the simulation's own counts.
    CHECK(expected.overall.counts.children == 49);
    CHECK(expected.overall.counts.before == static_cast<std::size_t>(simulated.before) + 1);  // + the canary
    CHECK(expected.overall.counts.after == static_cast<std::size_t>(simulated.after));
    CHECK(expected.overall.counts.followUp == static_cast<std::size_t>(simulated.followUp));
    // The bridge-builder's activity forms (issue 14 item 6) came through the
    // bundle as the device holds them: the same figures, and some answered.
    REQUIRE(expected.activity.size() == 1);
    CHECK(expected.activity[0].project == "brobygger");
    std::size_t answered = 0;
    for (const auto& p : expected.activity[0].points) answered += p.answered;
    CHECK(answered == static_cast<std::size_t>(simulated.activityForms));
    CHECK(answered > 0);

    // A project, an intervention type and a child's timeline, the same way.
    for (const report::ReportFilter& filter :
         {report::ReportFilter{"strom", {}, "", ""}, report::ReportFilter{"", core::Intervention::Group, "", ""},
          report::ReportFilter{"", {}, device.child(canary).code, ""}, report::ReportFilter{"", {}, "", "København"},
          report::ReportFilter{"cykelhjelm", {}, "", "Viborg"}}) {
      std::vector<std::string> args = {"--format", "json", "--out", (out / "filtered.json").string()};
      if (!filter.project.empty()) args.insert(args.end(), {"--project", filter.project});
      if (filter.intervention) args.insert(args.end(), {"--intervention", "group"});
      if (!filter.child.empty()) args.insert(args.end(), {"--child", filter.child});
      if (!filter.municipality.empty()) args.insert(args.end(), {"--municipality", filter.municipality});
      const Run f = run(app::runReport, with(args));
      REQUIRE_MESSAGE(f.code == app::kExitOk, f.err);
      rapidjson::Document fg, fw;
      fg.Parse(spor::support::readAll(out / "filtered.json").c_str());
      fw.Parse(report::renderJson(report::buildReport(forms, reference, filter)).c_str());
      CHECK(compareJson(fg, fw, "$") == 0);
    }
    // By municipality: the groups hold every child once.
    REQUIRE_FALSE(expected.byMunicipality.empty());
    std::size_t inGroups = 0;
    for (const auto& g : expected.byMunicipality) {
      CHECK(g.id != report::kMunicipalityUnknownId);  // every child has one
      inGroups += g.counts.children;
    }
    CHECK(inGroups == 49);
    // simulate records why children dropped out: the report says why.
    std::size_t whyAfter = 0;
    for (const auto& [id, n] : expected.overall.counts.afterMissingWhy) whyAfter += n;
    CHECK(whyAfter == expected.overall.counts.afterMissing);
    CHECK(expected.overall.counts.afterMissingWhy.size() > 1);
    // simulate records referrals and feedback: the report's shares are there.
    CHECK(expected.overall.referral.referred > 20);
    CHECK(expected.overall.referral.heardBack > 0);
    CHECK(expected.overall.referral.heardBack < expected.overall.referral.referred);
    CHECK(expected.overall.referral.afterClosing > 0);

    // A municipality no project lists: refused, nothing written.
    // (Refused before the store is unlocked, as a wrong --project is.)
    CHECK_THROWS_WITH_AS(run(app::runReport, with({"--format", "json", "--out", (out / "oslo.json").string(),
                                                   "--municipality", "Oslo"})),
                         doctest::Contains("unknown municipality 'Oslo'"), report::ReportError);
    CHECK_FALSE(fs::exists(out / "oslo.json"));
    CHECK_THROWS_WITH_AS(run(app::runExportData, with({"--format", "csv", "--out", (out / "oslo").string(),
                                                       "--municipality", "Oslo"})),
                         doctest::Contains("unknown municipality 'Oslo'"), report::ReportError);
    CHECK_FALSE(fs::exists(out / "oslo"));
  }

  SUBCASE("HTML, CSV and every export format: written, and no nickname anywhere") {
    for (const char* format : {"html", "csv"}) {
      const Run r = run(app::runReport, with({"--format", format, "--out", (out / (std::string("report.") + format)).string()}));
      REQUIRE_MESSAGE(r.code == app::kExitOk, r.err);
    }
    const Run t = run(app::runReport, with({"--format", "html", "--out", (out / "timeline.html").string(), "--child",
                                             device.child(canary).code}));
    REQUIRE_MESSAGE(t.code == app::kExitOk, t.err);
    CHECK(t.out.find("Wrote the timeline of child " + device.child(canary).code) != std::string::npos);
    const std::string html = spor::support::readAll(out / "report.html");
    CHECK(html.find("<svg") != std::string::npos);

    const report::DataExport data = report::buildExport(forms, reference);
    for (const char* format : {"csv", "sav", "dta"}) {
      const fs::path folder = out / (std::string("export-") + format);
      std::vector<std::string> args = {"--format", format, "--out", folder.string()};
      if (std::string(format) == "csv") args.push_back("--include-free-text");
      const Run r = run(app::runExportData, with(args));
      REQUIRE_MESSAGE(r.code == app::kExitOk, r.err);
      CHECK(fs::exists(folder / "spor_codebook.csv"));
      if (std::string(format) == "csv") {
        CHECK(r.err.find("free text") != std::string::npos);
        CHECK(spor::support::readAll(folder / "spor_wide.csv").find(",bg_difficulties_other_text,") != std::string::npos);
      } else {
        const bool dta = std::string(format) == "dta";
        CHECK(savRows(folder / (std::string("spor_wide.") + format), dta) == static_cast<long>(data.wideTable.size()));
        CHECK(savRows(folder / (std::string("spor_long.") + format), dta) == static_cast<long>(data.longTable.size()));
      }
    }
    // The default CSV export equals what buildExport makes from the device's data.
    const Run plain = run(app::runExportData, with({"--format", "csv", "--out", (out / "export-plain").string()}));
    REQUIRE(plain.code == app::kExitOk);
    {
      const std::string got = spor::support::readAll(out / "export-plain" / "spor_wide.csv");
      const std::string want = report::renderTableCsv(data.wideTable);
      std::istringstream g(got), w(want);
      std::string gl, wl;
      while (std::getline(g, gl) && std::getline(w, wl))
        if (gl != wl) break;
      INFO("first differing line:\n got: " << gl << "\nwant: " << wl);
      CHECK(got == want);
    }
    CHECK(spor::support::readAll(out / "export-plain" / "spor_long.csv") == report::renderTableCsv(data.longTable));
    // The canary's før row says a parent helped (4), through the whole chain.
    {
      const report::Table& wide = data.wideTable;
      std::size_t canaryRows = 0;
      for (const report::Row& row : wide.rows())
        if (std::get<std::string>(row[wide.column("child")]) == device.child(canary).code) {
          ++canaryRows;
          CHECK(std::get<double>(row[wide.column("answering_mode")]) == 4.0);
        }
      CHECK(canaryRows == 1);
      CHECK(spor::support::readAll(out / "export-plain" / "spor_wide.csv").find(",form_version,answering_mode,") != std::string::npos);
    }

    checkAbsent(out, kCanary);
    // The referral's free text, even in the export asked to carry free text.
    checkAbsent(out, kReferrerCanary);
    checkAbsent(out, kFeedbackCanary);
    CHECK(spor::support::readAll(out / "export-plain" / "spor_wide.csv").find(",referral_role,referral_date,report_back,feedback_n,") !=
          std::string::npos);
    // The simulated children's nicknames too (the longer ones, which no
    // Danish heading or label contains).
    for (const std::string& name : nicknames)
      if (name.size() >= 6) checkAbsent(out, name);
  }
  ::unsetenv("SPOR_SECRET");
}

}  // TEST_SUITE
