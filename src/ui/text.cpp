#include "ui/text.hpp"

#include <cstddef>
#include <iterator>

#include "ui/text_table.hpp"

namespace spor::ui {

namespace {

// The table, made from the same file as the enum (text_table.hpp).
constexpr TextEntry kTexts[] = {
#define SPOR_TEXT(key, da, en) {#key, da, en},
#include "ui/text.def"
#undef SPOR_TEXT
};
static_assert(std::size(kTexts) == static_cast<std::size_t>(Word::Count));

}  // namespace

const char* tr(Word key, core::Lang lang) {
  return textIn(kTexts, key, lang);
}

std::string fillPattern(std::string_view pattern, std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(pattern.size() + 16);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '0' && pattern[i + 1] <= '9' &&
        (pattern[i + 2] == '}' || pattern[i + 2] == '|')) {
      const auto n = static_cast<std::size_t>(pattern[i + 1] - '0');
      const std::string_view arg = n < args.size() ? *(args.begin() + static_cast<std::ptrdiff_t>(n)) : "";
      if (pattern[i + 2] == '}') {
        out += arg;
        i += 2;
        continue;
      }
      // {0|one|other}: the first word when argument 0 is 1, else the second.
      const std::size_t bar = pattern.find('|', i + 3);
      const std::size_t end = pattern.find('}', i + 3);
      if (bar != std::string_view::npos && end != std::string_view::npos && bar < end) {
        out += arg == "1" ? pattern.substr(i + 3, bar - i - 3) : pattern.substr(bar + 1, end - bar - 1);
        i = end;
        continue;
      }
    }
    out += pattern[i];
  }
  return out;
}

std::string trf(Word key, core::Lang lang, std::initializer_list<std::string_view> args) {
  return fillPattern(tr(key, lang), args);
}

std::string possessive(const std::string& name, core::Lang lang) {
  if (name.empty()) return name;
  const char last = name.back();
  if (lang == core::Lang::En) return name + (last == 's' ? "'" : "'s");
  // Danish: "Almas", but "Mads'" after s, x and z.
  return name + (last == 's' || last == 'x' || last == 'z' || last == 'S' || last == 'X' || last == 'Z' ? "'" : "s");
}

std::string quoted(std::string_view text, core::Lang lang) {
  return lang == core::Lang::Da ? "\u201E" + std::string(text) + "\u201C" : "\u201C" + std::string(text) + "\u201D";
}

const char* txName(Word key) {
  return textName(kTexts, key);
}

std::string lockoutText(long long seconds, core::Lang lang) {
  if (seconds < 60) return trf(Word::PinLockedOut, lang, {std::to_string(seconds)});
  const long long minutes = (seconds + 59) / 60;
  if (minutes == 1) return tr(Word::PinLockedOutMinute, lang);
  return trf(Word::PinLockedOutMinutes, lang, {std::to_string(minutes)});
}

}  // namespace spor::ui
