// Fuzz target: the receive path. The input is a byte stream from the bus, fed one byte at a time into a
// FrameAssembler and ended with flush(). Every valid frame goes through check_reply, decode_info_hex, every INFO
// decoder and decode_manufacturer_info, and must survive a re-encode/parse round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/topband/assembler.h"
#include "core/topband/encoders.h"
#include "core/topband/frame.h"
#include "fuzz/fuzz_checks.h"

namespace {

using tbg::fuzz::require;
using tbg::fuzz::touch;
namespace topband = tbg::topband;

void check_frame(const topband::Frame& frame) {
    require(frame.info.size() == frame.lenid, "assembler: info size differs from LENID");
    require(frame.lenid <= topband::kMaxInfoChars, "assembler: LENID above kMaxInfoChars");
    touch(frame.info);

    // Against the address the frame carries, and against another one.
    const topband::FrameStatus own = topband::check_reply(frame, {.adr = frame.adr});
    touch(topband::to_string(own));
    const auto other_adr = static_cast<std::uint8_t>(frame.adr + 1U);
    const topband::FrameStatus other = topband::check_reply(frame, {.adr = other_adr});
    touch(topband::to_string(other));
    require(other != topband::FrameStatus::kOk, "check_reply: accepted a reply from another address");
    touch(topband::rtn_meaning(frame.cid2));
    touch(topband::rtn_id(frame.cid2));
    touch(topband::command_name(frame.cid2));

    // A received frame, encoded again from its fields, parses back to the same fields (the encoder always writes
    // CID1 0x46).
    topband::EncodedFrame again;
    require(topband::encode_frame_raw_info(frame.adr, frame.cid2, frame.info, again, frame.ver),
            "encode_frame_raw_info: refused a frame the assembler accepted");
    topband::Frame reparsed;
    require(topband::parse_frame(again.view(), reparsed) == topband::FrameStatus::kOk,
            "parse_frame: rejected a re-encoded valid frame");
    require(reparsed.ver == frame.ver && reparsed.adr == frame.adr && reparsed.cid1 == topband::kCid1Battery &&
                reparsed.cid2 == frame.cid2 && reparsed.lenid == frame.lenid && reparsed.info == frame.info,
            "parse_frame: re-encoded frame differs from the received one");

    topband::InfoBytes info;
    const topband::FrameStatus hex = topband::decode_info_hex(frame.info, info);
    touch(topband::to_string(hex));
    if (hex == topband::FrameStatus::kOk) {
        require(info.size * 2 == frame.info.size(), "decode_info_hex: byte count is not half the characters");
        tbg::fuzz::check_every_decoder(info.bytes(), frame.info);
    } else {
        // Raw-ASCII INFO: only the 0x51 decoder takes characters.
        topband::ManufacturerInfo manufacturer;
        tbg::fuzz::check_manufacturer_info(frame.info, manufacturer);
    }
}

void handle(const topband::AssemblerEvent& event) {
    if (event.kind != topband::AssemblerEvent::Kind::kFrame) {
        return;
    }
    touch(topband::to_string(event.status));
    if (event.status == topband::FrameStatus::kOk) {
        check_frame(event.frame);
    }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    topband::FrameAssembler assembler;
    for (const std::uint8_t byte : std::span<const std::uint8_t>(data, size)) {
        handle(assembler.push(byte));
    }
    handle(assembler.flush());
    require(!assembler.in_frame(), "assembler: still in a frame after flush()");
    tbg::fuzz::keep(assembler.discarded_bytes());
    return 0;
}
