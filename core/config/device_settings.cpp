#include "core/config/device_settings.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace tbg::config {

namespace {

constexpr ConfigField<DeviceSettings> kDeviceFields[] = {
    {"rs485_tx_pin", &DeviceSettings::rs485_tx_pin, -1, 48, "GPIO of the RS485 transceiver's DI; -1 = the board's"},
    {"rs485_rx_pin", &DeviceSettings::rs485_rx_pin, -1, 48, "GPIO of the RS485 transceiver's RO; -1 = the board's"},
    {"rs485_de_pin", &DeviceSettings::rs485_de_pin, -1, 48,
     "GPIO of the RS485 driver enable (DE/RE); -1 = the board's (none on auto-direction transceivers)"},
    {"can_tx_pin", &DeviceSettings::can_tx_pin, -1, 48, "GPIO of the CAN transceiver's TXD; -1 = the board's"},
    {"can_rx_pin", &DeviceSettings::can_rx_pin, -1, 48, "GPIO of the CAN transceiver's RXD; -1 = the board's"},
    {"led_pin", &DeviceSettings::led_pin, -1, 48, "GPIO of the status LED; -1 = the board's"},
};

constexpr std::array<std::string_view, 3> kBoards = {"waveshare-s3-rs485-can", "lilygo-t-can485", "custom"};
constexpr std::array<std::string_view, 4> kLedModes = {"auto", "ws2812", "gpio", "off"};

}  // namespace

std::span<const ConfigField<DeviceSettings>> device_settings_fields() {
    return kDeviceFields;
}

std::span<const std::string_view> device_boards() {
    return kBoards;
}

std::span<const std::string_view> device_led_modes() {
    return kLedModes;
}

ConfigErrors DeviceSettings::validate() const {
    ConfigErrors errors;
    for (const auto& field : kDeviceFields) {
        check_range(errors, field.key, this->*field.member, field.min, field.max);
    }
    auto text_error = [&](std::string_view key, const std::string& value, const std::string& message) {
        errors.push_back(ConfigError{std::string(key), 0, 0, 0, std::string(key) + " = \"" + value + "\" " + message});
    };
    if (std::find(kBoards.begin(), kBoards.end(), board) == kBoards.end()) {
        text_error("board", board, "is not one of waveshare-s3-rs485-can, lilygo-t-can485, custom");
    }
    if (std::find(kLedModes.begin(), kLedModes.end(), led) == kLedModes.end()) {
        text_error("led", led, "is not one of auto, ws2812, gpio, off");
    }
    // A pin set twice here is always wrong; clashes with the board's own pins are checked where the profile is known.
    for (std::size_t i = 0; i < std::size(kDeviceFields); ++i) {
        const std::int32_t pin = this->*kDeviceFields[i].member;
        for (std::size_t k = 0; k < i && pin >= 0; ++k) {
            if (this->*kDeviceFields[k].member == pin) {
                errors.push_back(ConfigError{std::string(kDeviceFields[i].key), pin, -1, 48,
                                             std::string(kDeviceFields[i].key) + " = " + std::to_string(pin) +
                                                 " is already used by " + std::string(kDeviceFields[k].key)});
                break;
            }
        }
    }
    return errors;
}

}  // namespace tbg::config
