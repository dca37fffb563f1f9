// The app model, part 4: the coordinator's two jobs that begin outside the
// coordinator's screens.
//  - "Glemt PIN-koden?" on the tablet's lock screen: the recovery key file,
//    its passphrase, the volunteer and a new PIN twice, through
//    sync::recoverDevice (the same use case as `spor recover`).
//  - The first-run screen's third choice, "Denne computer er koordinatorens":
//    sync::setUpCoordinator (as `spor coordinator init`), the enrolment file to
//    a chosen folder, and the folder remembered for later starts.
#include <algorithm>

#include "crypto/memory.hpp"
#include "store/vault.hpp"
#include "sync/coordinator_place.hpp"
#include "sync/recovery.hpp"
#include "ui/model/app_model.hpp"
#include "ui/model/coordinator_model.hpp"
#include "ui/text.hpp"

namespace spor::ui {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRecoveryExtension = ".sporrecovery";

void wipe(std::string& s) {
  crypto::memzero(s);
  s.clear();
}

std::string trimmed(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  return s;
}

}  // namespace

// --- "Glemt PIN-koden?" -------------------------------------------------------------------------

bool AppModel::canRecover() const {
  return store_ && !state_.demo && state_.screen == Screen::PinPad && state_.pin.purpose == PinPurpose::Unlock &&
         !state_.pin.handBack && !busy();
}

void AppModel::wipeRecover() {
  wipe(state_.recover.passphrase);
}

void AppModel::recoverStart() {
  if (!canRecover()) return;
  wipeRecover();
  state_.recover = {};
  clearMessages();
  state_.screen = Screen::Recover;
  recoverFind();
  // A tablet with one volunteer: that is who gets the new PIN.
  if (const auto all = volunteers(); all.size() == 1) recoverChooseVolunteer(all.front().id);
  noteActivity();
}

std::string recoverFilesNote(const RecoverState& r, core::Lang lang) {
  // "No key on the USB sticks" only while no key is read: a file typed by
  // path and read is the key (a new user's trial saw both side by side).
  if (!r.found.empty() || r.fileOk) return {};
  return tr(Word::RecoverNoFiles, lang);
}

void AppModel::recoverFind() {
  if (state_.screen != Screen::Recover) return;
  RecoverState& r = state_.recover;
  r.found = findFilesIn(findPlaces().folders, kRecoveryExtension);
  // One file on a stick is the one: read it at once.
  if (r.found.size() == 1 && r.path.empty()) recoverChooseFile(r.found.front());
  noteActivity();
}

void AppModel::recoverChooseFile(const std::string& path) {
  if (state_.screen != Screen::Recover || !store_ || busy()) return;
  RecoverState& r = state_.recover;
  r.path = trimmed(path);
  r.fileOk = false;
  r.error.clear();
  noteActivity();
  if (r.path.empty()) {
    r.error = tr(Word::RecoverNeedFile, lang());
    return;
  }
  try {
    // Before any passphrase: a damaged file, not a recovery key, a demo, another coordinator's key.
    sync::checkRecoveryKeyFor(*store_, r.path);
    r.fileOk = true;
  } catch (const std::exception& e) {
    r.error = shownMessage(e, lang());
  }
}

void AppModel::recoverChooseVolunteer(store::VolunteerId who) {
  if (state_.screen != Screen::Recover || busy()) return;
  for (const auto& v : volunteers()) {
    if (v.id == who) {
      state_.recover.who = who;
      state_.recover.whoName = v.name;
      state_.recover.error.clear();
    }
  }
  noteActivity();
}

void AppModel::recoverChoosePin() {
  if (state_.screen != Screen::Recover || busy()) return;
  RecoverState& r = state_.recover;
  noteActivity();
  if (!r.fileOk) {
    r.error = tr(Word::RecoverNeedFile, lang());
    return;
  }
  if (r.passphrase.empty()) {
    r.error = tr(Word::RecoverNeedPassphrase, lang());
    return;
  }
  if (!r.who) {
    r.error = tr(Word::RecoverNeedWho, lang());
    return;
  }
  r.error.clear();
  state_.pin.flow = {PinFlow::Goal::Recover, r.whoName, {}, {}, r.who};
  lock_.ask(PinPurpose::NewPin);
}

void AppModel::recoverCancel() {
  if (state_.screen != Screen::Recover || busy()) return;
  wipeRecover();
  state_.recover = {};
  state_.pin.flow = {};
  lock_.ask(PinPurpose::Unlock);
}

