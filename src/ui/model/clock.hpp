#pragma once
// The model's time, from one clock the app is given (issue 11: one clock).
// now(): milliseconds on a monotonic clock, for the idle lock, the answer
// guard and the lock-out. wallNow(): the date and time, for every "today"
// of the app (due dates, consent and course dates, the report's day) and
// every timestamp its stores write (the app gives the stores this clock).
// The app passes the real clock; scripts and tests pass one they move by
// hand, so "wait 5min" tests the idle lock in an instant and
// "today 2027-06-01" shows what is due half a year on.
#include <chrono>

#include "core/date.hpp"

namespace spor::ui {

using Ms = std::chrono::milliseconds;
using WallTime = std::chrono::sys_time<Ms>;  // the same type as store::Timestamp

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Ms now() const = 0;
  [[nodiscard]] virtual WallTime wallNow() const = 0;
  [[nodiscard]] core::Date today() const { return std::chrono::floor<std::chrono::days>(wallNow()); }
};

// steady_clock since the clock was made, and the system's date and time.
class SteadyClock final : public Clock {
 public:
  [[nodiscard]] Ms now() const override {
    return std::chrono::duration_cast<Ms>(std::chrono::steady_clock::now() - start_);
  }
  [[nodiscard]] WallTime wallNow() const override {
    return std::chrono::time_point_cast<Ms>(std::chrono::system_clock::now());
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// A clock that moves only when told. Its date and time start at the
// system's when it is made and move with advance(); setToday() moves them to
// another day at the same time of day.
class ManualClock final : public Clock {
 public:
  [[nodiscard]] Ms now() const override { return now_; }
  [[nodiscard]] WallTime wallNow() const override { return wallStart_ + now_; }
  void advance(Ms by) { now_ += by; }
  void setToday(core::Date day) { wallStart_ += std::chrono::duration_cast<Ms>(day - today()); }

 private:
  Ms now_{0};
  WallTime wallStart_ = std::chrono::time_point_cast<Ms>(std::chrono::system_clock::now());
};

}  // namespace spor::ui
