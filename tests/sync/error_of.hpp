#pragma once
// errorOf for the sync tests (apart from fixture.hpp, which the fuzzers
// include without doctest).
#include <doctest/doctest.h>

#include "fixture.hpp"

namespace spor::test {

// Runs `read` and returns the SyncError it throws (failing the test if none),
// checking that its message is the catalogue's (one copy: three test files
// had their own).
template <class F>
sync::SyncError errorOf(F&& read) {
  try {
    read();
  } catch (const sync::SyncError& e) {
    CHECK_MESSAGE(untranslated(e.message()).empty(), untranslated(e.message()));
    return e;
  }
  FAIL("no SyncError was thrown");
  return sync::SyncError(sync::SyncErrorKind::BadInput, "");
}

}  // namespace spor::test
