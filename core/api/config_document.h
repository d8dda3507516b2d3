// The configuration as the API shows it (GET /api/config) and the result of a change (PUT /api/config).
//
// Secrets (mqtt.password) never leave the gateway: they are dropped from every document; `fields` only says
// whether one is set. Pure functions.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config/gateway_config.h"

namespace tbg::api {

// config_to_json without secrets.
nlohmann::json redacted_config_json(const config::GatewayConfig& config);

// {"config": redacted, "fields": [{"key", "section", "type", …}], "sections": [{"id", "title"}]} (docs/api.md).
nlohmann::json config_document(const config::GatewayConfig& config);

// {"control.bulk_cell_mV": "message", …}; an error without a key (syntax) is filed under "".
nlohmann::json config_error_fields(const ConfigErrors& errors);

// Every key whose value differs between the two, in schema order ("mqtt.password" included, value not shown).
std::vector<std::string> changed_keys(const config::GatewayConfig& before, const config::GatewayConfig& after);

}  // namespace tbg::api
