#pragma once
// Everything the app shows, in one commented struct (raven's AppState).
// The AppModel changes it; views read it and call the model's methods.
// Nothing here knows about ImGui or SDL.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/forms.hpp"
#include "core/occasions.hpp"
#include "core/scoring.hpp"
#include "core/text.hpp"
#include "store/records.hpp"
#include "ui/model/clock.hpp"
#include "ui/model/course.hpp"
#include "ui/model/keyboard.hpp"
#include "ui/model/referral.hpp"
#include "ui/model/secret_digits.hpp"
#include "ui/model/settings.hpp"
#include "ui/model/volunteers.hpp"
#include "ui/model/session.hpp"

namespace spor::ui {

enum class Screen {
  Setup,           // first run: enrol with the coordinator's file, or set up a demo
  Home,            // the volunteer's start: the children and what is due for each
  ChildDetail,     // one child: the checklist, consent, the development chart, safeguarding
  ChildEdit,       // a new child, or changes to one, with parental consent
  BackgroundForm,  // the background form, one question at a time
  FidelityForm,    // a fidelity form, one item at a time
  Settings,        // language, text size, read-aloud, idle lock
  Volunteers,      // who may unlock; add one, change one's PIN
  HandOver,        // "Hej Alma!": the volunteer hands over, the child taps Start
  ChildQuestion,   // child mode: one item, four faces, "vil ikke svare", progress, back, pause
  ChildPaused,     // child mode: the child paused; continue, or give the tablet back
  ChildThanks,     // child mode: the end; give the tablet back
  PinPad,          // a PIN: to unlock (the lock screen), leave child mode, close a kiosk, or choose a new one
  Coordinator,     // a coordinator's data folder: passphrase, import, devices, children, report (coordinator_model.hpp)
  Sync,            // "Send data": send a bundle, apply a receipt, install a form package (sync_flows.cpp)
  Recover,         // "Glemt PIN-koden?": the coordinator's recovery key gives a volunteer a new PIN (recovery_flows.cpp)
};

[[nodiscard]] const char* screenId(Screen s);  // "child-question", for logs and scripts

// The screens a child may see. Nothing a volunteer sees (other children,
// scores, safeguarding notices) is drawn on these.
[[nodiscard]] bool isChildScreen(Screen s);

enum class PinPurpose {
  Unlock,          // the lock screen (start, idle lock, "Lås"): choose who you are; no way around it
  LeaveChildMode,  // the volunteer takes the tablet back; Cancel returns to the child
  Quit,            // closing the window of a kiosk
  OldPin,          // changing one's PIN: the current one first
  NewPin,          // choosing a PIN (set-up, a new volunteer, a changed PIN)
  ConfirmPin,      // the same PIN again
};

// Weak: the store refused a new PIN (PinPadState::weakReason says why).
// Error: something other than a wrong PIN went wrong (the TPM, the store);
// PinPadState::error has the catalogue's text for it.
enum class PinNotice { None, Wrong, LockedOut, Mismatch, TooShort, Weak, Error };

// Slow work (Argon2id) running off the UI thread: the screen shows a spinner
// with what is happening, and ignores taps until it is done.
enum class Busy {
  None,
  Unlocking,  // a PIN is being checked ("Låser op …")
  SavingPin,  // a new volunteer's or a changed PIN is being wrapped
  SettingUp,  // the device store is being made (enrolment or demo), or the coordinator's store
  Recovering, // the recovery key file is being opened with its passphrase, and the new PIN set
};

// Why a new PIN is being chosen, and what is known so far. Cleared as soon as
// the PIN has been used.
struct PinFlow {
  enum class Goal { None, Enrol, AddVolunteer, ChangePin, ResetPin, Recover };
  Goal goal = Goal::None;
  std::string name;   // Enrol, AddVolunteer: the volunteer's name
  SecretDigits first;  // the new PIN as first typed, until it is confirmed (wiped secret memory)
  SecretDigits old;    // ChangePin: the current PIN (wiped secret memory)
  // ResetPin: whose PIN it is (a colleague's); Recover: whose PIN the recovery key sets
  std::optional<store::VolunteerId> target;
};

struct PinPadState {
  PinPurpose purpose = PinPurpose::Unlock;
  Screen returnTo = Screen::Home;  // where Cancel leads (and where a PIN flow ends)
  SecretDigits digits;             // typed so far, in wiped secret memory; never stored, wiped after every try
  std::size_t checking = 0;        // while slow work checks or wraps a PIN: how many dots stay filled
  PinNotice notice = PinNotice::None;
  std::string weakReason;                 // Weak: why the new PIN was refused, in the screens' language
  Ms lockedUntil{0};                      // LockedOut: the next try is allowed from here
  std::optional<store::VolunteerId> who;  // Unlock: the volunteer chosen on the lock screen
  // Unlock after a lock that interrupted a child: the calm "Giv tabletten til
  // en voksen" screen with the volunteers' names and no keys, until a
  // volunteer taps their name. A child's random taps never use up a try.
  bool handBack = false;
  // A volunteer's name was chosen on the hand-back screen: "Tilbage" returns
  // to it (a child's tap on a name is undone without a try counted).
  bool fromHandBack = false;
  std::string error;  // PinNotice::Error: what went wrong, in the screen's language
  PinFlow flow;
};

// One answer button in child mode, left to right in value order.
struct FaceOption {
  int value = 0;
  std::string label;  // "Aldrig", "Helt enig"
  // The scale's face for this value; None on the sensitive (reversed)
  // dimensions, whose cards are neutral (forms/README.md "Faces"). Faces are
  // never mirrored: a position means the same answer on every item.
  core::Face face = core::Face::None;
  int steps = 0;  // how many options the scale has (a neutral card shows value of steps as dots)
};

// What child mode draws for the current item.
struct ChildItemView {
  std::string itemId;
  std::string leadIn;             // the dimension's lead-in ("Hvor enig er du i det her?")
  bool firstOfDimension = false;  // the lead-in is new: read it aloud too
  std::string text;               // the question
  std::vector<FaceOption> options;
  bool neutral = false;         // a sensitive item: calm cards without emotional faces
  std::string declineLabel;     // "Vil ikke svare"
  std::optional<Answer> given;  // the answer already given, when the child came back to it
  std::size_t number = 0;       // 1-based, for "3 af 12"
  std::size_t count = 0;
  bool canGoBack = false;
};

// A worrying answer, for the volunteer's eyes only (never in child mode).
struct SafeguardingNotice {
  std::string childName;
  std::vector<core::SafeguardingHit> hits;
  core::LocalText guidance;             // the project's safeguarding text
  std::vector<store::FlagId> flags;     // the stored flags, marked seen when dismissed
  std::optional<store::ChildId> child;  // whose
  // Where the volunteer turns (the project's safeguarding.contact), and
  // whether it or the guidance is Spor's draft, not yet the project's.
  core::LocalText contact{};
  bool draft = false;
};

// What read-aloud should do next.
struct SpeechCommand {
  bool stop = false;  // stop reading; otherwise read `text`
  std::string text;
};

// A child as the home screen lists it.
struct ChildSummary {
  store::Child child;
  std::string name;  // the nickname, else the code
  bool consent = false;
  std::vector<core::DueEntry> due;  // the checklist (core::dueMeasurements)
  std::size_t unseenFlags = 0;
  bool consentWithdrawn = false;  // no active consent because the parents withdrew it
};

// One point of the development chart: a finished measurement's scores.
struct ScorePoint {
  core::Occasion occasion = core::Occasion::Before;
  core::Date date{};
  std::map<std::string, double> scores;  // dimension id -> score (1..4, in the dimension's direction)
};

// One marker of the development chart (chartMarks): dimension `line`'s score
// at measurement `point`, with "up is better" on every line (a reversed
// dimension's score is drawn as 5 - score). Markers that would cover each
// other (equal or nearly equal scores at one measurement) get side-by-side
// slots, so every line stays visible.
struct ChartMark {
  std::size_t line = 0;   // index into ChildDetailView::chartDimensions
  std::size_t point = 0;  // index into ChildDetailView::chart
  double value = 0;       // 1..4, up is better
  int slot = 0;           // 0..slots-1, left to right
  int slots = 1;          // how many markers share this place
};

// One child, opened from the home screen.
struct ChildDetailView {
  ChildSummary summary;
  const core::Project* project = nullptr;
  std::vector<store::Consent> consents;
  std::vector<ScorePoint> chart;               // oldest first
  std::vector<std::string> chartDimensions;    // the project's dimensions the child may see, in questionnaire order
  std::size_t chartHidden = 0;                 // the project's sensitive dimensions, left out of the chart
  std::vector<store::SafeguardingFlag> flags;  // unseen first

