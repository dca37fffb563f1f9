#pragma once
// Shared by the fuzz targets: the golden files' keys (tests/sync/fixture.hpp),
// made once per process because key derivation is far slower than a read.
#include <cstddef>
#include <cstdint>

#include "fixture.hpp"
#include "sync/errors.hpp"

namespace spor::fuzz {

struct World {
  test::Keys keys;
  test::MapDirectory directory;
  sync::Fingerprint coordinator = sync::fingerprintBytes(keys.coordinator.publicKey);
  World() { directory.add(test::kDeviceId, keys.device.publicKey); }
};

inline const World& world() {
  static const World w;
  return w;
}

// Runs `read`; a SyncError is the expected outcome for a bad input. Any
// other exception escapes and libFuzzer reports it as a crash: readers must
// turn every bad input into a SyncError with a message.
template <class F>
void expectOnlySyncErrors(F&& read) {
  try {
    read();
  } catch (const sync::SyncError&) {
  }
}

}  // namespace spor::fuzz
