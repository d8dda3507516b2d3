#include "core/api/topband_json.h"

#include <cstdio>
#include <string>

#include "core/api/printable.h"
#include "core/topband/decoders.h"

namespace tbg::api {

namespace {

using nlohmann::json;
namespace tb = topband;

std::string hex_byte(unsigned value) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", value & 0xFFU);
    return text;
}

// Decimal rendering of a fixed-point integer: value / divisor, exact for the divisors used here (10, 100).
double scaled(long long value, int divisor) {
    return static_cast<double>(value) / divisor;
}

std::string normalise(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n')) {
        text.remove_suffix(1);
    }
    std::string result(text);
    if (result.size() >= 2 && result.compare(result.size() - 2, 2, "\\r") == 0) {
        result.resize(result.size() - 2);
        result.push_back('\r');
    }
    return result;
}

json error_doc(json doc, std::string_view code, std::string message) {
    doc["ok"] = false;
    doc["error"] = code;
    doc["message"] = std::move(message);
    return doc;
}

std::string frame_message(tb::FrameStatus status) {
    switch (status) {
        case tb::FrameStatus::kBadLchksum:
            return "LENGTH checksum (LCHKSUM) does not match LENID";
        case tb::FrameStatus::kBadChksum:
            return "frame checksum (CHKSUM) does not match the characters";
        case tb::FrameStatus::kNonHex:
            return "a character that must be a hex digit is not one";
        case tb::FrameStatus::kOverlong:
            return "the frame is longer than its LENGTH field says, or longer than the maximum accepted";
        case tb::FrameStatus::kTruncated:
            return "the frame ends before the length its LENGTH field announces";
        case tb::FrameStatus::kMissingSoi:
            return "the frame does not start with '~' (SOI)";
        case tb::FrameStatus::kUnexpectedVer:
            return "VER is not 0x21 (not a Topband frame)";
        case tb::FrameStatus::kUnexpectedCid1:
            return "CID1 is not 0x46 (battery)";
        case tb::FrameStatus::kUnexpectedAdr:
            return "reply from another address than expected";
        case tb::FrameStatus::kRtnError:
            return "the pack answered with an error return code";
        case tb::FrameStatus::kOk:
            break;
    }
    return "ok";
}

json temperatures_json(std::size_t cell_count, std::size_t count, const std::uint16_t* raw) {
    json doc;
    const tb::TemperatureRoles roles = tb::temperature_roles(cell_count, count);
    json celsius = json::array();
    json raws = json::array();
    json role_names = json::array();
    for (std::size_t i = 0; i < count; ++i) {
        celsius.push_back(scaled(tb::temperature_dC(raw[i]), 10));
        raws.push_back(raw[i]);
        role_names.push_back(tb::to_string(roles.role[i]));
    }
    doc["temperatures_C"] = celsius;
    doc["temperatures_raw_dK"] = raws;
    doc["temperature_roles"] = role_names;
    doc["temperature_roles_likely"] = roles.likely;
    return doc;
}

void add_analog(json& doc, const tb::AnalogValues& values) {
    doc["pack_id"] = values.pack_id;
    doc["cell_count"] = values.cell_count;
    doc["cells_mV"] =
        json(std::vector<std::uint16_t>(values.cell_mV.begin(), values.cell_mV.begin() + values.cell_count));
    doc["temp_count"] = values.temp_count;
    doc.update(temperatures_json(values.cell_count, values.temp_count, values.temp_raw_dK.data()));
    if (values.current_10mA) {
        doc["current_A"] = scaled(*values.current_10mA, 100);
    }
    if (values.pack_voltage_10mV) {
        doc["voltage_V"] = scaled(*values.pack_voltage_10mV, 100);
    }
    if (values.remaining_10mAh) {
        doc["remaining_Ah"] = scaled(*values.remaining_10mAh, 100);
    }
    if (values.udi) {
        doc["udi"] = *values.udi;
    }
    if (values.full_10mAh) {
        doc["full_Ah"] = scaled(*values.full_10mAh, 100);
    }
    if (values.cycles) {
        doc["cycles"] = *values.cycles;
    }
    if (values.bms_soc_pct) {
        doc["bms_soc_pct"] = *values.bms_soc_pct;
    }
    const auto soc = values.soc();
    if (soc.source != tb::SocSource::kNone) {
        doc["soc_pct"] = scaled(soc.value_centipct, 100);
        doc["soc_source"] = soc.source == tb::SocSource::kBms ? "bms" : "capacity";
    }
    if (values.soh_pct) {
        doc["soh_pct"] = *values.soh_pct;
    }
    json custom = json::array();
    if (values.custom1) {
        custom.push_back(*values.custom1);
    }
    if (values.custom2) {
        custom.push_back(*values.custom2);
    }
    doc["custom"] = custom;
    doc["extended_capacity"] = values.extended_capacity;
    doc["trailing_bytes"] = values.trailing_bytes;
}

