// Frame layer of the Topband RS485 protocol (shared/protocols/topband-rs485.md §2–§4): LENGTH/LCHKSUM, CHKSUM,
// return codes, parse_frame, check_reply and decode_info_hex.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>

#include "core/topband/frame.h"

namespace tbg::topband {
namespace {

std::string hex4(std::uint16_t value) {
    char text[5];
    std::snprintf(text, sizeof text, "%04X", static_cast<unsigned>(value));
    return text;
}

// '~' + body + CHKSUM + CR, the CHKSUM computed over `body` as given (any case).
std::string frame_of(std::string_view body, std::string_view eoi = "\r") {
    return "~" + std::string(body) + hex4(chksum(body)) + std::string(eoi);
}

bool is_snake_case(std::string_view id) {
    if (id.empty() || id.front() == '_' || id.back() == '_') {
        return false;
    }
    for (const char c : id) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
            return false;
        }
    }
    return true;
}

// --- §3 LENGTH / LCHKSUM --------------------------------------------------------------------------------------------

struct LengthCase {
    std::uint16_t lenid;
    std::uint16_t length;
};

// The table of §3 plus the 0x048 example of the vectors file (0x44 reply, 15S/7T).
constexpr LengthCase kLengthTable[] = {
    {0x000, 0x0000}, {0x002, 0xE002}, {0x004, 0xC004}, {0x00E, 0x200E}, {0x030, 0xD030},
    {0x040, 0xC040}, {0x048, 0x4048}, {0x07C, 0xD07C}, {0x080, 0x8080}, {0x088, 0x0088},
};

static_assert(length_field(0x07C) == 0xD07C, "length_field must be usable at compile time");
static_assert(lchksum(0x002) == 0xE, "lchksum must be usable at compile time");

TEST(Lchksum, SpecTable) {
    for (const LengthCase& c : kLengthTable) {
        EXPECT_EQ(hex4(length_field(c.lenid)), hex4(c.length)) << "LENID 0x" << hex4(c.lenid);
        EXPECT_EQ(lchksum(c.lenid), c.length >> 12) << "LENID 0x" << hex4(c.lenid);
    }
}

TEST(Lchksum, NibbleSumRuleForEveryLenid) {
    for (unsigned lenid = 0; lenid <= 0x0FFF; ++lenid) {
        const auto id = static_cast<std::uint16_t>(lenid);
        const unsigned nibbles = (lenid >> 8) + ((lenid >> 4) & 0xF) + (lenid & 0xF);
        EXPECT_EQ((nibbles + lchksum(id)) % 16U, 0U) << lenid;
        EXPECT_LT(lchksum(id), 16U);
        EXPECT_EQ(length_field(id) & 0x0FFFU, lenid);
        EXPECT_EQ(length_field(id) >> 12, lchksum(id));
    }
}

TEST(Lchksum, HinaessWholeLenidNegationIsWrong) {
    // §3 pitfall: 0x068 must carry LCHKSUM 2 (nibble sum), not 8 (negated LENID).
    EXPECT_EQ(hex4(length_field(0x068)), "2068");
}

// --- §3 CHKSUM ------------------------------------------------------------------------------------------------------

TEST(Chksum, WorkedExample) {
    const std::string_view body = "21004642E00200";
    unsigned sum = 0;
    for (const char c : body) {
        sum += static_cast<unsigned char>(c);
    }
    ASSERT_EQ(sum, 0x02CAU);  // the spec's sum
    EXPECT_EQ(hex4(chksum(body)), "FD36");
    EXPECT_EQ(frame_of(body), "~21004642E00200FD36\r");
}

TEST(Chksum, VendorIllustrations) {
    // PACE's illustration verifies; the PY variant with '0456' sums one higher (§3 pitfalls).
    EXPECT_EQ(hex4(chksum("1203400356ABCEFE")), "FC72");
    EXPECT_EQ(hex4(chksum("1203400456ABCEFE")), "FC71");
}

