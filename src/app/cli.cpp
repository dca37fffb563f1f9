#include "app/cli.hpp"

#include <charconv>

namespace spor::app {

Args::Args(const std::vector<std::string>& words, const ArgSpec& spec) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.rfind("--", 0) != 0 || w == "--") {
      positional_.push_back(w);
      continue;
    }
    std::string name = w.substr(2);
    std::optional<std::string> inlineValue;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inlineValue = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (spec.flags.count(name)) {
      if (inlineValue) throw UsageError("option --" + name + " takes no value");
      flags_.insert(name);
    } else if (spec.valued.count(name)) {
      if (inlineValue) {
        values_[name] = *inlineValue;
      } else {
        if (i + 1 >= words.size()) throw UsageError("option --" + name + " needs a value");
        values_[name] = words[++i];
      }
    } else {
      throw UsageError("unknown option --" + name);
    }
  }
  if (positional_.size() < spec.minPositional)
    throw UsageError("missing argument" + std::string(spec.minPositional - positional_.size() > 1 ? "s" : ""));
  if (positional_.size() > spec.maxPositional)
    throw UsageError("unexpected argument '" + positional_[spec.maxPositional] + "'");
}

std::optional<std::string> Args::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Args::require(const std::string& name) const {
  auto v = get(name);
  if (!v || v->empty()) throw UsageError("option --" + name + " is required");
  return *v;
}

bool Args::has(const std::string& name) const { return flags_.count(name) > 0 || values_.count(name) > 0; }

std::optional<long long> Args::integer(const std::string& name, long long lo, long long hi) const {
  auto v = get(name);
  if (!v) return std::nullopt;
  long long out = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || ptr != v->data() + v->size())
    throw UsageError("option --" + name + " must be a whole number, not '" + *v + "'");
  if (out < lo || out > hi)
    throw UsageError("option --" + name + " must be from " + std::to_string(lo) + " to " + std::to_string(hi));
  return out;
}

}  // namespace spor::app
