#include "core/app/bms_inputs_builder.h"

#include <cstdio>

namespace tbg::app {

namespace {

static_assert(control::kAlarmConditionCount == can::kConditionCount, "0x35A condition lists must match");

can::Level to_can_level(control::AlarmLevel level) {
    switch (level) {
        case control::AlarmLevel::kNotSupported:
            return can::Level::kNotSupported;
        case control::AlarmLevel::kOk:
            return can::Level::kOk;
        case control::AlarmLevel::kWarning:
            return can::Level::kWarning;
        case control::AlarmLevel::kAlarm:
            return can::Level::kAlarm;
    }
    return can::Level::kAlarm;
}

can::Text8 label(char kind, std::uint8_t pack, std::uint8_t position, int digits) {
    char text[16];
    std::snprintf(text, sizeof text, "P%u%c%0*u", unsigned{pack}, kind, digits, unsigned{position});
    return can::make_text<8>(text);
}

}  // namespace

can::Text8 cell_label(std::uint8_t pack, std::uint8_t cell) {
    return label('C', pack, cell, 2);
}
can::Text8 sensor_label(std::uint8_t pack, std::uint8_t sensor) {
    return label('T', pack, sensor, 1);
}

can::BmsInputs make_bms_inputs(const bank::BankSnapshot& snapshot, const control::ControlOutput& output,
                               const Identity& identity) {
    can::BmsInputs in;
    in.charge_voltage_limit_dV = output.cvl_dV;
    in.charge_current_limit_dA = output.ccl_dA;
    in.discharge_current_limit_dA = output.dcl_dA;
    in.discharge_voltage_limit_dV = output.dvl_dV;

    const bool online = snapshot.modules_online > 0;
    in.soc_centipct = snapshot.soc_valid ? snapshot.soc_centipct : 0;
    in.soh_pct = snapshot.soh_pct;
    in.soh_valid = snapshot.soh_valid;
    in.pack_voltage_cV = online ? snapshot.voltage_10mV : 0;
    in.current_dA = online ? snapshot.current_dA : 0;
    in.temperature_valid = snapshot.temp_valid;
    in.temperature_dC = snapshot.temp_valid ? snapshot.max_temp.temp_dC : 0;

    in.cell_extremes_valid = online && snapshot.temp_valid;
    in.min_cell_mV = snapshot.min_cell.voltage_mV;
    in.max_cell_mV = snapshot.max_cell.voltage_mV;
    in.min_cell_voltage_label = cell_label(snapshot.min_cell.pack, snapshot.min_cell.cell);
    in.max_cell_voltage_label = cell_label(snapshot.max_cell.pack, snapshot.max_cell.cell);
    in.min_cell_temp_dC = snapshot.min_temp.temp_dC;
    in.max_cell_temp_dC = snapshot.max_temp.temp_dC;
    in.min_cell_temp_label = sensor_label(snapshot.min_temp.pack, snapshot.min_temp.sensor);
    in.max_cell_temp_label = sensor_label(snapshot.max_temp.pack, snapshot.max_temp.sensor);

    in.modules_online = snapshot.modules_online;
    in.modules_offline = snapshot.modules_offline;
    in.modules_blocking_charge = snapshot.modules_blocking_charge;
    in.modules_blocking_discharge = snapshot.modules_blocking_discharge;

    in.capacity_valid = snapshot.installed_capacity_10mAh > 0;
    in.installed_capacity_Ah = snapshot.installed_capacity_10mAh / 100;
    in.available_capacity_Ah = snapshot.available_capacity_10mAh / 100;
    in.energy_valid = true;
    in.charged_energy_Wh = snapshot.charged_Wh;
    in.discharged_energy_Wh = snapshot.discharged_Wh;

    for (std::size_t i = 0; i < can::kConditionCount; ++i) {
        in.levels[i] = to_can_level(output.alarms[i]);
    }
    in.charge_enable = output.requests.charge_enable;
    in.discharge_enable = output.requests.discharge_enable;
    in.request_force_charge_1 = output.requests.force_charge_1;
    in.request_force_charge_2 = output.requests.force_charge_2;
    in.request_full_charge = output.requests.full_charge;

    in.manufacturer = can::make_text<8>(identity.manufacturer);
    in.bms_name = can::make_text<16>(identity.bms_name);
    in.cell_count = snapshot.cells_in_series;
    in.firmware_valid = false;
    return in;
}

}  // namespace tbg::app