void add_alarm(json& doc, const tb::AlarmInfo& info) {
    doc["pack_id"] = info.pack_id;
    doc["cell_count"] = info.cell_count;
    json cells = json::array();
    for (std::size_t i = 0; i < info.cell_count; ++i) {
        cells.push_back(tb::state_byte_name(info.cell_state[i]));
    }
    doc["cell_states"] = cells;
    doc["temp_count"] = info.temp_count;
    const tb::TemperatureRoles roles = tb::temperature_roles(info.cell_count, info.temp_count);
    json temps = json::array();
    for (std::size_t i = 0; i < info.temp_count; ++i) {
        temps.push_back({{"role", tb::to_string(roles.role[i])}, {"state", tb::state_byte_name(info.temp_state[i])}});
    }
    doc["temperature_states"] = temps;
    doc["charge_current_state"] = tb::state_byte_name(info.charge_current_state);
    doc["pack_voltage_state"] = tb::state_byte_name(info.pack_voltage_state);
    doc["status_byte_count"] = info.status_byte_count;
    json active = json::array();
    json undefined = json::array();
    json protections = json::array();
    for (std::size_t bit = 0; bit < std::size_t{info.status_byte_count} * 8; ++bit) {
        if (!info.status_bit(bit)) {
            continue;
        }
        const tb::StatusBitInfo* named = tb::find_status_bit(bit);
        if (named == nullptr) {
            undefined.push_back(bit);
            continue;
        }
        active.push_back(named->id);
        if (named->protection) {
            protections.push_back(named->id);
        }
    }
    doc["status_active"] = active;
    doc["status_protections"] = protections;
    doc["status_undefined_bits"] = undefined;
    doc["trailing_bytes"] = info.trailing_bytes;
}

void add_system_parameters(json& doc, const tb::SystemParameters& p) {
    doc["cell_high_V"] = scaled(p.cell_high_mV, 1000);
    doc["cell_low_V"] = scaled(p.cell_low_mV, 1000);
    doc["cell_under_V"] = scaled(p.cell_under_mV, 1000);
    doc["charge_high_C"] = scaled(tb::temperature_dC(p.charge_high_temp_raw_dK), 10);
    doc["charge_low_C"] = scaled(tb::temperature_dC(p.charge_low_temp_raw_dK), 10);
    doc["charge_current_max_A"] = scaled(p.charge_current_max_10mA, 100);
    doc["pack_high_V"] = scaled(p.pack_high_10mV, 100);
    doc["pack_low_V"] = scaled(p.pack_low_10mV, 100);
    doc["pack_under_V"] = scaled(p.pack_under_10mV, 100);
    doc["discharge_high_C"] = scaled(tb::temperature_dC(p.discharge_high_temp_raw_dK), 10);
    doc["discharge_low_C"] = scaled(tb::temperature_dC(p.discharge_low_temp_raw_dK), 10);
    doc["discharge_current_max_A"] = scaled(p.discharge_current_max_10mA, 100);
    const std::uint16_t mask = tb::implausible_parameters(p);
    json implausible = json::array();
    for (std::size_t i = 0; i < tb::kSystemParameterCount; ++i) {
        if ((mask >> i) & 1U) {
            implausible.push_back(tb::system_parameter_id(i));
        }
    }
    doc["plausible"] = mask == 0;
    doc["implausible"] = implausible;
    doc["trailing_bytes"] = p.trailing_bytes;
}

std::string date_time_text(const tb::DateTime& t) {
    char text[32];
    std::snprintf(text, sizeof text, "%04u-%02u-%02u %02u:%02u:%02u", unsigned{t.year}, unsigned{t.month},
                  unsigned{t.day}, unsigned{t.hour}, unsigned{t.minute}, unsigned{t.second});
    return text;
}

