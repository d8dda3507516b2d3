// `topband-gateway run`: the Linux daemon (stealth edition: RS485 in, CAN out).
//
// Event model: one thread, one epoll loop (platform/linux/event_loop.h) owning the serial fd, the CAN fd and one
// timer armed to the gateway's next deadline (absolute, CLOCK_MONOTONIC). Every callback is non-blocking: a CAN
// tick runs first whenever it is due and is never behind a reply timeout, a reopen or a file write. State is saved
// once a minute and at stop (a few hundred bytes, atomic rename). MQTT (mqtt.enabled, not with --stealth) runs on
// its own thread (platform/linux/mqtt_link.h); the loop only enqueues copies once a second. The HTTP server
// (--http, not with --stealth; platform/linux/http_server.h) runs on civetweb's threads: after each CAN tick (and
// at least once a second) the loop publishes an immutable copy of its state (core/api/gateway_view.h) for them,
// and changes made through the API reach the loop as tasks (platform/linux/loop_inbox.h).
#pragma once

#include <cstdint>
#include <string>

namespace tbg::daemon {

struct RunOptions {
    std::string serial_path;        // RS485 device; empty with demo
    std::uint32_t baud = 0;         // 0: from the configuration (poll.baud)
    std::string can_spec = "none";  // slcan:PATH, socketcan:IFNAME or none (monitoring: nothing sent)
    std::string config_path;        // JSON; created with the defaults when missing; empty: built-in defaults
    std::string state_dir;          // energy counters; empty: not persisted
    bool stealth = false;           // no network services (MQTT and HTTP stay off whatever the configuration says)
    std::string http = "127.0.0.1:8080";  // HOST:PORT of the dashboard and API; "none" = no HTTP server
    bool demo = false;                    // in-process simulated bank instead of a serial device
    int demo_packs = 3;                   // packs at addresses 0…N-1 in demo mode
    bool print_frames = false;            // print every frame set, decoded, on stdout
    std::string log_level = "info";
    std::uint32_t status_interval_s = 60;  // status and per-pack counter lines at info level
    std::uint32_t exit_after_s = 0;        // stop by itself after this long (tests, demos); 0 = run until signalled
};

// Runs until SIGTERM/SIGINT (or exit_after_s). Returns the process exit status: 0 clean stop, 2 bad options or
// configuration (every problem printed), 1 a failure at start (event loop).
int run_daemon(const RunOptions& options);

}  // namespace tbg::daemon
