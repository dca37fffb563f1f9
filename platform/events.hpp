#pragma once
// The event pump: waits for SDL events without using CPU (SDL_WaitEventTimeout),
// hands keys and text to ImGui's backend and taps to the Pointer, and tells
// the app loop what happened. Scripts inject keys and text here, as events,
// so they travel the same road as a person's.
#include <string>
#include <vector>

#include "platform/pointer.hpp"
#include "platform/window.hpp"

namespace spor::platform {

struct EventSummary {
  bool input = false;      // a key, text, a tap or a move: the person is there (resets the idle timer)
  bool keyboard = false;   // a key or text from a keyboard (not a finger): a physical keyboard is there
  bool close = false;      // the window's close button or Alt+F4: the app model decides (kiosk: PIN)
  bool terminate = false;  // SIGTERM/SIGINT (shutdown): quit now; every answer is already stored
  bool resized = false;    // the window changed size
  bool any = false;        // anything at all arrived (a wake-up from another thread too)
};

class Events {
 public:
  // On video drivers that cannot block for events, how often the pump looks.
  static constexpr unsigned kPollMs = 15;
  static constexpr unsigned kIdlePollMs = 60;

  // Waits up to `timeoutMs` for the first event (0: do not wait; negative:
  // until one comes), then takes every queued event.
  EventSummary pump(Window& window, Pointer& pointer, int timeoutMs);

  // Wakes a waiting pump() from any thread (finished background work).
  static void wake();

  // Presses and releases a key, named as SDL names keys ("Escape", "Return",
  // "Backspace", "Tab", "A", "1"). The release follows one frame later, so
  // ImGui sees the press. Returns false for a name SDL does not know.
  bool injectKey(const std::string& name);
  // Types text into whatever text field has the keyboard.
  void injectText(const std::string& utf8);

 private:
  std::vector<int> releaseNext_;  // scancodes to release at the next pump
};

}  // namespace spor::platform
