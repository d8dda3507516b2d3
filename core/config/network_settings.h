// The `network` section of the configuration: WiFi, the setup access point, mDNS and time. Only the ESP32 firmware
// (full edition) uses it; the Linux daemon keeps the keys and ignores them (the host's network and time zone apply).
// wifi_password and ap_password are secrets: never returned by the API (core/config/config_schema.h).
#pragma once

#include <cstdint>
#include <string>

#include "core/bank/config_error.h"

namespace tbg::config {

struct NetworkSettings {
    std::string wifi_ssid;                          // 1…32 bytes; empty = no station, the setup access point runs
    std::string wifi_password;                      // empty (open network) or 8…63 characters
    std::string ap_ssid = "Victron-Gateway-Setup";  // the setup access point, 1…32 bytes
    std::string ap_password = "12345678";           // 8…63 characters (WPA2)
    std::string hostname = "victron-gateway";       // mDNS name (<hostname>.local): 1…32 of a-z 0-9 -
    std::string ntp_server = "pool.ntp.org";        // empty = no time synchronisation
    std::string timezone = "CET-1CEST,M3.5.0,M10.5.0/3";  // POSIX TZ string (DST rules included)

    ConfigErrors validate() const;
};

}  // namespace tbg::config
