#pragma once
// The tablet app: `spor` with no command. Wires the platform (window, event
// pump, pointer, fonts, read-aloud) to the app model and the views, and runs
// the loop that sleeps when nothing happens. src/app/main.cpp calls runApp.
#include <iosfwd>
#include <string>
#include <vector>

#include "ui/app_options.hpp"

namespace spor::ui {

struct AppPaths {
  std::string defaultDataDir;  // used when --data-dir is not given
  std::string formsDir;        // the bundled forms
};

// Runs the app until it is closed (or the script ends). Returns the exit
// code: 0, 1 when something failed (the message is on `err`), 2 for bad options.
int runApp(const std::vector<std::string>& words, const AppPaths& paths, std::ostream& err);

}  // namespace spor::ui
