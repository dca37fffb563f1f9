// The coordinator's job in the app (issue 17), the parts that begin outside
// the coordinator's screens or live on its Safety tab:
//  - "Glemt PIN-koden?" on the tablet's lock screen (sync::recoverDevice, as
//    `spor recover`), refused with the store byte-identical for another
//    coordinator's key, a damaged file and a wrong passphrase;
//  - "Gem gendannelsesnøgle" and "Ny tilmeldingsfil" on the Safety tab;
//  - the first-run screen's "Denne computer er koordinatorens"
//    (sync::setUpCoordinator, the folder remembered for app::startDataDir);
//  - the real app offscreen through both, with screenshots in
//    screenshots/coordinator-app/ (landscape and portrait, three text sizes).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../store/store_fixture.hpp"
#include "app/paths.hpp"
#include "crypto/hash.hpp"
#include "sync/coordinator_place.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "sync/recovery.hpp"
#include "sync/signed_file.hpp"
#include "sync/store_backup.hpp"
#include "ui/model/app_model.hpp"
#include "ui/model/coordinator_model.hpp"
#include "tests/support/files.hpp"
#include "tests/support/forms_copy.hpp"

using namespace spor;
using namespace spor::ui;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPassphrase = "korrekt hest batteri";
constexpr const char* kKeyPassphrase = "gendan tabletten igen";
constexpr const char* kNewPin = "583920";

sync::CoordinatorOptions fastCoordinator() {
  sync::CoordinatorOptions o;
  o.kdf = crypto::KdfParams::testFast();
  return o;
}

store::DeviceStoreOptions fastDevice() {
  store::DeviceStoreOptions o;
  o.kdf = crypto::KdfParams::testFast();
  return o;
}

// A coordinator with its recovery key on a "USB stick" under home/, another
// coordinator's key, and a tablet of the first with volunteers Anna and Bo.
struct Office {
  fs::path dir;
  fs::path coord;
  fs::path home;
  fs::path stick;
  fs::path device;
  fs::path keyFile;
  fs::path otherKey;
  fs::path damagedKey;
  std::string coordinatorFingerprint;  // the coordinator's, as shown at enrolment and in settings

  explicit Office(const std::string& name, bool withBo = true)
      : dir(fs::path(SPOR_TEST_BUILD_DIR) / ("coordapp-" + name)),
        coord(dir / "coord"),
        home(dir / "home"),
        stick(dir / "home" / "USB"),
        device(dir / "device") {
    fs::remove_all(dir);
    for (const auto& d : {coord, stick, device, dir / "other", dir / "elsewhere"}) fs::create_directories(d);
    sync::Enrolment enrolment;
    {
      sync::CoordinatorStore c = sync::CoordinatorStore::create(sync::coordinatorStorePath(coord), "Frivilligcenter Test",
                                                                kPassphrase, fastCoordinator());
      enrolment = sync::readEnrolment(c.enrolmentFile(), "enrolment");
      coordinatorFingerprint = enrolment.encryptionFingerprint;
      keyFile = sync::writeRecoveryKeyFile(c, stick, kKeyPassphrase, crypto::KdfParams::testFast());
    }
    {
      sync::CoordinatorStore o = sync::CoordinatorStore::create(sync::coordinatorStorePath(dir / "other"), "Et andet sted",
                                                                kPassphrase, fastCoordinator());
      otherKey = sync::writeRecoveryKeyFile(o, dir / "elsewhere" / "anden.sporrecovery", kKeyPassphrase,
                                            crypto::KdfParams::testFast());
    }
    // One byte changed inside the wrapped key: the checksum no longer holds.
    damagedKey = dir / "elsewhere" / "beskadiget.sporrecovery";
    fs::copy_file(keyFile, damagedKey);
    {
      std::fstream f(damagedKey, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(100);
      f.put('\x5a');
    }
    store::CreatedDevice created = store::DeviceStore::create(
        store::deviceStorePath(device), {"Anna", test::kPin, sync::coordinatorKeys(enrolment)}, fastDevice());
    if (withBo) created.store.addVolunteer("Bo", "791357");
  }
  ~Office() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  Office(const Office&) = delete;
  Office& operator=(const Office&) = delete;

  [[nodiscard]] fs::path db() const { return store::deviceStorePath(device); }
};

void typeInto(AppModel& app, Field f, const std::string& text) {
  app.focusField(f);
  app.typeText(text);
  app.keyboardDone();
}

void pinTwice(AppModel& app, const std::string& pin) {
  for (int round = 0; round < 2; ++round) {
    for (char d : pin) app.lock().digit(d - '0');
    app.lock().submit();
  }
}

store::VolunteerId idOf(AppModel& app, const std::string& name) {
  for (const auto& v : app.volunteers())
    if (v.name == name) return v.id;
  FAIL("no volunteer " << name);
  return {};
}

using support::readAll;

}  // namespace

