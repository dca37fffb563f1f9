#pragma once
// The power-loss sweep's harness (power_cut_vfs.hpp does the cutting), for
// the store's steps (test_power_cut.cpp) and the sync steps over the stores
// (tests/sync/test_power_cut_sync.cpp).
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "store/sqlite.hpp"
#include "tests/store/power_cut_vfs.hpp"
#include "tests/store/store_fixture.hpp"

namespace spor::test {

inline std::string integrityOf(const fs::path& db) {
  store::Db d(db, store::DbOptions{false, 1000});
  return d.integrityCheck();
}

inline void copyFolder(const fs::path& from, const fs::path& to) {
  fs::remove_all(to);
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive);
}

// One step of the sweep: `prepare` makes the starting copy in a folder (with
// the real VFS), `step` runs the step on a copy and calls `returned` as soon
// as the step's call has returned (before anything is closed), `check` looks
// at the copy after the power came back (`whole`: the step's call returned).
struct PowerStep {
  std::string name;
  std::function<void(const fs::path&)> prepare;
  std::function<void(const fs::path&, const std::function<void()>& returned)> step;
  std::function<void(const fs::path&, bool whole)> check;
  // Files and folders (relative to the copy) that the step writes outside
  // SQLite with writers that fsync file and folder (writeFileDurably, the
  // forms install). The shim does not see them, so the harness takes them as
  // they were the moment the power went and puts them back after the step:
  // whatever the step did to them after the cut never happened.
  std::vector<std::string> outside{};
};

// What `outside` held at the cut, kept in a folder of its own.
class OutsideSnapshot {
 public:
  OutsideSnapshot(const fs::path& dir, const std::vector<std::string>& names) : dir_(dir), names_(names) {}
  void take() {
    taken_ = true;
    for (const auto& n : names_) {
      std::error_code ec;
      fs::remove_all(keep_.path / n, ec);
      if (fs::exists(dir_ / n)) {
        fs::create_directories((keep_.path / n).parent_path());
        fs::copy(dir_ / n, keep_.path / n, fs::copy_options::recursive);
      }
    }
  }
  // Puts back what take() saw (nothing when the power never went).
  void putBack() {
    if (!taken_) return;
    for (const auto& n : names_) {
      fs::remove_all(dir_ / n);
      if (fs::exists(keep_.path / n)) fs::copy(keep_.path / n, dir_ / n, fs::copy_options::recursive);
    }
  }

 private:
  fs::path dir_;
  std::vector<std::string> names_;
  TempDir keep_{"power-outside"};
  bool taken_ = false;
};

// Cuts at every sync point of `s`, in both modes, and once just after the
// step's call returned; returns the number of cuts.
inline std::uint64_t powerSweep(const PowerStep& s) {
  TempDir start("power-" + s.name);
  s.prepare(start.path);
  TempDir work("power-run-" + s.name);
  std::uint64_t cuts = 0;
  for (const PowerCut::Mode mode : {PowerCut::Mode::Drop, PowerCut::Mode::Garble}) {
    for (std::uint64_t at = 1;; ++at) {
      CAPTURE(s.name);
      CAPTURE(at);
      CAPTURE(mode == PowerCut::Mode::Drop ? "drop" : "garble");
      copyFolder(start.path, work.path);
      bool whole = false;
      bool wasCut = false;
      {
        OutsideSnapshot outside(work.path, s.outside);
        PowerCut power(at, mode, static_cast<std::uint32_t>(at * 7919));
        power.onCut([&] { outside.take(); });
        try {
          s.step(work.path, [] {});
          whole = true;
        } catch (const std::exception&) {
        }
        wasCut = power.cut();
        power.restore();
        outside.putBack();
      }
      if (!wasCut) {
        REQUIRE(whole);  // past the last sync point: the step ran as on a healthy disk
        s.check(work.path, true);
        break;
      }
      ++cuts;
      s.check(work.path, whole);
      REQUIRE(at < 500);
    }
  }
  // The power goes the moment the call has returned: what it wrote must be on the disk.
  CAPTURE(s.name);
  copyFolder(start.path, work.path);
  {
    OutsideSnapshot outside(work.path, s.outside);
    PowerCut power(0, PowerCut::Mode::Garble, 1);
    power.onCut([&] { outside.take(); });
    try {
      s.step(work.path, [&] { power.cutNow(); });
    } catch (const std::exception&) {
    }
    power.restore();
    outside.putBack();
  }
  ++cuts;
  s.check(work.path, true);
  return cuts;
}

}  // namespace spor::test
