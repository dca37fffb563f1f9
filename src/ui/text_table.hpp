#pragma once
// The one mechanism behind the screens' word tables (text.def for the
// volunteer's and the child's screens, coordinator_text.def for the
// coordinator's): each .def file lists SPOR_TEXT(Key, "dansk", "English")
// once; the key enum and the table are both made from it, so they cannot
// disagree, and a new word is one line in one file.
#include <cstddef>

#include "core/text.hpp"

namespace spor::ui {

struct TextEntry {
  const char* name;  // the key's name, for tests ("ImportButton")
  const char* da;
  const char* en;
};

// The words of `key` in `lang` from a table made from a .def file.
template <class Key, std::size_t N>
[[nodiscard]] constexpr const char* textIn(const TextEntry (&table)[N], Key key, core::Lang lang) {
  const TextEntry& e = table[static_cast<std::size_t>(key)];
  return lang == core::Lang::En ? e.en : e.da;
}

template <class Key, std::size_t N>
[[nodiscard]] constexpr const char* textName(const TextEntry (&table)[N], Key key) {
  return table[static_cast<std::size_t>(key)].name;
}

}  // namespace spor::ui
