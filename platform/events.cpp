#include "platform/events.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include <SDL.h>

namespace spor::platform {

namespace {

Uint32 wakeEventType() {
  static const Uint32 type = SDL_RegisterEvents(1);
  return type;
}

SDL_Event keyEvent(Uint32 type, SDL_Scancode code) {
  SDL_Event e{};
  e.type = type;
  e.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
  e.key.keysym.scancode = code;
  e.key.keysym.sym = SDL_GetKeyFromScancode(code);
  return e;
}

// Video drivers whose SDL_WaitEventTimeout really sleeps (SDL 2.26 has a
// WaitEventTimeout for these); others make SDL poll every millisecond.
bool driverWaits() {
  static const bool waits = [] {
    const char* d = SDL_GetCurrentVideoDriver();
    const std::string name = d ? d : "";
    return name == "x11" || name == "wayland" || name == "windows" || name == "cocoa";
  }();
  return waits;
}

}  // namespace

EventSummary Events::pump(Window& window, Pointer& pointer, int timeoutMs) {
  EventSummary s;
  SDL_Event e;
  bool got = false;
  if (timeoutMs == 0) {
    got = SDL_PollEvent(&e) != 0;
  } else if (driverWaits()) {
    got = timeoutMs < 0 ? SDL_WaitEvent(&e) != 0 : SDL_WaitEventTimeout(&e, timeoutMs) != 0;
  } else {
    // SDL's own wait polls every millisecond on drivers that cannot block
    // (kmsdrm on a kiosk board, offscreen): look every kPollMs instead, and
    // every kIdlePollMs once nothing has happened for a while.
    const Uint64 start = SDL_GetTicks64();
    for (;;) {
      got = SDL_PollEvent(&e) != 0;
      if (got) break;
      const Uint64 waited = SDL_GetTicks64() - start;
      if (timeoutMs > 0 && waited >= static_cast<Uint64>(timeoutMs)) break;
      // Quick while a person is likely still there, slower after 2 s of quiet.
      Uint32 nap = waited < 2000 ? kPollMs : kIdlePollMs;
      if (timeoutMs > 0) nap = static_cast<Uint32>(std::min<Uint64>(nap, static_cast<Uint64>(timeoutMs) - waited));
      SDL_Delay(nap);
    }
  }
  const int w = window.width();
  const int h = window.height();
  while (got) {
    s.any = true;
    if (pointer.handle(e, w, h)) {
      s.input = true;
    } else {
      switch (e.type) {
        case SDL_QUIT: s.terminate = true; break;
        case SDL_KEYDOWN:
        case SDL_TEXTINPUT:
          s.input = true;
          s.keyboard = true;
          break;
        case SDL_KEYUP:
        case SDL_MOUSEWHEEL: s.input = true; break;
        case SDL_WINDOWEVENT:
          if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) s.resized = true;
          if (e.window.event == SDL_WINDOWEVENT_CLOSE) s.close = true;
          break;
        default: break;
      }
      window.processEvent(e);
    }
    got = SDL_PollEvent(&e) != 0;
  }
  // Injected keys are released in the next pump, so ImGui sees them down for a frame.
  for (int code : releaseNext_) {
    SDL_Event up = keyEvent(SDL_KEYUP, static_cast<SDL_Scancode>(code));
    SDL_PushEvent(&up);
  }
  releaseNext_.clear();
  return s;
}

void Events::wake() {
  SDL_Event e{};
  e.type = wakeEventType();
  SDL_PushEvent(&e);
}

bool Events::injectKey(const std::string& name) {
  const SDL_Scancode code = SDL_GetScancodeFromName(name.c_str());
  if (code == SDL_SCANCODE_UNKNOWN) return false;
  SDL_Event down = keyEvent(SDL_KEYDOWN, code);
  SDL_PushEvent(&down);
  releaseNext_.push_back(static_cast<int>(code));
  return true;
}

void Events::injectText(const std::string& utf8) {
  // SDL_TEXTINPUT carries at most 31 bytes; split between UTF-8 characters.
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    std::size_t len = std::min<std::size_t>(utf8.size() - pos, SDL_TEXTINPUTEVENT_TEXT_SIZE - 1);
    while (len > 0 && pos + len < utf8.size() && (static_cast<unsigned char>(utf8[pos + len]) & 0xC0) == 0x80) --len;
    SDL_Event e{};
    e.type = SDL_TEXTINPUT;
    std::memcpy(e.text.text, utf8.data() + pos, len);
    e.text.text[len] = '\0';
    SDL_PushEvent(&e);
    pos += len;
  }
}

}  // namespace spor::platform
