// Boot pin levels: the board's fixed control pins put in a defined state before any driver starts (transceiver
// enables and boost converters on, the RS485 DE pin low so the transceiver listens). Run it first thing in app_main.
//
// Each pin is reset to GPIO function (gpio_reset_pin), its output latch set to the level, then its output enabled
// (latch first, so the pin never drives the opposite level). Pins stay outputs at that level until a driver takes
// them over (the UART takes the DE pin as RTS).
//
// Threading: call from app_main before the tasks start.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace tbg::esp32 {

struct GpioLevel {
    int gpio = -1;  // GPIO number, validated by the board profile
    int level = 0;  // 0 = low, 1 = high

    friend bool operator==(const GpioLevel&, const GpioLevel&) = default;
};

// Applies every level, even after a failure; false with `error` naming the first pin that failed.
bool apply_boot_levels(std::span<const GpioLevel> levels, std::string& error);

}  // namespace tbg::esp32
