#include "core/api/config_document.h"

#include <algorithm>

#include "core/config/config_json.h"
#include "core/config/config_schema.h"

namespace tbg::api {

namespace {

using nlohmann::json;

constexpr const char* kSecrets[][2] = {{"mqtt", "password"}, {"network", "wifi_password"}, {"network", "ap_password"}};

// The value of "section.name" in a config_to_json document.
const json* lookup(const json& doc, const std::string& key) {
    const std::size_t dot = key.find('.');
    const std::string section = key.substr(0, dot);
    const std::string name = key.substr(dot + 1);
    if (!doc.contains(section) || !doc[section].contains(name)) {
        return nullptr;
    }
    return &doc[section][name];
}

json field_json(const config::ConfigKeyInfo& info, const json& values) {
    json field = {{"key", info.key},
                  {"section", info.section},
                  {"type", config::to_string(info.type)},
                  {"help", info.help},
                  {"apply", config::to_string(info.apply)}};
    switch (info.type) {
        case config::KeyType::kInteger:
            field["min"] = info.min;
            field["max"] = info.max;
            field["default"] = info.default_integer;
            field["unit"] = info.unit;
            field["scale"] = info.scale;
            field["decimals"] = info.scale >= 1.0 ? 0 : info.scale >= 0.1 ? 1 : info.scale >= 0.01 ? 2 : 3;
            if (info.bitmask) {
                field["format"] = "bitmask16";
            }
            break;
        case config::KeyType::kBoolean:
            field["default"] = info.default_boolean;
            break;
        case config::KeyType::kEnum:
            field["options"] = info.options;
            field["default"] = info.default_text;
            break;
        case config::KeyType::kString:
            field["default"] = info.default_text;
            if (info.max_length > 0) {
                field["max_length"] = info.max_length;
            }
            if (info.min_length > 0) {
                field["min_length"] = info.min_length;
            }
            if (!info.charset.empty()) {
                field["charset"] = info.charset;
            }
            break;
        case config::KeyType::kSecret: {
            const json* value = lookup(values, info.key);
            field["set"] = value != nullptr && value->is_string() && !value->get<std::string>().empty();
            break;
        }
    }
    return field;
}

}  // namespace

json redacted_config_json(const config::GatewayConfig& config) {
    json doc = config::config_to_json(config);
    for (const auto& secret : kSecrets) {
        if (doc.contains(secret[0])) {
            doc[secret[0]].erase(secret[1]);
        }
    }
    return doc;
}

json config_document(const config::GatewayConfig& config, ConfigScope scope) {
    const json values = config::config_to_json(config);
    json shown = redacted_config_json(config);
    json sections = json::array();
    std::vector<std::string_view> hidden;
    for (const config::ConfigSectionInfo& section : config::config_sections()) {
        if (section.embedded_only && scope != ConfigScope::kEmbedded) {
            hidden.push_back(section.id);
            shown.erase(std::string(section.id));
            continue;
        }
        sections.push_back({{"id", section.id}, {"title", section.title}});
    }
    json fields = json::array();
    for (const config::ConfigKeyInfo& info : config::config_keys()) {
        if (std::find(hidden.begin(), hidden.end(), info.section) == hidden.end()) {
            fields.push_back(field_json(info, values));
        }
    }
    return {{"config", std::move(shown)}, {"fields", std::move(fields)}, {"sections", std::move(sections)}};
}

json config_error_fields(const ConfigErrors& errors) {
    json fields = json::object();
    for (const ConfigError& error : errors) {
        if (fields.contains(error.key)) {
            fields[error.key] = fields[error.key].get<std::string>() + "; " + error.message;
        } else {
            fields[error.key] = error.message;
        }
    }
    return fields;
}

std::vector<std::string> changed_keys(const config::GatewayConfig& before, const config::GatewayConfig& after) {
    const json a = config::config_to_json(before);
    const json b = config::config_to_json(after);
    std::vector<std::string> keys;
    for (const config::ConfigKeyInfo& info : config::config_keys()) {
        const json* x = lookup(a, info.key);
        const json* y = lookup(b, info.key);
        if ((x == nullptr) != (y == nullptr) || (x != nullptr && *x != *y)) {
            keys.push_back(info.key);
        }
    }
    return keys;
}

}  // namespace tbg::api
