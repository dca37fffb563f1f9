// The fidelity part (fidelity.hpp): a project's fidelity form, answered by
// the acting volunteer, each answer stored as it is given.
#include "ui/model/fidelity.hpp"

#include <algorithm>

#include "store/device_store.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"

namespace spor::ui {

// --- The fidelity form ------------------------------------------------------------------------------------

std::vector<const core::Project*> FidelityPart::projects() const {
  std::vector<const core::Project*> out;
  for (const ChildSummary& c : state().children) {
    auto it = ctx_.forms().projects.find(c.child.details.projectId);
    if (it == ctx_.forms().projects.end() || !ctx_.forms().fidelityFor(it->second)) continue;
    if (std::find(out.begin(), out.end(), &it->second) == out.end()) out.push_back(&it->second);
  }
  return out;
}

std::vector<FidelityStatus> FidelityPart::readStatus() const {
  std::vector<FidelityStatus> out;
  store::DeviceStore* store = ctx_.store();
  if (!store || !store->unlocked()) return out;
  for (const core::Project* p : projects()) {
    FidelityStatus st;
    st.project = p;
    st.items = ctx_.forms().fidelityFor(*p)->items.size();
    try {
      for (const store::FidelityResponse& r : store->fidelityResponses(p->id)) {
        if (r.state == store::ResponseState::Finished) {
          if (!st.lastFinished || r.onDate > *st.lastFinished) st.lastFinished = r.onDate;
        } else if (r.state != store::ResponseState::Abandoned && r.answeredBy == store->actingVolunteer()) {
          st.started = true;
          st.answered = r.answers.size();
        }
      }
    } catch (const std::exception&) {
      // The store is with the worker or locked: the buttons say nothing extra this frame.
    }
    out.push_back(st);
  }
  return out;
}

void FidelityPart::start(const std::string& projectId) {
  if (!ctx_.store()) return;
  ctx_.clearMessages();
  try {
    const core::Project& p = ctx_.forms().project(projectId);
    const core::FidelityForm* form = ctx_.forms().fidelityFor(p);
    if (!form) return;
    FidelityDraft d;
    d.form = form;
    // One this volunteer left half done is continued where it stopped; a
    // new one is begun in the store at its first answer (answer()).
    for (const store::FidelityResponse& r : ctx_.store()->fidelityResponses(projectId)) {
      if (r.state == store::ResponseState::Finished || r.state == store::ResponseState::Abandoned ||
          r.answeredBy != ctx_.store()->actingVolunteer() || r.formId != form->id || r.formVersion != form->version)
        continue;
      d.id = r.id;
      d.values.clear();
      for (const store::Answer& a : r.answers) d.values[a.itemId] = a.value;
    }
    while (d.index + 1 < form->items.size() && d.values.count(form->items[d.index].id)) ++d.index;
    state().fidelity = d;
    state().screen = Screen::FidelityForm;
    // Left at its last step with every item answered: the save question again.
    if (d.values.size() >= form->items.size() && d.values.count(form->items.back().id)) askFinish();
    ctx_.noteActivity();
  } catch (const std::exception& e) {
    ctx_.fail(e);
  }
}

void FidelityPart::answer(std::optional<int> value) {
  if (!state().fidelity || !ctx_.store()) return;
  FidelityDraft& d = *state().fidelity;
  if (d.index >= d.form->items.size()) return;
  const std::string& item = d.form->items[d.index].id;
  try {
    if (!d.id) d.id = ctx_.store()->startFidelity({d.form->project, d.form->id, d.form->version, ctx_.today()});
    ctx_.store()->answer(*d.id, item, value);  // nullopt: declined
    d.values[item] = value;
    if (d.index + 1 < d.form->items.size())
      ++d.index;
    else
      askFinish();
  } catch (const std::exception& e) {
    ctx_.fail(e);
  }
  ctx_.noteActivity();
}

// The last answer is stored; saving the form is asked, so the volunteer can
// look back first (it saved and closed at once).
void FidelityPart::askFinish() {
  ConfirmState& c = state().confirm;
  c.ask = ConfirmState::Ask::FinishFidelity;
  c.title = tr(Word::ConfirmFidelityTitle, ctx_.lang());
  c.body = trf(Word::ConfirmFidelityBody, ctx_.lang(), {std::to_string(state().fidelity->form->items.size())});
  c.yes = tr(Word::ConfirmFidelityYes, ctx_.lang());
}

void FidelityPart::back() {
  if (!state().fidelity) return;
  if (state().fidelity->index == 0) {
    state().fidelity.reset();
    ctx_.goHome();
    return;
  }
  --state().fidelity->index;
  ctx_.noteActivity();
}

const std::vector<FidelityStatus>& FidelityPart::status() const {
  return state().fidelityForms;
}

void FidelityPart::finishConfirmed() {
  if (!state().fidelity) return;
  if (state().fidelity->id) ctx_.store()->finish(*state().fidelity->id);
  state().fidelity.reset();
  ctx_.goHome();
  state().notice = tr(Word::FidelityDone, ctx_.lang());
}

}  // namespace spor::ui
