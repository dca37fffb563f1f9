// The app model, part 2: what the volunteer does. First-run set-up (an
// enrolment file, or a demo), the children and their checklists, a child's
// details and consent, the background and fidelity forms, settings and
// volunteers. Every write goes to the device store at once; every store
// error is shown as it is (its message says what to do).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/private_files.hpp"
#include "crypto/hash.hpp"
#include "store/error.hpp"
#include "sync/device_sync.hpp"
#include "sync/file_io.hpp"
#include "sync/signed_file.hpp"
#include "ui/model/app_model.hpp"
#include "ui/model/coordinator_model.hpp"
#include "ui/model/store_session.hpp"
#include "ui/text.hpp"

namespace spor::ui {

namespace fs = std::filesystem;

std::string displayDate(core::Date date, core::Lang lang) {
  const std::chrono::year_month_day ymd{date};
  char buf[32];
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const unsigned d = static_cast<unsigned>(ymd.day());
  const unsigned m = static_cast<unsigned>(ymd.month());
  const int y = static_cast<int>(ymd.year());
  if (lang == core::Lang::En)
    std::snprintf(buf, sizeof buf, "%u %s %d", d, kMonths[(m + 11) % 12], y);
  else
    std::snprintf(buf, sizeof buf, "%u.%u.%d", d, m, y);
  return buf;
}

std::vector<ChartMark> chartMarks(const ChildDetailView& d, const core::ChildForm& form, double close) {
  std::vector<ChartMark> out;
  for (std::size_t k = 0; k < d.chartDimensions.size(); ++k) {
    const core::Dimension* def = form.dimension(d.chartDimensions[k]);
    const bool reversed = def && def->direction == core::Direction::Reversed;
    for (std::size_t i = 0; i < d.chart.size(); ++i) {
      const auto it = d.chart[i].scores.find(d.chartDimensions[k]);
      if (it == d.chart[i].scores.end()) continue;
      out.push_back({k, i, reversed ? 5.0 - it->second : it->second, 0, 1});
    }
  }
  // Per measurement: markers sorted by value; a run of neighbours each closer
  // than `close` to the next shares one place, in line order left to right.
  for (std::size_t i = 0; i < d.chart.size(); ++i) {
    std::vector<ChartMark*> at;
    for (ChartMark& m : out)
      if (m.point == i) at.push_back(&m);
    std::stable_sort(at.begin(), at.end(), [](const ChartMark* a, const ChartMark* b) { return a->value < b->value; });
    for (std::size_t a = 0; a < at.size();) {
      std::size_t b = a + 1;
      while (b < at.size() && at[b]->value - at[b - 1]->value < close) ++b;
      std::vector<ChartMark*> run(at.begin() + static_cast<std::ptrdiff_t>(a),
                                  at.begin() + static_cast<std::ptrdiff_t>(b));
      std::sort(run.begin(), run.end(), [](const ChartMark* x, const ChartMark* y) { return x->line < y->line; });
      for (std::size_t j = 0; j < run.size(); ++j) {
        run[j]->slot = static_cast<int>(j);
        run[j]->slots = static_cast<int>(run.size());
      }
      a = b;
    }
  }
  return out;
}

// --- The data folder ---------------------------------------------------------------------

void AppModel::openDataDir(const fs::path& dir, store::DeviceStoreOptions options) {
  dataDir_ = dir;
  storeOptions_ = std::move(options);
  settings_.load(dir);
  if (sync::CoordinatorStore::exists(sync::coordinatorStorePath(dir))) {
    coordinator_ = std::make_unique<CoordinatorModel>(forms_, dir, coordinatorOptions_);
    coordinator_->setWorker(worker_.get());
    state_.screen = Screen::Coordinator;
    return;
  }
  const fs::path db = store::deviceStorePath(dir);
  if (store::DeviceStore::exists(db)) {
    store_.emplace(store::DeviceStore::open(db, storeOptions_));
    state_.demo = store_->device().demo;
    readDeviceKeys();
    lock_.ask(PinPurpose::Unlock);
    useInstalledForms();  // after lock_.ask: a problem with them stays on the lock screen
  } else {
    state_.screen = Screen::Setup;
  }
}

// --- First run -------------------------------------------------------------------------------

void AppModel::setupDemo() {
  if (store_ || dataDir_.empty() || busy()) return;
  // Two example children: one ready to be measured, one waiting for consent.
  const auto pick = [&](const char* id, const char* fallback) {
    return forms_.projects.count(id) ? std::string(id) : std::string(fallback);
  };
  const std::string first = forms_.projects.empty() ? std::string() : forms_.projects.begin()->first;
  std::optional<store::NewChild> alma;
  std::optional<store::NewChild> noah;
  if (!first.empty()) {
    const std::string p1 = pick("empowr", first.c_str());
    const std::string p2 = pick("strom", first.c_str());
    const auto town = [&](const std::string& p) {
      const auto& list = forms_.project(p).municipalities;
      return list.empty() ? std::string() : list.front();
    };
    alma.emplace();
    alma->details = {"Alma", 2013, store::Gender::Girl, p1, {forms_.project(p1).interventions.front()}, town(p1)};
    noah.emplace();
    noah->details = {"Noah", 2011, store::Gender::Boy, p2, {forms_.project(p2).interventions.front()}, town(p2)};
  }
  // Making the store wraps the data key under the PIN (Argon2id): on the worker.
  runWithStore(
      Busy::SettingUp,
      [path = store::deviceStorePath(dataDir_), options = storeOptions_, alma, noah, day = today()](
          std::optional<store::DeviceStore>& s) {
        auto created = store::DeviceStore::create(path, {kDemoVolunteer, kDemoPin, std::nullopt}, options);
        s.emplace(std::move(created.store));
        if (alma) {
          const store::ChildId a = s->addChild(*alma);
          s->recordConsent(a, {"mor", day, true, true});
          s->addChild(*noah);
        }
      },
      [this](std::exception_ptr error) {
        try {
          if (error) std::rethrow_exception(error);
          state_.demo = true;
          readDeviceKeys();
          state_.volunteer = kDemoVolunteer;
          clearMessages();
          refreshChildren();
          state_.screen = Screen::Home;
          noteActivity();
        } catch (const std::exception& e) {
          fail(e);
        }
      });
}

void AppModel::setupFindEnrolmentFiles(const std::vector<fs::path>& folders) {
  std::vector<std::string> found;
  for (const fs::path& folder : folders) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) continue;
    // USB sticks are mounted a level or two down (/media/anna/STICK/...).
    for (auto it = fs::recursive_directory_iterator(folder, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it.depth() > 2) it.disable_recursion_pending();
      if (it->is_regular_file(ec) && it->path().extension() == sync::kEnrolmentExtension)
        found.push_back(it->path().string());
      if (found.size() >= 20) break;
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  state_.setup.found = std::move(found);
}

void AppModel::setupChooseEnrolment(const std::string& path) {
  if (busy()) return;
  SetupState& s = state_.setup;
  s.path = path;
  s.coordinatorName.clear();
  s.fingerprint.clear();
  s.error.clear();
  setupEnrolment_.reset();
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    s.error = trf(Word::SetupNoFile, lang(), {path});
    return;
  }
  try {
    // Read once here; setupEnrol() hands this Enrolment to sync::enrolDevice.
    setupEnrolment_ = sync::readEnrolmentFile(path);
    s.coordinatorName = setupEnrolment_->coordinatorName;
    s.fingerprint = setupEnrolment_->encryptionFingerprint;
  } catch (const std::exception& e) {
    s.error = shownMessage(e, lang());
  }
  noteActivity();
}

