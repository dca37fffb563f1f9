// The volunteers part (volunteers.hpp): the Volunteers screen. Who may
// unlock the tablet: a new volunteer with a PIN typed twice, one's own PIN
// changed, a colleague's PIN reset, a volunteer removed (never the last).
#include "ui/model/volunteers.hpp"

#include <algorithm>
#include <string>

#include "store/device_store.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"

namespace spor::ui {

void VolunteersPart::name(std::string name) {
  state().volunteersScreen.newName = std::move(name);
  ctx_.noteActivity();
}

void VolunteersPart::open() {
  ctx_.clearMessages();
  state().screen = Screen::Volunteers;
  ctx_.noteActivity();
}

void VolunteersPart::addStart() {
  const std::string& name = state().volunteersScreen.newName;
  if (name.find_first_not_of(' ') == std::string::npos) {
    state().error = tr(Word::ErrNameMissing, ctx_.lang());
    return;
  }
  state().pin.flow = {PinFlow::Goal::AddVolunteer, name, {}, {}, {}};
  ctx_.lock().ask(PinPurpose::NewPin);
}

void VolunteersPart::changePinStart() {
  if (!ctx_.store() || !ctx_.store()->actingVolunteer()) return;
  state().pin.flow = {PinFlow::Goal::ChangePin, state().volunteer, {}, {}, {}};
  ctx_.lock().ask(PinPurpose::OldPin);
}

void VolunteersPart::askRemove(store::VolunteerId who) {
  if (!ctx_.store()) return;
  ctx_.clearMessages();
  const auto all = ctx_.volunteers();
  const auto it = std::find_if(all.begin(), all.end(), [&](const store::Volunteer& v) { return v.id == who; });
  if (it == all.end()) return;
  // The last volunteer stays: nobody could unlock the tablet without one.
  if (all.size() < 2) {
    state().error = trf(Word::ErrLastVolunteer, ctx_.lang(), {it->name});
    return;
  }
  const bool self = ctx_.store()->actingVolunteer() == who;
  ConfirmState& c = state().confirm;
  c.ask = ConfirmState::Ask::RemoveVolunteer;
  c.volunteer = who;
  c.title = trf(Word::ConfirmRemoveTitle, ctx_.lang(), {it->name});
  c.body = trf(self ? Word::ConfirmRemoveSelfBody : Word::ConfirmRemoveBody, ctx_.lang(), {it->name});
  c.yes = trf(Word::ConfirmRemoveYes, ctx_.lang(), {it->name});
  ctx_.noteActivity();
}

void VolunteersPart::resetPinStart(store::VolunteerId who) {
  if (!ctx_.store() || !ctx_.store()->unlocked()) return;
  ctx_.clearMessages();
  for (const auto& v : ctx_.volunteers()) {
    if (v.id != who) continue;
    state().pin.flow = {PinFlow::Goal::ResetPin, v.name, {}, {}, who};
    ctx_.lock().ask(PinPurpose::NewPin);
    return;
  }
}

// confirmYes() for ConfirmState::Ask::RemoveVolunteer.
void VolunteersPart::removeConfirmed(store::VolunteerId who) {
  if (!ctx_.store()) return;
  const core::Lang l = ctx_.lang();
  try {
    std::string name;
    for (const auto& v : ctx_.volunteers())
      if (v.id == who) name = v.name;
    const bool self = ctx_.store()->actingVolunteer() == who;
    ctx_.store()->removeVolunteer(who);
    if (self) {
      // The store forgot the key with the volunteer: whoever is next
      // unlocks, and the lock screen must not offer the removed name.
      state().pin.who.reset();
      ctx_.lock().lock();
      state().notice = trf(Word::VolunteerRemovedDone, l, {name});
      return;
    }
    state().notice = trf(Word::VolunteerRemovedDone, l, {name});
    return;
  } catch (const std::exception& e) {
    ctx_.fail(e);
  }
}

}  // namespace spor::ui
