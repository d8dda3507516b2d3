// The configuration file format: defaults, validation messages naming key, value and range, atomic application.
#include "core/config/config_json.h"

#include <gtest/gtest.h>

namespace tbg::config {
namespace {

using nlohmann::json;

std::string messages(const ConfigErrors& errors) {
    std::string text;
    for (const auto& error : errors) {
        text += error.message + "\n";
    }
    return text;
}

TEST(ConfigJson, DefaultsAreValidAndRoundTrip) {
    const GatewayConfig defaults;
    EXPECT_TRUE(defaults.validate().empty()) << messages(defaults.validate());
    const json doc = config_to_json(defaults);
    EXPECT_EQ(doc["schema_version"], kSchemaVersion);
    EXPECT_EQ(doc["poll"]["baud"], 9600);
    EXPECT_EQ(doc["control"]["bulk_cell_mV"], 3450);
    EXPECT_EQ(doc["can"]["protocol"], "victron");
    GatewayConfig read;
    read.poll.baud = 19200;  // overwritten by the document
    ASSERT_TRUE(config_from_json(doc, read).empty());
    EXPECT_EQ(config_to_json(read), doc);
}

TEST(ConfigJson, PartialDocumentChangesOnlyItsKeys) {
    GatewayConfig config;
    const auto errors = config_from_json(json::parse(R"({"control": {"bulk_cell_mV": 3500}, "can": {"protocol":
        "pylontech"}})"),
                                         config);
    ASSERT_TRUE(errors.empty()) << messages(errors);
    EXPECT_EQ(config.control.bulk_cell_mV, 3500);
    EXPECT_EQ(config.can.protocol, "pylontech");
    EXPECT_EQ(config.control.float_cell_mV, GatewayConfig{}.control.float_cell_mV);
    EXPECT_EQ(config.poll.baud, 9600);
}

TEST(ConfigJson, OutOfRangeValueNamesKeyValueAndRangeAndChangesNothing) {
    GatewayConfig config;
    const auto errors = config_from_json(json::parse(R"({"control": {"bulk_cell_mV": 3700, "float_cell_mV": 3350},
        "poll": {"baud": 300}})"),
                                         config);
    ASSERT_EQ(errors.size(), 2U) << messages(errors);
    EXPECT_EQ(errors[0].key, "control.bulk_cell_mV");
    EXPECT_EQ(errors[0].value, 3700);
    EXPECT_NE(errors[0].message.find("control.bulk_cell_mV = 3700 is outside"), std::string::npos) << errors[0].message;
    EXPECT_EQ(errors[1].key, "poll.baud");
    EXPECT_NE(errors[1].message.find("1200"), std::string::npos) << errors[1].message;
    EXPECT_EQ(config.control.float_cell_mV, GatewayConfig{}.control.float_cell_mV) << "nothing applied on error";
}

TEST(ConfigJson, UnknownKeysSectionsAndWrongTypesAreRefused) {
    GatewayConfig config;
    const auto errors = config_from_json(json::parse(R"({"control": {"bulk_cel_mV": 3400, "cvl_max_dV": "56"},
        "nosuch": {}, "can": {"protocol": 5, "allow_quirk_name": "yes"}, "schema_version": 7})"),
                                         config);
    const std::string text = messages(errors);
    EXPECT_NE(text.find("control.bulk_cel_mV is not a known key"), std::string::npos) << text;
    EXPECT_NE(text.find("control.cvl_max_dV must be an integer"), std::string::npos) << text;
    EXPECT_NE(text.find("nosuch is not a known section"), std::string::npos) << text;
    EXPECT_NE(text.find("can.protocol must be a string"), std::string::npos) << text;
    EXPECT_NE(text.find("can.allow_quirk_name must be true or false"), std::string::npos) << text;
    EXPECT_NE(text.find("schema_version must be 1"), std::string::npos) << text;
}

TEST(ConfigJson, CrossKeyRulesAreChecked) {
    GatewayConfig config;
    const auto errors =
        config_from_json(json::parse(R"({"poll": {"min_timeout_ms": 900, "max_timeout_ms": 300}})"), config);
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors[0].key, "poll.max_timeout_ms") << messages(errors);
}

