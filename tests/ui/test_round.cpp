// A whole round of the programme through two instances of the real app,
// each on its own data folder, with a USB stick (a folder) between them, as
// an office and a tablet would run it (issue 17): the coordinator is set up
// on the first-run screen and its enrolment file goes to the stick; the
// tablet enrols from that file, a child is added with consent and answers
// "Før"; the bundle goes to the stick; the coordinator imports it, approves
// the tablet it has not seen, imports again and writes the receipt back to
// the stick, saves the report and an SPSS export, and publishes a changed
// forms folder as form package 1; the tablet applies the receipt, nothing
// waits any more, and it installs the package. No library call between the
// steps: only what a person taps.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "crypto/hash.hpp"
#include "store/device_store.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "tests/support/forms_copy.hpp"

using namespace spor;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPassphrase = "korrekt hest batteri";

struct Round {
  fs::path work = fs::path(SPOR_TEST_BUILD_DIR) / "round";
  fs::path office = work / "kontor";
  fs::path tablet = work / "tablet";
  fs::path home = work / "home";
  fs::path stick = work / "home" / "USB";

  Round() {
    fs::remove_all(work);
    for (const auto& d : {office, tablet, stick}) fs::create_directories(d);
  }

  // Runs the app on `data` with the script `lines`; fails the test with its output when it fails.
  void run(const fs::path& data, const std::string& name, const std::string& lines) const {
    const fs::path script = work / (name + ".spor");
    std::ofstream(script) << "render off\n" << lines;
    const fs::path log = work / (name + ".log");
    const std::string command = "cd '" + work.string() + "' && HOME='" + home.string() +
                                "' USER=spor-test-nobody XDG_CONFIG_HOME='" + (work / "config").string() +
                                "' SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software SDL_AUDIODRIVER=dummy '" +
                                SPOR_BINARY + "' --data-dir '" + data.string() + "' --script '" + script.string() +
                                "' > '" + log.string() + "' 2>&1";
    if (std::system(command.c_str()) != 0) {
      std::ifstream in(log);
      std::ostringstream all;
      all << in.rdbuf();
      FAIL("spor --script " << name << " failed: " << all.str());
    }
  }

  [[nodiscard]] std::vector<fs::path> onStick(const std::string& extension) const {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(stick))
      if (e.path().extension() == extension) out.push_back(e.path());
    return out;
  }
};

}  // namespace

