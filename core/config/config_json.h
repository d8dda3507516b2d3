// GatewayConfig ⇄ JSON, shared by the config file, the REST API and MQTT.
//
// Layout: {"schema_version": 1, "poll": {…}, "bank": {…}, "control": {…}, "can": {…}, "mqtt": {…}, "web": {…}};
// keys as in the ConfigField tables and core/config/config_schema.h. Reading starts from the values already in
// `config` (defaults, or the running configuration for a partial update), so any key may be left out. Every problem is
// reported with its full key
// ("control.bulk_cell_mV"): an unknown section or key, a value of the wrong type, a value out of range, a broken rule
// between keys. When any error is reported `config` is left unchanged.
#pragma once

#include <nlohmann/json.hpp>

#include "core/config/gateway_config.h"

namespace tbg::config {

ConfigErrors config_from_json(const nlohmann::json& doc, GatewayConfig& config);

nlohmann::json config_to_json(const GatewayConfig& config);

// Parses text, then config_from_json. A syntax error is reported as key "" with the parser's message.
ConfigErrors config_from_text(std::string_view text, GatewayConfig& config);

}  // namespace tbg::config
