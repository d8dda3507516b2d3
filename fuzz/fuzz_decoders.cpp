// Fuzz target: the INFO decoders and their inverse builders. Input byte 0 selects the decoder (modulo
// kSelectorCount, same numbering as fuzz/make_corpus.py), the rest is INFO as decoded bytes (characters for 0x51).
// Every decoder success is built back into INFO with the matching build_*_info and must decode to equal values.
// Independently of the selector, the rest is encoded as a frame and must parse back to the same INFO bytes.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/topband/decoders.h"
#include "core/topband/encoders.h"
#include "core/topband/frame.h"
#include "fuzz/fuzz_checks.h"

namespace {

using tbg::fuzz::require;
using tbg::fuzz::touch;
namespace topband = tbg::topband;

enum Selector : std::uint8_t {
    kAnalog = 0,
    kAlarm = 1,
    kSystemParameters = 2,
    kDateTime = 3,
    kHistory = 4,
    kManufacturerInfo = 5,
    kLookups = 6,  // temperature_roles, history_temperature_dC and the name tables
    kSelectorCount = 7,
};

using Buffer = std::array<std::uint8_t, topband::kMaxInfoBytes>;

template <typename T, std::size_t N>
bool equal_prefix(const std::array<T, N>& a, const std::array<T, N>& b, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        if (a[i] != b[i]) {
            return false;
        }
    }
    return true;
}

// Every decoded field except trailing_bytes, which a rebuilt INFO never has.
bool same_analog(const topband::AnalogValues& a, const topband::AnalogValues& b) {
    return a.pack_id == b.pack_id && a.cell_count == b.cell_count && equal_prefix(a.cell_mV, b.cell_mV, a.cell_count) &&
           a.temp_count == b.temp_count && equal_prefix(a.temp_raw_dK, b.temp_raw_dK, a.temp_count) &&
           equal_prefix(a.temp_roles.role, b.temp_roles.role, a.temp_count) &&
           a.temp_roles.likely == b.temp_roles.likely && a.current_10mA == b.current_10mA &&
           a.pack_voltage_10mV == b.pack_voltage_10mV && a.remaining_10mAh == b.remaining_10mAh && a.udi == b.udi &&
           a.full_10mAh == b.full_10mAh && a.cycles == b.cycles && a.bms_soc_pct == b.bms_soc_pct &&
           a.soh_pct == b.soh_pct && a.custom1 == b.custom1 && a.custom2 == b.custom2 &&
           a.extended_capacity == b.extended_capacity;
}

bool same_alarm(const topband::AlarmInfo& a, const topband::AlarmInfo& b) {
    return a.pack_id == b.pack_id && a.cell_count == b.cell_count &&
           equal_prefix(a.cell_state, b.cell_state, a.cell_count) && a.temp_count == b.temp_count &&
           equal_prefix(a.temp_state, b.temp_state, a.temp_count) && a.charge_current_state == b.charge_current_state &&
           a.pack_voltage_state == b.pack_voltage_state && a.status_byte_count == b.status_byte_count &&
           equal_prefix(a.status_bytes, b.status_bytes, a.status_byte_count);
}

bool same_system_parameters(const topband::SystemParameters& a, const topband::SystemParameters& b) {
    return a.cell_high_mV == b.cell_high_mV && a.cell_low_mV == b.cell_low_mV && a.cell_under_mV == b.cell_under_mV &&
           a.charge_high_temp_raw_dK == b.charge_high_temp_raw_dK &&
           a.charge_low_temp_raw_dK == b.charge_low_temp_raw_dK &&
           a.charge_current_max_10mA == b.charge_current_max_10mA && a.pack_high_10mV == b.pack_high_10mV &&
           a.pack_low_10mV == b.pack_low_10mV && a.pack_under_10mV == b.pack_under_10mV &&
           a.discharge_high_temp_raw_dK == b.discharge_high_temp_raw_dK &&
           a.discharge_low_temp_raw_dK == b.discharge_low_temp_raw_dK &&
           a.discharge_current_max_10mA == b.discharge_current_max_10mA;
}

bool same_date_time(const topband::DateTime& a, const topband::DateTime& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day && a.hour == b.hour && a.minute == b.minute &&
           a.second == b.second;
}

void fuzz_analog(std::span<const std::uint8_t> info) {
    topband::AnalogValues decoded;
    if (tbg::fuzz::check_analog(info, decoded) != topband::DecodeError::kNone) {
        return;
    }
    Buffer rebuilt{};
    const std::size_t size = topband::build_analog_info(decoded, rebuilt);
    require(size > 0, "build_analog_info: failed on decoded values");
    topband::AnalogValues again;
    require(topband::decode_analog(std::span<const std::uint8_t>(rebuilt.data(), size), again) ==
                topband::DecodeError::kNone,
            "decode_analog: rejected the output of build_analog_info");
    require(again.trailing_bytes == 0, "build_analog_info: re-decode found trailing bytes");
    require(same_analog(decoded, again), "analog round trip: re-decoded values differ");
}

