#pragma once
// Everything the app shows, in one commented struct (raven's AppState).
// The AppModel changes it; views read it and call the model's methods.
// Nothing here knows about ImGui or SDL.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/forms.hpp"
#include "core/scoring.hpp"
#include "core/text.hpp"
#include "ui/model/clock.hpp"
#include "ui/model/session.hpp"

namespace spor::ui {

enum class Screen {
  Home,           // the volunteer's start screen (before the store lands: the demo home)
  HandOver,       // "Giv tabletten til Alma": the volunteer hands over, the child taps Start
  ChildQuestion,  // child mode: one item, four faces, "vil ikke svare", progress, back, pause
  ChildPaused,    // child mode: the child paused; continue, or give the tablet back
  ChildThanks,    // child mode: the end; give the tablet back
  PinPad,         // a volunteer's PIN is needed: to leave child mode, to unlock, to close a kiosk
};

[[nodiscard]] const char* screenId(Screen s);  // "child-question", for logs and scripts

// The screens a child may see. Nothing a volunteer sees (names of other
// children, scores, safeguarding notices) is drawn on these.
[[nodiscard]] bool isChildScreen(Screen s);

enum class PinPurpose {
  LeaveChildMode,  // the volunteer takes the tablet back; Cancel returns to the child
  Unlock,          // the idle lock: no way around it
  Quit,            // closing the window of a kiosk
};

enum class PinNotice { None, Wrong, LockedOut };

struct PinPadState {
  PinPurpose purpose = PinPurpose::Unlock;
  Screen returnTo = Screen::Home;  // where Cancel leads (LeaveChildMode, Quit)
  std::string digits;              // typed so far; never stored, emptied after every try
  PinNotice notice = PinNotice::None;
  Ms lockedUntil{0};               // LockedOut: the next try is allowed from here
};

struct Settings {
  core::Lang lang = core::Lang::Da;  // the screens' language; child items fall back to Danish
  float textScale = 1.0f;            // text size: 1 normal, 1.25 large, 1.5 larger
  bool readAloud = true;             // child mode shows the speaker button
  bool readAloudAuto = false;        // every question is read aloud as it appears
  int idleLockMinutes = 5;           // lock after this long without a touch; 0 never locks
};

// One answer button in child mode, left to right in value order.
struct FaceOption {
  int value = 0;
  std::string label;  // "Aldrig", "Helt enig"
  // The face shows what the answer means for the child's well-being, so it is
  // mirrored on reversed dimensions (forms/README.md "Faces").
  core::Face face = core::Face::None;
};

// What child mode draws for the current item.
struct ChildItemView {
  std::string itemId;
  std::string leadIn;              // the dimension's lead-in ("Hvor enig er du i det her?")
  bool firstOfDimension = false;   // the lead-in is new: read it aloud too
  std::string text;                // the question
  std::vector<FaceOption> options;
  std::string declineLabel;        // "Vil ikke svare"
  std::optional<Answer> given;     // the answer already given, when the child came back to it
  std::size_t number = 0;          // 1-based, for "3 af 12"
  std::size_t count = 0;
  bool canGoBack = false;
};

// A worrying answer, for the volunteer's eyes only (never in child mode).
struct SafeguardingNotice {
  std::string childName;
  std::vector<core::SafeguardingHit> hits;
  core::LocalText guidance;  // the project's safeguarding text
};

// What the app loop should do with read-aloud.
struct SpeechCommand {
  bool stop = false;  // stop reading; otherwise read `text`
  std::string text;
};

struct AppState {
  Screen screen = Screen::Home;  // what is on screen now
  Settings settings;
  bool kiosk = false;               // fullscreen; closing the window needs a volunteer's PIN
  bool readAloudAvailable = false;  // espeak-ng and an audio device exist; else no speaker button

  std::string childName;  // the nickname on the hand-over screen, for the measurement in progress
  std::string volunteer;  // who unlocked last
  Ms lastActivity{0};     // the last touch, key or tap: the idle lock counts from here
  Ms questionShownAt{0};  // answers are ignored for a moment after a new item appears (double taps)
  PinPadState pin;        // the PIN pad, while screen == PinPad

  std::optional<SafeguardingNotice> safeguarding;  // shown on the volunteer's home until dismissed

  // Only until the app loop takes them (once per frame):
  std::optional<SpeechCommand> speech;  // read this aloud, or stop reading
  bool quit = false;                    // leave the app (the window closes)
};

}  // namespace spor::ui
