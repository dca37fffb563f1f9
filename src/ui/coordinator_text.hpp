#pragma once
// Every word the coordinator's screens say, per language, by the same
// mechanism as text.hpp for the volunteer's screens (text_table.hpp): the
// words are in coordinator_text.def, one line per key, from which the CoordWord
// enum and the table are made. Kept apart from text.def so the two sets of
// screens can grow without touching each other's file.
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/text.hpp"

namespace spor::ui {

enum class CoordWord {
#define SPOR_TEXT(key, da, en) key,
#include "ui/coordinator_text.def"
#undef SPOR_TEXT
  Count
};

[[nodiscard]] const char* ctr(CoordWord key, core::Lang lang);
// With {0}, {1} ... replaced by `args`.
[[nodiscard]] std::string ctrf(CoordWord key, core::Lang lang, std::initializer_list<std::string_view> args);
[[nodiscard]] const char* ctxName(CoordWord key);  // "ImportButton", for the tests

}  // namespace spor::ui