void AppModel::setupEnrol() {
  if (busy()) return;
  SetupState& s = state_.setup;
  if (s.coordinatorName.empty()) {
    s.error = tr(Word::SetupChooseFileFirst, lang());
    return;
  }
  if (s.volunteerName.find_first_not_of(' ') == std::string::npos) {
    s.error = tr(Word::ErrNameMissing, lang());
    return;
  }
  s.error.clear();
  state_.pin.flow = {PinFlow::Goal::Enrol, s.volunteerName, {}, {}, {}};
  lock_.ask(PinPurpose::NewPin);
}

// A new PIN has been typed twice: do what it was for. Wrapping the data key
// under it (Argon2id) runs on the worker; the PIN pad shows a spinner.
void AppModel::pinFlowDone() {
  PinFlow flow = std::move(state_.pin.flow);
  const SecretDigits pin = flow.first;
  state_.pin.flow = {};
  const Screen back = state_.pin.returnTo;
  clearMessages();
  // What went wrong goes back where the flow started.
  const auto failed = [this, back](std::exception_ptr error) {
    try {
      std::rethrow_exception(error);
    } catch (const store::WrongSecretError&) {
      state_.error = tr(Word::ErrOldPinWrong, lang());
      state_.screen = back;
    } catch (const std::exception& e) {
      fail(e);
      state_.screen = back;
      if (back == Screen::Setup) state_.setup.error = state_.error;
    }
  };
  try {
    switch (flow.goal) {
      case PinFlow::Goal::Enrol: {
        if (!setupEnrolment_) throw std::logic_error("no enrolment file was chosen");
        runWithStore(
            Busy::SettingUp,
            [dir = dataDir_, options = storeOptions_, name = flow.name, pin,
             enrolment = *setupEnrolment_](std::optional<store::DeviceStore>& s) {
              auto created = sync::enrolDevice(dir, enrolment, name, pin, options);
              s.emplace(std::move(created.store));
            },
            [this, failed, name = flow.name](std::exception_ptr error) {
              if (error) return failed(error);
              state_.demo = false;
              state_.volunteer = name;
              readDeviceKeys();
              refreshChildren();
              state_.screen = Screen::Home;
              // The coordinator compares this before approving the tablet's first bundle.
              state_.notice = trf(Word::SetupDoneKey, lang(), {state_.deviceKey});
            });
        return;
      }
      case PinFlow::Goal::AddVolunteer:
        runWithStore(
            Busy::SavingPin,
            [name = flow.name, pin](std::optional<store::DeviceStore>& s) { s->addVolunteer(name, pin); },
            [this, failed, name = flow.name](std::exception_ptr error) {
              if (error) return failed(error);
              state_.notice = trf(Word::VolunteerAdded, lang(), {name});
              state_.volunteersScreen.newName.clear();
              state_.screen = Screen::Volunteers;
            });
        return;
      case PinFlow::Goal::ChangePin: {
        const std::optional<store::VolunteerId> who = store_ ? store_->actingVolunteer() : std::nullopt;
        if (!who) throw store::NotUnlockedError("the store is locked: a volunteer must unlock it with their PIN first");
        runWithStore(
            Busy::SavingPin,
            [id = *who, old = flow.old, pin](std::optional<store::DeviceStore>& s) { s->changePin(id, old, pin); },
            [this, failed](std::exception_ptr error) {
              if (error) return failed(error);
              state_.notice = tr(Word::PinChanged, lang());
              state_.screen = Screen::Volunteers;
            });
        return;
      }
      case PinFlow::Goal::ResetPin: {  // a colleague's: the store checks the PIN as for any new one
        if (!flow.target) throw std::logic_error("resetting a PIN without a volunteer");
        runWithStore(
            Busy::SavingPin,
            [target = *flow.target, pin](std::optional<store::DeviceStore>& s) { s->resetPin(target, pin); },
            [this, failed, name = flow.name](std::exception_ptr error) {
              if (error) return failed(error);
              state_.notice = trf(Word::PinResetDone, lang(), {name});
              state_.screen = Screen::Volunteers;
            });
        return;
      }
      case PinFlow::Goal::Recover:  // "Glemt PIN-koden?" (recovery_flows.cpp)
        state_.screen = back;
        recoverWithPin(pin);
        return;
      case PinFlow::Goal::None: state_.screen = back; return;
    }
  } catch (...) {
    failed(std::current_exception());
  }
}

