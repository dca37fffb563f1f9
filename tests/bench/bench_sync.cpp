// Sync benchmark: prints figures, asserts nothing (tests never time things).
//
//   build/release/tests/bench/bench_sync [MEASUREMENTS [BUNDLES [PER_BUNDLE]]]
//   build/release/tests/bench/bench_sync --rss MB [MB ...]   (peak memory only)
//
// Defaults: 10000 measurements, 100 bundles of 1000 measurements.
//  1. The bundle format (version 2, streamed) against age (X25519 +
//     ChaCha20-Poly1305) and minisign (Ed25519 over BLAKE2b-512) doing the
//     same job on a file of the same number of bytes: serialise, encrypt
//     and sign into a file, and verify, decrypt and parse from the file in
//     one pass. The ratio is Spor's time over age + minisign's, serialising
//     and parsing included. Best of three.
//  4. Peak memory (VmHWM) of an export and of an import of a bundle of
//     about 10 MB (and of each size given after --rss, e.g. 500), each in a
//     fresh process of its own that runs what `spor export` and
//     `spor import` run (sync::exportBundle, sync::importBundles) with a
//     fast key derivation, so the figure is the sync's own memory beyond
//     the unlock.
//  2. `spor export` of MEASUREMENTS measurements (40 answers each) from a
//     device store: changes read and decrypted, bundle written with fsync,
//     read back and verified.
//  3. `spor import` of BUNDLES bundles of PER_BUNDLE measurements each into
//     a coordinator store, one transaction per bundle; then all of them
//     again (duplicates).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <sys/resource.h>

#include <sqlite3.h>

#include "core/form_loader.hpp"
#include "crypto/box.hpp"
#include "crypto/random.hpp"
#include "crypto/sign.hpp"
#include "store/device_store.hpp"
#include "sync/bundle.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "sync/file_io.hpp"

