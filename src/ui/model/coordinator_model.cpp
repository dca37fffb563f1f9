#include "ui/model/coordinator_model.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <cctype>

#include "core/form_loader.hpp"
#include "crypto/hash.hpp"
#include "crypto/memory.hpp"
#include "report/writers.hpp"
#include "store/error.hpp"
#include "sync/errors.hpp"
#include "sync/recovery.hpp"
#include "sync/store_backup.hpp"
#include "ui/model/app_model.hpp"
#include "ui/coordinator_text.hpp"

namespace spor::ui {

namespace fs = std::filesystem;

namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

CoordinatorModel::CoordinatorModel(const core::FormSet& forms, const fs::path& dataDir,
                                   sync::CoordinatorOptions options)
    : forms_(forms), path_(sync::coordinatorStorePath(dataDir)), options_(std::move(options)) {
  store_.emplace(sync::CoordinatorStore::open(path_, options_));
  state_.name = store_->enrolment().coordinatorName;
  state_.fingerprint = store_->enrolment().encryptionFingerprint;
  state_.recoveryFingerprint = crypto::fingerprint(store_->enrolment().recovery());
  state_.devices = store_->devices();
  state_.asOf = std::chrono::floor<std::chrono::days>(options_.clock());
  const char* home = std::getenv("HOME");
  state_.saveFolder = home && *home ? std::string(home) : dataDir.string();
  readLastBackup();
}

CoordinatorModel::CoordinatorModel(const core::FormSet& forms, const fs::path& dataDir,
                                   sync::CoordinatorStore unlocked, sync::CoordinatorOptions options)
    : forms_(forms), path_(sync::coordinatorStorePath(dataDir)), options_(std::move(options)) {
  store_.emplace(std::move(unlocked));
  state_.name = store_->enrolment().coordinatorName;
  state_.fingerprint = store_->enrolment().encryptionFingerprint;
  state_.recoveryFingerprint = crypto::fingerprint(store_->enrolment().recovery());
  state_.devices = store_->devices();
  state_.asOf = std::chrono::floor<std::chrono::days>(options_.clock());
  const char* home = std::getenv("HOME");
  state_.saveFolder = home && *home ? std::string(home) : dataDir.string();
  state_.unlocked = store_->unlocked();
  readLastBackup();
  if (state_.unlocked) reload();
}

CoordinatorModel::~CoordinatorModel() {
  crypto::memzero(state_.passphrase);
  crypto::memzero(state_.recoveryPassphrase);
  crypto::memzero(state_.recoveryPassphraseAgain);
}

void CoordinatorModel::readLastBackup() {
  const auto last = sync::lastBackup(path_.parent_path(), sync::StoreKind::Coordinator);
  state_.lastBackupAt.reset();
  state_.lastBackupFile.clear();
  if (last) {
    state_.lastBackupAt = last->unixSeconds;
    state_.lastBackupFile = last->file.string();
  }
}

std::optional<long> CoordinatorModel::backupDaysAgo() const {
  if (!state_.lastBackupAt) return std::nullopt;
  const core::Date day = std::chrono::floor<std::chrono::days>(
      std::chrono::sys_seconds(std::chrono::seconds(*state_.lastBackupAt)));
  return std::max(0L, static_cast<long>((state_.asOf - day).count()));
}

std::pair<std::string, bool> CoordinatorModel::backupStatus() const {
  const std::optional<long> days = backupDaysAgo();
  // On the Security tab itself, "under Sikkerhed" would point where the reader is.
  const bool here = state_.tab == CoordinatorTab::Safety;
  if (!days) return {ctr(here ? CoordWord::BackupNeverHere : CoordWord::BackupNever, lang_), true};
  if (*days > kBackupWarnDays)
    return {ctrf(here ? CoordWord::BackupTooOldHere : CoordWord::BackupTooOld, lang_, {std::to_string(*days)}), true};
  if (*days == 0) return {ctr(CoordWord::BackupToday, lang_), false};
  if (*days == 1) return {ctr(CoordWord::BackupYesterday, lang_), false};
  return {ctrf(CoordWord::BackupDaysAgo, lang_, {std::to_string(*days)}), false};
}

void CoordinatorModel::backup() {
  clearMessages();
  if (!state_.unlocked) return;
  const fs::path folder = safetyTarget();
  if (folder.empty()) return;
  try {
    const store::BackupInfo made = sync::backupStore(path_.parent_path(), sync::StoreKind::Coordinator, folder);
    state_.notice = ctrf(CoordWord::BackupSaved, lang_, {made.file.string()});
  } catch (const std::exception& e) {
    failInLang(e);
  }
  readLastBackup();
}

namespace {
// The day and the time on this computer's clock: two backups of one day,
// or a backup and the store's last import, told apart.
std::string dayOf(std::int64_t unixSeconds, core::Lang lang) {
  const auto t = static_cast<std::time_t>(unixSeconds);
  std::tm local{};
  if (localtime_r(&t, &local) == nullptr)
    return displayDate(std::chrono::floor<std::chrono::days>(std::chrono::sys_seconds(std::chrono::seconds(unixSeconds))),
                       lang);
  const core::Date day = std::chrono::sys_days(std::chrono::year_month_day(
      std::chrono::year(local.tm_year + 1900), std::chrono::month(static_cast<unsigned>(local.tm_mon + 1)),
      std::chrono::day(static_cast<unsigned>(local.tm_mday))));
  char hm[8];
  std::snprintf(hm, sizeof hm, lang == core::Lang::Da ? "%02d.%02d" : "%02d:%02d", local.tm_hour, local.tm_min);
  return ctrf(CoordWord::DateAtTime, lang, {displayDate(day, lang), hm});
}
}  // namespace

void CoordinatorModel::checkRestore() {
  clearMessages();
  state_.restoreAsk.reset();
  if (!state_.unlocked) return;
  const std::string file = trimmed(state_.restorePath);
  if (file.empty()) {
    state_.error = ctr(CoordWord::SaveNoFolder, lang_);
    return;
  }
  try {
    const sync::RestorePlan plan = sync::planRestore(path_.parent_path(), file, sync::StoreKind::Coordinator);
    CoordinatorState::RestoreAsk ask;
    ask.file = file;
    ask.title = ctrf(CoordWord::RestoreAskTitle, lang_, {dayOf(plan.backupWritten, lang_)});
    ask.checked = ctrf(CoordWord::RestoreChecked, lang_,
                       {std::to_string((plan.backup.databaseBytes + 1023) / 1024), dayOf(plan.backupWritten, lang_)});
    if (plan.storeIsNewer()) ask.newer = ctrf(CoordWord::RestoreNewer, lang_, {dayOf(plan.storeWritten, lang_)});
    state_.restoreAsk = std::move(ask);
  } catch (const std::exception& e) {
    failInLang(e);  // not a backup, damaged, a tablet's, from a newer Spor: nothing changed
  }
}

void CoordinatorModel::cancelRestore() {
  clearMessages();
  state_.restoreAsk.reset();
}

void CoordinatorModel::restore() {
  clearMessages();
  if (!state_.unlocked || !state_.restoreAsk || state_.unlocking) return;
  const std::string file = state_.restoreAsk->file;
  state_.restoreAsk.reset();
  // The store must not be open while it is replaced: its key and every child's data go too.
  forget();
  state_.unlocked = false;
  store_.reset();
  try {
    const store::RestoreResult r = sync::restoreStore(path_.parent_path(), file, sync::StoreKind::Coordinator);
    // File names only: the notice stands on the passphrase screen, which does not scroll.
    state_.notice = ctrf(CoordWord::RestoreDone, lang_,
                         {fs::path(file).filename().string(), r.keptAs ? r.keptAs->filename().string() : std::string("-")});
  } catch (const std::exception& e) {
    failInLang(e);  // refused: the store that was there is in place, unchanged
  }
  try {
    store_.emplace(sync::CoordinatorStore::open(path_, options_));
    state_.name = store_->enrolment().coordinatorName;
    state_.fingerprint = store_->enrolment().encryptionFingerprint;
    state_.recoveryFingerprint = crypto::fingerprint(store_->enrolment().recovery());
    state_.devices = store_->devices();
  } catch (const std::exception& e) {
    failInLang(e);
  }
  state_.restorePath.clear();
}

void CoordinatorModel::setPlaces(std::vector<std::string> folders, const std::string& preferred,
                                 std::vector<std::string> labels) {
  state_.places = std::move(folders);
  state_.placeLabels = std::move(labels);
  state_.placeLabels.resize(state_.places.size());
  for (std::size_t i = 0; i < state_.places.size(); ++i)  // no label given: the whole path
    if (state_.placeLabels[i].empty()) state_.placeLabels[i] = state_.places[i];
  if (state_.safetyFolder.empty()) state_.safetyFolder = preferred;
  if (state_.formsOut.empty()) state_.formsOut = preferred;
}

fs::path CoordinatorModel::safetyTarget() { return usableFolder(state_.safetyFolder); }

void CoordinatorModel::saveRecoveryKey() {
  clearMessages();
  if (!state_.unlocked) return;
  const auto wipeBoth = [this] {
    crypto::memzero(state_.recoveryPassphrase);
    crypto::memzero(state_.recoveryPassphraseAgain);
    state_.recoveryPassphrase.clear();
    state_.recoveryPassphraseAgain.clear();
  };
  if (state_.recoveryPassphrase != state_.recoveryPassphraseAgain) {
    wipeBoth();
    state_.error = ctr(CoordWord::RecoveryMismatch, lang_);
    return;
  }
  const fs::path folder = safetyTarget();
  if (folder.empty()) return;
  try {
    // A file already there is never replaced (writeRecoveryKeyFile refuses it).
    const fs::path file = sync::writeRecoveryKeyFile(*store_, folder, state_.recoveryPassphrase, recoveryKdf_);
    state_.notice = ctrf(CoordWord::RecoverySaved, lang_, {file.string()});
  } catch (const std::exception& e) {
    failInLang(e);
  }
  wipeBoth();
}

void CoordinatorModel::writeEnrolment() {
  clearMessages();
  if (!state_.unlocked) return;
  const fs::path folder = safetyTarget();
  if (folder.empty()) return;
  try {
    const fs::path file = sync::writeEnrolmentFile(*store_, folder);
    state_.notice = ctrf(CoordWord::EnrolSaved, lang_, {file.string()});
  } catch (const std::exception& e) {
    failInLang(e);
  }
}

namespace {

CoordWord formKindName(const std::string& kind) {
  if (kind == "scales") return CoordWord::FormsKindScales;
  if (kind == "scoring") return CoordWord::FormsKindScoring;
  if (kind == "child") return CoordWord::FormsKindChild;
  if (kind == "background") return CoordWord::FormsKindBackground;
  if (kind == "fidelity") return CoordWord::FormsKindFidelity;
  if (kind == "activity") return CoordWord::FormsKindActivity;
  return CoordWord::FormsKindProject;
}

// A form file as its title reads to a person ("EmpowR", "Trivselsskema"),
// from the folder just checked; the file's id where a kind has no title.
std::string formTitle(const core::FormSet& forms, const core::FormFile& f, core::Lang lang) {
  const auto in = [&](const auto& map) -> std::string {
    const auto it = map.find(f.id);
    return it == map.end() ? std::string() : it->second.title.in(lang);
  };
  std::string title;
  if (f.kind == "project") {
    const auto it = forms.projects.find(f.id);
    if (it != forms.projects.end()) title = it->second.shortName.in(lang);
  } else if (f.kind == "child") {
    title = in(forms.childForms);
  } else if (f.kind == "fidelity") {
    title = in(forms.fidelityForms);
  } else if (f.kind == "activity") {
    title = in(forms.activityForms);
  } else if (f.kind == "background" && forms.background) {
    title = forms.background->title.in(lang);
  }
  return title.empty() ? f.id : title;
}

}  // namespace

void CoordinatorModel::checkFormsFolder() {
  clearMessages();
  state_.formsChecked.reset();
  if (!state_.unlocked) return;
  const std::string folder = trimmed(state_.formsPath);
  if (folder.empty()) {
    state_.error = ctr(CoordWord::FormsNoFolder, lang_);
    return;
  }
  const core::FormCheck check = core::checkForms(folder);
  CoordinatorState::FormsChecked out;
  out.folder = folder;
  out.ok = check.ok();
  if (!out.ok) {
    for (const core::Problem& p : check.problems) out.lines.push_back(p.str(lang_));
    state_.error = ctrf(check.problems.size() == 1 ? CoordWord::FormsProblem : CoordWord::FormsProblems, lang_,
                        {std::to_string(check.problems.size())});
  } else {
    // Each file against the one this app runs on: what the tablets get that
    // is new, listed first (a changed file is not lost among 18 unchanged).
    std::size_t changed = 0;
    std::vector<std::string> same;
    for (const core::FormFile& f : check.forms.files) {
      const auto inUse = std::find_if(forms_.files.begin(), forms_.files.end(),
                                      [&](const core::FormFile& g) { return g.kind == f.kind && g.id == f.id; });
      // By title and kind, with the file's id for whoever edits the files
      // (a newcomer met bare ids like "fidelitet_psykiatrifonden").
      const std::string title = formTitle(check.forms, f, lang_);
      const std::string kind = ctr(formKindName(f.kind), lang_);
      std::string line =
          title == f.id || title == kind
              ? ctrf(CoordWord::FormsFileLine, lang_, {kind, f.id, std::to_string(f.version)})
              : ctrf(CoordWord::FormsFileTitled, lang_, {kind, title, f.id, std::to_string(f.version)});
      if (inUse == forms_.files.end()) {
        line += ctr(CoordWord::FormsFileNew, lang_);
        ++changed;
      } else if (inUse->version != f.version) {
        line += ctrf(CoordWord::FormsFileChanged, lang_, {std::to_string(inUse->version)});
        ++changed;
      } else {
        same.push_back(std::move(line));
        continue;
      }
      out.lines.push_back(std::move(line));
    }
    out.lines.insert(out.lines.end(), same.begin(), same.end());
    out.changed = changed;
    state_.notice = ctrf(CoordWord::FormsChecked, lang_,
                         {std::to_string(check.forms.files.size()), std::to_string(changed)});
    // Nothing new: said where the eye is, not only under the greyed button
    // (a newcomer found "Udgiv" greyed with the reason out of view).
    if (changed == 0) state_.notice += " " + std::string(ctr(CoordWord::FormsNothingNew, lang_));
    // Publishing Spor's draft contacts is allowed (every bundled one is a
    // draft today), but the check says so: the tablet shows the contact when
    // a child's answers raise a concern, and a draft has no phone number.
    std::string drafts;
    int draftCount = 0;
    for (const auto& [id, project] : check.forms.projects)
      if (core::guidanceIsDraft(project.safeguarding)) {
        drafts += (drafts.empty() ? "" : ", ") + project.shortName.in(lang_);
        ++draftCount;
      }
    if (draftCount > 0)
      state_.notice += " " + ctrf(CoordWord::FormsDraftGuidance, lang_, {std::to_string(draftCount), drafts});
  }
  state_.formsChecked = std::move(out);
}

bool CoordinatorModel::formsReadyToPublish() const {
  return state_.unlocked && state_.formsChecked && state_.formsChecked->ok && state_.formsChecked->changed > 0 &&
         state_.formsChecked->folder == trimmed(state_.formsPath);
}

void CoordinatorModel::publishForms() {
  if (!formsReadyToPublish()) return;
  clearMessages();
  const fs::path out = usableFolder(state_.formsOut);
  if (out.empty()) return;
  const std::string folder = state_.formsChecked->folder;
  try {
    const fs::path file = sync::publishFormPackage(*store_, folder, trimmed(state_.formsNote), out);
    state_.formsVersion = store_->formsVersion();
    state_.notice = ctrf(CoordWord::FormsPublished, lang_, {std::to_string(state_.formsVersion), file.string()});
    state_.formsNote.clear();
    state_.formsChecked.reset();
  } catch (const std::exception& e) {
    // The folder changed since it was checked: its problems, in the screen's language.
    checkFormsFolder();
    if (state_.formsChecked && !state_.formsChecked->ok) return;
    state_.formsChecked.reset();
    failInLang(e);
  }
}

void CoordinatorModel::clearMessages() {
  state_.error.clear();
  state_.notice.clear();
}

void CoordinatorModel::fail(const std::exception& e) {
  state_.error = shownMessage(e, lang_);
}

void CoordinatorModel::failInLang(const std::exception& e) {
  state_.error = render(messageOf(e), lang_);
}

// The store travels to the worker and back, like the device store's
// (AppModel::runWithStore): never used by two threads.
struct CoordinatorModel::UnlockOutcome {
  std::optional<sync::CoordinatorStore> store;
  std::exception_ptr error;
  std::atomic<bool> done{false};
};

void CoordinatorModel::unlock() {
  if (state_.unlocking || state_.unlocked || !store_) return;
  clearMessages();
  auto outcome = std::make_shared<UnlockOutcome>();
  outcome->store.emplace(std::move(*store_));
  store_.reset();
  std::string secret = state_.passphrase;
  crypto::memzero(state_.passphrase);
  state_.passphrase.clear();
  state_.unlocking = true;
  unlocking_ = outcome;
  worker_->run([outcome, secret]() mutable {
    try {
      outcome->store->unlock(secret);
    } catch (...) {
      outcome->error = std::current_exception();
    }
    crypto::memzero(secret);
    outcome->done.store(true, std::memory_order_release);
  });
  poll();  // an inline worker has finished already
}

void CoordinatorModel::poll() {
  if (!unlocking_ || !unlocking_->done.load(std::memory_order_acquire)) return;
  const std::shared_ptr<UnlockOutcome> outcome = std::move(unlocking_);
  unlocking_.reset();
  store_.emplace(std::move(*outcome->store));
  state_.unlocking = false;
  try {
    if (outcome->error) std::rethrow_exception(outcome->error);
    state_.unlocked = true;
    reload();
  } catch (const store::WrongSecretError& e) {
    // The vault's words serve PINs and passphrases alike; a coordinator
    // has a passphrase only (a new user's trial was told "Forkert PIN-kode").
    if (e.message().code == Msg::WrongSecret)
      state_.error = ctrf(CoordWord::WrongPassphrase, lang_, {std::to_string(e.failures())});
    else
      fail(e);
  } catch (const std::exception& e) {
    fail(e);
  }
}

void CoordinatorModel::lock() {
  crypto::memzero(state_.passphrase);
  state_.passphrase.clear();
  if (!state_.unlocked || state_.unlocking) return;
  forget();
  state_.unlocked = false;
  try {
    store_.reset();  // the store's key goes with it
    store_.emplace(sync::CoordinatorStore::open(path_, options_));
  } catch (const std::exception& e) {
    fail(e);
  }
}

void CoordinatorModel::forget() {
  input_ = {};
  state_.children.clear();
  state_.timeline.reset();
  state_.report.reset();
  state_.loaded = {};
  state_.imports.clear();
  lastImport_.clear();
  state_.receiptsOffered = false;
  crypto::memzero(state_.recoveryPassphrase);
  crypto::memzero(state_.recoveryPassphraseAgain);
  state_.recoveryPassphrase.clear();
  state_.recoveryPassphraseAgain.clear();
}

void CoordinatorModel::setTab(CoordinatorTab tab) {
  clearMessages();
  state_.tab = tab;
  if (tab != CoordinatorTab::Children) state_.timeline.reset();
  if (tab == CoordinatorTab::Devices && store_) state_.devices = store_->devices();
}

void CoordinatorModel::importBundles() {
  clearMessages();
  if (!state_.unlocked) return;
  std::vector<fs::path> files;
  const fs::path given(state_.importPath);
  std::error_code ec;
  if (state_.importPath.empty()) {
    state_.error = ctr(CoordWord::ImportNoPath, lang_);
    return;
  }
  if (fs::is_directory(given, ec)) {
    for (const auto& entry : fs::directory_iterator(given, ec))
      if (entry.path().extension() == ".sporbundle") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      state_.error = ctrf(CoordWord::ImportEmptyFolder, lang_, {given.string()});
      return;
    }
  } else if (fs::exists(given, ec)) {
    files.push_back(given);
  } else {
    state_.error = ctrf(CoordWord::ImportNotFound, lang_, {given.string()});
    return;
  }
  std::size_t imported = 0;
  std::vector<ImportLine> lines;
  lastImport_.clear();
  state_.receiptsOffered = false;
  try {
    lastImport_ = sync::importBundles(*store_, files);
    for (const sync::ImportOutcome& o : lastImport_) {
      ImportLine line;
      line.file = o.file.filename().string();
      line.path = o.file.lexically_normal().string();
      if (o.refused) {
        line.outcome = ImportLine::Outcome::Refused;
        line.error = render(*o.refused, lang_);
      } else {
        const sync::ImportResult& r = *o.result;
        line.device = r.device.shortStr();
        line.sequence = r.sequence;
        line.outcome = r.alreadyImported ? ImportLine::Outcome::AlreadyImported : ImportLine::Outcome::New;
        line.newMeasurements = r.newMeasurements;
        line.duplicateMeasurements = r.duplicateMeasurements;
        line.newRecords = r.newRecords;
        line.updatedRecords = r.updatedRecords;
        line.duplicateRecords = r.duplicateRecords;
        for (const Message& w : r.warnings) line.warnings.push_back(render(w, lang_));
        if (!r.alreadyImported) ++imported;
      }
      lines.push_back(std::move(line));
    }
  } catch (const std::exception& e) {
    fail(e);  // the store itself failed (a full disk): what was imported before stays
  }
  // A file refused before (its device not yet approved, say) and imported
  // again: its old "Ikke importeret" card goes, so no failure stays under a
  // later success (a new refusal of it takes the old one's place).
  std::erase_if(state_.imports, [&](const ImportLine& old) {
    return old.outcome == ImportLine::Outcome::Refused &&
           std::any_of(lines.begin(), lines.end(), [&](const ImportLine& now) { return now.path == old.path; });
  });
  // Newest first, in the order they were imported.
  state_.imports.insert(state_.imports.begin(), lines.begin(), lines.end());
  state_.devices = store_->devices();
  state_.receiptsOffered =
      std::any_of(lastImport_.begin(), lastImport_.end(), [](const sync::ImportOutcome& o) { return o.result.has_value(); });
  if (imported > 0) {
    try {
      reload();
    } catch (const std::exception& e) {
      fail(e);
    }
  }
}

