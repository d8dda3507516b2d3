// Encoders (core/can/encoders.h): frame sets, field layouts, clamping, invalid markers, 0x35A pairs, GX quirk names.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/can/bms_inputs.h"
#include "core/can/can_frame.h"
#include "core/can/describe.h"
#include "core/can/encoders.h"
#include "tests/unit/can/reference_bank.h"

namespace tbg::can {
namespace {

FrameSet encoded(Protocol protocol, const BmsInputs& in) {
    FrameSet frames;
    encode(protocol, in, frames);
    return frames;
}

// The frame `id` of `protocol`'s set for `in`; fails the test when absent.
CanFrame frame(Protocol protocol, const BmsInputs& in, std::uint16_t id) {
    const FrameSet frames = encoded(protocol, in);
    const CanFrame* found = frames.find(id);
    EXPECT_NE(found, nullptr) << "0x" << std::hex << id;
    return found == nullptr ? CanFrame{} : *found;
}

std::string hex(const CanFrame& f) {
    std::string out;
    for (std::size_t i = 0; i < kMaxDlc; ++i) {
        constexpr std::string_view kDigits = "0123456789ABCDEF";
        out += i == 0 ? "" : " ";
        out += kDigits[f.data[i] >> 4U];
        out += kDigits[f.data[i] & 0xFU];
    }
    return out;
}

std::vector<std::uint16_t> ids_of(const FrameSet& frames) {
    std::vector<std::uint16_t> out;
    for (const CanFrame& f : frames) {
        out.push_back(f.id);
    }
    return out;
}

int s16_at(const CanFrame& f, std::size_t offset) {
    return static_cast<std::int16_t>(static_cast<std::uint16_t>(f.data[offset] | (f.data[offset + 1] << 8U)));
}
unsigned u16_at(const CanFrame& f, std::size_t offset) {
    return static_cast<unsigned>(f.data[offset] | (f.data[offset + 1] << 8U));
}

// --- frame sets ---------------------------------------------------------------------------------------------------

TEST(can_victron, FullSetInBusOrderAllDlc8) {
    const FrameSet frames = encoded(Protocol::kVictron, reference_bank());
    const std::vector<std::uint16_t> expected{0x351, 0x355, 0x356, 0x35A, 0x35B, 0x35E, 0x35F, 0x370, 0x371,
                                              0x372, 0x373, 0x374, 0x375, 0x376, 0x377, 0x378, 0x379, 0x382};
    EXPECT_EQ(ids_of(frames), expected);
    EXPECT_EQ(frames.size(), kVictronMaxFrames);
    for (const CanFrame& f : frames) {
        EXPECT_EQ(f.dlc, 8);
        EXPECT_LE(f.id, kMaxStandardId);
    }
}

TEST(can_victron, ReferenceBankBytes) {
    const BmsInputs in = reference_bank();
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x351)), "28 02 E8 03 D0 07 C0 01");
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x355)), "4C 00 62 00 D8 1D 00 00");
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x356)), "72 14 85 FF D7 00 00 00");
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x35A)), "AA AA AA 02 AA AA AA 02");
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x35B)), "00 00 00 00 00 00 00 00");
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x35E)), "54 4F 50 42 41 4E 44 00");
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x35F)), "00 00 02 04 98 00 00 00");
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x370)), "54 4F 50 42 41 4E 44 2D");
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x371)), "47 41 54 45 57 41 59 00");
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x372)), "02 00 00 00 00 00 00 00");
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x373)), "C1 0C D1 0C 25 01 28 01");
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x374)), "50 31 43 30 37 00 00 00");
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x378)), "39 30 00 00 1A 2E 00 00");
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x379)), "C8 00 00 00 00 00 00 00");
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x382)), "54 42 34 38 31 30 30 00");
}

