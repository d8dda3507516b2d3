// The simulated BMS's decisions: alarm and protection bits of the 0x44 status field (shared/protocols/
// topband-rs485.md §9), MOSFET states and the per-sensor state bytes, from integer readings. Protections latch with
// hysteresis; alarms follow the readings. Pure integer logic, no I/O.
#pragma once

#include <cstdint>

#include "core/topband/decoders.h"

namespace tbg::sim {

// Thresholds of one pack. The 0x47 reply reports the limits (system_parameters()); protection trip and release
// points sit around them as on real LFP BMSes.
struct BmsLimits {
    std::uint16_t cell_high_mV = 3600;  // over-voltage alarm (0x47 cell high)
    std::uint16_t cell_trip_mV = 3650;  // over-voltage protection
    std::uint16_t cell_ov_release_mV = 3400;
    std::uint16_t cell_low_mV = 2900;    // under-voltage alarm (0x47 cell low)
    std::uint16_t cell_under_mV = 2500;  // under-voltage protection (0x47 cell under)
    std::uint16_t cell_uv_release_mV = 3000;
    std::int16_t charge_high_dC = 550;
    std::int16_t charge_low_dC = 0;
    std::int16_t discharge_high_dC = 600;
    std::int16_t discharge_low_dC = -200;
    std::int16_t temp_release_margin_dC = 50;
    std::int16_t cell_temp_high_alarm_dC = 500;
    std::int16_t cell_temp_low_alarm_dC = 50;
    std::int16_t mosfet_temp_alarm_dC = 800;
    std::uint16_t pack_high_10mV = 5760;
    std::uint16_t pack_low_10mV = 4640;
    std::uint16_t pack_under_10mV = 4000;
    std::int16_t charge_current_max_10mA = 5000;
    std::int16_t discharge_current_max_10mA = 10000;
    std::uint8_t soc_low_alarm_pct = 10;
};

// LFP limits for `cell_count` cells: pack limits are cell limits × cells; currents 0.5 C charge, 1 C discharge
// (capped to what the s16 10 mA field holds).
BmsLimits lfp_limits(std::uint8_t cell_count, std::uint32_t capacity_mAh);
topband::SystemParameters to_system_parameters(const BmsLimits& limits);

struct BmsReadings {
    std::uint16_t max_cell_mV = 0;
    std::uint16_t min_cell_mV = 0;
    std::uint16_t pack_10mV = 0;
    std::int16_t max_cell_temp_dC = 0;  // cell-group sensors only
    std::int16_t min_cell_temp_dC = 0;
    std::int16_t environment_temp_dC = 0;
    std::int16_t mosfet_temp_dC = 0;
    std::int16_t current_10mA = 0;  // + = charge
    std::uint8_t soc_pct = 0;
    bool fully_charged = false;
};

// True when a status field with `bits` set keeps the charge (discharge) MOSFET off.
bool blocks_charge(std::uint64_t bits);
bool blocks_discharge(std::uint64_t bits);

class BmsLogic {
public:
    // Re-evaluates every bit. `forced_bits` are protection bits imposed from outside (protection scenario); they count
    // for the MOSFETs like the BMS's own.
    void update(const BmsReadings& readings, const BmsLimits& limits, std::uint64_t forced_bits);

    std::uint64_t status_bits() const { return status_bits_; }
    bool charge_mosfet_on() const { return charge_mosfet_on_; }
    bool discharge_mosfet_on() const { return discharge_mosfet_on_; }

private:
    bool cell_ov_protection_ = false;
    bool cell_uv_protection_ = false;
    bool pack_uv_protection_ = false;
    bool charge_temp_protection_ = false;
    bool discharge_temp_protection_ = false;
    std::uint64_t status_bits_ = 0;
    bool charge_mosfet_on_ = true;
    bool discharge_mosfet_on_ = true;
};

}  // namespace tbg::sim