void CoordinatorModel::writeReceipts() {
  clearMessages();
  if (!state_.unlocked || !state_.receiptsOffered) return;
  try {
    const std::vector<sync::WrittenReceipt> written = sync::writeReceiptsBack(*store_, lastImport_);
    std::string folders;
    for (const auto& w : written) {
      const std::string folder = w.file.parent_path().string();
      if (folders.find(folder) == std::string::npos) folders += (folders.empty() ? "" : ", ") + folder;
    }
    state_.notice = ctrf(written.size() == 1 ? CoordWord::ReceiptWrittenOne : CoordWord::ReceiptsWritten, lang_,
                         {std::to_string(written.size()), folders});
    state_.receiptsOffered = false;
    state_.devices = store_->devices();
  } catch (const std::exception& e) {
    failInLang(e);  // a pulled-out or full stick: the receipts written before it stay
  }
}

void CoordinatorModel::toggleSave() {
  clearMessages();
  state_.saveOpen = !state_.saveOpen;
  if (state_.saveOpen) state_.filtersOpen = false;
}

fs::path CoordinatorModel::saveTarget() { return usableFolder(state_.saveFolder); }

fs::path CoordinatorModel::usableFolder(std::string folder) {
  folder = trimmed(std::move(folder));
  std::error_code ec;
  if (folder.empty()) {
    state_.error = ctr(CoordWord::SaveNoFolder, lang_);
    return {};
  }
  if (!fs::is_directory(folder, ec)) {
    state_.error = ctrf(CoordWord::ImportNotFound, lang_, {folder});
    return {};
  }
  return fs::path(folder);
}

