#pragma once
// Small text helpers shared by the report and its writers: Danish numbers
// (decimal comma), escaping for HTML and CSV, Danish lists.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace spor::report {

// 3.14159, 2 -> "3,14"; -0.001, 2 -> "0,00" (never "-0,00").
[[nodiscard]] std::string formatNumber(double value, int decimals, char decimalSeparator = ',');
// 51.49 -> "51,5 %"
[[nodiscard]] std::string formatPercent(double value, int decimals = 1);
// p -> "0,034", "<0,001"; nullopt -> "–"
[[nodiscard]] std::string formatP(std::optional<double> p, char decimalSeparator = ',');
// nullopt -> "–"
[[nodiscard]] std::string formatOptional(std::optional<double> value, int decimals, char decimalSeparator = ',');

// &, <, >, " and ' as entities; safe in text and in quoted attributes.
[[nodiscard]] std::string htmlEscape(const std::string& text);

// A CSV field: quoted when it holds the separator, a quote or a line break.
[[nodiscard]] std::string csvField(const std::string& text, char separator);

// {"a", "b", "c"}, "og" -> "a, b og c"
[[nodiscard]] std::string joinDanish(const std::vector<std::string>& parts, const std::string& conjunction);

// The first letter in lower case (ASCII only: "Før → efter" -> "før → efter").
[[nodiscard]] std::string lowerFirst(std::string text);

// UTF-8 characters (not bytes) in `text`.
[[nodiscard]] std::size_t utf8Length(const std::string& text);
// At most `maxChars` UTF-8 characters and `maxBytes` bytes; a shortened
// text ends in "…", cut at a space when one is near the end.
[[nodiscard]] std::string shortenText(const std::string& text, std::size_t maxChars,
                                      std::size_t maxBytes = std::string::npos);

// 2025-03-01 -> "01.03.2025"
[[nodiscard]] std::string numericDate(std::chrono::sys_days date);

// "2025-03-01" -> "1. marts 2025"
[[nodiscard]] std::string danishDate(const std::string& iso);

}  // namespace spor::report
