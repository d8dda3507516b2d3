#include "core/config/config_schema.h"

#include <algorithm>
#include <utility>

#include "core/config/gateway_config.h"

namespace tbg::config {

namespace {

// Display unit and scale from the unit suffix of an integer key.
std::pair<std::string_view, double> unit_of(std::string_view key) {
    struct Suffix {
        std::string_view suffix;
        std::string_view unit;
        double scale;
    };
    static constexpr Suffix kSuffixes[] = {
        {"_per_s_dV", "V/s", 0.1}, {"_per_s_dA", "A/s", 0.1}, {"_centipct", "%", 0.01}, {"_pct", "%", 1.0},
        {"_mV", "mV", 1.0},        {"_dV", "V", 0.1},         {"_dA", "A", 0.1},        {"_dC", "°C", 0.1},
        {"_ms", "ms", 1.0},        {"_s", "s", 1.0},          {"_days", "days", 1.0},   {"baud", "bit/s", 1.0},
    };
    for (const Suffix& entry : kSuffixes) {
        if (key.ends_with(entry.suffix)) {
            return {entry.unit, entry.scale};
        }
    }
    return {"", 1.0};
}

template <typename Config>
void add_integers(std::vector<ConfigKeyInfo>& keys, std::string_view section,
                  std::span<const ConfigField<Config>> fields, const Config& defaults,
                  ApplyMode apply = ApplyMode::kLive) {
    for (const auto& field : fields) {
        ConfigKeyInfo info;
        info.key = std::string(section) + "." + std::string(field.key);
        info.section = section;
        info.type = KeyType::kInteger;
        info.min = field.min;
        info.max = field.max;
        info.default_integer = defaults.*(field.member);
        info.help = field.help;
        const auto [unit, scale] = unit_of(field.key);
        info.unit = unit;
        info.scale = scale;
        info.bitmask = field.key.ends_with("_mask");
        info.apply = apply;
        keys.push_back(std::move(info));
    }
}

ConfigKeyInfo boolean(std::string_view section, std::string_view name, bool default_value, std::string_view help,
                      ApplyMode apply = ApplyMode::kLive) {
    ConfigKeyInfo info;
    info.key = std::string(section) + "." + std::string(name);
    info.section = section;
    info.type = KeyType::kBoolean;
    info.default_boolean = default_value;
    info.help = help;
    info.apply = apply;
    return info;
}

ConfigKeyInfo text(std::string_view section, std::string_view name, KeyType type, std::string_view default_value,
                   std::size_t max_length, std::string_view help, ApplyMode apply = ApplyMode::kLive) {
    ConfigKeyInfo info;
    info.key = std::string(section) + "." + std::string(name);
    info.section = section;
    info.type = type;
    info.default_text = default_value;
    info.max_length = max_length;
    info.help = help;
    info.apply = apply;
    return info;
}

ConfigKeyInfo choice(std::string_view section, std::string_view name, std::string_view default_value,
                     std::vector<std::string_view> options, std::string_view help, ApplyMode apply = ApplyMode::kLive) {
    ConfigKeyInfo info = text(section, name, KeyType::kEnum, default_value, 0, help, apply);
    info.options = std::move(options);
    return info;
}

}  // namespace

std::string_view to_string(KeyType type) {
    switch (type) {
        case KeyType::kInteger:
            return "integer";
        case KeyType::kBoolean:
            return "boolean";
        case KeyType::kString:
            return "string";
        case KeyType::kEnum:
            return "enum";
        case KeyType::kSecret:
            return "secret";
    }
    return "integer";
}

std::string_view to_string(ApplyMode mode) {
    switch (mode) {
        case ApplyMode::kLive:
            return "live";
        case ApplyMode::kReconnect:
            return "reconnect";
        case ApplyMode::kRestart:
            return "restart";
    }
    return "live";
}

std::vector<ConfigSectionInfo> config_sections() {
    return {{"can", "CAN output"},
            {"control", "Charge control"},
            {"bank", "Battery bank"},
            {"poll", "RS485 polling"},
            {"mqtt", "MQTT"},
            {"web", "Web and login"},
            {"network", "WiFi and time", true},
            {"device", "Board and pins", true}};
}

std::vector<ConfigKeyInfo> config_keys() {
    const GatewayConfig defaults;
    constexpr auto kString = KeyType::kString;
    constexpr auto kReconnect = ApplyMode::kReconnect;
    std::vector<ConfigKeyInfo> keys;

    keys.push_back(choice("can", "protocol", defaults.can.protocol, {"victron", "pylontech", "sma"},
                          "frame set sent on CAN: Victron CAN-bus BMS, Pylontech or SMA Sunny Island"));
    add_integers(keys, "can", can_settings_fields(), defaults.can);
    keys.push_back(text("can", "manufacturer", kString, defaults.can.manufacturer, 8,
                        "name in 0x35E, 1…8 printable ASCII characters"));
    keys.back().min_length = 1;
    keys.back().charset = "printable_ascii";
    keys.push_back(text("can", "bms_name", kString, defaults.can.bms_name, 16,
                        "name in 0x370/0x371, at most 16 characters; empty = not sent"));
    keys.back().charset = "printable_ascii";
    keys.push_back(boolean("can", "allow_quirk_name", defaults.can.allow_quirk_name,
                           "accept a 0x35E name that makes a Victron GX apply another product's quirks"));

    add_integers(keys, "control", control::control_config_fields(), defaults.control);
    keys.push_back(boolean("control", "failsafe_silence", defaults.control.failsafe_silence,
                           "in failsafe stop transmitting, so the GX raises \"BMS lost\""));

    add_integers(keys, "bank", bank::bank_config_fields(), defaults.bank);

    add_integers(keys, "poll", poll_settings_fields(), defaults.poll);
    for (ConfigKeyInfo& info : keys) {
        if (info.key == "poll.baud") {
            info.apply = kReconnect;  // the serial port is reopened at the new rate
        }
    }

    keys.push_back(boolean("mqtt", "enabled", defaults.mqtt.enabled, "publish to an MQTT broker", kReconnect));
    keys.push_back(text("mqtt", "host", kString, defaults.mqtt.host, 0, "broker host name or address", kReconnect));
    keys.push_back(boolean("mqtt", "tls", defaults.mqtt.tls, "connect with TLS", kReconnect));
    keys.push_back(
        text("mqtt", "ca_file", kString, "", 0, "CA certificate (PEM) for TLS; empty = system CAs", kReconnect));
    keys.push_back(text("mqtt", "cert_file", kString, "", 0, "client certificate (PEM), optional", kReconnect));
    keys.push_back(text("mqtt", "key_file", kString, "", 0, "client key (PEM), with cert_file", kReconnect));
    keys.push_back(text("mqtt", "username", kString, "", 0, "empty = no authentication", kReconnect));
    keys.push_back(text("mqtt", "password", KeyType::kSecret, "", 0, "broker password", kReconnect));
    keys.push_back(text("mqtt", "client_id", kString, "", 64, "empty = topband-gateway-<device id>", kReconnect));
    keys.push_back(text("mqtt", "device_id", kString, "", 32, "empty = derived from the machine id", kReconnect));
    keys.back().charset = "id";
    keys.push_back(text("mqtt", "base_topic", kString, "", 256, "empty = topband-gateway/<device id>", kReconnect));
    keys.back().charset = "topic";
    keys.push_back(choice("mqtt", "detail", defaults.mqtt.detail, {"bank", "pack", "cell"},
                          "what is published: the bank, plus each pack, plus each cell", kReconnect));
    keys.push_back(boolean("mqtt", "retain", defaults.mqtt.retain, "retain the state documents", kReconnect));
    keys.push_back(boolean("mqtt", "discovery", defaults.mqtt.discovery, "Home Assistant MQTT discovery", kReconnect));
    keys.push_back(text("mqtt", "discovery_prefix", kString, defaults.mqtt.discovery_prefix, 256,
                        "Home Assistant discovery prefix", kReconnect));
    keys.back().min_length = 1;
    keys.back().charset = "topic";
    add_integers(keys, "mqtt", mqtt_settings_fields(), defaults.mqtt, kReconnect);

    keys.push_back(boolean("web", "public_read", defaults.web.public_read,
                           "show the dashboard and the API without login (changes always need one)"));
    add_integers(keys, "web", web_settings_fields(), defaults.web);

    constexpr auto kRestart = ApplyMode::kRestart;
    keys.push_back(text("network", "wifi_ssid", kString, "", 32,
                        "WiFi network to join; empty = only the setup access point", kRestart));
    keys.push_back(text("network", "wifi_password", KeyType::kSecret, "", 63,
                        "WiFi password: empty (open network) or 8…63 characters", kRestart));
    keys.push_back(text("network", "ap_ssid", kString, defaults.network.ap_ssid, 32,
                        "name of the setup access point, open when no WiFi is configured or reachable", kRestart));
    keys.back().min_length = 1;
    keys.push_back(text("network", "ap_password", KeyType::kSecret, defaults.network.ap_password, 63,
                        "password of the setup access point, 8…63 characters", kRestart));
    keys.push_back(text("network", "hostname", kString, defaults.network.hostname, 32,
                        "mDNS name: the dashboard is at http://<hostname>.local/; a-z, 0-9 and -", kRestart));
    keys.back().min_length = 1;
    keys.push_back(text("network", "ntp_server", kString, defaults.network.ntp_server, 64,
                        "time server (SNTP); empty = no time synchronisation", kRestart));
    keys.back().charset = "printable_ascii";
    keys.push_back(text("network", "timezone", kString, defaults.network.timezone, 64,
                        "POSIX TZ string with its DST rules, e.g. CET-1CEST,M3.5.0,M10.5.0/3", kRestart));
    keys.back().min_length = 1;
    keys.back().charset = "printable_ascii";

    std::vector<std::string_view> boards(device_boards().begin(), device_boards().end());
    keys.push_back(choice("device", "board", defaults.device.board, std::move(boards),
                          "board profile: pins of RS485, CAN and the status LED", kRestart));
    std::vector<std::string_view> leds(device_led_modes().begin(), device_led_modes().end());
    keys.push_back(choice("device", "led", defaults.device.led, std::move(leds),
                          "status LED: the board's, a WS2812 on led_pin, a plain LED on led_pin, or none", kRestart));
    add_integers(keys, "device", device_settings_fields(), defaults.device, kRestart);
    return keys;
}

bool printable_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

}  // namespace tbg::config