namespace {
// `base` + extension in `folder`, with -2, -3, ... when the name is taken: a save never replaces a file.
fs::path freeName(const fs::path& folder, const std::string& base, const std::string& extension) {
  std::error_code ec;
  fs::path candidate = folder / (base + extension);
  for (int n = 2; fs::exists(candidate, ec); ++n) candidate = folder / (base + "-" + std::to_string(n) + extension);
  return candidate;
}
}  // namespace

void CoordinatorModel::saveReport() {
  clearMessages();
  if (!state_.unlocked || !state_.report) return;
  const fs::path folder = saveTarget();
  if (folder.empty()) return;
  const std::string scope = state_.reportProject.empty() ? "alle" : state_.reportProject;
  const fs::path file = freeName(folder, "spor-rapport-" + scope + "-" + core::formatDate(state_.asOf), ".html");
  try {
    report::writeReportFile(*state_.report, report::ReportFormat::Html, file.string());
    state_.notice = ctrf(CoordWord::ReportSaved, lang_, {file.string()});
  } catch (const std::exception& e) {
    failInLang(e);
  }
}

void CoordinatorModel::saveExport(report::ExportFormat format) {
  clearMessages();
  if (!state_.unlocked) return;
  const fs::path folder = saveTarget();
  if (folder.empty()) return;
  const fs::path target = freeName(
      folder, std::string("spor-eksport-") + report::exportFormatId(format) + "-" + core::formatDate(state_.asOf), "");
  try {
    report::ExportOptions options;
    options.project = state_.reportProject;
    options.includeFreeText = state_.exportFreeText;
    const report::DataExport data = report::buildExport(forms_, input_, options);
    const std::vector<std::string> files = report::writeExport(data, format, target.string());
    state_.notice = ctrf(state_.exportFreeText ? CoordWord::ExportSavedFreeText : CoordWord::ExportSaved, lang_,
                         {std::to_string(files.size()), target.string()});
  } catch (const std::exception& e) {
    failInLang(e);
  }
}

