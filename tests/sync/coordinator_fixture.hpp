#pragma once
// Shared by the sync tests over the stores (test_sync_store): the
// coordinator's test passphrase and its options with the fast test KDF and
// the test's clock.
#include "crypto/kdf.hpp"
#include "sync/coordinator_store.hpp"
#include "tests/store/store_fixture.hpp"

namespace spor::test {

inline constexpr const char* kPassphrase = "korrekt hest batteri";

inline sync::CoordinatorOptions fastCoordinator(const FakeClock& clock) {
  sync::CoordinatorOptions o;
  o.kdf = crypto::KdfParams::testFast();
  o.clock = clock.clock();
  return o;
}

}  // namespace spor::test
