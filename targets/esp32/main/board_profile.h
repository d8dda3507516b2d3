// Board profiles (../shared/reference/peers.md section c) and their resolution against the `device` settings: which
// GPIO does what on this board, which pins must be driven at boot, and whether the combination is possible on the
// chip the firmware runs on. Pure data and logic; no ESP-IDF calls.
//
// Profiles:
//   waveshare-s3-rs485-can  ESP32-S3. RS485 TX 17, RX 18, DE 21 (DE and /RE tied; high = transmit, driven low at
//                           boot). CAN TX 15, RX 16 (no standby pin). Status LED: undocumented by Waveshare; default
//                           a WS2812 on GPIO38 as the original firmware (atomi23 v117) and its fork drive it there;
//                           configurable, can be "off".
//   lilygo-t-can485         ESP32. RS485 TX 22, RX 21 (MAX13487E, auto-direction: no DE pin); GPIO16 (ME2107 boost
//                           powering both transceivers), GPIO19 (SHDN/EN) and GPIO17 (/RE) driven high; CAN TX 27,
//                           RX 26 with GPIO23 (SN65HVD231 Rs: high-speed mode) driven low; WS2812 on GPIO4. SD card
//                           (SPI) on MISO 2, MOSI 15, SCLK 14, CS 13: listed, not used by the firmware.
//   custom                  the running chip; every RS485/CAN pin must be given; DE optional (-1 = auto-direction
//                           transceiver); LED "auto" = none.
//
// Resolution rules (resolve_board): a pin override of -1 keeps the profile's pin; any other value must be a GPIO the
// chip has (ESP32-S3: 0–21 and 26–48, 26–32 refused as the SPI flash's; ESP32: 0–19, 21–23, 25–27, 32–39, 6–11
// refused as the SPI flash's, 34–39 input only: not for TX, DE, LED or boot levels). No pin may serve two roles
// (boot-level pins included). A named board on the other chip family is refused.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/device_settings.h"
#include "platform/esp32/board_io.h"
#include "platform/esp32/status_led.h"

namespace tbg::esp32 {

enum class ChipFamily : std::uint8_t { kEsp32, kEsp32S3 };

std::string_view to_string(ChipFamily chip);  // "ESP32", "ESP32-S3"

inline constexpr std::string_view kCustomBoard = "custom";

struct BootPin {
    int gpio = -1;
    int level = 0;
    std::string_view role;  // for messages, e.g. "RS485 boost enable"
};

struct SdCardPins {
    int miso = -1;
    int mosi = -1;
    int sclk = -1;
    int cs = -1;
};

struct BoardProfile {
    std::string_view name;   // the `device.board` value
    std::string_view title;  // for the dashboard and the log
    ChipFamily chip = ChipFamily::kEsp32S3;
    int rs485_tx_pin = -1;
    int rs485_rx_pin = -1;
    int rs485_de_pin = -1;  // -1: auto-direction transceiver; else driven low at boot, then the UART's RTS
    int can_tx_pin = -1;
    int can_rx_pin = -1;
    LedKind led_kind = LedKind::kNone;
    int led_pin = -1;
    std::span<const BootPin> fixed_boot_pins;  // the board's control pins (the DE pin is added by resolution)
    std::optional<SdCardPins> sd_card;         // wired on the board, unused by the firmware
};

// The named profiles (not "custom").
std::span<const BoardProfile> board_profiles();
const BoardProfile* find_board_profile(std::string_view name);

struct ResolvedBoard {
    std::string board;  // profile name or "custom"
    ChipFamily chip = ChipFamily::kEsp32S3;
    int rs485_tx_pin = -1;
    int rs485_rx_pin = -1;
    int rs485_de_pin = -1;  // -1 = none
    int can_tx_pin = -1;
    int can_rx_pin = -1;
    LedKind led_kind = LedKind::kNone;
    int led_pin = -1;  // -1 when led_kind is kNone
    // In order: the board's fixed control pins, then the DE pin (low). apply_boot_levels() takes these.
    std::vector<GpioLevel> boot_levels;
};

// The chip's GPIO facts (see the header comment).
bool gpio_exists(ChipFamily chip, int gpio);
bool gpio_can_output(ChipFamily chip, int gpio);
// Non-empty when the pin exists but must not be used (e.g. "wired to the SPI flash").
std::string_view gpio_reserved(ChipFamily chip, int gpio);

// Resolves `settings` for a firmware running on `chip`. nullopt with `error` (one sentence naming the setting) when
// the board is unknown, is for the other chip, a custom board lacks a pin, a pin does not exist or cannot do its
// role, a pin is used twice, or the LED mode is unknown.
std::optional<ResolvedBoard> resolve_board(const config::DeviceSettings& settings, ChipFamily chip, std::string& error);

}  // namespace tbg::esp32
