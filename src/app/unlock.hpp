#pragma once
// How every command that unlocks a store gets its PIN or passphrase:
// `--secret-file FILE` (the first line of FILE), the SPOR_SECRET environment
// variable, or, when neither is given and the command runs at a terminal,
// a prompt with echo off. Commands that unlock list these options:
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

// Twice: a new secret is typed twice at a terminal, and two entries that
// differ change nothing.
enum class Ask { Once, Twice };

// Turns core dumps off (a dump would hold the keys), then reads a
// volunteer's PIN from --secret-file FILE, SPOR_SECRET or the terminal.
// Throws UsageError when there is none of them or the file cannot be read;
// trailing line breaks are dropped.
[[nodiscard]] Secret readSecret(const Args& args);

// The same for the coordinator's passphrase (coordinator commands say
// "passphrase", device commands "PIN").
[[nodiscard]] Secret readPassphrase(const Args& args, Ask ask = Ask::Once);

// The same for any secret a command needs, from --OPTION FILE, the
// environment variable `env` or the terminal. Messages name it: `needs`
// after "this command needs" and as the prompt ("the volunteer's new PIN"),
// `thing` elsewhere ("the new PIN").
[[nodiscard]] Secret readSecretFrom(const Args& args, const std::string& option, const char* env,
                                    const std::string& needs, const std::string& thing, Ask ask = Ask::Once);

// The data directory: --data-dir DIR, else startDataDir() (the default one,
// or this computer's coordinator folder wherever it was made).
[[nodiscard]] std::string dataDirFrom(const Args& args);

// Opens DIR/device.db and unlocks it as --volunteer NAME, or as the only
// volunteer when there is one and no name is given.
[[nodiscard]] store::DeviceStore openDeviceStore(const Args& args, const Secret& secret,
                                                 store::DeviceStoreOptions options = {});

}  // namespace spor::app
