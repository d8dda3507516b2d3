#include "core/can/encoders.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

namespace tbg::can {
namespace {

constexpr std::int64_t kS16Max = 32767;
constexpr std::int64_t kS16Min = -32767;  // −32768 is the SMA invalid marker; never produced by clamping
constexpr std::int64_t kU16Max = 65535;
constexpr std::int16_t kInvalidS16 = std::numeric_limits<std::int16_t>::min();  // 0x8000
constexpr std::uint8_t kSohDefaultPct = 100;  // SOH the SI assumes when it receives the invalid marker (§10)

// Field ranges, in the units of BmsInputs.
struct LimitRanges {
    std::int64_t cvl_min_dV;
    std::int64_t cvl_max_dV;
    std::int64_t current_max_dA;
    std::int64_t dvl_min_dV;
    std::int64_t dvl_max_dV;
};
constexpr LimitRanges kFieldLimits{0, kU16Max, kS16Max, 0, kU16Max};  // Victron and Pylontech: the field types
constexpr LimitRanges kSmaLimits{410, 630, 12000, 410, 480};          // Sunny Island range checks (§10)

std::int64_t clamp64(std::int64_t value, std::int64_t low, std::int64_t high) {
    return std::clamp(value, low, high);
}

std::uint16_t to_u16(std::int64_t value) {
    return static_cast<std::uint16_t>(clamp64(value, 0, kU16Max));
}
std::int16_t to_s16(std::int64_t value) {
    return static_cast<std::int16_t>(clamp64(value, kS16Min, kS16Max));
}
std::uint8_t to_u8(std::int64_t value) {
    return static_cast<std::uint8_t>(clamp64(value, 0, 255));
}

void put_u16(CanFrame& frame, std::size_t offset, std::uint16_t value) {
    frame.data[offset] = static_cast<std::uint8_t>(value & 0xFFU);
    frame.data[offset + 1] = static_cast<std::uint8_t>(value >> 8U);
}
void put_s16(CanFrame& frame, std::size_t offset, std::int16_t value) {
    put_u16(frame, offset, static_cast<std::uint16_t>(value));
}
void put_u32(CanFrame& frame, std::size_t offset, std::uint32_t value) {
    for (std::size_t i = 0; i < 4; ++i) {
        frame.data[offset + i] = static_cast<std::uint8_t>((value >> (8U * i)) & 0xFFU);
    }
}

CanFrame make_frame(std::uint16_t id) {
    CanFrame frame;
    frame.id = id;
    frame.dlc = kMaxDlc;
    return frame;
}

// Printable ASCII or '?'.
std::uint8_t ascii_byte(char c) {
    const auto byte = static_cast<std::uint8_t>(c);
    return (byte >= 0x20 && byte <= 0x7E) ? byte : static_cast<std::uint8_t>('?');
}

// 8 text characters starting at `first` of `text`, padded with `pad`.
template <std::size_t N>
CanFrame text_frame(std::uint16_t id, const std::array<char, N>& text, std::size_t first, std::uint8_t pad) {
    CanFrame frame = make_frame(id);
    const std::string_view chars = text_view(text);
    for (std::size_t i = 0; i < kMaxDlc; ++i) {
        frame.data[i] = first + i < chars.size() ? ascii_byte(chars[first + i]) : pad;
    }
    return frame;
}

// Whole percent, rounded to nearest with halves up (60.20 % -> 60, 58.90 % -> 59, as in the SHEnergy capture).
std::uint16_t soc_pct(std::int32_t soc_centipct) {
    return static_cast<std::uint16_t>((clamp64(soc_centipct, 0, 10000) + 50) / 100);
}

// 0.1 °C -> whole kelvin (°C + 273), rounded to nearest with halves up, clamped to 0…65535.
std::uint16_t kelvin(std::int32_t temp_dC) {
    const std::int64_t shifted_dC = std::int64_t{temp_dC} + kKelvinOffset * 10 + 5;
    return to_u16(shifted_dC < 0 ? 0 : shifted_dC / 10);
}

// 100 Wh units, rounded down, clamped to u32.
std::uint32_t hectowatt_hours(std::uint64_t energy_Wh) {
    return static_cast<std::uint32_t>(
        std::min<std::uint64_t>(energy_Wh / 100, std::numeric_limits<std::uint32_t>::max()));
}

CanFrame limits_frame(const BmsInputs& in, const LimitRanges& ranges) {
    CanFrame frame = make_frame(ids::kLimits);
    put_u16(frame, 0, to_u16(clamp64(in.charge_voltage_limit_dV, ranges.cvl_min_dV, ranges.cvl_max_dV)));
    put_s16(frame, 2, to_s16(clamp64(in.charge_current_limit_dA, 0, ranges.current_max_dA)));
    put_s16(frame, 4, to_s16(clamp64(in.discharge_current_limit_dA, 0, ranges.current_max_dA)));
    put_u16(frame, 6, to_u16(clamp64(in.discharge_voltage_limit_dV, ranges.dvl_min_dV, ranges.dvl_max_dV)));
    return frame;
}

// `soh_invalid`: value written when SOH is unknown. `hires`: whether bytes 4-5 carry the 0.01 % SOC.
CanFrame soc_frame(const BmsInputs& in, std::uint16_t soh_invalid, bool hires) {
    CanFrame frame = make_frame(ids::kSoc);
    put_u16(frame, 0, soc_pct(in.soc_centipct));
    put_u16(frame, 2, in.soh_valid ? to_u16(clamp64(in.soh_pct, 0, 100)) : soh_invalid);
    if (hires) {
        put_u16(frame, 4, to_u16(clamp64(in.soc_centipct, 0, 10000)));
    }
    return frame;
}

CanFrame measurements_frame(const BmsInputs& in) {
    CanFrame frame = make_frame(ids::kMeasurements);
    put_s16(frame, 0, to_s16(clamp64(in.pack_voltage_cV, 0, kS16Max)));
    put_s16(frame, 2, to_s16(in.current_dA));
    put_s16(frame, 4, in.temperature_valid ? to_s16(in.temperature_dC) : kInvalidS16);
    return frame;
}

CanFrame alarms_frame(const BmsInputs& in) {
    CanFrame frame = make_frame(ids::kAlarms);
    for (std::size_t i = 0; i < kConditionCount; ++i) {
        const auto condition = static_cast<Condition>(i);
        const Level level = in.levels[i];
        const auto shift = static_cast<unsigned>(2 * (i % 4));
        frame.data[i / 4] = static_cast<std::uint8_t>(frame.data[i / 4] | (alarm_pair(level, condition) << shift));
        frame.data[i / 4 + 4] =
            static_cast<std::uint8_t>(frame.data[i / 4 + 4] | (warning_pair(level, condition) << shift));
    }
    return frame;
}

// `firmware_invalid`: both firmware bytes when the firmware is unknown. An unknown capacity is the SMA marker
// (Victron omits the frame instead).
CanFrame info_frame(const BmsInputs& in, std::uint8_t firmware_invalid) {
    CanFrame frame = make_frame(ids::kInfo);
    put_u16(frame, 0, in.product_code);
    frame.data[2] = in.firmware_valid ? in.firmware_major : firmware_invalid;
    frame.data[3] = in.firmware_valid ? in.firmware_minor : firmware_invalid;
    put_u16(frame, 4, in.capacity_valid ? to_u16(in.available_capacity_Ah) : kInvalidU16);
    return frame;
}

CanFrame u16x4_frame(std::uint16_t id, std::uint16_t a, std::uint16_t b, std::uint16_t c, std::uint16_t d) {
    CanFrame frame = make_frame(id);
    put_u16(frame, 0, a);
    put_u16(frame, 2, b);
    put_u16(frame, 4, c);
    put_u16(frame, 6, d);
    return frame;
}

// Pylontech 0x359 bit of each condition in the protection (bytes 0-1) and alarm (bytes 2-3) halves, as a bit number
// within the two-byte half (§9). Conditions without a Pylontech bit are absent.
struct PylonBit {
    Condition condition;
    std::uint8_t bit;
};
constexpr std::array<PylonBit, 9> kPylonBits{{
    {Condition::kHighVoltage, 1},            // cell/module over-voltage
    {Condition::kLowVoltage, 2},             // cell/module under-voltage
    {Condition::kHighTemperature, 3},        // cell over-temperature
    {Condition::kHighTemperatureCharge, 3},  //   (also while charging)
    {Condition::kLowTemperature, 4},         // cell under-temperature
    {Condition::kLowTemperatureCharge, 4},   //   (also while charging)
    {Condition::kHighDischargeCurrent, 7},   // discharge over-current
    {Condition::kHighChargeCurrent, 8},      // byte 1 bit 0: charge over-current
    {Condition::kBmsInternal, 11},           // byte 1 bit 3: system error / internal communication fail
}};

CanFrame pylon_flags_frame(const BmsInputs& in) {
    CanFrame frame = make_frame(ids::kPylonFlags);
    for (const PylonBit& entry : kPylonBits) {
        const Level level = in.level(entry.condition);
        const auto byte = static_cast<std::size_t>(entry.bit / 8);
        const auto mask = static_cast<std::uint8_t>(1U << (entry.bit % 8U));
        if (alarm_pair(level, entry.condition) == kPairActive) {
            frame.data[byte] = static_cast<std::uint8_t>(frame.data[byte] | mask);
        }
        if (warning_pair(level, entry.condition) == kPairActive) {
            frame.data[byte + 2] = static_cast<std::uint8_t>(frame.data[byte + 2] | mask);
        }
    }
    frame.data[4] = to_u8(std::max<std::int64_t>(in.modules_online, 1));
    frame.data[5] = 'P';
    frame.data[6] = 'N';
    return frame;
}

CanFrame pylon_requests_frame(const BmsInputs& in) {
    CanFrame frame = make_frame(ids::kPylonRequests);
    std::uint8_t flags = 0;
    flags = static_cast<std::uint8_t>(flags | (in.charge_enable ? 0x80U : 0U));
    flags = static_cast<std::uint8_t>(flags | (in.discharge_enable ? 0x40U : 0U));
    flags = static_cast<std::uint8_t>(flags | (in.request_force_charge_1 ? 0x20U : 0U));
    flags = static_cast<std::uint8_t>(flags | (in.request_force_charge_2 ? 0x10U : 0U));
    flags = static_cast<std::uint8_t>(flags | (in.request_full_charge ? 0x08U : 0U));
    frame.data[0] = flags;
    return frame;
}

void push(FrameSet& out, const CanFrame& frame) {
    // Cannot fail: every encoder emits at most FrameSet::kCapacity frames (static_assert in encoders.h).
    static_cast<void>(out.push(frame));
}

struct GxQuirk {
    std::string_view prefix;
    std::string_view reason;
};
// Names a GX maps to a product identity (§7). Prefixes as published; "LG", "Freedom" and "BMZ" are broader than
// the exact GX strings, which are not public, so that they warn rather than miss.
constexpr std::array<GxQuirk, 10> kGxQuirks{{
    {"PYLON",
     "GX treats the battery as Pylontech (ProductId 0xB009): it computes its own CVL (47.0-52.8 V, written for 15 "
     "cells) and raises CCL = 0 to installed capacity / 4"},
    {"DYNESS-L", "GX currently mistakes DYNESS-L for Pylontech and applies the Pylontech CVL/CCL override"},
    {"Pelio_L",
     "GX treats the battery as Pylontech Pelio-L (0xB029): CVL capped at 56.0 V (55.2 V when CCL = 0), CCL raised "
     "to at least capacity / 5"},
    {"BYD", "GX treats the battery as BYD: CCL = 0 is replaced by CVL at most 55 V with 40 A"},
    {"LG", "GX may treat the battery as LG (0xB004): CVL capped at 57.3 V"},
    {"BlueNova", "GX recognises BlueNova: forces DVCC on and shared voltage/temperature sense off"},
    {"Freedom", "GX recognises Freedom Lite: product identity with forced settings"},
    {"BMZ", "GX recognises BMZ ESS: forces DVCC on and shared voltage/temperature sense off"},
    {"WeCo", "GX recognises WeCo: forces DVCC on and shared voltage/temperature sense off"},
    {"Hubble", "GX recognises Hubble: product identity with forced settings"},
}};

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (ascii_lower(text[i]) != ascii_lower(prefix[i])) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::string_view to_string(Protocol protocol) {
    switch (protocol) {
        case Protocol::kVictron:
            return "victron";
        case Protocol::kPylontech:
            return "pylontech";
        case Protocol::kSma:
            return "sma";
    }
    return "unknown";
}

std::optional<Protocol> protocol_from_string(std::string_view id) {
    for (const Protocol protocol : {Protocol::kVictron, Protocol::kPylontech, Protocol::kSma}) {
        if (id == to_string(protocol)) {
            return protocol;
        }
    }
    return std::nullopt;
}

std::uint8_t alarm_pair(Level level, Condition /*condition*/) {
    switch (level) {
        case Level::kNotSupported:
            return kPairNotReported;
        case Level::kOk:
        case Level::kWarning:
            return kPairOk;
        case Level::kAlarm:
            return kPairActive;
    }
    return kPairNotReported;
}

std::uint8_t warning_pair(Level level, Condition condition) {
    switch (level) {
        case Level::kNotSupported:
            return kPairNotReported;
        case Level::kOk:
            return kPairOk;
        case Level::kWarning:
            return kPairActive;
        case Level::kAlarm:
            return has_warning_stage(condition) ? kPairActive : kPairOk;
    }
    return kPairNotReported;
}

void encode_victron(const BmsInputs& in, FrameSet& out) {
    out.clear();
    push(out, limits_frame(in, kFieldLimits));
    push(out, soc_frame(in, kSohDefaultPct, true));
    push(out, measurements_frame(in));
    push(out, alarms_frame(in));
    push(out, make_frame(ids::kEvents));  // no GX use is known: zeros (§3.5)
    push(out, text_frame(ids::kManufacturer, in.manufacturer, 0, 0));
    if (in.capacity_valid) {
        push(out, info_frame(in, 0));
    }
    if (!text_view(in.bms_name).empty()) {
        push(out, text_frame(ids::kBmsName1, in.bms_name, 0, 0));
        push(out, text_frame(ids::kBmsName2, in.bms_name, 8, 0));
    }
    push(out, u16x4_frame(ids::kModules, in.modules_online, in.modules_blocking_charge, in.modules_blocking_discharge,
                          in.modules_offline));
    if (in.cell_extremes_valid) {
        push(out, u16x4_frame(ids::kCellExtremes, to_u16(in.min_cell_mV), to_u16(in.max_cell_mV),
                              kelvin(in.min_cell_temp_dC), kelvin(in.max_cell_temp_dC)));
        push(out, text_frame(ids::kMinCellVoltageLabel, in.min_cell_voltage_label, 0, 0));
        push(out, text_frame(ids::kMaxCellVoltageLabel, in.max_cell_voltage_label, 0, 0));
        push(out, text_frame(ids::kMinCellTempLabel, in.min_cell_temp_label, 0, 0));
        push(out, text_frame(ids::kMaxCellTempLabel, in.max_cell_temp_label, 0, 0));
    }
    if (in.energy_valid) {
        CanFrame energy = make_frame(ids::kEnergy);
        put_u32(energy, 0, hectowatt_hours(in.charged_energy_Wh));
        put_u32(energy, 4, hectowatt_hours(in.discharged_energy_Wh));
        push(out, energy);
    }
    if (in.capacity_valid) {
        CanFrame capacity = make_frame(ids::kInstalledCapacity);
        put_u16(capacity, 0, to_u16(in.installed_capacity_Ah));
        push(out, capacity);
    }
    if (!text_view(in.family).empty()) {
        push(out, text_frame(ids::kFamily, in.family, 0, 0));
    }
}

void encode_pylontech(const BmsInputs& in, FrameSet& out) {
    out.clear();
    push(out, limits_frame(in, kFieldLimits));
    push(out, soc_frame(in, kSohDefaultPct, false));
    push(out, measurements_frame(in));
    push(out, pylon_flags_frame(in));
    push(out, pylon_requests_frame(in));
    push(out, text_frame(ids::kManufacturer, in.manufacturer, 0, ' '));
}

void encode_sma(const BmsInputs& in, FrameSet& out) {
    out.clear();
    push(out, limits_frame(in, kSmaLimits));
    push(out, soc_frame(in, kInvalidU16, true));
    push(out, measurements_frame(in));
    push(out, alarms_frame(in));
    push(out, make_frame(ids::kEvents));  // no events are generated: zeros (§3.5, §10)
    push(out, text_frame(ids::kManufacturer, in.manufacturer, 0, 0));
    push(out, info_frame(in, 0xFF));
}

void encode(Protocol protocol, const BmsInputs& inputs, FrameSet& out) {
    switch (protocol) {
        case Protocol::kVictron:
            encode_victron(inputs, out);
            return;
        case Protocol::kPylontech:
            encode_pylontech(inputs, out);
            return;
        case Protocol::kSma:
            encode_sma(inputs, out);
            return;
    }
    out.clear();
}

bool name_triggers_gx_quirk(std::string_view name, std::string_view* reason) {
    for (const GxQuirk& quirk : kGxQuirks) {
        if (starts_with_ignoring_case(name, quirk.prefix)) {
            if (reason != nullptr) {
                *reason = quirk.reason;
            }
            return true;
        }
    }
    return false;
}

}  // namespace tbg::can
