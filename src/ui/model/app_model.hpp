#pragma once
// The app model: every behaviour of the tablet app as plain C++, tested
// without a window (tests/ui/test_flows.cpp and each part's test file). Views call
// these methods when a widget says so, and draw state().
//
// It works on a data folder: the first-run set-up when it is empty, the
// encrypted DeviceStore in it (volunteers, children, consent, measurements
// and flags; a PIN unlocks it through the vault), or a coordinator's store.
// There is no test-only mode: the model tests run on a real store with the
// fast test KDF, and the lock-out they meet is the vault's.
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/forms.hpp"
#include "store/device_store.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/signed_file.hpp"
#include "ui/model/app_state.hpp"
#include "ui/model/clock.hpp"
#include "ui/model/child_editor.hpp"
#include "ui/model/child_mode.hpp"
#include "ui/model/context.hpp"
#include "ui/model/course.hpp"
#include "ui/model/fidelity.hpp"
#include "ui/model/form_runner.hpp"
#include "ui/model/lock.hpp"
#include "ui/model/referral.hpp"
#include "ui/model/settings.hpp"
#include "ui/model/volunteers.hpp"
#include "ui/model/session.hpp"
#include "ui/model/worker.hpp"

namespace spor::ui {

class CoordinatorModel;

// How the last input came: a finger, a mouse, or a physical keyboard.
enum class InputKind { Touch, Mouse, Keyboard };
enum class CursorMove { Left, Right, Home, End };

// What a field takes and which keyboard it gets (a background question's
// field is digits for a year or a number).
[[nodiscard]] FieldKind fieldKind(Field f, const AppState& state, const core::FormSet& forms);

// The demo set-up's volunteer and PIN, shown on every volunteer screen of a demo device.
inline constexpr const char* kDemoVolunteer = "Demo";
inline constexpr const char* kDemoPin = "135790";

class AppModel {
 public:
  // How long answers are ignored after a new item or question appears (child mode, the background form).
  static constexpr Ms kAnswerGuard = ChildModePart::kAnswerGuard;
  static constexpr Ms kSpinnerFrame{60};  // frames while slow work runs: the spinner turns, nothing else

  // `clock` must outlive the model; `forms` is copied (a device with an
  // installed form package uses that instead, from openDataDir on).
  AppModel(const core::FormSet& forms, const Clock& clock, Settings settings = {});
  ~AppModel();
  AppModel(const AppModel&) = delete;
  AppModel& operator=(const AppModel&) = delete;

  [[nodiscard]] const AppState& state() const { return state_; }
  [[nodiscard]] const core::FormSet& forms() const { return forms_; }
  [[nodiscard]] core::Lang lang() const { return state_.settings.lang; }
  [[nodiscard]] Ms now() const { return clock_.now(); }
  // Today, from the clock the model was given (never the system's directly).
  [[nodiscard]] core::Date today() const { return clock_.today(); }

  void setKiosk(bool kiosk) { state_.kiosk = kiosk; }
  // Where slow work (Argon2id) runs. The default runs it at once on the
  // calling thread; the app passes a ThreadWorker, tests a ManualWorker.
  void setWorker(std::unique_ptr<Worker> worker);
  // Slow work runs (here, or the coordinator's passphrase check).
  [[nodiscard]] bool busy() const;
  void setReadAloudAvailable(bool available) { state_.readAloudAvailable = available; }

  // --- Where the data is ------------------------------------------------------------
  // Store mode: opens DIR/device.db (locked: the lock screen) or, on first
  // run, shows the set-up. Reads DIR/ui-settings.txt. `options` sets the
  // store's KDF cost and clock (tests pass fast ones).
  void openDataDir(const std::filesystem::path& dir, store::DeviceStoreOptions options = {});
  [[nodiscard]] bool hasStore() const { return store_.has_value(); }
  // Coordinator mode: DIR holds coordinator.db (Screen::Coordinator).
  [[nodiscard]] CoordinatorModel* coordinator() { return coordinator_.get(); }
  [[nodiscard]] store::DeviceStore* store() { return store_ ? &*store_ : nullptr; }

  // --- First run ----------------------------------------------------------------------
  void setupDemo();  // a demo device: volunteer "Demo" with PIN 135790 and two example children
  void setupFindEnrolmentFiles(const std::vector<std::filesystem::path>& folders);
  void setupChooseEnrolment(const std::string& path);  // reads and checks it; fills coordinator and fingerprint
  [[nodiscard]] SetupState& setupDraft() { return state_.setup; }
  void setupEnrol();  // with the chosen file and name: choose a PIN next

