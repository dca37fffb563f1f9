// The form runner part (form_runner.hpp): the background form and a
// project's activity follow-up form, one question at a time, every answer
// stored as it is given. The activity form (issue 14 item 6,
// forms/README.md "activity") is a short volunteer form per child, due at
// fixed points after enrolment (Børnenes Brobygger: has the child started
// the leisure activity, is the child still active). It is stored like the
// background form (a background-kind response with the activity form's id,
// so no new table and no new bundle record), and asked on the same screen;
// its first question, the point, is answered from the checklist line the
// volunteer tapped.
#include "ui/model/form_runner.hpp"

#include <algorithm>
#include <map>

#include "store/device_store.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"

namespace spor::ui {

// --- The background form --------------------------------------------------------------------------

namespace {
// The text field's starting value for the question on screen: its "Andet"
// text, its free text, or its number.
std::string draftFor(const BackgroundDraft& d) {
  const core::Question* q = d.questions[d.index];
  const auto it = d.values.find(q->id);
  if (it == d.values.end()) return {};
  if ((q->type == core::QuestionType::Year || q->type == core::QuestionType::Number) && it->second.number)
    return std::to_string(*it->second.number);
  return it->second.text;
}

// An answer says something: an option, a number, a text, or "no answer" said
// explicitly (an unticked multiple choice is stored, but says nothing).
bool answered(const store::FormValue& v) {
  return v.declined || !v.codes.empty() || v.number || !v.text.empty();
}

// The question's own "no answer" option ("Ved ikke", "Vil ikke oplyse"), if it lists one.
const core::ChoiceOption* ownNoAnswer(const core::Question& q) {
  for (const core::ChoiceOption& o : q.options)
    if (o.missing == core::MissingKind::DontKnow || o.missing == core::MissingKind::Declined) return &o;
  return nullptr;
}
}  // namespace

void FormRunnerPart::startBackground(store::ChildId child) {
  if (!ctx_.forms().background) {
    state().error = tr(Word::ErrNoBackgroundForm, ctx_.lang());
    return;
  }
  std::optional<store::BackgroundId> id;
  BackgroundDraft d;
  for (const auto& b : ctx_.store()->backgrounds(child)) {
    if (b.formId != ctx_.forms().background->id) continue;  // an activity form (activity_flows.cpp)
    if (b.state == store::ResponseState::InProgress || b.state == store::ResponseState::Paused) {
      id = b.id;
      for (const auto& a : b.answers) d.values[a.questionId] = a.value;
    }
  }
  const bool fresh = !id;
  if (!id) id = ctx_.store()->startBackground(child, *ctx_.forms().background);
  d.id = *id;
  d.child = child;
  d.form = &*ctx_.forms().background;
  for (const core::Section& s : ctx_.forms().background->sections)
    for (const core::Question& q : s.questions) d.questions.push_back(&q);
  if (fresh) prefill(d, child);
  // Resume at the first question without an answer, or, every one answered,
  // at the last, where "Færdig" is (a walkthrough was sent back to question 1).
  // (A form just started begins at its first question, pre-filled or not.)
  while (!fresh && d.index < d.questions.size() && d.values.count(d.questions[d.index]->id)) ++d.index;
  if (d.index >= d.questions.size()) d.index = d.questions.empty() ? 0 : d.questions.size() - 1;
  d.otherText = draftFor(d);
  state().background = std::move(d);
  state().screen = Screen::BackgroundForm;
  ctx_.noteActivity();
}

const core::Question* FormRunnerPart::question() const {
  if (!state().background || state().background->index >= state().background->questions.size()) return nullptr;
  return state().background->questions[state().background->index];
}

bool FormRunnerPart::offersDecline() const {
  const core::Question* q = question();
  // An activity form's point is the checklist line's, not an answer to withhold.
  if (q && state().background->activityMonths > 0 && q->id == core::kActivityPointQuestion) return false;
  return q && !ownNoAnswer(*q);
}

std::string& FormRunnerPart::otherText() {
  static std::string none;
  return state().background ? state().background->otherText : none;
}

void FormRunnerPart::answer(const store::FormValue& value) {
  const core::Question* q = question();
  if (!q || !ctx_.store()) return;
  ctx_.clearMessages();  // "Vælg et svar" is answered now
  try {
    ctx_.store()->answer(state().background->id, q->id, value);
    state().background->values[q->id] = value;
  } catch (const std::exception& e) {
    ctx_.fail(e);
    return;
  }
  // A single choice (and "vil ikke oplyse") moves on by itself; the rest wait for "Næste".
  // The last question waits for "Færdig": a moment to look before the form is saved
  // (a new user's trial found it saved and closed at the tap on the last answer).
  const BackgroundDraft& d = *state().background;
  const bool last = d.index + 1 >= d.questions.size();
  if (!last && ((q->type == core::QuestionType::Single && !q->other) || value.declined)) {
    state().background->otherText.clear();
    next();
    if (state().background) state().background->movedOnAt = ctx_.clock().now();
  }
  ctx_.noteActivity();
}

void FormRunnerPart::toggle(int code) {
  const core::Question* q = question();
  if (!q) return;
  ctx_.clearMessages();  // "Vælg et svar" is answered now
  store::FormValue v;
  if (auto it = state().background->values.find(q->id); it != state().background->values.end()) v = it->second;
  v.declined = false;
  // A tick box goes off at a second tap; a single choice stays chosen (a
  // second tap on "Ved ikke" switched it off, leaving no answer).
  if (auto it = std::find(v.codes.begin(), v.codes.end(), code); it != v.codes.end()) {
    if (q->type == core::QuestionType::Multi) v.codes.erase(it);
  } else if (q->type == core::QuestionType::Multi)
    v.codes.push_back(code);
  else
    v.codes = {code};
  // One answer to a single choice: an option chosen replaces an "Andet" text
  // (and a text typed replaces the option, storeBackgroundTyping).
  if (q->type == core::QuestionType::Single) state().background->otherText.clear();
  v.text = state().background->otherText;
  try {
    ctx_.store()->answer(state().background->id, q->id, v);
    state().background->values[q->id] = v;
  } catch (const std::exception& e) {
    ctx_.fail(e);
  }
  ctx_.noteActivity();
}

void FormRunnerPart::decline() {
  const core::Question* q = question();
  if (!q || !ctx_.store()) return;
  const store::FormValue declined{{}, std::nullopt, {}, true};
  // What "Ved ikke" would take away: options ticked, an "Andet" text stored or typed.
  std::vector<std::string> lost;
  std::string kept;  // a number or text stored, which the field shows too
  if (auto it = state().background->values.find(q->id); it != state().background->values.end() && !it->second.declined) {
    for (const int code : it->second.codes)
      for (const core::ChoiceOption& o : q->options)
        if (o.code == code) lost.push_back(quoted(o.label.in(ctx_.lang()), ctx_.lang()));
    if (it->second.number) kept = std::to_string(*it->second.number);
    if (!it->second.text.empty()) kept = it->second.text;
    if (!kept.empty()) lost.push_back(quoted(kept, ctx_.lang()));
  }
  const std::string& typed = state().background->otherText;
  if (!typed.empty() && typed != kept) lost.push_back(quoted(typed, ctx_.lang()));
  if (lost.empty()) {
    answer(declined);
    return;
  }
  // Nothing entered vanishes silently: say what goes, and let "Annullér" keep it.
  ctx_.clearMessages();
  std::string list;
  for (std::size_t i = 0; i < lost.size(); ++i)
    list += (i == 0 ? "" : i + 1 == lost.size() ? std::string(" ") + tr(Word::And, ctx_.lang()) + " " : ", ") + lost[i];
  ConfirmState& c = state().confirm;
  c.ask = ConfirmState::Ask::BackgroundDecline;
  c.title = trf(Word::ConfirmDeclineTitle, ctx_.lang(), {quoted(tr(Word::BackgroundDecline, ctx_.lang()), ctx_.lang())});
  c.body = trf(Word::ConfirmDeclineBody, ctx_.lang(), {list});
  c.yes = tr(Word::ConfirmDeclineYes, ctx_.lang());
  ctx_.noteActivity();
}

// Stores what was typed on the question on screen with its answer: a
// number, a free text, or the "Andet" text of a choice (alone, or beside
// ticked options: "Andet, nemlig ..." by itself is a complete answer).
// False, with the error set, when it cannot be stored; then nothing moves.
bool FormRunnerPart::storeTyping() {
  BackgroundDraft& d = *state().background;
  const core::Question* q = question();
  if (!q) return true;
  auto it = d.values.find(q->id);
  std::optional<store::FormValue> v;
  const bool numeric = q->type == core::QuestionType::Year || q->type == core::QuestionType::Number;
  if (numeric && !d.otherText.empty()) {
    int n = 0;
    const int lo = q->min.value_or(0);
    const int hi = q->max.value_or(1'000'000);
    try {
      std::size_t used = 0;
      n = std::stoi(d.otherText, &used);
      if (used != d.otherText.size()) n = lo - 1;
    } catch (const std::exception&) {
      n = lo - 1;
    }
    if (n < lo || n > hi) {
      state().error = trf(Word::ErrNumber, ctx_.lang(), {std::to_string(lo), std::to_string(hi)});
      return false;
    }
    if (it == d.values.end() || it->second.number != n) v = store::FormValue{{}, n, {}, false};
  } else if (q->type == core::QuestionType::Text && !d.otherText.empty()) {
    if (it == d.values.end() || it->second.text != d.otherText)
      v = store::FormValue{{}, std::nullopt, d.otherText, false};
  } else if (q->other && it != d.values.end() && !it->second.declined && it->second.text != d.otherText) {
    v = it->second;  // the ticked options stay; the text is what the field says now
    v->text = d.otherText;
    // A single choice has one answer: "Andet, nemlig" with its text replaces the option chosen.
    if (q->type == core::QuestionType::Single && !d.otherText.empty()) v->codes.clear();
  } else if (q->other && !d.otherText.empty() && (it == d.values.end() || it->second.declined)) {
    v = store::FormValue{{}, std::nullopt, d.otherText, false};  // "Andet, nemlig ..." alone
  }
  if (v) {
    try {
      ctx_.store()->answer(d.id, q->id, *v);
      d.values[q->id] = *v;
    } catch (const std::exception& e) {
      ctx_.fail(e);
      return false;
    }
  }
  return true;
}

void FormRunnerPart::next() {
  if (!state().background) return;
  BackgroundDraft& d = *state().background;
  d.movedOnAt.reset();
  ctx_.clearMessages();
  if (!storeTyping()) return;
  // No step moves on silently past an unanswered question: say what is
  // missing, and how to say "no answer" on purpose.
  if (const core::Question* q = question(); q && !q->optional) {
    const auto it = d.values.find(q->id);
    if (it == d.values.end() || !answered(it->second)) {
      const core::ChoiceOption* own = ownNoAnswer(*q);
      state().error = trf(Word::ErrBackgroundChoose, ctx_.lang(),
                         {own ? own->label.in(ctx_.lang()) : std::string(tr(Word::BackgroundDecline, ctx_.lang()))});
      return;
    }
  }
  if (d.index + 1 < d.questions.size()) {
    ++d.index;
    ctx_.keyboardDone();  // the next question's field is another field
    d.otherText = draftFor(d);
    ctx_.noteActivity();
    return;
  }
  // The end: finished when every required question has an answer.
  for (std::size_t i = 0; i < d.questions.size(); ++i) {
    const auto it = d.values.find(d.questions[i]->id);
    if (!d.questions[i]->optional && (it == d.values.end() || !answered(it->second))) {
      d.index = i;
      ctx_.keyboardDone();
      d.otherText = draftFor(d);
      state().error = tr(Word::ErrBackgroundMissing, ctx_.lang());
      return;
    }
  }
  try {
    ctx_.store()->finish(d.id);
  } catch (const std::exception& e) {
    ctx_.fail(e);
    return;
  }
  const store::ChildId child = d.child;
  const bool activity = d.activityMonths > 0;
  state().background.reset();
  ctx_.openChild(child);
  state().notice = tr(activity ? Word::ActivityDone : Word::BackgroundDone, ctx_.lang());
}

void FormRunnerPart::back() {
  if (!state().background) return;
  BackgroundDraft& d = *state().background;
  ctx_.clearMessages();
  // Going back keeps what was typed, like going on: stored, or (a number
  // out of range) said, and the screen stays.
  if (!storeTyping()) return;
  if (d.index == 0) {
    const store::ChildId child = d.child;
    state().background.reset();
    ctx_.openChild(child);  // the answers so far stay; the checklist says "in progress"
    return;
  }
  --d.index;
  ctx_.keyboardDone();
  d.otherText = draftFor(d);
  ctx_.noteActivity();
}


// --- The activity form (issue 14 item 6) ---------------------------------------------------------

void FormRunnerPart::startActivity(int months) {
  if (!ctx_.store() || !state().detail || !state().detail->project) return;
  ctx_.clearMessages();
  const store::Child& c = state().detail->summary.child;
  const core::BackgroundForm* form = ctx_.forms().activityFor(*state().detail->project);
  if (!form) {
    state().error = tr(Word::ErrNoActivityForm, ctx_.lang());
    return;
  }
  if (state().detail->consentWithdrawnOn()) {  // the consent gate says why
    state().error = trf(Word::ErrConsentWithdrawn, ctx_.lang(), {state().detail->summary.name});
    return;
  }
  // Only what the checklist offers (not before its point).
  bool offered = false;
  for (const core::DueEntry& e : state().detail->summary.due)
    if (e.task == core::Task::Activity && e.months == months && e.canStart()) offered = true;
  if (!offered) return;
  try {
    BackgroundDraft d;
    std::optional<store::BackgroundId> id;
    for (const store::BackgroundResponse& b : ctx_.store()->backgrounds(c.id)) {
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
      id = ctx_.store()->startBackground(c.id, *form);
      const store::FormValue point{{months}, std::nullopt, {}, false};
      ctx_.store()->answer(*id, core::kActivityPointQuestion, point);
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
    state().background = std::move(d);
    state().screen = Screen::BackgroundForm;
    ctx_.noteActivity();
  } catch (const std::exception& e) {
    ctx_.fail(e);
  }
}


void FormRunnerPart::prefill(BackgroundDraft& d, store::ChildId child) {
  // The child's record already says when it was born and its gender: the
  // form starts with them (stored as answers, so they are there when the
  // form is resumed), and the volunteer can change them like any answer.
  const store::Child c = ctx_.store()->child(child);
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
    ctx_.store()->answer(d.id, q->id, *v);
    d.values[q->id] = *v;
    filled = true;
  }
  if (filled) state().notice = tr(Word::BackgroundPrefilled, ctx_.lang());
}

void FormRunnerPart::declineConfirmed() {
  if (!state().background) return;
  state().background->otherText.clear();  // asked, and said yes: the text goes with the options
  answer(store::FormValue{{}, std::nullopt, {}, true});
}

}  // namespace spor::ui
