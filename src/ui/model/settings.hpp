#pragma once
// The settings part of the app model (settings.cpp): language, text size,
// read-aloud, the idle lock, the screen keyboard and purging, kept in
// DATA/ui-settings.txt. Views call model.settings().set(s) and draw
// state().settings.
#include <filesystem>

#include "core/text.hpp"
#include "ui/model/context.hpp"
#include "ui/model/keyboard.hpp"

namespace spor::ui {

struct Settings {
  core::Lang lang = core::Lang::Da;  // the screens' language; child items fall back to Danish
  float textScale = 1.0f;            // text size: 1 normal, 1.2 large, 1.4 larger
  bool readAloud = true;             // child mode shows the speaker button
  bool readAloudAuto = false;        // every question is read aloud as it appears
  int idleLockMinutes = 5;           // lock after this long without a touch; 0 never locks
  ScreenKeyboard screenKeyboard = ScreenKeyboard::Auto;  // the on-screen keyboard: auto, always, never
  // When a receipt is applied, finished questionnaires and forms that the
  // coordinator has confirmed and that were finished this many days ago or
  // more are deleted from the tablet (the CLI's --purge-after-days); 0 keeps them.
  int purgeAfterDays = 0;

  bool operator==(const Settings&) const = default;
};

class SettingsPart {
 public:
  static constexpr int kVersion = 1;  // the settings file's format

  explicit SettingsPart(ModelContext& ctx) : ctx_(ctx) {}

  void open();                         // the Settings screen
  void set(const Settings& settings);  // saved to the data folder at once; a failed write is said
  // DIR/ui-settings.txt, when the model opens its data folder; a missing or
  // damaged line keeps what the model was given.
  void load(const std::filesystem::path& dir);

 private:
  void save();
  [[nodiscard]] AppState& state() { return ctx_.state(); }
  ModelContext& ctx_;
  std::filesystem::path dir_;  // the data folder; empty: nothing is saved
};

}  // namespace spor::ui
