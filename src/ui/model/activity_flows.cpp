// The project's activity follow-up form (issue 14 item 6, forms/README.md
// "activity"): a short volunteer form per child, due at fixed points after
// enrolment (Børnenes Brobygger: has the child started the leisure
// activity, is the child still active). It is stored like the background
// form (a background-kind response with the activity form's id, so no new
// table and no new bundle record), and asked on the background form's
// screen; its first question, the point, is answered from the checklist
// line the volunteer tapped.
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"

namespace spor::ui {

void AppModel::startActivity(int months) {
  if (!store_ || !state_.detail || !state_.detail->project) return;
  clearMessages();
  const store::Child& c = state_.detail->summary.child;
  const core::BackgroundForm* form = forms_.activityFor(*state_.detail->project);
  if (!form) {
    state_.error = tr(Word::ErrNoActivityForm, lang());
    return;
  }
  if (state_.detail->consentWithdrawnOn()) {  // the consent gate says why
    state_.error = trf(Word::ErrConsentWithdrawn, lang(), {state_.detail->summary.name});
    return;
  }
  // Only what the checklist offers (not before its point).
  bool offered = false;
  for (const core::DueEntry& e : state_.detail->summary.due)
    if (e.task == core::Task::Activity && e.months == months && e.canStart()) offered = true;
  if (!offered) return;
  try {
    BackgroundDraft d;
    std::optional<store::BackgroundId> id;
    for (const store::BackgroundResponse& b : store_->backgrounds(c.id)) {
      if (b.formId != form->id ||
          (b.state != store::ResponseState::InProgress && b.state != store::ResponseState::Paused))
        continue;
      std::map<std::string, store::FormValue> values;
      for (const auto& a : b.answers) values[a.questionId] = a.value;
      const auto point = values.find(core::kActivityPointQuestion);
      if (point == values.end() || point->second.codes != std::vector<int>{months}) continue;
      id = b.id;
      d.values = std::move(values);
    }
    if (!id) {
      id = store_->startBackground(c.id, *form);
      const store::FormValue point{{months}, std::nullopt, {}, false};
      store_->answer(*id, core::kActivityPointQuestion, point);
      d.values[core::kActivityPointQuestion] = point;
    }
    d.id = *id;
    d.child = c.id;
    d.form = form;
    d.activityMonths = months;
    for (const core::Section& s : form->sections)
      for (const core::Question& q : s.questions) d.questions.push_back(&q);
    // The first question without an answer (the point is answered already;
    // "Tilbage" shows it).
    while (d.index < d.questions.size() && d.values.count(d.questions[d.index]->id)) ++d.index;
    if (d.index >= d.questions.size()) d.index = d.questions.size() - 1;
    state_.background = std::move(d);
    state_.screen = Screen::BackgroundForm;
    noteActivity();
  } catch (const std::exception& e) {
    fail(e);
  }
}

}  // namespace spor::ui
