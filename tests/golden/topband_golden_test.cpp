// Golden tests: every vector of shared/protocols/topband-vectors.json (copied to tests/golden/) against the Topband
// frame layer, assembler, encoders, decoders and the JSON view. Vectors are iterated, never hard-coded, and every key
// under a vector's `decoded` object must be consumed by some check, so a vector added to the file cannot slip past.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/api/topband_json.h"
#include "core/topband/assembler.h"
#include "core/topband/decoders.h"
#include "core/topband/encoders.h"
#include "core/topband/frame.h"

namespace tbg::topband {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------------------------
// Loading

const json& document() {
    static const json doc = [] {
        std::ifstream in(std::string(TBG_SOURCE_DIR) + "/tests/golden/topband-vectors.json");
        if (!in) {
            return json();
        }
        return json::parse(in, nullptr, /*allow_exceptions=*/false);
    }();
    return doc;
}

bool document_usable() {
    return document().is_object() && document().contains("vectors") && document()["vectors"].is_array();
}

std::vector<std::size_t> vector_indices() {
    std::vector<std::size_t> indices;
    if (document_usable()) {
        for (std::size_t i = 0; i < document()["vectors"].size(); ++i) {
            indices.push_back(i);
        }
    }
    return indices;
}

std::vector<std::size_t> poll_indices() {
    std::vector<std::size_t> indices;
    if (document_usable() && document().contains("poll_table_0x42")) {
        for (std::size_t i = 0; i < document()["poll_table_0x42"]["frames"].size(); ++i) {
            indices.push_back(i);
        }
    }
    return indices;
}

// Kinds this test knows how to check. Any other kind in the file fails KindsAreAllHandled and the vector's own test.
const std::set<std::string> kTopbandKinds = {"real_in_use_request", "real_capture", "real_capture_completed",
                                             "constructed", "constructed_equals_peer_output"};
const std::set<std::string> kSiblingKinds = {"vendor_doc_example_sibling_protocol", "real_capture_sibling_bms"};
const std::set<std::string> kOtherKinds = {"vendor_doc_example_algorithm", "third_party_synthetic_invalid",
                                           "peer_artifact_invalid"};

bool is_handled_kind(const std::string& kind) {
    return kTopbandKinds.contains(kind) || kSiblingKinds.contains(kind) || kOtherKinds.contains(kind);
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

// Records which keys of a JSON object were checked; expect_all_checked() fails for every key nobody looked at.
class Checked {
public:
    Checked(json object, std::string what) : object_(std::move(object)), what_(std::move(what)) {}

    bool contains(const std::string& key) const { return object_.is_object() && object_.contains(key); }

    const json& operator[](const std::string& key) {
        used_.insert(key);
        if (!contains(key)) {
            ADD_FAILURE() << what_ << ": missing key '" << key << "'";
            return null_;
        }
        return object_.at(key);
    }

    // A key this test deliberately does not compare; `reason` documents why (kept in the call for the reader).
    void not_applicable(const std::string& key, std::string_view reason) {
        static_cast<void>(reason);
        used_.insert(key);
    }

    void expect_all_checked() const {
        if (!object_.is_object()) {
            return;
        }
        for (const auto& item : object_.items()) {
            EXPECT_TRUE(used_.contains(item.key())) << what_ << ": key '" << item.key() << "' is checked by nothing";
        }
    }

private:
    json object_;  // a copy: callers may pass temporaries
    std::string what_;
    std::set<std::string> used_;
    json null_;
};

std::optional<std::uint32_t> hex_value(std::string_view text) {
    if (text.empty() || text.size() > 8) {
        return std::nullopt;
    }
    std::uint32_t value = 0;
    for (const char c : text) {
        std::uint32_t digit = 0;
        if (c >= '0' && c <= '9') {
            digit = static_cast<std::uint32_t>(c - '0');
        } else if (c >= 'A' && c <= 'F') {
            digit = static_cast<std::uint32_t>(c - 'A' + 10);
        } else if (c >= 'a' && c <= 'f') {
            digit = static_cast<std::uint32_t>(c - 'a' + 10);
        } else {
            return std::nullopt;
        }
        value = value * 16U + digit;
    }
    return value;
}

// "0x21" → 0x21.
std::optional<std::uint32_t> prefixed_hex(const json& value) {
    if (!value.is_string()) {
        return std::nullopt;
    }
    const std::string text = value.get<std::string>();
    if (text.size() < 3 || text.substr(0, 2) != "0x") {
        return std::nullopt;
    }
    return hex_value(text.substr(2));
}

// "0x0000000000400602" → 64-bit value.
std::uint64_t prefixed_hex_u64(const json& value) {
    const std::string text = value.get<std::string>();
    EXPECT_EQ(text.substr(0, 2), "0x");
    EXPECT_LE(text.size(), 18U);
    const auto high = text.size() > 10 ? hex_value(text.substr(2, text.size() - 10)) : std::optional<std::uint32_t>(0);
    const auto low = hex_value(text.substr(text.size() > 10 ? text.size() - 8 : 2));
    EXPECT_TRUE(high.has_value() && low.has_value()) << text;
    return (std::uint64_t{high.value_or(0)} << 32) | low.value_or(0);
}

// Command of a vector: "0x42" → 0x42; "any unsupported CID2 (e.g. 0x92)" → 0x92; "n/a" → none.
std::optional<std::uint8_t> vector_command(const json& vector) {
    const std::string text = vector.at("command").get<std::string>();
    const std::size_t at = text.find("0x");
    if (at == std::string::npos || at + 4 > text.size()) {
        return std::nullopt;
    }
    const auto value = hex_value(text.substr(at + 2, 2));
    if (!value) {
        return std::nullopt;
    }
    return static_cast<std::uint8_t>(*value);
}

std::string hex4(std::uint16_t value) {
    char text[5];
    std::snprintf(text, sizeof text, "%04X", static_cast<unsigned>(value));
    return text;
}

std::string hex_bytes(std::span<const std::uint8_t> bytes) {
    std::string text;
    for (const std::uint8_t b : bytes) {
        char pair[3];
        std::snprintf(pair, sizeof pair, "%02X", static_cast<unsigned>(b));
        text += pair;
    }
    return text;
}

long long scaled(const json& value, double factor) {
    return std::llround(value.get<double>() * factor);
}
long long centi(const json& value) {
    return scaled(value, 100.0);
}
long long deci(const json& value) {
    return scaled(value, 10.0);
}
int as_int(const json& value) {
    return value.get<int>();
}

// Fields read straight from the frame text, independent of the code under test.
struct RawHeader {
    std::uint8_t ver = 0;
    std::uint8_t adr = 0;
    std::uint8_t cid1 = 0;
    std::uint8_t cid2 = 0;
    std::uint16_t length = 0;
    std::uint16_t lenid = 0;
    std::string_view info;  // the LENID characters after the header (clamped to the text)
};

std::optional<RawHeader> raw_header(std::string_view text) {
    if (text.size() < kHeaderChars || text[0] != '~') {
        return std::nullopt;
    }
    const auto ver = hex_value(text.substr(1, 2));
    const auto adr = hex_value(text.substr(3, 2));
    const auto cid1 = hex_value(text.substr(5, 2));
    const auto cid2 = hex_value(text.substr(7, 2));
    const auto length = hex_value(text.substr(9, 4));
    if (!ver || !adr || !cid1 || !cid2 || !length) {
        return std::nullopt;
    }
    RawHeader h;
    h.ver = static_cast<std::uint8_t>(*ver);
    h.adr = static_cast<std::uint8_t>(*adr);
    h.cid1 = static_cast<std::uint8_t>(*cid1);
    h.cid2 = static_cast<std::uint8_t>(*cid2);
    h.length = static_cast<std::uint16_t>(*length);
    h.lenid = static_cast<std::uint16_t>(*length & 0x0FFFU);
    h.info = text.substr(kHeaderChars, h.lenid);
    return h;
}

// Decodes hex INFO characters without the code under test (for vectors whose framing is deliberately broken).
std::vector<std::uint8_t> bytes_of_hex(std::string_view chars) {
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i + 1 < chars.size(); i += 2) {
        const auto value = hex_value(chars.substr(i, 2));
        EXPECT_TRUE(value.has_value()) << "not hex: " << chars.substr(i, 2);
        bytes.push_back(static_cast<std::uint8_t>(value.value_or(0)));
    }
    return bytes;
}

struct AssemblerResult {
    std::vector<FrameStatus> frame_statuses;  // one per kFrame event, in order
    std::size_t vendor_frames = 0;
    std::optional<Frame> first_ok_frame;
    std::string first_ok_info;  // copied: the frame's view dies with the next push
};

AssemblerResult feed(std::string_view text, bool flush_at_end) {
    FrameAssembler assembler;
    AssemblerResult result;
    auto record = [&result](const AssemblerEvent& event) {
        if (event.kind == AssemblerEvent::Kind::kFrame) {
            result.frame_statuses.push_back(event.status);
            if (event.status == FrameStatus::kOk && !result.first_ok_frame) {
                result.first_ok_frame = event.frame;
                result.first_ok_info = std::string(event.frame.info);
            }
        } else if (event.kind == AssemblerEvent::Kind::kVendorFrame) {
            ++result.vendor_frames;
        }
    };
    for (const char c : text) {
        record(assembler.push(static_cast<std::uint8_t>(c)));
    }
    if (flush_at_end) {
        record(assembler.flush());
    }
    return result;
}

std::string status_name(FrameStatus status) {
    return std::string(to_string(status));
}

// ---------------------------------------------------------------------------------------------------------------
// Typed checks of `decoded` objects

void check_date_time(const DateTime& t, const json& text) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    ASSERT_EQ(
        std::sscanf(text.get<std::string>().c_str(), "%d-%d-%d %d:%d:%d", &year, &month, &day, &hour, &minute, &second),
        6)
        << text;
    EXPECT_EQ(int{t.year}, year);
    EXPECT_EQ(int{t.month}, month);
    EXPECT_EQ(int{t.day}, day);
    EXPECT_EQ(int{t.hour}, hour);
    EXPECT_EQ(int{t.minute}, minute);
    EXPECT_EQ(int{t.second}, second);
}

