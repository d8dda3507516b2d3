#include "core/control/charge_controller.h"

#include <algorithm>
#include <limits>

#include "core/control/alarms.h"
#include "core/control/current_limits.h"
#include "core/control/effective_limits.h"

namespace tbg::control {

namespace {

constexpr std::int32_t round_up_to_dV(std::int32_t v_10mV) {
    return (v_10mV + 9) / 10;
}

// "CCL 12.0 A: " + reason (or CVL/DVL in volts).
ReasonText amps_line(std::string_view name, std::int32_t value_dA, const ReasonText& reason) {
    ReasonText r;
    r.add(name).add(" ").amps_dA(value_dA).add(": ").add(reason);
    return r;
}

ReasonText volts_line(std::string_view name, std::int32_t value_dV, const ReasonText& reason) {
    ReasonText r;
    r.add(name).add(" ").volts_dV(value_dV).add(": ").add(reason);
    return r;
}

// Appends "; rising to X at R/s" when the ramp holds the output below its target.
void ramp_words(ReasonText& reason, std::int32_t output, std::int32_t target, std::int32_t rate, bool volts) {
    if (output >= target) {
        return;
    }
    reason.add("; rising to ");
    if (volts) {
        reason.volts_dV(target).add(" at ").volts_dV(rate).add("/s");
    } else {
        reason.amps_dA(target).add(" at ").amps_dA(rate).add("/s");
    }
}

}  // namespace

std::int32_t ChargeController::cells_in_series(const bank::BankSnapshot& bank) {
    if (config_.cells_in_series > 0) {
        return config_.cells_in_series;
    }
    if (bank.cells_in_series > 0) {
        last_cells_ = bank.cells_in_series;
    }
    return last_cells_ > 0 ? last_cells_ : kDefaultCellsInSeries;
}

void ChargeController::update_hold(const bank::BankSnapshot& bank) {
    if (bank.modules_offline == 0) {
        hold_.active = false;
        return;
    }
    if (!hold_.active) {
        // The output of the previous update is the ceiling; before any output CCL and DCL start from 0 and CVL
        // from its first target (set below, after decide_cvl).
        hold_.active = true;
        hold_.ccl_dA = have_output_ ? out_.ccl_dA : 0;
        hold_.dcl_dA = have_output_ ? out_.dcl_dA : 0;
        hold_.cvl_dV = have_output_ ? out_.cvl_dV : std::numeric_limits<std::int32_t>::max();
    }
    int offline = 0;
    for (const bank::PackSummary& pack : bank.packs) {
        offline += pack.known && !pack.online ? 1 : 0;
    }
    hold_reason_.clear();
    hold_reason_.add(offline > 1 ? "held: packs" : "held: pack");
    int listed = 0;
    for (const bank::PackSummary& pack : bank.packs) {
        if (pack.known && !pack.online) {
            hold_reason_.add(listed++ == 0 ? " " : ", ").integer(pack.address);
        }
    }
    hold_reason_.add(" offline");
}

void ChargeController::apply_hold(std::int32_t& target, std::int32_t ceiling, ReasonText& reason) const {
    if (!hold_.active || out_.failsafe || target <= ceiling) {
        return;
    }
    target = ceiling;
    ReasonText held = hold_reason_;
    held.add("; ").add(reason);
    reason = held;
}

const ControlOutput& ChargeController::update(const bank::BankSnapshot& bank, std::uint64_t now_ms) {
    const ControlConfig& c = config_;
    update_hold(bank);  // reads the previous output
    out_ = ControlOutput{};
    ControlOutput& o = out_;

    // 1–2. Data available?
    const bool online = bank.modules_online > 0;
    const std::uint64_t silent_ms = bank.any_analog && now_ms > bank.last_analog_ms ? now_ms - bank.last_analog_ms : 0;
    const bool failsafe = !bank.any_analog || silent_ms >= static_cast<std::uint64_t>(c.comm_loss_timeout_s) * 1000U;
    if (online) {
        have_voltage_ = true;
        last_voltage_10mV_ = bank.voltage_10mV;
    }
    const std::int32_t cells = cells_in_series(bank);
    const EffectiveLimits limits = effective_limits(c, bank);

    // 3. Cut-offs.
    const Cutoffs cut = evaluate_cutoffs(bank, c, limits, latches_);
    if (online) {
        imbalance_warning_.update_high(bank.cell_spread_mV, c.imbalance_warning_mV,
                                       c.imbalance_warning_mV - c.imbalance_hysteresis_mV);
        imbalance_alarm_.update_high(bank.cell_spread_mV, c.imbalance_alarm_mV,
                                     c.imbalance_alarm_mV - c.imbalance_hysteresis_mV);
    }
    o.failsafe = failsafe;
    o.hard_cutoff = online && cut.hard;
    o.charge_stopped = failsafe || !online || cut.charge_stop;
    o.discharge_stopped = failsafe || !online || cut.discharge_stop;

    ReasonText no_data;
    if (failsafe) {
        no_data.add("failsafe, ");
        if (bank.any_analog) {
            no_data.add("no pack answered for ").integer(static_cast<std::int64_t>(silent_ms / 1000)).add(" s");
        } else {
            no_data.add("no pack has answered yet");
        }
    } else if (!online) {
        no_data.add("no pack online");
    }
    const ReasonText& charge_stop_reason = no_data.empty() ? cut.charge_reason : no_data;
    const ReasonText& discharge_stop_reason = no_data.empty() ? cut.discharge_reason : no_data;

    // Phase (before CVL, which depends on it).
    const std::int32_t taper_end_mV = std::min(limits.ccl_taper_end_mV, c.ccl_taper_end_cell_mV);
    PhaseInputs in;
    in.data_valid = online && !failsafe;
    in.charge_stopped = o.charge_stopped;
    in.hold_rebulk = o.discharge_stopped;
    in.voltage_10mV = bank.voltage_10mV;
    in.bulk_cvl_dV = std::min(cells * std::min(c.bulk_cell_mV, taper_end_mV) / 100, c.cvl_max_dV);
    in.current_dA = bank.current_dA;
    in.online_packs = bank.modules_online;
    in.max_cell_mV = bank.max_cell.voltage_mV;
    in.spread_mV = bank.cell_spread_mV;
    in.ccl_taper_start_mV = limits.ccl_taper_start_mV;
    in.soc_valid = bank.soc_valid;
    in.soc_centipct = bank.soc_centipct;
    phase_.update(in, c, now_ms);
    o.phase = phase_.phase();
    o.since_full_charge_ms = phase_.since_full_charge_ms(now_ms);

    // 4–5. Limits.
    decide_cvl(bank, cells, taper_end_mV, now_ms);
    if (o.charge_stopped) {
        o.ccl_dA = ccl_ramp_.update(0, c.ccl_ramp_per_s_dA, now_ms);
        o.ccl_reason = amps_line("CCL", o.ccl_dA, charge_stop_reason);
    } else {
        CurrentTarget target = charge_current_target(bank, c, limits);
        apply_hold(target.target_dA, hold_.ccl_dA, target.reason);
        o.ccl_dA = ccl_ramp_.update(target.target_dA, c.ccl_ramp_per_s_dA, now_ms);
        o.ccl_reason = amps_line("CCL", o.ccl_dA, target.reason);
        ramp_words(o.ccl_reason, o.ccl_dA, target.target_dA, c.ccl_ramp_per_s_dA, false);
    }
    if (o.discharge_stopped) {
        o.dcl_dA = dcl_ramp_.update(0, c.dcl_ramp_per_s_dA, now_ms);
        o.dcl_reason = amps_line("DCL", o.dcl_dA, discharge_stop_reason);
    } else {
        CurrentTarget target = discharge_current_target(bank, c, limits);
        apply_hold(target.target_dA, hold_.dcl_dA, target.reason);
        o.dcl_dA = dcl_ramp_.update(target.target_dA, c.dcl_ramp_per_s_dA, now_ms);
        o.dcl_reason = amps_line("DCL", o.dcl_dA, target.reason);
        ramp_words(o.dcl_reason, o.dcl_dA, target.target_dA, c.dcl_ramp_per_s_dA, false);
    }
    decide_dvl(cells, limits);
    if (hold_.active) {  // the ceiling only falls while a pack stays offline
        hold_.ccl_dA = std::min(hold_.ccl_dA, o.ccl_dA);
        hold_.dcl_dA = std::min(hold_.dcl_dA, o.dcl_dA);
        hold_.cvl_dV = std::min(hold_.cvl_dV, o.cvl_dV);
    }
    have_output_ = true;

    // State, alarms, flags.
    if (failsafe) {
        o.state = ChargeState::kFailsafe;
        o.state_reason = no_data;
    } else if (o.charge_stopped) {
        o.state = ChargeState::kBlocked;
        o.state_reason.add("charge blocked: ").add(charge_stop_reason);
    } else {
        o.state = o.phase == ChargePhase::kBulk         ? ChargeState::kBulk
                  : o.phase == ChargePhase::kAbsorption ? ChargeState::kAbsorption
                                                        : ChargeState::kFloat;
        o.state_reason = phase_.reason();
    }
    AlarmInputs alarm_inputs;
    alarm_inputs.failsafe = failsafe;
    // A spread that an absorption could not bring down within its time limit is reported, not re-bulked on.
    alarm_inputs.imbalance_warning = imbalance_warning_.active() || (online && phase_.spread_unresolved());
    alarm_inputs.imbalance_alarm = imbalance_alarm_.active();
    o.alarms = evaluate_alarms(bank, c, limits, latches_, alarm_inputs);
    decide_requests(bank, limits, now_ms);
    o.transmit = !(failsafe && c.failsafe_silence);
    return o;
}

void ChargeController::decide_cvl(const bank::BankSnapshot& bank, std::int32_t cells, std::int32_t taper_end_mV,
                                  std::uint64_t now_ms) {
    const ControlConfig& c = config_;
    ControlOutput& o = out_;
    const bool floating = o.phase == ChargePhase::kFloat;
    const std::int32_t per_cell_mV = std::min(floating ? c.float_cell_mV : c.bulk_cell_mV, taper_end_mV);
    std::int32_t target = cells * per_cell_mV / 100;
    ReasonText reason;
    reason.add(to_string(o.phase)).add(", ").integer(cells).add(" × ").cell_volts_mV(per_cell_mV);
    if (target > c.cvl_max_dV) {
        target = c.cvl_max_dV;
        reason.clear();
        reason.add("configured maximum");
    }
    // While any cut-off holds, never above the float CVL; while charging is stopped, also not above the bank voltage
    // (rounded up) when one is known.
    const std::int32_t float_dV = std::min(cells * std::min(c.float_cell_mV, taper_end_mV) / 100, c.cvl_max_dV);
    if (o.discharge_stopped && !o.charge_stopped && float_dV < target) {
        target = float_dV;
        reason.clear();
        reason.add("float target while discharge is stopped, ").integer(cells).add(" × ");
        reason.cell_volts_mV(std::min(c.float_cell_mV, taper_end_mV));
    }
    if (o.charge_stopped) {
        std::int32_t held = float_dV;
        reason.clear();
        reason.add("charge stopped, float ").integer(cells).add(" × ");
        reason.cell_volts_mV(std::min(c.float_cell_mV, taper_end_mV));
        if (have_voltage_) {
            const std::int32_t present_10mV = bank.modules_online > 0 ? bank.voltage_10mV : last_voltage_10mV_;
            if (round_up_to_dV(present_10mV) < held) {
                held = round_up_to_dV(present_10mV);
                reason.clear();
                reason.add(bank.modules_online > 0 ? "charge stopped, held at the bank voltage "
                                                   : "charge stopped, held at the last bank voltage ");
                reason.volts_10mV(present_10mV);
            }
        }
        target = std::min(target, held);
    }
    apply_hold(target, hold_.cvl_dV, reason);
    target = std::max(target, 1);
    if (!cvl_ramp_.started()) {
        cvl_ramp_.reset(target, now_ms);
    }
    o.cvl_dV = cvl_ramp_.update(target, c.cvl_ramp_per_s_dV, now_ms);
    o.cvl_reason = volts_line("CVL", o.cvl_dV, reason);
    ramp_words(o.cvl_reason, o.cvl_dV, target, c.cvl_ramp_per_s_dV, true);
}

void ChargeController::decide_dvl(std::int32_t cells, const EffectiveLimits& limits) {
    ControlOutput& o = out_;
    const std::int32_t by_cells = (cells * limits.cell_discharge_cut_mV + 99) / 100;
    const std::int32_t by_pack = round_up_to_dV(limits.pack_discharge_cut_10mV);
    ReasonText reason;
    if (by_cells >= by_pack) {
        o.dvl_dV = by_cells;
        reason.integer(cells).add(" × ").cell_volts_mV(limits.cell_discharge_cut_mV);
    } else {
        o.dvl_dV = by_pack;
        reason.add("pack cut-off");
    }
    o.dvl_reason = volts_line("DVL", o.dvl_dV, reason);
}

void ChargeController::decide_requests(const bank::BankSnapshot& bank, const EffectiveLimits& limits,
                                       std::uint64_t now_ms) {
    const ControlConfig& c = config_;
    ControlOutput& o = out_;
    RequestFlags& r = o.requests;
    if (o.failsafe || bank.modules_online == 0) {
        return;
    }
    if (bank.soc_valid) {
        force_charge_soc_.update_low(bank.soc_centipct, c.force_charge_soc_centipct - 1,
                                     c.force_charge_soc_centipct + c.force_charge_soc_hysteresis_centipct);
    }
    r.charge_enable = !o.charge_stopped;
    r.discharge_enable = !o.discharge_stopped;
    const bool under_voltage = latches_.cell_under_voltage.active() || latches_.pack_under_voltage.active() ||
                               bank.any_status_bit(12) || bank.any_status_bit(13) || bank.any_status_bit(28);
    r.force_charge_1 = r.charge_enable && under_voltage;
    r.force_charge_2 = r.charge_enable && ((bank.soc_valid && force_charge_soc_.active()) ||
                                           bank.min_cell.voltage_mV <= limits.dcl_taper_end_mV);
    r.full_charge = phase_.full_charge_due(c, now_ms);
}

}  // namespace tbg::control
