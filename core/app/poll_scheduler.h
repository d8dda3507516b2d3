// RS485 poll scheduler: which request goes on the bus next, when a reply is overdue, and which packs are present.
//
// Sans-I/O state machine. The caller writes the bytes of each request it is handed, feeds every received byte, and
// calls poll() whenever now_ms reaches next_wakeup_ms() or a byte completed a transaction. One request is
// outstanding at a time (half-duplex bus). Time is monotonic milliseconds, injected; nothing here blocks or reads a
// clock. Not thread-safe: owned by the thread that owns the serial port.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/topband/assembler.h"
#include "core/topband/encoders.h"
#include "core/topband/frame.h"

namespace tbg::app {

inline constexpr std::size_t kMaxPacks = 16;  // DIP addresses 0…15

struct PollConfig {
    std::array<bool, kMaxPacks> addresses = all_addresses();  // addresses to discover and probe
    std::uint32_t baud = 9600;
    std::uint32_t turnaround_allowance_ms = 600;  // added to the wire time of the expected reply (peers: 600 ms)
    std::uint32_t min_timeout_ms = 100;
    std::uint32_t max_timeout_ms = 2000;
    std::uint32_t guard_ms = 10;                     // bus idle time after each transaction
    std::uint32_t alarm_interval_ms = 5000;          // 0x44 per pack at least this often
    std::uint32_t parameters_interval_ms = 600000;   // 0x47 at discovery and then this often
    std::uint32_t absent_probe_interval_ms = 30000;  // never-seen address: one probe per this interval
    std::uint32_t offline_probe_interval_ms = 5000;  // pack seen before and now offline
    std::uint8_t discovery_attempts = 2;             // probes per address at start (first frame may wake a pack)
    std::uint8_t offline_after_failures = 3;         // consecutive failures before a pack is offline

    static constexpr std::array<bool, kMaxPacks> all_addresses() {
        std::array<bool, kMaxPacks> all{};
        all.fill(true);
        return all;
    }
};

enum class Presence : std::uint8_t {
    kUnknown,  // not probed yet
    kAbsent,   // never answered
    kOnline,
    kOffline,  // answered before, then failed offline_after_failures times in a row
};

// Per-pack counters. Response times are measured from the end of the request's wire time to the reply's EOI.
struct PackCounters {
    std::uint32_t polls = 0;
    std::uint32_t replies = 0;  // valid replies (checksums, header, RTN 0 or a well-formed RTN error)
    std::uint32_t timeouts = 0;
    std::array<std::uint32_t, topband::kFrameStatusCount> errors{};  // by FrameStatus value (kOk unused)
    std::uint32_t consecutive_failures = 0;
    std::optional<std::uint64_t> last_seen_ms;
    std::uint64_t response_time_sum_ms = 0;
    std::uint32_t response_time_max_ms = 0;

    std::uint32_t errors_total() const;
    std::uint32_t response_time_mean_ms() const {
        return replies == 0 ? 0 : static_cast<std::uint32_t>(response_time_sum_ms / replies);
    }
};

// A valid reply to the outstanding request (checksums, VER, CID1 and ADR checked). `frame.info` points into the
// scheduler's assembler buffer: valid until the next on_byte() or poll().
struct Reply {
    std::uint8_t adr = 0;
    std::uint8_t command = 0;  // CID2 of the request this answers
    topband::Frame frame;      // frame.cid2 is the RTN (may be non-zero: the pack rejected the command)
    std::uint32_t response_ms = 0;
};

class PollScheduler {
public:
    explicit PollScheduler(const PollConfig& config);

    // Advances the schedule. Returns the request to transmit now (caller writes its bytes and should drop stale
    // input first), or nullptr. Also expires an overdue request (counted as a timeout).
    const topband::EncodedFrame* poll(std::uint64_t now_ms);

    // Feeds one received byte. Returns a reply when the byte completed a valid frame for the outstanding request.
    std::optional<Reply> on_byte(std::uint8_t byte, std::uint64_t now_ms);

    // Earliest time poll() has work to do.
    std::uint64_t next_wakeup_ms() const { return next_wakeup_ms_; }

