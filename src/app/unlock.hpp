#pragma once
// How every command that unlocks a store gets its PIN or passphrase without
// a prompt: `--secret-file FILE` (the first line of FILE) or the
// SPOR_SECRET environment variable. Commands that unlock list these options:
//
//   ArgSpec spec{{"data-dir", "secret-file", "volunteer"}, {}, 0, 0};
//   const Args args(words, spec);
//   const Secret secret = readSecret(args);          // also turns core dumps off
//   store::DeviceStore store = openDeviceStore(args, secret);
#include <string>
#include <string_view>

#include "app/cli.hpp"
#include "store/device_store.hpp"

namespace spor::app {

// A PIN or passphrase in memory, wiped when it goes out of scope.
class Secret {
 public:
  explicit Secret(std::string text) : text_(std::move(text)) {}
  ~Secret();
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&&) = delete;

  [[nodiscard]] std::string_view view() const { return text_; }

 private:
  std::string text_;
};

// Turns core dumps off (a dump would hold the keys), then reads the secret
// from --secret-file FILE or SPOR_SECRET. Throws UsageError when neither is
// given or the file cannot be read; trailing line breaks are dropped.
[[nodiscard]] Secret readSecret(const Args& args);

// The same for a second secret a command needs, from --OPTION FILE or the
// environment variable `env`. Messages name it: `needs` after "this command
// needs" ("a volunteer's PIN or passphrase"), `thing` elsewhere ("the PIN or
// passphrase").
[[nodiscard]] Secret readSecretFrom(const Args& args, const std::string& option, const char* env,
                                    const std::string& needs, const std::string& thing);

// The data directory: --data-dir DIR, else startDataDir() (the default one,
// or this computer's coordinator folder wherever it was made).
[[nodiscard]] std::string dataDirFrom(const Args& args);

// Opens DIR/device.db and unlocks it as --volunteer NAME, or as the only
// volunteer when there is one and no name is given.
[[nodiscard]] store::DeviceStore openDeviceStore(const Args& args, const Secret& secret,
                                                 store::DeviceStoreOptions options = {});

}  // namespace spor::app