void fuzz_alarm(std::span<const std::uint8_t> info) {
    topband::AlarmInfo decoded;
    if (tbg::fuzz::check_alarm(info, decoded) != topband::DecodeError::kNone) {
        return;
    }
    Buffer rebuilt{};
    const std::size_t size = topband::build_alarm_info(decoded, rebuilt);
    require(size > 0, "build_alarm_info: failed on decoded values");
    topband::AlarmInfo again;
    require(topband::decode_alarm(std::span<const std::uint8_t>(rebuilt.data(), size), again) ==
                topband::DecodeError::kNone,
            "decode_alarm: rejected the output of build_alarm_info");
    require(same_alarm(decoded, again), "alarm round trip: re-decoded values differ");
}

void fuzz_system_parameters(std::span<const std::uint8_t> info) {
    topband::SystemParameters decoded;
    if (tbg::fuzz::check_system_parameters(info, decoded) != topband::DecodeError::kNone) {
        return;
    }
    Buffer rebuilt{};
    const std::size_t size = topband::build_system_parameters_info(decoded, rebuilt);
    require(size > 0, "build_system_parameters_info: failed on decoded values");
    topband::SystemParameters again;
    require(topband::decode_system_parameters(std::span<const std::uint8_t>(rebuilt.data(), size), again) ==
                topband::DecodeError::kNone,
            "decode_system_parameters: rejected the output of build_system_parameters_info");
    require(same_system_parameters(decoded, again), "system parameters round trip: re-decoded values differ");
}

void fuzz_date_time(std::span<const std::uint8_t> info) {
    topband::DateTime decoded;
    if (tbg::fuzz::check_date_time(info, decoded) != topband::DecodeError::kNone) {
        return;
    }
    Buffer rebuilt{};
    const std::size_t size = topband::build_date_time_info(decoded, rebuilt);
    require(size > 0, "build_date_time_info: failed on decoded values");
    topband::DateTime again;
    require(topband::decode_date_time(std::span<const std::uint8_t>(rebuilt.data(), size), again) ==
                topband::DecodeError::kNone,
            "decode_date_time: rejected the output of build_date_time_info");
    require(same_date_time(decoded, again), "date/time round trip: re-decoded values differ");
}

void fuzz_lookups(std::span<const std::uint8_t> info) {
    if (info.size() >= 2) {
        const topband::TemperatureRoles roles = topband::temperature_roles(info[0], info[1]);
        tbg::fuzz::check_roles(roles, info[1] < topband::kMaxTemperatures ? info[1] : topband::kMaxTemperatures);
    }
    for (std::size_t i = 0; i + 1 < info.size(); i += 2) {
        const auto raw = static_cast<std::uint16_t>((info[i] << 8U) | info[i + 1]);
        tbg::fuzz::keep(static_cast<std::size_t>(topband::history_temperature_dC(raw)));
        tbg::fuzz::keep(static_cast<std::size_t>(topband::temperature_dC(raw)));
    }
    for (const std::uint8_t byte : info) {
        touch(topband::state_byte_name(byte));
        touch(topband::rtn_meaning(byte));
        touch(topband::rtn_id(byte));
        touch(topband::command_name(byte));
        tbg::fuzz::keep(topband::is_known_command(byte) ? 1U : 0U);
        if (const topband::StatusBitInfo* named = topband::find_status_bit(byte); named != nullptr) {
            require(named->bit == byte, "find_status_bit: returned another bit");
        }
    }
}

// encode_frame → parse_frame → decode_info_hex gives back the INFO bytes.
void fuzz_frame_round_trip(std::uint8_t selector, std::span<const std::uint8_t> info) {
    topband::EncodedFrame encoded;
    const auto adr = static_cast<std::uint8_t>(selector & 0x0FU);
    if (!topband::encode_frame(adr, 0x00, info, encoded)) {
        require(info.size() > topband::kMaxInfoBytes, "encode_frame: refused INFO within kMaxInfoBytes");
        return;
    }
    topband::Frame frame;
    require(topband::parse_frame(encoded.view(), frame) == topband::FrameStatus::kOk,
            "parse_frame: rejected an encoded frame");
    require(topband::check_reply(frame, {.adr = adr}) == topband::FrameStatus::kOk,
            "check_reply: rejected an encoded RTN 0 reply");
    topband::InfoBytes decoded;
    require(topband::decode_info_hex(frame.info, decoded) == topband::FrameStatus::kOk,
            "decode_info_hex: rejected encoded INFO");
    require(decoded.size == info.size(), "frame round trip: INFO size differs");
    for (std::size_t i = 0; i < info.size(); ++i) {
        require(decoded.data[i] == info[i], "frame round trip: INFO byte differs");
    }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::uint8_t selector = data[0];
    const std::span<const std::uint8_t> info(data + 1, size - 1);
    switch (selector % kSelectorCount) {
        case kAnalog:
            fuzz_analog(info);
            break;
        case kAlarm:
            fuzz_alarm(info);
            break;
        case kSystemParameters:
            fuzz_system_parameters(info);
            break;
        case kDateTime:
            fuzz_date_time(info);
            break;
        case kHistory: {
            topband::HistoryRecord record;
            tbg::fuzz::check_history(info, record);
            break;
        }
        case kManufacturerInfo: {
            topband::ManufacturerInfo manufacturer;
            const std::string_view chars(reinterpret_cast<const char*>(info.data()), info.size());
            tbg::fuzz::check_manufacturer_info(chars, manufacturer);
            break;
        }
        default:
            fuzz_lookups(info);
            break;
    }
    fuzz_frame_round_trip(selector, info);
    return 0;
}
