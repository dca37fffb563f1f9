// bench_store: figures for the device store. Not a test; it asserts nothing.
//
//   bench_store [--dir DIR] [--answers N] [--measurements M] [--tpm TCTI]
//
// 1. Answer commit latency: DeviceStore::answer() as the app calls it, one
//    transaction per answer (encrypt, insert, commit with synchronous=FULL,
//    so the answer is on disk when it returns); p50, p99, max.
// 2. Unlock time with the production Argon2id parameters
//    (KdfParams::interactiveDefault()), and the derivation alone; then the
//    same PIN bound to a TPM (docs/STORE.md, "PIN and TPM") beside it, as a
//    ratio: the TPM named by --tpm (e.g. device:/dev/tpmrm0), else a
//    software TPM (swtpm) the benchmark starts. A hardware TPM is slower
//    than swtpm (its storage key and unseal take tens to hundreds of ms).
// 3. Database bytes per complete measurement, after a checkpoint, for a full
//    40-item questionnaire and for a typical project's item list.
//
// DIR (default: the system's temporary directory) should be on the storage
// the figures are meant for: a tmpfs makes every commit look free.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/form_loader.hpp"
#include "crypto/kdf.hpp"
#include "crypto/random.hpp"
#include "store/device_store.hpp"
#ifdef SPOR_BENCH_SWTPM
#include "swtpm.hpp"
#endif

using namespace spor;
using namespace spor::store;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

namespace {

constexpr const char* kPin = "204913";

double ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// This thread's CPU time in ms: what a step costs when the machine is busy
// with other work (wall time then includes waiting for a CPU).
double cpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

ChildId childWithConsent(DeviceStore& s, const std::string& project) {
  NewChild c;
  c.details.nickname = "Bench";
  c.details.projectId = project;
  c.details.interventions = {core::Intervention::Group};
  const ChildId id = s.addChild(c);
  NewConsent k;
  k.givenBy = "mor";
  k.givenOn = core::today();
  s.recordConsent(id, k);
  return id;
}

// Finished measurements of `items`, in batches; returns bytes added per measurement.
double bytesPerMeasurement(const fs::path& dir, const core::FormSet& forms, const std::vector<std::string>& dimensions,
                           int count) {
  DeviceStoreOptions fast;
  fast.kdf = crypto::KdfParams::testFast();
  const fs::path path = dir / ("size-" + crypto::randomUuid().substr(0, 8) + ".db");
  const core::ChildForm& form = forms.primaryChildForm();
  core::Project project = forms.project("empowr");
  project.dimensions = dimensions;
  const auto items = form.itemsFor(project.dimensions);
  const auto fileSize = [&] { return static_cast<double>(fs::file_size(path)); };
  std::vector<ChildId> children;
  {
    CreatedDevice c = DeviceStore::create(path, {"Bench", kPin, std::nullopt}, fast);
    auto batch = c.store.batch();
    for (int i = 0; i < count; ++i) children.push_back(childWithConsent(c.store, "empowr"));
    batch.commit();
  }
  const double before = fileSize();  // closed: the WAL is checkpointed into the file
  {
    DeviceStore s = DeviceStore::open(path, fast);
    s.unlock(s.volunteers().front().id, kPin);
    auto batch = s.batch();
    int n = 0;
    for (ChildId child : children) {
      const MeasurementId m = s.startMeasurement(child, form, core::Occasion::Before);
      for (const core::Item* item : items) s.answer(m, item->id, 1 + (++n % 4));
      s.finishMeasurement(m, form, project, forms.scoring);
    }
    batch.commit();
  }
  const double after = fileSize();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  return (after - before) / count;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path dir = fs::temp_directory_path();
  int answers = 2000;
  int measurements = 300;
  std::string tcti;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--dir") dir = argv[i + 1];
    else if (a == "--tpm") tcti = argv[i + 1];
    else if (a == "--answers") answers = std::stoi(argv[i + 1]);
    else if (a == "--measurements") measurements = std::stoi(argv[i + 1]);
  }
  const core::FormSet forms = core::loadForms(SPOR_BENCH_FORMS_DIR);
  const core::ChildForm& form = forms.primaryChildForm();
  const fs::path work = dir / ("spor-bench-store-" + crypto::randomUuid().substr(0, 8));
  fs::create_directories(work);
  std::string load;
  std::getline(std::ifstream("/proc/loadavg"), load);  // figures from a busy machine are slower: say so
  std::cout << "bench_store: device store figures (" << work.string() << "; load average " << load.substr(0, 14)
            << ", " << std::thread::hardware_concurrency() << " CPUs)\n";

