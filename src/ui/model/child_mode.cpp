// The child mode part (child_mode.hpp): the hand-over, one item at a time
// with the double-tap guard, pause and resume, read-aloud requests, the
// thank-you screen, and the volunteer taking the tablet back.
#include "ui/model/child_mode.hpp"

#include <algorithm>
#include <stdexcept>

#include "store/device_store.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"

namespace spor::ui {

namespace {

// The face an answer shows. A face sits at the same place on every item of a
// questionnaire (value order, left to right), so a child who answers by
// position always means the same thing. The reversed dimensions (selvskade,
// selvmordsadfærd) are the sensitive ones: there a face would have to be
// mirrored (agreeing means more challenges), and a laughing face beside "Jeg
// tænker på at skade mig selv" is wrong either way, so they get calm neutral
// cards without faces (forms/README.md, "Faces").
core::Face faceFor(const core::Scale& scale, int value, bool neutral) {
  if (neutral) return core::Face::None;
  const core::ScaleOption* opt = scale.option(value);
  return opt ? opt->face : core::Face::None;
}

}  // namespace

// A measurement resumed (paused, locked, or handed back) has answers: the
// child is greeted as continuing, not as starting again.
bool ChildModePart::hasAnswers() const {
  if (!session_) return false;
  const auto& items = session_->items();
  return std::any_of(items.begin(), items.end(),
                     [&](const core::Item* item) { return item && session_->answerFor(item->id).has_value(); });
}

void ChildModePart::handOver(std::unique_ptr<MeasurementSession> session, std::optional<store::ChildId> child,
                             std::string childName, std::optional<std::string> nickname) {
  if (!session) throw std::logic_error("handOver without a measurement");
  session_ = std::move(session);
  child_ = child;
  AppState& s = state();
  s.childNickname = nickname ? std::move(*nickname) : childName;
  s.childName = std::move(childName);
  s.handOverResumed = hasAnswers();
  s.safeguarding.reset();
  s.screen = Screen::HandOver;
  ctx_.clearMessages();
  ctx_.noteActivity();
}

void ChildModePart::handBack() {
  if (!session_ || session_->finished()) return;
  state().handOverResumed = hasAnswers();
  state().screen = Screen::HandOver;
  ctx_.noteActivity();
}

std::optional<core::AnsweringMode> ChildModePart::answeringMode() const {
  return session_ ? session_->answeringMode() : std::nullopt;
}

void ChildModePart::chooseAnsweringMode(core::AnsweringMode mode) {
  if (!session_ || state().screen != Screen::HandOver) return;
  ctx_.noteActivity();
  try {
    session_->setAnsweringMode(mode);
  } catch (const std::exception& e) {
    ctx_.fail(e);
  }
}

void ChildModePart::start() {
  if (!session_ || state().screen != Screen::HandOver) return;
  try {
    session_->resume();
  } catch (const std::exception& e) {
    ctx_.fail(e);
  }
  if (session_->finished()) {
    state().screen = Screen::ChildThanks;
    return;
  }
  state().screen = Screen::ChildQuestion;
  showCurrentItem();
}

void ChildModePart::showCurrentItem() {
  ctx_.noteActivity();
  state().questionShownAt = ctx_.clock().now();
  const Settings& settings = state().settings;
  if (settings.readAloudAuto && settings.readAloud && state().readAloudAvailable)
    readAloud();
  else
    ctx_.hush();
}

ChildItemView ChildModePart::currentItem() const {
  ChildItemView v;
  if (!session_ || session_->finished()) return v;
  const auto& items = session_->items();
  const std::size_t index = session_->currentIndex();
  const core::Item& item = *items[index];
  const core::Lang lang = state().settings.lang;
  const core::Dimension* dim = session_->form().dimension(item.dimension);
  const core::Scale& scale = ctx_.forms().scale(item.scale);

  v.itemId = item.id;
  v.text = item.text.in(lang);
  v.neutral = dim && isSensitiveDimension(*dim);
  if (dim) {
    v.firstOfDimension = index == 0 || items[index - 1]->dimension != item.dimension;
    // A sensitive block's introduction ("Nu kommer nogle sætninger om svære
    // tanker …") is said once, before its first item: repeated before each
    // one it read as a warning. Its last sentence, when it is the question
    // the items answer ("Hvor enig er du i det her?"), stays on every item,
    // as other lead-ins do.
    v.leadIn = dim->leadIn.in(lang);
    if (v.neutral && !v.firstOfDimension) {
      const std::size_t end = v.leadIn.rfind(". ");
      v.leadIn = end != std::string::npos && v.leadIn.ends_with("?") ? v.leadIn.substr(end + 2) : std::string();
    }
  }
  for (const core::ScaleOption& o : scale.options)
    v.options.push_back({o.value, o.label.in(lang), faceFor(scale, o.value, v.neutral),
                         static_cast<int>(scale.options.size())});
  v.declineLabel = scale.decline ? scale.decline->in(lang) : tr(Word::Decline, lang);
  v.given = session_->answerFor(item.id);
  v.number = index + 1;
  v.count = items.size();
  v.canGoBack = index > 0;
  return v;
}

bool ChildModePart::acceptsAnswers() const {
  return state().screen == Screen::ChildQuestion && session_ && !session_->finished() &&
         ctx_.clock().now() - state().questionShownAt >= kAnswerGuard;
}

std::optional<Ms> ChildModePart::guardEnds() const {
  if (state().screen == Screen::ChildQuestion && ctx_.clock().now() < state().questionShownAt + kAnswerGuard)
    return state().questionShownAt + kAnswerGuard;
  return std::nullopt;
}

void ChildModePart::answer(int value) {
  if (!acceptsAnswers()) return;
  const auto& item = *session_->items()[session_->currentIndex()];
  if (!ctx_.forms().scale(item.scale).accepts(value))
    throw std::logic_error("answer " + std::to_string(value) + " is not on the scale");
  give(Answer::of(value));
}

void ChildModePart::decline() {
  if (!acceptsAnswers()) return;
  give(Answer::decline());
}

// The child's answer (or "vil ikke svare") to the item on screen.
void ChildModePart::give(Answer answer) {
  try {
    session_->answer(session_->items()[session_->currentIndex()]->id, answer);
  } catch (const std::exception& e) {
    // The store refused (a full disk): the child sees the same item again,
    // the volunteer sees why after the PIN.
    ctx_.fail(e);
    return;
  }
  if (session_->finished())
    finish();
  else
    showCurrentItem();
}

// The last answer is in: the thank-you screen. The store finished the
// measurement and raised its safeguarding flags in one transaction; the
// volunteer sees what it raised after the PIN (checkSafeguarding).
void ChildModePart::finish() {
  state().screen = Screen::ChildThanks;
  ctx_.hush();
  ctx_.noteActivity();
}

void ChildModePart::back() {
  if (state().screen != Screen::ChildQuestion || !session_ || session_->currentIndex() == 0) return;
  session_->back();
  showCurrentItem();
}

void ChildModePart::pause() {
  if (state().screen != Screen::ChildQuestion || !session_) return;
  try {
    session_->pause();
  } catch (const std::exception& e) {
    ctx_.fail(e);
  }
  state().screen = Screen::ChildPaused;
  ctx_.hush();
  ctx_.noteActivity();
}

void ChildModePart::resume() {
  if (state().screen != Screen::ChildPaused || !session_) return;
  session_->resume();
  state().screen = Screen::ChildQuestion;
  showCurrentItem();
}

void ChildModePart::readAloud() {
  if (state().screen != Screen::ChildQuestion || !state().readAloudAvailable || !state().settings.readAloud) return;
  const ChildItemView v = currentItem();
  std::string text;
  if (v.firstOfDimension && !v.leadIn.empty()) text += v.leadIn + "\n";
  text += v.text + ".\n";
  for (const FaceOption& o : v.options) text += o.label + ".\n";
  say(std::move(text));
}

void ChildModePart::say(std::string text) {
  state().speech = SpeechCommand{false, std::move(text)};
}

bool ChildModePart::holdsTablet() const {
  if (isChildScreen(state().screen)) return true;
  return state().screen == Screen::PinPad && state().pin.purpose != PinPurpose::Unlock &&
         isChildScreen(state().pin.returnTo);
}

// --- For the lock and the owner -------------------------------------------------------------

void ChildModePart::interrupt() {
  if (!session_ || session_->finished()) return;
  try {
    session_->pause();
  } catch (const std::exception& e) {
    ctx_.fail(e);
  }
}

void ChildModePart::continueQuestion() {
  if (!session_) return;
  session_->resume();
  showCurrentItem();
}

void ChildModePart::forget() {
  session_.reset();
  child_.reset();
}

// A measurement left paused in child mode is kept to go back to after the
// next unlock; once its child is deleted or it is abandoned, there is none.
void ChildModePart::forgetChild(store::ChildId child) {
  if (child_ && *child_ == child) forget();
}

// The volunteer has the tablet again: the child's page, with the
// safeguarding notice when the answers call for one.
void ChildModePart::leave() {
  interrupt();
  if (session_) checkSafeguarding();
  if (ctx_.store() && child_) {
    const auto notice = state().safeguarding;
    ctx_.openChild(*child_);
    if (notice) state().safeguarding = notice;
  } else {
    state().screen = Screen::Home;
  }
}

void ChildModePart::checkSafeguarding() {
  const core::Project& project = session_->project();
  std::vector<core::SafeguardingHit> hits;
  if (session_->finished()) {
    // Finished: the flags the store raised with it, in the same transaction.
    for (const store::SafeguardingFlag& f : session_->raisedFlags()) hits.push_back(f.hit());
  } else {
    // Paused part-way: an unfinished measurement raises no flags, yet the
    // answers given so far may already call for a talk with the child.
    hits = core::checkSafeguarding(session_->form(), project, session_->values(), ctx_.forms().scoring);
  }
  if (hits.empty()) {
    state().safeguarding.reset();
    return;
  }
  store::DeviceStore* store = ctx_.store();
  // The gendered guidance only for a child the project's rule names.
  std::string gender;
  if (store && child_) {
    try {
      if (const auto g = store->child(*child_).details.gender) gender = store::genderId(*g);
    } catch (const std::exception&) {
      // unknown: the guidance for any gender
    }
  }
  SafeguardingNotice n{state().childName, std::move(hits), project.guidanceFor(gender), {}, child_,
                       project.safeguarding.contact, core::guidanceIsDraft(project.safeguarding)};
  if (store && child_) {
    try {
      for (const auto& f : store->flags(*child_))
        if (!f.seenAt) n.flags.push_back(f.id);
    } catch (const std::exception& e) {
      ctx_.fail(e);
    }
  }
  state().safeguarding = std::move(n);
}

}  // namespace spor::ui
