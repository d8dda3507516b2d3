#include "core/control/control_config.h"

#include <string>

namespace tbg::control {

namespace {

using C = ControlConfig;

constexpr ConfigField<ControlConfig> kFields[] = {
    {"cells_in_series", &C::cells_in_series, 0, 32, "cells; 0 = from the packs, else 4…32"},
    {"bulk_cell_mV", &C::bulk_cell_mV, 3300, 3550, "mV per cell; CVL in bulk and absorption"},
    {"float_cell_mV", &C::float_cell_mV, 3300, 3450, "mV per cell; CVL in float"},
    {"cvl_max_dV", &C::cvl_max_dV, 400, 580, "0.1 V; CVL never above"},
    {"cvl_ramp_per_s_dV", &C::cvl_ramp_per_s_dV, 1, 100, "0.1 V/s; CVL rise rate"},
    {"hard_pack_voltage_max_dV", &C::hard_pack_voltage_max_dV, 480, 584, "0.1 V; charge stops above"},
    {"hard_pack_voltage_hysteresis_dV", &C::hard_pack_voltage_hysteresis_dV, 2, 40, "0.1 V"},
    {"hard_charge_temp_min_dC", &C::hard_charge_temp_min_dC, 0, 100, "0.1 °C; charge stops below"},
    {"hard_charge_temp_max_dC", &C::hard_charge_temp_max_dC, 300, 550, "0.1 °C; charge stops above"},
    {"charge_temp_hysteresis_dC", &C::charge_temp_hysteresis_dC, 5, 100, "0.1 °C"},
    {"ccl_taper_start_cell_mV", &C::ccl_taper_start_cell_mV, 3300, 3600, "mV; CCL taper begins"},
    {"ccl_taper_end_cell_mV", &C::ccl_taper_end_cell_mV, 3350, 3640, "mV; CCL at ccl_taper_end_pct"},
    {"cell_charge_cut_mV", &C::cell_charge_cut_mV, 3400, 3650, "mV; charge stops at or above"},
    {"cell_charge_cut_hysteresis_mV", &C::cell_charge_cut_hysteresis_mV, 20, 300, "mV"},
    {"ccl_taper_end_pct", &C::ccl_taper_end_pct, 1, 100, "%; CCL share at the taper end"},
    {"dcl_taper_start_cell_mV", &C::dcl_taper_start_cell_mV, 2900, 3300, "mV; DCL taper begins"},
    {"dcl_taper_end_cell_mV", &C::dcl_taper_end_cell_mV, 2700, 3200, "mV; DCL at dcl_taper_end_pct"},
    {"cell_discharge_cut_mV", &C::cell_discharge_cut_mV, 2500, 3100, "mV; discharge stops at or below"},
    {"cell_discharge_cut_hysteresis_mV", &C::cell_discharge_cut_hysteresis_mV, 20, 400, "mV"},
    {"dcl_taper_end_pct", &C::dcl_taper_end_pct, 1, 100, "%; DCL share at the taper end"},
    {"pack_discharge_cut_dV", &C::pack_discharge_cut_dV, 360, 520, "0.1 V; discharge stops below"},
    {"pack_discharge_cut_hysteresis_dV", &C::pack_discharge_cut_hysteresis_dV, 5, 60, "0.1 V"},
    {"discharge_temp_min_dC", &C::discharge_temp_min_dC, -300, 0, "0.1 °C; discharge stops below"},
    {"discharge_temp_max_dC", &C::discharge_temp_max_dC, 400, 700, "0.1 °C; discharge stops above"},
    {"discharge_temp_hysteresis_dC", &C::discharge_temp_hysteresis_dC, 5, 100, "0.1 °C"},
    {"charge_cold_derate_band_dC", &C::charge_cold_derate_band_dC, 0, 200, "0.1 °C above the charge minimum"},
    {"charge_hot_derate_band_dC", &C::charge_hot_derate_band_dC, 0, 200, "0.1 °C below the charge maximum"},
    {"discharge_cold_derate_band_dC", &C::discharge_cold_derate_band_dC, 0, 200, "0.1 °C above the minimum"},
    {"discharge_hot_derate_band_dC", &C::discharge_hot_derate_band_dC, 0, 200, "0.1 °C below the maximum"},
    {"temp_derate_min_pct", &C::temp_derate_min_pct, 1, 100, "%; limit share at the edge of a band"},
    {"soc_taper_start_centipct", &C::soc_taper_start_centipct, 8000, 10000, "0.01 %; 10000 = off"},
    {"soc_taper_end_pct", &C::soc_taper_end_pct, 1, 100, "%; CCL share at 100 % SOC"},
    {"pack_charge_current_dA", &C::pack_charge_current_dA, 10, 5000, "0.1 A per pack"},
    {"pack_discharge_current_dA", &C::pack_discharge_current_dA, 10, 5000, "0.1 A per pack"},
    {"ccl_ramp_per_s_dA", &C::ccl_ramp_per_s_dA, 1, 10000, "0.1 A/s"},
    {"dcl_ramp_per_s_dA", &C::dcl_ramp_per_s_dA, 1, 10000, "0.1 A/s"},
    {"absorption_entry_offset_dV", &C::absorption_entry_offset_dV, 0, 20, "0.1 V below the bulk CVL"},
    {"float_spread_mV", &C::float_spread_mV, 5, 100, "mV"},
    {"absorption_tail_current_dA", &C::absorption_tail_current_dA, 0, 500, "0.1 A per online pack"},
    {"absorption_hold_s", &C::absorption_hold_s, 0, 14400, "s"},
    {"absorption_max_s", &C::absorption_max_s, 600, 86400, "s at absorption voltage"},
    {"rebulk_soc_centipct", &C::rebulk_soc_centipct, 5000, 9900, "0.01 %"},
    {"rebulk_spread_mV", &C::rebulk_spread_mV, 20, 500, "mV"},
    {"full_charge_interval_days", &C::full_charge_interval_days, 0, 90, "days; 0 = off"},
    {"imbalance_warning_mV", &C::imbalance_warning_mV, 20, 500, "mV cell spread"},
    {"imbalance_alarm_mV", &C::imbalance_alarm_mV, 40, 1000, "mV cell spread"},
    {"imbalance_hysteresis_mV", &C::imbalance_hysteresis_mV, 5, 100, "mV"},
    {"force_charge_soc_centipct", &C::force_charge_soc_centipct, 0, 3000, "0.01 %"},
    {"force_charge_soc_hysteresis_centipct", &C::force_charge_soc_hysteresis_centipct, 50, 1000, "0.01 %"},
    {"comm_loss_timeout_s", &C::comm_loss_timeout_s, 5, 600, "s"},
};

std::string with(std::string_view key, std::int64_t value) {
    return std::string(key) + " = " + std::to_string(value);
}

}  // namespace

std::span<const ConfigField<ControlConfig>> control_config_fields() {
    return kFields;
}

ConfigErrors ControlConfig::validate() const {
    ConfigErrors errors;
    for (const auto& field : kFields) {
        check_range(errors, field.key, this->*field.member, field.min, field.max);
    }
    if (!errors.empty()) {
        return errors;  // rules between keys are only meaningful for keys within their bounds
    }
    if (cells_in_series != 0) {
        check_range(errors, "cells_in_series", cells_in_series, 4, 32, "0 = from the packs, else 4…32");
    }
    check_range(errors, "float_cell_mV", float_cell_mV, 3300, bulk_cell_mV,
                "must not exceed " + with("bulk_cell_mV", bulk_cell_mV));
    check_range(errors, "bulk_cell_mV", bulk_cell_mV, 3300, ccl_taper_end_cell_mV,
                "must not exceed " + with("ccl_taper_end_cell_mV", ccl_taper_end_cell_mV));
    check_range(errors, "cvl_max_dV", cvl_max_dV, 400, hard_pack_voltage_max_dV - 1,
                "must stay below " + with("hard_pack_voltage_max_dV", hard_pack_voltage_max_dV));
    check_range(errors, "ccl_taper_start_cell_mV", ccl_taper_start_cell_mV, 3300, ccl_taper_end_cell_mV - 1,
                "must stay below " + with("ccl_taper_end_cell_mV", ccl_taper_end_cell_mV));
    check_range(errors, "ccl_taper_end_cell_mV", ccl_taper_end_cell_mV, 3350, cell_charge_cut_mV - 1,
                "must stay below " + with("cell_charge_cut_mV", cell_charge_cut_mV));
    check_range(errors, "dcl_taper_start_cell_mV", dcl_taper_start_cell_mV, dcl_taper_end_cell_mV + 1, 3300,
                "must stay above " + with("dcl_taper_end_cell_mV", dcl_taper_end_cell_mV));
    check_range(errors, "dcl_taper_end_cell_mV", dcl_taper_end_cell_mV, cell_discharge_cut_mV + 1, 3200,
                "must stay above " + with("cell_discharge_cut_mV", cell_discharge_cut_mV));
    check_range(errors, "hard_charge_temp_max_dC", hard_charge_temp_max_dC,
                hard_charge_temp_min_dC + 2 * charge_temp_hysteresis_dC + 1, 550,
                "must exceed hard_charge_temp_min_dC + 2 × charge_temp_hysteresis_dC = " +
                    std::to_string(hard_charge_temp_min_dC + 2 * charge_temp_hysteresis_dC));
    check_range(errors, "rebulk_spread_mV", rebulk_spread_mV, float_spread_mV + 1, 500,
                "must exceed " + with("float_spread_mV", float_spread_mV));
    check_range(errors, "imbalance_alarm_mV", imbalance_alarm_mV, imbalance_warning_mV + 1, 1000,
                "must exceed " + with("imbalance_warning_mV", imbalance_warning_mV));
    return errors;
}

}  // namespace tbg::control
