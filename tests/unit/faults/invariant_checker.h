// Safety invariants of docs/charge-control.md §6, checked on every CAN frame set a fault test sees. The oracle is
// independent of the bank and controller code: it works from the analog data the test saw the gateway accept (pack,
// values, time) and the configuration, and from the frames as encoded on the bus (0x351).
//
// Checked at every frame set (each violation is recorded with its time, the test asserts the list is empty):
//  - cadence: consecutive sets exactly can_interval_ms apart (the CAN side never waits for the RS485 side);
//  - 0 < CVL ≤ cvl_max_dV (invariant 2);
//  - CCL ≤ (packs with fresh accepted analog data) × pack_charge_current_dA, DCL likewise (invariants 4 and 5);
//  - a fresh accepted cell at or above cell_charge_cut_mV ⇒ CCL = 0; at or below cell_discharge_cut_mV ⇒ DCL = 0
//    (invariants 1 and 3);
//  - CCL, DCL and CVL rise no faster than their ramps between consecutive sets (invariant 6);
//  - the controller's failsafe ⇒ CCL = DCL = 0.
// Not thread-safe; one per test rig.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/app/gateway.h"
#include "core/can/can_frame.h"
#include "core/topband/decoders.h"

namespace tbg::faults {

// The limits of one 0x351 frame as sent.
struct SentLimits {
    std::int32_t cvl_dV = 0;
    std::int32_t ccl_dA = 0;
    std::int32_t dcl_dA = 0;
};

std::optional<SentLimits> limits_of(const can::FrameSet& frames);

class InvariantChecker {
public:
    explicit InvariantChecker(const app::GatewaySettings& settings) : settings_(settings) {}

    // The gateway accepted this analog data from pack `adr` at `now_ms` (the test saw it arrive in the bank).
    void on_accepted(std::uint8_t adr, const topband::AnalogValues& values, std::uint64_t now_ms);

    // One frame set the gateway encoded at `now_ms`, with the controller's output behind it.
    void on_frame_set(const can::FrameSet& frames, const control::ControlOutput& output, std::uint64_t now_ms);

    // A violation found by the test itself (e.g. data accepted that was never sent), recorded with the others.
    void add_violation(std::uint64_t now_ms, const std::string& what);

    const std::vector<std::string>& violations() const { return violations_; }
    std::size_t sets_checked() const { return sets_checked_; }
    std::size_t sets_with_zero_ccl() const { return sets_zero_ccl_; }
    std::optional<SentLimits> last_limits() const { return previous_; }

private:
    struct Accepted {
        topband::AnalogValues values;
        std::uint64_t at_ms = 0;
    };

    bool fresh(const Accepted& accepted, std::uint64_t now_ms) const;

    app::GatewaySettings settings_;
    std::array<std::optional<Accepted>, app::kMaxPacks> accepted_{};
    std::optional<SentLimits> previous_;
    std::uint64_t previous_ms_ = 0;
    std::vector<std::string> violations_;
    std::size_t sets_checked_ = 0;
    std::size_t sets_zero_ccl_ = 0;
};

}  // namespace tbg::faults
