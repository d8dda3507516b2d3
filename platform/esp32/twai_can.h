// The CAN bus on the ESP32's TWAI controller (ESP-IDF legacy driver, driver/twai.h): 500 kbit/s, normal mode,
// 11-bit data frames, bus-off detection and recovery (policy in twai_recovery.h).
//
// Contracts:
// - open() installs and starts the driver; close() stops and uninstalls it. One instance per firmware (the legacy
//   API drives controller 0).
// - send() hands one frame to the driver's TX queue (kTxQueueLength frames deep), waiting at most `timeout_ms` for
//   space; the CAN tick passes 0 so it never waits for the bus. A frame that is not accepted is dropped and counted
//   (send_drops, last_error); nothing is retried here.
// - receive() waits at most `timeout_ms` for one frame; 29-bit and remote frames are counted (frames_ignored) and
//   not returned.
// - service(now_ms) must be called every 10–100 ms (from the CAN task): it reads alerts and status without
//   blocking, runs the recovery policy and executes its action (twai_initiate_recovery / twai_start).
// - Failures are values: open() returns false with a text; everything else is counted in stats().
//
// Threading: send(), receive() and service() may be called from different tasks (the driver is thread-safe; the
// counters are guarded by a mutex that is never held across a driver call that blocks). open()/close() must not run
// concurrently with anything else. stats() may be called from any task.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "core/can/can_frame.h"
#include "platform/esp32/twai_recovery.h"

namespace tbg::esp32 {

struct TwaiStats {
    std::string state = "stopped";        // "running", "error-passive", "bus-off", "recovering", "stopped"
    std::uint64_t frames_sent = 0;        // accepted by the driver's TX queue
    std::uint64_t send_drops = 0;         // send() returned false: not running, queue full, invalid frame, driver error
    std::uint64_t frames_received = 0;    // 11-bit data frames returned by receive()
    std::uint64_t frames_ignored = 0;     // 29-bit or remote frames received
    std::uint32_t bus_off_count = 0;      // bus-off episodes
    std::uint32_t recovery_attempts = 0;  // twai_initiate_recovery() calls
    std::uint32_t recoveries = 0;         // episodes that ended with the bus running again
    std::uint32_t tx_error_counter = 0;   // TEC, REC as last read (0…255; bus-off at TEC > 255)
    std::uint32_t rx_error_counter = 0;
    std::uint32_t tx_failed = 0;  // driver counters as last read
    std::uint32_t rx_missed = 0;
    std::uint32_t bus_errors = 0;
    std::uint32_t arb_lost = 0;
    std::string last_error;  // "" until something failed
};

class TwaiCan {
public:
    static constexpr std::uint32_t kBitrate = 500'000;   // the Victron CAN-bus BMS rate
    static constexpr std::uint32_t kTxQueueLength = 32;  // more than one full frame set (FrameSet::kCapacity 24)
    static constexpr std::uint32_t kRxQueueLength = 32;

    TwaiCan();
    ~TwaiCan();
    TwaiCan(const TwaiCan&) = delete;
    TwaiCan& operator=(const TwaiCan&) = delete;

    // Installs the driver on `tx_pin`/`rx_pin` (GPIO numbers, validated by the board profile) and starts it. False
    // with `error` when the driver refuses (already installed by someone else, invalid pins, no memory).
    bool open(int tx_pin, int rx_pin, std::string& error);
    bool is_open() const;
    // Stops and uninstalls (also from bus-off; from recovering the driver refuses: the stop is then counted as an
    // error and the driver stays installed until the next close()).
    void close();

    // 11-bit data frame only (id ≤ 0x7FF, dlc ≤ 8). False = dropped and counted.
    bool send(const can::CanFrame& frame, std::uint32_t timeout_ms);
    std::optional<can::CanFrame> receive(std::uint32_t timeout_ms);
    void service(std::uint64_t now_ms);

    TwaiStats stats() const;

private:
    void note_error(const char* what, int err);  // with mutex_ held

    mutable std::mutex mutex_;  // guards everything below
    bool open_ = false;
    TwaiRecovery recovery_;
    TwaiStats stats_;
};

}  // namespace tbg::esp32
