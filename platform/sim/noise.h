// Line-noise model of the simulator: corrupts the bytes of an encoded reply in place.
#pragma once

#include <cstdint>
#include <random>

#include "core/topband/encoders.h"

namespace tbg::sim {

inline constexpr std::uint32_t kPpmScale = 1000000;  // rates are in parts per million of bytes

// Each byte of `frame` is hit with probability rate_ppm / 1e6; a hit flips one random bit, drops the byte, or inserts
// a random byte before it (one third each). Insertions stop when the buffer is full. At 1 000 000 ppm every byte is
// hit, so the result never passes parse_frame in practice. Returns true when anything changed.
bool corrupt_frame(topband::EncodedFrame& frame, std::uint32_t rate_ppm, std::mt19937& rng);

}  // namespace tbg::sim