  // --- The volunteer ----------------------------------------------------------------------------
  void goHome();
  void lockNow();  // "Lås": forget the key, show the lock screen (a coordinator's: its passphrase)


  void openChild(store::ChildId child);

  // The checklist's button for `task` on the open child: starts or resumes
  // the background form or a questionnaire (the hand-over screen).
  void startTask(core::Task task);
  void markFlagsSeen();  // the volunteer has read the safeguarding notice
  void dismissSafeguarding();

  // Who may unlock (also while slow work has the store): the lock screen's names.
  [[nodiscard]] std::vector<store::Volunteer> volunteers() const;

  // --- Text fields and the on-screen keyboard (text_input.cpp) -------------------------------
  void noteInput(InputKind kind);         // each press or key: Auto shows the keyboard after a finger
  void setPlatformKeyboard(bool has);     // the platform shows its own screen keyboard: Auto leaves it to it
  void focusField(Field f);               // a tap on the field: the caret goes to its end
  [[nodiscard]] Field keyboardField() const;  // the field with the caret on this screen, or None
  [[nodiscard]] bool fieldFocused(Field f) const;
  [[nodiscard]] const std::string& fieldValue(Field f) const;
  [[nodiscard]] std::size_t fieldCursor() const;
  void setFieldCursor(std::size_t pos);  // a tap inside the focused field's text
  [[nodiscard]] bool keyboardShown() const;
  [[nodiscard]] bool keyboardShifted() const;
  void typeText(std::string_view text);  // at the caret; filtered by the field's kind
  void eraseBack();                      // Backspace
  void eraseForward();                   // Delete
  void moveCursor(CursorMove move);
  void keyboardPress(const Key& key);  // a key of the on-screen keyboard
  // Taps the on-screen key whose label is `label` now ("M" while shifted,
  // "m" otherwise, "Færdig"); false when no key has it or the keyboard is hidden.
  bool keyboardTap(std::string_view label);
  void keyboardDone();  // "Færdig", Return: the field lets go, the keyboard goes

  // --- The whole app ----------------------------------------------------------------------------------
  void noteActivity();  // any touch or key: the idle lock starts counting again
  void tick();          // time passed: lock when idle
  // When tick() must run next even if nothing happens (the idle lock, a
  // lockout countdown, the end of the double-tap guard); nullopt: nothing is
  // timed, and the event loop sleeps until an event.
  [[nodiscard]] std::optional<Ms> nextDeadline() const;
  void requestClose();  // the window's close button: a kiosk asks for a PIN
  [[nodiscard]] std::optional<SpeechCommand> takeSpeech();
  void clearMessages();  // the error and notice lines

  // --- Sync: the volunteer's "Send data" screen (sync_flows.cpp) ---------------------
  // Where USB sticks are mounted (their parents: /media/$USER, /run/media/$USER)
  // and the volunteer's home folder; the data folder's outbox is always offered.
  // `otherMounts` (/mnt) are offered after them but never chosen by
  // themselves: a folder there is as likely a network share or a disk as a stick.
  void setSyncPlaces(std::vector<std::filesystem::path> mountParents, std::filesystem::path home,
                     std::vector<std::filesystem::path> otherMounts = {});
  void openSync();                                 // counts, last export and receipt, folders and files found
  [[nodiscard]] SyncState& syncDraft() { return state_.sync; }
  void syncChooseFolder(const std::string& folder);  // a folder from the list (or typed in syncDraft().folder)
  void syncExport();                                 // one bundle into syncDraft().folder (sync::exportBundle)
  // A receipt (.sporreceipt) or a form package (.sporforms), by its name:
  // applied (sync::applyReceipt) or installed (sync::installFormPackage),
  // after which the app uses the new forms. Any error changes nothing.
  void syncOpenFile(const std::string& path);
  // The forms in use: the bundled ones, or the package installed in DATA/forms.
  [[nodiscard]] std::uint64_t formsVersion() const { return state_.sync.formsVersion; }
  // --- Consent withdrawal, erasure, abandoning, other volunteers (model/child_data_flows.cpp) ---
  // Each ask...() fills state().confirm; confirmYes() does it (or asks the
  // second question of an erasure), confirmNo() forgets it, changing nothing.
  void askWithdrawConsent();                        // the open child: the parents withdrew consent (today)
  void askDeleteChild();                            // the open child: erase it with everything about it (two steps)
  void askAbandon(core::Task task);                 // the open child's paused or interrupted questionnaire
  void confirmYes();
  void confirmNo();

