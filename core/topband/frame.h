// Topband RS485 ASCII frame layer (shared/protocols/topband-rs485.md §2–§4).
//
// A frame on the wire: '~' VER ADR CID1 CID2|RTN LENGTH INFO CHKSUM CR, all hex except SOI, EOI and the raw-ASCII
// INFO of the 0x51 reply. Everything here is pure: no I/O, no clock, no allocation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace tbg::topband {

inline constexpr std::uint8_t kVersion = 0x21;          // VER of every Topband request and reply
inline constexpr std::uint8_t kCid1Battery = 0x46;      // CID1 "battery"
inline constexpr std::size_t kFrameOverheadChars = 18;  // SOI + 12 header chars + 4 CHKSUM chars + EOI
inline constexpr std::size_t kHeaderChars = 13;         // SOI + VER ADR CID1 CID2 LENGTH
// Largest INFO the assembler accepts, in characters. The longest known reply (0x42, 32 cells, 16 sensors, full tail)
// is 2 * 114 = 228 characters; 1000 leaves room for unknown extensions and still bounds memory.
inline constexpr std::size_t kMaxInfoChars = 1000;
inline constexpr std::size_t kMaxFrameChars = kFrameOverheadChars + kMaxInfoChars;
inline constexpr std::size_t kMaxInfoBytes = kMaxInfoChars / 2;

// Every outcome of receiving or checking one frame. The snake_case ids from to_string() are a stable interface
// (decode CLI, API, counters): never rename one.
enum class FrameStatus : std::uint8_t {
    kOk,
    kBadLchksum,      // LENGTH's 4-bit checksum does not match LENID
    kBadChksum,       // 16-bit CHKSUM does not match the characters
    kNonHex,          // a header, LENGTH, CHKSUM (or, for hex replies, INFO) character is not a hex digit
    kOverlong,        // LENID above kMaxInfoChars, or characters continue past the end LENGTH announces
    kTruncated,       // CR/LF, a new '~' or a flush arrived before the announced end
    kMissingSoi,      // parse_frame only: the text does not start with '~' (the assembler just skips such bytes)
    kUnexpectedVer,   // VER is not 0x21
    kUnexpectedCid1,  // CID1 is not 0x46
    kUnexpectedAdr,   // reply from another address than the one polled
    kRtnError,        // well-formed reply with RTN != 0 (see rtn_meaning())
};

inline constexpr std::size_t kFrameStatusCount = static_cast<std::size_t>(FrameStatus::kRtnError) + 1;

std::string_view to_string(FrameStatus status);

// Return codes of replies (§4). Only kNormal has been seen from a Topband pack.
enum class Rtn : std::uint8_t {
    kNormal = 0x00,
    kVerError = 0x01,
    kChksumError = 0x02,
    kLchksumError = 0x03,
    kCid2Invalid = 0x04,
    kCommandFormatError = 0x05,
    kInvalidData = 0x06,
    kAdrError = 0x90,
    kInternalCommError = 0x91,
};

// Human-readable meaning of an RTN byte; "unknown return code" for values outside §4.
std::string_view rtn_meaning(std::uint8_t rtn);
// Stable snake_case id of an RTN byte ("cid2_invalid", …; "unknown" outside §4).
std::string_view rtn_id(std::uint8_t rtn);

// Command codes (CID2 of requests, §6).
enum class Command : std::uint8_t {
    kAnalog = 0x42,
    kAlarm = 0x44,
    kSystemParameters = 0x47,
    kHistory = 0x4B,
    kGetDateTime = 0x4D,
    kSetDateTime = 0x4E,
    kProtocolVersion = 0x4F,
    kManufacturerInfo = 0x51,
};

std::string_view command_name(std::uint8_t cid2);  // "analog", "alarm", …; "unknown" otherwise
bool is_known_command(std::uint8_t cid2);

// A frame whose framing and both checksums are valid. `info` points into the buffer that produced the frame (the
// assembler's, or the caller's string); it is valid until that buffer is next written. INFO is kept as characters
// because the 0x51 reply carries raw ASCII.
struct Frame {
    std::uint8_t ver = 0;
    std::uint8_t adr = 0;
    std::uint8_t cid1 = 0;
    std::uint8_t cid2 = 0;  // command code in a request, RTN in a reply
    std::uint16_t lenid = 0;
    std::string_view info;  // exactly lenid characters
};

// LCHKSUM of a 12-bit LENID (§3): (16 − (n2 + n1 + n0) mod 16) mod 16.
constexpr std::uint8_t lchksum(std::uint16_t lenid) {
    const unsigned sum = ((lenid >> 8) & 0xFU) + ((lenid >> 4) & 0xFU) + (lenid & 0xFU);
    return static_cast<std::uint8_t>((16U - (sum % 16U)) % 16U);
}

// LENGTH field for a LENID: LCHKSUM in the top nibble.
constexpr std::uint16_t length_field(std::uint16_t lenid) {
    return static_cast<std::uint16_t>((unsigned{lchksum(lenid)} << 12U) | (lenid & 0x0FFFU));
}

// CHKSUM over the characters after '~' up to the last INFO character (§3): two's complement of the byte sum.
std::uint16_t chksum(std::string_view body);

// Parses one complete frame from `text`: '~' first (else kMissingSoi), optionally followed by CR or LF (a missing EOI
// is accepted, so users may paste frames without it). Checks LCHKSUM, length, hex digits and CHKSUM, nothing about
// VER/CID1/ADR. `frame.info` points into `text`.
FrameStatus parse_frame(std::string_view text, Frame& frame);

// What a reply is checked against after its checksums passed.
struct ReplyExpectation {
    std::uint8_t adr = 0;
    std::uint8_t ver = kVersion;
};

// Checks VER, CID1 and ADR of a reply and then its RTN (§3 validation order). kOk only for RTN 0.
FrameStatus check_reply(const Frame& frame, const ReplyExpectation& expected);

// INFO decoded from hex pairs. Fixed capacity, no allocation.
struct InfoBytes {
    std::array<std::uint8_t, kMaxInfoBytes> data{};
    std::size_t size = 0;

    std::span<const std::uint8_t> bytes() const { return {data.data(), size}; }
};

// Decodes hex INFO (either case). Returns kNonHex for an odd length or a non-hex character.
FrameStatus decode_info_hex(std::string_view info, InfoBytes& out);

}  // namespace tbg::topband