TEST(Chksum, EmptyAndWrapAround) {
    EXPECT_EQ(chksum(""), 0x0000);
    // 1000 × 'z' (0x7A) = 122000 → mod 65536 = 56464 → 65536 − 56464 = 9072 = 0x2370.
    EXPECT_EQ(hex4(chksum(std::string(1000, 'z'))), "2370");
    // A sum that is an exact multiple of 65536 gives 0, not 0x10000.
    std::string body(512, static_cast<char>(0x80));  // 512 × 128 = 65536
    EXPECT_EQ(chksum(body), 0x0000);
}

TEST(Chksum, SumsCharactersAsSentSoCaseMatters) {
    EXPECT_NE(chksum("21004642E00200"), chksum("21004642e00200"));
    EXPECT_EQ(chksum("21004642e00200"), static_cast<std::uint16_t>(chksum("21004642E00200") - 0x20));
}

TEST(Chksum, BytesAboveAsciiCountUnsigned) {
    // 0xFF counts as 255, not −1.
    EXPECT_EQ(hex4(chksum(std::string(1, static_cast<char>(0xFF)))), "FF01");
}

// --- §4 return codes ------------------------------------------------------------------------------------------------

struct RtnCase {
    std::uint8_t code;
    Rtn rtn;
    std::string_view meaning;  // §4 table
};

constexpr RtnCase kRtnCodes[] = {
    {0x00, Rtn::kNormal, "normal"},
    {0x01, Rtn::kVerError, "VER error"},
    {0x02, Rtn::kChksumError, "CHKSUM error"},
    {0x03, Rtn::kLchksumError, "LCHKSUM error"},
    {0x04, Rtn::kCid2Invalid, "CID2 invalid"},
    {0x05, Rtn::kCommandFormatError, "command format error"},
    {0x06, Rtn::kInvalidData, "invalid data"},
    {0x90, Rtn::kAdrError, "ADR error"},
    {0x91, Rtn::kInternalCommError, "internal communication error"},
};

TEST(Rtn, EveryCodeOfSection4HasMeaningAndId) {
    std::set<std::string_view> ids;
    std::set<std::string_view> meanings;
    for (const RtnCase& c : kRtnCodes) {
        EXPECT_EQ(static_cast<std::uint8_t>(c.rtn), c.code);
        const std::string_view meaning = rtn_meaning(c.code);
        const std::string_view id = rtn_id(c.code);
        EXPECT_EQ(meaning.substr(0, c.meaning.size()), c.meaning) << "RTN " << int{c.code};
        EXPECT_NE(meaning, "unknown return code");
        EXPECT_NE(id, "unknown");
        EXPECT_TRUE(is_snake_case(id)) << id;
        ids.insert(id);
        meanings.insert(meaning);
    }
    EXPECT_EQ(ids.size(), std::size(kRtnCodes)) << "rtn ids must be unique";
    EXPECT_EQ(meanings.size(), std::size(kRtnCodes)) << "rtn meanings must be unique";
    EXPECT_EQ(rtn_id(0x04), "cid2_invalid");  // named in the header
}

TEST(Rtn, CodesOutsideSection4AreUnknown) {
    for (unsigned code = 0; code <= 0xFF; ++code) {
        const auto rtn = static_cast<std::uint8_t>(code);
        bool listed = false;
        for (const RtnCase& c : kRtnCodes) {
            listed = listed || c.code == rtn;
        }
        if (!listed) {
            EXPECT_EQ(rtn_meaning(rtn), "unknown return code") << code;
            EXPECT_EQ(rtn_id(rtn), "unknown") << code;
        }
    }
}

// --- status ids and command names -----------------------------------------------------------------------------------

