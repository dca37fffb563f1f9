#include "ui/text.hpp"

#include <array>
#include <cstddef>

namespace spor::ui {

namespace {

struct Entry {
  Tx key;
  const char* name;
  const char* da;
  const char* en;
};

#define SPOR_TX(key) Tx::key, #key

// One line per key, in the enum's order (checked below at compile time).
constexpr std::array<Entry, static_cast<std::size_t>(Tx::Count)> kTexts{{
    {SPOR_TX(AppName), "Spor", "Spor"},
    {SPOR_TX(Back), "Tilbage", "Back"},
    {SPOR_TX(Save), "Gem", "Save"},
    {SPOR_TX(Cancel), "Annullér", "Cancel"},
    {SPOR_TX(Next), "Næste", "Next"},
    {SPOR_TX(Finish), "Færdig", "Done"},
    {SPOR_TX(Decline), "Vil ikke svare", "Prefer not to answer"},
    {SPOR_TX(On), "Til", "On"},
    {SPOR_TX(Off), "Fra", "Off"},
    {SPOR_TX(DemoBadge), "DEMO", "DEMO"},
    {SPOR_TX(DemoPinHint), "Demo-PIN: {0}", "Demo PIN: {0}"},
    {SPOR_TX(Quit), "Luk Spor", "Close Spor"},
    {SPOR_TX(Progress), "{0} af {1}", "{0} of {1}"},
    {SPOR_TX(Pause), "Pause", "Pause"},
    {SPOR_TX(ReadAloud), "Læs op", "Read aloud"},
    {SPOR_TX(PauseTitle), "Pause", "Paused"},
    {SPOR_TX(PauseBody), "Du kan fortsætte, når du er klar.", "You can go on when you are ready."},
    {SPOR_TX(Continue), "Fortsæt", "Continue"},
    {SPOR_TX(GiveBack), "Til den voksne", "For the adult"},
    {SPOR_TX(ThanksTitle), "Tak!", "Thank you!"},
    {SPOR_TX(ThanksBody), "Du er færdig med spørgsmålene.", "You are done with the questions."},
    {SPOR_TX(ThanksGiveBack), "Giv tabletten tilbage til den voksne.", "Please give the tablet back to the adult."},
    {SPOR_TX(HandOverTitle), "Hej {0}!", "Hi {0}!"},
    {SPOR_TX(HandOverTitleNoName), "Hej!", "Hi!"},
    {SPOR_TX(HandOverBody),
     "Nu kommer nogle spørgsmål om, hvordan du har det. Der er ingen rigtige eller forkerte svar.",
     "Here come some questions about how you are. There are no right or wrong answers."},
    {SPOR_TX(HandOverStart), "Start", "Start"},
    {SPOR_TX(PinLeaveTitle), "Til den voksne", "For the adult"},
    {SPOR_TX(PinUnlockTitle), "Spor er låst", "Spor is locked"},
    {SPOR_TX(PinQuitTitle), "Luk Spor", "Close Spor"},
    {SPOR_TX(PinOldTitle), "Din nuværende PIN-kode", "Your current PIN"},
    {SPOR_TX(PinNewTitle), "Vælg en PIN-kode", "Choose a PIN"},
    {SPOR_TX(PinConfirmTitle), "Skriv PIN-koden igen", "Enter the PIN again"},
    {SPOR_TX(PinPrompt), "Skriv din PIN-kode", "Enter your PIN"},
    {SPOR_TX(PinNewHint), "Mindst 6 cifre, som andre ikke kan gætte.", "At least 6 digits that others cannot guess."},
    {SPOR_TX(PinConfirmHint), "Skriv den samme PIN-kode en gang til.", "Type the same PIN once more."},
    {SPOR_TX(PinWho), "Hvem er du?", "Who are you?"},
    {SPOR_TX(PinErase), "Slet", "Erase"},
    {SPOR_TX(PinOk), "OK", "OK"},
    {SPOR_TX(PinWrong), "Forkert PIN-kode. Prøv igen.", "Wrong PIN. Try again."},
    {SPOR_TX(PinLockedOut), "For mange forkerte forsøg. Vent {0} sekunder.", "Too many wrong tries. Wait {0} seconds."},
    {SPOR_TX(PinLockedOutMinute), "For mange forkerte forsøg. Prøv igen om 1 minut.",
     "Too many wrong tries. Try again in 1 minute."},
    {SPOR_TX(PinLockedOutMinutes), "For mange forkerte forsøg. Prøv igen om {0} minutter.",
     "Too many wrong tries. Try again in {0} minutes."},
    {SPOR_TX(PinForgotten),
     "Glemt din PIN-kode? En anden frivillig kan give dig en ny under Frivillige. Har alle glemt deres, kan "
     "koordinatoren låse tabletten op med sin gendannelsesnøgle.",
     "Forgot your PIN? Another volunteer can give you a new one under Volunteers. If everyone has forgotten "
     "theirs, the coordinator can unlock the tablet with the recovery key."},
    {SPOR_TX(HandBackTitle), "Giv tabletten til en voksen", "Please give the tablet to an adult"},
    {SPOR_TX(HandBackBody), "Tak for nu. Den voksne trykker på sit navn.", "Thank you for now. The adult taps their name."},
    {SPOR_TX(PinMismatch), "De to PIN-koder var ikke ens. Vælg igen.", "The two PINs were not the same. Choose again."},
    {SPOR_TX(SetupTitle), "Velkommen til Spor", "Welcome to Spor"},
    {SPOR_TX(SetupBody), "Spor gemmer alle svar krypteret på denne enhed. Vælg, hvordan enheden skal sættes op.",
     "Spor keeps every answer encrypted on this device. Choose how to set it up."},
    {SPOR_TX(SetupEnrolTitle), "Tilmeld enheden", "Enrol this device"},
    {SPOR_TX(SetupEnrolBody), "Brug tilmeldingsfilen (.sporenrol) fra jeres koordinator, fx fra et USB-stik.",
     "Use the enrolment file (.sporenrol) from your coordinator, e.g. on a USB stick."},
    {SPOR_TX(SetupPath), "Tilmeldingsfil", "Enrolment file"},
    {SPOR_TX(SetupRead), "Læs filen", "Read the file"},
    {SPOR_TX(SetupCoordinator), "Koordinator: {0}", "Coordinator: {0}"},
    {SPOR_TX(SetupFingerprint), "Fingeraftryk: {0}", "Fingerprint: {0}"},
    {SPOR_TX(SetupCompare), "Tjek, at fingeraftrykket er det samme, som koordinatoren har givet dig.",
     "Check that the fingerprint is the one your coordinator gave you."},
    {SPOR_TX(SetupName), "Dit navn", "Your name"},
    {SPOR_TX(SetupChoosePin), "Vælg din PIN-kode", "Choose your PIN"},
    {SPOR_TX(SetupDemoTitle), "Prøv en demo", "Try a demo"},
    {SPOR_TX(SetupDemoBody),
     "Laver en demo-enhed med to eksempelbørn, så du kan prøve det hele. Brug den ikke til rigtige børn.",
     "Sets up a demo device with two example children, so you can try everything. Do not use it for real children."},
    {SPOR_TX(SetupDemoStart), "Start demo", "Start the demo"},
    {SPOR_TX(SetupNoFile), "Filen '{0}' kan ikke læses. Tjek stien, eller sæt USB-stikket i igen.",
     "The file '{0}' cannot be read. Check the path, or put the USB stick in again."},
    {SPOR_TX(SetupChooseFileFirst), "Vælg og læs tilmeldingsfilen først.", "Choose and read the enrolment file first."},
    {SPOR_TX(RecoverLink), "Glemt PIN-koden?",
     "Forgot the PIN?"},
    {SPOR_TX(RecoverTitle), "Ny PIN-kode med gendannelsesnøglen",
     "A new PIN with the recovery key"},
    {SPOR_TX(RecoverBody), "Koordinatorens gendannelsesnøgle åbner tabletten igen, uden at noget går tabt. Sæt USB-stikket med filen i, vælg filen, skriv dens adgangssætning, og vælg, hvem der skal have en ny PIN-kode.",
     "The coordinator's recovery key opens the tablet again without losing anything. Put in the USB stick with the file, choose the file, type its passphrase and choose who gets a new PIN."},
    {SPOR_TX(RecoverPath), "Gendannelsesnøgle (.sporrecovery)",
     "Recovery key (.sporrecovery)"},
    {SPOR_TX(RecoverNoFiles), "Der er ingen gendannelsesnøgle på USB-stikkene. Sæt USB-stikket i, og tryk på Søg igen, eller skriv stien.",
     "No recovery key was found on the USB sticks. Put the stick in and tap Search again, or type the path."},
    {SPOR_TX(RecoverSearch), "Søg igen",
     "Search again"},
    {SPOR_TX(RecoverFileOk), "Gendannelsesnøglen hører til denne tablets koordinator.",
     "The recovery key belongs to this tablet's coordinator."},
    {SPOR_TX(RecoverPassphrase), "Gendannelsesnøglens adgangssætning",
     "The recovery key's passphrase"},
    {SPOR_TX(RecoverWho), "Hvem skal have en ny PIN-kode?",
     "Who gets a new PIN?"},
    {SPOR_TX(RecoverChoosePin), "Vælg ny PIN-kode",
     "Choose a new PIN"},
    {SPOR_TX(RecoverNeedFile), "Vælg og læs gendannelsesnøglen først.",
     "Choose and read the recovery key first."},
    {SPOR_TX(RecoverNeedPassphrase), "Skriv gendannelsesnøglens adgangssætning.",
     "Type the recovery key's passphrase."},
    {SPOR_TX(RecoverNeedWho), "Vælg, hvem der skal have en ny PIN-kode.",
     "Choose who gets a new PIN."},
    {SPOR_TX(RecoverDone), "{0} har fået en ny PIN-kode. Spærringen er ophævet, intet på tabletten er gået tabt, og gendannelsen står i tablettens log.",
     "{0} has a new PIN. The lock-out is lifted, nothing on the tablet was lost, and the recovery is in the tablet's log."},
    {SPOR_TX(BusyRecovering), "Åbner gendannelsesnøglen …",
     "Opening the recovery key …"},
    {SPOR_TX(SetupCoordTitle), "Denne computer er koordinatorens",
     "This computer is the coordinator's"},
    {SPOR_TX(SetupCoordBody), "Koordinatoren samler tabletternes data, godkender tabletterne og laver rapporten. Det sættes op én gang, på kontorets computer.",
     "The coordinator collects the tablets' data, approves the tablets and makes the report. It is set up once, on the office computer."},
    {SPOR_TX(SetupCoordStart), "Opret koordinator",
     "Set up the coordinator"},
    {SPOR_TX(SetupCoordName), "Koordinatorens navn (fx foreningens)",
     "The coordinator's name (e.g. the organisation's)"},
    {SPOR_TX(SetupCoordPass), "Adgangssætning (mindst 8 tegn, gerne et par ord)",
     "Passphrase (at least 8 characters, a few words are better)"},
    {SPOR_TX(SetupCoordPassAgain), "Adgangssætningen igen",
     "The passphrase again"},
    {SPOR_TX(SetupCoordFolder), "Gem tilmeldingsfilen i mappen",
     "Save the enrolment file in the folder"},
    {SPOR_TX(SetupCoordCreate), "Opret",
     "Set up"},
    {SPOR_TX(SetupCoordNoName), "Skriv koordinatorens navn.",
     "Type the coordinator's name."},
    {SPOR_TX(SetupCoordMismatch), "De to adgangssætninger er ikke ens. Skriv dem igen.",
     "The two passphrases are not the same. Type them again."},
    {SPOR_TX(SetupCoordNoFolder), "Mappen '{0}' findes ikke. Sæt USB-stikket i, eller vælg en anden mappe.",
     "The folder '{0}' does not exist. Put in the USB stick, or choose another folder."},
    {SPOR_TX(SetupCoordDone), "Koordinatoren er oprettet",
     "The coordinator is set up"},
    {SPOR_TX(SetupCoordFile), "Tilmeldingsfilen er gemt: {0}",
     "The enrolment file is saved: {0}"},
    {SPOR_TX(SetupCoordCompare), "Hver tablet viser det samme fingeraftryk, når den tilmeldes: sammenlign dem. Skriv adgangssætningen ned, og gem den, hvor kontoret gemmer sine nøgler: uden den kan intet læses. Spor åbner koordinatorens data af sig selv ved næste start.",
     "Each tablet shows the same fingerprint when it is enrolled: compare them. Write the passphrase down and keep it where the office keeps its keys: without it nothing can be read. Spor opens the coordinator's data by itself at the next start."},
    {SPOR_TX(SetupCoordNext), "Gem derefter gendannelsesnøglen på et USB-stik (under Sikkerhed).",
     "Next, save the recovery key to a USB stick (under Security)."},
    {SPOR_TX(SetupCoordContinue), "Fortsæt",
     "Continue"},
    {SPOR_TX(HomeChildren), "Børn", "Children"},
    {SPOR_TX(HomeNewChild), "Nyt barn", "New child"},
    {SPOR_TX(HomeSettings), "Indstillinger", "Settings"},
    {SPOR_TX(HomeVolunteers), "Frivillige", "Volunteers"},
    {SPOR_TX(HomeLock), "Lås", "Lock"},
    {SPOR_TX(HomeSignedIn), "Frivillig: {0}", "Volunteer: {0}"},
    {SPOR_TX(HomeNoChildren), "Der er ingen børn endnu. Tryk på „Nyt barn“.",
     "There are no children yet. Tap “New child”."},
    {SPOR_TX(HomeFidelity), "Skema om forløbet, til dig", "Programme form, for you"},
    {SPOR_TX(HomeFidelityHint),
     "Du svarer på, om aktiviteterne blev gennemført som planlagt (1 = slet ikke, 5 = altid). Det er ikke en "
     "vurdering af barnet.",
     "You answer whether the activities were carried out as planned (1 = not at all, 5 = always). It is not about "
     "the child."},
    {SPOR_TX(HomeFidelityStart), "Udfyld for {0}", "Fill in for {0}"},
    {SPOR_TX(HomeFidelityResume), "Fortsæt {0} ({1} af {2} svar)", "Continue {0} ({1} of {2} answers)"},
    {SPOR_TX(HomeFidelityLast), "Sidst udfyldt {0}.", "Last filled in {0}."},
    {SPOR_TX(HomeFidelityNever), "Ikke udfyldt endnu.", "Not filled in yet."},
    {SPOR_TX(HomeFidelityWhen), "Udfyldes én gang pr. forløb, når forløbet slutter (efter {0} uger).",
     "Filled in once per course, when the course ends (after {0} weeks)."},
    {SPOR_TX(NoConsent), "Mangler samtykke", "No consent yet"},
    {SPOR_TX(FlagMarker), "Besked til dig", "A notice for you"},
    {SPOR_TX(TaskBackground), "Baggrund", "Background"},
    {SPOR_TX(TaskBefore), "Før", "Before"},
    {SPOR_TX(TaskProgression), "Progression", "Progress"},
    {SPOR_TX(TaskAfter), "Efter", "After"},
    {SPOR_TX(TaskFollowUp), "Opfølgning", "Follow-up"},
    {SPOR_TX(DueDone), "udfyldt {0}", "done {0}"},
    {SPOR_TX(DueInProgress), "i gang", "in progress"},
    {SPOR_TX(DueNow), "nu", "due now"},
    {SPOR_TX(DueOverdue), "forsinket", "overdue"},
    {SPOR_TX(DueUpcoming), "{0}", "{0}"},
    {SPOR_TX(DueMissed), "udeblevet", "missed"},
    {SPOR_TX(DueWaiting), "venter", "waiting"},
    {SPOR_TX(DueNoConsent), "samtykke mangler", "no consent"},
    {SPOR_TX(DueCount), "{0} taget", "{0} taken"},
    {SPOR_TX(DetailAllChildren), "Alle børn", "All children"},
    {SPOR_TX(DetailEdit), "Ret oplysninger", "Edit details"},
    {SPOR_TX(DetailCode), "Kode", "Code"},
    {SPOR_TX(DetailBirthYear), "Født", "Born"},
    {SPOR_TX(DetailGender), "Køn", "Gender"},
    {SPOR_TX(DetailProject), "Projekt", "Project"},
    {SPOR_TX(DetailInterventions), "Indsats", "Intervention"},
    {SPOR_TX(DetailMunicipality), "Kommune", "Municipality"},
    {SPOR_TX(DetailConsent), "Samtykke", "Consent"},
    {SPOR_TX(ConsentGiven), "givet af {0} den {1}", "given by {0} on {1}"},
    {SPOR_TX(ConsentMissing), "Forældrenes samtykke mangler. Registrér det under „Ret oplysninger“, før barnet svarer.",
     "Parental consent is missing. Record it under “Edit details” before the child answers."},
    {SPOR_TX(DetailChecklist), "Tjekliste", "Checklist"},
    {SPOR_TX(TaskStart), "Start {0}", "Start {0}"},
    {SPOR_TX(TaskResume), "Fortsæt {0}", "Resume {0}"},
    {SPOR_TX(TaskTakeAnyway), "Tag {0} nu", "Take {0} now"},
    {SPOR_TX(DetailChart), "Udvikling", "Development"},
    {SPOR_TX(ChartEmpty), "Når barnet har svaret, kan I se udviklingen her.",
     "When the child has answered, you can see the development here."},
    {SPOR_TX(ChartNote), "Højere er bedre på alle linjer (1–4).", "Higher is better on every line (1–4)."},
    {SPOR_TX(ChartReversed), "{0}: vendt, så højere betyder færre tegn på det.",
     "{0}: turned over, so higher means fewer signs of it."},
    {SPOR_TX(GenderGirl), "Pige", "Girl"},
    {SPOR_TX(GenderBoy), "Dreng", "Boy"},
    {SPOR_TX(GenderOther), "Andet", "Other"},
    {SPOR_TX(GenderNotSaid), "Vil ikke oplyse", "Not stated"},
    {SPOR_TX(EditNewTitle), "Nyt barn", "New child"},
    {SPOR_TX(EditTitle), "Ret {0}", "Edit {0}"},
    {SPOR_TX(EditNickname), "Kaldenavn (valgfrit)", "Nickname (optional)"},
    {SPOR_TX(EditNicknameHint), "Kun fornavn eller kaldenavn. Det bliver på enheden og er krypteret.",
     "First name or nickname only. It stays on the device, encrypted."},
    {SPOR_TX(EditBirthYear), "Fødselsår", "Year of birth"},
    {SPOR_TX(EditGender), "Køn", "Gender"},
    {SPOR_TX(EditProject), "Projekt", "Project"},
    {SPOR_TX(EditMunicipality), "Barnets kommune", "The child's municipality"},
    {SPOR_TX(EditInterventions), "Indsats", "Intervention"},
    {SPOR_TX(EditConsentTitle), "Samtykke", "Consent"},
    {SPOR_TX(EditConsentGiven), "Forældrene har givet samtykke i dag", "The parents have consented today"},
    {SPOR_TX(EditConsentBy), "Givet af", "Given by"},
    {SPOR_TX(ConsentMother), "mor", "mother"},
    {SPOR_TX(ConsentFather), "far", "father"},
    {SPOR_TX(ConsentGuardian), "værge", "guardian"},
    {SPOR_TX(ConsentBothParents), "begge forældre", "both parents"},
    {SPOR_TX(EditConsentQuestionnaires), "Spørgeskemaer", "Questionnaires"},
    {SPOR_TX(EditConsentBackground), "Baggrundsskema", "Background form"},
    {SPOR_TX(EditConsentRecorded), "Samtykke er registreret.", "Consent is recorded."},
    {SPOR_TX(EditConsentYoungHint), "Den unge selv kun, hvis den unge allerede er fyldt {0}.",
     "The young person only if they have already turned {0}."},
    {SPOR_TX(EditSharing), "Kommune og forening må dele oplysninger om barnet (et samtykke for sig)",
     "The municipality and the organisation may share information about the child (a consent of its own)"},
    {SPOR_TX(EditSharingLater), "Kommune og forening må dele oplysninger om barnet: samtykke givet i dag",
     "The municipality and the organisation may share information about the child: consent given today"},
    {SPOR_TX(EditSharingRecorded), "Samtykke til at dele oplysninger med kommunen er registreret.",
     "Consent to share information with the municipality is recorded."},
    {SPOR_TX(ErrNameMissing), "Skriv et navn.", "Enter a name."},
    {SPOR_TX(ErrProjectMissing), "Vælg et projekt.", "Choose a project."},
    {SPOR_TX(ErrMunicipalityMissing), "Vælg barnets kommune.", "Choose the child's municipality."},
    {SPOR_TX(ErrInterventionMissing), "Vælg mindst én indsats.", "Choose at least one intervention."},
    {SPOR_TX(ErrConsentByMissing), "Vælg, hvem der har givet samtykke.", "Choose who gave consent."},
    {SPOR_TX(ErrConsentWhat), "Vælg, hvad samtykket gælder.", "Choose what the consent covers."},
    {SPOR_TX(ErrBirthYearMissing), "Skriv barnets fødselsår, fx {0}.", "Enter the child's birth year, e.g. {0}."},
    {SPOR_TX(ErrBirthYearMissingPlain), "Skriv barnets fødselsår.", "Enter the child's birth year."},
    {SPOR_TX(ErrBirthYearPlain), "Skriv fødselsåret med fire cifre.", "Enter the birth year as four digits."},
    {SPOR_TX(EditSeeAbove), "Ikke gemt endnu: se det markerede ovenfor.", "Not saved yet: see what is marked above."},
    {SPOR_TX(ErrBirthYearRange), "Fødselsåret skal være fra {0} til {1}. Tjek det.",
     "The birth year must be from {0} to {1}. Check it."},
    {SPOR_TX(ErrGenderMissing), "Vælg barnets køn (eller „Vil ikke oplyse“).",
     "Choose the child's gender (or “Not stated”)."},
    {SPOR_TX(WarnAgeRange),
     "Barnet fylder {0} år i år, og {1} er for børn på {2}–{3} år. Tjek fødselsåret og projektet, eller tryk Gem igen "
     "for at gemme alligevel.",
     "The child turns {0} this year, and {1} is for children aged {2}–{3}. Check the birth year and the project, or "
     "tap Save again to save anyway."},
    {SPOR_TX(EditAges), "{0} er for børn på {1}–{2} år.", "{0} is for children aged {1}–{2}."},
    {SPOR_TX(ErrNoBackgroundForm), "Formularerne har intet baggrundsskema.", "The forms have no background form."},
    {SPOR_TX(ErrBackgroundMissing), "Dette spørgsmål mangler et svar.", "This question has no answer yet."},
    {SPOR_TX(ErrBackgroundChoose), "Vælg et svar, før I går videre. Ved I det ikke, så tryk på „{0}“.",
     "Choose an answer before going on. If you do not know, tap “{0}”."},
    {SPOR_TX(ErrOldPinWrong), "Den nuværende PIN-kode var forkert. Intet er ændret.",
     "The current PIN was wrong. Nothing was changed."},
    {SPOR_TX(ErrNumber), "Skriv et tal fra {0} til {1}.", "Enter a number from {0} to {1}."},
    {SPOR_TX(FieldYear), "Årstal", "Year"},
    {SPOR_TX(FieldNumber), "Tal", "Number"},
    {SPOR_TX(FieldRange), "Fra {0} til {1}", "From {0} to {1}"},
    {SPOR_TX(BackgroundTitle), "Baggrundsskema: {0}", "Background form: {0}"},
    {SPOR_TX(QuestionOf), "Spørgsmål {0} af {1}", "Question {0} of {1}"},
    {SPOR_TX(BackgroundOther), "Andet, nemlig:", "Other, namely:"},
    {SPOR_TX(BackgroundDecline), "Ved ikke / vil ikke oplyse", "Don't know / not stated"},
    {SPOR_TX(BackgroundDone), "Baggrundsskemaet er udfyldt.", "The background form is done."},
    {SPOR_TX(FidelityTitle), "Skema om forløbet: {0}", "Programme form: {0}"},
    {SPOR_TX(FidelityDone), "Skemaet om forløbet er udfyldt. Tak!", "The programme form is done. Thank you!"},
    {SPOR_TX(SettingsTitle), "Indstillinger", "Settings"},
    {SPOR_TX(SettingsLanguage), "Sprog", "Language"},
    {SPOR_TX(SettingsTextSize), "Tekststørrelse", "Text size"},
    {SPOR_TX(TextNormal), "Normal", "Normal"},
    {SPOR_TX(TextLarge), "Stor", "Large"},
    {SPOR_TX(TextLarger), "Større", "Larger"},
    {SPOR_TX(SettingsReadAloud), "Højtlæsning (knappen „Læs op“)", "Read aloud (the “Read aloud” button)"},
    {SPOR_TX(SettingsReadAloudAuto), "Læs hvert spørgsmål op af sig selv", "Read every question aloud by itself"},
    {SPOR_TX(SettingsReadAloudMissing), "Højtlæsning virker ikke på denne enhed: {0}",
     "Read-aloud does not work on this device: {0}"},
    {SPOR_TX(SettingsIdleLock), "Lås, når ingen har rørt skærmen i", "Lock when nobody has touched the screen for"},
    {SPOR_TX(Minutes), "{0} min", "{0} min"},
    {SPOR_TX(Never), "Aldrig", "Never"},
    {SPOR_TX(VolunteersTitle), "Frivillige", "Volunteers"},
    {SPOR_TX(VolunteersIntro), "Hver frivillig har sin egen PIN-kode til at låse op.",
     "Each volunteer has their own PIN to unlock."},
    {SPOR_TX(VolunteersYou), "(dig)", "(you)"},
    {SPOR_TX(VolunteersAdd), "Tilføj en frivillig", "Add a volunteer"},
    {SPOR_TX(VolunteersName), "Navn", "Name"},
    {SPOR_TX(VolunteersChoosePin), "Vælg deres PIN-kode", "Choose their PIN"},
    {SPOR_TX(VolunteersChangePin), "Skift min PIN-kode", "Change my PIN"},
    {SPOR_TX(VolunteerAdded), "{0} kan nu låse op med sin PIN-kode.", "{0} can now unlock with their PIN."},
    {SPOR_TX(PinChanged), "Din PIN-kode er skiftet.", "Your PIN has been changed."},
    {SPOR_TX(SafeguardingTitle), "Til dig som frivillig", "For you as a volunteer"},
    {SPOR_TX(SafeguardingBody),
     "Nogle af {0} svar giver grund til at være opmærksom:", "Some of {0} answers call for attention:"},
    {SPOR_TX(SafeguardingDismiss), "Jeg har læst det", "I have read this"},
    {SPOR_TX(ErrBirthYear), "Skriv fødselsåret med fire cifre, fx {0}.",
     "Enter the birth year as four digits, e.g. {0}."},
    {SPOR_TX(KeyDone), "Færdig", "Done"},
    {SPOR_TX(KeySpace), "mellemrum", "space"},
    {SPOR_TX(SettingsScreenKeyboard), "Skærmtastatur", "On-screen keyboard"},
    {SPOR_TX(ScreenKeyboardAuto), "Automatisk", "Automatic"},
    {SPOR_TX(ScreenKeyboardAlways), "Vis altid", "Always show"},
    {SPOR_TX(ScreenKeyboardNever), "Vis aldrig", "Never show"},
    {SPOR_TX(SettingsScreenKeyboardHint),
     "Automatisk: vises, når et felt trykkes med en finger, og går væk, når der skrives på et rigtigt tastatur.",
     "Automatic: shown when a field is tapped with a finger, gone when a real keyboard is typed on."},
    {SPOR_TX(SettingsNotSaved), "Indstillingen gælder nu, men er ikke gemt til næste start.",
     "The setting applies now but is not saved for the next start."},
    {SPOR_TX(SettingsPurge), "Slet bekræftede data fra tabletten efter",
     "Delete confirmed data from the tablet after"},
    {SPOR_TX(SettingsPurgeKeep), "Aldrig", "Never"},
    {SPOR_TX(SettingsPurgeHint),
     "Når en kvittering indlæses, slettes afsluttede skemaer, som koordinatoren har bekræftet, og som er ældre end "
     "det valgte. Koordinatoren beholder sin kopi; børnenes koder og tjeklister bliver på tabletten.",
     "When a receipt is applied, finished forms that the coordinator has confirmed and that are older than the "
     "choice are deleted. The coordinator keeps its copy; the children's codes and checklists stay on the tablet."},
    {SPOR_TX(Days), "{0} dage", "{0} days"},
    {SPOR_TX(SettingsThisTablet), "Denne tablet", "This tablet"},
    {SPOR_TX(SettingsDeviceKey), "Tablettens nøgle: {0}", "Tablet key: {0}"},
    {SPOR_TX(SettingsDeviceKeyHint),
     "Koordinatoren sammenligner den med nøglen på sin skærm, før tablettens første pakke godkendes.",
     "The coordinator compares it with the key on their screen before approving the tablet's first bundle."},
    {SPOR_TX(SettingsCoordinatorKey), "Koordinatorens fingeraftryk: {0}", "The coordinator's fingerprint: {0}"},
    {SPOR_TX(SettingsRecoveryKey), "Koordinatorens gendannelsesnøgle: fingeraftryk {0}",
     "The coordinator's recovery key: fingerprint {0}"},
    {SPOR_TX(SetupDoneKey),
     "Tabletten er tilmeldt. Tablettens nøgle: {0}. Koordinatoren sammenligner den, før tablettens første pakke "
     "godkendes; du finder den også under Indstillinger.",
     "The tablet is enrolled. Tablet key: {0}. The coordinator compares it before approving the tablet's first "
     "bundle; you also find it under Settings."},
    {SPOR_TX(BusyUnlocking), "Låser op …", "Unlocking …"},
    {SPOR_TX(BusySavingPin), "Gemmer PIN-koden …", "Saving the PIN …"},
    {SPOR_TX(BusySettingUp), "Gør enheden klar …", "Setting up the device …"},
    // The sync screen
    {SPOR_TX(HomeSync), "Send data", "Send data"},
    {SPOR_TX(SyncTitle), "Synkronisering", "Sync"},
    {SPOR_TX(SyncPendingTitle), "Venter på koordinatoren", "Waiting for the coordinator"},
    {SPOR_TX(SyncDoneTitle), "Alt er afleveret", "Everything is delivered"},
    {SPOR_TX(SyncPendingNone), "Alt er sendt, og koordinatoren har bekræftet det.", "Everything has been sent, and the coordinator has confirmed it."},
    {SPOR_TX(SyncPendingFirst), "Ingen data endnu. Gem en første pakke, så koordinatoren kan godkende tabletten.",
     "No data yet. Save a first bundle, so the coordinator can approve the tablet."},
    {SPOR_TX(SyncPendingNoReceipt), "Ingen nye data. Koordinatoren har ikke sendt en kvittering for pakke nr. {0} endnu.",
     "No new data. The coordinator has not sent a receipt for bundle no. {0} yet."},
    {SPOR_TX(SyncPendingCounts), "Ikke bekræftet endnu: {0} ({1} i alt).", "Not confirmed yet: {0} ({1} in all)."},
    {SPOR_TX(SyncPendingOne), "Ikke bekræftet endnu: {0}.", "Not confirmed yet: {0}."},
    {SPOR_TX(SyncPendingOther), "Ikke bekræftet endnu: ændringer, som koordinatoren ikke har fået.",
     "Not confirmed yet: changes the coordinator has not received."},
    {SPOR_TX(SyncLastExport), "Sidste pakke: nr. {0}, gemt {1}.", "Last bundle: no. {0}, saved {1}."},
    {SPOR_TX(SyncNoExport), "Der er ikke gemt nogen pakke endnu.", "No bundle has been saved yet."},
    {SPOR_TX(SyncLastReceipt), "Sidste kvittering: nr. {0}{1}.", "Last receipt: no. {0}{1}."},
    {SPOR_TX(SyncReceiptAt), ", indlæst {0}", ", applied {0}"},
    {SPOR_TX(SyncNoReceipt), "Der er ikke indlæst nogen kvittering endnu.", "No receipt has been applied yet."},
    {SPOR_TX(SyncFormsVersion), "Skemaer: pakke version {0} fra koordinatoren.", "Forms: package version {0} from the coordinator."},
    {SPOR_TX(SyncFormsBundled), "Skemaer: dem, der fulgte med Spor.", "Forms: the ones that came with Spor."},
    {SPOR_TX(SyncSendTitle), "1. Gem en pakke til koordinatoren", "1. Save a bundle for the coordinator"},
    {SPOR_TX(SyncSendHint), "Sæt USB-stikket i og vælg det. Pakken er krypteret: kun koordinatoren kan læse den.", "Plug in the USB stick and choose it. The bundle is encrypted: only the coordinator can read it."},
    {SPOR_TX(SyncFolder), "Mappe", "Folder"},
    {SPOR_TX(SyncHome), "Hjemmemappe: {0}", "Home folder: {0}"},
    {SPOR_TX(SyncOutbox), "Udbakke på enheden: {0}", "Outbox on this device: {0}"},
    {SPOR_TX(SyncStick), "USB-stik: {0}", "USB stick: {0}"},
    {SPOR_TX(SyncLookAgain), "Se efter igen", "Look again"},
    {SPOR_TX(SyncExport), "Gem pakke", "Save bundle"},
    {SPOR_TX(SyncReceiveTitle), "2. Kvittering og skemaer fra koordinatoren", "2. Receipt and forms from the coordinator"},
    {SPOR_TX(SyncReceipts), "Kvitteringer", "Receipts"},
    {SPOR_TX(SyncPackages), "Skemapakker", "Form packages"},
    {SPOR_TX(SyncNoFiles), "Ingen kvitteringer eller skemapakker fundet i mapperne ovenfor.", "No receipts or form packages found in the folders above."},
    {SPOR_TX(SyncFile), "Anden fil (sti)", "Another file (path)"},
    {SPOR_TX(SyncOpenFile), "Åbn fil", "Open file"},
    {SPOR_TX(SyncChooseFolder), "Vælg en mappe, eller skriv stien til en.", "Choose a folder, or type the path to one."},
    {SPOR_TX(SyncNothingToSend), "Der er intet at sende: koordinatoren har bekræftet alt.", "There is nothing to send: the coordinator has confirmed everything."},
    {SPOR_TX(SyncExportedEmpty), "Pakke nr. {0} er gemt som {1} i {2}. Den har ingen data endnu, men giv den til koordinatoren, så tabletten kan blive godkendt.",
     "Bundle no. {0} is saved as {1} in {2}. It holds no data yet, but give it to the coordinator so the tablet can be approved."},
    {SPOR_TX(SyncExported), "Pakke nr. {0} med {1} er gemt som {2} i {3}. Giv den til koordinatoren.", "Bundle no. {0} with {1} is saved as {2} in {3}. Give it to the coordinator."},
    {SPOR_TX(SyncReceiptApplied), "Kvittering nr. {0} er indlæst: pakke 1 til {1} er sikkert hos koordinatoren.", "Receipt no. {0} is applied: bundles 1 to {1} are safe with the coordinator."},
    {SPOR_TX(SyncReceiptAppliedFirst), "Kvittering nr. {0} er indlæst: pakke 1 er sikkert hos koordinatoren.",
     "Receipt no. {0} is applied: bundle 1 is safe with the coordinator."},
    {SPOR_TX(SyncPurged),
     "{0} {0|spørgeskema|spørgeskemaer} og {1} {1|skema|skemaer} fra før de seneste {2} dage er slettet fra "
     "tabletten; koordinatoren har dem.",
     "{0} {0|questionnaire|questionnaires} and {1} {1|form|forms} from before the last {2} days were deleted from "
     "the tablet; the coordinator has them."},
    {SPOR_TX(SyncFormsInstalled), "Skemapakke version {0} er installeret og bruges nu.{1}", "Form package version {0} is installed and in use now.{1}"},
    {SPOR_TX(SyncFormsInUse), "Skemapakken er ikke installeret, fordi den ændrer skemaer, der er i gang på tabletten: {0}. Gør dem færdige, eller tryk „Opgiv“ på barnets side, og installér så pakken igen.",
     "The form package was not installed because it changes forms that are in progress on this tablet: {0}. Finish them, or tap “Abandon” on the child's page, then install the package again."},
    {SPOR_TX(SyncStartedFidelity), "fidelitetsskema {0}", "fidelity form {0}"},
    {SPOR_TX(SyncFormsBusy), "Afslut den igangværende måling, før nye skemaer installeres.", "Finish the measurement in progress before installing new forms."},
    {SPOR_TX(SyncWhichFile), "'{0}' er hverken en kvittering (.sporreceipt) eller en skemapakke (.sporforms): vælg en af dem.", "'{0}' is neither a receipt (.sporreceipt) nor a form package (.sporforms): choose one of them."},
    {SPOR_TX(SyncDemo), "Denne enhed er en demo og er ikke tilmeldt en koordinator, så der er ingen at sende data til.", "This device is a demo and not enrolled with a coordinator, so there is no one to send data to."},
    {SPOR_TX(SyncNMeasurement), "{0} måling", "{0} measurement"},
    {SPOR_TX(SyncNMeasurements), "{0} målinger", "{0} measurements"},
    {SPOR_TX(SyncNBackground), "{0} baggrundsskema", "{0} background form"},
    {SPOR_TX(SyncNBackgrounds), "{0} baggrundsskemaer", "{0} background forms"},
    {SPOR_TX(SyncNFidelity), "{0} fidelitetsskema", "{0} fidelity form"},
    {SPOR_TX(SyncNFidelities), "{0} fidelitetsskemaer", "{0} fidelity forms"},
    {SPOR_TX(SyncNChild), "{0} barn", "{0} child"},
    {SPOR_TX(SyncNChildren), "{0} børn", "{0} children"},
    {SPOR_TX(SyncNConsent), "{0} samtykke", "{0} consent"},
    {SPOR_TX(SyncNConsents), "{0} samtykker", "{0} consents"},
    {SPOR_TX(SyncNFlag), "{0} bekymringsmarkering", "{0} safeguarding flag"},
    {SPOR_TX(SyncNFlags), "{0} bekymringsmarkeringer", "{0} safeguarding flags"},
    {SPOR_TX(SyncNDeletion), "sletning af {0} barn", "deletion of {0} child"},
    {SPOR_TX(SyncNDeletions), "sletning af {0} børn", "deletion of {0} children"},
    {SPOR_TX(SyncFormsNote), "Koordinatorens note: „{0}“", "The coordinator's note: “{0}”"},
    {SPOR_TX(SyncFormsFallback), "Spor bruger de skemaer, der fulgte med, indtil pakken er installeret igen.", "Spor uses the forms that came with it until the package is installed again."},
    // Consent withdrawal, erasure, abandoning, other volunteers (child_data_flows.cpp)
    {SPOR_TX(DetailWithdrawConsent), "Træk samtykke tilbage", "Withdraw consent"},
    {SPOR_TX(DetailDeleteChild), "Slet barnets data", "Delete the child's data"},
    {SPOR_TX(ConsentWithdrawnNote),
     "Den {0} trak forældrene samtykket tilbage. Der kan ikke startes nye målinger med barnet; det, der allerede er "
     "målt, bliver. Giver de samtykke igen, så registrér det under „Ret oplysninger“.",
     "On {0} the parents withdrew consent. No new measurement can be started with the child; what was measured stays. "
     "If they consent again, record it under “Edit details”."},
    {SPOR_TX(DueConsentWithdrawn), "samtykke trukket tilbage", "consent withdrawn"},
    {SPOR_TX(ErrConsentWithdrawn),
     "Forældrene har trukket samtykket tilbage, så der kan ikke startes nye målinger med {0}.",
     "The parents have withdrawn consent, so no new measurement can be started with {0}."},
    {SPOR_TX(ConfirmWithdrawTitle), "Har forældrene trukket samtykket tilbage for {0}?",
     "Have the parents withdrawn consent for {0}?"},
    {SPOR_TX(ConfirmWithdrawBody),
     "Fra i dag ({0}) kan der ikke startes nye målinger med barnet. Det, der allerede er målt, bliver gemt. Vil "
     "forældrene også have barnets data slettet, så vælg „Slet barnets data“ bagefter.",
     "From today ({0}) no new measurement can be started with the child. What was measured is kept. If the parents "
     "also want the child's data deleted, choose “Delete the child's data” afterwards."},
    {SPOR_TX(ConfirmWithdrawYes), "Ja, træk samtykket tilbage", "Yes, withdraw consent"},
    {SPOR_TX(ConsentWithdrawnDone), "Samtykket er trukket tilbage. Der kan ikke startes nye målinger.",
     "Consent is withdrawn. No new measurement can be started."},
    {SPOR_TX(ConfirmDeleteTitle), "Slet alle data om {0} ({1})?", "Delete all data about {0} ({1})?"},
    {SPOR_TX(ConfirmDeleteBody),
     "Barnet, samtykket, alle målinger og svar, baggrundsskemaet og beskeder til dig om barnet slettes fra denne "
     "tablet. Det kan ikke fortrydes. Koordinatorens kopi slettes ved næste synkronisering.",
     "The child, the consent, every measurement and answer, the background form and messages to you about the child "
     "are deleted from this tablet. This cannot be undone. The coordinator's copy is deleted at the next sync."},
    {SPOR_TX(ConfirmDeleteNext), "Ja, gå videre", "Yes, go on"},
    {SPOR_TX(ConfirmDeleteFinalTitle), "Er du helt sikker?", "Are you quite sure?"},
    {SPOR_TX(ConfirmDeleteFinalBody), "{0} ({1}) og alt om barnet slettes nu. Det kan ikke fortrydes.",
     "{0} ({1}) and everything about the child are deleted now. This cannot be undone."},
    {SPOR_TX(ConfirmDeleteYes), "Slet {0} for altid", "Delete {0} for good"},
    {SPOR_TX(ChildDeletedDone), "{0} ({1}) er slettet. Koordinatorens kopi slettes ved næste synkronisering.",
     "{0} ({1}) is deleted. The coordinator's copy is deleted at the next sync."},
    {SPOR_TX(TaskAbandon), "Opgiv {0}", "Abandon {0}"},
    {SPOR_TX(ConfirmAbandonTitle), "Opgiv målingen {0} for {1}?", "Abandon the {0} measurement for {1}?"},
    {SPOR_TX(ConfirmAbandonBody), "De svar, der er givet, tælles ikke med. Målingen {0} kan tages forfra bagefter.",
     "The answers given are not counted. The {0} measurement can be taken again from the start afterwards."},
    {SPOR_TX(ConfirmAbandonYes), "Ja, opgiv målingen", "Yes, abandon it"},
    {SPOR_TX(MeasurementAbandonedDone), "Målingen {0} er opgivet. Den kan tages forfra.",
     "The {0} measurement is abandoned. It can be taken again."},
    {SPOR_TX(VolunteersResetPin), "Ny PIN-kode til {0}", "New PIN for {0}"},
    {SPOR_TX(VolunteersRemove), "Fjern {0}", "Remove {0}"},
    {SPOR_TX(ConfirmRemoveTitle), "Fjern {0}?", "Remove {0}?"},
    {SPOR_TX(ConfirmRemoveBody),
     "{0} kan ikke længere låse tabletten op. Det, {0} har registreret, bliver, med navnet på.",
     "{0} can no longer unlock the tablet. What {0} recorded stays, with the name on it."},
    {SPOR_TX(ConfirmRemoveSelfBody),
     "{0}: du kan ikke længere låse tabletten op, og du bliver logget ud med det samme. Det, du har registreret, "
     "bliver, med dit navn på.",
     "{0}: you can no longer unlock the tablet, and you are signed out at once. What you recorded stays, with your "
     "name on it."},
    {SPOR_TX(ConfirmRemoveYes), "Ja, fjern {0}", "Yes, remove {0}"},
    {SPOR_TX(VolunteerRemovedDone), "{0} er fjernet og kan ikke længere låse op.",
     "{0} is removed and can no longer unlock."},
    {SPOR_TX(ErrLastVolunteer), "{0} er den eneste frivillige og kan ikke fjernes. Tilføj en anden frivillig først.",
     "{0} is the only volunteer and cannot be removed. Add another volunteer first."},
    {SPOR_TX(PinResetTitle), "Ny PIN-kode til {0}", "New PIN for {0}"},
    {SPOR_TX(PinResetDone), "{0} har fået en ny PIN-kode. Giv {0} den, så ingen andre ser den.",
     "{0} has a new PIN. Give it to {0} where no one else sees it."},
    {SPOR_TX(BackgroundPrefilled), "Fødselsår og køn er udfyldt fra barnets oplysninger. Ret dem, hvis de er forkerte.",
     "Birth year and gender are filled in from the child's details. Change them if they are wrong."},
    {SPOR_TX(HomeConsentWithdrawn), "Samtykke trukket tilbage", "Consent withdrawn"},
    {SPOR_TX(And), "og", "and"},
    {SPOR_TX(ConfirmDeclineTitle), "Sæt svaret til {0}?", "Set the answer to {0}?"},
    {SPOR_TX(ConfirmDeclineBody), "Det fjerner det, I har valgt eller skrevet: {0}. Tryk „Annullér“ for at beholde det.",
     "This removes what you chose or typed: {0}. Tap “Cancel” to keep it."},
    {SPOR_TX(ConfirmDeclineYes), "Ja, fjern det", "Yes, remove it"},
    {SPOR_TX(ChartSensitiveLeftOut),
     "De følsomme spørgsmål er ikke med i grafen, fordi barnet kan se skærmen. Bekymrende svar vises som en besked til dig.",
     "The sensitive questions are not in the chart, as the child can see the screen. Worrying answers come to you as a notice."},
    // Issue 14 item 5: who helps the child answer, chosen by the adult at the
    // hand-over (core::AnsweringMode; the export's labels are core's).
    {SPOR_TX(HandOverHelpedTitle), "Til den voksne: Hvem hjælper barnet med at svare?",
     "For the adult: who helps the child answer?"},
    {SPOR_TX(HandOverHelpedAlone), "Barnet alene", "The child alone"},
    {SPOR_TX(HandOverHelpedVolunteer), "Med en frivillig", "With a volunteer"},
    {SPOR_TX(HandOverHelpedMunicipal), "Med en kommunal medarbejder", "With a municipal worker"},
    {SPOR_TX(HandOverHelpedParent), "Med en forælder", "With a parent"},
}};

#undef SPOR_TX

constexpr bool inEnumOrder() {
  for (std::size_t i = 0; i < kTexts.size(); ++i)
    if (static_cast<std::size_t>(kTexts[i].key) != i) return false;
  return true;
}
static_assert(inEnumOrder(), "kTexts must list every Tx key once, in the enum's order");

}  // namespace

const char* tr(Tx key, core::Lang lang) {
  const Entry& e = kTexts[static_cast<std::size_t>(key)];
  return lang == core::Lang::En ? e.en : e.da;
}

std::string fillPattern(std::string_view pattern, std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(pattern.size() + 16);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '0' && pattern[i + 1] <= '9' &&
        (pattern[i + 2] == '}' || pattern[i + 2] == '|')) {
      const auto n = static_cast<std::size_t>(pattern[i + 1] - '0');
      const std::string_view arg = n < args.size() ? *(args.begin() + static_cast<std::ptrdiff_t>(n)) : "";
      if (pattern[i + 2] == '}') {
        out += arg;
        i += 2;
        continue;
      }
      // {0|one|other}: the first word when argument 0 is 1, else the second.
      const std::size_t bar = pattern.find('|', i + 3);
      const std::size_t end = pattern.find('}', i + 3);
      if (bar != std::string_view::npos && end != std::string_view::npos && bar < end) {
        out += arg == "1" ? pattern.substr(i + 3, bar - i - 3) : pattern.substr(bar + 1, end - bar - 1);
        i = end;
        continue;
      }
    }
    out += pattern[i];
  }
  return out;
}

