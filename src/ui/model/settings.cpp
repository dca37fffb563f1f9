// The settings part (settings.hpp): language, text size, read-aloud, the
// idle lock, the screen keyboard and purging, kept in DATA/ui-settings.txt.
#include "ui/model/settings.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/private_files.hpp"
#include "crypto/bytes.hpp"
#include "sync/file_io.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"

namespace spor::ui {

namespace fs = std::filesystem;

void SettingsPart::open() {
  ctx_.clearMessages();
  state().screen = Screen::Settings;
  ctx_.noteActivity();
}

namespace {
const char* screenKeyboardId(ScreenKeyboard k) {
  switch (k) {
    case ScreenKeyboard::Always: return "always";
    case ScreenKeyboard::Never: return "never";
    case ScreenKeyboard::Auto: break;
  }
  return "auto";
}
}  // namespace

void SettingsPart::load(const fs::path& dir) {
  dir_ = dir;
  std::ifstream in(dir_ / "ui-settings.txt");
  std::string line;
  Settings s = state().settings;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq);
    const std::string value = line.substr(eq + 1);
    try {
      if (key == "lang")
        static_cast<void>(core::parseLang(value, s.lang));
      else if (key == "text_scale")
        s.textScale = std::clamp(std::stof(value), 1.0f, 1.4f);
      else if (key == "read_aloud")
        s.readAloud = value == "1";
      else if (key == "read_aloud_auto")
        s.readAloudAuto = value == "1";
      else if (key == "idle_lock_minutes")
        s.idleLockMinutes = std::clamp(std::stoi(value), 0, 60);
      else if (key == "purge_after_days")
        s.purgeAfterDays = std::clamp(std::stoi(value), 0, 3650);
      else if (key == "screen_keyboard")
        s.screenKeyboard = value == "always"  ? ScreenKeyboard::Always
                           : value == "never" ? ScreenKeyboard::Never
                                              : ScreenKeyboard::Auto;
    } catch (const std::exception&) {
      // A damaged line keeps its default; the file is rewritten on the next change.
    }
  }
  state().settings = s;
}

// DIR/ui-settings.txt: "key=value" lines under a "version=1" line (a file
// without it is the first format, read the same way; unknown keys are
// skipped, so an older Spor reads a newer file). Written durably and
// atomically (sync::writeFileDurably); a write that fails is said on screen
// in the catalogue's words, and the file keeps what it held.
void SettingsPart::save() {
  if (dir_.empty()) return;
  // Text size and language can be chosen on the first-run screen, before
  // the set-up has made the folder (private, as the store's would be).
  std::error_code made;
  core::createPrivateDirectories(dir_, made);
  const Settings& s = state().settings;
  std::ostringstream out;
  out << "version=" << kVersion << "\nlang=" << core::langCode(s.lang) << "\ntext_scale=" << s.textScale
      << "\nread_aloud=" << s.readAloud << "\nread_aloud_auto=" << s.readAloudAuto
      << "\nidle_lock_minutes=" << s.idleLockMinutes << "\nscreen_keyboard=" << screenKeyboardId(s.screenKeyboard)
      << "\npurge_after_days=" << s.purgeAfterDays << "\n";
  const std::string text = out.str();
  try {
    (void)sync::writeFileDurably(dir_, "ui-settings.txt", crypto::asBytes(text), true);
  } catch (const std::exception& e) {
    state().error = shownMessage(e, ctx_.lang()) + " " + tr(Word::SettingsNotSaved, ctx_.lang());
  }
}

void SettingsPart::set(const Settings& settings) {
  state().settings = settings;
  ctx_.clearMessages();
  save();
  ctx_.noteActivity();
}

}  // namespace spor::ui