TEST(ConfigJson, QuirkNamesNeedExplicitConsent) {
    GatewayConfig config;
    auto errors = config_from_json(json::parse(R"({"can": {"manufacturer": "PYLON"}})"), config);
    ASSERT_EQ(errors.size(), 1U) << messages(errors);
    EXPECT_EQ(errors[0].key, "can.manufacturer");
    EXPECT_NE(errors[0].message.find("allow_quirk_name"), std::string::npos) << errors[0].message;
    errors = config_from_json(json::parse(R"({"can": {"manufacturer": "PYLON", "allow_quirk_name": true}})"), config);
    EXPECT_TRUE(errors.empty()) << messages(errors);
    EXPECT_EQ(config.can.manufacturer, "PYLON");
}

TEST(ConfigJson, TextNamesAreBounded) {
    GatewayConfig config;
    const auto errors = config_from_json(
        json::parse(R"({"can": {"manufacturer": "TOOLONGNAME", "bms_name": "0123456789abcdefX", "protocol": "x"}})"),
        config);
    const std::string text = messages(errors);
    EXPECT_NE(text.find("can.manufacturer"), std::string::npos) << text;
    EXPECT_NE(text.find("can.bms_name"), std::string::npos) << text;
    EXPECT_NE(text.find("can.protocol = \"x\" is not one of"), std::string::npos) << text;
}

TEST(ConfigJson, SyntaxErrorIsReported) {
    GatewayConfig config;
    const auto errors = config_from_text("{\"poll\": {\"baud\": 9600,}", config);
    ASSERT_EQ(errors.size(), 1U);
    EXPECT_NE(errors[0].message.find("not valid JSON"), std::string::npos);
}

TEST(ConfigJson, GatewaySettingsCarryEveryValue) {
    GatewayConfig config;
    config.poll.addresses_mask = 0b101;
    config.poll.baud = 19200;
    config.can.interval_ms = 500;
    config.can.protocol = "sma";
    const app::GatewaySettings settings = config.to_gateway_settings();
    EXPECT_TRUE(settings.poll.addresses[0]);
    EXPECT_FALSE(settings.poll.addresses[1]);
    EXPECT_TRUE(settings.poll.addresses[2]);
    EXPECT_FALSE(settings.poll.addresses[3]);
    EXPECT_EQ(settings.poll.baud, 19200U);
    EXPECT_EQ(settings.can_interval_ms, 500U);
    EXPECT_EQ(settings.protocol, can::Protocol::kSma);
}

TEST(ConfigJson, MqttSectionDefaultsRoundTripAndDisabled) {
    const GatewayConfig defaults;
    EXPECT_FALSE(defaults.mqtt.enabled);
    const json doc = config_to_json(defaults);
    EXPECT_EQ(doc["mqtt"]["enabled"], false);
    EXPECT_EQ(doc["mqtt"]["port"], 1883);
    EXPECT_EQ(doc["mqtt"]["detail"], "bank");
    EXPECT_EQ(doc["mqtt"]["discovery_prefix"], "homeassistant");
    GatewayConfig config;
    const auto errors = config_from_json(json::parse(R"({"mqtt": {"enabled": true, "host": "broker.lan",
        "port": 8883, "tls": true, "ca_file": "/etc/ca.pem", "username": "u", "password": "p",
        "base_topic": "home/battery", "detail": "cell", "interval_s": 5, "retain": false}})"),
                                         config);
    ASSERT_TRUE(errors.empty()) << messages(errors);
    EXPECT_TRUE(config.mqtt.enabled);
    EXPECT_EQ(config.mqtt.host, "broker.lan");
    EXPECT_EQ(config.mqtt.port, 8883);
    EXPECT_EQ(config.mqtt.ca_file, "/etc/ca.pem");
    EXPECT_EQ(config.mqtt.detail_level(), MqttDetail::kCell);
    EXPECT_FALSE(config.mqtt.retain);
    GatewayConfig again;
    ASSERT_TRUE(config_from_json(config_to_json(config), again).empty());
    EXPECT_EQ(config_to_json(again), config_to_json(config));
}