DateTime parse_date_time(const json& text) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    EXPECT_EQ(
        std::sscanf(text.get<std::string>().c_str(), "%d-%d-%d %d:%d:%d", &year, &month, &day, &hour, &minute, &second),
        6)
        << text;
    DateTime t;
    t.year = static_cast<std::uint16_t>(year);
    t.month = static_cast<std::uint8_t>(month);
    t.day = static_cast<std::uint8_t>(day);
    t.hour = static_cast<std::uint8_t>(hour);
    t.minute = static_cast<std::uint8_t>(minute);
    t.second = static_cast<std::uint8_t>(second);
    return t;
}

TemperatureRole role_of_label(const std::string& label) {
    if (label.rfind("cells ", 0) == 0) {
        return TemperatureRole::kCellGroup;
    }
    if (label == "balancer") {
        return TemperatureRole::kBalancer;
    }
    if (label == "environment") {
        return TemperatureRole::kEnvironment;
    }
    if (label == "MOSFET") {
        return TemperatureRole::kMosfet;
    }
    ADD_FAILURE() << "unknown temperature role label in vector: " << label;
    return TemperatureRole::kUnknown;
}

void check_analog(const AnalogValues& a, Checked& d) {
    EXPECT_EQ(int{a.pack_id}, as_int(d["info0_adr_echo"]));
    EXPECT_EQ(int{a.cell_count}, as_int(d["cell_count"]));
    const json& cells = d["cells_mV"];
    ASSERT_EQ(cells.size(), std::size_t{a.cell_count});
    for (std::size_t i = 0; i < cells.size(); ++i) {
        EXPECT_EQ(int{a.cell_mV[i]}, as_int(cells[i])) << "cell " << i + 1;
    }
    EXPECT_EQ(int{a.temp_count}, as_int(d["temp_count"]));
    const json& raws = d["temps_raw"];
    const json& celsius = d["temps_C"];
    ASSERT_EQ(raws.size(), std::size_t{a.temp_count});
    ASSERT_EQ(celsius.size(), std::size_t{a.temp_count});
    for (std::size_t i = 0; i < raws.size(); ++i) {
        EXPECT_EQ(int{a.temp_raw_dK[i]}, as_int(raws[i])) << "temperature " << i + 1;
        EXPECT_EQ(a.temperature_dC(i), deci(celsius[i])) << "temperature " << i + 1;
    }
    ASSERT_TRUE(a.current_10mA.has_value());
    EXPECT_EQ(*a.current_10mA, centi(d["current_A"]));
    ASSERT_TRUE(a.pack_voltage_10mV.has_value());
    EXPECT_EQ(*a.pack_voltage_10mV, centi(d["pack_V"]));
    ASSERT_TRUE(a.remaining_10mAh.has_value());
    EXPECT_EQ(static_cast<long long>(*a.remaining_10mAh), centi(d["remaining_Ah"]));
    ASSERT_TRUE(a.udi.has_value());
    EXPECT_EQ(int{*a.udi}, as_int(d["udi"]));
    ASSERT_TRUE(a.full_10mAh.has_value());
    EXPECT_EQ(static_cast<long long>(*a.full_10mAh), centi(d["full_Ah"]));
    ASSERT_TRUE(a.cycles.has_value());
    EXPECT_EQ(int{*a.cycles}, as_int(d["cycles"]));
    ASSERT_TRUE(a.bms_soc_pct.has_value());
    EXPECT_EQ(int{*a.bms_soc_pct}, as_int(d["soc_pct"]));
    ASSERT_TRUE(a.soh_pct.has_value());
    EXPECT_EQ(int{*a.soh_pct}, as_int(d["soh_pct"]));
    EXPECT_FALSE(a.extended_capacity);

    // The vector's trailing_bytes counts the bytes after the cycle counter; we name SOC, SOH and the custom bytes.
    std::size_t after_cycles = a.trailing_bytes;
    for (const bool present :
         {a.bms_soc_pct.has_value(), a.soh_pct.has_value(), a.custom1.has_value(), a.custom2.has_value()}) {
        after_cycles += present ? 1U : 0U;
    }
    EXPECT_EQ(after_cycles, d["trailing_bytes"].get<std::size_t>());
    if (d.contains("custom")) {
        const json& custom = d["custom"];
        ASSERT_EQ(custom.size(), 2U);
        ASSERT_TRUE(a.custom1.has_value());
        ASSERT_TRUE(a.custom2.has_value());
        EXPECT_EQ(int{*a.custom1}, as_int(custom[0]));
        EXPECT_EQ(int{*a.custom2}, as_int(custom[1]));
        EXPECT_EQ(a.trailing_bytes, 0U);
    } else {
        EXPECT_FALSE(a.custom1.has_value());
        EXPECT_FALSE(a.custom2.has_value());
    }

    // BMS SOC is in 0…100, so soc() must take it.
    const AnalogValues::Soc soc = a.soc();
    EXPECT_EQ(soc.source, SocSource::kBms);
    EXPECT_EQ(int{soc.value_centipct}, as_int(d["soc_pct"]) * 100);

    // Roles: decode_analog fills them as temperature_roles() says.
    const TemperatureRoles expected_roles = temperature_roles(a.cell_count, a.temp_count);
    for (std::size_t i = 0; i < a.temp_count; ++i) {
        EXPECT_EQ(a.temp_roles.role[i], expected_roles.role[i]) << "sensor " << i + 1;
    }
    EXPECT_EQ(a.temp_roles.likely, expected_roles.likely);
    if (d.contains("temp_roles")) {
        const json& roles = d["temp_roles"];
        ASSERT_EQ(roles.size(), std::size_t{a.temp_count});
        for (std::size_t i = 0; i < roles.size(); ++i) {
            EXPECT_EQ(a.temp_roles.role[i], role_of_label(roles[i].get<std::string>())) << "sensor " << i + 1;
        }
        // The vector's roles are LD's 7-sensor layout, which the header marks as likely.
        EXPECT_TRUE(a.temp_roles.likely);
    }
}

