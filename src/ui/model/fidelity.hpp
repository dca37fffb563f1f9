#pragma once
// The fidelity part of the app model (fidelity.cpp): a project's fidelity
// form ("Skema om forløbet"), answered by the acting volunteer one item at
// a time, each answer stored as it is given; the last one asks before the
// form is saved. The home screen lists one line per project on the device.
// Views call model.fidelity().answer(3) and draw state().fidelity
// (FidelityDraft) and state().fidelityForms.
#include <optional>
#include <string>
#include <vector>

#include "core/forms.hpp"
#include "ui/model/context.hpp"

namespace spor::ui {

struct FidelityStatus;

class FidelityPart {
 public:
  explicit FidelityPart(ModelContext& ctx) : ctx_(ctx) {}

  // The projects of the children on the device that have a fidelity form.
  [[nodiscard]] std::vector<const core::Project*> projects() const;
  // Per project: a form this volunteer left half done, and when one was
  // last finished. Read from the store when the home screen's list is
  // refreshed (into state().fidelityForms), not on every frame.
  [[nodiscard]] std::vector<FidelityStatus> readStatus() const;
  [[nodiscard]] const std::vector<FidelityStatus>& status() const;
  void start(const std::string& projectId);
  void answer(std::optional<int> value);  // nullopt: declined
  void back();
  void finishConfirmed();  // confirmYes() for ConfirmState::Ask::FinishFidelity

 private:
  [[nodiscard]] AppState& state() { return ctx_.state(); }
  [[nodiscard]] const AppState& state() const { return ctx_.state(); }
  void askFinish();
  ModelContext& ctx_;
};

}  // namespace spor::ui
