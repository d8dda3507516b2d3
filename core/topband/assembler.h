// Byte-fed frame assembler for the Topband RS485 bus.
//
// Contract: feed every received byte in order; push() returns an event when a frame ends (valid or not) and
// kNone otherwise. The assembler resynchronises on '~', accepts CR or LF as EOI, bounds a frame to
// kMaxFrameChars, skips binary 0xEF…0x16 frames of the vendor protocol (§8.9) and counts bytes it had to discard.
// It never allocates. Not thread-safe; one instance per serial port.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/topband/frame.h"

namespace tbg::topband {

struct AssemblerEvent {
    enum class Kind : std::uint8_t {
        kNone,        // nothing finished with this byte
        kFrame,       // a frame ended; `status` says whether it is valid
        kVendorFrame  // a binary 0xEF…0x16 frame was skipped
    };
    Kind kind = Kind::kNone;
    FrameStatus status = FrameStatus::kOk;
    // Valid when kind == kFrame and status == kOk (checksums and length passed). Points into the assembler's buffer:
    // valid until the next push(), flush() or reset().
    Frame frame;
};

class FrameAssembler {
public:
    // Feeds one received byte.
    AssemblerEvent push(std::uint8_t byte);

    // Ends a frame in progress (e.g. on reply timeout): kFrame/kTruncated if one was started, kNone otherwise.
    AssemblerEvent flush();

    // Drops any partial frame without reporting it (e.g. before a new request).
    void reset();

    // Bytes seen outside any frame (line noise, echoes, vendor binary frames); saturates.
    std::uint32_t discarded_bytes() const { return discarded_bytes_; }
    bool in_frame() const { return state_ != State::kIdle; }

private:
    enum class State : std::uint8_t { kIdle, kHeader, kBody, kVendor };

    AssemblerEvent finish(FrameStatus status);
    AssemblerEvent complete();
    void discard(std::size_t count);

    std::array<char, kMaxFrameChars> buffer_{};
    std::size_t size_ = 0;           // characters in buffer_, '~' included
    std::size_t expected_size_ = 0;  // full frame length without EOI, known once LENGTH is in
    State state_ = State::kIdle;
    std::uint8_t vendor_length_ = 0;  // bytes of a skipped vendor frame so far (bounded)
    std::uint32_t discarded_bytes_ = 0;
};

}  // namespace tbg::topband