void check_alarm(const AlarmInfo& a, std::size_t info_size, Checked& d) {
    EXPECT_EQ(int{a.pack_id}, as_int(d["info0"]));
    EXPECT_EQ(int{a.cell_count}, as_int(d["cell_count"]));
    const json& cell_status = d["cell_status"];
    ASSERT_EQ(cell_status.size(), std::size_t{a.cell_count});
    for (std::size_t i = 0; i < cell_status.size(); ++i) {
        EXPECT_EQ(int{a.cell_state[i]}, as_int(cell_status[i])) << "cell " << i + 1;
    }
    EXPECT_EQ(int{a.temp_count}, as_int(d["temp_count"]));
    // Temperature states by role (the header: roles as temperature_roles(cell_count, temp_count)).
    const TemperatureRoles roles = temperature_roles(a.cell_count, a.temp_count);
    std::vector<int> cell_group_states;
    std::optional<int> balancer, environment, mosfet;
    for (std::size_t i = 0; i < a.temp_count; ++i) {
        const int state = a.temp_state[i];
        switch (roles.role[i]) {
            case TemperatureRole::kCellGroup:
                cell_group_states.push_back(state);
                break;
            case TemperatureRole::kBalancer:
                balancer = state;
                break;
            case TemperatureRole::kEnvironment:
                environment = state;
                break;
            case TemperatureRole::kMosfet:
                mosfet = state;
                break;
            case TemperatureRole::kUnknown:
                ADD_FAILURE() << "sensor " << i + 1 << " has no role";
                break;
        }
    }
    const json& cell_temp_status = d["cell_temp_status"];
    ASSERT_EQ(cell_temp_status.size(), cell_group_states.size());
    for (std::size_t i = 0; i < cell_group_states.size(); ++i) {
        EXPECT_EQ(cell_group_states[i], as_int(cell_temp_status[i]));
    }
    ASSERT_TRUE(balancer.has_value());
    ASSERT_TRUE(environment.has_value());
    ASSERT_TRUE(mosfet.has_value());
    EXPECT_EQ(*balancer, as_int(d["balancer_temp_status"]));
    EXPECT_EQ(*environment, as_int(d["environment_temp_status"]));
    EXPECT_EQ(*mosfet, as_int(d["mosfet_temp_status"]));
    EXPECT_EQ(int{a.charge_current_state}, as_int(d["charge_current_status"]));
    EXPECT_EQ(int{a.pack_voltage_state}, as_int(d["pack_voltage_status"]));
    EXPECT_EQ(int{a.status_byte_count}, as_int(d["status_byte_count"]));
    const json& status_bytes = d["status_bytes"];
    ASSERT_EQ(status_bytes.size(), std::size_t{a.status_byte_count});
    for (std::size_t i = 0; i < status_bytes.size(); ++i) {
        EXPECT_EQ(int{a.status_bytes[i]}, as_int(status_bytes[i])) << "status byte " << i;
    }
    std::uint64_t field = 0;
    for (std::size_t bit = 0; bit < 64; ++bit) {
        if (a.status_bit(bit)) {
            field |= std::uint64_t{1} << bit;
        }
    }
    EXPECT_EQ(field, prefixed_hex_u64(d["status_bits_hex"]));
    std::set<std::size_t> expected_bits;
    for (const json& bit : d["set_bits"]) {
        expected_bits.insert(bit.get<std::size_t>());
    }
    for (std::size_t bit = 0; bit < 8U * a.status_byte_count + 16U; ++bit) {
        EXPECT_EQ(a.status_bit(bit), expected_bits.contains(bit)) << "status bit " << bit;
    }
    for (const auto& item : d["set_bit_names"].items()) {
        const std::size_t bit = static_cast<std::size_t>(std::stoul(item.key()));
        const StatusBitInfo* info = find_status_bit(bit);
        ASSERT_NE(info, nullptr) << "bit " << bit;
        EXPECT_EQ(info->bit, bit);
        // The vector names are the spec's (§9) without the "(state)" annotations; the library's name must start
        // with them.
        const std::string expected = item.value().get<std::string>();
        EXPECT_EQ(std::string(info->name).substr(0, expected.size()), expected) << "bit " << bit;
    }
    EXPECT_EQ(as_int(d["bytes_total"]), static_cast<int>(info_size));
    EXPECT_EQ(as_int(d["bytes_used"]), static_cast<int>(info_size - a.trailing_bytes));
    // "cell7_status": "0x01 = below lower limit"
    const std::string cell7 = d["cell7_status"].get<std::string>();
    const std::size_t equals = cell7.find(" = ");
    ASSERT_NE(equals, std::string::npos);
    EXPECT_EQ(prefixed_hex(json(cell7.substr(0, equals))), std::optional<std::uint32_t>(a.cell_state[6]));
    std::string id = cell7.substr(equals + 3);
    for (char& c : id) {
        c = c == ' ' ? '_' : c;
    }
    EXPECT_EQ(state_byte_name(a.cell_state[6]), id);
}

void check_system_parameters(const SystemParameters& p, Checked& d) {
    auto temperature = [](std::uint16_t raw) { return static_cast<long long>(temperature_dC(raw)); };
    EXPECT_EQ(p.cell_high_mV, scaled(d["cell_high_V"], 1000.0));
    EXPECT_EQ(p.cell_low_mV, scaled(d["cell_low_V"], 1000.0));
    EXPECT_EQ(p.cell_under_mV, scaled(d["cell_under_V"], 1000.0));
    EXPECT_EQ(temperature(p.charge_high_temp_raw_dK), deci(d["charge_high_C"]));
    EXPECT_EQ(temperature(p.charge_low_temp_raw_dK), deci(d["charge_low_C"]));
    EXPECT_EQ(p.charge_current_max_10mA, centi(d["charge_current_max_A"]));
    EXPECT_EQ(p.pack_high_10mV, centi(d["pack_high_V"]));
    EXPECT_EQ(p.pack_low_10mV, centi(d["pack_low_V"]));
    EXPECT_EQ(p.pack_under_10mV, centi(d["pack_under_V"]));
    EXPECT_EQ(temperature(p.discharge_high_temp_raw_dK), deci(d["discharge_high_C"]));
    EXPECT_EQ(temperature(p.discharge_low_temp_raw_dK), deci(d["discharge_low_C"]));
    EXPECT_EQ(p.discharge_current_max_10mA, centi(d["discharge_current_max_A"]));
    EXPECT_EQ(p.trailing_bytes, 0U);
    // The constructed limits are the plausible 15S ones.
    EXPECT_EQ(implausible_parameters(p), 0U);
}

