// The settings part (model/settings.hpp): the settings are kept in the data
// folder (versioned, written atomically, a failed write said on screen and
// the file unchanged), also when chosen on the first-run screen before the
// folder exists. Over a real device store (fast KDF).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "sync/file_io.hpp"
#include "tests/ui/demo_fixture.hpp"
#include "ui/model/app_model.hpp"

using namespace spor;
using namespace spor::ui;
namespace fs = std::filesystem;

namespace {
using uitest::englishWords;
using uitest::fast;
using uitest::forms;
}  // namespace

TEST_SUITE("ui") {
  TEST_CASE("settings are kept in the data folder") {
    uitest::TempDir dir("settings");
    ManualClock clock;
    AppModel model{forms(), clock};
    model.openDataDir(dir.path, fast());
    model.setupDemo();
    Settings s = model.state().settings;
    s.lang = core::Lang::En;
    s.textScale = 1.4f;
    s.idleLockMinutes = 10;
    s.readAloudAuto = true;
    s.screenKeyboard = ScreenKeyboard::Never;
    model.settings().set(s);
    AppModel again{forms(), clock};
    again.openDataDir(dir.path, fast());
    CHECK(again.state().settings == s);

    // The file is versioned; a full disk is said on screen, and the file keeps what it held.
    std::ifstream in(dir.path / "ui-settings.txt");
    std::string first;
    std::getline(in, first);
    CHECK(first == "version=1");
    s.lang = core::Lang::Da;
    model.settings().set(s);
    const std::string before = [&] {
      std::ostringstream all;
      all << std::ifstream(dir.path / "ui-settings.txt").rdbuf();
      return all.str();
    }();
    s.idleLockMinutes = 1;
    sync::simulateFullDiskForTesting(0);
    model.settings().set(s);
    sync::simulateFullDiskForTesting(std::nullopt);
    INFO(model.state().error);
    CHECK(model.state().settings.idleLockMinutes == 1);  // it applies now
    CHECK(model.state().error.find("Indstillingen gælder nu, men er ikke gemt til næste start.") != std::string::npos);
    CHECK(englishWords(model.state().error).empty());
    std::ostringstream after;
    after << std::ifstream(dir.path / "ui-settings.txt").rdbuf();
    CHECK(after.str() == before);
    model.settings().set(s);  // room again: saved, and the message goes
    CHECK(model.state().error.empty());
  }

  // A new user's trial: text size and language could only be changed after
  // the set-up, so a volunteer who reads large text met the set-up small.
  TEST_CASE("text size and language chosen on the first-run screen are kept through the set-up") {
    uitest::TempDir dir("settings");
    const fs::path data = dir.path / "not-made-yet";  // the app's default folder does not exist at first
    ManualClock clock;
    AppModel model{forms(), clock};
    model.openDataDir(data, fast());
    REQUIRE(model.state().screen == Screen::Setup);
    Settings s = model.state().settings;
    s.textScale = 1.4f;
    s.lang = core::Lang::En;
    model.settings().set(s);
    CHECK(fs::exists(data / "ui-settings.txt"));
    CHECK((fs::status(data).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
    model.setupDemo();
    REQUIRE(model.state().screen != Screen::Setup);
    CHECK(model.state().settings.textScale == doctest::Approx(1.4f));
    AppModel again{forms(), clock};
    again.openDataDir(data, fast());
    CHECK(again.state().settings.textScale == doctest::Approx(1.4f));
    CHECK(again.state().settings.lang == core::Lang::En);
  }
}