  // --- The parts (each its own state in AppState, its own methods and file) ---
  [[nodiscard]] CoursePart& course() { return course_; }        // course.hpp: "Afslut forløb", "Hvorfor ikke taget?"
  [[nodiscard]] ReferralPart& referral() { return referral_; }  // referral.hpp: the referral, the feedback
  [[nodiscard]] ChildEditorPart& childEditor() { return childEditor_; }  // child_editor.hpp: a new child, changes, consent
  [[nodiscard]] SettingsPart& settings() { return settings_; }  // settings.hpp: the Settings screen, ui-settings.txt
  [[nodiscard]] VolunteersPart& volunteersPart() { return volunteers_; }  // volunteers.hpp: the Volunteers screen
  [[nodiscard]] LockPart& lock() { return lock_; }  // lock.hpp: the lock screen, the PIN pad, the idle lock
  [[nodiscard]] const LockPart& lock() const { return lock_; }
  [[nodiscard]] ChildModePart& childMode() { return childMode_; }  // child_mode.hpp: the hand-over, the questions, pause
  [[nodiscard]] const ChildModePart& childMode() const { return childMode_; }
  [[nodiscard]] FormRunnerPart& formRunner() { return formRunner_; }  // form_runner.hpp: the background and activity forms
  [[nodiscard]] FidelityPart& fidelity() { return fidelity_; }  // fidelity.hpp: "Skema om forløbet"
  [[nodiscard]] const FidelityPart& fidelity() const { return fidelity_; }

  // --- "Glemt PIN-koden?" on the lock screen (recovery_flows.cpp) ----------------------------
  // The coordinator's recovery key file (from a USB stick), its passphrase,
  // the volunteer, then a new PIN twice: sync::recoverDevice, the same use
  // case as `spor recover`. Every refusal (another coordinator's key, a
  // wrong passphrase, a damaged file) changes nothing on the tablet.
  [[nodiscard]] bool canRecover() const;  // the lock screen, an enrolled tablet (a demo has no coordinator)
  void recoverStart();
  void recoverFind();                               // looks on the USB sticks and in the home folder (again)
  void recoverChooseFile(const std::string& path);  // checked at once: sync::checkRecoveryKeyFor
  void recoverChooseVolunteer(store::VolunteerId who);
  void recoverChoosePin();  // with the file, its passphrase and the volunteer: the new PIN twice
  void recoverCancel();     // back to the lock screen, the passphrase wiped

  // --- First run, the third choice: this computer is the coordinator's (recovery_flows.cpp) ---
  // sync::setUpCoordinator (as `spor coordinator init`) in the data folder,
  // the enrolment file to the folder chosen, and the folder remembered
  // (sync::rememberCoordinatorDir) so later starts open it by themselves.
  void setupCoordinatorOpen(bool open);
  void setupCoordinatorChooseFolder(const std::string& folder);
  void setupCoordinatorCreate();
  void setupCoordinatorContinue();  // after the fingerprint: the coordinator's screens, unlocked
  // The coordinator store's KDF cost and clock (tests pass fast ones).
  void setCoordinatorOptions(sync::CoordinatorOptions options) { coordinatorOptions_ = std::move(options); }

 private:
  void refreshSync();
  // USB sticks (then /mnt) and the home folder, as the sync screen offers them.
  struct Places {
    std::vector<std::string> folders;
    std::vector<std::string> labels;
    std::size_t sticks = 0;  // the first `sticks` folders are USB sticks
    std::size_t others = 0;  // then folders under /mnt
    // Where a file goes unless another is chosen: the first stick, else the
    // home folder; never a folder under /mnt by itself. Empty: none.
    [[nodiscard]] std::string preferred() const {
      if (sticks > 0) return folders.front();
      if (folders.size() > sticks + others) return folders[sticks + others];
      return {};
    }
  };
  [[nodiscard]] Places findPlaces() const;
  // Files ending in `extension` in `folders` and two levels below them, sorted.
  [[nodiscard]] static std::vector<std::string> findFilesIn(const std::vector<std::string>& folders,
                                                            const std::string& extension);
  void wipeRecover();
  void recoverWithPin(const SecretDigits& pin);  // the PIN pad's last step of "Glemt PIN-koden?"
  void useInstalledForms();
  void afterUnlock();
  void hush() { ctx_.hush(); }
  void fail(const std::exception& e);
  void pinFlowDone();
  void refreshChildren();
  void refreshDetail();
  [[nodiscard]] ChildSummary summarise(const store::Child& child) const;
  [[nodiscard]] std::string* fieldText(Field f);
  [[nodiscard]] bool wantsScreenKeyboard() const;
  void autoShift();
  // Slow work with the device store (StoreWork, context.hpp): the store is
  // moved to the worker and back, never shared between threads.
  void runWithStore(Busy what, StoreWork work, AfterWork then);
  void pollWork();
  struct WorkOutcome;
  void readDeviceKeys();  // state_.deviceKey and coordinatorKey from the store  // a field changed: its error goes once it is fixed  // the field of the question on screen, before any step