  // 1. Answer commit latency.
  {
    DeviceStoreOptions fast;
    fast.kdf = crypto::KdfParams::testFast();
    CreatedDevice c = DeviceStore::create(work / "latency.db", {"Bench", kPin, std::nullopt}, fast);
    DeviceStore& s = c.store;
    std::vector<double> latencies, cpu;
    latencies.reserve(static_cast<std::size_t>(answers));
    const auto items = form.itemsFor(forms.project("empowr").dimensions);
    ChildId child = childWithConsent(s, "empowr");
    MeasurementId m = s.startMeasurement(child, form, core::Occasion::Before);
    std::size_t next = 0;
    for (int i = 0; i < answers; ++i) {
      if (next == items.size()) {
        s.finishMeasurement(m, forms);
        m = s.startMeasurement(child, form, core::Occasion::Progression);
        next = 0;
      }
      const auto t0 = Steady::now();
      const double c0 = cpuMs();
      s.answer(m, items[next++]->id, 1 + i % 4);
      cpu.push_back(cpuMs() - c0);
      latencies.push_back(ms(Steady::now() - t0));
    }
    std::printf(
        "answer commit (encrypt + insert + durable commit), %d answers: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
        "(CPU per answer: p50 %.3f ms; the rest is waiting for the disk's flush)\n",
        answers, percentile(latencies, 0.5), percentile(latencies, 0.99),
        *std::max_element(latencies.begin(), latencies.end()), percentile(cpu, 0.5));
  }

  // 2. Unlock with the production parameters, without and with a TPM.
  {
    const crypto::KdfParams production = crypto::KdfParams::interactiveDefault();
    struct Figures {
      double median = 0, fastest = 0, cpu = 0;
    };
    auto measure = [&](const std::string& name, const tpm::Connector& tpm) {
      DeviceStoreOptions options;
      options.kdf = production;
      options.tpm = tpm;
      VolunteerId volunteer;
      {
        CreatedDevice c = DeviceStore::create(work / name, {"Bench", kPin, std::nullopt}, options);
        volunteer = c.volunteer;
      }
      std::vector<double> unlock, unlockCpu;
      for (int i = 0; i < 5; ++i) {
        DeviceStore s = DeviceStore::open(work / name, options);
        const auto t0 = Steady::now();
        const double c0 = cpuMs();
        s.unlock(volunteer, kPin);
        unlockCpu.push_back(cpuMs() - c0);
        unlock.push_back(ms(Steady::now() - t0));
      }
      return Figures{percentile(unlock, 0.5), percentile(unlock, 0.0), percentile(unlockCpu, 0.5)};
    };
    const Figures plain = measure("unlock.db", tpm::noTpm());
    std::vector<double> derive;
    const crypto::Salt salt = crypto::newSalt();
    for (int i = 0; i < 5; ++i) {
      const auto t1 = Steady::now();
      const crypto::SecretBytes key = crypto::deriveKey(kPin, salt, production);
      derive.push_back(ms(Steady::now() - t1));
    }
    std::printf(
        "unlock with a PIN, Argon2id ops %llu, %llu MiB: median %.0f ms, fastest %.0f ms, CPU median %.0f ms (key "
        "derivation alone: median %.0f ms), 5 runs\n",
        static_cast<unsigned long long>(production.opsLimit),
        static_cast<unsigned long long>(production.memLimitBytes / crypto::kMiB), plain.median, plain.fastest,
        plain.cpu, percentile(derive, 0.5));

    std::string which = tcti;
    bool software = false;
#ifdef SPOR_BENCH_SWTPM
    std::unique_ptr<test::SoftwareTpm> swtpm;
#endif
    try {
      if (which.empty()) {
#ifdef SPOR_BENCH_SWTPM
        swtpm = std::make_unique<test::SoftwareTpm>();
        which = swtpm->tcti();
        software = true;
#else
        throw std::runtime_error("built without TPM support: give --tpm TCTI");
#endif
      }
      const std::string description = tpm::connect(which)->description();
      const Figures bound = measure("unlock-tpm.db", [which] { return tpm::connect(which); });
      // The TPM's own part of an unlock: connect, make the storage key, unseal.
      const crypto::SecretBytes half = crypto::SecretBytes::random(32), auth = crypto::SecretBytes::random(32);
      const tpm::SealedObject sealed = tpm::connect(which)->seal(half, auth);
      std::vector<double> tpmPart;
      for (int i = 0; i < 5; ++i) {
        const auto t0 = Steady::now();
        if (!tpm::connect(which)->unseal(sealed, auth)) throw std::runtime_error("the TPM refused its own object");
        tpmPart.push_back(ms(Steady::now() - t0));
      }
      std::printf(
          "unlock with the same PIN bound to a TPM (%s, %s): median %.0f ms, fastest %.0f ms, CPU median %.0f ms: "
          "%.2f x the unlock without; the TPM's part alone (connect, storage key, unseal): median %.0f ms = %.3f of "
          "the unlock without, 5 runs\n",
          description.c_str(), software ? "software TPM" : which.c_str(), bound.median, bound.fastest, bound.cpu,
          bound.median / plain.median, percentile(tpmPart, 0.5), percentile(tpmPart, 0.5) / plain.median);
    } catch (const std::exception& e) {
      std::printf("unlock bound to a TPM: not measured (%s)\n", e.what());
    }
  }

  // 3. Bytes per complete measurement.
  {
    std::vector<std::string> all;
    for (const auto& d : form.dimensions) all.push_back(d.id);
    const core::Project& typical = forms.project("strom");
    const double full = bytesPerMeasurement(work, forms, all, measurements);
    const double usual = bytesPerMeasurement(work, forms, typical.dimensions, measurements);
    std::printf("database bytes per complete measurement (%d measurements, after checkpoint): %.0f bytes for all %zu "
                "items, %.0f bytes for %s's %zu items\n",
                measurements, full, form.items.size(), usual, typical.id.c_str(),
                form.itemsFor(typical.dimensions).size());
  }
  fs::remove_all(work);
  return 0;
}
