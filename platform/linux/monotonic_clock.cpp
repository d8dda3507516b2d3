#include "platform/linux/monotonic_clock.h"

#include <time.h>

namespace tbg::platform {

namespace {

std::int64_t clock_ms(clockid_t clock) {
    timespec now{};
    // clock_gettime cannot fail for these two clocks with a valid pointer.
    clock_gettime(clock, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1000 + now.tv_nsec / 1'000'000;
}

}  // namespace

std::uint64_t monotonic_now_ms() {
    return static_cast<std::uint64_t>(clock_ms(CLOCK_MONOTONIC));
}

std::int64_t wall_clock_ms() {
    return clock_ms(CLOCK_REALTIME);
}

}  // namespace tbg::platform