namespace {

using namespace spor;
namespace fs = std::filesystem;

double bestOf3(const std::function<void()>& run) {
  double best = 1e30;
  for (int i = 0; i < 3; ++i) {
    const auto start = std::chrono::steady_clock::now();
    run();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

void shell(const std::string& command) {
  if (std::system(command.c_str()) != 0) {
    std::fprintf(stderr, "bench_sync: '%s' failed\n", command.c_str());
    std::exit(1);
  }
}

bool have(const char* tool) {
  return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}

sync::Records makeRecords(int measurements) {
  sync::Records r;
  const sync::UnixTime now = 1795000000;
  for (int m = 0; m < measurements; ++m) {
    if (m % 4 == 0) {
      r.children.push_back({sync::Uuid::random(), 1, now, "K-" + std::to_string(m), "", 2012, "girl"});
    }
    sync::MeasurementRecord measurement{
        sync::Uuid::random(), 1, now, r.children.back().id, "powerkids", "barn", 1, "foer", "finished", now - 900, now};
    for (int i = 0; i < 40; ++i) {
      r.answers.push_back({sync::Uuid::random(), 1, now, measurement.id, "item_" + std::to_string(i), 1 + (m + i) % 4,
                           now - 900 + i * 20});
    }
    r.measurements.push_back(std::move(measurement));
  }
  return r;
}

void writeFile(const fs::path& path, const crypto::Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

class Directory : public sync::DeviceDirectory {
 public:
  explicit Directory(crypto::SignPublicKey key) : key_(key) {}
  [[nodiscard]] sync::DeviceStatus deviceStatus(const sync::Uuid&, const crypto::SignPublicKey& key) const override {
    return key == key_ ? sync::DeviceStatus::Approved : sync::DeviceStatus::KeyMismatch;
  }

 private:
  crypto::SignPublicKey key_;
};

}  // namespace

// This process's CPU time (user + system), in seconds: on a shared machine
// the wall time also counts waiting for the disk and other processes.
double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto tv = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return tv(usage.ru_utime) + tv(usage.ru_stime);
}

double lastCpu = 0;  // CPU seconds of the last seconds() run

double seconds(const std::function<void()>& run) {
  const double cpu = cpuSeconds();
  const auto start = std::chrono::steady_clock::now();
  run();
  lastCpu = cpuSeconds() - cpu;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void compareWithAgeAndMinisign(const fs::path& dir, std::uint64_t payload, double sporOut, double sporIn,
                               double serialise, double parse);

// `measurements` finished measurements of 40 answers, 4 per child, in
// batches of 50 children.
void fillDevice(store::DeviceStore& device, const core::FormSet& forms, int measurements) {
  const auto& form = forms.primaryChildForm();
  const core::Occasion occasions[] = {core::Occasion::Before, core::Occasion::Progression, core::Occasion::After,
                                      core::Occasion::FollowUp};
  for (int done = 0; done < measurements;) {
    auto batch = device.batch();
    for (int c = 0; c < 50 && done < measurements; ++c) {
      const auto child = device.addChild({.details = {.birthYear = 2012,
                                                      .gender = store::Gender::Girl,
                                                      .projectId = "strom",
                                                      .interventions = {core::Intervention::Group}},
                                          .enrolledOn = std::nullopt});
      device.recordConsent(child, {.givenBy = "mor", .givenOn = core::today()});
      for (int o = 0; o < 4 && done < measurements; ++o, ++done) {
        const auto m = device.startMeasurement(child, form, occasions[o]);
        for (std::size_t i = 0; i < 40 && i < form.items.size(); ++i)
          device.answer(m, form.items[i].id, 1 + (done + static_cast<int>(i)) % 4);
        device.finishMeasurement(m, forms);
      }
    }
    batch.commit();
  }
}

// --- Part 4: peak memory ---------------------------------------------------

// This process's peak resident memory (VmHWM) in MiB, and a reset of it
// (Linux: writing 5 to clear_refs), so a phase can be measured on its own.
double peakMiB(const char* field = "VmHWM:") {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::atof(line.c_str() + std::strlen(field)) / 1024.0;
  }
  return -1;
}
void resetPeak() {
  std::ofstream("/proc/self/clear_refs") << "5";
}

constexpr const char* kRssPassphrase = "korrekt hest batteri";

// A coordinator and a device enrolled with it, the device holding
// `measurements` finished measurements (40 answers each).
int rssSetup(const fs::path& dir, int measurements) {
  fs::create_directories(dir / "c");
  sync::CoordinatorOptions copts;
  copts.kdf = crypto::KdfParams::testFast();
  sync::CoordinatorStore coordinator =
      sync::CoordinatorStore::create(sync::coordinatorStorePath(dir / "c"), "Bench", kRssPassphrase, copts);
  const sync::Enrolment enrolment = coordinator.enrolment();
  store::DeviceStoreOptions options;
  options.kdf = crypto::KdfParams::testFast();
  fs::create_directories(dir / "d");
  store::CreatedDevice created = store::DeviceStore::create(store::deviceStorePath(dir / "d"),
                                                            {"Anna", "204913", sync::coordinatorKeys(enrolment)}, options);
  const core::FormSet forms = core::loadForms(SPOR_BENCH_FORMS_DIR);
  fillDevice(created.store, forms, measurements);
  return 0;
}

int rssExport(const fs::path& dir) {
  store::DeviceStoreOptions options;
  options.kdf = crypto::KdfParams::testFast();
  store::DeviceStore device = store::DeviceStore::open(store::deviceStorePath(dir / "d"), options);
  device.unlock(device.findVolunteer("Anna")->id, "204913");
  fs::create_directories(dir / "usb");
  const double afterUnlock = peakMiB("VmRSS:");
  resetPeak();
  std::optional<sync::ExportResult> result;
  const double s = seconds([&] { result = sync::exportBundle(device, dir / "usb", "bench"); });
  std::printf("  spor export: %zu measurements, bundle %.1f MB: peak RSS %.1f MiB (%.1f MiB after the unlock)  %.1f s\n",
              result->measurements, static_cast<double>(result->bundle.bytes) / 1e6, peakMiB(), afterUnlock, s);
  return 0;
}

int rssImport(const fs::path& dir) {
  sync::CoordinatorOptions copts;
  copts.kdf = crypto::KdfParams::testFast();
  sync::CoordinatorStore coordinator = sync::CoordinatorStore::open(sync::coordinatorStorePath(dir / "c"), copts);
  const auto files = sync::bundlesIn(dir / "usb");
  const auto unlock = [&] { coordinator.unlock(kRssPassphrase); };
  // The first time, the device is unknown: listed, then approved (as a person would).
  (void)sync::importBundles(coordinator, files, unlock);
  for (const auto& d : coordinator.devices()) (void)coordinator.approveDevice(d.id.str());
  // As `spor import` runs: the store locked, each file checked, then
  // unlocked and imported in one streamed pass.
  sync::CoordinatorStore locked = sync::CoordinatorStore::open(sync::coordinatorStorePath(dir / "c"), copts);
  const double before = peakMiB("VmRSS:");
  resetPeak();
  std::vector<sync::ImportOutcome> outcomes;
  const double s = seconds([&] { outcomes = sync::importBundles(locked, files, [&] { locked.unlock(kRssPassphrase); }); });
  if (!outcomes.at(0).result) {
    std::printf("  spor import: refused: %s\n", render(*outcomes.at(0).refused, Lang::En).c_str());
    return 1;
  }
  std::printf("  spor import: %zu new records, bundle %.1f MB: peak RSS %.1f MiB (%.1f MiB before; SQLite's own peak %.1f MiB)  %.1f s\n",
              outcomes.at(0).result->newRecords, static_cast<double>(fs::file_size(files.at(0))) / 1e6, peakMiB(),
              before, static_cast<double>(sqlite3_memory_highwater(0)) / 1048576.0, s);
  return 0;
}

// About 3.2 KB of bundle per measurement of 40 answers.
void peakMemory(const char* self, int megabytes) {
  const int measurements = std::max(1, static_cast<int>(megabytes * 1e6 / 3200));
  const fs::path dir = fs::temp_directory_path() / ("spor-bench-rss-" + crypto::randomUuid().substr(0, 8));
  fs::create_directories(dir);
  const std::string q = "'" + dir.string() + "'";
  const double fill = seconds([&] { shell(std::string(self) + " --rss-setup " + q + " " + std::to_string(measurements)); });
  std::printf("  ~%d MB: a device store with %d measurements (made in %.0f s, not counted)\n", megabytes, measurements,
              fill);
  std::fflush(stdout);
  shell(std::string(self) + " --rss-export " + q);
  shell(std::string(self) + " --rss-import " + q);
  fs::remove_all(dir);
}

// Part 2: a device store with `measurements` finished measurements, exported.
void benchExport(const fs::path& dir, int measurements) {
  const core::FormSet forms = core::loadForms(SPOR_BENCH_FORMS_DIR);
  store::DeviceStoreOptions options;
  options.kdf = crypto::KdfParams::testFast();  // unlocking is not what is measured
  const auto coordinatorKeys =
      store::CoordinatorKeys{crypto::generateBoxKey().publicKey, crypto::generateSigningKey().publicKey,
                             crypto::generateSigningKey().publicKey, crypto::generateBoxKey().publicKey};
  store::CreatedDevice created =
      store::DeviceStore::create(store::deviceStorePath(dir), {"Anna", "204913", coordinatorKeys}, options);
  store::DeviceStore& device = created.store;
  const double fill = seconds([&] { fillDevice(device, forms, measurements); });
  fs::create_directories(dir / "usb");
  std::optional<sync::ExportResult> result;
  const double exported = seconds([&] { result = sync::exportBundle(device, dir / "usb", "bench"); });
  const double exportCpu = lastCpu;
  std::printf("export from a device store (filling it with %d measurements took %.1f s, not counted)\n", measurements,
              fill);
  std::printf("  spor export: %zu measurements, %zu records, %.1f MB   %8.3f s (CPU %.3f s)\n", result->measurements,
              result->records, static_cast<double>(result->bundle.bytes) / 1e6, exported, exportCpu);
}

// Part 3: a coordinator store importing `bundles` bundles of `perBundle` measurements.
void benchImport(const fs::path& dir, int bundles, int perBundle) {
  sync::CoordinatorOptions options;
  options.kdf = crypto::KdfParams::testFast();
  sync::CoordinatorStore coordinator =
      sync::CoordinatorStore::create(sync::coordinatorStorePath(dir), "Bench", "korrekt hest batteri", options);
  const sync::Enrolment enrolment = coordinator.enrolment();
  const auto device = crypto::generateSigningKey();
  const sync::Uuid deviceId = sync::Uuid::random();
  const sync::BundleWriter writer(deviceId, device, enrolment.encryption());
  std::vector<crypto::Bytes> files;
  sync::Hash previous{};
  std::size_t bytes = 0;
  for (int b = 1; b <= bundles; ++b) {
    sync::NewBundle bundle;
    bundle.sequence = static_cast<std::uint64_t>(b);
    bundle.previousBundleHash = previous;
    bundle.records = makeRecords(perBundle);
    sync::EncodedBundle e = writer.encode(bundle);
    previous = e.hash;
    bytes += e.bytes.size();
    files.push_back(std::move(e.bytes));
  }
  try {
    (void)coordinator.importBundle(files.front(), "first");
  } catch (const sync::SyncError&) {
  }
  (void)coordinator.approveDevice(deviceId.str());
  std::size_t measurements = 0;
  const double imported = seconds([&] {
    for (std::size_t i = 0; i < files.size(); ++i) {
      measurements += coordinator.importBundle(files[i], "bundle " + std::to_string(i + 1)).newMeasurements;
    }
  });
  const double importCpu = lastCpu;
  const double again = seconds([&] {
    for (std::size_t i = 0; i < files.size(); ++i) (void)coordinator.importBundle(files[i], "again");
  });
  std::printf("import into a coordinator store\n");
  std::printf(
      "  spor import: %d bundles, %zu measurements, %zu records, %.1f MB   %8.3f s (CPU %.1f s; %.0f measurements/s)\n",
      bundles, measurements, coordinator.records().size(), static_cast<double>(bytes) / 1e6, imported, importCpu,
      static_cast<double>(measurements) / imported);
  std::printf("  the same %d bundles again (already imported)                  %8.3f s\n", bundles, again);
}

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--rss") {
    std::printf("peak memory of export and import (each in a process of its own)\n");
    for (int i = 2; i < argc; ++i) peakMemory(argv[0], std::atoi(argv[i]));
    if (argc == 2) peakMemory(argv[0], 10);
    return 0;
  }
  if (argc > 3 && std::string(argv[1]) == "--rss-setup") return rssSetup(argv[2], std::atoi(argv[3]));
  if (argc > 2 && std::string(argv[1]) == "--rss-export") return rssExport(argv[2]);
  if (argc > 2 && std::string(argv[1]) == "--rss-import") return rssImport(argv[2]);
  const int measurements = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int bundleCount = argc > 2 ? std::atoi(argv[2]) : 100;
  const int perBundle = argc > 3 ? std::atoi(argv[3]) : 1000;
  const fs::path dir = fs::temp_directory_path() / ("spor-bench-sync-" + crypto::randomUuid().substr(0, 8));
  fs::create_directories(dir);