std::string trf(Tx key, core::Lang lang, std::initializer_list<std::string_view> args) {
  return fillPattern(tr(key, lang), args);
}

std::string possessive(const std::string& name, core::Lang lang) {
  if (name.empty()) return name;
  const char last = name.back();
  if (lang == core::Lang::En) return name + (last == 's' ? "'" : "'s");
  // Danish: "Almas", but "Mads'" after s, x and z.
  return name + (last == 's' || last == 'x' || last == 'z' || last == 'S' || last == 'X' || last == 'Z' ? "'" : "s");
}

std::string quoted(std::string_view text, core::Lang lang) {
  return lang == core::Lang::Da ? "\u201E" + std::string(text) + "\u201C" : "\u201C" + std::string(text) + "\u201D";
}

const char* txName(Tx key) {
  return kTexts[static_cast<std::size_t>(key)].name;
}

std::string lockoutText(long long seconds, core::Lang lang) {
  if (seconds < 60) return trf(Tx::PinLockedOut, lang, {std::to_string(seconds)});
  const long long minutes = (seconds + 59) / 60;
  if (minutes == 1) return tr(Tx::PinLockedOutMinute, lang);
  return trf(Tx::PinLockedOutMinutes, lang, {std::to_string(minutes)});
}

}  // namespace spor::ui
