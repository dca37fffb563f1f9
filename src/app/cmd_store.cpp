// spor simulate --data-dir DIR --children N [--seed S] [--secret-file FILE]
// spor store status [--data-dir DIR]
#include <chrono>
#include <iomanip>
#include <ostream>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/paths.hpp"
#include "app/simulate.hpp"
#include "app/unlock.hpp"
#include "core/form_loader.hpp"
#include "core/private_files.hpp"
#include "crypto/hash.hpp"
#include "store/device_store.hpp"
#include "store/error.hpp"
#include "sync/device_sync.hpp"

namespace spor::app {

namespace fs = std::filesystem;

int runSimulate(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  const Args args(words, ArgSpec{{"data-dir", "children", "seed", "secret-file", "volunteer"}, {}, 0, 0});
  const std::string dir = args.require("data-dir");
  const auto childrenOption = args.integer("children", 1, 1'000'000);
  if (!childrenOption) throw UsageError("option --children is required");
  const int children = static_cast<int>(*childrenOption);
  const auto seed = static_cast<std::uint64_t>(args.integer("seed", 0, 1'000'000'000'000LL).value_or(1));
  const Secret secret = readSecret(args);
  const core::FormSet bundled = core::loadForms(bundledFormsDir());

  const auto started = std::chrono::steady_clock::now();
  SimulatedClock clock;
  store::DeviceStoreOptions options;
  options.clock = clock.clock();
  const fs::path path = store::deviceStorePath(dir);
  std::optional<store::DeviceStore> opened;
  if (!store::DeviceStore::exists(path)) {
    std::error_code ec;
    core::createPrivateDirectories(dir, ec);
    if (ec) throw store::StoreError("cannot create the data directory '" + dir + "': " + ec.message());
    store::NewDevice device;
    device.volunteerName = args.get("volunteer").value_or("Demo");
    device.pin = secret.view();
    store::CreatedDevice created = store::DeviceStore::create(path, device, options);
    // Demo mode: the recovery key's secret is not kept anywhere; enrolment replaces it.
    opened.emplace(std::move(created.store));
    err << "spor simulate: made a demo device store in " << dir << " (volunteer '" << device.volunteerName
        << "'); enrol it with a coordinator before using it for real data\n";
  } else {
    // The installed forms are checked before the PIN (their signature needs
    // no key): a refused package costs no key derivation and leaves the
    // store byte-identical (no unlock audit row).
    static_cast<void>(sync::loadInstalledForms(store::DeviceStore::open(path, options), fs::path(dir) / "forms"));
    opened.emplace(openDeviceStore(args, secret, options));
  }

  // The forms this device uses: a package installed with 'spor forms install'
  // (its signature checked again), else the bundled ones.
  const fs::path installedDir = fs::path(dir) / "forms";
  const std::optional<sync::InstalledForms> installed = sync::loadInstalledForms(*opened, installedDir);
  const core::FormSet& forms = installed ? installed->forms : bundled;
  err << "spor simulate: forms "
      << (installed ? "of the installed package version " + std::to_string(installed->version) + " in " +
                          installedDir.string()
                    : "that came with Spor (" + bundledFormsDir() + ")")
      << "\n";

  SimulationOptions sim;
  sim.children = children;
  sim.seed = seed;
  sim.today = core::today();
  // Each batch of children is one transaction: a full disk keeps the
  // batches committed before it, complete, and this says exactly which.
  const store::StoreCounts before = opened->counts();
  SimulationSummary s;
  try {
    s = simulate(*opened, forms, sim, clock);
  } catch (const store::DiskFullError&) {
    const store::StoreCounts after = opened->counts();
    throw store::DiskFullError(
        Message{Msg::SimulateDiskFull,
                {{"dir", dir},
                 {"children", static_cast<long long>(after.children - before.children)},
                 {"asked", children},
                 {"measurements", static_cast<long long>(after.measurements - before.measurements)},
                 {"answers", static_cast<long long>(after.answers - before.answers)}}},
        13 /* SQLITE_FULL */);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out << "simulated " << s.children << " children in " << s.projects << " projects: " << s.backgrounds
      << " background forms, " << s.before << " før, " << s.after << " efter, " << s.followUp << " opfølgning, "
      << s.progression << " progression (" << s.unfinished << " paused), " << s.fidelity << " fidelity forms, "
      << s.activityForms << " activity forms, "
      << s.answers << " answers (" << s.declined << " declined), " << s.flags << " safeguarding flags; seed " << seed
      << ", " << std::fixed << std::setprecision(1) << seconds << " s, " << path.string() << "\n";
  return kExitOk;
}

int runStoreStatus(const std::vector<std::string>& words, std::ostream& out, std::ostream&) {
  const Args args(words, ArgSpec{{"data-dir"}, {}, 0, 0});
  const fs::path path = store::deviceStorePath(dataDirFrom(args));
  const store::DeviceStore s = store::DeviceStore::open(path);
  const store::DeviceInfo info = s.device();
  out << "device store " << path.string() << " (schema " << info.schemaVersion << ")\n";
  out << "  device     " << info.deviceId << (info.demo ? " (demo: not enrolled)" : " (enrolled)") << "\n";
  out << "  signing    " << crypto::fingerprint(info.signingKey) << "\n";
  if (info.recoveryRecipient) out << "  recovery   sealed to " << crypto::fingerprint(*info.recoveryRecipient) << "\n";
  std::string names;
  for (const auto& v : s.volunteers()) names += (names.empty() ? "" : ", ") + v.name;
  out << "  volunteers " << names << "\n";
  // Which protection guards the data key, in force now (store/protection.hpp).
  const store::StoreProtection protection = s.protection();
  const std::vector<Message> lines = store::describe(protection);
  for (std::size_t i = 0; i < lines.size(); ++i)
    out << (i == 0 ? "  protection " : "             ") << render(lines[i], Lang::En) << "\n";
  std::string pins;
  for (const auto& v : protection.volunteers)
    pins += (pins.empty() ? "" : ", ") + v.name + ": " +
            (v.binding == store::PinBinding::ThisTpm    ? "PIN and TPM"
             : v.binding == store::PinBinding::OtherTpm ? "bound to a TPM Spor cannot use now"
                                                        : "PIN only");
  out << "  PINs       " << pins << "\n";
  const store::LockoutStatus lock = s.lockout();
  if (lock.lockedOut())
    out << "  lock-out   " << lock.failures << " wrong PINs: locked for " << store::describeDuration(lock.remaining)
        << "\n";
  else if (lock.failures > 0)
    out << "  lock-out   " << lock.failures << " wrong PINs in a row\n";
  const store::StoreCounts c = s.counts();
  out << "  holds      " << c.children << " children, " << c.measurements << " measurements (" << c.finishedMeasurements
      << " finished), " << c.backgrounds << " background forms, " << c.fidelity << " fidelity forms, " << c.answers
      << " answers, " << c.flags << " safeguarding flags, " << c.tombstones << " tombstones\n";
  const store::SyncStatus sync = s.syncStatus();
  out << "  sync       next bundle " << sync.nextSequence << ", " << sync.unacknowledgedRecords
      << " records not yet acknowledged\n";
  return kExitOk;
}

}  // namespace spor::app
