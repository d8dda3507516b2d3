// The configuration as the API shows it (GET /api/config) and the result of a change (PUT /api/config).
//
// Secrets (mqtt.password, network.wifi_password, network.ap_password) never leave the gateway: they are dropped from
// every document; `fields` only says whether one is set. Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config/gateway_config.h"

namespace tbg::api {

// config_to_json without secrets.
nlohmann::json redacted_config_json(const config::GatewayConfig& config);

// Which sections a target shows: kHost (Linux) leaves out the ESP32-only ones (device, network); their values are
// kept unchanged by a PUT that does not name them.
enum class ConfigScope : std::uint8_t { kHost, kEmbedded };

// {"config": redacted, "fields": [{"key", "section", "type", …}], "sections": [{"id", "title"}]} (docs/api.md).
nlohmann::json config_document(const config::GatewayConfig& config, ConfigScope scope);

// {"control.bulk_cell_mV": "message", …}; an error without a key (syntax) is filed under "".
nlohmann::json config_error_fields(const ConfigErrors& errors);

// Every key whose value differs between the two, in schema order ("mqtt.password" included, value not shown).
std::vector<std::string> changed_keys(const config::GatewayConfig& before, const config::GatewayConfig& after);

}  // namespace tbg::api