void add_history(json& doc, const tb::HistoryRecord& r) {
    doc["info0"] = r.info0;
    doc["record_number"] = r.record_number;
    doc["datetime"] = date_time_text(r.time);
    doc["event_type"] = r.event_type;
    doc["status_bytes"] =
        json(std::vector<std::uint8_t>(r.status_bytes.begin(), r.status_bytes.begin() + r.status_byte_count));
    doc["value_count"] = r.value_count;
    doc["current_A"] = scaled(r.current_10mA, 100);
    doc["voltage_V"] = scaled(r.pack_voltage_10mV, 100);
    doc["remaining_Ah"] = scaled(r.remaining_10mAh, 100);
    if (r.cell_temp_count > 0) {
        json temps = json::array();
        for (std::size_t i = 0; i < r.cell_temp_count; ++i) {
            temps.push_back(scaled(r.cell_temp_dC[i], 10));
        }
        doc["cell_temperatures_C"] = temps;
        doc["environment_C"] = scaled(*r.environment_temp_dC, 10);
        doc["mosfet_C"] = scaled(*r.mosfet_temp_dC, 10);
        doc["cells_mV"] = json(std::vector<std::uint16_t>(r.cell_mV.begin(), r.cell_mV.begin() + r.cell_slot_count));
    }
    doc["trailing_bytes"] = r.trailing_bytes;
}

void add_manufacturer(json& doc, std::string_view info) {
    tb::ManufacturerInfo m;
    tb::decode_manufacturer_info(info, m);
    doc["info_is_raw_ascii"] = m.raw_ascii;
    doc["hardware"] = printable(m.hardware());
    doc["software"] = printable(m.software());
    doc["id"] = printable(m.id());
}

// Picks the command whose layout the INFO matches exactly (no trailing bytes); 0 when none does.
std::uint8_t guess_command(const tb::Frame& frame, const tb::InfoBytes* bytes) {
    if (bytes == nullptr) {
        return static_cast<std::uint8_t>(tb::Command::kManufacturerInfo);  // non-hex INFO: raw-ASCII 0x51 reply
    }
    const auto info = bytes->bytes();
    tb::AnalogValues analog;
    if (tb::decode_analog(info, analog) == tb::DecodeError::kNone && analog.trailing_bytes == 0 && analog.cycles) {
        return static_cast<std::uint8_t>(tb::Command::kAnalog);
    }
    tb::AlarmInfo alarm;
    if (tb::decode_alarm(info, alarm) == tb::DecodeError::kNone && alarm.trailing_bytes == 0) {
        return static_cast<std::uint8_t>(tb::Command::kAlarm);
    }
    tb::HistoryRecord history;
    if (tb::decode_history(info, history) == tb::DecodeError::kNone && history.trailing_bytes == 0) {
        return static_cast<std::uint8_t>(tb::Command::kHistory);
    }
    if (info.size() == 24) {
        return static_cast<std::uint8_t>(tb::Command::kSystemParameters);
    }
    if (info.size() == 7) {
        return static_cast<std::uint8_t>(tb::Command::kGetDateTime);
    }
    if (frame.lenid == 64) {
        return static_cast<std::uint8_t>(tb::Command::kManufacturerInfo);  // hex-encoded (PY/Seplos style)
    }
    return 0;
}

json decode_request(json doc, const tb::Frame& frame) {
    doc["kind"] = "request";
    doc["cid2"] = hex_byte(frame.cid2);
    doc["command"] = tb::command_name(frame.cid2);
    tb::InfoBytes bytes;
    if (tb::decode_info_hex(frame.info, bytes) != tb::FrameStatus::kOk) {
        return error_doc(std::move(doc), tb::to_string(tb::FrameStatus::kNonHex), "request INFO is not hex");
    }
    const auto info = bytes.bytes();
    doc["info_hex"] = std::string(frame.info);
    switch (static_cast<tb::Command>(frame.cid2)) {
        case tb::Command::kAnalog:
        case tb::Command::kAlarm:
        case tb::Command::kProtocolVersion:
            if (info.size() == 1) {
                doc["command_adr"] = info[0];
            }
            break;
        case tb::Command::kHistory:
            if (info.size() == 2) {
                doc["mode"] = info[0];
                doc["pack_adr"] = info[1];
            }
            break;
        case tb::Command::kSetDateTime: {
            tb::DateTime time;
            const tb::DecodeError error = tb::decode_date_time(info, time);
            if (error != tb::DecodeError::kNone) {
                return error_doc(std::move(doc), tb::to_string(error), "date/time INFO is invalid");
            }
            doc["datetime"] = date_time_text(time);
            break;
        }
        default:
            break;
    }
    doc["ok"] = true;
    return doc;
}

}  // namespace

bool looks_like_request(const tb::Frame& frame) {
    return (frame.cid2 >= 0x40 && frame.cid2 <= 0x5F) || (frame.cid2 >= 0x92 && frame.cid2 <= 0x96);
}

