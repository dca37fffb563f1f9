#pragma once
// Shared by the store tests: a temporary data directory, a clock the test
// moves by hand, fast key derivation, and the bundled forms.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>
#include <algorithm>

#include "core/form_loader.hpp"
#include "crypto/encoding.hpp"
#include "crypto/hash.hpp"
#include "crypto/random.hpp"
#include "store/device_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace spor::test {

namespace fs = std::filesystem;

// A fresh directory, removed with everything in it at the end of the test
// (tests/support/temp_dir.hpp), and the store's path in it.
struct TempDir : support::TempDir {
  explicit TempDir(const std::string& name) : support::TempDir("store-" + name) {}
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

// A hash of what `path` holds: a SQLite store as storeHash sees it (when
// `path` ends in ".db"), any other file's bytes, or a folder's every file
// (names and bytes, recursively, in name order); "absent" when there is
// nothing. For the input files of a refusal (a bundle, a receipt, a forms
// folder) and the folders set-up refuses to touch.
inline std::string pathHash(const fs::path& path) {
  std::error_code ec;
  if (path.extension() == ".db") return storeHash(path);
  if (fs::is_directory(path, ec)) {
    std::vector<std::string> parts;
    for (const auto& e : fs::recursive_directory_iterator(path, ec)) {
      const std::string rel = fs::relative(e.path(), path, ec).string();
      parts.push_back(rel + "=" + (e.is_directory(ec) ? std::string("dir") : pathHash(e.path())));
    }
    std::sort(parts.begin(), parts.end());
    std::string all;
    for (const auto& p : parts) all += p + "\n";
    return crypto::hex(crypto::hash(crypto::asBytes(all)));
  }
  if (!fs::exists(path, ec)) return "absent";
  std::string all;
  if (std::FILE* f = std::fopen(path.string().c_str(), "rb")) {
    char buffer[65536];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) all.append(buffer, n);
    std::fclose(f);
  }
  return crypto::hex(crypto::hash(crypto::asBytes(all)));
}

template <typename... P>
std::vector<fs::path> pathList(const P&... p) {
  return {fs::path(p)...};
}

// How many refusals were checked in this test program; printed at its end.
struct RefusalTally {
  int refusals = 0;
  int identical = 0;
  int inputs = 0;           // input files and folders hashed besides the store
  int inputsIdentical = 0;
  ~RefusalTally() {
    if (refusals > 0)
      std::printf("every refusal leaves the file byte-identical: %d refusals checked, %d left the store byte-identical; "
                  "%d input files or folders hashed too, %d identical\n",
                  refusals, identical, inputs, inputsIdentical);
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

// The same, and every input file or folder in the parenthesised list
// `inputs` ((bundle, formsDir)) is byte-identical afterwards too (pathHash).
#define SPOR_CHECK_ALL_UNCHANGED(storeFile, inputList, ...)                                            \
  do {                                                                                         \
    const std::vector<::spor::test::fs::path> sporInputs_ = ::spor::test::pathList inputList;   \
    std::vector<std::string> sporInputHashes_;                                                 \
    for (const auto& p_ : sporInputs_) sporInputHashes_.push_back(::spor::test::pathHash(p_));  \
    SPOR_CHECK_UNCHANGED(storeFile, __VA_ARGS__);                                              \
    for (std::size_t i_ = 0; i_ < sporInputs_.size(); ++i_) {                                  \
      const bool same_ = ::spor::test::pathHash(sporInputs_[i_]) == sporInputHashes_[i_];       \
      ++::spor::test::refusalTally().inputs;                                                   \
      if (same_) ++::spor::test::refusalTally().inputsIdentical;                               \
      CHECK_MESSAGE(same_, "a refusal changed " << sporInputs_[i_]);                           \
    }                                                                                          \
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
