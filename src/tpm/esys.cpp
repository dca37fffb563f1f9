// The TPM through tpm2-tss's Enhanced System API (ESAPI), over a TCTI chosen
// at run time. The only file that includes tss2. tpm/tpm.hpp says what is
// sealed and why; the TCG's "TPM 2.0 Part 1: Architecture" (sections on
// dictionary-attack protection and policy sessions) is the reference.
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <tss2/tss2_esys.h>
#include <tss2/tss2_mu.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tctildr.h>
#include <unistd.h>

#include "tpm/admin.hpp"
#include "tpm/tpm.hpp"

namespace spor::tpm {

namespace {

// Wipes a stack copy of something secret; the compiler may not drop it.
template <class T>
void wipe(T& value) {
  explicit_bzero(&value, sizeof value);
}

// The TPM's own response code, without the layer (the kernel's or a
// daemon's resource manager) and without the number of the handle, session
// or parameter it refers to; other layers' codes come back unchanged.
TSS2_RC baseCode(TSS2_RC rc) {
  const TSS2_RC layer = rc & TSS2_RC_LAYER_MASK;
  if (layer != TSS2_TPM_RC_LAYER && layer != TSS2_RESMGR_TPM_RC_LAYER) return rc;
  rc &= ~TSS2_RC_LAYER_MASK;
  if (rc & TPM2_RC_FMT1) return rc & (TPM2_RC_FMT1 | 0x3F);
  return rc & 0xFFF;
}

std::string decode(TSS2_RC rc) {
  const char* text = Tss2_RC_Decode(rc);
  return text ? text : "TPM error " + std::to_string(rc);
}

[[noreturn]] void fail(const char* what, TSS2_RC rc) {
  throw TpmError({Msg::TpmFailed, {{"detail", std::string(what) + ": " + decode(rc)}}});
}

void check(TSS2_RC rc, const char* what) {
  if (rc != TSS2_RC_SUCCESS) fail(what, rc);
}

struct EsysFree {
  void operator()(void* p) const { Esys_Free(p); }
};
template <class T>
using EsysPtr = std::unique_ptr<T, EsysFree>;

// tpm2-tss logs every failed command to stderr, a wrong PIN included. Spor
// reports what matters itself, so the library stays quiet unless the user
// asked for its log (TSS2_LOG set).
void quietLibraryLog() {
  static std::once_flag once;
  std::call_once(once, [] { setenv("TSS2_LOG", "all+NONE", 0); });
}

// The well-known storage root key template (TCG "TPM v2.0 Provisioning
// Guidance", ECC P-256): restricted, decrypt, noDA, the key made from the
// owner seed, so every connection derives the same key and the same name
// until the TPM is cleared.
TPM2B_PUBLIC storageKeyTemplate() {
  TPM2B_PUBLIC t{};
  t.publicArea.type = TPM2_ALG_ECC;
  t.publicArea.nameAlg = TPM2_ALG_SHA256;
  t.publicArea.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
                                  TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA | TPMA_OBJECT_RESTRICTED |
                                  TPMA_OBJECT_DECRYPT;
  auto& ecc = t.publicArea.parameters.eccDetail;
  ecc.symmetric.algorithm = TPM2_ALG_AES;
  ecc.symmetric.keyBits.aes = 128;
  ecc.symmetric.mode.aes = TPM2_ALG_CFB;
  ecc.scheme.scheme = TPM2_ALG_NULL;
  ecc.curveID = TPM2_ECC_NIST_P256;
  ecc.kdf.scheme = TPM2_ALG_NULL;
  t.publicArea.unique.ecc.x.size = 32;
  t.publicArea.unique.ecc.y.size = 32;
  return t;
}

// AES-128-CFB for session parameter encryption: what the storage key uses.
TPMT_SYM_DEF sessionCipher() {
  TPMT_SYM_DEF s{};
  s.algorithm = TPM2_ALG_AES;
  s.keyBits.aes = 128;
  s.mode.aes = TPM2_ALG_CFB;
  return s;
}

std::string fourChars(std::uint32_t v) {
  std::string s;
  for (int shift = 24; shift >= 0; shift -= 8) {
    const char c = static_cast<char>((v >> shift) & 0xFF);
    if (c >= 0x20 && c < 0x7F) s += c;
  }
  return s;
}

std::string collapseSpaces(const std::string& in) {
  std::string out;
  for (char c : in)
    if (c != ' ' || (!out.empty() && out.back() != ' ')) out += c;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The path of a "device:PATH" TCTI, or empty for other TCTIs.
std::string devicePath(const std::string& tcti) {
  if (tcti == "device") return "/dev/tpm0";  // tcti-device's own default
  if (tcti.rfind("device:", 0) == 0) return tcti.substr(7);
  return {};
}

class EsysTpm final : public Tpm {
 public:
  explicit EsysTpm(const std::string& tcti) {
    quietLibraryLog();
    const std::string device = devicePath(tcti);
    if (!device.empty()) {
      // Say plainly what is wrong with the device before tss2 says "IO error".
      std::error_code ec;
      if (!std::filesystem::exists(device, ec)) throw UnavailableError({Msg::TpmNoDevice, {{"device", device}}});
      if (access(device.c_str(), R_OK | W_OK) != 0 && errno == EACCES)
        throw UnavailableError({Msg::TpmNoPermission, {{"device", device}}});
    }
    TSS2_RC rc = Tss2_TctiLdr_Initialize(tcti.c_str(), &tcti_);
    if (rc != TSS2_RC_SUCCESS) throw UnavailableError({Msg::TpmUnreachable, {{"tcti", tcti}, {"detail", decode(rc)}}});
    rc = Esys_Initialize(&esys_, tcti_, nullptr);
    if (rc != TSS2_RC_SUCCESS) {
      Tss2_TctiLdr_Finalize(&tcti_);
      throw UnavailableError({Msg::TpmUnreachable, {{"tcti", tcti}, {"detail", decode(rc)}}});
    }
  }

  ~EsysTpm() override {
    for (ESYS_TR h : {primary_})
      if (h != ESYS_TR_NONE) Esys_FlushContext(esys_, h);
    Esys_Finalize(&esys_);
    Tss2_TctiLdr_Finalize(&tcti_);
  }

  EsysTpm(const EsysTpm&) = delete;
  EsysTpm& operator=(const EsysTpm&) = delete;

  std::string description() override {
    const auto props = properties(TPM2_PT_FAMILY_INDICATOR, TPM2_PT_FIRMWARE_VERSION_2 - TPM2_PT_FAMILY_INDICATOR + 1);
    auto get = [&](TPM2_PT p) -> std::uint32_t {
      for (const auto& [prop, value] : props)
        if (prop == p) return value;
      return 0;
    };
    std::string vendor;
    for (TPM2_PT p = TPM2_PT_VENDOR_STRING_1; p <= TPM2_PT_VENDOR_STRING_4; ++p) vendor += fourChars(get(p));
    const std::uint32_t fw1 = get(TPM2_PT_FIRMWARE_VERSION_1);
    std::string text = "TPM " + fourChars(get(TPM2_PT_FAMILY_INDICATOR)) + " from " +
                       collapseSpaces(fourChars(get(TPM2_PT_MANUFACTURER)));
    vendor = collapseSpaces(vendor);
    if (!vendor.empty()) text += " (" + vendor + ")";
    text += ", firmware " + std::to_string(fw1 >> 16) + "." + std::to_string(fw1 & 0xFFFF);
    return text;
  }

  crypto::Bytes storageKeyName() override {
    TPM2B_NAME* raw = nullptr;
    check(Esys_TR_GetName(esys_, primary(), &raw), "reading the storage key's name");
    const EsysPtr<TPM2B_NAME> name(raw);
    return crypto::Bytes(name->name, name->name + name->size);
  }

  LockoutInfo lockout() override {
    const auto props = properties(TPM2_PT_PERMANENT, TPM2_PT_LOCKOUT_RECOVERY - TPM2_PT_PERMANENT + 1);
    LockoutInfo info;
    for (const auto& [prop, value] : props) {
      if (prop == TPM2_PT_PERMANENT) info.inLockout = (value & TPMA_PERMANENT_INLOCKOUT) != 0;
      if (prop == TPM2_PT_LOCKOUT_COUNTER) info.failures = value;
      if (prop == TPM2_PT_MAX_AUTH_FAIL) info.maxFailures = value;
      if (prop == TPM2_PT_LOCKOUT_INTERVAL) info.recoveryInterval = std::chrono::seconds(value);
    }
    return info;
  }

  SealedObject seal(const crypto::SecretBytes& secret, const crypto::SecretBytes& auth) override {
    TPM2B_SENSITIVE_CREATE sensitive{};
    if (secret.size() > sizeof sensitive.sensitive.data.buffer || auth.size() > sizeof(TPMU_HA))
      throw TpmError({Msg::TpmFailed, {{"detail", "a secret or authorisation value too long to seal"}}});
    std::memcpy(sensitive.sensitive.userAuth.buffer, auth.data(), auth.size());
    sensitive.sensitive.userAuth.size = static_cast<UINT16>(auth.size());
    std::memcpy(sensitive.sensitive.data.buffer, secret.data(), secret.size());
    sensitive.sensitive.data.size = static_cast<UINT16>(secret.size());

    // A data object: only this TPM, only under this parent; no userWithAuth,
    // so only the PolicyAuthValue policy opens it; no noDA, so a wrong value
    // counts in the dictionary-attack counter.
    TPM2B_PUBLIC tmpl{};
    tmpl.publicArea.type = TPM2_ALG_KEYEDHASH;
    tmpl.publicArea.nameAlg = TPM2_ALG_SHA256;
    tmpl.publicArea.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT;
    tmpl.publicArea.authPolicy = policyDigest();
    tmpl.publicArea.parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_NULL;

    const TPM2B_DATA outsideInfo{};
    const TPML_PCR_SELECTION noPcrs{};
    const Session session(*this, TPM2_SE_HMAC, TPMA_SESSION_DECRYPT);  // the sensitive part travels encrypted
    TPM2B_PRIVATE* outPrivate = nullptr;
    TPM2B_PUBLIC* outPublic = nullptr;
    const TSS2_RC rc = Esys_Create(esys_, primary(), session.handle, ESYS_TR_NONE, ESYS_TR_NONE, &sensitive, &tmpl,
                                   &outsideInfo, &noPcrs, &outPrivate, &outPublic, nullptr, nullptr, nullptr);
    wipe(sensitive);
    check(rc, "sealing the key");
    const EsysPtr<TPM2B_PRIVATE> priv(outPrivate);
    const EsysPtr<TPM2B_PUBLIC> pub(outPublic);

    SealedObject out;
    out.publicArea = marshal(*pub, Tss2_MU_TPM2B_PUBLIC_Marshal);
    out.privateArea = marshal(*priv, Tss2_MU_TPM2B_PRIVATE_Marshal);
    out.parentName = storageKeyName();
    return out;
  }

  std::optional<crypto::SecretBytes> unseal(const SealedObject& object, const crypto::SecretBytes& auth) override {
    if (object.parentName != storageKeyName()) throw WrongTpmError();
    TPM2B_PUBLIC pub{};
    TPM2B_PRIVATE priv{};
    unmarshal(object.publicArea, pub, Tss2_MU_TPM2B_PUBLIC_Unmarshal);
    unmarshal(object.privateArea, priv, Tss2_MU_TPM2B_PRIVATE_Unmarshal);
    ESYS_TR loaded = ESYS_TR_NONE;
    check(Esys_Load(esys_, primary(), ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &priv, &pub, &loaded),
          "loading the sealed key");
    const Flush flushObject{esys_, loaded};

    TPM2B_AUTH authValue{};
    if (auth.size() > sizeof authValue.buffer)
      throw TpmError({Msg::TpmFailed, {{"detail", "an authorisation value too long"}}});
    std::memcpy(authValue.buffer, auth.data(), auth.size());
    authValue.size = static_cast<UINT16>(auth.size());
    const TSS2_RC setRc = Esys_TR_SetAuth(esys_, loaded, &authValue);
    wipe(authValue);
    check(setRc, "setting the authorisation value");

    // The unsealed secret comes back encrypted under the session key.
    const Session session(*this, TPM2_SE_POLICY, TPMA_SESSION_ENCRYPT);
    check(Esys_PolicyAuthValue(esys_, session.handle, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE),
          "starting the PIN policy");
    TPM2B_SENSITIVE_DATA* raw = nullptr;
    const TSS2_RC rc = Esys_Unseal(esys_, loaded, session.handle, ESYS_TR_NONE, ESYS_TR_NONE, &raw);
    const EsysPtr<TPM2B_SENSITIVE_DATA> data(raw);
    const TSS2_RC base = baseCode(rc);
    if (base == TPM2_RC_AUTH_FAIL || base == TPM2_RC_BAD_AUTH) return std::nullopt;
    if (base == TPM2_RC_LOCKOUT) throw LockedOutError(lockout().recoveryInterval);
    check(rc, "unsealing the key");
    crypto::SecretBytes secret = crypto::SecretBytes::copyOf(crypto::ByteView(data->buffer, data->size));
    wipe(*data);
    return secret;
  }

  // --- administration (tpm/admin.hpp) -----------------------------------------

  void clearOwner() {
    dropPrimary();
    check(Esys_Clear(esys_, ESYS_TR_RH_LOCKOUT, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE), "clearing the TPM");
  }
  void setLockoutPolicy(std::uint32_t maxTries, std::uint32_t interval, std::uint32_t lockoutRecovery) {
    check(Esys_DictionaryAttackParameters(esys_, ESYS_TR_RH_LOCKOUT, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
                                          maxTries, interval, lockoutRecovery),
          "setting the dictionary-attack parameters");
  }
  void resetLockout() {
    check(Esys_DictionaryAttackLockReset(esys_, ESYS_TR_RH_LOCKOUT, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE),
          "resetting the dictionary-attack lock-out");
  }

 private:
  struct Flush {
    ESYS_CONTEXT* esys;
    ESYS_TR handle;
    ~Flush() {
      if (handle != ESYS_TR_NONE) Esys_FlushContext(esys, handle);
    }
  };

  // An authorisation session salted with the storage key (so no one on the
  // bus learns the session key), with parameter encryption `attributes`.
  struct Session {
    ESYS_CONTEXT* esys;
    ESYS_TR handle = ESYS_TR_NONE;
    Session(EsysTpm& tpm, TPM2_SE type, TPMA_SESSION attributes) : esys(tpm.esys_) {
      const TPMT_SYM_DEF cipher = sessionCipher();
      check(Esys_StartAuthSession(esys, tpm.primary(), ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, nullptr,
                                  type, &cipher, TPM2_ALG_SHA256, &handle),
            "starting a session");
      const TPMA_SESSION all = TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT | TPMA_SESSION_CONTINUESESSION;
      check(Esys_TRSess_SetAttributes(esys, handle, attributes | TPMA_SESSION_CONTINUESESSION, all),
            "setting the session's attributes");
    }
    ~Session() {
      if (handle != ESYS_TR_NONE) Esys_FlushContext(esys, handle);
    }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
  };

  std::vector<std::pair<TPM2_PT, std::uint32_t>> properties(TPM2_PT first, std::uint32_t count) {
    TPMS_CAPABILITY_DATA* raw = nullptr;
    TPMI_YES_NO more = TPM2_NO;
    check(Esys_GetCapability(esys_, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, TPM2_CAP_TPM_PROPERTIES, first, count,
                             &more, &raw),
          "reading the TPM's properties");
    const EsysPtr<TPMS_CAPABILITY_DATA> data(raw);
    std::vector<std::pair<TPM2_PT, std::uint32_t>> out;
    const auto& list = data->data.tpmProperties;
    for (UINT32 i = 0; i < list.count && i < TPM2_MAX_TPM_PROPERTIES; ++i)
      out.emplace_back(list.tpmProperty[i].property, list.tpmProperty[i].value);
    return out;
  }

  // The storage root key, made on first use in this connection. A TPM that
  // was never started (a simulator started without startup-clear) is
  // started once.
  ESYS_TR primary() {
    if (primary_ != ESYS_TR_NONE) return primary_;
    const TPM2B_SENSITIVE_CREATE noSensitive{};
    const TPM2B_PUBLIC tmpl = storageKeyTemplate();
    const TPM2B_DATA outsideInfo{};
    const TPML_PCR_SELECTION noPcrs{};
    auto create = [&] {
      return Esys_CreatePrimary(esys_, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &noSensitive,
                                &tmpl, &outsideInfo, &noPcrs, &primary_, nullptr, nullptr, nullptr, nullptr);
    };
    TSS2_RC rc = create();
    if (baseCode(rc) == TPM2_RC_INITIALIZE) {
      check(Esys_Startup(esys_, TPM2_SU_CLEAR), "starting the TPM");
      rc = create();
    }
    if (rc != TSS2_RC_SUCCESS) {
      primary_ = ESYS_TR_NONE;
      fail("making the storage key", rc);
    }
    return primary_;
  }

  void dropPrimary() {
    if (primary_ != ESYS_TR_NONE) Esys_FlushContext(esys_, primary_);
    primary_ = ESYS_TR_NONE;
  }

  // The digest of the policy "PolicyAuthValue", computed by the TPM in a trial session.
  TPM2B_DIGEST policyDigest() {
    ESYS_TR trial = ESYS_TR_NONE;
    const TPMT_SYM_DEF none{TPM2_ALG_NULL, {}, {}};
    check(Esys_StartAuthSession(esys_, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, nullptr,
                                TPM2_SE_TRIAL, &none, TPM2_ALG_SHA256, &trial),
          "starting a trial session");
    const Flush flush{esys_, trial};
    check(Esys_PolicyAuthValue(esys_, trial, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE), "computing the PIN policy");
    TPM2B_DIGEST* raw = nullptr;
    check(Esys_PolicyGetDigest(esys_, trial, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &raw), "reading the PIN policy");
    const EsysPtr<TPM2B_DIGEST> digest(raw);
    return *digest;
  }

  template <class T>
  static crypto::Bytes marshal(const T& value, TSS2_RC (*fn)(const T*, uint8_t[], size_t, size_t*)) {
    crypto::Bytes out(sizeof(T));
    size_t offset = 0;
    check(fn(&value, out.data(), out.size(), &offset), "encoding a TPM structure");
    out.resize(offset);
    return out;
  }

  template <class T>
  static void unmarshal(const crypto::Bytes& bytes, T& value, TSS2_RC (*fn)(const uint8_t[], size_t, size_t*, T*)) {
    size_t offset = 0;
    const TSS2_RC rc = fn(bytes.data(), bytes.size(), &offset, &value);
    if (rc != TSS2_RC_SUCCESS || offset != bytes.size())
      throw TpmError({Msg::TpmFailed, {{"detail", "a stored sealed object is damaged (" + decode(rc) + ")"}}});
  }

  TSS2_TCTI_CONTEXT* tcti_ = nullptr;
  ESYS_CONTEXT* esys_ = nullptr;
  ESYS_TR primary_ = ESYS_TR_NONE;
};

}  // namespace

bool builtWithTpm() {
  return true;
}

std::unique_ptr<Tpm> connect(const std::string& tcti) {
  return std::make_unique<EsysTpm>(tcti);
}

void clearTpm(const std::string& tcti) {
  EsysTpm(tcti).clearOwner();
}

void setLockoutPolicy(const std::string& tcti, const LockoutPolicy& policy) {
  EsysTpm(tcti).setLockoutPolicy(policy.maxFailures, static_cast<std::uint32_t>(policy.recoveryInterval.count()),
                                 static_cast<std::uint32_t>(policy.lockoutRecovery.count()));
}

void resetLockout(const std::string& tcti) {
  EsysTpm(tcti).resetLockout();
}

}  // namespace spor::tpm