void check_history(const HistoryRecord& h, std::size_t info_size, Checked& d) {
    EXPECT_EQ(int{h.info0}, as_int(d["info0_unknown"]));
    EXPECT_EQ(int{h.record_number}, as_int(d["info1_record_or_mode_echo"]));
    check_date_time(h.time, d["datetime"]);
    EXPECT_EQ(int{h.event_type}, as_int(d["event"]));
    EXPECT_EQ(int{h.status_byte_count}, as_int(d["status_count"]));
    EXPECT_EQ(hex_bytes({h.status_bytes.data(), h.status_byte_count}), d["status_hex"].get<std::string>());
    EXPECT_EQ(int{h.value_count}, as_int(d["u16_value_count"]));
    EXPECT_EQ(h.current_10mA, centi(d["current_A"]));
    EXPECT_EQ(h.pack_voltage_10mV, centi(d["pack_V"]));
    EXPECT_EQ(static_cast<long long>(h.remaining_10mAh), centi(d["remaining_Ah"]));
    const json& cell_temps = d["cell_temps_C"];
    ASSERT_EQ(std::size_t{h.cell_temp_count}, cell_temps.size());
    for (std::size_t i = 0; i < cell_temps.size(); ++i) {
        EXPECT_EQ(h.cell_temp_dC[i], deci(cell_temps[i])) << "cell temperature " << i + 1;
    }
    ASSERT_TRUE(h.environment_temp_dC.has_value());
    EXPECT_EQ(*h.environment_temp_dC, deci(d["env_C"]));
    ASSERT_TRUE(h.mosfet_temp_dC.has_value());
    EXPECT_EQ(*h.mosfet_temp_dC, deci(d["mos_C"]));
    const json& cells = d["cells_mV"];
    ASSERT_EQ(std::size_t{h.cell_slot_count}, cells.size());
    EXPECT_EQ(std::size_t{h.cell_slot_count}, std::size_t{h.value_count} - 9U);
    for (std::size_t i = 0; i < cells.size(); ++i) {
        EXPECT_EQ(int{h.cell_mV[i]}, as_int(cells[i])) << "cell slot " << i + 1;
        EXPECT_EQ(h.cell_mV[i], h.values[9 + i]) << "cell slot " << i + 1;
    }
    // The derived fields are the first K values.
    EXPECT_EQ(static_cast<std::uint16_t>(h.current_10mA), h.values[0]);
    EXPECT_EQ(h.pack_voltage_10mV, h.values[1]);
    EXPECT_EQ(h.remaining_10mAh, h.values[2]);
    EXPECT_EQ(as_int(d["bytes_total"]), static_cast<int>(info_size));
    EXPECT_EQ(as_int(d["bytes_used"]), static_cast<int>(info_size - h.trailing_bytes));
}

void check_manufacturer(const ManufacturerInfo& m, Checked& d) {
    if (d.contains("info_is_raw_ascii")) {
        EXPECT_EQ(m.raw_ascii, d["info_is_raw_ascii"].get<bool>());
        EXPECT_EQ(m.hardware(), d["hw"].get<std::string>());
        EXPECT_EQ(m.software(), d["sw"].get<std::string>());
        EXPECT_EQ(m.id(), d["id"].get<std::string>());
    } else {
        // PY/Seplos hex layout: device name, software version bytes (as hex digits), manufacturer (as id).
        EXPECT_FALSE(m.raw_ascii);
        EXPECT_EQ(m.hardware(), d["device_name"].get<std::string>());
        std::string version = d["software_version_bytes"].get<std::string>();
        std::erase(version, ' ');
        EXPECT_EQ(m.software(), version);
        EXPECT_EQ(m.id(), d["manufacturer"].get<std::string>());
    }
}

// ---------------------------------------------------------------------------------------------------------------
// JSON view (api::decode_frame_json)

void check_json_reply(const std::string& text, std::uint8_t command, const RawHeader& h, const json& d,
                      const std::string& id);
void check_json_request(const std::string& text, const RawHeader& h, const json& d, const std::string& id);

// ---------------------------------------------------------------------------------------------------------------
// The per-vector test

class GoldenVector : public ::testing::TestWithParam<std::size_t> {
protected:
    const json& vector() const { return document()["vectors"][GetParam()]; }
};

// Framing checks shared by every frame that starts with '~'. Returns parse_frame's status and frame.
struct Framing {
    FrameStatus status = FrameStatus::kOk;
    Frame frame;
    RawHeader header;
    bool chksum_valid = false;
};

Framing check_framing(const json& v, const std::string& text) {
    Framing out;
    const std::string id = v.at("id").get<std::string>();
    Checked checks(v.at("checks"), id + ".checks");
    EXPECT_GE(text.size(), kFrameOverheadChars);
    EXPECT_EQ(text.front(), '~');
    EXPECT_EQ(text.back(), '\r');
    const auto header = raw_header(text);
    if (!header) {
        ADD_FAILURE() << id << ": header is not hex";
        return out;
    }
    out.header = *header;
    const bool lchksum_valid = (header->length >> 12) == lchksum(header->lenid);
    EXPECT_EQ(lchksum_valid, checks["lchksum_valid"].get<bool>());
    EXPECT_EQ(lchksum_valid, length_field(header->lenid) == header->length);
    const bool length_matches = text.size() == kFrameOverheadChars + header->lenid;
    EXPECT_EQ(length_matches, checks["length_matches_info"].get<bool>());
    const std::string_view body = std::string_view(text).substr(1, text.size() - 6);
    const std::uint16_t computed = chksum(body);
    EXPECT_EQ(hex4(computed), checks["chksum_computed"].get<std::string>());
    out.chksum_valid = text.substr(text.size() - 5, 4) == hex4(computed);
    EXPECT_EQ(out.chksum_valid, checks["chksum_valid"].get<bool>());
    checks.expect_all_checked();

    // parse_frame with CR, with LF and without EOI gives the same verdict.
    out.status = parse_frame(text, out.frame);
    const std::string without_eoi = text.substr(0, text.size() - 1);
    Frame other;
    EXPECT_EQ(status_name(parse_frame(without_eoi, other)), status_name(out.status)) << "without EOI";
    EXPECT_EQ(status_name(parse_frame(without_eoi + "\n", other)), status_name(out.status)) << "LF as EOI";

    if (!lchksum_valid) {
        EXPECT_EQ(status_name(out.status), "bad_lchksum");
    } else if (!length_matches) {
        // Only the checksum illustration: LENID 0x6AB (above kMaxInfoChars) announced, 16 characters present.
        EXPECT_TRUE(out.status == FrameStatus::kOverlong || out.status == FrameStatus::kTruncated)
            << status_name(out.status);
    } else if (!out.chksum_valid) {
        EXPECT_EQ(status_name(out.status), "bad_chksum");
    } else {
        EXPECT_EQ(status_name(out.status), "ok");
    }

    // The byte-fed assembler reaches the same verdict with exactly one frame event.
    const AssemblerResult fed = feed(text, /*flush_at_end=*/true);
    EXPECT_EQ(fed.vendor_frames, 0U);
    EXPECT_EQ(fed.frame_statuses.size(), 1U);
    if (!fed.frame_statuses.empty()) {
        if (length_matches) {
            EXPECT_EQ(status_name(fed.frame_statuses.front()), status_name(out.status));
        } else {
            EXPECT_NE(status_name(fed.frame_statuses.front()), "ok");
        }
    }

    if (out.status == FrameStatus::kOk) {
        EXPECT_EQ(out.frame.ver, header->ver);
        EXPECT_EQ(out.frame.adr, header->adr);
        EXPECT_EQ(out.frame.cid1, header->cid1);
        EXPECT_EQ(out.frame.cid2, header->cid2);
        EXPECT_EQ(out.frame.lenid, header->lenid);
        EXPECT_EQ(out.frame.info, header->info);
        EXPECT_EQ(out.frame.info.data(), text.data() + kHeaderChars) << "info must point into the text";
        if (fed.first_ok_frame) {
            EXPECT_EQ(fed.first_ok_frame->ver, header->ver);
            EXPECT_EQ(fed.first_ok_frame->adr, header->adr);
            EXPECT_EQ(fed.first_ok_frame->cid1, header->cid1);
            EXPECT_EQ(fed.first_ok_frame->cid2, header->cid2);
            EXPECT_EQ(fed.first_ok_frame->lenid, header->lenid);
            EXPECT_EQ(fed.first_ok_info, std::string(header->info));
        }
    }
    return out;
}

