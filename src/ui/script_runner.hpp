#pragma once
// Plays a Script against the running app, one frame at a time. It sees what
// a person sees (the WidgetRegistry of the last frame) and acts as a person
// would (taps through the Pointer, keys and text through SDL events). Steps
// that look for something wait for it, up to kStepTimeout on the app's clock.
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "platform/events.hpp"
#include "platform/pointer.hpp"
#include "platform/window.hpp"
#include "ui/model/clock.hpp"
#include "ui/script.hpp"
#include "ui/widget_registry.hpp"

namespace spor::ui {

struct ScriptHost {
  platform::Window& window;
  platform::Pointer& pointer;
  platform::Events& events;
  ManualClock& clock;
};

class ScriptRunner {
 public:
  static constexpr Ms kStepTimeout{5000};
  static constexpr int kSettleFrames = 3;  // frames after an action before the next step looks

  explicit ScriptRunner(Script script) : script_(std::move(script)) {}

  // Before a frame is drawn: acts on the last frame. Returns true when this
  // frame must be read back (a screenshot step).
  bool beforeFrame(ScriptHost& host, const WidgetRegistry& lastFrame);
  // After the frame: `captured` holds the pixels when beforeFrame asked for them.
  void afterFrame(const platform::Image* captured);

  [[nodiscard]] bool finished() const { return done_ || failure_.has_value(); }
  // Whether frames that are not screenshots are drawn (`render off` says no:
  // a layout sweep needs the widgets, not the pixels).
  [[nodiscard]] bool rendering() const { return rendering_; }
  [[nodiscard]] const std::optional<std::string>& failure() const { return failure_; }
  // "script.spor:12", for "the app closed during …".
  [[nodiscard]] std::string where() const;

 private:
  enum class Phase { Start, Looking, Settling, Capturing };
  void next();
  void fail(const std::string& why);
  void tap(ScriptHost& host, const WidgetRegistry& reg, const Step& s);
  void recordTexts(const WidgetRegistry& reg);

  Script script_;
  std::size_t index_ = 0;
  Phase phase_ = Phase::Start;
  int settle_ = 0;
  Ms deadline_{0};
  bool stayOnStep_ = false;  // the settling was a swipe towards this step's target
  std::optional<float> swipedY_;  // where that target was at the last swipe
  bool done_ = false;
  bool rendering_ = true;
  std::optional<std::string> failure_;
  // record-texts: the file, and the texts written to it so far (each once).
  std::unique_ptr<std::ofstream> texts_;
  std::set<std::string> recorded_;
};

}  // namespace spor::ui
