// The real app, offscreen, through the whole flow
// (scripts/full_flow.spor), then the answers read back from its store; and
// the one clock (a script's `today`) seen on screen and in the store.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include <doctest/doctest.h>

#include "core/date.hpp"
#include "store/device_store.hpp"
#include "ui/model/app_model.hpp"

using namespace spor;
using spor::ui::kDemoPin;
using spor::ui::kDemoVolunteer;
namespace fs = std::filesystem;

TEST_SUITE("ui") {
  TEST_CASE("the full UI flow: the app's answers are in its store") {
    const fs::path build = SPOR_TEST_BUILD_DIR;
    const fs::path data = build / "data-full-flow";
    fs::remove_all(data);
    const std::string command =
        "cd '" + build.string() + "' && SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software SDL_AUDIODRIVER=dummy '" +
        SPOR_BINARY + "' --data-dir '" + data.string() + "' --script '" + SPOR_TEST_SCRIPTS_DIR +
        "/full_flow.spor' 2> '" + (build / "full_flow.log").string() + "'";
    const int rc = std::system(command.c_str());
    if (rc != 0) {
      std::ifstream log(build / "full_flow.log");
      std::ostringstream all;
      all << log.rdbuf();
      FAIL("spor --script full_flow.spor failed: " << all.str());
    }
    for (const char* shot :
         {"01-setup", "02-home", "03-new-child", "04-child", "05-background", "06-hand-over", "07-question",
          "08-paused", "09-thanks", "10-child-after", "11-child-in-progress", "12-question-reversed", "13-safeguarding",
          "14-fidelity", "15-settings", "16-settings-large-text", "17-volunteers", "18-lock"})
      CHECK_MESSAGE(fs::file_size(build / "screenshots" / "full" / (std::string(shot) + ".png")) > 10'000, shot);

    store::DeviceStore st = store::DeviceStore::open(store::deviceStorePath(data));
    CHECK(st.device().demo);
    REQUIRE(st.findVolunteer("Sofie"));  // added in the run, and who unlocked last
    st.unlock(st.findVolunteer("Sofie")->id, "482915");

    std::map<std::string, store::Child> children;
    for (const auto& c : st.children()) children[c.details.nickname.value_or(c.code)] = c;
    REQUIRE(children.count("Maja"));
    REQUIRE(children.count("Alma"));
    const store::Child& maja = children["Maja"];
    CHECK(maja.details.projectId == "strom");
    CHECK(maja.details.birthYear == 2014);
    CHECK(maja.details.gender == store::Gender::Girl);
    REQUIRE(st.consents(maja.id).size() == 1);
    CHECK(st.consents(maja.id)[0].givenBy == "mor");

    // Maja's background form: the year, "Pige", then the question's own
    // "Ved ikke" (code 9) where it has one, else "vil ikke oplyse".
    const auto bgs = st.backgrounds(maja.id);
    REQUIRE(bgs.size() == 1);
    CHECK(bgs[0].state == store::ResponseState::Finished);
    REQUIRE(bgs[0].answers.size() == 16);
    CHECK(bgs[0].answers[0].value.number == 2014);
    CHECK(bgs[0].answers[1].value.codes == std::vector<int>{1});
    // Pre-filled with them when the form started: the intervention types from the record (STRØM: individual).
    CHECK(bgs[0].answers[2].questionId == "interventions");
    CHECK(bgs[0].answers[2].value.codes == std::vector<int>{1});
    CHECK(bgs[0].answers[3].value.codes == std::vector<int>{9});
    CHECK(bgs[0].answers[5].value.declined);

    // Maja's før: 25 answers, exactly as tapped.
    const auto ms = st.measurements(maja.id);
    REQUIRE(ms.size() == 1);
    CHECK(ms[0].occasion == core::Occasion::Before);
    CHECK(ms[0].state == store::ResponseState::Finished);
    REQUIRE(ms[0].answers.size() == 25);
    const auto values = st.itemValues(ms[0].id);
    CHECK(values.at("psykisk_1") == 3);     // Tit
    CHECK(values.at("psykisk_2") == 4);     // Altid
    CHECK(values.at("psykisk_4") == 2);     // Sjældent
    CHECK(values.at("relationel_1") == 4);  // Helt enig
    CHECK(values.at("relationel_4") == 2);  // Lidt uenig
    CHECK(values.count("sociale_3") == 0);  // Vil ikke svare
    CHECK(values.size() == 24);

    // Alma's før: paused after three answers, handed back, resumed: one measurement.
    const auto am = st.measurements(children["Alma"].id);
    REQUIRE(am.size() == 1);
    CHECK(am[0].state == store::ResponseState::Finished);
    CHECK(am[0].answers.size() == 28);
    CHECK(st.itemValues(am[0].id).at("psykisk_3") == 3);
    CHECK(st.itemValues(am[0].id).at("selvskade_1") == 4);
    const auto flags = st.flags(children["Alma"].id);
    REQUIRE(flags.size() == 1);
    CHECK(flags[0].dimension == "selvskade");
    CHECK(flags[0].seenAt);  // "Jeg har læst det"

    CHECK(st.fidelityResponses("empowr").size() == 1);
  }
  // Issue 11's one clock, in the real app: the script's `today` moves the
  // app's date, what is due is worked out again on the page that is open,
  // and the store dates what it writes by the same clock.
  TEST_CASE("forms the app cannot read stop it at start with a Danish message that names the folder and what to do") {
    const fs::path build = SPOR_TEST_BUILD_DIR;
    const fs::path work = build / "data-broken-forms";
    fs::remove_all(work);
    fs::create_directories(work);
    fs::copy(SPOR_TEST_FORMS_DIR, work / "forms", fs::copy_options::recursive);
    {  // a field this version does not know, as a newer checkout's forms had for an older binary
      const fs::path strom = work / "forms" / "projects" / "strom.json";
      std::ifstream in(strom);
      std::ostringstream all;
      all << in.rdbuf();
      std::string text = all.str();
      const auto at = text.find("\"version\"");
      REQUIRE(at != std::string::npos);
      text.insert(at, "\"new_field\": 1, ");
      std::ofstream(strom) << text;
    }
    const std::string command = "SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software SDL_AUDIODRIVER=dummy SPOR_FORMS_DIR='" +
                                (work / "forms").string() + "' '" + SPOR_BINARY + "' --data-dir '" +
                                (work / "data").string() + "' 2> '" + (work / "err.log").string() + "'";
    const int rc = std::system(command.c_str());
    CHECK(rc != 0);
    std::ifstream log(work / "err.log");
    std::ostringstream all;
    all << log.rdbuf();
    const std::string err = all.str();
    CAPTURE(err);
    CHECK(err.find("skemaerne i '" + (work / "forms").string() + "' har fejl") != std::string::npos);
    CHECK(err.find("Kør 'spor forms check") != std::string::npos);
    CHECK(err.find("new_field") != std::string::npos);  // the problem itself, with its file
    CHECK(err.find("have problems") == std::string::npos);
    CHECK_FALSE(fs::exists(work / "data" / "device.db"));  // nothing made
  }

  TEST_CASE("one clock in the real app: a script's today makes efter due and the store dates it that day") {
    const fs::path build = SPOR_TEST_BUILD_DIR;
    const fs::path data = build / "data-one-clock";
    fs::remove_all(data);
    const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    const core::Date later = core::addDays(now, 7 * 20);  // the demo's Alma is in EmpowR: 20 weeks
    const std::string laterText = core::formatDate(later);
    std::ostringstream script;
    script << "render off\ntap \"Start demo\"\nexpect \"Frivillig: Demo\"\ntap \"Alma\"\ntap \"Start Før\"\n"
              "tap \"Start\"\nexpect \"1 af 28\"\n";
    for (int i = 0; i < 28; ++i) script << "tap \"Vil ikke svare\"\n";
    script << "expect \"Tak!\"\ntap \"Til den voksne\"\npin " << kDemoPin << "\nexpect \"Udvikling\"\n"
           << "expect-not \"Start Efter\"\ntoday " << laterText << "\nexpect \"Start Efter\"\ncheck-layout\n"
           << "tap \"Start Efter\"\ntap \"Start\"\nexpect \"1 af 28\"\n";
    const fs::path file = build / "one_clock.spor";
    std::ofstream(file) << script.str();
    const std::string command =
        "cd '" + build.string() + "' && SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software SDL_AUDIODRIVER=dummy '" +
        SPOR_BINARY + "' --data-dir '" + data.string() + "' --script '" + file.string() + "' 2> '" +
        (build / "one_clock.log").string() + "'";
    if (std::system(command.c_str()) != 0) {
      std::ifstream log(build / "one_clock.log");
      std::ostringstream all;
      all << log.rdbuf();
      FAIL("spor --script one_clock.spor failed: " << all.str());
    }
    store::DeviceStore st = store::DeviceStore::open(store::deviceStorePath(data));
    st.unlock(st.findVolunteer(kDemoVolunteer)->id, kDemoPin);
    std::optional<store::Measurement> after;
    for (const store::Child& c : st.children())
      for (const store::Measurement& m : st.measurements(c.id))
        if (m.occasion == core::Occasion::After) after = m;
    REQUIRE(after);
    CHECK(std::chrono::floor<std::chrono::days>(after->startedAt) == later);
  }
}
