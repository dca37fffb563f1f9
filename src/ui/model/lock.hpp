#pragma once
// The lock part of the app model (lock.cpp): the lock screen and the PIN
// pad. Unlocking (the vault's Argon2id on the worker; its lock-out, with a
// countdown), the calm hand-back screen when the lock interrupted a child,
// a PIN to leave child mode or to close a kiosk, a new PIN typed twice (the
// owner then does what it was for), and the idle lock. Views call
// model.lock().digit(3) and draw state().pin (PinPadState, app_state.hpp).
#include <cstddef>
#include <exception>

#include "store/records.hpp"
#include "ui/model/clock.hpp"
#include "ui/model/context.hpp"

namespace spor::ui {

class LockPart {
 public:
  static constexpr std::size_t kMinDigits = 6;  // the vault's minimum
  static constexpr std::size_t kMaxDigits = 12;

  explicit LockPart(ModelContext& ctx) : ctx_(ctx) {}

  // The PIN pad for `purpose` (a new PIN: state().pin.flow says why). A
  // question on screen is paused first; nothing gets past the lock screen.
  void ask(PinPurpose purpose);
  void chooseVolunteer(store::VolunteerId who);  // a name on the lock screen
  void digit(int digit);
  void erase();
  [[nodiscard]] bool canSubmit() const;
  // The pad's filled dots: the digits typed, and while "Låser op …" runs
  // those being checked (the dots do not go empty as if nothing was typed).
  [[nodiscard]] std::size_t dotsFilled() const;
  void submit();
  void cancel();  // not on the lock screen (but see backToHandBack)
  // After a name was chosen on the idle lock's hand-back screen: back to the
  // calm screen, the digits forgotten, nothing tried (cancel() does it too).
  void backToHandBack();
  [[nodiscard]] long long waitSeconds() const;  // seconds until the next try while locked out

  // The lock screen, the store's key forgotten ("Lås", the idle lock). A
  // child on screen gets the hand-back screen. Nothing happens when it is
  // locked already, on the first run, or while slow work has the store.
  void lock();
  [[nodiscard]] bool idle() const;  // no touch for the idle lock's minutes
  [[nodiscard]] bool locked() const;  // the lock screen is up
  void tick();  // time passed: a lock-out that has ended is no longer said

 private:
  [[nodiscard]] AppState& state() { return ctx_.state(); }
  [[nodiscard]] const AppState& state() const { return ctx_.state(); }
  bool outcome(std::exception_ptr error, store::VolunteerId who);
  void accepted();
  ModelContext& ctx_;
};

}  // namespace spor::ui