// ver/adr/cid1/cid2/lenid/rtn of `decoded` against the header as read from the text.
void check_header_keys(const RawHeader& h, bool is_reply, Checked& d) {
    if (d.contains("ver")) {
        EXPECT_EQ(prefixed_hex(d["ver"]), std::optional<std::uint32_t>(h.ver));
    }
    if (d.contains("adr")) {
        EXPECT_EQ(as_int(d["adr"]), int{h.adr});
    }
    if (d.contains("cid1")) {
        EXPECT_EQ(prefixed_hex(d["cid1"]), std::optional<std::uint32_t>(h.cid1));
    }
    if (d.contains("cid2")) {
        EXPECT_FALSE(is_reply);
        EXPECT_EQ(prefixed_hex(d["cid2"]), std::optional<std::uint32_t>(h.cid2));
    }
    if (d.contains("lenid")) {
        EXPECT_EQ(as_int(d["lenid"]), int{h.lenid});
    }
    if (d.contains("rtn")) {
        EXPECT_TRUE(is_reply);
        EXPECT_EQ(as_int(d["rtn"]), int{h.cid2});
    }
}

void check_topband_request(const json& v, const std::string& text, const Framing& f, Checked& d) {
    const std::string id = v.at("id").get<std::string>();
    ASSERT_EQ(status_name(f.status), "ok") << id;
    const RawHeader& h = f.header;
    EXPECT_EQ(h.ver, kVersion);
    EXPECT_EQ(h.cid1, kCid1Battery);
    const auto command = vector_command(v);
    ASSERT_TRUE(command.has_value()) << id;
    EXPECT_EQ(h.cid2, *command);
    EXPECT_TRUE(api::looks_like_request(f.frame)) << id;

    InfoBytes info;
    ASSERT_EQ(status_name(decode_info_hex(f.frame.info, info)), "ok");

    // Generic re-encoding.
    EncodedFrame generic;
    ASSERT_TRUE(encode_frame(h.adr, h.cid2, info.bytes(), generic));
    EXPECT_EQ(generic.view(), text) << "encode_frame";

    // The command's own encoder.
    std::optional<EncodedFrame> specific;
    Checked request_info(d.contains("info") ? d["info"] : json::object(), id + ".decoded.info");
    switch (*command) {
        case 0x42:
            ASSERT_EQ(info.size, 1U);
            EXPECT_EQ(info.data[0], h.adr);
            EXPECT_EQ(as_int(request_info["command_adr"]), int{info.data[0]});
            specific = encode_analog_request(h.adr);
            break;
        case 0x44:
            ASSERT_EQ(info.size, 1U);
            EXPECT_EQ(info.data[0], h.adr);
            specific = encode_alarm_request(h.adr);
            break;
        case 0x47:
            EXPECT_EQ(info.size, 0U);
            specific = encode_system_parameters_request(h.adr);
            break;
        case 0x4B: {
            ASSERT_EQ(info.size, 2U);
            if (d.contains("info")) {
                EXPECT_EQ(as_int(request_info["mode"]), int{info.data[0]});
                EXPECT_EQ(as_int(request_info["pack_adr"]), int{info.data[1]});
                const std::string meaning = request_info["mode_meaning"].get<std::string>();
                EXPECT_EQ(meaning, info.data[0] == 0 ? "first record" : "next record");
            }
            EXPECT_EQ(info.data[1], h.adr);
            specific = encode_history_request(h.adr, static_cast<HistoryMode>(info.data[0]));
            break;
        }
        case 0x4D:
            EXPECT_EQ(info.size, 0U);
            specific = encode_get_date_time_request(h.adr);
            break;
        case 0x4E: {
            const DateTime time = parse_date_time(request_info["datetime"]);
            DateTime decoded;
            ASSERT_EQ(to_string(decode_date_time(info.bytes(), decoded)), to_string(DecodeError::kNone));
            check_date_time(decoded, request_info["datetime"]);
            specific = encode_set_date_time_request(h.adr, time);
            break;
        }
        case 0x4F:
            if (info.size == 0) {
                specific = encode_protocol_version_request(h.adr);
            } else {
                // HE's variant with INFO = ADR exists only through encode_frame (checked above).
                ASSERT_EQ(info.size, 1U);
                EXPECT_EQ(info.data[0], h.adr);
            }
            break;
        case 0x51:
            EXPECT_EQ(info.size, 0U);
            specific = encode_manufacturer_info_request(h.adr);
            break;
        default:
            FAIL() << id << ": no encoder check for request command " << int{*command};
    }
    request_info.expect_all_checked();
    if (specific) {
        EXPECT_EQ(specific->view(), text) << "command encoder";
    }
    check_json_request(text, h, v.at("decoded"), id);

    // encode_request() covers the default forms (history: first record; 0x4F: no INFO; 0x4E: unsupported).
    EncodedFrame by_code;
    const bool encodable = encode_request(h.adr, h.cid2, by_code);
    const bool default_form =
        !(*command == 0x4B && info.data[0] != 0) && !(*command == 0x4F && info.size != 0) && *command != 0x4E;
    if (*command == 0x4E) {
        EXPECT_FALSE(encodable);
    } else {
        EXPECT_TRUE(encodable);
        if (default_form) {
            EXPECT_EQ(by_code.view(), text) << "encode_request";
        }
    }
}

