#include "core/api/mqtt_topics.h"

#include <algorithm>

namespace tbg::api {

namespace {

using nlohmann::json;

enum class Source : std::uint8_t { kState, kLimits, kAlarms, kEnergy };

// One Home Assistant entity of the bank. Empty strings are left out of the config.
struct BankEntity {
    std::string_view component;  // "sensor" or "binary_sensor"
    std::string_view object;     // object id suffix, unique per device
    std::string_view name;
    Source source;
    std::string_view value_template;
    std::string_view device_class;
    std::string_view state_class;
    std::string_view unit;
};

constexpr BankEntity kBankEntities[] = {
    {"sensor", "soc", "State of charge", Source::kState, "{{ value_json.soc_pct }}", "battery", "measurement", "%"},
    {"sensor", "soh", "State of health", Source::kState, "{{ value_json.soh_pct }}", "", "measurement", "%"},
    {"sensor", "voltage", "Voltage", Source::kState, "{{ value_json.voltage_V }}", "voltage", "measurement", "V"},
    {"sensor", "current", "Current", Source::kState, "{{ value_json.current_A }}", "current", "measurement", "A"},
    {"sensor", "power", "Power", Source::kState, "{{ value_json.power_W }}", "power", "measurement", "W"},
    {"sensor", "temperature_min", "Temperature min", Source::kState, "{{ value_json.temperature_min_C }}",
     "temperature", "measurement", "°C"},
    {"sensor", "temperature_max", "Temperature max", Source::kState, "{{ value_json.temperature_max_C }}",
     "temperature", "measurement", "°C"},
    {"sensor", "cell_min", "Cell voltage min", Source::kState, "{{ value_json.cell_min.V if value_json.cell_min }}",
     "voltage", "measurement", "V"},
    {"sensor", "cell_max", "Cell voltage max", Source::kState, "{{ value_json.cell_max.V if value_json.cell_max }}",
     "voltage", "measurement", "V"},
    {"sensor", "cell_spread", "Cell spread", Source::kState, "{{ value_json.cell_spread_mV }}", "voltage",
     "measurement", "mV"},
    {"sensor", "modules_online", "Modules online", Source::kState, "{{ value_json.modules.online }}", "", "measurement",
     ""},
    {"sensor", "charge_state", "Charge state", Source::kState, "{{ value_json.charge_state }}", "", "", ""},
    {"sensor", "cvl", "Charge voltage limit", Source::kLimits, "{{ value_json.cvl_V }}", "voltage", "measurement", "V"},
    {"sensor", "ccl", "Charge current limit", Source::kLimits, "{{ value_json.ccl_A }}", "current", "measurement", "A"},
    {"sensor", "dcl", "Discharge current limit", Source::kLimits, "{{ value_json.dcl_A }}", "current", "measurement",
     "A"},
    {"sensor", "dvl", "Discharge voltage limit", Source::kLimits, "{{ value_json.dvl_V }}", "voltage", "measurement",
     "V"},
    {"binary_sensor", "alarm", "Alarm", Source::kAlarms, "{{ 'ON' if value_json.active | length > 0 else 'OFF' }}",
     "problem", "", ""},
    {"sensor", "energy_charged", "Energy charged", Source::kEnergy, "{{ value_json.charged_kWh }}", "energy",
     "total_increasing", "kWh"},
    {"sensor", "energy_discharged", "Energy discharged", Source::kEnergy, "{{ value_json.discharged_kWh }}", "energy",
     "total_increasing", "kWh"},
};

struct PackEntity {
    std::string_view object;  // "pack_<adr>_" + object
    std::string_view name;    // "Pack <adr> " + name
    std::string_view value_template;
    std::string_view device_class;
    std::string_view unit;
};

constexpr PackEntity kPackEntities[] = {
    {"voltage", "voltage", "{{ value_json.voltage_V }}", "voltage", "V"},
    {"current", "current", "{{ value_json.current_A }}", "current", "A"},
    {"soc", "state of charge", "{{ value_json.soc_pct }}", "battery", "%"},
    {"cell_min", "cell voltage min", "{{ value_json.cell_min.V if value_json.cell_min }}", "voltage", "V"},
    {"cell_max", "cell voltage max", "{{ value_json.cell_max.V if value_json.cell_max }}", "voltage", "V"},
    {"cell_spread", "cell spread", "{{ value_json.cell_spread_mV }}", "voltage", "mV"},
    {"cycles", "cycles", "{{ value_json.cycles }}", "", ""},
};

std::string source_topic(const MqttNames& names, Source source) {
    switch (source) {
        case Source::kState:
            return state_topic(names);
        case Source::kLimits:
            return limits_topic(names);
        case Source::kAlarms:
            return alarms_topic(names);
        case Source::kEnergy:
            return energy_topic(names);
    }
    return state_topic(names);
}

std::string sanitize_id(std::string_view text) {
    std::string id;
    for (const char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
            id += c;
        }
    }
    return id.empty() ? "gateway" : id.substr(0, 32);
}

// The parts every config shares: unique id, availability, device.
json base_config(const MqttNames& names, std::string_view object, std::string name, std::string_view sw_version) {
    json config;
    config["name"] = std::move(name);
    config["has_entity_name"] = true;  // shown as "<device name> <entity name>"
    config["unique_id"] = names.node_id + "_" + std::string(object);
    config["availability_topic"] = availability_topic(names);
    config["payload_available"] = kMqttOnline;
    config["payload_not_available"] = kMqttOffline;
    config["device"] = {{"identifiers", json::array({names.node_id})},
                        {"name", "Topband battery " + names.device_id},
                        {"manufacturer", "topband-gateway"},
                        {"model", "Topband RS485 to CAN-bus BMS gateway"},
                        {"sw_version", sw_version}};
    return config;
}

void set_if(json& config, const char* key, std::string_view value) {
    if (!value.empty()) {
        config[key] = value;
    }
}

std::string discovery_topic(const MqttNames& names, std::string_view component, std::string_view object) {
    return names.discovery_prefix + "/" + std::string(component) + "/" + names.node_id + "/" + std::string(object) +
           "/config";
}

}  // namespace

