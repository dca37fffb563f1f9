// report::HandOff (src/report/hand_off.hpp): loadReportInput scans the
// store on one thread and takes the records on another; what is built must
// be what one thread would build, and a failure on either side must come out.
#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "report/hand_off.hpp"

using spor::report::HandOff;

TEST_SUITE("report") {

TEST_CASE("hand-off: every item is taken once and in order across batches") {
  std::vector<int> taken;
  {
    HandOff<int> h([&](const int& i) { taken.push_back(i); }, 7, 2);  // small batches, a short queue
    for (int i = 0; i < 1000; ++i) h.push(i);
    h.finish();
  }
  REQUIRE(taken.size() == 1000);
  for (int i = 0; i < 1000; ++i) CHECK(taken[static_cast<std::size_t>(i)] == i);
}

TEST_CASE("hand-off: finish with nothing pushed and with a part batch") {
  int n = 0;
  HandOff<int>([&](const int&) { ++n; }, 10).finish();
  CHECK(n == 0);
  HandOff<int> h([&](const int&) { ++n; }, 10);
  for (int i = 0; i < 3; ++i) h.push(i);
  h.finish();
  CHECK(n == 3);
}

TEST_CASE("hand-off: what the taker throws comes out of push or finish and the taker stops") {
  std::atomic<int> taken{0};
  const auto take = [&](const int& i) {
    if (i == 50) throw std::runtime_error("record 50 is malformed");
    ++taken;
  };
  // A long run: the failure is known before the producer ends, and push throws.
  {
    HandOff<int> h(take, 4, 1);
    bool threw = false;
    try {
      for (int i = 0; i < 100000; ++i) h.push(i);
      h.finish();
    } catch (const std::runtime_error& e) {
      threw = true;
      CHECK(std::string(e.what()) == "record 50 is malformed");
    }
    CHECK(threw);
    CHECK(taken.load() == 50);  // nothing after the failure was taken
  }
  // A short run: finish throws.
  taken = 0;
  HandOff<int> h(take, 1000);
  for (int i = 0; i < 60; ++i) h.push(i);
  CHECK_THROWS_WITH_AS(h.finish(), "record 50 is malformed", std::runtime_error);
  CHECK(taken.load() == 50);
}

TEST_CASE("hand-off: destroyed while the producer unwinds it stops without taking the rest") {
  std::atomic<int> taken{0};
  try {
    HandOff<int> h([&](const int&) { ++taken; }, 10);
    for (int i = 0; i < 35; ++i) h.push(i);
    throw std::runtime_error("the scan failed");  // e.g. the store was locked
  } catch (const std::runtime_error&) {
  }
  CHECK(taken.load() <= 30);  // at most the whole batches handed over
}

}  // TEST_SUITE