TEST_SUITE("ui") {
  TEST_CASE("a whole round through two real apps: set-up enrolment a child a bundle import approval receipt") {
    Round r;
    const std::string pass = kPassphrase;
    r.run(r.office, "1-office-setup",
          "tap \"Opret koordinator\"\n"
          "tap \"Koordinatorens navn (fx foreningens)\"\n"
          "type \"Frivilligcenter Aarhus\"\n"
          "tap \"Adgangssætning (mindst 8 tegn, gerne et par ord)\"\n"
          "type \"" +
              pass +
              "\"\n"
              "tap \"Adgangssætningen igen\"\n"
              "type \"" +
              pass +
              "\"\n"
              "tap \"Hjemmemappe: " + r.home.string() + "\"\n"
              "tap \"Opret\"\n"
              "expect \"Koordinatoren er oprettet\"\n");
    std::vector<fs::path> enrolment;
    for (const auto& e : fs::directory_iterator(r.home))
      if (e.path().extension() == ".sporenrol") enrolment.push_back(e.path());
    REQUIRE(enrolment.size() == 1);
    // The coordinator copies it to the stick.
    fs::copy_file(enrolment[0], r.stick / enrolment[0].filename());

    r.run(
        r.tablet, "2-tablet-enrol",
        "tap \"Tilmeldingsfil\"\n"
        "type \"" +
            (r.stick / enrolment[0].filename()).string() +
            "\"\n"
            "tap \"Læs filen\"\n"
            "expect \"Frivilligcenter Aarhus\"\n"
            "tap \"Dit navn\"\n"
            "type \"Anna\"\n"
            "tap \"Vælg din PIN-kode\"\n"
            "pin 482915\n"
            "pin 482915\n"
            "expect \"Nyt barn\"\n"
            // A child with consent, and its Før answered by the child (some declined).
            "tap \"Nyt barn\"\n"
            "tap \"Kaldenavn (valgfrit)\"\n"
            "type \"Maja\"\n"
            "tap \"Fødselsår\"\n"
            "type \"2014\"\n"
            "tap \"Pige\"\n"
            "tap \"STRØM\"\n"
            "tap \"Forældrene har givet samtykke i dag\"\n"
            "tap \"Mor\"\n"
            "tap \"Gem\"\n"
            "expect \"Samtykke: givet af mor\"\n"
            "tap \"Start Før\"\n"
            "tap \"Start\"\n"
            "expect \"1 af 25\"\n" +
            [] {
              std::string taps;
              for (int i = 0; i < 5; ++i) taps += "tap \"Tit\"\n";
              for (int i = 0; i < 20; ++i) taps += i % 4 == 3 ? "tap \"Vil ikke svare\"\n" : "tap \"Lidt enig\"\n";
              return taps;
            }() +
            "expect \"Tak!\"\n"
            "tap \"Til den voksne\"\n"
            "pin 482915\n"
            "expect \"Udvikling\"\n"
            // The bundle to the stick.
            "tap \"Alle børn\"\n"
            "tap \"Send data\"\n"
            "tap \"Hjemmemappe: " + r.home.string() + "\"\n"
            "tap \"Gem pakke\"\n"
            "expect \"Pakke nr. 1 med 1 måling er gemt\"\n");
    // The volunteer saved it in the home folder; it goes to the stick.
    std::vector<fs::path> bundles;
    for (const auto& e : fs::directory_iterator(r.home))
      if (e.path().extension() == sync::kBundleExtension) bundles.push_back(e.path());
    REQUIRE(bundles.size() == 1);
    fs::rename(bundles[0], r.stick / bundles[0].filename());

    // What the office compares before approving: the tablet's key (its settings and enrolment show it).
    const store::DeviceInfo info = store::DeviceStore::open(store::deviceStorePath(r.tablet)).device();
    const std::string key = crypto::fingerprint(info.signingKey);
    const std::string shortId = info.deviceId.substr(0, 8);

    // The coordinator's forms folder: the bundled forms with STRØM's project one version up.
    const fs::path forms = r.work / "skemaer";
    spor::support::copyFormsWithVersion(SPOR_TEST_FORMS_DIR, forms, "projects/strom.json", 2);

    // The office: a tablet it has not seen waits for approval; approved, imported, the receipt to the stick.
    r.run(r.office, "3-office-import",
          "tap \"Adgangssætning\"\n"
          "type \"" +
              pass +
              "\"\n"
              "tap \"Lås op\"\n"
              "tap \"Pakke-fil eller mappe\"\n"
              "type \"" +
              r.stick.string() +
              "\"\n"
              "tap \"Importér\"\n"
              "expect \"godkend\"\n"
              "tap \"Enheder\"\n"
              "expect \"AFVENTER GODKENDELSE\"\n"
              "expect \"" +
              key +
              "\"\n"
              "tap \"Godkend " +
              shortId +
              "\"\n"
              "expect \"Har du sammenlignet fingeraftrykket med tabletten?\"\n"
              "tap \"Ja, godkend\"\n"
              "expect \"er godkendt\"\n"
              "tap \"Import\"\n"
              "tap \"Importér\"\n"
              "expect \"pakke 1: 1 ny måling\"\n"
              "tap \"Skriv kvitteringer\"\n"
              "expect \"1 kvittering skrevet til\"\n"
              "tap \"Børn\"\n"
              "expect \"1 af 1 barn\"\n"
              // The report and an export for the evaluator, to the home folder the save field starts with.
              "tap \"Rapport\"\n"
              "tap \"Gem og eksportér\"\n"
              "tap \"Gem rapport (HTML)\"\n"
              "expect \"Rapporten er gemt\"\n"
              "tap \"Eksportér SPSS\"\n"
              "expect \"uden fritekst\"\n"
              // A changed forms folder, checked and published to the stick.
              "tap \"Skemaer\"\n"
              "tap \"Mappe med skemaer (den med scales.json og mapperne child, projects …)\"\n"
              "type \"" +
              forms.string() +
              "\"\n"
              "tap \"Tjek skemaerne\"\n"
              "expect \"heraf 1 nye eller ændrede\"\n"
              "tap \"Udgiv som version 1\"\n"
              "expect \"Skemapakke version 1 er udgivet\"\n");
    REQUIRE(r.onStick(".sporreceipt").size() == 1);
    std::size_t reports = 0, exports = 0, packages = 0;
    for (const auto& e : fs::directory_iterator(r.home)) {
      reports += e.path().extension() == ".html" ? 1U : 0U;
      exports += e.path().filename().string().rfind("spor-eksport-sav-", 0) == 0 ? 1U : 0U;
      packages += e.path().extension() == ".sporforms" ? 1U : 0U;
    }
    CHECK(reports == 1);
    CHECK(exports == 1);
    CHECK(packages == 1);
    const std::string receipt = r.onStick(".sporreceipt")[0].filename().string();

    // The tablet: the receipt on the stick is found and applied.
    r.run(r.tablet, "4-tablet-receipt",
          "pin 482915\n"
          "tap \"Send data\"\n"
          "expect \"" +
              receipt +
              "\"\n"
              "tap \"Kvittering nr. 1\"\n"
              "expect \"Kvittering nr. 1 er indlæst\"\n"
              "tap \"Skemapakke version 1\"\n"
              "expect \"Skemapakke version 1 er installeret\"\n");
    CHECK(sync::installedFormsVersion(r.tablet / "forms") == 1);
    store::DeviceStore tablet = store::DeviceStore::open(store::deviceStorePath(r.tablet));
    const store::SyncStatus status = tablet.syncStatus();
    CHECK(status.lastReceipt == 1);
    CHECK(status.unacknowledgedRecords == 0);
    sync::CoordinatorStore office = sync::CoordinatorStore::open(sync::coordinatorStorePath(r.office));
    CHECK(office.ledger().size() == 1);
  }
}
