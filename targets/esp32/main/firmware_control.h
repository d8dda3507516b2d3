// What the network side (full edition) may ask of the firmware: the configuration, changes, actions, stored
// credentials and the log. Implemented by Firmware.
//
// Threading: every function may be called from any task (HTTP handlers, the network task); none blocks on the bus.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/api/api_backend.h"
#include "core/config/gateway_config.h"
#include "targets/esp32/main/persistence.h"

namespace tbg::esp32 {

class FirmwareControl {
public:
    virtual ~FirmwareControl() = default;

    virtual std::uint64_t now_ms() const = 0;  // esp_timer, ms since boot
    virtual config::GatewayConfig config() const = 0;
    // Stores `next` (validated) in NVS, then applies what can change without a restart. False with `error` when it
    // could not be stored: nothing changed.
    virtual bool apply_config(const config::GatewayConfig& next, std::string& error) = 0;
    virtual bool run_action(api::Action action, std::string& error) = 0;
    // Password hash and dashboard layout (NVS; thread-safe).
    virtual Persistence& persistence() = 0;
    virtual std::vector<api::LogLine> log_lines() const = 0;
    // Saves the energy counters, then restarts (after an OTA update). Returns at once; the control task restarts.
    virtual void request_restart(const std::string& reason) = 0;
};

}  // namespace tbg::esp32
