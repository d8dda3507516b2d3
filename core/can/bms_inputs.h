// Everything the Victron, Pylontech and SMA encoders put on the bus, in integer units
// (shared/protocols/victron-can-bms.md §3, §9, §10).
//
// The controller fills one BmsInputs per CAN tick; the encoders only translate it. Values are given in the units
// named by their suffix and are clamped by each encoder to the range of the field they land in (see encoders.h),
// so a value outside the documented range is never wrapped: it is sent as the nearest value the field can carry.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tbg::can {

// Fixed-size ASCII text: up to N characters, the unused tail filled with '\0'. A text ends at its first '\0'.
using Text8 = std::array<char, 8>;
using Text16 = std::array<char, 16>;

// `text` truncated to N characters, NUL-padded.
template <std::size_t N>
constexpr std::array<char, N> make_text(std::string_view text) {
    std::array<char, N> out{};
    for (std::size_t i = 0; i < N && i < text.size(); ++i) {
        out[i] = text[i];
    }
    return out;
}

// The characters of `text` up to (not including) its first '\0'.
template <std::size_t N>
constexpr std::string_view text_view(const std::array<char, N>& text) {
    std::size_t length = 0;
    while (length < N && text[length] != '\0') {
        ++length;
    }
    return {text.data(), length};
}

// State of one 0x35A condition (§3.4). kNotSupported means the source cannot detect the condition: its pairs are
// sent as 00, which hides the row on a GX and means "no change" to a Sunny Island. Every condition the source can
// detect must be kOk, kWarning or kAlarm, so that a cleared condition is reported as OK and never drops back to 00.
enum class Level : std::uint8_t {
    kNotSupported,
    kOk,
    kWarning,
    kAlarm,
};

// The thirteen defined 0x35A conditions. The enumerator order is the wire order: condition i sits in alarm byte
// i / 4 and warning byte i / 4 + 4, bits 2 * (i % 4) and 2 * (i % 4) + 1 (§3.4). Byte 3/7 bits 2-7 are reserved.
enum class Condition : std::uint8_t {
    kGeneral,
    kHighVoltage,
    kLowVoltage,
    kHighTemperature,
    kLowTemperature,
    kHighTemperatureCharge,
    kLowTemperatureCharge,
    kHighDischargeCurrent,
    kHighChargeCurrent,
    kContactor,
    kShortCircuit,
    kBmsInternal,
    kCellImbalance,
};
inline constexpr std::size_t kConditionCount = 13;

// Stable snake_case id of a condition: "general", "high_voltage", …, "bms_internal", "cell_imbalance" (the names
// used by shared/protocols/victron-can-vectors.json).
std::string_view condition_id(Condition condition);

// True for conditions measured against a threshold (voltage, temperature, current, imbalance, general), whose
// warning threshold lies below the alarm threshold: at kAlarm their warning pair is raised as well. False for the
// faults without a warning stage (contactor, short circuit, BMS internal failure): at kAlarm their warning pair
// stays OK. See encoders.h, "0x35A".
constexpr bool has_warning_stage(Condition condition) {
    return condition != Condition::kContactor && condition != Condition::kShortCircuit &&
           condition != Condition::kBmsInternal;
}

struct BmsInputs {
    // --- 0x351 limits (§3.1, §6) --------------------------------------------------------------------------------
    // Sent as given (after clamping); the controller guarantees the DVCC rules (never CVL = 0, stop charging with
    // CCL = 0 and CVL near the pack voltage).
    std::int32_t charge_voltage_limit_dV = 0;     // CVL, 0.1 V; Victron/Pylontech field 0…6553.5 V, SMA 41.0…63.0 V
    std::int32_t charge_current_limit_dA = 0;     // CCL, 0.1 A, >= 0; field 0…3276.7 A, SMA 0…1200.0 A
    std::int32_t discharge_current_limit_dA = 0;  // DCL, 0.1 A, a positive number; ranges as CCL
    std::int32_t discharge_voltage_limit_dV = 0;  // DVL, 0.1 V; field 0…6553.5 V, SMA 41.0…48.0 V

    // --- 0x355 state (§3.2) -------------------------------------------------------------------------------------
    std::int32_t soc_centipct = 0;  // state of charge, 0.01 %, 0…10000
    std::int32_t soh_pct = 100;     // state of health, %, 0…100; see soh_valid

