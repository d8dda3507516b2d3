// libFuzzer target: the slcan adapter's receive side (platform/linux/slcan_codec.h), which reads whatever a USB CAN
// adapter (or something pretending to be one) writes. Checked on every input:
//  - parse_slcan_line on the whole input: the classification matches the line's first character and shape; a kFrame
//    has id ≤ 0x7FF, dlc ≤ 8, zero bytes past dlc, and encode_slcan_frame of it gives the line back (upper case, no
//    timestamp); a kStatus is "Fxx".
//  - SlcanLineParser fed the input byte by byte agrees with the contract in the header: one reply per CR (the line
//    parsed, or kGarbage when it was longer than kMaxLine), kError per BEL, LF ignored, nothing else.
//  - encode → parse round trip on a frame made of the first bytes: a frame with id ≤ 0x7FF and dlc ≤ 8 encodes to at
//    most kSlcanMaxFrameText characters that parse back (through the line splitter) to the same frame, in upper and
//    lower case; any other frame is refused.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz/fuzz_checks.h"
#include "platform/linux/slcan_codec.h"

namespace {

using tbg::fuzz::require;
using tbg::platform::SlcanLineParser;
using tbg::platform::SlcanReply;
using tbg::platform::SlcanReplyKind;

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

char upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

bool same_reply(const SlcanReply& a, const SlcanReply& b) {
    return a.kind == b.kind && a.frame == b.frame && a.status_flags == b.status_flags;
}

void check_line(std::string_view line) {
    const SlcanReply reply = tbg::platform::parse_slcan_line(line);
    require(reply.kind <= SlcanReplyKind::kGarbage, "slcan: reply kind out of range");
    require(reply.kind != SlcanReplyKind::kError, "slcan: a line (BEL is not one) parsed as kError");
    require((reply.kind == SlcanReplyKind::kOk) == line.empty(), "slcan: kOk for a non-empty line or vice versa");
    if (reply.kind != SlcanReplyKind::kFrame) {
        require(reply.frame == tbg::can::CanFrame{}, "slcan: frame filled for a reply that is not kFrame");
    }
    if (reply.kind != SlcanReplyKind::kStatus) {
        require(reply.status_flags == 0, "slcan: status flags for a reply that is not kStatus");
    }
    switch (reply.kind) {
        case SlcanReplyKind::kFrame: {
            require(line.front() == 't', "slcan: kFrame from a line not starting with t");
            const tbg::can::CanFrame& frame = reply.frame;
            require(frame.id <= tbg::can::kMaxStandardId && frame.dlc <= tbg::can::kMaxDlc, "slcan: id or dlc range");
            for (std::size_t i = frame.dlc; i < frame.data.size(); ++i) {
                require(frame.data[i] == 0, "slcan: a byte past dlc is not zero");
            }
            const std::size_t digits = 5 + std::size_t{frame.dlc} * 2;
            require(line.size() == digits || line.size() == digits + 4, "slcan: kFrame of the wrong length");
            require(std::all_of(line.begin() + 1, line.end(), is_hex), "slcan: kFrame with a non-hex digit");
            const std::optional<tbg::platform::SlcanText> text = tbg::platform::encode_slcan_frame(frame);
            require(text.has_value(), "slcan: a parsed frame does not encode");
            std::string expected(line.substr(0, digits));
            std::transform(expected.begin() + 1, expected.end(), expected.begin() + 1, upper);  // digits only
            expected += '\r';
            require(text->view() == expected, "slcan: encode(parse(line)) is not the line without its timestamp");
            break;
        }
        case SlcanReplyKind::kIgnoredFrame:
            require(line.front() == 'T' || line.front() == 'r' || line.front() == 'R', "slcan: kIgnoredFrame letter");
            require(std::all_of(line.begin() + 1, line.end(), is_hex), "slcan: kIgnoredFrame with a non-hex digit");
            break;
        case SlcanReplyKind::kTransmitAck:
            require(line == "z" || line == "Z", "slcan: kTransmitAck for another line");
            break;
        case SlcanReplyKind::kStatus:
            require(line.size() == 3 && line.front() == 'F' && is_hex(line[1]) && is_hex(line[2]),
                    "slcan: kStatus for a line other than Fxx");
            break;
        case SlcanReplyKind::kInfo:
            require(line.front() == 'V' || line.front() == 'v' || line.front() == 'N', "slcan: kInfo letter");
            break;
        default:
            break;
    }
}

// The splitter against its documented contract, with the line parser as the oracle for complete lines.
void check_stream(std::string_view bytes) {
    SlcanLineParser parser;
    std::string line;
    for (const char c : bytes) {
        const std::optional<SlcanReply> reply = parser.push(static_cast<std::uint8_t>(c));
        if (c == '\n') {
            require(!reply.has_value(), "slcan stream: a reply at LF");
        } else if (c == '\a') {
            require(reply.has_value() && reply->kind == SlcanReplyKind::kError, "slcan stream: BEL is not kError");
            line.clear();
        } else if (c == '\r') {
            require(reply.has_value(), "slcan stream: no reply at CR");
            const SlcanReply expected = line.size() > SlcanLineParser::kMaxLine
                                            ? SlcanReply{SlcanReplyKind::kGarbage, {}, 0}
                                            : tbg::platform::parse_slcan_line(line);
            require(same_reply(*reply, expected), "slcan stream: the reply differs from parsing the line alone");
            line.clear();
        } else {
            require(!reply.has_value(), "slcan stream: a reply before the end of a line");
            line += c;
        }
    }
}

// A frame from the first 11 bytes: id (little endian, 16 bits), dlc, 8 data bytes (missing bytes are zero).
void check_round_trip(std::string_view bytes) {
    auto byte = [&](std::size_t i) { return i < bytes.size() ? static_cast<std::uint8_t>(bytes[i]) : std::uint8_t{0}; };
    tbg::can::CanFrame frame;
    frame.id = static_cast<std::uint16_t>(byte(0) | byte(1) << 8);
    frame.dlc = byte(2);
    for (std::size_t i = 0; i < frame.data.size(); ++i) {
        frame.data[i] = byte(3 + i);
    }
    const std::optional<tbg::platform::SlcanText> text = tbg::platform::encode_slcan_frame(frame);
    if (frame.id > tbg::can::kMaxStandardId || frame.dlc > tbg::can::kMaxDlc) {
        require(!text.has_value(), "slcan: encoded a frame with id > 0x7FF or dlc > 8");
        return;
    }
    require(text.has_value(), "slcan: refused a valid frame");
    require(text->size <= tbg::platform::kSlcanMaxFrameText && text->size == 6 + std::size_t{frame.dlc} * 2,
            "slcan: encoded length");
    tbg::can::CanFrame expected = frame;
    std::fill(expected.data.begin() + frame.dlc, expected.data.end(), std::uint8_t{0});
    for (const bool lower_case : {false, true}) {
        std::string wire(text->view());
        if (lower_case) {
            std::transform(wire.begin() + 1, wire.end(), wire.begin() + 1,
                           [](char c) { return c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c; });
        }
        SlcanLineParser parser;
        std::optional<SlcanReply> reply;
        for (std::size_t i = 0; i < wire.size(); ++i) {
            reply = parser.push(static_cast<std::uint8_t>(wire[i]));
            require(reply.has_value() == (i + 1 == wire.size()), "slcan: round trip reply not exactly at the CR");
        }
        require(reply->kind == SlcanReplyKind::kFrame && reply->frame == expected,
                "slcan: parse(encode(frame)) is not the frame");
    }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    check_line(bytes);
    check_stream(bytes);
    check_round_trip(bytes);
    return 0;
}
