// The coordinator's screens: the CoordinatorModel without a window over a
// real coordinator store filled from a simulated device (passphrase, import
// with an unknown device, approval, children, timeline, report filters,
// lock), the AppModel's coordinator mode, the text table, and the real app
// offscreen driven by a script through every tab (screenshots in
// screenshots/coordinator/).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "../store/store_fixture.hpp"
#include "app/simulate.hpp"
#include "report/from_coordinator.hpp"
#include "sync/bundle.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "sync/errors.hpp"
#include "sync/signed_file.hpp"
#include "ui/coordinator_text.hpp"
#include "ui/model/app_model.hpp"
#include "ui/model/coordinator_model.hpp"

using namespace spor;
using namespace spor::ui;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPassphrase = "korrekt hest batteri";

sync::CoordinatorOptions fastCoordinator() {
  sync::CoordinatorOptions o;
  o.kdf = crypto::KdfParams::testFast();
  return o;
}

// A coordinator folder, and a device with 30 simulated children whose one
// bundle waits in usb/.
struct Programme {
  fs::path dir;
  fs::path coord;
  fs::path usb;
  std::vector<std::string> codes;
  std::string deviceId;
  std::size_t measurements = 0;
  std::size_t finished = 0;  // of those: what an import counts as new measurements

  explicit Programme(const std::string& name)
      : dir(fs::path(SPOR_TEST_BUILD_DIR) / ("coordinator-" + name)), coord(dir / "coord"), usb(dir / "usb") {
    fs::remove_all(dir);
    for (const auto& d : {coord, usb, dir / "device"}) fs::create_directories(d);
    const sync::Enrolment enrolment = [&] {
      sync::CoordinatorStore c = sync::CoordinatorStore::create(sync::coordinatorStorePath(coord),
                                                                "Frivilligcenter Test", kPassphrase, fastCoordinator());
      return sync::readEnrolment(c.enrolmentFile(), "enrolment");
    }();
    app::SimulatedClock clock;
    store::DeviceStoreOptions options;
    options.kdf = crypto::KdfParams::testFast();
    options.clock = clock.clock();
    store::CreatedDevice created = store::DeviceStore::create(
        store::deviceStorePath(dir / "device"), {"Anna", test::kPin, sync::coordinatorKeys(enrolment)}, options);
    app::SimulationOptions sim;
    sim.children = 30;
    sim.seed = 4;
    sim.today = *core::parseDate("2026-03-01");
    (void)app::simulate(created.store, test::bundledForms(), sim, clock);
    for (const auto& c : created.store.children()) {
      codes.push_back(c.code);
      for (const auto& m : created.store.measurements(c.id)) finished += m.state == store::ResponseState::Finished ? 1U : 0U;
    }
    const auto exported = sync::exportBundle(created.store, usb, "spor test");
    REQUIRE(exported.has_value());
    measurements = exported->measurements;
    deviceId = created.store.device().deviceId;
  }
  ~Programme() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  Programme(const Programme&) = delete;
  Programme& operator=(const Programme&) = delete;
};

}  // namespace