TEST(can_victron, OptionalFramesOmittedWhenUnknownOrEmpty) {
    BmsInputs in = reference_bank();
    in.cell_extremes_valid = false;
    in.energy_valid = false;
    in.capacity_valid = false;
    in.bms_name = {};
    in.family = {};
    EXPECT_EQ(ids_of(encoded(Protocol::kVictron, in)),
              (std::vector<std::uint16_t>{0x351, 0x355, 0x356, 0x35A, 0x35B, 0x35E, 0x372}));

    in = reference_bank();
    in.firmware_valid = false;  // 0x35F still carries the available capacity; the firmware reads 0.0
    const FrameSet frames = encoded(Protocol::kVictron, in);
    ASSERT_NE(frames.find(0x35F), nullptr);
    EXPECT_EQ(hex(*frames.find(0x35F)), "00 00 00 00 98 00 00 00");
    EXPECT_EQ(frames.size(), kVictronMaxFrames);
}

TEST(can_victron, EncodeReplacesPreviousContents) {
    FrameSet frames;
    encode_victron(reference_bank(), frames);
    encode_pylontech(reference_bank(), frames);
    EXPECT_EQ(frames.size(), kPylontechFrames);
}

TEST(can_pylontech, SetAndBytes) {
    const BmsInputs in = reference_bank();
    const FrameSet frames = encoded(Protocol::kPylontech, in);
    EXPECT_EQ(ids_of(frames), (std::vector<std::uint16_t>{0x351, 0x355, 0x356, 0x359, 0x35C, 0x35E}));
    EXPECT_EQ(hex(*frames.find(0x351)), "28 02 E8 03 D0 07 C0 01");  // DVL sent although V1.2 leaves 6-7 blank
    EXPECT_EQ(hex(*frames.find(0x355)), "4C 00 62 00 00 00 00 00");  // no hi-res SOC
    EXPECT_EQ(hex(*frames.find(0x356)), "72 14 85 FF D7 00 00 00");
    EXPECT_EQ(hex(*frames.find(0x359)), "00 00 00 00 02 50 4E 00");
    EXPECT_EQ(hex(*frames.find(0x35C)), "C0 00 00 00 00 00 00 00");
    EXPECT_EQ(hex(*frames.find(0x35E)), "54 4F 50 42 41 4E 44 20");  // space padded like "PYLON   "
}

TEST(can_sma, SetAndBytes) {
    const FrameSet frames = encoded(Protocol::kSma, reference_bank());
    EXPECT_EQ(ids_of(frames), (std::vector<std::uint16_t>{0x351, 0x355, 0x356, 0x35A, 0x35B, 0x35E, 0x35F}));
    EXPECT_EQ(frames.size(), kSmaFrames);
    EXPECT_EQ(hex(*frames.find(0x351)), "28 02 E8 03 D0 07 C0 01");
    EXPECT_EQ(hex(*frames.find(0x355)), "4C 00 62 00 D8 1D 00 00");
    EXPECT_EQ(hex(*frames.find(0x35F)), "00 00 02 04 98 00 00 00");
}

// --- 0x351 clamping -----------------------------------------------------------------------------------------------

TEST(can_victron, LimitsClampedToFieldRanges) {
    BmsInputs in = reference_bank();
    in.charge_current_limit_dA = 40000;    // 4000 A: above the s16 ceiling
    in.discharge_current_limit_dA = -100;  // negative DCL (a peer mistake) is never sent
    in.charge_voltage_limit_dV = 70000;    // above u16
    in.discharge_voltage_limit_dV = -5;    // negative: never wrapped into the u16
    const CanFrame f = frame(Protocol::kVictron, in, 0x351);
    EXPECT_EQ(u16_at(f, 0), 65535U);
    EXPECT_EQ(s16_at(f, 2), 32767);  // 3276.7 A
    EXPECT_EQ(s16_at(f, 4), 0);
    EXPECT_EQ(u16_at(f, 6), 0U);

    in.charge_current_limit_dA = -1;
    in.discharge_current_limit_dA = std::numeric_limits<std::int32_t>::max();
    const CanFrame g = frame(Protocol::kVictron, in, 0x351);
    EXPECT_EQ(s16_at(g, 2), 0);
    EXPECT_EQ(s16_at(g, 4), 32767);
}

