#pragma once
// One pointer for the UI, fed by the mouse and by touch. Dear ImGui 1.86
// reads a mouse position and button state once per frame, so a quick tap
// (press and release between two frames) would be lost; the pointer queues
// transitions and hands ImGui at most one press or release per frame.
#include <deque>
#include <optional>

union SDL_Event;
struct ImGuiIO;

namespace spor::platform {

class Pointer {
 public:
  // Takes mouse and finger events; returns false for any other event.
  // Finger positions arrive normalised and are scaled to the window size.
  bool handle(const SDL_Event& event, int windowWidth, int windowHeight);

  // A tap from a script, in window coordinates: press, then release one frame later.
  void tap(float x, float y);
  // A finger swipe from a script: press, `steps` moves (one per frame), release.
  void swipe(float x0, float y0, float x1, float y1, int steps);

  // Sets io.MousePos and io.MouseDown[0] for this frame (after the backend's
  // NewFrame, before ImGui::NewFrame).
  void apply(ImGuiIO& io);

  // The press apply() handed ImGui this frame, if any: true for a finger
  // (or a script's tap), false for a mouse button.
  [[nodiscard]] std::optional<bool> pressThisFrame() const { return pressThisFrame_; }

  // Transitions are still queued: draw another frame to deliver them.
  [[nodiscard]] bool pending() const { return !queue_.empty() || hideNextFrame_; }

 private:
  enum class Kind { Move, Press, Release };
  struct Step {
    Kind kind;
    float x;
    float y;
    bool touch;          // after a touch ends, the pointer leaves the screen (no hover on tablets)
    bool frame = false;  // a scripted move: ends this frame's share, so ImGui sees the drag
  };
  std::deque<Step> queue_;
  float x_ = -1.0f;
  float y_ = -1.0f;
  bool down_ = false;
  bool visible_ = false;
  bool hideNextFrame_ = false;
  std::optional<bool> pressThisFrame_;
};

}  // namespace spor::platform
