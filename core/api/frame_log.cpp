#include "core/api/frame_log.h"

#include <algorithm>
#include <string_view>

#include "core/topband/frame.h"

namespace tbg::api {

std::string_view to_string(FrameDirection direction) {
    return direction == FrameDirection::kTx ? "tx" : "rx";
}

void FrameLog::on_serial_tx(std::span<const std::uint8_t> bytes, std::uint64_t now_ms) {
    finish_rx(now_ms);  // whatever arrived before belongs to the previous request
    SerialRecord& record = serial_.push();
    record.seq = ++seq_;
    record.t_ms = now_ms;
    record.direction = FrameDirection::kTx;
    const std::size_t size = std::min(bytes.size(), kMaxTextChars);
    std::copy_n(bytes.begin(), size, record.text.begin());
    record.size = static_cast<std::uint16_t>(size);
    record.truncated = size < bytes.size();
    topband::Frame frame;
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    record.has_context = topband::parse_frame(text, frame) == topband::FrameStatus::kOk;
    record.adr = record.has_context ? frame.adr : 0;
    record.command = record.has_context ? frame.cid2 : 0;
    context_ = record.has_context;
    adr_ = record.adr;
    command_ = record.command;
}

void FrameLog::on_serial_rx(std::span<const std::uint8_t> bytes, std::uint64_t now_ms) {
    for (const std::uint8_t byte : bytes) {
        if (byte == '~' && pending_size_ > 0) {
            finish_rx(now_ms);
        }
        if (pending_size_ == 0 && !pending_truncated_) {
            pending_start_ms_ = now_ms;
        }
        if (pending_size_ < kMaxTextChars) {
            pending_[pending_size_++] = static_cast<char>(byte);
        } else {
            pending_truncated_ = true;
        }
        if (byte == '\r' || byte == '\n') {
            finish_rx(now_ms);
        }
    }
}

void FrameLog::flush_serial(std::uint64_t now_ms) {
    finish_rx(now_ms);
}

void FrameLog::finish_rx(std::uint64_t now_ms) {
    if (pending_size_ == 0 && !pending_truncated_) {
        return;
    }
    SerialRecord& record = serial_.push();
    record.seq = ++seq_;
    record.t_ms = pending_size_ > 0 ? pending_start_ms_ : now_ms;
    record.direction = FrameDirection::kRx;
    std::copy_n(pending_.begin(), pending_size_, record.text.begin());
    record.size = static_cast<std::uint16_t>(pending_size_);
    record.truncated = pending_truncated_;
    record.has_context = context_;
    record.adr = adr_;
    record.command = command_;
    pending_size_ = 0;
    pending_truncated_ = false;
}

void FrameLog::on_can(const can::CanFrame& frame, FrameDirection direction, std::uint64_t now_ms) {
    CanRecord& record = can_.push();
    record.seq = ++seq_;
    record.t_ms = now_ms;
    record.direction = direction;
    record.frame = frame;
}

}  // namespace tbg::api
