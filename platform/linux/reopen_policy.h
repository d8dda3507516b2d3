// Back-off between attempts to (re)open a device that failed or disappeared: a serial port, a CAN adapter.
//
// Pure logic on injected monotonic milliseconds; no clock, no I/O. The owner calls on_failure() after a failed open
// or a detected loss, waits (a loop timer at next_attempt_ms(), never a sleep), tries again, and calls on_success()
// once open. Delays: initial, doubled after each further failure, capped (defaults 500, 1000, 2000, 4000, 8000,
// 10000, 10000 ... ms). Not thread-safe; owned by the loop thread.
#pragma once

#include <cstdint>

namespace tbg::platform {

struct ReopenPolicyConfig {
    std::uint32_t initial_delay_ms = 500;  // raised to 1 if 0
    std::uint32_t max_delay_ms = 10000;    // raised to initial_delay_ms if lower
};

class ReopenPolicy {
public:
    explicit ReopenPolicy(ReopenPolicyConfig config = {});

    // True when an attempt may be made at `now_ms`: before any failure, after on_success(), and from
    // next_attempt_ms() on after a failure.
    bool due(std::uint64_t now_ms) const { return now_ms >= next_attempt_ms_; }

    // Records a failed attempt or a loss at `now_ms`: the next attempt is due delay_ms() later, and the delay for
    // the failure after that doubles (capped).
    void on_failure(std::uint64_t now_ms);

    // Records a successful open: the delay returns to the initial value and the failure count to 0.
    void on_success();

    std::uint64_t next_attempt_ms() const { return next_attempt_ms_; }
    std::uint32_t delay_ms() const { return delay_ms_; }  // the delay the next on_failure() applies
    std::uint32_t consecutive_failures() const { return consecutive_failures_; }

private:
    ReopenPolicyConfig config_;
    std::uint32_t delay_ms_;
    std::uint64_t next_attempt_ms_ = 0;
    std::uint32_t consecutive_failures_ = 0;
};

}  // namespace tbg::platform
