#pragma once
// Localised text: Danish is the product's language; volunteer-facing texts
// also exist in English.
#include <string>

#include "messages/lang.hpp"

namespace spor::core {

using Lang = spor::Lang;  // messages/lang.hpp: one enum for forms, screens and messages

struct LocalText {
  std::string da;
  std::string en;  // may be empty where only Danish is required

  // The text in `lang`, falling back to Danish when no translation exists.
  [[nodiscard]] const std::string& in(Lang lang) const { return lang == Lang::En && !en.empty() ? en : da; }
};

[[nodiscard]] const char* langCode(Lang lang);
// "da" or "en"; anything else returns false.
[[nodiscard]] bool parseLang(const std::string& code, Lang& out);

}  // namespace spor::core
