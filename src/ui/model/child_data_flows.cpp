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
        store_->abandon(*c.measurement);
        childMode_.forgetChild(m.child);
        refreshDetail();
        refreshChildren();
        state_.notice = trf(Word::MeasurementAbandonedDone, l, {core::occasionName(m.occasion).in(l)});
        return;
      }
      case ConfirmState::Ask::BackgroundDecline: formRunner_.declineConfirmed(); return;
      case ConfirmState::Ask::DiscardChildDraft: {
        if (state_.screen == Screen::ChildEdit) childEditor_.discard();
        return;
      }
      case ConfirmState::Ask::FinishFidelity: fidelity_.finishConfirmed(); return;
      case ConfirmState::Ask::EndCourse: course_.confirmed(); return;
      case ConfirmState::Ask::RemoveVolunteer:
        if (c.volunteer) volunteers_.removeConfirmed(*c.volunteer);
        return;
    }
  } catch (const std::exception& e) {
    fail(e);
  }
}

}  // namespace spor::ui
