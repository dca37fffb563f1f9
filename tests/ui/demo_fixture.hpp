#pragma once
// What the tablet's model tests share (test_course.cpp, test_referral.cpp,
// test_activity.cpp; each had its own copy): the bundled forms, a temporary
// folder, the fast test KDF, a store's files as bytes (to show a refusal
// changed nothing), and a demo device with its two children over a real
// DeviceStore. Each test file derives its own Flow from DemoFlow and adds
// the steps of the screens it tests.
#include <algorithm>
#include <filesystem>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/form_loader.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"
#include "ui/model/app_model.hpp"

namespace spor::uitest {

inline const core::FormSet& forms() {
  static const core::FormSet f = core::loadForms(SPOR_TEST_FORMS_DIR);
  return f;
}

// A folder of its own under the system's temporary folder, removed at the
// end (tests/support/temp_dir.hpp).
struct TempDir : support::TempDir {
  explicit TempDir(const std::string& name) : support::TempDir("ui-" + name) {}
};

inline store::DeviceStoreOptions fast() {
  store::DeviceStoreOptions o;
  o.kdf = crypto::KdfParams::testFast();
  return o;
}

using support::readAll;

// Every file of the store (the database and any journal beside it), by name.
inline std::string storeBytes(const std::filesystem::path& dir) {
  std::ostringstream all;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename().string().rfind("device.db", 0) == 0) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& p : files) all << p.filename().string() << '\n' << readAll(p);
  return all.str();
}

// Words of the libraries' English messages that Danish text never has. A
// Danish screen that shows one of them shows an untranslated message: the
// check that would have caught English birth-year, volunteer, PIN, folder,
// receipt and passphrase errors on Danish screens.
inline std::vector<std::string> englishWords(const std::string& text) {
  static const char* const kWords[] = {" the ",   "The ",      " is ",     " not ",        "cannot",  "does not",
                                       "already", "hoose",     "check",    "folder",       "receipt", "bundle",
                                       "passphr", "wrong",     "device",   "volunteer",    "try",     "'spor ",
                                       "othing",  " with ",    "digits",   "plausible",    "refused", " only",
                                       " must ",  " a PIN",    "unexpected"};
  std::vector<std::string> found;
  for (const char* w : kWords)
    if (text.find(w) != std::string::npos) found.emplace_back(w);
  return found;
}

// The three text sizes the real-app tests run at: name (for screenshots) and scale.
inline constexpr std::pair<const char*, const char*> kTextSizes[] = {{"normal", "1"}, {"stor", "1.2"}, {"stoerre", "1.4"}};

// Runs the real app offscreen on `data` with `script`, in `work` (also its
// HOME). Returns nothing when the script ran through, else the app's log.
inline std::optional<std::string> runApp(const std::filesystem::path& work, const std::filesystem::path& data,
                                         const std::filesystem::path& script) {
  const std::filesystem::path log = work / (script.stem().string() + ".log");
  const std::string command = "cd '" + work.string() + "' && HOME='" + work.string() +
                              "' SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software SDL_AUDIODRIVER=dummy '" +
                              SPOR_BINARY + "' --data-dir '" + data.string() + "' --script '" + script.string() +
                              "' 2> '" + log.string() + "'";
  if (std::system(command.c_str()) == 0) return std::nullopt;
  return readAll(log);
}

// The demo device (Alma with consent, Noah without), unlocked, on the home screen.
struct DemoFlow {
  TempDir dir;
  ui::ManualClock clock;
  ui::AppModel model{forms(), clock};

  explicit DemoFlow(const std::string& name) : dir(name) {
    model.openDataDir(dir.path, fast());
    model.setupDemo();
  }
  store::ChildId child(const std::string& name) {
    for (const auto& c : model.state().children)
      if (c.name == name) return c.child.id;
    throw std::logic_error("no child " + name);
  }
  // The open child's checklist line for `t`.
  const core::DueEntry& due(core::Task t) {
    for (const auto& e : model.state().detail->summary.due)
      if (e.task == t) return e;
    throw std::logic_error("no task");
  }
};

}  // namespace spor::uitest
