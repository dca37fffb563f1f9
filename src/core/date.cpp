#include "core/date.hpp"

#include <cstdio>

namespace spor::core {

using namespace std::chrono;

std::optional<Date> parseDate(const std::string& iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U})
    if (iso[i] < '0' || iso[i] > '9') return std::nullopt;
  const int y = std::stoi(iso.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(iso.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
  const year_month_day ymd{year{y}, month{m}, day{d}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

std::string formatDate(Date date) {
  const year_month_day ymd{date};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Date addMonths(Date date, int monthsToAdd) {
  const year_month_day ymd{date};
  const year_month ym = year_month{ymd.year(), ymd.month()} + months{monthsToAdd};
  const year_month_day_last last{ym.year(), month_day_last{ym.month()}};
  const day d = ymd.day() > last.day() ? last.day() : ymd.day();
  return sys_days{year_month_day{ym.year(), ym.month(), d}};
}

Date addDays(Date date, int daysToAdd) { return date + days{daysToAdd}; }

Date today() { return floor<days>(system_clock::now()); }

long long toDayNumber(Date date) { return date.time_since_epoch().count(); }

Date fromDayNumber(long long dayNumber) { return Date{days{dayNumber}}; }

}  // namespace spor::core
