#include "core/control/ramp.h"

#include <algorithm>

namespace tbg::control {

void Ramp::reset(std::int32_t value, std::uint64_t now_ms) {
    value_milli_ = std::int64_t{value} * 1000;
    last_ms_ = now_ms;
    started_ = true;
}

std::int32_t Ramp::update(std::int32_t target, std::int32_t rate_per_s, std::uint64_t now_ms) {
    if (!started_) {
        reset(0, now_ms);
    }
    // Elapsed time, 0 if time went backwards; capped so that rate × time cannot overflow.
    const std::uint64_t elapsed_ms = std::min<std::uint64_t>(now_ms > last_ms_ ? now_ms - last_ms_ : 0, 1U << 30);
    last_ms_ = std::max(now_ms, last_ms_);
    const std::int64_t target_milli = std::int64_t{target} * 1000;
    const std::int64_t allowed =
        value_milli_ + std::int64_t{std::max(rate_per_s, 0)} * static_cast<std::int64_t>(elapsed_ms);
    value_milli_ = std::min(target_milli, allowed);
    return value();
}

}  // namespace tbg::control
