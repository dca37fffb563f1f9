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
    // What decodes encodes as today's writer would and reads back the same;
    // today's encoding is the one encoding of its value. (Bytes of an older
    // record version, such as ProjectEnrolmentRecord 1 or 2, decode and
    // re-encode as the newest version, so the input's bytes need not come back.)
    const crypto::Bytes again = sync::encodePayload(payload);
    if (!(sync::decodePayload(again, "fuzz payload again") == payload)) __builtin_trap();
    if (sync::encodePayload(sync::decodePayload(again, "fuzz payload again")) != again) __builtin_trap();
  });
  return 0;
}
