// The `mqtt` section of the configuration: the broker link, topics, detail level and Home Assistant discovery.
//
// Integer keys have bounds in mqtt_settings_fields(); text and boolean keys are checked by validate(). Disabled by
// default. An empty base_topic means "topband-gateway/<device id>", an empty client_id "topband-gateway-<device id>",
// an empty device_id one the platform derives (machine id or MAC); see core/api/mqtt_topics.h.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/bank/config_error.h"

namespace tbg::config {

// How much is published: the bank only, plus one document per pack, plus one value per cell.
enum class MqttDetail : std::uint8_t { kBank, kPack, kCell };
std::string_view to_string(MqttDetail detail);  // "bank", "pack", "cell"
bool mqtt_detail_from_string(std::string_view text, MqttDetail& detail);

struct MqttSettings {
    bool enabled = false;
    std::string host = "localhost";
    std::int32_t port = 1883;
    bool tls = false;
    std::string ca_file;    // PEM; empty with tls = the system's CA directory
    std::string cert_file;  // client certificate (PEM), optional; needs key_file
    std::string key_file;
    std::string username;  // empty = no authentication
    std::string password;
    std::string client_id;   // empty = "topband-gateway-<device id>"
    std::string device_id;   // empty = derived by the platform
    std::string base_topic;  // empty = "topband-gateway/<device id>"
    std::int32_t interval_s = 10;
    std::string detail = "bank";  // "bank", "pack" or "cell"
    bool retain = true;           // state documents retained (availability, alarms and discovery always are)
    bool discovery = true;        // Home Assistant MQTT discovery
    std::string discovery_prefix = "homeassistant";
    std::int32_t keepalive_s = 30;
    std::int32_t queue_messages = 4096;  // bounded publish queue; the oldest message is dropped when full

    ConfigErrors validate() const;
    MqttDetail detail_level() const;  // precondition: validate() is empty
};
std::span<const ConfigField<MqttSettings>> mqtt_settings_fields();

}  // namespace tbg::config
