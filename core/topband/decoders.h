// Typed decoders for the INFO of Topband replies (shared/protocols/topband-rs485.md §8, §9).
//
// Every decoder walks the counts in the INFO, never fixed offsets, and tolerates trailing bytes it does not know.
// Inputs are the INFO bytes after hex decoding (decode_info_hex), except the 0x51 reply, which takes the raw
// characters. Pure functions: no allocation, no I/O. On error the output is unspecified.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/topband/frame.h"

namespace tbg::topband {

inline constexpr std::size_t kMaxCells = 32;
inline constexpr std::size_t kMaxTemperatures = 16;
inline constexpr std::size_t kMaxStatusBytes = 32;  // 256 status bits; the vendor file defines at least 10 bytes
inline constexpr std::uint16_t kTemperatureZeroRaw = 2731;  // raw 0.1 K value of 0 °C (§5)

enum class DecodeError : std::uint8_t {
    kNone,
    kInfoTooShort,    // the counts promise more bytes than INFO holds (or a fixed-size field is cut off)
    kBadCellCount,    // M outside 1…32
    kBadTempCount,    // N outside 0…16
    kBadStatusCount,  // S outside 0…32
    kBadValueCount,   // history K below 3
    kBadDateTime,     // month, day, hour, minute or second out of range
};

std::string_view to_string(DecodeError error);  // stable snake_case id

// Raw 0.1 K (offset 2731) → 0.1 °C, −273.1…+3276.7 °C: raw values above 35498 saturate (never wrap to cold).
constexpr std::int16_t temperature_dC(std::uint16_t raw_dK) {
    const int value = static_cast<int>(raw_dK) - static_cast<int>(kTemperatureZeroRaw);
    return static_cast<std::int16_t>(value > 32767 ? 32767 : value);
}

// Role of a temperature sensor (§8.1). kUnknown must be treated as a cell sensor by safety code.
enum class TemperatureRole : std::uint8_t { kCellGroup, kBalancer, kEnvironment, kMosfet, kUnknown };
std::string_view to_string(TemperatureRole role);  // "cell", "balancer", "environment", "mosfet", "unknown"

struct TemperatureRoles {
    std::array<TemperatureRole, kMaxTemperatures> role{};
    // true when the layout is the one LD documents for 7-sensor packs (cell groups + balancer, environment, MOSFET);
    // false for every other sensor count, whose roles are a best guess (§8.1, §12).
    bool likely = false;
};

// Roles for `temp_count` sensors of a pack with `cell_count` cells. Cell groups cover four cells each:
//  - N = groups + 3: groups, then balancer, environment, MOSFET (LD; likely);
//  - N = groups + 2: groups, then MOSFET, environment (HE/PACE convention; uncertain);
//  - otherwise: the first min(N, groups) are cell groups, the rest unknown.
TemperatureRoles temperature_roles(std::size_t cell_count, std::size_t temp_count);

// --- 0x42 analog values (§8.1) ---------------------------------------------------------------------------------

enum class SocSource : std::uint8_t { kNone, kBms, kCapacity };

struct AnalogValues {
    std::uint8_t pack_id = 0;  // INFO[0], probably the ADR echo
    std::uint8_t cell_count = 0;
    std::array<std::uint16_t, kMaxCells> cell_mV{};
    std::uint8_t temp_count = 0;
    std::array<std::uint16_t, kMaxTemperatures> temp_raw_dK{};  // as sent: 0.1 K, 0 °C = 2731
    TemperatureRoles temp_roles;
    // Tail fields, each present only if INFO holds it (older firmware may stop early).
    std::optional<std::int16_t> current_10mA;  // + = charging
    std::optional<std::uint16_t> pack_voltage_10mV;
    std::optional<std::uint32_t> remaining_10mAh;  // u16, or u24 with the extended-capacity escape
    std::optional<std::uint8_t> udi;
    std::optional<std::uint32_t> full_10mAh;
    std::optional<std::uint16_t> cycles;
    std::optional<std::uint8_t> bms_soc_pct;  // as sent, may be out of range
    std::optional<std::uint8_t> soh_pct;
    std::optional<std::uint8_t> custom1;
    std::optional<std::uint8_t> custom2;
    bool extended_capacity = false;  // remaining = full = 0xFFFF escape: u24 capacities, unit unverified (§8.1)
    std::size_t trailing_bytes = 0;  // bytes after the last known field

