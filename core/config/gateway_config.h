// The gateway's whole configuration: poll timing, bank staleness, charge control, CAN output, MQTT, web, and the
// board and network of the ESP32 firmware. Every integer
// key has a safe default (its initialiser) and validated bounds in a ConfigField table; cross-key rules live in the
// validate() functions. Loaded and saved as JSON by config_json.h; validation may allocate (never on the periodic
// path).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/app/gateway.h"
#include "core/app/poll_scheduler.h"
#include "core/bank/bank_config.h"
#include "core/bank/config_error.h"
#include "core/config/device_settings.h"
#include "core/config/mqtt_settings.h"
#include "core/config/network_settings.h"
#include "core/config/web_settings.h"
#include "core/control/control_config.h"

namespace tbg::config {

inline constexpr std::int32_t kSchemaVersion = 1;

// RS485 polling (see PollConfig for the meaning of each key).
struct PollSettings {
    std::int32_t baud = 9600;
    std::int32_t addresses_mask = 0xFFFF;  // bit a = probe address a
    std::int32_t turnaround_allowance_ms = 600;
    std::int32_t min_timeout_ms = 100;
    std::int32_t max_timeout_ms = 2000;
    std::int32_t guard_ms = 10;
    std::int32_t alarm_interval_ms = 5000;
    std::int32_t parameters_interval_ms = 600000;
    std::int32_t absent_probe_interval_ms = 30000;
    std::int32_t offline_probe_interval_ms = 5000;
    std::int32_t discovery_attempts = 2;
    std::int32_t offline_after_failures = 3;

    ConfigErrors validate() const;
    app::PollConfig to_poll_config() const;  // precondition: validate() is empty
};
std::span<const ConfigField<PollSettings>> poll_settings_fields();

// CAN output.
struct CanSettings {
    std::string protocol = "victron";          // "victron", "pylontech" or "sma"
    std::int32_t interval_ms = 1000;           // one full frame set per interval
    std::string manufacturer = "TOPBAND";      // 0x35E, at most 8 printable ASCII characters
    std::string bms_name = "TOPBAND-GATEWAY";  // 0x370/0x371, at most 16 characters; empty = not sent
    bool allow_quirk_name = false;             // accept a 0x35E name that makes a GX apply product quirks

    ConfigErrors validate() const;
};
std::span<const ConfigField<CanSettings>> can_settings_fields();

struct GatewayConfig {
    PollSettings poll;
    bank::BankConfig bank;
    control::ControlConfig control;
    CanSettings can;
    MqttSettings mqtt;
    WebSettings web;
    DeviceSettings device;    // ESP32 firmware only
    NetworkSettings network;  // ESP32 firmware only

    // Every error of every section, keys prefixed with their section ("poll.baud").
    ConfigErrors validate() const;
    // Precondition: validate() is empty.
    app::GatewaySettings to_gateway_settings() const;
};

}  // namespace tbg::config
