// The most recent raw frames of both buses, for the diagnostics view (GET /api/frames).
//
// RS485: every request written and every frame received, as text ('~' … EOI); received bytes are split into records
// at '~' and at CR/LF, and bytes outside any frame (noise, echoes of other masters) become records of their own.
// A received record carries the address and command of the request written before it, so it can be decoded as the
// answer to that command. CAN: every frame sent or received.
//
// Fixed capacity, no allocation after construction: each ring keeps the newest kCapacity records, a record's text is
// cut at kMaxTextChars (flagged). Single-threaded (the platform's loop thread); copies may be handed to other threads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/can/can_frame.h"

namespace tbg::api {

enum class FrameDirection : std::uint8_t { kTx, kRx };
std::string_view to_string(FrameDirection direction);  // "tx", "rx"

inline constexpr std::size_t kFrameLogCapacity = 64;
inline constexpr std::size_t kMaxTextChars = 1024;

struct SerialRecord {
    std::uint64_t seq = 0;  // 1, 2, … over both directions; 0 = empty slot
    std::uint64_t t_ms = 0;
    FrameDirection direction = FrameDirection::kTx;
    bool has_context = false;  // adr/command known (tx: parsed from the request; rx: the request before it)
    std::uint8_t adr = 0;
    std::uint8_t command = 0;
    bool truncated = false;
    std::uint16_t size = 0;
    std::array<char, kMaxTextChars> text{};

    std::string_view view() const { return {text.data(), size}; }
};

struct CanRecord {
    std::uint64_t seq = 0;
    std::uint64_t t_ms = 0;
    FrameDirection direction = FrameDirection::kTx;
    can::CanFrame frame;
};

template <typename Record>
class RecordRing {
public:
    // Oldest first; i < size().
    const Record& at(std::size_t i) const {
        return records_[(next_ + kFrameLogCapacity - size_ + i) % kFrameLogCapacity];
    }
    std::size_t size() const { return size_; }
    Record& push() {
        Record& slot = records_[next_];
        next_ = (next_ + 1) % kFrameLogCapacity;
        size_ = size_ < kFrameLogCapacity ? size_ + 1 : size_;
        return slot;
    }

private:
    std::array<Record, kFrameLogCapacity> records_{};
    std::size_t next_ = 0;
    std::size_t size_ = 0;
};

class FrameLog {
public:
    // A request about to be written (its '~' … CR bytes).
    void on_serial_tx(std::span<const std::uint8_t> bytes, std::uint64_t now_ms);
    // Bytes read from the bus, in order.
    void on_serial_rx(std::span<const std::uint8_t> bytes, std::uint64_t now_ms);
    // The bus was reset (device lost or reopened): a frame in progress is recorded as it is.
    void flush_serial(std::uint64_t now_ms);
    void on_can(const can::CanFrame& frame, FrameDirection direction, std::uint64_t now_ms);

    const RecordRing<SerialRecord>& serial() const { return serial_; }
    const RecordRing<CanRecord>& can() const { return can_; }
    // Changes with every record (to copy the log only when it changed).
    std::uint64_t last_seq() const { return seq_; }

private:
    void finish_rx(std::uint64_t now_ms);

    RecordRing<SerialRecord> serial_;
    RecordRing<CanRecord> can_;
    std::uint64_t seq_ = 0;
    // The received record in progress.
    std::array<char, kMaxTextChars> pending_{};
    std::size_t pending_size_ = 0;
    bool pending_truncated_ = false;
    std::uint64_t pending_start_ms_ = 0;
    // Context of the last request written.
    bool context_ = false;
    std::uint8_t adr_ = 0;
    std::uint8_t command_ = 0;
};

}  // namespace tbg::api
