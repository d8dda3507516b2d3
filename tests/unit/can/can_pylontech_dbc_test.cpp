// Our Pylontech output decoded with an independent public DBC: shared/protocols/third-party/pylontech.dbc
// (plewka/PylontechUSX00C_CAN2MQTT, see that folder's README). The test parses the BO_/SG_ lines it needs and
// decodes our frames with them; it never uses our own decoder.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "core/can/bms_inputs.h"
#include "core/can/can_frame.h"
#include "core/can/encoders.h"
#include "tests/unit/can/reference_bank.h"

namespace tbg::can {
namespace {

struct Signal {
    std::string name;
    unsigned start = 0;
    unsigned length = 0;
    bool intel = true;  // @1 little endian; @0 Motorola (only 1-bit signals in this file)
    bool is_signed = false;
    double factor = 1;
    double offset = 0;
};

struct Message {
    std::uint16_t id = 0;
    std::string name;
    unsigned dlc = 0;
    std::map<std::string, Signal> signals;
};

std::map<std::uint16_t, Message> load_dbc() {
    std::map<std::uint16_t, Message> messages;
    std::ifstream in(TBG_SOURCE_DIR "/../shared/protocols/third-party/pylontech.dbc");
    EXPECT_TRUE(in.good()) << "shared/protocols/third-party/pylontech.dbc not found next to the repository";
    const std::regex message_line(R"(^\s*BO_\s+(\d+)\s+(\w+)\s*:\s*(\d+)\s)");
    const std::regex signal_line(R"(^\s*SG_\s+(\w+)\s*:\s*(\d+)\|(\d+)@([01])([+-])\s*\(([^,]+),([^)]+)\))");
    Message* current = nullptr;
    std::string line;
    while (std::getline(in, line)) {
        std::smatch m;
        if (std::regex_search(line, m, message_line)) {
            Message message;
            message.id = static_cast<std::uint16_t>(std::stoul(m[1]));
            message.name = m[2];
            message.dlc = static_cast<unsigned>(std::stoul(m[3]));
            current = &(messages[message.id] = message);
        } else if (std::regex_search(line, m, signal_line) && current != nullptr) {
            Signal s;
            s.name = m[1];
            s.start = static_cast<unsigned>(std::stoul(m[2]));
            s.length = static_cast<unsigned>(std::stoul(m[3]));
            s.intel = m[4] == "1";
            s.is_signed = m[5] == "-";
            s.factor = std::stod(m[6]);
            s.offset = std::stod(m[7]);
            current->signals[s.name] = s;
        }
    }
    return messages;
}

// Raw value of `s` in `frame`: DBC bit numbering, bit n = byte n / 8, bit n % 8.
std::int64_t raw(const Signal& s, const CanFrame& frame) {
    EXPECT_TRUE(s.intel || s.length == 1) << s.name << ": multi-bit Motorola signal not supported by this test";
    std::uint64_t value = 0;
    for (unsigned i = 0; i < s.length; ++i) {
        const unsigned bit = s.start + i;
        EXPECT_LT(bit / 8, kMaxDlc) << s.name;
        value |= std::uint64_t{(unsigned{frame.data[bit / 8]} >> (bit % 8)) & 1U} << i;
    }
    if (s.is_signed && s.length < 64 && ((value >> (s.length - 1)) & 1U) != 0) {
        return static_cast<std::int64_t>(value) - (std::int64_t{1} << s.length);
    }
    return static_cast<std::int64_t>(value);
}

class can_pylontech_dbc : public ::testing::Test {
protected:
    void SetUp() override {
        dbc_ = load_dbc();
        ASSERT_EQ(dbc_.count(0x351) + dbc_.count(0x355) + dbc_.count(0x356) + dbc_.count(0x359) + dbc_.count(0x35C) +
                      dbc_.count(0x35E),
                  6U);
    }

    const Signal& signal(std::uint16_t id, const std::string& name) {
        const auto& signals = dbc_.at(id).signals;
        const auto found = signals.find(name);
        EXPECT_NE(found, signals.end()) << name;
        return found == signals.end() ? missing_ : found->second;
    }

    // Raw value of signal `name` of message `id` in our Pylontech set for `in`; checks the DBC factor and offset.
    std::int64_t value(const BmsInputs& in, std::uint16_t id, const std::string& name, double factor = 1) {
        FrameSet frames;
        encode_pylontech(in, frames);
        const CanFrame* frame = frames.find(id);
        EXPECT_NE(frame, nullptr);
        const Signal& s = signal(id, name);
        EXPECT_DOUBLE_EQ(s.factor, factor) << name;
        EXPECT_DOUBLE_EQ(s.offset, 0) << name;
        return frame == nullptr ? -1 : raw(s, *frame);
    }