  // The day the parents withdrew consent, when no consent is active since:
  // nothing new may be measured, and the page says why.
  [[nodiscard]] std::optional<core::Date> consentWithdrawnOn() const {
    std::optional<core::Date> on;
    for (const auto& c : consents) {
      if (c.active()) return std::nullopt;
      if (c.withdrawnOn) on = c.withdrawnOn;
    }
    return on;
  }
};

// A new child, or the changes to one, until saved.
// The field of the new/edit child form that an error names: the view scrolls
// to it, and the error goes when the field is fixed.
enum class ChildField { None, BirthYear, Gender, Project, Municipality, Interventions, ConsentBy, ConsentWhat };

struct ChildDraft {
  std::optional<store::ChildId> id;  // nullopt: a new child
  std::string nickname;
  int birthYear = 0;          // 0: not given (set from birthYearText when saved)
  std::string birthYearText;  // as typed
  std::optional<store::Gender> gender;
  std::string projectId;
  std::string municipality;  // one of the project's municipalities; empty: not chosen
  std::vector<core::Intervention> interventions;
  bool hadConsent = false;    // consent was recorded before (editing)
  bool consentGiven = false;  // the volunteer ticks: the parents have consented
  std::string consentBy;      // a core::consentGiverId: "mor", "far", "begge forældre", "værge", "den unge"
  bool consentQuestionnaires = true;
  bool consentBackground = true;
  // Consent that the municipality and the organisation may share information
  // about the child: its own consent, given with the first or later (issue 14).
  bool hadSharing = false;      // recorded before (editing)
  bool consentSharing = false;  // the volunteer ticks it now
  std::string error;  // the first thing missing (or what the store said), in the screens' language
  ChildField errorField = ChildField::None;  // the field `error` is about: the view scrolls there
  bool revealError = false;                  // only true until the view has scrolled to errorField
  // Every field found wrong at the last "Gem", each with its text, shown once
  // beside its field (all at once, not one per "Gem"); a field's goes when it is fixed.
  std::vector<std::pair<ChildField, std::string>> errors;
  std::string warning;                       // the birth year is outside the project's ages: "Gem" again saves
  std::string warnedFor;                     // the birth year and project the warning was shown for
  // The project is not for a child of this gender (core::Project::takesGender):
  // warned about beside the gender, once; "Gem" again saves.
  ChildField warningField = ChildField::BirthYear;  // where `warning` is shown
  std::string warnedGenderFor;                      // the gender and project that warning was shown for
  // A consent just ticked: "Givet af" and what it covers appear below it,
  // often below the fold; the view scrolls them into view once.
  bool revealConsent = false;
  // What the form held when it opened (ChildEditorPart::contentKey):
  // "Annullér" asks first once anything differs (a newcomer lost a typed
  // birth year to one tap).
  std::string openedWith;

