#include "core/topband/frame.h"

#include "core/topband/hex.h"

namespace tbg::topband {

std::string_view to_string(FrameStatus status) {
    switch (status) {
        case FrameStatus::kOk:
            return "ok";
        case FrameStatus::kBadLchksum:
            return "bad_lchksum";
        case FrameStatus::kBadChksum:
            return "bad_chksum";
        case FrameStatus::kNonHex:
            return "non_hex";
        case FrameStatus::kOverlong:
            return "overlong";
        case FrameStatus::kTruncated:
            return "truncated";
        case FrameStatus::kMissingSoi:
            return "missing_soi";
        case FrameStatus::kUnexpectedVer:
            return "unexpected_ver";
        case FrameStatus::kUnexpectedCid1:
            return "unexpected_cid1";
        case FrameStatus::kUnexpectedAdr:
            return "unexpected_adr";
        case FrameStatus::kRtnError:
            return "rtn_error";
    }
    return "unknown";
}

namespace {

struct RtnEntry {
    std::uint8_t code;
    std::string_view id;
    std::string_view meaning;
};

constexpr RtnEntry kRtnTable[] = {
    {0x00, "normal", "normal"},
    {0x01, "ver_error", "VER error"},
    {0x02, "chksum_error", "CHKSUM error"},
    {0x03, "lchksum_error", "LCHKSUM error"},
    {0x04, "cid2_invalid", "CID2 invalid (unsupported command)"},
    {0x05, "command_format_error", "command format error"},
    {0x06, "invalid_data", "invalid data (INFO)"},
    {0x90, "adr_error", "ADR error"},
    {0x91, "internal_communication_error", "internal communication error"},
};

const RtnEntry* find_rtn(std::uint8_t rtn) {
    for (const auto& entry : kRtnTable) {
        if (entry.code == rtn) {
            return &entry;
        }
    }
    return nullptr;
}

struct CommandEntry {
    std::uint8_t cid2;
    std::string_view name;
};

constexpr CommandEntry kCommands[] = {
    {0x42, "analog"},        {0x44, "alarm"},         {0x47, "system_parameters"}, {0x4B, "history"},
    {0x4D, "get_date_time"}, {0x4E, "set_date_time"}, {0x4F, "protocol_version"},  {0x51, "manufacturer_info"},
};

}  // namespace

std::string_view rtn_meaning(std::uint8_t rtn) {
    const RtnEntry* entry = find_rtn(rtn);
    return entry != nullptr ? entry->meaning : "unknown return code";
}

std::string_view rtn_id(std::uint8_t rtn) {
    const RtnEntry* entry = find_rtn(rtn);
    return entry != nullptr ? entry->id : "unknown";
}

std::string_view command_name(std::uint8_t cid2) {
    for (const auto& entry : kCommands) {
        if (entry.cid2 == cid2) {
            return entry.name;
        }
    }
    return "unknown";
}

bool is_known_command(std::uint8_t cid2) {
    return command_name(cid2) != "unknown";
}

std::uint16_t chksum(std::string_view body) {
    unsigned sum = 0;
    for (const char c : body) {
        sum += static_cast<unsigned char>(c);
    }
    return static_cast<std::uint16_t>((0x10000U - (sum & 0xFFFFU)) & 0xFFFFU);
}

FrameStatus parse_frame(std::string_view text, Frame& frame) {
    if (!text.empty() && (text.back() == '\r' || text.back() == '\n')) {
        text.remove_suffix(1);
    }
    if (text.empty() || text.front() != '~') {
        return FrameStatus::kMissingSoi;
    }
    if (text.size() < kHeaderChars) {
        return FrameStatus::kTruncated;
    }
    const auto ver = hex::parse(text.substr(1, 2));
    const auto adr = hex::parse(text.substr(3, 2));
    const auto cid1 = hex::parse(text.substr(5, 2));
    const auto cid2 = hex::parse(text.substr(7, 2));
    const auto length = hex::parse(text.substr(9, 4));
    if (!ver || !adr || !cid1 || !cid2 || !length) {
        return FrameStatus::kNonHex;
    }
    const auto lenid = static_cast<std::uint16_t>(*length & 0x0FFFU);
    if ((*length >> 12U) != lchksum(lenid)) {
        return FrameStatus::kBadLchksum;
    }
    if (lenid > kMaxInfoChars) {
        return FrameStatus::kOverlong;
    }
    const std::size_t expected = kFrameOverheadChars - 1 + lenid;  // without EOI
    if (text.size() < expected) {
        return FrameStatus::kTruncated;
    }
    if (text.size() > expected) {
        return FrameStatus::kOverlong;
    }
    const auto sent = hex::parse(text.substr(expected - 4, 4));
    if (!sent) {
        return FrameStatus::kNonHex;
    }
    if (*sent != chksum(text.substr(1, expected - 5))) {
        return FrameStatus::kBadChksum;
    }
    frame.ver = static_cast<std::uint8_t>(*ver);
    frame.adr = static_cast<std::uint8_t>(*adr);
    frame.cid1 = static_cast<std::uint8_t>(*cid1);
    frame.cid2 = static_cast<std::uint8_t>(*cid2);
    frame.lenid = lenid;
    frame.info = text.substr(kHeaderChars, lenid);
    return FrameStatus::kOk;
}

FrameStatus check_reply(const Frame& frame, const ReplyExpectation& expected) {
    if (frame.ver != expected.ver) {
        return FrameStatus::kUnexpectedVer;
    }
    if (frame.cid1 != kCid1Battery) {
        return FrameStatus::kUnexpectedCid1;
    }
    if (frame.adr != expected.adr) {
        return FrameStatus::kUnexpectedAdr;
    }
    if (frame.cid2 != static_cast<std::uint8_t>(Rtn::kNormal)) {
        return FrameStatus::kRtnError;
    }
    return FrameStatus::kOk;
}

FrameStatus decode_info_hex(std::string_view info, InfoBytes& out) {
    out.size = 0;
    if (info.size() % 2 != 0 || info.size() / 2 > out.data.size()) {
        return FrameStatus::kNonHex;
    }
    for (std::size_t i = 0; i < info.size(); i += 2) {
        const int high = hex::digit_value(info[i]);
        const int low = hex::digit_value(info[i + 1]);
        if (high < 0 || low < 0) {
            out.size = 0;
            return FrameStatus::kNonHex;
        }
        out.data[i / 2] = static_cast<std::uint8_t>((high << 4) | low);
    }
    out.size = info.size() / 2;
    return FrameStatus::kOk;
}

}  // namespace tbg::topband
