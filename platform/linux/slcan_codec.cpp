#include "platform/linux/slcan_codec.h"

namespace tbg::platform {

namespace {

constexpr char kCr = '\r';
constexpr char kBel = '\a';
constexpr char kLf = '\n';
constexpr std::string_view kHexDigits = "0123456789ABCDEF";
constexpr std::size_t kTimestampDigits = 4;

std::optional<std::uint32_t> parse_hex(std::string_view digits) {
    std::uint32_t value = 0;
    for (const char digit : digits) {
        std::uint32_t nibble = 0;
        if (digit >= '0' && digit <= '9') {
            nibble = static_cast<std::uint32_t>(digit - '0');
        } else if (digit >= 'A' && digit <= 'F') {
            nibble = static_cast<std::uint32_t>(digit - 'A' + 10);
        } else if (digit >= 'a' && digit <= 'f') {
            nibble = static_cast<std::uint32_t>(digit - 'a' + 10);
        } else {
            return std::nullopt;
        }
        value = value << 4 | nibble;
    }
    return value;
}

// "<id><dlc>[data][timestamp]" after the command letter. Remote frames carry no data digits.
struct FrameFields {
    std::uint32_t id = 0;
    std::uint8_t dlc = 0;
    std::string_view data;
};

std::optional<FrameFields> parse_frame_fields(std::string_view body, std::size_t id_digits, std::uint32_t max_id,
                                              bool has_data) {
    if (body.size() < id_digits + 1) {
        return std::nullopt;
    }
    const std::optional<std::uint32_t> id = parse_hex(body.substr(0, id_digits));
    const char dlc_digit = body[id_digits];
    if (!id || *id > max_id || dlc_digit < '0' || dlc_digit > '8') {
        return std::nullopt;
    }
    const auto dlc = static_cast<std::uint8_t>(dlc_digit - '0');
    const std::size_t data_digits = has_data ? std::size_t{dlc} * 2 : 0;
    const std::string_view rest = body.substr(id_digits + 1);
    if (rest.size() != data_digits && rest.size() != data_digits + kTimestampDigits) {
        return std::nullopt;
    }
    if (!parse_hex(rest)) {  // data and timestamp must both be hex
        return std::nullopt;
    }
    return FrameFields{*id, dlc, rest.substr(0, data_digits)};
}

SlcanReply reply_of(SlcanReplyKind kind) {
    SlcanReply reply;
    reply.kind = kind;
    return reply;
}

SlcanReply ignored_frame_if(bool well_formed) {
    return reply_of(well_formed ? SlcanReplyKind::kIgnoredFrame : SlcanReplyKind::kGarbage);
}

}  // namespace

std::optional<SlcanText> encode_slcan_frame(const can::CanFrame& frame) {
    if (frame.id > can::kMaxStandardId || frame.dlc > can::kMaxDlc) {
        return std::nullopt;
    }
    SlcanText text;
    auto put = [&text](char c) { text.chars[text.size++] = c; };
    put('t');
    put(kHexDigits[(frame.id >> 8) & 0xF]);
    put(kHexDigits[(frame.id >> 4) & 0xF]);
    put(kHexDigits[frame.id & 0xF]);
    put(static_cast<char>('0' + frame.dlc));
    for (std::size_t i = 0; i < frame.dlc; ++i) {
        put(kHexDigits[frame.data[i] >> 4]);
        put(kHexDigits[frame.data[i] & 0xF]);
    }
    put(kCr);
    return text;
}

SlcanReply parse_slcan_line(std::string_view line) {
    if (line.empty()) {
        return reply_of(SlcanReplyKind::kOk);
    }
    const std::string_view body = line.substr(1);
    switch (line.front()) {
        case 't': {
            const std::optional<FrameFields> fields = parse_frame_fields(body, 3, can::kMaxStandardId, true);
            if (!fields) {
                return reply_of(SlcanReplyKind::kGarbage);
            }
            SlcanReply reply = reply_of(SlcanReplyKind::kFrame);
            reply.frame.id = static_cast<std::uint16_t>(fields->id);
            reply.frame.dlc = fields->dlc;
            for (std::size_t i = 0; i < fields->dlc; ++i) {
                reply.frame.data[i] = static_cast<std::uint8_t>(*parse_hex(fields->data.substr(i * 2, 2)));
            }
            return reply;
        }
        case 'T':
            return ignored_frame_if(parse_frame_fields(body, 8, 0x1FFF'FFFF, true).has_value());
        case 'r':
            return ignored_frame_if(parse_frame_fields(body, 3, can::kMaxStandardId, false).has_value());
        case 'R':
            return ignored_frame_if(parse_frame_fields(body, 8, 0x1FFF'FFFF, false).has_value());
        case 'z':
        case 'Z':
            return reply_of(body.empty() ? SlcanReplyKind::kTransmitAck : SlcanReplyKind::kGarbage);
        case 'F': {
            const std::optional<std::uint32_t> flags = body.size() == 2 ? parse_hex(body) : std::nullopt;
            if (!flags) {
                return reply_of(SlcanReplyKind::kGarbage);
            }
            SlcanReply reply = reply_of(SlcanReplyKind::kStatus);
            reply.status_flags = static_cast<std::uint8_t>(*flags);
            return reply;
        }
        case 'V':
        case 'v':
        case 'N':
            return reply_of(SlcanReplyKind::kInfo);
        default:
            return reply_of(SlcanReplyKind::kGarbage);
    }
}

std::optional<SlcanReply> SlcanLineParser::push(std::uint8_t byte) {
    const auto c = static_cast<char>(byte);
    if (c == kLf) {
        return std::nullopt;
    }
    if (c == kBel) {
        reset();
        return reply_of(SlcanReplyKind::kError);
    }
    if (c == kCr) {
        const SlcanReply reply =
            overflow_ ? reply_of(SlcanReplyKind::kGarbage) : parse_slcan_line(std::string_view(line_.data(), size_));
        reset();
        return reply;
    }
    if (size_ == line_.size()) {
        overflow_ = true;
    } else if (!overflow_) {
        line_[size_++] = c;
    }
    return std::nullopt;
}

void SlcanLineParser::reset() {
    size_ = 0;
    overflow_ = false;
}

}  // namespace tbg::platform