    // New timing; presence and counters are kept (addresses take effect at the next rescan()).
    void set_config(const PollConfig& config) { config_ = config; }
    const PollConfig& config() const { return config_; }

    // Forgets presence and restarts discovery (e.g. after the serial device came back or on user request).
    void rescan(std::uint64_t now_ms);
    void reset_counters();

    Presence presence(std::uint8_t adr) const { return packs_[adr].presence; }
    const PackCounters& counters(std::uint8_t adr) const { return packs_[adr].counters; }
    std::size_t online_count() const;
    bool discovering() const { return discovery_pending_ > 0; }
    bool busy() const { return outstanding_.has_value(); }
    // Frames and bytes that arrived while no request was outstanding (echoes, other masters, late replies).
    std::uint32_t unsolicited_frames() const { return unsolicited_frames_; }
    // Copies of our own request received while waiting (RS485 adapters that echo what they send); ignored.
    std::uint32_t echoes() const { return echoes_; }
    std::uint32_t discarded_bytes() const { return assembler_.discarded_bytes(); }
    // The previous complete cycle (every online pack's transactions plus one probe): its duration, the wire time of
    // its answered transactions (request + reply characters) and their number. For benchmarks and status.
    std::uint32_t last_sweep_ms() const { return last_sweep_ms_; }
    std::uint32_t last_sweep_wire_ms() const { return last_sweep_wire_ms_; }
    std::uint32_t last_sweep_replies() const { return last_sweep_replies_; }

    // Timeout for a request of `command` to `adr`: wire time of request and expected reply plus the allowance.
    std::uint32_t timeout_ms(std::uint8_t adr, std::uint8_t command) const;

private:
    struct PackSlot {
        Presence presence = Presence::kUnknown;
        PackCounters counters;
        std::uint8_t discovery_attempts_left = 0;
        std::uint64_t next_probe_ms = 0;
        std::optional<std::uint64_t> last_alarm_ms;
        std::optional<std::uint64_t> last_parameters_ms;
        bool info_done = false;
        std::uint16_t last_analog_chars = 0;  // size of the last 0x42 reply on the wire, 0 = unknown
    };

    struct Outstanding {
        std::uint8_t adr;
        std::uint8_t command;
        std::uint64_t sent_ms;       // when poll() handed out the request
        std::uint64_t wire_done_ms;  // when its last byte is on the wire
        std::uint64_t deadline_ms;
        std::uint16_t request_chars;
        bool extended;  // the deadline was extended once for a reply in progress
    };

    std::optional<std::pair<std::uint8_t, std::uint8_t>> next_transaction(std::uint64_t now_ms);
    void build_cycle(std::uint64_t now_ms);
    void finish(bool success, std::uint64_t now_ms);
    void mark_failure(PackSlot& slot);
    std::uint32_t wire_ms(std::size_t chars) const;
    void update_wakeup(std::uint64_t now_ms);

    PollConfig config_;
    std::array<PackSlot, kMaxPacks> packs_{};
    topband::FrameAssembler assembler_;
    topband::EncodedFrame request_;
    std::optional<Outstanding> outstanding_;
    std::uint64_t idle_from_ms_ = 0;  // bus free (guard gap elapsed) from this time
    std::uint64_t next_wakeup_ms_ = 0;
    std::size_t discovery_pending_ = 0;

    // The current cycle: (adr, command) transactions in order; rebuilt when exhausted.
    std::array<std::pair<std::uint8_t, std::uint8_t>, kMaxPacks * 4 + 4> cycle_{};
    std::size_t cycle_size_ = 0;
    std::size_t cycle_pos_ = 0;

    std::uint64_t sweep_start_ms_ = 0;
    std::uint64_t sweep_wire_accum_ms_ = 0;
    std::uint32_t last_sweep_ms_ = 0;
    std::uint32_t last_sweep_wire_ms_ = 0;
    std::uint32_t sweep_replies_ = 0;
    std::uint32_t last_sweep_replies_ = 0;
    std::uint32_t unsolicited_frames_ = 0;
    std::uint32_t echoes_ = 0;
    std::uint8_t alarms_since_analog_ = 0;
};

}  // namespace tbg::app
