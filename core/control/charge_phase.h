// The charge phase: bulk → absorption → float → (re-)bulk, driven by injected time.
//
//  bulk → absorption: charging allowed and the bank voltage within absorption_entry_offset_dV of the bulk CVL, or
//      the highest cell at the CCL taper start (a runner cell: balancing time is needed from here).
//  "At absorption voltage" means charging allowed and the bank at the entry voltage or the highest cell at the taper
//  start (a tapered runner cell may keep the bank below the entry voltage; absorption must still end).
//  absorption → float: for absorption_hold_s without a break, at absorption voltage with cell spread ≤
//      float_spread_mV and charge current ≤ absorption_tail_current_dA × online packs ("completed"); or after
//      absorption_max_s accumulated at absorption voltage ("time limit"). Either ends a full charge.
//  float → bulk: SOC below rebulk_soc_centipct, spread above rebulk_spread_mV, or a full charge due (none ended for
//      full_charge_interval_days). Never while a charge or discharge cut-off holds: the voltage target is not
//      raised on faulty data. After an absorption that ended by its time limit the spread does not re-bulk (the
//      cells did not converge at absorption voltage; re-bulking would loop absorption → float → bulk):
//      spread_unresolved() reports it instead (the controller raises the cell imbalance warning), until the next
//      absorption ends.
//  The tail current is a charge current: a discharging bank (current < 0) never satisfies it.
// Without valid data (no pack online, failsafe) the phase holds and timers do not run. The first update starts in
// bulk and starts the full-charge interval.
#pragma once

#include <cstdint>

#include "core/control/control_config.h"
#include "core/control/control_output.h"
#include "core/control/reason_text.h"

namespace tbg::control {

struct PhaseInputs {
    bool data_valid = false;      // at least one pack online and not in failsafe
    bool charge_stopped = false;  // a charge cut-off holds
    bool hold_rebulk = false;     // a discharge cut-off holds
    std::int32_t voltage_10mV = 0;
    std::int32_t bulk_cvl_dV = 0;  // CVL of bulk/absorption for the present cell count
    std::int32_t current_dA = 0;   // + = charging
    std::int32_t online_packs = 0;
    std::int32_t max_cell_mV = 0;
    std::int32_t spread_mV = 0;
    std::int32_t ccl_taper_start_mV = 0;  // effective
    bool soc_valid = false;
    std::int32_t soc_centipct = 0;
};

class PhaseMachine {
public:
    void update(const PhaseInputs& in, const ControlConfig& config, std::uint64_t now_ms);

    ChargePhase phase() const { return phase_; }
    const ReasonText& reason() const { return reason_; }  // why the present phase was entered
    bool full_charge_due(const ControlConfig& config, std::uint64_t now_ms) const;
    std::uint64_t since_full_charge_ms(std::uint64_t now_ms) const;
    std::uint64_t at_voltage_ms() const { return at_voltage_ms_; }
    // In float after an absorption that ended by its time limit, with the spread above rebulk_spread_mV.
    bool spread_unresolved() const { return spread_unresolved_; }

private:
    void enter(ChargePhase phase, std::uint64_t now_ms);
    void update_bulk(const PhaseInputs& in, const ControlConfig& config, std::uint64_t now_ms);
    void update_absorption(const PhaseInputs& in, const ControlConfig& config, std::uint64_t now_ms,
                           std::uint64_t elapsed_ms);
    void update_float(const PhaseInputs& in, const ControlConfig& config, std::uint64_t now_ms);

    ChargePhase phase_ = ChargePhase::kBulk;
    ReasonText reason_{"bulk: start"};
    bool started_ = false;
    std::uint64_t last_ms_ = 0;
    std::uint64_t last_full_charge_ms_ = 0;
    std::uint64_t at_voltage_ms_ = 0;  // accumulated at absorption voltage in this absorption
    bool balanced_ = false;            // tail conditions hold since balanced_since_ms_
    bool timed_out_ = false;           // the last absorption ended by its time limit (not completed)
    bool spread_unresolved_ = false;
    std::uint64_t balanced_since_ms_ = 0;
};

}  // namespace tbg::control
