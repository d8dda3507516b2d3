// Shared checks of the fuzz targets: run a decoder and verify the invariants its header promises on success.
//
// A broken invariant prints what failed and aborts, which libFuzzer reports as a crash with the input saved.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string_view>

#include "core/topband/decoders.h"
#include "core/topband/frame.h"

namespace tbg::fuzz {

// Aborts with `what` when `condition` is false. Used instead of assert() so that the checks survive NDEBUG.
inline void require(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
        std::abort();
    }
}

// Results stored here cannot be optimised away, so the reads that produced them stay visible to ASan.
inline volatile std::size_t sink = 0;

inline void keep(std::size_t value) {
    sink = value;
}

// Reads every character of a string_view so that ASan sees out-of-bounds or dangling views.
inline void touch(std::string_view text) {
    std::size_t sum = 0;
    for (const char c : text) {
        sum += static_cast<unsigned char>(c);
    }
    keep(sum);
}

inline void check_roles(const topband::TemperatureRoles& roles, std::size_t temp_count) {
    for (std::size_t i = 0; i < temp_count; ++i) {
        touch(topband::to_string(roles.role[i]));
    }
}

inline topband::DecodeError check_analog(std::span<const std::uint8_t> info, topband::AnalogValues& out) {
    const topband::DecodeError error = topband::decode_analog(info, out);
    touch(topband::to_string(error));
    if (error != topband::DecodeError::kNone) {
        return error;
    }
    require(out.cell_count >= 1 && out.cell_count <= topband::kMaxCells, "analog: cell_count outside 1..32");
    require(out.temp_count <= topband::kMaxTemperatures, "analog: temp_count above 16");
    require(out.trailing_bytes <= info.size(), "analog: trailing_bytes larger than INFO");
    check_roles(out.temp_roles, out.temp_count);
    for (std::size_t i = 0; i < out.temp_count; ++i) {
        keep(static_cast<std::size_t>(out.temperature_dC(i)));
    }
    const topband::AnalogValues::Soc soc = out.soc();
    require(soc.value_centipct <= 10000, "analog: soc() above 100 %");
    require(soc.source != topband::SocSource::kNone || soc.value_centipct == 0, "analog: soc() value without source");
    return error;
}

inline topband::DecodeError check_alarm(std::span<const std::uint8_t> info, topband::AlarmInfo& out) {
    const topband::DecodeError error = topband::decode_alarm(info, out);
    touch(topband::to_string(error));
    if (error != topband::DecodeError::kNone) {
        return error;
    }
    require(out.cell_count >= 1 && out.cell_count <= topband::kMaxCells, "alarm: cell_count outside 1..32");
    require(out.temp_count <= topband::kMaxTemperatures, "alarm: temp_count above 16");
    require(out.status_byte_count <= topband::kMaxStatusBytes, "alarm: status_byte_count above 32");
    require(out.trailing_bytes <= info.size(), "alarm: trailing_bytes larger than INFO");
    for (std::size_t i = 0; i < out.cell_count; ++i) {
        touch(topband::state_byte_name(out.cell_state[i]));
    }
    for (std::size_t i = 0; i < out.temp_count; ++i) {
        touch(topband::state_byte_name(out.temp_state[i]));
    }
    touch(topband::state_byte_name(out.charge_current_state));
    touch(topband::state_byte_name(out.pack_voltage_state));
    check_roles(topband::temperature_roles(out.cell_count, out.temp_count), out.temp_count);
    for (std::size_t bit = 0; bit < 8 * (topband::kMaxStatusBytes + 1); ++bit) {
        if (out.status_bit(bit)) {
            require(bit / 8 < out.status_byte_count, "alarm: status bit set beyond the received bytes");
            if (const topband::StatusBitInfo* named = topband::find_status_bit(bit); named != nullptr) {
                require(named->bit == bit, "alarm: find_status_bit returned another bit");
                touch(named->id);
                touch(named->name);
            }
        }
    }
    return error;
}

inline topband::DecodeError check_system_parameters(std::span<const std::uint8_t> info,
                                                    topband::SystemParameters& out) {
    const topband::DecodeError error = topband::decode_system_parameters(info, out);
    touch(topband::to_string(error));
    if (error != topband::DecodeError::kNone) {
        return error;
    }
    require(out.trailing_bytes <= info.size(), "system parameters: trailing_bytes larger than INFO");
    const std::uint16_t implausible = topband::implausible_parameters(out);
    require((implausible >> topband::kSystemParameterCount) == 0, "system parameters: mask bit above field 11");
    for (std::size_t i = 0; i < topband::kSystemParameterCount; ++i) {
        touch(topband::system_parameter_id(i));
    }
    return error;
}

inline topband::DecodeError check_date_time(std::span<const std::uint8_t> info, topband::DateTime& out) {
    const topband::DecodeError error = topband::decode_date_time(info, out);
    touch(topband::to_string(error));
    if (error == topband::DecodeError::kNone) {
        const bool in_range = out.month >= 1 && out.month <= 12 && out.day >= 1 && out.day <= 31 && out.hour <= 23 &&
                              out.minute <= 59 && out.second <= 59;
        require(in_range, "date/time: accepted a field out of range");
    }
    return error;
}

inline topband::DecodeError check_history(std::span<const std::uint8_t> info, topband::HistoryRecord& out) {
    const topband::DecodeError error = topband::decode_history(info, out);
    touch(topband::to_string(error));
    if (error != topband::DecodeError::kNone) {
        return error;
    }
    require(out.value_count >= 3 && out.value_count <= topband::kMaxHistoryValues, "history: K outside 3..64");
    require(out.status_byte_count <= topband::kMaxHistoryStatusBytes, "history: status_byte_count above 16");
    require(out.cell_temp_count <= out.cell_temp_dC.size(), "history: cell_temp_count above 4");
    require(out.cell_slot_count <= out.cell_mV.size(), "history: cell_slot_count above 64");
    require(out.value_count < 9 || out.cell_slot_count == out.value_count - 9, "history: cell slots != K - 9");
    require(out.trailing_bytes <= info.size(), "history: trailing_bytes larger than INFO");
    for (std::size_t i = 0; i < out.value_count; ++i) {
        keep(static_cast<std::size_t>(topband::history_temperature_dC(out.values[i])));
    }
    return error;
}

inline void check_manufacturer_info(std::string_view info_chars, topband::ManufacturerInfo& out) {
    topband::decode_manufacturer_info(info_chars, out);
    require(out.storage_size <= out.storage.size(), "manufacturer info: storage_size above capacity");
    for (const topband::ManufacturerInfo::Field field : {out.hardware_field, out.software_field, out.id_field}) {
        require(field.offset + field.size <= out.storage_size, "manufacturer info: field outside the text");
    }
    touch(out.text());
    touch(out.hardware());
    touch(out.software());
    touch(out.id());
}

// Runs every INFO decoder on the same bytes (and the 0x51 decoder on the characters), checking each success.
inline void check_every_decoder(std::span<const std::uint8_t> info_bytes, std::string_view info_chars) {
    topband::AnalogValues analog;
    check_analog(info_bytes, analog);
    topband::AlarmInfo alarm;
    check_alarm(info_bytes, alarm);
    topband::SystemParameters parameters;
    check_system_parameters(info_bytes, parameters);
    topband::DateTime time;
    check_date_time(info_bytes, time);
    topband::HistoryRecord history;
    check_history(info_bytes, history);
    topband::ManufacturerInfo manufacturer;
    check_manufacturer_info(info_chars, manufacturer);
}

}  // namespace tbg::fuzz
