// A cut-off with hysteresis: trips when the value reaches the trip threshold, stays tripped until the value has
// come back to the release threshold. Both thresholds are inclusive; express "above 56.5 V" as trip 5651 (10 mV).
#pragma once

#include <cstdint>

namespace tbg::control {

class Latch {
public:
    // For a value that must stay low: trips at value ≥ trip, releases at value ≤ release (release < trip).
    bool update_high(std::int32_t value, std::int32_t trip, std::int32_t release) {
        if (value >= trip) {
            active_ = true;
        } else if (value <= release) {
            active_ = false;
        }
        return active_;
    }

    // For a value that must stay high: trips at value ≤ trip, releases at value ≥ release (release > trip).
    bool update_low(std::int32_t value, std::int32_t trip, std::int32_t release) {
        if (value <= trip) {
            active_ = true;
        } else if (value >= release) {
            active_ = false;
        }
        return active_;
    }

    bool active() const { return active_; }
    void reset() { active_ = false; }

private:
    bool active_ = false;
};

}  // namespace tbg::control
