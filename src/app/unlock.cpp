#include "app/unlock.hpp"

#include <cstdlib>
#include <fstream>

#include "app/paths.hpp"
#include "crypto/memory.hpp"
#include "store/error.hpp"

namespace spor::app {

Secret::~Secret() {
  crypto::memzero(text_);
}

Secret::Secret(Secret&& other) noexcept : text_(std::move(other.text_)) {
  crypto::memzero(other.text_);
}

Secret readSecret(const Args& args) {
  crypto::disableCoreDumps();
  std::string text;
  if (auto file = args.get("secret-file")) {
    std::ifstream in(*file, std::ios::binary);
    if (!in) throw UsageError("cannot read the secret file '" + *file + "': check the path and its permissions");
    std::getline(in, text);
  } else if (const char* env = std::getenv("SPOR_SECRET"); env && *env) {
    text = env;
  } else {
    throw UsageError(
        "this command needs a volunteer's PIN or passphrase: pass --secret-file FILE (a file holding it on its first "
        "line) or set the SPOR_SECRET environment variable");
  }
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n')) text.pop_back();
  if (text.empty()) throw UsageError("the PIN or passphrase is empty: put it on the first line of the secret file");
  Secret secret(std::move(text));
  crypto::memzero(text);
  return secret;
}

std::string dataDirFrom(const Args& args) {
  return args.get("data-dir").value_or(defaultDataDir());
}

store::DeviceStore openDeviceStore(const Args& args, const Secret& secret, store::DeviceStoreOptions options) {
  store::DeviceStore s = store::DeviceStore::open(store::deviceStorePath(dataDirFrom(args)), std::move(options));
  std::optional<store::Volunteer> who;
  if (auto name = args.get("volunteer")) {
    who = s.findVolunteer(*name);
    if (!who) throw store::NotFoundError("there is no volunteer called '" + *name + "' on this device");
  } else {
    const auto all = s.volunteers();
    if (all.size() != 1) {
      std::string names;
      for (const auto& v : all) names += (names.empty() ? "" : ", ") + v.name;
      throw UsageError("this device has several volunteers (" + names + "): say which with --volunteer NAME");
    }
    who = all.front();
  }
  s.unlock(who->id, secret.view());
  return s;
}

}  // namespace spor::app
