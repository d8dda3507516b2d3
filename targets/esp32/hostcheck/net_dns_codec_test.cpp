// The captive portal's DNS codec (platform/esp32/net/dns_codec.h): answers, refusals, and strict bounds on
// malformed, truncated and hostile packets.
#include "platform/esp32/net/dns_codec.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace tbg::esp32 {
namespace {

using Bytes = std::vector<std::uint8_t>;

void put16(Bytes& out, std::uint16_t value) {
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value & 0xFF));
}

std::uint16_t get16(const Bytes& in, std::size_t at) {
    return static_cast<std::uint16_t>((in[at] << 8) | in[at + 1]);
}

void put_name(Bytes& out, const std::string& name) {
    std::size_t start = 0;
    while (start < name.size()) {
        const std::size_t dot = std::min(name.find('.', start), name.size());
        out.push_back(static_cast<std::uint8_t>(dot - start));
        out.insert(out.end(), name.begin() + static_cast<std::ptrdiff_t>(start),
                   name.begin() + static_cast<std::ptrdiff_t>(dot));
        start = dot + 1;
    }
    out.push_back(0);
}

Bytes header(std::uint16_t id, std::uint16_t flags, std::uint16_t questions, std::uint16_t additional = 0) {
    Bytes out;
    put16(out, id);
    put16(out, flags);
    put16(out, questions);
    put16(out, 0);
    put16(out, 0);
    put16(out, additional);
    return out;
}

Bytes query(const std::string& name, std::uint16_t type = 1, std::uint16_t klass = 1, std::uint16_t id = 0x1234) {
    Bytes out = header(id, 0x0100, 1);  // RD
    put_name(out, name);
    put16(out, type);
    put16(out, klass);
    return out;
}

struct Result {
    DnsReply reply;
    Bytes bytes;
};

Result answer(const Bytes& q, std::size_t out_size = kDnsMaxUdpBytes) {
    Bytes out(out_size, 0xEE);
    const DnsReply reply = build_dns_reply(q, DnsReplyConfig{{192, 168, 4, 1}, 10}, out);
    out.resize(reply.bytes);
    return {reply, out};
}

TEST(DnsCodec, AnswersAnAQueryWithTheAccessPointAddress) {
    const Bytes q = query("connectivitycheck.gstatic.com");
    const Result r = answer(q);
    ASSERT_EQ(r.reply.outcome, DnsOutcome::kAnswered);
    ASSERT_EQ(r.reply.answers, 1U);
    ASSERT_EQ(r.bytes.size(), q.size() + 16);
    EXPECT_EQ(get16(r.bytes, 0), 0x1234);
    EXPECT_EQ(r.bytes[2], 0x85);  // QR, AA, RD copied
    EXPECT_EQ(r.bytes[3], 0x80);  // RA, NOERROR
    EXPECT_EQ(get16(r.bytes, 4), 1);
    EXPECT_EQ(get16(r.bytes, 6), 1);
    EXPECT_EQ(get16(r.bytes, 8), 0);
    EXPECT_EQ(get16(r.bytes, 10), 0);
    EXPECT_TRUE(std::equal(q.begin() + 12, q.end(), r.bytes.begin() + 12));  // the question, verbatim
    const std::size_t a = q.size();
    EXPECT_EQ(get16(r.bytes, a), 0xC00C);  // the name: a pointer to the question
    EXPECT_EQ(get16(r.bytes, a + 2), 1);   // A
    EXPECT_EQ(get16(r.bytes, a + 4), 1);   // IN
    EXPECT_EQ(get16(r.bytes, a + 6), 0);
    EXPECT_EQ(get16(r.bytes, a + 8), 10);  // TTL
    EXPECT_EQ(get16(r.bytes, a + 10), 4);
    EXPECT_EQ(Bytes(r.bytes.begin() + static_cast<std::ptrdiff_t>(a + 12), r.bytes.end()), (Bytes{192, 168, 4, 1}));
}

TEST(DnsCodec, ClassAnyIsAnsweredOtherClassesAndTypesGetAnEmptyAnswer) {
    EXPECT_EQ(answer(query("a.example", 1, 255)).reply.answers, 1U);
    for (const auto& [type, klass] : std::vector<std::pair<int, int>>{{28, 1}, {65, 1}, {16, 1}, {1, 3}}) {
        const Bytes q = query("a.example", static_cast<std::uint16_t>(type), static_cast<std::uint16_t>(klass));
        const Result r = answer(q);
        EXPECT_EQ(r.reply.outcome, DnsOutcome::kAnswered) << type;
        EXPECT_EQ(r.reply.answers, 0U) << type;
        EXPECT_EQ(r.bytes.size(), q.size());
        EXPECT_EQ(r.bytes[3] & 0x0F, 0);  // NOERROR: the client falls back to A
        EXPECT_EQ(get16(r.bytes, 6), 0);
    }
}

