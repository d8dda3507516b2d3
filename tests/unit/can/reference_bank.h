// The two-pack 16S LFP bank of the ref-* vectors in victron-can-vectors.json: CVL 55.2 V, CCL 100 A, DCL 200 A,
// DVL 44.8 V, SOC 76.40 %, SOH 98 %, 52.34 V, −12.3 A, 21.5 °C, every condition OK, charge and discharge enabled.
#pragma once

#include "core/can/bms_inputs.h"

namespace tbg::can {

inline BmsInputs reference_bank() {
    BmsInputs in;
    in.charge_voltage_limit_dV = 552;
    in.charge_current_limit_dA = 1000;
    in.discharge_current_limit_dA = 2000;
    in.discharge_voltage_limit_dV = 448;
    in.soc_centipct = 7640;
    in.soh_pct = 98;
    in.pack_voltage_cV = 5234;
    in.current_dA = -123;
    in.temperature_dC = 215;
    in.min_cell_mV = 3265;
    in.max_cell_mV = 3281;
    in.min_cell_temp_dC = 200;
    in.max_cell_temp_dC = 230;
    in.min_cell_voltage_label = make_text<8>("P1C07");
    in.max_cell_voltage_label = make_text<8>("P2C12");
    in.min_cell_temp_label = make_text<8>("P1T2");
    in.max_cell_temp_label = make_text<8>("P2T1");
    in.modules_online = 2;
    in.installed_capacity_Ah = 200;
    in.available_capacity_Ah = 152;
    in.charged_energy_Wh = 1234500;
    in.discharged_energy_Wh = 1180200;
    in.levels.fill(Level::kOk);
    in.charge_enable = true;
    in.discharge_enable = true;
    in.family = make_text<8>("TB48100");
    in.firmware_major = 2;
    in.firmware_minor = 4;
    in.cell_count = 16;
    return in;
}

}  // namespace tbg::can
