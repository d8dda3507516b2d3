#include "core/topband/decoders.h"

#include <algorithm>

#include "core/topband/byte_reader.h"
#include "core/topband/hex.h"

namespace tbg::topband {

std::string_view to_string(DecodeError error) {
    switch (error) {
        case DecodeError::kNone:
            return "ok";
        case DecodeError::kInfoTooShort:
            return "info_too_short";
        case DecodeError::kBadCellCount:
            return "bad_cell_count";
        case DecodeError::kBadTempCount:
            return "bad_temp_count";
        case DecodeError::kBadStatusCount:
            return "bad_status_count";
        case DecodeError::kBadValueCount:
            return "bad_value_count";
        case DecodeError::kBadDateTime:
            return "bad_date_time";
    }
    return "unknown";
}

std::string_view to_string(TemperatureRole role) {
    switch (role) {
        case TemperatureRole::kCellGroup:
            return "cell";
        case TemperatureRole::kBalancer:
            return "balancer";
        case TemperatureRole::kEnvironment:
            return "environment";
        case TemperatureRole::kMosfet:
            return "mosfet";
        case TemperatureRole::kUnknown:
            return "unknown";
    }
    return "unknown";
}

TemperatureRoles temperature_roles(std::size_t cell_count, std::size_t temp_count) {
    TemperatureRoles roles;
    roles.role.fill(TemperatureRole::kUnknown);
    temp_count = std::min(temp_count, kMaxTemperatures);
    const std::size_t groups = (cell_count + 3) / 4;
    if (groups > 0 && temp_count == groups + 3) {
        std::fill_n(roles.role.begin(), groups, TemperatureRole::kCellGroup);
        roles.role[groups] = TemperatureRole::kBalancer;
        roles.role[groups + 1] = TemperatureRole::kEnvironment;
        roles.role[groups + 2] = TemperatureRole::kMosfet;
        roles.likely = temp_count == 7;
    } else if (groups > 0 && temp_count == groups + 2) {
        std::fill_n(roles.role.begin(), groups, TemperatureRole::kCellGroup);
        roles.role[groups] = TemperatureRole::kMosfet;
        roles.role[groups + 1] = TemperatureRole::kEnvironment;
    } else {
        std::fill_n(roles.role.begin(), std::min(temp_count, groups), TemperatureRole::kCellGroup);
    }
    return roles;
}

namespace {

// Reads one optional tail field: absent when INFO has ended, an error when it ends inside the field.
template <typename T, typename Read>
bool read_tail(ByteReader& reader, std::size_t size, std::optional<T>& field, Read read) {
    if (reader.remaining() == 0) {
        return true;
    }
    if (reader.remaining() < size) {
        return false;
    }
    field = read();
    return true;
}

// Reads a count byte (min…N, else `bad_count`), then that many items with `read` into `items`.
template <typename T, std::size_t N, typename Read>
DecodeError read_counted(ByteReader& reader, std::size_t min, DecodeError bad_count, std::uint8_t& count,
                         std::array<T, N>& items, Read read) {
    const auto n = reader.u8();
    if (!n) {
        return DecodeError::kInfoTooShort;
    }
    if (*n < min || *n > N) {
        return bad_count;
    }
    count = *n;
    for (std::size_t i = 0; i < count; ++i) {
        const auto item = read();
        if (!item) {
            return DecodeError::kInfoTooShort;
        }
        items[i] = *item;
    }
    return DecodeError::kNone;
}

}  // namespace

AnalogValues::Soc AnalogValues::soc() const {
    if (bms_soc_pct && *bms_soc_pct <= 100) {
        return {static_cast<std::uint16_t>(*bms_soc_pct * 100U), SocSource::kBms};
    }
    if (remaining_10mAh && full_10mAh && *full_10mAh > 0) {
        const std::uint64_t ratio = std::uint64_t{*remaining_10mAh} * 10000U / *full_10mAh;
        return {static_cast<std::uint16_t>(std::min<std::uint64_t>(ratio, 10000U)), SocSource::kCapacity};
    }
    return {};
}

DecodeError decode_analog(std::span<const std::uint8_t> info, AnalogValues& out) {
    out = AnalogValues{};
    ByteReader reader(info);
    const auto pack_id = reader.u8();
    if (!pack_id) {
        return DecodeError::kInfoTooShort;
    }
    out.pack_id = *pack_id;
    auto u16 = [&] { return reader.u16(); };
    if (const DecodeError error = read_counted(reader, 1, DecodeError::kBadCellCount, out.cell_count, out.cell_mV, u16);
        error != DecodeError::kNone) {
        return error;
    }
    if (const DecodeError error =
            read_counted(reader, 0, DecodeError::kBadTempCount, out.temp_count, out.temp_raw_dK, u16);
        error != DecodeError::kNone) {
        return error;
    }
    out.temp_roles = temperature_roles(out.cell_count, out.temp_count);

    std::optional<std::uint16_t> remaining16;
    std::optional<std::uint16_t> full16;
    const bool tail_ok = read_tail(reader, 2, out.current_10mA, [&] { return *reader.s16(); }) &&
                         read_tail(reader, 2, out.pack_voltage_10mV, [&] { return *reader.u16(); }) &&
                         read_tail(reader, 2, remaining16, [&] { return *reader.u16(); }) &&
                         read_tail(reader, 1, out.udi, [&] { return *reader.u8(); }) &&
                         read_tail(reader, 2, full16, [&] { return *reader.u16(); }) &&
                         read_tail(reader, 2, out.cycles, [&] { return *reader.u16(); });
    if (!tail_ok) {
        return DecodeError::kInfoTooShort;
    }
    if (remaining16) {
        out.remaining_10mAh = *remaining16;
    }
    if (full16) {
        out.full_10mAh = *full16;
    }
    if (remaining16 == 0xFFFF && full16 == 0xFFFF) {
        // Extended-capacity escape (§8.1): u24 capacities follow the cycle count; SOC/SOH are not read after it.
        out.remaining_10mAh.reset();
        out.full_10mAh.reset();
        std::optional<std::uint32_t> remaining24;
        std::optional<std::uint32_t> full24;
        if (!read_tail(reader, 3, remaining24, [&] { return *reader.u24(); }) ||
            !read_tail(reader, 3, full24, [&] { return *reader.u24(); })) {
            return DecodeError::kInfoTooShort;
        }
        if (!remaining24 || !full24) {
            return DecodeError::kInfoTooShort;  // the escape promises both u24 capacities
        }
        out.remaining_10mAh = remaining24;
        out.full_10mAh = full24;
        out.extended_capacity = true;
        out.trailing_bytes = reader.remaining();
        return DecodeError::kNone;
    }
    // Single-byte fields cannot be cut in half: read_tail only stops when INFO has ended.
    read_tail(reader, 1, out.bms_soc_pct, [&] { return *reader.u8(); });
    read_tail(reader, 1, out.soh_pct, [&] { return *reader.u8(); });
    read_tail(reader, 1, out.custom1, [&] { return *reader.u8(); });
    read_tail(reader, 1, out.custom2, [&] { return *reader.u8(); });
    out.trailing_bytes = reader.remaining();
    return DecodeError::kNone;
}

std::string_view state_byte_name(std::uint8_t value) {
    switch (value) {
        case static_cast<std::uint8_t>(StateByte::kNormal):
            return "normal";
        case static_cast<std::uint8_t>(StateByte::kBelowLower):
            return "below_lower_limit";
        case static_cast<std::uint8_t>(StateByte::kAboveUpper):
            return "above_upper_limit";
        case static_cast<std::uint8_t>(StateByte::kOtherFault):
            return "other_fault";
        default:
            return "unknown";
    }
}

DecodeError decode_alarm(std::span<const std::uint8_t> info, AlarmInfo& out) {
    out = AlarmInfo{};
    ByteReader reader(info);
    const auto pack_id = reader.u8();
    if (!pack_id) {
        return DecodeError::kInfoTooShort;
    }
    out.pack_id = *pack_id;
    auto u8 = [&] { return reader.u8(); };
    if (const DecodeError error =
            read_counted(reader, 1, DecodeError::kBadCellCount, out.cell_count, out.cell_state, u8);
        error != DecodeError::kNone) {
        return error;
    }
    if (const DecodeError error =
            read_counted(reader, 0, DecodeError::kBadTempCount, out.temp_count, out.temp_state, u8);
        error != DecodeError::kNone) {
        return error;
    }
    const auto charge_current_state = reader.u8();
    const auto pack_voltage_state = reader.u8();
    if (!charge_current_state || !pack_voltage_state) {
        return DecodeError::kInfoTooShort;
    }
    out.charge_current_state = *charge_current_state;
    out.pack_voltage_state = *pack_voltage_state;
    if (const DecodeError error =
            read_counted(reader, 0, DecodeError::kBadStatusCount, out.status_byte_count, out.status_bytes, u8);
        error != DecodeError::kNone) {
        return error;
    }
    out.trailing_bytes = reader.remaining();
    return DecodeError::kNone;
}

DecodeError decode_system_parameters(std::span<const std::uint8_t> info, SystemParameters& out) {
    out = SystemParameters{};
    constexpr std::size_t kSize = 24;
    if (info.size() < kSize) {
        return DecodeError::kInfoTooShort;
    }
    ByteReader reader(info);
    out.cell_high_mV = *reader.u16();
    out.cell_low_mV = *reader.u16();
    out.cell_under_mV = *reader.u16();
    out.charge_high_temp_raw_dK = *reader.u16();
    out.charge_low_temp_raw_dK = *reader.u16();
    out.charge_current_max_10mA = *reader.s16();
    out.pack_high_10mV = *reader.u16();
    out.pack_low_10mV = *reader.u16();
    out.pack_under_10mV = *reader.u16();
    out.discharge_high_temp_raw_dK = *reader.u16();
    out.discharge_low_temp_raw_dK = *reader.u16();
    out.discharge_current_max_10mA = *reader.s16();
    out.trailing_bytes = reader.remaining();
    return DecodeError::kNone;
}

namespace {

constexpr std::string_view kSystemParameterIds[kSystemParameterCount] = {
    "cell_high_mV",    "cell_low_mV",         "cell_under_mV",      "charge_high_temp",
    "charge_low_temp", "charge_current_max",  "pack_high_10mV",     "pack_low_10mV",
    "pack_under_10mV", "discharge_high_temp", "discharge_low_temp", "discharge_current_max",
};

constexpr bool in_range(int value, int low, int high) {
    return value >= low && value <= high;
}

// Temperature limit window: −40…+100 °C in 0.1 °C.
constexpr bool temperature_plausible(std::uint16_t raw_dK) {
    return in_range(temperature_dC(raw_dK), -400, 1000);
}

}  // namespace

std::string_view system_parameter_id(std::size_t index) {
    return index < kSystemParameterCount ? kSystemParameterIds[index] : "unknown";
}

std::uint16_t implausible_parameters(const SystemParameters& p) {
    const bool plausible[kSystemParameterCount] = {
        // cell_high / pack_high feed the charge voltage: a low value would pull CVL far below the pack (an LFP pack
        // never stops charging below 3.40 V per cell), so their windows start at 3.40 V and 40 V.
        in_range(p.cell_high_mV, 3400, 4500),
        in_range(p.cell_low_mV, 2000, 4500),
        in_range(p.cell_under_mV, 2000, 4500),
        temperature_plausible(p.charge_high_temp_raw_dK),
        temperature_plausible(p.charge_low_temp_raw_dK),
        in_range(p.charge_current_max_10mA, 100, 50000),
        in_range(p.pack_high_10mV, 4000, 6500),
        in_range(p.pack_low_10mV, 3000, 6500),
        in_range(p.pack_under_10mV, 3000, 6500),
        temperature_plausible(p.discharge_high_temp_raw_dK),
        temperature_plausible(p.discharge_low_temp_raw_dK),
        // 50000 × 10 mA = 500 A fits s16 only up to 327.67 A; the window is bounded by the field itself.
        in_range(p.discharge_current_max_10mA, 100, 50000),
    };
    std::uint16_t mask = 0;
    for (std::size_t i = 0; i < kSystemParameterCount; ++i) {
        if (!plausible[i]) {
            mask = static_cast<std::uint16_t>(mask | (1U << i));
        }
    }
    return mask;
}

DecodeError decode_date_time(std::span<const std::uint8_t> info, DateTime& out) {
    out = DateTime{};
    ByteReader reader(info);
    const auto year = reader.u16();
    const auto month = reader.u8();
    const auto day = reader.u8();
    const auto hour = reader.u8();
    const auto minute = reader.u8();
    const auto second = reader.u8();
    if (!second) {
        return DecodeError::kInfoTooShort;
    }
    out = DateTime{*year, *month, *day, *hour, *minute, *second};
    if (!in_range(out.month, 1, 12) || !in_range(out.day, 1, 31) || out.hour > 23 || out.minute > 59 ||
        out.second > 59) {
        return DecodeError::kBadDateTime;
    }
    return DecodeError::kNone;
}

std::int16_t history_temperature_dC(std::uint16_t raw) {
    constexpr std::uint16_t kQuirkThreshold = 3731;  // +100 °C: above it the +2560 offset is assumed
    constexpr std::uint16_t kQuirkOffset = 2560;
    return temperature_dC(raw > kQuirkThreshold ? static_cast<std::uint16_t>(raw - kQuirkOffset) : raw);
}

DecodeError decode_history(std::span<const std::uint8_t> info, HistoryRecord& out) {
    out = HistoryRecord{};
    ByteReader reader(info);
    const auto info0 = reader.u8();
    const auto record = reader.u8();
    const auto year = reader.u16();
    const auto month = reader.u8();
    const auto day = reader.u8();
    const auto hour = reader.u8();
    const auto minute = reader.u8();
    const auto second = reader.u8();
    const auto event = reader.u8();
    if (!event) {
        return DecodeError::kInfoTooShort;
    }
    out.info0 = *info0;
    out.record_number = *record;
    out.time = DateTime{*year, *month, *day, *hour, *minute, *second};
    out.event_type = *event;
    if (const DecodeError error = read_counted(reader, 0, DecodeError::kBadStatusCount, out.status_byte_count,
                                               out.status_bytes, [&] { return reader.u8(); });
        error != DecodeError::kNone) {
        return error;
    }
    if (const DecodeError error = read_counted(reader, 3, DecodeError::kBadValueCount, out.value_count, out.values,
                                               [&] { return reader.u16(); });
        error != DecodeError::kNone) {
        return error;
    }
    out.current_10mA = static_cast<std::int16_t>(out.values[0]);
    out.pack_voltage_10mV = out.values[1];
    out.remaining_10mAh = out.values[2];
    constexpr std::size_t kFirstCellSlot = 9;  // current, voltage, remaining, 4 cell temperatures, environment, MOSFET
    if (out.value_count >= kFirstCellSlot) {
        out.cell_temp_count = 4;
        for (std::size_t i = 0; i < 4; ++i) {
            out.cell_temp_dC[i] = history_temperature_dC(out.values[3 + i]);
        }
        out.environment_temp_dC = history_temperature_dC(out.values[7]);
        out.mosfet_temp_dC = history_temperature_dC(out.values[8]);
        out.cell_slot_count = static_cast<std::uint8_t>(out.value_count - kFirstCellSlot);
        std::copy_n(out.values.begin() + kFirstCellSlot, out.cell_slot_count, out.cell_mV.begin());
    }
    out.trailing_bytes = reader.remaining();
    return DecodeError::kNone;
}

namespace {

bool is_padding(char c) {
    return c == ' ' || c == '\0';
}

// Field of `text` at [offset, offset + size) clipped to the text and trimmed of padding.
ManufacturerInfo::Field trimmed_field(std::string_view text, std::size_t offset, std::size_t size) {
    if (offset >= text.size()) {
        return {};
    }
    std::size_t end = std::min(text.size(), offset + size);
    while (offset < end && is_padding(text[offset])) {
        ++offset;
    }
    while (end > offset && is_padding(text[end - 1])) {
        --end;
    }
    return {static_cast<std::uint16_t>(offset), static_cast<std::uint16_t>(end - offset)};
}

bool all_hex_pairs(std::string_view text) {
    return !text.empty() && text.size() % 2 == 0 &&
           std::all_of(text.begin(), text.end(), [](char c) { return hex::digit_value(c) >= 0; });
}

}  // namespace

void decode_manufacturer_info(std::string_view info_chars, ManufacturerInfo& out) {
    out.hardware_field = {};
    out.software_field = {};
    out.id_field = {};
    info_chars = info_chars.substr(0, out.storage.size());
    out.raw_ascii = !all_hex_pairs(info_chars);
    if (out.raw_ascii) {
        std::copy(info_chars.begin(), info_chars.end(), out.storage.begin());
        out.storage_size = info_chars.size();
        const std::string_view text = out.text();
        out.hardware_field = trimmed_field(text, 0, 20);
        out.software_field = trimmed_field(text, 20, 4);
        out.id_field = trimmed_field(text, 24, 40);
        return;
    }
    // PY layout: device name 10 bytes, software version 2 bytes (rendered as 4 hex digits), manufacturer 20 bytes.
    std::size_t size = 0;
    for (std::size_t i = 0; i + 1 < info_chars.size(); i += 2) {
        const std::size_t byte_index = i / 2;
        if (byte_index == 10 || byte_index == 11) {
            out.storage[size++] = info_chars[i];
            out.storage[size++] = info_chars[i + 1];
        } else {
            const int value = (hex::digit_value(info_chars[i]) << 4) | hex::digit_value(info_chars[i + 1]);
            out.storage[size++] = static_cast<char>(value);
        }
    }
    out.storage_size = size;
    const std::string_view text = out.text();
    out.hardware_field = trimmed_field(text, 0, 10);
    out.software_field = trimmed_field(text, 10, 4);
    out.id_field = trimmed_field(text, 14, text.size() > 14 ? text.size() - 14 : 0);
}

}  // namespace tbg::topband
