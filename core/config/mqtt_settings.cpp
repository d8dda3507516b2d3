#include "core/config/mqtt_settings.h"

#include <algorithm>

namespace tbg::config {

namespace {

constexpr ConfigField<MqttSettings> kMqttFields[] = {
    {"port", &MqttSettings::port, 1, 65535, "TCP port of the broker (1883, 8883 with TLS)"},
    {"interval_s", &MqttSettings::interval_s, 1, 3600, "s between state publications"},
    {"keepalive_s", &MqttSettings::keepalive_s, 5, 3600, "s; MQTT keep-alive"},
    {"queue_messages", &MqttSettings::queue_messages, 16, 100000, "messages the publish queue holds at most"},
};

// A topic level string usable as a publish prefix: not empty, no wildcards, no NUL, no leading or trailing '/'.
bool valid_topic_prefix(const std::string& topic) {
    if (topic.empty() || topic.front() == '/' || topic.back() == '/') {
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
        text_error("base_topic", base_topic, "must not contain + or # nor start or end with /");
    }
    if (!valid_topic_prefix(discovery_prefix)) {
        text_error("discovery_prefix", discovery_prefix, "must be non-empty, without + or #, not start or end with /");
    }
    if (device_id.size() > 32 || !valid_id(device_id)) {
        text_error("device_id", device_id, "must be at most 32 characters of A-Z, a-z, 0-9, _ and -");
    }
    if (client_id.size() > 64) {
        text_error("client_id", client_id, "must be at most 64 characters");
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
