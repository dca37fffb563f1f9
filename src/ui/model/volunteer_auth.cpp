#include "ui/model/volunteer_auth.hpp"

#include <algorithm>

namespace spor::ui {

PinResult MemoryAuth::check(const std::string& pin) {
  const Ms now = clock_.now();
  if (now < lockedUntil_) {
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(lockedUntil_ - now + Ms(999));
    return {PinResult::Status::LockedOut, left, {}};
  }
  if (pin == pin_) {
    wrongInARow_ = 0;
    return {PinResult::Status::Ok, std::chrono::seconds(0), volunteer_};
  }
  ++wrongInARow_;
  if (wrongInARow_ >= freeTries_) {
    const int doublings = std::min(wrongInARow_ - freeTries_, 10);
    const std::chrono::seconds wait(30LL << doublings);
    lockedUntil_ = now + wait;
    return {PinResult::Status::LockedOut, wait, {}};
  }
  return {PinResult::Status::Wrong, std::chrono::seconds(0), {}};
}

}  // namespace spor::ui
