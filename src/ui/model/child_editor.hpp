#pragma once
// The child editor part of the app model (child_editor.cpp): a new child, or
// the changes to one, with parental consent, until saved. The draft
// (state().childDraft, ChildDraft in app_state.hpp) changes only through
// these methods and the text fields (text_input.cpp); views draw it and call
// model.childEditor().save().
#include <string>
#include <utility>
#include <vector>

#include "core/forms.hpp"
#include "store/records.hpp"
#include "ui/model/context.hpp"

namespace spor::ui {

enum class ChildField;
struct ChildDraft;

class ChildEditorPart {
 public:
  explicit ChildEditorPart(ModelContext& ctx) : ctx_(ctx) {}

  void start();  // a new child: nothing chosen for the volunteer
  void edit();   // the open child's details and consent
  [[nodiscard]] const ChildDraft& draft() const;
  // The text fields' values set at once (a paste; the tests), as typing them
  // would: the birth year's error goes once it is fixed.
  void nickname(std::string nickname);
  void birthYear(std::string text);
  void project(const std::string& projectId);  // also keeps only interventions the project offers
  void toggleIntervention(core::Intervention i);
  void gender(store::Gender g);
  void consentGiven(bool given);
  void municipality(std::string municipality);  // one of the project's (the view offers only those)
  void consentBy(std::string by);
  void consentSharing(bool sharing);
  void consentCovers(bool questionnaires, bool background);
  // The draft's first missing or wrong field and what to say; None when it can be saved.
  [[nodiscard]] std::pair<ChildField, std::string> check() const;
  // Every missing or wrong field, in the form's order, each once.
  [[nodiscard]] std::vector<std::pair<ChildField, std::string>> problems() const;
  void recheck();  // a field changed: its error goes once it is fixed
  void save();     // validates; adds or updates; records consent; opens the child
  // Leaves the form; asks first (ConfirmState::Ask::DiscardChildDraft) when
  // anything was typed or chosen since it opened.
  void cancel();
  void discard();  // leaves the form without asking: to the child's page, or home
  // The view has scrolled the error's field, or the consent just ticked, into view.
  void scrolledToError();
  void scrolledToConsent();

 private:
  [[nodiscard]] AppState& state() { return ctx_.state(); }
  [[nodiscard]] const AppState& state() const { return ctx_.state(); }
  ModelContext& ctx_;
};

}  // namespace spor::ui
