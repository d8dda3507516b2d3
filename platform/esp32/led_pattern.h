// The status LED patterns of the original firmware, as pure logic: gateway state + monotonic time → the colour to
// show now. The status LED driver (status_led.h) shows the colour; a one-colour LED is on for any colour that is not
// black, so it shows the same timing.
//
// Patterns, in priority order (the first that applies wins):
//   1. booting                               blue, steady
//   2. over-voltage cut-off active           red, fast blink (kFastPeriodMs, half on)
//   3. temperature cut-off active            purple, steady
//   4. fault: no BMS answer, no pack online  red, steady
//      or CAN not healthy
//   5. OK                                    green, slow blink (kSlowPeriodMs, half on)
// Why this order: a cut-off is the state a user must act on and it explains why charging stopped, so it outranks the
// communication faults; over-voltage (the more dangerous cut-off) outranks temperature. Patterns 2 and 4 are both
// red, so a red LED always means "look at the dashboard". A one-colour LED cannot tell 3 from 4 (both steady).
//
// Blink phase: on during the first half of each period, counted from now_ms = 0 (boot), so the pattern needs no
// state. The caller updates the LED at least every kUpdateIntervalMs for the fast blink to be visible.
#pragma once

#include <cstdint>
#include <string_view>

namespace tbg::esp32 {

struct Rgb {
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;

    bool off() const { return r == 0 && g == 0 && b == 0; }
    friend bool operator==(const Rgb&, const Rgb&) = default;
};

// About a quarter of full brightness: a WS2812 at 255 is glaring in a cabinet and draws ~20 mA per colour.
inline constexpr Rgb kLedOff{0, 0, 0};
inline constexpr Rgb kLedBlue{0, 0, 64};
inline constexpr Rgb kLedGreen{0, 64, 0};
inline constexpr Rgb kLedRed{64, 0, 0};
inline constexpr Rgb kLedPurple{48, 0, 64};

struct LedInputs {
    bool booting = true;
    bool any_pack_online = false;
    bool can_healthy = false;
    bool over_voltage_cutoff = false;
    bool temperature_cutoff = false;
    bool bms_answering = false;
};

enum class LedState : std::uint8_t { kBooting, kOverVoltage, kTemperature, kFault, kOk };

std::string_view to_string(LedState state);  // "booting", "over-voltage", "temperature", "fault", "ok"

inline constexpr std::uint32_t kSlowPeriodMs = 2'000;
inline constexpr std::uint32_t kFastPeriodMs = 250;
inline constexpr std::uint32_t kUpdateIntervalMs = 50;

LedState led_state(const LedInputs& inputs);
Rgb led_colour(LedState state, std::uint64_t now_ms);
inline Rgb led_colour(const LedInputs& inputs, std::uint64_t now_ms) {
    return led_colour(led_state(inputs), now_ms);
}

}  // namespace tbg::esp32