TEST(can_sma, LimitsClampedToSunnyIslandRanges) {
    BmsInputs in = reference_bank();
    in.charge_voltage_limit_dV = 300;     // 30 V -> 41 V
    in.charge_current_limit_dA = 15000;   // 1500 A -> 1200 A
    in.discharge_current_limit_dA = -50;  // -> 0 A
    in.discharge_voltage_limit_dV = 520;  // 52 V -> 48 V
    CanFrame f = frame(Protocol::kSma, in, 0x351);
    EXPECT_EQ(u16_at(f, 0), 410U);
    EXPECT_EQ(s16_at(f, 2), 12000);
    EXPECT_EQ(s16_at(f, 4), 0);
    EXPECT_EQ(u16_at(f, 6), 480U);

    in.charge_voltage_limit_dV = 700;     // 70 V -> 63 V
    in.discharge_voltage_limit_dV = 100;  // 10 V -> 41 V
    f = frame(Protocol::kSma, in, 0x351);
    EXPECT_EQ(u16_at(f, 0), 630U);
    EXPECT_EQ(u16_at(f, 6), 410U);

    // Inside the ranges: unchanged, and the same bytes as Victron's.
    EXPECT_EQ(frame(Protocol::kSma, reference_bank(), 0x351), frame(Protocol::kVictron, reference_bank(), 0x351));
}

// --- 0x355 --------------------------------------------------------------------------------------------------------

TEST(can_victron, SocFullAndRounding) {
    BmsInputs in = reference_bank();
    in.soc_centipct = 10000;  // 100.00 %
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x355)), "64 00 62 00 10 27 00 00");
    in.soc_centipct = 12000;  // above 100 %: clamped
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x355)), "64 00 62 00 10 27 00 00");
    in.soc_centipct = -300;  // negative: 0, never wrapped
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x355)), "00 00 62 00 00 00 00 00");
    in.soc_centipct = 9949;  // 99.49 % -> 99
    EXPECT_EQ(u16_at(frame(Protocol::kVictron, in, 0x355), 0), 99U);
    in.soc_centipct = 9950;  // 99.50 % -> 100 (nearest, halves up)
    EXPECT_EQ(u16_at(frame(Protocol::kVictron, in, 0x355), 0), 100U);
    in.soh_pct = 130;
    EXPECT_EQ(u16_at(frame(Protocol::kVictron, in, 0x355), 2), 100U);
    in.soh_pct = -2;
    EXPECT_EQ(u16_at(frame(Protocol::kVictron, in, 0x355), 2), 0U);
}

TEST(can_sma, SocFullAndInvalidSoh) {
    BmsInputs in = reference_bank();
    in.soc_centipct = 10000;
    in.soh_valid = false;
    EXPECT_EQ(hex(frame(Protocol::kSma, in, 0x355)), "64 00 FF FF 10 27 00 00");
    // Victron and Pylontech have no marker: they send the 100 % the SI falls back to.
    EXPECT_EQ(u16_at(frame(Protocol::kVictron, in, 0x355), 2), 100U);
    EXPECT_EQ(u16_at(frame(Protocol::kPylontech, in, 0x355), 2), 100U);
}

// --- 0x356 --------------------------------------------------------------------------------------------------------

TEST(can_victron, NegativeCurrentAndTemperature) {
    BmsInputs in = reference_bank();
    in.current_dA = -1234;    // discharging 123.4 A
    in.temperature_dC = -55;  // -5.5 °C
    const CanFrame f = frame(Protocol::kVictron, in, 0x356);
    EXPECT_EQ(hex(f), "72 14 2E FB C9 FF 00 00");
    EXPECT_EQ(describe(f, Protocol::kVictron), "0x356 voltage 52.34 V current -123.4 A temperature -5.5 °C");
}

