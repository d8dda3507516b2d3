#include <algorithm>
#include <cstdio>
#include <string>

#include "core/api/api_documents.h"
#include "core/api/printable.h"
#include "core/api/topband_json.h"
#include "core/can/describe.h"

namespace tbg::api {

namespace {

using nlohmann::json;

json age_since_s(std::uint64_t t_ms, std::uint64_t now_ms) {
    return static_cast<double>(now_ms >= t_ms ? now_ms - t_ms : 0) / 1000.0;
}

// printable() without the final CR/LF (the EOI).
std::string display_text(std::string_view text) {
    while (!text.empty() && (text.back() == '\r' || text.back() == '\n')) {
        text.remove_suffix(1);
    }
    return printable(text);
}

std::string hex_byte(unsigned value) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", value & 0xFFU);
    return text;
}

json serial_record(const SerialRecord& record, std::uint64_t now_ms) {
    json doc = {{"seq", record.seq},
                {"age_s", age_since_s(record.t_ms, now_ms)},
                {"dir", to_string(record.direction)},
                {"adr", record.has_context ? json(record.adr) : json(nullptr)},
                {"command", record.has_context ? json(hex_byte(record.command)) : json(nullptr)},
                {"text", display_text(record.view())},
                {"truncated", record.truncated}};
    DecodeOptions options;
    if (record.direction == FrameDirection::kRx && record.has_context) {
        options.command = record.command;
        options.expected_adr = record.adr;
    }
    doc["decoded"] = decode_frame_json(record.view(), options);
    return doc;
}

json can_record(const CanRecord& record, can::Protocol protocol, std::uint64_t now_ms) {
    std::string data;
    for (std::size_t i = 0; i < record.frame.dlc && i < can::kMaxDlc; ++i) {
        char byte[4];
        std::snprintf(byte, sizeof byte, "%02X", record.frame.data[i]);
        data += (i == 0 ? "" : " ");
        data += byte;
    }
    char id[8];
    std::snprintf(id, sizeof id, "0x%03X", record.frame.id);
    return {{"seq", record.seq},
            {"age_s", age_since_s(record.t_ms, now_ms)},
            {"dir", to_string(record.direction)},
            {"id", id},
            {"data", data},
            {"text", record.direction == FrameDirection::kTx ? can::describe(record.frame, protocol) : std::string()}};
}

template <typename Ring, typename Render>
json newest(const Ring& ring, std::size_t limit, Render render) {
    json out = json::array();
    const std::size_t count = std::min(limit, ring.size());
    for (std::size_t i = ring.size() - count; i < ring.size(); ++i) {
        out.push_back(render(ring.at(i)));
    }
    return out;
}

}  // namespace

json frames_document(const GatewayView& view, std::size_t limit) {
    if (!view.frames) {
        return {{"rs485", json::array()}, {"can", json::array()}};
    }
    const FrameLog& log = *view.frames;
    return {
        {"rs485", newest(log.serial(), limit, [&](const SerialRecord& r) { return serial_record(r, view.now_ms); })},
        {"can",
         newest(log.can(), limit, [&](const CanRecord& r) { return can_record(r, view.protocol, view.now_ms); })}};
}

json log_document(std::span<const LogLine> lines, std::uint64_t now_ms, std::size_t limit) {
    json out = json::array();
    const std::size_t count = std::min(limit, lines.size());
    for (std::size_t i = lines.size() - count; i < lines.size(); ++i) {
        const LogLine& line = lines[i];
        out.push_back(
            {{"seq", line.seq}, {"age_s", age_since_s(line.t_ms, now_ms)}, {"level", line.level}, {"text", line.text}});
    }
    return {{"lines", std::move(out)}};
}

}  // namespace tbg::api
