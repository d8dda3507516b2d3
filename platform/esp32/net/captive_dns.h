// The captive portal's DNS server: UDP port 53 on the setup access point's address, every A query answered with that
// address (dns_codec.h), so a phone joining "Victron-Gateway-Setup" opens the setup page by itself.
//
// It runs in its own small task (a blocking recvfrom() with a 500 ms timeout, so stop() and the heartbeat come
// round at least twice a second); the socket is bound to the access point's address only, so nothing is answered
// on the station's network. Start it with the access point (or at WiFi start: while the access point is down no
// datagram arrives); stop() ends the task and closes the socket.
//
// Threading: start(), stop() from one task (the network task); stats() from any task. `heartbeat` runs on the DNS
// task: once when it starts and after every datagram or timeout (feed the task watchdog there).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "platform/esp32/net/dns_codec.h"

namespace tbg::esp32 {

struct CaptiveDnsOptions {
    std::array<std::uint8_t, 4> address{192, 168, 4, 1};  // the access point's IPv4 address, bound and answered
    std::uint16_t port = 53;
    std::uint32_t ttl_s = 10;
    unsigned task_priority = 5;        // with the other network tasks, below control (10), RS485 (18), CAN (20)
    std::uint32_t stack_bytes = 3072;  // one 512-byte query and one 512-byte reply buffer live on it
    std::function<void()> heartbeat;
};

struct CaptiveDnsStats {
    bool running = false;
    std::uint64_t queries = 0;   // datagrams received
    std::uint64_t answered = 0;  // replies with at least one A record
    std::uint64_t refused = 0;   // NOTIMP, FORMERR and empty answers
    std::uint64_t ignored = 0;   // nothing sent (responses, runts)
    std::uint64_t errors = 0;    // receive or send failures
};

class CaptiveDns {
public:
    CaptiveDns() = default;
    ~CaptiveDns();
    CaptiveDns(const CaptiveDns&) = delete;
    CaptiveDns& operator=(const CaptiveDns&) = delete;

    // Opens and binds the socket, then starts the task. false with `error` (socket or bind refused, no memory for
    // the task, already running).
    bool start(const CaptiveDnsOptions& options, std::string& error);
    // Asks the task to end and waits for it (at most ~1 s); the task closes the socket.
    void stop();
    CaptiveDnsStats stats() const;

private:
    static void task_entry(void* self);
    void run();

    CaptiveDnsOptions options_;
    int socket_ = -1;
    std::atomic<bool> stop_requested_{false};
    std::atomic<bool> task_running_{false};
    mutable std::mutex mutex_;  // guards stats_
    CaptiveDnsStats stats_;
};

}  // namespace tbg::esp32
