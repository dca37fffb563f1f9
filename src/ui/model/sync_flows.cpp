// The app model, part 3: the volunteer's sync screen. Everything goes through
// the sync layer (sync/device_sync.hpp), the same code as `spor export`,
// `spor apply-receipt` and `spor forms install`; its messages are shown as
// they are, and a failed action changes nothing.
#include <algorithm>
#include <cstdlib>

#include "core/date.hpp"
#include "store/error.hpp"
#include "sync/device_sync.hpp"
#include "sync/errors.hpp"
#include "sync/file_io.hpp"
#include "ui/model/app_model.hpp"
#include "ui/model/coordinator_model.hpp"
#include "ui/text.hpp"

#ifndef SPOR_VERSION_TEXT
#define SPOR_VERSION_TEXT "spor"
#endif

namespace spor::ui {

namespace fs = std::filesystem;

namespace {

// "K7-4QX9 Før, K7-4QX9 Baggrund, fidelitetsskema 2026-03-02": the started
// responses a form package would change (sync::FormsInUseError).
std::string startedList(const std::vector<store::UnfinishedResponse>& started, core::Lang lang) {
  std::string list;
  for (const auto& r : started) {
    std::string one;
    if (r.kind == store::ResponseKind::Child) {
      Word occasion = Word::TaskBefore;
      if (r.occasion == core::Occasion::After) occasion = Word::TaskAfter;
      if (r.occasion == core::Occasion::FollowUp) occasion = Word::TaskFollowUp;
      if (r.occasion == core::Occasion::Progression) occasion = Word::TaskProgression;
      one = r.childCode + " " + tr(occasion, lang);
    } else if (r.kind == store::ResponseKind::Background) {
      one = r.childCode + " " + tr(Word::TaskBackground, lang);
    } else {
      one = trf(Word::SyncStartedFidelity, lang, {r.onDate ? core::formatDate(*r.onDate) : r.formId});
    }
    list += (list.empty() ? "" : ", ") + one;
  }
  return list;
}

constexpr std::size_t kMaxFound = 30;

bool isDir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

// Files with `extension` in `folder` and up to two levels below it.
void findFiles(const fs::path& folder, const std::string& extension, std::vector<std::string>& out) {
  std::error_code ec;
  if (!isDir(folder)) return;
  for (auto it = fs::recursive_directory_iterator(folder, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator() && out.size() < kMaxFound; it.increment(ec)) {
    if (it.depth() >= 2) it.disable_recursion_pending();
    // Hidden folders (.cache, .local, an installed forms folder) are not where a person puts a file.
    if (it->path().filename().string().starts_with(".")) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && it->path().extension() == extension) out.push_back(it->path().string());
  }
}

std::string countOf(std::size_t n, Word one, Word many, core::Lang lang) {
  return trf(n == 1 ? one : many, lang, {std::to_string(n)});
}

}  // namespace

std::string syncStatusTitle(const SyncState& s, core::Lang lang) {
  // "Venter på koordinatoren" above "Alt er sendt, og koordinatoren har
  // bekræftet det" read as a contradiction to a new user.
  if (s.pendingRecords == 0 && s.lastReceipt > 0) return tr(Word::SyncDoneTitle, lang);
  return tr(Word::SyncPendingTitle, lang);
}

std::string syncPendingText(const SyncState& s, core::Lang lang) {
  if (s.pendingRecords == 0) {
    // Say what is true: "all sent and confirmed" only once a receipt says so.
    if (s.lastReceipt > 0) return tr(Word::SyncPendingNone, lang);
    if (s.lastBundle > 0) return trf(Word::SyncPendingNoReceipt, lang, {std::to_string(s.lastBundle)});
    return tr(Word::SyncPendingFirst, lang);
  }
  std::string list;
  // The total is the sum of what is listed: the store's record count (every
  // answer a record) added up to a number the parts did not explain.
  std::size_t total = 0;
  std::size_t parts = 0;
  const auto add = [&](std::size_t n, Word one, Word many) {
    if (n == 0) return;
    list += (list.empty() ? "" : ", ") + countOf(n, one, many, lang);
    total += n;
    ++parts;
  };
  add(s.pendingMeasurements, Word::SyncNMeasurement, Word::SyncNMeasurements);
  add(s.pendingBackgrounds, Word::SyncNBackground, Word::SyncNBackgrounds);
  add(s.pendingFidelity, Word::SyncNFidelity, Word::SyncNFidelities);
  add(s.pendingChildren, Word::SyncNChild, Word::SyncNChildren);
  add(s.pendingConsents, Word::SyncNConsent, Word::SyncNConsents);
  add(s.pendingFlags, Word::SyncNFlag, Word::SyncNFlags);
  add(s.pendingDeletedChildren, Word::SyncNDeletion, Word::SyncNDeletions);
  if (parts == 0) return tr(Word::SyncPendingOther, lang);  // changes of no listed kind (a volunteer, say)
  if (parts == 1) return trf(Word::SyncPendingOne, lang, {list});
  return trf(Word::SyncPendingCounts, lang, {list, std::to_string(total)});
}

void AppModel::setSyncPlaces(std::vector<fs::path> mountParents, fs::path home, std::vector<fs::path> otherMounts) {
  syncMountParents_ = std::move(mountParents);
  syncOtherMounts_ = std::move(otherMounts);
  syncHome_ = std::move(home);
  if (coordinator_) {  // its Safety tab offers the same folders
    const Places places = findPlaces();
    coordinator_->setPlaces(places.folders, places.preferred(), places.labels);
  }
}

AppModel::Places AppModel::findPlaces() const {
  Places p;
  // Each folder by its whole path (a name alone, "sandboxing" or "home", said
  // nothing of where it is), a USB stick marked as one.
  const auto addSticks = [&](const std::vector<fs::path>& parents, bool areSticks) {
    for (const fs::path& parent : parents) {
      std::error_code ec;
      if (!isDir(parent)) continue;
      std::vector<std::string> sticks;
      for (auto it = fs::directory_iterator(parent, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::directory_iterator(); it.increment(ec)) {
        if (it->is_directory(ec)) sticks.push_back(it->path().string());
      }
      std::sort(sticks.begin(), sticks.end());
      for (const std::string& stick : sticks) {
        p.folders.push_back(stick);
        p.labels.push_back(areSticks ? trf(Word::SyncStick, lang(), {stick}) : stick);
      }
    }
  };
  addSticks(syncMountParents_, true);
  p.sticks = p.folders.size();
  addSticks(syncOtherMounts_, false);
  p.others = p.folders.size() - p.sticks;
  if (!syncHome_.empty() && isDir(syncHome_)) {
    p.folders.push_back(syncHome_.string());
    p.labels.emplace_back(trf(Word::SyncHome, lang(), {syncHome_.string()}));
  }
  return p;
}

std::vector<std::string> AppModel::findFilesIn(const std::vector<std::string>& folders, const std::string& extension) {
  std::vector<std::string> found;
  for (const std::string& f : folders) findFiles(f, extension, found);
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

void AppModel::useInstalledForms() {
  state_.sync.formsProblem.clear();
  state_.sync.formsVersion = 0;
  if (!store_) return;
  try {
    if (auto installed = sync::loadInstalledForms(*store_, dataDir_ / "forms")) {
      ownForms_ = std::move(installed->forms);
      state_.sync.formsVersion = installed->version;
    }
  } catch (const std::exception& e) {
    // The bundled forms stay in use; the volunteer sees why on the sync screen.
    state_.sync.formsProblem = shownMessage(e, lang()) + ". " + tr(Word::SyncFormsFallback, lang());
    state_.error = state_.sync.formsProblem;
  }
}

void AppModel::openSync() {
  if (!store_ || !store_->unlocked()) return;
  clearMessages();
  state_.sync.file.clear();
  refreshSync();
  state_.screen = Screen::Sync;
  noteActivity();
}

void AppModel::refreshSync() {
  SyncState& s = state_.sync;
  if (!store_) return;
  try {
    const store::DeviceInfo info = store_->device();
    s.enrolled = info.coordinator.has_value();
    const sync::PendingCounts n = sync::pendingCounts(*store_);
    s.pendingRecords = n.records;
    s.pendingChildren = n.children;
    s.pendingConsents = n.consents;
    s.pendingMeasurements = n.measurements;
    s.pendingBackgrounds = n.backgrounds;
    s.pendingFidelity = n.fidelity;
    s.pendingFlags = n.flags;
    s.pendingDeletedChildren = n.deletedChildren;
    const store::SyncStatus status = store_->syncStatus();
    s.lastReceipt = status.lastReceipt;
    s.lastBundle = status.lastBundle;  // kept by the store (store::SyncStatus), not read from the audit log
    s.lastExportAt = status.lastBundleAt;
    s.lastReceiptAt = status.lastReceiptAt;
  } catch (const std::exception& e) {
    fail(e);
  }

  // Where a bundle can go: each USB stick, the home folder, the outbox.
  const Places places = findPlaces();
  s.folders = places.folders;
  s.folderLabels = places.labels;
  const std::size_t sticks = places.sticks;
  const std::size_t others = places.others;
  const fs::path outbox = dataDir_ / "outbox";
  std::error_code ec;
  fs::create_directories(outbox, ec);
  if (isDir(outbox)) {
    s.folders.push_back(outbox.string());
    s.folderLabels.emplace_back(trf(Word::SyncOutbox, lang(), {outbox.string()}));
  }
  // A USB stick is the likely place; else the home folder or the outbox. A
  // folder under /mnt is never chosen by itself: it is as likely a network
  // share or a disk as a stick.
  if (s.folder.empty() && !s.folders.empty())
    s.folder = sticks > 0 ? s.folders.front() : s.folders.size() > others ? s.folders[sticks + others] : std::string();

  // Receipts and form packages in the same places.
  s.receipts.clear();
  s.packages.clear();
  for (const std::string& f : s.folders) {
    findFiles(f, sync::kReceiptExtension, s.receipts);
    findFiles(f, sync::kFormPackageExtension, s.packages);
  }
  for (auto* list : {&s.receipts, &s.packages}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  // A stick carries the receipts for every tablet, and keeps the ones
  // already applied: offer this tablet's new ones only (a new user's trial
  // tapped an applied receipt again and was told to ask for a new one).
  if (store_) {
    try {
      const sync::Uuid self = sync::Uuid::parse(store_->device().deviceId, "device id");
      std::erase_if(s.receipts, [&](const std::string& path) {
        const std::string name = fs::path(path).filename().string();
        if (sync::isOtherDevicesReceiptName(name, self)) return true;
        const auto sequence = sync::receiptSequenceFromName(name, self);
        return sequence && *sequence <= static_cast<std::uint64_t>(s.lastReceipt);
      });
    } catch (const std::exception& e) {
      fail(e);
    }
  }
  // A volunteer reads "Kvittering nr. 1", not "spor-receipt-44df9fd0-000001.sporreceipt"
  // (the whole path stands under the button).
  s.receiptLabels.clear();
  s.packageLabels.clear();
  for (const std::string& path : s.receipts) {
    const std::string name = fs::path(path).filename().string();
    const auto sequence = sync::receiptSequenceFromAnyName(name);
    s.receiptLabels.push_back(sequence ? trf(Word::SyncReceiptLabel, lang(), {std::to_string(*sequence)}) : name);
  }
  for (const std::string& path : s.packages) {
    const std::string name = fs::path(path).filename().string();
    const auto version = sync::formPackageVersionFromName(name);
    s.packageLabels.push_back(version ? trf(Word::SyncPackageLabel, lang(), {std::to_string(*version)}) : name);
  }
}

void AppModel::syncChooseFolder(const std::string& folder) {
  state_.sync.folder = folder;
  clearMessages();
  noteActivity();
}

void AppModel::syncExport() {
  if (!store_) return;
  clearMessages();
  noteActivity();
  std::string folder = state_.sync.folder;
  while (folder.size() > 1 && folder.back() == ' ') folder.pop_back();
  if (folder.find_first_not_of(' ') == std::string::npos) {
    state_.error = tr(Word::SyncChooseFolder, lang());
    return;
  }
  try {
    const auto written = sync::exportBundle(*store_, folder, SPOR_VERSION_TEXT);
    if (!written) {
      state_.notice = tr(Word::SyncNothingToSend, lang());
    } else if (written->records == 0) {
      state_.notice = trf(Word::SyncExportedEmpty, lang(),
                          {std::to_string(written->sequence), written->bundle.path.filename().string(),
                           written->bundle.path.parent_path().string()});
    } else {
      state_.notice = trf(Word::SyncExported, lang(),
                          {std::to_string(written->sequence),
                           countOf(written->measurements, Word::SyncNMeasurement, Word::SyncNMeasurements, lang()),
                           written->bundle.path.filename().string(), written->bundle.path.parent_path().string()});
      // A record with a damaged cell was left out (and kept on the device): said, not hidden.
      for (const Message& w : written->warnings) state_.error += (state_.error.empty() ? "" : "\n") + render(w, lang());
    }
  } catch (const std::exception& e) {
    fail(e);
  }
  const std::string error = state_.error;
  const std::string notice = state_.notice;
  refreshSync();
  state_.error = error;
  state_.notice = notice;
}

void AppModel::syncOpenFile(const std::string& path) {
  if (!store_) return;
  clearMessages();
  noteActivity();
  const fs::path file(path);
  const std::string ext = file.extension().string();
  try {
    if (ext == sync::kReceiptExtension) {
      // The retention setting: what the coordinator has confirmed and is old
      // enough goes in the same transaction as the receipt.
      std::optional<store::Timestamp> purgeBefore;
      if (state_.settings.purgeAfterDays > 0)
        purgeBefore = storeOptions_.clock() - std::chrono::hours(24) * state_.settings.purgeAfterDays;
      const sync::ReceiptApplied applied = sync::applyReceiptFile(*store_, file, purgeBefore);
      state_.notice = applied.throughSequence == 1  // not "pakke 1 til 1"
                          ? trf(Word::SyncReceiptAppliedFirst, lang(), {std::to_string(applied.receiptSequence)})
                          : trf(Word::SyncReceiptApplied, lang(), {std::to_string(applied.receiptSequence),
                                                                  std::to_string(applied.throughSequence)});
      if (applied.purged) {
        const store::PurgeResult& p = *applied.purged;
        const std::size_t forms = p.backgrounds + p.fidelity;
        if (p.measurements + forms > 0)
          state_.notice += " " + trf(Word::SyncPurged, lang(),
                                     {std::to_string(p.measurements), std::to_string(forms),
                                      std::to_string(state_.settings.purgeAfterDays)});
      }
    } else if (ext == sync::kFormPackageExtension) {
      if (childMode_.session()) {
        state_.error = tr(Word::SyncFormsBusy, lang());
        return;
      }
      const sync::FormPackage package = sync::installFormPackageFile(*store_, file, dataDir_ / "forms");
      state_.detail.reset();  // it points into the forms being replaced
      useInstalledForms();
      refreshChildren();
      state_.notice =
          trf(Word::SyncFormsInstalled, lang(),
              {std::to_string(package.version),
               package.note.empty() ? std::string() : " " + trf(Word::SyncFormsNote, lang(), {package.note})});
    } else {
      state_.error = trf(Word::SyncWhichFile, lang(), {path});
    }
  } catch (const sync::FormsInUseError& e) {
    state_.error = trf(Word::SyncFormsInUse, lang(), {startedList(e.started(), lang())});
  } catch (const std::exception& e) {
    fail(e);
  }
  const std::string error = state_.error;
  const std::string notice = state_.notice;
  refreshSync();
  state_.error = error;
  state_.notice = notice;
}

}  // namespace spor::ui
