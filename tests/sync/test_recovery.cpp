// PIN recovery, offline (sync/recovery.hpp): the coordinator saves the
// recovery key to a file under a passphrase; a tablet whose volunteers forgot
// their PINs gets a new PIN from it with nothing lost. Every refusal (wrong
// passphrase, another coordinator's key, a damaged file, a bad new PIN)
// leaves the tablet's files and the key file byte-identical.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <map>

#include "../store/store_fixture.hpp"
#include "tests/sync/coordinator_fixture.hpp"
#include "store/error.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/device_sync.hpp"
#include "sync/recovery.hpp"

using namespace spor;
using namespace spor::sync;
namespace fs = std::filesystem;

namespace {

using test::kPassphrase;
constexpr const char* kKeyPassphrase = "blå cykel i regnvejr";

using test::fastCoordinator;

// Makes the folder, for a member initialiser that needs it to exist.
fs::path made(const fs::path& dir) {
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files[e.path().string()] = slurp(e.path());
  return files;
}

// Two coordinators, and a tablet enrolled with the first, with one child, closed.
struct World {
  test::TempDir dir{"recovery"};
  test::FakeClock clock;
  CoordinatorStore coordinator = CoordinatorStore::create(coordinatorStorePath(made(dir.path / "coord")),
                                                          "Frivilligcenter Aarhus", kPassphrase, fastCoordinator(clock));
  CoordinatorStore other = CoordinatorStore::create(coordinatorStorePath(made(dir.path / "other")), "Frivilligcenter Odense",
                                                    kPassphrase, fastCoordinator(clock));
  fs::path tablet = dir.path / "tablet";
  fs::path usb = dir.path / "usb";

  World() {
    fs::create_directories(usb);
    fs::create_directories(tablet);
    const Enrolment e = readEnrolment(coordinator.enrolmentFile(), "enrolment");
    store::CreatedDevice created = enrolDevice(tablet, e, "Anna", test::kPin, test::fastOptions(clock));
    created.store.addChild({.details = {.nickname = "Mads",
                                        .birthYear = 2014,
                                        .gender = store::Gender::Boy,
                                        .projectId = "strom",
                                        .interventions = {core::Intervention::Individual}},
                            .enrolledOn = std::nullopt});
  }
  fs::path keyFile(CoordinatorStore& from, const std::string& name) {
    return writeRecoveryKeyFile(from, usb / name, kKeyPassphrase, crypto::KdfParams::testFast());
  }
};

RecoveryErrorKind refusal(const std::function<void()>& f, Msg expected) {
  try {
    f();
  } catch (const RecoveryError& e) {
    CHECK(e.message().code == expected);
    return e.kind();
  }
  FAIL("no RecoveryError");
  return RecoveryErrorKind::WriteFailed;
}

}  // namespace

