#pragma once
// Shared test support (tests/support/README.md), with doctest: the error an
// action throws.
#include <doctest/doctest.h>

#include <string>
#include <typeinfo>
#include <utility>

namespace spor::support {

// Runs `action` and returns the E it throws, failing the test when it throws
// none (then E{args...} is returned, so the caller's checks fail on it too).
template <class E, class F, class... Args>
E errorOf(F&& action, Args&&... fallback) {
  try {
    action();
  } catch (const E& e) {
    return e;
  }
  FAIL("no " << std::string(typeid(E).name()) << " was thrown");
  return E(std::forward<Args>(fallback)...);
}

}  // namespace spor::support