MqttNames resolve_mqtt_names(const config::MqttSettings& settings, std::string_view platform_device_id) {
    MqttNames names;
    names.device_id = sanitize_id(settings.device_id.empty() ? platform_device_id : settings.device_id);
    names.client_id = settings.client_id.empty() ? "topband-gateway-" + names.device_id : settings.client_id;
    names.base_topic = settings.base_topic.empty() ? "topband-gateway/" + names.device_id : settings.base_topic;
    names.discovery_prefix = settings.discovery_prefix;
    names.node_id = "topband_gateway_" + names.device_id;
    names.detail = settings.detail_level();
    names.retain = settings.retain;
    names.discovery = settings.discovery;
    return names;
}

std::string availability_topic(const MqttNames& names) {
    return names.base_topic + "/availability";
}
std::string state_topic(const MqttNames& names) {
    return names.base_topic + "/state";
}
std::string limits_topic(const MqttNames& names) {
    return names.base_topic + "/limits";
}
std::string alarms_topic(const MqttNames& names) {
    return names.base_topic + "/alarms";
}
std::string energy_topic(const MqttNames& names) {
    return names.base_topic + "/energy";
}
std::string pack_topic(const MqttNames& names, std::uint8_t address) {
    return names.base_topic + "/pack/" + std::to_string(address);
}
std::string cell_topic(const MqttNames& names, std::uint8_t address, std::size_t cell) {
    return pack_topic(names, address) + "/cell/" + std::to_string(cell);
}

MqttMessage availability_message(const MqttNames& names, bool online) {
    return {availability_topic(names), std::string(online ? kMqttOnline : kMqttOffline), true, 1};
}

json alarms_payload(const json& bank_status) {
    json payload = bank_status.value("alarms", json::object());
    payload["active"] = bank_status.value("alarms_active", json::array());
    return payload;
}