TEST(ConfigJson, MqttProblemsNameKeyAndValue) {
    GatewayConfig config;
    const auto errors = config_from_json(json::parse(R"({"mqtt": {"port": 0, "detail": "everything",
        "base_topic": "a/#", "cert_file": "/c.pem", "tls": false, "device_id": "has space", "bogus": 1}})"),
                                         config);
    const std::string text = messages(errors);
    EXPECT_NE(text.find("mqtt.bogus is not a known key"), std::string::npos) << text;
    GatewayConfig valid_keys;
    const auto rule_errors = config_from_json(json::parse(R"({"mqtt": {"port": 1884, "detail": "everything",
        "base_topic": "a/#", "cert_file": "/c.pem", "device_id": "has space"}})"),
                                              valid_keys);
    const std::string rules = messages(rule_errors);
    EXPECT_NE(text.find("mqtt.port = 0 is outside 1"), std::string::npos) << text;
    EXPECT_NE(rules.find("mqtt.detail = \"everything\" is not one of bank, pack, cell"), std::string::npos) << rules;
    EXPECT_NE(rules.find("mqtt.base_topic = \"a/#\""), std::string::npos) << rules;
    EXPECT_NE(rules.find("mqtt.key_file"), std::string::npos) << rules;
    EXPECT_NE(rules.find("mqtt.device_id"), std::string::npos) << rules;
    EXPECT_NE(rules.find("needs mqtt.tls"), std::string::npos) << rules;
    EXPECT_FALSE(valid_keys.mqtt.enabled);
    EXPECT_EQ(valid_keys.mqtt.port, 1883) << "nothing applied on error";
}

TEST(ConfigJson, MqttWrongTypesAreRefused) {
    GatewayConfig config;
    const auto errors = config_from_json(json::parse(R"({"mqtt": {"enabled": "yes", "host": 5}})"), config);
    const std::string text = messages(errors);
    EXPECT_NE(text.find("mqtt.enabled must be true or false"), std::string::npos) << text;
    EXPECT_NE(text.find("mqtt.host must be a string"), std::string::npos) << text;
}

// Found by fuzz/fuzz_config_json (regression input fuzz/regressions/fuzz_config_json/): an unsigned integer above
// INT64_MAX wrapped to a negative value and was accepted where -1 is allowed.
TEST(ConfigJson, HugeUnsignedIntegersAreOutOfRangeNotWrapped) {
    GatewayConfig config;
    const auto errors = config_from_json(
        json::parse(R"({"device": {"led_pin": 18446744073709551615, "can_rx_pin": 9223372036854775808}})"), config);
    ASSERT_EQ(errors.size(), 2U) << messages(errors);
    EXPECT_EQ(errors[0].key, "device.can_rx_pin");
    EXPECT_EQ(errors[1].key, "device.led_pin");
    EXPECT_NE(messages(errors).find("is outside -1…48"), std::string::npos) << messages(errors);
    EXPECT_EQ(config.device.led_pin, GatewayConfig{}.device.led_pin) << "nothing applied on error";
    ASSERT_TRUE(config_from_json(json::parse(R"({"device": {"led_pin": 48}})"), config).empty());
    EXPECT_EQ(config.device.led_pin, 48);
}

// Found by fuzz/fuzz_mqtt: topic prefixes and the client id become MQTT strings, which must be UTF-8 (a broker drops
// the connection otherwise) and keep every topic under 65535 bytes.
TEST(ConfigJson, MqttTopicPrefixesAndClientIdAreBoundedUtf8) {
    MqttSettings mqtt;
    mqtt.base_topic = std::string(256, 'b');
    mqtt.discovery_prefix = "h\xc3\xa4/\xe2\x9a\xa1";  // "hä/⚡"
    mqtt.client_id = "gateway-\xc3\xa4";
    EXPECT_TRUE(mqtt.validate().empty()) << messages(mqtt.validate());
    mqtt.base_topic = std::string(257, 'b');
    mqtt.discovery_prefix = "ha\xff";
    mqtt.client_id = "gw\xc3\x28";
    const std::string text = messages(mqtt.validate());
    EXPECT_NE(text.find("base_topic"), std::string::npos) << text;
    EXPECT_NE(text.find("discovery_prefix"), std::string::npos) << text;
    EXPECT_NE(text.find("client_id"), std::string::npos) << text;
    mqtt = MqttSettings{};
    for (const char* bad :
         {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "a\xe2\x82"}) {  // overlong, surrogate, > U+10FFFF, cut
        mqtt.base_topic = bad;
        EXPECT_FALSE(mqtt.validate().empty()) << "accepted base_topic with bytes of " << bad;
    }
}

}  // namespace
}  // namespace tbg::config
