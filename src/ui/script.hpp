#pragma once
// Scripted runs: a plain-text list of steps that drives the real app the way
// a person would ("tap \"Fortsæt\"", "pin 1234", "screenshot home.png").
// docs/SCRIPTS.md describes the language. This file parses; script_runner
// plays the steps against the running app.
#include <stdexcept>
#include <string>
#include <vector>

#include "ui/model/clock.hpp"

namespace spor::ui {

class ScriptError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class StepKind {
  Tap,          // tap the button labelled `text` (with `role`, when set)
  Type,         // type `text` into the focused field
  Key,          // press and release the key named `text`
  Wait,         // let `duration` pass on the app's clock
  Screenshot,   // write the screen to the PNG file `text`
  Expect,       // `text` is on screen (waits for it)
  ExpectNot,    // `text` is not on screen (waits for it to go)
  Window,       // resize the window to width x height
  CheckLayout,  // nothing clipped, overflowing or overlapping on screen
  Render,       // `on` (the default): every frame is drawn; `off`: only screenshots are
  Quit,         // end the run here
  Today,        // the app's date becomes `date` (same time of day): what is due on it
  RecordTexts,  // from now on, every text drawn (each once) is written to the file `text`
};

[[nodiscard]] const char* stepName(StepKind k);  // "tap"

struct Step {
  StepKind kind = StepKind::Tap;
  int line = 0;      // 1-based line in the script, for messages
  std::string text;  // label, text, key name or file
  std::string role;  // Tap: the widget's role ("pin-digit"), from `pin`
  Ms duration{0};    // Wait
  int width = 0;     // Window
  int height = 0;
  bool on = true;    // Render
  core::Date date{};  // Today
};

struct Script {
  std::string path;  // as given, for messages
  std::vector<Step> steps;
};

// Parses a script; throws ScriptError "PATH:LINE: what is wrong" for the first bad line.
[[nodiscard]] Script parseScript(const std::string& text, const std::string& path);
// Reads and parses the file at `path`.
[[nodiscard]] Script loadScript(const std::string& path);

}  // namespace spor::ui
