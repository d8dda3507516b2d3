#include "core/control/taper.h"

#include <algorithm>
#include <cstdint>

namespace tbg::control {

namespace {

// Linear from `from` at x0 to `to` at x1 (x0 < x1, x0 ≤ x ≤ x1), rounded down.
std::int32_t lerp_down(std::int32_t x, std::int32_t x0, std::int32_t x1, std::int32_t from, std::int32_t to) {
    const std::int64_t span = std::int64_t{x1} - x0;
    const std::int64_t num = (std::int64_t{to} - from) * (std::int64_t{x} - x0);
    // Floor division (num may be negative).
    std::int64_t step = num / span;
    if (num % span != 0 && num < 0) {
        --step;
    }
    return static_cast<std::int32_t>(std::clamp<std::int64_t>(from + step, 0, kFullPermille));
}

}  // namespace

std::int32_t rising_taper_permille(std::int32_t x, std::int32_t full, std::int32_t end, std::int32_t zero,
                                   std::int32_t end_permille) {
    if (x <= full) {
        return kFullPermille;
    }
    if (x >= zero) {
        return 0;
    }
    if (x <= end) {
        return lerp_down(x, full, end, kFullPermille, end_permille);
    }
    return lerp_down(x, end, zero, end_permille, 0);
}

std::int32_t falling_taper_permille(std::int32_t x, std::int32_t full, std::int32_t end, std::int32_t zero,
                                    std::int32_t end_permille) {
    return rising_taper_permille(-x, -full, -end, -zero, end_permille);
}

std::int32_t cold_derate_permille(std::int32_t t, std::int32_t limit, std::int32_t band, std::int32_t min_permille) {
    if (t <= limit) {
        return min_permille;
    }
    if (band <= 0 || t >= limit + band) {
        return kFullPermille;
    }
    return lerp_down(t, limit, limit + band, min_permille, kFullPermille);
}

std::int32_t hot_derate_permille(std::int32_t t, std::int32_t limit, std::int32_t band, std::int32_t min_permille) {
    return cold_derate_permille(-t, -limit, band, min_permille);
}

std::int32_t scale_permille(std::int32_t value, std::int32_t permille) {
    return static_cast<std::int32_t>(std::int64_t{value} * permille / kFullPermille);
}

}  // namespace tbg::control
