// The lock part (lock.hpp): the lock screen and the PIN pad, unlocking on
// the worker, the vault's lock-out, the hand-back screen, the idle lock.
#include "ui/model/lock.hpp"

#include <algorithm>
#include <chrono>

#include "messages/message.hpp"
#include "store/device_store.hpp"
#include "store/error.hpp"
#include "store/vault.hpp"
#include "ui/model/app_model.hpp"
#include "ui/model/child_mode.hpp"

namespace spor::ui {

namespace {

bool isNewPinPurpose(PinPurpose p) {
  return p == PinPurpose::NewPin || p == PinPurpose::ConfirmPin || p == PinPurpose::OldPin;
}

}  // namespace

void LockPart::ask(PinPurpose purpose) {
  if (ctx_.busy()) return;
  if (state().screen == Screen::PinPad && state().pin.purpose == PinPurpose::Unlock) return;  // no way around a lock
  if (state().screen == Screen::ChildQuestion) ctx_.childMode().interrupt();
  const Screen from = state().screen == Screen::PinPad ? state().pin.returnTo : state().screen;
  PinPadState& pin = state().pin;
  pin.purpose = purpose;
  pin.returnTo = from;
  pin.digits.clear();
  pin.notice = PinNotice::None;
  pin.handBack = false;
  pin.fromHandBack = false;
  if (store::DeviceStore* store = ctx_.store()) {
    const store::LockoutStatus l = store->lockout();
    if (l.lockedOut()) pin.lockedUntil = ctx_.clock().now() + std::chrono::duration_cast<Ms>(l.remaining);
    if (!pin.who) pin.who = store->actingVolunteer();
    const auto vs = store->volunteers();
    if (!pin.who && !vs.empty()) pin.who = vs.front().id;
  }
  if (waitSeconds() > 0) pin.notice = PinNotice::LockedOut;
  state().screen = Screen::PinPad;
  ctx_.hush();
  ctx_.noteActivity();
}

void LockPart::chooseVolunteer(store::VolunteerId who) {
  if (state().screen != Screen::PinPad || ctx_.busy()) return;
  PinPadState& pin = state().pin;
  pin.who = who;
  if (pin.handBack) pin.fromHandBack = true;  // "Tilbage" leads back to the calm screen
  pin.handBack = false;  // an adult has the tablet: from here wrong PINs count
  pin.digits.clear();
  ctx_.noteActivity();
}

void LockPart::digit(int digit) {
  PinPadState& pin = state().pin;
  if (state().screen != Screen::PinPad || ctx_.busy() || pin.handBack || digit < 0 || digit > 9) return;
  ctx_.noteActivity();
  if (pin.digits.size() >= kMaxDigits) return;
  if (pin.notice != PinNotice::LockedOut) pin.notice = PinNotice::None;
  pin.digits.push_back(static_cast<char>('0' + digit));
}

void LockPart::erase() {
  if (state().screen != Screen::PinPad || ctx_.busy()) return;
  ctx_.noteActivity();
  if (!state().pin.digits.empty()) state().pin.digits.pop_back();
}

bool LockPart::canSubmit() const {
  return state().screen == Screen::PinPad && !ctx_.busy() && !state().pin.handBack &&
         state().pin.digits.size() >= kMinDigits && waitSeconds() == 0;
}

std::size_t LockPart::dotsFilled() const {
  const PinPadState& pin = state().pin;
  return ctx_.busy() ? std::max(pin.checking, pin.digits.size()) : pin.digits.size();
}

long long LockPart::waitSeconds() const {
  // The lock-out counts wrong PINs: choosing a new one (after "Glemt
  // PIN-koden?", which lifts it) is never held up by it.
  const PinPadState& pin = state().pin;
  if (pin.purpose == PinPurpose::NewPin || pin.purpose == PinPurpose::ConfirmPin) return 0;
  const Ms left = pin.lockedUntil - ctx_.clock().now();
  if (left <= Ms(0)) return 0;
  return (left.count() + 999) / 1000;
}

// What the vault said about a PIN (the store's unlock ran on the worker):
// true when it was right; otherwise the notice says why.
bool LockPart::outcome(std::exception_ptr error, store::VolunteerId who) {
  PinPadState& pin = state().pin;
  if (error) {
    try {
      std::rethrow_exception(error);
    } catch (const store::LockedOutError& e) {
      pin.notice = PinNotice::LockedOut;
      pin.lockedUntil = ctx_.clock().now() + std::chrono::duration_cast<Ms>(e.remaining());
    } catch (const store::WrongSecretError&) {
      const store::LockoutStatus l = ctx_.store()->lockout();
      if (l.lockedOut()) {
        pin.notice = PinNotice::LockedOut;
        pin.lockedUntil = ctx_.clock().now() + std::chrono::duration_cast<Ms>(l.remaining);
      } else {
        pin.notice = PinNotice::Wrong;
      }
    } catch (const std::exception& e) {
      // Not a wrong PIN (the TPM, the store): say what it is, in the screen's language.
      pin.notice = PinNotice::Error;
      pin.error = render(messageOf(e), ctx_.lang());
    }
    return false;
  }
  for (const auto& v : ctx_.store()->volunteers())
    if (v.id == who) state().volunteer = v.name;
  return true;
}

void LockPart::submit() {
  if (!canSubmit()) return;
  ctx_.noteActivity();
  PinPadState& pin = state().pin;
  const SecretDigits digits = pin.digits;
  pin.digits.clear();
  switch (pin.purpose) {
    case PinPurpose::OldPin:
      pin.flow.old = digits;
      pin.purpose = PinPurpose::NewPin;
      pin.notice = PinNotice::None;
      return;
    case PinPurpose::NewPin:
      // A PIN the store would refuse is refused now, with its reason, not
      // after it has been typed a second time.
      try {
        store::checkNewSecret(digits);
      } catch (const std::exception& e) {
        pin.notice = PinNotice::Weak;
        pin.weakReason = shownMessage(e, ctx_.lang());
        return;
      }
      pin.flow.first = digits;
      pin.purpose = PinPurpose::ConfirmPin;
      pin.notice = PinNotice::None;
      return;
    case PinPurpose::ConfirmPin:
      if (digits != pin.flow.first) {
        pin.flow.first.clear();
        pin.purpose = PinPurpose::NewPin;
        pin.notice = PinNotice::Mismatch;
        return;
      }
      pin.checking = digits.size();  // the dots stay while the PIN is wrapped
      ctx_.newPinChosen();
      if (!ctx_.busy()) pin.checking = 0;
      return;
    case PinPurpose::Unlock:
    case PinPurpose::LeaveChildMode:
    case PinPurpose::Quit: break;
  }
  store::DeviceStore* store = ctx_.store();
  if (!store) return;
  // The vault's Argon2id runs on the worker; the PIN pad shows "Låser op …".
  std::optional<store::VolunteerId> who = pin.who;
  if (pin.purpose != PinPurpose::Unlock && store->actingVolunteer()) who = store->actingVolunteer();
  if (!who) {
    pin.notice = PinNotice::Wrong;
    return;
  }
  const store::VolunteerId id = *who;
  pin.checking = digits.size();  // the dots stay filled during "Låser op …"
  ctx_.runWithStore(
      Busy::Unlocking, [id, digits](std::optional<store::DeviceStore>& s) { s->unlock(id, digits); },
      [this, id](std::exception_ptr error) {
        if (outcome(error, id)) accepted();
      });
}

// The PIN was right: do what it was asked for.
void LockPart::accepted() {
  PinPadState& pin = state().pin;
  pin.notice = PinNotice::None;
  switch (pin.purpose) {
    case PinPurpose::Quit: state().quit = true; return;
    case PinPurpose::LeaveChildMode:
      if (isChildScreen(pin.returnTo))
        ctx_.childMode().leave();
      else
        state().screen = pin.returnTo;
      return;
    case PinPurpose::Unlock: ctx_.unlocked(); return;
    default: return;
  }
}

void LockPart::backToHandBack() {
  PinPadState& pin = state().pin;
  if (state().screen != Screen::PinPad || ctx_.busy() || pin.purpose != PinPurpose::Unlock || !pin.fromHandBack)
    return;
  pin.handBack = true;
  pin.fromHandBack = false;
  pin.who.reset();
  pin.digits.clear();
  if (pin.notice != PinNotice::LockedOut) pin.notice = PinNotice::None;
  ctx_.noteActivity();
}

void LockPart::cancel() {
  PinPadState& pin = state().pin;
  if (pin.purpose == PinPurpose::Unlock && pin.fromHandBack) return backToHandBack();
  if (state().screen != Screen::PinPad || ctx_.busy() || pin.purpose == PinPurpose::Unlock) return;
  const bool flow = isNewPinPurpose(pin.purpose);
  pin.digits.clear();
  pin.flow = {};
  pin.notice = PinNotice::None;
  state().screen = pin.returnTo;
  if (!flow && state().screen == Screen::ChildQuestion) ctx_.childMode().continueQuestion();
  ctx_.noteActivity();
}

// --- The lock ---------------------------------------------------------------------------------

bool LockPart::locked() const {
  return state().screen == Screen::PinPad && state().pin.purpose == PinPurpose::Unlock;
}

bool LockPart::idle() const {
  const int minutes = state().settings.idleLockMinutes;
  return minutes > 0 && ctx_.clock().now() - state().lastActivity >= std::chrono::minutes(minutes);
}

void LockPart::lock() {
  if (locked()) return;
  if (state().screen == Screen::Setup) return;  // nothing to protect yet
  if (ctx_.busy()) return;                      // the store is with the worker; locks when it is back
  if (isChildScreen(state().screen)) ctx_.childMode().interrupt();
  const Screen from = state().screen == Screen::PinPad ? state().pin.returnTo : state().screen;
  state().pin.flow = {};
  ctx_.forgetRecovery();  // "Glemt PIN-koden?" left half done: its passphrase goes
  ask(PinPurpose::Unlock);
  state().pin.returnTo = from;
  // A child may still hold the tablet: the calm hand-back screen, no keys
  // until a volunteer has chosen their name.
  if (isChildScreen(from)) {
    state().pin.handBack = true;
    state().pin.who.reset();
  }
  if (store::DeviceStore* store = ctx_.store()) store->lock();
  AppState& s = state();
  s.safeguarding.reset();
  s.detail.reset();
  s.children.clear();
  s.fidelityForms.clear();
  s.background.reset();
  s.fidelity.reset();
}

void LockPart::tick() {
  if (state().screen == Screen::PinPad && state().pin.notice == PinNotice::LockedOut && waitSeconds() == 0)
    state().pin.notice = PinNotice::None;
}

}  // namespace spor::ui