std::vector<MqttMessage> state_messages(const MqttNames& names, const json& bank_status,
                                        const std::vector<json>& packs) {
    std::vector<MqttMessage> messages;
    const bool retain = names.retain;
    messages.push_back({state_topic(names), bank_status.dump(), retain, 0});
    messages.push_back({limits_topic(names), bank_status.value("limits", json::object()).dump(), retain, 0});
    messages.push_back({energy_topic(names), bank_status.value("energy", json::object()).dump(), retain, 0});
    messages.push_back({alarms_topic(names), alarms_payload(bank_status).dump(), true, 1});
    if (names.detail == config::MqttDetail::kBank) {
        return messages;
    }
    for (const json& pack : packs) {
        const auto address = pack.value("address", std::uint8_t{0});
        messages.push_back({pack_topic(names, address), pack.dump(), retain, 0});
        if (names.detail != config::MqttDetail::kCell || !pack.contains("cells_V") || !pack["cells_V"].is_array()) {
            continue;
        }
        const json& cells = pack["cells_V"];
        for (std::size_t i = 0; i < cells.size(); ++i) {
            messages.push_back({cell_topic(names, address, i + 1), cells[i].dump(), retain, 0});
        }
    }
    return messages;
}

std::vector<DiscoveryEntry> discovery_entries(const MqttNames& names,
                                              const std::vector<std::pair<std::uint8_t, std::uint8_t>>& packs,
                                              std::string_view sw_version) {
    std::vector<DiscoveryEntry> entries;
    if (!names.discovery) {
        return entries;
    }
    for (const BankEntity& entity : kBankEntities) {
        json config = base_config(names, entity.object, std::string(entity.name), sw_version);
        config["state_topic"] = source_topic(names, entity.source);
        config["value_template"] = entity.value_template;
        set_if(config, "device_class", entity.device_class);
        set_if(config, "state_class", entity.state_class);
        set_if(config, "unit_of_measurement", entity.unit);
        if (entity.source == Source::kLimits || entity.source == Source::kAlarms) {
            config["json_attributes_topic"] = source_topic(names, entity.source);  // reasons, every condition
        }
        entries.push_back({discovery_topic(names, entity.component, entity.object), config.dump()});
    }
    if (names.detail == config::MqttDetail::kBank) {
        return entries;
    }
    for (const auto& [address, cell_count] : packs) {
        const std::string prefix = "pack_" + std::to_string(address) + "_";
        const std::string label = "Pack " + std::to_string(address) + " ";
        for (const PackEntity& entity : kPackEntities) {
            const std::string object = prefix + std::string(entity.object);
            json config = base_config(names, object, label + std::string(entity.name), sw_version);
            config["state_topic"] = pack_topic(names, address);
            config["value_template"] = entity.value_template;
            set_if(config, "device_class", entity.device_class);
            config["state_class"] = "measurement";
            set_if(config, "unit_of_measurement", entity.unit);
            entries.push_back({discovery_topic(names, "sensor", object), config.dump()});
        }
        if (names.detail != config::MqttDetail::kCell) {
            continue;
        }
        for (std::size_t cell = 1; cell <= cell_count; ++cell) {
            const std::string object = prefix + "cell_" + std::to_string(cell);
            json config = base_config(names, object, label + "cell " + std::to_string(cell), sw_version);
            config["state_topic"] = cell_topic(names, address, cell);
            config["device_class"] = "voltage";
            config["state_class"] = "measurement";
            config["unit_of_measurement"] = "V";
            config["suggested_display_precision"] = 3;
            entries.push_back({discovery_topic(names, "sensor", object), config.dump()});
        }
    }
    return entries;
}

std::string discovery_subscription(const MqttNames& names) {
    return names.discovery_prefix + "/+/" + names.node_id + "/+/config";
}

namespace {

// Home Assistant's rule for the parts of a discovery topic: 1 or more of [A-Za-z0-9_-].
bool is_discovery_id(std::string_view part) {
    if (part.empty()) {
        return false;
    }
    for (const char c : part) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
            return false;
        }
    }
    return true;
}

}  // namespace

bool is_own_discovery_topic(const MqttNames& names, std::string_view topic) {
    const std::string head = names.discovery_prefix + "/";
    if (!topic.starts_with(head) || !topic.ends_with("/config")) {
        return false;
    }
    std::string_view rest = topic.substr(head.size(), topic.size() - head.size() - 7);  // component/node/object
    const auto first = rest.find('/');
    if (first == std::string_view::npos) {
        return false;
    }
    if (!is_discovery_id(rest.substr(0, first))) {
        return false;
    }
    rest = rest.substr(first + 1);
    const auto second = rest.find('/');
    return second != std::string_view::npos && rest.substr(0, second) == names.node_id &&
           is_discovery_id(rest.substr(second + 1));
}

}  // namespace tbg::api
