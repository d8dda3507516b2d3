#include "targets/esp32/main/wall_clock.h"

#include <ctime>

namespace tbg::esp32 {

namespace {
constexpr std::int64_t kClockSetAfterS = 1'577'836'800;  // 2020-01-01 00:00:00 UTC
}  // namespace

std::optional<history::CivilDate> local_date(std::int64_t unix_s) {
    const auto when = static_cast<std::time_t>(unix_s);
    std::tm local{};
    if (::localtime_r(&when, &local) == nullptr) {
        return std::nullopt;
    }
    return history::CivilDate{static_cast<std::int16_t>(local.tm_year + 1900),
                              static_cast<std::uint8_t>(local.tm_mon + 1), static_cast<std::uint8_t>(local.tm_mday)};
}

WallTime wall_time() {
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    if (now < kClockSetAfterS) {
        return {};
    }
    const std::optional<history::CivilDate> today = local_date(now);
    if (!today) {
        return {};
    }
    return WallTime{now, today};
}

}  // namespace tbg::esp32
