#pragma once
// Command-line parsing for `spor`: each command declares the options it
// takes, so a typo ("--data-dri") is an error that names the option instead
// of being silently ignored.
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace spor::app {

// A mistake in how a command was called; main() prints it with the usage.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ArgSpec {
  std::set<std::string> valued;  // options that take a value: --out FILE or --out=FILE
  std::set<std::string> flags;   // options that take none: --kiosk
  std::size_t minPositional = 0;
  std::size_t maxPositional = 0;
};

class Args {
 public:
  Args(const std::vector<std::string>& words, const ArgSpec& spec);

  [[nodiscard]] std::optional<std::string> get(const std::string& name) const;
  [[nodiscard]] std::string require(const std::string& name) const;  // throws UsageError when absent
  [[nodiscard]] bool has(const std::string& name) const;              // flags and valued options
  [[nodiscard]] const std::vector<std::string>& positional() const { return positional_; }
  // An integer option, with a message that names it when it is not one.
  [[nodiscard]] std::optional<long long> integer(const std::string& name, long long lo, long long hi) const;

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_;
  std::vector<std::string> positional_;
};

}  // namespace spor::app
