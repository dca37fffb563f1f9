// No English on a Danish screen (issue 11 item 6, "Done when"): the real app,
// in Danish, driven through each error path a person can reach, writes down
// every text it draws (the script step record-texts), and each text must be
// the app's own Danish (a pattern of the word tables or the catalogue, its
// placeholders filled with data) or data (names, codes, dates, numbers,
// paths, form texts). danish_check.hpp says what passes. The first test case
// shows that the check fails on English; the others walk the error paths:
//  - a demo tablet: a weak PIN, two PINs that differ, a volunteer's name
//    twice, a wrong current PIN, a new child with every field missing or
//    wrong, the referral and the course end saved half done;
//  - an enrolled tablet: wrong PINs to the lock-out, a missing folder for the
//    bundle, a damaged receipt, a file that is neither, a damaged form
//    package and another coordinator's, the recovery key of another
//    coordinator, a damaged one and a wrong passphrase;
//  - a first run: an enrolment file that is missing, damaged or no enrolment;
//  - the coordinator: a wrong passphrase, a damaged bundle and a missing
//    path to import, a forms folder with a broken file and one with nothing new.
// All run with `render off` (laid out, not drawn): seconds each.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "danish_check.hpp"
#include "store/device_store.hpp"
#include "sync/coordinator_place.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "sync/recovery.hpp"
#include "sync/signed_file.hpp"
#include "tests/support/files.hpp"
#include "tests/support/forms_copy.hpp"

using namespace spor;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPassphrase = "korrekt hest batteri";
constexpr const char* kKeyPassphrase = "gendan tabletten igen";
constexpr const char* kAnnaPin = "204913";
constexpr const char* kBoPin = "791357";

std::string toString(const crypto::Bytes& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

using support::readAll;

// The texts a record-texts step wrote, one per line (\n and \\ undone).
std::vector<std::string> recorded(const fs::path& file) {
  std::vector<std::string> out;
  std::istringstream lines(readAll(file));
  std::string line;
  while (std::getline(lines, line)) {
    std::string text;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size()) {
        ++i;
        text += line[i] == 'n' ? '\n' : line[i];
      } else {
        text += line[i];
      }
    }
    out.push_back(text);
  }
  return out;
}

// How many words of letters `text` has.
int letterWords(const std::string& text) {
  std::istringstream in(text);
  std::string w;
  int n = 0;
  while (in >> w)
    if (std::any_of(w.begin(), w.end(), [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)) != 0; })) ++n;
  return n;
}

// Runs the real app offscreen on `data` with `script` in `work` (also its
// HOME). Returns the app's log when the script did not run through.
std::optional<std::string> runApp(const fs::path& work, const fs::path& data, const fs::path& script) {
  const fs::path log = work / (script.stem().string() + ".log");
  const std::string command = "cd '" + work.string() + "' && HOME='" + work.string() +
                              "' SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software SDL_AUDIODRIVER=dummy '" +
                              SPOR_BINARY + "' --data-dir '" + data.string() + "' --script '" + script.string() +
                              "' 2> '" + log.string() + "'";
  if (std::system(command.c_str()) == 0) return std::nullopt;
  return readAll(log);
}

// `n` presses of Backspace after End: empties a text field of up to n characters.
std::string clearField(std::size_t n) {
  std::string out = "key End\n";
  for (std::size_t i = 0; i < n + 2; ++i) out += "key Backspace\n";
  return out;
}

std::string lines(const std::vector<std::string>& texts) {
  std::string out;
  for (const auto& t : texts) out += "  [" + t + "]\n";
  return out;
}

// A coordinator with an enrolled tablet (volunteers Anna and Bo), another
// coordinator, and the files a person could bring on a USB stick, good and bad.
struct Office {
  fs::path dir;
  fs::path coord;
  fs::path device;
  fs::path stick;  // HOME/USB: where the recovery screen looks
  fs::path bad;    // files typed by path
  fs::path forms;  // the bundled forms, STRØM's project one version up
  fs::path brokenForms;