  core::FormSet ownForms_;                  // a copy of the forms given, replaced by an installed package
  const core::FormSet& forms_ = ownForms_;  // what every flow reads
  const Clock& clock_;
  core::Date day_;  // the day tick() last saw: a new one refreshes what is due
  AppState state_;
  std::optional<store::DeviceStore> store_;        // store mode
  // The parts' context: the state, forms, clock and store above, and the
  // steps the model does for the parts (app_model.cpp).
  class Context final : public ModelContext {
   public:
    explicit Context(AppModel& model);
    void refreshDetail() override;
    void refreshChildren() override;
    void releaseField(Field f) override;
    void openChild(store::ChildId child) override;
    void goHome() override;
    [[nodiscard]] std::vector<store::Volunteer> volunteers() const override;
    [[nodiscard]] bool busy() const override;
    void runWithStore(Busy what, StoreWork work, AfterWork then) override;
    [[nodiscard]] LockPart& lock() override;
    [[nodiscard]] ChildModePart& childMode() override;
    void unlocked() override;
    void newPinChosen() override;
    void forgetRecovery() override;
    void keyboardDone() override;

   private:
    AppModel& model_;
  };
  Context ctx_{*this};
  CoursePart course_{ctx_};
  ReferralPart referral_{ctx_};
  SettingsPart settings_{ctx_};
  ChildEditorPart childEditor_{ctx_};
  VolunteersPart volunteers_{ctx_};
  LockPart lock_{ctx_};
  ChildModePart childMode_{ctx_};
  FormRunnerPart formRunner_{ctx_};
  FidelityPart fidelity_{ctx_};
  std::unique_ptr<CoordinatorModel> coordinator_;  // coordinator mode
  std::filesystem::path dataDir_;
  std::optional<sync::Enrolment> setupEnrolment_;  // the enrolment file chosen on the set-up screen, read once
  store::DeviceStoreOptions storeOptions_;
  sync::CoordinatorOptions coordinatorOptions_;
  std::unique_ptr<sync::CoordinatorStore> setupCoordinatorStore_;  // made on the set-up screen, unlocked, until "Fortsæt"
  std::vector<std::filesystem::path> syncMountParents_;  // setSyncPlaces: removable media
  std::vector<std::filesystem::path> syncOtherMounts_;   // setSyncPlaces: /mnt
  std::filesystem::path syncHome_;
  std::vector<store::Volunteer> volunteersWhileBusy_;  // the lock screen's names while the store is with the worker
  std::shared_ptr<WorkOutcome> work_;                  // the running job's outcome, until taken
  AfterWork then_;
  std::unique_ptr<Worker> worker_;  // last: destroyed first, so a running job ends before the rest
};

// What a person is told about `e` on a screen: the catalogue's text in
// `lang` (messageOf), starting with a capital.
[[nodiscard]] std::string shownMessage(const std::exception& e, core::Lang lang);

// "2 målinger, 1 barn, 1 samtykke (4 i alt)": what waits on the sync screen; the total is the sum of the parts.
// The sensitive dimensions (selvskade, selvmordsadfærd: the reversed ones,
// where agreeing means more challenges): neutral answer cards for the child,
// and never named or drawn on a screen the child sees (the development chart).
[[nodiscard]] bool isSensitiveDimension(const core::Dimension& dimension);

// What the recovery screen says under "the file" when no key was found on
// the USB sticks (empty when one was found, or a typed path was read).
[[nodiscard]] std::string recoverFilesNote(const RecoverState& recover, core::Lang lang);

[[nodiscard]] std::string syncPendingText(const SyncState& sync, core::Lang lang);
// The status box's heading: waiting for the coordinator, or all delivered.
[[nodiscard]] std::string syncStatusTitle(const SyncState& sync, core::Lang lang);

// The development chart's markers, line by line (see ChartMark): markers at
// one measurement closer than `close` (in score units) share a place and are
// set side by side.
[[nodiscard]] std::vector<ChartMark> chartMarks(const ChildDetailView& detail, const core::ChildForm& form,
                                                double close);

// Danish or English date for the screens: "22.11.2026", "22 Nov 2026".
[[nodiscard]] std::string displayDate(core::Date date, core::Lang lang);

}  // namespace spor::ui
