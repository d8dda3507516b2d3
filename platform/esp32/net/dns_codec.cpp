#include "platform/esp32/net/dns_codec.h"

#include <algorithm>
#include <optional>

namespace tbg::esp32 {

namespace {

constexpr std::uint16_t kTypeA = 1;
constexpr std::uint16_t kClassIn = 1;
constexpr std::uint16_t kClassAny = 255;
constexpr std::uint8_t kRcodeFormErr = 1;
constexpr std::uint8_t kRcodeNotImpl = 4;
constexpr std::size_t kMaxNameBytes = 255;
constexpr std::size_t kMaxPointerJumps = 16;
constexpr std::size_t kAnswerBytes = 16;  // pointer 2 + type 2 + class 2 + ttl 4 + rdlength 2 + address 4

std::uint16_t read16(std::span<const std::uint8_t> data, std::size_t at) {
    return static_cast<std::uint16_t>((data[at] << 8) | data[at + 1]);
}

void write16(std::span<std::uint8_t> data, std::size_t at, std::uint16_t value) {
    data[at] = static_cast<std::uint8_t>(value >> 8);
    data[at + 1] = static_cast<std::uint8_t>(value & 0xFF);
}

// Walks the name starting at `at`; returns the offset just past it in place (after the terminating zero or the first
// pointer), or nullopt when it is malformed or runs past the end.
std::optional<std::size_t> skip_name(std::span<const std::uint8_t> message, std::size_t at) {
    std::size_t pos = at;
    std::optional<std::size_t> end;  // set at the first pointer
    std::size_t name_bytes = 1;      // the root label
    std::size_t jumps = 0;
    while (true) {
        if (pos >= message.size()) {
            return std::nullopt;
        }
        const std::uint8_t length = message[pos];
        if ((length & 0xC0) == 0xC0) {
            if (pos + 1 >= message.size() || ++jumps > kMaxPointerJumps) {
                return std::nullopt;
            }
            const std::size_t target = static_cast<std::size_t>(((length & 0x3F) << 8) | message[pos + 1]);
            if (target >= pos || target < kDnsHeaderBytes) {
                return std::nullopt;  // forward, self or into the header: never a valid earlier name
            }
            if (!end) {
                end = pos + 2;
            }
            pos = target;
            continue;
        }
        if ((length & 0xC0) != 0) {
            return std::nullopt;  // 0x40 and 0x80 label types are not defined for queries
        }
        if (length == 0) {
            return end ? *end : pos + 1;
        }
        name_bytes += std::size_t{length} + 1;
        if (name_bytes > kMaxNameBytes) {
            return std::nullopt;
        }
        pos += std::size_t{length} + 1;
    }
}

DnsReply header_only(std::span<const std::uint8_t> query, std::span<std::uint8_t> out, std::uint8_t rcode,
                     DnsOutcome outcome) {
    std::fill(out.begin(), out.begin() + kDnsHeaderBytes, std::uint8_t{0});
    out[0] = query[0];
    out[1] = query[1];
    // QR, the query's opcode and RD; RA; the rcode. Counts stay zero.
    out[2] = static_cast<std::uint8_t>(0x80 | (query[2] & 0x79));
    out[3] = static_cast<std::uint8_t>(0x80 | rcode);
    DnsReply reply;
    reply.outcome = outcome;
    reply.bytes = kDnsHeaderBytes;
    return reply;
}

}  // namespace

DnsReply build_dns_reply(std::span<const std::uint8_t> query, const DnsReplyConfig& config,
                         std::span<std::uint8_t> out) {
    if (query.size() < kDnsHeaderBytes || out.size() < kDnsHeaderBytes || (query[2] & 0x80) != 0) {
        return DnsReply{};
    }
    const auto opcode = static_cast<std::uint8_t>((query[2] >> 3) & 0x0F);
    if (opcode != 0) {
        return header_only(query, out, kRcodeNotImpl, DnsOutcome::kNotImpl);
    }
    const std::uint16_t questions = read16(query, 4);
    if (questions == 0) {
        return header_only(query, out, kRcodeFormErr, DnsOutcome::kFormatErr);
    }

    // Walk the questions; remember where each A question's name starts.
    std::array<std::uint16_t, kDnsMaxUdpBytes / 5> a_names{};  // a question takes at least 5 bytes
    std::size_t a_count = 0;
    std::size_t pos = kDnsHeaderBytes;
    for (std::uint16_t i = 0; i < questions; ++i) {
        const std::optional<std::size_t> name_end = skip_name(query, pos);
        if (!name_end || *name_end + 4 > query.size()) {
            return header_only(query, out, kRcodeFormErr, DnsOutcome::kFormatErr);
        }
        const std::uint16_t type = read16(query, *name_end);
        const std::uint16_t klass = read16(query, *name_end + 2);
        if (type == kTypeA && (klass == kClassIn || klass == kClassAny) && a_count < a_names.size() && pos <= 0x3FFF) {
            a_names[a_count++] = static_cast<std::uint16_t>(pos);
        }
        pos = *name_end + 4;
    }
    const std::size_t question_end = pos;
    if (question_end > out.size()) {
        return header_only(query, out, kRcodeFormErr, DnsOutcome::kFormatErr);  // only with a tiny out buffer
    }

    std::copy(query.begin(), query.begin() + static_cast<std::ptrdiff_t>(question_end), out.begin());
    const std::size_t room = (out.size() - question_end) / kAnswerBytes;
    const std::size_t answers = std::min(a_count, room);
    std::size_t at = question_end;
    for (std::size_t i = 0; i < answers; ++i) {
        write16(out, at, static_cast<std::uint16_t>(0xC000 | a_names[i]));
        write16(out, at + 2, kTypeA);
        write16(out, at + 4, kClassIn);
        write16(out, at + 6, static_cast<std::uint16_t>(config.ttl_s >> 16));
        write16(out, at + 8, static_cast<std::uint16_t>(config.ttl_s & 0xFFFF));
        write16(out, at + 10, 4);
        std::copy(config.address.begin(), config.address.end(), out.begin() + static_cast<std::ptrdiff_t>(at + 12));
        at += kAnswerBytes;
    }
    const bool truncated = answers < a_count;
    // QR, opcode QUERY, AA, TC when answers were left out, the query's RD; RA; NOERROR.
    out[2] = static_cast<std::uint8_t>(0x84 | (truncated ? 0x02 : 0x00) | (query[2] & 0x01));
    out[3] = 0x80;
    write16(out, 6, static_cast<std::uint16_t>(answers));
    write16(out, 8, 0);
    write16(out, 10, 0);

    DnsReply reply;
    reply.outcome = DnsOutcome::kAnswered;
    reply.bytes = at;
    reply.answers = answers;
    reply.truncated = truncated;
    return reply;
}

}  // namespace tbg::esp32