TEST(can_victron, MeasurementsClampedNeverToTheMarker) {
    BmsInputs in = reference_bank();
    in.pack_voltage_cV = -10;
    in.current_dA = -100000;
    in.temperature_dC = 40000;
    const CanFrame f = frame(Protocol::kVictron, in, 0x356);
    EXPECT_EQ(s16_at(f, 0), 0);
    EXPECT_EQ(s16_at(f, 2), -32767);  // not -32768 = 0x8000, the SMA invalid marker
    EXPECT_EQ(s16_at(f, 4), 32767);
    in.pack_voltage_cV = 40000;  // 400 V: above the s16 ceiling of 327.67 V
    EXPECT_EQ(s16_at(frame(Protocol::kVictron, in, 0x356), 0), 32767);
}

TEST(can_sma, UnknownTemperatureIsTheMarkerEverywhere) {
    BmsInputs in = reference_bank();
    in.temperature_valid = false;
    for (const Protocol p : {Protocol::kVictron, Protocol::kPylontech, Protocol::kSma}) {
        const CanFrame f = frame(p, in, 0x356);
        EXPECT_EQ(u16_at(f, 4), 0x8000U) << to_string(p);
        EXPECT_EQ(describe(f, p), "0x356 voltage 52.34 V current -12.3 A temperature invalid") << to_string(p);
    }
}

TEST(can_sma, UnknownFirmwareAndCapacityAreMarkers) {
    BmsInputs in = reference_bank();
    in.firmware_valid = false;
    in.capacity_valid = false;
    const CanFrame f = frame(Protocol::kSma, in, 0x35F);
    EXPECT_EQ(hex(f), "00 00 FF FF FF FF 00 00");
    EXPECT_EQ(describe(f, Protocol::kSma),
              "0x35F model 0x0000 firmware invalid available capacity invalid bytes 6-7 0x0000");
    EXPECT_EQ(frame(Protocol::kSma, reference_bank(), 0x35F).data[2], 2);
}

// --- 0x35A --------------------------------------------------------------------------------------------------------

TEST(can_victron, AlarmPairsPerLevel) {
    EXPECT_EQ(alarm_pair(Level::kNotSupported, Condition::kHighVoltage), 0);
    EXPECT_EQ(warning_pair(Level::kNotSupported, Condition::kHighVoltage), 0);
    EXPECT_EQ(alarm_pair(Level::kOk, Condition::kHighVoltage), 2);
    EXPECT_EQ(warning_pair(Level::kOk, Condition::kHighVoltage), 2);
    EXPECT_EQ(alarm_pair(Level::kWarning, Condition::kHighVoltage), 2);
    EXPECT_EQ(warning_pair(Level::kWarning, Condition::kHighVoltage), 1);
    EXPECT_EQ(alarm_pair(Level::kAlarm, Condition::kHighVoltage), 1);
    EXPECT_EQ(warning_pair(Level::kAlarm, Condition::kHighVoltage), 1);
    EXPECT_EQ(alarm_pair(Level::kAlarm, Condition::kBmsInternal), 1);
    EXPECT_EQ(warning_pair(Level::kAlarm, Condition::kBmsInternal), 2);  // a fault has no warning stage
}

TEST(can_victron, EachConditionLandsInItsPair) {
    for (std::size_t i = 0; i < kConditionCount; ++i) {
        const auto condition = static_cast<Condition>(i);
        BmsInputs in = reference_bank();
        in.level(condition) = Level::kAlarm;
        const CanFrame f = frame(Protocol::kVictron, in, 0x35A);
        for (std::size_t j = 0; j < kConditionCount; ++j) {
            const auto other = static_cast<Condition>(j);
            EXPECT_EQ(read_alarm_pair(f, other), i == j ? 1 : 2)
                << condition_id(condition) << " " << condition_id(other);
        }
        EXPECT_EQ(f.data[3] & 0xFCU, 0U);  // reserved pairs stay 00
        EXPECT_EQ(f.data[7] & 0xFCU, 0U);
    }
    BmsInputs in = reference_bank();
    in.level(Condition::kHighVoltage) = Level::kAlarm;
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x35A)), "A6 AA AA 02 A6 AA AA 02");  // §3.4 rule 4
}

