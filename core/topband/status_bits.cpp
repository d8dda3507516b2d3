// Status bits of the 0x44 reply (§9): mapping of LD at commit 9cace0e (byte 4, bits 32–39, undefined), bytes 8
// and 9 from LD's comments. `protection` follows SW's critical mask (P); `state` marks bits 9, 10, 22, 23 and the
// other pure state reports.
#include <algorithm>

#include "core/topband/decoders.h"

namespace tbg::topband {

namespace {

constexpr StatusBitInfo kStatusBits[] = {
    {0, "cell_over_voltage_protection", "cell over-voltage protection", true, false},
    {1, "cell_under_voltage_alarm", "cell under-voltage alarm", false, false},
    {2, "charge_over_current_protection", "charge over-current protection", true, false},
    {3, "cell_over_voltage_alarm", "cell over-voltage alarm", false, false},
    {4, "discharge_over_current_1_protection", "discharge over-current 1 protection", true, false},
    {5, "cell_temp_protection_discharge", "cell temperature protection (discharge)", true, false},
    {6, "cell_temp_protection_charge", "cell temperature protection (charge)", true, false},
    {7, "pack_under_voltage_alarm", "pack under-voltage alarm", false, false},
    {8, "current_limiting_active", "current limiting active", false, true},
    {9, "charge_mosfet_on", "charge MOSFET on", false, true},
    {10, "discharge_mosfet_on", "discharge MOSFET on", false, true},
    {11, "short_circuit_protection", "short-circuit protection", true, false},
    {12, "cell_under_voltage_protection", "cell under-voltage protection", true, false},
    {13, "pack_under_voltage_protection", "pack under-voltage protection", true, false},
    {14, "reverse_connection_protection", "reverse-connection protection", false, false},
    {15, "soc_low_alarm", "SOC low alarm", false, false},
    {16, "buzzer_on", "buzzer on", false, true},
    {17, "charger_fault", "charger fault", false, false},
    {18, "module_2g_failure", "2G module failure", false, false},
    {19, "fully_charged", "fully charged", false, true},
    {20, "charger_connected", "charger connected", false, true},
    {21, "heater_on", "heater on", false, true},
    {22, "discharging", "discharging", false, true},
    {23, "charging", "charging", false, true},
    {28, "cell_voltage_low_forced_protection", "cell voltage low, forced protection", false, false},
    {29, "disconnector_state", "disconnector state", false, true},
    {30, "aerosol_triggered", "aerosol (fire suppression) triggered", false, false},
    {31, "pre_charge_on", "pre-charge on", false, true},
    {40, "pack_over_voltage_alarm", "pack over-voltage alarm", false, false},
    {41, "mosfet_ntc_temp_alarm", "MOSFET NTC temperature alarm", false, false},
    {42, "environment_ntc_low_temp_alarm", "environment NTC low-temperature alarm", false, false},
    {43, "environment_ntc_high_temp_alarm", "environment NTC high-temperature alarm", false, false},
    {44, "cell_ntc_low_temp_alarm", "cell NTC low-temperature alarm", false, false},
    {45, "cell_ntc_high_temp_alarm", "cell NTC high-temperature alarm", false, false},
    {46, "discharge_current_alarm", "discharge current alarm", false, false},
    {47, "charge_current_alarm", "charge current alarm", false, false},
    {48, "balancer_ntc_temp_alarm", "balancer NTC temperature alarm", false, false},
    {49, "balancer_ntc_temp_protection", "balancer NTC temperature protection", false, false},
    {50, "discharge_mosfet_fault", "discharge MOSFET fault", true, false},
    {51, "charge_mosfet_fault", "charge MOSFET fault", true, false},
    {52, "current_sensor_fault", "current sensor fault", true, false},
    {53, "afe_fault", "AFE fault", true, false},
    {54, "ntc_fault", "NTC fault", true, false},
    {55, "cell_fault", "cell fault", true, false},
    {56, "discharge_over_current_2_protection", "discharge over-current 2 protection", false, false},
    {57, "smart_charging", "smart charging", false, true},
    {58, "pack_over_voltage_protection", "pack over-voltage protection", true, false},
    {59, "mosfet_ntc_temp_protection", "MOSFET NTC temperature protection", true, false},
    {60, "discharge_mosfet_forced_off", "discharge MOSFET forced off", false, true},
    {61, "charge_mosfet_forced_off", "charge MOSFET forced off", false, true},
    {62, "environment_ntc_protection_discharge", "environment NTC protection while discharging", false, false},
    {63, "environment_ntc_protection_charge", "environment NTC protection while charging", false, false},
    {64, "request_sleep", "request sleep (DTU)", false, true},
    {65, "battery_low_temp_protection", "battery low-temperature protection", false, false},
    {66, "battery_high_temp_protection", "battery high-temperature protection", false, false},
    {67, "cell_voltage_difference_alarm", "large cell-voltage difference alarm", false, false},
    {68, "mosfet_high_temp_alarm", "MOSFET high-temperature alarm", false, false},
    {69, "cell_ultra_high_temp_protection", "cell ultra-high-temperature protection", false, false},
    {70, "discharge_current_limit_on", "discharge current limit on", false, true},
    {71, "soc_low_protection", "SOC low protection", false, false},
    {72, "cell_voltage_difference_protection", "large cell-voltage difference protection", false, false},
    {73, "anti_theft_communication_enabled", "anti-theft communication enabled", false, true},
    {74, "anti_theft_gyro_enabled", "anti-theft gyro enabled", false, true},
    {75, "gyro_active", "gyro active", false, true},
    {76, "gyro_locked", "gyro locked", false, true},
    {77, "soh_abnormal_alarm", "SOH abnormal alarm", false, false},
    {78, "gyro_fault", "gyro fault", false, false},
    {79, "abnormal_current_limit_protection", "abnormal current-limit protection", false, false},
};

}  // namespace

std::span<const StatusBitInfo> status_bits() {
    return kStatusBits;
}

const StatusBitInfo* find_status_bit(std::size_t bit) {
    const auto* it = std::find_if(std::begin(kStatusBits), std::end(kStatusBits),
                                  [bit](const StatusBitInfo& info) { return info.bit == bit; });
    return it != std::end(kStatusBits) ? it : nullptr;
}

}  // namespace tbg::topband
