#pragma once
// The app model: every behaviour of the tablet app as plain C++, tested
// without a window (tests/ui/test_model.cpp, test_flows.cpp). Views call
// these methods when a widget says so, and draw state().
//
// It works in one of two modes:
//  - with a data folder (the app): the encrypted DeviceStore in it holds
//    volunteers, children, consent, measurements and flags; a PIN unlocks it;
//  - with a VolunteerAuth and hand-over sessions only (model tests of child
//    mode without a store).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/forms.hpp"
#include "store/device_store.hpp"
#include "ui/model/app_state.hpp"
#include "ui/model/clock.hpp"
#include "ui/model/session.hpp"
#include "ui/model/volunteer_auth.hpp"

namespace spor::ui {

class CoordinatorModel;

// The demo set-up's volunteer and PIN, shown on every volunteer screen of a demo device.
inline constexpr const char* kDemoVolunteer = "Demo";
inline constexpr const char* kDemoPin = "135790";

class AppModel {
 public:
  // How long answers are ignored after a new item appears, so a double tap
  // does not answer the next question too.
  static constexpr Ms kAnswerGuard{400};
  static constexpr std::size_t kPinMinDigits = 6;  // the vault's minimum
  static constexpr std::size_t kPinMaxDigits = 12;

  // `forms` and `clock` must outlive the model.
  AppModel(const core::FormSet& forms, const Clock& clock, Settings settings = {});
  ~AppModel();
  AppModel(const AppModel&) = delete;
  AppModel& operator=(const AppModel&) = delete;

  [[nodiscard]] const AppState& state() const { return state_; }
  [[nodiscard]] const core::FormSet& forms() const { return forms_; }
  [[nodiscard]] core::Lang lang() const { return state_.settings.lang; }
  [[nodiscard]] Ms now() const { return clock_.now(); }

  void setKiosk(bool kiosk) { state_.kiosk = kiosk; }
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
  // Without a store: PINs are checked by `auth` (must outlive the model); the
  // model starts on the home screen, unlocked.
  void useAuth(VolunteerAuth& auth);

  // --- First run ----------------------------------------------------------------------
  void setupDemo();  // a demo device: volunteer "Demo" with PIN 135790 and two example children
  void setupFindEnrolmentFiles(const std::vector<std::filesystem::path>& folders);
  void setupChooseEnrolment(const std::string& path);  // reads and checks it; fills coordinator and fingerprint
  [[nodiscard]] SetupState& setupDraft() { return state_.setup; }
  void setupEnrol();  // with the chosen file and name: choose a PIN next

  // --- Settings -------------------------------------------------------------------------------
  void setSettings(const Settings& settings);  // saved to the data folder at once

  // --- The volunteer ----------------------------------------------------------------------------
  void goHome();
  void openSettings();
  void openVolunteers();
  void lockNow();  // "Lås": forget the key, show the lock screen
  [[nodiscard]] std::string& newVolunteerName() { return state_.newVolunteerName; }
  void addVolunteerStart();  // with newVolunteerName(): choose their PIN next
  void changePinStart();     // the acting volunteer: current PIN, then the new one twice

  void newChild();
  void openChild(store::ChildId child);
  void editChild();
  [[nodiscard]] ChildDraft& childDraft() { return state_.childDraft; }
  void draftProject(const std::string& projectId);  // also keeps only interventions the project offers
  void draftToggleIntervention(core::Intervention i);
  void saveChild();  // validates; adds or updates; records consent; opens the child
  void cancelEdit();

  // The checklist's button for `task` on the open child: starts or resumes
  // the background form or a questionnaire (the hand-over screen).
  void startTask(core::Task task);
  void markFlagsSeen();  // the volunteer has read the safeguarding notice
  void dismissSafeguarding();

