// Writes seed inputs for the fuzzers into the folder given: the golden
// files (made again here, so the seeds follow the format) and the bodies
// and payloads that sit behind their signatures and encryption.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "golden.hpp"
#include "sync/archive.hpp"

int main(int argc, char** argv) {
  using namespace spor;
  if (argc != 2) {
    std::fprintf(stderr, "usage: sync_fuzz_seeds FOLDER\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  const auto put = [&](const std::string& name, const crypto::Bytes& bytes) {
    std::ofstream out(dir / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  };
  const test::Keys keys;
  for (const auto& file : test::makeGoldenFiles(keys)) put(file.name, file.bytes);
  sync::Payload payload;
  payload.sender.deviceId = test::kDeviceId;
  payload.sender.sequence = 1;
  payload.records = test::sampleRecords();
  put("payload.bin", sync::encodePayload(payload));
  put("receipt-body.bin", sync::encodeArchive(test::sampleReceipt(keys)));
  put("forms-body.bin", sync::encodeArchive(test::smallFormPackage(keys, 1)));
  put("enrolment-body.bin", sync::encodeArchive(test::sampleEnrolment(keys)));
  return 0;
}
