// mDNS (espressif/mdns component): the gateway answers as <hostname>.local (default victron-gateway.local) on every
// interface that is up, and announces its web server as an _http._tcp service.
//
// Threading: start() and stop() from one task (the network task), after the WiFi driver was started (the responder
// follows the netifs' events itself). Errors are returned, never thrown.
#pragma once

#include <cstdint>
#include <string>

namespace tbg::esp32 {

struct MdnsOptions {
    std::string hostname = "victron-gateway";       // without ".local"; 1…32 of a-z 0-9 - (core/config validates)
    std::string instance_name = "Victron Gateway";  // what service browsers show
    std::uint16_t http_port = 80;
};

class MdnsService {
public:
    MdnsService() = default;
    ~MdnsService();
    MdnsService(const MdnsService&) = delete;
    MdnsService& operator=(const MdnsService&) = delete;

    // Starts the responder with the hostname, the instance name and the _http._tcp service (TXT path=/). false with
    // `error` (the responder is left stopped).
    bool start(const MdnsOptions& options, std::string& error);
    void stop();
    bool running() const { return running_; }

private:
    bool running_ = false;
};

}  // namespace tbg::esp32