  const auto device = crypto::generateSigningKey();
  const auto coordinator = crypto::generateBoxKey();
  const sync::Uuid deviceId = sync::Uuid::random();
  const sync::BundleWriter writer(deviceId, device, coordinator.publicKey);
  const Directory directory(device.publicKey);
  const sync::BundleReader reader(coordinator, directory);

  sync::NewBundle bundle;
  bundle.records = makeRecords(measurements);
  bundle.createdAt = 1795000000;
  const std::size_t records = bundle.records.count();

  sync::Payload payload0;
  payload0.records = bundle.records;
  crypto::Bytes serialised;
  const double serialise = bestOf3([&] { serialised = sync::encodePayload(payload0); });
  const double parse = bestOf3([&] { (void)sync::decodePayload(serialised, "bench"); });

  sync::EncodedBundle encoded;
  const double encode = bestOf3([&] { encoded = writer.encode(bundle); });
  const std::uint64_t payload = encoded.header.payloadLength;
  const fs::path bundlePath = dir / "bench.sporbundle";
  // Serialise, encrypt and sign straight into a file, chunk by chunk, as an
  // export does (without its fsync and read-back, which age and minisign
  // do not do either).
  const sync::Sender sender{deviceId, device.publicKey.bytes, 1, {}, sync::fingerprintBytes(coordinator.publicKey),
                            bundle.createdAt, "bench"};
  const double sporOut = bestOf3([&] {
    std::FILE* f = std::fopen(bundlePath.string().c_str(), "wb");
    sync::BundleStreamWriter out(sender, sender, device, coordinator.publicKey,
                                 [&](crypto::ByteView b) { std::fwrite(b.data(), 1, b.size(), f); });
    out.addAll(bundle.records);
    (void)out.finish();
    std::fclose(f);
  });
  const double sporDurable = bestOf3([&] {
    fs::remove_all(dir / "out");
    fs::create_directories(dir / "out");
    (void)writer.write(dir / "out", bundle);
  });
  // Verify, decrypt and parse in one pass over the file, each chunk's
  // records handed on and dropped, as an import stages them.
  std::size_t readRecords = 0;
  const double sporIn = bestOf3([&] {
    sync::FileSource file(bundlePath, Msg::FileBundle);
    readRecords = 0;
    (void)reader.open(file, "bench", [&](sync::Records& batch) { readRecords += batch.count(); });
  });
  if (readRecords != records) {
    std::fprintf(stderr, "bench_sync: read %zu records of %zu\n", readRecords, records);
    return 1;
  }

