// Which protection guards the data key: DeviceStore::protection() and the
// lines a person is shown about it (store/protection.hpp).
#include "store/protection.hpp"

#include <algorithm>

#include "crypto/hash.hpp"
#include "store/device_store.hpp"

namespace spor::store {

int StoreProtection::count(PinBinding binding) const {
  return static_cast<int>(std::count_if(volunteers.begin(), volunteers.end(),
                                        [&](const VolunteerProtection& v) { return v.binding == binding; }));
}

ProtectionLevel StoreProtection::level() const {
  const int pinOnly = count(PinBinding::PinOnly);
  if (pinOnly == 0 && !volunteers.empty()) return ProtectionLevel::PinAndTpm;
  if (pinOnly == static_cast<int>(volunteers.size())) return ProtectionLevel::PinOnly;
  return ProtectionLevel::Partly;
}

std::vector<Message> describe(const StoreProtection& p) {
  std::vector<Message> lines;
  const int total = static_cast<int>(p.volunteers.size());
  const int here = p.count(PinBinding::ThisTpm), stale = p.count(PinBinding::OtherTpm);
  switch (p.level()) {
    case ProtectionLevel::PinOnly:
      if (p.tpm.found)
        lines.push_back({Msg::ProtectionPinOnlyForNow, {{"tpm", p.tpm.description}}});
      else
        lines.push_back(Message{Msg::ProtectionPinOnly});
      break;
    case ProtectionLevel::Partly:
      lines.push_back({Msg::ProtectionPartly, {{"bound", here + stale}, {"total", total}}});
      break;
    case ProtectionLevel::PinAndTpm:
      if (here > 0) lines.push_back({Msg::ProtectionTpm, {{"tpm", p.tpm.description}}});
      break;
  }
  if (stale > 0) lines.push_back({Msg::ProtectionStale, {{"count", stale}}});
  if (p.tpm.problem) lines.push_back(*p.tpm.problem);
  if (p.tpm.lockout && (here > 0 || stale > 0)) {
    const tpm::LockoutInfo& da = *p.tpm.lockout;
    if (da.inLockout)
      lines.push_back(tpm::LockedOutError(da.recoveryInterval).message());
    else if (da.failures > 0)
      lines.push_back(
          {Msg::ProtectionTpmLockout,
           {{"failures", da.failures}, {"max", da.maxFailures}, {"minutes", tpm::waitMinutes(da.recoveryInterval)}}});
  }
  if (p.recoveryKey) lines.push_back({Msg::ProtectionRecovery, {{"fingerprint", *p.recoveryKey}}});
  return lines;
}

StoreProtection DeviceStore::protection() const {
  StoreProtection p;
  std::unique_ptr<tpm::Tpm> found;
  try {
    found = options_.tpm ? options_.tpm() : nullptr;
    if (found) {
      p.tpm.description = found->description();
      p.tpm.lockout = found->lockout();
      p.tpm.found = true;
    }
  } catch (const tpm::TpmError& e) {
    found.reset();
    p.tpm.problem = e.message();
  }
  std::optional<crypto::Bytes> storageKey;
  if (found) {
    try {
      storageKey = found->storageKeyName();
    } catch (const tpm::TpmError& e) {
      p.tpm.problem = e.message();
    }
  }
  const std::vector<WrapInfo> wraps = vault().wraps();
  for (const Volunteer& v : volunteers()) {
    VolunteerProtection vp{v.id, v.name, PinBinding::PinOnly};
    const auto wrap =
        std::find_if(wraps.begin(), wraps.end(), [&](const WrapInfo& w) { return w.principal == v.uuid; });
    if (wrap != wraps.end() && wrap->tpmBound())
      vp.binding = storageKey && *storageKey == *wrap->tpmStorageKey ? PinBinding::ThisTpm : PinBinding::OtherTpm;
    p.volunteers.push_back(std::move(vp));
  }
  if (const auto recipient = vault().recoveryRecipient()) p.recoveryKey = crypto::fingerprint(*recipient);
  return p;
}

}  // namespace spor::store