void CoordinatorModel::askApproveDevice(const std::string& deviceId) {
  clearMessages();
  state_.approveAsk = deviceId;
}

void CoordinatorModel::approveDevice(const std::string& deviceId) {
  clearMessages();
  state_.approveAsk.clear();
  try {
    const sync::DeviceEntry d = store_->approveDevice(deviceId);
    state_.devices = store_->devices();
    state_.notice = ctrf(CoordWord::ApprovedNotice, lang_, {d.id.shortStr()});
  } catch (const std::exception& e) {
    fail(e);
  }
}

void CoordinatorModel::reload() {
  state_.formsVersion = store_->formsVersion();
  report::LoadedInput loaded = report::loadReportInput(*store_, state_.asOf);
  input_ = std::move(loaded.input);
  state_.loaded = std::move(loaded.summary);
  state_.children.clear();
  state_.children.reserve(input_.children.size());
  for (const report::ChildRecord& c : input_.children) {
    CoordinatorChildRow row;
    row.code = c.code;
    row.project = c.project;
    row.interventions = c.interventions;
    for (const report::MeasurementRecord& m : c.measurements) {
      switch (m.occasion) {
        case core::Occasion::Before: ++row.before; break;
        case core::Occasion::After: ++row.after; break;
        case core::Occasion::FollowUp: ++row.followUp; break;
        case core::Occasion::Progression: ++row.progression; break;
      }
      if (!row.last || m.date > *row.last) row.last = m.date;
    }
    state_.children.push_back(std::move(row));
  }
  if (state_.timeline) {
    const std::string code = state_.timeline->code;
    state_.timeline.reset();
    openChild(code);
  }
  rebuildReport();
}

