#include "app/unlock.hpp"

#include <cstdlib>
#include <filesystem>

#include "app/paths.hpp"
#include "crypto/memory.hpp"
#include "store/error.hpp"
#include "sync/file_caps.hpp"
#include "sync/file_io.hpp"

namespace spor::app {

Secret::~Secret() {
  crypto::memzero(text_);
}

Secret::Secret(Secret&& other) noexcept : text_(std::move(other.text_)) {
  crypto::memzero(other.text_);
}

Secret readSecret(const Args& args) {
  return readSecretFrom(args, "secret-file", "SPOR_SECRET", "a volunteer's PIN or passphrase", "the PIN or passphrase");
}

Secret readSecretFrom(const Args& args, const std::string& option, const char* env, const std::string& needs,
                      const std::string& thing) {
  crypto::disableCoreDumps();
  std::string text;
  if (auto file = args.get(option)) {
    // Capped, and refused before any store is opened: a folder, a huge or an
    // endless file never reaches the vault, so it is never counted as a wrong try.
    std::error_code ec;
    if (std::filesystem::is_directory(*file, ec))
      throw UsageError("the secret file '" + *file + "' is a folder: give the file that holds " + thing +
                       " on its first line");
    try {
      text = sync::readFirstLineCapped(*file, sync::kMaxSecretFileBytes, Msg::FileSecret);
    } catch (const sync::SyncError& e) {
      if (e.kind() == sync::SyncErrorKind::TooLarge)
        throw UsageError("the secret file '" + *file + "' has a first line longer than " +
                         std::to_string(sync::kMaxSecretFileBytes) + " bytes, so it does not hold " + thing +
                         ": put only " + thing + " on its first line");
      throw UsageError("cannot read the secret file '" + *file + "': check the path and its permissions");
    }
  } else if (const char* value = std::getenv(env); value && *value) {
    text = value;
  } else {
    throw UsageError("this command needs " + needs + ": pass --" + option +
                     " FILE (a file holding it on its first line) or set the " + env + " environment variable");
  }
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n')) text.pop_back();
  if (text.empty()) throw UsageError(thing + " is empty: put it on the first line of the secret file");
  Secret secret(std::move(text));
  crypto::memzero(text);
  return secret;
}

std::string dataDirFrom(const Args& args) {
  return args.get("data-dir").value_or(startDataDir());
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
