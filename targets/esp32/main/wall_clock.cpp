#include "targets/esp32/main/wall_clock.h"

#include <ctime>

namespace tbg::esp32 {

WallTime wall_time() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    if (now < 1'577'836'800 || ::localtime_r(&now, &local) == nullptr) {  // 2020-01-01
        return {};
    }
    return WallTime{static_cast<std::int64_t>(now), history::CivilDate{static_cast<std::int16_t>(local.tm_year + 1900),
                                                                       static_cast<std::uint8_t>(local.tm_mon + 1),
                                                                       static_cast<std::uint8_t>(local.tm_mday)}};
}

}  // namespace tbg::esp32
