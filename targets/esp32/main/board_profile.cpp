// Board profiles and their resolution (board_profile.h).
#include "targets/esp32/main/board_profile.h"

#include <array>

namespace tbg::esp32 {

namespace {

constexpr std::array<BootPin, 4> kLilygoBootPins{{
    {16, 1, "boost converter enable (ME2107)"},
    {19, 1, "RS485 transceiver enable (SHDN)"},
    {17, 1, "RS485 receiver enable (/RE)"},
    {23, 0, "CAN transceiver high-speed mode (Rs)"},
}};

const std::array<BoardProfile, 2> kProfiles{{
    {"waveshare-s3-rs485-can", "Waveshare ESP32-S3-RS485-CAN", ChipFamily::kEsp32S3, 17, 18, 21, 15, 16,
     LedKind::kWs2812, 38, std::span<const BootPin>{},  // only the DE pin, which resolution adds
     std::nullopt},
    {"lilygo-t-can485", "LilyGO T-CAN485", ChipFamily::kEsp32, 22, 21, -1, 27, 26, LedKind::kWs2812, 4,
     std::span<const BootPin>(kLilygoBootPins), SdCardPins{2, 15, 14, 13}},
}};

struct Role {
    std::string_view name;
    int gpio = -1;
    bool output = false;
};

bool check_pin(ChipFamily chip, const Role& role, std::string& error) {
    const std::string where = "device." + std::string(role.name) + ": ";
    if (!gpio_exists(chip, role.gpio)) {
        error = where + "GPIO" + std::to_string(role.gpio) + " does not exist on the " + std::string(to_string(chip));
        return false;
    }
    if (const std::string_view reserved = gpio_reserved(chip, role.gpio); !reserved.empty()) {
        error = where + "GPIO" + std::to_string(role.gpio) + " is " + std::string(reserved);
        return false;
    }
    if (role.output && !gpio_can_output(chip, role.gpio)) {
        error = where + "GPIO" + std::to_string(role.gpio) + " is input-only on the " + std::string(to_string(chip));
        return false;
    }
    return true;
}

// An override: -1 keeps `profile_pin`; other values outside 0…48 are refused here (no chip has them).
bool pick(std::int32_t override_pin, int profile_pin, std::string_view name, int& out, std::string& error) {
    if (override_pin == -1) {
        out = profile_pin;
        return true;
    }
    if (override_pin < 0 || override_pin > 48) {
        error = "device." + std::string(name) + ": " + std::to_string(override_pin) + " is not a GPIO number";
        return false;
    }
    out = static_cast<int>(override_pin);
    return true;
}

}  // namespace

std::string_view to_string(ChipFamily chip) {
    return chip == ChipFamily::kEsp32 ? "ESP32" : "ESP32-S3";
}

std::span<const BoardProfile> board_profiles() {
    return kProfiles;
}

const BoardProfile* find_board_profile(std::string_view name) {
    for (const BoardProfile& profile : kProfiles) {
        if (profile.name == name) {
            return &profile;
        }
    }
    return nullptr;
}

bool gpio_exists(ChipFamily chip, int gpio) {
    if (chip == ChipFamily::kEsp32S3) {
        return (gpio >= 0 && gpio <= 21) || (gpio >= 26 && gpio <= 48);
    }
    return (gpio >= 0 && gpio <= 19) || (gpio >= 21 && gpio <= 23) || (gpio >= 25 && gpio <= 27) ||
           (gpio >= 32 && gpio <= 39);
}

bool gpio_can_output(ChipFamily chip, int gpio) {
    return gpio_exists(chip, gpio) && !(chip == ChipFamily::kEsp32 && gpio >= 34);
}

std::string_view gpio_reserved(ChipFamily chip, int gpio) {
    const bool flash = chip == ChipFamily::kEsp32S3 ? (gpio >= 26 && gpio <= 32) : (gpio >= 6 && gpio <= 11);
    return flash ? "wired to the SPI flash" : "";
}

std::optional<ResolvedBoard> resolve_board(const config::DeviceSettings& settings, ChipFamily chip,
                                           std::string& error) {
    const bool custom = settings.board == kCustomBoard;
    const BoardProfile* profile = custom ? nullptr : find_board_profile(settings.board);
    if (!custom && profile == nullptr) {
        error = "device.board: unknown board \"" + settings.board + "\"";
        return std::nullopt;
    }
    if (profile != nullptr && profile->chip != chip) {
        error = "device.board: " + std::string(profile->title) + " has an " + std::string(to_string(profile->chip)) +
                "; this firmware is built for the " + std::string(to_string(chip));
        return std::nullopt;
    }
    const BoardProfile none{};
    const BoardProfile& base = profile != nullptr ? *profile : none;

    ResolvedBoard board;
    board.board = custom ? std::string(kCustomBoard) : std::string(base.name);
    board.chip = chip;
    if (!pick(settings.rs485_tx_pin, base.rs485_tx_pin, "rs485_tx_pin", board.rs485_tx_pin, error) ||
        !pick(settings.rs485_rx_pin, base.rs485_rx_pin, "rs485_rx_pin", board.rs485_rx_pin, error) ||
        !pick(settings.rs485_de_pin, base.rs485_de_pin, "rs485_de_pin", board.rs485_de_pin, error) ||
        !pick(settings.can_tx_pin, base.can_tx_pin, "can_tx_pin", board.can_tx_pin, error) ||
        !pick(settings.can_rx_pin, base.can_rx_pin, "can_rx_pin", board.can_rx_pin, error)) {
        return std::nullopt;
    }
    if (custom) {
        const std::array<std::pair<std::string_view, int>, 4> required{{{"rs485_tx_pin", board.rs485_tx_pin},
                                                                        {"rs485_rx_pin", board.rs485_rx_pin},
                                                                        {"can_tx_pin", board.can_tx_pin},
                                                                        {"can_rx_pin", board.can_rx_pin}}};
        for (const auto& [name, pin] : required) {
            if (pin < 0) {
                error = "device." + std::string(name) + ": a custom board needs this pin";
                return std::nullopt;
            }
        }
    }

    int led_pin = -1;
    if (!pick(settings.led_pin, base.led_pin, "led_pin", led_pin, error)) {
        return std::nullopt;
    }
    if (settings.led == "off") {
        board.led_kind = LedKind::kNone;
    } else if (settings.led == "auto") {
        board.led_kind = base.led_kind;  // kNone for custom
    } else if (settings.led == "ws2812") {
        board.led_kind = LedKind::kWs2812;
    } else if (settings.led == "gpio") {
        board.led_kind = LedKind::kGpio;
    } else {
        error = "device.led: unknown LED mode \"" + settings.led + "\"";
        return std::nullopt;
    }
    if (board.led_kind != LedKind::kNone) {
        if (led_pin < 0) {
            error = "device.led_pin: the LED mode \"" + settings.led + "\" needs a pin";
            return std::nullopt;
        }
        board.led_pin = led_pin;
    }

    std::vector<Role> roles{{"rs485_tx_pin", board.rs485_tx_pin, true},
                            {"rs485_rx_pin", board.rs485_rx_pin, false},
                            {"can_tx_pin", board.can_tx_pin, true},
                            {"can_rx_pin", board.can_rx_pin, false}};
    if (board.rs485_de_pin >= 0) {
        roles.push_back({"rs485_de_pin", board.rs485_de_pin, true});
    }
    if (board.led_pin >= 0) {
        roles.push_back({"led_pin", board.led_pin, true});
    }
    for (const BootPin& pin : base.fixed_boot_pins) {
        roles.push_back({pin.role, pin.gpio, true});
    }
    for (std::size_t i = 0; i < roles.size(); ++i) {
        if (!check_pin(chip, roles[i], error)) {
            return std::nullopt;
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (roles[j].gpio == roles[i].gpio) {
                error = "device: GPIO" + std::to_string(roles[i].gpio) + " is used twice (" +
                        std::string(roles[j].name) + " and " + std::string(roles[i].name) + ")";
                return std::nullopt;
            }
        }
    }

    for (const BootPin& pin : base.fixed_boot_pins) {
        board.boot_levels.push_back({pin.gpio, pin.level});
    }
    if (board.rs485_de_pin >= 0) {
        board.boot_levels.push_back({board.rs485_de_pin, 0});
    }
    return board;
}

}  // namespace tbg::esp32
