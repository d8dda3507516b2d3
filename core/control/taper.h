// Piecewise-linear scaling factors in per mille (1000 = the full limit), rounded down (towards the safer, lower
// limit). Pure integer functions.
#pragma once

#include <cstdint>

namespace tbg::control {

inline constexpr std::int32_t kFullPermille = 1000;

// For a value rising towards a limit: 1000 while x ≤ full, linear to end_permille at x = end, linear to 0 at
// x = zero, 0 from there on. Requires full < end < zero and 0 ≤ end_permille ≤ 1000.
std::int32_t rising_taper_permille(std::int32_t x, std::int32_t full, std::int32_t end, std::int32_t zero,
                                   std::int32_t end_permille);

// The mirror image for a value falling towards a limit: requires full > end > zero.
std::int32_t falling_taper_permille(std::int32_t x, std::int32_t full, std::int32_t end, std::int32_t zero,
                                    std::int32_t end_permille);

// Temperature derating near a lower limit: min_permille at t ≤ limit, linear to 1000 at t = limit + band, 1000
// above. band 0 = no derating (1000 everywhere above the limit, min_permille at or below it).
std::int32_t cold_derate_permille(std::int32_t t, std::int32_t limit, std::int32_t band, std::int32_t min_permille);

// Near an upper limit: min_permille at t ≥ limit, linear to 1000 at t = limit − band, 1000 below.
std::int32_t hot_derate_permille(std::int32_t t, std::int32_t limit, std::int32_t band, std::int32_t min_permille);

// value × permille / 1000, rounded down; value ≥ 0, permille 0…1000.
std::int32_t scale_permille(std::int32_t value, std::int32_t permille);

}  // namespace tbg::control
