#include "tests/unit/soak/berlin_clock.h"

namespace tbg::soak {

namespace {

constexpr std::int64_t kDayS = 86'400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

std::int64_t unix_at_utc_midnight(history::CivilDate date) {
    return std::int64_t{history::days_from_civil(date)} * kDayS;
}

history::CivilDate last_sunday(std::int16_t year, std::uint8_t month) {
    const history::CivilDate last{year, month, static_cast<std::uint8_t>(history::days_in_month(year, month))};
    const std::int32_t days = history::days_from_civil(last);
    const std::int32_t weekday = (days % 7 + 11) % 7;  // 1970-01-01 was a Thursday (4); Sunday = 0
    return history::add_days(last, -weekday);
}

bool berlin_dst(std::int64_t unix_s) {
    const std::int16_t year = history::civil_from_days(static_cast<std::int32_t>(floor_div(unix_s, kDayS))).year;
    const std::int64_t start = unix_at_utc_midnight(last_sunday(year, 3)) + 3600;
    const std::int64_t end = unix_at_utc_midnight(last_sunday(year, 10)) + 3600;
    return unix_s >= start && unix_s < end;
}

LocalTime berlin_local(std::int64_t unix_s) {
    const bool dst = berlin_dst(unix_s);
    const std::int64_t local = unix_s + (dst ? 7200 : 3600);
    const std::int64_t day = floor_div(local, kDayS);
    return LocalTime{history::civil_from_days(static_cast<std::int32_t>(day)),
                     static_cast<std::int32_t>(local - day * kDayS), dst};
}

}  // namespace tbg::soak