void check_topband_reply(const json& v, const std::string& text, const Framing& f, Checked& d) {
    const std::string id = v.at("id").get<std::string>();
    const RawHeader& h = f.header;
    EXPECT_EQ(h.ver, kVersion);
    EXPECT_EQ(h.cid1, kCid1Battery);
    const auto command = vector_command(v);
    ASSERT_TRUE(command.has_value()) << id;

    // The only Topband reply with a bad CHKSUM (resp-4B-first) is decoded with checksum checking disabled.
    const bool framing_ok = f.status == FrameStatus::kOk;
    if (!framing_ok) {
        EXPECT_EQ(status_name(f.status), "bad_chksum") << id;
        EXPECT_FALSE(f.chksum_valid);
    }
    const std::string_view info_chars = h.info;

    if (framing_ok) {
        const ReplyExpectation same{h.adr, kVersion};
        EXPECT_EQ(status_name(check_reply(f.frame, same)), h.cid2 == 0 ? "ok" : "rtn_error");
        const ReplyExpectation other_adr{static_cast<std::uint8_t>(h.adr ^ 0x01U), kVersion};
        EXPECT_EQ(status_name(check_reply(f.frame, other_adr)), "unexpected_adr");
        EXPECT_FALSE(api::looks_like_request(f.frame)) << id;
    }

    if (h.cid2 != 0) {
        // Error reply: nothing to decode.
        EXPECT_EQ(h.lenid, 0U);
        const std::string meaning = d["rtn_meaning"].get<std::string>();
        const std::string library = std::string(rtn_meaning(h.cid2));
        EXPECT_EQ(library.substr(0, meaning.size()), meaning);
        check_json_reply(text, *command, h, v.at("decoded"), id);
        return;
    }

    // Re-encode the reply from its INFO (CHKSUM recomputed, so the broken capture comes back repaired).
    std::string expected_text = text;
    if (!f.chksum_valid) {
        expected_text.replace(text.size() - 5, 4, hex4(chksum(std::string_view(text).substr(1, text.size() - 6))));
    }
    InfoBytes info;
    const FrameStatus hex_status = decode_info_hex(info_chars, info);
    EncodedFrame encoded;
    if (*command == 0x51 && hex_status != FrameStatus::kOk) {
        ASSERT_TRUE(encode_frame_raw_info(h.adr, h.cid2, info_chars, encoded));
    } else {
        ASSERT_EQ(status_name(hex_status), "ok");
        ASSERT_TRUE(encode_frame(h.adr, h.cid2, info.bytes(), encoded));
    }
    EXPECT_EQ(encoded.view(), expected_text) << "re-encoded reply";
    if (!f.chksum_valid) {
        Frame repaired;
        EXPECT_EQ(status_name(parse_frame(expected_text, repaired)), "ok") << "repaired CHKSUM";
    }

    std::array<std::uint8_t, kMaxInfoBytes> rebuilt{};
    switch (*command) {
        case 0x42: {
            AnalogValues a;
            ASSERT_EQ(to_string(decode_analog(info.bytes(), a)), to_string(DecodeError::kNone));
            check_analog(a, d);
            const std::size_t size = build_analog_info(a, rebuilt);
            EXPECT_EQ(hex_bytes({rebuilt.data(), size}), hex_bytes(info.bytes())) << "build_analog_info";
            break;
        }
        case 0x44: {
            AlarmInfo a;
            ASSERT_EQ(to_string(decode_alarm(info.bytes(), a)), to_string(DecodeError::kNone));
            check_alarm(a, info.size, d);
            const std::size_t size = build_alarm_info(a, rebuilt);
            EXPECT_EQ(hex_bytes({rebuilt.data(), size}), hex_bytes(info.bytes())) << "build_alarm_info";
            break;
        }
        case 0x47: {
            SystemParameters p;
            ASSERT_EQ(to_string(decode_system_parameters(info.bytes(), p)), to_string(DecodeError::kNone));
            check_system_parameters(p, d);
            const std::size_t size = build_system_parameters_info(p, rebuilt);
            EXPECT_EQ(hex_bytes({rebuilt.data(), size}), hex_bytes(info.bytes())) << "build_system_parameters_info";
            break;
        }
        case 0x4B: {
            HistoryRecord r;
            ASSERT_EQ(to_string(decode_history(info.bytes(), r)), to_string(DecodeError::kNone));
            check_history(r, info.size, d);
            break;
        }
        case 0x4D: {
            DateTime t;
            ASSERT_EQ(to_string(decode_date_time(info.bytes(), t)), to_string(DecodeError::kNone));
            Checked fields(d["info"], id + ".decoded.info");
            EXPECT_EQ(int{t.year}, as_int(fields["year"]));
            EXPECT_EQ(int{t.month}, as_int(fields["month"]));
            EXPECT_EQ(int{t.day}, as_int(fields["day"]));
            EXPECT_EQ(int{t.hour}, as_int(fields["hour"]));
            EXPECT_EQ(int{t.minute}, as_int(fields["minute"]));
            EXPECT_EQ(int{t.second}, as_int(fields["second"]));
            fields.expect_all_checked();
            const std::size_t size = build_date_time_info(t, rebuilt);
            EXPECT_EQ(hex_bytes({rebuilt.data(), size}), hex_bytes(info.bytes())) << "build_date_time_info";
            break;
        }
        case 0x4E:
            // Bare OK reply to set-date.
            EXPECT_EQ(h.lenid, 0U);
            break;
        case 0x51: {
            EXPECT_NE(status_name(hex_status), "ok") << "Topband's 0x51 INFO is raw ASCII";
            ManufacturerInfo m;
            decode_manufacturer_info(info_chars, m);
            check_manufacturer(m, d);
            EXPECT_EQ(m.text(), info_chars);
            break;
        }
        default:
            FAIL() << id << ": no decoder check for reply command " << int{*command};
    }

    if (framing_ok) {
        check_json_reply(text, *command, h, v.at("decoded"), id);
    } else {
        const json doc = api::decode_frame_json(text, api::DecodeOptions{*command, std::nullopt});
        EXPECT_EQ(doc.value("ok", true), false) << doc.dump();
        EXPECT_EQ(doc.value("error", std::string()), "bad_chksum") << doc.dump();
    }
}

TEST(GoldenFile, LoadsAndHasVectors) {
    ASSERT_TRUE(document_usable()) << "cannot read " << TBG_SOURCE_DIR << "/tests/golden/topband-vectors.json";
    EXPECT_GE(document()["vectors"].size(), 40U);
    EXPECT_EQ(document()["poll_table_0x42"]["frames"].size(), 16U);
}

TEST(GoldenFile, IsIdenticalToSharedCopy) {
    // The copy must stay unchanged; compare with shared/protocols when the checkout has it next to the repository.
    // shared/ sits next to the project root for every developer and for CI (shared/README.md).
    std::ifstream shared(std::string(TBG_SOURCE_DIR) + "/../shared/protocols/topband-vectors.json");
    ASSERT_TRUE(shared.good()) << "../shared/protocols/topband-vectors.json not found";
    std::ifstream copy(std::string(TBG_SOURCE_DIR) + "/tests/golden/topband-vectors.json");
    const std::string a((std::istreambuf_iterator<char>(shared)), std::istreambuf_iterator<char>());
    const std::string b((std::istreambuf_iterator<char>(copy)), std::istreambuf_iterator<char>());
    EXPECT_FALSE(b.empty());
    EXPECT_EQ(a, b);
}

TEST(GoldenFile, KindsAreAllHandled) {
    ASSERT_TRUE(document_usable());
    for (const auto& item : document()["kinds"].items()) {
        EXPECT_TRUE(is_handled_kind(item.key())) << "kind '" << item.key() << "' has no checks";
    }
    for (const json& v : document()["vectors"]) {
        EXPECT_TRUE(document()["kinds"].contains(v.at("kind").get<std::string>())) << v.at("id");
    }
}

TEST(GoldenFile, LengthExamples) {
    ASSERT_TRUE(document_usable());
    const json& examples = document()["algorithms"]["length_examples"];
    ASSERT_GE(examples.size(), 10U);
    for (const auto& item : examples.items()) {
        const auto lenid = prefixed_hex(json(item.key()));
        ASSERT_TRUE(lenid.has_value()) << item.key();
        EXPECT_EQ(hex4(length_field(static_cast<std::uint16_t>(*lenid))), item.value().get<std::string>())
            << "LENID " << item.key();
    }
}

