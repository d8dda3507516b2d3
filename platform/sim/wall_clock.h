// Wall-clock arithmetic for the simulated packs' real-time clock (0x4D replies). Pure: the simulator never reads a
// clock; the caller supplies a base time and the monotonic milliseconds at which that base held.
#pragma once

#include <cstdint>

#include "core/topband/decoders.h"

namespace tbg::sim {

// `base` plus `seconds` (may be negative), across days, months and years (proleptic Gregorian calendar). `base` must
// be a valid date; an invalid one is treated as 2000-01-01 00:00:00.
topband::DateTime add_seconds(const topband::DateTime& base, std::int64_t seconds);

}  // namespace tbg::sim
