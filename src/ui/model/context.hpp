#pragma once
// The context the app model's parts share (docs/ARCHITECTURE.md, "The app
// model"). A part (course.hpp, referral.hpp, ...) is a class with its own
// state struct, held in AppState, and its own methods; it reaches the rest
// of the app only through this: the state, the forms, the clock, the device
// store, and the few steps every part takes (and the
// few screens a part ends on). No part holds the AppModel.
#include <exception>
#include <functional>
#include <optional>
#include <vector>

#include "core/forms.hpp"
#include "core/text.hpp"
#include "store/records.hpp"
#include "ui/model/clock.hpp"
#include "ui/model/keyboard.hpp"

namespace spor::store {
class DeviceStore;
}

namespace spor::ui {

struct AppState;
enum class Busy;
enum class PinPurpose;
class LockPart;
class ChildModePart;

// Slow work with the device store (ModelContext::runWithStore): `work` runs
// on the worker and owns the store meanwhile; `then` runs on the UI thread
// once the store is back, with the work's exception if it threw.
using StoreWork = std::function<void(std::optional<store::DeviceStore>&)>;
using AfterWork = std::function<void(std::exception_ptr)>;

class ModelContext {
 public:
  ModelContext(AppState& state, const core::FormSet& forms, const Clock& clock,
               std::optional<store::DeviceStore>& store)
      : state_(state), forms_(forms), clock_(clock), store_(store) {}
  ModelContext(const ModelContext&) = delete;
  ModelContext& operator=(const ModelContext&) = delete;

  [[nodiscard]] AppState& state() { return state_; }
  [[nodiscard]] const AppState& state() const { return state_; }
  [[nodiscard]] const core::FormSet& forms() const { return forms_; }
  [[nodiscard]] const Clock& clock() const { return clock_; }
  [[nodiscard]] core::Date today() const { return clock_.today(); }
  [[nodiscard]] core::Lang lang() const;
  // The device's store; null without one (first run, a coordinator) or while
  // slow work has it on the worker.
  [[nodiscard]] store::DeviceStore* store();

  void noteActivity();                // any touch or key: the idle lock starts counting again
  void clearMessages();               // the error and notice lines, and a question not answered
  void fail(const std::exception& e);  // state().error: what went wrong, in the screens' language
  void hush();                         // read-aloud stops

  // What the owner of the parts does for them.
  virtual void refreshDetail() = 0;        // the open child's page, read again from the store
  virtual void refreshChildren() = 0;      // the home screen's list, read again
  virtual void releaseField(Field f) = 0;  // `f` lets go of the caret (and the keyboard goes) when it has it
  virtual void openChild(store::ChildId child) = 0;  // the child's page
  virtual void goHome() = 0;                         // the home screen
  // Who may unlock (also while slow work has the store).
  [[nodiscard]] virtual std::vector<store::Volunteer> volunteers() const = 0;
  [[nodiscard]] virtual bool busy() const = 0;  // slow work runs: taps are ignored
  virtual void runWithStore(Busy what, StoreWork work, AfterWork then) = 0;
  // The other parts.
  [[nodiscard]] virtual LockPart& lock() = 0;            // the lock screen and the PIN pad (lock.hpp)
  [[nodiscard]] virtual ChildModePart& childMode() = 0;  // the hand-over and the questions (child_mode.hpp)
  // Stand-ins for what is not yet a part: the PIN flows' goals, recovery.
  virtual void unlocked() = 0;        // the right PIN on the lock screen: where the volunteer goes next
  virtual void newPinChosen() = 0;    // a new PIN typed twice: do what state().pin.flow is for
  virtual void forgetRecovery() = 0;  // "Glemt PIN-koden?" left half done: its passphrase wiped
  virtual void keyboardDone() = 0;    // the text field lets go, the keyboard goes (text_input.cpp)

 protected:
  ~ModelContext() = default;

 private:
  AppState& state_;
  const core::FormSet& forms_;
  const Clock& clock_;
  std::optional<store::DeviceStore>& store_;
};

}  // namespace spor::ui