TEST(can_victron, DefaultClaimsNothing) {
    const CanFrame f = frame(Protocol::kVictron, BmsInputs{}, 0x35A);
    EXPECT_EQ(hex(f), "00 00 00 00 00 00 00 00");
    EXPECT_EQ(describe(f, Protocol::kVictron), "0x35A alarms: none; warnings: none; reported 0/13");
}

TEST(can_victron, ConditionIdsAreStable) {
    EXPECT_EQ(condition_id(Condition::kGeneral), "general");
    EXPECT_EQ(condition_id(Condition::kHighTemperatureCharge), "high_temperature_charge");
    EXPECT_EQ(condition_id(Condition::kBmsInternal), "bms_internal");
    EXPECT_EQ(condition_id(Condition::kCellImbalance), "cell_imbalance");
    EXPECT_EQ(condition_id(static_cast<Condition>(kConditionCount)), "unknown");
}

// --- 0x373 - 0x378 ------------------------------------------------------------------------------------------------

TEST(can_victron, CellTemperaturesInKelvinIncludingNegative) {
    BmsInputs in = reference_bank();
    in.min_cell_temp_dC = -100;  // -10.0 °C -> 263 K
    in.max_cell_temp_dC = -5;    // -0.5 °C -> 273 K (nearest, halves up)
    CanFrame f = frame(Protocol::kVictron, in, 0x373);
    EXPECT_EQ(u16_at(f, 4), 263U);
    EXPECT_EQ(u16_at(f, 6), 273U);
    EXPECT_EQ(describe(f, Protocol::kVictron),
              "0x373 cell voltage min 3.265 V max 3.281 V cell temperature min -10 °C (263 K) max 0 °C (273 K)");
    in.min_cell_temp_dC = -6;   // -0.6 °C -> 272 K
    in.max_cell_temp_dC = 225;  // 22.5 °C -> 296 K
    f = frame(Protocol::kVictron, in, 0x373);
    EXPECT_EQ(u16_at(f, 4), 272U);
    EXPECT_EQ(u16_at(f, 6), 296U);
    in.min_cell_temp_dC = -3000;  // below absolute zero: 0 K, never wrapped
    in.min_cell_mV = -1;
    in.max_cell_mV = 70000;
    f = frame(Protocol::kVictron, in, 0x373);
    EXPECT_EQ(u16_at(f, 4), 0U);
    EXPECT_EQ(u16_at(f, 0), 0U);
    EXPECT_EQ(u16_at(f, 2), 65535U);
}

TEST(can_victron, EmptyLabelsAreSentAsNul) {
    BmsInputs in = reference_bank();
    in.min_cell_voltage_label = {};
    in.max_cell_temp_label = make_text<8>("");
    const FrameSet frames = encoded(Protocol::kVictron, in);
    EXPECT_EQ(hex(*frames.find(0x374)), "00 00 00 00 00 00 00 00");
    EXPECT_EQ(hex(*frames.find(0x377)), "00 00 00 00 00 00 00 00");
    EXPECT_EQ(describe(*frames.find(0x374), Protocol::kVictron), "0x374 min cell voltage id \"\"");
}

TEST(can_victron, TextsTruncatedAndMadePrintable) {
    BmsInputs in = reference_bank();
    in.max_cell_voltage_label = make_text<8>("P16C16-extra");
    in.manufacturer = make_text<8>(
        "A\tB\x7F"
        "C");
    in.bms_name = make_text<16>("0123456789ABCDEFGHIJ");
    const FrameSet frames = encoded(Protocol::kVictron, in);
    EXPECT_EQ(hex(*frames.find(0x375)), "50 31 36 43 31 36 2D 65");  // "P16C16-e"
    EXPECT_EQ(hex(*frames.find(0x35E)), "41 3F 42 3F 43 00 00 00");  // "A?B?C"
    EXPECT_EQ(hex(*frames.find(0x370)), "30 31 32 33 34 35 36 37");
    EXPECT_EQ(hex(*frames.find(0x371)), "38 39 41 42 43 44 45 46");
}

