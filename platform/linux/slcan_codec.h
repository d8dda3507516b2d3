// Lawicel / slcan ASCII protocol, as spoken by USB CAN adapters (CANable, USBtin, CANtact ...) and by python-can's
// `slcan` interface (shared/protocols/victron-can-bms.md §13): commands and frames are text lines ended by CR.
//
// Pure logic: no I/O, no allocation. Not thread-safe (SlcanLineParser holds a partial line).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/can/can_frame.h"

namespace tbg::platform {

// Sent on open: close the channel (it may still be open from an earlier run), 500 kbit/s (§1), open the channel.
inline constexpr std::string_view kSlcanSetup = "C\rS6\rO\r";
inline constexpr std::size_t kSlcanSetupCommands = 3;

// "t" + 3 id digits + DLC digit + 16 data digits + CR.
inline constexpr std::size_t kSlcanMaxFrameText = 22;

struct SlcanText {
    std::array<char, kSlcanMaxFrameText> chars{};
    std::size_t size = 0;
    std::string_view view() const { return {chars.data(), size}; }
};

// "tIIIL<data>\r" in upper-case hex, e.g. {0x35A, 8, AA AA AA 02 ...} -> "t35A8AAAAAA02AAAAAA02\r". Only the first
// `dlc` data bytes are written. nullopt when id > 0x7FF or dlc > 8.
std::optional<SlcanText> encode_slcan_frame(const can::CanFrame& frame);

enum class SlcanReplyKind : std::uint8_t {
    kFrame,         // "tIIIL<data>[TTTT]": an 11-bit data frame, in `frame` (an optional timestamp is ignored)
    kIgnoredFrame,  // "T…" (29-bit), "r…"/"R…" (remote): well-formed, never used by this protocol (§1)
    kOk,            // empty line: the adapter accepted a command
    kTransmitAck,   // "z" / "Z": the adapter queued a transmitted frame
    kStatus,        // "Fxx": the adapter's status flags, in `status_flags` (nonzero = a problem)
    kInfo,          // "V…", "v…", "N…": version and serial-number replies
    kError,         // BEL (0x07): the adapter refused a command
    kGarbage,       // anything else, including a line longer than SlcanLineParser::kMaxLine
};

struct SlcanReply {
    SlcanReplyKind kind = SlcanReplyKind::kOk;
    can::CanFrame frame{};  // kFrame only; bytes past dlc are zero
    std::uint8_t status_flags = 0;
};

// Classifies one line, given without its CR. Hex digits may be upper or lower case.
SlcanReply parse_slcan_line(std::string_view line);

// Splits the adapter's byte stream into replies. Lines end with CR; BEL is a reply of its own (a partial line
// before it is discarded); LF is ignored. A line longer than kMaxLine is discarded up to its CR and reported once
// as kGarbage, so the buffer stays bounded.
class SlcanLineParser {
public:
    static constexpr std::size_t kMaxLine = 32;  // longest valid line: "T" + 8 + 1 + 16 + 4 (timestamp) = 30

    // Consumes one byte; returns the reply it completes, if any.
    std::optional<SlcanReply> push(std::uint8_t byte);
    void reset();

private:
    std::array<char, kMaxLine> line_{};
    std::size_t size_ = 0;
    bool overflow_ = false;
};

}  // namespace tbg::platform
