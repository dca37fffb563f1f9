// The vault's TPM binding with a TPM in memory (fake_tpm.hpp): which PIN
// wraps are bound and when, what each TPM state does to an unlock and to
// Spor's own count, recovery without the TPM, and what a person is told.
// The same against a software TPM, and the copied disk: tests/tpm.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "store/error.hpp"
#include "tests/store/fake_tpm.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/support/files.hpp"

using namespace spor;
using namespace spor::store;
using namespace spor::test;

namespace {

std::int64_t boundWraps(const DeviceStore& s) {
  return s.database().queryInt("SELECT count(*) FROM vault_tpm").value_or(-1);
}

Msg codeOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const spor::Error& e) {
    return e.message().code;
  }
  return Msg::Unexpected;
}

constexpr const char* kMissing =
    "this PIN is bound to the device's security chip (TPM), and Spor finds no TPM now: switch the TPM on again in the "
    "firmware settings (and check that SPOR_TPM is not 'off'); if the board was replaced or the TPM cleared, the "
    "coordinator can recover the device with the recovery key";

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("with a TPM a new store binds the PIN to it and an unlock needs both the PIN and that TPM") {
    TempDir dir("tpm-new");
    FakeClock clock;
    FakeTpm t;
    VolunteerId anna;
    {
      CreatedDevice created =
          DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock, t.connector()));
      anna = created.volunteer;
      CHECK(boundWraps(created.store) == 1);
      CHECK(t.seals == 1);
      const StoreProtection p = created.store.protection();
      CHECK(p.level() == ProtectionLevel::PinAndTpm);
      CHECK(p.tpm.found);
      REQUIRE(p.volunteers.size() == 1);
      CHECK(p.volunteers[0].binding == PinBinding::ThisTpm);
      const auto lines = describe(p);
      REQUIRE(lines.size() == 2);
      CHECK(
          render(lines[0], Lang::En) ==
          "PIN and security chip: every PIN is bound to this device's TPM (TPM 2.0 from FAKE (test), firmware 1.0); a "
          "copy of the disk cannot be opened on another machine, and the chip limits how many wrong PINs can be tried");
      CHECK(render(lines[0], Lang::Da).rfind("PIN-kode og sikkerhedschip: ", 0) == 0);
      CHECK(lines[1].code == Msg::ProtectionRecovery);
    }
    {
      // A wrong PIN: the TPM counts it, and so does Spor.
      DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock, t.connector()));
      CHECK_THROWS_WITH_AS(s.unlock(anna, "111222"),
                           "wrong PIN or passphrase (1 wrong try in a row): check it and try again", WrongSecretError);
      CHECK(t.failures == 1);
      CHECK(s.lockout().failures == 1);
      s.unlock(anna, kPin);
      CHECK(s.unlocked());
      CHECK(s.lockout().failures == 0);
      CHECK(t.failures == 1);  // the TPM forgives with time only
    }
    {
      // No TPM now: said before any try is counted.
      DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock, tpm::noTpm()));
      SPOR_CHECK_UNCHANGED(dir.db(), CHECK_THROWS_WITH_AS(s.unlock(anna, kPin), kMissing, tpm::TpmError));
      CHECK(s.lockout().failures == 0);
      CHECK_FALSE(s.unlocked());
      const StoreProtection p = s.protection();
      CHECK(p.volunteers[0].binding == PinBinding::OtherTpm);
      CHECK(describe(p)[0].code == Msg::ProtectionStale);
    }
    {
      // A TPM that is configured but cannot be reached says so.
      t.unreachable = true;
      DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock, t.connector()));
      SPOR_CHECK_UNCHANGED(dir.db(), CHECK(codeOf([&] { s.unlock(anna, kPin); }) == Msg::TpmUnreachable));
      CHECK(s.lockout().failures == 0);
      const auto lines = describe(s.protection());
      CHECK(std::any_of(lines.begin(), lines.end(), [](const Message& m) { return m.code == Msg::TpmUnreachable; }));
      t.unreachable = false;
    }
    {
      // Another device's TPM: the copy does not open with the right PIN.
      FakeTpm other;
      DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock, other.connector()));
      SPOR_CHECK_UNCHANGED(dir.db(), CHECK_THROWS_AS(s.unlock(anna, kPin), tpm::WrongTpmError));
      CHECK(other.unseals == 0);  // not even tried
      CHECK(s.lockout().failures == 0);
    }
  }

  TEST_CASE("the TPM's lock-out refuses even the right PIN and is no wrong try for Spor") {
    TempDir dir("tpm-lockout");
    FakeClock clock;
    FakeTpm t;
    t.maxFailures = 3;
    const VolunteerId anna =
        DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock, t.connector())).volunteer;
    DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock, t.connector()));
    for (int i = 0; i < 3; ++i) CHECK_THROWS_AS(s.unlock(anna, "111222"), WrongSecretError);
    CHECK(t.failures == 3);
    CHECK(s.lockout().failures == 3);
    // (The message, and a reset of Spor's count in the file: tests/tpm.)
    try {
      s.unlock(anna, kPin);
      FAIL("a locked TPM let a PIN through");
    } catch (const tpm::LockedOutError& e) {
      CHECK(e.wait() == std::chrono::seconds(600));
      CHECK(e.message().arg("minutes") == "10");
    }
    CHECK(s.lockout().failures == 3);
    const auto lines = describe(s.protection());
    CHECK(std::any_of(lines.begin(), lines.end(), [](const Message& m) { return m.code == Msg::TpmLockedOut; }));
    t.failures = 2;  // one forgiven after the recovery interval
    s.unlock(anna, kPin);
    CHECK(s.unlocked());
    const auto after = describe(s.protection());
    REQUIRE(after.size() >= 2);
    CHECK(render(after[1], Lang::En) ==
          "the security chip has counted 2 wrong PINs; it locks at 3 and then forgives one every 10 minutes");
  }

  TEST_CASE("an existing store is bound at each PIN's next unlock and the old wrap leaves the file") {
    TempDir dir("tpm-migrate");
    FakeClock clock;
    FakeTpm t;
    VolunteerId anna, bo;
    std::string oldWrap;
    {
      CreatedDevice created =
          DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock, tpm::noTpm()));
      anna = created.volunteer;
      bo = created.store.addVolunteer("Bo", "582914");
      CHECK(boundWraps(created.store) == 0);
      const auto lines = describe(created.store.protection());
      CHECK(render(lines[0], Lang::En).rfind("PIN only: each PIN guards the data key through Argon2id", 0) == 0);
      auto q = created.store.database().query("SELECT wrapped FROM vault_wrap WHERE principal = ?",
                                              created.store.volunteers()[0].uuid);
      REQUIRE(q.next());
      const crypto::Bytes w = q.blob(0);
      oldWrap.assign(w.begin(), w.end());
    }
    {
      DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock, t.connector()));
      CHECK(render(describe(s.protection())[0], Lang::En)
                .rfind("PIN only, for now: this device has a security chip (TPM 2.0 from FAKE (test), firmware 1.0)",
                       0) == 0);
      s.unlock(anna, kPin);
      CHECK(bindingOf(s, anna) == PinBinding::ThisTpm);
      CHECK(bindingOf(s, bo) == PinBinding::PinOnly);
      const StoreProtection p = s.protection();
      CHECK(p.level() == ProtectionLevel::Partly);
      CHECK(
          render(describe(p)[0], Lang::En) ==
          "1 of 2 PINs are bound to a security chip (TPM); the others are bound at their next unlock or PIN change on "
          "this device's chip. Until then a copy of the disk can be attacked through them");
      s.lock();
      s.unlock(anna, kPin);  // bound once, not again
      CHECK(t.seals == 1);
    }
    // The Argon2id-only wrap that was replaced is in neither the file nor its log.
    std::string all = spor::support::readAll(dir.db()) + spor::support::readAll(dir.db().string() + "-wal");
    CHECK(all.find(oldWrap) == std::string::npos);
    {
      DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock, t.connector()));
      s.unlock(bo, "582914");
      CHECK(s.protection().level() == ProtectionLevel::PinAndTpm);
    }
  }

  TEST_CASE(
      "a new volunteer and a PIN change and a colleague's reset and a recovery keep the binding and recovery needs no "
      "TPM") {
    TempDir dir("tpm-keep");
    FakeClock clock;
    FakeTpm t;
    CreatedDevice created =
        DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock, t.connector()));
    const VolunteerId anna = created.volunteer;
    DeviceStore& s = created.store;
    const ChildId child = s.addChild({.details = {.nickname = "Mads",
                                                  .birthYear = 2014,
                                                  .gender = Gender::Boy,
                                                  .projectId = "strom",
                                                  .interventions = {core::Intervention::Individual}},
                                      .enrolledOn = std::nullopt});
    const VolunteerId bo = s.addVolunteer("Bo", "582914");
    CHECK(bindingOf(s, bo) == PinBinding::ThisTpm);
    s.changePin(anna, kPin, "739158");
    CHECK(bindingOf(s, anna) == PinBinding::ThisTpm);
    s.resetPin(bo, "604817");
    CHECK(bindingOf(s, bo) == PinBinding::ThisTpm);
    CHECK(boundWraps(s) == 2);
    s.lock();
    CHECK_THROWS_AS(s.unlock(anna, kPin), WrongSecretError);
    s.unlock(anna, "739158");
    s.unlock(bo, "604817");

    // The board is replaced by one without a TPM: no PIN opens the data, the
    // recovery key does, and the new PIN is protected by Argon2id alone.
    t.present = false;
    DeviceStore moved = DeviceStore::open(dir.db(), fastOptions(clock, t.connector()));
    SPOR_CHECK_UNCHANGED(dir.db(), CHECK_THROWS_AS(moved.unlock(bo, "604817"), tpm::TpmError));
    const VolunteerId carl = moved.recoverAccess(*created.demoRecoveryKey, "Carl", "920471");
    CHECK(moved.child(child).details.nickname == "Mads");
    CHECK(bindingOf(moved, carl) == PinBinding::PinOnly);
    CHECK(bindingOf(moved, anna) == PinBinding::OtherTpm);
    const auto lines = describe(moved.protection());
    CHECK(std::any_of(lines.begin(), lines.end(), [](const Message& m) {
      return render(m, Lang::En).rfind("2 PINs are bound to a security chip (TPM) that Spor cannot use now", 0) == 0;
    }));

    // A TPM again, but cleared (a new owner): the old bindings are dead, Carl's
    // PIN is bound at its next unlock, and a colleague gives Anna a new PIN.
    t.present = true;
    t.clear();
    DeviceStore back = DeviceStore::open(dir.db(), fastOptions(clock, t.connector()));
    SPOR_CHECK_UNCHANGED(dir.db(), CHECK_THROWS_AS(back.unlock(anna, "739158"), tpm::WrongTpmError));
    back.unlock(carl, "920471");
    CHECK(bindingOf(back, carl) == PinBinding::ThisTpm);
    back.resetPin(anna, "315926");
    back.unlock(anna, "315926");
    CHECK(bindingOf(back, anna) == PinBinding::ThisTpm);
    // Removing a volunteer removes their sealed half with their wrap.
    back.removeVolunteer(bo);
    CHECK(back.database().queryInt("SELECT count(*) FROM vault_tpm WHERE principal NOT IN (SELECT principal FROM "
                                   "vault_wrap)") == 0);
    CHECK(boundWraps(back) == 2);
  }

  TEST_CASE("a TPM that fails while a PIN is set leaves it to Argon2id until its next unlock") {
    TempDir dir("tpm-fail");
    FakeClock clock;
    FakeTpm t;
    t.failSeal = true;
    const VolunteerId anna =
        DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock, t.connector())).volunteer;
    DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock, t.connector()));
    CHECK(boundWraps(s) == 0);
    CHECK(s.protection().level() == ProtectionLevel::PinOnly);
    s.unlock(anna, kPin);
    CHECK(boundWraps(s) == 0);
    t.failSeal = false;
    s.unlock(anna, kPin);
    CHECK(boundWraps(s) == 1);
  }

  TEST_CASE("a bound wrap that is damaged is named as damage when the TPM accepts the PIN and is not counted") {
    TempDir dir("tpm-damaged");
    FakeClock clock;
    FakeTpm t;
    const VolunteerId anna =
        DeviceStore::create(dir.db(), {"Anna", kPin, std::nullopt}, fastOptions(clock, t.connector())).volunteer;
    DeviceStore s = DeviceStore::open(dir.db(), fastOptions(clock, t.connector()));
    // Damaged in a way its check cannot see: a wrap written before wraps had
    // a check (72 bytes, no check), zeroed. (With a check, Vault names the
    // damage before the TPM is asked: test_device_store.cpp.)
    s.database().run("UPDATE vault_wrap SET wrapped = zeroblob(72)");
    CHECK_THROWS_WITH_AS(
        s.unlock(anna, kPin),
        "the PIN is right (the security chip accepted it), but this volunteer's stored key in "
        "'device.db' is damaged: nothing was counted as a wrong try. Another volunteer can give them a "
        "new PIN, or the coordinator can recover the device with the recovery key",
        tpm::TpmError);
    CHECK(s.lockout().failures == 0);
    CHECK_THROWS_AS(s.unlock(anna, "111222"), WrongSecretError);  // a wrong PIN is still a wrong PIN
    CHECK(s.lockout().failures == 1);
  }

}  // TEST_SUITE
