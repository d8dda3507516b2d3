#include "platform/linux/slcan_backend.h"

#include <array>
#include <cstdio>
#include <span>
#include <utility>

namespace tbg::platform {

namespace {

// Reads per on_readable() call; the rest waits for the next wake-up (level-triggered) so timers are not held up.
constexpr int kMaxReadsPerWakeup = 16;

std::span<const std::uint8_t> as_bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

SlcanBackend::SlcanBackend(std::string path) : path_(std::move(path)), name_("slcan:" + path_) {}

bool SlcanBackend::open(std::string& error) {
    close();
    SerialOptions options;
    options.baud = kBaud;
    options.rs485 = false;
    if (!port_.open(path_, options, error)) {
        note_error(error);
        return false;
    }
    const std::uint64_t errors_before = stats_.errors;
    if (!write_line(kSlcanSetup)) {
        if (stats_.errors == errors_before) {  // would block; an I/O failure is counted already
            note_error(path_ + ": no room to write the slcan setup commands");
        }
        error = stats_.last_error;
        close();
        return false;
    }
    setup_replies_due_ = kSlcanSetupCommands;
    if (opened_before_) {
        ++stats_.reopens;
    }
    opened_before_ = true;
    return true;
}

void SlcanBackend::close() {
    port_.close();
    parser_.reset();
    pending_.clear();
    setup_replies_due_ = 0;
}

bool SlcanBackend::send(const can::CanFrame& frame) {
    const std::optional<SlcanText> text = encode_slcan_frame(frame);
    if (!text) {
        ++stats_.send_drops;
        note_error("frame not sendable: id above 0x7FF or DLC above 8");
        return false;
    }
    if (!write_line(text->view())) {
        ++stats_.send_drops;
        return false;
    }
    ++stats_.frames_sent;
    return true;
}

void SlcanBackend::on_readable(std::vector<can::CanFrame>& received) {
    flush_pending();
    std::array<std::uint8_t, 256> buffer{};
    for (int reads = 0; reads < kMaxReadsPerWakeup && port_.is_open(); ++reads) {
        const IoResult result = port_.read(buffer);
        if (result.status != IoStatus::kOk) {
            if (result.status != IoStatus::kWouldBlock) {
                note_io_failure(result);
            }
            return;
        }
        for (const std::uint8_t byte : std::span(buffer).first(result.bytes)) {
            if (const std::optional<SlcanReply> reply = parser_.push(byte)) {
                handle(*reply, received);
            }
        }
    }
}

// All or nothing for a new line; a partially written line keeps its tail in pending_.
bool SlcanBackend::write_line(std::string_view text) {
    if (!port_.is_open() || !flush_pending()) {
        return false;
    }
    const IoResult result = port_.write(as_bytes(text));
    if (result.status != IoStatus::kOk) {
        if (result.status != IoStatus::kWouldBlock) {
            note_io_failure(result);
        }
        return false;
    }
    pending_.assign(text.substr(result.bytes));
    return true;
}

bool SlcanBackend::flush_pending() {
    if (pending_.empty()) {
        return true;
    }
    const IoResult result = port_.write(as_bytes(pending_));
    if (result.status == IoStatus::kOk) {
        pending_.erase(0, result.bytes);
    } else if (result.status != IoStatus::kWouldBlock) {
        note_io_failure(result);
    }
    return pending_.empty();
}

void SlcanBackend::handle(const SlcanReply& reply, std::vector<can::CanFrame>& received) {
    const bool setup_reply =
        setup_replies_due_ > 0 && (reply.kind == SlcanReplyKind::kOk || reply.kind == SlcanReplyKind::kError);
    const std::size_t setup_index = kSlcanSetupCommands - setup_replies_due_;
    if (setup_reply) {
        --setup_replies_due_;
    }
    switch (reply.kind) {
        case SlcanReplyKind::kFrame:
            ++stats_.frames_received;
            received.push_back(reply.frame);
            break;
        case SlcanReplyKind::kIgnoredFrame:
            ++stats_.frames_ignored;
            break;
        case SlcanReplyKind::kOk:
        case SlcanReplyKind::kTransmitAck:
        case SlcanReplyKind::kInfo:
            break;
        case SlcanReplyKind::kStatus:
            if (reply.status_flags != 0) {
                std::array<char, 48> text{};
                std::snprintf(text.data(), text.size(), "adapter status flags 0x%02X", reply.status_flags);
                note_error(text.data());
            }
            break;
        case SlcanReplyKind::kError:
            if (!setup_reply) {
                note_error("adapter refused a command (BEL)");
            } else if (setup_index == 1) {
                note_error("adapter refused the bit rate command S6 (BEL)");
            } else if (setup_index == 2) {
                note_error("adapter refused to open the channel (BEL)");
            }  // index 0: "C" on a channel that was not open; expected
            break;
        case SlcanReplyKind::kGarbage:
            note_error("unparseable line from the adapter");
            break;
    }
}

void SlcanBackend::note_io_failure(const IoResult& result) {
    note_error(port_.stats().last_error);
    if (result.status == IoStatus::kClosed) {
        close();  // the port closed itself; drop the parser's and the writer's state with it
    }
}

void SlcanBackend::note_error(std::string text) {
    ++stats_.errors;
    stats_.last_error = std::move(text);
}

}  // namespace tbg::platform