TEST(FrameStatusIds, AreTheStableSnakeCaseIds) {
    EXPECT_EQ(to_string(FrameStatus::kOk), "ok");
    EXPECT_EQ(to_string(FrameStatus::kBadLchksum), "bad_lchksum");
    EXPECT_EQ(to_string(FrameStatus::kBadChksum), "bad_chksum");
    EXPECT_EQ(to_string(FrameStatus::kNonHex), "non_hex");
    EXPECT_EQ(to_string(FrameStatus::kOverlong), "overlong");
    EXPECT_EQ(to_string(FrameStatus::kTruncated), "truncated");
    EXPECT_EQ(to_string(FrameStatus::kMissingSoi), "missing_soi");
    EXPECT_EQ(to_string(FrameStatus::kUnexpectedVer), "unexpected_ver");
    EXPECT_EQ(to_string(FrameStatus::kUnexpectedCid1), "unexpected_cid1");
    EXPECT_EQ(to_string(FrameStatus::kUnexpectedAdr), "unexpected_adr");
    EXPECT_EQ(to_string(FrameStatus::kRtnError), "rtn_error");
}

TEST(Commands, NamesOfSection6) {
    const std::uint8_t known[] = {0x42, 0x44, 0x47, 0x4B, 0x4D, 0x4E, 0x4F, 0x51};
    std::set<std::string_view> names;
    for (const std::uint8_t cid2 : known) {
        EXPECT_TRUE(is_known_command(cid2)) << int{cid2};
        EXPECT_NE(command_name(cid2), "unknown") << int{cid2};
        EXPECT_TRUE(is_snake_case(command_name(cid2))) << command_name(cid2);
        names.insert(command_name(cid2));
    }
    EXPECT_EQ(names.size(), std::size(known));
    EXPECT_EQ(command_name(0x42), "analog");
    EXPECT_EQ(command_name(0x44), "alarm");
    EXPECT_EQ(static_cast<std::uint8_t>(Command::kAnalog), 0x42);
    EXPECT_EQ(static_cast<std::uint8_t>(Command::kManufacturerInfo), 0x51);
    // Unsupported (0x92–0x96, §8.7), sibling-only (0x90) and return codes are not commands.
    for (const std::uint8_t cid2 : std::initializer_list<std::uint8_t>{0x00, 0x04, 0x40, 0x43, 0x90, 0x92, 0x93, 0x94,
                                                                       0x95, 0x96, 0xA1, 0xB1, 0xFF}) {
        EXPECT_FALSE(is_known_command(cid2)) << int{cid2};
        EXPECT_EQ(command_name(cid2), "unknown") << int{cid2};
    }
}

// --- parse_frame ----------------------------------------------------------------------------------------------------

TEST(ParseFrame, ValidRequestWithCrLfOrNoEoi) {
    for (const char* eoi : {"\r", "\n", ""}) {
        const std::string text = std::string("~21034642E00203FD30") + eoi;
        Frame frame;
        ASSERT_EQ(to_string(parse_frame(text, frame)), "ok") << "EOI " << int{eoi[0]};
        EXPECT_EQ(frame.ver, 0x21);
        EXPECT_EQ(frame.adr, 3);
        EXPECT_EQ(frame.cid1, 0x46);
        EXPECT_EQ(frame.cid2, 0x42);
        EXPECT_EQ(frame.lenid, 2);
        EXPECT_EQ(frame.info, "03");
        EXPECT_EQ(frame.info.data(), text.data() + 13) << "info must point into the text";
    }
}

TEST(ParseFrame, ValidReplyWithoutInfo) {
    Frame frame;
    ASSERT_EQ(to_string(parse_frame("~210346000000FDB0\r", frame)), "ok");
    EXPECT_EQ(frame.adr, 3);
    EXPECT_EQ(frame.cid2, 0x00);
    EXPECT_EQ(frame.lenid, 0);
    EXPECT_TRUE(frame.info.empty());
}

TEST(ParseFrame, RawAsciiInfoOf0x51) {
    const std::string text = "~21004600C040HW-EXAMPLE-000001   0100SN-EXAMPLE-0123456789                   F0E1\r";
    Frame frame;
    ASSERT_EQ(to_string(parse_frame(text, frame)), "ok");
    EXPECT_EQ(frame.lenid, 64);
    EXPECT_EQ(frame.info, "HW-EXAMPLE-000001   0100SN-EXAMPLE-0123456789                   ");
}