void CoordinatorModel::rebuildReport() {
  state_.report.reset();
  if (!state_.unlocked) return;
  try {
    report::ReportFilter filter;
    filter.project = state_.reportProject;
    filter.intervention = state_.reportIntervention;
    state_.report = report::buildReport(forms_, input_, filter);
  } catch (const std::exception& e) {
    fail(e);
  }
}

void CoordinatorModel::openChild(const std::string& code) {
  clearMessages();
  if (!state_.unlocked) return;
  try {
    report::ReportFilter filter;
    filter.child = code;
    report::Report r = report::buildReport(forms_, input_, filter);
    if (r.timeline) state_.timeline = std::move(*r.timeline);
  } catch (const std::exception& e) {
    fail(e);
  }
}

void CoordinatorModel::closeChild() {
  state_.timeline.reset();
}

std::vector<const CoordinatorChildRow*> CoordinatorModel::visibleChildren() const {
  const std::string needle = upper(state_.childSearch);
  std::vector<const CoordinatorChildRow*> out;
  for (const CoordinatorChildRow& c : state_.children)
    if (needle.empty() || upper(c.code).find(needle) != std::string::npos) out.push_back(&c);
  return out;
}

void CoordinatorModel::toggleFilters() {
  state_.filtersOpen = !state_.filtersOpen;
}

void CoordinatorModel::setReportProject(const std::string& projectId) {
  clearMessages();
  state_.filtersOpen = false;
  state_.reportProject = projectId;
  rebuildReport();
}

void CoordinatorModel::setReportIntervention(std::optional<core::Intervention> intervention) {
  clearMessages();
  state_.filtersOpen = false;
  state_.reportIntervention = intervention;
  rebuildReport();
}

void CoordinatorModel::setAsOf(core::Date day) {
  state_.asOf = day;
  input_.asOf = day;
  rebuildReport();
}

}  // namespace spor::ui
