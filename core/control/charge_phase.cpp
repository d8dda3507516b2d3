#include "core/control/charge_phase.h"

#include <algorithm>

namespace tbg::control {

namespace {
constexpr std::uint64_t kMsPerDay = 86'400'000;
constexpr std::uint64_t kMaxStepMs = 60'000;  // a longer gap between updates counts as this much time at voltage
}  // namespace

void PhaseMachine::enter(ChargePhase phase, std::uint64_t now_ms) {
    phase_ = phase;
    spread_unresolved_ = false;
    at_voltage_ms_ = 0;
    balanced_ = false;
    balanced_since_ms_ = now_ms;
}

bool PhaseMachine::full_charge_due(const ControlConfig& config, std::uint64_t now_ms) const {
    return started_ && config.full_charge_interval_days > 0 &&
           since_full_charge_ms(now_ms) >= static_cast<std::uint64_t>(config.full_charge_interval_days) * kMsPerDay;
}

std::uint64_t PhaseMachine::since_full_charge_ms(std::uint64_t now_ms) const {
    return now_ms > last_full_charge_ms_ ? now_ms - last_full_charge_ms_ : 0;
}

void PhaseMachine::update(const PhaseInputs& in, const ControlConfig& config, std::uint64_t now_ms) {
    if (!started_) {
        started_ = true;
        last_ms_ = now_ms;
        last_full_charge_ms_ = now_ms;
    }
    const std::uint64_t elapsed_ms = std::min(now_ms > last_ms_ ? now_ms - last_ms_ : 0, kMaxStepMs);
    last_ms_ = std::max(last_ms_, now_ms);
    if (!in.data_valid) {
        balanced_ = false;
        return;
    }
    switch (phase_) {
        case ChargePhase::kBulk:
            update_bulk(in, config, now_ms);
            break;
        case ChargePhase::kAbsorption:
            update_absorption(in, config, now_ms, elapsed_ms);
            break;
        case ChargePhase::kFloat:
            update_float(in, config, now_ms);
            break;
    }
}

void PhaseMachine::update_bulk(const PhaseInputs& in, const ControlConfig& config, std::uint64_t now_ms) {
    if (in.charge_stopped) {
        return;
    }
    const std::int32_t entry_10mV = (in.bulk_cvl_dV - config.absorption_entry_offset_dV) * 10;
    if (in.voltage_10mV >= entry_10mV) {
        enter(ChargePhase::kAbsorption, now_ms);
        reason_.clear();
        reason_.add("absorption: bank at ").volts_10mV(in.voltage_10mV).add(", entry at ").volts_10mV(entry_10mV);
    } else if (in.max_cell_mV >= in.ccl_taper_start_mV) {
        enter(ChargePhase::kAbsorption, now_ms);
        reason_.clear();
        reason_.add("absorption: highest cell at ").cell_volts_mV(in.max_cell_mV);
    }
}

void PhaseMachine::update_absorption(const PhaseInputs& in, const ControlConfig& config, std::uint64_t now_ms,
                                     std::uint64_t elapsed_ms) {
    const std::int32_t entry_10mV = (in.bulk_cvl_dV - config.absorption_entry_offset_dV) * 10;
    const bool at_voltage =
        !in.charge_stopped && (in.voltage_10mV >= entry_10mV || in.max_cell_mV >= in.ccl_taper_start_mV);
    if (at_voltage) {
        at_voltage_ms_ += elapsed_ms;
    }
    // A discharging bank (negative current) is not at its tail: it is not being charged at all.
    const bool tail = at_voltage && in.spread_mV <= config.float_spread_mV && in.current_dA >= 0 &&
                      in.current_dA <= config.absorption_tail_current_dA * in.online_packs;
    if (!tail) {
        balanced_ = false;
    } else if (!balanced_) {
        balanced_ = true;
        balanced_since_ms_ = now_ms;
    }
    const auto hold_ms = static_cast<std::uint64_t>(config.absorption_hold_s) * 1000U;
    if (balanced_ && now_ms >= balanced_since_ms_ && now_ms - balanced_since_ms_ >= hold_ms) {
        enter(ChargePhase::kFloat, now_ms);
        last_full_charge_ms_ = now_ms;
        timed_out_ = false;
        reason_.clear();
        reason_.add("float: completed, spread ").integer(in.spread_mV).add(" mV and ").amps_dA(in.current_dA);
        reason_.add(" held ").integer(config.absorption_hold_s).add(" s");
        return;
    }
    if (at_voltage_ms_ >= static_cast<std::uint64_t>(config.absorption_max_s) * 1000U) {
        enter(ChargePhase::kFloat, now_ms);
        last_full_charge_ms_ = now_ms;
        timed_out_ = true;
        reason_.clear();
        reason_.add("float: absorption time limit ").integer(config.absorption_max_s).add(" s, spread ");
        reason_.integer(in.spread_mV).add(" mV");
    }
}

void PhaseMachine::update_float(const PhaseInputs& in, const ControlConfig& config, std::uint64_t now_ms) {
    if (in.charge_stopped || in.hold_rebulk) {
        return;
    }
    // After an absorption that ended by its time limit the spread did not converge at absorption voltage; another
    // bulk would only repeat it (absorption → float → bulk every second). Report it instead (spread_unresolved()).
    const bool spread_high = in.spread_mV > config.rebulk_spread_mV;
    spread_unresolved_ = timed_out_ && spread_high;
    if (in.soc_valid && in.soc_centipct < config.rebulk_soc_centipct) {
        enter(ChargePhase::kBulk, now_ms);
        reason_.clear();
        reason_.add("bulk: SOC ").percent_centipct(in.soc_centipct).add(" below ");
        reason_.percent_centipct(config.rebulk_soc_centipct);
    } else if (spread_high && !timed_out_) {
        enter(ChargePhase::kBulk, now_ms);
        reason_.clear();
        reason_.add("bulk: cell spread ").integer(in.spread_mV).add(" mV above ");
        reason_.integer(config.rebulk_spread_mV).add(" mV");
    } else if (full_charge_due(config, now_ms)) {
        enter(ChargePhase::kBulk, now_ms);
        reason_.clear();
        reason_.add("bulk: periodic full charge, none for ").integer(config.full_charge_interval_days).add(" days");
    }
}

}  // namespace tbg::control
