// Golden vectors: tests/golden/victron-can-vectors.json, an unchanged copy of
// shared/protocols/victron-can-vectors.json.
//
// Every vector is classified and checked; the count of each class is asserted so that a silently empty loop, a
// vector that changes class or a new vector fails the test.
//
// Not applicable, and why:
//   - direction gx_to_bms / inverter_to_bms (0x305, 0x306, 0x307 of a GX, 0x305 of a Sunny Island): frames we
//     receive, not frames we produce or describe.
// Decoded only (describe()), not encoded:
//   - identifiers the protocol's encoder does not emit: BYD's 0x360 (spec: do not send), Pylontech protocol 1.3's
//     0x35A and 0x35F (our Pylontech encoder implements V1.2: 0x359/0x35C), SMA's 0x00F remote quick stop (not
//     part of BmsInputs);
//   - constructed_negative_example: mistakes of peers; each has its own check in kNegativeChecks.
// Encoded from their `decoded` values and compared with `data_hex`:
//   - every other bms_to_gx / bms_to_inverter vector: byte for byte when its DLC is 8; captures with a shorter DLC
//     (Pylontech sends 2, 4, 6 and 7 bytes) must equal our first DLC bytes, the rest of ours being zero padding;
//   - kDeviations lists the captures whose bytes we deliberately do not reproduce, with the reason and the bytes that
//     must still agree.
// Every bms_to_* vector is also decoded: describe() must show each value under `decoded` (a key no check consumes
// fails the test).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/can/bms_inputs.h"
#include "core/can/can_frame.h"
#include "core/can/describe.h"
#include "core/can/encoders.h"
#include "tests/unit/can/reference_bank.h"

