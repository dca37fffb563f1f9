#pragma once
// `spor --bench FILE`: the figures bench_ui prints (tests/bench/bench_ui.cpp).
// Apart from the App class as the ScriptRunner is: the app hands it a
// BenchHost (what it drives) and the driver measures cold start, the
// child-mode frame, idle CPU and memory, and writes the child-mode scene's
// layout so bench_ui can draw the same scene with bare SDL.
#include <chrono>
#include <functional>
#include <iosfwd>

#include "platform/events.hpp"
#include "platform/pointer.hpp"
#include "platform/window.hpp"
#include "ui/model/app_model.hpp"
#include "ui/widget_registry.hpp"

namespace spor::ui {

struct BenchHost {
  platform::Window& window;
  platform::Pointer& pointer;
  platform::Events& events;
  AppModel& model;
  const WidgetRegistry& registry;  // the last frame's widgets: the scene
  std::function<void()> drawFrame;  // one frame, as the app's loop draws it
  // The app's own loop, nothing happening, until `stop` (the idle figure).
  std::function<void(std::chrono::steady_clock::time_point stop)> runUntil;
};

// Measures and writes the figures to `out`; `start` is when main began
// (SPOR_BENCH_T0 in the environment overrides it: bench_ui's clock just
// before it started spor). Returns the exit code.
int runBench(BenchHost& host, std::ostream& out, std::chrono::steady_clock::time_point start);

}  // namespace spor::ui