TEST(ParseFrame, LowerCaseHexIsAcceptedWhenItsChecksumIsRight) {
    // §2: decoders should accept lower case; CHKSUM sums the lower-case characters as sent.
    const std::string text = frame_of("21034642e00203");
    Frame frame;
    ASSERT_EQ(to_string(parse_frame(text, frame)), "ok") << text;
    EXPECT_EQ(frame.cid2, 0x42);
    EXPECT_EQ(frame.lenid, 2);
    Frame lower_chksum;
    EXPECT_EQ(to_string(parse_frame("~21004642E00200fd36\r", lower_chksum)), "ok");
}

TEST(ParseFrame, LowerCaseWithUpperCaseChecksumIsRejected) {
    // Same values, but the characters sent differ from the ones the CHKSUM was computed over.
    Frame frame;
    EXPECT_EQ(to_string(parse_frame("~21004642e00200FD36\r", frame)), "bad_chksum");
    EXPECT_EQ(to_string(parse_frame("~21004642E00200" + hex4(chksum("21004642e00200")) + "\r", frame)), "bad_chksum");
}

TEST(ParseFrame, MissingSoi) {
    Frame frame;
    EXPECT_EQ(to_string(parse_frame("21004642E00200FD36\r", frame)), "missing_soi");
    EXPECT_EQ(to_string(parse_frame("", frame)), "missing_soi");
    EXPECT_EQ(to_string(parse_frame(" ~21004642E00200FD36\r", frame)), "missing_soi");
    EXPECT_EQ(to_string(parse_frame("\r", frame)), "missing_soi");
}

TEST(ParseFrame, Truncated) {
    const std::string full = "~21004642E00200FD36";
    Frame frame;
    // Every proper prefix that starts with '~' is too short, with or without CR.
    for (std::size_t size = 1; size < full.size(); ++size) {
        const std::string prefix = full.substr(0, size);
        const std::string status = std::string(to_string(parse_frame(prefix + "\r", frame)));
        EXPECT_TRUE(status == "truncated") << prefix << " → " << status;
    }
}

TEST(ParseFrame, NonHexHeaderLengthOrChksum) {
    Frame frame;
    EXPECT_EQ(to_string(parse_frame("~2G004642E00200FD36\r", frame)), "non_hex");  // VER
    EXPECT_EQ(to_string(parse_frame("~21G04642E00200FD36\r", frame)), "non_hex");  // ADR
    EXPECT_EQ(to_string(parse_frame("~21004G42E00200FD36\r", frame)), "non_hex");  // CID1
    EXPECT_EQ(to_string(parse_frame("~2100464ZE00200FD36\r", frame)), "non_hex");  // CID2
    EXPECT_EQ(to_string(parse_frame("~21004642E0 200FD36\r", frame)), "non_hex");  // LENGTH
    EXPECT_EQ(to_string(parse_frame("~21004642E00200FD3G\r", frame)), "non_hex");  // CHKSUM
}

TEST(ParseFrame, BadLchksum) {
    Frame frame;
    // LENGTH F002: LENID 2 needs LCHKSUM E. Checked before the CHKSUM.
    EXPECT_EQ(to_string(parse_frame("~21004642F00200FD36\r", frame)), "bad_lchksum");
    EXPECT_EQ(to_string(parse_frame(frame_of("21004642F00200"), frame)), "bad_lchksum");
    // HinaEss' wrong LENGTH 8068 (§3).
    EXPECT_EQ(to_string(parse_frame(frame_of("21004600806800" + std::string(102, '0')), frame)), "bad_lchksum");
}

TEST(ParseFrame, BadChksum) {
    Frame frame;
    EXPECT_EQ(to_string(parse_frame("~21004642E00200FD37\r", frame)), "bad_chksum");
    EXPECT_EQ(to_string(parse_frame("~21004642E00201FD36\r", frame)), "bad_chksum");
}