TEST(can_victron, EnergyInHectowattHoursRoundedDownAndClamped) {
    BmsInputs in = reference_bank();
    in.charged_energy_Wh = 199;  // 0.199 kWh -> 1 x 100 Wh
    in.discharged_energy_Wh = std::numeric_limits<std::uint64_t>::max();
    const CanFrame f = frame(Protocol::kVictron, in, 0x378);
    EXPECT_EQ(hex(f), "01 00 00 00 FF FF FF FF");
}

TEST(can_victron, CapacityAndCountsClamped) {
    BmsInputs in = reference_bank();
    in.installed_capacity_Ah = 70000;
    in.available_capacity_Ah = 100000;
    in.modules_online = 65535;
    EXPECT_EQ(u16_at(frame(Protocol::kVictron, in, 0x379), 0), 65535U);
    EXPECT_EQ(u16_at(frame(Protocol::kVictron, in, 0x35F), 4), 65535U);
    EXPECT_EQ(u16_at(frame(Protocol::kVictron, in, 0x372), 0), 65535U);
}

// --- Pylontech 0x359 / 0x35C --------------------------------------------------------------------------------------

TEST(can_pylontech, ModuleCountClampedAndSigned) {
    BmsInputs in = reference_bank();
    in.modules_online = 0;  // never 0 (§12.11)
    EXPECT_EQ(hex(frame(Protocol::kPylontech, in, 0x359)), "00 00 00 00 01 50 4E 00");
    in.modules_online = 300;
    EXPECT_EQ(frame(Protocol::kPylontech, in, 0x359).data[4], 255);
}

TEST(can_pylontech, ProtectionAndAlarmBits) {
    struct Case {
        Condition condition;
        Level level;
        const char* bytes;
    };
    const std::vector<Case> cases{
        {Condition::kHighVoltage, Level::kAlarm, "02 00 02 00"},
        {Condition::kHighVoltage, Level::kWarning, "00 00 02 00"},
        {Condition::kLowVoltage, Level::kAlarm, "04 00 04 00"},
        {Condition::kHighTemperature, Level::kAlarm, "08 00 08 00"},
        {Condition::kHighTemperatureCharge, Level::kWarning, "00 00 08 00"},
        {Condition::kLowTemperature, Level::kAlarm, "10 00 10 00"},
        {Condition::kLowTemperatureCharge, Level::kAlarm, "10 00 10 00"},
        {Condition::kHighDischargeCurrent, Level::kAlarm, "80 00 80 00"},
        {Condition::kHighChargeCurrent, Level::kAlarm, "00 01 00 01"},
        {Condition::kBmsInternal, Level::kAlarm, "00 08 00 00"},  // fault: protection only
        {Condition::kBmsInternal, Level::kWarning, "00 00 00 08"},
        {Condition::kGeneral, Level::kAlarm, "00 00 00 00"},  // no Pylontech bit
        {Condition::kContactor, Level::kAlarm, "00 00 00 00"},
        {Condition::kShortCircuit, Level::kAlarm, "00 00 00 00"},
        {Condition::kCellImbalance, Level::kAlarm, "00 00 00 00"},
    };
    for (const Case& c : cases) {
        BmsInputs in = reference_bank();
        in.level(c.condition) = c.level;
        EXPECT_EQ(hex(frame(Protocol::kPylontech, in, 0x359)).substr(0, 11), c.bytes) << condition_id(c.condition);
    }
}

