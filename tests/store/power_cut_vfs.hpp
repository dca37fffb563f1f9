#pragma once
// A power cut, simulated the way SQLite's own crash tests do (its test6.c):
// a VFS shim that sits over the default one while a test step runs, counts
// every xSync, and at the chosen one cuts the power. From then on nothing
// reaches the disk and every write, sync, truncate and delete fails with an
// I/O error. PowerCut::restore() then puts each file back as it was at its
// last sync: writes that were never synced are dropped, or, in the garbling
// mode, land as random bytes (a torn write of a sector that was in flight).
//
// Only what goes through SQLite is modelled; files written with
// writeFileDurably (bundles, receipts) are fsynced by their writer and are
// not part of the sweep.
//
//   PowerCut cut(3, PowerCut::Mode::Garble);   // cut at the 3rd sync
//   try { step(); } catch (...) {}            // the step fails at the cut
//   ... close everything the step opened ...
//   cut.restore();                            // the disk after the power came back
//
// A PowerCut with cutAt = 0 never cuts: it only counts (syncs()).
#include <cstdint>
#include <functional>

namespace spor::test {

class PowerCut {
 public:
  enum class Mode { Drop, Garble };

  // Makes the shim the default VFS until restore() or destruction.
  PowerCut(std::uint64_t cutAt, Mode mode, std::uint32_t seed = 1);
  ~PowerCut();
  PowerCut(const PowerCut&) = delete;
  PowerCut& operator=(const PowerCut&) = delete;

  // Syncs seen so far (the cut one included).
  [[nodiscard]] std::uint64_t syncs() const;
  [[nodiscard]] bool cut() const;
  // Cuts the power now, between two syncs: what was synced stays, the rest
  // goes (a power cut just after a call returned).
  void cutNow();
  // Called once, the moment the power goes (at the cut sync or cutNow), so a
  // test can take what files outside SQLite held then (power_cut_sweep.hpp).
  void onCut(std::function<void()> f);
  // Puts every file back to its state at its last sync (garbling the
  // unsynced ranges in Mode::Garble) and removes the shim. Call it after
  // every connection the step opened is closed.
  void restore();

 private:
  bool restored_ = false;
};

}  // namespace spor::test
