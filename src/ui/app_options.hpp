#pragma once
// How `spor` starts the tablet app: `spor` alone, or with app options only
// (`spor --data-dir DIR --kiosk`). Any command word (`spor forms check`)
// goes to the command line instead.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/text.hpp"

namespace spor::ui {

class AppUsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AppOptions {
  std::optional<std::string> dataDir;  // --data-dir DIR; default: the user's data directory
  bool kiosk = false;                  // --kiosk: fullscreen; closing needs a volunteer's PIN
  std::optional<float> scale;          // --scale 1.5: overrides the display's DPI
  std::optional<std::string> script;   // --script FILE: drive the app from a script, then exit
  std::optional<core::Lang> lang;      // --lang da|en
  int width = 1280;                    // --size 1280x800: the window (not in kiosk mode)
  int height = 800;
  bool sizeGiven = false;  // --size was given: keep it even when the display is smaller
  std::optional<std::string> bench;  // --bench FILE: measure, write figures to FILE ("-": stdout)
};

// The usage line for `spor --help`.
[[nodiscard]] const char* appUsage();

// True when `words` (argv without the program) asks for the app: nothing
// at all, or only --options other than --help and --version.
[[nodiscard]] bool isAppInvocation(const std::vector<std::string>& words);

// Parses the app's options; throws AppUsageError naming the bad word.
[[nodiscard]] AppOptions parseAppOptions(const std::vector<std::string>& words);

}  // namespace spor::ui