    std::map<std::uint16_t, Message> dbc_;
    Signal missing_;
};

TEST_F(can_pylontech_dbc, EveryFrameWeSendIsInTheDbcAndFits) {
    FrameSet frames;
    encode_pylontech(reference_bank(), frames);
    for (const CanFrame& frame : frames) {
        ASSERT_EQ(dbc_.count(frame.id), 1U) << frame.id;
        EXPECT_LE(dbc_.at(frame.id).dlc, frame.dlc) << dbc_.at(frame.id).name;
    }
}

TEST_F(can_pylontech_dbc, LimitsStateAndMeasurements) {
    for (const std::int32_t current_dA : {-123, 0, 456, -32767}) {
        for (const std::int32_t temperature_dC : {215, -105, 0}) {
            BmsInputs in = reference_bank();
            in.current_dA = current_dA;
            in.temperature_dC = temperature_dC;
            EXPECT_EQ(value(in, 0x351, "Battery_Charge_Voltage", 0.1), 552);
            EXPECT_EQ(value(in, 0x351, "Charge_Current_Limitation", 0.1), 1000);
            EXPECT_EQ(value(in, 0x351, "Discharge_Current_Limitation", 0.1), 2000);
            EXPECT_EQ(value(in, 0x355, "SOC"), 76);
            EXPECT_EQ(value(in, 0x355, "SOH"), 98);
            EXPECT_EQ(value(in, 0x356, "Battery_Voltage", 0.01), 5234);
            EXPECT_EQ(value(in, 0x356, "Battery_Current", 0.1), current_dA);
            EXPECT_EQ(value(in, 0x356, "Battery_Temperature", 0.1), temperature_dC);
        }
    }
    BmsInputs in = reference_bank();
    in.charge_current_limit_dA = 50000;  // clamped to 3276.7 A, still positive for a signed reader
    EXPECT_EQ(value(in, 0x351, "Charge_Current_Limitation", 0.1), 32767);
}

TEST_F(can_pylontech_dbc, ProtectionAndAlarmFlags) {
    // DBC "Alarm_*" = Pylontech protection (bytes 0-1) = our alarm; "Warn_*" = Pylontech alarm (bytes 2-3) = our
    // warning.
    struct Pair {
        const char* alarm;
        const char* warning;
        Condition condition;
    };
    const std::vector<Pair> pairs{
        {"Alarm_Over_Voltage", "Warn_High_Voltage", Condition::kHighVoltage},
        {"Alarm_Under_Voltage", "Warn_Low_Voltage", Condition::kLowVoltage},
        {"Alarm_Over_Temperature", "Warn_High_Temperature", Condition::kHighTemperature},
        {"Alarm_Over_Temperature", "Warn_High_Temperature", Condition::kHighTemperatureCharge},
        {"Alarm_Under_Temperature", "Warn_Low_Temperature", Condition::kLowTemperature},
        {"Alarm_Under_Temperature", "Warn_Low_Temperature", Condition::kLowTemperatureCharge},
        {"Alarm_Over_Current_Discharge", "Warn_High_Current_Discharge", Condition::kHighDischargeCurrent},
        {"Alarm_Over_Current_Charge", "Warn_High_Current_Charge", Condition::kHighChargeCurrent},
        {"Alarm_Internal", "Warn_Internal", Condition::kBmsInternal},
    };
    std::size_t flag_signals = 0;
    for (const auto& [name, s] : dbc_.at(0x359).signals) {
        if (name.rfind("Alarm_", 0) == 0 || name.rfind("Warn_", 0) == 0) {
            ++flag_signals;
        }
    }
    EXPECT_EQ(flag_signals, 14U);  // every flag the DBC knows is covered by `pairs`

    for (const Pair& pair : pairs) {
        for (const Level level : {Level::kOk, Level::kWarning, Level::kAlarm}) {
            BmsInputs in = reference_bank();
            in.level(pair.condition) = level;
            const bool alarm = level == Level::kAlarm;
            const bool warning =
                level == Level::kWarning || (level == Level::kAlarm && has_warning_stage(pair.condition));
            for (const auto& [name, s] : dbc_.at(0x359).signals) {
                if (name == "Pack_Nr") {
                    continue;
                }
                const bool expected = (name == pair.alarm && alarm) || (name == pair.warning && warning);
                EXPECT_EQ(value(in, 0x359, name), expected ? 1 : 0) << condition_id(pair.condition) << " " << name;
            }
        }
    }
    BmsInputs in = reference_bank();
    in.modules_online = 6;
    EXPECT_EQ(value(in, 0x359, "Pack_Nr"), 6);
}

TEST_F(can_pylontech_dbc, RequestFlags) {
    BmsInputs in = reference_bank();
    EXPECT_EQ(value(in, 0x35C, "Charge_Enable"), 1);
    EXPECT_EQ(value(in, 0x35C, "Discharge_Enable"), 1);
    EXPECT_EQ(value(in, 0x35C, "Charge_Immediately"), 0);
    in.charge_enable = false;
    in.request_force_charge_1 = true;  // DBC "Charge_Immediately" = bit 5 = force charge I
    EXPECT_EQ(value(in, 0x35C, "Charge_Enable"), 0);
    EXPECT_EQ(value(in, 0x35C, "Discharge_Enable"), 1);
    EXPECT_EQ(value(in, 0x35C, "Charge_Immediately"), 1);
    in.request_force_charge_1 = false;
    in.request_force_charge_2 = true;
    in.request_full_charge = true;
    EXPECT_EQ(value(in, 0x35C, "Charge_Immediately"), 0);
}

TEST_F(can_pylontech_dbc, ManufacturerLetters) {
    BmsInputs in = reference_bank();
    in.manufacturer = make_text<8>("PYLON");
    const std::string expected = "PYLON   ";
    const std::string letters = "abcdefgh";
    for (std::size_t i = 0; i < letters.size(); ++i) {
        EXPECT_EQ(value(in, 0x35E, std::string(1, letters[i])), expected[i]);
    }
}

}  // namespace
}  // namespace tbg::can
