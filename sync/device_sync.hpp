#pragma once
// The device's side of sync, over the device store (src/store): export a
// bundle of everything not yet acknowledged, apply a coordinator's receipt,
// and install a signed form package. Each checks everything before it
// changes anything and throws SyncError (or a StoreError) with a message.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/forms.hpp"
#include "store/device_store.hpp"
#include "sync/bundle.hpp"
#include "sync/signed_file.hpp"

namespace spor::sync {

// The wire records for a store ChangeSet. Volunteers are named by name;
// nicknames never leave the device.
[[nodiscard]] Records recordsFromChanges(const store::ChangeSet& changes);

// The coordinator's keys as the device store keeps them, from an enrolment.
[[nodiscard]] store::CoordinatorKeys coordinatorKeys(const Enrolment& enrolment);

// Sets a device up for the coordinator of `enrolment` (readEnrolmentFile):
// a new device store in `dataDir` (created when missing) whose first
// volunteer is `volunteerName` with `pin`, holding the coordinator's keys
// from the enrolment, and its recovery copy sealed to the coordinator's
// recovery key. The one set-up that `spor device init` and the app's
// set-up screen both use. Returns the store, unlocked as that volunteer.
store::CreatedDevice enrolDevice(const std::filesystem::path& dataDir, const Enrolment& enrolment,
                                 std::string_view volunteerName, std::string_view pin,
                                 store::DeviceStoreOptions options = {});

struct ExportResult {
  WrittenBundle bundle;
  std::uint64_t sequence = 0;
  std::size_t records = 0;
  std::size_t measurements = 0;
  // One ExportUnreadable per record left out because a cell of it cannot be
  // read (store::UnreadableRecord): the rest is exported, the damaged row kept.
  std::vector<Message> warnings;
};

// Writes one bundle with everything not yet acknowledged into `folder`:
// the sequence number is reserved and persisted first, then the file is
// written (temp file, fsync, rename, fsync of the folder), read back and
// verified, and only then does the store remember its hash. Returns nullopt
// when there is nothing to send: no record the coordinator has not
// acknowledged, and a receipt applied. Before any receipt a bundle is
// written even when it holds no records (a freshly enrolled device's first
// bundle, from which the coordinator approves it). The one export that
// `spor export` and the app's sync screen both use. The store must be
// unlocked and enrolled. A record with a damaged cell does not stop the
// export: it is left out and named in `warnings`, and stays on the device.
[[nodiscard]] std::optional<ExportResult> exportBundle(store::DeviceStore& device, const std::filesystem::path& folder,
                                                       const std::string& softwareVersion);

// Test seam: how many change numbers exportBundle reads per page (4096
// unless set), so a test can make a small export span several pages.
void setExportPageChangesForTesting(std::int64_t changes);

struct ReceiptApplied {
  std::uint64_t receiptSequence = 0;
  std::uint64_t throughSequence = 0;
  std::size_t laterBundles = 0;
  std::optional<store::PurgeResult> purged;
};

// Checks a receipt file (our coordinator's receipt key, this device, newer
// than the last one applied) and acknowledges its bundles in the store, in
// one transaction. With `purgeFinishedBefore`, then purges acknowledged
// responses finished before then, leaving tombstones.
ReceiptApplied applyReceipt(store::DeviceStore& device, crypto::ByteView file, const std::string& name,
                            std::optional<store::Timestamp> purgeFinishedBefore = std::nullopt);
// Checks the receipt file at `path` as applyReceipt does, without the data
// key and writing nothing: `device` may be locked. A command line checks a
// file this way before asking for the PIN, so a refused receipt costs no
// key derivation and leaves the store byte-identical (no wrong-try stamp,
// no audit row). Throws the SyncError applyReceipt would; returns the
// file's bytes, read once, to pass to applyReceipt.
[[nodiscard]] crypto::Bytes checkReceiptFile(const store::DeviceStore& device, const std::filesystem::path& path);
// The same for the receipt file at `path` (read once, at most kMaxReceiptFileBytes).
ReceiptApplied applyReceiptFile(store::DeviceStore& device, const std::filesystem::path& path,
                                std::optional<store::Timestamp> purgeFinishedBefore = std::nullopt);

// The form package version installed in `formsDir` (0 when none was).
[[nodiscard]] std::uint64_t installedFormsVersion(const std::filesystem::path& formsDir);

// Checks a form package (our coordinator's forms key, a version above the
// installed one, safe paths), checks the forms in it with core's loader,
// then replaces `formsDir` with them (written beside it, then renamed). The
// signed file itself is kept there too (kInstalledPackageFile), so the forms
// are read back from it and its signature checked every time they are used
// (loadInstalledForms). Returns the installed package.
//
// The store records the version (DeviceStore::recordFormsPackage, sealed)
// after the new folder is complete and before the swap, so neither a
// deleted or edited forms folder nor a crash mid-install lets an older
// package in, and an interrupted swap is finished or undone on the next load
// (recoverFormsInstall). Needs the store unlocked; checkFormPackageFile does
// every check that needs no key first, so a refused file costs no PIN.
//
// A response keeps the form version it was started with (docs/STORE.md), so
// a package whose forms differ in version from (or no longer hold) the form
// of a questionnaire, background or fidelity form that is in progress or
// paused on the device is refused with FormsInUseError, installing nothing:
// those must be finished or abandoned first.
FormPackage installFormPackage(store::DeviceStore& device, crypto::ByteView file, const std::string& name,
                               const std::filesystem::path& formsDir);
// The same for the package file at `path` (read once, at most kMaxFormPackageFileBytes).
FormPackage installFormPackageFile(store::DeviceStore& device, const std::filesystem::path& path,
                                   const std::filesystem::path& formsDir);
// Checks the package file at `path` as installFormPackage does, against the
// version in `formsDir`, without the data key and writing nothing (`device`
// may be locked): signature, version, safe paths, the forms themselves, and
// the started responses they would change. Returns the file's bytes, read
// once, for installFormPackage.
[[nodiscard]] crypto::Bytes checkFormPackageFile(const store::DeviceStore& device, const std::filesystem::path& path,
                                                 const std::filesystem::path& formsDir);
// Finishes or undoes what an interrupted install left beside `formsDir`
// (".forms.incoming", ".forms.old"): the folder whose package has the version
// the store recorded becomes `formsDir`, the rest is removed. Needs the
// store unlocked. Returns whether anything was left.
bool recoverFormsInstall(const store::DeviceStore& device, const std::filesystem::path& formsDir);

// The unfinished responses on `device` whose form `forms` does not hold in
// the version they were started with.
[[nodiscard]] std::vector<store::UnfinishedResponse> responsesOnOtherForms(const store::DeviceStore& device,
                                                                           const core::FormSet& forms);

// installFormPackage's refusal: the started responses it would change.
class FormsInUseError : public SyncError {
 public:
  FormsInUseError(Message message, std::vector<store::UnfinishedResponse> started)
      : SyncError(SyncErrorKind::FormsInUse, std::move(message)), started_(std::move(started)) {}
  [[nodiscard]] const std::vector<store::UnfinishedResponse>& started() const noexcept { return started_; }

