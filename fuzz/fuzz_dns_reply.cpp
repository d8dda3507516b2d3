// libFuzzer target: the captive portal's DNS codec (platform/esp32/net/dns_codec.h), which answers any datagram a
// client on the ESP32's setup access point sends. Invariants checked on every input, with three buffer sizes: the
// reply fits the buffer, is empty exactly when ignored, carries the query's ID with the QR bit set, and counts no
// more answers than its bytes can hold (answers that do not fit are left out with TC set).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz/fuzz_checks.h"
#include "platform/esp32/net/dns_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tbg::esp32;
    const std::span<const std::uint8_t> query(data, size);
    for (const std::size_t room : {kDnsMaxUdpBytes, std::size_t{64}, kDnsHeaderBytes}) {
        std::array<std::uint8_t, kDnsMaxUdpBytes> out{};
        const DnsReply reply = build_dns_reply(query, DnsReplyConfig{}, std::span<std::uint8_t>(out.data(), room));
        tbg::fuzz::require(reply.bytes <= room, "reply larger than the buffer");
        tbg::fuzz::require((reply.outcome == DnsOutcome::kIgnored) == (reply.bytes == 0),
                           "an ignored query has no reply and every other outcome has one");
        if (reply.bytes > 0) {
            tbg::fuzz::require(reply.bytes >= kDnsHeaderBytes, "reply shorter than a header");
            tbg::fuzz::require(size >= 2 && out[0] == data[0] && out[1] == data[1], "reply with another ID");
            tbg::fuzz::require((out[2] & 0x80) != 0, "reply without the QR bit");
            tbg::fuzz::require(reply.answers * 16 <= reply.bytes, "more answers than bytes");
        }
        tbg::fuzz::keep(reply.bytes + reply.answers);
    }
    return 0;
}