  explicit Office(const std::string& name)
      : dir(fs::path(SPOR_TEST_BUILD_DIR) / ("danish-" + name)),
        coord(dir / "coord"),
        device(dir / "device"),
        stick(dir / "home" / "USB"),
        bad(dir / "filer"),
        forms(dir / "skemaer"),
        brokenForms(dir / "skemaer-fejl") {
    fs::remove_all(dir);
    for (const auto& d : {coord, device, stick, bad, dir / "other"}) fs::create_directories(d);
    support::copyFormsWithVersion(SPOR_TEST_FORMS_DIR, forms, "projects/strom.json", 2);
    // A project whose version is a word: a form file with a mistake.
    fs::copy(SPOR_TEST_FORMS_DIR, brokenForms, fs::copy_options::recursive);
    support::setFormVersion(brokenForms / "projects" / "strom.json", "\"to\"");
    sync::CoordinatorOptions fastCoordinator;
    fastCoordinator.kdf = crypto::KdfParams::testFast();
    store::DeviceStoreOptions fastDevice;
    fastDevice.kdf = crypto::KdfParams::testFast();
    {
      sync::CoordinatorStore o = sync::CoordinatorStore::create(sync::coordinatorStorePath(dir / "other"),
                                                                "Et andet sted", kPassphrase, fastCoordinator);
      sync::writeRecoveryKeyFile(o, stick / "anden.sporrecovery", kKeyPassphrase, crypto::KdfParams::testFast());
      const fs::path package = sync::publishFormPackage(o, forms, "fra et andet sted", bad);
      fs::rename(package, bad / "anden.sporforms");
    }
    sync::CoordinatorStore c = sync::CoordinatorStore::create(sync::coordinatorStorePath(coord), "Frivilligcenter Test",
                                                              kPassphrase, fastCoordinator);
    const sync::Enrolment enrolment = sync::readEnrolment(c.enrolmentFile(), "enrolment");
    sync::writeRecoveryKeyFile(c, stick, kKeyPassphrase, crypto::KdfParams::testFast());
    support::writeAll(bad / "tilmelding.sporenrol",
              std::string(reinterpret_cast<const char*>(c.enrolmentFile().data()), c.enrolmentFile().size()));
    const auto enrol = [&](const fs::path& folder, const std::string& pin) {
      fs::create_directories(folder);
      return store::DeviceStore::create(store::deviceStorePath(folder), {"Anna", pin, sync::coordinatorKeys(enrolment)},
                                        fastDevice);
    };
    const auto exportTo = [&](store::DeviceStore& st, const std::string& file) {
      const auto written = sync::exportBundle(st, dir / "outbox", "test");
      REQUIRE(written.has_value());
      fs::rename(written->bundle.path, bad / file);
      return bad / file;
    };
    // The coordinator hears of a tablet from its first bundle, approves it, then imports it.
    const auto take = [&](store::DeviceStore& st, const fs::path& bundle) {
      CHECK_THROWS_AS((void)c.importBundleFile(bundle), sync::SyncError);
      (void)c.approveDevice(st.device().deviceId);
      (void)c.importBundleFile(bundle);
    };
    fs::create_directories(dir / "outbox");
    // The tablet: its first bundle imported and its receipt applied, so the
    // receipt's file is one already used.
    store::CreatedDevice created = enrol(device, kAnnaPin);
    created.store.addVolunteer("Bo", kBoPin);
    const fs::path first = exportTo(created.store, "tablet-1.sporbundle");
    take(created.store, first);
    support::writeAll(bad / "brugt.sporreceipt", toString(c.makeReceipt(created.store.device().deviceId)));
    (void)sync::applyReceiptFile(created.store, bad / "brugt.sporreceipt");
    // Another tablet of the same coordinator: its receipt is not this tablet's.
    store::CreatedDevice second = enrol(dir / "tablet2", "385027");
    take(second.store, exportTo(second.store, "tablet2-1.sporbundle"));
    support::writeAll(bad / "anden-tablet.sporreceipt", toString(c.makeReceipt(second.store.device().deviceId)));
    // A tablet the coordinator has not approved: its bundle is refused at import.
    store::CreatedDevice unknown = enrol(dir / "tablet3", "385027");
    (void)exportTo(unknown.store, "ukendt.sporbundle");
    // One byte changed inside a wrapped key: its checksum no longer holds.
    fs::copy_file(stick / sync::kRecoveryKeyFileName, stick / "beskadiget.sporrecovery");
    {
      std::fstream f(stick / "beskadiget.sporrecovery", std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(100);
      f.put('\x5a');
    }
    // Files that are damaged, or not what their names say.
    support::writeAll(bad / "beskadiget.sporreceipt", "SPOR-RECEIPT\n" + std::string(300, '\x17'));
    support::writeAll(bad / "beskadiget.sporforms", std::string(500, '\x42'));
    support::writeAll(bad / "noter.txt", "noget helt andet\n");
    support::writeAll(bad / "beskadiget.sporenrol", std::string(200, '\x01'));
    support::writeAll(bad / "beskadiget.sporbundle", "SPORBNDL" + std::string(4000, '\x33'));
    {
      std::string enrolFile = readAll(bad / "tilmelding.sporenrol");
      enrolFile[enrolFile.size() / 2] = static_cast<char>(enrolFile[enrolFile.size() / 2] ^ 0x20);
      support::writeAll(bad / "rettet.sporenrol", enrolFile);
    }
  }
  // Left in the build folder (each run starts afresh): the scripts, their
  // logs and the recorded texts say what a failure saw.
  ~Office() = default;
  Office(const Office&) = delete;
  Office& operator=(const Office&) = delete;
};

// The names and other data the scripts use, beside the forms' own texts.
// "English" is the language's own name in the language setting, there for a
// person who reads only English.
const std::vector<std::string> kData = {"English", "Anna", "Bo", "Demo", "Alma", "Noah", "Sofie", "Frivilligcenter Test",
                                        "Et andet sted", "fra et andet sted", "korrekt hest batteri"};

uitest::DanishCheck& check() {
  static uitest::DanishCheck c(SPOR_TEST_FORMS_DIR, kData);
  return c;
}

// Runs `body` (steps) on `data` with every text recorded, then checks them.
void walk(const Office& o, const fs::path& data, const std::string& name, const std::string& body) {
  const fs::path texts = o.dir / (name + "-texts.txt");
  const fs::path script = o.dir / (name + ".spor");
  support::writeAll(script, "render off\nrecord-texts " + texts.string() + "\n" + body);
  const auto failed = runApp(o.dir, data, script);
  INFO("the script " << name << " stopped:\n" << failed.value_or(""));
  CHECK_FALSE(failed.has_value());
  const auto all = recorded(texts);
  CHECK(all.size() > 20);
  const auto wrong = check().rejected(all);
  INFO(wrong.size() << " of " << all.size() << " texts on the Danish screens of " << name
                    << " are not the app's Danish nor data:\n"
                    << lines(wrong));
  CHECK(wrong.empty());
}

}  // namespace