TEST(DnsCodec, OtherOpcodesGetNotImp) {
    Bytes q = query("a.example");
    q[2] = static_cast<std::uint8_t>(5 << 3);  // UPDATE
    const Result r = answer(q);
    EXPECT_EQ(r.reply.outcome, DnsOutcome::kNotImpl);
    ASSERT_EQ(r.bytes.size(), kDnsHeaderBytes);
    EXPECT_EQ(r.bytes[2], 0x80 | (5 << 3));
    EXPECT_EQ(r.bytes[3] & 0x0F, 4);
    EXPECT_EQ(get16(r.bytes, 4), 0);
}

TEST(DnsCodec, ResponsesAndRuntsGetNothing) {
    Bytes response = query("a.example");
    response[2] |= 0x80;
    EXPECT_EQ(answer(response).reply.outcome, DnsOutcome::kIgnored);
    EXPECT_EQ(answer(response).reply.bytes, 0U);
    for (std::size_t n = 0; n < kDnsHeaderBytes; ++n) {
        EXPECT_EQ(answer(Bytes(n, 0)).reply.outcome, DnsOutcome::kIgnored) << n;
    }
}

TEST(DnsCodec, NoQuestionIsAFormatError) {
    const Result r = answer(header(7, 0x0100, 0));
    EXPECT_EQ(r.reply.outcome, DnsOutcome::kFormatErr);
    EXPECT_EQ(r.bytes[3] & 0x0F, 1);
}

TEST(DnsCodec, EveryTruncationOfAValidQueryIsAFormatError) {
    Bytes q = query("www.example.com");
    const Bytes second = query("b.example");
    q[5] = 2;  // two questions
    q.insert(q.end(), second.begin() + 12, second.end());
    ASSERT_EQ(answer(q).reply.answers, 2U);
    for (std::size_t n = kDnsHeaderBytes; n < q.size(); ++n) {
        const Bytes cut(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(n));
        const Result r = answer(cut);
        EXPECT_EQ(r.reply.outcome, DnsOutcome::kFormatErr) << n;
        EXPECT_EQ(r.bytes.size(), kDnsHeaderBytes) << n;
    }
}

TEST(DnsCodec, QuestionsMayPointBackToEarlierNames) {
    Bytes q = header(1, 0, 3);
    put_name(q, "example.com");  // at 12
    put16(q, 1);
    put16(q, 1);
    const std::size_t second = q.size();
    q.push_back(3);  // "www" + pointer to "example.com"
    q.insert(q.end(), {'w', 'w', 'w'});
    put16(q, 0xC00C);
    put16(q, 1);
    put16(q, 1);
    const std::size_t third = q.size();
    put16(q, static_cast<std::uint16_t>(0xC000 | second));  // a pointer to a name that itself ends in a pointer
    put16(q, 28);                                           // AAAA: no answer
    put16(q, 1);
    const Result r = answer(q);
    ASSERT_EQ(r.reply.outcome, DnsOutcome::kAnswered);
    ASSERT_EQ(r.reply.answers, 2U);
    EXPECT_EQ(get16(r.bytes, 6), 2);
    EXPECT_EQ(get16(r.bytes, q.size()), 0xC00C);
    EXPECT_EQ(get16(r.bytes, q.size() + 16), 0xC000 | second);
    EXPECT_EQ(r.bytes.size(), q.size() + 32);
    (void)third;
}

TEST(DnsCodec, ForwardSelfAndHeaderPointersAreRefused) {
    for (const std::uint16_t pointer :
         {std::uint16_t{0xC00C}, std::uint16_t{0xC020}, std::uint16_t{0xC000}, std::uint16_t{0xC005}}) {
        Bytes q = header(1, 0, 1);
        put16(q, pointer);  // at offset 12: pointing at itself, ahead, or into the header
        put16(q, 1);
        put16(q, 1);
        q.resize(std::max<std::size_t>(q.size(), 40), 0);
        EXPECT_EQ(answer(q).reply.outcome, DnsOutcome::kFormatErr) << std::hex << pointer;
    }
}

