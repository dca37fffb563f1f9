#include "ui/model/app_model.hpp"

#include <algorithm>
#include <stdexcept>

namespace spor::ui {

const char* screenId(Screen s) {
  switch (s) {
    case Screen::Home: return "home";
    case Screen::HandOver: return "hand-over";
    case Screen::ChildQuestion: return "child-question";
    case Screen::ChildPaused: return "child-paused";
    case Screen::ChildThanks: return "child-thanks";
    case Screen::PinPad: return "pin-pad";
  }
  return "?";
}

bool isChildScreen(Screen s) {
  return s == Screen::HandOver || s == Screen::ChildQuestion || s == Screen::ChildPaused || s == Screen::ChildThanks;
}

namespace {

// On reversed dimensions agreeing means more challenges, so the faces run the
// other way: value v gets the face of value (min + max - v).
core::Face faceFor(const core::Scale& scale, int value, core::Direction direction) {
  const int shown = direction == core::Direction::Reversed ? scale.minValue() + scale.maxValue() - value : value;
  const core::ScaleOption* opt = scale.option(shown);
  return opt ? opt->face : core::Face::None;
}

}  // namespace

AppModel::AppModel(const core::FormSet& forms, VolunteerAuth& auth, const Clock& clock, Settings settings)
    : forms_(forms), auth_(auth), clock_(clock) {
  state_.settings = settings;
  state_.lastActivity = clock_.now();
}

// --- The volunteer ---------------------------------------------------------------

void AppModel::setDemo(SessionFactory factory, std::string childName) {
  demoFactory_ = std::move(factory);
  demoChildName_ = std::move(childName);
}

void AppModel::startDemoMeasurement() {
  if (!demoFactory_) return;
  handOver(demoFactory_(), demoChildName_);
}

void AppModel::handOver(std::unique_ptr<MeasurementSession> session, std::string childName) {
  if (!session) throw std::logic_error("handOver without a measurement");
  session_ = std::move(session);
  state_.childName = std::move(childName);
  state_.safeguarding.reset();
  state_.screen = Screen::HandOver;
  noteActivity();
}

void AppModel::handBack() {
  if (!session_ || session_->finished()) return;
  state_.screen = Screen::HandOver;
  noteActivity();
}

// --- Child mode ------------------------------------------------------------------------

void AppModel::startChild() {
  if (!session_ || state_.screen != Screen::HandOver) return;
  session_->resume();
  if (session_->finished()) {
    state_.screen = Screen::ChildThanks;
    return;
  }
  state_.screen = Screen::ChildQuestion;
  showCurrentItem();
}

void AppModel::showCurrentItem() {
  noteActivity();
  state_.questionShownAt = clock_.now();
  if (state_.settings.readAloudAuto && state_.settings.readAloud && state_.readAloudAvailable) readAloud();
  else hush();
}

ChildItemView AppModel::currentItem() const {
  ChildItemView v;
  if (!session_ || session_->finished()) return v;
  const auto& items = session_->items();
  const std::size_t index = session_->currentIndex();
  const core::Item& item = *items[index];
  const core::Lang lang = state_.settings.lang;
  const core::Dimension* dim = session_->form().dimension(item.dimension);
  const core::Scale& scale = forms_.scale(item.scale);

  v.itemId = item.id;
  v.text = item.text.in(lang);
  if (dim) {
    v.leadIn = dim->leadIn.in(lang);
    v.firstOfDimension = index == 0 || items[index - 1]->dimension != item.dimension;
  }
  const core::Direction direction = dim ? dim->direction : core::Direction::Positive;
  for (const core::ScaleOption& o : scale.options)
    v.options.push_back({o.value, o.label.in(lang), faceFor(scale, o.value, direction)});
  v.declineLabel = scale.decline ? scale.decline->in(lang) : std::string(lang == core::Lang::En ? "Prefer not to answer" : "Vil ikke svare");
  v.given = session_->answerFor(item.id);
  v.number = index + 1;
  v.count = items.size();
  v.canGoBack = index > 0;
  return v;
}

bool AppModel::acceptsAnswers() const {
  return state_.screen == Screen::ChildQuestion && session_ && !session_->finished() &&
         clock_.now() - state_.questionShownAt >= kAnswerGuard;
}

void AppModel::answer(int value) {
  if (!acceptsAnswers()) return;
  const auto& item = *session_->items()[session_->currentIndex()];
  if (!forms_.scale(item.scale).accepts(value)) throw std::logic_error("answer " + std::to_string(value) + " is not on the scale");
  session_->answer(item.id, Answer::of(value));
  if (session_->finished()) {
    state_.screen = Screen::ChildThanks;
    hush();
    noteActivity();
  } else {
    showCurrentItem();
  }
}

void AppModel::decline() {
  if (!acceptsAnswers()) return;
  session_->answer(session_->items()[session_->currentIndex()]->id, Answer::decline());
  if (session_->finished()) {
    state_.screen = Screen::ChildThanks;
    hush();
    noteActivity();
  } else {
    showCurrentItem();
  }
}

void AppModel::back() {
  if (state_.screen != Screen::ChildQuestion || !session_ || session_->currentIndex() == 0) return;
  session_->back();
  showCurrentItem();
}

void AppModel::pause() {
  if (state_.screen != Screen::ChildQuestion || !session_) return;
  session_->pause();
  state_.screen = Screen::ChildPaused;
  hush();
  noteActivity();
}

void AppModel::resume() {
  if (state_.screen != Screen::ChildPaused || !session_) return;
  session_->resume();
  state_.screen = Screen::ChildQuestion;
  showCurrentItem();
}

void AppModel::readAloud() {
  if (state_.screen != Screen::ChildQuestion || !state_.readAloudAvailable || !state_.settings.readAloud) return;
  const ChildItemView v = currentItem();
  std::string text;
  if (v.firstOfDimension && !v.leadIn.empty()) text += v.leadIn + "\n";
  text += v.text + ".\n";
  for (const FaceOption& o : v.options) text += o.label + ".\n";
  say(std::move(text));
}

void AppModel::say(std::string text) { state_.speech = SpeechCommand{false, std::move(text)}; }

void AppModel::hush() { state_.speech = SpeechCommand{true, {}}; }

// --- The PIN pad -----------------------------------------------------------------------------

void AppModel::askForPin(PinPurpose purpose) {
  if (state_.screen == Screen::PinPad && state_.pin.purpose == PinPurpose::Unlock) return;  // no way around a lock
  if (state_.screen == Screen::ChildQuestion && session_) session_->pause();
  const Screen from = state_.screen == Screen::PinPad ? state_.pin.returnTo : state_.screen;
  state_.pin.purpose = purpose;
  state_.pin.returnTo = from;
  state_.pin.digits.clear();
  state_.pin.notice = clock_.now() < state_.pin.lockedUntil ? PinNotice::LockedOut : PinNotice::None;
  state_.screen = Screen::PinPad;
  hush();
  noteActivity();
}

void AppModel::pinDigit(int digit) {
  if (state_.screen != Screen::PinPad || digit < 0 || digit > 9) return;
  noteActivity();
  if (state_.pin.digits.size() >= kPinMaxDigits) return;
  if (state_.pin.notice == PinNotice::Wrong) state_.pin.notice = PinNotice::None;
  state_.pin.digits.push_back(static_cast<char>('0' + digit));
}

void AppModel::pinErase() {
  if (state_.screen != Screen::PinPad) return;
  noteActivity();
  if (!state_.pin.digits.empty()) state_.pin.digits.pop_back();
}

bool AppModel::pinCanSubmit() const {
  return state_.screen == Screen::PinPad && state_.pin.digits.size() >= kPinMinDigits && pinWaitSeconds() == 0;
}

long long AppModel::pinWaitSeconds() const {
  const Ms left = state_.pin.lockedUntil - clock_.now();
  if (left <= Ms(0)) return 0;
  return (left.count() + 999) / 1000;
}

void AppModel::pinSubmit() {
  if (!pinCanSubmit()) return;
  noteActivity();
  const PinResult r = auth_.check(state_.pin.digits);
  state_.pin.digits.clear();
  switch (r.status) {
    case PinResult::Status::Wrong: state_.pin.notice = PinNotice::Wrong; return;
    case PinResult::Status::LockedOut:
      state_.pin.notice = PinNotice::LockedOut;
      state_.pin.lockedUntil = clock_.now() + std::chrono::duration_cast<Ms>(r.wait);
      return;
    case PinResult::Status::Ok: break;
  }
  state_.volunteer = r.volunteer;
  state_.pin.notice = PinNotice::None;
  switch (state_.pin.purpose) {
    case PinPurpose::Quit: state_.quit = true; return;
    case PinPurpose::LeaveChildMode:
      if (isChildScreen(state_.pin.returnTo)) leaveChildMode();
      else state_.screen = state_.pin.returnTo;
      return;
    case PinPurpose::Unlock: leaveChildMode(); return;
  }
}

void AppModel::pinCancel() {
  if (state_.screen != Screen::PinPad || state_.pin.purpose == PinPurpose::Unlock) return;
  state_.pin.digits.clear();
  state_.screen = state_.pin.returnTo;
  if (state_.screen == Screen::ChildQuestion && session_) {
    session_->resume();
    showCurrentItem();
  }
  noteActivity();
}

// The volunteer has the tablet again: home, with the safeguarding notice
// when the child's answers call for one.
void AppModel::leaveChildMode() {
  if (session_ && !session_->finished()) session_->pause();
  if (session_) checkSafeguarding();
  state_.screen = Screen::Home;
}

void AppModel::checkSafeguarding() {
  const core::ChildForm& form = session_->form();
  const core::Project& project = session_->project();
  auto hits = core::checkSafeguarding(form, project, session_->values(), forms_.scoring);
  if (hits.empty()) {
    state_.safeguarding.reset();
    return;
  }
  state_.safeguarding = SafeguardingNotice{state_.childName, std::move(hits), project.safeguarding.text};
}

// --- The whole app ------------------------------------------------------------------------------

void AppModel::noteActivity() { state_.lastActivity = clock_.now(); }

void AppModel::lock() {
  if (state_.screen == Screen::PinPad && state_.pin.purpose == PinPurpose::Unlock) return;
  if (session_ && !session_->finished()) session_->pause();
  const Screen from = state_.screen == Screen::PinPad ? state_.pin.returnTo : state_.screen;
  state_.pin.purpose = PinPurpose::Unlock;
  state_.pin.returnTo = from;
  state_.pin.digits.clear();
  state_.pin.notice = clock_.now() < state_.pin.lockedUntil ? PinNotice::LockedOut : PinNotice::None;
  state_.screen = Screen::PinPad;
  hush();
}

void AppModel::tick() {
  const int minutes = state_.settings.idleLockMinutes;
  if (minutes > 0 && clock_.now() - state_.lastActivity >= std::chrono::minutes(minutes)) lock();
  if (state_.screen == Screen::PinPad && state_.pin.notice == PinNotice::LockedOut && pinWaitSeconds() == 0)
    state_.pin.notice = PinNotice::None;
}

std::optional<Ms> AppModel::nextDeadline() const {
  std::optional<Ms> next;
  const auto earliest = [&](Ms t) { next = next ? std::min(*next, t) : t; };
  const bool locked = state_.screen == Screen::PinPad && state_.pin.purpose == PinPurpose::Unlock;
  if (state_.settings.idleLockMinutes > 0 && !locked)
    earliest(state_.lastActivity + std::chrono::minutes(state_.settings.idleLockMinutes));
  // The lockout countdown changes once a second.
  if (state_.screen == Screen::PinPad && pinWaitSeconds() > 0) earliest(clock_.now() + Ms(1000));
  // The answer buttons wake up after the guard.
  if (state_.screen == Screen::ChildQuestion && clock_.now() < state_.questionShownAt + kAnswerGuard)
    earliest(state_.questionShownAt + kAnswerGuard);
  return next;
}

void AppModel::requestClose() {
  if (!state_.kiosk) {
    state_.quit = true;
    return;
  }
  askForPin(PinPurpose::Quit);
}

std::optional<SpeechCommand> AppModel::takeSpeech() {
  auto s = std::move(state_.speech);
  state_.speech.reset();
  return s;
}

}  // namespace spor::ui