  // The text shown beside `f`: its error, or the warning (age: beside the birth year; gender: beside the gender).
  [[nodiscard]] std::string fieldMessage(ChildField f) const {
    for (const auto& [field, why] : errors)
      if (field == f) return why;
    if (f == warningField && errors.empty()) return warning;
    return {};
  }
};

// The background form being filled in.
struct BackgroundDraft {
  store::BackgroundId id{};
  store::ChildId child{};
  std::size_t index = 0;  // the question on screen, across all sections
  std::vector<const core::Question*> questions;
  std::map<std::string, store::FormValue> values;  // what is stored so far
  std::string otherText;                           // the "Andet" field of the question on screen
  // The form: the background form, or a project's activity follow-up form
  // (issue 14 item 6), which the same screen asks one question at a time.
  const core::BackgroundForm* form = nullptr;
  int activityMonths = 0;  // an activity form: the point it answers; 0 for the background form
  // When the form last moved on by itself (a single choice answered): for
  // `guard` after it, the screen's buttons ignore taps (ButtonStyle::ready,
  // as the child's double-tap guard), so a quick "Næste" or a double tap
  // meant for the question before does not land on one not yet seen.
  std::optional<Ms> movedOnAt;
  [[nodiscard]] bool settled(Ms now, Ms guard) const { return !movedOnAt || now - *movedOnAt >= guard; }
};

// The home screen's line about a project's fidelity form ("Skema om forløbet").
struct FidelityStatus {
  const core::Project* project = nullptr;
  std::size_t items = 0;
  bool started = false;      // this volunteer left one half done
  std::size_t answered = 0;  // its answers so far
  std::optional<core::Date> lastFinished;
};

// A fidelity form being filled in.
struct FidelityDraft {
  // None until the first answer: opening the form and going back writes
  // nothing (an empty draft was sent to the coordinator and shown as begun).
  std::optional<store::FidelityId> id;
  const core::FidelityForm* form = nullptr;
  std::size_t index = 0;
  std::map<std::string, std::optional<int>> values;  // nullopt: declined
};

// A step the volunteer confirms before something that cannot be undone
// (withdrawing consent, erasing a child, abandoning a measurement, removing
// a volunteer). While one is asked, its screen shows only the question and
// its two buttons. The model fills in the words, naming who it is about.
struct ConfirmState {
  enum class Ask {
    None,
    WithdrawConsent,
    DeleteChild,
    DeleteChildFinal,
    AbandonMeasurement,
    RemoveVolunteer,
    BackgroundDecline,  // "Ved ikke / vil ikke oplyse" over options ticked or an "Andet" text typed
    FinishFidelity,     // the last answer given: save the fidelity form?
    EndCourse,          // the open child's course ended as state().courseEnd says
    DiscardChildDraft,  // "Annullér" on the child form after something was typed or chosen
  };
  Ask ask = Ask::None;
  std::string title;                                // "Slet alle data om Alma (K7-4QX9)?"
  std::string body;                                 // what happens, and that it cannot be undone
  std::string yes;                                  // the button that does it; "Annullér" is the other
  std::string no;                                   // the other, where "Annullér" would mean the opposite
  std::optional<store::MeasurementId> measurement;  // AbandonMeasurement
  std::optional<store::VolunteerId> volunteer;      // RemoveVolunteer
};

// The first-run screen's third choice: this computer is the coordinator's.
// The store is made through sync::setUpCoordinator (as `spor coordinator
// init`); the enrolment file goes to the folder chosen.
struct CoordinatorSetupState {
  bool open = false;           // the form is shown instead of the three choices
  std::string name;            // the coordinator's name (the NGO, the office)
  std::string passphrase;      // typed twice; wiped as soon as the store is made or the set-up fails
  std::string passphraseAgain;
  std::string folder;          // where the enrolment file goes (a USB stick, chosen by itself when there is one)
  std::vector<std::string> folders;       // USB sticks and the home folder, as the sync screen finds them
  std::vector<std::string> folderLabels;  // the stick's name, "Hjemmemappe"
  std::string error;
  // Done: what to compare with each tablet, and where the enrolment file is.
  bool done = false;
  std::string fingerprint;
  std::string enrolmentFile;
};

// "Glemt PIN-koden?" on the lock screen: the recovery key file, its
// passphrase and the volunteer; the new PIN follows on the PIN pad.
struct RecoverState {
  std::vector<std::string> found;  // .sporrecovery files on USB sticks and in the home folder
  std::string path;                // the file chosen or typed
  bool fileOk = false;             // `path` is a whole recovery key of this tablet's coordinator
  std::string passphrase;          // the file's passphrase; wiped after every try
  std::optional<store::VolunteerId> who;
  std::string whoName;
  std::string error;
};

// The first-run screen.
struct SetupState {
  std::vector<std::string> found;  // enrolment files found on the device and on USB sticks
  std::string path;                // the enrolment file chosen or typed
  std::string coordinatorName;     // read from it
  std::string fingerprint;         // to compare with the coordinator's, by eye
  std::string volunteerName;
  std::string error;
  CoordinatorSetupState coordinator;  // the third choice
};

// The volunteer's sync screen: what waits to be sent, the last export and
// receipt, and where files can go or be found. Refreshed by openSync() and
// after every action on the screen.
struct SyncState {
  // Not yet acknowledged by the coordinator (what the next bundle carries).
  std::size_t pendingRecords = 0;  // every record, answers included
  std::size_t pendingChildren = 0;
  std::size_t pendingConsents = 0;
  std::size_t pendingMeasurements = 0;
  std::size_t pendingBackgrounds = 0;
  std::size_t pendingFidelity = 0;
  std::size_t pendingFlags = 0;
  std::size_t pendingDeletedChildren = 0;
  std::int64_t lastBundle = 0;  // the number of the last bundle written; 0: none yet
  std::optional<store::Timestamp> lastExportAt;
  std::int64_t lastReceipt = 0;  // the number of the last receipt applied; 0: none yet
  std::optional<store::Timestamp> lastReceiptAt;
  std::uint64_t formsVersion = 0;  // the installed form package; 0: the forms that came with Spor
  std::string formsProblem;        // why an installed package is not used (it failed its checks), else empty
  bool enrolled = false;           // a demo device has no coordinator to send to

