// Calendar dates and months of the proleptic Gregorian calendar, as the platform's local wall clock gives them.
//
// The platform converts its clock to a local CivilDate (nullopt while the clock is not set); core/ never reads a
// clock. A date is valid for years 2000…2199, months 1…12 and a real day of that month (29 February in leap years
// only). Arithmetic uses the days-from-civil algorithm on day numbers (days since 1970-01-01), no <ctime>. Text is
// "YYYY-MM-DD" and "YYYY-MM", exactly that many digits. Pure functions of values; usable from any thread.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tbg::history {

constexpr std::int16_t kMinYear = 2000;
constexpr std::int16_t kMaxYear = 2199;

struct CivilDate {
    std::int16_t year = 0;
    std::uint8_t month = 0;  // 1…12
    std::uint8_t day = 0;    // 1…days_in_month
    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted operator<=>
    friend constexpr auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

struct CivilMonth {
    std::int16_t year = 0;
    std::uint8_t month = 0;  // 1…12
    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted operator<=>
    friend constexpr auto operator<=>(const CivilMonth&, const CivilMonth&) = default;
};

bool is_leap_year(std::int32_t year);
// 28…31; 0 when month is outside 1…12.
int days_in_month(std::int32_t year, int month);
bool is_valid(CivilDate date);
bool is_valid(CivilMonth month);

// Day number of a date (days since 1970-01-01; 2000-01-01 is 10957) and back. Any date with month 1…12 and day
// 1…31 is accepted by days_from_civil (a day past the month's end counts on into the next month).
std::int32_t days_from_civil(CivilDate date);
// Precondition: the result's year fits std::int16_t.
CivilDate civil_from_days(std::int32_t days);

// Preconditions: date valid. The result may fall outside 2000…2199 (then is_valid() is false).
CivilDate add_days(CivilDate date, std::int32_t days);
CivilDate previous_day(CivilDate date);
CivilDate next_day(CivilDate date);
// to − from in days (negative when to is earlier).
std::int32_t days_between(CivilDate from, CivilDate to);

CivilMonth month_of(CivilDate date);
// Month stepping: add_months({2026, 12}, 1) is {2027, 1}; add_months({2027, 1}, -1) is {2026, 12}.
CivilMonth add_months(CivilMonth month, std::int32_t months);

// "2026-12-01" / "2026-12" (zero-padded; any field value is written, valid or not).
std::string to_string(CivilDate date);
std::string to_string(CivilMonth month);
// Exactly "YYYY-MM-DD" / "YYYY-MM" with ASCII digits, and valid; nullopt otherwise.
std::optional<CivilDate> parse_civil_date(std::string_view text);
std::optional<CivilMonth> parse_civil_month(std::string_view text);

}  // namespace tbg::history