namespace tbg::can {
namespace {

using nlohmann::json;

json load_vectors() {
    std::ifstream in(TBG_SOURCE_DIR "/tests/golden/victron-can-vectors.json");
    EXPECT_TRUE(in.good()) << "tests/golden/victron-can-vectors.json missing";
    return json::parse(in);
}

struct Vector {
    std::string id;
    std::string kind;
    std::string direction;
    Protocol protocol = Protocol::kVictron;
    CanFrame frame;
    json decoded;
};

std::vector<Vector> vectors() {
    std::vector<Vector> out;
    const json document = load_vectors();
    for (const json& v : document.at("vectors")) {
        Vector vector;
        vector.id = v.at("id").get<std::string>();
        vector.kind = v.at("kind").get<std::string>();
        vector.direction = v.at("direction").get<std::string>();
        const auto protocol = protocol_from_string(v.at("protocol").get<std::string>());
        EXPECT_TRUE(protocol.has_value()) << vector.id;
        vector.protocol = protocol.value_or(Protocol::kVictron);
        EXPECT_FALSE(v.at("extended_id").get<bool>()) << vector.id;
        vector.frame.id = static_cast<std::uint16_t>(std::stoul(v.at("can_id").get<std::string>(), nullptr, 16));
        vector.frame.dlc = v.at("dlc").get<std::uint8_t>();
        const std::string hex = v.at("data_hex").get<std::string>();
        std::size_t count = 0;
        for (std::size_t pos = 0; pos + 1 < hex.size(); pos += 3) {
            vector.frame.data.at(count++) = static_cast<std::uint8_t>(std::stoul(hex.substr(pos, 2), nullptr, 16));
        }
        EXPECT_EQ(count, vector.frame.dlc) << vector.id;
        vector.decoded = v.at("decoded");
        out.push_back(vector);
    }
    return out;
}

std::string hex_bytes(const CanFrame& frame, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        char buffer[4];
        std::snprintf(buffer, sizeof buffer, "%02X", frame.data[i]);
        out += (i == 0 ? "" : " ") + std::string{buffer};
    }
    return out;
}

std::string number(double value, int decimals) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::int32_t scaled(const json& value, double factor) {
    return static_cast<std::int32_t>(std::llround(value.get<double>() * factor));
}

std::uint16_t hex_u16(const json& value) {
    return static_cast<std::uint16_t>(std::stoul(value.get<std::string>(), nullptr, 16));
}

// Read access to `decoded` that records which keys were consumed.
class Decoded {
public:
    explicit Decoded(const json& values) : values_(values) {}
    bool has(const std::string& key) const { return values_.contains(key); }
    const json& at(const std::string& key) {
        used_.insert(key);
        return values_.at(key);
    }
    std::vector<std::string> unused() const {
        std::vector<std::string> out;
        for (const auto& item : values_.items()) {
            if (used_.count(item.key()) == 0) {
                out.push_back(item.key());
            }
        }
        return out;
    }

private:
    const json& values_;
    std::set<std::string> used_;
};

// --- 0x35A ----------------------------------------------------------------------------------------------------

// Pair values a decoded state allows.
std::set<std::uint8_t> pair_values(const std::string& state) {
    if (state == "ok" || state == "cleared(leave)") {
        return {kPairOk};
    }
    if (state == "active" || state == "raised(arrive)") {
        return {kPairActive};
    }
    if (state == "not_supported") {
        return {kPairNotReported};
    }
    if (state == "no_change") {
        return {0, 3};
    }
    ADD_FAILURE() << "unknown 0x35A state " << state;
    return {};
}

// The Level that produces (alarm, warning), if any.
std::optional<Level> level_for(std::uint8_t alarm, std::uint8_t warning, Condition condition) {
    for (const Level level : {Level::kNotSupported, Level::kOk, Level::kWarning, Level::kAlarm}) {
        if (alarm_pair(level, condition) == alarm && warning_pair(level, condition) == warning) {
            return level;
        }
    }
    return std::nullopt;
}

// --- 0x359 ----------------------------------------------------------------------------------------------------

struct PylonName {
    std::string_view protection;
    std::string_view alarm;
    Condition condition;
};
constexpr std::array<PylonName, 7> kPylonNames{{
    {"cell_or_module_over_voltage", "cell_or_module_high_voltage", Condition::kHighVoltage},
    {"cell_or_module_under_voltage", "cell_or_module_low_voltage", Condition::kLowVoltage},
    {"cell_over_temperature", "cell_high_temperature", Condition::kHighTemperature},
    {"cell_under_temperature", "cell_low_temperature", Condition::kLowTemperature},
    {"discharge_over_current", "discharge_high_current", Condition::kHighDischargeCurrent},
    {"charge_over_current", "charge_high_current", Condition::kHighChargeCurrent},
    {"system_error", "internal_communication_fail", Condition::kBmsInternal},
}};

bool contains(const json& list, std::string_view name) {
    for (const json& item : list) {
        if (item.get<std::string>() == name) {
            return true;
        }
    }
    return false;
}

// --- encode direction: decoded values -> BmsInputs ----------------------------------------------------------------

// Fills the fields of `in` that frame `id` carries from `decoded`. Returns the reasons why the frame cannot be
// produced by our encoder exactly (empty when it can).
std::vector<std::string> build_inputs(const Vector& vector, Decoded& d, BmsInputs& in) {
    std::vector<std::string> unencodable;
    switch (vector.frame.id) {
        case ids::kLimits:
            in.charge_voltage_limit_dV = scaled(d.at("cvl_V"), 10);
            in.charge_current_limit_dA = scaled(d.at("ccl_A"), 10);
            in.discharge_current_limit_dA = scaled(d.at("dcl_A"), 10);
            in.discharge_voltage_limit_dV = scaled(d.at("dvl_V"), 10);
            break;
        case ids::kSoc: {
            const std::int32_t soc = d.at("soc_pct").get<std::int32_t>();
            in.soh_pct = d.at("soh_pct").get<std::int32_t>();
            in.soc_centipct = soc * 100;
            if (d.has("soc_hires_pct")) {
                const std::int32_t hires = scaled(d.at("soc_hires_pct"), 100);
                if (hires != 0) {
                    in.soc_centipct = hires;
                    if (vector.protocol == Protocol::kPylontech) {
                        unencodable.emplace_back("Pylontech bytes 4-5 are always 0");
                    }
                } else if (vector.protocol != Protocol::kPylontech) {
                    unencodable.emplace_back("hi-res SOC left at 0");
                }
            }
            if ((in.soc_centipct + 50) / 100 != soc) {
                unencodable.emplace_back("integer SOC is not the rounded hi-res SOC");
            }
            break;
        }
        case ids::kMeasurements:
            in.pack_voltage_cV = scaled(d.at("voltage_V"), 100);
            in.current_dA = scaled(d.at("current_A"), 10);
            in.temperature_dC = scaled(d.at("temperature_C"), 10);
            break;
        case ids::kAlarms: {
            const json& alarms = d.at("alarms");
            const json& warnings = d.at("warnings");
            for (std::size_t i = 0; i < kConditionCount; ++i) {
                const auto condition = static_cast<Condition>(i);
                const std::string name{condition_id(condition)};
                const auto alarm = pair_values(alarms.at(name).get<std::string>());
                const auto warning = pair_values(warnings.at(name).get<std::string>());
                const auto level = level_for(*alarm.begin(), *warning.begin(), condition);
                if (level) {
                    in.level(condition) = *level;
                } else {
                    unencodable.push_back("no Level gives " + name + " this alarm/warning combination");
                }
            }
            if (d.has("byte7_bits2_3_system_status_pair")) {
                d.at("byte7_bits2_3_system_status_pair");
                unencodable.emplace_back("reserved pair set");
            }
            break;
        }
        case ids::kEvents:
            if (!d.at("all_zero").get<bool>()) {
                unencodable.emplace_back("events are never sent");
            }
            break;
        case ids::kManufacturer:
            in.manufacturer = make_text<8>(d.at("ascii").get<std::string>());
            break;
        case ids::kBmsName1:
            in.bms_name = make_text<16>(d.at("ascii").get<std::string>());
            break;
        case ids::kBmsName2:
            in.bms_name = make_text<16>("FIRSTHLF" + d.at("ascii").get<std::string>());
            break;
        case ids::kMinCellVoltageLabel:
            in.min_cell_voltage_label = make_text<8>(d.at("ascii").get<std::string>());
            break;
        case ids::kMaxCellVoltageLabel:
            in.max_cell_voltage_label = make_text<8>(d.at("ascii").get<std::string>());
            break;
        case ids::kMinCellTempLabel:
            in.min_cell_temp_label = make_text<8>(d.at("ascii").get<std::string>());
            break;
        case ids::kMaxCellTempLabel:
            in.max_cell_temp_label = make_text<8>(d.at("ascii").get<std::string>());
            break;
        case ids::kFamily:
            in.family = make_text<8>(d.at("ascii").get<std::string>());
            break;
        case ids::kInfo:
            if (vector.protocol == Protocol::kSma) {
                in.product_code = hex_u16(d.at("bat_type_u16"));
                const std::string version = d.at("bms_version_bytes2_3").get<std::string>();
                in.firmware_major = static_cast<std::uint8_t>(std::stoul(version.substr(0, 2), nullptr, 16));
                in.firmware_minor = static_cast<std::uint8_t>(std::stoul(version.substr(3, 2), nullptr, 16));
                in.available_capacity_Ah = d.at("bat_capacity_Ah").get<std::uint32_t>();
                if (hex_u16(d.at("manufacturer_id_or_reserved_u16")) != 0) {
                    unencodable.emplace_back("bytes 6-7 are always 0");
                }
            } else {
                in.product_code = hex_u16(d.at("bytes0_1_model_or_type_u16"));
                in.firmware_major = d.at("fw_byte2").get<std::uint8_t>();
                in.firmware_minor = d.at("fw_byte3").get<std::uint8_t>();
                in.available_capacity_Ah = d.at("capacity_Ah_bytes4_5").get<std::uint32_t>();
                if (hex_u16(d.at("bytes6_7_u16")) != 0) {
                    unencodable.emplace_back("bytes 6-7 are always 0");
                }
            }
            break;
        case ids::kModules:
            in.modules_online = d.at("modules_online").get<std::uint16_t>();
            in.modules_blocking_charge = d.at("modules_blocking_charge").get<std::uint16_t>();
            in.modules_blocking_discharge = d.at("modules_blocking_discharge").get<std::uint16_t>();
            in.modules_offline = d.at("modules_offline").get<std::uint16_t>();
            break;
        case ids::kCellExtremes:
            in.min_cell_mV = d.at("min_cell_mV").get<std::int32_t>();
            in.max_cell_mV = d.at("max_cell_mV").get<std::int32_t>();
            in.min_cell_temp_dC = d.at("min_cell_temp_C").get<std::int32_t>() * 10;
            in.max_cell_temp_dC = d.at("max_cell_temp_C").get<std::int32_t>() * 10;
            break;
        case ids::kEnergy:
            in.charged_energy_Wh =
                static_cast<std::uint64_t>(std::llround(d.at("charged_energy_kWh").get<double>() * 1000));
            in.discharged_energy_Wh =
                static_cast<std::uint64_t>(std::llround(d.at("discharged_energy_kWh").get<double>() * 1000));
            break;
        case ids::kInstalledCapacity:
            in.installed_capacity_Ah = d.at("installed_capacity_Ah").get<std::uint32_t>();
            break;
        case ids::kPylonFlags: {
            const json& protection = d.at("protection_active");
            const json& alarm = d.at("alarm_active");
            in.levels.fill(Level::kOk);
            for (const PylonName& name : kPylonNames) {
                const auto alarm_value = contains(protection, name.protection) ? kPairActive : kPairOk;
                const auto warning_value = contains(alarm, name.alarm) ? kPairActive : kPairOk;
                const auto level = level_for(alarm_value, warning_value, name.condition);
                if (level) {
                    in.level(name.condition) = *level;
                } else {
                    unencodable.push_back("no Level gives this 0x359 combination for " + std::string{name.alarm});
                }
            }
            const int modules = d.at("module_count").get<int>();
            in.modules_online = static_cast<std::uint16_t>(modules);
            if (modules == 0) {
                unencodable.emplace_back("module count 0");
            }
            if (d.at("signature").get<std::string>() != "PN") {
                unencodable.emplace_back("signature other than PN");
            }
            break;
        }
        case ids::kPylonRequests:
            in.charge_enable = d.at("charge_enable").get<bool>();
            in.discharge_enable = d.at("discharge_enable").get<bool>();
            in.request_force_charge_1 = d.at("force_charge_I_bit5").get<bool>();
            in.request_force_charge_2 = d.at("force_charge_II_bit4").get<bool>();
            in.request_full_charge = d.at("full_charge_request_bit3").get<bool>();
            break;
        default:
            ADD_FAILURE() << vector.id << ": no builder for this identifier";
            break;
    }
    return unencodable;
}

// --- decode direction: describe() must show every decoded value ---------------------------------------------------

void expect_shows(const std::string& line, const std::string& part, const std::string& id) {
    EXPECT_NE(line.find(part), std::string::npos) << id << ": \"" << line << "\" lacks \"" << part << "\"";
}

std::string name_list(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& name : names) {
        out += (out.empty() ? "" : ", ") + name;
    }
    return out.empty() ? "none" : out;
}