TEST_P(GoldenVector, MatchesSpec) {
    const json& v = vector();
    const std::string id = v.at("id").get<std::string>();
    const std::string kind = v.at("kind").get<std::string>();
    ASSERT_TRUE(is_handled_kind(kind)) << id << ": vector kind '" << kind << "' is not handled by this test";
    const std::string text = v.at("frame").get<std::string>();
    const std::string direction = v.at("direction").get<std::string>();
    const bool is_reply = direction == "response";
    Checked d(v.contains("decoded") ? v["decoded"] : json::object(), id + ".decoded");

    if (kind == "peer_artifact_invalid") {
        // No SOI at all: nothing of it may pass as a frame.
        EXPECT_FALSE(v.at("checks").at("soi_present").get<bool>());
        EXPECT_NE(text.front(), '~');
        EXPECT_EQ(v.at("expected_result").get<std::string>().rfind("reject", 0), 0U);
        Frame frame;
        const FrameStatus status = parse_frame(text, frame);
        EXPECT_NE(status_name(status), "ok");
        const AssemblerResult fed = feed(text, /*flush_at_end=*/true);
        EXPECT_TRUE(fed.frame_statuses.empty()) << "an assembler must not see a frame without '~'";
        const json doc = api::decode_frame_json(text, api::DecodeOptions{0x42, std::nullopt});
        EXPECT_EQ(doc.value("ok", true), false) << doc.dump();
        EXPECT_EQ(doc.value("error", std::string()), status_name(status)) << doc.dump();
        EXPECT_EQ(status_name(status), "missing_soi");
        d.expect_all_checked();
        return;
    }

    const Framing f = check_framing(v, text);
    check_header_keys(f.header, is_reply, d);

    if (kind == "vendor_doc_example_algorithm") {
        unsigned sum = 0;
        for (const char c : std::string_view(text).substr(1, text.size() - 6)) {
            sum += static_cast<unsigned char>(c);
        }
        EXPECT_EQ(std::optional<std::uint32_t>(sum), prefixed_hex(d["ascii_sum"]));
        EXPECT_EQ(prefixed_hex(d["chksum"]),
                  std::optional<std::uint32_t>(chksum(std::string_view(text).substr(1, text.size() - 6))));
        EXPECT_NE(status_name(f.status), "ok");
    } else if (kind == "third_party_synthetic_invalid") {
        EXPECT_EQ(status_name(f.status), "bad_lchksum");
        EXPECT_EQ(v.at("expected_result").get<std::string>(), "reject: LCHKSUM invalid");
        // The frame's content decodes when the LCHKSUM is ignored.
        Checked ignored(v.at("decoded_if_lchksum_ignored"), id + ".decoded_if_lchksum_ignored");
        const std::vector<std::uint8_t> bytes = bytes_of_hex(f.header.info);
        AnalogValues a;
        ASSERT_EQ(to_string(decode_analog(bytes, a)), to_string(DecodeError::kNone));
        check_analog(a, ignored);
        ignored.expect_all_checked();
        // With LENGTH repaired (and CHKSUM recomputed) it is a valid frame.
        std::string repaired = text;
        repaired.replace(9, 4, hex4(length_field(f.header.lenid)));
        repaired.replace(repaired.size() - 5, 4,
                         hex4(chksum(std::string_view(repaired).substr(1, repaired.size() - 6))));
        Frame frame;
        EXPECT_EQ(status_name(parse_frame(repaired, frame)), "ok") << repaired;
        const json doc = api::decode_frame_json(text, api::DecodeOptions{0x42, std::nullopt});
        EXPECT_EQ(doc.value("ok", true), false) << doc.dump();
        EXPECT_EQ(doc.value("error", std::string()), "bad_lchksum") << doc.dump();
    } else if (kSiblingKinds.contains(kind)) {
        EXPECT_NE(f.header.ver, kVersion);
        if (f.status == FrameStatus::kOk) {
            EXPECT_EQ(status_name(check_reply(f.frame, ReplyExpectation{})), "unexpected_ver") << id;
            // Only the VER differs from what a Topband master expects.
            const ReplyExpectation sibling{f.header.adr, f.header.ver};
            const json doc = api::decode_frame_json(text, api::DecodeOptions{vector_command(v), std::nullopt});
            EXPECT_EQ(doc.value("ok", true), false) << doc.dump();
            EXPECT_EQ(doc.value("error", std::string()), "unexpected_ver") << doc.dump();
            if (is_reply) {
                EXPECT_EQ(status_name(check_reply(f.frame, sibling)), f.header.cid2 == 0 ? "ok" : "rtn_error");
            } else {
                InfoBytes info;
                ASSERT_EQ(status_name(decode_info_hex(f.frame.info, info)), "ok");
                EncodedFrame encoded;
                ASSERT_TRUE(encode_frame(f.header.adr, f.header.cid2, info.bytes(), encoded, f.header.ver));
                EXPECT_EQ(encoded.view(), text) << "encode_frame with sibling VER";
            }
        } else {
            // The Pylontech document's example prints a wrong CHKSUM.
            EXPECT_EQ(status_name(f.status), "bad_chksum") << id;
            EXPECT_FALSE(f.chksum_valid);
        }
        if (d.contains("device_name")) {
            // Seplos hex-encodes 0x51; our decoder handles that layout too.
            ManufacturerInfo m;
            decode_manufacturer_info(f.header.info, m);
            check_manufacturer(m, d);
        }
        // Every other decoded key describes the sibling's own field layout, which is not Topband's.
        for (const char* key :
             {"infoflag", "command", "cell_count", "cells_mV", "temp_count", "temps_raw", "temps_note", "current_A",
              "current_raw", "pack_voltage_mV", "remaining_Ah", "remaining1", "udi", "full_Ah", "total1", "cycles",
              "design_Ah", "remaining2_mAh", "total2_mAh"}) {
            d.not_applicable(key, "sibling protocol layout");
        }
    } else if (is_reply) {
        check_topband_reply(v, text, f, d);
        if (v.contains("atomi23_marker_found")) {
            EXPECT_EQ(v["atomi23_marker_found"].get<bool>(), text.substr(9, 4) == "D07C");
        }
    } else {
        ASSERT_EQ(direction, "request") << id;
        check_topband_request(v, text, f, d);
    }
    d.expect_all_checked();
}

std::string vector_name(const ::testing::TestParamInfo<std::size_t>& info) {
    std::string name = document()["vectors"][info.param].at("id").get<std::string>();
    for (char& c : name) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        c = alnum ? c : '_';
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(Vectors, GoldenVector, ::testing::ValuesIn(vector_indices()), vector_name);

class GoldenPollTable : public ::testing::TestWithParam<std::size_t> {};

TEST_P(GoldenPollTable, EncodesAndParses) {
    const json& entry = document()["poll_table_0x42"]["frames"][GetParam()];
    const auto adr = static_cast<std::uint8_t>(entry.at("adr").get<int>());
    const std::string text = entry.at("frame").get<std::string>();
    EXPECT_TRUE(entry.at("chksum_valid").get<bool>());
    EXPECT_EQ(encode_analog_request(adr).view(), text);
    EncodedFrame by_code;
    ASSERT_TRUE(encode_request(adr, 0x42, by_code));
    EXPECT_EQ(by_code.view(), text);
    Frame frame;
    ASSERT_EQ(status_name(parse_frame(text, frame)), "ok");
    EXPECT_EQ(frame.adr, adr);
    EXPECT_EQ(frame.cid2, 0x42);
    EXPECT_EQ(frame.info, text.substr(13, 2));
    const AssemblerResult fed = feed(text, false);
    ASSERT_EQ(fed.frame_statuses.size(), 1U);
    EXPECT_EQ(status_name(fed.frame_statuses.front()), "ok");
}

INSTANTIATE_TEST_SUITE_P(Adr, GoldenPollTable, ::testing::ValuesIn(poll_indices()));

// ---------------------------------------------------------------------------------------------------------------
// JSON view

void expect_number(const json& doc, const std::string& key, const json& expected) {
    ASSERT_TRUE(doc.contains(key)) << "JSON lacks '" << key << "'";
    ASSERT_TRUE(doc[key].is_number()) << key;
    EXPECT_DOUBLE_EQ(doc[key].get<double>(), expected.get<double>()) << key;
}

void expect_numbers(const json& doc, const std::string& key, const json& expected) {
    ASSERT_TRUE(doc.contains(key)) << "JSON lacks '" << key << "'";
    ASSERT_TRUE(doc[key].is_array()) << key;
    ASSERT_EQ(doc[key].size(), expected.size()) << key;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_DOUBLE_EQ(doc[key][i].get<double>(), expected[i].get<double>()) << key << "[" << i << "]";
    }
}

// "charge MOSFET on" → "charge_mosfet_on"
std::string snake_id(const std::string& name) {
    std::string id;
    for (const char c : name) {
        if (c >= 'A' && c <= 'Z') {
            id.push_back(static_cast<char>(c - 'A' + 'a'));
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            id.push_back(c);
        } else if (!id.empty() && id.back() != '_') {
            id.push_back('_');
        }
    }
    return id;
}

