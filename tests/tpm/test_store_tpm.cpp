// The device store on a software TPM (swtpm): the proof that a copy of
// device.db taken to another machine does not open with the right PIN,
// that wrong PINs count in the TPM's own lock-out, and that the
// coordinator's recovery key still opens the data when the TPM is cleared or
// the board replaced. `spor store status` says which protection is in force.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <sstream>

#include <doctest/doctest.h>

#include "app/commands.hpp"
#include "store/error.hpp"
#include "swtpm.hpp"
#include "tests/store/store_fixture.hpp"
#include "tpm/admin.hpp"

using namespace spor;
using namespace spor::store;
using namespace spor::test;

namespace {

std::uint32_t tpmFailures(const SoftwareTpm& t) {
  return tpm::connect(t.tcti())->lockout().failures;
}

ChildId addChild(DeviceStore& s, const std::string& nickname) {
  return s.addChild({.details = {.nickname = nickname,
                                 .birthYear = 2013,
                                 .gender = Gender::Girl,
                                 .projectId = "strom",
                                 .interventions = {core::Intervention::Individual}},
                     .enrolledOn = std::nullopt});
}

// A shared TPM with a fresh dictionary-attack budget; put back at the end.
struct FreshLockout {
  const SoftwareTpm& t;
  explicit FreshLockout(const SoftwareTpm& tpm, std::uint32_t maxFailures = 32) : t(tpm) {
    tpm::resetLockout(t.tcti());
    tpm::setLockoutPolicy(t.tcti(), {maxFailures, std::chrono::seconds(1000), std::chrono::seconds(1000)});
  }
  ~FreshLockout() {
    tpm::resetLockout(t.tcti());
    tpm::setLockoutPolicy(t.tcti(), {32, std::chrono::seconds(1000), std::chrono::seconds(1000)});
  }
};

}  // namespace

