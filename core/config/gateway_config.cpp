#include "core/config/gateway_config.h"

#include <algorithm>
#include <array>

#include "core/can/encoders.h"
#include "core/config/config_schema.h"

namespace tbg::config {

namespace {

constexpr ConfigField<PollSettings> kPollFields[] = {
    {"baud", &PollSettings::baud, 1200, 115200, "bit/s of the RS485 bus (packs use 9600)"},
    {"addresses_mask", &PollSettings::addresses_mask, 1, 0xFFFF, "bit a = probe address a (0xFFFF = all 16)"},
    {"turnaround_allowance_ms", &PollSettings::turnaround_allowance_ms, 20, 1500,
     "ms a pack may take to start answering, added to the wire time"},
    {"min_timeout_ms", &PollSettings::min_timeout_ms, 50, 1000, "ms; lower bound of a reply timeout"},
    {"max_timeout_ms", &PollSettings::max_timeout_ms, 200, 5000, "ms; upper bound of a reply timeout"},
    {"guard_ms", &PollSettings::guard_ms, 0, 500, "ms the bus stays idle after each transaction"},
    {"alarm_interval_ms", &PollSettings::alarm_interval_ms, 1000, 60000, "ms; 0x44 per pack at least this often"},
    {"parameters_interval_ms", &PollSettings::parameters_interval_ms, 60000, 86400000, "ms; 0x47 per pack"},
    {"absent_probe_interval_ms", &PollSettings::absent_probe_interval_ms, 5000, 3600000,
     "ms; a never-seen address is probed this often"},
    {"offline_probe_interval_ms", &PollSettings::offline_probe_interval_ms, 1000, 600000,
     "ms; an offline pack is probed this often"},
    {"discovery_attempts", &PollSettings::discovery_attempts, 1, 5, "probes per address at start"},
    {"offline_after_failures", &PollSettings::offline_after_failures, 1, 20, "failed polls in a row before offline"},
};

constexpr ConfigField<CanSettings> kCanFields[] = {
    {"interval_ms", &CanSettings::interval_ms, 200, 3000, "ms between frame sets (a GX drops a BMS after ~5 s)"},
};

void prefix(ConfigErrors& errors, std::string_view section, ConfigErrors more) {
    for (auto& error : more) {
        error.key = std::string(section) + "." + error.key;
        error.message = std::string(section) + "." + error.message;
        errors.push_back(std::move(error));
    }
}

}  // namespace

std::span<const ConfigField<PollSettings>> poll_settings_fields() {
    return kPollFields;
}
std::span<const ConfigField<CanSettings>> can_settings_fields() {
    return kCanFields;
}

ConfigErrors PollSettings::validate() const {
    ConfigErrors errors;
    for (const auto& field : kPollFields) {
        check_range(errors, field.key, this->*field.member, field.min, field.max);
    }
    if (errors.empty()) {
        check_range(errors, "max_timeout_ms", max_timeout_ms, min_timeout_ms, 5000, "at least min_timeout_ms");
    }
    return errors;
}

app::PollConfig PollSettings::to_poll_config() const {
    app::PollConfig config;
    for (std::size_t adr = 0; adr < app::kMaxPacks; ++adr) {
        config.addresses[adr] = ((static_cast<unsigned>(addresses_mask) >> adr) & 1U) != 0;
    }
    config.baud = static_cast<std::uint32_t>(baud);
    config.turnaround_allowance_ms = static_cast<std::uint32_t>(turnaround_allowance_ms);
    config.min_timeout_ms = static_cast<std::uint32_t>(min_timeout_ms);
    config.max_timeout_ms = static_cast<std::uint32_t>(max_timeout_ms);
    config.guard_ms = static_cast<std::uint32_t>(guard_ms);
    config.alarm_interval_ms = static_cast<std::uint32_t>(alarm_interval_ms);
    config.parameters_interval_ms = static_cast<std::uint32_t>(parameters_interval_ms);
    config.absent_probe_interval_ms = static_cast<std::uint32_t>(absent_probe_interval_ms);
    config.offline_probe_interval_ms = static_cast<std::uint32_t>(offline_probe_interval_ms);
    config.discovery_attempts = static_cast<std::uint8_t>(discovery_attempts);
    config.offline_after_failures = static_cast<std::uint8_t>(offline_after_failures);
    return config;
}

ConfigErrors CanSettings::validate() const {
    ConfigErrors errors;
    for (const auto& field : kCanFields) {
        check_range(errors, field.key, this->*field.member, field.min, field.max);
    }
    auto text_error = [&](std::string_view key, const std::string& value, const std::string& message) {
        errors.push_back(ConfigError{std::string(key), 0, 0, 0, std::string(key) + " = \"" + value + "\" " + message});
    };
    if (!can::protocol_from_string(protocol)) {
        text_error("protocol", protocol, "is not one of victron, pylontech, sma");
    }
    if (manufacturer.empty() || manufacturer.size() > 8 || !printable_ascii(manufacturer)) {
        text_error("manufacturer", manufacturer, "must be 1…8 printable ASCII characters");
    } else if (std::string_view reason; !allow_quirk_name && can::name_triggers_gx_quirk(manufacturer, &reason)) {
        text_error("manufacturer", manufacturer,
                   "makes a Victron GX apply another product's quirks (" + std::string(reason) +
                       "); set can.allow_quirk_name to true to use it anyway");
    }
    if (bms_name.size() > 16 || !printable_ascii(bms_name)) {
        text_error("bms_name", bms_name, "must be at most 16 printable ASCII characters");
    }
    return errors;
}

ConfigErrors GatewayConfig::validate() const {
    ConfigErrors errors;
    prefix(errors, "poll", poll.validate());
    prefix(errors, "bank", bank.validate());
    prefix(errors, "control", control.validate());
    prefix(errors, "can", can.validate());
    prefix(errors, "mqtt", mqtt.validate());
    prefix(errors, "web", web.validate());
    prefix(errors, "device", device.validate());
    prefix(errors, "network", network.validate());
    return errors;
}

app::GatewaySettings GatewayConfig::to_gateway_settings() const {
    app::GatewaySettings settings;
    settings.poll = poll.to_poll_config();
    settings.bank = bank;
    settings.control = control;
    settings.protocol = can::protocol_from_string(can.protocol).value_or(can::Protocol::kVictron);
    settings.can_interval_ms = static_cast<std::uint32_t>(can.interval_ms);
    settings.manufacturer = can.manufacturer;
    settings.bms_name = can.bms_name;
    return settings;
}

}  // namespace tbg::config
