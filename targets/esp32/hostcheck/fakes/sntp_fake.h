// Host fake of esp_netif_sntp.h, plus its test-control API: records the configuration and lets a test play the
// time server's answer (the sync callback runs on the calling thread, as the lwIP task would run it).
// esp_netif_sntp_init twice without deinit → ESP_ERR_INVALID_STATE. RAM only. Thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace tbg::hostcheck {

struct SntpFakeState {
    bool initialised = false;
    std::uint32_t inits = 0;
    std::uint32_t deinits = 0;
    std::string server;
    bool start = false;
    bool smooth_sync = false;
    bool wait_for_sync = false;
    bool has_callback = false;
};

SntpFakeState sntp_fake_state();
// The server answered: calls the configured sync callback with `unix_s` (the fake does not set the host's clock).
// false when SNTP is not initialised or has no callback.
bool sntp_fake_sync(std::int64_t unix_s);

}  // namespace tbg::hostcheck
