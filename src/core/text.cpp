#include "core/text.hpp"

namespace spor::core {

const char* langCode(Lang lang) { return lang == Lang::En ? "en" : "da"; }

bool parseLang(const std::string& code, Lang& out) {
  if (code == "da") {
    out = Lang::Da;
    return true;
  }
  if (code == "en") {
    out = Lang::En;
    return true;
  }
  return false;
}

}  // namespace spor::core
