#include "core/config/mqtt_settings.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace tbg::config {

namespace {

constexpr ConfigField<MqttSettings> kMqttFields[] = {
    {"port", &MqttSettings::port, 1, 65535, "TCP port of the broker (1883, 8883 with TLS)"},
    {"interval_s", &MqttSettings::interval_s, 1, 3600, "s between state publications"},
    {"keepalive_s", &MqttSettings::keepalive_s, 5, 3600, "s; MQTT keep-alive"},
    {"queue_messages", &MqttSettings::queue_messages, 16, 100000, "messages the publish queue holds at most"},
};

// Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF), which MQTT requires of topics and
// client ids. Text from the JSON parser always is; this keeps the rule independent of where the settings came from.
bool valid_utf8(const std::string& text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t extra = 0;  // continuation bytes after the lead byte
        if (lead >= 0xC2 && lead <= 0xDF) {
            extra = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            extra = 2;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            extra = 3;
        } else if (lead >= 0x80) {
            return false;
        }
        if (i + extra >= text.size() && extra > 0) {
            return false;
        }
        std::uint32_t code = extra == 0 ? lead : lead & (0x3FU >> extra);
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0U) != 0x80U) {
                return false;
            }
            code = code << 6U | (next & 0x3FU);
        }
        const std::uint32_t min = extra == 0 ? 0 : extra == 1 ? 0x80 : extra == 2 ? 0x800 : 0x10000;
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return false;
        }
        i += extra + 1;
    }
    return true;
}

// A topic level string usable as a publish prefix: 1…kMaxTopicPrefix bytes of UTF-8, no wildcards, no NUL, no
// leading or trailing '/'. The bound keeps every topic built on it far below MQTT's 65535 bytes.
constexpr std::size_t kMaxTopicPrefix = 256;
bool valid_topic_prefix(const std::string& topic) {
    if (topic.empty() || topic.size() > kMaxTopicPrefix || topic.front() == '/' || topic.back() == '/' ||
        !valid_utf8(topic)) {
        return false;
    }
    return std::none_of(topic.begin(), topic.end(), [](char c) { return c == '+' || c == '#' || c == '\0'; });
}

// Device ids become topic levels and Home Assistant object ids: [A-Za-z0-9_-] only.
bool valid_id(const std::string& id) {
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

}  // namespace

std::string_view to_string(MqttDetail detail) {
    switch (detail) {
        case MqttDetail::kBank:
            return "bank";
        case MqttDetail::kPack:
            return "pack";
        case MqttDetail::kCell:
            return "cell";
    }
    return "bank";
}

bool mqtt_detail_from_string(std::string_view text, MqttDetail& detail) {
    for (const MqttDetail candidate : {MqttDetail::kBank, MqttDetail::kPack, MqttDetail::kCell}) {
        if (text == to_string(candidate)) {
            detail = candidate;
            return true;
        }
    }
    return false;
}

std::span<const ConfigField<MqttSettings>> mqtt_settings_fields() {
    return kMqttFields;
}

MqttDetail MqttSettings::detail_level() const {
    MqttDetail level = MqttDetail::kBank;
    mqtt_detail_from_string(detail, level);
    return level;
}

ConfigErrors MqttSettings::validate() const {
    ConfigErrors errors;
    for (const auto& field : kMqttFields) {
        check_range(errors, field.key, this->*field.member, field.min, field.max);
    }
    auto text_error = [&](std::string_view key, const std::string& value, const std::string& message) {
        errors.push_back(ConfigError{std::string(key), 0, 0, 0, std::string(key) + " = \"" + value + "\" " + message});
    };
    if (MqttDetail level{}; !mqtt_detail_from_string(detail, level)) {
        text_error("detail", detail, "is not one of bank, pack, cell");
    }
    if (enabled && host.empty()) {
        text_error("host", host, "must name the broker when mqtt.enabled is true");
    }
    if (!base_topic.empty() && !valid_topic_prefix(base_topic)) {
        text_error("base_topic", base_topic,
                   "must be at most 256 bytes of UTF-8 without + or #, not start or end with /");
    }
    if (!valid_topic_prefix(discovery_prefix)) {
        text_error("discovery_prefix", discovery_prefix,
                   "must be 1…256 bytes of UTF-8 without + or #, not start or end with /");
    }
    if (device_id.size() > 32 || !valid_id(device_id)) {
        text_error("device_id", device_id, "must be at most 32 characters of A-Z, a-z, 0-9, _ and -");
    }
    if (client_id.size() > 64 || !valid_utf8(client_id) || client_id.find('\0') != std::string::npos) {
        text_error("client_id", client_id, "must be at most 64 bytes of UTF-8 without NUL");
    }
    if (cert_file.empty() != key_file.empty()) {
        text_error(cert_file.empty() ? "cert_file" : "key_file", cert_file.empty() ? cert_file : key_file,
                   "must be set together with " + std::string(cert_file.empty() ? "key_file" : "cert_file"));
    }
    if (!tls && (!ca_file.empty() || !cert_file.empty())) {
        text_error(ca_file.empty() ? "cert_file" : "ca_file", ca_file.empty() ? cert_file : ca_file,
                   "needs mqtt.tls set to true");
    }
    if (username.empty() && !password.empty()) {
        text_error("username", username, "must be set when a password is given");
    }
    return errors;
}

}  // namespace tbg::config
