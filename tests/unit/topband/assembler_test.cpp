// Byte-fed FrameAssembler (core/topband/assembler.h): resynchronisation on '~', CR/LF as EOI, length bounds, vendor
// binary frames (§8.9), discard counting, and the promise that it never allocates.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "core/topband/assembler.h"
#include "core/topband/frame.h"

// ---------------------------------------------------------------------------------------------------------------
// Counting global allocation functions: every operator new of this test binary goes through here.

namespace {
std::atomic<std::size_t> g_allocations{0};

void* counted_alloc(std::size_t size) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(size == 0 ? 1 : size);
}

void* counted_aligned_alloc(std::size_t size, std::align_val_t align) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    const auto alignment = static_cast<std::size_t>(align);
    const std::size_t rounded = (size + alignment - 1) / alignment * alignment;
    return std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded);
}
}  // namespace

void* operator new(std::size_t size) {
    if (void* p = counted_alloc(size)) {
        return p;
    }
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    if (void* p = counted_alloc(size)) {
        return p;
    }
    throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    return counted_alloc(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    return counted_alloc(size);
}
void* operator new(std::size_t size, std::align_val_t align) {
    if (void* p = counted_aligned_alloc(size, align)) {
        return p;
    }
    throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t align) {
    if (void* p = counted_aligned_alloc(size, align)) {
        return p;
    }
    throw std::bad_alloc();
}
void* operator new(std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
    return counted_aligned_alloc(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
    return counted_aligned_alloc(size, align);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
    std::free(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
    std::free(p);
}

namespace tbg::topband {
namespace {

using Kind = AssemblerEvent::Kind;

constexpr std::string_view kRequest = "~21004642E00200FD36\r";
constexpr std::string_view kReplyAdr3 = "~21034600200E07EA02190D180BFA91\r";  // 0x4D reply (LD capture)
constexpr std::string_view kReply15s7t =
    "~21004600D07C000F0C800C810C7F0C800C820C800C7E0C800C810C800C800C7F0C800C810C80070BA50BA50BA40BA60BAF0B550B4BFF6A"
    "12C0079E050BB8002A41640000E262\r";
constexpr std::string_view kReply51 =
    "~21004600C040HW-EXAMPLE-000001   0100SN-EXAMPLE-0123456789                   F0E1\r";

std::string hex4(std::uint16_t value) {
    char text[5];
    std::snprintf(text, sizeof text, "%04X", static_cast<unsigned>(value));
    return text;
}

// An event with the frame's INFO copied (the view dies with the next push).
struct Seen {
    std::size_t at = 0;  // index of the byte that produced the event (flush: input size)
    Kind kind = Kind::kNone;
    FrameStatus status = FrameStatus::kOk;
    Frame frame;
    std::string info;
};

std::vector<Seen> feed(FrameAssembler& assembler, std::string_view bytes, std::size_t offset = 0) {
    std::vector<Seen> seen;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const AssemblerEvent event = assembler.push(static_cast<std::uint8_t>(bytes[i]));
        if (event.kind != Kind::kNone) {
            Seen s{offset + i, event.kind, event.status, event.frame, std::string(event.frame.info)};
            seen.push_back(s);
        }
    }
    return seen;
}

std::string status_of(const Seen& s) {
    return std::string(to_string(s.status));
}

TEST(Assembler, ByteByByteYieldsExactlyOneFrameAtTheCr) {
    FrameAssembler assembler;
    EXPECT_FALSE(assembler.in_frame());
    for (std::size_t i = 0; i + 1 < kReply15s7t.size(); ++i) {
        const AssemblerEvent event = assembler.push(static_cast<std::uint8_t>(kReply15s7t[i]));
        ASSERT_EQ(event.kind, Kind::kNone) << "event before the CR at byte " << i;
        EXPECT_TRUE(assembler.in_frame()) << i;
    }
    const AssemblerEvent event = assembler.push('\r');
    ASSERT_EQ(event.kind, Kind::kFrame);
    ASSERT_EQ(to_string(event.status), "ok");
    EXPECT_EQ(event.frame.ver, 0x21);
    EXPECT_EQ(event.frame.adr, 0);
    EXPECT_EQ(event.frame.cid1, 0x46);
    EXPECT_EQ(event.frame.cid2, 0x00);
    EXPECT_EQ(event.frame.lenid, 0x07C);
    EXPECT_EQ(event.frame.info, kReply15s7t.substr(13, 0x7C));
    EXPECT_FALSE(assembler.in_frame());
    EXPECT_EQ(assembler.discarded_bytes(), 0U);
    EXPECT_EQ(assembler.flush().kind, Kind::kNone);
}

TEST(Assembler, LfIsAcceptedAsEoi) {
    FrameAssembler assembler;
    std::string text(kRequest);
    text.back() = '\n';
    const auto seen = feed(assembler, text);
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(seen[0].kind, Kind::kFrame);
    EXPECT_EQ(status_of(seen[0]), "ok");
    EXPECT_EQ(seen[0].at, text.size() - 1);
    EXPECT_EQ(seen[0].frame.cid2, 0x42);
    EXPECT_EQ(seen[0].info, "00");
}

TEST(Assembler, RawAsciiInfoPassesThrough) {
    FrameAssembler assembler;
    const auto seen = feed(assembler, kReply51);
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(status_of(seen[0]), "ok");
    EXPECT_EQ(seen[0].info, kReply51.substr(13, 64));
}

TEST(Assembler, GarbageBeforeSoiIsDiscardedAndCounted) {
    FrameAssembler assembler;
    const std::string garbage = std::string("hello 123\x00\xFF\x16", 12) + "\r\n";
    const auto noise = feed(assembler, garbage);
    EXPECT_TRUE(noise.empty());
    EXPECT_FALSE(assembler.in_frame());
    EXPECT_EQ(assembler.discarded_bytes(), garbage.size());
    const auto seen = feed(assembler, kRequest);
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(status_of(seen[0]), "ok");
    EXPECT_EQ(assembler.discarded_bytes(), garbage.size());
}

TEST(Assembler, NewSoiMidHeaderTruncatesThenNextFrameDecodes) {
    FrameAssembler assembler;
    const std::string text = std::string(kRequest.substr(0, 8)) + std::string(kReplyAdr3);
    const auto seen = feed(assembler, text);
    ASSERT_EQ(seen.size(), 2U);
    EXPECT_EQ(seen[0].kind, Kind::kFrame);
    EXPECT_EQ(status_of(seen[0]), "truncated");
    EXPECT_EQ(seen[0].at, 8U) << "reported at the new '~'";
    EXPECT_EQ(status_of(seen[1]), "ok");
    EXPECT_EQ(seen[1].frame.adr, 3);
    EXPECT_EQ(seen[1].info, "07EA02190D180B");
}

TEST(Assembler, NewSoiMidBodyTruncatesThenNextFrameDecodes) {
    FrameAssembler assembler;
    const std::string text = std::string(kReply15s7t.substr(0, 60)) + std::string(kRequest);
    const auto seen = feed(assembler, text);
    ASSERT_EQ(seen.size(), 2U);
    EXPECT_EQ(status_of(seen[0]), "truncated");
    EXPECT_EQ(seen[0].at, 60U);
    EXPECT_EQ(status_of(seen[1]), "ok");
    EXPECT_EQ(seen[1].frame.cid2, 0x42);
}

TEST(Assembler, EarlyCrTruncates) {
    for (const std::size_t cut : {1UL, 5UL, 12UL, 13UL, 14UL, 40UL, kReply15s7t.size() - 2}) {
        FrameAssembler assembler;
        const std::string text = std::string(kReply15s7t.substr(0, cut)) + "\r";
        const auto seen = feed(assembler, text);
        ASSERT_EQ(seen.size(), 1U) << "cut " << cut;
        EXPECT_EQ(status_of(seen[0]), "truncated") << "cut " << cut;
        EXPECT_EQ(seen[0].at, cut) << "cut " << cut;
        EXPECT_FALSE(assembler.in_frame());
        // The assembler is ready for the next frame.
        const auto next = feed(assembler, kRequest);
        ASSERT_EQ(next.size(), 1U);
        EXPECT_EQ(status_of(next[0]), "ok");
    }
}

TEST(Assembler, CharactersPastTheAnnouncedLengthAreOverlong) {
    FrameAssembler assembler;
    const std::string text = std::string(kRequest.substr(0, kRequest.size() - 1)) + "00\r";
    const auto seen = feed(assembler, text);
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(status_of(seen[0]), "overlong");
    EXPECT_EQ(seen[0].at, kRequest.size() - 1) << "reported at the first extra character";
    EXPECT_FALSE(assembler.in_frame());
    const auto next = feed(assembler, kReplyAdr3);
    ASSERT_EQ(next.size(), 1U);
    EXPECT_EQ(status_of(next[0]), "ok");
}

TEST(Assembler, LenidAboveMaximumIsOverlongWithoutBufferingIt) {
    FrameAssembler assembler;
    // LENID 1001 (0x3E9, LCHKSUM 6): one more than kMaxInfoChars.
    const std::string header = "~2100460063E9";
    const auto seen = feed(assembler, header);
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(status_of(seen[0]), "overlong");
    EXPECT_EQ(seen[0].at, header.size() - 1) << "reported as soon as LENGTH is in";
    EXPECT_FALSE(assembler.in_frame());
    // The announced body is not collected: no further frame event for it, and its characters count as discarded.
    const std::uint32_t before = assembler.discarded_bytes();
    const std::string body = std::string(1001, 'A') + "ABCD\r";
    EXPECT_TRUE(feed(assembler, body).empty());
    EXPECT_GE(assembler.discarded_bytes() - before, 1001U);
    const auto next = feed(assembler, kRequest);
    ASSERT_EQ(next.size(), 1U);
    EXPECT_EQ(status_of(next[0]), "ok");
}

TEST(Assembler, LargestInfoIsAccepted) {
    const std::string body = "2100460073E8" + std::string(kMaxInfoChars, '0');
    const std::string text = "~" + body + hex4(chksum(body)) + "\r";
    ASSERT_EQ(text.size(), kMaxFrameChars);
    FrameAssembler assembler;
    const auto seen = feed(assembler, text);
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(status_of(seen[0]), "ok");
    EXPECT_EQ(seen[0].frame.lenid, kMaxInfoChars);
    EXPECT_EQ(seen[0].info.size(), kMaxInfoChars);
}

TEST(Assembler, BadLchksumIsReportedAsSoonAsTheHeaderIsIn) {
    FrameAssembler assembler;
    std::string text(kReply15s7t);
    text[9] = 'E';  // LENGTH E07C: LCHKSUM wrong for LENID 0x07C
    const auto seen = feed(assembler, text);
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(status_of(seen[0]), "bad_lchksum");
    EXPECT_EQ(seen[0].at, 12U) << "at the last LENGTH character";
    EXPECT_FALSE(assembler.in_frame());
}

TEST(Assembler, NonHexHeaderCharacter) {
    FrameAssembler assembler;
    const auto seen = feed(assembler, "~21Z0");
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(status_of(seen[0]), "non_hex");
    EXPECT_EQ(seen[0].at, 3U);
}

TEST(Assembler, BadChksumAtTheCr) {
    FrameAssembler assembler;
    std::string text(kRequest);
    text[text.size() - 2] = '7';
    const auto seen = feed(assembler, text);
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(status_of(seen[0]), "bad_chksum");
    EXPECT_EQ(seen[0].at, text.size() - 1);
}

TEST(Assembler, FlushMidFrameTruncates) {
    for (const std::size_t cut : {1UL, 6UL, 13UL, 20UL, kReply15s7t.size() - 1}) {
        FrameAssembler assembler;
        EXPECT_TRUE(feed(assembler, kReply15s7t.substr(0, cut)).empty());
        EXPECT_TRUE(assembler.in_frame());
        const AssemblerEvent event = assembler.flush();
        EXPECT_EQ(event.kind, Kind::kFrame) << "cut " << cut;
        EXPECT_EQ(to_string(event.status), "truncated") << "cut " << cut;
        EXPECT_FALSE(assembler.in_frame());
        EXPECT_EQ(assembler.flush().kind, Kind::kNone);
    }
}

TEST(Assembler, FlushWhenIdleReportsNothing) {
    FrameAssembler assembler;
    EXPECT_EQ(assembler.flush().kind, Kind::kNone);
    feed(assembler, kRequest);
    EXPECT_EQ(assembler.flush().kind, Kind::kNone);
}

TEST(Assembler, ResetDropsPartialFrameSilently) {
    FrameAssembler assembler;
    feed(assembler, kReply15s7t.substr(0, 30));
    EXPECT_TRUE(assembler.in_frame());
    assembler.reset();
    EXPECT_FALSE(assembler.in_frame());
    EXPECT_EQ(assembler.flush().kind, Kind::kNone);
    const auto seen = feed(assembler, kRequest);
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(status_of(seen[0]), "ok");
}

TEST(Assembler, VendorBinaryFrameIsSkippedThenFrameDecodes) {
    FrameAssembler assembler;
    const std::string vendor_bytes("\xEF\x00\xA1\x01\xF0\xFE\x6E\x16", 8);
    const auto seen = feed(assembler, vendor_bytes + std::string(kRequest));
    ASSERT_EQ(seen.size(), 2U);
    EXPECT_EQ(seen[0].kind, Kind::kVendorFrame);
    EXPECT_EQ(seen[0].at, 7U) << "at the 0x16 end byte";
    EXPECT_EQ(seen[1].kind, Kind::kFrame);
    EXPECT_EQ(status_of(seen[1]), "ok");
    EXPECT_EQ(seen[1].frame.cid2, 0x42);
    EXPECT_EQ(assembler.discarded_bytes(), 8U) << "vendor frames count as discarded";
}

TEST(Assembler, BackToBackFrames) {
    FrameAssembler assembler;
    const std::string text = std::string(kRequest) + std::string(kReplyAdr3) + std::string(kReply15s7t) +
                             std::string(kReply51) + std::string(kRequest);
    const auto seen = feed(assembler, text);
    ASSERT_EQ(seen.size(), 5U);
    for (const Seen& s : seen) {
        EXPECT_EQ(s.kind, Kind::kFrame);
        EXPECT_EQ(status_of(s), "ok");
    }
    EXPECT_EQ(seen[0].frame.cid2, 0x42);
    EXPECT_EQ(seen[1].frame.adr, 3);
    EXPECT_EQ(seen[2].frame.lenid, 0x07C);
    EXPECT_EQ(seen[3].frame.lenid, 0x040);
    EXPECT_EQ(seen[4].frame.cid2, 0x42);
    EXPECT_EQ(assembler.discarded_bytes(), 0U);
}

TEST(Assembler, CrLfBetweenFramesIsNoError) {
    FrameAssembler assembler;
    const std::string text = std::string(kRequest) + "\n" + std::string(kReplyAdr3) + "\n";
    const auto seen = feed(assembler, text);
    ASSERT_EQ(seen.size(), 2U);
    EXPECT_EQ(status_of(seen[0]), "ok");
    EXPECT_EQ(status_of(seen[1]), "ok");
}

TEST(Assembler, CompleteFrameFollowedBySoiWithoutEoiIsNotOk) {
    FrameAssembler assembler;
    const std::string text = std::string(kRequest.substr(0, kRequest.size() - 1)) + std::string(kReplyAdr3);
    const auto seen = feed(assembler, text);
    ASSERT_EQ(seen.size(), 2U);
    EXPECT_NE(status_of(seen[0]), "ok") << "a frame needs its EOI";
    EXPECT_EQ(status_of(seen[1]), "ok");
}

// ---------------------------------------------------------------------------------------------------------------
// No allocation

TEST(AssemblerAllocation, CounterSeesAllocations) {
    // The counting operator new is really in use (otherwise the next test would prove nothing).
    const std::size_t before = g_allocations.load();
    auto* volatile block = new std::string(200, 'x');
    EXPECT_GT(g_allocations.load(), before);
    delete block;
}

TEST(AssemblerAllocation, NeverAllocates) {
    // Prepared before counting: valid frames, garbage, a vendor frame, overlong, truncated, bad checksums.
    std::string bad_lchksum(kReply15s7t);
    bad_lchksum[9] = 'E';
    std::string bad_chksum(kRequest);
    bad_chksum[bad_chksum.size() - 2] = '7';
    const std::string traffic = std::string(kReply15s7t) + std::string("noise\xFF\x00", 7) + std::string(kRequest) +
                                std::string("\xEF\x00\xA1\x01\xF0\xFE\x6E\x16", 8) + std::string(kReply51) +
                                "~2100460063E9" + std::string(1200, 'A') + "\r" + bad_lchksum + bad_chksum +
                                std::string(kRequest.substr(0, 10)) + std::string(kReplyAdr3) +
                                std::string(kReplyAdr3.substr(0, 20)) + "\r";
    const std::string tail_for_flush(kReply15s7t.substr(0, 50));

    std::size_t ok_frames = 0;
    std::size_t bad_frames = 0;
    std::size_t vendor_frames = 0;
    std::size_t bytes = 0;
    std::size_t info_chars = 0;

    FrameAssembler assembler;
    const std::size_t before = g_allocations.load();
    for (int round = 0; round < 20; ++round) {
        for (const char c : traffic) {
            const AssemblerEvent event = assembler.push(static_cast<std::uint8_t>(c));
            ++bytes;
            if (event.kind == Kind::kFrame) {
                if (event.status == FrameStatus::kOk) {
                    ++ok_frames;
                    info_chars += event.frame.info.size();
                } else {
                    ++bad_frames;
                }
            } else if (event.kind == Kind::kVendorFrame) {
                ++vendor_frames;
            }
        }
        for (const char c : tail_for_flush) {
            assembler.push(static_cast<std::uint8_t>(c));
            ++bytes;
        }
        bad_frames += assembler.flush().kind == Kind::kFrame ? 1U : 0U;
        assembler.reset();
    }
    const std::size_t allocations = g_allocations.load() - before;

    EXPECT_EQ(allocations, 0U) << "the assembler allocated while handling " << bytes << " bytes";
    EXPECT_GT(bytes, 5000U);
    // Per round: 15S reply, request, 0x51 reply, 0x4D reply = 4 good frames; overlong, bad LCHKSUM, bad CHKSUM,
    // truncated by '~', truncated by CR, flushed = 6 bad ones; one vendor frame.
    EXPECT_EQ(ok_frames, 20U * 4U);
    EXPECT_EQ(bad_frames, 20U * 6U);
    EXPECT_EQ(vendor_frames, 20U);
    EXPECT_EQ(info_chars, 20U * (0x7CU + 2U + 0x40U + 0x0EU));
}

}  // namespace
}  // namespace tbg::topband