    std::int16_t temperature_dC(std::size_t index) const { return topband::temperature_dC(temp_raw_dK[index]); }

    // State of charge in 0.01 % (0…10000): the BMS value when it is 0…100, else remaining / full, else none.
    struct Soc {
        std::uint16_t value_centipct = 0;
        SocSource source = SocSource::kNone;
    };
    Soc soc() const;
};

DecodeError decode_analog(std::span<const std::uint8_t> info, AnalogValues& out);

// --- 0x44 alarm and status (§8.2, §9) ---------------------------------------------------------------------------

// State byte values (family convention, unverified on Topband).
enum class StateByte : std::uint8_t { kNormal = 0x00, kBelowLower = 0x01, kAboveUpper = 0x02, kOtherFault = 0xF0 };
std::string_view state_byte_name(std::uint8_t value);  // "normal", "below_lower_limit", …, "unknown"

struct AlarmInfo {
    std::uint8_t pack_id = 0;
    std::uint8_t cell_count = 0;
    std::array<std::uint8_t, kMaxCells> cell_state{};
    std::uint8_t temp_count = 0;
    std::array<std::uint8_t, kMaxTemperatures> temp_state{};  // roles as temperature_roles(cell_count, temp_count)
    std::uint8_t charge_current_state = 0;
    std::uint8_t pack_voltage_state = 0;
    std::uint8_t status_byte_count = 0;
    std::array<std::uint8_t, kMaxStatusBytes> status_bytes{};
    std::size_t trailing_bytes = 0;

