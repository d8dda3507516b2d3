// The charge controller: one update() per CAN tick turns a bank snapshot into CVL, CCL, DCL and DVL with reasons,
// the charge state, the 0x35A condition levels and the Pylontech request flags (docs/charge-control.md).
//
// Order of decisions at each update:
//  1. failsafe when no pack has answered 0x42 for comm_loss_timeout_s (or none ever has): charge and discharge stop,
//     CVL = last known bank voltage (at most the float CVL), bms_internal alarm, transmit = false if failsafe_silence;
//  2. with no pack online, both directions stop the same way (without the failsafe alarm until the timeout);
//  3. cut-offs with hysteresis (cutoffs.h): a charge stop gives CCL 0 and CVL = min(float CVL, bank voltage rounded
//     up to 0.1 V); a discharge stop gives DCL 0 and caps CVL at the float CVL (charging goes on, but not to
//     absorption voltage while something is wrong). The always-on hard rules never cut discharge;
//  4. otherwise the current targets (current_limits.h) and the phase CVL (charge_phase.h), CVL capped at
//     cvl_max_dV and at cells × the effective CCL taper end;
//  5. offline hold: while a known pack is not online (modules_offline > 0), CCL, DCL and CVL never rise above the
//     output of the update before the first such pack went offline (the ceiling only falls with the output while
//     any pack stays offline; it is released when every known pack is online again). The targets are capped before
//     the ramps, so after the release the limits rise along the ramps. Not applied to the failsafe output;
//  6. ramps: CCL, DCL and CVL follow a fall at once and rise at most at their configured rate.
// State: phase, latches, ramps and the last bank voltage; a plain copyable value. Time only from now_ms.
#pragma once

#include <cstdint>

#include "core/bank/bank_snapshot.h"
#include "core/control/charge_phase.h"
#include "core/control/control_config.h"
#include "core/control/control_output.h"
#include "core/control/cutoffs.h"
#include "core/control/latch.h"
#include "core/control/ramp.h"

namespace tbg::control {

inline constexpr std::int32_t kDefaultCellsInSeries = 16;  // before any pack has reported its cell count

class ChargeController {
public:
    // Precondition for both: config.validate() is empty. set_config keeps the phase, latches and ramps.
    explicit ChargeController(const ControlConfig& config = {}) : config_(config) {}
    void set_config(const ControlConfig& config) { config_ = config; }
    const ControlConfig& config() const { return config_; }

    // Decides for `bank` at now_ms (monotonic ms). The reference stays valid until the next update.
    const ControlOutput& update(const bank::BankSnapshot& bank, std::uint64_t now_ms);
    const ControlOutput& output() const { return out_; }
    const PhaseMachine& phase_machine() const { return phase_; }

private:
    std::int32_t cells_in_series(const bank::BankSnapshot& bank);
    void decide_cvl(const bank::BankSnapshot& bank, std::int32_t cells, std::int32_t taper_end_mV,
                    std::uint64_t now_ms);
    void decide_dvl(std::int32_t cells, const EffectiveLimits& limits);
    void decide_requests(const bank::BankSnapshot& bank, const EffectiveLimits& limits, std::uint64_t now_ms);

    // Ceilings of the offline hold (step 5); valid while active.
    struct OfflineHold {
        bool active = false;
        std::int32_t ccl_dA = 0;
        std::int32_t dcl_dA = 0;
        std::int32_t cvl_dV = 0;
    };

    void update_hold(const bank::BankSnapshot& bank);
    // Caps `target` at `ceiling` while the hold applies; then prefixes `reason` with the hold's words.
    void apply_hold(std::int32_t& target, std::int32_t ceiling, ReasonText& reason) const;

    ControlConfig config_;
    ControlOutput out_;
    bool have_output_ = false;  // out_ holds the output of a previous update
    OfflineHold hold_;
    ReasonText hold_reason_;  // "held: pack 1 offline" while hold_.active
    PhaseMachine phase_;
    CutoffLatches latches_;
    Latch imbalance_warning_;
    Latch imbalance_alarm_;
    Latch force_charge_soc_;
    Ramp cvl_ramp_;
    Ramp ccl_ramp_;
    Ramp dcl_ramp_;
    bool have_voltage_ = false;
    std::int32_t last_voltage_10mV_ = 0;
    std::int32_t last_cells_ = 0;
};

}  // namespace tbg::control
