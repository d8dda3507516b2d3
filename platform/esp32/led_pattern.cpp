// Status LED patterns (led_pattern.h).
#include "platform/esp32/led_pattern.h"

namespace tbg::esp32 {

namespace {

bool first_half(std::uint64_t now_ms, std::uint32_t period_ms) {
    return now_ms % period_ms < period_ms / 2;
}

}  // namespace

std::string_view to_string(LedState state) {
    switch (state) {
        case LedState::kBooting:
            return "booting";
        case LedState::kOverVoltage:
            return "over-voltage";
        case LedState::kTemperature:
            return "temperature";
        case LedState::kFault:
            return "fault";
        case LedState::kOk:
            return "ok";
    }
    return "fault";
}

LedState led_state(const LedInputs& inputs) {
    if (inputs.booting) {
        return LedState::kBooting;
    }
    if (inputs.over_voltage_cutoff) {
        return LedState::kOverVoltage;
    }
    if (inputs.temperature_cutoff) {
        return LedState::kTemperature;
    }
    if (!inputs.bms_answering || !inputs.any_pack_online || !inputs.can_healthy) {
        return LedState::kFault;
    }
    return LedState::kOk;
}

Rgb led_colour(LedState state, std::uint64_t now_ms) {
    switch (state) {
        case LedState::kBooting:
            return kLedBlue;
        case LedState::kOverVoltage:
            return first_half(now_ms, kFastPeriodMs) ? kLedRed : kLedOff;
        case LedState::kTemperature:
            return kLedPurple;
        case LedState::kFault:
            return kLedRed;
        case LedState::kOk:
            return first_half(now_ms, kSlowPeriodMs) ? kLedGreen : kLedOff;
    }
    return kLedRed;
}

}  // namespace tbg::esp32
