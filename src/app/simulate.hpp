#pragma once
// `spor simulate`: fills a device store with realistic children, consent,
// background forms, før/efter/opfølgning (and progression) measurements and
// fidelity forms, through the real store API, for demos, benchmarks and the
// tests of later stages.
//
// The data follow the evaluation's shape (shared/brief/instrument.md):
// children spread over the bundled projects, each with a latent level of
// well-being and a tendency to improve; before → after → follow-up dropout
// like the reports' 686 → 479 → 221; some items declined ("vil ikke svare"),
// more on self-harm and suicide items; a timeline of about three years
// ending today, the way the 2015–2017 programme ran. Everything that is data
// comes from a seeded generator (the same seed gives the same data); keys,
// nonces, UUIDs and child codes come from the system's random source.
#include <cstdint>
#include <memory>

#include "core/date.hpp"
#include "core/forms.hpp"
#include "store/device_store.hpp"

namespace spor::app {

// The store's clock during a simulation: simulate() moves it to each
// simulated moment, so records carry simulated times. Pass clock() in the
// store's options when opening it.
class SimulatedClock {
 public:
  SimulatedClock() : now_(std::make_shared<store::Timestamp>(store::systemNow())) {}
  [[nodiscard]] store::Clock clock() const {
    auto p = now_;
    return [p] { return *p; };
  }
  void set(store::Timestamp t) const { *now_ = t; }
  [[nodiscard]] store::Timestamp now() const { return *now_; }

 private:
  std::shared_ptr<store::Timestamp> now_;
};

struct SimulationOptions {
  int children = 100;
  std::uint64_t seed = 1;
  core::Date today{};         // the timeline ends here
  int childrenPerBatch = 50;  // one transaction (one disk flush) per this many children
};

struct SimulationSummary {
  int children = 0;
  int projects = 0;
  int backgrounds = 0;
  int before = 0;
  int after = 0;
  int followUp = 0;
  int progression = 0;
  int unfinished = 0;  // left paused, to be resumed
  int fidelity = 0;
  long long answers = 0;
  long long declined = 0;
  int flags = 0;
  int activityForms = 0;  // activity follow-up forms (the bridge-builder project)
};

// Adds `options.children` children to an unlocked store. `clock` must be the
// clock the store was opened with; it is back at the real time afterwards.
SimulationSummary simulate(store::DeviceStore& store, const core::FormSet& forms, const SimulationOptions& options,
                           const SimulatedClock& clock);

}  // namespace spor::app