  std::vector<std::string> folders;   // where a bundle can go: USB sticks, the home folder, the outbox
  std::vector<std::string> folderLabels;  // what the buttons say: the stick's name, "Hjemmemappe", "Udbakke …"
  std::vector<std::string> receipts;  // .sporreceipt files found in those places, newest name last
  std::vector<std::string> packages;  // .sporforms files found in those places
  // What each file's button says, by index: "Kvittering nr. 2", "Skemapakke version 3" (a renamed file: its name).
  std::vector<std::string> receiptLabels;
  std::vector<std::string> packageLabels;
  std::string folder;                 // the folder chosen or typed for the next bundle
  std::string file;                   // a receipt or form package typed by hand
};

struct AppState {
  Screen screen = Screen::Setup;  // what is on screen now
  Settings settings;
  bool kiosk = false;               // fullscreen; closing the window needs a volunteer's PIN
  bool readAloudAvailable = false;  // espeak-ng and an audio device exist; else no speaker button
  bool demo = false;                // the device was set up as a demo: every volunteer screen says so
  std::string deviceKey;            // the tablet's key fingerprint, grouped as the coordinator's screen shows it
  std::string coordinatorKey;       // the coordinator's fingerprint (empty: a demo, not enrolled)
  std::string recoveryKey;          // the fingerprint of the coordinator's recovery key (empty: a demo)