void check_decode(const Vector& vector) {
    const CanFrame& frame = vector.frame;
    const std::string line = describe(frame, vector.protocol);
    const std::string& id = vector.id;
    Decoded d(vector.decoded);
    const std::string dlc_note = frame.dlc == kMaxDlc ? "" : " [DLC " + std::to_string(frame.dlc) + "]";
    switch (frame.id) {
        case ids::kSmaQuickStop:
            EXPECT_TRUE(d.at("remote_quick_stop").get<bool>()) << id;
            EXPECT_EQ(line, "0x00F remote quick stop" + dlc_note) << id;
            break;
        case ids::kLimits:
            expect_shows(line, "0x351 CVL " + number(d.at("cvl_V").get<double>(), 1) + " V", id);
            expect_shows(line, " CCL " + number(d.at("ccl_A").get<double>(), 1) + " A", id);
            expect_shows(line, " DCL " + number(d.at("dcl_A").get<double>(), 1) + " A", id);
            expect_shows(line, " DVL " + number(d.at("dvl_V").get<double>(), 1) + " V", id);
            break;
        case ids::kSoc:
            expect_shows(line, "0x355 SOC " + std::to_string(d.at("soc_pct").get<int>()) + " %", id);
            expect_shows(line, " SOH " + std::to_string(d.at("soh_pct").get<int>()) + " %", id);
            if (d.has("soc_hires_pct")) {
                expect_shows(line, " hi-res SOC " + number(d.at("soc_hires_pct").get<double>(), 2) + " %", id);
            } else {
                EXPECT_EQ(line.find("hi-res"), std::string::npos) << id;
            }
            break;
        case ids::kMeasurements:
            expect_shows(line, " voltage " + number(d.at("voltage_V").get<double>(), 2) + " V", id);
            expect_shows(line, " current " + number(d.at("current_A").get<double>(), 1) + " A", id);
            expect_shows(line, " temperature " + number(d.at("temperature_C").get<double>(), 1) + " °C", id);
            break;
        case ids::kAlarms: {
            const json& alarms = d.at("alarms");
            const json& warnings = d.at("warnings");
            std::vector<std::string> active_alarms;
            std::vector<std::string> active_warnings;
            for (std::size_t i = 0; i < kConditionCount; ++i) {
                const auto condition = static_cast<Condition>(i);
                const std::string name{condition_id(condition)};
                const auto alarm = pair_values(alarms.at(name).get<std::string>());
                const auto warning = pair_values(warnings.at(name).get<std::string>());
                EXPECT_EQ(alarm.count(read_alarm_pair(frame, condition)), 1U) << id << " alarm " << name;
                EXPECT_EQ(warning.count(read_warning_pair(frame, condition)), 1U) << id << " warning " << name;
                if (alarm.count(kPairActive) != 0) {
                    active_alarms.push_back(name);
                }
                if (warning.count(kPairActive) != 0) {
                    active_warnings.push_back(name);
                }
            }
            expect_shows(
                line, "0x35A alarms: " + name_list(active_alarms) + "; warnings: " + name_list(active_warnings) + ";",
                id);
            if (d.has("byte7_bits2_3_system_status_pair")) {
                const auto allowed = pair_values(d.at("byte7_bits2_3_system_status_pair").get<std::string>());
                EXPECT_EQ(allowed.count(static_cast<std::uint8_t>((frame.data[7] >> 2U) & 3U)), 1U) << id;
                expect_shows(line, "reserved byte 7 bits 2-7", id);
            }
            break;
        }
        case ids::kEvents:
        case 0x360:
            EXPECT_TRUE(d.at("all_zero").get<bool>()) << id;
            for (std::size_t i = 0; i < frame.dlc; ++i) {
                EXPECT_EQ(frame.data[i], 0) << id;
            }
            expect_shows(line, frame.id == ids::kEvents ? "0x35B events: none" : "not decoded: 00 00 00 00 00 00 00 00",
                         id);
            break;
        case ids::kManufacturer:
        case ids::kBmsName1:
        case ids::kBmsName2:
        case ids::kMinCellVoltageLabel:
        case ids::kMaxCellVoltageLabel:
        case ids::kMinCellTempLabel:
        case ids::kMaxCellTempLabel:
        case ids::kFamily:
            expect_shows(line, " \"" + d.at("ascii").get<std::string>() + "\"", id);
            break;
        case ids::kInfo:
            if (vector.protocol == Protocol::kSma) {
                expect_shows(line, " model 0x" + d.at("bat_type_u16").get<std::string>().substr(2), id);
                const std::string version = d.at("bms_version_bytes2_3").get<std::string>();
                EXPECT_EQ(version, hex_bytes(frame, 4).substr(6)) << id;
                expect_shows(line, " firmware " + std::to_string(frame.data[2]) + "." + std::to_string(frame.data[3]),
                             id);
                expect_shows(line, " available capacity " + std::to_string(d.at("bat_capacity_Ah").get<int>()) + " Ah",
                             id);
                expect_shows(
                    line, " bytes 6-7 0x" + d.at("manufacturer_id_or_reserved_u16").get<std::string>().substr(2), id);
            } else {
                expect_shows(line, " model 0x" + d.at("bytes0_1_model_or_type_u16").get<std::string>().substr(2), id);
                std::string ascii;
                for (std::size_t i = 0; i < 2; ++i) {
                    const auto c = static_cast<char>(frame.data[i]);
                    ascii += (c >= 0x20 && c <= 0x7E) ? c : '.';
                }
                EXPECT_EQ(d.at("bytes0_1_ascii").get<std::string>(), ascii) << id;
                EXPECT_EQ(d.at("fw_byte2").get<int>(), frame.data[2]) << id;
                EXPECT_EQ(d.at("fw_byte3").get<int>(), frame.data[3]) << id;
                // Binary is the reading we use (§3.7, §11); the hex-digit reading is checked for consistency only.
                expect_shows(line, " firmware " + d.at("fw_if_binary_bytes").get<std::string>(), id);
                char hex_reading[16];
                std::snprintf(hex_reading, sizeof hex_reading, "%X.%02X", frame.data[2], frame.data[3]);
                EXPECT_EQ(d.at("fw_if_hex_digits").get<std::string>(), hex_reading) << id;
                expect_shows(
                    line, " available capacity " + std::to_string(d.at("capacity_Ah_bytes4_5").get<int>()) + " Ah", id);
                expect_shows(line, " bytes 6-7 0x" + d.at("bytes6_7_u16").get<std::string>().substr(2), id);
            }
            break;
        case ids::kModules:
            expect_shows(line, " modules online " + std::to_string(d.at("modules_online").get<int>()), id);
            expect_shows(line, " blocking charge " + std::to_string(d.at("modules_blocking_charge").get<int>()), id);
            expect_shows(line, " blocking discharge " + std::to_string(d.at("modules_blocking_discharge").get<int>()),
                         id);
            expect_shows(line, " offline " + std::to_string(d.at("modules_offline").get<int>()), id);
            break;
        case ids::kCellExtremes:
            expect_shows(line, " cell voltage min " + number(d.at("min_cell_mV").get<double>() / 1000, 3) + " V", id);
            expect_shows(line, " max " + number(d.at("max_cell_mV").get<double>() / 1000, 3) + " V", id);
            expect_shows(line,
                         " cell temperature min " + std::to_string(d.at("min_cell_temp_C").get<int>()) + " °C (" +
                             std::to_string(d.at("min_cell_temp_K").get<int>()) + " K)",
                         id);
            expect_shows(line,
                         " max " + std::to_string(d.at("max_cell_temp_C").get<int>()) + " °C (" +
                             std::to_string(d.at("max_cell_temp_K").get<int>()) + " K)",
                         id);
            break;
        case ids::kEnergy:
            expect_shows(line, " charged " + number(d.at("charged_energy_kWh").get<double>(), 1) + " kWh", id);
            expect_shows(line, " discharged " + number(d.at("discharged_energy_kWh").get<double>(), 1) + " kWh", id);
            break;
        case ids::kInstalledCapacity:
            expect_shows(line,
                         " installed capacity " + std::to_string(d.at("installed_capacity_Ah").get<int>()) + " Ah", id);
            break;
        case ids::kPylonFlags:
            expect_shows(line,
                         " protection: " + name_list(d.at("protection_active").get<std::vector<std::string>>()) +
                             "; alarm: " + name_list(d.at("alarm_active").get<std::vector<std::string>>()) +
                             "; modules " + std::to_string(d.at("module_count").get<int>()) + "; signature \"" +
                             d.at("signature").get<std::string>() + "\"",
                         id);
            break;
        case ids::kPylonRequests: {
            std::vector<std::string> flags;
            const std::array<std::pair<const char*, const char*>, 5> names{{
                {"charge_enable", "charge_enable"},
                {"discharge_enable", "discharge_enable"},
                {"force_charge_I_bit5", "force_charge_I"},
                {"force_charge_II_bit4", "force_charge_II"},
                {"full_charge_request_bit3", "full_charge_request"},
            }};
            for (const auto& [key, shown] : names) {
                if (d.at(key).get<bool>()) {
                    flags.emplace_back(shown);
                }
            }
            EXPECT_EQ(line, "0x35C flags: " + name_list(flags) + dlc_note) << id;
            break;
        }
        default:
            ADD_FAILURE() << id << ": no decode check for this identifier";
            break;
    }
    EXPECT_TRUE(d.unused().empty()) << id << ": decoded keys not checked: " << name_list(d.unused());
}

