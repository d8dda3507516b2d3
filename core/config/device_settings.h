// The `device` section of the configuration: which board the firmware runs on and any pins that differ from the
// board's profile (targets/esp32/main/board_profile.h). Only the ESP32 firmware uses it; the Linux daemon keeps the
// keys (they round-trip) and ignores them. Applied at the next restart.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/bank/config_error.h"

namespace tbg::config {

struct DeviceSettings {
    std::string board = "waveshare-s3-rs485-can";  // "waveshare-s3-rs485-can", "lilygo-t-can485" or "custom"
    // GPIO numbers 0…48; -1 = the board profile's pin (for "custom": not connected, which RS485 and CAN refuse).
    std::int32_t rs485_tx_pin = -1;
    std::int32_t rs485_rx_pin = -1;
    std::int32_t rs485_de_pin = -1;
    std::int32_t can_tx_pin = -1;
    std::int32_t can_rx_pin = -1;
    std::int32_t led_pin = -1;
    std::string led = "auto";  // "auto" (the board's LED), "ws2812", "gpio" (one LED, active high) or "off"

    ConfigErrors validate() const;
};
std::span<const ConfigField<DeviceSettings>> device_settings_fields();
std::span<const std::string_view> device_boards();     // the values of `board`
std::span<const std::string_view> device_led_modes();  // the values of `led`

}  // namespace tbg::config
