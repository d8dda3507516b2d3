// Clocks of the Linux platform, in milliseconds.
//
// monotonic_now_ms() is the only time base for scheduling: deadlines, timeouts, back-off, the CAN tick. It never
// jumps (NTP, manual clock changes) and stops during suspend. wall_clock_ms() is for timestamps shown to people and
// written to logs; never schedule with it. Both are thread-safe and never block.
#pragma once

#include <cstdint>

namespace tbg::platform {

// CLOCK_MONOTONIC in whole milliseconds (truncated), from an arbitrary origin fixed at boot.
std::uint64_t monotonic_now_ms();

// CLOCK_REALTIME in milliseconds since the Unix epoch (truncated). May jump backwards or forwards.
std::int64_t wall_clock_ms();

}  // namespace tbg::platform
