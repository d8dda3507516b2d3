// Rate limiter for a limit: follows a falling target at once and a rising one at most `rate_per_s` units per
// second of injected time. Sub-unit progress is carried (in 1/1000 units), so slow ramps at fast ticks still move:
// between two updates the output rises by at most floor(rate × elapsed_ms / 1000) + 1.
#pragma once

#include <cstdint>

namespace tbg::control {

class Ramp {
public:
    // Sets the output to `value` (no ramp) at now_ms.
    void reset(std::int32_t value, std::uint64_t now_ms);

    // The limited output for `target` at now_ms. Before the first reset() the ramp starts from 0 at now_ms.
    std::int32_t update(std::int32_t target, std::int32_t rate_per_s, std::uint64_t now_ms);

    std::int32_t value() const { return static_cast<std::int32_t>(value_milli_ / 1000); }
    bool started() const { return started_; }

private:
    std::int64_t value_milli_ = 0;
    std::uint64_t last_ms_ = 0;
    bool started_ = false;
};

}  // namespace tbg::control
