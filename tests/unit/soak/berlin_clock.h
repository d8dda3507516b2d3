// Local time of Europe/Berlin as the daemon's localtime_r gives it, for the soak's wall clock: CET (UTC+1), and CEST
// (UTC+2) from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC (EU rule, in force since
// 1996). In autumn local 02:00…03:00 happens twice (a 25-hour day), in spring 02:00…03:00 is skipped (23 hours).
// Pure functions of unix seconds; no <ctime>, no time zone database.
#pragma once

#include <cstdint>

#include "core/history/civil_date.h"

namespace tbg::soak {

struct LocalTime {
    history::CivilDate date;
    std::int32_t second_of_day = 0;  // 0…86399, local
    bool dst = false;
};

// Unix seconds of `date` at 00:00:00 UTC.
std::int64_t unix_at_utc_midnight(history::CivilDate date);
// The last Sunday of `month` in `year`.
history::CivilDate last_sunday(std::int16_t year, std::uint8_t month);
// True while CEST holds at `unix_s`.
bool berlin_dst(std::int64_t unix_s);
LocalTime berlin_local(std::int64_t unix_s);

}  // namespace tbg::soak