TEST_SUITE("tpm") {
  TEST_CASE("a copy of device.db on another machine does not open with the right PIN and the recovery key opens it") {
    SoftwareTpm& home = sharedTpm();
    const FreshLockout fresh(home);
    SoftwareTpm elsewhere;  // the other machine's TPM
    const std::uint32_t elsewhereBefore = tpmFailures(elsewhere);
    FakeClock clock;
    TempDir device("tpm-home"), copy("tpm-copy");
    VolunteerId anna;
    ChildId mads;
    crypto::BoxKeyPair recovery = crypto::generateBoxKey();
    {
      CreatedDevice created =
          DeviceStore::create(device.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock, home.connector()));
      anna = created.volunteer;
      recovery = std::move(*created.demoRecoveryKey);
      mads = addChild(created.store, "Mads");
      CHECK(created.store.protection().level() == ProtectionLevel::PinAndTpm);
    }  // closed: the whole store is in device.db
    fs::copy_file(device.db(), copy.db());

    {
      // The right PIN on the other machine: refused before it is even tried.
      DeviceStore s = DeviceStore::open(copy.db(), fastOptions(clock, elsewhere.connector()));
      CHECK_THROWS_WITH_AS(s.unlock(anna, kPin),
                           "this PIN is bound to another security chip (TPM) than this device's, or this device's TPM "
                           "was cleared: no PIN can open these data here. The coordinator can recover the device with "
                           "the recovery key and then give the volunteers new PINs",
                           tpm::WrongTpmError);
      CHECK_FALSE(s.unlocked());
      CHECK(s.lockout().failures == 0);
      CHECK(bindingOf(s, anna) == PinBinding::OtherTpm);
    }
    {
      // A machine without any TPM: the same.
      DeviceStore s = DeviceStore::open(copy.db(), fastOptions(clock, tpm::noTpm()));
      CHECK_THROWS_AS(s.unlock(anna, kPin), tpm::TpmError);
      CHECK_FALSE(s.unlocked());
    }
    {
      // Forcing the other TPM to try: the sealed half does not even load there.
      const DeviceStore s = DeviceStore::open(copy.db(), fastOptions(clock, tpm::noTpm()));
      auto q = s.database().query("SELECT sealed_public, sealed_private FROM vault_tpm");
      REQUIRE(q.next());
      tpm::SealedObject forged{q.blob(0), q.blob(1), tpm::connect(elsewhere.tcti())->storageKeyName()};
      crypto::SecretBytes anyAuth(32);
      CHECK_THROWS_AS((void)tpm::connect(elsewhere.tcti())->unseal(forged, anyAuth), tpm::TpmError);
    }
    CHECK(tpmFailures(elsewhere) == elsewhereBefore);

    // At home the same file opens with the same PIN.
    {
      DeviceStore s = DeviceStore::open(device.db(), fastOptions(clock, home.connector()));
      s.unlock(anna, kPin);
      CHECK(s.child(mads).details.nickname == "Mads");
    }
    // The coordinator's recovery key opens the copy on the other machine (a
    // replaced board), and the new PIN is bound to that machine's TPM.
    {
      DeviceStore s = DeviceStore::open(copy.db(), fastOptions(clock, elsewhere.connector()));
      const VolunteerId carl = s.recoverAccess(recovery, "Carl", "920471");
      CHECK(s.child(mads).details.nickname == "Mads");
      CHECK(bindingOf(s, carl) == PinBinding::ThisTpm);
      s.lock();
      s.unlock(carl, "920471");
      CHECK(s.unlocked());
    }
  }

  TEST_CASE("wrong PINs count in the TPM's lock-out which holds when Spor's count in the file is reset") {
    SoftwareTpm& t = sharedTpm();
    const FreshLockout fresh(t, 4);
    FakeClock clock;
    TempDir dir("tpm-da");
    const VolunteerId anna =
        DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock, t.connector())).volunteer;
    DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock, t.connector()));
    CHECK(tpmFailures(t) == 0);
    for (std::uint32_t i = 1; i <= 4; ++i) {
      CHECK_THROWS_AS(s.unlock(anna, "111222"), WrongSecretError);
      CHECK(tpmFailures(t) == i);  // the TPM counted it
    }
    CHECK(s.lockout().failures == 4);  // and so did Spor
    const tpm::LockoutInfo da = tpm::connect(t.tcti())->lockout();
    CHECK(da.inLockout);
    CHECK(da.maxFailures == 4);

    // The right PIN is refused while the TPM is locked, and Spor counts nothing.
    CHECK_THROWS_WITH_AS(s.unlock(anna, kPin),
                         "the device's security chip (TPM) has locked itself after too many wrong PINs: it lets no PIN "
                         "be tried for up to 17 minutes. Wait, then try again; the coordinator's recovery key works "
                         "meanwhile",
                         tpm::LockedOutError);
    CHECK(s.lockout().failures == 4);
    // Someone with the device who resets Spor's count in the file (or copies
    // an older file back) gains nothing: the count that matters is in the TPM.
    s.database().run("UPDATE vault_meta SET failures = 0, locked_until = 0");
    CHECK_THROWS_AS(s.unlock(anna, kPin), tpm::LockedOutError);
    CHECK(tpmFailures(t) == 4);
    try {
      s.unlock(anna, kPin);
    } catch (const tpm::LockedOutError& e) {
      CHECK(
          render(e.message(), Lang::Da) ==
          "enhedens sikkerhedschip (TPM) har låst sig selv efter for mange forkerte PIN-koder: den lader ingen "
          "PIN-kode prøve i op til 17 minutter. Vent, og prøv så igen; koordinatorens gendannelsesnøgle virker imens");
    }

    // The owner resets the TPM's lock-out (or the interval passes): the PIN works.
    tpm::resetLockout(t.tcti());
    s.unlock(anna, kPin);
    CHECK(s.unlocked());
  }

  TEST_CASE("a cleared TPM loses nothing: the recovery key opens the data and new PINs are bound to the cleared TPM") {
    SoftwareTpm t;
    FakeClock clock;
    TempDir dir("tpm-cleared");
    CreatedDevice created =
        DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock, t.connector()));
    const VolunteerId anna = created.volunteer;
    const ChildId ida = addChild(created.store, "Ida");
    const VolunteerId bo = created.store.addVolunteer("Bo", "582914");
    const crypto::BoxKeyPair recovery = std::move(*created.demoRecoveryKey);
    created.store.lock();

    tpm::clearTpm(t.tcti());
    DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock, t.connector()));
    CHECK_THROWS_AS(s.unlock(anna, kPin), tpm::WrongTpmError);
    CHECK_THROWS_AS(s.unlock(bo, "582914"), tpm::WrongTpmError);
    CHECK(s.protection().count(PinBinding::OtherTpm) == 2);

    s.recoverAccess(recovery, "Anna", "739158");
    CHECK(s.child(ida).details.nickname == "Ida");
    CHECK(bindingOf(s, anna) == PinBinding::ThisTpm);
    CHECK(bindingOf(s, bo) == PinBinding::OtherTpm);
    s.resetPin(bo, "604817");  // a colleague gives Bo a new PIN
    s.lock();
    s.unlock(bo, "604817");
    s.unlock(anna, "739158");
    CHECK(s.protection().level() == ProtectionLevel::PinAndTpm);
  }

  TEST_CASE("a store made before the TPM is bound at the next unlock and keeps the binding through a PIN change") {
    SoftwareTpm& home = sharedTpm();
    const FreshLockout fresh(home);
    SoftwareTpm elsewhere;
    FakeClock clock;
    TempDir dir("tpm-migrate"), copy("tpm-migrate-copy");
    VolunteerId anna;
    {
      CreatedDevice created =
          DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock, tpm::noTpm()));
      anna = created.volunteer;
    }
    {
      DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock, home.connector()));
      CHECK(bindingOf(s, anna) == PinBinding::PinOnly);
      s.unlock(anna, kPin);
      CHECK(bindingOf(s, anna) == PinBinding::ThisTpm);
      s.changePin(anna, kPin, "739158");
      CHECK(bindingOf(s, anna) == PinBinding::ThisTpm);
    }
    fs::copy_file(dir.db(), copy.db());
    DeviceStore there = DeviceStore::open(copy.db(), fastOptions(clock, elsewhere.connector()));
    CHECK_THROWS_AS(there.unlock(anna, "739158"), tpm::WrongTpmError);
    DeviceStore here = DeviceStore::open(dir.db(), fastOptions(clock, home.connector()));
    here.unlock(anna, "739158");
  }

  TEST_CASE("spor store status says which protection is in force") {
    SoftwareTpm& t = sharedTpm();
    const FreshLockout fresh(t);
    FakeClock clock;
    TempDir dir("tpm-status");
    const std::string before = std::getenv("SPOR_TPM") ? std::getenv("SPOR_TPM") : "";
    auto status = [&] {
      std::ostringstream out, err;
      CHECK(app::runStoreStatus({"--data-dir", dir.path.string()}, out, err) == 0);
      return out.str();
    };
    const VolunteerId anna =
        DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock, tpm::noTpm())).volunteer;

    setenv("SPOR_TPM", "off", 1);
    std::string text = status();
    CHECK(text.find("  protection PIN only: each PIN guards the data key through Argon2id. Spor uses no security chip "
                    "(TPM) here, so someone with a copy of the disk can try PINs without limit\n") !=
          std::string::npos);
    CHECK(text.find("  PINs       Anna: PIN only\n") != std::string::npos);

    setenv("SPOR_TPM", t.tcti().c_str(), 1);
    text = status();
    CHECK(text.find("  protection PIN only, for now: this device has a security chip (TPM 2.0 from IBM") !=
          std::string::npos);
    {
      DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock, t.connector()));
      s.unlock(anna, kPin);
    }
    text = status();
    CHECK(text.find("  protection PIN and security chip: every PIN is bound to this device's TPM (TPM 2.0 from IBM") !=
          std::string::npos);
    CHECK(text.find("  PINs       Anna: PIN and TPM\n") != std::string::npos);
    CHECK(text.find("the coordinator's recovery key (") != std::string::npos);

    setenv("SPOR_TPM", "swtpm:path=/nonexistent/tpm.sock", 1);
    text = status();
    CHECK(text.find("cannot connect to the security chip (TPM) through 'swtpm:path=/nonexistent/tpm.sock'") !=
          std::string::npos);
    CHECK(text.find("  PINs       Anna: bound to a TPM Spor cannot use now\n") != std::string::npos);
    setenv("SPOR_TPM", before.c_str(), 1);
  }

}  // TEST_SUITE
