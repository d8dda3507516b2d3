// MQTT topics and payloads, shared by every target (libmosquitto on Linux, esp-mqtt on the ESP32): one place
// decides what is published where, so both publish the same.
//
// Topics below the base topic B (default "topband-gateway/<device id>"):
//   B/availability          "online" / "offline" (retained; "offline" is the last will)
//   B/state                 the bank document of status_json.h (bank_status_json)
//   B/limits                CVL/CCL/DCL/DVL with their reasons (limits_json)
//   B/alarms                every 0x35A condition by name plus "active": […] (retained, published on change)
//   B/energy                energy counters (energy_json)
//   B/pack/<adr>            one pack (pack_status_json), detail "pack" and "cell"
//   B/pack/<adr>/cell/<n>   one cell voltage in V as plain text ("3.301"), detail "cell"
// Home Assistant discovery (when enabled): <prefix>/<component>/<node id>/<object id>/config, retained, one device
// per gateway; per-pack and per-cell entities only at those detail levels. Pure functions, no I/O, no clock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config/mqtt_settings.h"

namespace tbg::api {

inline constexpr std::string_view kMqttOnline = "online";
inline constexpr std::string_view kMqttOffline = "offline";

// One message to publish. QoS 1 for what must arrive (availability, alarms, discovery), 0 for periodic state.
struct MqttMessage {
    std::string topic;
    std::string payload;  // empty + retain: deletes the retained message (and a discovered entity)
    bool retain = false;
    int qos = 0;
};

// The settings with every default resolved.
struct MqttNames {
    std::string device_id;  // [A-Za-z0-9_-]
    std::string client_id;
    std::string base_topic;
    std::string discovery_prefix;
    std::string node_id;  // Home Assistant node id and device identifier: "topband_gateway_<device id>"
    config::MqttDetail detail = config::MqttDetail::kBank;
    bool retain = true;
    bool discovery = true;
};

// `platform_device_id` is used when settings.device_id is empty; characters outside [A-Za-z0-9_-] are dropped and
// an empty result becomes "gateway". Precondition: settings.validate() is empty.
MqttNames resolve_mqtt_names(const config::MqttSettings& settings, std::string_view platform_device_id);

std::string availability_topic(const MqttNames& names);
std::string state_topic(const MqttNames& names);
std::string limits_topic(const MqttNames& names);
std::string alarms_topic(const MqttNames& names);
std::string energy_topic(const MqttNames& names);
std::string pack_topic(const MqttNames& names, std::uint8_t address);
std::string cell_topic(const MqttNames& names, std::uint8_t address, std::size_t cell);  // cell is 1-based

MqttMessage availability_message(const MqttNames& names, bool online);

// The payload of B/alarms: alarms_json plus "active": the conditions at warning or alarm.
nlohmann::json alarms_payload(const nlohmann::json& bank_status);

// State messages of one interval from the bank document and the documents of the packs to publish (each with its
// "address"). Packs only at detail pack/cell, cells only at detail cell. Alarms are included; the caller decides
// whether they changed (MqttPublisher).
std::vector<MqttMessage> state_messages(const MqttNames& names, const nlohmann::json& bank_status,
                                        const std::vector<nlohmann::json>& packs);

// Home Assistant discovery: topic → config payload for the bank entities, and per pack (with its cell count) at the
// pack and cell levels. `packs` lists (address, cell count).
struct DiscoveryEntry {
    std::string topic;
    std::string payload;
};
std::vector<DiscoveryEntry> discovery_entries(const MqttNames& names,
                                              const std::vector<std::pair<std::uint8_t, std::uint8_t>>& packs,
                                              std::string_view sw_version);
// The subscription that returns every retained discovery config of this device: "<prefix>/+/<node id>/+/config".
std::string discovery_subscription(const MqttNames& names);
// True when `topic` is a discovery config topic of this device (matches discovery_subscription(), and the component and
// object id are Home Assistant ids: 1 or more of [A-Za-z0-9_-]).
bool is_own_discovery_topic(const MqttNames& names, std::string_view topic);

}  // namespace tbg::api
