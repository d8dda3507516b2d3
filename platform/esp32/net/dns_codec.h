// The captive portal's DNS answers as a pure function: one query datagram in, one reply datagram (or nothing) out.
//
// Every A question (class IN or ANY) is answered with `address` (the setup access point's IPv4 address), with the
// authoritative bit set, so phones and laptops open the setup page; any other question type (AAAA, HTTPS, …) gets
// an empty NOERROR answer (the client falls back to A); other opcodes get NOTIMP; a query whose header is intact but
// whose questions are malformed or truncated gets FORMERR. Responses (QR set) and datagrams shorter than the 12-byte
// header get nothing, so two servers can never talk to each other in a loop, and no reply is ever longer than the
// query plus 16 bytes per A question.
//
// Strictly bounds-checked: names are walked label by label (at most 63 bytes each, 255 in total); compression
// pointers must point backwards into the message (which rules out loops) and are followed at most 16 times; the
// question section is copied verbatim, so pointers in it stay valid, and answers name their question by a pointer.
// EDNS and any other additional records of the query are not echoed. Pure, no allocation, thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace tbg::esp32 {

inline constexpr std::size_t kDnsHeaderBytes = 12;
inline constexpr std::size_t kDnsMaxUdpBytes = 512;  // classic DNS over UDP, without EDNS

struct DnsReplyConfig {
    std::array<std::uint8_t, 4> address{192, 168, 4, 1};  // in dotted order
    std::uint32_t ttl_s = 10;  // short, so a client that leaves the setup network forgets the answers soon
};

enum class DnsOutcome : std::uint8_t {
    kIgnored,    // nothing to send (too short, a response)
    kAnswered,   // NOERROR with one A record per A question (maybe zero)
    kNotImpl,    // NOTIMP: an opcode other than QUERY
    kFormatErr,  // FORMERR: malformed or truncated questions, or none
};

struct DnsReply {
    DnsOutcome outcome = DnsOutcome::kIgnored;
    std::size_t bytes = 0;    // written to the output buffer; 0 with kIgnored
    std::size_t answers = 0;  // A records in the reply
    bool truncated = false;   // TC set: the output buffer had no room for every answer
};

// Builds the reply to `query` into `out` (at least kDnsHeaderBytes). Answers that do not fit `out` are left out
// and TC is set (a 507-byte query with A questions does not leave room for all of them in 512 bytes).
DnsReply build_dns_reply(std::span<const std::uint8_t> query, const DnsReplyConfig& config,
                         std::span<std::uint8_t> out);

}  // namespace tbg::esp32