    // Bit `bit` of the status field (byte bit/8, bit bit%8); false beyond the bytes received.
    bool status_bit(std::size_t bit) const {
        return bit / 8 < status_byte_count && ((unsigned{status_bytes[bit / 8]} >> (bit % 8)) & 1U) != 0;
    }
};

DecodeError decode_alarm(std::span<const std::uint8_t> info, AlarmInfo& out);

// Named status bits (§9). `id` is a stable snake_case identifier; `protection` marks bits whose BMS action blocks
// charge or discharge (SW's critical mask); `state` marks bits that report a state, not a fault.
struct StatusBitInfo {
    std::uint8_t bit;
    std::string_view id;
    std::string_view name;
    bool protection;
    bool state;
};
std::span<const StatusBitInfo> status_bits();
const StatusBitInfo* find_status_bit(std::size_t bit);  // nullptr for undefined bits

// Bit numbers the bank and controller use (§9).
namespace bits {
inline constexpr std::uint8_t kCellOverVoltageProtection = 0;
inline constexpr std::uint8_t kChargeOverCurrentProtection = 2;
inline constexpr std::uint8_t kDischargeOverCurrent1Protection = 4;
inline constexpr std::uint8_t kCellTempProtectionDischarge = 5;
inline constexpr std::uint8_t kCellTempProtectionCharge = 6;
inline constexpr std::uint8_t kChargeMosfetOn = 9;
inline constexpr std::uint8_t kDischargeMosfetOn = 10;
inline constexpr std::uint8_t kShortCircuitProtection = 11;
inline constexpr std::uint8_t kCellUnderVoltageProtection = 12;
inline constexpr std::uint8_t kPackUnderVoltageProtection = 13;
inline constexpr std::uint8_t kFullyCharged = 19;
inline constexpr std::uint8_t kDischargeOverCurrent2Protection = 56;
inline constexpr std::uint8_t kPackOverVoltageProtection = 58;
inline constexpr std::uint8_t kMosfetTempProtection = 59;
inline constexpr std::uint8_t kDischargeMosfetForcedOff = 60;
inline constexpr std::uint8_t kChargeMosfetForcedOff = 61;
}  // namespace bits

// --- 0x47 system parameters (§8.3) ------------------------------------------------------------------------------

struct SystemParameters {
    std::uint16_t cell_high_mV = 0;
    std::uint16_t cell_low_mV = 0;
    std::uint16_t cell_under_mV = 0;
    std::uint16_t charge_high_temp_raw_dK = 0;
    std::uint16_t charge_low_temp_raw_dK = 0;
    std::int16_t charge_current_max_10mA = 0;
    std::uint16_t pack_high_10mV = 0;
    std::uint16_t pack_low_10mV = 0;
    std::uint16_t pack_under_10mV = 0;
    std::uint16_t discharge_high_temp_raw_dK = 0;
    std::uint16_t discharge_low_temp_raw_dK = 0;
    std::int16_t discharge_current_max_10mA = 0;
    std::size_t trailing_bytes = 0;
};

DecodeError decode_system_parameters(std::span<const std::uint8_t> info, SystemParameters& out);

// Plausibility windows (cell high limit 3.4–4.5 V, other cell limits 2.0–4.5 V, pack high limit 40–65 V, other pack
// limits 30–65 V, temperatures −40…+100 °C, currents 1–500 A). A pack's
// limits are used only when every field is plausible. Returns a bit mask of implausible fields, bit i = field i in
// declaration order (0 = cell_high_mV … 11 = discharge_current_max_10mA); 0 when all are plausible.
std::uint16_t implausible_parameters(const SystemParameters& parameters);
std::string_view system_parameter_id(std::size_t index);  // "cell_high_mV", … (index 0…11)
inline constexpr std::size_t kSystemParameterCount = 12;

// --- 0x4D / 0x4E date and time (§8.4) ---------------------------------------------------------------------------

struct DateTime {
    std::uint16_t year = 0;
    std::uint8_t month = 0;
    std::uint8_t day = 0;
    std::uint8_t hour = 0;
    std::uint8_t minute = 0;
    std::uint8_t second = 0;
};

DecodeError decode_date_time(std::span<const std::uint8_t> info, DateTime& out);

// --- 0x4B history record (§8.5) ---------------------------------------------------------------------------------

inline constexpr std::size_t kMaxHistoryValues = 64;
inline constexpr std::size_t kMaxHistoryStatusBytes = 16;

struct HistoryRecord {
    std::uint8_t info0 = 0;          // meaning unknown
    std::uint8_t record_number = 0;  // record number or mode echo
    DateTime time;
    std::uint8_t event_type = 0;
    std::uint8_t status_byte_count = 0;
    std::array<std::uint8_t, kMaxHistoryStatusBytes> status_bytes{};
    std::uint8_t value_count = 0;  // K
    std::array<std::uint16_t, kMaxHistoryValues> values{};
    // Derived from values when K >= 3 (current, voltage, remaining) and K >= 9 (temperatures, then cell slots).
    std::int16_t current_10mA = 0;
    std::uint16_t pack_voltage_10mV = 0;
    std::uint32_t remaining_10mAh = 0;
    std::uint8_t cell_temp_count = 0;  // 4 when K >= 9
    std::array<std::int16_t, 4> cell_temp_dC{};
    std::optional<std::int16_t> environment_temp_dC;
    std::optional<std::int16_t> mosfet_temp_dC;
    std::uint8_t cell_slot_count = 0;  // K − 9; unused slots read 0 mV
    std::array<std::uint16_t, kMaxHistoryValues> cell_mV{};
    std::size_t trailing_bytes = 0;
};

// History temperatures: raw values above 3731 carry a +2560 offset for negative °C (firmware quirk, §8.5).
std::int16_t history_temperature_dC(std::uint16_t raw);

DecodeError decode_history(std::span<const std::uint8_t> info, HistoryRecord& out);

// --- 0x51 manufacturer information (§8.8) -----------------------------------------------------------------------

struct ManufacturerInfo {
    // Where a field sits in text(); padding (spaces, NUL) trimmed.
    struct Field {
        std::uint16_t offset = 0;
        std::uint16_t size = 0;
    };

    bool raw_ascii = true;  // false when INFO was valid hex (PY/Seplos style)
    // Raw-ASCII layout (LD/SW): hardware version 20 chars, software version 4, id/serial 40. Hex layout (PY): device
    // name 10 bytes, software version 2 bytes (as 4 hex digits), manufacturer 20 bytes (reported as id).
    Field hardware_field;
    Field software_field;
    Field id_field;
    // Raw INFO characters, or for hex INFO the decoded bytes with the version as hex digits, as text.
    std::array<char, kMaxInfoChars> storage{};
    std::size_t storage_size = 0;

    std::string_view text() const { return {storage.data(), storage_size}; }
    std::string_view hardware() const { return field(hardware_field); }
    std::string_view software() const { return field(software_field); }
    std::string_view id() const { return field(id_field); }

private:
    std::string_view field(Field f) const { return text().substr(f.offset, f.size); }
};

// Takes the INFO characters as received. Never fails: any content is kept.
void decode_manufacturer_info(std::string_view info_chars, ManufacturerInfo& out);

}  // namespace tbg::topband