// --- expectations -------------------------------------------------------------------------------------------------

// Frames each encoder emits (§2, §9, §10).
const std::map<Protocol, std::set<std::uint16_t>> kEmitted{
    {Protocol::kVictron,
     {0x351, 0x355, 0x356, 0x35A, 0x35B, 0x35E, 0x35F, 0x370, 0x371, 0x372, 0x373, 0x374, 0x375, 0x376, 0x377, 0x378,
      0x379, 0x382}},
    {Protocol::kPylontech, {0x351, 0x355, 0x356, 0x359, 0x35C, 0x35E}},
    {Protocol::kSma, {0x351, 0x355, 0x356, 0x35A, 0x35B, 0x35E, 0x35F}},
};

struct Deviation {
    const char* reason;
    std::array<bool, 8> agree;  // bytes that must still be equal
};
const std::map<std::string, Deviation> kDeviations{
    {"byd-355",
     {"BYD leaves the hi-res SOC at 0; we always fill bytes 4-5 with the 0.01 % SOC (§3.2)",
      {true, true, true, true, false, false, true, true}}},
    {"byd-35A",
     {"BYD also sets the reserved pairs to OK; we leave reserved pairs 00 (§3.4)",
      {true, true, true, false, true, true, true, false}}},
    {"shenergy-356a",
     {"bytes 6-7 carry 0x001A of unknown meaning; we send 0 (§3.3)",
      {true, true, true, true, true, true, false, false}}},
    {"shenergy-356b",
     {"bytes 6-7 carry 0x001A of unknown meaning; we send 0 (§3.3)",
      {true, true, true, true, true, true, false, false}}},
    {"diybms87-351",
     {"peer mistake: negative DCL; we clamp DCL to 0…3276.7 A (§12.8)",
      {true, true, true, true, false, false, true, true}}},
    {"diybms87-359",
     {"peer mistake: module count 0 and no PN; we send at least 1 module and PN (§12.11)",
      {true, true, true, true, false, false, false, true}}},
};