// --- The volunteer's screens --------------------------------------------------------------------

void AppModel::goHome() {
  if (!store_) return;
  clearMessages();
  state_.detail.reset();
  state_.course = {};
  state_.referral = {};
  state_.safeguarding.reset();
  refreshChildren();
  state_.screen = Screen::Home;
  noteActivity();
}

ChildSummary AppModel::summarise(const store::Child& child) const {
  ChildSummary s;
  s.child = child;
  s.name = child.details.nickname && !child.details.nickname->empty() ? *child.details.nickname : child.code;
  s.consent = store_->hasConsent(child.id);
  if (!s.consent)
    for (const auto& c : store_->consents(child.id)) s.consentWithdrawn = s.consentWithdrawn || c.withdrawnOn;
  if (auto it = forms_.projects.find(child.details.projectId); it != forms_.projects.end()) {
    const core::BackgroundForm* activity = forms_.activityFor(it->second);
    s.due = core::dueMeasurements(it->second, forms_.scoring,
                                  store_->history(child.id, activity ? activity->id : std::string()), today(),
                                  activity ? core::activityPoints(*activity) : std::vector<int>{});
  }
  for (const auto& f : store_->flags(child.id))
    if (!f.seenAt) ++s.unseenFlags;
  return s;
}

void AppModel::refreshChildren() {
  state_.children.clear();
  state_.fidelityForms.clear();
  if (!store_ || !store_->unlocked()) return;
  try {
    for (const store::Child& c : store_->children()) state_.children.push_back(summarise(c));
    // A child with a safeguarding notice not yet read first ("Besked til
    // dig" must not wait below the fold), then by name.
    std::stable_sort(state_.children.begin(), state_.children.end(), [](const ChildSummary& a, const ChildSummary& b) {
      if ((a.unseenFlags > 0) != (b.unseenFlags > 0)) return a.unseenFlags > 0;
      return a.name < b.name;
    });
    state_.fidelityForms = fidelity_.readStatus();  // once here, never per frame
  } catch (const std::exception& e) {
    fail(e);
  }
}

void AppModel::openChild(store::ChildId child) {
  if (!store_) return;
  clearMessages();
  state_.detail = ChildDetailView{};
  state_.detail->summary.child.id = child;
  state_.course = {};
  state_.referral = {};
  state_.safeguarding.reset();
  refreshDetail();
  state_.screen = Screen::ChildDetail;
  noteActivity();
}

