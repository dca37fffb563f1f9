#pragma once
// Checks a volunteer's PIN. The store's vault does it for real (the PIN
// unlocks the data key; wrong PINs lock the device for a growing time);
// MemoryAuth stands in for tests and the demo.
#include <chrono>
#include <string>
#include <utility>

#include "ui/model/clock.hpp"

namespace spor::ui {

struct PinResult {
  enum class Status { Ok, Wrong, LockedOut };
  Status status = Status::Wrong;
  std::chrono::seconds wait{0};  // LockedOut: how long until the next try is allowed
  std::string volunteer;         // Ok: who unlocked, for the volunteer screens
};

class VolunteerAuth {
 public:
  virtual ~VolunteerAuth() = default;
  [[nodiscard]] virtual PinResult check(const std::string& pin) = 0;
};

// One PIN in memory. After `freeTries` wrong PINs in a row each further
// wrong PIN locks for 30 s, doubling, like the vault.
class MemoryAuth final : public VolunteerAuth {
 public:
  MemoryAuth(std::string pin, std::string volunteer, const Clock& clock, int freeTries = 5)
      : pin_(std::move(pin)), volunteer_(std::move(volunteer)), clock_(clock), freeTries_(freeTries) {}

  [[nodiscard]] PinResult check(const std::string& pin) override;

 private:
  std::string pin_;
  std::string volunteer_;
  const Clock& clock_;
  int freeTries_;
  int wrongInARow_ = 0;
  Ms lockedUntil_{0};
};

}  // namespace spor::ui