  std::string childName;      // the nickname, else the code, for the measurement in progress (the volunteer's word)
  std::string childNickname;  // what the hand-over greets the child by; empty: no nickname, "Hej!"
  bool handOverResumed = false;  // the measurement has answers already: the hand-over says "Fortsæt", not "Start"
  std::string volunteer;  // who unlocked last
  Ms lastActivity{0};     // the last touch, key or tap: the idle lock counts from here
  Ms questionShownAt{0};  // answers are ignored for a moment after a new item appears (double taps)
  PinPadState pin;        // the PIN pad, while screen == PinPad
  Busy busy = Busy::None;  // slow work is running: a spinner, taps ignored
  KeyboardState keyboard;  // the text field with the caret, and the on-screen keyboard

  SetupState setup;
  std::vector<ChildSummary> children;  // the home screen's list, refreshed after every change
  std::vector<FidelityStatus> fidelityForms;  // the home screen's forms for the volunteer, refreshed with `children`
  std::optional<ChildDetailView> detail;
  ChildDraft childDraft;
  std::optional<BackgroundDraft> background;
  std::optional<FidelityDraft> fidelity;
  VolunteersState volunteersScreen;  // the Volunteers screen (volunteers.hpp)
  SyncState sync;                // the sync screen
  RecoverState recover;          // "Glemt PIN-koden?"

  std::optional<SafeguardingNotice> safeguarding;  // shown to the volunteer until dismissed
  std::string error;                               // the last thing that went wrong, shown until the next action
  std::string notice;                              // the last thing that went right ("PIN-koden er skiftet")
  ConfirmState confirm;                            // a question to confirm on the screen shown, or none
  CourseState course;                              // the child's page: "Afslut forløb", "Hvorfor ikke taget?" (course.hpp)
  ReferralState referral;                          // the child's page: the referral and feedback forms (referral.hpp)
  // Counts up when the screen's content starts over in place (the
  // safeguarding notice above it was read): its scroll areas go back to the top.
  unsigned page = 0;

  // Only until the app loop takes them (once per frame):
  std::optional<SpeechCommand> speech;  // read this aloud, or stop reading
  bool quit = false;                    // leave the app (the window closes)
};

}  // namespace spor::ui
