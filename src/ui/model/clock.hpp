#pragma once
// The model's time: milliseconds on a monotonic clock. The app passes the
// real clock; scripts and tests pass one they move by hand, so "wait 5min"
// tests the idle lock in an instant.
#include <chrono>

namespace spor::ui {

using Ms = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Ms now() const = 0;
};

// steady_clock since the clock was made.
class SteadyClock final : public Clock {
 public:
  [[nodiscard]] Ms now() const override {
    return std::chrono::duration_cast<Ms>(std::chrono::steady_clock::now() - start_);
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// A clock that moves only when told.
class ManualClock final : public Clock {
 public:
  [[nodiscard]] Ms now() const override { return now_; }
  void advance(Ms by) { now_ += by; }

 private:
  Ms now_{0};
};

}  // namespace spor::ui