TEST(ParseFrame, Overlong) {
    Frame frame;
    EXPECT_EQ(to_string(parse_frame("~21004642E00200FD360\r", frame)), "overlong");
    EXPECT_EQ(to_string(parse_frame("~21004642E00200FD36\r\r", frame)), "overlong");
    // LENID 1001 (0x3E9, LCHKSUM 6) is above kMaxInfoChars even when the characters are there.
    const std::string body = "2100460063E9" + std::string(1001, '0');
    EXPECT_EQ(to_string(parse_frame(frame_of(body), frame)), "overlong");
}

TEST(ParseFrame, LargestAcceptedInfo) {
    // LENID = kMaxInfoChars = 1000 = 0x3E8 → LCHKSUM 7.
    ASSERT_EQ(hex4(length_field(static_cast<std::uint16_t>(kMaxInfoChars))), "73E8");
    const std::string body = "2100460073E8" + std::string(kMaxInfoChars, 'A');
    Frame frame;
    ASSERT_EQ(to_string(parse_frame(frame_of(body), frame)), "ok");
    EXPECT_EQ(frame.lenid, kMaxInfoChars);
    EXPECT_EQ(frame.info.size(), kMaxInfoChars);
}

// --- check_reply ----------------------------------------------------------------------------------------------------

Frame reply(std::uint8_t ver, std::uint8_t adr, std::uint8_t cid1, std::uint8_t rtn) {
    Frame frame;
    frame.ver = ver;
    frame.adr = adr;
    frame.cid1 = cid1;
    frame.cid2 = rtn;
    return frame;
}

TEST(CheckReply, AcceptsMatchingReply) {
    EXPECT_EQ(to_string(check_reply(reply(0x21, 3, 0x46, 0x00), ReplyExpectation{3, kVersion})), "ok");
    EXPECT_EQ(to_string(check_reply(reply(0x21, 0, 0x46, 0x00), ReplyExpectation{})), "ok");
}

TEST(CheckReply, WrongVer) {
    for (const std::uint8_t ver : std::initializer_list<std::uint8_t>{0x20, 0x25, 0x26, 0x00, 0x22}) {
        EXPECT_EQ(to_string(check_reply(reply(ver, 0, 0x46, 0x00), ReplyExpectation{})), "unexpected_ver") << int{ver};
    }
    // A caller may expect another VER.
    EXPECT_EQ(to_string(check_reply(reply(0x20, 0, 0x46, 0x00), ReplyExpectation{0, 0x20})), "ok");
    EXPECT_EQ(to_string(check_reply(reply(0x21, 0, 0x46, 0x00), ReplyExpectation{0, 0x20})), "unexpected_ver");
}

TEST(CheckReply, WrongCid1) {
    for (const std::uint8_t cid1 : std::initializer_list<std::uint8_t>{0x40, 0x4A, 0x00, 0x47}) {
        EXPECT_EQ(to_string(check_reply(reply(0x21, 0, cid1, 0x00), ReplyExpectation{})), "unexpected_cid1")
            << int{cid1};
    }
}

TEST(CheckReply, WrongAdr) {
    for (unsigned adr = 0; adr < 16; ++adr) {
        const ReplyExpectation expected{static_cast<std::uint8_t>(adr), kVersion};
        for (unsigned other = 0; other < 16; ++other) {
            const FrameStatus status = check_reply(reply(0x21, static_cast<std::uint8_t>(other), 0x46, 0), expected);
            EXPECT_EQ(to_string(status), adr == other ? "ok" : "unexpected_adr") << adr << " vs " << other;
        }
    }
}

TEST(CheckReply, NonZeroRtn) {
    for (unsigned rtn = 1; rtn <= 0xFF; ++rtn) {
        EXPECT_EQ(to_string(check_reply(reply(0x21, 2, 0x46, static_cast<std::uint8_t>(rtn)), ReplyExpectation{2})),
                  "rtn_error")
            << rtn;
    }
}

