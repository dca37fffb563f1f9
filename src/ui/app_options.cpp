#include "ui/app_options.hpp"

#include <charconv>

namespace spor::ui {

const char* appUsage() {
  return "spor [--data-dir DIR] [--kiosk] [--scale X] [--lang da|en] [--size WxH] [--script FILE] [--bench FILE]";
}

bool isAppInvocation(const std::vector<std::string>& words) {
  if (words.empty()) return true;
  // "--lang da --help" asks for the help as "--help" does, not for the app.
  for (const std::string& w : words)
    if (w == "--help" || w == "-h" || w == "--version") return false;
  return words.front().rfind("--", 0) == 0;
}

namespace {

float parseScale(const std::string& text) {
  float v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < 0.5f || v > 4.0f)
    throw AppUsageError("--scale takes a number from 0.5 to 4, such as 1.5, not '" + text + "'");
  return v;
}

void parseSize(const std::string& text, AppOptions& o) {
  const auto x = text.find('x');
  int w = 0;
  int h = 0;
  if (x == std::string::npos || std::from_chars(text.data(), text.data() + x, w).ptr != text.data() + x ||
      std::from_chars(text.data() + x + 1, text.data() + text.size(), h).ptr != text.data() + text.size() || w < 320 ||
      h < 320 || w > 8192 || h > 8192)
    throw AppUsageError("--size takes WIDTHxHEIGHT between 320 and 8192, such as 800x1280, not '" + text + "'");
  o.width = w;
  o.height = h;
  o.sizeGiven = true;
}

}  // namespace

AppOptions parseAppOptions(const std::vector<std::string>& words) {
  AppOptions o;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string name = words[i];
    std::optional<std::string> inlineValue;
    if (const auto eq = name.find('='); name.rfind("--", 0) == 0 && eq != std::string::npos) {
      inlineValue = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const auto value = [&]() -> std::string {
      if (inlineValue) return *inlineValue;
      if (i + 1 >= words.size() || words[i + 1].rfind("--", 0) == 0)
        throw AppUsageError("option " + name + " needs a value");
      return words[++i];
    };
    if (name == "--data-dir")
      o.dataDir = value();
    else if (name == "--kiosk")
      o.kiosk = true;
    else if (name == "--scale")
      o.scale = parseScale(value());
    else if (name == "--script")
      o.script = value();
    else if (name == "--bench")
      o.bench = value();
    else if (name == "--size")
      parseSize(value(), o);
    else if (name == "--lang") {
      core::Lang lang{};
      const std::string v = value();
      if (!core::parseLang(v, lang)) throw AppUsageError("--lang takes da or en, not '" + v + "'");
      o.lang = lang;
    } else if (name.rfind("--", 0) == 0) {
      throw AppUsageError("unknown option '" + name + "' for the app");
    } else {
      throw AppUsageError("'" + name + "' is not an app option; to run a command, put it first (spor " + name +
                          " ...)");
    }
    if (inlineValue && (name == "--kiosk")) throw AppUsageError("--kiosk takes no value");
  }
  return o;
}

}  // namespace spor::ui