void AppModel::refreshDetail() {
  if (!state_.detail || !store_) return;
  try {
    const store::Child c = store_->child(state_.detail->summary.child.id);
    ChildDetailView d;
    d.summary = summarise(c);
    d.consents = store_->consents(c.id);
    if (auto it = forms_.projects.find(c.details.projectId); it != forms_.projects.end()) {
      d.project = &it->second;
      const core::ChildForm& form = forms_.childForm(d.project->childForm);
      // The chart is looked at together with the child: the sensitive
      // dimensions (self-harm, suicidal behaviour) are neither drawn nor
      // named there (docs/UI.md, "The development chart").
      for (const core::Dimension& dim : form.dimensions) {
        if (!d.project->measures(dim.id)) continue;
        if (isSensitiveDimension(dim))
          ++d.chartHidden;
        else
          d.chartDimensions.push_back(dim.id);
      }
      for (const store::Measurement& m : store_->measurements(c.id)) {
        if (m.state != store::ResponseState::Finished) continue;
        ScorePoint p;
        p.occasion = m.occasion;
        p.date = std::chrono::floor<std::chrono::days>(m.startedAt);
        const auto values = store_->itemValues(m.id);
        for (const core::DimensionScore& s : core::scoreMeasurement(form, *d.project, values, forms_.scoring))
          if (s.score) p.scores[s.dimension] = *s.score;
        d.chart.push_back(std::move(p));
      }
    }
    d.flags = store_->flags(c.id);
    std::stable_partition(d.flags.begin(), d.flags.end(), [](const auto& f) { return !f.seenAt; });
    state_.detail = std::move(d);
    // Unseen flags become the notice on the child's page.
    if (!state_.safeguarding && state_.detail->project) {
      SafeguardingNotice n;
      n.childName = state_.detail->summary.name;
      n.guidance = state_.detail->project->guidanceFor(c.details.gender ? store::genderId(*c.details.gender) : "");
      n.contact = state_.detail->project->safeguarding.contact;
      n.draft = core::guidanceIsDraft(state_.detail->project->safeguarding);
      n.child = c.id;
      for (const auto& f : state_.detail->flags) {
        if (f.seenAt) continue;
        n.flags.push_back(f.id);
        n.hits.push_back(f.hit());
      }
      if (!n.flags.empty()) state_.safeguarding = std::move(n);
    }
  } catch (const std::exception& e) {
    fail(e);
  }
}

void AppModel::startTask(core::Task task) {
  if (!store_ || !state_.detail || !state_.detail->project) return;
  clearMessages();
  const store::Child& c = state_.detail->summary.child;
  const core::Project& project = *state_.detail->project;
  try {
    if (task == core::Task::Background) {
      formRunner_.startBackground(c.id);
      return;
    }
    const auto occasion = core::occasionOf(task);
    if (!occasion) return;
    if (state_.detail->consentWithdrawnOn()) {  // the consent gate says why
      state_.error = trf(Word::ErrConsentWithdrawn, lang(), {state_.detail->summary.name});
      return;
    }
    // Only what the checklist offers (no efter on the day of før); the
    // consent gate above and the store say why for the rest.
    for (const core::DueEntry& e : state_.detail->summary.due)
      if (e.task == task && e.state != core::DueState::NoConsent && !e.canStart()) return;
    const core::ChildForm& form = forms_.childForm(project.childForm);
    // Resume a paused or interrupted one of this occasion; else start one.
    std::optional<store::MeasurementId> id;
    for (const store::Measurement& m : store_->measurements(c.id))
      if (m.occasion == *occasion &&
          (m.state == store::ResponseState::InProgress || m.state == store::ResponseState::Paused))
        id = m.id;
    // A new one starts with the default answering mode, which the hand-over
    // shows chosen and one tap changes; a resumed one keeps its own (or
    // none, when it was begun before Spor asked).
    if (!id) id = store_->startMeasurement(c.id, form, *occasion, core::kDefaultAnsweringMode);
    auto session = std::make_unique<StoreSession>(*store_, *id, form, project, forms_.scoring);
    childMode_.handOver(std::move(session), c.id, state_.detail->summary.name, c.details.nickname.value_or(""));
  } catch (const std::exception& e) {
    fail(e);
  }
}

void AppModel::readDeviceKeys() {
  const store::DeviceInfo info = store_->device();
  state_.deviceKey = crypto::fingerprint(info.signingKey);
  state_.coordinatorKey = info.coordinator ? crypto::fingerprint(info.coordinator->encryption) : std::string();
  // The key "Glemt PIN-koden?" needs, as the coordinator's Security tab shows it.
  state_.recoveryKey = info.coordinator ? crypto::fingerprint(info.coordinator->recovery) : std::string();
}

}  // namespace spor::ui
