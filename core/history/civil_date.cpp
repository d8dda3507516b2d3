#include "core/history/civil_date.h"

#include <array>

namespace tbg::history {

namespace {

constexpr std::int32_t kDaysPerEra = 146'097;  // 400 Gregorian years
constexpr std::int32_t kEpochShift = 719'468;  // 0000-03-01 to 1970-01-01
constexpr std::array<int, 12> kMonthDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// `count` ASCII digits of text starting at `pos` as a number; nullopt on a non-digit.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t count) {
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (!is_digit(text[i])) {
            return std::nullopt;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// value in decimal, zero-padded to at least `width` characters.
void append_digits(std::string& out, int value, std::size_t width) {
    const std::string text = std::to_string(value);
    if (text.size() < width) {
        out.append(width - text.size(), '0');
    }
    out += text;
}

}  // namespace

bool is_leap_year(std::int32_t year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(std::int32_t year, int month) {
    if (month < 1 || month > 12) {
        return 0;
    }
    return month == 2 && is_leap_year(year) ? 29 : kMonthDays[static_cast<std::size_t>(month - 1)];
}

bool is_valid(CivilDate date) {
    return date.year >= kMinYear && date.year <= kMaxYear && date.month >= 1 && date.month <= 12 && date.day >= 1 &&
           date.day <= days_in_month(date.year, date.month);
}

bool is_valid(CivilMonth month) {
    return month.year >= kMinYear && month.year <= kMaxYear && month.month >= 1 && month.month <= 12;
}

std::int32_t days_from_civil(CivilDate date) {
    const std::int32_t month = date.month;
    const std::int32_t year = date.year - (month <= 2 ? 1 : 0);
    const std::int32_t era = (year >= 0 ? year : year - 399) / 400;
    const std::int32_t year_of_era = year - era * 400;                                                    // 0…399
    const std::int32_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + date.day - 1;  // 0…365
    const std::int32_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * kDaysPerEra + day_of_era - kEpochShift;
}

CivilDate civil_from_days(std::int32_t days) {
    const std::int32_t z = days + kEpochShift;
    const std::int32_t era = (z >= 0 ? z : z - (kDaysPerEra - 1)) / kDaysPerEra;
    const std::int32_t day_of_era = z - era * kDaysPerEra;  // 0…146096
    const std::int32_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / (kDaysPerEra - 1)) / 365;  // 0…399
    const std::int32_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int32_t shifted_month = (5 * day_of_year + 2) / 153;  // 0…11, March first
    const std::int32_t day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    const std::int32_t month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
    const std::int32_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    return {static_cast<std::int16_t>(year), static_cast<std::uint8_t>(month), static_cast<std::uint8_t>(day)};
}

CivilDate add_days(CivilDate date, std::int32_t days) {
    return civil_from_days(days_from_civil(date) + days);
}
CivilDate previous_day(CivilDate date) {
    return add_days(date, -1);
}
CivilDate next_day(CivilDate date) {
    return add_days(date, 1);
}
std::int32_t days_between(CivilDate from, CivilDate to) {
    return days_from_civil(to) - days_from_civil(from);
}

CivilMonth month_of(CivilDate date) {
    return {date.year, date.month};
}

CivilMonth add_months(CivilMonth month, std::int32_t months) {
    const std::int32_t index = month.year * 12 + (month.month - 1) + months;
    const std::int32_t year = (index >= 0 ? index : index - 11) / 12;
    return {static_cast<std::int16_t>(year), static_cast<std::uint8_t>(index - year * 12 + 1)};
}

std::string to_string(CivilDate date) {
    std::string text;
    text.reserve(10);
    append_digits(text, date.year, 4);
    text += '-';
    append_digits(text, date.month, 2);
    text += '-';
    append_digits(text, date.day, 2);
    return text;
}

std::string to_string(CivilMonth month) {
    std::string text;
    text.reserve(7);
    append_digits(text, month.year, 4);
    text += '-';
    append_digits(text, month.month, 2);
    return text;
}

std::optional<CivilDate> parse_civil_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    const auto year = digits(text, 0, 4);
    const auto month = digits(text, 5, 2);
    const auto day = digits(text, 8, 2);
    if (!year || !month || !day) {
        return std::nullopt;
    }
    const CivilDate date{static_cast<std::int16_t>(*year), static_cast<std::uint8_t>(*month),
                         static_cast<std::uint8_t>(*day)};
    return is_valid(date) ? std::optional<CivilDate>(date) : std::nullopt;
}

std::optional<CivilMonth> parse_civil_month(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') {
        return std::nullopt;
    }
    const auto year = digits(text, 0, 4);
    const auto month = digits(text, 5, 2);
    if (!year || !month) {
        return std::nullopt;
    }
    const CivilMonth result{static_cast<std::int16_t>(*year), static_cast<std::uint8_t>(*month)};
    return is_valid(result) ? std::optional<CivilMonth>(result) : std::nullopt;
}

}  // namespace tbg::history
