#include "report/format.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace spor::report {

std::string formatNumber(double value, int decimals, char decimalSeparator) {
  if (!std::isfinite(value)) return "–";
  std::array<char, 64> buf{};
  std::snprintf(buf.data(), buf.size(), "%.*f", decimals, value);
  std::string out(buf.data());
  // A value that rounds to zero prints without its sign.
  if (out.front() == '-' && out.find_first_not_of("-0.") == std::string::npos) out.erase(0, 1);
  for (char& c : out)
    if (c == '.') c = decimalSeparator;
  return out;
}

std::string formatPercent(double value, int decimals) { return formatNumber(value, decimals) + " %"; }

std::string formatP(std::optional<double> p, char decimalSeparator) {
  if (!p) return "–";
  if (*p < 0.001) {
    std::string out = "<";  // appended, not "<" + ...: GCC 12 warns falsely (-Wrestrict, bug 105329)
    out += formatNumber(0.001, 3, decimalSeparator);
    return out;
  }
  return formatNumber(*p, 3, decimalSeparator);
}

std::string formatOptional(std::optional<double> value, int decimals, char decimalSeparator) {
  return value ? formatNumber(*value, decimals, decimalSeparator) : "–";
}

std::string htmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string csvField(const std::string& text, char separator) {
  if (text.find_first_of(std::string{separator, '"', '\n', '\r'}) == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string joinDanish(const std::vector<std::string>& parts, const std::string& conjunction) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " " + conjunction + " " : ", ";
    out += parts[i];
  }
  return out;
}

std::string lowerFirst(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

std::size_t utf8Length(const std::string& text) {
  std::size_t chars = 0;
  for (char ch : text) chars += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 1U : 0U;
  return chars;
}

std::string shortenText(const std::string& text, std::size_t maxChars, std::size_t maxBytes) {
  if (utf8Length(text) <= maxChars && text.size() <= maxBytes) return text;
  const std::string ellipsis = "…";  // 1 character, 3 bytes
  if (maxChars == 0 || maxBytes < ellipsis.size()) return {};
  std::string out;
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 1;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    if (count + 1 > maxChars - 1 || out.size() + len + ellipsis.size() > maxBytes) break;
    out.append(text, i, len);
    i += len;
    ++count;
  }
  // Cut at the last space when it keeps most of the text: "… ressourcer har…"
  // rather than "… ressourcer h…".
  const auto space = out.rfind(' ');
  if (space != std::string::npos && space >= out.size() * 3 / 4) out.resize(space);
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ':')) out.pop_back();
  return out + ellipsis;
}

std::string numericDate(std::chrono::sys_days date) {
  const std::chrono::year_month_day ymd{date};
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "%02u.%02u.%04d", static_cast<unsigned>(ymd.day()),
                static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
  return buf.data();
}

std::string danishDate(const std::string& iso) {
  static const std::array<const char*, 12> months = {"januar", "februar", "marts",     "april",   "maj",      "juni",
                                                     "juli",   "august",  "september", "oktober", "november", "december"};
  if (iso.size() != 10) return iso;
  const int month = std::stoi(iso.substr(5, 2));
  const int day = std::stoi(iso.substr(8, 2));
  if (month < 1 || month > 12) return iso;
  return std::to_string(day) + ". " + months[static_cast<std::size_t>(month - 1)] + " " + iso.substr(0, 4);
}

}  // namespace spor::report
