// Sync benchmark: prints figures, asserts nothing (tests never time things).
//
//   build/release/tests/bench/bench_sync [MEASUREMENTS]     (default 10000)
//
// Makes MEASUREMENTS child measurements of 40 answers each (as the store
// would export them), then times Spor's bundle format against age (X25519 +
// ChaCha20-Poly1305) and minisign (Ed25519 over BLAKE2b-512) doing the same
// job on a file of the same number of bytes: encrypt then sign, and verify
// then decrypt. The ratio is Spor's time over age + minisign's; both write
// and read files in the same temporary folder. Best of three runs each.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "crypto/box.hpp"
#include "crypto/random.hpp"
#include "crypto/sign.hpp"
#include "sync/bundle.hpp"
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

bool have(const char* tool) { return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0; }

sync::Records makeRecords(int measurements) {
  sync::Records r;
  const sync::UnixTime now = 1795000000;
  for (int m = 0; m < measurements; ++m) {
    if (m % 4 == 0) {
      r.children.push_back({sync::Uuid::random(), 1, now, "K-" + std::to_string(m), "", 2012, "girl"});
    }
    sync::MeasurementRecord measurement{sync::Uuid::random(), 1, now, r.children.back().id, "powerkids", "barn", 1,
                                        "foer", "finished", now - 900, now};
    for (int i = 0; i < 40; ++i) {
      r.answers.push_back({sync::Uuid::random(), 1, now, measurement.id, "item_" + std::to_string(i),
                           1 + (m + i) % 4, now - 900 + i * 20});
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

int main(int argc, char** argv) {
  const int measurements = argc > 1 ? std::atoi(argv[1]) : 10000;
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
  const double sporOut = bestOf3([&] { writeFile(bundlePath, writer.encode(bundle).bytes); });
  const double sporDurable = bestOf3([&] {
    fs::remove_all(dir / "out");
    fs::create_directories(dir / "out");
    (void)writer.write(dir / "out", bundle);
  });
  const double sporIn = bestOf3([&] { (void)reader.readFile(bundlePath); });

  std::printf("bench_sync: %d measurements, %zu records; payload %.1f MB, bundle %.1f MB\n", measurements, records,
              static_cast<double>(payload) / 1e6, static_cast<double>(encoded.bytes.size()) / 1e6);
  std::printf("  spor encode+encrypt+sign, in memory            %8.3f s  %6.1f MB/s\n", encode,
              static_cast<double>(payload) / 1e6 / encode);
  std::printf("    of which serialising the records (cereal)    %8.3f s\n", serialise);
  std::printf("  spor encode+encrypt+sign, to a file            %8.3f s\n", sporOut);
  std::printf("  spor export as BundleWriter::write (fsync, read back, verify) %8.3f s\n", sporDurable);
  std::printf("  spor read a file: verify+decrypt+parse         %8.3f s  %6.1f MB/s\n", sporIn,
              static_cast<double>(payload) / 1e6 / sporIn);

  std::printf("    of which parsing the records                 %8.3f s\n", parse);
  if (!have("age") || !have("age-keygen") || !have("minisign")) {
    std::printf("  age/minisign not installed (sh toolchains/setup-debian.sh installs them): no ratio\n");
    fs::remove_all(dir);
    return 0;
  }
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
              sporOut / theirsOut, (sporOut - serialise) / theirsOut);
  std::printf("  ratio, verify+decrypt: spor / (minisign + age) = %.2f; without parsing the records %.2f\n",
              sporIn / theirsIn, (sporIn - parse) / theirsIn);
  fs::remove_all(dir);
  return 0;
}