  std::printf("bench_sync: %d measurements, %zu records; payload %.1f MB, bundle %.1f MB\n", measurements, records,
              static_cast<double>(payload) / 1e6, static_cast<double>(encoded.bytes.size()) / 1e6);
  std::printf("  spor serialise+encrypt+sign, in memory         %8.3f s  %6.1f MB/s\n", encode,
              static_cast<double>(payload) / 1e6 / encode);
  std::printf("    of which serialising the records (cereal)    %8.3f s\n", serialise);
  std::printf("  spor serialise+encrypt+sign, streamed to a file %8.3f s\n", sporOut);
  std::printf("  spor export as BundleWriter::write (fsync, read back, verify) %8.3f s\n", sporDurable);
  std::printf("  spor read a file in one pass: verify+decrypt+parse %8.3f s  %6.1f MB/s\n", sporIn,
              static_cast<double>(payload) / 1e6 / sporIn);

  std::printf("    of which parsing the records                 %8.3f s\n", parse);
  if (!have("age") || !have("age-keygen") || !have("minisign")) {
    std::printf("  age/minisign not installed (sh toolchains/setup-debian.sh installs them): no ratio\n");
  } else {
    compareWithAgeAndMinisign(dir, payload, sporOut, sporIn, serialise, parse);
  }
  fs::create_directories(dir / "device");
  benchExport(dir / "device", measurements);
  fs::create_directories(dir / "coordinator");
  benchImport(dir / "coordinator", bundleCount, perBundle);
  fs::remove_all(dir);
  std::printf("peak memory of export and import (each in a process of its own)\n");
  peakMemory(argv[0], 10);
  return 0;
}