void check_json_analog(const json& doc, const json& d) {
    expect_numbers(doc, "cells_mV", d.at("cells_mV"));
    expect_numbers(doc, "temperatures_C", d.at("temps_C"));
    expect_number(doc, "current_A", d.at("current_A"));
    expect_number(doc, "voltage_V", d.at("pack_V"));
    expect_number(doc, "remaining_Ah", d.at("remaining_Ah"));
    expect_number(doc, "full_Ah", d.at("full_Ah"));
    expect_number(doc, "cycles", d.at("cycles"));
    expect_number(doc, "soc_pct", d.at("soc_pct"));
    expect_number(doc, "soh_pct", d.at("soh_pct"));
    EXPECT_EQ(doc.value("cell_count", -1), d.at("cell_count").get<int>());
    EXPECT_EQ(doc.value("temp_count", -1), d.at("temp_count").get<int>());
    if (d.contains("temp_roles")) {
        ASSERT_TRUE(doc.contains("temperature_roles"));
        const json& roles = doc["temperature_roles"];
        ASSERT_EQ(roles.size(), d["temp_roles"].size());
        for (std::size_t i = 0; i < roles.size(); ++i) {
            EXPECT_EQ(roles[i].get<std::string>(), to_string(role_of_label(d["temp_roles"][i].get<std::string>())))
                << "sensor " << i + 1;
        }
        EXPECT_EQ(doc.value("temperature_roles_likely", false), true);
    }
}

void check_json_reply(const std::string& text, std::uint8_t command, const RawHeader& h, const json& d,
                      const std::string& id) {
    const json doc = api::decode_frame_json(text, api::DecodeOptions{command, std::nullopt});
    SCOPED_TRACE(id + ": " + doc.dump());
    ASSERT_TRUE(doc.is_object());
    ASSERT_TRUE(doc.contains("ok"));
    EXPECT_EQ(doc["ok"].get<bool>(), h.cid2 == 0);
    EXPECT_EQ(doc.value("adr", -1), int{h.adr});
    EXPECT_EQ(doc.value("rtn", -1), int{h.cid2});
    if (h.cid2 != 0) {
        EXPECT_EQ(doc.value("error", std::string()), "rtn_error");
        EXPECT_EQ(doc.value("rtn_id", std::string()), rtn_id(h.cid2));
        const std::string meaning = d.at("rtn_meaning").get<std::string>();
        EXPECT_EQ(doc.value("rtn_meaning", std::string()).substr(0, meaning.size()), meaning);
        EXPECT_FALSE(doc.value("message", std::string()).empty());
        return;
    }
    EXPECT_EQ(doc.value("command", std::string()), command_name(command));
    // Same frame with the command guessed from the INFO shape: the layouts are distinct enough for these.
    const json guessed = api::decode_frame_json(text, api::DecodeOptions{});
    switch (command) {
        case 0x42:
            EXPECT_EQ(doc.value("command_guessed", true), false);
            check_json_analog(doc, d);
            EXPECT_EQ(guessed.value("command", std::string()), "analog") << guessed.dump();
            EXPECT_EQ(guessed.value("command_guessed", false), true) << guessed.dump();
            check_json_analog(guessed, d);
            break;
        case 0x44: {
            std::map<int, std::string> by_bit;  // JSON keys sort as text ("10" < "9"); the document lists by bit
            for (const auto& item : d.at("set_bit_names").items()) {
                by_bit[std::stoi(item.key())] = snake_id(item.value().get<std::string>());
            }
            std::vector<std::string> expected;
            for (const auto& [bit, name] : by_bit) {
                expected.push_back(name);
            }
            ASSERT_TRUE(doc.contains("status_active"));
            EXPECT_EQ(doc["status_active"].get<std::vector<std::string>>(), expected);
            EXPECT_EQ(doc.value("status_byte_count", -1), d.at("status_byte_count").get<int>());
            ASSERT_TRUE(doc.contains("cell_states"));
            EXPECT_EQ(doc["cell_states"].size(), d.at("cell_status").size());
            EXPECT_EQ(doc["cell_states"][6].get<std::string>(), "below_lower_limit");
            EXPECT_EQ(guessed.value("command", std::string()), "alarm") << guessed.dump();
            break;
        }
        case 0x47:
            for (const char* key : {"cell_high_V", "cell_low_V", "cell_under_V", "charge_high_C", "charge_low_C",
                                    "charge_current_max_A", "pack_high_V", "pack_low_V", "pack_under_V",
                                    "discharge_high_C", "discharge_low_C", "discharge_current_max_A"}) {
                expect_number(doc, key, d.at(key));
            }
            EXPECT_EQ(doc.value("plausible", false), true);
            EXPECT_EQ(guessed.value("command", std::string()), "system_parameters") << guessed.dump();
            break;
        case 0x4B:
            EXPECT_EQ(doc.value("datetime", std::string()), d.at("datetime").get<std::string>());
            EXPECT_EQ(doc.value("event_type", -1), d.at("event").get<int>());
            expect_number(doc, "current_A", d.at("current_A"));
            expect_number(doc, "voltage_V", d.at("pack_V"));
            expect_number(doc, "remaining_Ah", d.at("remaining_Ah"));
            expect_numbers(doc, "cell_temperatures_C", d.at("cell_temps_C"));
            expect_number(doc, "environment_C", d.at("env_C"));
            expect_number(doc, "mosfet_C", d.at("mos_C"));
            expect_numbers(doc, "cells_mV", d.at("cells_mV"));
            EXPECT_EQ(guessed.value("command", std::string()), "history") << guessed.dump();
            break;
        case 0x4D: {
            const json& t = d.at("info");
            char expected[32];
            std::snprintf(expected, sizeof expected, "%04d-%02d-%02d %02d:%02d:%02d", t.at("year").get<int>(),
                          t.at("month").get<int>(), t.at("day").get<int>(), t.at("hour").get<int>(),
                          t.at("minute").get<int>(), t.at("second").get<int>());
            EXPECT_EQ(doc.value("datetime", std::string()), expected);
            EXPECT_EQ(guessed.value("command", std::string()), "get_date_time") << guessed.dump();
            break;
        }
        case 0x4E:
            EXPECT_EQ(h.lenid, 0U);
            EXPECT_EQ(guessed.value("ok", false), true) << guessed.dump();
            break;
        case 0x51:
            EXPECT_EQ(doc.value("info_is_raw_ascii", false), d.at("info_is_raw_ascii").get<bool>());
            EXPECT_EQ(doc.value("hardware", std::string()), d.at("hw").get<std::string>());
            EXPECT_EQ(doc.value("software", std::string()), d.at("sw").get<std::string>());
            EXPECT_EQ(doc.value("id", std::string()), d.at("id").get<std::string>());
            EXPECT_EQ(guessed.value("command", std::string()), "manufacturer_info") << guessed.dump();
            break;
        default:
            FAIL() << "no JSON check for command " << int{command};
    }
    EXPECT_EQ(guessed.value("ok", false), true) << guessed.dump();
}

void check_json_request(const std::string& text, const RawHeader& h, const json& d, const std::string& id) {
    const json doc = api::decode_frame_json(text, api::DecodeOptions{});
    SCOPED_TRACE(id + ": " + doc.dump());
    EXPECT_EQ(doc.value("ok", false), true);
    EXPECT_EQ(doc.value("kind", std::string()), "request");
    EXPECT_EQ(doc.value("adr", -1), int{h.adr});
    EXPECT_EQ(doc.value("command", std::string()), command_name(h.cid2));
    if (h.cid2 == 0x4E) {
        EXPECT_EQ(doc.value("datetime", std::string()), d.at("info").at("datetime").get<std::string>());
    }
    if (h.cid2 == 0x4B) {
        EXPECT_EQ(doc.value("mode", -1), std::stoi(std::string(h.info.substr(0, 2)), nullptr, 16));
        EXPECT_EQ(doc.value("pack_adr", -1), std::stoi(std::string(h.info.substr(2, 2)), nullptr, 16));
    }
    if (h.lenid == 2) {
        EXPECT_EQ(doc.value("command_adr", -1), int{h.adr});
    }
}

}  // namespace
}  // namespace tbg::topband
