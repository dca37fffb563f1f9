#pragma once
// Every word the app's own screens say, per language (ImHex's _lang keys).
// Views never hold string literals: they ask tr(Tx::Back, lang). The key is
// an enum, so a misspelt key does not compile; tests check that every key has
// Danish and English text. Form texts (items, scales) come from forms/.
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/text.hpp"

namespace spor::ui {

enum class Tx {
  AppName,
  // Child mode
  Progress,          // "{0} af {1}"
  Back,
  Pause,
  ReadAloud,
  PauseTitle,
  PauseBody,
  Continue,
  GiveBack,          // the small button that asks for the volunteer's PIN
  ThanksTitle,
  ThanksBody,
  ThanksGiveBack,
  HandOverTitle,     // "Giv tabletten til {0}"
  HandOverBody,
  HandOverStart,
  // PIN pad
  PinLeaveTitle,
  PinUnlockTitle,
  PinQuitTitle,
  PinPrompt,
  PinErase,
  PinOk,
  PinCancel,
  PinWrong,
  PinLockedOut,      // "{0}" seconds
  // The volunteer's home (stage 1: the demo)
  DemoBadge,
  DemoTitle,
  DemoBody,
  DemoPinHint,       // "{0}" the demo PIN
  DemoStart,
  HomePaused,        // "{0}" child, "{1}" answered, "{2}" of
  HomeFinished,      // "{0}" child
  HomeHandBack,
  SafeguardingTitle,
  SafeguardingBody,  // "{0}" child
  SafeguardingDismiss,
  Quit,
  Count
};

// The text for `key` in `lang`.
[[nodiscard]] const char* tr(Tx key, core::Lang lang);

// tr() with {0}, {1}, … replaced by the arguments.
[[nodiscard]] std::string trf(Tx key, core::Lang lang, std::initializer_list<std::string_view> args);

// "Almas", "Mads'" (da); "Alma's", "Mads'" (en): for the {0} of the texts above that take one.
[[nodiscard]] std::string possessive(const std::string& name, core::Lang lang);

// The key's name ("Progress"), for tests and missing-text messages.
[[nodiscard]] const char* txName(Tx key);

}  // namespace spor::ui
