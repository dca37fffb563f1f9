#pragma once
// Every word the app's own screens say, per language (ImHex's _lang keys).
// Views never hold string literals: they ask tr(Word::Back, lang). The key is
// an enum, so a misspelt key does not compile; tests check that every key has
// Danish and English text. Form texts (items, scales) come from forms/.
// The words are in text.def, one line per key, from which both the enum
// and the table are made (text_table.hpp; coordinator_text.def likewise).
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/text.hpp"

namespace spor::ui {

enum class Word {
#define SPOR_TEXT(key, da, en) key,
#include "ui/text.def"
#undef SPOR_TEXT
  Count
};

// The text for `key` in `lang`.
[[nodiscard]] const char* tr(Word key, core::Lang lang);

// tr() with {0}, {1}, … replaced by the arguments.
[[nodiscard]] std::string trf(Word key, core::Lang lang, std::initializer_list<std::string_view> args);
// The pattern with {0}, {1}, ... filled in; {0|one|other} is the word for a
// count, like the message catalogue's: "one" when argument 0 is "1", else "other".
[[nodiscard]] std::string fillPattern(std::string_view pattern, std::initializer_list<std::string_view> args);

// The lock-out's countdown as a person reads it: seconds under a minute,
// else whole minutes, rounded up ("Prøv igen om 60 minutter", never "Vent 3600 sekunder").
[[nodiscard]] std::string lockoutText(long long seconds, core::Lang lang);

// "Almas", "Mads'" (da); "Alma's", "Mads'" (en): for the {0} of the texts above that take one.
[[nodiscard]] std::string possessive(const std::string& name, core::Lang lang);

// A text in quotation marks as each language writes them: „Andet“ (da), “Other” (en).
[[nodiscard]] std::string quoted(std::string_view text, core::Lang lang);

// The key's name ("Progress"), for tests and missing-text messages.
[[nodiscard]] const char* txName(Word key);

}  // namespace spor::ui