TEST(can_pylontech, RequestFlags) {
    BmsInputs in = reference_bank();
    in.discharge_enable = false;
    in.request_force_charge_1 = true;
    EXPECT_EQ(hex(frame(Protocol::kPylontech, in, 0x35C)), "A0 00 00 00 00 00 00 00");
    in.charge_enable = false;
    in.request_force_charge_1 = false;
    in.request_force_charge_2 = true;
    in.request_full_charge = true;
    const CanFrame f = frame(Protocol::kPylontech, in, 0x35C);
    EXPECT_EQ(hex(f), "18 00 00 00 00 00 00 00");
    EXPECT_EQ(describe(f, Protocol::kPylontech), "0x35C flags: force_charge_II, full_charge_request");
}

TEST(can_pylontech, ManufacturerSpacePadded) {
    BmsInputs in = reference_bank();
    in.manufacturer = make_text<8>("PYLON");
    EXPECT_EQ(hex(frame(Protocol::kPylontech, in, 0x35E)), "50 59 4C 4F 4E 20 20 20");
    EXPECT_EQ(hex(frame(Protocol::kVictron, in, 0x35E)), "50 59 4C 4F 4E 00 00 00");
}

// --- protocol names, FrameSet -------------------------------------------------------------------------------------

TEST(can_protocol, NamesRoundTrip) {
    for (const Protocol p : {Protocol::kVictron, Protocol::kPylontech, Protocol::kSma}) {
        EXPECT_EQ(protocol_from_string(to_string(p)), p);
    }
    EXPECT_FALSE(protocol_from_string("Victron").has_value());
    EXPECT_FALSE(protocol_from_string("").has_value());
}

TEST(can_frame_set, FixedCapacity) {
    FrameSet frames;
    EXPECT_TRUE(frames.empty());
    for (std::size_t i = 0; i < FrameSet::kCapacity; ++i) {
        CanFrame f;
        f.id = static_cast<std::uint16_t>(0x100 + i);
        EXPECT_TRUE(frames.push(f));
    }
    CanFrame extra;
    extra.id = 0x7FF;
    EXPECT_FALSE(frames.push(extra));
    EXPECT_EQ(frames.size(), FrameSet::kCapacity);
    EXPECT_EQ(frames.find(0x7FF), nullptr);
    ASSERT_NE(frames.find(0x105), nullptr);
    EXPECT_EQ(frames.find(0x105)->id, 0x105);
    EXPECT_EQ(frames[23].id, 0x117);
    frames.clear();
    EXPECT_TRUE(frames.empty());
}

// --- GX quirk names -----------------------------------------------------------------------------------------------

TEST(can_quirks, BrandNamesTriggerQuirks) {
    for (const std::string_view name :
         {"PYLON", "PYLON   ", "Pylontech", "pylon", "BYD", "BYD-LVS", "DYNESS-L", "Pelio_L", "LG", "LG Chem",
          "BlueNova", "BMZ_ESS", "WeCo", "Hubble", "Freedom Lite"}) {
        std::string_view reason;
        EXPECT_TRUE(name_triggers_gx_quirk(name, &reason)) << name;
        EXPECT_FALSE(reason.empty()) << name;
        EXPECT_TRUE(name_triggers_gx_quirk(name)) << name;
    }
    std::string_view reason;
    ASSERT_TRUE(name_triggers_gx_quirk("PYLON   ", &reason));
    EXPECT_NE(reason.find("52.8 V"), std::string_view::npos);
}

TEST(can_quirks, DistinctiveNamesDoNot) {
    for (const std::string_view name :
         {"TOPBAND", "TOPBAND-GATEWAY", "TB48100", "SHEnergy", "", " PYLON", "BY", "DYNESS", "LILYGO"}) {
        std::string_view reason = "untouched";
        EXPECT_FALSE(name_triggers_gx_quirk(name, &reason)) << name;
        EXPECT_EQ(reason, "untouched") << name;
    }
    EXPECT_FALSE(name_triggers_gx_quirk(text_view(BmsInputs{}.manufacturer)));
    EXPECT_FALSE(name_triggers_gx_quirk(text_view(BmsInputs{}.bms_name)));
}

}  // namespace
}  // namespace tbg::can