// Our frame with identifier `id` for `in` under `protocol`.
std::optional<CanFrame> encoded(Protocol protocol, const BmsInputs& in, std::uint16_t id) {
    FrameSet frames;
    encode(protocol, in, frames);
    const CanFrame* frame = frames.find(id);
    return frame == nullptr ? std::nullopt : std::optional<CanFrame>{*frame};
}

const Vector& find_vector(const std::vector<Vector>& all, const std::string& id) {
    for (const Vector& vector : all) {
        if (vector.id == id) {
            return vector;
        }
    }
    ADD_FAILURE() << "vector " << id << " not found";
    return all.front();
}

// One check per constructed_negative_example: our output for the situation the peer got wrong.
using NegativeCheck = std::function<void(const Vector&, const std::vector<Vector>&)>;
const std::map<std::string, NegativeCheck> kNegativeChecks{
    {"bad-bigendian-351",
     [](const Vector& bad, const std::vector<Vector>& all) {
         // Same limits as ref-victron-351: ours is little endian with CCL before DCL.
         const auto ours = encoded(Protocol::kVictron, reference_bank(), ids::kLimits);
         ASSERT_TRUE(ours);
         EXPECT_NE(ours->data, bad.frame.data);
         EXPECT_EQ(ours->data, find_vector(all, "ref-victron-351").frame.data);
     }},
    {"bad-v117-355-capacity",
     [](const Vector& bad, const std::vector<Vector>&) {
         // The bank has 200 Ah installed, which v117 put into bytes 4-5 (x 10).
         const auto ours = encoded(Protocol::kVictron, reference_bank(), ids::kSoc);
         ASSERT_TRUE(ours);
         EXPECT_NE(ours->data, bad.frame.data);
         EXPECT_EQ(ours->data[4] | (ours->data[5] << 8U), 7640);  // the 0.01 % SOC, never a capacity
     }},
    {"bad-v117-35E-lilygo",
     [](const Vector& bad, const std::vector<Vector>&) {
         // Our default name is the product's, and bytes after the name are always NUL (no stray memory).
         const auto ours = encoded(Protocol::kVictron, BmsInputs{}, ids::kManufacturer);
         ASSERT_TRUE(ours);
         EXPECT_NE(ours->data, bad.frame.data);
         EXPECT_EQ(describe(*ours, Protocol::kVictron), "0x35E manufacturer \"TOPBAND\"");
         EXPECT_EQ(ours->data[7], 0);
     }},
    {"bad-swingstate-35A-overvolt",
     [](const Vector& bad, const std::vector<Vector>&) {
         // An over-voltage warning: the high-voltage warning pair is raised, every detectable pair reports OK.
         BmsInputs in = reference_bank();
         in.level(Condition::kHighVoltage) = Level::kWarning;
         const auto ours = encoded(Protocol::kVictron, in, ids::kAlarms);
         ASSERT_TRUE(ours);
         EXPECT_NE(ours->data, bad.frame.data);
         EXPECT_EQ(read_warning_pair(*ours, Condition::kHighVoltage), kPairActive);
         EXPECT_EQ(read_warning_pair(*ours, Condition::kHighTemperature), kPairOk);
     }},
    {"bad-raise-only-35A-clear",
     [](const Vector& bad, const std::vector<Vector>&) {
         // After the condition ends every pair says OK (leave), never 00 (no change).
         const auto ours = encoded(Protocol::kSma, reference_bank(), ids::kAlarms);
         ASSERT_TRUE(ours);
         EXPECT_NE(ours->data, bad.frame.data);
         for (std::size_t i = 0; i < kConditionCount; ++i) {
             EXPECT_EQ(read_alarm_pair(*ours, static_cast<Condition>(i)), kPairOk);
             EXPECT_EQ(read_warning_pair(*ours, static_cast<Condition>(i)), kPairOk);
         }
     }},
    {"bad-cvl-zero",
     [](const Vector& bad, const std::vector<Vector>&) {
         // Never CVL = 0 is the controller's invariant (design.md, safety invariant 1); the encoder translates.
         // The recommended stop (CCL 0, CVL at the pack voltage) differs from the bad frame in CVL only.
         BmsInputs in = reference_bank();
         in.charge_current_limit_dA = 0;
         in.charge_voltage_limit_dV = 524;
         const auto ours = encoded(Protocol::kVictron, in, ids::kLimits);
         ASSERT_TRUE(ours);
         EXPECT_NE(ours->data[0] | (ours->data[1] << 8U), 0);
         EXPECT_TRUE(std::equal(ours->data.begin() + 2, ours->data.end(), bad.frame.data.begin() + 2));
     }},
};

