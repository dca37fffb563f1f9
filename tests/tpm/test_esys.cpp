// spor_tpm against a software TPM (swtpm): sealing and unsealing, wrong
// authorisations counted by the TPM's dictionary-attack lock-out, objects
// that another TPM (or this one after a clear) cannot unseal, and the
// errors for a TPM that cannot be reached.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <doctest/doctest.h>

#include "crypto/random.hpp"
#include "swtpm.hpp"
#include "tpm/admin.hpp"
#include "tpm/tpm.hpp"

using namespace spor;
using test::SoftwareTpm;

namespace {

crypto::SecretBytes bytes(std::size_t n, std::uint8_t fill) {
  crypto::SecretBytes b(n);
  for (std::size_t i = 0; i < n; ++i) b.data()[i] = static_cast<std::uint8_t>(fill + i);
  return b;
}

// The TPM's lock-out back to no failures, with a budget the tests choose.
void lockoutPolicy(const SoftwareTpm& t, std::uint32_t maxFailures) {
  tpm::resetLockout(t.tcti());
  tpm::setLockoutPolicy(t.tcti(), {maxFailures, std::chrono::seconds(1000), std::chrono::seconds(1000)});
}

}  // namespace

TEST_SUITE("tpm") {
  TEST_CASE("a secret sealed under an authorisation value comes back only with that value") {
    SoftwareTpm& t = test::sharedTpm();
    lockoutPolicy(t, 32);
    const auto tpm = tpm::connect(t.tcti());
    CHECK(tpm->description().rfind("TPM 2.0 from IBM", 0) == 0);
    const crypto::SecretBytes secret = bytes(32, 7), auth = bytes(32, 100), wrong = bytes(32, 101);
    const tpm::SealedObject sealed = tpm->seal(secret, auth);
    CHECK(sealed.parentName == tpm->storageKeyName());
    CHECK_FALSE(sealed.publicArea.empty());
    CHECK_FALSE(sealed.privateArea.empty());
    // The secret is not in what is stored (the TPM encrypted it).
    const std::string priv(sealed.privateArea.begin(), sealed.privateArea.end());
    CHECK(priv.find(std::string(reinterpret_cast<const char*>(secret.data()), secret.size())) == std::string::npos);

    // A new connection (a new storage key made from the same seed) opens it.
    const auto again = tpm::connect(t.tcti());
    const auto opened = again->unseal(sealed, auth);
    REQUIRE(opened.has_value());
    CHECK(opened->equals(secret));

    const std::uint32_t before = again->lockout().failures;
    CHECK_FALSE(again->unseal(sealed, wrong).has_value());
    CHECK(again->lockout().failures == before + 1);  // counted by the TPM, not by Spor
    tpm::resetLockout(t.tcti());
  }

  TEST_CASE("the TPM locks after its maximum of wrong values and then refuses the right one too") {
    SoftwareTpm& t = test::sharedTpm();
    lockoutPolicy(t, 3);
    const auto tpm = tpm::connect(t.tcti());
    const crypto::SecretBytes secret = bytes(32, 1), auth = bytes(32, 2), wrong = bytes(32, 3);
    const tpm::SealedObject sealed = tpm->seal(secret, auth);
    for (int i = 1; i <= 3; ++i) {
      CHECK_FALSE(tpm->unseal(sealed, wrong).has_value());
      CHECK(tpm->lockout().failures == static_cast<std::uint32_t>(i));
    }
    const tpm::LockoutInfo info = tpm->lockout();
    CHECK(info.inLockout);
    CHECK(info.maxFailures == 3);
    CHECK(info.triesLeft() == 0);
    CHECK(info.recoveryInterval == std::chrono::seconds(1000));
    try {
      (void)tpm->unseal(sealed, auth);
      FAIL("a locked TPM unsealed");
    } catch (const tpm::LockedOutError& e) {
      CHECK(e.wait() == std::chrono::seconds(1000));
      CHECK(std::string(e.what()) ==
            "the device's security chip (TPM) has locked itself after too many wrong PINs: it lets no PIN be tried for "
            "up to 17 minutes. Wait, then try again; the coordinator's recovery key works meanwhile");
      CHECK(render(e.message(), Lang::Da).find("op til 17 minutter") != std::string::npos);
    }
    tpm::resetLockout(t.tcti());
    CHECK(tpm->unseal(sealed, auth).has_value());
    lockoutPolicy(t, 32);
  }

  TEST_CASE("an object sealed by one TPM cannot be unsealed by another nor after its TPM was cleared") {
    SoftwareTpm first, second;
    const crypto::SecretBytes secret = bytes(32, 9), auth = bytes(32, 10);
    const tpm::SealedObject sealed = tpm::connect(first.tcti())->seal(secret, auth);
    CHECK_THROWS_AS((void)tpm::connect(second.tcti())->unseal(sealed, auth), tpm::WrongTpmError);
    // Even with the other TPM's name written over it, the object does not load there.
    tpm::SealedObject forged = sealed;
    forged.parentName = tpm::connect(second.tcti())->storageKeyName();
    CHECK_THROWS_AS((void)tpm::connect(second.tcti())->unseal(forged, auth), tpm::TpmError);

    CHECK(tpm::connect(first.tcti())->unseal(sealed, auth).has_value());
    tpm::clearTpm(first.tcti());
    CHECK_THROWS_WITH_AS(
        (void)tpm::connect(first.tcti())->unseal(sealed, auth),
        "this PIN is bound to another security chip (TPM) than this device's, or this device's TPM was "
        "cleared: no PIN can open these data here. The coordinator can recover the device with the "
        "recovery key and then give the volunteers new PINs",
        tpm::WrongTpmError);
  }

  TEST_CASE("a TPM that cannot be reached is named in the error") {
    CHECK_THROWS_WITH_AS((void)tpm::connect("device:/nonexistent/tpmrm0"),
                         "there is no security chip (TPM) at /nonexistent/tpmrm0: switch the TPM on in the device's "
                         "firmware settings",
                         tpm::UnavailableError);
    SoftwareTpm t;
    const std::string tcti = t.tcti();
    t.stop();
    try {
      (void)tpm::connect(tcti);
      FAIL("connected to a stopped TPM");
    } catch (const tpm::UnavailableError& e) {
      CHECK(e.message().code == Msg::TpmUnreachable);
      CHECK(e.message().arg("tcti") == tcti);
    }
    t.start();  // its state survives a restart, as a TPM's does a power cycle
    CHECK_NOTHROW((void)tpm::connect(tcti)->lockout());
  }

  TEST_CASE("SPOR_TPM chooses the TPM: off or a TCTI or the resource manager when there is one") {
    const char* saved = std::getenv("SPOR_TPM");
    const std::string keep = saved ? saved : "";
    setenv("SPOR_TPM", "off", 1);
    CHECK_FALSE(tpm::systemTcti().has_value());
    CHECK(tpm::systemTpm()() == nullptr);
    setenv("SPOR_TPM", "swtpm:path=/x", 1);
    CHECK(tpm::systemTcti() == "swtpm:path=/x");
    setenv("SPOR_TPM", "auto", 1);
    CHECK(tpm::systemTcti().has_value() == std::filesystem::exists("/dev/tpmrm0"));
    if (saved)
      setenv("SPOR_TPM", keep.c_str(), 1);
    else
      unsetenv("SPOR_TPM");
  }

}  // TEST_SUITE