TEST(CheckReply, ValidationOrderVerCid1AdrRtn) {
    // §3: VER, CID1, ADR, then RTN.
    EXPECT_EQ(to_string(check_reply(reply(0x20, 5, 0x4A, 0x04), ReplyExpectation{1})), "unexpected_ver");
    EXPECT_EQ(to_string(check_reply(reply(0x21, 5, 0x4A, 0x04), ReplyExpectation{1})), "unexpected_cid1");
    EXPECT_EQ(to_string(check_reply(reply(0x21, 5, 0x46, 0x04), ReplyExpectation{1})), "unexpected_adr");
    EXPECT_EQ(to_string(check_reply(reply(0x21, 1, 0x46, 0x04), ReplyExpectation{1})), "rtn_error");
}

// --- decode_info_hex ------------------------------------------------------------------------------------------------

TEST(DecodeInfoHex, UpperLowerAndMixedCase) {
    InfoBytes out;
    ASSERT_EQ(to_string(decode_info_hex("0aFf7E9c", out)), "ok");
    ASSERT_EQ(out.size, 4U);
    EXPECT_EQ(out.bytes()[0], 0x0A);
    EXPECT_EQ(out.bytes()[1], 0xFF);
    EXPECT_EQ(out.bytes()[2], 0x7E);
    EXPECT_EQ(out.bytes()[3], 0x9C);
    EXPECT_EQ(out.bytes().size(), 4U);
}

TEST(DecodeInfoHex, Empty) {
    InfoBytes out;
    out.size = 7;
    ASSERT_EQ(to_string(decode_info_hex("", out)), "ok");
    EXPECT_EQ(out.size, 0U);
}

TEST(DecodeInfoHex, OddLength) {
    InfoBytes out;
    EXPECT_EQ(to_string(decode_info_hex("A", out)), "non_hex");
    EXPECT_EQ(to_string(decode_info_hex("ABC", out)), "non_hex");
    EXPECT_EQ(to_string(decode_info_hex("0102030", out)), "non_hex");
}

TEST(DecodeInfoHex, NonHexCharacters) {
    InfoBytes out;
    for (const char* text : {"0G", "G0", "0x", " 1", "1 ", "-1", "0\r", "~0", "gg", "AB CD"}) {
        EXPECT_EQ(to_string(decode_info_hex(text, out)), "non_hex") << text;
    }
}

TEST(DecodeInfoHex, EveryCharacter) {
    for (unsigned c = 0; c <= 0xFF; ++c) {
        const char ch = static_cast<char>(c);
        const bool hex = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'F') || (ch >= 'a' && ch <= 'f');
        const std::string text = {ch, '0'};
        InfoBytes out;
        const FrameStatus status = decode_info_hex(text, out);
        EXPECT_EQ(status == FrameStatus::kOk, hex) << "character " << c;
        if (hex) {
            const unsigned value = ch <= '9'   ? static_cast<unsigned>(ch - '0')
                                   : ch <= 'F' ? static_cast<unsigned>(ch - 'A' + 10)
                                               : static_cast<unsigned>(ch - 'a' + 10);
            ASSERT_EQ(out.size, 1U);
            EXPECT_EQ(out.data[0], value << 4) << "character " << c;
        }
    }
}

TEST(DecodeInfoHex, CapacityBound) {
    InfoBytes out;
    ASSERT_EQ(to_string(decode_info_hex(std::string(2 * kMaxInfoBytes, 'F'), out)), "ok");
    EXPECT_EQ(out.size, kMaxInfoBytes);
    EXPECT_EQ(out.data[kMaxInfoBytes - 1], 0xFF);
    EXPECT_NE(to_string(decode_info_hex(std::string(2 * kMaxInfoBytes + 2, 'F'), out)), "ok");
}

}  // namespace
}  // namespace tbg::topband
