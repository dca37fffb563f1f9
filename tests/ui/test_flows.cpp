// The volunteer's flows over a real device store (fast KDF): first run, the
// consent gate, a child's questionnaire written answer by answer, pause and
// resume across the PIN, the idle lock of the store, safeguarding flags,
// background and fidelity forms, volunteers, enrolment (settings:
// test_settings.cpp; the child editor: test_child_editor.cpp).
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <doctest/doctest.h>

#include "core/form_loader.hpp"
#include "crypto/box.hpp"
#include "crypto/hash.hpp"
#include "crypto/sign.hpp"
#include "store/error.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "sync/file_io.hpp"
#include "sync/signed_file.hpp"
#include "tests/store/fake_tpm.hpp"
#include "tests/ui/demo_fixture.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"
#include "tests/support/forms_copy.hpp"

using namespace spor;
using namespace spor::ui;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const core::FormSet& forms() {
  static const core::FormSet f = core::loadForms(SPOR_TEST_FORMS_DIR);
  return f;
}

struct TempDir : support::TempDir {
  TempDir() : support::TempDir("ui-flows") {}
};

// The stores' clock runs this far ahead of the system's (0 but in the tests
// that move it): finished data grows old without waiting.
std::chrono::hours gStoreClockAhead{0};

store::DeviceStoreOptions fast() {
  store::DeviceStoreOptions o;
  o.kdf = crypto::KdfParams::testFast();
  o.clock = [] { return store::systemNow() + gStoreClockAhead; };
  return o;
}

struct Flow {
  TempDir dir;
  ManualClock clock;
  AppModel model{forms(), clock};

  Flow() { model.openDataDir(dir.path, fast()); }

  void pin(const std::string& digits) {
    for (char d : digits) model.lock().digit(d - '0');
    model.lock().submit();
  }
  void answer(int v) {
    clock.advance(AppModel::kAnswerGuard);
    model.childMode().answer(v);
  }
  void decline() {
    clock.advance(AppModel::kAnswerGuard);
    model.childMode().decline();
  }
  const ChildSummary& child(const std::string& name) {
    for (const auto& c : model.state().children)
      if (c.name == name) return c;
    throw std::logic_error("no child " + name);
  }
  const core::DueEntry& due(core::Task t) {
    for (const auto& e : model.state().detail->summary.due)
      if (e.task == t) return e;
    throw std::logic_error("no task");
  }
};

using uitest::englishWords;

}  // namespace