 private:
  std::vector<store::UnfinishedResponse> started_;
};

// --- Installed forms and what waits to be sent (the app's sync screen) -----------------

// The signed package kept in an installed forms folder.
inline constexpr const char* kInstalledPackageFile = ".spor-forms-package.sporforms";

struct InstalledForms {
  core::FormSet forms;
  std::uint64_t version = 0;
  std::string note;
};

// The forms installed in `formsDir` by installFormPackage, read from the
// signed package kept there: its signature (our coordinator's forms key) and
// its forms are checked again, so a file changed on disk after the install is
// never used. nullopt when no package is installed (`formsDir` is missing);
// throws SyncError when one is there but does not check, with what to do.
// With the store unlocked it first recovers an interrupted install, and
// refuses forms older than the version the store recorded (a deleted or
// replaced folder): the device never goes back to older forms silently.
[[nodiscard]] std::optional<InstalledForms> loadInstalledForms(const store::DeviceStore& device,
                                                               const std::filesystem::path& formsDir);

// The forms a device uses: the installed package when there is one, else
// `fallback` (the forms that came with Spor).
[[nodiscard]] core::FormSet deviceForms(const store::DeviceStore& device, const std::filesystem::path& formsDir,
                                        const core::FormSet& fallback);

// What the coordinator has not yet acknowledged, by kind (the store must be
// unlocked): what the next bundle would carry.
struct PendingCounts {
  std::size_t children = 0;
  std::size_t consents = 0;
  std::size_t measurements = 0;
  std::size_t backgrounds = 0;
  std::size_t fidelity = 0;
  std::size_t flags = 0;
  std::size_t deletedChildren = 0;  // children erased on the device: their deletion waits to travel
  std::size_t records = 0;  // everything, answers included (the store's count)
};
[[nodiscard]] PendingCounts pendingCounts(const store::DeviceStore& device);

}  // namespace spor::sync
