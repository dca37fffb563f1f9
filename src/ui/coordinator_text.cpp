#include "ui/coordinator_text.hpp"

#include "ui/text.hpp"

#include <array>
#include <cstddef>

namespace spor::ui {

namespace {

struct Entry {
  Ctx key;
  const char* name;
  const char* da;
  const char* en;
};

#define SPOR_CTX(key) Ctx::key, #key

// One line per key, in the enum's order (checked below at compile time).
constexpr std::array<Entry, static_cast<std::size_t>(Ctx::Count)> kTexts{{
    {SPOR_CTX(Title), "Spor – koordinator", "Spor – coordinator"},
    {SPOR_CTX(LockBody), "Skriv koordinatorens adgangssætning for at se data fra {0}.",
     "Type the coordinator's passphrase to see the data of {0}."},
    {SPOR_CTX(Passphrase), "Adgangssætning", "Passphrase"},
    {SPOR_CTX(Unlock), "Lås op", "Unlock"},
    {SPOR_CTX(Lock), "Lås", "Lock"},
    {SPOR_CTX(TabImport), "Import", "Import"},
    {SPOR_CTX(TabDevices), "Enheder", "Devices"},
    {SPOR_CTX(TabChildren), "Børn", "Children"},
    {SPOR_CTX(TabReport), "Rapport", "Report"},
    {SPOR_CTX(ImportPath), "Pakke-fil eller mappe", "Bundle file or folder"},
    {SPOR_CTX(ImportButton), "Importér", "Import"},
    {SPOR_CTX(ImportHint),
     "En mappe importerer alle dens pakker (.sporbundle) i navneorden. En pakke fra en ukendt enhed bliver ikke "
     "importeret, men enheden kommer på listen under Enheder, så du kan godkende den.",
     "A folder imports all its .sporbundle files in name order. A bundle from an unknown device is not imported, "
     "but the device is listed under Devices so you can approve it."},
    {SPOR_CTX(ImportNone), "Ingen pakker importeret endnu i denne session.",
     "No bundles imported yet in this session."},
    {SPOR_CTX(ImportNew), "Ny: enhed {0}, pakke {1}: {2} {2|ny måling|nye målinger}, {3} allerede modtaget",
     "New: device {0}, bundle {1}: {2} new {2|measurement|measurements}, {3} {3|duplicate|duplicates}"},
    {SPOR_CTX(ImportAlready), "Allerede importeret: enhed {0}, pakke {1}; intet ændret",
     "Already imported: device {0}, bundle {1}; nothing changed"},
    {SPOR_CTX(ImportRefused), "Ikke importeret", "Not imported"},
    {SPOR_CTX(ImportRecords),
     "Oplysninger om børn, samtykker og svar: {0} nye, {1} opdaterede, {2} allerede modtaget",
     "{0} new {0|record|records}, {1} updated, {2} {2|duplicate|duplicates}"},
    {SPOR_CTX(ImportNoPath), "Skriv stien til en pakke-fil (.sporbundle) eller en mappe med pakker.",
     "Type the path of a bundle file (.sporbundle) or of a folder of bundles."},
    {SPOR_CTX(ImportEmptyFolder), "Der er ingen pakker (.sporbundle) i mappen {0}.",
     "There are no bundles (.sporbundle) in the folder {0}."},
    {SPOR_CTX(ImportNotFound), "{0} findes ikke.", "{0} does not exist."},
    {SPOR_CTX(DevicesNone), "Ingen enhed har sendt en pakke endnu. En enhed kommer på listen ved sin første import.",
     "No device has sent a bundle yet. A device is listed at its first import."},
    {SPOR_CTX(DevicesHint), "Godkend kun en enhed, når dens nøgle er den samme som under Indstillinger > Denne tablet på enheden.",
     "Approve a device only when its key is the one under Settings > This tablet on the device."},
    {SPOR_CTX(DeviceApproved), "godkendt", "approved"},
    {SPOR_CTX(DevicePending), "AFVENTER GODKENDELSE", "AWAITING APPROVAL"},
    {SPOR_CTX(DeviceKey), "Tablettens nøgle: {0}", "Tablet key: {0}"},
    {SPOR_CTX(DeviceBundles), "{0} {0|pakke|pakker} (op til nr. {1})", "{0} {0|bundle|bundles} (up to no. {1})"},
    {SPOR_CTX(DeviceMissing), "Mangler nr. {0}", "Missing no. {0}"},
    {SPOR_CTX(WrongPassphrase),
     "Forkert adgangssætning ({0} {0|forkert forsøg|forkerte forsøg} i træk). Tjek den, og prøv igen.",
     "Wrong passphrase ({0} wrong {0|try|tries} in a row). Check it and try again."},
    {SPOR_CTX(DeviceFork),
     "Forgrening ved pakke nr. {0}: tabletten er gendannet fra en kopi eller kopieret til en anden tablet. Alle "
     "pakker er importeret; find ud af, om to tablets bruger samme nøgle.",
     "Fork at bundle no. {0}: the tablet was restored from a copy or copied to another tablet. Every bundle was "
     "imported; find out whether two tablets use the same key."},
    {SPOR_CTX(DeviceFirstSeen), "Først set {0}", "First seen {0}"},
    {SPOR_CTX(Approve), "Godkend {0}", "Approve {0}"},
    {SPOR_CTX(ApprovedNotice), "Enhed {0} er godkendt. Importér dens pakker igen.",
     "Device {0} is approved. Import its bundles again."},
    {SPOR_CTX(ChildrenSearch), "Søg på kode", "Search by code"},
    {SPOR_CTX(ChildrenCount), "{0} af {1} {1|barn|børn}", "{0} of {1} {1|child|children}"},
    {SPOR_CTX(ChildrenNone), "Ingen børn endnu: importér pakker fra enhederne.",
     "No children yet: import bundles from the devices."},
    {SPOR_CTX(ChildOccasions), "Før {0} · Efter {1} · Opfølgning {2} · Progression {3}",
     "Before {0} · After {1} · Follow-up {2} · Progress {3}"},
    {SPOR_CTX(ChildLast), "seneste {0}", "latest {0}"},
    {SPOR_CTX(TimelineTitle), "Barn {0}", "Child {0}"},
    {SPOR_CTX(TimelineNoScore), "ingen score", "no score"},
    {SPOR_CTX(TimelineOmitted), "Projektet måler ikke: {0}", "The project does not measure: {0}"},
    {SPOR_CTX(Back), "Tilbage", "Back"},
    {SPOR_CTX(ReportAllProjects), "Alle projekter", "All projects"},
    {SPOR_CTX(ReportAllTypes), "Alle indsatstyper", "All types"},
    {SPOR_CTX(ReportCounts), "{0} {0|barn|børn} · før {1} · efter {2} · opfølgning {3} · alle tre {4}",
     "{0} {0|child|children} · before {1} · after {2} · follow-up {3} · all three {4}"},
    {SPOR_CTX(ReportDropout), "Frafald før → efter {0}, efter → opfølgning {1}",
     "Dropout before → after {0}, after → follow-up {1}"},
    {SPOR_CTX(ReportMeans), "Gennemsnit pr. måling", "Mean per occasion"},
    {SPOR_CTX(ReportChanges), "Forbedret, uændret, forværret", "Improved, unchanged, worse"},
    {SPOR_CTX(ReportNoData), "Ingen børn i dette udsnit.", "No children in this selection."},
    {SPOR_CTX(ReportOmitted), "Måles ikke her: {0}", "Not measured here: {0}"},
    {SPOR_CTX(ReportNoPairs), "ingen par", "no pairs"},
    {SPOR_CTX(Improved), "forbedret", "improved"},
    {SPOR_CTX(Unchanged), "uændret", "unchanged"},
    {SPOR_CTX(Worse), "forværret", "worse"},
    {SPOR_CTX(Loaded), "{0} {0|barn|børn}, {1} {1|afsluttet måling|afsluttede målinger} pr. {2}",
     "{0} {0|child|children}, {1} finished {1|measurement|measurements} as of {2}"},
    {SPOR_CTX(LoadedUnfinished), "{0} {0|uafsluttet måling er udeladt|uafsluttede målinger er udeladt}",
     "{0} unfinished {0|measurement|measurements} left out"},
    {SPOR_CTX(ReportLowerBetter), "lavere score er bedre", "a lower score is better"},
    {SPOR_CTX(ReportPair), "{0}: n = {1}, ændring {2} {3}", "{0}: n = {1}, change {2} {3}"},
    {SPOR_CTX(ReportChoose), "Vælg udsnit", "Choose selection"},
    {SPOR_CTX(WriteReceipts), "Skriv kvitteringer", "Write receipts"},
    {SPOR_CTX(ReceiptsHint),
     "Skriver en kvittering til hver enhed i samme mappe som dens pakker (USB-stikket). Tag derefter USB-stikket med "
     "rundt til tabletterne: de læser hver deres kvittering på synkroniseringsskærmen.",
     "Writes a receipt for each device into the folder its bundles came from (the USB stick). Then take the stick "
     "round the tablets: each reads its own receipt on its sync screen."},
    {SPOR_CTX(ReceiptsWritten), "{0} kvitteringer skrevet til {1}.", "{0} receipts written to {1}."},
    {SPOR_CTX(ReceiptWrittenOne), "1 kvittering skrevet til {1}.", "1 receipt written to {1}."},
    {SPOR_CTX(SaveOpen), "Gem og eksportér", "Save and export"},
    {SPOR_CTX(SaveFolder), "Gem i mappe", "Save in folder"},
    {SPOR_CTX(SaveNoFolder), "Skriv den mappe, der skal gemmes i.", "Type the folder to save in."},
    {SPOR_CTX(SaveReport), "Gem rapport (HTML)", "Save report (HTML)"},
    {SPOR_CTX(ExportCsv), "Eksportér CSV", "Export CSV"},
    {SPOR_CTX(ExportSpss), "Eksportér SPSS", "Export SPSS"},
    {SPOR_CTX(ExportStata), "Eksportér Stata", "Export Stata"},
    {SPOR_CTX(FreeTextOff), "Fritekst: udeladt", "Free text: left out"},
    {SPOR_CTX(FreeTextOn), "Fritekst: medtaget", "Free text: included"},
    {SPOR_CTX(FreeTextHint),
     "Fritekst er det, frivillige selv har skrevet (fx „andet: …“). Den kan indeholde navne, steder og andet, der "
     "kan genkende et barn eller en familie. Medtag den kun, når evaluatoren har brug for den og må have sådanne "
     "oplysninger.",
     "Free text is what volunteers typed themselves (such as “other: …”). It may hold names, places and other "
     "things that identify a child or a family. Include it only when the evaluator needs it and may hold such "
     "data."},
    {SPOR_CTX(ReportSaved), "Rapporten er gemt: {0}", "The report is saved: {0}"},
    {SPOR_CTX(ExportSaved), "{0} filer gemt i {1} (uden fritekst).", "{0} files saved in {1} (without free text)."},
    {SPOR_CTX(ExportSavedFreeText), "{0} filer gemt i {1}, med fritekst: del dem kun som databehandleraftalen tillader.",
     "{0} files saved in {1}, with free text: share them only as the data agreement allows."},
    {SPOR_CTX(TabSafety), "Sikkerhed",
     "Security"},
    {SPOR_CTX(SafetyFolder), "Mappe (fx USB-stikket)",
     "Folder (e.g. the USB stick)"},
    {SPOR_CTX(SafetyHome), "Hjemmemappe",
     "Home folder"},
    {SPOR_CTX(RecoveryTitle), "Gendannelsesnøgle",
     "Recovery key"},
    {SPOR_CTX(RecoveryBody), "Åbner en tablet igen, når alle dens frivillige har glemt PIN-koden. Brug en adgangssætning på mindst 10 tegn, en anden end koordinatorens. Filen og adgangssætningen åbner alle jeres tabletter: lås USB-stikket inde, og gem adgangssætningen et andet sted.",
     "Opens a tablet again when all its volunteers have forgotten their PINs. Use a passphrase of at least 10 characters, another one than the coordinator's. The file and the passphrase open all your tablets: lock the stick away, and keep the passphrase somewhere else."},
    {SPOR_CTX(RecoveryPass), "Gendannelsesnøglens adgangssætning",
     "The recovery key's passphrase"},
    {SPOR_CTX(RecoveryPassAgain), "Adgangssætningen igen",
     "The passphrase again"},
    {SPOR_CTX(SaveRecoveryKey), "Gem gendannelsesnøgle",
     "Save the recovery key"},
    {SPOR_CTX(RecoveryFingerprint), "Gendannelsesnøglens fingeraftryk: {0}. Tabletterne viser det under Indstillinger; det er en anden nøgle end koordinatorens, som står ved tilmeldingsfilen.",
     "The recovery key's fingerprint: {0}. Tablets show it under Settings; it is another key than the coordinator's, shown with the enrolment file."},
    {SPOR_CTX(RecoveryMismatch), "De to adgangssætninger er ikke ens. Skriv dem igen.",
     "The two passphrases are not the same. Type them again."},
    {SPOR_CTX(RecoverySaved), "Gendannelsesnøglen er gemt: {0}. Lås USB-stikket inde, og gem adgangssætningen et andet sted.",
     "The recovery key is saved: {0}. Lock the stick away, and keep the passphrase somewhere else."},
    {SPOR_CTX(EnrolTitle), "Tilmeldingsfil til tabletter",
     "Enrolment file for tablets"},
    {SPOR_CTX(EnrolBody), "Koordinatorens fingeraftryk: {0}. Hver tablet viser det samme, når den tilmeldes: sammenlign dem.",
     "The coordinator's fingerprint: {0}. Each tablet shows the same when it is enrolled: compare them."},
    {SPOR_CTX(NewEnrolment), "Ny tilmeldingsfil",
     "New enrolment file"},
    {SPOR_CTX(EnrolSaved), "Tilmeldingsfilen er gemt: {0}",
     "The enrolment file is saved: {0}"},
    {SPOR_CTX(BackupTitle), "Sikkerhedskopi",
     "Backup"},
    {SPOR_CTX(BackupBody), "Databasen rummer hele programmets data. Tag en sikkerhedskopi hver uge og efter store importer, til et USB-stik (vælg det under Mappe nedenfor), der opbevares et andet sted end computeren. Kopien er krypteret som databasen: adgangssætningen skal bruges for at læse den.",
     "The database holds the whole programme's data. Take a backup every week and after large imports, to a USB stick (choose it under Folder below) kept somewhere else than the computer. The copy is encrypted as the database is: the passphrase is needed to read it."},
    {SPOR_CTX(BackupNow), "Tag sikkerhedskopi",
     "Take a backup"},
    {SPOR_CTX(BackupSaved), "Sikkerhedskopien er gemt og kontrolleret: {0}",
     "The backup is saved and checked: {0}"},
    {SPOR_CTX(BackupNever), "Der er ikke taget nogen sikkerhedskopi endnu. Tag en under Sikkerhed.",
     "No backup has been taken yet. Take one under Security."},
    {SPOR_CTX(BackupToday), "Seneste sikkerhedskopi: i dag.",
     "Last backup: today."},
    {SPOR_CTX(BackupYesterday), "Seneste sikkerhedskopi: i går.",
     "Last backup: yesterday."},
    {SPOR_CTX(BackupDaysAgo), "Seneste sikkerhedskopi: for {0} dage siden.",
     "Last backup: {0} days ago."},
    {SPOR_CTX(BackupTooOld), "Seneste sikkerhedskopi er {0} dage gammel: tag en ny under Sikkerhed.",
     "The last backup is {0} days old: take a new one under Security."},
    {SPOR_CTX(RestoreTitle), "Gendan fra sikkerhedskopi",
     "Restore from a backup"},
    {SPOR_CTX(RestorePath), "Sikkerhedskopi (.sporbackup)",
     "Backup (.sporbackup)"},
    {SPOR_CTX(RestoreCheck), "Tjek sikkerhedskopien",
     "Check the backup"},
    {SPOR_CTX(RestoreChecked), "Sikkerhedskopien er hel ({0} kB, taget {1}). Den erstatter hele databasen: enheder, pakker, børn og rapporter bliver, som de var {1}. Den nuværende database gemmes ved siden af og slettes aldrig.",
     "The backup is whole ({0} kB, taken {1}). It replaces the whole database: devices, bundles, children and reports become as they were on {1}. The current database is kept beside it and never deleted."},
    {SPOR_CTX(RestoreNewer), "Den nuværende database er ændret efter denne sikkerhedskopi (senest {0}). Det, der er kommet til siden, skal importeres igen fra pakkerne.",
     "The current database was changed after this backup (last {0}). What came in since must be imported again from the bundles."},
    {SPOR_CTX(RestoreNow), "Gendan",
     "Restore"},
    {SPOR_CTX(RestoreNowAnyway), "Gendan alligevel",
     "Restore anyway"},
    {SPOR_CTX(RestoreDone), "Databasen er gendannet fra {0}. Den, der var, er gemt ved siden af som {1}. Lås op med den adgangssætning, der gjaldt, da kopien blev taget.",
     "The database is restored from {0}. The one that was there is kept beside it as {1}. Unlock with the passphrase that held when the copy was taken."},
    {SPOR_CTX(BackupNeverHere), "Der er ikke taget nogen sikkerhedskopi endnu.",
     "No backup has been taken yet."},
    {SPOR_CTX(BackupTooOldHere), "Seneste sikkerhedskopi er {0} dage gammel: tag en ny.",
     "The last backup is {0} days old: take a new one."},
    {SPOR_CTX(SafetyFolderTitle), "Mappe til sikkerhedskopi, gendannelsesnøgle og tilmeldingsfil",
     "Folder for the backup, the recovery key and enrolment files"},
    {SPOR_CTX(RestoreAskTitle), "Erstat databasen med sikkerhedskopien fra {0}?",
     "Replace the database with the backup of {0}?"},
    {SPOR_CTX(RestoreYes), "Ja, erstat databasen",
     "Yes, replace the database"},
    {SPOR_CTX(ReportNothingYet), "Ingen data endnu. Importér tabletternes pakker under Import (fra USB-stikket), så viser rapporten børnene og deres målinger her.",
     "No data yet. Import the tablets' bundles under Import (from the USB stick), and the report shows the children and their measurements here."},
    {SPOR_CTX(TabForms), "Skemaer",
     "Forms"},
    {SPOR_CTX(FormsTitle), "Skemapakke til tabletterne",
     "Form package for the tablets"},
    {SPOR_CTX(FormsBody), "Når et skema eller et projekt er ændret, når ændringen ud til tabletterne som en skemapakke. Tjek først mappen med skemaerne, og udgiv derefter den næste version til USB-stikket. Den frivillige installerer pakken under „Send data“ på tabletten. Tabletterne går aldrig tilbage til en ældre version.",
     "When a form or a project has changed, the change reaches the tablets as a form package. Check the forms folder first, then publish the next version to the USB stick. The volunteer installs the package under “Send data” on the tablet. Tablets never go back to an older version."},
    {SPOR_CTX(FormsVersionNone), "Der er ikke udgivet nogen skemapakke endnu: tabletterne bruger de skemaer, Spor kom med.",
     "No form package has been published yet: the tablets use the forms Spor came with."},
    {SPOR_CTX(FormsVersion), "Seneste udgivne skemapakke: version {0}.",
     "Last form package published: version {0}."},
    {SPOR_CTX(FormsPath), "Mappe med skemaer (den med scales.json og mapperne child, projects …)",
     "Forms folder (the one with scales.json and the folders child, projects …)"},
    {SPOR_CTX(FormsCheck), "Tjek skemaerne",
     "Check the forms"},
    {SPOR_CTX(FormsNoFolder), "Skriv den mappe med skemaer, der skal tjekkes.",
     "Type the forms folder to check."},
    {SPOR_CTX(FormsProblem), "Skemaerne har 1 fejl, så de kan ikke udgives. Ret filen, der er nævnt nedenfor, og tjek igen.",
     "The forms have 1 mistake, so they cannot be published. Fix the file named below and check again."},
    {SPOR_CTX(FormsProblems), "Skemaerne har {0} fejl, så de kan ikke udgives. Ret filerne, der er nævnt nedenfor, og tjek igen.",
     "The forms have {0} mistakes, so they cannot be published. Fix the files named below and check again."},
    {SPOR_CTX(FormsChecked), "Skemaerne er i orden: {0} filer, heraf {1} nye eller ændrede i forhold til dem, Spor bruger nu.",
     "The forms are fine: {0} files, {1} of them new or changed from those Spor uses now."},
    {SPOR_CTX(FormsFileLine), "{0} „{1}“, version {2}",
     "{0} “{1}”, version {2}"},
    {SPOR_CTX(FormsFileNew), " – ny",
     " – new"},
    {SPOR_CTX(FormsFileChanged), " – ændret (i brug nu: version {0})",
     " – changed (in use now: version {0})"},
    {SPOR_CTX(FormsKindScales), "Svarskalaer",
     "Answer scales"},
    {SPOR_CTX(FormsKindScoring), "Beregning",
     "Scoring"},
    {SPOR_CTX(FormsKindChild), "Børneskema",
     "Child questionnaire"},
    {SPOR_CTX(FormsKindBackground), "Baggrundsskema",
     "Background form"},
    {SPOR_CTX(FormsKindFidelity), "Fidelitetsskema",
     "Fidelity form"},
    {SPOR_CTX(FormsKindProject), "Projekt",
     "Project"},
    {SPOR_CTX(FormsNote), "Hvad er ændret? (vises for de frivillige, når pakken installeres)",
     "What has changed? (shown to the volunteers when the package is installed)"},
    {SPOR_CTX(FormsOutTitle), "Mappe til skemapakken",
     "Folder for the form package"},
    {SPOR_CTX(FormsOut), "Mappe (fx USB-stikket)",
     "Folder (e.g. the USB stick)"},
    {SPOR_CTX(FormsPublish), "Udgiv som version {0}",
     "Publish as version {0}"},
    {SPOR_CTX(FormsCheckFirst), "Tjek skemaerne, før de kan udgives.",
     "Check the forms before they can be published."},
    {SPOR_CTX(FormsPublished), "Skemapakke version {0} er udgivet og gemt: {1}. Tag USB-stikket med ud til tabletterne.",
     "Form package version {0} is published and saved: {1}. Take the USB stick to the tablets."},
    {SPOR_CTX(ConcernTitle), "Bekymring for et barn: hvor de frivillige henvender sig",
     "A concern about a child: where the volunteers turn"},
    {SPOR_CTX(ConcernBody),
     "Tabletten viser projektets vejledning og kontakt, når et barns svar giver grund til opmærksomhed. Tekster "
     "mærket som Spors udkast skal projektet gennemse og udfylde (fx telefonnummeret) i projektfilen og udgive som "
     "en ny skemapakke.",
     "The tablet shows the project's guidance and contact when a child's answers call for attention. Texts marked "
     "as Spor's draft are for the project to review and fill in (the phone number, say) in the project file, and "
     "publish as a new form package."},
    {SPOR_CTX(ConcernNoContact), "Ingen kontakt angivet i projektfilen.", "No contact given in the project file."},
    {SPOR_CTX(ConcernDraftGuidance), "Vejledningen er Spors udkast: projektet skal gennemse den.",
     "The guidance is Spor's draft: the project must review it."},
    {SPOR_CTX(ConcernDraftContact), "Kontakten er Spors udkast: projektet skal udfylde den.",
     "The contact is Spor's draft: the project must fill it in."},
    {SPOR_CTX(ConcernSourceGuidance), "Vejledningen er taget fra kilderne.", "The guidance is taken from the sources."},
    {SPOR_CTX(ActivityReportTitle), "Brobygning: {0}", "Bridging: {0}"},
    {SPOR_CTX(ActivityReportStarted), "Startet i aktiviteten: {0} ({1} af {2} børn, hvis 3 måneder er gået; {3} uden svar)",
     "Started the activity: {0} ({1} of {2} children whose 3 months have passed; {3} without an answer)"},
    {SPOR_CTX(ActivityReportActive), "Stadig aktiv efter {0} måneder: {1} ({2} af {3}; {4} uden svar)",
     "Still active after {0} months: {1} ({2} of {3}; {4} without an answer)"},
    {SPOR_CTX(ReportReferral),
     "Tilbagemelding til henviseren: {0} af de henviste børn ({1} af {2}); efter forsamtalen {3}; efter den afsluttende samtale {4} af dem, hvis forløb er slut",
     "Feedback to the referrer: {0} of the referred children ({1} of {2}); after the intake talk {3}; after the closing talk {4} of those whose course ended"},
}};

#undef SPOR_CTX

constexpr bool inEnumOrder() {
  for (std::size_t i = 0; i < kTexts.size(); ++i)
    if (static_cast<std::size_t>(kTexts[i].key) != i) return false;
  return true;
}
static_assert(inEnumOrder(), "kTexts must list every Ctx key once, in the enum's order");

}  // namespace

const char* ctr(Ctx key, core::Lang lang) {
  const Entry& e = kTexts[static_cast<std::size_t>(key)];
  return lang == core::Lang::En ? e.en : e.da;
}

std::string ctrf(Ctx key, core::Lang lang, std::initializer_list<std::string_view> args) {
  return fillPattern(ctr(key, lang), args);
}

const char* ctxName(Ctx key) {
  return kTexts[static_cast<std::size_t>(key)].name;
}

}  // namespace spor::ui
