// libFuzzer target: readReceipt on arbitrary bytes, and the receipt body
// parser directly (behind the signature in real files).
#include "fuzz_common.hpp"
#include "sync/archive.hpp"
#include "sync/signed_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace spor;
  const auto& w = fuzz::world();
  const crypto::ByteView bytes(data, size);
  const sync::ReceiptCheck check{test::kDeviceId, w.keys.receipts.publicKey, w.coordinator, 0};
  fuzz::expectOnlySyncErrors([&] { (void)sync::readReceipt(bytes, "fuzz.sporreceipt", check); });
  fuzz::expectOnlySyncErrors([&] { (void)sync::decodeArchive<sync::Receipt>(bytes, "fuzz receipt body"); });
  return 0;
}