TEST_SUITE("ui") {
  TEST_CASE("the Danish-screen check passes Danish and data and fails on English") {
    uitest::DanishCheck& c = check();
    CHECK(c.templateCount() > 1000);
    // The tables' Danish, filled in, and data.
    CHECK(c.allowed("Forkert PIN-kode. Prøv igen."));
    CHECK(c.allowed("For mange forkerte forsøg. Prøv igen om 12 minutter."));
    CHECK(c.allowed(render({Msg::StoreVolunteerExists, {{"name", "Sofie"}}}, Lang::Da)));
    CHECK(c.allowed(render({Msg::WrongSecretWaitMinutes, {{"n", 6}, {"t", 1}}}, Lang::Da)));
    CHECK(c.allowed(render({Msg::ExportFolderMissing, {{"path", "/media/anna/USB"}}}, Lang::Da)));
    CHECK(c.allowed("Pakke nr. 3 med 2 målinger er gemt som spor-1-3.sporbundle i /media/anna/USB. Giv den til koordinatoren."));
    CHECK(c.allowed("K7-4QX9"));
    CHECK(c.allowed("7.12.2026"));
    CHECK(c.allowed("Almas"));
    CHECK(c.allowed("Start Før"));
    CHECK(c.allowed("Ny PIN-kode til Sofie"));
    CHECK(c.allowed("EmpowR"));
    // Pieces put together by a view, each Danish.
    CHECK(c.allowed("Født: 2012"));
    // English: the catalogue's and the tables' English, and Unexpected's
    // detail inside its Danish sentence.
    CHECK_FALSE(c.allowed(render({Msg::StoreVolunteerExists, {{"name", "Sofie"}}}, Lang::En)));
    CHECK_FALSE(c.allowed(render({Msg::ExportFolderMissing, {{"path", "/media/anna/USB"}}}, Lang::En)));
    CHECK_FALSE(c.allowed(render({Msg::Unexpected, {{"detail", "database is locked"}}}, Lang::Da)));
    CHECK_FALSE(c.allowed("Wrong PIN. Try again."));
    CHECK_FALSE(c.allowed("Start Before"));
    CHECK_FALSE(c.allowed("Mappen findes ikke: no such file or directory"));
    CHECK_FALSE(c.allowed(std::string("Ny PIN-kode til ") + "the volunteer"));
    // Every code of the catalogue in English, its parameters filled with
    // data, is caught; in Danish it passes. (Codes whose English is only a
    // parameter, or a word both languages share, say nothing either way.)
    int caught = 0;
    int codes = 0;
    for (std::size_t i = 0; i < catalogueSize(); ++i) {
      const Msg code = catalogueCode(i);
      if (code == Msg::Unexpected) continue;
      Message m{code};
      for (const auto& p : parametersOf(templateOf(code, Lang::En))) m.args.emplace_back(p, "7");
      const std::string en = render(m, Lang::En);
      const std::string da = render(m, Lang::Da);
      INFO(codeName(code) << ": " << da);
      CHECK(c.allowed(da));
      if (en == da || letterWords(en) < 2) continue;  // "dimension '7'": a word Danish has too
      ++codes;
      if (!c.allowed(en))
        ++caught;
      else
        MESSAGE("passes in English too: " << std::string(codeName(code)) << " '" << en << "'");
    }
    CHECK(caught == codes);
    CHECK(codes > 300);
    // The same for the screens' words (a word both languages share aside).
    int wordsCaught = 0;
    int words = 0;
    for (int i = 0; i < static_cast<int>(ui::Word::Count); ++i) {
      const auto w = static_cast<ui::Word>(i);
      const std::string en = ui::fillPattern(ui::tr(w, Lang::En), {"7", "7", "7", "7"});
      const std::string da = ui::fillPattern(ui::tr(w, Lang::Da), {"7", "7", "7", "7"});
      if (en == da) continue;
      ++words;
      if (!c.allowed(en)) ++wordsCaught;
      else
        MESSAGE("passes in English too: " << std::string(ui::txName(w)) << " '" << en << "'");
    }
    CHECK(words > 400);
    CHECK(wordsCaught == words);
  }

  TEST_CASE("no English on Danish screens: a demo tablet's volunteers and new child and referral and course end") {
    Office o("demo");
    const fs::path data = o.dir / "demo";
    walk(o, data, "demo",
         "tap \"Start demo\"\n"
         "expect \"Frivillig: Demo\"\n"
         // A weak PIN, two PINs that differ, a name that is taken, a wrong current PIN.
         "tap \"Frivillige\"\n"
         "tap \"Navn\"\n"
         "type \"Demo\"\n"
         "tap \"Vælg deres PIN-kode\"\n"
         "pin 123456\n"
         "expect \"det første, nogen prøver\"\n"
         "pin 482915\n"
         "pin 482916\n"
         "expect \"De to PIN-koder var ikke ens\"\n"
         "pin 482915\n"
         "pin 482915\n"
         "expect \"Der er allerede en frivillig, der hedder\"\n"
         "tap \"Skift min PIN-kode\"\n"
         "pin 482916\n"
         "pin 482915\n"
         "pin 482915\n"
         "expect \"Den nuværende PIN-kode var forkert\"\n"
         "tap \"Tilbage\"\n"
         // A new child: everything missing, then a birth year of two digits, then consent without its giver.
         "tap \"Nyt barn\"\n"
         "tap \"Gem\"\n"
         "expect \"Ikke gemt endnu\"\n"
         "tap \"EmpowR\"\n"
         "tap \"Fødselsår\"\n"
         "type \"19\"\n"
         "tap \"Gem\"\n"
         "expect \"fire cifre\"\n"
         "tap \"Fødselsår\"\n"
         "type \"90\"\n"
         "tap \"Pige\"\n"
         "tap \"Forældrene har givet samtykke i dag\"\n"
         "tap \"Gem\"\n"
         "expect \"Fødselsåret skal være fra\"\n"
         "tap \"Fødselsår\"\n" + clearField(4) +
         "type \"2012\"\n"
         "tap \"Gem\"\n"
         "expect \"Vælg, hvem der har givet samtykke.\"\n"
         "tap \"Annullér\"\n"
         // What was typed is not thrown away without asking: the question is Danish too.
         "expect \"Kassér det nye barn?\"\n"
         "tap \"Ja, kassér\"\n"
         // The referral and the course end saved with nothing chosen.
         "tap \"Alma\"\n"
         "tap \"Registrér henvisning\"\n"
         "tap \"Gem\"\n"
         "expect \"Vælg, hvem der henviste barnet.\"\n"
         // Someone else is to hear back, but not who: the store's refusal.
         "tap \"Skole\"\n"
         "tap \"En anden (se kontakt)\"\n"
         "tap \"Gem\"\n"
         "expect \"skal have tilbagemelding, men der står ikke hvem\"\n"
         "tap \"Annullér\"\n"
         "tap \"Afslut forløb\"\n"
         "tap \"Gem\"\n"
         "expect \"Vælg, hvordan forløbet sluttede.\"\n"
         "tap \"Annullér\"\n"
         "tap \"Alle børn\"\n"
         "tap \"Send data\"\n"
         "expect \"Denne enhed er en demo\"\n");
  }

  TEST_CASE("no English on Danish screens: an enrolled tablet's lock-out and sync files and recovery key") {
    Office o("tablet");
    const auto path = [&](const std::string& name) { return (o.bad / name).string(); };
    std::string steps =
        "expect \"Hvem er du?\"\n"
        "tap \"Anna\"\n";
    for (int i = 0; i < 4; ++i) steps += "pin 111111\nexpect \"Forkert PIN-kode\"\n";
    steps += "pin 111111\nexpect \"For mange forkerte forsøg\"\n";
    steps +=
        "wait 1min\n"
        "wait 1min\n"
        "pin " + std::string(kAnnaPin) + "\n"
        "expect \"Nyt barn\"\n"
        // A folder that is not there, then files that are damaged or not what they say.
        "tap \"Send data\"\n"
        "tap \"Mappe\"\n"
        "type \"/mangler\"\n"
        "tap \"Gem pakke\"\n"
        "expect \"findes ikke\"\n";
    std::size_t typed = 0;
    for (const char* file : {"beskadiget.sporreceipt", "brugt.sporreceipt", "anden-tablet.sporreceipt", "noter.txt",
                             "beskadiget.sporforms", "anden.sporforms"}) {
      steps += "tap \"Anden fil (sti)\"\n" + clearField(typed) + "type \"" + path(file) +
               "\"\n"
               "tap \"Åbn fil\"\n"
               "wait 1s\n";
      typed = path(file).size();
    }
    steps +=
        "tap \"Tilbage\"\n"
        "tap \"Lås\"\n"
        "tap \"Glemt PIN-koden?\"\n"
        "expect \"Ny PIN-kode med gendannelsesnøglen\"\n"
        "tap \"anden.sporrecovery\"\n"
        "expect \"hører til en anden koordinator\"\n"
        "tap \"beskadiget.sporrecovery\"\n"
        "wait 1s\n"
        "tap \"" + std::string(sync::kRecoveryKeyFileName) + "\"\n"
        "expect \"hører til denne tablets koordinator\"\n"
        "tap \"Gendannelsesnøglens adgangssætning\"\n"
        "type \"ikke den rigtige\"\n"
        "tap \"Anna\"\n"
        "tap \"Vælg ny PIN-kode\"\n"
        "pin 583920\n"
        "pin 583920\n"
        "wait 1s\n"
        "expect \"Ny PIN-kode med gendannelsesnøglen\"\n";
    walk(o, o.device, "tablet", steps);
  }

  TEST_CASE("no English on Danish screens: enrolment files that are missing or damaged or something else") {
    Office o("enrol");
    std::string steps = "expect \"Velkommen til Spor\"\n";
    std::size_t typed = 0;
    for (const char* file : {"mangler.sporenrol", "beskadiget.sporenrol", "noter.txt", "rettet.sporenrol"}) {
      const std::string p = (o.bad / file).string();
      steps += "tap \"Tilmeldingsfil\"\n" + clearField(typed) + "type \"" + p +
               "\"\n"
               "tap \"Læs filen\"\n"
               "wait 1s\n";
      typed = p.size();
    }
    walk(o, o.dir / "ny", "enrol", steps);
  }

  TEST_CASE("no English on Danish screens: the coordinator's passphrase and import and forms folder") {
    Office o("coordinator");
    const std::string wrong = "forkert adgang";
    const std::string bundle = (o.bad / "beskadiget.sporbundle").string();
    const std::string missing = (o.bad / "mangler").string();
    const std::string unknown = (o.bad / "ukendt.sporbundle").string();
    const std::string formsLabel = "Mappe med skemaer (den med scales.json og mapperne child, projects …)";
    walk(o, o.coord, "coordinator",
         "tap \"Adgangssætning\"\n"
         "type \"" + wrong + "\"\n"
         "tap \"Lås op\"\n"
         "expect \"Forkert adgangssætning\"\n"
         "tap \"Adgangssætning\"\n" + clearField(wrong.size()) +
         "type \"" + kPassphrase + "\"\n"
         "tap \"Lås op\"\n"
         "tap \"Import\"\n"
         "tap \"Pakke-fil eller mappe\"\n"
         "type \"" + bundle + "\"\n"
         "tap \"Importér\"\n"
         "expect \"Ikke importeret\"\n"
         "tap \"Pakke-fil eller mappe\"\n" + clearField(bundle.size()) +
         "type \"" + unknown + "\"\n"
         "tap \"Importér\"\n"
         "wait 1s\n"
         "tap \"Pakke-fil eller mappe\"\n" + clearField(unknown.size()) +
         "type \"" + missing + "\"\n"
         "tap \"Importér\"\n"
         "expect \"findes ikke\"\n"
         "tap \"Skemaer\"\n"
         "tap \"" + formsLabel + "\"\n"
         "type \"" + o.brokenForms.string() + "\"\n"
         "tap \"Tjek skemaerne\"\n"
         "expect \"så de kan ikke udgives\"\n"
         "tap \"" + formsLabel + "\"\n" + clearField(o.brokenForms.string().size()) +
         "type \"" + std::string(SPOR_TEST_FORMS_DIR) + "\"\n"
         "tap \"Tjek skemaerne\"\n"
         "expect \"Intet at udgive\"\n");
  }
}
