// Host fake of driver/twai.h (legacy TWAI driver): the driver's state machine (stopped, running, bus-off,
// recovering), its TX and RX queues and alerts, on a bus that acknowledges every frame at once.
//
// - twai_transmit() while running: the frame is on the bus at once and recorded with its host time (uptime_us since
//   power-on). With the TX path held (twai_hold_tx) frames stay in the TX queue (tx_queue_len deep; a full queue
//   makes twai_transmit wait ticks_to_wait and return ESP_ERR_TIMEOUT); releasing sends them, recorded then.
// - Bus-off (twai_inject_bus_off): the controller leaves the bus (twai_transmit → ESP_ERR_INVALID_STATE), alerts
//   ABOVE_ERR_WARN, ERR_PASS and BUS_OFF (those enabled) are raised. twai_initiate_recovery() → recovering (alert
//   RECOVERY_IN_PROGRESS, TX queue cleared); `recovery_ms` later (default 3 ms ≈ 128 × 11 bits at 500 kbit/s) the
//   controller is stopped, its error counters 0, and BUS_RECOVERED is raised — unless recovery is blocked (the bus
//   stays dominant), in which case it completes `recovery_ms` after the block is lifted.
// - Alerts: only those in alerts_enabled are raised; twai_read_alerts() returns and clears them.
// - Power cycle: the driver is uninstalled and every record, queue and setting is cleared.
//
// Threading: every function is thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "core/can/can_frame.h"
#include "driver/twai.h"

namespace tbg::hostcheck {

struct TwaiSentFrame {
    std::int64_t t_us = 0;  // uptime when the frame went on the bus
    can::CanFrame frame;
};

struct TwaiFakeInfo {
    bool installed = false;
    twai_state_t state = TWAI_STATE_STOPPED;
    twai_general_config_t general{};  // as installed
    twai_timing_config_t timing{};
    twai_filter_config_t filter{};
    std::uint32_t installs = 0;
    std::uint32_t starts = 0;
    std::uint32_t stops = 0;
    std::uint32_t recoveries_initiated = 0;  // accepted twai_initiate_recovery calls
    std::uint32_t recovery_refusals = 0;     // twai_initiate_recovery outside bus-off
    std::uint32_t transmit_calls = 0;
    std::uint32_t tx_queued = 0;  // frames waiting in the TX queue
    std::uint32_t rx_queued = 0;
    std::uint32_t pending_alerts = 0;  // raised, not read yet
    std::uint32_t tx_error_counter = 0;
    std::uint32_t rx_error_counter = 0;
};

TwaiFakeInfo twai_info();
std::vector<TwaiSentFrame> twai_sent_frames();
void twai_clear_sent_frames();

// A frame from another node. False (dropped) unless the driver is installed and running; a full RX queue counts
// rx_missed and raises RX_QUEUE_FULL.
bool twai_inject_rx(const twai_message_t& message);
bool twai_inject_rx(const can::CanFrame& frame);

// Takes a running controller to bus-off. False when it was not running.
bool twai_inject_bus_off();
// Error counters of a running controller (TEC/REC ≥ 128 = error passive).
void twai_set_error_counters(std::uint32_t tec, std::uint32_t rec);
void twai_block_recovery(bool blocked);
void twai_set_recovery_ms(std::uint32_t ms);
// twai_transmit returns `err` (before any state check) while it is not ESP_OK.
void twai_set_transmit_error(esp_err_t err);
void twai_hold_tx(bool hold);

}  // namespace tbg::hostcheck
