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

ChildModePart& AppModel::Context::childMode() {
  return model_.childMode_;
}

void AppModel::Context::unlocked() {
  model_.afterUnlock();
}

void AppModel::Context::newPinChosen() {
  model_.pinFlowDone();
}

void AppModel::Context::keyboardDone() {
  model_.keyboardDone();
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

// --- The lock screen ----------------------------------------------------------------------------

std::vector<store::Volunteer> AppModel::volunteers() const {
  if (!store_) return volunteersWhileBusy_;
  return store_->volunteers();
}

// The volunteer has the tablet again: the child's page, with the
// safeguarding notice when the answers call for one.
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
    if (!childMode_.session() && store_->formsPackageVersion() != state_.sync.formsVersion) {
      state_.detail.reset();  // it points into the forms being replaced
      useInstalledForms();
    }
    refreshChildren();
    // A measurement the lock interrupted: back to that child, to resume it.
    const MeasurementSession* session = childMode_.session();
    if (session && childMode_.child() && !session->finished()) {
      const auto child = *childMode_.child();
      childMode_.forget();
      openChild(child);
      return;
    }
    childMode_.forget();
    state_.screen = Screen::Home;
    return;
  }
  childMode_.leave();
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
  if (const auto guard = childMode_.guardEnds()) earliest(*guard);
  if (state_.screen == Screen::BackgroundForm && state_.background && state_.background->movedOnAt &&
      !state_.background->settled(clock_.now(), kAnswerGuard))
    earliest(*state_.background->movedOnAt + kAnswerGuard);
  // The spinner turns while slow work runs (the worker also wakes the loop when done).
  if (busy()) earliest(clock_.now() + kSpinnerFrame);
  return next;
}

void AppModel::requestClose() {
  // While a child holds the tablet, closing the window needs a volunteer's
  // PIN in a window too, not only in a kiosk: it would end child mode.
  const bool needsPin = state_.kiosk ? state_.screen != Screen::Setup : childMode_.holdsTablet();
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
