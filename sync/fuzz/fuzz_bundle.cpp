// libFuzzer target: the whole BundleReader on arbitrary bytes, as the
// coordinator meets files on a USB stick. Seeds: tests/data/sync.
#include "fuzz_common.hpp"
#include "sync/bundle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace spor;
  const auto& w = fuzz::world();
  const crypto::ByteView file(data, size);
  static const sync::BundleReader reader(w.keys.coordinator, w.directory);
  fuzz::expectOnlySyncErrors([&] { (void)reader.read(file, "fuzz.sporbundle"); });
  fuzz::expectOnlySyncErrors([&] {
    const sync::BundleHeader header = sync::checkBundleStructure(file, "fuzz.sporbundle");
    (void)sync::bundleSelfSignatureValid(file, header);
  });
  return 0;
}
