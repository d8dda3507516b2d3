// Wall-clock time and the local calendar date, from the C library (set by SNTP in the full edition, with the POSIX
// TZ string applied). Both unset while the clock is obviously not set (before 2020): always so in the stealth
// edition, which has no time source.
#pragma once

#include <cstdint>
#include <optional>

#include "core/history/civil_date.h"

namespace tbg::esp32 {

struct WallTime {
    std::optional<std::int64_t> wall_s;  // unix seconds
    std::optional<history::CivilDate> today;
};

WallTime wall_time();
// The local date of `unix_s` in the zone set by TZ (the full edition's apply_time_zone); nullopt when the C library
// cannot convert it.
std::optional<history::CivilDate> local_date(std::int64_t unix_s);

}  // namespace tbg::esp32
