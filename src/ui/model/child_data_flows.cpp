// The app model, part 3: what a volunteer does that cannot be undone, each
// behind a confirmation that names who it is about. Parents withdraw
// consent; a child's data are erased (two steps); a paused questionnaire is
// abandoned; a volunteer is removed, or a colleague's forgotten PIN replaced.
// Also the background form's pre-fill from the child's record.
#include <algorithm>

#include "store/error.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"

namespace spor::ui {

void AppModel::askWithdrawConsent() {
  if (!store_ || !state_.detail) return;
  clearMessages();
  const ChildDetailView& d = *state_.detail;
  if (!d.summary.consent) return;  // nothing active to withdraw
  ConfirmState& c = state_.confirm;
  c.ask = ConfirmState::Ask::WithdrawConsent;
  c.title = trf(Word::ConfirmWithdrawTitle, lang(), {d.summary.name});
  c.body = trf(Word::ConfirmWithdrawBody, lang(), {displayDate(today(), lang())});
  c.yes = tr(Word::ConfirmWithdrawYes, lang());
  noteActivity();
}

void AppModel::askDeleteChild() {
  if (!store_ || !state_.detail) return;
  clearMessages();
  const ChildDetailView& d = *state_.detail;
  ConfirmState& c = state_.confirm;
  c.ask = ConfirmState::Ask::DeleteChild;
  c.title = trf(Word::ConfirmDeleteTitle, lang(), {d.summary.name, d.summary.child.code});
  c.body = tr(Word::ConfirmDeleteBody, lang());
  c.yes = tr(Word::ConfirmDeleteNext, lang());
  noteActivity();
}

void AppModel::askAbandon(core::Task task) {
  if (!store_ || !state_.detail) return;
  clearMessages();
  const auto occasion = core::occasionOf(task);
  if (!occasion) return;
  std::optional<store::MeasurementId> id;
  try {
    for (const store::Measurement& m : store_->measurements(state_.detail->summary.child.id))
      if (m.occasion == *occasion &&
          (m.state == store::ResponseState::InProgress || m.state == store::ResponseState::Paused))
        id = m.id;
  } catch (const std::exception& e) {
    fail(e);
    return;
  }
  if (!id) return;  // nothing under way to abandon
  const std::string name = core::occasionName(*occasion).in(lang());
  ConfirmState& c = state_.confirm;
  c.ask = ConfirmState::Ask::AbandonMeasurement;
  c.measurement = id;
  c.title = trf(Word::ConfirmAbandonTitle, lang(), {name, state_.detail->summary.name});
  c.body = trf(Word::ConfirmAbandonBody, lang(), {name});
  c.yes = tr(Word::ConfirmAbandonYes, lang());
  noteActivity();
}

void AppModel::confirmNo() {
  state_.confirm = {};
  noteActivity();
}

void AppModel::confirmYes() {
  if (!store_) return;
  const ConfirmState c = state_.confirm;
  state_.confirm = {};
  noteActivity();
  const core::Lang l = lang();
  try {
    switch (c.ask) {
      case ConfirmState::Ask::None: return;
      case ConfirmState::Ask::WithdrawConsent: {
        if (!state_.detail) return;
        auto batch = store_->batch();
        for (const store::Consent& cs : store_->consents(state_.detail->summary.child.id))
          if (cs.active()) store_->withdrawConsent(cs.id, today());
        batch.commit();
        refreshDetail();
        refreshChildren();
        state_.notice = tr(Word::ConsentWithdrawnDone, l);
        return;
      }
      case ConfirmState::Ask::DeleteChild: {
        if (!state_.detail) return;
        // The second question: the same child, named again, and final.
        const ChildSummary& s = state_.detail->summary;
        state_.confirm.ask = ConfirmState::Ask::DeleteChildFinal;
        state_.confirm.title = tr(Word::ConfirmDeleteFinalTitle, l);
        state_.confirm.body = trf(Word::ConfirmDeleteFinalBody, l, {s.name, s.child.code});
        state_.confirm.yes = trf(Word::ConfirmDeleteYes, l, {s.name});
        return;
      }
      case ConfirmState::Ask::DeleteChildFinal: {
        if (!state_.detail) return;
        const ChildSummary s = state_.detail->summary;
        store_->deleteChild(s.child.id);
        childMode_.forgetChild(s.child.id);
        goHome();
        state_.notice = trf(Word::ChildDeletedDone, l, {s.name, s.child.code});
        return;
      }
      case ConfirmState::Ask::AbandonMeasurement: {
        if (!c.measurement) return;
        const store::Measurement m = store_->measurement(*c.measurement);
        store_->abandonMeasurement(*c.measurement);
        childMode_.forgetChild(m.child);
        refreshDetail();
        refreshChildren();
        state_.notice = trf(Word::MeasurementAbandonedDone, l, {core::occasionName(m.occasion).in(l)});
        return;
      }
      case ConfirmState::Ask::BackgroundDecline: {
        if (!state_.background) return;
        state_.background->otherText.clear();  // asked, and said yes: the text goes with the options
        backgroundAnswer(store::FormValue{{}, std::nullopt, {}, true});
        return;
      }
      case ConfirmState::Ask::FinishFidelity: {
        if (!state_.fidelity) return;
        if (state_.fidelity->id) store_->finishFidelity(*state_.fidelity->id);
        state_.fidelity.reset();
        goHome();
        state_.notice = tr(Word::FidelityDone, l);
        return;
      }
      case ConfirmState::Ask::EndCourse: course_.confirmed(); return;
      case ConfirmState::Ask::RemoveVolunteer:
        if (c.volunteer) volunteers_.removeConfirmed(*c.volunteer);
        return;
    }
  } catch (const std::exception& e) {
    fail(e);
  }
}

void AppModel::prefillBackground(BackgroundDraft& d, store::ChildId child) {
  // The child's record already says when it was born and its gender: the
  // form starts with them (stored as answers, so they are there when the
  // form is resumed), and the volunteer can change them like any answer.
  const store::Child c = store_->child(child);
  bool filled = false;
  for (const core::Question* q : d.questions) {
    std::optional<store::FormValue> v;
    if (q->id == "birth_year" && c.details.birthYear && q->type == core::QuestionType::Year)
      v = store::FormValue{{}, *c.details.birthYear, {}, false};
    if (q->id == "gender" && c.details.gender && q->type == core::QuestionType::Single) {
      int code = 9;  // the background form's codes: 1 girl, 2 boy, 3 other, 9 would rather not say
      switch (*c.details.gender) {
        case store::Gender::Girl: code = 1; break;
        case store::Gender::Boy: code = 2; break;
        case store::Gender::Other: code = 3; break;
        case store::Gender::NotSaid: code = 9; break;
      }
      for (const core::ChoiceOption& o : q->options)
        if (o.code == code) v = store::FormValue{{code}, std::nullopt, {}, false};
    }
    // The child's intervention types, as registered (a new-user trial: the
    // form asked again what the child's page already says).
    if (q->id == "interventions" && !c.details.interventions.empty() && q->type == core::QuestionType::Multi) {
      std::vector<int> codes;
      for (const core::Intervention i : c.details.interventions) {
        int code = 0;  // the background form's codes: 1 individual, 2 group, 3 family, 4 bridging (version 2)
        switch (i) {
          case core::Intervention::Individual: code = 1; break;
          case core::Intervention::Group: code = 2; break;
          case core::Intervention::Family: code = 3; break;
          case core::Intervention::Bridging: code = 4; break;
        }
        for (const core::ChoiceOption& o : q->options)
          if (o.code == code) codes.push_back(code);
      }
      std::sort(codes.begin(), codes.end());
      if (!codes.empty()) v = store::FormValue{codes, std::nullopt, {}, false};
    }
    if (!v) continue;
    store_->answerBackground(d.id, q->id, *v);
    d.values[q->id] = *v;
    filled = true;
  }
  if (filled) state_.notice = tr(Word::BackgroundPrefilled, lang());
}

}  // namespace spor::ui