TEST_SUITE("ui") {
  TEST_CASE("the coordinator model: passphrase then import then devices then children then report then lock") {
    Programme p("model");
    CoordinatorModel m(test::bundledForms(), p.coord, fastCoordinator());
    m.setAsOf(*core::parseDate("2026-03-01"));
    CHECK_FALSE(m.unlocked());
    CHECK(m.state().name == "Frivilligcenter Test");

    // A wrong passphrase: a message, the field emptied, still locked.
    m.passphrase() = "forkert hest batteri";
    m.unlock();
    CHECK_FALSE(m.unlocked());
    // Danish, and about a passphrase: a coordinator has no PIN (a new user's trial).
    CHECK(m.state().error == "Forkert adgangssætning (1 forkert forsøg i træk). Tjek den, og prøv igen.");
    CHECK(m.passphrase().empty());
    m.passphrase() = kPassphrase;
    m.unlock();
    REQUIRE(m.unlocked());
    CHECK(m.passphrase().empty());
    CHECK(m.state().children.empty());
    REQUIRE(m.state().report.has_value());
    CHECK(m.state().report->overall.counts.children == 0);

    // Import a folder: the device is unknown, so it is refused and listed.
    m.setTab(CoordinatorTab::Import);
    m.importPath() = (p.dir / "nowhere").string();
    m.importBundles();
    CHECK(m.state().error.find("findes ikke") != std::string::npos);
    m.importPath() = p.usb.string();
    m.importBundles();
    REQUIRE(m.state().imports.size() == 1);
    CHECK(m.state().imports[0].outcome == ImportLine::Outcome::Refused);
    CHECK(m.state().imports[0].error.find("godkend enheden under Enheder") != std::string::npos);
    REQUIRE(m.state().devices.size() == 1);
    CHECK(m.state().devices[0].approval == sync::DeviceApproval::Pending);

    m.setTab(CoordinatorTab::Devices);
    // "Godkend" asks first whether the fingerprint was compared (a new-user trial: one tap approved).
    m.askApproveDevice(p.deviceId);
    CHECK(m.state().approveAsk == p.deviceId);
    CHECK(m.state().devices[0].approval == sync::DeviceApproval::Pending);
    m.cancelApprove();
    CHECK(m.state().approveAsk.empty());
    m.askApproveDevice(p.deviceId);
    m.approveDevice(p.deviceId);
    CHECK(m.state().approveAsk.empty());
    CHECK(m.state().devices[0].approval == sync::DeviceApproval::Approved);
    CHECK(m.state().notice.find("er godkendt") != std::string::npos);

    m.importBundles();
    // The same file taken now: its "Ikke importeret" card is replaced, not left under the success.
    REQUIRE(m.state().imports.size() == 1);
    const ImportLine& line = m.state().imports[0];  // newest first
    CHECK(line.outcome == ImportLine::Outcome::New);
    CHECK(line.sequence == 1);
    CHECK(line.newMeasurements == p.finished);
    CHECK(m.state().children.size() == p.codes.size());
    CHECK(m.state().receiptsOffered);
    m.importBundles();
    CHECK(m.state().imports[0].outcome == ImportLine::Outcome::AlreadyImported);

    // "Skriv kvitteringer": the device's receipt beside its bundle, once per import.
    REQUIRE(m.state().receiptsOffered);
    m.writeReceipts();
    CHECK(m.state().error.empty());
    CHECK(m.state().notice.find("1 kvittering skrevet til " + p.usb.string()) != std::string::npos);
    CHECK_FALSE(m.state().receiptsOffered);
    std::size_t receipts = 0;
    for (const auto& e : fs::directory_iterator(p.usb)) receipts += e.path().extension() == ".sporreceipt" ? 1U : 0U;
    CHECK(receipts == 1);
    CHECK(m.state().devices[0].lastReceipt == 1);

    // Children by code; the search; a timeline.
    m.setTab(CoordinatorTab::Children);
    CHECK(m.visibleChildren().size() == p.codes.size());
    const std::string code = p.codes.front();
    m.childSearch() = code.substr(3);
    for (const CoordinatorChildRow* row : m.visibleChildren())
      CHECK(row->code.find(code.substr(3)) != std::string::npos);
    m.childSearch() = "zz";  // no code has z (the alphabet leaves it out)
    CHECK(m.visibleChildren().empty());
    m.childSearch().clear();
    m.openChild(code);
    REQUIRE(m.state().timeline.has_value());
    CHECK(m.state().timeline->code == code);
    m.closeChild();
    CHECK_FALSE(m.state().timeline.has_value());
    m.openChild("ZZ-ZZZZ");
    CHECK(m.state().error.find("Der er intet barn med koden 'ZZ-ZZZZ'") != std::string::npos);  // in Danish

    // The report equals buildReport over the same input, and follows the filters.
    m.setTab(CoordinatorTab::Report);
    REQUIRE(m.state().report.has_value());
    CHECK(m.state().report->overall.counts.children == p.codes.size());
    CHECK_FALSE(m.state().report->overall.dimensions.empty());
    {
      sync::CoordinatorStore s = sync::CoordinatorStore::open(sync::coordinatorStorePath(p.coord), fastCoordinator());
      s.unlock(kPassphrase);
      const report::LoadedInput in = report::loadReportInput(s, *core::parseDate("2026-03-01"));
      report::ReportFilter strom;
      strom.project = "strom";
      const report::Report expected = report::buildReport(test::bundledForms(), in.input, strom);
      m.setReportProject("strom");
      REQUIRE(m.state().report.has_value());
      CHECK(m.state().report->scopeTitle == expected.scopeTitle);
      CHECK(m.state().report->overall.counts.children == expected.overall.counts.children);
      CHECK(m.state().report->overall.counts.before == expected.overall.counts.before);
    }
    m.toggleFilters();
    CHECK(m.state().filtersOpen);
    m.setReportProject("");  // a choice closes the choices
    CHECK_FALSE(m.state().filtersOpen);
    m.setReportIntervention(core::Intervention::Group);
    REQUIRE(m.state().report.has_value());
    CHECK(m.state().report->filter.intervention == core::Intervention::Group);

    // Saving from the report tab: the HTML report of the selection, and exports
    // (free text only when asked for); never over an existing file.
    const fs::path out = p.dir / "gemt";
    fs::create_directories(out);
    m.toggleSave();
    CHECK(m.state().saveOpen);
    m.saveFolder() = (p.dir / "findes-ikke").string();
    m.saveReport();
    CHECK(m.state().error.find("findes ikke") != std::string::npos);
    m.saveFolder() = out.string();
    m.saveReport();
    CHECK(m.state().error.empty());
    const fs::path html = out / "spor-rapport-alle-2026-03-01.html";
    REQUIRE(fs::exists(html));
    {
      std::ifstream in(html);
      std::ostringstream all;
      all << in.rdbuf();
      CHECK(all.str().find(m.state().report->scopeTitle) != std::string::npos);
    }
    m.saveReport();
    CHECK(fs::exists(out / "spor-rapport-alle-2026-03-01-2.html"));
    m.saveExport(report::ExportFormat::Csv);
    CHECK(m.state().notice.find("uden fritekst") != std::string::npos);
    CHECK(fs::is_directory(out / "spor-eksport-csv-2026-03-01"));
    m.setExportFreeText(true);
    m.saveExport(report::ExportFormat::Dta);
    CHECK(m.state().notice.find("med fritekst") != std::string::npos);
    CHECK(fs::is_directory(out / "spor-eksport-dta-2026-03-01"));

    // Lock: the key and every child's data leave memory.
    m.lock();
    CHECK_FALSE(m.unlocked());
    CHECK(m.state().children.empty());
    CHECK_FALSE(m.state().report.has_value());
    CHECK(m.state().imports.empty());
    m.importBundles();  // locked: nothing happens
    CHECK(m.state().imports.empty());
  }

  TEST_CASE("the coordinator's passphrase is checked on the worker: the store goes there and back") {
    Programme p("worker");
    CoordinatorModel m(test::bundledForms(), p.coord, fastCoordinator());
    ManualWorker w;
    m.setWorker(&w);
    m.passphrase() = kPassphrase;
    m.unlock();
    CHECK(m.busy());
    CHECK(m.passphrase().empty());  // wiped at once, not when the work is done
    CHECK_FALSE(m.unlocked());
    m.unlock();  // a second tap starts nothing
    CHECK(w.pending() == 1);
    m.lock();  // the idle lock waits for the work
    CHECK(m.busy());
    CHECK(w.runPending() == 1);
    m.poll();
    CHECK_FALSE(m.busy());
    REQUIRE(m.unlocked());
    CHECK(m.state().report.has_value());
  }

  TEST_CASE("the app opens a coordinator folder in coordinator mode and its lock locks it") {
    Programme p("app");
    ManualClock clock;
    AppModel app(test::bundledForms(), clock);
    app.openDataDir(p.coord);
    CHECK(app.state().screen == Screen::Coordinator);
    REQUIRE(app.coordinator() != nullptr);
    CHECK_FALSE(app.coordinator()->unlocked());
    CHECK_FALSE(app.nextDeadline().has_value());  // locked: no idle timer runs
    CHECK(std::string(screenId(Screen::Coordinator)) == "coordinator");
    app.lockNow();  // harmless while locked
    CHECK(app.state().screen == Screen::Coordinator);
  }

  TEST_CASE("every coordinator text has Danish and English") {
    for (int i = 0; i < static_cast<int>(CoordWord::Count); ++i) {
      const auto key = static_cast<CoordWord>(i);
      CAPTURE(ctxName(key));
      CHECK(std::string(ctr(key, core::Lang::Da)).size() > 0);
      CHECK(std::string(ctr(key, core::Lang::En)).size() > 0);
    }
    CHECK(ctrf(CoordWord::ChildrenCount, core::Lang::Da, {"3", "30"}) == "3 af 30 børn");
  }

  TEST_CASE("the coordinator screens in the real app: every tab drawn with a clean layout") {
    Programme p("app-run");
    {  // The device is known and approved; the bundle itself goes in through the screen.
      sync::CoordinatorStore c = sync::CoordinatorStore::open(sync::coordinatorStorePath(p.coord), fastCoordinator());
      c.unlock(kPassphrase);
      CHECK_THROWS_AS((void)c.importBundleFile(fs::directory_iterator(p.usb)->path()), sync::SyncError);
      (void)c.approveDevice(p.deviceId);
    }
    const std::string child = p.codes.front();
    const fs::path shots = fs::path(SPOR_TEST_BUILD_DIR) / "screenshots" / "coordinator";
    fs::create_directories(shots);
    const fs::path script = p.dir / "coordinator.spor";
    std::ofstream(script) << "expect \"Spor – koordinator\"\n"
                             "check-layout\n"
                             "screenshot "
                          << (shots / "01-locked.png").string()
                          << "\n"
                             "tap \"Adgangssætning\"\n"
                             "type \""
                          << kPassphrase
                          << "\"\n"
                             "tap \"Lås op\"\n"
                             "expect \"Pakke-fil eller mappe\"\n"
                             // Nothing imported yet: the report says so and what to do, and
                             // shows no empty figures nor notes (a new user's trial).
                             "tap \"Rapport\"\n"
                             "expect \"Ingen data endnu. Importér tabletternes pakker under Import\"\n"
                             "expect-not \"Frafald\"\n"
                             "expect-not \"selvmordsadfærd\"\n"
                             "check-layout\n"
                             "screenshot " << (shots / "00-report-empty.png").string() << "\n"
                             "tap \"Import\"\n"
                             "tap \"Pakke-fil eller mappe\"\n"
                             "type \""
                          << p.usb.string()
                          << "\"\n"
                             "tap \"Importér\"\n"
                             "expect \"nye målinger\"\n"
                             "check-layout\n"
                             "screenshot "
                          << (shots / "02-import.png").string()
                          << "\n"
                             "tap \"Skriv kvitteringer\"\n"
                             "expect \"1 kvittering skrevet til\"\n"
                             "check-layout\n"
                             "screenshot "
                          << (shots / "02b-receipts.png").string()
                          << "\n"
                             "tap \"Enheder\"\n"
                             "expect \"godkendt\"\n"
                             "check-layout\n"
                             "screenshot "
                          << (shots / "03-devices.png").string()
                          << "\n"
                             "tap \"Børn\"\n"
                             "expect \"30 af 30 børn\"\n"
                             "check-layout\n"
                             "screenshot "
                          << (shots / "04-children.png").string()
                          << "\n"
                             "tap \""
                          << child
                          << "\"\n"
                             "expect \"Barn "
                          << child
                          << "\"\n"
                             "screenshot "
                          << (shots / "05-timeline.png").string()
                          << "\n"
                             "tap \"Rapport\"\n"
                             "expect \"Gennemsnit pr. måling\"\n"
                             // simulate refers children: the referrers' feedback is reported (issue 14 item 1)
                             "expect \"Tilbagemelding til henviseren: \"\n"
                             "check-layout\n"
                             "screenshot "
                          << (shots / "06-report.png").string()
                          << "\n"
                             "tap \"Vælg udsnit\"\n"
                             "tap \"STRØM\"\n"
                             "expect \"Forbedret, uændret, forværret\"\n"
                             // Dropout said in words, what a project leaves out as a note (a new user's trial:
                             // "Frafald før → efter –" was cryptic, and the red line read as an error).
                             "expect \"Frafald fra før til efter: \"\n"
                             "expect \"(Frafald er den andel af børnene\"\n"
                             "expect \"Projektet måler ikke dette, så det er udeladt (ikke sat til 0): \"\n"
                             "expect-not \"Frafald før → efter\"\n"
                             "screenshot "
                          << (shots / "07-report-strom.png").string()
                          << "\n"
                             "tap \"Gem og eksportér\"\n"
                             "tap \"Gem rapport (HTML)\"\n"
                             "expect \"Rapporten er gemt\"\n"
                             "tap \"Eksportér SPSS\"\n"
                             "expect \"uden fritekst\"\n"
                             "check-layout\n"
                             "screenshot "
                          << (shots / "08-save.png").string()
                          << "\n"
                             // Language and text size after set-up (a new user's trial found none):
                             // the tablet's own settings rows, in a tab of their own.
                             "tap \"Indstillinger\"\n"
                             "tap \"Større\"\n"
                             // The report at "Større" in portrait: the selection's title under its buttons
                             // (beside them it broke into a column of syllables).
                             "window 800x1280\n"
                             "tap \"Rapport\"\n"
                             "expect \"Frafald fra før til efter\"\n"
                             "check-layout\n"
                             "window 1280x800\n"
                             "tap \"Indstillinger\"\n"
                             "tap \"English\"\n"
                             "expect \"Devices\"\n"
                             "check-layout\n"
                             "screenshot "
                          << (shots / "09-settings.png").string()
                          << "\n"
                             "tap \"Dansk\"\n"
                             "tap \"Normal\"\n"
                             "expect \"Enheder\"\n"
                             "tap \"Lås\"\n"
                             "expect \"Adgangssætning\"\n"
                             "expect-not \"Gennemsnit pr. måling\"\n";
    const fs::path log = p.dir / "coordinator.log";
    const std::string command =
        "cd '" + p.dir.string() + "' && HOME='" + p.dir.string() +  // the folder the save field starts with
        "' SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software SDL_AUDIODRIVER=dummy '" + SPOR_BINARY +
        "' --data-dir '" + p.coord.string() + "' --script '" + script.string() + "' 2> '" + log.string() + "'";
    const int rc = std::system(command.c_str());
    if (rc != 0) {
      std::ifstream in(log);
      std::ostringstream all;
      all << in.rdbuf();
      FAIL("spor --script coordinator.spor failed: " << all.str());
    }
    for (const char* shot : {"01-locked", "02-import", "02b-receipts", "03-devices", "04-children", "05-timeline",
                             "06-report", "07-report-strom", "08-save"})
      CHECK_MESSAGE(fs::file_size(shots / (std::string(shot) + ".png")) > 10'000, shot);
    // The bundle went in through the screen.
    sync::CoordinatorStore c = sync::CoordinatorStore::open(sync::coordinatorStorePath(p.coord), fastCoordinator());
    CHECK(c.ledger().size() == 1);
    // The receipt went to the stick, the report and the SPSS export to the folder typed.
    std::size_t receipts = 0, reports = 0, exports = 0;
    for (const auto& e : fs::directory_iterator(p.usb)) receipts += e.path().extension() == ".sporreceipt" ? 1U : 0U;
    for (const auto& e : fs::directory_iterator(p.dir)) {
      reports += e.path().extension() == ".html" ? 1U : 0U;
      exports += e.path().filename().string().rfind("spor-eksport-sav-", 0) == 0 ? 1U : 0U;
    }
    CHECK(receipts == 1);
    CHECK(reports == 1);
    CHECK(exports == 1);
  }

  TEST_CASE("the devices tab names a fork in a device's hash chain as spor devices does") {
    Programme p("fork");
    crypto::Bytes forked;
    {  // Bundle 2, signed with the device's own key, names another bundle 1 as its predecessor: the
       // device was restored from a copy or copied (FORMAT.md, "The hash chain").
      store::DeviceStoreOptions options;
      options.kdf = crypto::KdfParams::testFast();
      store::DeviceStore device = store::DeviceStore::open(store::deviceStorePath(p.dir / "device"), options);
      device.unlock(device.volunteers().front().id, test::kPin);
      const store::DeviceInfo info = device.device();
      const crypto::SigningKeyPair key = device.signingKey();  // the writer holds a reference
      const sync::BundleWriter writer(sync::Uuid::parse(info.deviceId), key, info.coordinator->encryption);
      sync::NewBundle forged;
      forged.sequence = 2;
      forged.previousBundleHash.fill(0xAB);
      forked = writer.encode(forged).bytes;
    }
    {
      sync::CoordinatorStore c = sync::CoordinatorStore::open(sync::coordinatorStorePath(p.coord), fastCoordinator());
      c.unlock(kPassphrase);
      // The first bundle makes the device known (it waits for approval), then everything goes in.
      const fs::path first = fs::directory_iterator(p.usb)->path();
      CHECK_THROWS_AS((void)c.importBundleFile(first), sync::SyncError);
      (void)c.approveDevice(p.deviceId);
      (void)c.importBundleFile(first);
      (void)c.importBundle(forked, "forked.sporbundle");
      REQUIRE(c.chainBreaks().size() == 1);
    }
    const fs::path shots = fs::path(SPOR_TEST_BUILD_DIR) / "screenshots" / "coordinator";
    fs::create_directories(shots);
    const fs::path script = p.dir / "fork.spor";
    std::ofstream(script) << "render off\n"
                             "tap \"Adgangssætning\"\n"
                             "type \""
                          << kPassphrase
                          << "\"\n"
                             "tap \"Lås op\"\n"
                             "expect \"Pakke-fil eller mappe\"\n"
                             "tap \"Enheder\"\n"
                             "expect \"Forgrening ved pakke nr. 2\"\n"
                             "expect \"find ud af, om to tablets bruger samme nøgle\"\n"
                             "check-layout\n"
                             "window 800x1280\n"
                             "expect \"Forgrening ved pakke nr. 2\"\n"
                             "check-layout\n"
                             "screenshot "
                          << (shots / "09-devices-fork.png").string() << "\n";
    const fs::path log = p.dir / "fork.log";
    const std::string command = "cd '" + p.dir.string() + "' && HOME='" + p.dir.string() +
                                "' SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software SDL_AUDIODRIVER=dummy '" +
                                SPOR_BINARY + "' --data-dir '" + p.coord.string() + "' --script '" + script.string() +
                                "' 2> '" + log.string() + "'";
    if (std::system(command.c_str()) != 0) {
      std::ifstream in(log);
      std::ostringstream all;
      all << in.rdbuf();
      FAIL("spor --script fork.spor failed: " << all.str());
    }
  }

  TEST_CASE("the forms tab: a folder with a mistake is named in Danish and not published then a checked folder is published as version 1") {
    const fs::path dir = fs::path(SPOR_TEST_BUILD_DIR) / "coordinator-forms-model";
    fs::remove_all(dir);
    const fs::path coord = dir / "coord";
    const fs::path usb = dir / "usb";
    for (const auto& d : {coord, usb}) fs::create_directories(d);
    (void)sync::CoordinatorStore::create(sync::coordinatorStorePath(coord), "Frivilligcenter Test", kPassphrase,
                                         fastCoordinator());
    // A copy of the bundled forms with STRØM's project one version up, and one with a mistake.
    const fs::path good = dir / "skemaer";
    const fs::path bad = dir / "skemaer-med-fejl";
    for (const auto& d : {good, bad}) fs::copy(SPOR_TEST_FORMS_DIR, d, fs::copy_options::recursive);
    const auto edit = [](const fs::path& file, const std::string& from, const std::string& to) {
      std::ifstream in(file);
      std::ostringstream all;
      all << in.rdbuf();
      std::string text = all.str();
      const auto at = text.find(from);
      REQUIRE(at != std::string::npos);
      text.replace(at, from.size(), to);
      std::ofstream(file, std::ios::trunc) << text;
    };
    edit(good / "projects" / "strom.json", "\"version\": 1", "\"version\": 2");
    edit(bad / "projects" / "strom.json", "\"course_weeks\"", "\"course_wekes\"");
    const auto bytes = [](const fs::path& f) {
      std::ifstream in(f, std::ios::binary);
      std::ostringstream all;
      all << in.rdbuf();
      return all.str();
    };

    CoordinatorModel m(test::bundledForms(), coord, fastCoordinator());
    m.passphrase() = kPassphrase;
    m.unlock();
    REQUIRE(m.unlocked());
    m.setPlaces({usb.string()}, usb.string());
    m.setTab(CoordinatorTab::Forms);
    CHECK(m.state().formsVersion == 0);
    CHECK_FALSE(m.formsReadyToPublish());

    // Nothing typed: said, nothing checked.
    m.checkFormsFolder();
    CHECK(m.state().error == "Skriv den mappe med skemaer, der skal tjekkes.");

    // The mistake: named in Danish with its file, and the folder cannot be published.
    const std::string storeBefore = bytes(sync::coordinatorStorePath(coord));
    m.formsPath() = bad.string();
    m.checkFormsFolder();
    REQUIRE(m.state().formsChecked.has_value());
    CHECK_FALSE(m.state().formsChecked->ok);
    REQUIRE_FALSE(m.state().formsChecked->lines.empty());
    CHECK(m.state().error.find("fejl, så de kan ikke udgives") != std::string::npos);
    bool named = false;
    for (const std::string& line : m.state().formsChecked->lines)
      named = named || (line.find("strom.json") != std::string::npos && line.find("course_wekes") != std::string::npos);
    CHECK(named);
    CHECK_FALSE(m.formsReadyToPublish());
    m.publishForms();
    CHECK(m.state().formsVersion == 0);
    CHECK(fs::is_empty(usb));
    CHECK(bytes(sync::coordinatorStorePath(coord)) == storeBefore);

    // The forms Spor runs on, unchanged: fine, but nothing to publish (a
    // newcomer published "version 2" of nothing).
    m.formsPath() = SPOR_TEST_FORMS_DIR;
    m.checkFormsFolder();
    REQUIRE(m.state().formsChecked.has_value());
    CHECK(m.state().formsChecked->ok);
    CHECK(m.state().formsChecked->changed == 0);
    CHECK(m.state().notice.find("heraf 0 nye eller ændrede") != std::string::npos);
    CHECK(m.state().notice.find("Intet at udgive") != std::string::npos);
    // Every bundled contact is Spor's draft: the check says so, with the projects' names.
    CHECK(m.state().notice.find("Bemærk: 9 projekter har stadig Spors udkast") != std::string::npos);
    CHECK(m.state().notice.find("STRØM") != std::string::npos);
    CHECK_FALSE(m.formsReadyToPublish());
    m.publishForms();
    CHECK(m.state().formsVersion == 0);
    CHECK(fs::is_empty(usb));
    CHECK(bytes(sync::coordinatorStorePath(coord)) == storeBefore);

    // The good folder: every file listed, STRØM's project as changed.
    m.formsPath() = good.string();
    m.checkFormsFolder();
    REQUIRE(m.state().formsChecked.has_value());
    CHECK(m.state().formsChecked->ok);
    CHECK(m.state().error.empty());
    CHECK(m.state().notice.find("Skemaerne er i orden") != std::string::npos);
    CHECK(m.state().notice.find("heraf 1 nye eller ændrede") != std::string::npos);
    // The changed file first, then the others as they are.
    REQUIRE(m.state().formsChecked->lines.size() == test::bundledForms().files.size());
    // Each file by kind and title, with its id for whoever edits the files
    // (a newcomer met bare ids, and the activity form called "Projekt").
    CHECK(m.state().formsChecked->lines.front() == "Projekt: STRØM („strom“), version 2 – ændret (i brug nu: version 1)");
    const auto listed = [&](const std::string& line) {
      const auto& lines = m.state().formsChecked->lines;
      return std::find(lines.begin(), lines.end(), line) != lines.end();
    };
    CHECK(listed("Opfølgningsskema om aktivitet: Fritidsaktivitet („brobygning“), version 1"));
    CHECK(listed("Baggrundsskema „baggrund“, version 2"));
    CHECK(m.formsReadyToPublish());
    // Another folder typed after the check: it must be checked first.
    m.formsPath() = bad.string();
    CHECK_FALSE(m.formsReadyToPublish());
    m.formsPath() = good.string() + " ";  // a trailing space is no other folder
    CHECK(m.formsReadyToPublish());

    // A folder to publish into that does not exist: said, and no version used up.
    m.formsOut() = (dir / "intet-stik").string();
    m.publishForms();
    CHECK_FALSE(m.state().error.empty());
    CHECK(m.state().formsVersion == 0);
    CHECK(bytes(sync::coordinatorStorePath(coord)) == storeBefore);

    m.formsOut() = usb.string();
    m.formsNote() = "STRØM: kursets længde";
    m.publishForms();
    CHECK(m.state().error.empty());
    CHECK(m.state().formsVersion == 1);
    CHECK(m.state().notice.find("Skemapakke version 1 er udgivet") != std::string::npos);
    CHECK(m.formsNote().empty());
    CHECK_FALSE(m.formsReadyToPublish());  // checked again before a next version
    const fs::path package = usb / sync::formPackageFileName(1);
    REQUIRE(fs::exists(package));
    // Signed by this coordinator as version 1, with the note.
    const sync::Enrolment e =
        sync::CoordinatorStore::open(sync::coordinatorStorePath(coord), fastCoordinator()).enrolment();
    const std::string file = bytes(package);
    const crypto::Bytes raw(file.begin(), file.end());
    const sync::FormPackage read = sync::readFormPackage(raw, package.filename().string(),
                                                         crypto::SignPublicKey::fromBytes(e.formsKey),
                                                         e.coordinatorFingerprint(), 0);
    CHECK(read.version == 1);
    CHECK(read.note == "STRØM: kursets længde");
    fs::remove_all(dir);
  }
}