  // The background form, one question at a time.
  [[nodiscard]] const core::Question* backgroundQuestion() const;
  void backgroundAnswer(const store::FormValue& value);  // stores it, then the next question
  void backgroundToggle(int code);                       // multi: ticks or unticks an option (stored at once)
  [[nodiscard]] std::string& backgroundOtherText();
  void backgroundNext();
  void backgroundBack();

  // Fidelity forms, per project, answered by the acting volunteer.
  [[nodiscard]] std::vector<const core::Project*> fidelityProjects() const;
  void startFidelity(const std::string& projectId);
  void fidelityAnswer(std::optional<int> value);  // nullopt: declined
  void fidelityBack();

  // Hands `session` to the child (the hand-over screen). Store mode makes
  // the session itself (startTask); tests pass a MemorySession.
  void handOver(std::unique_ptr<MeasurementSession> session, std::string childName);
  void handBack();  // the paused measurement back to the child
  [[nodiscard]] const MeasurementSession* session() const { return session_.get(); }

  // --- Child mode -------------------------------------------------------------------------------
  void startChild();  // the child taps Start on the hand-over screen
  [[nodiscard]] ChildItemView currentItem() const;
  [[nodiscard]] bool acceptsAnswers() const;
  void answer(int value);
  void decline();
  void back();
  void pause();
  void resume();
  void readAloud();  // the speaker button

  // --- The PIN pad ----------------------------------------------------------------------------------
  void askForPin(PinPurpose purpose);
  void pinChooseVolunteer(store::VolunteerId who);  // the lock screen
  [[nodiscard]] std::vector<store::Volunteer> volunteers() const;
  void pinDigit(int digit);
  void pinErase();
  [[nodiscard]] bool pinCanSubmit() const;
  void pinSubmit();
  void pinCancel();                                // not on the lock screen
  [[nodiscard]] long long pinWaitSeconds() const;  // seconds until the next try while locked out

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

  // --- Consent withdrawal, erasure, abandoning, other volunteers (model/child_data_flows.cpp) ---
  // Each ask...() fills state().confirm; confirmYes() does it (or asks the
  // second question of an erasure), confirmNo() forgets it, changing nothing.
  void askWithdrawConsent();                        // the open child: the parents withdrew consent (today)
  void askDeleteChild();                            // the open child: erase it with everything about it (two steps)
  void askAbandon(core::Task task);                 // the open child's paused or interrupted questionnaire
  void askRemoveVolunteer(store::VolunteerId who);  // not the last one; yourself only when another exists
  void confirmYes();
  void confirmNo();
  void resetPinStart(store::VolunteerId who);  // a colleague's new PIN, typed twice on the pad

 private:
  void showCurrentItem();
  void finishChildMode();
  void lock();
  void afterUnlock();
  void leaveChildMode();
  void checkSafeguarding();
  void say(std::string text);
  void hush();
  void fail(const std::exception& e);
  bool checkPin(const std::string& pin);
  void pinFlowDone();
  void refreshChildren();
  void refreshDetail();
  [[nodiscard]] ChildSummary summarise(const store::Child& child) const;
  void openBackground(store::ChildId child);
  void saveSettings() const;
  void loadSettings();
  void prefillBackground(BackgroundDraft& draft, store::ChildId child);  // from the child's record
  void forgetSessionOf(store::ChildId child);

  const core::FormSet& forms_;
  const Clock& clock_;
  AppState state_;
  std::unique_ptr<MeasurementSession> session_;
  std::optional<store::ChildId> sessionChild_;     // whose measurement is in child mode (store mode)
  VolunteerAuth* auth_ = nullptr;                  // memory mode
  std::optional<store::DeviceStore> store_;        // store mode
  std::unique_ptr<CoordinatorModel> coordinator_;  // coordinator mode
  std::filesystem::path dataDir_;
  store::DeviceStoreOptions storeOptions_;
};

// Danish or English date for the screens: "22.11.2026", "22 Nov 2026".
[[nodiscard]] std::string displayDate(core::Date date, core::Lang lang);

}  // namespace spor::ui
