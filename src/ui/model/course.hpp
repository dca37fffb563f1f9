#pragma once
// The course part of the app model (issue 14 item 4): how a child's course
// ended, and why a due measurement was not taken, recorded on the open
// child's page (course.cpp). Views call model.course().save() and draw
// state().course.
#include <optional>
#include <string>

#include "core/forms.hpp"
#include "core/occasions.hpp"
#include "ui/model/context.hpp"

namespace spor::ui {

// "Afslut forløb" on the child's page: how the course ended, why when it
// stopped early, and on which day. Open while the page shows the form;
// "Gem" checks it and asks before it records it (sealed; it goes to the
// coordinator with the next bundle).
struct CourseEndDraft {
  bool open = false;
  std::optional<core::CourseEnd> kind;     // none chosen yet
  std::optional<core::StopReason> reason;  // only for StoppedEarly, and required there
  core::Date on{};                         // default: today
  std::string error;                       // what stops "Gem", in the screens' language
};

struct CourseState {
  CourseEndDraft end;  // "Afslut forløb", while open
  // The checklist line whose "Hvorfor ikke taget?" was tapped; its reasons
  // are shown under it until one is tapped.
  std::optional<core::Task> missedFor;
};

class CoursePart {
 public:
  explicit CoursePart(ModelContext& ctx) : ctx_(ctx) {}

  // "Afslut forløb" (or "Ret afslutningen") opens state().course.end: the
  // kind, the reason when it stopped early, the day (today unless changed).
  // save() says what is missing or wrong (a day before the child's start or
  // in the future: the catalogue's words) and changes nothing; else it asks
  // (confirm), and the model's confirmYes() records it through confirmed()
  // (DeviceStore::endCourse). Recording it again replaces it.
  void start();
  void kind(core::CourseEnd kind);  // another kind than StoppedEarly forgets the reason
  void reason(core::StopReason reason);
  void date(core::Date on);
  void step(int days);  // a day back (-1) or on (+1), a week back (-7); kept between the start and today
  void save();
  void cancel();
  void confirmed();  // confirmYes() for ConfirmState::Ask::EndCourse

  // "Hvorfor ikke taget?" on a checklist line that DueEntry::canRecordMissed():
  // its reasons show under it; tapping one records it (DeviceStore::recordMissed)
  // and the line shows it instead of "nu". A measurement taken is not offered,
  // and the store refuses it (nothing changes).
  void missedStart(core::Task task);
  void missedChoose(core::MissedReason reason);
  void missedCancel();

 private:
  [[nodiscard]] AppState& state() { return ctx_.state(); }
  ModelContext& ctx_;
};

}  // namespace spor::ui