json decode_frame_json(std::string_view text, const DecodeOptions& options) {
    const std::string normalised = normalise(text);
    json doc = json::object();
    doc["frame"] = printable(normalised);
    tb::Frame frame;
    const tb::FrameStatus framing = tb::parse_frame(normalised, frame);
    if (framing != tb::FrameStatus::kOk) {
        return error_doc(std::move(doc), tb::to_string(framing), frame_message(framing));
    }
    doc["ver"] = hex_byte(frame.ver);
    doc["adr"] = frame.adr;
    doc["lenid"] = frame.lenid;

    if (looks_like_request(frame)) {
        const tb::FrameStatus header = frame.ver != tb::kVersion        ? tb::FrameStatus::kUnexpectedVer
                                       : frame.cid1 != tb::kCid1Battery ? tb::FrameStatus::kUnexpectedCid1
                                                                        : tb::FrameStatus::kOk;
        if (header != tb::FrameStatus::kOk) {
            return error_doc(std::move(doc), tb::to_string(header), frame_message(header));
        }
        return decode_request(std::move(doc), frame);
    }

    doc["kind"] = "reply";
    doc["rtn"] = frame.cid2;
    const tb::ReplyExpectation expectation{options.expected_adr.value_or(frame.adr), tb::kVersion};
    const tb::FrameStatus reply = tb::check_reply(frame, expectation);
    if (reply == tb::FrameStatus::kRtnError) {
        doc["rtn_id"] = tb::rtn_id(frame.cid2);
        doc["rtn_meaning"] = tb::rtn_meaning(frame.cid2);
    }
    if (reply != tb::FrameStatus::kOk) {
        return error_doc(std::move(doc), tb::to_string(reply), frame_message(reply));
    }
    const bool expects_info = options.command &&
                              *options.command != static_cast<std::uint8_t>(tb::Command::kSetDateTime) &&
                              *options.command != static_cast<std::uint8_t>(tb::Command::kProtocolVersion);
    if (frame.lenid == 0 && expects_info) {
        doc["command"] = tb::command_name(*options.command);
        return error_doc(std::move(doc), tb::to_string(tb::DecodeError::kInfoTooShort),
                         "the reply carries no INFO, but this command's reply has data");
    }
    if (frame.lenid == 0) {
        doc["command"] = options.command ? tb::command_name(*options.command) : "none";
        doc["ok"] = true;  // bare OK reply (0x4E set date/time, 0x4F protocol version)
        return doc;
    }

    tb::InfoBytes bytes;
    const bool hex_info = tb::decode_info_hex(frame.info, bytes) == tb::FrameStatus::kOk;
    std::uint8_t command = 0;
    if (options.command) {
        command = *options.command;
        doc["command_guessed"] = false;
    } else {
        command = guess_command(frame, hex_info ? &bytes : nullptr);
        doc["command_guessed"] = true;
    }
    doc["command"] = tb::command_name(command);
    doc["cid2"] = hex_byte(command);
    if (command == static_cast<std::uint8_t>(tb::Command::kManufacturerInfo)) {
        add_manufacturer(doc, frame.info);
        doc["ok"] = true;
        return doc;
    }
    if (!hex_info) {
        return error_doc(std::move(doc), tb::to_string(tb::FrameStatus::kNonHex), "INFO is not hex-encoded");
    }
    const auto info = bytes.bytes();
    tb::DecodeError error = tb::DecodeError::kNone;
    switch (static_cast<tb::Command>(command)) {
        case tb::Command::kAnalog: {
            tb::AnalogValues values;
            error = tb::decode_analog(info, values);
            if (error == tb::DecodeError::kNone) {
                add_analog(doc, values);
            }
            break;
        }
        case tb::Command::kAlarm: {
            tb::AlarmInfo alarm;
            error = tb::decode_alarm(info, alarm);
            if (error == tb::DecodeError::kNone) {
                add_alarm(doc, alarm);
            }
            break;
        }
        case tb::Command::kSystemParameters: {
            tb::SystemParameters parameters;
            error = tb::decode_system_parameters(info, parameters);
            if (error == tb::DecodeError::kNone) {
                add_system_parameters(doc, parameters);
            }
            break;
        }
        case tb::Command::kHistory: {
            tb::HistoryRecord record;
            error = tb::decode_history(info, record);
            if (error == tb::DecodeError::kNone) {
                add_history(doc, record);
            }
            break;
        }
        case tb::Command::kGetDateTime: {
            tb::DateTime time;
            error = tb::decode_date_time(info, time);
            if (error == tb::DecodeError::kNone) {
                doc["datetime"] = date_time_text(time);
            }
            break;
        }
        default:
            return error_doc(std::move(doc), "unknown_command",
                             "cannot tell which command this reply answers; pass --command");
    }
    if (error != tb::DecodeError::kNone) {
        return error_doc(std::move(doc), tb::to_string(error), "INFO does not match the command's layout");
    }
    doc["ok"] = true;
    return doc;
}

}  // namespace tbg::api