TEST(DnsCodec, AChainOfPointersEndsAfterSixteenJumps) {
    // name 0: "a" at 12; then 20 names, each a pointer to the previous one.
    Bytes q = header(1, 0, 21);
    put_name(q, "a");
    put16(q, 1);
    put16(q, 1);
    std::size_t previous = 12;
    for (int i = 0; i < 20; ++i) {
        const std::size_t here = q.size();
        put16(q, static_cast<std::uint16_t>(0xC000 | previous));
        put16(q, 1);
        put16(q, 1);
        previous = here;
    }
    const Result r = answer(q);
    EXPECT_EQ(r.reply.outcome, DnsOutcome::kFormatErr);  // the 17th pointer in a row is refused

    Bytes short_chain = header(1, 0, 10);
    put_name(short_chain, "a");
    put16(short_chain, 1);
    put16(short_chain, 1);
    previous = 12;
    for (int i = 0; i < 9; ++i) {
        const std::size_t here = short_chain.size();
        put16(short_chain, static_cast<std::uint16_t>(0xC000 | previous));
        put16(short_chain, 1);
        put16(short_chain, 1);
        previous = here;
    }
    EXPECT_EQ(answer(short_chain).reply.answers, 10U);
}

TEST(DnsCodec, ReservedLabelTypesAndOverlongNamesAreRefused) {
    Bytes reserved = header(1, 0, 1);
    reserved.push_back(0x41);  // a 0x40 label type
    reserved.resize(reserved.size() + 0x41, 'x');
    reserved.push_back(0);
    put16(reserved, 1);
    put16(reserved, 1);
    EXPECT_EQ(answer(reserved).reply.outcome, DnsOutcome::kFormatErr);

    std::string name;
    for (int i = 0; i < 5; ++i) {
        name += std::string(60, 'a') + ".";  // 5 × 61 = 305 bytes > 255
    }
    name.pop_back();
    EXPECT_EQ(answer(query(name)).reply.outcome, DnsOutcome::kFormatErr);
    std::string fits;
    for (int i = 0; i < 4; ++i) {
        fits += std::string(62, 'b') + ".";  // 4 × 63 + 1 = 253 bytes
    }
    fits.pop_back();
    EXPECT_EQ(answer(query(fits)).reply.answers, 1U);
}

TEST(DnsCodec, AdditionalRecordsAreNotEchoed) {
    Bytes q = query("a.example");
    q[11] = 1;  // ARCOUNT 1: an EDNS OPT record follows
    const std::size_t question_end = q.size();
    q.insert(q.end(), {0, 0, 41, 0x10, 0x00, 0, 0, 0, 0, 0, 0});
    const Result r = answer(q);
    ASSERT_EQ(r.reply.answers, 1U);
    EXPECT_EQ(r.bytes.size(), question_end + 16);
    EXPECT_EQ(get16(r.bytes, 10), 0);
}

TEST(DnsCodec, ASmallOutputBufferTruncatesTheAnswers) {
    Bytes q = header(1, 0, 3);
    for (const char* name : {"a.example", "b.example", "c.example"}) {
        put_name(q, name);
        put16(q, 1);
        put16(q, 1);
    }
    const Result r = answer(q, q.size() + 20);  // room for one answer
    EXPECT_EQ(r.reply.outcome, DnsOutcome::kAnswered);
    EXPECT_EQ(r.reply.answers, 1U);
    EXPECT_TRUE(r.reply.truncated);
    EXPECT_EQ(r.bytes[2] & 0x02, 0x02);  // TC
    EXPECT_EQ(get16(r.bytes, 6), 1);
}

TEST(DnsCodec, RandomBytesNeverReadOrWriteOutOfBounds) {
    std::mt19937 random(12345);
    const Bytes base = query("captive.apple.com");
    for (int round = 0; round < 20'000; ++round) {
        Bytes q;
        if (round % 2 == 0) {
            q.resize(random() % 80);
            for (auto& b : q) {
                b = static_cast<std::uint8_t>(random());
            }
        } else {
            q = base;  // a valid query with a few bytes flipped
            for (int flips = 0; flips < 3; ++flips) {
                q[random() % q.size()] = static_cast<std::uint8_t>(random());
            }
        }
        // The output buffer is exactly as large as promised; a guard area behind it must stay untouched.
        Bytes out(kDnsMaxUdpBytes + 16, 0xA5);
        const DnsReply reply =
            build_dns_reply(q, DnsReplyConfig{}, std::span<std::uint8_t>(out.data(), kDnsMaxUdpBytes));
        ASSERT_LE(reply.bytes, kDnsMaxUdpBytes);
        for (std::size_t i = kDnsMaxUdpBytes; i < out.size(); ++i) {
            ASSERT_EQ(out[i], 0xA5);
        }
        if (reply.outcome == DnsOutcome::kAnswered) {
            ASSERT_LE(reply.bytes, q.size() + 16 * reply.answers);
            ASSERT_EQ(get16(Bytes(out.begin(), out.begin() + 12), 6), reply.answers);
        }
    }
}

}  // namespace
}  // namespace tbg::esp32
