// The gateway's core: RS485 polling in, bank and charge control, CAN frame sets out. Sans-I/O.
//
// The platform loop (targets/linux, targets/esp32) owns the serial port, the CAN interface and the clock. It
//  - writes the bytes of every request poll() hands out,
//  - feeds every received serial byte to on_serial_bytes(),
//  - calls can_tick() whenever now_ms reaches next_can_ms() and sends the frame set it returns,
//  - passes received CAN frames to on_can_frame().
// The two sides are independent: a CAN tick never waits for a reply, a timeout or anything else; it encodes from
// the latest pack data. The first frame set is due as soon as the first valid 0x42 reply is in (cadence starts
// there), then every can_interval_ms on absolute deadlines (no drift). Time is monotonic ms, injected.
// Not thread-safe: owned by one thread; other threads read copies of status() data.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/app/bms_inputs_builder.h"
#include "core/app/poll_scheduler.h"
#include "core/bank/bank.h"
#include "core/can/can_frame.h"
#include "core/can/encoders.h"
#include "core/control/charge_controller.h"

namespace tbg::app {

struct GatewaySettings {
    PollConfig poll;
    bank::BankConfig bank;
    control::ControlConfig control;
    can::Protocol protocol = can::Protocol::kVictron;
    std::uint32_t can_interval_ms = 1000;
    std::string manufacturer = "TOPBAND";
    std::string bms_name = "TOPBAND-GATEWAY";
};

struct CanCounters {
    std::uint32_t sets_encoded = 0;
    std::uint32_t sets_silenced = 0;  // failsafe with failsafe_silence: nothing sent
    std::uint32_t missed_ticks = 0;   // deadlines skipped because can_tick() came later than one interval
    std::uint32_t gx_keepalive = 0;   // 0x305 received
    std::uint32_t gx_identity = 0;    // 0x307 received
    std::uint32_t other_received = 0;
    std::optional<std::uint64_t> last_gx_ms;
};

class Gateway {
public:
    // Precondition: every part of `settings` is valid (config::GatewayConfig::validate()).
    Gateway(const GatewaySettings& settings, std::uint64_t now_ms);

    // Applies new settings without a restart: poll timing, bank staleness, control thresholds and CAN identity.
    // Pack data, charge phase and counters are kept.
    void apply(const GatewaySettings& settings);

    // --- RS485 -------------------------------------------------------------------------------------------------
    const topband::EncodedFrame* poll(std::uint64_t now_ms) { return scheduler_.poll(now_ms); }
    void on_serial_bytes(std::span<const std::uint8_t> bytes, std::uint64_t now_ms);
    // The serial device was lost or reopened: any reply in flight is void, presence is rediscovered.
    void on_serial_reset(std::uint64_t now_ms);

    // --- CAN ---------------------------------------------------------------------------------------------------
    // Deadline of the next frame set; nullopt until the first valid 0x42 reply arrived.
    std::optional<std::uint64_t> next_can_ms() const {
        return can_started_ ? std::optional(next_can_ms_) : std::nullopt;
    }
    // Encodes the frame set when due (now_ms >= next_can_ms()), else nullptr. nullptr also when the controller
    // says not to transmit (failsafe silence). The set stays valid until the next call.
    const can::FrameSet* can_tick(std::uint64_t now_ms);
    void on_can_frame(const can::CanFrame& frame, std::uint64_t now_ms);

    // Earliest time poll() or can_tick() has work.
    std::uint64_t next_wakeup_ms() const;

    // --- status --------------------------------------------------------------------------------------------------
    const PollScheduler& scheduler() const { return scheduler_; }
    PollScheduler& scheduler() { return scheduler_; }
    const bank::Bank& bank() const { return bank_; }
    bank::Bank& bank() { return bank_; }
    const bank::BankSnapshot& snapshot() const { return bank_.snapshot(); }
    const control::ControlOutput& output() const { return controller_.output(); }
    const can::FrameSet& last_frames() const { return frames_; }
    const CanCounters& can_counters() const { return can_counters_; }
    const GatewaySettings& settings() const { return settings_; }
    // Replies that passed the frame checks but not the INFO layout, per pack.
    std::uint32_t decode_errors(std::uint8_t adr) const { return decode_errors_[adr % kMaxPacks]; }
    // Poll, error and CAN counters back to zero (a user's "reset counters"); pack data, energy and the time the GX
    // was last heard are kept.
    void reset_counters();

private:
    void handle_reply(const Reply& reply, std::uint64_t now_ms);

    GatewaySettings settings_;
    PollScheduler scheduler_;
    bank::Bank bank_;
    control::ChargeController controller_;
    can::FrameSet frames_;
    CanCounters can_counters_;
    std::array<std::uint32_t, kMaxPacks> decode_errors_{};
    bool can_started_ = false;
    std::uint64_t next_can_ms_ = 0;
};

}  // namespace tbg::app
