#include "core/config/config_json.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace tbg::config {

namespace {

using nlohmann::json;

void add_error(ConfigErrors& errors, const std::string& key, const std::string& message) {
    errors.push_back(ConfigError{key, 0, 0, 0, key + " " + message});
}

// Reads the integer keys of `fields` from `section` into `target`; reports unknown keys except those in `extra`.
template <typename Config>
void read_section(const json& section, std::string_view name, std::span<const ConfigField<Config>> fields,
                  std::initializer_list<std::string_view> extra, Config& target, ConfigErrors& errors) {
    if (!section.is_object()) {
        add_error(errors, std::string(name), "must be an object");
        return;
    }
    for (const auto& item : section.items()) {
        const std::string& key = item.key();
        const json& value = item.value();
        const std::string full = std::string(name) + "." + key;
        const auto field = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.key == key; });
        if (field == fields.end()) {
            if (std::find(extra.begin(), extra.end(), key) == extra.end()) {
                add_error(errors, full, "is not a known key");
            }
            continue;
        }
        if (!value.is_number_integer()) {
            add_error(errors, full, "must be an integer (" + std::string(field->help) + ")");
            continue;
        }
        // An unsigned above INT64_MAX would wrap to a negative value in get<int64_t>(): out of range, not accepted.
        const bool huge =
            value.is_number_unsigned() && value.template get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX);
        const auto number = huge ? INT64_MAX : value.template get<std::int64_t>();
        if (number < field->min || number > field->max) {
            check_range(errors, full, number, field->min, field->max);
            continue;
        }
        target.*(field->member) = static_cast<std::int32_t>(number);
    }
}

template <typename Config>
void write_section(json& out, std::span<const ConfigField<Config>> fields, const Config& config) {
    for (const auto& field : fields) {
        out[std::string(field.key)] = config.*(field.member);
    }
}

void read_bool(const json& section, std::string_view name, const char* key, bool& target, ConfigErrors& errors) {
    if (!section.is_object() || !section.contains(key)) {
        return;
    }
    if (!section[key].is_boolean()) {
        add_error(errors, std::string(name) + "." + key, "must be true or false");
        return;
    }
    target = section[key].get<bool>();
}

void read_string(const json& section, std::string_view name, const char* key, std::string& target,
                 ConfigErrors& errors) {
    if (!section.is_object() || !section.contains(key)) {
        return;
    }
    if (!section[key].is_string()) {
        add_error(errors, std::string(name) + "." + key, "must be a string");
        return;
    }
    target = section[key].get<std::string>();
}

// The text and boolean keys of the mqtt section.
struct MqttStringKey {
    const char* key;
    std::string MqttSettings::*member;
};
constexpr MqttStringKey kMqttStringKeys[] = {
    {"host", &MqttSettings::host},
    {"ca_file", &MqttSettings::ca_file},
    {"cert_file", &MqttSettings::cert_file},
    {"key_file", &MqttSettings::key_file},
    {"username", &MqttSettings::username},
    {"password", &MqttSettings::password},
    {"client_id", &MqttSettings::client_id},
    {"device_id", &MqttSettings::device_id},
    {"base_topic", &MqttSettings::base_topic},
    {"detail", &MqttSettings::detail},
    {"discovery_prefix", &MqttSettings::discovery_prefix},
};
struct MqttBoolKey {
    const char* key;
    bool MqttSettings::*member;
};
constexpr MqttBoolKey kMqttBoolKeys[] = {
    {"enabled", &MqttSettings::enabled},
    {"tls", &MqttSettings::tls},
    {"retain", &MqttSettings::retain},
    {"discovery", &MqttSettings::discovery},
};

// The text keys of the network section (all of them).
struct NetworkStringKey {
    const char* key;
    std::string NetworkSettings::*member;
};
constexpr NetworkStringKey kNetworkStringKeys[] = {
    {"wifi_ssid", &NetworkSettings::wifi_ssid}, {"wifi_password", &NetworkSettings::wifi_password},
    {"ap_ssid", &NetworkSettings::ap_ssid},     {"ap_password", &NetworkSettings::ap_password},
    {"hostname", &NetworkSettings::hostname},   {"ntp_server", &NetworkSettings::ntp_server},
    {"timezone", &NetworkSettings::timezone},
};

void read_network(const json& section, NetworkSettings& network, ConfigErrors& errors) {
    if (!section.is_object()) {
        add_error(errors, "network", "must be an object");
        return;
    }
    for (const auto& item : section.items()) {
        const auto known = std::find_if(std::begin(kNetworkStringKeys), std::end(kNetworkStringKeys),
                                        [&](const NetworkStringKey& k) { return item.key() == k.key; });
        if (known == std::end(kNetworkStringKeys)) {
            add_error(errors, "network." + item.key(), "is not a known key");
        }
    }
    for (const auto& [key, member] : kNetworkStringKeys) {
        read_string(section, "network", key, network.*member, errors);
    }
}