// --- the test -----------------------------------------------------------------------------------------------------

TEST(can_golden, EveryVectorIsClassifiedAndChecked) {
    const std::vector<Vector> all = vectors();
    std::size_t not_applicable = 0;
    std::size_t not_emitted = 0;
    std::size_t negative = 0;
    std::size_t exact = 0;
    std::size_t padded = 0;
    std::size_t deviations = 0;
    std::size_t decoded = 0;
    std::set<std::string> deviations_seen;

    for (const Vector& vector : all) {
        SCOPED_TRACE(vector.id);
        if (vector.direction != "bms_to_gx" && vector.direction != "bms_to_inverter") {
            EXPECT_TRUE(vector.direction == "gx_to_bms" || vector.direction == "inverter_to_bms");
            ++not_applicable;
            continue;
        }
        check_decode(vector);
        ++decoded;

        if (vector.kind == "constructed_negative_example") {
            const auto check = kNegativeChecks.find(vector.id);
            ASSERT_NE(check, kNegativeChecks.end()) << "negative example without a check";
            check->second(vector, all);
            ++negative;
            continue;
        }
        EXPECT_TRUE(vector.kind == "real_capture" || vector.kind == "constructed" ||
                    vector.kind == "spec_example_second_hand" || vector.kind == "peer_output_capture")
            << vector.kind;
        if (kEmitted.at(vector.protocol).count(vector.frame.id) == 0) {
            ++not_emitted;
            continue;
        }

        BmsInputs in;
        Decoded d(vector.decoded);
        const std::vector<std::string> unencodable = build_inputs(vector, d, in);
        const auto ours = encoded(vector.protocol, in, vector.frame.id);
        ASSERT_TRUE(ours) << "encoder did not emit the frame";
        EXPECT_EQ(ours->dlc, kMaxDlc);

        const auto deviation = kDeviations.find(vector.id);
        if (deviation != kDeviations.end()) {
            deviations_seen.insert(vector.id);
            ++deviations;
            EXPECT_NE(ours->data, vector.frame.data)
                << "listed as a deviation but reproduced: " << deviation->second.reason;
            for (std::size_t i = 0; i < vector.frame.dlc; ++i) {
                if (deviation->second.agree[i]) {
                    EXPECT_EQ(ours->data[i], vector.frame.data[i]) << "byte " << i;
                }
            }
            continue;
        }
        EXPECT_TRUE(unencodable.empty()) << unencodable.front();
        EXPECT_EQ(hex_bytes(*ours, vector.frame.dlc), hex_bytes(vector.frame, vector.frame.dlc));
        for (std::size_t i = vector.frame.dlc; i < kMaxDlc; ++i) {
            EXPECT_EQ(ours->data[i], 0) << "padding byte " << i;
        }
        ++(vector.frame.dlc == kMaxDlc ? exact : padded);
    }

    EXPECT_EQ(deviations_seen.size(), kDeviations.size()) << "a listed deviation matched no vector";
    EXPECT_EQ(all.size(), 110U);
    EXPECT_EQ(not_applicable, 6U);  // 0x305/0x306/0x307 from the GX (5), 0x305 from the SI (1)
    EXPECT_EQ(decoded, 104U);
    EXPECT_EQ(negative, kNegativeChecks.size());
    EXPECT_EQ(negative, 6U);
    EXPECT_EQ(not_emitted, 4U);  // byd-360, pylon13-35A, pylon13-35F, ref-sma-00F
    EXPECT_EQ(exact, 77U);
    EXPECT_EQ(padded, 11U);
    EXPECT_EQ(deviations, 6U);
}

