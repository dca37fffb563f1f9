#pragma once
// Calendar dates as whole days. Measurements are planned in days and months,
// never in hours, so a date without a time zone is the honest type.
#include <chrono>
#include <optional>
#include <string>

namespace spor::core {

using Date = std::chrono::sys_days;

// "2026-11-22" -> Date; nullopt when the text is not a valid ISO date.
[[nodiscard]] std::optional<Date> parseDate(const std::string& iso);
[[nodiscard]] std::string formatDate(Date date);
// The same day `months` later; the last day of the month when it does not exist
// (31 August + 6 months = 28/29 February).
[[nodiscard]] Date addMonths(Date date, int months);
[[nodiscard]] Date addDays(Date date, int days);
[[nodiscard]] Date today();
// Days since 1970-01-01, for storage.
[[nodiscard]] long long toDayNumber(Date date);
[[nodiscard]] Date fromDayNumber(long long days);

}  // namespace spor::core
