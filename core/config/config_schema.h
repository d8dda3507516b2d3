// A description of every configuration key, for user interfaces: type, bounds, default, help, display unit and how
// a change takes effect. The integer keys come from the ConfigField tables (the single source of their bounds and
// help); text, boolean and enum keys are listed in config_schema.cpp. Order = display order, sections grouped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tbg::config {

enum class KeyType : std::uint8_t { kInteger, kBoolean, kString, kEnum, kSecret };
std::string_view to_string(KeyType type);  // "integer", "boolean", "string", "enum", "secret"

// kLive: applied at once; kReconnect: the serial port or the MQTT link is reopened with it; kRestart: at the next
// start of the gateway.
enum class ApplyMode : std::uint8_t { kLive, kReconnect, kRestart };
std::string_view to_string(ApplyMode mode);  // "live", "reconnect", "restart"

struct ConfigKeyInfo {
    std::string key;  // full key, "control.bulk_cell_mV"
    std::string_view section;
    KeyType type = KeyType::kInteger;
    std::int64_t min = 0;  // integers: inclusive bounds and default
    std::int64_t max = 0;
    std::int64_t default_integer = 0;
    bool default_boolean = false;
    std::string default_text;
    std::vector<std::string_view> options;  // enums
    std::size_t max_length = 0;             // strings; 0 = no limit of its own
    std::size_t min_length = 0;             // strings
    // Strings: "printable_ascii" (0x20…0x7E), "id" (A-Z a-z 0-9 _ -), "topic" (an MQTT topic prefix: no + or #,
    // not starting or ending with /), or empty (any text).
    std::string_view charset;
    std::string_view help;
    // Display hint for integers: shown value = raw × scale, in `unit` (e.g. bulk_cell_mV: "mV", 1; cvl_max_dV:
    // "V", 0.1). Derived from the unit suffix of the key.
    std::string_view unit;
    double scale = 1.0;
    bool bitmask = false;  // a 16-bit address mask (bit a = address a)
    ApplyMode apply = ApplyMode::kLive;
};

struct ConfigSectionInfo {
    std::string_view id;
    std::string_view title;
    bool embedded_only = false;  // used by the ESP32 firmware only ("device", "network")
};

std::vector<ConfigSectionInfo> config_sections();
std::vector<ConfigKeyInfo> config_keys();

// True when every character of `text` is printable ASCII (0x20…0x7E), the "printable_ascii" charset; "" is.
bool printable_ascii(std::string_view text);

}  // namespace tbg::config
