#include "ui/coordinator_text.hpp"

#include "ui/text.hpp"

#include <cstddef>
#include <iterator>

#include "ui/text_table.hpp"

namespace spor::ui {

namespace {

// The table, made from the same file as the enum (text_table.hpp).
constexpr TextEntry kTexts[] = {
#define SPOR_TEXT(key, da, en) {#key, da, en},
#include "ui/coordinator_text.def"
#undef SPOR_TEXT
};
static_assert(std::size(kTexts) == static_cast<std::size_t>(CoordWord::Count));

}  // namespace

const char* ctr(CoordWord key, core::Lang lang) {
  return textIn(kTexts, key, lang);
}

std::string ctrf(CoordWord key, core::Lang lang, std::initializer_list<std::string_view> args) {
  return fillPattern(ctr(key, lang), args);
}

const char* ctxName(CoordWord key) {
  return textName(kTexts, key);
}

}  // namespace spor::ui
