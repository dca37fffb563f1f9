#pragma once
// Shared by the store tests: a temporary data directory, a clock the test
// moves by hand, fast key derivation, and the bundled forms.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "core/form_loader.hpp"
#include "crypto/encoding.hpp"
#include "crypto/hash.hpp"
#include "crypto/random.hpp"
#include "store/device_store.hpp"

namespace spor::test {

namespace fs = std::filesystem;

// A fresh directory, removed with everything in it at the end of the test.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() / ("spor-store-" + name + "-" + crypto::randomUuid().substr(0, 8))) {
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] fs::path db() const { return store::deviceStorePath(path); }
};

// Starts on 2026-03-02 10:00 UTC; advance() moves it.
struct FakeClock {
  std::shared_ptr<store::Timestamp> now = std::make_shared<store::Timestamp>(
      std::chrono::sys_days(std::chrono::year(2026) / 3 / 2) + std::chrono::hours(10));
  void advance(std::chrono::milliseconds d) const { *now += d; }
  [[nodiscard]] store::Clock clock() const {
    auto p = now;
    return [p] { return *p; };
  }
};

inline store::DeviceStoreOptions fastOptions(const FakeClock& clock) {
  store::DeviceStoreOptions o;
  o.kdf = crypto::KdfParams::testFast();
  o.clock = clock.clock();
  return o;
}

// The same with the TPM `tpm` (a software TPM's or a fake's connector, or
// tpm::noTpm() for a device without one).
inline store::DeviceStoreOptions fastOptions(const FakeClock& clock, tpm::Connector tpm) {
  store::DeviceStoreOptions o = fastOptions(clock);
  o.tpm = std::move(tpm);
  return o;
}

// How `volunteer`'s PIN is protected now (store::DeviceStore::protection()).
inline store::PinBinding bindingOf(const store::DeviceStore& s, store::VolunteerId volunteer) {
  for (const auto& v : s.protection().volunteers)
    if (v.volunteer == volunteer) return v.binding;
  throw std::logic_error("no active volunteer with id " + std::to_string(volunteer.value));
}

inline const core::FormSet& bundledForms() {
  static const core::FormSet forms = core::loadForms(SPOR_TEST_FORMS_DIR);
  return forms;
}

inline constexpr const char* kPin = "204913";

// --- "Every refusal leaves the file byte-identical" --------------------------

// A hash of a SQLite store as it is on the disk: the file and its write-ahead
// log (where an open connection's commits are until a checkpoint), so any
// committed write shows, even while the store is open. The -shm index is not
// data and is left out.
inline std::string storeHash(const fs::path& db) {
  std::string all;
  for (const char* suffix : {"", "-wal"}) {
    all += std::string(suffix) + ":";
    if (std::FILE* f = std::fopen((db.string() + suffix).c_str(), "rb")) {
      char buffer[65536];
      for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) all.append(buffer, n);
      std::fclose(f);
    }
    all += "|";
  }
  return crypto::hex(crypto::hash(crypto::asBytes(all)));
}

// How many refusals were checked in this test program; printed at its end.
struct RefusalTally {
  int refusals = 0;
  int identical = 0;
  ~RefusalTally() {
    if (refusals > 0)
      std::printf("every refusal leaves the file byte-identical: %d refusals checked, %d left the store byte-identical\n",
                  refusals, identical);
  }
};
inline RefusalTally& refusalTally() {
  static RefusalTally tally;
  return tally;
}

}  // namespace spor::test

// Runs a refusal check (CHECK_THROWS_...) and checks that the store file at
// `storeFile` is byte-identical afterwards, counting both.
#define SPOR_CHECK_UNCHANGED(storeFile, ...)                                                        \
  do {                                                                                         \
    const std::string sporHashBefore_ = ::spor::test::storeHash(storeFile);                         \
    __VA_ARGS__;                                                                               \
    const bool sporSame_ = ::spor::test::storeHash(storeFile) == sporHashBefore_;                   \
    ++::spor::test::refusalTally().refusals;                                                   \
    if (sporSame_) ++::spor::test::refusalTally().identical;                                   \
    CHECK_MESSAGE(sporSame_, "a refusal changed the store file " << ::spor::test::fs::path(storeFile)); \
  } while (false)

namespace spor::test {

// A store unlocked as "Anna", with a fake clock.
struct DeviceFixture {
  TempDir dir;
  FakeClock clock;
  store::CreatedDevice created;
  explicit DeviceFixture(const std::string& name)
      : dir(name), created(store::DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock))) {}
  [[nodiscard]] store::DeviceStore& store() { return created.store; }

  // A child in `project` with consent for everything.
  store::ChildId childWithConsent(const std::string& project = "strom", const std::string& nickname = "Mads") {
    const store::ChildId id =
        store().addChild({.details = {.nickname = nickname,
                                      .birthYear = 2014,
                                      .gender = store::Gender::Boy,
                                      .projectId = project,
                                      .interventions = {core::Intervention::Individual}},
                          .enrolledOn = std::nullopt});
    store().recordConsent(id, {.givenBy = "mor", .givenOn = std::chrono::floor<std::chrono::days>(*clock.now)});
    return id;
  }
};

}  // namespace spor::test
