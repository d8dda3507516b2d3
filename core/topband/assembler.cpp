#include "core/topband/assembler.h"

#include <limits>
#include <string_view>

#include "core/topband/hex.h"

namespace tbg::topband {

namespace {

constexpr std::uint8_t kSoi = '~';
constexpr std::uint8_t kCr = '\r';
constexpr std::uint8_t kLf = '\n';
constexpr std::uint8_t kVendorStart = 0xEF;
constexpr std::uint8_t kVendorEnd = 0x16;
// Known vendor frames are 8 bytes (§8.9); anything much longer is noise, not a frame.
constexpr std::uint8_t kMaxVendorBytes = 64;

}  // namespace

AssemblerEvent FrameAssembler::push(std::uint8_t byte) {
    if (byte == kSoi) {
        // '~' always starts a frame: a frame in progress was cut short.
        AssemblerEvent event;
        if (state_ == State::kHeader || state_ == State::kBody) {
            event = finish(FrameStatus::kTruncated);
        } else if (state_ == State::kVendor) {
            discard(vendor_length_);
        }
        buffer_[0] = static_cast<char>(byte);
        size_ = 1;
        state_ = State::kHeader;
        return event;
    }

    switch (state_) {
        case State::kIdle:
            if (byte == kVendorStart) {
                state_ = State::kVendor;
                vendor_length_ = 1;
            } else {
                discard(1);
            }
            return {};

        case State::kVendor:
            ++vendor_length_;
            if (byte == kVendorEnd) {
                state_ = State::kIdle;
                discard(vendor_length_);
                return {AssemblerEvent::Kind::kVendorFrame, FrameStatus::kOk, {}};
            }
            if (vendor_length_ >= kMaxVendorBytes) {
                state_ = State::kIdle;
                discard(vendor_length_);
            }
            return {};

        case State::kHeader: {
            if (byte == kCr || byte == kLf) {
                return finish(FrameStatus::kTruncated);
            }
            if (hex::digit_value(static_cast<char>(byte)) < 0) {
                return finish(FrameStatus::kNonHex);
            }
            buffer_[size_++] = static_cast<char>(byte);
            if (size_ < kHeaderChars) {
                return {};
            }
            const auto length = hex::parse(std::string_view(&buffer_[9], 4));
            const auto lenid = static_cast<std::uint16_t>(*length & 0x0FFFU);
            if ((*length >> 12U) != lchksum(lenid)) {
                return finish(FrameStatus::kBadLchksum);
            }
            if (lenid > kMaxInfoChars) {
                return finish(FrameStatus::kOverlong);
            }
            expected_size_ = kFrameOverheadChars - 1 + lenid;
            state_ = State::kBody;
            return {};
        }

        case State::kBody:
            if (byte == kCr || byte == kLf) {
                return size_ == expected_size_ ? complete() : finish(FrameStatus::kTruncated);
            }
            if (size_ == expected_size_) {
                return finish(FrameStatus::kOverlong);
            }
            buffer_[size_++] = static_cast<char>(byte);
            return {};
    }
    return {};
}

AssemblerEvent FrameAssembler::flush() {
    if (state_ == State::kHeader || state_ == State::kBody) {
        return finish(FrameStatus::kTruncated);
    }
    if (state_ == State::kVendor) {
        discard(vendor_length_);
        state_ = State::kIdle;
    }
    return {};
}

void FrameAssembler::reset() {
    state_ = State::kIdle;
    size_ = 0;
    expected_size_ = 0;
    vendor_length_ = 0;
}

AssemblerEvent FrameAssembler::finish(FrameStatus status) {
    reset();
    return {AssemblerEvent::Kind::kFrame, status, {}};
}

AssemblerEvent FrameAssembler::complete() {
    AssemblerEvent event{AssemblerEvent::Kind::kFrame, FrameStatus::kOk, {}};
    event.status = parse_frame(std::string_view(buffer_.data(), size_), event.frame);
    state_ = State::kIdle;
    // buffer_ keeps the characters: event.frame.info points into it until the next push().
    size_ = 0;
    return event;
}

void FrameAssembler::discard(std::size_t count) {
    const std::uint32_t max = std::numeric_limits<std::uint32_t>::max();
    discarded_bytes_ = count >= max - discarded_bytes_ ? max : discarded_bytes_ + static_cast<std::uint32_t>(count);
}

}  // namespace tbg::topband
