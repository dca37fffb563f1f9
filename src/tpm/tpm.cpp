// The parts of spor_tpm that need no tss2: choosing the TPM, the errors.
// The ESAPI implementation is esys.cpp (built when SPOR_TPM is on).
#include "tpm/tpm.hpp"

#include <cstdlib>
#include <filesystem>

namespace spor::tpm {

namespace {
constexpr const char* kResourceManager = "/dev/tpmrm0";
}  // namespace

long long waitMinutes(std::chrono::seconds wait) {
  const long long s = wait.count();
  return s <= 60 ? 1 : (s + 59) / 60;
}

LockedOutError::LockedOutError(std::chrono::seconds wait)
    : TpmError({Msg::TpmLockedOut, {{"minutes", waitMinutes(wait)}}}), wait_(wait) {}

std::optional<std::string> systemTcti() {
  const char* env = std::getenv("SPOR_TPM");
  const std::string choice = env ? env : "";
  if (choice == "off" || choice == "none") return std::nullopt;
  if (!choice.empty() && choice != "auto") return choice;
  // The kernel's resource manager lets several programs share the TPM; the
  // raw /dev/tpm0 would fight with them, so it is never chosen by itself.
  std::error_code ec;
  if (std::filesystem::exists(kResourceManager, ec)) return std::string("device:") + kResourceManager;
  return std::nullopt;
}

Connector systemTpm() {
  return []() -> std::unique_ptr<Tpm> {
    const std::optional<std::string> tcti = systemTcti();
    if (!tcti) return nullptr;
    // A build without TPM support on a device that has one works as on a
    // device without; only an explicit SPOR_TPM asks for the error.
    const char* env = std::getenv("SPOR_TPM");
    if (!builtWithTpm() && (env == nullptr || std::string(env) == "auto")) return nullptr;
    return connect(*tcti);
  };
}

Connector noTpm() {
  return []() -> std::unique_ptr<Tpm> { return nullptr; };
}

#ifndef SPOR_WITH_TSS2
bool builtWithTpm() {
  return false;
}

std::unique_ptr<Tpm> connect(const std::string&) {
  throw UnavailableError(Message{Msg::TpmNotBuilt});
}
#endif

}  // namespace spor::tpm
