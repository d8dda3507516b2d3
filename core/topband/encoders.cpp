#include "core/topband/encoders.h"

#include <algorithm>

#include "core/topband/hex.h"

namespace tbg::topband {

namespace {

// Writes header, INFO characters already in place at kHeaderChars, CHKSUM and CR; `lenid` INFO characters.
void finish_frame(std::uint8_t ver, std::uint8_t adr, std::uint8_t cid2, std::size_t lenid, EncodedFrame& out) {
    char* c = out.chars.data();
    c[0] = '~';
    hex::write(c + 1, ver, 2);
    hex::write(c + 3, adr, 2);
    hex::write(c + 5, kCid1Battery, 2);
    hex::write(c + 7, cid2, 2);
    hex::write(c + 9, length_field(static_cast<std::uint16_t>(lenid)), 4);
    const std::size_t body_end = kHeaderChars + lenid;
    hex::write(c + body_end, chksum(std::string_view(c + 1, body_end - 1)), 4);
    c[body_end + 4] = '\r';
    out.size = body_end + 5;
}

// Appends big-endian values to a byte buffer; stops (and reports overflow) when full.
class ByteWriter {
public:
    explicit ByteWriter(std::span<std::uint8_t> out) : out_(out) {}

    void u8(std::uint8_t value) {
        if (size_ >= out_.size()) {
            overflow_ = true;
            return;
        }
        out_[size_++] = value;
    }
    void u16(std::uint16_t value) {
        u8(static_cast<std::uint8_t>(value >> 8U));
        u8(static_cast<std::uint8_t>(value & 0xFFU));
    }
    void s16(std::int16_t value) { u16(static_cast<std::uint16_t>(value)); }
    void u24(std::uint32_t value) {
        u8(static_cast<std::uint8_t>((value >> 16U) & 0xFFU));
        u16(static_cast<std::uint16_t>(value & 0xFFFFU));
    }
    // Size written, or 0 after an overflow.
    std::size_t result() const { return overflow_ ? 0 : size_; }

private:
    std::span<std::uint8_t> out_;
    std::size_t size_ = 0;
    bool overflow_ = false;
};

EncodedFrame request(std::uint8_t adr, Command command, std::span<const std::uint8_t> info) {
    EncodedFrame frame;
    encode_frame(adr, static_cast<std::uint8_t>(command), info, frame);
    return frame;
}

}  // namespace

bool encode_frame(std::uint8_t adr, std::uint8_t cid2_or_rtn, std::span<const std::uint8_t> info, EncodedFrame& out,
                  std::uint8_t ver) {
    out.size = 0;
    if (info.size() > kMaxInfoBytes) {
        return false;
    }
    for (std::size_t i = 0; i < info.size(); ++i) {
        hex::write(out.chars.data() + kHeaderChars + 2 * i, info[i], 2);
    }
    finish_frame(ver, adr, cid2_or_rtn, 2 * info.size(), out);
    return true;
}

bool encode_frame_raw_info(std::uint8_t adr, std::uint8_t cid2_or_rtn, std::string_view info_chars, EncodedFrame& out,
                           std::uint8_t ver) {
    out.size = 0;
    if (info_chars.size() > kMaxInfoChars) {
        return false;
    }
    std::copy(info_chars.begin(), info_chars.end(), out.chars.begin() + kHeaderChars);
    finish_frame(ver, adr, cid2_or_rtn, info_chars.size(), out);
    return true;
}

EncodedFrame encode_analog_request(std::uint8_t adr) {
    const std::uint8_t info[] = {adr};
    return request(adr, Command::kAnalog, info);
}

EncodedFrame encode_alarm_request(std::uint8_t adr) {
    const std::uint8_t info[] = {adr};
    return request(adr, Command::kAlarm, info);
}

EncodedFrame encode_system_parameters_request(std::uint8_t adr) {
    return request(adr, Command::kSystemParameters, {});
}

EncodedFrame encode_history_request(std::uint8_t adr, HistoryMode mode) {
    const std::uint8_t info[] = {static_cast<std::uint8_t>(mode), adr};
    return request(adr, Command::kHistory, info);
}

EncodedFrame encode_get_date_time_request(std::uint8_t adr) {
    return request(adr, Command::kGetDateTime, {});
}

EncodedFrame encode_set_date_time_request(std::uint8_t adr, const DateTime& time) {
    std::uint8_t info[7];
    build_date_time_info(time, info);
    return request(adr, Command::kSetDateTime, info);
}

EncodedFrame encode_protocol_version_request(std::uint8_t adr) {
    return request(adr, Command::kProtocolVersion, {});
}

EncodedFrame encode_manufacturer_info_request(std::uint8_t adr) {
    return request(adr, Command::kManufacturerInfo, {});
}

bool encode_request(std::uint8_t adr, std::uint8_t cid2, EncodedFrame& out) {
    switch (static_cast<Command>(cid2)) {
        case Command::kAnalog:
            out = encode_analog_request(adr);
            return true;
        case Command::kAlarm:
            out = encode_alarm_request(adr);
            return true;
        case Command::kSystemParameters:
            out = encode_system_parameters_request(adr);
            return true;
        case Command::kHistory:
            out = encode_history_request(adr, HistoryMode::kFirst);
            return true;
        case Command::kGetDateTime:
            out = encode_get_date_time_request(adr);
            return true;
        case Command::kProtocolVersion:
            out = encode_protocol_version_request(adr);
            return true;
        case Command::kManufacturerInfo:
            out = encode_manufacturer_info_request(adr);
            return true;
        case Command::kSetDateTime:
            break;
    }
    out.size = 0;
    return false;
}

std::size_t build_analog_info(const AnalogValues& values, std::span<std::uint8_t> out) {
    ByteWriter writer(out);
    writer.u8(values.pack_id);
    writer.u8(values.cell_count);
    for (std::size_t i = 0; i < values.cell_count && i < kMaxCells; ++i) {
        writer.u16(values.cell_mV[i]);
    }
    writer.u8(values.temp_count);
    for (std::size_t i = 0; i < values.temp_count && i < kMaxTemperatures; ++i) {
        writer.u16(values.temp_raw_dK[i]);
    }
    // Each tail field is written only while every earlier one is present: the wire format has no gaps.
    if (!values.current_10mA) {
        return writer.result();
    }
    writer.s16(*values.current_10mA);
    if (!values.pack_voltage_10mV) {
        return writer.result();
    }
    writer.u16(*values.pack_voltage_10mV);
    const bool extended = values.extended_capacity;
    if (!values.remaining_10mAh) {
        return writer.result();
    }
    writer.u16(extended ? 0xFFFF : static_cast<std::uint16_t>(*values.remaining_10mAh));
    if (!values.udi) {
        return writer.result();
    }
    writer.u8(*values.udi);
    if (!values.full_10mAh) {
        return writer.result();
    }
    writer.u16(extended ? 0xFFFF : static_cast<std::uint16_t>(*values.full_10mAh));
    if (!values.cycles) {
        return writer.result();
    }
    writer.u16(*values.cycles);
    if (extended) {
        writer.u24(*values.remaining_10mAh);
        writer.u24(*values.full_10mAh);
        return writer.result();
    }
    const std::optional<std::uint8_t> tail[] = {values.bms_soc_pct, values.soh_pct, values.custom1, values.custom2};
    for (const auto& field : tail) {
        if (!field) {
            break;
        }
        writer.u8(*field);
    }
    return writer.result();
}

std::size_t build_alarm_info(const AlarmInfo& info, std::span<std::uint8_t> out) {
    ByteWriter writer(out);
    writer.u8(info.pack_id);
    writer.u8(info.cell_count);
    for (std::size_t i = 0; i < info.cell_count && i < kMaxCells; ++i) {
        writer.u8(info.cell_state[i]);
    }
    writer.u8(info.temp_count);
    for (std::size_t i = 0; i < info.temp_count && i < kMaxTemperatures; ++i) {
        writer.u8(info.temp_state[i]);
    }
    writer.u8(info.charge_current_state);
    writer.u8(info.pack_voltage_state);
    writer.u8(info.status_byte_count);
    for (std::size_t i = 0; i < info.status_byte_count && i < kMaxStatusBytes; ++i) {
        writer.u8(info.status_bytes[i]);
    }
    return writer.result();
}

std::size_t build_system_parameters_info(const SystemParameters& p, std::span<std::uint8_t> out) {
    ByteWriter writer(out);
    writer.u16(p.cell_high_mV);
    writer.u16(p.cell_low_mV);
    writer.u16(p.cell_under_mV);
    writer.u16(p.charge_high_temp_raw_dK);
    writer.u16(p.charge_low_temp_raw_dK);
    writer.s16(p.charge_current_max_10mA);
    writer.u16(p.pack_high_10mV);
    writer.u16(p.pack_low_10mV);
    writer.u16(p.pack_under_10mV);
    writer.u16(p.discharge_high_temp_raw_dK);
    writer.u16(p.discharge_low_temp_raw_dK);
    writer.s16(p.discharge_current_max_10mA);
    return writer.result();
}

std::size_t build_date_time_info(const DateTime& time, std::span<std::uint8_t> out) {
    ByteWriter writer(out);
    writer.u16(time.year);
    writer.u8(time.month);
    writer.u8(time.day);
    writer.u8(time.hour);
    writer.u8(time.minute);
    writer.u8(time.second);
    return writer.result();
}

}  // namespace tbg::topband
