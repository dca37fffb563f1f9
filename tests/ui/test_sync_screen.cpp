// The sync screen in the real app, offscreen: a device enrolled with a
// coordinator made here saves a bundle to the home folder; the coordinator
// imports it and answers with a receipt and a form package; the app applies
// the receipt, refuses it the second time, and installs the package.
// Screenshots in screenshots/sync/.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "core/form_loader.hpp"
#include "store/device_store.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "sync/file_io.hpp"
#include "tests/support/forms_copy.hpp"

using namespace spor;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPin = "482915";

// Runs `spor --script` on `lines`; fails the test with the log when it fails.
void runScript(const fs::path& build, const fs::path& data, const fs::path& home, const std::string& name,
               const std::string& lines) {
  const fs::path script = build / (name + ".spor");
  std::ofstream(script) << lines;
  const fs::path log = build / (name + ".log");
  const std::string command = "cd '" + build.string() + "' && HOME='" + home.string() +
                              "' USER=spor-test-nobody SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software "
                              "SDL_AUDIODRIVER=dummy '" +
                              SPOR_BINARY + "' --data-dir '" + data.string() + "' --script '" + script.string() +
                              "' 2> '" + log.string() + "'";
  if (std::system(command.c_str()) != 0) {
    std::ifstream in(log);
    std::ostringstream all;
    all << in.rdbuf();
    FAIL("spor --script " << name << " failed: " << all.str());
  }
}

}  // namespace

TEST_SUITE("ui") {
  TEST_CASE("the sync screen in the app: a bundle out, a receipt and a form package in") {
    const fs::path build = SPOR_TEST_BUILD_DIR;
    const fs::path root = build / "data-sync";
    const fs::path data = root / "device";
    const fs::path home = root / "home";
    const fs::path coord = root / "coord";
    fs::remove_all(root);
    for (const auto& d : {data, home, coord}) fs::create_directories(d);

    sync::CoordinatorOptions co;
    co.kdf = crypto::KdfParams::testFast();
    sync::CoordinatorStore coordinator =
        sync::CoordinatorStore::create(sync::coordinatorStorePath(coord), "Frivilligcenter Aarhus", "korrekt hest", co);
    const sync::Enrolment enrolment = sync::readEnrolment(coordinator.enrolmentFile(), "enrolment");
    std::string deviceId;
    {
      store::DeviceStoreOptions o;
      o.kdf = crypto::KdfParams::testFast();
      store::CreatedDevice created = store::DeviceStore::create(
          store::deviceStorePath(data), {"Anna", kPin, sync::coordinatorKeys(enrolment)}, o);
      store::DeviceStore& st = created.store;
      const core::FormSet forms = core::loadForms(SPOR_TEST_FORMS_DIR);
      for (const char* name : {"Mads", "Ida"}) {
        const store::ChildId child = st.addChild(
            {.details = {.nickname = name, .projectId = "strom", .interventions = {core::Intervention::Individual}}});
        st.recordConsent(child, {.givenBy = "mor", .givenOn = core::today()});
        const store::MeasurementId m = st.startMeasurement(child, forms.primaryChildForm(), core::Occasion::Before);
        st.answer(m, "psykisk_1", 3);
        st.finishMeasurement(m, forms);
      }
      deviceId = st.device().deviceId;
    }

    runScript(build, data, home, "sync_export", R"(# The volunteer saves a bundle in the home folder.
window 1280x800
pin 482915
tap "Send data"
expect "Venter på koordinatoren"
expect "Ikke bekræftet endnu: 2 målinger, 2 børn, 2 samtykker"
expect "Der er ikke gemt nogen pakke endnu."
screenshot screenshots/sync/01-sync.png
check-layout
)" + std::string("tap \"Hjemmemappe: ") + home.string() + "\"\n" + R"(tap "Gem pakke"
expect "Pakke nr. 1 med 2 målinger er gemt"
screenshot screenshots/sync/02-exported.png
check-layout
tap "Tilbage"
tap "Send data"
expect "Sidste pakke: nr. 1"
)");

    // The coordinator: the device is approved, the bundle imported, a receipt
    // and a form package written where the device will look.
    fs::path bundle;
    for (const auto& e : fs::directory_iterator(home))
      if (e.path().extension() == sync::kBundleExtension) bundle = e.path();
    REQUIRE_FALSE(bundle.empty());
    coordinator.unlock("korrekt hest");
    CHECK_THROWS_AS((void)coordinator.importBundleFile(bundle), sync::SyncError);  // unknown: listed as pending
    (void)coordinator.approveDevice(deviceId);
    const sync::ImportResult imported = coordinator.importBundleFile(bundle);
    CHECK(imported.newMeasurements == 2);
    const std::string receiptName = sync::receiptFileName(sync::Uuid::parse(deviceId), 1);
    (void)sync::writeFileDurably(home, receiptName, coordinator.makeReceipt(deviceId));
    fs::create_directories(home / "post");
    (void)sync::writeFileDurably(home / "post", "spor-forms-v1.sporforms",
                                 coordinator.publishForms(SPOR_TEST_FORMS_DIR, "Skemaerne til foråret"));

    runScript(build, data, home, "sync_receipt", R"(# The receipt comes back, and a form package.
window 1280x800
pin 482915
tap "Send data"
expect "Kvitteringer"
expect "Skemapakker"
screenshot screenshots/sync/03-receipt-found.png
check-layout
expect ")" + receiptName + R"("
tap "Kvittering nr. 1"
expect "Kvittering nr. 1 er indlæst"
expect "Alt er sendt, og koordinatoren har bekræftet det."
screenshot screenshots/sync/04-receipt-applied.png
check-layout
)" + "expect-not \"" + receiptName + "\"\n" +  // applied: no longer offered
                     "tap \"Anden fil (sti)\"\ntype \"" + (home / receiptName).string() + "\"\ntap \"Åbn fil\"\n" + R"(expect "er allerede brugt på denne tablet"