    // --- 0x356 measurements (§3.3) ------------------------------------------------------------------------------
    std::int32_t pack_voltage_cV = 0;  // 0.01 V, 0…327.67 V
    std::int32_t current_dA = 0;       // 0.1 A, + = charging, − = discharging; −3276.7…3276.7 A
    std::int32_t temperature_dC = 0;   // battery temperature, 0.1 °C, −3276.7…3276.7 °C; see temperature_valid

    // --- 0x373–0x377 cell extremes (§3.10, §3.11) ---------------------------------------------------------------
    std::int32_t min_cell_mV = 0;       // lowest cell voltage, mV, 0…65535
    std::int32_t max_cell_mV = 0;       // highest cell voltage, mV, 0…65535
    std::int32_t min_cell_temp_dC = 0;  // lowest cell temperature, 0.1 °C (sent in whole kelvin)
    std::int32_t max_cell_temp_dC = 0;  // highest cell temperature, 0.1 °C
    Text8 min_cell_voltage_label{};     // where the extreme sits, free ASCII, e.g. "P2C07"; empty allowed
    Text8 max_cell_voltage_label{};
    Text8 min_cell_temp_label{};  // e.g. "P2T3"
    Text8 max_cell_temp_label{};

    // --- 0x372 module counts (§3.9); 0x359 byte 4 (§9) ----------------------------------------------------------
    std::uint16_t modules_online = 0;
    std::uint16_t modules_offline = 0;
    std::uint16_t modules_blocking_charge = 0;
    std::uint16_t modules_blocking_discharge = 0;

    // --- capacity and energy (§3.7, §3.12, §3.13) ---------------------------------------------------------------
    std::uint32_t installed_capacity_Ah = 0;  // nominal capacity of the bank, Ah, 0…65535 (0x379)
    std::uint32_t available_capacity_Ah = 0;  // capacity of the online modules, Ah, 0…65535 (0x35F bytes 4-5)
    std::uint64_t charged_energy_Wh = 0;      // lifetime, Wh; sent in 100 Wh, rounded down (0x378)
    std::uint64_t discharged_energy_Wh = 0;   // lifetime, Wh; sent in 100 Wh, rounded down

    // --- 0x35A alarms and warnings (§3.4); also 0x359 (§9) ------------------------------------------------------
    // Indexed by Condition; use level(). Default: nothing claimed (kNotSupported everywhere).
    std::array<Level, kConditionCount> levels{};

    // --- 0x35C Pylontech request flags (§9) ---------------------------------------------------------------------
    bool charge_enable = false;           // bit 7
    bool discharge_enable = false;        // bit 6
    bool request_force_charge_1 = false;  // bit 5, "force charge I": the battery may shut down soon
    bool request_force_charge_2 = false;  // bit 4, "force charge II": charge before shutdown
    bool request_full_charge = false;     // bit 3: SOC has not reached 97 % for 30 days

    // --- identity (§3.6, §3.7, §3.8, §3.15) ---------------------------------------------------------------------
    // Texts are sent as printable ASCII (0x20…0x7E); any other character is sent as '?'.
    Text8 manufacturer = make_text<8>("TOPBAND");        // 0x35E; see name_triggers_gx_quirk() before changing it
    Text16 bms_name = make_text<16>("TOPBAND-GATEWAY");  // 0x370 + 0x371; empty: both frames omitted
    Text8 family{};                   // product / family string, e.g. "TB48100" (0x382); empty: frame omitted
    std::uint16_t product_code = 0;   // 0x35F bytes 0-1, model / battery type code; 0 = none
    std::uint8_t firmware_major = 0;  // 0x35F byte 2, binary
    std::uint8_t firmware_minor = 0;  // 0x35F byte 3, binary; keep below 10 if the exact display matters (§3.7)
    std::uint8_t cell_count = 0;      // cells in series per pack; informational, carried by none of the frames

    // --- data availability --------------------------------------------------------------------------------------
    // false = the value is unknown: SMA sends its invalid marker, Victron omits the optional frame that carries it
    // (firmware excepted: sent as 0.0); the full table is in encoders.h.
    bool soh_valid = true;
    bool temperature_valid = true;    // temperature_dC
    bool cell_extremes_valid = true;  // min/max cell voltage and temperature and their labels
    bool capacity_valid = true;       // installed_capacity_Ah and available_capacity_Ah
    bool energy_valid = true;         // charged_energy_Wh and discharged_energy_Wh
    bool firmware_valid = true;       // firmware_major and firmware_minor

    Level& level(Condition condition) { return levels[static_cast<std::size_t>(condition)]; }
    Level level(Condition condition) const { return levels[static_cast<std::size_t>(condition)]; }
};

}  // namespace tbg::can
