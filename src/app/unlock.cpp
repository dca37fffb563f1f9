#include "app/unlock.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <optional>

#if defined(__unix__)
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>
#endif

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
  return readSecretFrom(args, "secret-file", "SPOR_SECRET", "the volunteer's PIN or passphrase",
                        "the PIN or passphrase");
}

Secret readPassphrase(const Args& args, Ask ask) {
  return readSecretFrom(args, "secret-file", "SPOR_SECRET", "the coordinator's passphrase", "the passphrase", ask);
}

namespace {

#if defined(__unix__)
// While echo is off, a Ctrl-C or a hang-up must not leave the terminal deaf:
// the handler puts the saved settings back, then lets the signal do its job.
int gTerminal = -1;
termios gSavedTerminal{};

extern "C" void restoreTerminalAndRaise(int sig) {
  if (gTerminal >= 0) tcsetattr(gTerminal, TCSAFLUSH, &gSavedTerminal);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}
#endif

// Asks at the terminal with echo off, as passwd and ssh do. nullopt when
// there is no terminal to ask at (a script, a pipe, CI): the caller then
// says which option to use. The answer's buffer is reserved up front, so it
// is never copied by a reallocation, and the Secret wipes it.
std::optional<std::string> askAtTerminal(const std::string& prompt) {
#if defined(__unix__)
  if (!isatty(STDIN_FILENO)) return std::nullopt;
  const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  termios saved{};
  if (tcgetattr(fd, &saved) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ECHONL;  // the Enter still moves to a new line
  gTerminal = fd;
  gSavedTerminal = saved;
  const auto oldInt = std::signal(SIGINT, restoreTerminalAndRaise);
  const auto oldTerm = std::signal(SIGTERM, restoreTerminalAndRaise);
  const auto oldHup = std::signal(SIGHUP, restoreTerminalAndRaise);
  tcsetattr(fd, TCSAFLUSH, &quiet);
  static_cast<void>(::write(fd, prompt.data(), prompt.size()));
  std::string line;
  line.reserve(sync::kMaxSecretFileBytes + 1);
  char c = 0;
  bool tooLong = false;
  for (;;) {
    const ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || c == '\n') break;
    if (line.size() < sync::kMaxSecretFileBytes)
      line.push_back(c);
    else
      tooLong = true;
  }
  c = 0;
  tcsetattr(fd, TCSAFLUSH, &saved);
  std::signal(SIGINT, oldInt);
  std::signal(SIGTERM, oldTerm);
  std::signal(SIGHUP, oldHup);
  gTerminal = -1;
  ::close(fd);
  if (tooLong) {
    crypto::memzero(line);
    throw UsageError("what was typed is longer than " + std::to_string(sync::kMaxSecretFileBytes) +
                     " bytes, so it is not a PIN or passphrase: run the command again");
  }
  return line;
#else
  static_cast<void>(prompt);
  return std::nullopt;
#endif
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

}  // namespace

Secret readSecretFrom(const Args& args, const std::string& option, const char* env, const std::string& needs,
                      const std::string& thing, Ask ask) {
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
  } else if (std::optional<std::string> typed = askAtTerminal(capitalised(needs) + ": ")) {
    text = std::move(*typed);
    if (ask == Ask::Twice && !text.empty()) {
      std::optional<std::string> again = askAtTerminal("Type " + thing + " again: ");
      const bool same = again && *again == text;
      if (again) crypto::memzero(*again);
      if (!same) {
        crypto::memzero(text);
        throw UsageError("the two entries of " + thing + " differ: nothing was changed; run the command again");
      }
    }
    if (text.empty()) throw UsageError(thing + " is empty: type it at the prompt, or give --" + option + " FILE");
  } else {
    throw UsageError("this command needs " + needs + ": pass --" + option +
                     " FILE (a file holding it on its first line), set the " + env +
                     " environment variable, or run it at a terminal to be asked");
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