// ref-victron-351-stopcharge is encoded byte for byte above from its decoded CVL of 523.4 V, but its notes describe a
// stop at the present pack voltage of 52.34 V: the bytes 0x1472 = 5234 carry the pack voltage in 0.01 V, ten times
// too large for the 0.1 V CVL field. Reported to the spec owner; this test fails once the vector is corrected, so
// that the correction is noticed. The intended frame (52.34 V rounded up to 52.4 V, design.md invariant 1) is 0C 02.
TEST(can_golden, StopChargeVectorUsesThePackVoltageScale) {
    const std::vector<Vector> all = vectors();
    const Vector& stop = find_vector(all, "ref-victron-351-stopcharge");
    const Vector& measurements = find_vector(all, "ref-victron-356");
    EXPECT_EQ(stop.frame.data[0] | (stop.frame.data[1] << 8U),
              measurements.frame.data[0] | (measurements.frame.data[1] << 8U));
    BmsInputs in = reference_bank();
    in.charge_current_limit_dA = 0;
    in.charge_voltage_limit_dV = 524;
    const auto ours = encoded(Protocol::kVictron, in, ids::kLimits);
    ASSERT_TRUE(ours);
    EXPECT_EQ(hex_bytes(*ours, 8), "0C 02 00 00 D0 07 C0 01");
}

}  // namespace
}  // namespace tbg::can