TEST_SUITE("sync") {

TEST_CASE("recovery: a forgotten PIN is replaced with the coordinator's key file, nothing lost") {
  World w;
  const fs::path key = w.keyFile(w.coordinator, "aarhus.sporrecovery");
  CHECK(fs::file_size(key) == 168);
  // The secret is not in the file in clear.
  const crypto::BoxKeyPair real = w.coordinator.recoveryKey();
  CHECK(slurp(key).find(std::string(reinterpret_cast<const char*>(real.secretKey.data()), 32)) == std::string::npos);
  CHECK(recoveryKeyFilePublicKey(key) == real.publicKey);

  // Anna forgot her PIN; five wrong tries locked the tablet.
  {
    store::DeviceStore locked = store::DeviceStore::open(store::deviceStorePath(w.tablet), test::fastOptions(w.clock));
    const auto anna = locked.volunteers().front().id;
    for (int i = 0; i < 5; ++i) CHECK_THROWS_AS(locked.unlock(anna, "111999"), store::WrongSecretError);
    CHECK(locked.lockout().failures == 5);
  }

  const store::VolunteerId id =
      recoverDevice(w.tablet, key, kKeyPassphrase, "Anna", "682514", test::fastOptions(w.clock));
  store::DeviceStore s = store::DeviceStore::open(store::deviceStorePath(w.tablet), test::fastOptions(w.clock));
  CHECK(s.lockout().failures == 0);
  CHECK_THROWS_AS(s.unlock(id, test::kPin), store::WrongSecretError);  // the old PIN no longer opens it
  s.unlock(id, "682514");
  REQUIRE(s.children().size() == 1);  // unsent data kept
  CHECK(s.children().front().details.nickname == "Mads");
  bool audited = false;
  for (const auto& entry : s.auditLog())
    if (entry.action == store::AuditAction::Recovered) audited = true;
  CHECK(audited);

  SUBCASE("a new volunteer can be given the tablet the same way") {
    s.lock();
    const store::VolunteerId bo =
        recoverDevice(w.tablet, key, kKeyPassphrase, "Bo", "739160", test::fastOptions(w.clock));
    store::DeviceStore again = store::DeviceStore::open(store::deviceStorePath(w.tablet), test::fastOptions(w.clock));
    again.unlock(bo, "739160");
    CHECK(again.children().size() == 1);
  }
}

TEST_CASE("recovery: each bad case is refused and changes nothing") {
  World w;
  const fs::path key = w.keyFile(w.coordinator, "aarhus.sporrecovery");
  const fs::path otherKey = w.keyFile(w.other, "odense.sporrecovery");
  const std::string keyBytes = slurp(key);
  const auto tabletBefore = snapshot(w.tablet);
  auto recover = [&](const fs::path& file, const char* passphrase, const char* pin = "682514") {
    return [&, file, passphrase, pin] {
      static_cast<void>(recoverDevice(w.tablet, file, passphrase, "Anna", pin, test::fastOptions(w.clock)));
    };
  };

  SUBCASE("a wrong passphrase") {
    CHECK(refusal(recover(key, "blå cykel i solskin"), Msg::RecoveryWrongPassphrase) ==
          RecoveryErrorKind::WrongPassphrase);
  }
  SUBCASE("another coordinator's key (a tablet of Aarhus, a key of Odense)") {
    CHECK(refusal(recover(otherKey, kKeyPassphrase), Msg::RecoveryOtherCoordinator) ==
          RecoveryErrorKind::OtherCoordinator);
  }
  SUBCASE("a damaged file") {
    // Argon2id settings, salt, public key, wrapped key, checksum: each is noticed as damage.
    for (const std::size_t at : {std::size_t{20}, std::size_t{40}, std::size_t{60}, std::size_t{100}, std::size_t{160}}) {
      std::string bad = keyBytes;
      bad[at] = static_cast<char>(bad[at] ^ 0x04);
      std::ofstream(w.usb / "bad.sporrecovery", std::ios::binary | std::ios::trunc) << bad;
      CHECK(refusal(recover(w.usb / "bad.sporrecovery", kKeyPassphrase), Msg::RecoveryFileDamaged) ==
            RecoveryErrorKind::Damaged);
    }
    std::ofstream(w.usb / "cut.sporrecovery", std::ios::binary | std::ios::trunc) << keyBytes.substr(0, 100);
    CHECK(refusal(recover(w.usb / "cut.sporrecovery", kKeyPassphrase), Msg::RecoveryFileDamaged) ==
          RecoveryErrorKind::Damaged);
  }
  SUBCASE("not a recovery key file, or none") {
    CHECK(refusal(recover(store::deviceStorePath(w.tablet), kKeyPassphrase), Msg::RecoveryNotRecoveryFile) ==
          RecoveryErrorKind::NotRecoveryFile);
    CHECK(refusal(recover(w.usb / "missing.sporrecovery", kKeyPassphrase), Msg::RecoveryFileUnreadable) ==
          RecoveryErrorKind::NotRecoveryFile);
    CHECK(refusal(recover(w.usb, kKeyPassphrase), Msg::RecoveryFileUnreadable) ==
          RecoveryErrorKind::NotRecoveryFile);
  }
  SUBCASE("a new PIN that is too easy") {
    CHECK_THROWS_AS(recover(key, kKeyPassphrase, "123456")(), store::InvalidRequestError);
  }
  SUBCASE("a data folder with no tablet") {
    CHECK(refusal([&] {
            static_cast<void>(recoverDevice(w.dir.path / "nothing", key, kKeyPassphrase, "Anna", "682514",
                                            test::fastOptions(w.clock)));
          },
          Msg::RecoveryNoDevice) == RecoveryErrorKind::NotRecoveryFile);
  }
  CHECK(snapshot(w.tablet) == tabletBefore);
  CHECK(slurp(key) == keyBytes);
  // And the right file still works afterwards: the refusals counted no tries.
  CHECK_NOTHROW(recover(key, kKeyPassphrase)());
}

TEST_CASE("recovery: the key file needs a long passphrase, the unlocked store, and a free name") {
  World w;
  CHECK(refusal([&] { static_cast<void>(makeRecoveryKeyFile(w.coordinator, "kort", crypto::KdfParams::testFast())); },
                Msg::RecoveryWeakPassphrase) == RecoveryErrorKind::WeakPassphrase);
  const fs::path first = w.keyFile(w.coordinator, "k.sporrecovery");
  const std::string bytes = slurp(first);
  CHECK(refusal([&] { static_cast<void>(w.keyFile(w.coordinator, "k.sporrecovery")); }, Msg::RecoveryWriteFailed) ==
        RecoveryErrorKind::WriteFailed);
  CHECK(slurp(first) == bytes);
  // To a folder: the default name.
  CHECK(writeRecoveryKeyFile(w.coordinator, w.usb, kKeyPassphrase, crypto::KdfParams::testFast()).filename() ==
        kRecoveryKeyFileName);
  CoordinatorStore locked = CoordinatorStore::open(coordinatorStorePath(w.dir.path / "other"), fastCoordinator(w.clock));
  CHECK_THROWS(static_cast<void>(makeRecoveryKeyFile(locked, kKeyPassphrase, crypto::KdfParams::testFast())));
}

}  // TEST_SUITE
