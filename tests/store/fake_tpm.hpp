#pragma once
// A TPM in memory for the store's tests: it keeps what it seals in a map,
// counts wrong authorisations and locks at maxFailures, and can be cleared,
// switched off or made to fail, so every path of the vault's TPM binding runs
// without a TPM. The real one is tested against swtpm in tests/tpm.
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

#include "crypto/random.hpp"
#include "tpm/tpm.hpp"

namespace spor::test {

class FakeTpm {
 public:
  std::uint32_t maxFailures = 5;
  std::uint32_t failures = 0;
  bool present = true;       // false: the connector finds no TPM
  bool unreachable = false;  // true: the connector throws UnavailableError
  bool failSeal = false;     // true: seal() throws TpmError
  int seals = 0, unseals = 0;

  // A new owner seed: every object sealed before is lost.
  void clear() {
    storageKey_ = crypto::randomBytes(34);
    objects_.clear();
  }

  [[nodiscard]] tpm::Connector connector() {
    return [this]() -> std::unique_ptr<tpm::Tpm> {
      if (unreachable)
        throw tpm::UnavailableError({Msg::TpmUnreachable, {{"tcti", "fake"}, {"detail", "switched off"}}});
      if (!present) return nullptr;
      return std::make_unique<Connection>(*this);
    };
  }

 private:
  struct Entry {
    crypto::Bytes secret, auth;
  };

  class Connection final : public tpm::Tpm {
   public:
    explicit Connection(FakeTpm& t) : t_(t) {}
    std::string description() override { return "TPM 2.0 from FAKE (test), firmware 1.0"; }
    crypto::Bytes storageKeyName() override { return t_.storageKey_; }
    tpm::LockoutInfo lockout() override {
      return {t_.failures, t_.maxFailures, std::chrono::seconds(600), t_.failures >= t_.maxFailures};
    }
    tpm::SealedObject seal(const crypto::SecretBytes& secret, const crypto::SecretBytes& auth) override {
      if (t_.failSeal) throw tpm::TpmError({Msg::TpmFailed, {{"detail", "fake failure"}}});
      ++t_.seals;
      tpm::SealedObject o{crypto::randomBytes(48), crypto::randomBytes(64), t_.storageKey_};
      t_.objects_[o.publicArea] = {crypto::Bytes(secret.view().begin(), secret.view().end()),
                                   crypto::Bytes(auth.view().begin(), auth.view().end())};
      return o;
    }
    std::optional<crypto::SecretBytes> unseal(const tpm::SealedObject& o, const crypto::SecretBytes& auth) override {
      ++t_.unseals;
      if (o.parentName != t_.storageKey_) throw tpm::WrongTpmError();
      const auto it = t_.objects_.find(o.publicArea);
      if (it == t_.objects_.end()) throw tpm::TpmError({Msg::TpmFailed, {{"detail", "no such object"}}});
      if (t_.failures >= t_.maxFailures) throw tpm::LockedOutError(std::chrono::seconds(600));
      if (!auth.equals(it->second.auth)) {
        ++t_.failures;
        return std::nullopt;
      }
      return crypto::SecretBytes::copyOf(it->second.secret);
    }

   private:
    FakeTpm& t_;
  };

  crypto::Bytes storageKey_ = crypto::randomBytes(34);
  std::map<crypto::Bytes, Entry> objects_;
};

}  // namespace spor::test
