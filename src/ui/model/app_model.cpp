// The app model: the owner of the parts (the context they share, slow work
// on the worker), child mode and read-aloud (until they are a part), what
// follows an unlock, closing, and when tick() must run next.
#include "ui/model/app_model.hpp"

#include <algorithm>
#include <atomic>
#include <stdexcept>

#include "messages/message.hpp"
#include "store/error.hpp"
#include "store/vault.hpp"
#include "ui/model/coordinator_model.hpp"
#include "ui/model/store_session.hpp"
#include "ui/text.hpp"

namespace spor::ui {

const char* screenId(Screen s) {
  switch (s) {
    case Screen::Setup: return "setup";
    case Screen::Home: return "home";
    case Screen::ChildDetail: return "child-detail";
    case Screen::ChildEdit: return "child-edit";
    case Screen::BackgroundForm: return "background-form";
    case Screen::FidelityForm: return "fidelity-form";
    case Screen::Settings: return "settings";
    case Screen::Volunteers: return "volunteers";
    case Screen::HandOver: return "hand-over";
    case Screen::ChildQuestion: return "child-question";
    case Screen::ChildPaused: return "child-paused";
    case Screen::ChildThanks: return "child-thanks";
    case Screen::PinPad: return "pin-pad";
    case Screen::Coordinator: return "coordinator";
    case Screen::Sync: return "sync";
    case Screen::Recover: return "recover";
  }
  return "?";
}

bool isChildScreen(Screen s) {
  return s == Screen::HandOver || s == Screen::ChildQuestion || s == Screen::ChildPaused || s == Screen::ChildThanks;
}

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

bool isSensitiveDimension(const core::Dimension& dimension) {
  return dimension.direction == core::Direction::Reversed;
}

AppModel::AppModel(const core::FormSet& forms, const Clock& clock, Settings settings)
    : ownForms_(forms), clock_(clock), worker_(std::make_unique<InlineWorker>()) {
  state_.settings = settings;
  state_.lastActivity = clock_.now();
  day_ = clock_.today();
  // The coordinator's store writes its timestamps by the same clock (tests may give another).
  coordinatorOptions_.clock = [&c = clock_] { return c.wallNow(); };
}

// --- Slow work off the UI thread ---------------------------------------------------------

// What a job hands back: the store (moved into the job and out again) and
// its error. `done` is set last, with release order, so the UI thread that
// sees it (acquire) sees the rest.
struct AppModel::WorkOutcome {
  std::optional<store::DeviceStore> store;
  std::exception_ptr error;
  std::atomic<bool> done{false};
};

void AppModel::setWorker(std::unique_ptr<Worker> worker) {
  if (busy()) throw std::logic_error("setWorker while a job is running");
  worker_ = worker ? std::move(worker) : std::make_unique<InlineWorker>();
  if (coordinator_) coordinator_->setWorker(worker_.get());
}

void AppModel::runWithStore(Busy what, StoreWork work, AfterWork then) {
  if (busy()) return;
  auto outcome = std::make_shared<WorkOutcome>();
  if (store_) {
    volunteersWhileBusy_ = store_->volunteers();
    outcome->store.emplace(std::move(*store_));
    store_.reset();
  }
  state_.busy = what;
  work_ = outcome;
  then_ = std::move(then);
  hush();
  worker_->run([outcome, job = std::move(work)] {
    try {
      job(outcome->store);
    } catch (...) {
      outcome->error = std::current_exception();
    }
    outcome->done.store(true, std::memory_order_release);
  });
  pollWork();  // an InlineWorker has finished already
}

void AppModel::pollWork() {
  if (!work_ || !work_->done.load(std::memory_order_acquire)) return;
  const std::shared_ptr<WorkOutcome> outcome = std::move(work_);
  work_.reset();
  AfterWork then = std::move(then_);
  then_ = nullptr;
  // The same object the sessions refer to: a StoreSession's reference stays good.
  if (outcome->store) store_.emplace(std::move(*outcome->store));
  volunteersWhileBusy_.clear();
  state_.busy = Busy::None;
  state_.pin.checking = 0;
  noteActivity();
  if (then) then(outcome->error);
}

AppModel::~AppModel() = default;

AppModel::Context::Context(AppModel& model)
    : ModelContext(model.state_, model.forms_, model.clock_, model.store_), model_(model) {}

void AppModel::Context::refreshDetail() {
  model_.refreshDetail();
}

void AppModel::Context::refreshChildren() {
  model_.refreshChildren();
}

void AppModel::Context::openChild(store::ChildId child) {
  model_.openChild(child);
}

void AppModel::Context::goHome() {
  model_.goHome();
}

std::vector<store::Volunteer> AppModel::Context::volunteers() const {
  return model_.volunteers();
}

void AppModel::Context::releaseField(Field f) {
  if (model_.keyboardField() == f) model_.keyboardDone();
}

bool AppModel::Context::busy() const {
  return model_.busy();
}

void AppModel::Context::runWithStore(Busy what, StoreWork work, AfterWork then) {
  model_.runWithStore(what, std::move(work), std::move(then));
}

LockPart& AppModel::Context::lock() {
  return model_.lock_;
}

void AppModel::Context::pauseChild() {
  if (!model_.session_ || model_.session_->finished()) return;
  try {
    model_.session_->pause();
  } catch (const std::exception& e) {
    fail(e);
  }
}

void AppModel::Context::resumeChild() {
  if (!model_.session_) return;
  model_.session_->resume();
  model_.showCurrentItem();
}

void AppModel::Context::leaveChildMode() {
  model_.leaveChildMode();
}

void AppModel::Context::unlocked() {
  model_.afterUnlock();
}

void AppModel::Context::newPinChosen() {
  model_.pinFlowDone();
}

void AppModel::Context::forgetRecovery() {
  model_.wipeRecover();
  model_.state_.recover = {};
}

std::string shownMessage(const std::exception& e, core::Lang lang) {
  std::string text = render(messageOf(e), lang);
  // The catalogue's texts read on after "spor: "; on a screen a sentence
  // starts with a capital and ends with a full stop.
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  if (!text.empty() && text.back() != '.' && text.back() != '!' && text.back() != '?') text += '.';
  return text;
}

void AppModel::fail(const std::exception& e) {
  state_.error = shownMessage(e, lang());
}

void AppModel::clearMessages() {
  state_.error.clear();
  state_.notice.clear();
  state_.confirm = {};  // a question not answered is forgotten, never done
}

// --- Hand-over and child mode -----------------------------------------------------------

// A measurement resumed (paused, locked, or handed back) has answers: the
// child is greeted as continuing, not as starting again.
bool AppModel::sessionHasAnswers() const {
  if (!session_) return false;
  const auto& items = session_->items();
  return std::any_of(items.begin(), items.end(),
                     [&](const core::Item* item) { return item && session_->answerFor(item->id).has_value(); });
}

void AppModel::handOver(std::unique_ptr<MeasurementSession> session, std::string childName,
                        std::optional<std::string> nickname) {
  if (!session) throw std::logic_error("handOver without a measurement");
  session_ = std::move(session);
  state_.childNickname = nickname ? std::move(*nickname) : childName;
  state_.childName = std::move(childName);
  state_.handOverResumed = sessionHasAnswers();
  state_.safeguarding.reset();
  state_.screen = Screen::HandOver;
  clearMessages();
  noteActivity();
}

void AppModel::handBack() {
  if (!session_ || session_->finished()) return;
  state_.handOverResumed = sessionHasAnswers();
  state_.screen = Screen::HandOver;
  noteActivity();
}

std::optional<core::AnsweringMode> AppModel::answeringMode() const {
  return session_ ? session_->answeringMode() : std::nullopt;
}

void AppModel::chooseAnsweringMode(core::AnsweringMode mode) {
  if (!session_ || state_.screen != Screen::HandOver) return;
  noteActivity();
  try {
    session_->setAnsweringMode(mode);
  } catch (const std::exception& e) {
    fail(e);
  }
}

void AppModel::startChild() {
  if (!session_ || state_.screen != Screen::HandOver) return;
  try {
    session_->resume();
  } catch (const std::exception& e) {
    fail(e);
  }
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
  if (state_.settings.readAloudAuto && state_.settings.readAloud && state_.readAloudAvailable)
    readAloud();
  else
    hush();
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

bool AppModel::acceptsAnswers() const {
  return state_.screen == Screen::ChildQuestion && session_ && !session_->finished() &&
         clock_.now() - state_.questionShownAt >= kAnswerGuard;
}

void AppModel::answer(int value) {
  if (!acceptsAnswers()) return;
  const auto& item = *session_->items()[session_->currentIndex()];
  if (!forms_.scale(item.scale).accepts(value))
    throw std::logic_error("answer " + std::to_string(value) + " is not on the scale");
  give(Answer::of(value));
}

void AppModel::decline() {
  if (!acceptsAnswers()) return;
  give(Answer::decline());
}

// The child's answer (or "vil ikke svare") to the item on screen.
void AppModel::give(Answer answer) {
  try {
    session_->answer(session_->items()[session_->currentIndex()]->id, answer);
  } catch (const std::exception& e) {
    // The store refused (a full disk): the child sees the same item again,
    // the volunteer sees why after the PIN.
    fail(e);
    return;
  }
  if (session_->finished())
    finishChildMode();
  else
    showCurrentItem();
}

// The last answer is in: the thank-you screen. The store finished the
// measurement and raised its safeguarding flags in one transaction; the
// volunteer sees what it raised after the PIN (checkSafeguarding).
void AppModel::finishChildMode() {
  state_.screen = Screen::ChildThanks;
  hush();
  noteActivity();
}

void AppModel::back() {
  if (state_.screen != Screen::ChildQuestion || !session_ || session_->currentIndex() == 0) return;
  session_->back();
  showCurrentItem();
}

void AppModel::pause() {
  if (state_.screen != Screen::ChildQuestion || !session_) return;
  try {
    session_->pause();
  } catch (const std::exception& e) {
    fail(e);
  }
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

void AppModel::say(std::string text) {
  state_.speech = SpeechCommand{false, std::move(text)};
}

// --- The lock screen ----------------------------------------------------------------------------

std::vector<store::Volunteer> AppModel::volunteers() const {
  if (!store_) return volunteersWhileBusy_;
  return store_->volunteers();
}

// The volunteer has the tablet again: the child's page, with the
// safeguarding notice when the answers call for one.
void AppModel::leaveChildMode() {
  if (session_ && !session_->finished()) {
    try {
      session_->pause();
    } catch (const std::exception& e) {
      fail(e);
    }
  }
  if (session_) checkSafeguarding();
  if (store_ && sessionChild_) {
    const auto notice = state_.safeguarding;
    openChild(*sessionChild_);
    if (notice) state_.safeguarding = notice;
  } else {
    state_.screen = Screen::Home;
  }
}

void AppModel::checkSafeguarding() {
  const core::Project& project = session_->project();
  std::vector<core::SafeguardingHit> hits;
  if (session_->finished()) {
    // Finished: the flags the store raised with it, in the same transaction.
    for (const store::SafeguardingFlag& f : session_->raisedFlags()) hits.push_back(f.hit());
  } else {
    // Paused part-way: an unfinished measurement raises no flags, yet the
    // answers given so far may already call for a talk with the child.
    hits = core::checkSafeguarding(session_->form(), project, session_->values(), forms_.scoring);
  }
  if (hits.empty()) {
    state_.safeguarding.reset();
    return;
  }
  // The gendered guidance only for a child the project's rule names.
  std::string gender;
  if (store_ && sessionChild_) {
    try {
      if (const auto g = store_->child(*sessionChild_).details.gender) gender = store::genderId(*g);
    } catch (const std::exception&) {
      // unknown: the guidance for any gender
    }
  }
  SafeguardingNotice n{state_.childName, std::move(hits), project.guidanceFor(gender), {}, sessionChild_,
                       project.safeguarding.contact, core::guidanceIsDraft(project.safeguarding)};
  if (store_ && sessionChild_) {
    try {
      for (const auto& f : store_->flags(*sessionChild_))
        if (!f.seenAt) n.flags.push_back(f.id);
    } catch (const std::exception& e) {
      fail(e);
    }
  }
  state_.safeguarding = std::move(n);
}

void AppModel::dismissSafeguarding() {
  if (state_.safeguarding && store_) {
    try {
      for (store::FlagId f : state_.safeguarding->flags) store_->markFlagSeen(f);
    } catch (const std::exception& e) {
      fail(e);
    }
  }
  // The notice sat at the top of the child's page: what is left starts at
  // the top, not where the page was scrolled to reach "Jeg har læst det".
  if (state_.safeguarding) ++state_.page;
  state_.safeguarding.reset();
  if (store_ && state_.detail) refreshDetail();
  if (store_) refreshChildren();
}

void AppModel::markFlagsSeen() {
  dismissSafeguarding();
}

// --- The whole app -------------------------------------------------------------------------------

void AppModel::noteActivity() {
  state_.lastActivity = clock_.now();
}

void AppModel::lockNow() {
  if (coordinator_) {  // coordinator mode: its passphrase screen, the key forgotten
    coordinator_->lock();
    return;
  }
  lock_.lock();
}

void AppModel::afterUnlock() {
  clearMessages();
  if (store_) {
    // With the data key, the installed forms are checked against the version
    // the store recorded (an interrupted install is finished, a deleted or
    // older folder is said), when the forms in use are not that version;
    // not while a questionnaire holds the forms. Read and checked again only
    // then, not at every unlock of the idle lock.
    if (!session_ && store_->formsPackageVersion() != state_.sync.formsVersion) {
      state_.detail.reset();  // it points into the forms being replaced
      useInstalledForms();
    }
    refreshChildren();
    // A measurement the lock interrupted: back to that child, to resume it.
    if (session_ && sessionChild_ && !session_->finished()) {
      const auto child = *sessionChild_;
      session_.reset();
      sessionChild_.reset();
      openChild(child);
      return;
    }
    session_.reset();
    sessionChild_.reset();
    state_.screen = Screen::Home;
    return;
  }
  leaveChildMode();
}

bool AppModel::busy() const {
  return state_.busy != Busy::None || (coordinator_ && coordinator_->busy());
}

void AppModel::tick() {
  pollWork();
  if (coordinator_) coordinator_->poll();
  if (lock_.idle()) lockNow();
  lock_.tick();
  // A new day (a tablet left on overnight, a script's `today`): what is due has changed.
  if (const core::Date day = clock_.today(); day != day_) {
    day_ = day;
    if (store_ && store_->unlocked()) {
      refreshChildren();
      if (state_.detail && state_.screen == Screen::ChildDetail) refreshDetail();
    }
  }
}

std::optional<Ms> AppModel::nextDeadline() const {
  std::optional<Ms> next;
  const auto earliest = [&](Ms t) { next = next ? std::min(*next, t) : t; };
  const bool locked = lock_.locked() || (coordinator_ && !coordinator_->unlocked());
  if (state_.settings.idleLockMinutes > 0 && !locked && state_.screen != Screen::Setup)
    earliest(state_.lastActivity + std::chrono::minutes(state_.settings.idleLockMinutes));
  // The lockout countdown changes once a second.
  if (state_.screen == Screen::PinPad && lock_.waitSeconds() > 0) earliest(clock_.now() + Ms(1000));
  // The answer buttons wake up after the guard.
  if (state_.screen == Screen::ChildQuestion && clock_.now() < state_.questionShownAt + kAnswerGuard)
    earliest(state_.questionShownAt + kAnswerGuard);
  if (state_.screen == Screen::BackgroundForm && state_.background && state_.background->movedOnAt &&
      !state_.background->settled(clock_.now(), kAnswerGuard))
    earliest(*state_.background->movedOnAt + kAnswerGuard);
  // The spinner turns while slow work runs (the worker also wakes the loop when done).
  if (busy()) earliest(clock_.now() + kSpinnerFrame);
  return next;
}

bool AppModel::childHoldsTablet() const {
  if (isChildScreen(state_.screen)) return true;
  return state_.screen == Screen::PinPad && state_.pin.purpose != PinPurpose::Unlock &&
         isChildScreen(state_.pin.returnTo);
}

void AppModel::requestClose() {
  // While a child holds the tablet, closing the window needs a volunteer's
  // PIN in a window too, not only in a kiosk: it would end child mode.
  const bool needsPin = state_.kiosk ? state_.screen != Screen::Setup : childHoldsTablet();
  if (busy() && needsPin) return;  // asks for a PIN once the work is done
  if (!needsPin) {
    state_.quit = true;
    return;
  }
  if (state_.screen == Screen::PinPad && state_.pin.purpose == PinPurpose::Quit) return;
  lock_.ask(PinPurpose::Quit);
}

std::optional<SpeechCommand> AppModel::takeSpeech() {
  auto s = std::move(state_.speech);
  state_.speech.reset();
  return s;
}

}  // namespace spor::ui
