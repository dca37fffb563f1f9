#pragma once
// errorOf for the sync tests (apart from fixture.hpp, which the fuzzers
// include without doctest).
#include <doctest/doctest.h>

#include <string>
#include <utility>

#include "fixture.hpp"
#include "tests/support/error_of.hpp"

namespace spor::test {

// Runs `read` and returns the SyncError it throws (failing the test if none),
// checking that its message is the catalogue's (one copy: three test files
// had their own).
template <class F>
sync::SyncError errorOf(F&& read) {
  const sync::SyncError e =
      support::errorOf<sync::SyncError>(std::forward<F>(read), sync::SyncErrorKind::BadInput, std::string());
  CHECK_MESSAGE(untranslated(e.message()).empty(), untranslated(e.message()));
  return e;
}

}  // namespace spor::test
