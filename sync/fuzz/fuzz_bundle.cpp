// libFuzzer target: the whole BundleReader on arbitrary bytes, as the
// coordinator meets files on a USB stick: version 1 read whole, version 2
// verified in one pass and opened in one streamed pass (chunk by chunk, as
// an import stages them). Seeds: tests/data/sync (both versions).
#include "fuzz_common.hpp"
#include "sync/bundle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace spor;
  const auto& w = fuzz::world();
  const crypto::ByteView file(data, size);
  static const sync::BundleReader reader(w.keys.coordinator, w.directory);
  fuzz::expectOnlySyncErrors([&] { (void)reader.read(file, "fuzz.sporbundle"); });
  fuzz::expectOnlySyncErrors([&] { (void)reader.verify(file, "fuzz.sporbundle"); });
  fuzz::expectOnlySyncErrors([&] {
    sync::SpanSource source(file);
    std::size_t records = 0;
    (void)reader.open(source, "fuzz.sporbundle", [&](sync::Records& batch) { records += batch.count(); });
  });
  fuzz::expectOnlySyncErrors([&] {
    const sync::BundleHeader header = sync::checkBundleStructure(file, "fuzz.sporbundle");
    (void)sync::bundleSelfSignatureValid(file, header);
  });
  return 0;
}