void compareWithAgeAndMinisign(const fs::path& dir, std::uint64_t payload, double sporOut, double sporIn,
                               double serialise, double parse) {
  // The same number of bytes as Spor's payload, in a file.
  const fs::path plain = dir / "payload.bin";
  writeFile(plain, crypto::randomBytes(static_cast<std::size_t>(payload)));
  const std::string d = dir.string();
  shell("age-keygen -o " + d + "/age.key 2>/dev/null");
  shell("minisign -G -W -f -p " + d + "/m.pub -s " + d + "/m.key >/dev/null");
  const std::string recipient = "$(age-keygen -y " + d + "/age.key)";
  const double theirsOut = bestOf3([&] {
    shell("age -r " + recipient + " -o " + d + "/payload.age " + plain.string());
    shell("minisign -S -s " + d + "/m.key -m " + d + "/payload.age >/dev/null");
  });
  const double theirsIn = bestOf3([&] {
    shell("minisign -V -q -p " + d + "/m.pub -m " + d + "/payload.age");
    shell("age -d -i " + d + "/age.key -o " + d + "/payload.out " + d + "/payload.age");
  });
  std::printf("  age -r + minisign -S on %.1f MB                %8.3f s\n", static_cast<double>(payload) / 1e6,
              theirsOut);
  std::printf("  minisign -V + age -d                           %8.3f s\n", theirsIn);
  std::printf("  ratio, encrypt+sign:  spor / (age + minisign) = %.2f; without serialising the records %.2f\n",
              sporOut / theirsOut, std::max(0.0, sporOut - serialise) / theirsOut);
  std::printf("  ratio, verify+decrypt: spor / (minisign + age) = %.2f; without parsing the records %.2f\n",
              sporIn / theirsIn, std::max(0.0, sporIn - parse) / theirsIn);
}