TEST_SUITE("ui") {
  TEST_CASE("Glemt PIN-koden: the recovery key gives a volunteer a new PIN and a bad key changes nothing") {
    Office o("recover");
    ManualClock clock;
    AppModel app(test::bundledForms(), clock);
    app.setSyncPlaces({}, o.home);
    app.openDataDir(o.device, fastDevice());
    REQUIRE(app.state().screen == Screen::PinPad);
    // Anna's wrong PINs up to a lock-out: the recovery lifts it.
    for (int i = 0; i < 6; ++i) {
      for (char d : std::string("111111")) app.lock().digit(d - '0');
      app.lock().submit();
    }
    CHECK(app.store()->lockout().failures >= 5);
    REQUIRE(app.canRecover());

    app.recoverStart();
    REQUIRE(app.state().screen == Screen::Recover);
    // The one file on the stick is read at once, and it is this tablet's coordinator's.
    REQUIRE(app.state().recover.found.size() == 1);
    CHECK(app.state().recover.fileOk);
    CHECK(app.state().recover.error.empty());

    // Another coordinator's key: refused before any passphrase, nothing changed.
    SPOR_CHECK_UNCHANGED(o.db(), app.recoverChooseFile(o.otherKey.string()));
    CHECK_FALSE(app.state().recover.fileOk);
    CHECK(app.state().recover.error.find("hører til en anden koordinator") != std::string::npos);
    // A damaged file.
    SPOR_CHECK_UNCHANGED(o.db(), app.recoverChooseFile(o.damagedKey.string()));
    CHECK_FALSE(app.state().recover.fileOk);
    CHECK(app.state().recover.error.find("er beskadiget") != std::string::npos);
    // Not there at all.
    app.recoverChooseFile((o.dir / "findes-ikke.sporrecovery").string());
    CHECK(app.state().recover.error.find("kan ikke læses") != std::string::npos);

    // Nothing goes on before the file, the passphrase and the volunteer are there.
    app.recoverChooseFile(o.keyFile.string());
    REQUIRE(app.state().recover.fileOk);
    app.recoverChoosePin();
    CHECK(app.state().recover.error == "Skriv gendannelsesnøglens adgangssætning.");
    typeInto(app, Field::RecoverPassphrase, "forkert adgangssætning");
    app.recoverChoosePin();
    CHECK(app.state().recover.error == "Vælg, hvem der skal have en ny PIN-kode.");
    app.recoverChooseVolunteer(idOf(app, "Anna"));

    // A wrong passphrase: the new PIN is typed, then refused, nothing changed.
    app.recoverChoosePin();
    REQUIRE(app.state().screen == Screen::PinPad);
    CHECK(app.state().pin.purpose == PinPurpose::NewPin);
    CHECK(app.state().pin.flow.goal == PinFlow::Goal::Recover);
    SPOR_CHECK_UNCHANGED(o.db(), pinTwice(app, kNewPin));
    CHECK(app.state().screen == Screen::Recover);
    CHECK(app.state().recover.error.find("Adgangssætningen åbner ikke gendannelsesnøglen") != std::string::npos);
    CHECK(app.state().recover.passphrase.empty());  // to be typed again

    // A new PIN the store would refuse is refused on the pad, before any work.
    typeInto(app, Field::RecoverPassphrase, kKeyPassphrase);
    app.recoverChoosePin();
    for (char d : std::string("123456")) app.lock().digit(d - '0');
    app.lock().submit();
    CHECK(app.state().pin.notice == PinNotice::Weak);
    app.lock().cancel();
    CHECK(app.state().screen == Screen::Recover);

    // The right passphrase: Anna has the new PIN, the lock-out is gone, it is in the audit log.
    app.recoverChoosePin();
    pinTwice(app, kNewPin);
    REQUIRE(app.state().screen == Screen::Home);
    CHECK(app.state().volunteer == "Anna");
    CHECK(app.state().notice.find("Anna har fået en ny PIN-kode") != std::string::npos);
    CHECK(app.state().recover.passphrase.empty());
    CHECK(app.store()->lockout().failures == 0);
    const auto log = app.store()->auditLog(5);
    REQUIRE_FALSE(log.empty());
    CHECK(log.front().action == store::AuditAction::Recovered);
    // The new PIN unlocks; Bo's PIN is as it was.
    app.lockNow();
    app.lock().chooseVolunteer(idOf(app, "Anna"));
    for (char d : std::string(kNewPin)) app.lock().digit(d - '0');
    app.lock().submit();
    CHECK(app.state().screen == Screen::Home);
    app.lockNow();
    app.lock().chooseVolunteer(idOf(app, "Bo"));
    for (char d : std::string("791357")) app.lock().digit(d - '0');
    app.lock().submit();
    CHECK(app.state().screen == Screen::Home);
  }

  // A new user's trial: the refusal of another coordinator's key showed two
  // fingerprints unlike the one shown at enrolment, without saying which
  // key each was; a key read from a typed path sat beside "no key on the
  // USB sticks"; a tablet with one volunteer still asked who.
  TEST_CASE("Glemt PIN-koden: the refusal names each key and its fingerprint; one volunteer is chosen by itself") {
    Office o("recover-one", false);
    ManualClock clock;
    AppModel app(test::bundledForms(), clock);
    app.setSyncPlaces({}, o.dir / "no-home");  // no stick: the key is typed by path
    app.openDataDir(o.device, fastDevice());
    REQUIRE(app.state().screen == Screen::PinPad);
    app.recoverStart();
    REQUIRE(app.state().screen == Screen::Recover);
    CHECK(app.state().recover.found.empty());
    CHECK(recoverFilesNote(app.state().recover, core::Lang::Da).find("Der er ingen gendannelsesnøgle") == 0);
    // The one volunteer is chosen already.
    REQUIRE(app.state().recover.who);
    CHECK(app.state().recover.whoName == "Anna");

    app.recoverChooseFile(o.otherKey.string());
    const std::string& e = app.state().recover.error;
    INFO(e);
    // The fingerprint a person has seen (the coordinator's, at enrolment and in settings), named as such,
    CHECK(e.find("Tablettens koordinator (som vist ved tilmeldingen og under Indstillinger): " +
                 o.coordinatorFingerprint + "\n") != std::string::npos);
    // and both recovery keys' fingerprints, each named, in the same grouping (eight groups of four).
    const std::string ours = crypto::fingerprint(sync::recoveryKeyFilePublicKey(o.keyFile));
    const std::string theirs = crypto::fingerprint(sync::recoveryKeyFilePublicKey(o.otherKey));
    CHECK(e.find("  dens gendannelsesnøgle: " + ours + "\n") != std::string::npos);
    CHECK(e.find("Gendannelsesnøglen i filen: " + theirs + "\n") != std::string::npos);
    CHECK(recoverFilesNote(app.state().recover, core::Lang::Da).find("Der er ingen") == 0);

    // Read from a typed path: no "no key on the USB sticks" beside it.
    app.recoverChooseFile(o.keyFile.string());
    REQUIRE(app.state().recover.fileOk);
    CHECK(recoverFilesNote(app.state().recover, core::Lang::Da).empty());
    typeInto(app, Field::RecoverPassphrase, kKeyPassphrase);
    app.recoverChoosePin();  // no name to choose first
    CHECK(app.state().recover.error.empty());
    CHECK(app.state().screen == Screen::PinPad);
  }

  TEST_CASE("Glemt PIN-koden is not offered on a demo tablet nor while the lock screen is unlocked") {
    const fs::path dir = fs::path(SPOR_TEST_BUILD_DIR) / "coordapp-demo";
    fs::remove_all(dir);
    fs::create_directories(dir);
    ManualClock clock;
    AppModel app(test::bundledForms(), clock);
    app.openDataDir(dir, fastDevice());
    app.setupDemo();
    REQUIRE(app.state().screen == Screen::Home);
    CHECK_FALSE(app.canRecover());
    app.lockNow();
    REQUIRE(app.state().screen == Screen::PinPad);
    CHECK_FALSE(app.canRecover());  // a demo has no coordinator
    app.recoverStart();
    CHECK(app.state().screen == Screen::PinPad);
    fs::remove_all(dir);
  }

  TEST_CASE("the Safety tab saves the recovery key under a passphrase typed twice and a new enrolment file") {
    Office o("safety");
    CoordinatorModel m(test::bundledForms(), o.coord, fastCoordinator());
    m.setRecoveryKdf(crypto::KdfParams::testFast());
    const fs::path out = o.dir / "nøgle-stik";
    fs::create_directories(out);
    m.setPlaces({out.string(), o.home.string()}, out.string());
    CHECK(m.state().safetyFolder == out.string());  // the first stick is chosen by itself
    m.passphrase() = kPassphrase;
    m.unlock();
    REQUIRE(m.unlocked());
    m.setTab(CoordinatorTab::Safety);
    CHECK_FALSE(m.state().fingerprint.empty());

    m.recoveryPassphrase() = kKeyPassphrase;
    m.recoveryPassphraseAgain() = "noget andet helt";
    m.saveRecoveryKey();
    CHECK(m.state().error == "De to adgangssætninger er ikke ens. Skriv dem igen.");
    CHECK(m.recoveryPassphrase().empty());
    CHECK(m.recoveryPassphraseAgain().empty());
    CHECK_FALSE(fs::exists(out / sync::kRecoveryKeyFileName));

    m.recoveryPassphrase() = "kort";
    m.recoveryPassphraseAgain() = "kort";
    m.saveRecoveryKey();
    CHECK(m.state().error.find("mindst 10 tegn") != std::string::npos);
    CHECK_FALSE(fs::exists(out / sync::kRecoveryKeyFileName));

    m.recoveryPassphrase() = kKeyPassphrase;
    m.recoveryPassphraseAgain() = kKeyPassphrase;
    m.saveRecoveryKey();
    CHECK(m.state().error.empty());
    CHECK(m.state().notice.find("Gendannelsesnøglen er gemt") != std::string::npos);
    const fs::path key = out / sync::kRecoveryKeyFileName;
    REQUIRE(fs::exists(key));
    CHECK(m.recoveryPassphrase().empty());
    // It is this coordinator's key, and it opens with the passphrase typed.
    CHECK(sync::recoveryKeyFilePublicKey(key) == sync::recoveryKeyFilePublicKey(o.keyFile));
    CHECK_NOTHROW((void)sync::openRecoveryKeyFile(key, kKeyPassphrase));
    // A second save never replaces the file.
    const std::string before = readAll(key);
    m.recoveryPassphrase() = kKeyPassphrase;
    m.recoveryPassphraseAgain() = kKeyPassphrase;
    m.saveRecoveryKey();
    CHECK_FALSE(m.state().error.empty());
    CHECK(readAll(key) == before);

    // A backup ("Tag sikkerhedskopi"): none yet is a warning on the home,
    // which points to Sikkerhed; on Sikkerhed itself it does not (a new
    // user's trial read "Tag en under Sikkerhed" on Sikkerhed).
    CHECK(m.backupStatus() ==
          std::pair<std::string, bool>("Der er ikke taget nogen sikkerhedskopi endnu.", true));
    m.setTab(CoordinatorTab::Import);
    CHECK(m.backupStatus() == std::pair<std::string, bool>(
                                  "Der er ikke taget nogen sikkerhedskopi endnu. Tag en under Sikkerhed.", true));
    m.setTab(CoordinatorTab::Safety);
    m.backup();
    CHECK(m.state().error.empty());
    CHECK(m.state().notice.find("Sikkerhedskopien er gemt og kontrolleret") != std::string::npos);
    REQUIRE(m.state().lastBackupAt.has_value());
    const fs::path backupFile = m.state().lastBackupFile;
    CHECK(backupFile.parent_path() == out);
    CHECK(backupFile.extension() == ".sporbackup");
    CHECK_NOTHROW((void)store::checkBackup(backupFile));
    // How long ago, counted from the day it was taken (not from the machine's clock).
    const core::Date taken = std::chrono::floor<std::chrono::days>(
        std::chrono::sys_seconds(std::chrono::seconds(*m.state().lastBackupAt)));
    m.setAsOf(taken);
    CHECK(m.backupStatus() == std::pair<std::string, bool>("Seneste sikkerhedskopi: i dag.", false));
    m.setAsOf(taken + std::chrono::days(3));
    CHECK(m.backupStatus() == std::pair<std::string, bool>("Seneste sikkerhedskopi: for 3 dage siden.", false));
    m.setAsOf(taken + std::chrono::days(7));
    CHECK_FALSE(m.backupStatus().second);
    m.setAsOf(taken + std::chrono::days(8));
    CHECK(m.backupStatus() == std::pair<std::string, bool>("Seneste sikkerhedskopi er 8 dage gammel: tag en ny.", true));
    m.setTab(CoordinatorTab::Import);
    CHECK(m.backupStatus() ==
          std::pair<std::string, bool>("Seneste sikkerhedskopi er 8 dage gammel: tag en ny under Sikkerhed.", true));
    m.setTab(CoordinatorTab::Safety);
    // Remembered beside the store: a later start says the same.
    {
      CoordinatorModel later(test::bundledForms(), o.coord, fastCoordinator());
      CHECK(later.state().lastBackupAt == m.state().lastBackupAt);
    }
    // The backup restores (the library's checks) to a store of the same coordinator.
    const fs::path restored = o.dir / "restored";
    fs::create_directories(restored);
    const auto r = sync::restoreStore(restored, backupFile);
    CHECK_FALSE(r.keptAs.has_value());
    CHECK(sync::CoordinatorStore::open(sync::coordinatorStorePath(restored), fastCoordinator()).enrolment().coordinatorName ==
          "Frivilligcenter Test");

    // Restoring in the app: checked first; refused files change nothing; a
    // store written after the backup is said so before "Gendan alligevel".
    const fs::path db = sync::coordinatorStorePath(o.coord);
    m.restorePath() = (o.dir / "findes-ikke.sporbackup").string();
    SPOR_CHECK_UNCHANGED(db, m.checkRestore());
    CHECK_FALSE(m.state().restoreAsk.has_value());
    CHECK_FALSE(m.state().error.empty());
    const fs::path damaged = o.dir / "beskadiget.sporbackup";
    fs::copy_file(backupFile, damaged);
    {
      std::fstream f(damaged, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(-100, std::ios::end);
      f.put('\x5a');
    }
    m.restorePath() = damaged.string();
    SPOR_CHECK_UNCHANGED(db, m.checkRestore());
    CHECK_FALSE(m.state().restoreAsk.has_value());
    CHECK(m.state().error.find("beskadiget") != std::string::npos);
    // Only written after the backup (an unlock writes its try counter): not newer.
    {
      const auto later = fs::last_write_time(backupFile) + std::chrono::seconds(5);
      fs::last_write_time(db, later);
    }
    m.restorePath() = backupFile.string();
    SPOR_CHECK_UNCHANGED(db, m.checkRestore());
    REQUIRE(m.state().restoreAsk.has_value());
    CHECK(m.state().restoreAsk->newer.empty());
    m.cancelRestore();
    // Holding more than the backup (a form package published since): a newer store.
    {
      sync::CoordinatorStore again = sync::CoordinatorStore::open(db, fastCoordinator());
      again.unlock(kPassphrase);
      static_cast<void>(again.publishForms(SPOR_TEST_FORMS_DIR, "efter sikkerhedskopien"));
    }
    {
      const auto later = fs::last_write_time(backupFile) + std::chrono::seconds(5);
      fs::last_write_time(db, later);
    }
    m.restorePath() = backupFile.string();
    SPOR_CHECK_UNCHANGED(db, m.checkRestore());
    REQUIRE(m.state().restoreAsk.has_value());
    CHECK(m.state().restoreAsk->checked.find("Sikkerhedskopien er hel") != std::string::npos);
    {  // The question names the backup's day and what it replaces (a new user's trial saw no question).
      const core::Date day = std::chrono::floor<std::chrono::days>(
          std::chrono::sys_seconds(std::chrono::seconds(*m.state().lastBackupAt)));
      // The day and the time (two backups of one day told apart).
      CHECK(m.state().restoreAsk->title.rfind("Erstat databasen med sikkerhedskopien fra " +
                                                  displayDate(day, core::Lang::Da) + " kl. ",
                                              0) == 0);
      CHECK(m.state().restoreAsk->checked.find("Den erstatter hele databasen: enheder, pakker, børn og rapporter") !=
            std::string::npos);
    }
    CHECK(m.state().restoreAsk->newer.find("ændret efter denne sikkerhedskopi") != std::string::npos);
    m.cancelRestore();
    CHECK_FALSE(m.state().restoreAsk.has_value());
    m.checkRestore();
    m.restore();
    CHECK(m.state().error.empty());
    CHECK(m.state().notice.find("Databasen er gendannet") != std::string::npos);
    CHECK_FALSE(m.unlocked());  // the restored store, locked: its passphrase is the backup's
    std::size_t kept = 0;
    for (const auto& e : fs::directory_iterator(o.coord))
      kept += e.path().filename().string().find("before-restore") != std::string::npos ? 1U : 0U;
    CHECK(kept == 1);  // the store that was there, kept beside it
    m.passphrase() = kPassphrase;
    m.unlock();
    REQUIRE(m.unlocked());
    m.setTab(CoordinatorTab::Safety);

    // A new enrolment file, at any time.
    m.safetyFolder() = o.home.string();
    m.writeEnrolment();
    CHECK(m.state().error.empty());
    std::size_t enrolments = 0;
    for (const auto& e : fs::directory_iterator(o.home)) enrolments += e.path().extension() == ".sporenrol" ? 1U : 0U;
    CHECK(enrolments == 1);
    m.safetyFolder() = (o.dir / "findes-ikke").string();
    m.writeEnrolment();
    CHECK(m.state().error.find("findes ikke") != std::string::npos);
  }

  TEST_CASE("first run: this computer is the coordinator's and later starts open its store by themselves") {
    const fs::path dir = fs::path(SPOR_TEST_BUILD_DIR) / "coordapp-firstrun";
    fs::remove_all(dir);
    const fs::path data = dir / "kontor";
    const fs::path stick = dir / "home" / "USB";
    fs::create_directories(data);
    fs::create_directories(stick);
    setenv("XDG_CONFIG_HOME", (dir / "config").c_str(), 1);
    setenv("XDG_DATA_HOME", (dir / "share").c_str(), 1);
    ManualClock clock;
    {
      AppModel app(test::bundledForms(), clock);
      app.setCoordinatorOptions(fastCoordinator());
      app.openDataDir(data, fastDevice());
      app.setSyncPlaces({dir / "home"}, dir / "home");
      REQUIRE(app.state().screen == Screen::Setup);
      app.setupCoordinatorOpen(true);
      const CoordinatorSetupState& c = app.state().setup.coordinator;
      CHECK(c.folder == stick.string());  // the stick, chosen by itself
      app.setupCoordinatorCreate();
      CHECK(c.error == "Skriv koordinatorens navn.");
      typeInto(app, Field::CoordName, "Frivilligcenter Aarhus");
      typeInto(app, Field::CoordPassphrase, kPassphrase);
      typeInto(app, Field::CoordPassphraseAgain, "korrekt hest batteriet");
      app.setupCoordinatorCreate();
      CHECK(c.error == "De to adgangssætninger er ikke ens. Skriv dem igen.");
      CHECK(c.passphrase.empty());
      typeInto(app, Field::CoordPassphrase, "kort");
      CHECK(c.error.empty());  // retyping: the old error goes (a newcomer retyped under it)
      typeInto(app, Field::CoordPassphraseAgain, "kort");
      app.setupCoordinatorCreate();
      CHECK(c.error.find("8") != std::string::npos);
      CHECK_FALSE(sync::CoordinatorStore::exists(sync::coordinatorStorePath(data)));
      typeInto(app, Field::CoordPassphrase, kPassphrase);
      typeInto(app, Field::CoordPassphraseAgain, kPassphrase);
      app.setupCoordinatorChooseFolder((dir / "findes-ikke").string());
      app.setupCoordinatorCreate();
      CHECK(c.error.find("findes ikke") != std::string::npos);
      CHECK_FALSE(sync::CoordinatorStore::exists(sync::coordinatorStorePath(data)));

      typeInto(app, Field::CoordPassphrase, kPassphrase);
      typeInto(app, Field::CoordPassphraseAgain, kPassphrase);
      app.setupCoordinatorChooseFolder(stick.string());
      app.setupCoordinatorCreate();
      CHECK(c.error.empty());
      REQUIRE(c.done);
      CHECK(c.passphrase.empty());
      CHECK(fs::path(c.enrolmentFile).parent_path() == stick);
      // The fingerprint shown is the one in the enrolment file the tablets read.
      const sync::Enrolment e = sync::readEnrolmentFile(c.enrolmentFile);
      CHECK(c.fingerprint == e.encryptionFingerprint);
      CHECK(e.coordinatorName == "Frivilligcenter Aarhus");
      // Remembered: later starts without --data-dir open it (app::startDataDir).
      REQUIRE(sync::rememberedCoordinatorDir().has_value());
      CHECK(fs::equivalent(*sync::rememberedCoordinatorDir(), data));
      CHECK(fs::equivalent(app::startDataDir(), data));

      app.setupCoordinatorContinue();
      CHECK(app.state().screen == Screen::Coordinator);
      REQUIRE(app.coordinator() != nullptr);
      CHECK(app.coordinator()->unlocked());  // the passphrase was just typed twice
      CHECK(app.coordinator()->state().fingerprint == e.encryptionFingerprint);
    }
    {
      AppModel later(test::bundledForms(), clock);
      later.setCoordinatorOptions(fastCoordinator());
      later.openDataDir(app::startDataDir(), fastDevice());
      CHECK(later.state().screen == Screen::Coordinator);
      REQUIRE(later.coordinator() != nullptr);
      CHECK_FALSE(later.coordinator()->unlocked());
      CHECK(later.coordinator()->state().name == "Frivilligcenter Aarhus");
    }
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("XDG_DATA_HOME");
    fs::remove_all(dir);
  }
}

namespace {

struct TextSize {
  const char* name;
  const char* scale;
};
constexpr TextSize kSizes[] = {{"normal", "1"}, {"stor", "1.2"}, {"stoerre", "1.4"}};

// Runs the real app offscreen on `data` with `script`; fails with its log.
void runApp(const fs::path& work, const fs::path& data, const fs::path& script, const std::string& env = {}) {
  const fs::path log = work / (script.stem().string() + ".log");
  const std::string command = "cd '" + work.string() + "' && HOME='" + (work / "home").string() + "' " + env +
                              " SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software SDL_AUDIODRIVER=dummy '" +
                              SPOR_BINARY + "' --data-dir '" + data.string() + "' --script '" + script.string() +
                              "' 2> '" + log.string() + "'";
  const int rc = std::system(command.c_str());
  if (rc != 0) FAIL("spor --script " << script.filename().string() << " failed: " << readAll(log));
}

}  // namespace

TEST_SUITE("ui") {
  TEST_CASE("Glemt PIN-koden in the real app: another coordinator's key refused then a new PIN for Anna") {
    const fs::path shots = fs::path(SPOR_TEST_BUILD_DIR) / "screenshots" / "coordinator-app";
    fs::create_directories(shots);
    for (const TextSize& size : kSizes) {
      CAPTURE(std::string(size.name));
      Office o(std::string("app-recover-") + size.name);
      // Two files on the stick: the other coordinator's is listed too, and refused when tapped.
      fs::copy_file(o.otherKey, o.stick / "anden.sporrecovery");
      std::ofstream(o.device / "ui-settings.txt") << "text_scale=" << size.scale << "\n";
      const std::string n = size.name;
      const auto shot = [&](const std::string& name) { return (shots / ("recover-" + n + "-" + name + ".png")).string(); };
      const fs::path script = o.dir / "recover.spor";
      std::ofstream(script) << "render off\n"  // laid out and checked, drawn only for screenshots
                               "expect \"Glemt PIN-koden?\"\n"
                               "check-layout\n"
                               "screenshot " << shot("01-lock") << "\n"
                               "window 800x1280\n"
                               "check-layout\n"
                               "screenshot " << shot("01-lock-portrait") << "\n"
                               "window 1280x800\n"
                               "tap \"Glemt PIN-koden?\"\n"
                               "expect \"Ny PIN-kode med gendannelsesnøglen\"\n"
                               "tap \"anden.sporrecovery\"\n"
                               "expect \"hører til en anden koordinator\"\n"
                               "check-layout\n"
                               "screenshot " << shot("02-other-coordinator") << "\n"
                               "tap \"" << sync::kRecoveryKeyFileName << "\"\n"
                               "expect \"hører til denne tablets koordinator\"\n"
                               "tap \"Gendannelsesnøglens adgangssætning\"\n"
                               "type \"" << kKeyPassphrase << "\"\n"
                               "tap \"Anna\"\n"
                               "check-layout\n"
                               "screenshot " << shot("03-file-ok") << "\n"
                               "window 800x1280\n"
                               "check-layout\n"
                               "screenshot " << shot("03-file-ok-portrait") << "\n"
                               "window 1280x800\n"
                               "tap \"Vælg ny PIN-kode\"\n"
                               "expect \"Ny PIN-kode til Anna\"\n"
                               "check-layout\n"
                               "screenshot " << shot("04-new-pin") << "\n"
                               "pin " << kNewPin << "\n"
                               "pin " << kNewPin << "\n"
                               "expect \"Anna har fået en ny PIN-kode\"\n"
                               "check-layout\n"
                               "screenshot " << shot("05-done") << "\n"
                               "tap \"Lås\"\n"
                               "tap \"Anna\"\n"
                               "pin " << kNewPin << "\n"
                               "expect \"Nyt barn\"\n";
      runApp(o.dir, o.device, script);
      // The new PIN opens the store outside the app too; the recovery is in the audit log.
      store::DeviceStore s = store::DeviceStore::open(o.db(), fastDevice());
      const auto anna = [&] {
        for (const auto& v : s.volunteers())
          if (v.name == "Anna") return v.id;
        return store::VolunteerId{};
      }();
      CHECK_NOTHROW(s.unlock(anna, kNewPin));
      bool recovered = false;
      for (const auto& e : s.auditLog(20)) recovered = recovered || e.action == store::AuditAction::Recovered;
      CHECK(recovered);
    }
  }

  TEST_CASE("first run in the real app: the coordinator set up then the recovery key and an enrolment file and a backup saved then restored") {
    const fs::path shots = fs::path(SPOR_TEST_BUILD_DIR) / "screenshots" / "coordinator-app";
    fs::create_directories(shots);
    for (const TextSize& size : kSizes) {
      CAPTURE(std::string(size.name));
      const fs::path work = fs::path(SPOR_TEST_BUILD_DIR) / (std::string("coordapp-app-setup-") + size.name);
      fs::remove_all(work);
      const fs::path data = work / "kontor";
      const fs::path home = work / "home";
      fs::create_directories(data);
      fs::create_directories(home);
      std::ofstream(data / "ui-settings.txt") << "text_scale=" << size.scale << "\n";
      const std::string n = size.name;
      const auto shot = [&](const std::string& name) { return (shots / ("setup-" + n + "-" + name + ".png")).string(); };
      const fs::path script = work / "setup.spor";
      std::ofstream(script) << "render off\n"
                               "expect \"Velkommen til Spor\"\n"  // the third choice may be below the fold
                               "check-layout\n"
                               "screenshot " << shot("01-choices") << "\n"
                               "window 800x1280\n"
                               "check-layout\n"
                               "screenshot " << shot("01-choices-portrait") << "\n"
                               "window 1280x800\n"
                               "tap \"Opret koordinator\"\n"
                               "tap \"Koordinatorens navn (fx foreningens)\"\n"
                               "type \"Frivilligcenter Aarhus\"\n"
                               "tap \"Adgangssætning (mindst 8 tegn, gerne et par ord)\"\n"
                               "type \"" << kPassphrase << "\"\n"
                               "tap \"Adgangssætningen igen\"\n"
                               "type \"" << kPassphrase << "\"\n"
                               "tap \"Hjemmemappe: " << home.string() << "\"\n"
                               "check-layout\n"
                               "screenshot " << shot("02-form") << "\n"
                               "window 800x1280\n"
                               "check-layout\n"
                               "screenshot " << shot("02-form-portrait") << "\n"
                               "window 1280x800\n"
                               "tap \"Opret\"\n"
                               "expect \"Koordinatoren er oprettet\"\n"
                               "check-layout\n"
                               "screenshot " << shot("03-done") << "\n"
                               "window 800x1280\n"
                               "check-layout\n"
                               "screenshot " << shot("03-done-portrait") << "\n"
                               "window 1280x800\n"
                               "tap \"Fortsæt\"\n"
                               "tap \"Sikkerhed\"\n"
                               "expect \"Gendannelsesnøgle\"\n"
                               // At first view "Tag sikkerhedskopi" is on the screen (it was cut off at the bottom).
                               "screenshot " << shot("04a-safety-first") << "\n"
                               "window 800x1280\n"
                               "screenshot " << shot("04a-safety-first-portrait") << "\n"
                               "window 1280x800\n"
                               // Each folder by its whole path (a new user's trial read a bare "home").
                               "tap \"Hjemmemappe: " << home.string() << "\"\n"
                               "expect \"Mappe til sikkerhedskopi, gendannelsesnøgle og tilmeldingsfil\"\n"
                               "tap \"Gendannelsesnøglens adgangssætning\"\n"
                               "type \"" << kKeyPassphrase << "\"\n"
                               "tap \"Adgangssætningen igen\"\n"
                               "type \"" << kKeyPassphrase << "\"\n"
                               "tap \"Gem gendannelsesnøgle\"\n"
                               "expect \"Gendannelsesnøglen er gemt\"\n"
                               "check-layout\n"
                               "screenshot " << shot("04-safety") << "\n"
                               "tap \"Ny tilmeldingsfil\"\n"
                               "expect \"Tilmeldingsfilen er gemt\"\n"
                               "tap \"Tag sikkerhedskopi\"\n"
                               "expect \"Sikkerhedskopien er gemt og kontrolleret\"\n"
                               "check-layout\n"
                               "screenshot " << shot("05-backup") << "\n"
                               "tap \"Import\"\n"
                               "expect \"Seneste sikkerhedskopi\"\n"
                               "check-layout\n"
                               "screenshot " << shot("06-home-backup") << "\n"
                               "tap \"Sikkerhed\"\n"
                               "window 800x1280\n"
                               "check-layout\n"
                               "screenshot " << shot("04-safety-portrait") << "\n";
      runApp(work, data, script,
             "XDG_CONFIG_HOME='" + (work / "config").string() + "' XDG_DATA_HOME='" + (work / "share").string() + "'");
      CHECK(sync::CoordinatorStore::exists(sync::coordinatorStorePath(data)));
      CHECK(readAll(work / "config" / "spor" / "coordinator-dir").find(data.string()) != std::string::npos);
      CHECK(fs::exists(home / sync::kRecoveryKeyFileName));
      std::size_t enrolments = 0;
      for (const auto& e : fs::directory_iterator(home)) enrolments += e.path().extension() == ".sporenrol" ? 1U : 0U;
      CHECK(enrolments == 1);  // at set-up, and the new one under the same name (the same bytes)
      std::size_t backups = 0;
      for (const auto& e : fs::directory_iterator(home)) backups += e.path().extension() == ".sporbackup" ? 1U : 0U;
      CHECK(backups == 1);

      // Restoring that backup through the screen: checked, and, as the store
      // was only opened since (written, but holding nothing more: the model
      // test covers "Gendan alligevel" for a newer one), "Ja, erstat
      // databasen"; the restored store locked, the old one kept.
      fs::path backupFile;
      for (const auto& e : fs::directory_iterator(home))
        if (e.path().extension() == ".sporbackup") backupFile = e.path();
      REQUIRE_FALSE(backupFile.empty());
      fs::last_write_time(sync::coordinatorStorePath(data), fs::last_write_time(backupFile) + std::chrono::seconds(5));
      const fs::path restoreScript = work / "restore.spor";
      std::ofstream(restoreScript) << "render off\n"
                                      "tap \"Adgangssætning\"\n"
                                      "type \"" << kPassphrase << "\"\n"
                                      "tap \"Lås op\"\n"
                                      "tap \"Sikkerhed\"\n"
                                      "tap \"Sikkerhedskopi (.sporbackup)\"\n"
                                      "type \"" << backupFile.string() << "\"\n"
                                      "tap \"Tjek sikkerhedskopien\"\n"
                                      "expect \"Erstat databasen med sikkerhedskopien fra\"\n"
                                      "check-layout\n"
                                      "screenshot " << shot("07-restore-ask") << "\n"
                                      "expect-not \"Gendan alligevel\"\n"
                                      "tap \"Ja, erstat databasen\"\n"
                                      "expect \"Databasen er gendannet\"\n"
                                      "check-layout\n"
                                      "screenshot " << shot("07-restored") << "\n"
                                      "window 800x1280\n"
                                      "check-layout\n"
                                      "screenshot " << shot("07-restored-portrait") << "\n"
                                      "tap \"Adgangssætning\"\n"
                                      "type \"" << kPassphrase << "\"\n"
                                      "tap \"Lås op\"\n"
                                      "tap \"Import\"\n"
                                      "expect \"Seneste sikkerhedskopi\"\n";
      runApp(work, data, restoreScript,
             "XDG_CONFIG_HOME='" + (work / "config").string() + "' XDG_DATA_HOME='" + (work / "share").string() + "'");
      std::size_t kept = 0;
      for (const auto& e : fs::directory_iterator(data))
        kept += e.path().filename().string().find("before-restore") != std::string::npos ? 1U : 0U;
      CHECK(kept == 1);
    }
  }

  TEST_CASE("Skemaer in the real app: a forms folder checked then published then installed on the tablet") {
    const fs::path shots = fs::path(SPOR_TEST_BUILD_DIR) / "screenshots" / "coordinator-app";
    fs::create_directories(shots);
    for (const TextSize& size : kSizes) {
      CAPTURE(std::string(size.name));
      Office o(std::string("app-forms-") + size.name, false);
      // The bundled forms with STRØM's project one version up.
      const fs::path forms = o.dir / "skemaer";
      spor::support::copyFormsWithVersion(SPOR_TEST_FORMS_DIR, forms, "projects/strom.json", 2);
      std::ofstream(o.coord / "ui-settings.txt") << "text_scale=" << size.scale << "\n";
      std::ofstream(o.device / "ui-settings.txt") << "text_scale=" << size.scale << "\n";
      const std::string n = size.name;
      const auto shot = [&](const std::string& name) { return (shots / ("forms-" + n + "-" + name + ".png")).string(); };
      const fs::path script = o.dir / "forms.spor";
      std::ofstream(script) << "render off\n"
                               "tap \"Adgangssætning\"\n"
                               "type \"" << kPassphrase << "\"\n"
                               "tap \"Lås op\"\n"
                               "tap \"Skemaer\"\n"
                               "expect \"Der er ikke udgivet nogen skemapakke endnu\"\n"
                               "check-layout\n"
                               "screenshot " << shot("01-tab") << "\n"
                               "window 800x1280\n"
                               "check-layout\n"
                               "screenshot " << shot("01-tab-portrait") << "\n"
                               "window 1280x800\n"
                               "tap \"Mappe med skemaer (den med scales.json og mapperne child, projects …)\"\n"
                               "type \"" << forms.string() << "\"\n"
                               "tap \"Tjek skemaerne\"\n"
                               "expect \"Skemaerne er i orden\"\n"
                               "expect \"Projekt: STRØM („strom“), version 2 – ændret (i brug nu: version 1)\"\n"
                               "check-layout\n"
                               "screenshot " << shot("02-checked") << "\n"
                               "window 800x1280\n"
                               "check-layout\n"
                               "screenshot " << shot("02-checked-portrait") << "\n"
                               "window 1280x800\n"
                               "tap \"Hvad er ændret? (vises for de frivillige, når pakken installeres)\"\n"
                               "type \"STRØM: kursets længde\"\n"
                               "tap \"Udgiv som version 1\"\n"
                               "expect \"Skemapakke version 1 er udgivet og gemt\"\n"
                               "expect \"Udgiv som version 2\"\n"
                               "check-layout\n"
                               "screenshot " << shot("03-published") << "\n"
                               "window 800x1280\n"
                               "check-layout\n"
                               "screenshot " << shot("03-published-portrait") << "\n";
      runApp(o.dir, o.coord, script);
      const fs::path package = o.home / sync::formPackageFileName(1);
      REQUIRE(fs::exists(package));
      // The tablet finds it in the same folder and installs it.
      const fs::path tablet = o.dir / "tablet.spor";
      std::ofstream(tablet) << "render off\n"
                               "pin " << test::kPin << "\n"
                               "tap \"Send data\"\n"
                               "tap \"Skemapakke version 1\"\n"
                               "expect \"Skemapakke version 1 er installeret\"\n"
                               "expect \"STRØM: kursets længde\"\n"
                               "check-layout\n"
                               "screenshot " << shot("04-installed") << "\n";
      runApp(o.dir, o.device, tablet);
      CHECK(sync::installedFormsVersion(o.device / "forms") == 1);
    }
  }
}
