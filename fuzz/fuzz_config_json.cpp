// libFuzzer target: the configuration parser and validator (core/config/config_json.h), which reads the user's
// config file and every PUT /api/config body. The input is the JSON text; it is applied on top of two bases (the
// defaults and a valid non-default configuration, as a partial update of a running gateway is). Checked:
//  - config_from_text never throws;
//  - rejected: at least one error, each with a non-empty message, and the configuration is unchanged;
//  - accepted: the result validates, equals the base with the input's keys overlaid (every accepted value is the
//    value written, nothing else moved), and config_to_json → config_from_json → config_to_json is a fixed point
//    (also through the JSON text, as the config file is written and read back).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/config/config_json.h"
#include "fuzz/fuzz_checks.h"

namespace {

using nlohmann::json;
using tbg::fuzz::require;
namespace config = tbg::config;

std::string dump(const json& doc) {
    return doc.dump(-1, ' ', false, json::error_handler_t::strict);
}

// A valid configuration that differs from the defaults in every section the Linux daemon uses.
config::GatewayConfig alternative_base() {
    config::GatewayConfig base;
    base.poll.addresses_mask = 0x00FF;
    base.poll.max_timeout_ms = 1500;
    base.can.protocol = "pylontech";
    base.can.bms_name = "";
    base.mqtt.enabled = true;
    base.mqtt.host = "broker.local";
    base.mqtt.username = "gateway";
    base.mqtt.password = "mqtt-secret";
    base.mqtt.detail = "cell";
    base.mqtt.base_topic = "home/battery";
    base.web.public_read = false;
    base.device.board = "custom";
    base.device.rs485_tx_pin = 17;
    base.network.wifi_ssid = "shed";
    base.network.wifi_password = "wifi-secret";
    require(base.validate().empty(), "config fuzz: the alternative base does not validate");
    return base;
}

// What an accepted input must yield: the base's document with every key of the input's sections replaced.
json overlaid(const json& base_doc, const json& input) {
    json expected = base_doc;
    for (const auto& [section, keys] : input.items()) {
        if (section == "schema_version") {
            continue;
        }
        require(keys.is_object() && expected.contains(section), "config fuzz: accepted a section that is not one");
        for (const auto& [key, value] : keys.items()) {
            require(expected[section].contains(key), "config fuzz: accepted a key the document does not have");
            expected[section][key] = value;
        }
    }
    return expected;
}

// A base configuration with its document, computed once.
struct Base {
    config::GatewayConfig config;
    json doc = config::config_to_json(config);
    std::string text = dump(doc);
};

void check_on(const Base& base, std::string_view text) {
    config::GatewayConfig cfg = base.config;
    const tbg::ConfigErrors errors = config::config_from_text(text, cfg);
    const json result_doc = config::config_to_json(cfg);
    const std::string result_text = dump(result_doc);
    if (!errors.empty()) {
        for (const tbg::ConfigError& error : errors) {
            require(!error.message.empty(), "config fuzz: an error without a message");
            tbg::fuzz::touch(error.key);
        }
        require(result_text == base.text, "config fuzz: a rejected input changed the configuration");
        return;
    }
    require(cfg.validate().empty(), "config fuzz: an accepted configuration does not validate");
    const json input = json::parse(text);  // accepted, so it parses
    require(result_text == dump(overlaid(base.doc, input)),
            "config fuzz: the accepted configuration is not the base with the input's values");

    config::GatewayConfig again;
    require(config::config_from_json(result_doc, again).empty(), "config fuzz: config_to_json output is rejected");
    require(dump(config::config_to_json(again)) == result_text, "config fuzz: JSON round trip changed a value");
    config::GatewayConfig from_text;
    require(config::config_from_text(result_text, from_text).empty(), "config fuzz: written file rejected");
    require(dump(config::config_to_json(from_text)) == result_text, "config fuzz: text round trip differs");
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Base defaults{};
    static const Base alternative{alternative_base()};
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_on(defaults, text);
    check_on(alternative, text);
    return 0;
}