screenshot screenshots/sync/05-receipt-replayed.png
check-layout
tap "Skemapakke version 1"
expect "Skemapakke version 1 er installeret"
expect "Skemaer: pakke version 1 fra koordinatoren."
screenshot screenshots/sync/06-forms-installed.png
check-layout
window 800x1280
screenshot screenshots/sync/07-portrait.png
check-layout
)");

    store::DeviceStore st = store::DeviceStore::open(store::deviceStorePath(data));
    const store::SyncStatus status = st.syncStatus();
    CHECK(status.lastReceipt == 1);
    CHECK(status.unacknowledgedRecords == 0);
    CHECK(status.nextSequence == 2);
    CHECK(sync::installedFormsVersion(data / "forms") == 1);
    CHECK(coordinator.ledger().size() == 1);

    // Mads's "Efter" questionnaire is paused, and a package with a new barn
    // version comes: refused, with his code and what to do.
    std::string code;
    {
      st.unlock(st.findVolunteer("Anna")->id, kPin);
      const store::Child mads = *st.findChild(st.children().front().code);
      code = mads.code;
      const core::FormSet forms = core::loadForms(SPOR_TEST_FORMS_DIR);
      const store::MeasurementId m = st.startMeasurement(mads.id, forms.primaryChildForm(), core::Occasion::After);
      st.answer(m, "psykisk_1", 2);
      st.pause(m);
    }
    const fs::path edited = root / "forms-edited";
    spor::support::copyFormsWithVersion(SPOR_TEST_FORMS_DIR, edited, "child/barn.json", 2);
    fs::create_directories(home / "post2");
    (void)sync::writeFileDurably(home / "post2", "spor-forms-v2.sporforms",
                                 coordinator.publishForms(edited, "Nyt barneskema"));
    runScript(build, data, home, "sync_forms_in_use", R"(# A package that would change a paused questionnaire's form.
window 1280x800
pin 482915
tap "Send data"
tap "Skemapakke version 2"
expect "Skemapakken er ikke installeret"
expect ")" + code + R"( Efter"
screenshot screenshots/sync/08-forms-in-use.png
check-layout
window 800x1280
screenshot screenshots/sync/09-forms-in-use-portrait.png
check-layout
)");
    CHECK(sync::installedFormsVersion(data / "forms") == 1);
  }
}