// The new PIN was typed twice (pinFlowDone): open the file with its
// passphrase and set the PIN, on the worker (Argon2id twice).
void AppModel::recoverWithPin(const SecretDigits& pin) {
  RecoverState& r = state_.recover;
  std::string passphrase = r.passphrase;
  wipeRecover();
  runWithStore(
      Busy::Recovering,
      [path = r.path, passphrase, name = r.whoName, pin](std::optional<store::DeviceStore>& s) mutable {
        try {
          static_cast<void>(sync::recoverDevice(*s, path, passphrase, name, pin));
        } catch (...) {
          crypto::memzero(passphrase);
          throw;
        }
        crypto::memzero(passphrase);
      },
      [this, name = r.whoName](std::exception_ptr error) {
        if (error) {
          // Nothing changed: back to the recovery screen with why, the passphrase to type again.
          try {
            std::rethrow_exception(error);
          } catch (const std::exception& e) {
            state_.recover.error = shownMessage(e, lang());
          }
          state_.screen = Screen::Recover;
          return;
        }
        state_.volunteer = name;
        state_.recover = {};
        state_.pin = {};
        afterUnlock();
        state_.notice = trf(Word::RecoverDone, lang(), {name});
      });
  crypto::memzero(passphrase);
}

// --- First run: this computer is the coordinator's ------------------------------------------

void AppModel::setupCoordinatorOpen(bool open) {
  if (state_.screen != Screen::Setup || busy()) return;
  CoordinatorSetupState& c = state_.setup.coordinator;
  wipe(c.passphrase);
  wipe(c.passphraseAgain);
  c.error.clear();
  c.open = open;
  if (open) {
    const Places places = findPlaces();
    c.folders = places.folders;
    c.folderLabels = places.labels;
    // A USB stick is where the enrolment file is carried to the tablets.
    if (c.folder.empty()) c.folder = places.sticks > 0 ? places.folders.front() : dataDir_.string();
  }
  noteActivity();
}

void AppModel::setupCoordinatorChooseFolder(const std::string& folder) {
  if (state_.screen != Screen::Setup) return;
  state_.setup.coordinator.folder = folder;
  state_.setup.coordinator.error.clear();
}

void AppModel::setupCoordinatorCreate() {
  if (state_.screen != Screen::Setup || busy()) return;
  CoordinatorSetupState& c = state_.setup.coordinator;
  c.error.clear();
  const std::string name = trimmed(c.name);
  const std::string folder = trimmed(c.folder);
  if (name.empty()) {
    c.error = tr(Word::SetupCoordNoName, lang());
    return;
  }
  if (c.passphrase != c.passphraseAgain) {
    wipe(c.passphrase);
    wipe(c.passphraseAgain);
    c.error = tr(Word::SetupCoordMismatch, lang());
    return;
  }
  try {
    static_cast<void>(store::checkNewSecret(c.passphrase));  // too short: said now, before any work
  } catch (const std::exception& e) {
    wipe(c.passphrase);
    wipe(c.passphraseAgain);
    c.error = shownMessage(e, lang());
    return;
  }
  std::error_code ec;
  if (folder.empty() || !fs::is_directory(folder, ec)) {
    c.error = trf(Word::SetupCoordNoFolder, lang(), {folder});
    return;
  }
  std::string passphrase = c.passphrase;
  wipe(c.passphrase);
  wipe(c.passphraseAgain);
  auto made = std::make_shared<std::unique_ptr<sync::CoordinatorStore>>();
  auto file = std::make_shared<fs::path>();
  auto fingerprint = std::make_shared<std::string>();
  runWithStore(
      Busy::SettingUp,
      [dir = dataDir_, name, passphrase, folder, options = coordinatorOptions_, made, file,
       fingerprint](std::optional<store::DeviceStore>&) mutable {
        try {
          sync::CoordinatorSetUp up = sync::setUpCoordinator(dir, name, passphrase, folder, options);
          *file = up.enrolmentFile;
          *fingerprint = up.enrolment.encryptionFingerprint;
          *made = std::make_unique<sync::CoordinatorStore>(std::move(up.store));
        } catch (...) {
          crypto::memzero(passphrase);
          throw;
        }
        crypto::memzero(passphrase);
        // Later starts without --data-dir open this folder (app::startDataDir).
        static_cast<void>(sync::rememberCoordinatorDir(dir));
      },
      [this, made, file, fingerprint](std::exception_ptr error) {
        CoordinatorSetupState& s = state_.setup.coordinator;
        if (error) {
          try {
            std::rethrow_exception(error);
          } catch (const std::exception& e) {
            s.error = shownMessage(e, lang());
          }
          return;
        }
        setupCoordinatorStore_ = std::move(*made);
        s.done = true;
        s.enrolmentFile = file->string();
        s.fingerprint = *fingerprint;
      });
  crypto::memzero(passphrase);
}

void AppModel::setupCoordinatorContinue() {
  if (state_.screen != Screen::Setup || !state_.setup.coordinator.done) return;
  if (setupCoordinatorStore_) {
    coordinator_ =
        std::make_unique<CoordinatorModel>(forms_, dataDir_, std::move(*setupCoordinatorStore_), coordinatorOptions_);
    setupCoordinatorStore_.reset();
  } else {
    coordinator_ = std::make_unique<CoordinatorModel>(forms_, dataDir_, coordinatorOptions_);
  }
  coordinator_->setWorker(worker_.get());
  coordinator_->setLang(lang());
  const Places places = findPlaces();
  coordinator_->setPlaces(places.folders, places.preferred(), places.labels);
  state_.setup = {};
  state_.screen = Screen::Coordinator;
  noteActivity();
}

}  // namespace spor::ui
