// Host fake of mdns.h (espressif/mdns), plus its test-control API: records what the firmware announces.
// mdns_hostname_set/instance_name_set/service_add before mdns_init → ESP_ERR_INVALID_STATE (as the component).
// RAM only: a power cycle forgets it. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "esp_err.h"

namespace tbg::hostcheck {

struct MdnsFakeService {
    std::string instance_name;
    std::string service_type;
    std::string proto;
    std::uint16_t port = 0;
    std::vector<std::pair<std::string, std::string>> txt;
};

struct MdnsFakeState {
    bool running = false;
    std::uint32_t inits = 0;
    std::uint32_t frees = 0;
    std::string hostname;
    std::string instance_name;
    std::vector<MdnsFakeService> services;
};

MdnsFakeState mdns_fake_state();
// The next mdns_init() returns `error`.
void mdns_fake_fail_next_init(esp_err_t error);

}  // namespace tbg::hostcheck
