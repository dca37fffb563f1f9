#pragma once
// The on-screen keyboard and the text fields it types into, as plain data
// (no ImGui): which field has the caret, where the caret is, which keys the
// keyboard shows and what each does. The AppModel owns a KeyboardState and
// applies keys to the field's text; views draw both (widgets.hpp editField,
// view_keyboard.cpp). A physical keyboard types through the same methods,
// so a field behaves the same whichever keyboard is used.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace spor::ui {

// The setting "Skærmtastatur".
enum class ScreenKeyboard {
  Auto,    // shown when a field is tapped with a finger, hidden once a physical key is pressed
  Always,  // shown whenever a field has the caret
  Never,   // never (a device with a keyboard)
};

// The app's text fields (the tablet's; the coordinator's desktop screens use
// Dear ImGui's own fields).
enum class Field {
  None,
  SetupPath,       // first run: the enrolment file's path
  SetupName,       // first run: the first volunteer's name
  Nickname,        // a child's nickname
  BirthYear,       // a child's birth year (digits)
  VolunteerName,   // a new volunteer's name
  BackgroundText,  // the background form: a free text, an "Andet" text, a year or a number
  RecoverPath,        // "Glemt PIN-koden?": the recovery key file's path
  RecoverPassphrase,  // its passphrase (drawn as dots)
  CoordName,          // first run, the coordinator's set-up: the coordinator's name
  CoordPassphrase,    // its passphrase (drawn as dots)
  CoordPassphraseAgain,
  CoordFolder,        // where the enrolment file goes
  ReferralText,       // the child's page: the referrer's name or contact (free text)
  FeedbackNote,       // the child's page: a note on feedback to the referrer (free text)
};

// A secret: drawn as dots, never shown.
[[nodiscard]] inline bool isSecretField(Field f) {
  return f == Field::RecoverPassphrase || f == Field::CoordPassphrase || f == Field::CoordPassphraseAgain;
}

// What a field accepts, and which keyboard it gets.
enum class FieldKind {
  Name,    // letters keyboard; a capital at the start and after a space or a dash
  Text,    // letters keyboard; a capital at the start
  Path,    // letters keyboard; no capitals by themselves
  Digits,  // digits keyboard; only 0-9
};

enum class KeyboardLayout { Letters, Digits };

enum class KeyAction {
  Char,       // types `text` (or `upper` while shifted)
  Shift,      // next letter a capital; tapped again: capitals until tapped once more
  Backspace,  // erases the character before the caret
  Space,      // types a space
  Done,       // "Færdig": the keyboard goes, the field lets go of the caret
};

struct Key {
  KeyAction action = KeyAction::Char;
  std::string lower;  // what it types and shows; for other actions the label
  std::string upper;  // shifted (empty: same as lower)
  float width = 1.0f; // in key widths
};

enum class ShiftState { Off, Once, Locked };

// The keys of a layout, row by row (Danish: æ ø å on the letter rows).
[[nodiscard]] const std::vector<std::vector<Key>>& keyboardRows(KeyboardLayout layout);
// The label a key shows now: letters in capitals while shifted.
[[nodiscard]] std::string keyLabel(const Key& key, bool shifted, std::string_view doneLabel,
                                   std::string_view spaceLabel);

struct KeyboardState {
  Field field = Field::None;  // the field with the caret, or None
  int screen = -1;            // the Screen it is on (as int): another screen lets go of the field
  std::size_t cursor = 0;     // where typing goes: a byte offset on a UTF-8 character boundary
  bool visible = false;       // the on-screen keyboard is shown for the field
  KeyboardLayout layout = KeyboardLayout::Letters;
  ShiftState shift = ShiftState::Off;
  bool lastPressWasTouch = false;   // how the last tap came: Auto shows the keyboard after a finger
  bool platformKeyboard = false;    // the platform shows its own screen keyboard (SDL_HasScreenKeyboardSupport)
};

// UTF-8 helpers for the caret.
[[nodiscard]] std::size_t prevCharStart(std::string_view s, std::size_t pos);
[[nodiscard]] std::size_t nextCharStart(std::string_view s, std::size_t pos);

}  // namespace spor::ui
