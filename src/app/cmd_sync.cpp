// The sync commands (sync/FORMAT.md): coordinator set-up, devices and their
// approval, device set-up, export, import, receipts and form packages.
// Secrets come as for every command that unlocks (unlock.hpp): --secret-file
// FILE or SPOR_SECRET; the coordinator's is a passphrase, a device's a
// volunteer's PIN.
#include <filesystem>
#include <iomanip>
#include <ostream>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/paths.hpp"
#include "app/unlock.hpp"
#include "crypto/encoding.hpp"
#include "crypto/hash.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "sync/errors.hpp"
#include "sync/file_io.hpp"

namespace spor::app {

namespace {

namespace fs = std::filesystem;

#ifndef SPOR_VERSION_TEXT
#define SPOR_VERSION_TEXT "spor"
#endif

sync::CoordinatorStore openCoordinator(const Args& args, bool unlock) {
  const fs::path dir = dataDirFrom(args);
  sync::CoordinatorStore store = sync::CoordinatorStore::open(sync::coordinatorStorePath(dir));
  if (unlock) {
    const Secret secret = readPassphrase(args);
    store.unlock(secret.view());
  }
  return store;
}

std::string dateText(store::Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd(day);
  std::ostringstream s;
  s << static_cast<int>(ymd.year()) << '-' << std::setw(2) << std::setfill('0') << static_cast<unsigned>(ymd.month())
    << '-' << std::setw(2) << static_cast<unsigned>(ymd.day());
  return s.str();
}

}  // namespace

int runCoordinatorInit(const std::vector<std::string>& words, std::ostream& out, std::ostream& /*err*/) {
  const Args args(words, ArgSpec{{"data-dir", "name", "secret-file", "out"}, {}, 0, 0});
  const fs::path dir = dataDirFrom(args);
  const std::string name = args.require("name");
  const Secret secret = readPassphrase(args, Ask::Twice);
  createDataDir(dir.string());
  // All or nothing: the store appears only with its enrolment file written.
  const sync::CoordinatorSetUp made =
      sync::setUpCoordinator(dir, name, secret.view(), args.get("out").value_or(dir.string()));
  const sync::Enrolment& e = made.enrolment;
  const fs::path& file = made.enrolmentFile;
  // Later starts (the app, and commands without --data-dir) find it here.
  const fs::path remembered = rememberCoordinatorDir(dir);
  out << "Coordinator '" << e.coordinatorName << "' created in " << sync::coordinatorStorePath(dir).string() << "\n"
      << "Enrolment file for devices: " << file.string() << "\n"
      << "Coordinator fingerprint (read it to each volunteer enrolling a device): " << e.encryptionFingerprint << "\n"
      << "Keep the passphrase safe: without it nothing in this store can be read.\n";
  std::error_code ec;
  if (fs::equivalent(remembered, dir, ec))
    out << "The app and commands find this store without --data-dir (remembered in "
        << coordinatorPointerFile().string() << ").\n";
  else
    out << "This computer's coordinator store stays " << remembered.string() << ": give --data-dir " << dir.string()
        << " to use the new one.\n";
  out << "Next: save the recovery key to a USB stick (spor coordinator recovery-key) and make a first backup "
         "(spor backup).\n";
  return kExitOk;
}

int runCoordinatorEnrolment(const std::vector<std::string>& words, std::ostream& out, std::ostream& /*err*/) {
  const Args args(words, ArgSpec{{"data-dir", "secret-file", "out"}, {}, 0, 0});
  const sync::CoordinatorStore store = openCoordinator(args, true);  // the file is signed with the forms key
  const fs::path file = sync::writeEnrolmentFile(store, args.get("out").value_or(dataDirFrom(args)));
  const sync::Enrolment e = store.enrolment();
  out << "Enrolment file for devices: " << file.string() << "\n"
      << "Coordinator fingerprint (read it to each volunteer enrolling a device): " << e.encryptionFingerprint << "\n";
  return kExitOk;
}

int runDevices(const std::vector<std::string>& words, std::ostream& out, std::ostream& /*err*/) {
  const Args args(words, ArgSpec{{"data-dir"}, {}, 0, 0});
  const sync::CoordinatorStore store = openCoordinator(args, false);
  const auto devices = store.devices();
  if (devices.empty()) {
    out << "No device has sent a bundle yet. A device appears here after its first 'spor import'.\n";
    return kExitOk;
  }
  for (const auto& d : devices) {
    out << d.id.str() << "  " << (d.approval == sync::DeviceApproval::Approved ? "approved" : "PENDING ") << "  key "
        << d.fingerprint << "  bundles " << d.bundles << " (up to " << d.highestSequence << ")";
    if (!d.missingSequences.empty()) {
      out << "  missing";
      for (const auto s : d.missingSequences) out << ' ' << s;
    }
    if (!d.chainBreaks.empty()) {  // FORMAT.md, "The hash chain": restored or copied
      out << "  FORK at";
      for (const auto s : d.chainBreaks) out << ' ' << s;
    }
    out << "  receipts " << d.lastReceipt << "  first seen " << dateText(d.firstSeen) << "\n";
  }
  return kExitOk;
}

int runDevicesApprove(const std::vector<std::string>& words, std::ostream& out, std::ostream& /*err*/) {
  const Args args(words, ArgSpec{{"data-dir", "secret-file"}, {}, 1, 1});
  sync::CoordinatorStore store = openCoordinator(args, true);
  const bool already = store.isApproved(args.positional().front());
  const sync::DeviceEntry d = store.approveDevice(args.positional().front());
  if (already) {
    out << "Device " << d.id.str() << " was already approved (key fingerprint " << d.fingerprint
        << "); nothing changed.\n";
    return kExitOk;
  }
  out << "Approved device " << d.id.str() << " with key fingerprint " << d.fingerprint
      << ".\nIts bundles can be imported now ('spor import').\n";
  return kExitOk;
}

int runDeviceInit(const std::vector<std::string>& words, std::ostream& out, std::ostream& /*err*/) {
  const Args args(words, ArgSpec{{"data-dir", "enrolment", "volunteer", "secret-file"}, {}, 0, 0});
  const fs::path dir = dataDirFrom(args);
  const sync::Enrolment enrolment = sync::readEnrolmentFile(args.require("enrolment"));
  const std::string volunteer = args.require("volunteer");
  const Secret secret =
      readSecretFrom(args, "secret-file", "SPOR_SECRET", "the first volunteer's new PIN or passphrase",
                     "the PIN or passphrase", Ask::Twice);
  store::CreatedDevice created = sync::enrolDevice(dir, enrolment, volunteer, secret.view());
  const store::DeviceInfo info = created.store.device();
  out << "Device " << info.deviceId << " set up in " << store::deviceStorePath(dir).string() << " for coordinator '"
      << enrolment.coordinatorName << "'.\n"
      << "Check the coordinator fingerprint with the coordinator: " << enrolment.encryptionFingerprint << "\n"
      << "Device key fingerprint (the coordinator checks it before approving): " << crypto::fingerprint(info.signingKey)
      << "\n";
  return kExitOk;
}

int runExport(const std::vector<std::string>& words, std::ostream& out, std::ostream& /*err*/) {
  const Args args(words, ArgSpec{{"data-dir", "out", "volunteer", "secret-file"}, {}, 0, 0});
  const Secret secret = readSecret(args);
  store::DeviceStore device = openDeviceStore(args, secret);
  const auto result = sync::exportBundle(device, args.require("out"), SPOR_VERSION_TEXT);
  if (!result) {
    out << "Nothing to export: the coordinator has acknowledged everything on this device.\n";
    return kExitOk;
  }
  out << result->bundle.path.string() << "\n"
      << "Bundle " << result->sequence << ": " << result->measurements << " measurements, " << result->records
      << " records, " << result->bundle.bytes << " bytes, hash " << crypto::hex(result->bundle.hash).substr(0, 16)
      << "\n";
  for (const auto& w : result->warnings) out << "  warning: " << render(w, Lang::En) << "\n";
  return kExitOk;
}

int runImport(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  const Args args(words, ArgSpec{{"data-dir", "secret-file"}, {"receipts"}, 1, 100000});
  // A folder stands for the bundles in it (sync::bundlesIn), as on the coordinator's import screen.
  std::vector<fs::path> files;
  std::size_t failed = 0, notListed = 0;
  for (const auto& given : args.positional()) {
    try {
      const auto found = sync::bundlesIn(given);
      files.insert(files.end(), found.begin(), found.end());
    } catch (const sync::SyncError& e) {  // a missing file or an empty folder: the others go on
      ++failed;
      ++notListed;
      err << "error: " << e.what() << "\n";
    }
  }
  // Unlocked only when a file passes the checks that need no passphrase: a
  // refused or already imported bundle leaves the store byte-identical.
  const Secret secret = readPassphrase(args);
  sync::CoordinatorStore store = openCoordinator(args, false);
  const std::vector<sync::ImportOutcome> outcomes =
      sync::importBundles(store, files, [&] { store.unlock(secret.view()); });
  for (const sync::ImportOutcome& o : outcomes) {
    if (o.refused) {
      ++failed;
      err << "error: " << render(*o.refused, Lang::En) << "\n";
      continue;
    }
    const sync::ImportResult& r = *o.result;
    out << o.file.string() << ": device " << r.device.shortStr() << " bundle " << r.sequence << ": ";
    if (r.alreadyImported) {
      out << "already imported, nothing changed\n";
    } else {
      out << r.newMeasurements << " new measurements, " << r.duplicateMeasurements << " duplicates; " << r.newRecords
          << " new records, " << r.updatedRecords << " updated, " << r.duplicateRecords << " duplicates\n";
      if (r.deletedRecords > 0)
        out << "  " << r.deletedRecords << " records of children deleted on the device were removed or not stored\n";
    }
    for (const auto& w : r.warnings) out << "  warning: " << render(w, Lang::En) << "\n";
  }
  if (args.has("receipts")) {
    // Each device's receipt beside its bundles: the stick goes back to the tablets.
    // Receipts are signed, so the store is unlocked now even when every bundle was already in.
    if (!store.unlocked()) store.unlock(secret.view());
    for (const sync::WrittenReceipt& w : sync::writeReceiptsBack(store, outcomes))
      out << w.file.string() << ": receipt " << w.receiptSequence << " for device " << w.device.shortStr()
          << " (bundles 1 to " << w.throughSequence << " are stored)\n";
  }
  if (failed > 0) {
    // Said only where it adds something: one path that failed has its error line already.
    const std::size_t total = files.size() + notListed;
    if (total > 1) {
      err << failed << " of " << total << " were not imported"
          << (failed < total ? " (each was checked on its own; the others are in).\n" : ".\n");
    }
    return kExitFailed;
  }
  return kExitOk;
}

int runReceipt(const std::vector<std::string>& words, std::ostream& out, std::ostream& /*err*/) {
  const Args args(words, ArgSpec{{"data-dir", "device", "out", "secret-file"}, {}, 0, 0});
  sync::CoordinatorStore store = openCoordinator(args, true);
  const std::string device = args.require("device");
  const std::string target = args.require("out");
  // Written before the receipt's number is committed: a file that cannot be written uses up no number,
  // and one whose commit then fails is removed again (sync::removingOnFailedCommit).
  sync::Receipt body;
  fs::path path;
  static_cast<void>(sync::removingOnFailedCommit(path, [&] {
    return store.makeReceipt(device, [&](const crypto::Bytes& receipt) {
      body = sync::decodeArchive<sync::Receipt>(
          sync::checkSignedFile(receipt, sync::SignedKind::Receipt, "receipt", nullptr).body, "receipt");
      path = sync::writeSignedOut(store, target, sync::receiptFileName(body.deviceId, body.receiptSequence), receipt,
                                  sync::SignedKind::Receipt);
    });
  }));
  out << path.string() << "\nReceipt " << body.receiptSequence << " for device " << body.deviceId.str()
      << ": bundles 1 to " << body.throughSequence;
  for (const auto& b : body.laterBundles) out << ", " << b.sequence;
  out << " are stored.\n";
  return kExitOk;
}

int runApplyReceipt(const std::vector<std::string>& words, std::ostream& out, std::ostream& /*err*/) {
  const Args args(words, ArgSpec{{"data-dir", "volunteer", "secret-file", "purge-after-days"}, {}, 1, 1});
  const Secret secret = readSecret(args);
  const fs::path file = args.positional().front();
  std::optional<store::Timestamp> purgeBefore;
  if (const auto days = args.integer("purge-after-days", 0, 36500)) {
    purgeBefore = store::systemNow() - std::chrono::hours(24 * *days);
  }
  // The file is checked before the PIN is tried: a refused receipt leaves the store byte-identical.
  const crypto::Bytes receipt =
      sync::checkReceiptFile(store::DeviceStore::open(store::deviceStorePath(dataDirFrom(args))), file);
  store::DeviceStore device = openDeviceStore(args, secret);
  const sync::ReceiptApplied applied = sync::applyReceipt(device, receipt, file.string(), purgeBefore);
  out << "Receipt " << applied.receiptSequence << " applied: bundles 1 to " << applied.throughSequence
      << (applied.laterBundles > 0 ? " and " + std::to_string(applied.laterBundles) + " later ones" : std::string())
      << " are safe at the coordinator.\n";
  if (applied.purged) {
    out << "Purged " << applied.purged->measurements << " measurements, " << applied.purged->backgrounds
        << " background forms and " << applied.purged->fidelity << " fidelity forms (" << applied.purged->answers
        << " answers); tombstones keep the checklist right.\n";
  }
  return kExitOk;
}

int runFormsPublish(const std::vector<std::string>& words, std::ostream& out, std::ostream& /*err*/) {
  const Args args(words, ArgSpec{{"data-dir", "forms", "out", "note", "secret-file"}, {}, 0, 0});
  sync::CoordinatorStore store = openCoordinator(args, true);
  // Written before the version is committed: a file that cannot be written uses up no version,
  // and one whose commit then fails is removed again (sync::publishFormPackage).
  const fs::path path =
      sync::publishFormPackage(store, args.require("forms"), args.get("note").value_or(""), args.require("out"));
  out << path.string() << "\nForm package version " << store.formsVersion() << ", signed by "
      << store.enrolment().coordinatorName << ".\n";
  return kExitOk;
}

int runFormsInstall(const std::vector<std::string>& words, std::ostream& out, std::ostream& /*err*/) {
  const Args args(words, ArgSpec{{"data-dir", "volunteer", "secret-file"}, {}, 1, 1});
  const Secret secret = readSecret(args);
  const fs::path dir = dataDirFrom(args);
  const fs::path file = args.positional().front();
  // The file is checked before the PIN is tried: a refused package leaves the store byte-identical.
  const crypto::Bytes bytes =
      sync::checkFormPackageFile(store::DeviceStore::open(store::deviceStorePath(dir)), file, dir / "forms");
  // The device records the version in its store (sealed), so it needs the data key.
  store::DeviceStore device = openDeviceStore(args, secret);
  const sync::FormPackage package = sync::installFormPackage(device, bytes, file.string(), dir / "forms");
  out << "Installed form package version " << package.version << " (" << package.files.size() << " files) in "
      << (dir / "forms").string() << (package.note.empty() ? "" : ": " + package.note) << "\n";
  return kExitOk;
}

}  // namespace spor::app
