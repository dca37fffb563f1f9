#include "platform/pointer.hpp"

#include <SDL.h>
#include <imgui.h>

namespace spor::platform {

bool Pointer::handle(const SDL_Event& event, int windowWidth, int windowHeight) {
  const auto fw = static_cast<float>(windowWidth);
  const auto fh = static_cast<float>(windowHeight);
  switch (event.type) {
    case SDL_MOUSEMOTION:
      if (event.motion.which == SDL_TOUCH_MOUSEID) return true;
      queue_.push_back({Kind::Move, static_cast<float>(event.motion.x), static_cast<float>(event.motion.y), false});
      return true;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      if (event.button.which == SDL_TOUCH_MOUSEID || event.button.button != SDL_BUTTON_LEFT) return true;
      queue_.push_back({event.type == SDL_MOUSEBUTTONDOWN ? Kind::Press : Kind::Release,
                        static_cast<float>(event.button.x), static_cast<float>(event.button.y), false});
      return true;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION: {
      // One finger is the pointer; a second finger (a palm, a friend) is ignored.
      if (event.tfinger.fingerId != 0 && SDL_GetNumTouchFingers(event.tfinger.touchId) > 1) return true;
      const Kind kind = event.type == SDL_FINGERDOWN ? Kind::Press
                        : event.type == SDL_FINGERUP ? Kind::Release
                                                     : Kind::Move;
      queue_.push_back({kind, event.tfinger.x * fw, event.tfinger.y * fh, true});
      return true;
    }
    case SDL_WINDOWEVENT:
      if (event.window.event == SDL_WINDOWEVENT_LEAVE) queue_.push_back({Kind::Move, -1.0f, -1.0f, false});
      return false;
    default: return false;
  }
}

void Pointer::tap(float x, float y) {
  queue_.push_back({Kind::Press, x, y, true});
  queue_.push_back({Kind::Release, x, y, true});
}

void Pointer::swipe(float x0, float y0, float x1, float y1, int steps) {
  queue_.push_back({Kind::Press, x0, y0, true});
  for (int i = 1; i <= steps; ++i) {
    const float t = static_cast<float>(i) / static_cast<float>(steps);
    queue_.push_back({Kind::Move, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, true, true});
  }
  queue_.push_back({Kind::Release, x1, y1, true});
}

void Pointer::apply(ImGuiIO& io) {
  pressThisFrame_.reset();
  if (hideNextFrame_) {
    visible_ = false;
    hideNextFrame_ = false;
  }
  // Moves are merged; the first press or release ends this frame's share.
  while (!queue_.empty()) {
    const Step s = queue_.front();
    queue_.pop_front();
    x_ = s.x;
    y_ = s.y;
    visible_ = x_ >= 0.0f && y_ >= 0.0f;
    if (s.kind == Kind::Move) {
      if (s.frame) break;
      continue;
    }
    down_ = s.kind == Kind::Press;
    if (down_) pressThisFrame_ = s.touch;
    if (s.kind == Kind::Release && s.touch) hideNextFrame_ = true;
    break;
  }
  io.MousePos = visible_ ? ImVec2(x_, y_) : ImVec2(-FLT_MAX, -FLT_MAX);
  io.MouseDown[0] = down_;
}

}  // namespace spor::platform
