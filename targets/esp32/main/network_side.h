// The network side of the full edition (WiFi, HTTP API and dashboard, MQTT, mDNS, SNTP, OTA), behind one small
// interface so the firmware's core never depends on it. The stealth edition has none (make_network_side() returns
// nullptr there, and nothing under net/ is compiled).
//
// Threading: start() once from the main task; publish() from the control task; links() from the control task.
#pragma once

#include <memory>

#include "core/api/gateway_view.h"
#include "targets/esp32/main/firmware_control.h"

namespace tbg::esp32 {

class NetworkSide {
public:
    virtual ~NetworkSide() = default;

    // Starts its task(s) and returns at once; WiFi, the servers and MQTT come up in the background.
    virtual void start() = 0;
    // The newest view (after each CAN tick and at least once a second): for the API, the WebSocket and MQTT. Must
    // not block: it hands the pointer over and returns.
    virtual void publish(std::shared_ptr<const api::GatewayView> view) = 0;
    // MQTT link health for the next view.
    virtual void fill_links(api::LinkHealth& links) const = 0;
    // The HTTP server answers (for the OTA self-check).
    virtual bool serving() const = 0;
};

std::unique_ptr<NetworkSide> make_network_side(FirmwareControl& firmware, const config::GatewayConfig& config);

}  // namespace tbg::esp32
