// Every threshold of the charge controller, with its safe default (the initialiser) and validated bounds
// (control_config_fields(); cross-key rules in validate()). docs/charge-control.md explains each one.
//
// Units are in the names: dV = 0.1 V, dA = 0.1 A, mV, dC = 0.1 °C, centipct = 0.01 %, pct = %, s, days. Pack
// voltages are of the whole 48 V pack; cell voltages per cell. Currents marked "per pack" are multiplied by the
// number of online packs that accept that direction.
#pragma once

#include <cstdint>
#include <span>

#include "core/bank/config_error.h"

namespace tbg::control {

struct ControlConfig {
    // --- charge voltage limit (CVL) ---
    std::int32_t cells_in_series = 0;    // 0 = from the packs (smallest cell count seen), else 4…32
    std::int32_t bulk_cell_mV = 3450;    // CVL per cell in bulk and absorption
    std::int32_t float_cell_mV = 3375;   // CVL per cell in float
    std::int32_t cvl_max_dV = 560;       // CVL never exceeds this
    std::int32_t cvl_ramp_per_s_dV = 1;  // CVL rises at most this fast

    // --- hard safety, always on ---
    std::int32_t hard_pack_voltage_max_dV = 565;        // any pack above → charge stops
    std::int32_t hard_pack_voltage_hysteresis_dV = 10;  // resumes at or below max − this
    std::int32_t hard_charge_temp_min_dC = 0;           // any cell sensor below → charge stops
    std::int32_t hard_charge_temp_max_dC = 500;         // any cell sensor above → charge stops
    std::int32_t charge_temp_hysteresis_dC = 20;        // resumes this far inside the limit

    // --- charge current taper on the highest cell ---
    std::int32_t ccl_taper_start_cell_mV = 3450;  // full CCL up to here
    std::int32_t ccl_taper_end_cell_mV = 3550;    // ccl_taper_end_pct of CCL here
    std::int32_t cell_charge_cut_mV = 3600;       // CCL 0 and charge stops at or above
    std::int32_t cell_charge_cut_hysteresis_mV = 100;
    std::int32_t ccl_taper_end_pct = 10;

    // --- discharge: lowest cell, pack voltage, temperature ---
    std::int32_t dcl_taper_start_cell_mV = 3100;  // full DCL down to here
    std::int32_t dcl_taper_end_cell_mV = 3000;    // dcl_taper_end_pct of DCL here
    std::int32_t cell_discharge_cut_mV = 2900;    // DCL 0 at or below
    std::int32_t cell_discharge_cut_hysteresis_mV = 150;
    std::int32_t dcl_taper_end_pct = 10;
    std::int32_t pack_discharge_cut_dV = 448;  // any pack below → DCL 0
    std::int32_t pack_discharge_cut_hysteresis_dV = 20;
    std::int32_t discharge_temp_min_dC = -200;  // fallback and outer bound of the BMS's 0x47 discharge limits
    std::int32_t discharge_temp_max_dC = 600;
    std::int32_t discharge_temp_hysteresis_dC = 20;

    // --- derating ---
    std::int32_t charge_cold_derate_band_dC = 100;  // CCL derated within this band above the charge minimum
    std::int32_t charge_hot_derate_band_dC = 50;    // … below the charge maximum
    std::int32_t discharge_cold_derate_band_dC = 100;
    std::int32_t discharge_hot_derate_band_dC = 50;
    std::int32_t temp_derate_min_pct = 20;         // share of the limit left at the edge of a band
    std::int32_t soc_taper_start_centipct = 9500;  // CCL tapers above this SOC (10000 = off)
    std::int32_t soc_taper_end_pct = 25;           // share of CCL left at 100 % SOC

    // --- current limits ---
    std::int32_t pack_charge_current_dA = 500;      // per pack, further capped by the pack's 0x47 maximum
    std::int32_t pack_discharge_current_dA = 1000;  // per pack, further capped by the pack's 0x47 maximum
    std::int32_t ccl_ramp_per_s_dA = 100;           // CCL rises at most this fast (falls at once)
    std::int32_t dcl_ramp_per_s_dA = 200;

    // --- charge phases ---
    std::int32_t absorption_entry_offset_dV = 2;   // absorption once the bank is within this of the bulk CVL
    std::int32_t float_spread_mV = 15;             // float needs cell spread at most this …
    std::int32_t absorption_tail_current_dA = 50;  // … and charge current at most this per online pack …
    std::int32_t absorption_hold_s = 900;          // … held together for this long
    std::int32_t absorption_max_s = 14400;         // float anyway after this long at absorption voltage
    std::int32_t rebulk_soc_centipct = 9000;       // float → bulk below this SOC
    std::int32_t rebulk_spread_mV = 80;            // float → bulk above this cell spread
    std::int32_t full_charge_interval_days = 14;   // absorption at least this often (0 = off)

    // --- alarms and request flags ---
    std::int32_t imbalance_warning_mV = 100;
    std::int32_t imbalance_alarm_mV = 200;
    std::int32_t imbalance_hysteresis_mV = 20;
    std::int32_t force_charge_soc_centipct = 500;  // Pylontech "force charge II" below this SOC
    std::int32_t force_charge_soc_hysteresis_centipct = 200;

    // --- failsafe ---
    std::int32_t comm_loss_timeout_s = 30;  // no pack answered for this long → failsafe
    bool failsafe_silence = false;          // in failsafe stop transmitting (the GX then raises "BMS lost")

    // Every key outside its bounds and every broken rule between keys; empty when the configuration is usable.
    ConfigErrors validate() const;
};

// The integer keys with bounds and help, in declaration order (failsafe_silence is the only non-integer key).
std::span<const ConfigField<ControlConfig>> control_config_fields();

}  // namespace tbg::control
