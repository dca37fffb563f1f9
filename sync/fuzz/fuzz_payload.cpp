// libFuzzer target: the bounded cereal reader on a bundle's decrypted
// payload. In a real bundle only an approved device's signed and encrypted
// bytes get here, so this reaches the parser the bundle target cannot.
#include "fuzz_common.hpp"
#include "sync/records.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace spor;
  const crypto::ByteView bytes(data, size);
  fuzz::expectOnlySyncErrors([&] {
    const sync::Payload payload = sync::decodePayload(bytes, "fuzz payload");
    // What decodes must encode back to the same bytes: there is one encoding.
    if (sync::encodePayload(payload) != crypto::Bytes(bytes.begin(), bytes.end())) __builtin_trap();
  });
  return 0;
}
