// spor: the command-line entry. `spor COMMAND ...` runs a command;
// `spor --help` lists them.
#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/paths.hpp"
#include "crypto/memory.hpp"
#ifdef SPOR_WITH_UI
#include "ui/app.hpp"
#endif

namespace {

void printHelp(std::ostream& out) {
  out << "Spor " << SPOR_VERSION << ": offline measurement of children's well-being.\n\n"
      << "Usage:\n";
  for (const auto& c : spor::app::commands()) out << "  " << c.usage << "\n      " << c.summary << "\n";
#ifdef SPOR_WITH_UI
  out << "  " << spor::ui::appUsage() << "\n      start the tablet app (the default when no command is given)\n";
#endif
  out << "\n  spor --version\n  spor --help\n\n"
      << "Data directory (default): " << spor::app::defaultDataDir() << "\n"
      << "Bundled forms:            " << spor::app::bundledFormsDir() << "\n";
}

// The longest command name that matches the first words of the arguments.
const spor::app::Command* findCommand(const std::vector<std::string>& words, std::size_t& used) {
  const spor::app::Command* best = nullptr;
  for (const auto& c : spor::app::commands()) {
    std::vector<std::string> parts;
    std::string name = c.name;
    for (std::size_t pos = 0; pos != std::string::npos;) {
      auto next = name.find(' ', pos);
      parts.push_back(name.substr(pos, next == std::string::npos ? next : next - pos));
      pos = next == std::string::npos ? next : next + 1;
    }
    if (parts.size() > words.size()) continue;
    if (!std::equal(parts.begin(), parts.end(), words.begin())) continue;
    if (!best || parts.size() > used) {
      best = &c;
      used = parts.size();
    }
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
#ifdef SPOR_WITH_UI
  // No command, or app options only (--data-dir, --kiosk, ...): the tablet app.
  if (spor::ui::isAppInvocation(words)) {
    // The app holds the data key while unlocked: no core file may carry it.
    spor::crypto::disableCoreDumps();
    return spor::ui::runApp(words, {spor::app::startDataDir(), spor::app::bundledFormsDir()}, std::cerr);
  }
#endif
  // App options before it ("spor --lang da --help") do not hide the help.
  const bool optionsOnly = !words.empty() && words[0].rfind("--", 0) == 0;
  const auto asks = [&](const char* a, const char* b) {
    return optionsOnly && std::find_if(words.begin(), words.end(), [&](const std::string& w) {
                            return w == a || w == b;
                          }) != words.end();
  };
  if (words.empty() || words[0] == "-h" || words[0] == "help" || asks("--help", "-h")) {
    printHelp(std::cout);
    return spor::app::kExitOk;
  }
  if (asks("--version", "--version")) {
    std::cout << "spor " << SPOR_VERSION << "\n";
    return spor::app::kExitOk;
  }
  std::size_t used = 0;
  const spor::app::Command* command = findCommand(words, used);
  if (!command) {
    std::cerr << "spor: unknown command '" << words[0] << "'. Run 'spor --help' for the list of commands.\n";
    return spor::app::kExitUsage;
  }
  const std::vector<std::string> rest(words.begin() + static_cast<std::ptrdiff_t>(used), words.end());
  try {
    return command->run(rest, std::cout, std::cerr);
  } catch (const spor::app::UsageError& e) {
    std::cerr << "spor " << command->name << ": " << e.what() << "\nUsage: " << command->usage << "\n";
    return spor::app::kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "spor " << command->name << ": " << e.what() << "\n";
    return spor::app::kExitFailed;
  }
}