TEST_SUITE("ui") {
  TEST_CASE("first run: the set-up screen, then a demo with two example children") {
    Flow f;
    CHECK(f.model.state().screen == Screen::Setup);
    CHECK_FALSE(f.model.hasStore());
    f.model.setupDemo();
    REQUIRE(f.model.state().error == "");
    CHECK(f.model.state().screen == Screen::Home);
    CHECK(f.model.state().demo);
    CHECK(f.model.state().volunteer == kDemoVolunteer);
    REQUIRE(f.model.state().children.size() == 2);
    CHECK(f.child("Alma").consent);
    CHECK_FALSE(f.child("Noah").consent);
    CHECK(fs::exists(f.dir.path / "device.db"));

    SUBCASE("the checklist comes from core::dueMeasurements") {
      const auto& due = f.child("Alma").due;
      REQUIRE(due.size() == 4);
      CHECK(due[0].task == core::Task::Background);
      CHECK(due[0].state == core::DueState::DueNow);
      CHECK(due[1].task == core::Task::Before);
      CHECK(due[1].state == core::DueState::DueNow);
      CHECK(f.child("Noah").due[1].state == core::DueState::NoConsent);
    }
    SUBCASE("the next start shows the lock screen with the volunteers") {
      AppModel again{forms(), f.clock};
      again.openDataDir(f.dir.path, fast());
      CHECK(again.state().screen == Screen::PinPad);
      CHECK(again.state().pin.purpose == PinPurpose::Unlock);
      CHECK(again.state().demo);
      REQUIRE(again.volunteers().size() == 1);
      CHECK(again.volunteers()[0].name == "Demo");
      CHECK(again.state().children.empty());  // nothing readable before the PIN
      for (char d : std::string(kDemoPin)) again.lock().digit(d - '0');
      again.lock().submit();
      CHECK(again.state().screen == Screen::Home);
      CHECK(again.state().children.size() == 2);
    }
  }

  TEST_CASE("the consent gate: no questionnaire before consent is recorded") {
    Flow f;
    f.model.setupDemo();
    f.model.openChild(f.child("Noah").child.id);
    CHECK(f.due(core::Task::Before).state == core::DueState::NoConsent);
    CHECK_FALSE(f.due(core::Task::Before).canStart());
    f.model.startTask(core::Task::Before);  // the button is not there; the model refuses too
    CHECK(f.model.state().screen == Screen::ChildDetail);
    CHECK_FALSE(f.model.state().error.empty());

    f.model.childEditor().edit();
    CHECK(f.model.state().screen == Screen::ChildEdit);
    const ChildDraft& d = f.model.childEditor().draft();
    f.model.childEditor().consentGiven(true);
    f.model.childEditor().save();
    CHECK(d.error == "Vælg, hvem der har givet samtykke.");
    f.model.childEditor().consentBy("far");
    f.model.childEditor().save();
    CHECK(f.model.state().screen == Screen::ChildDetail);
    CHECK(f.model.state().detail->summary.consent);
    CHECK(f.due(core::Task::Before).canStart());
    f.model.startTask(core::Task::Before);
    CHECK(f.model.state().screen == Screen::HandOver);
    CHECK(f.model.state().childName == "Noah");
  }

  TEST_CASE("a questionnaire: every answer is in the store when the call returns") {
    Flow f;
    f.model.setupDemo();
    f.model.openChild(f.child("Alma").child.id);
    f.model.startTask(core::Task::Before);
    f.model.childMode().start();
    REQUIRE(f.model.state().screen == Screen::ChildQuestion);
    store::DeviceStore& st = *f.model.store();
    const auto child = f.child("Alma").child.id;
    f.answer(3);
    f.decline();
    auto ms = st.measurements(child);
    REQUIRE(ms.size() == 1);
    REQUIRE(ms[0].answers.size() == 2);
    CHECK(ms[0].answers[0].itemId == "psykisk_1");
    CHECK(ms[0].answers[0].value == 3);
    CHECK(ms[0].answers[1].declined());

    SUBCASE("pause, the PIN, and resume at the same item in the same measurement") {
      f.model.childMode().pause();
      CHECK(st.measurement(ms[0].id).state == store::ResponseState::Paused);
      f.model.lock().ask(PinPurpose::LeaveChildMode);
      f.pin(kDemoPin);
      CHECK(f.model.state().screen == Screen::ChildDetail);
      CHECK(f.due(core::Task::Before).state == core::DueState::InProgress);
      f.model.startTask(core::Task::Before);
      f.model.childMode().start();
      CHECK(f.model.childMode().currentItem().number == 3);
      CHECK(st.measurements(child).size() == 1);
    }
    SUBCASE("the whole questionnaire: finished, scored, the flag stored and shown after the PIN") {
      // The rest: "Helt enig"/"Altid" everywhere, so selvskade (reversed) crosses the threshold.
      while (f.model.state().screen == Screen::ChildQuestion) f.answer(4);
      CHECK(f.model.state().screen == Screen::ChildThanks);
      CHECK(st.measurement(ms[0].id).state == store::ResponseState::Finished);
      CHECK(st.measurement(ms[0].id).answers.size() == 28);
      const auto flags = st.flags(child);
      REQUIRE(flags.size() == 1);
      CHECK(flags[0].dimension == "selvskade");
      CHECK_FALSE(f.model.state().safeguarding);  // not in child mode
      f.model.lock().ask(PinPurpose::LeaveChildMode);
      f.pin("000000");
      CHECK(f.model.state().pin.notice == PinNotice::Wrong);
      f.pin(kDemoPin);
      REQUIRE(f.model.state().screen == Screen::ChildDetail);
      REQUIRE(f.model.state().safeguarding);
      CHECK(f.model.state().safeguarding->hits[0].dimension == "selvskade");
      REQUIRE(f.model.state().detail->chart.size() == 1);
      CHECK(f.model.state().detail->chart[0].scores.at("psykisk_trivsel") ==
            doctest::Approx(3.75));  // 3, declined, 4, 4, 4
      f.model.dismissSafeguarding();
      CHECK_FALSE(f.model.state().safeguarding);
      CHECK(st.unseenFlags().empty());
      CHECK(f.due(core::Task::Before).state == core::DueState::Done);
    }
    SUBCASE("the flag step fails at the last answer: nothing finished, the item stays, and the notice is what the store raised") {
      const MeasurementSession& session = *f.model.childMode().session();
      while (session.currentIndex() + 1 < session.items().size()) f.answer(4);
      const std::string last = session.items()[session.currentIndex()]->id;
      // A failure injected into the flag step of finishMeasurement's transaction.
      st.database().execScript(
          "CREATE TEMP TRIGGER fail_flag BEFORE INSERT ON main.safeguarding_flag "
          "BEGIN SELECT RAISE(ABORT, 'injected failure in the flag step'); END;");
      f.answer(4);
      CHECK(f.model.state().screen == Screen::ChildQuestion);  // the same item, to answer again
      CHECK(session.items()[session.currentIndex()]->id == last);
      CHECK(st.measurement(ms[0].id).state != store::ResponseState::Finished);
      CHECK(st.flags(child).empty());
      CHECK(session.raisedFlags().empty());
      CHECK(f.model.state().error != "");  // the volunteer is told after the PIN

      st.database().execScript("DROP TRIGGER temp.fail_flag");
      f.answer(4);
      CHECK(f.model.state().screen == Screen::ChildThanks);
      CHECK(st.measurement(ms[0].id).state == store::ResponseState::Finished);
      REQUIRE(session.raisedFlags().size() == 1);
      const store::SafeguardingFlag raised = session.raisedFlags()[0];
      REQUIRE(st.flags(child).size() == 1);
      // The volunteer's notice shows exactly the flag the store returned.
      f.model.lock().ask(PinPurpose::LeaveChildMode);
      f.pin(kDemoPin);
      REQUIRE(f.model.state().safeguarding);
      REQUIRE(f.model.state().safeguarding->hits.size() == 1);
      CHECK(f.model.state().safeguarding->hits[0].dimension == raised.dimension);
      CHECK(f.model.state().safeguarding->hits[0].items == raised.items);
      CHECK(f.model.state().safeguarding->flags == std::vector<store::FlagId>{raised.id});
    }
  }

  TEST_CASE("one clock: a new day on the model's clock changes what is due at the next tick") {
    Flow f;
    f.model.setupDemo();
    const store::ChildId alma = f.child("Alma").child.id;
    f.model.openChild(alma);
    f.model.startTask(core::Task::Before);
    f.model.childMode().start();
    while (f.model.state().screen == Screen::ChildQuestion) f.answer(3);
    f.model.lock().ask(PinPurpose::LeaveChildMode);
    f.pin(kDemoPin);
    REQUIRE(f.model.state().screen == Screen::ChildDetail);
    CHECK(f.due(core::Task::Before).state == core::DueState::Done);
    CHECK(f.due(core::Task::After).state != core::DueState::DueNow);
    const core::Date start = f.model.today();
    CHECK(start == f.clock.today());
    // The course's length on: efter is due. The page says so without being opened again.
    const int weeks = f.model.state().detail->project->courseWeeks;
    f.clock.setToday(core::addDays(start, 7 * weeks));
    CHECK(f.model.today() == core::addDays(start, 7 * weeks));
    CHECK(f.due(core::Task::After).state != core::DueState::DueNow);  // until the next frame's tick
    f.model.tick();
    CHECK(f.due(core::Task::After).state == core::DueState::DueNow);
    CHECK(f.child("Alma").due[2].task == core::Task::After);  // the home list too
    CHECK(f.child("Alma").due[2].state == core::DueState::DueNow);
  }

  // A new-user trial: "Tag Efter nu" was offered the same day as Før.
  TEST_CASE("efter is not offered or started on the day of før") {
    Flow f;
    f.model.setupDemo();
    const auto alma = f.child("Alma").child.id;
    f.model.openChild(alma);
    f.model.startTask(core::Task::Before);
    f.model.childMode().start();
    while (f.model.state().screen == Screen::ChildQuestion) f.answer(2);
    f.model.lock().ask(PinPurpose::LeaveChildMode);
    f.pin(kDemoPin);
    REQUIRE(f.model.state().screen == Screen::ChildDetail);
    f.model.dismissSafeguarding();
    CHECK(f.due(core::Task::Before).state == core::DueState::Done);
    CHECK(f.due(core::Task::After).state == core::DueState::Upcoming);
    CHECK_FALSE(f.due(core::Task::After).canStart());
    f.model.startTask(core::Task::After);  // no button; the model refuses too
    CHECK(f.model.state().screen == Screen::ChildDetail);
    CHECK(f.model.store()->measurements(alma).size() == 1);
  }

  // A new-user trial: a child with an unread safeguarding notice stayed in
  // name order, below the fold; the child's page stayed scrolled down after
  // "Jeg har læst det".
  TEST_CASE("a child with an unread safeguarding notice is first on the home list until it is read") {
    Flow f;
    f.model.setupDemo();
    const int thisYear = static_cast<int>(std::chrono::year_month_day(core::today()).year());
    f.model.childEditor().start();
    f.model.childEditor().nickname("Zoe");
    f.model.childEditor().birthYear(std::to_string(thisYear - 15));
    f.model.childEditor().gender(store::Gender::Girl);
    f.model.childEditor().project("empowr");
    f.model.childEditor().consentGiven(true);
    f.model.childEditor().consentBy("mor");
    f.model.childEditor().save();
    REQUIRE(f.model.state().screen == Screen::ChildDetail);
    f.model.startTask(core::Task::Before);
    f.model.childMode().start();
    while (f.model.state().screen == Screen::ChildQuestion) f.answer(4);  // selvskade crosses its threshold
    f.model.lock().ask(PinPurpose::LeaveChildMode);
    f.pin(kDemoPin);
    REQUIRE(f.model.state().safeguarding);
    f.model.goHome();
    REQUIRE(f.model.state().children.size() == 3);
    CHECK(f.model.state().children[0].name == "Zoe");
    CHECK(f.model.state().children[1].name == "Alma");
    f.model.openChild(f.child("Zoe").child.id);
    REQUIRE(f.model.state().safeguarding);
    const unsigned page = f.model.state().page;
    f.model.dismissSafeguarding();
    CHECK(f.model.state().page != page);  // the page starts at the top again
    f.model.goHome();
    CHECK(f.model.state().children[0].name == "Alma");  // read: back in name order
    CHECK(f.model.state().children[2].name == "Zoe");
  }

  // A new-user trial: fidelityStatus() read the store on every frame of the
  // home screen. It is read when the home screen's list is refreshed.
  TEST_CASE("the home screen's forms for the volunteer are read when home refreshes and kept meanwhile") {
    Flow f;
    f.model.setupDemo();
    const std::vector<FidelityStatus>& forms = f.model.fidelity().status();
    CHECK(&forms == &f.model.state().fidelityForms);  // kept in the state, not read per frame
    REQUIRE_FALSE(forms.empty());
    const auto strom = [&]() -> const FidelityStatus& {
      for (const auto& st : f.model.fidelity().status())
        if (st.project->id == "strom") return st;
      throw std::logic_error("no strom");
    };
    CHECK_FALSE(strom().started);
    f.model.fidelity().start("strom");
    f.model.fidelity().answer(3);
    f.model.fidelity().back();
    f.model.fidelity().back();  // home: refreshed
    REQUIRE(f.model.state().screen == Screen::Home);
    CHECK(strom().started);
    CHECK(strom().answered == 1);
    f.model.lockNow();
    CHECK(f.model.fidelity().status().empty());  // nothing shown behind the lock
  }

  // Issue 12, defect 6: every line of the development chart reads "up is
  // better", and lines with equal scores stay distinguishable (a new-user
  // trial saw one marker where three lines met).
  TEST_CASE("the development chart: reversed dimensions turned over; equal scores set side by side") {
    const core::ChildForm& form = forms().primaryChildForm();
    ChildDetailView d;
    d.chartDimensions = {"psykisk_trivsel", "sociale_kompetencer", "selvskade"};
    ScorePoint before;
    before.scores = {{"psykisk_trivsel", 3.0}, {"sociale_kompetencer", 3.0}, {"selvskade", 2.0}};
    ScorePoint after;
    after.scores = {{"psykisk_trivsel", 2.0}, {"sociale_kompetencer", 3.5}, {"selvskade", 1.0}};
    d.chart = {before, after};
    const auto marks = chartMarks(d, form, 0.1);
    REQUIRE(marks.size() == 6);
    const auto mark = [&](std::size_t line, std::size_t point) {
      for (const auto& m : marks)
        if (m.line == line && m.point == point) return m;
      FAIL("no mark");
      return ChartMark{};
    };
    CHECK(mark(2, 0).value == doctest::Approx(3.0));  // selvskade 2 is drawn as 3: up is better
    CHECK(mark(2, 1).value == doctest::Approx(4.0));  // fewer signs of self-harm: higher
    // Three lines meet at 3 on the first measurement: three places side by side.
    for (std::size_t k = 0; k < 3; ++k) {
      CHECK(mark(k, 0).slots == 3);
      CHECK(mark(k, 0).slot == static_cast<int>(k));
    }
    for (std::size_t k = 0; k < 3; ++k) CHECK(mark(k, 1).slots == 1);  // apart: each alone
  }

  // A new user's trial: the chart on the child's page, which the volunteer
  // looks at together with the child, named a "Selvmordsadfærd" line.
  TEST_CASE("the development chart on the child's page leaves the sensitive dimensions out and unnamed") {
    Flow f;
    f.model.setupDemo();
    const auto alma = f.child("Alma").child.id;
    f.model.openChild(alma);
    REQUIRE(f.model.state().detail);
    const ChildDetailView& d = *f.model.state().detail;
    REQUIRE(d.project);
    const core::ChildForm& form = f.model.forms().childForm(d.project->childForm);
    std::size_t sensitive = 0;
    for (const core::Dimension& dim : form.dimensions)
      if (d.project->measures(dim.id) && isSensitiveDimension(dim)) ++sensitive;
    REQUIRE(sensitive > 0);  // the project measures selvskade and selvmordsadfærd
    CHECK(d.chartHidden == sensitive);
    CHECK_FALSE(d.chartDimensions.empty());
    for (const std::string& dim : d.chartDimensions) {
      INFO(dim);
      CHECK_FALSE(isSensitiveDimension(*form.dimension(dim)));
    }
    CHECK(std::find(d.chartDimensions.begin(), d.chartDimensions.end(), "selvmordsadfaerd") == d.chartDimensions.end());
    CHECK(std::string(tr(Word::ChartSensitiveLeftOut, core::Lang::Da)).find("elvmord") == std::string::npos);
  }

  TEST_CASE("volunteers: a new one with a PIN typed twice; changing one's PIN") {
    Flow f;
    f.model.setupDemo();
    f.model.volunteersPart().open();
    f.model.volunteersPart().addStart();
    CHECK(f.model.state().error == "Skriv et navn.");
    f.model.volunteersPart().name("Sofie");
    f.model.volunteersPart().addStart();
    CHECK(f.model.state().pin.purpose == PinPurpose::NewPin);
    f.pin("482915");
    CHECK(f.model.state().pin.purpose == PinPurpose::ConfirmPin);
    f.pin("482916");
    CHECK(f.model.state().pin.notice == PinNotice::Mismatch);
    CHECK(f.model.state().pin.purpose == PinPurpose::NewPin);
    f.pin("482915");
    f.pin("482915");
    CHECK(f.model.state().screen == Screen::Volunteers);
    CHECK(f.model.state().notice == "Sofie kan nu låse op med sin PIN-kode.");
    CHECK(f.model.volunteers().size() == 2);

    f.model.volunteersPart().changePinStart();
    CHECK(f.model.state().pin.purpose == PinPurpose::OldPin);
    f.pin("999999");  // wrong current PIN
    f.pin("246813");
    f.pin("246813");
    CHECK(f.model.state().error == "Den nuværende PIN-kode var forkert. Intet er ændret.");
    f.model.volunteersPart().changePinStart();
    f.pin(kDemoPin);
    f.pin("246813");
    f.pin("246813");
    CHECK(f.model.state().notice == "Din PIN-kode er skiftet.");
    f.model.lockNow();
    f.pin(kDemoPin);
    CHECK(f.model.state().pin.notice == PinNotice::Wrong);
    f.pin("246813");
    CHECK(f.model.state().screen == Screen::Home);
  }

  TEST_CASE("no English on Danish screens: a weak PIN (at its first entry), a volunteer's name twice") {
    Flow f;
    f.model.setupDemo();
    f.model.volunteersPart().open();
    f.model.volunteersPart().name("Sofie");
    f.model.volunteersPart().addStart();
    REQUIRE(f.model.state().pin.purpose == PinPurpose::NewPin);
    f.pin("123456");  // refused at once, not after it has been typed twice
    CHECK(f.model.state().pin.purpose == PinPurpose::NewPin);
    CHECK(f.model.state().pin.notice == PinNotice::Weak);
    CHECK(f.model.state().pin.weakReason ==
          "En PIN-kode med det samme ciffer eller en lige række (som 123456) er det første, nogen prøver; vælg en "
          "anden.");
    CHECK(englishWords(f.model.state().pin.weakReason).empty());
    f.pin("777777");
    CHECK(f.model.state().pin.notice == PinNotice::Weak);
    f.pin("482915");
    CHECK(f.model.state().pin.purpose == PinPurpose::ConfirmPin);
    f.pin("482915");
    REQUIRE(f.model.state().screen == Screen::Volunteers);
    // The same name again: the store's refusal, in Danish.
    f.model.volunteersPart().name("Sofie");
    f.model.volunteersPart().addStart();
    f.pin("482915");
    f.pin("482915");
    CHECK(f.model.state().error ==
          "Der er allerede en frivillig, der hedder 'Sofie', på denne tablet: tilføj et efternavn eller et forbogstav.");
    CHECK(englishWords(f.model.state().error).empty());
    // Every message of the catalogue that the store and sync layers give a
    // volunteer, rendered in Danish, has none of those words either.
    for (const Message& m : {Message{Msg::StoreBirthYearImplausible, {{"year", 1990}}},
                             Message{Msg::StoreVolunteerExists, {{"name", "Sofie"}}},
                             Message{Msg::SecretTooShort, {{"n", 4}}}, Message{Msg::PinTooShort, {{"n", 4}}},
                             Message{Msg::PinTooEasy}, Message{Msg::WrongSecret, {{"n", 1}}},
                             Message{Msg::WrongSecretWaitMinutes, {{"n", 6}, {"t", 1}}},
                             Message{Msg::WrongSecretSoonSeconds, {{"n", 3}, {"left", 2}, {"t", 30}}},
                             Message{Msg::ExportFolderMissing, {{"path", "/media/x"}}},
                             Message{Msg::ReceiptAlreadyApplied, {{"name", "kvit-2"}, {"n", 2}}},
                             Message{Msg::ReceiptOlder, {{"name", "kvit-1"}, {"n", 1}, {"last", 2}}}}) {
      INFO(codeName(m.code));
      CHECK(englishWords(render(m, core::Lang::Da)).empty());
      CHECK_FALSE(englishWords(render(m, core::Lang::En)).empty());  // the list does know these messages
    }
  }

  TEST_CASE("enrolment: the coordinator's file, its fingerprint, a name and a PIN") {
    Flow f;
    const crypto::SigningKeyPair formsKey = crypto::generateSigningKey();
    sync::Enrolment e;
    e.coordinatorId = sync::Uuid::random();
    e.coordinatorName = "Frivilligcenter Aarhus";
    e.encryptionKey = crypto::generateBoxKey().publicKey.bytes;
    e.receiptKey = crypto::generateSigningKey().publicKey.bytes;
    e.formsKey = formsKey.publicKey.bytes;
    e.recoveryKey = crypto::generateBoxKey().publicKey.bytes;
    const crypto::Bytes file = sync::encodeEnrolment(e, formsKey);
    const fs::path usb = f.dir.path / "usb";
    fs::create_directories(usb / "STICK");
    const fs::path path = usb / "STICK" / "aarhus.sporenrol";
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(file.data()), static_cast<std::streamsize>(file.size()));
    f.model.setupFindEnrolmentFiles({usb});
    REQUIRE(f.model.state().setup.found == std::vector<std::string>{path.string()});

    f.model.setupChooseEnrolment((usb / "missing.sporenrol").string());
    CHECK(f.model.state().setup.error.find("cannot be read") == std::string::npos);  // Danish by default
    CHECK(f.model.state().setup.error.find("kan ikke læses") != std::string::npos);
    f.model.setupChooseEnrolment(path.string());
    INFO(f.model.state().setup.error);
    CHECK(f.model.state().setup.coordinatorName == "Frivilligcenter Aarhus");
    CHECK_FALSE(f.model.state().setup.fingerprint.empty());
    f.model.setupEnrol();
    CHECK(f.model.state().setup.error == "Skriv et navn.");
    f.model.setupDraft().volunteerName = "Anna";
    f.model.setupEnrol();
    REQUIRE(f.model.state().screen == Screen::PinPad);
    f.pin("482915");
    f.pin("482915");
    CHECK(f.model.state().screen == Screen::Home);
    CHECK_FALSE(f.model.state().demo);
    CHECK(f.model.store()->device().coordinator);
    CHECK(f.model.state().volunteer == "Anna");
    // The tablet shows its own key at once, grouped as the coordinator shows it, and keeps it under settings.
    const std::string key = f.model.state().deviceKey;
    CHECK(key == crypto::fingerprint(f.model.store()->device().signingKey));
    CHECK(key.size() == 39);  // eight groups of four, as "spor devices" and the devices tab print it
    CHECK(f.model.state().notice.find("Tablettens nøgle: " + key + ".") != std::string::npos);
    CHECK(f.model.state().coordinatorKey == f.model.state().setup.fingerprint);
  }

  // --- Slow work (Argon2id) off the UI thread -------------------------------------------------

  TEST_CASE("a new or changed PIN is wrapped on the worker; a wrong current PIN comes back as its error") {
    Flow f;
    f.model.setupDemo();
    auto worker = std::make_unique<ManualWorker>();
    ManualWorker& w = *worker;
    f.model.setWorker(std::move(worker));
    f.model.volunteersPart().open();
    f.model.volunteersPart().name("Sofie");
    f.model.volunteersPart().addStart();
    f.pin("482915");
    f.pin("482915");
    CHECK(f.model.state().busy == Busy::SavingPin);
    CHECK(f.model.state().screen == Screen::PinPad);
    w.runPending();
    f.model.tick();
    CHECK(f.model.state().screen == Screen::Volunteers);
    CHECK(f.model.state().notice == "Sofie kan nu låse op med sin PIN-kode.");
    CHECK(f.model.volunteers().size() == 2);

    f.model.volunteersPart().changePinStart();
    f.pin("999999");
    f.pin("246813");
    f.pin("246813");
    CHECK(f.model.state().busy == Busy::SavingPin);
    w.runPending();
    f.model.tick();
    CHECK(f.model.state().error == "Den nuværende PIN-kode var forkert. Intet er ændret.");
    CHECK(f.model.state().screen == Screen::Volunteers);
  }

  // --- Text fields and the on-screen keyboard --------------------------------------------------

  TEST_CASE("the on-screen keyboard types a nickname, key by key, by the keys' labels") {
    Flow f;
    f.model.setupDemo();
    f.model.childEditor().start();
    f.model.noteInput(InputKind::Touch);
    f.model.focusField(Field::Nickname);
    REQUIRE(f.model.keyboardShown());
    CHECK(f.model.state().keyboard.layout == KeyboardLayout::Letters);
    CHECK(f.model.keyboardShifted());  // a name starts with a capital by itself
    CHECK_FALSE(f.model.keyboardTap("m"));  // shifted, the key shows "M"
    CHECK(f.model.keyboardTap("M"));
    CHECK_FALSE(f.model.keyboardShifted());
    CHECK_FALSE(f.model.keyboardTap("A"));
    for (const char* k : {"a", "d", "s", "mellemrum"}) CHECK(f.model.keyboardTap(k));
    CHECK(f.model.keyboardShifted());  // after a space, a capital again
    CHECK(f.model.keyboardTap("Ø"));
    CHECK(f.model.childEditor().draft().nickname == "Mads Ø");
    CHECK(f.model.keyboardTap("←"));  // "ø" is two bytes: erased whole
    CHECK(f.model.childEditor().draft().nickname == "Mads ");
    CHECK(f.model.keyboardTap("←"));
    // Shift once, twice (capitals until tapped again), three times (off).
    CHECK(f.model.keyboardTap("↑"));
    CHECK(f.model.state().keyboard.shift == ShiftState::Once);
    CHECK(f.model.keyboardTap("↑"));
    CHECK(f.model.state().keyboard.shift == ShiftState::Locked);
    CHECK(f.model.keyboardTap("E"));
    CHECK(f.model.keyboardTap("N"));
    CHECK(f.model.keyboardTap("↑"));
    CHECK(f.model.keyboardTap("å"));
    CHECK(f.model.childEditor().draft().nickname == "MadsENå");
    for (int i = 0; i < 3; ++i) f.model.keyboardTap("←");
    CHECK(f.model.keyboardTap("Færdig"));
    CHECK_FALSE(f.model.keyboardShown());
    CHECK(f.model.keyboardField() == Field::None);
    CHECK_FALSE(f.model.keyboardTap("a"));  // no keyboard, no key
    f.model.focusField(Field::BirthYear);  // the draft changes only through the model
    f.model.typeText("2013");
    f.model.keyboardDone();
    f.model.childEditor().gender(store::Gender::Boy);
    f.model.childEditor().project("strom");
    f.model.childEditor().save();
    REQUIRE(f.model.state().screen == Screen::ChildDetail);
    CHECK(f.model.state().detail->summary.child.details.nickname == "Mads");
  }

  TEST_CASE("a digits field gets the digits pad and takes digits only; a birth year needs four") {
    Flow f;
    f.model.setupDemo();
    f.model.childEditor().start();
    f.model.childEditor().project("strom");
    f.model.noteInput(InputKind::Touch);
    f.model.focusField(Field::BirthYear);
    REQUIRE(f.model.keyboardShown());
    CHECK(f.model.state().keyboard.layout == KeyboardLayout::Digits);
    CHECK_FALSE(f.model.keyboardTap("a"));
    for (const char* k : {"2", "0", "1"}) CHECK(f.model.keyboardTap(k));
    f.model.typeText("x-");  // a physical keyboard's letters go nowhere
    CHECK(f.model.childEditor().draft().birthYearText == "201");
    f.model.childEditor().save();
    CHECK(f.model.childEditor().draft().error.rfind("Skriv fødselsåret med fire cifre, fx ", 0) == 0);
    CHECK(f.model.state().screen == Screen::ChildEdit);  // nothing saved
    CHECK(f.model.keyboardTap("4"));
    CHECK(f.model.childEditor().draft().fieldMessage(ChildField::BirthYear).empty());  // fixed: the error goes at once
    f.model.childEditor().gender(store::Gender::Girl);
    f.model.childEditor().save();
    REQUIRE(f.model.state().screen == Screen::ChildDetail);
    CHECK(f.model.state().detail->summary.child.details.birthYear == 2014);
  }

  TEST_CASE("when the keyboard shows: after a finger (automatic), always, never; a physical key hides it") {
    Flow f;
    f.model.setupDemo();
    f.model.volunteersPart().open();
    f.model.noteInput(InputKind::Mouse);
    f.model.focusField(Field::VolunteerName);
    CHECK(f.model.keyboardField() == Field::VolunteerName);
    CHECK_FALSE(f.model.keyboardShown());  // a mouse: there is a keyboard
    f.model.noteInput(InputKind::Touch);
    f.model.focusField(Field::VolunteerName);
    CHECK(f.model.keyboardShown());
    f.model.noteInput(InputKind::Keyboard);  // someone types on a real keyboard
    CHECK_FALSE(f.model.keyboardShown());
    f.model.typeText("Sofie");  // the field still has the caret
    CHECK(f.model.state().volunteersScreen.newName == "Sofie");

    Settings s = f.model.state().settings;
    s.screenKeyboard = ScreenKeyboard::Always;
    f.model.settings().set(s);
    f.model.noteInput(InputKind::Mouse);
    f.model.focusField(Field::VolunteerName);
    CHECK(f.model.keyboardShown());
    f.model.noteInput(InputKind::Keyboard);
    CHECK(f.model.keyboardShown());

    s.screenKeyboard = ScreenKeyboard::Never;
    f.model.settings().set(s);
    f.model.noteInput(InputKind::Touch);
    f.model.focusField(Field::VolunteerName);
    CHECK_FALSE(f.model.keyboardShown());

    // A platform with its own screen keyboard (Android) keeps it in automatic mode.
    s.screenKeyboard = ScreenKeyboard::Auto;
    f.model.settings().set(s);
    f.model.setPlatformKeyboard(true);
    f.model.focusField(Field::VolunteerName);
    CHECK_FALSE(f.model.keyboardShown());
  }

  TEST_CASE("the caret: typing goes where it is; control characters never; another screen lets go") {
    Flow f;
    f.model.setupDemo();
    f.model.childEditor().start();
    f.model.focusField(Field::Nickname);  // the draft changes only through the model
    f.model.typeText("Mads");
    f.model.keyboardDone();
    f.model.focusField(Field::Nickname);
    CHECK(f.model.fieldCursor() == 4);
    f.model.moveCursor(CursorMove::Left);
    f.model.moveCursor(CursorMove::Left);
    f.model.typeText("x");
    CHECK(f.model.childEditor().draft().nickname == "Maxds");
    f.model.eraseBack();
    f.model.moveCursor(CursorMove::Home);
    f.model.eraseForward();
    CHECK(f.model.childEditor().draft().nickname == "ads");
    f.model.typeText("\n\t\x1b");
    CHECK(f.model.childEditor().draft().nickname == "ads");
    f.model.moveCursor(CursorMove::End);
    f.model.typeText("æ");
    f.model.setFieldCursor(4);  // inside "æ": back to its start
    CHECK(f.model.fieldCursor() == 3);
    f.model.childEditor().cancel();
    // A typed nickname is not thrown away without asking; discarded, the field lets go.
    CHECK(f.model.state().confirm.ask == ConfirmState::Ask::DiscardChildDraft);
    f.model.confirmYes();
    CHECK(f.model.keyboardField() == Field::None);
    CHECK_FALSE(f.model.keyboardShown());
    f.model.focusField(Field::Nickname);  // not on this screen: nothing
    CHECK(f.model.keyboardField() == Field::None);
  }

  // --- The sync screen (sync_flows.cpp) --------------------------------------------------------

  // A coordinator made in the test, a device enrolled with it through the
  // set-up screen, a USB stick mounted under media/anna, and one child with a
  // finished før.
  struct SyncFlow {
    Flow f;
    fs::path coord = f.dir.path / "coord";
    fs::path media = f.dir.path / "media" / "anna";
    fs::path stick = media / "STICK";
    fs::path home = f.dir.path / "home";
    std::optional<sync::CoordinatorStore> coordinator;
    std::uint64_t receiptsWritten = 0;

    explicit SyncFlow(bool withChild = true) {
      for (const auto& d : {coord, stick, home}) fs::create_directories(d);
      sync::CoordinatorOptions o;
      o.kdf = crypto::KdfParams::testFast();
      coordinator.emplace(
          sync::CoordinatorStore::create(sync::coordinatorStorePath(coord), "Frivilligcenter Aarhus", "korrekt hest", o));
      const fs::path enrolment = sync::writeFileDurably(home, "aarhus.sporenrol", coordinator->enrolmentFile());
      f.model.setupChooseEnrolment(enrolment.string());
      f.model.setupDraft().volunteerName = "Anna";
      f.model.setupEnrol();
      f.pin("482915");
      f.pin("482915");
      REQUIRE(f.model.state().screen == Screen::Home);
      f.model.setSyncPlaces({media, f.dir.path / "no-such-mount"}, home);
      if (!withChild) return;
      store::DeviceStore& st = *f.model.store();
      const store::ChildId child = st.addChild({.details = {.nickname = "Mads", .projectId = "strom",
                                                            .interventions = {core::Intervention::Individual}}});
      st.recordConsent(child, {.givenBy = "mor", .givenOn = core::today()});
      const store::MeasurementId m =
          st.startMeasurement(child, f.model.forms().primaryChildForm(), core::Occasion::Before);
      st.answer(m, "psykisk_1", 3);
      st.finishMeasurement(m, f.model.forms());
    }
    // The coordinator imports every bundle on the stick (approving the device
    // on the way) and writes a receipt there.
    fs::path coordinatorAnswers() {
      for (const auto& e : fs::directory_iterator(stick)) {
        if (e.path().extension() != sync::kBundleExtension) continue;
        try {
          (void)coordinator->importBundleFile(e.path());
        } catch (const sync::SyncError& err) {
          REQUIRE(err.kind() == sync::SyncErrorKind::UnknownDevice);
          (void)coordinator->approveDevice(f.model.store()->device().deviceId);
          (void)coordinator->importBundleFile(e.path());
        }
      }
      const crypto::Bytes receipt = coordinator->makeReceipt(f.model.store()->device().deviceId);
      // Named by this coordinator's own count (a static one ran on across tests, and the sync
      // screen trusts the number in a receipt's name to leave out the ones applied).
      return sync::writeFileDurably(
          stick, sync::receiptFileName(sync::Uuid::parse(f.model.store()->device().deviceId), ++receiptsWritten),
          receipt);
    }
  };

  // A new-user trial reported "0 nye målinger" after importing a tablet's
  // second bundle that held a finished Før measurement. Pinned: each bundle's
  // count of new measurements, whether Før was finished before bundle 1 or
  // after it, and with or without the coordinator's receipt in between.
  TEST_CASE("import counts: a Før measurement is new once; its second bundle counts what is new in it") {
    SyncFlow t(false);
    AppModel& model = t.f.model;
    store::DeviceStore& st = *model.store();
    const store::ChildId child = st.addChild({.details = {.nickname = "Mads", .projectId = "strom",
                                                          .interventions = {core::Intervention::Individual}}});
    st.recordConsent(child, {.givenBy = "mor", .givenOn = core::today()});
    std::set<fs::path> imported;
    const auto importNew = [&]() {
      std::optional<sync::ImportResult> result;
      for (const auto& e : fs::directory_iterator(t.stick)) {
        if (e.path().extension() != sync::kBundleExtension || !imported.insert(e.path()).second) continue;
        try {
          result = t.coordinator->importBundleFile(e.path());
        } catch (const sync::SyncError& err) {
          REQUIRE(err.kind() == sync::SyncErrorKind::UnknownDevice);
          (void)t.coordinator->approveDevice(st.device().deviceId);
          result = t.coordinator->importBundleFile(e.path());
        }
      }
      REQUIRE(result.has_value());
      return *result;
    };
    model.openSync();
    model.syncChooseFolder(t.stick.string());
    const store::MeasurementId before = st.startMeasurement(child, model.forms().primaryChildForm(), core::Occasion::Before);
    st.answer(before, "psykisk_1", 3);
    SUBCASE("Før finished before bundle 1; bundle 2 holds it again (no receipt) and an Efter") {
      st.finishMeasurement(before, model.forms());
      model.syncExport();
      const sync::ImportResult first = importNew();
      CHECK(first.newMeasurements == 1);
      const store::MeasurementId after = st.startMeasurement(child, model.forms().primaryChildForm(), core::Occasion::After);
      st.answer(after, "psykisk_1", 2);
      st.finishMeasurement(after, model.forms());
      model.syncExport();
      REQUIRE(model.state().sync.lastBundle == 2);
      const sync::ImportResult second = importNew();
      CHECK(second.newMeasurements == 1);        // Efter
      CHECK(second.duplicateMeasurements == 1);  // Før again: "allerede modtaget"
    }
    SUBCASE("Før in progress at bundle 1, finished before bundle 2") {
      model.syncExport();
      const sync::ImportResult first = importNew();
      CHECK(first.newMeasurements == 0);  // started, not finished: not yet a measurement
      st.finishMeasurement(before, model.forms());
      model.syncExport();
      REQUIRE(model.state().sync.lastBundle == 2);
      const sync::ImportResult second = importNew();
      CHECK(second.newMeasurements == 1);
    }
  }

  // A new-user trial: the sync screen forgot a typed folder between visits.
  TEST_CASE("the sync screen keeps a typed folder between visits and across the idle lock") {
    SyncFlow t;
    AppModel& model = t.f.model;
    model.openSync();
    const std::string typed = (t.f.dir.path / "typed-folder").string();
    fs::create_directories(typed);
    model.syncDraft().folder = typed;
    model.goHome();
    model.openSync();
    CHECK(model.syncDraft().folder == typed);
    model.lockNow();
    t.f.pin("482915");
    model.goHome();
    model.openSync();
    CHECK(model.syncDraft().folder == typed);
    model.syncExport();
    CHECK(model.state().error.empty());
    model.goHome();
    model.openSync();
    CHECK(model.syncDraft().folder == typed);
  }

  TEST_CASE("retention: a receipt deletes the confirmed questionnaires older than the setting and nothing else") {
    SyncFlow t;
    AppModel& model = t.f.model;
    model.openSync();
    model.syncChooseFolder(t.stick.string());
    model.syncExport();
    REQUIRE(model.state().sync.lastBundle == 1);
    const fs::path first = t.coordinatorAnswers();
    const store::ChildId mads = model.store()->findChild(model.store()->children().front().code)->id;
    REQUIRE(model.store()->measurements(mads).size() == 1);

    // Kept by default: the receipt applies, the questionnaire stays.
    CHECK(model.state().settings.purgeAfterDays == 0);
    model.syncOpenFile(first.string());
    REQUIRE(model.state().error.empty());
    CHECK(model.store()->measurements(mads).size() == 1);
    CHECK(model.state().notice.find("slettet") == std::string::npos);

    // 30 days: a second questionnaire is finished today, then 40 days pass.
    Settings set = model.state().settings;
    set.purgeAfterDays = 30;
    model.settings().set(set);
    {
      store::DeviceStore& st = *model.store();
      const store::MeasurementId m = st.startMeasurement(mads, model.forms().primaryChildForm(), core::Occasion::After);
      st.answer(m, "psykisk_1", 2);
      st.finishMeasurement(m, model.forms());
    }
    model.syncExport();
    REQUIRE(model.state().sync.lastBundle == 2);
    const fs::path second = t.coordinatorAnswers();
    struct Ahead {
      Ahead() { gStoreClockAhead = std::chrono::hours(24 * 40); }
      ~Ahead() { gStoreClockAhead = std::chrono::hours(0); }
    } ahead;
    model.syncOpenFile(second.string());
    INFO(model.state().error);
    REQUIRE(model.state().error.empty());
    CHECK(model.state().notice.find("2 spørgeskemaer og 0 skemaer fra før de seneste 30 dage er slettet fra "
                                    "tabletten; koordinatoren har dem.") != std::string::npos);
    CHECK(model.store()->measurements(mads).empty());
    // The child and its checklist stay: both were taken.
    CHECK(model.store()->findChild(model.store()->children().front().code).has_value());
    const auto history = model.store()->history(mads);
    CHECK(history.measurements.size() == 2);
    // The setting is kept across a restart of the app.
    AppModel again{forms(), t.f.clock};
    again.openDataDir(t.f.dir.path, fast());
    CHECK(again.state().settings.purgeAfterDays == 30);
  }

  // A new user's trial: a freshly enrolled tablet's sync screen said "Alt er
  // sendt …" though nothing was ever sent, and "Gem pakke" refused, so the
  // coordinator never got the first bundle it approves the tablet from.
  TEST_CASE("sync screen: a freshly enrolled tablet saves a first bundle with no data") {
    SyncFlow t(false);
    AppModel& model = t.f.model;
    model.openSync();
    REQUIRE(model.state().screen == Screen::Sync);
    CHECK(model.state().sync.pendingRecords == 0);
    CHECK(syncPendingText(model.state().sync, core::Lang::Da) ==
          "Ingen data endnu. Gem en første pakke, så koordinatoren kan godkende tabletten.");
    model.syncChooseFolder(t.stick.string());
    model.syncExport();
    INFO(model.state().error);
    REQUIRE(model.state().error.empty());
    CHECK(model.state().notice.find("Pakke nr. 1 er gemt som spor-") != std::string::npos);
    CHECK(model.state().notice.find("ingen data endnu") != std::string::npos);
    CHECK(model.state().sync.lastBundle == 1);
    CHECK(syncPendingText(model.state().sync, core::Lang::Da) ==
          "Ingen nye data. Koordinatoren har ikke sendt en kvittering for pakke nr. 1 endnu.");
    CHECK(syncStatusTitle(model.state().sync, core::Lang::Da) == "Venter på koordinatoren");
    // The coordinator lists the tablet from it, approves it and answers.
    const fs::path receipt = t.coordinatorAnswers();
    REQUIRE(t.coordinator->devices().size() == 1);
    model.openSync();
    model.syncOpenFile(receipt.string());
    REQUIRE(model.state().error.empty());
    CHECK(syncPendingText(model.state().sync, core::Lang::Da) == "Alt er sendt, og koordinatoren har bekræftet det.");
    CHECK(syncStatusTitle(model.state().sync, core::Lang::Da) == "Alt er afleveret");
    model.syncExport();
    CHECK(model.state().notice == "Der er intet at sende: koordinatoren har bekræftet alt.");
  }

  TEST_CASE("sync screen: what waits, the places to save to, a bundle, a receipt") {
    SyncFlow t;
    AppModel& model = t.f.model;
    model.openSync();
    REQUIRE(model.state().screen == Screen::Sync);
    const SyncState& s = model.state().sync;
    CHECK(s.enrolled);
    CHECK(s.pendingMeasurements == 1);
    CHECK(s.pendingChildren == 1);
    CHECK(s.pendingConsents == 1);
    CHECK(s.pendingRecords >= 4);
    // The total is the sum of the parts shown (a new-user trial read "(22
    // poster i alt)" beside parts that made 3: every answer was a record).
    CHECK(syncPendingText(s, core::Lang::Da) == "Ikke bekræftet endnu: 1 måling, 1 barn, 1 samtykke (3 i alt).");
    {  // A child erased on the device: its deletion is named too.
      SyncState erased;
      erased.pendingRecords = 3;
      erased.pendingDeletedChildren = 1;
      CHECK(syncPendingText(erased, core::Lang::Da) == "Ikke bekræftet endnu: sletning af 1 barn.");
      SyncState other;
      other.pendingRecords = 2;  // nothing of a listed kind: no number that explains nothing
      CHECK(syncPendingText(other, core::Lang::Da) ==
            "Ikke bekræftet endnu: ændringer, som koordinatoren ikke har fået.");
      erased.pendingDeletedChildren = 2;
      CHECK(syncPendingText(erased, core::Lang::En).find("deletion of 2 children") != std::string::npos);
    }
    CHECK(s.lastBundle == 0);
    CHECK(s.lastReceipt == 0);
    CHECK(s.formsVersion == 0);
    // The stick, the home folder, the outbox; the missing mount folder is skipped.
    REQUIRE(s.folders == std::vector<std::string>{t.stick.string(), t.home.string(),
                                                  (t.f.dir.path / "outbox").string()});
    // Each by its whole path, a USB stick marked as one (a new user's trial read bare "sandboxing" and "home").
    CHECK(s.folderLabels == std::vector<std::string>{"USB-stik: " + t.stick.string(), "Hjemmemappe: " + t.home.string(),
                                                     "Udbakke på enheden: " + (t.f.dir.path / "outbox").string()});
    CHECK(s.folder == t.stick.string());  // the first stick is the likely place
    CHECK(s.receipts.empty());

    // A folder that does not exist: the sync layer's message, nothing written, no number used.
    model.syncDraft().folder = (t.f.dir.path / "gone").string();
    model.syncExport();
    CHECK(model.state().error.find("mappen findes ikke (sidder USB-stikket i?). Intet er skrevet.") !=
          std::string::npos);
    CHECK(englishWords(model.state().error).empty());
    CHECK(model.state().sync.lastBundle == 0);
    CHECK(model.state().sync.pendingMeasurements == 1);
    model.syncDraft().folder = "  ";
    model.syncExport();
    CHECK(model.state().error == "Vælg en mappe, eller skriv stien til en.");

    model.syncChooseFolder(t.stick.string());
    model.syncExport();
    INFO(model.state().error);
    REQUIRE(model.state().error.empty());
    CHECK(model.state().notice.find("Pakke nr. 1 med 1 måling er gemt som spor-") != std::string::npos);
    CHECK(model.state().sync.lastBundle == 1);
    CHECK(model.state().sync.lastExportAt.has_value());
    CHECK(model.state().sync.pendingMeasurements == 1);  // sent, not yet confirmed

    const fs::path receipt = t.coordinatorAnswers();
    // What the coordinator compares before approving is what the tablet shows (settings, enrolment).
    REQUIRE(t.coordinator->devices().size() == 1);
    CHECK(t.coordinator->devices()[0].fingerprint == model.state().deviceKey);
    model.openSync();
    REQUIRE(model.state().sync.receipts == std::vector<std::string>{receipt.string()});
    model.syncOpenFile(receipt.string());
    INFO(model.state().error);
    REQUIRE(model.state().error.empty());
    CHECK(model.state().notice.find("Kvittering nr. 1 er indlæst") != std::string::npos);
    CHECK(model.state().sync.lastReceipt == 1);
    CHECK(model.state().sync.pendingRecords == 0);
    CHECK(model.state().sync.pendingMeasurements == 0);
    // An applied receipt is no longer offered, nor another tablet's on the
    // same stick; a file named otherwise still is (it is checked when tapped).
    const fs::path others = t.stick / sync::receiptFileName(sync::Uuid::random(), 1);
    const fs::path renamed = t.stick / "kvittering.sporreceipt";
    fs::copy_file(receipt, others);
    fs::copy_file(receipt, renamed);
    model.openSync();
    std::string offered;
    for (const std::string& r : model.state().sync.receipts) offered += r + "\n";
    INFO("offered:\n" << offered);
    CHECK(model.state().sync.receipts == std::vector<std::string>{renamed.string()});
    fs::remove(others);
    fs::remove(renamed);

    // The same receipt again: replayed, refused, nothing changes.
    model.syncOpenFile(receipt.string());
    CHECK(model.state().error.find("(nummer 1) er allerede brugt på denne tablet. Intet er ændret. Bed koordinatoren "
                                   "om en ny kvittering") != std::string::npos);
    {  // (the file's own name says "receipt")
      std::string said = model.state().error;
      said.erase(said.find(receipt.string()), receipt.string().size());
      CHECK(englishWords(said).empty());  // nor a command-line tool
    }
    CHECK(model.state().sync.lastReceipt == 1);
    // Nothing new: nothing to send, no number used.
    model.syncExport();
    CHECK(model.state().notice == "Der er intet at sende: koordinatoren har bekræftet alt.");
    CHECK(model.store()->syncStatus().nextSequence == 2);
    // Not a receipt or a package.
    model.syncOpenFile((t.stick / "notes.txt").string());
    CHECK(model.state().error.find("hverken en kvittering") != std::string::npos);
    model.goHome();
    CHECK(model.state().screen == Screen::Home);
  }

  TEST_CASE("sync screen: a USB stick is chosen by itself; a folder under /mnt is offered but never chosen") {
    SyncFlow t;
    AppModel& model = t.f.model;
    const fs::path mnt = t.f.dir.path / "mnt";
    fs::create_directories(mnt / "wsl");
    SUBCASE("a stick and /mnt: the stick") {
      model.setSyncPlaces({t.media}, t.home, {mnt});
      model.openSync();
      CHECK(model.state().sync.folder == t.stick.string());
      CHECK(model.state().sync.folders.at(1) == (mnt / "wsl").string());  // after the stick
    }
    SUBCASE("no stick: the home folder, never /mnt's folder (it is there to tap)") {
      fs::remove_all(t.stick);
      model.setSyncPlaces({t.media}, t.home, {mnt});
      model.openSync();
      CHECK(model.state().sync.folder == t.home.string());
      CHECK(model.state().sync.folders.front() == (mnt / "wsl").string());
    }
  }

  TEST_CASE("sync screen: a folder that cannot be written to changes nothing") {
    // (A full disk during the write is sync/file_io's: tests/sync cover it.)
    SyncFlow t;
    AppModel& model = t.f.model;
    model.openSync();
    // A file where the folder should be: the write fails for root as for anyone.
    const fs::path blocked = t.f.dir.path / "blocked";
    std::ofstream(blocked) << "not a folder";
    model.syncDraft().folder = blocked.string();
    model.syncExport();
    CHECK_FALSE(model.state().error.empty());
    CHECK(model.state().sync.lastBundle == 0);
    CHECK(model.state().sync.pendingMeasurements == 1);
    CHECK(model.store()->syncStatus().nextSequence == 1);
  }

  TEST_CASE("sync screen: a form package that changes a paused questionnaire's form is refused and says what to do") {
    SyncFlow t;
    AppModel& model = t.f.model;
    const fs::path edited = t.f.dir.path / "forms-edited";
    spor::support::copyFormsWithVersion(SPOR_TEST_FORMS_DIR, edited, "child/barn.json", 7);
    const fs::path package = sync::writeFileDurably(t.stick, "spor-forms-v1.sporforms",
                                                    t.coordinator->publishForms(edited, "Nyt barneskema"));
    // Mads's "Efter" questionnaire, started with barn version 1 and paused.
    store::DeviceStore& st = *model.store();
    const store::Child mads = st.children().front();
    const store::MeasurementId m = st.startMeasurement(mads.id, model.forms().primaryChildForm(), core::Occasion::After);
    st.answer(m, model.forms().primaryChildForm().items[0].id, 3);
    st.pause(m);

    model.openSync();
    model.syncOpenFile(package.string());
    CHECK(model.state().error.find("Skemapakken er ikke installeret") != std::string::npos);
    CHECK(model.state().error.find(mads.code + " Efter") != std::string::npos);
    CHECK(model.state().error.find("tryk „Opgiv“ på barnets side") != std::string::npos);
    CHECK(model.state().notice.empty());
    CHECK(model.state().sync.formsVersion == 0);
    CHECK_FALSE(fs::exists(t.f.dir.path / "forms"));
    CHECK(model.forms().primaryChildForm().version == 1);
    CHECK(st.measurement(m).state == store::ResponseState::Paused);

    // Abandoned ("Opgiv"): the package installs.
    st.abandon(m);
    model.syncOpenFile(package.string());
    INFO(model.state().error);
    CHECK(model.state().error.empty());
    CHECK(model.state().sync.formsVersion == 1);
    CHECK(model.forms().primaryChildForm().version == 7);
  }

  TEST_CASE("sync screen: form packages, ours installed and used, another coordinator's refused") {
    SyncFlow t;
    AppModel& model = t.f.model;
    // A package from another coordinator: refused, nothing installed.
    {
      sync::CoordinatorOptions o;
      o.kdf = crypto::KdfParams::testFast();
      const fs::path other = t.f.dir.path / "other";
      fs::create_directories(other);
      sync::CoordinatorStore stranger =
          sync::CoordinatorStore::create(sync::coordinatorStorePath(other), "Et andet center", "korrekt hest", o);
      fs::create_directories(t.stick / "other");
      (void)sync::writeFileDurably(t.stick / "other", "spor-forms-v1.sporforms",
                                   stranger.publishForms(SPOR_TEST_FORMS_DIR, "fremmed"));
    }
    // Ours, with the child form at a new version.
    const fs::path edited = t.f.dir.path / "forms-edited";
    spor::support::copyFormsWithVersion(SPOR_TEST_FORMS_DIR, edited, "child/barn.json", 7);
    const fs::path ours = sync::writeFileDurably(t.stick, "spor-forms-v1.sporforms",
                                                 t.coordinator->publishForms(edited, "Nyt barneskema"));
    model.openSync();
    REQUIRE(model.state().sync.packages.size() == 2);
    CHECK(model.forms().primaryChildForm().version == 1);

    model.syncOpenFile((t.stick / "other" / "spor-forms-v1.sporforms").string());
    CHECK_FALSE(model.state().error.empty());
    CHECK(model.state().sync.formsVersion == 0);
    CHECK_FALSE(fs::exists(t.f.dir.path / "forms"));
    CHECK(model.forms().primaryChildForm().version == 1);

    model.syncOpenFile(ours.string());
    INFO(model.state().error);
    REQUIRE(model.state().error.empty());
    CHECK(model.state().notice.find("version 1 er installeret") != std::string::npos);
    CHECK(model.state().sync.formsVersion == 1);
    CHECK(model.forms().primaryChildForm().version == 7);
    // The same package again: already installed, nothing changes.
    model.syncOpenFile(ours.string());
    CHECK_FALSE(model.state().error.empty());
    CHECK(model.state().sync.formsVersion == 1);

    // A new measurement is taken with version 7; the one before keeps version 1.
    store::DeviceStore& st = *model.store();
    const store::Child mads = st.children().front();
    const store::MeasurementId m = st.startMeasurement(mads.id, model.forms().primaryChildForm(), core::Occasion::After);
    const auto ms = st.measurements(mads.id);
    REQUIRE(ms.size() == 2);
    CHECK(ms[0].formVersion == 1);
    CHECK(st.measurement(m).formVersion == 7);

    // The app started again uses the installed package, read back from its signed copy.
    model.lockNow();
    {
      AppModel again{forms(), t.f.clock};
      again.openDataDir(t.f.dir.path, fast());
      CHECK(again.forms().primaryChildForm().version == 7);
      CHECK(again.state().sync.formsVersion == 1);
    }
    // A form file changed on disk after the install is never used: the signed
    // copy is what is read, so the change has no effect.
    {
      std::ofstream(t.f.dir.path / "forms" / "child" / "barn.json") << "{ broken";
      AppModel again{forms(), t.f.clock};
      again.openDataDir(t.f.dir.path, fast());
      CHECK(again.forms().primaryChildForm().version == 7);
    }
    // The signed copy changed: the bundled forms are used, and the volunteer is told why.
    {
      const fs::path kept = t.f.dir.path / "forms" / sync::kInstalledPackageFile;
      crypto::Bytes bytes = sync::readFileCapped(kept, 64ULL << 20, Msg::FileFormPackage);
      bytes[bytes.size() / 2] ^= 1;
      fs::remove(kept);
      (void)sync::writeFileDurably(kept.parent_path(), kept.filename().string(), bytes);
      AppModel again{forms(), t.f.clock};
      again.openDataDir(t.f.dir.path, fast());
      CHECK(again.forms().primaryChildForm().version == 1);
      CHECK(again.state().sync.formsVersion == 0);
      CHECK_FALSE(again.state().sync.formsProblem.empty());
    }
  }

  TEST_CASE("sync screen: a demo device has no one to send to") {
    Flow f;
    f.model.setupDemo();
    f.model.openSync();
    REQUIRE(f.model.state().screen == Screen::Sync);
    CHECK_FALSE(f.model.state().sync.enrolled);
    f.model.syncExport();
    INFO(f.model.state().error);
    CHECK(f.model.state().error.find("not enrolled") != std::string::npos);
  }

  // --- Consent withdrawal, erasure, abandoning, other volunteers (child_data_flows.cpp) ---

  TEST_CASE("withdrawing consent: confirmed and recorded today and the consent gate says why") {
    Flow f;
    f.model.setupDemo();
    const auto alma = f.child("Alma").child.id;
    f.model.openChild(alma);
    f.model.askWithdrawConsent();
    REQUIRE(f.model.state().confirm.ask == ConfirmState::Ask::WithdrawConsent);
    CHECK(f.model.state().confirm.title == "Har forældrene trukket samtykket tilbage for Alma?");
    SUBCASE("cancelled: nothing changes") {
      f.model.confirmNo();
      CHECK(f.model.state().confirm.ask == ConfirmState::Ask::None);
      CHECK(f.model.store()->hasConsent(alma));
    }
    SUBCASE("leaving the screen forgets the question") {
      f.model.goHome();
      CHECK(f.model.state().confirm.ask == ConfirmState::Ask::None);
      CHECK(f.model.store()->hasConsent(alma));
    }
    SUBCASE("confirmed") {
      f.model.confirmYes();
      CHECK(f.model.state().error == "");
      CHECK(f.model.state().notice == "Samtykket er trukket tilbage. Der kan ikke startes nye målinger.");
      CHECK_FALSE(f.model.store()->hasConsent(alma));
      const auto consents = f.model.store()->consents(alma);
      REQUIRE(consents.size() == 1);
      CHECK(consents[0].withdrawnOn == core::today());
      CHECK(f.model.state().detail->consentWithdrawnOn() == core::today());
      CHECK(f.child("Alma").consentWithdrawn);        // the home screen's card says so too
      CHECK_FALSE(f.child("Noah").consentWithdrawn);  // never had consent: "Mangler samtykke"
      CHECK(f.due(core::Task::Before).state == core::DueState::NoConsent);
      CHECK_FALSE(f.due(core::Task::Before).canStart());
      // A start anyway (a stale button) is refused with the reason, and nothing is started.
      f.model.startTask(core::Task::Before);
      CHECK(f.model.state().error ==
            "Forældrene har trukket samtykket tilbage, så der kan ikke startes nye målinger med Alma.");
      CHECK(f.model.state().screen == Screen::ChildDetail);
      CHECK(f.model.store()->measurements(alma).empty());
      // Nothing left to withdraw: no question is asked.
      f.model.askWithdrawConsent();
      CHECK(f.model.state().confirm.ask == ConfirmState::Ask::None);
      // Consent given again (under "Ret oplysninger") opens the gate again.
      f.model.childEditor().edit();
      CHECK_FALSE(f.model.childEditor().draft().hadConsent);
      f.model.childEditor().consentGiven(true);
      f.model.childEditor().consentBy("far");
      f.model.childEditor().save();
      CHECK_FALSE(f.model.state().detail->consentWithdrawnOn());
      CHECK(f.model.store()->hasConsent(alma));
    }
  }

  // A new-user trial: a resumed measurement greeted the child "Hej …! Start" as if it began again.
  TEST_CASE("the hand-over of a resumed measurement says the child continues") {
    Flow f;
    f.model.setupDemo();
    const auto alma = f.child("Alma").child;
    f.model.openChild(alma.id);
    f.model.startTask(core::Task::Before);
    REQUIRE(f.model.state().screen == Screen::HandOver);
    CHECK_FALSE(f.model.state().handOverResumed);  // a new one: "Start"
    f.model.childMode().start();
    f.answer(3);
    f.model.childMode().pause();
    f.model.lock().ask(PinPurpose::LeaveChildMode);
    f.pin(kDemoPin);
    REQUIRE(f.model.state().screen == Screen::ChildDetail);
    f.model.startTask(core::Task::Before);
    REQUIRE(f.model.state().screen == Screen::HandOver);
    CHECK(f.model.state().handOverResumed);  // "Fortsæt"
    CHECK(std::string(tr(Word::HandOverContinue, core::Lang::Da)) == "Fortsæt");
  }

  TEST_CASE("deleting a child's data: two confirmations naming the child and then nothing of it is left") {
    Flow f;
    f.model.setupDemo();
    const auto alma = f.child("Alma").child;
    f.model.openChild(alma.id);
    f.model.startTask(core::Task::Before);  // something measured, to be deleted too
    f.model.childMode().start();
    f.answer(3);
    f.model.childMode().pause();
    f.model.lock().ask(PinPurpose::LeaveChildMode);
    f.pin(kDemoPin);
    REQUIRE(f.model.state().screen == Screen::ChildDetail);

    f.model.askDeleteChild();
    const ConfirmState& q = f.model.state().confirm;
    REQUIRE(q.ask == ConfirmState::Ask::DeleteChild);
    CHECK(q.title == "Slet alle data om Alma (" + alma.code + ")?");
    CHECK(q.body.find("Det kan ikke fortrydes.") != std::string::npos);
    CHECK(q.body.find("Koordinatorens kopi slettes ved næste synkronisering.") != std::string::npos);
    SUBCASE("cancelled at the first or the second question: nothing is deleted") {
      f.model.confirmNo();
      CHECK(f.model.store()->findChild(alma.code));
      f.model.askDeleteChild();
      f.model.confirmYes();
      REQUIRE(f.model.state().confirm.ask == ConfirmState::Ask::DeleteChildFinal);
      f.model.confirmNo();
      CHECK(f.model.store()->findChild(alma.code));
      CHECK(f.model.state().screen == Screen::ChildDetail);
    }
    SUBCASE("both confirmed: the child and all of its data are gone, tombstones stay") {
      f.model.confirmYes();
      REQUIRE(f.model.state().confirm.ask == ConfirmState::Ask::DeleteChildFinal);
      CHECK(f.model.state().confirm.body ==
            "Alma (" + alma.code + ") og alt om barnet slettes nu. Det kan ikke fortrydes.");
      CHECK(f.model.state().confirm.yes == "Slet Alma for altid");
      f.model.confirmYes();
      CHECK(f.model.state().error == "");
      CHECK(f.model.state().screen == Screen::Home);
      CHECK(f.model.state().notice ==
            "Alma (" + alma.code + ") er slettet. Koordinatorens kopi slettes ved næste synkronisering.");
      REQUIRE(f.model.state().children.size() == 1);
      CHECK(f.model.state().children[0].name == "Noah");
      CHECK_FALSE(f.model.store()->findChild(alma.code));
      CHECK(f.model.store()->unfinishedMeasurements().empty());
      const auto counts = f.model.store()->counts();
      CHECK(counts.measurements == 0);
      CHECK(counts.answers == 0);
      CHECK(counts.consents == 0);  // Noah has none
      for (const auto& t : f.model.store()->tombstones()) {
        CHECK(t.deleted);
        CHECK(t.childUuid == alma.uuid);
      }
      CHECK(f.model.store()->syncStatus().unacknowledgedRecords > 0);  // the deletion waits for the next bundle
      // The paused measurement is not offered again after the next unlock.
      f.model.lockNow();
      f.pin(kDemoPin);
      CHECK(f.model.state().screen == Screen::Home);
      CHECK(f.model.state().error == "");
    }
  }

  TEST_CASE("abandoning a paused questionnaire: confirmed and not counted and the occasion is offered again") {
    Flow f;
    f.model.setupDemo();
    const auto alma = f.child("Alma").child.id;
    f.model.openChild(alma);
    // Nothing under way: nothing to abandon.
    f.model.askAbandon(core::Task::Before);
    CHECK(f.model.state().confirm.ask == ConfirmState::Ask::None);
    f.model.startTask(core::Task::Before);
    f.model.childMode().start();
    f.answer(2);
    f.answer(3);
    f.model.childMode().pause();
    f.model.lock().ask(PinPurpose::LeaveChildMode);
    f.pin(kDemoPin);
    REQUIRE(f.due(core::Task::Before).state == core::DueState::InProgress);
    f.model.askAbandon(core::Task::Before);
    REQUIRE(f.model.state().confirm.ask == ConfirmState::Ask::AbandonMeasurement);
    CHECK(f.model.state().confirm.title == "Opgiv målingen Før for Alma?");
    f.model.confirmNo();
    CHECK(f.due(core::Task::Before).state == core::DueState::InProgress);
    f.model.askAbandon(core::Task::Before);
    f.model.confirmYes();
    CHECK(f.model.state().notice == "Målingen Før er opgivet. Den kan tages forfra.");
    const auto ms = f.model.store()->measurements(alma);
    REQUIRE(ms.size() == 1);
    CHECK(ms[0].state == store::ResponseState::Abandoned);
    CHECK(f.due(core::Task::Before).state == core::DueState::DueNow);
    CHECK(f.model.state().detail->chart.empty());
    f.model.lockNow();
    f.pin(kDemoPin);
    CHECK(f.model.state().screen == Screen::Home);  // not back into the abandoned one
    f.model.openChild(alma);
    // Taken again: a new measurement from the first item.
    f.model.startTask(core::Task::Before);
    f.model.childMode().start();
    CHECK(f.model.childMode().currentItem().number == 1);
    CHECK(f.model.store()->measurements(alma).size() == 2);
  }

  TEST_CASE(
      "volunteers: a colleague's new PIN typed twice with weak PINs refused and removing one but never the last") {
    Flow f;
    f.model.setupDemo();
    f.model.volunteersPart().open();
    const auto demo = f.model.volunteers().at(0).id;
    // Alone: the last volunteer cannot be removed, and nothing is asked.
    f.model.volunteersPart().askRemove(demo);
    CHECK(f.model.state().confirm.ask == ConfirmState::Ask::None);
    CHECK(f.model.state().error ==
          "Demo er den eneste frivillige og kan ikke fjernes. Tilføj en anden frivillig først.");
    f.model.volunteersPart().name("Sofie");
    f.model.volunteersPart().addStart();
    f.pin("482915");
    f.pin("482915");
    const auto sofie = f.model.store()->findVolunteer("Sofie")->id;

    // Sofie forgot her PIN: Demo gives her a new one.
    f.model.volunteersPart().resetPinStart(sofie);
    REQUIRE(f.model.state().screen == Screen::PinPad);
    CHECK(f.model.state().pin.purpose == PinPurpose::NewPin);
    CHECK(f.model.state().pin.flow.goal == PinFlow::Goal::ResetPin);
    f.pin("731904");
    f.pin("731905");
    CHECK(f.model.state().pin.notice == PinNotice::Mismatch);
    f.pin("111111");  // weak: refused at once, by the store's rule, as when adding a volunteer
    CHECK(f.model.state().pin.notice == PinNotice::Weak);
    CHECK(f.model.state().pin.purpose == PinPurpose::NewPin);
    CHECK(f.model.state().pin.weakReason.find("det samme ciffer") != std::string::npos);
    f.pin("731904");
    f.pin("731904");
    CHECK(f.model.state().error == "");
    CHECK(f.model.state().notice == "Sofie har fået en ny PIN-kode. Giv Sofie den, så ingen andre ser den.");
    CHECK(f.model.state().volunteer == kDemoVolunteer);  // still Demo at the tablet
    f.model.lockNow();
    f.model.lock().chooseVolunteer(sofie);
    f.pin("482915");
    CHECK(f.model.state().pin.notice == PinNotice::Wrong);
    f.pin("731904");
    CHECK(f.model.state().screen == Screen::Home);
    CHECK(f.model.state().volunteer == "Sofie");

    SUBCASE("removing a colleague") {
      f.model.volunteersPart().open();
      f.model.volunteersPart().askRemove(demo);
      REQUIRE(f.model.state().confirm.ask == ConfirmState::Ask::RemoveVolunteer);
      CHECK(f.model.state().confirm.title == "Fjern Demo?");
      f.model.confirmYes();
      CHECK(f.model.state().notice == "Demo er fjernet og kan ikke længere låse op.");
      REQUIRE(f.model.volunteers().size() == 1);
      CHECK(f.model.volunteers()[0].name == "Sofie");
      CHECK(f.model.state().screen == Screen::Volunteers);
      CHECK(f.model.store()->unlocked());
      // Now Sofie is the last one.
      f.model.volunteersPart().askRemove(sofie);
      CHECK(f.model.state().confirm.ask == ConfirmState::Ask::None);
      CHECK(f.model.volunteers().size() == 1);
    }
    SUBCASE("removing yourself while another exists: signed out at once") {
      f.model.volunteersPart().open();
      f.model.volunteersPart().askRemove(sofie);
      REQUIRE(f.model.state().confirm.ask == ConfirmState::Ask::RemoveVolunteer);
      CHECK(f.model.state().confirm.body.find("du bliver logget ud med det samme") != std::string::npos);
      f.model.confirmYes();
      CHECK(f.model.state().screen == Screen::PinPad);
      CHECK(f.model.state().pin.purpose == PinPurpose::Unlock);
      CHECK_FALSE(f.model.store()->unlocked());
      REQUIRE(f.model.volunteers().size() == 1);
      f.pin(kDemoPin);
      CHECK(f.model.state().screen == Screen::Home);
    }
  }

  TEST_CASE(
      "the background form starts with the birth year and gender and intervention from the child's record and they stay editable") {
    Flow f;
    f.model.setupDemo();
    const auto noah = f.child("Noah").child.id;
    f.model.openChild(noah);
    f.model.childEditor().edit();
    f.model.childEditor().consentGiven(true);
    f.model.childEditor().consentBy("mor");
    f.model.childEditor().save();
    f.model.startTask(core::Task::Background);
    REQUIRE(f.model.state().screen == Screen::BackgroundForm);
    CHECK(f.model.state().notice ==
          "Fødselsår, køn og indsats er udfyldt fra barnets oplysninger. Ret dem, hvis de er forkerte.");
    CHECK(f.model.formRunner().question()->id == "birth_year");  // starts at the top, to be seen
    CHECK(f.model.formRunner().otherText() == "2011");
    auto stored = f.model.store()->backgrounds(noah).at(0).answers;
    REQUIRE(stored.size() == 3);
    CHECK(stored[0].value.number == 2011);
    CHECK(stored[1].value.codes == std::vector<int>{2});  // Dreng
    // The intervention types registered for the child (a new-user trial: not pre-filled).
    std::vector<int> registered;
    for (const core::Intervention i : f.model.store()->child(noah).details.interventions)
      registered.push_back(i == core::Intervention::Individual ? 1 : i == core::Intervention::Group ? 2 : 3);
    std::sort(registered.begin(), registered.end());
    REQUIRE_FALSE(registered.empty());
    CHECK(stored[2].questionId == "interventions");
    CHECK(stored[2].value.codes == registered);
    // Changed by the volunteer: the new value is stored.
    f.model.formRunner().otherText() = "2012";
    f.model.formRunner().next();
    CHECK(f.model.formRunner().question()->id == "gender");
    f.model.formRunner().answer({{3}, std::nullopt, {}, false});
    stored = f.model.store()->backgrounds(noah).at(0).answers;
    CHECK(stored[0].value.number == 2012);
    CHECK(stored[1].value.codes == std::vector<int>{3});
    // Left and resumed: no second pre-fill over the volunteer's answers.
    while (f.model.state().screen == Screen::BackgroundForm) f.model.formRunner().back();
    f.model.startTask(core::Task::Background);
    CHECK(f.model.formRunner().question()->id == "nationality");
    CHECK(f.model.store()->backgrounds(noah).at(0).answers[0].value.number == 2012);
  }
}
