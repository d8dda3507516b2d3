#include "core/control/control_output.h"

namespace tbg::control {

std::string_view to_string(ChargeState state) {
    switch (state) {
        case ChargeState::kBulk:
            return "bulk";
        case ChargeState::kAbsorption:
            return "absorption";
        case ChargeState::kFloat:
            return "float";
        case ChargeState::kBlocked:
            return "blocked";
        case ChargeState::kFailsafe:
            return "failsafe";
    }
    return "unknown";
}

std::string_view to_string(ChargePhase phase) {
    switch (phase) {
        case ChargePhase::kBulk:
            return "bulk";
        case ChargePhase::kAbsorption:
            return "absorption";
        case ChargePhase::kFloat:
            return "float";
    }
    return "unknown";
}

std::string_view to_string(AlarmCondition condition) {
    switch (condition) {
        case AlarmCondition::kGeneral:
            return "general";
        case AlarmCondition::kHighVoltage:
            return "high_voltage";
        case AlarmCondition::kLowVoltage:
            return "low_voltage";
        case AlarmCondition::kHighTemperature:
            return "high_temperature";
        case AlarmCondition::kLowTemperature:
            return "low_temperature";
        case AlarmCondition::kHighTemperatureCharge:
            return "high_temperature_charge";
        case AlarmCondition::kLowTemperatureCharge:
            return "low_temperature_charge";
        case AlarmCondition::kHighDischargeCurrent:
            return "high_discharge_current";
        case AlarmCondition::kHighChargeCurrent:
            return "high_charge_current";
        case AlarmCondition::kContactor:
            return "contactor";
        case AlarmCondition::kShortCircuit:
            return "short_circuit";
        case AlarmCondition::kBmsInternal:
            return "bms_internal";
        case AlarmCondition::kCellImbalance:
            return "cell_imbalance";
    }
    return "unknown";
}

std::string_view to_string(AlarmLevel level) {
    switch (level) {
        case AlarmLevel::kNotSupported:
            return "not_supported";
        case AlarmLevel::kOk:
            return "ok";
        case AlarmLevel::kWarning:
            return "warning";
        case AlarmLevel::kAlarm:
            return "alarm";
    }
    return "unknown";
}

}  // namespace tbg::control
