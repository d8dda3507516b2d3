// Portable draws from std::mt19937 for the simulator. The standard distributions are implementation-defined, so the
// same seed could give other packs with another standard library; these mappings are fixed.
#pragma once

#include <cstdint>
#include <random>

namespace tbg::sim {

// Uniform integer in [0, bound) (bound > 0), by multiply-shift of one 32-bit draw.
inline std::uint32_t draw_below(std::mt19937& rng, std::uint32_t bound) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(rng()) * bound) >> 32U);
}

// Uniform real in [low, high).
inline double draw_real(std::mt19937& rng, double low, double high) {
    return low + (high - low) * (static_cast<double>(rng()) / 4294967296.0);
}

// Uniform integer in [−spread, +spread].
inline int draw_jitter(std::mt19937& rng, int spread) {
    return static_cast<int>(draw_below(rng, static_cast<std::uint32_t>(2 * spread + 1))) - spread;
}

}  // namespace tbg::sim
