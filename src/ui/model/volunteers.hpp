#pragma once
// The volunteers part of the app model (volunteers.cpp): the Volunteers
// screen. Who may unlock the tablet: a new volunteer with a PIN typed
// twice, one's own PIN changed, a colleague's PIN reset, a volunteer
// removed (never the last). The PINs themselves go through the PIN pad.
// Views call model.volunteersPart().addStart() and draw
// state().volunteersScreen.
#include <string>

#include "store/records.hpp"
#include "ui/model/context.hpp"

namespace spor::ui {

struct VolunteersState {
  std::string newName;  // the new volunteer's name (Field::VolunteerName)
};

class VolunteersPart {
 public:
  explicit VolunteersPart(ModelContext& ctx) : ctx_(ctx) {}

  void open();  // the Volunteers screen
  // The new volunteer's name set at once (a paste; the tests), as typing it would.
  void name(std::string name);
  void addStart();        // with the name: choose their PIN next
  void changePinStart();  // the acting volunteer: current PIN, then the new one twice
  void resetPinStart(store::VolunteerId who);  // a colleague's new PIN, typed twice on the pad
  // Fills state().confirm; not the last one; yourself only when another exists.
  void askRemove(store::VolunteerId who);
  void removeConfirmed(store::VolunteerId who);  // confirmYes() for ConfirmState::Ask::RemoveVolunteer

 private:
  [[nodiscard]] AppState& state() { return ctx_.state(); }
  ModelContext& ctx_;
};

}  // namespace spor::ui