void read_mqtt(const json& section, MqttSettings& mqtt, ConfigErrors& errors) {
    read_section(section, "mqtt", mqtt_settings_fields(),
                 {"host", "ca_file", "cert_file", "key_file", "username", "password", "client_id", "device_id",
                  "base_topic", "detail", "discovery_prefix", "enabled", "tls", "retain", "discovery"},
                 mqtt, errors);
    for (const auto& [key, member] : kMqttStringKeys) {
        read_string(section, "mqtt", key, mqtt.*member, errors);
    }
    for (const auto& [key, member] : kMqttBoolKeys) {
        read_bool(section, "mqtt", key, mqtt.*member, errors);
    }
}

void write_mqtt(json& out, const MqttSettings& mqtt) {
    for (const auto& [key, member] : kMqttBoolKeys) {
        out[key] = mqtt.*member;
    }
    for (const auto& [key, member] : kMqttStringKeys) {
        out[key] = mqtt.*member;
    }
    write_section(out, mqtt_settings_fields(), mqtt);
}

}  // namespace

ConfigErrors config_from_json(const json& doc, GatewayConfig& config) {
    ConfigErrors errors;
    if (!doc.is_object()) {
        add_error(errors, "config", "must be a JSON object");
        return errors;
    }
    GatewayConfig next = config;
    for (const auto& [key, value] : doc.items()) {
        if (key == "schema_version") {
            if (!value.is_number_integer() || value.get<std::int64_t>() != kSchemaVersion) {
                add_error(errors, key, "must be " + std::to_string(kSchemaVersion));
            }
        } else if (key == "poll") {
            read_section(value, "poll", poll_settings_fields(), {}, next.poll, errors);
        } else if (key == "bank") {
            read_section(value, "bank", bank::bank_config_fields(), {}, next.bank, errors);
        } else if (key == "control") {
            read_section(value, "control", control::control_config_fields(), {"failsafe_silence"}, next.control,
                         errors);
            read_bool(value, "control", "failsafe_silence", next.control.failsafe_silence, errors);
        } else if (key == "can") {
            read_section(value, "can", can_settings_fields(),
                         {"protocol", "manufacturer", "bms_name", "allow_quirk_name"}, next.can, errors);
            read_string(value, "can", "protocol", next.can.protocol, errors);
            read_string(value, "can", "manufacturer", next.can.manufacturer, errors);
            read_string(value, "can", "bms_name", next.can.bms_name, errors);
            read_bool(value, "can", "allow_quirk_name", next.can.allow_quirk_name, errors);
        } else if (key == "mqtt") {
            read_mqtt(value, next.mqtt, errors);
        } else if (key == "web") {
            read_section(value, "web", web_settings_fields(), {"public_read"}, next.web, errors);
            read_bool(value, "web", "public_read", next.web.public_read, errors);
        } else if (key == "device") {
            read_section(value, "device", device_settings_fields(), {"board", "led"}, next.device, errors);
            read_string(value, "device", "board", next.device.board, errors);
            read_string(value, "device", "led", next.device.led, errors);
        } else if (key == "network") {
            read_network(value, next.network, errors);
        } else {
            add_error(errors, key, "is not a known section (poll, bank, control, can, mqtt, web, device, network)");
        }
    }
    // The rules between keys and the text checks run even after a type or range error, so one answer lists every
    // problem; a key already reported is not reported twice.
    for (ConfigError& error : next.validate()) {
        const bool reported =
            std::any_of(errors.begin(), errors.end(), [&](const ConfigError& e) { return e.key == error.key; });
        if (!reported) {
            errors.push_back(std::move(error));
        }
    }
    if (errors.empty()) {
        config = next;
    }
    return errors;
}

json config_to_json(const GatewayConfig& config) {
    json doc;
    doc["schema_version"] = kSchemaVersion;
    write_section(doc["poll"], poll_settings_fields(), config.poll);
    write_section(doc["bank"], bank::bank_config_fields(), config.bank);
    write_section(doc["control"], control::control_config_fields(), config.control);
    doc["control"]["failsafe_silence"] = config.control.failsafe_silence;
    write_section(doc["can"], can_settings_fields(), config.can);
    doc["can"]["protocol"] = config.can.protocol;
    doc["can"]["manufacturer"] = config.can.manufacturer;
    doc["can"]["bms_name"] = config.can.bms_name;
    doc["can"]["allow_quirk_name"] = config.can.allow_quirk_name;
    write_mqtt(doc["mqtt"], config.mqtt);
    doc["web"]["public_read"] = config.web.public_read;
    write_section(doc["web"], web_settings_fields(), config.web);
    doc["device"]["board"] = config.device.board;
    doc["device"]["led"] = config.device.led;
    write_section(doc["device"], device_settings_fields(), config.device);
    for (const auto& [key, member] : kNetworkStringKeys) {
        doc["network"][key] = config.network.*member;
    }
    return doc;
}

ConfigErrors config_from_text(std::string_view text, GatewayConfig& config) {
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded()) {
        ConfigErrors errors;
        add_error(errors, "", "the file is not valid JSON");
        return errors;
    }
    return config_from_json(doc, config);
}

}  // namespace tbg::config
