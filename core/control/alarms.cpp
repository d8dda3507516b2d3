#include "core/control/alarms.h"

#include <initializer_list>

namespace tbg::control {

namespace {

AlarmLevel level(bool alarm, bool warning) {
    return alarm ? AlarmLevel::kAlarm : warning ? AlarmLevel::kWarning : AlarmLevel::kOk;
}

bool any_bit(const bank::BankSnapshot& bank, std::initializer_list<std::size_t> bits) {
    for (const std::size_t bit : bits) {
        if (bank.any_status_bit(bit)) {
            return true;
        }
    }
    return false;
}

// Whether any online pack reporting `bit` is on the cold (or warm) side of the window min…max.
bool bit_on_side(const bank::BankSnapshot& bank, std::size_t bit, std::int32_t min_dC, std::int32_t max_dC, bool cold) {
    const std::int32_t middle = (min_dC + max_dC) / 2;
    for (const bank::PackSummary& pack : bank.packs) {
        if (!pack.online || !pack.status_bit(bit)) {
            continue;
        }
        const bool is_cold = pack.cell_temp_count > 0 && pack.min_temp.temp_dC < middle;
        if (is_cold == cold) {
            return true;
        }
    }
    return false;
}

bool any_implausible_parameters(const bank::BankSnapshot& bank) {
    for (const bank::PackSummary& pack : bank.packs) {
        if (pack.online && pack.parameters_implausible) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::array<AlarmLevel, kAlarmConditionCount> evaluate_alarms(const bank::BankSnapshot& bank, const ControlConfig& c,
                                                             const EffectiveLimits& e, const CutoffLatches& l,
                                                             const AlarmInputs& in) {
    std::array<AlarmLevel, kAlarmConditionCount> out{};
    const auto set = [&out](AlarmCondition condition, AlarmLevel value) {
        out[static_cast<std::size_t>(condition)] = value;
    };
    out.fill(AlarmLevel::kOk);
    set(AlarmCondition::kContactor, AlarmLevel::kNotSupported);
    if (in.failsafe || bank.modules_online == 0) {
        set(AlarmCondition::kGeneral, AlarmLevel::kAlarm);
        set(AlarmCondition::kBmsInternal, in.failsafe ? AlarmLevel::kAlarm : AlarmLevel::kOk);
        return out;
    }

    set(AlarmCondition::kGeneral,
        level(false, bank.modules_offline > 0 || bank.mixed_cell_counts || any_implausible_parameters(bank)));

    const bool high_voltage_warning =
        bank.max_cell.voltage_mV >= e.ccl_taper_end_mV ||
        bank.max_pack_voltage_10mV > (c.hard_pack_voltage_max_dV - c.hard_pack_voltage_hysteresis_dV) * 10 ||
        any_bit(bank, {3, 40});
    set(AlarmCondition::kHighVoltage,
        level(l.pack_over_voltage.active() || l.cell_over_voltage.active() || any_bit(bank, {0, 58}),
              high_voltage_warning));

    const bool low_voltage_warning =
        bank.min_cell.voltage_mV <= e.dcl_taper_end_mV ||
        bank.min_pack_voltage_10mV < e.pack_discharge_cut_10mV + c.pack_discharge_cut_hysteresis_dV * 10 ||
        any_bit(bank, {1, 7});
    set(AlarmCondition::kLowVoltage,
        level(l.cell_under_voltage.active() || l.pack_under_voltage.active() || any_bit(bank, {12, 13, 28}),
              low_voltage_warning));

    const bool t = bank.temp_valid;
    const std::int32_t t_min = bank.min_temp.temp_dC;
    const std::int32_t t_max = bank.max_temp.temp_dC;
    set(AlarmCondition::kHighTemperature,
        level(l.discharge_hot.active() || any_bit(bank, {59, 66, 69}) ||
                  bit_on_side(bank, 5, e.discharge_temp_min_dC, e.discharge_temp_max_dC, false),
              (t && t_max >= e.discharge_temp_max_dC - c.discharge_hot_derate_band_dC) ||
                  any_bit(bank, {41, 43, 45, 68})));
    set(AlarmCondition::kLowTemperature,
        level(l.discharge_cold.active() || any_bit(bank, {65}) ||
                  bit_on_side(bank, 5, e.discharge_temp_min_dC, e.discharge_temp_max_dC, true),
              (t && t_min <= e.discharge_temp_min_dC + c.discharge_cold_derate_band_dC) || any_bit(bank, {42, 44})));
    set(AlarmCondition::kHighTemperatureCharge,
        level(l.charge_hot.active() || bit_on_side(bank, 6, e.charge_temp_min_dC, e.charge_temp_max_dC, false),
              t && t_max >= e.charge_temp_max_dC - c.charge_hot_derate_band_dC));
    set(AlarmCondition::kLowTemperatureCharge,
        level(l.charge_cold.active() || bit_on_side(bank, 6, e.charge_temp_min_dC, e.charge_temp_max_dC, true),
              t && t_min <= e.charge_temp_min_dC + c.charge_cold_derate_band_dC));

    set(AlarmCondition::kHighDischargeCurrent, level(any_bit(bank, {4, 56}), any_bit(bank, {46})));
    set(AlarmCondition::kHighChargeCurrent, level(any_bit(bank, {2}), any_bit(bank, {47})));
    set(AlarmCondition::kShortCircuit, level(any_bit(bank, {11}), false));
    set(AlarmCondition::kBmsInternal,
        level(any_bit(bank, {14, 30, 50, 51, 52, 53, 54, 55}) || bank.packs_without_cell_temp > 0, false));
    set(AlarmCondition::kCellImbalance,
        level(in.imbalance_alarm || any_bit(bank, {72}), in.imbalance_warning || any_bit(bank, {67})));
    return out;
}

}  // namespace tbg::control
