#include "platform/sim/wall_clock.h"

#include <chrono>

namespace tbg::sim {

topband::DateTime add_seconds(const topband::DateTime& base, std::int64_t seconds) {
    using namespace std::chrono;
    year_month_day date{year{base.year}, month{base.month}, day{base.day}};
    const bool valid = date.ok() && base.hour <= 23 && base.minute <= 59 && base.second <= 59;
    std::int64_t base_seconds = std::int64_t{base.hour} * 3600 + std::int64_t{base.minute} * 60 + base.second;
    if (!valid) {
        date = year_month_day{year{2000}, January, day{1}};
        base_seconds = 0;
    }
    const sys_seconds moment = sys_days{date} + std::chrono::seconds{base_seconds + seconds};
    const sys_days moment_day = floor<days>(moment);
    const year_month_day result{moment_day};
    const hh_mm_ss<std::chrono::seconds> time{moment - moment_day};
    topband::DateTime out;
    out.year = static_cast<std::uint16_t>(static_cast<int>(result.year()));
    out.month = static_cast<std::uint8_t>(static_cast<unsigned>(result.month()));
    out.day = static_cast<std::uint8_t>(static_cast<unsigned>(result.day()));
    out.hour = static_cast<std::uint8_t>(time.hours().count());
    out.minute = static_cast<std::uint8_t>(time.minutes().count());
    out.second = static_cast<std::uint8_t>(time.seconds().count());
    return out;
}

}  // namespace tbg::sim
