// SimPack dynamics over simulated hours: SOC integration, runner cell, temperatures, protections, determinism.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "core/topband/decoders.h"
#include "core/topband/encoders.h"
#include "platform/sim/sim_bus.h"
#include "platform/sim/sim_pack.h"
#include "tests/unit/sim/sim_test_util.h"

namespace tbg::sim {
namespace {

using test::kHourMs;
using test::kMinuteMs;
namespace bits = topband::bits;

SimPackConfig config_of(Scenario scenario, std::uint16_t soc_centipct, Preset preset = Preset::k16S7T,
                        std::uint32_t seed = 3) {
    SimPackConfig config;
    config.adr = 0;
    config.preset = preset;
    config.scenario = scenario;
    config.initial_soc_centipct = soc_centipct;
    config.seed = seed;
    return config;
}

bool bit_set(const SimPack& pack, std::uint8_t bit) {
    return ((pack.status_bits() >> bit) & 1U) != 0;
}

std::uint16_t median_cell_mV(const SimPack& pack) {
    std::vector<std::uint16_t> cells;
    for (std::size_t i = 0; i < pack.cell_count(); ++i) {
        cells.push_back(pack.cell_mV(i));
    }
    std::sort(cells.begin(), cells.end());
    return cells[cells.size() / 2];
}

std::uint16_t max_cell_mV(const SimPack& pack) {
    std::uint16_t highest = 0;
    for (std::size_t i = 0; i < pack.cell_count(); ++i) {
        highest = std::max(highest, pack.cell_mV(i));
    }
    return highest;
}

std::int16_t group_dC(const SimPack& pack, bool highest) {
    std::int16_t result = topband::temperature_dC(pack.temp_raw_dK(0));
    for (std::size_t i = 1; i < 4; ++i) {
        const std::int16_t t = topband::temperature_dC(pack.temp_raw_dK(i));
        result = highest ? std::max(result, t) : std::min(result, t);
    }
    return result;
}

TEST(sim_pack, SocRisesUnderChargeUntilFull) {
    for (const Preset preset : {Preset::k15S7T, Preset::k16S6T, Preset::k16S7T}) {
        SimPack pack(config_of(Scenario::kCharge, 2000, preset));
        pack.advance(0);
        std::uint16_t previous = pack.soc_centipct();
        for (std::uint64_t t = 10 * kMinuteMs; t <= 2 * kHourMs; t += 10 * kMinuteMs) {
            pack.advance(t);
            EXPECT_GE(pack.soc_centipct(), previous);
            previous = pack.soc_centipct();
        }
        // 0.3 C for two hours is 60 %, unless the CV phase is already tapering.
        EXPECT_GT(pack.soc_centipct(), 7500);
        EXPECT_GT(pack.current_10mA(), 0);
        EXPECT_TRUE(bit_set(pack, 23));  // charging
        pack.advance(6 * kHourMs);
        EXPECT_TRUE(pack.fully_charged());
        EXPECT_TRUE(bit_set(pack, bits::kFullyCharged));
        EXPECT_EQ(pack.soc_centipct(), 10000);
        EXPECT_EQ(pack.current_10mA(), 0);
        EXPECT_FALSE(bit_set(pack, bits::kCellOverVoltageProtection));
        EXPECT_LE(max_cell_mV(pack), 3500);
        EXPECT_GE(median_cell_mV(pack), 3400);
    }
}

TEST(sim_pack, SocFallsUnderDischargeDownToTheCutoff) {
    SimPack pack(config_of(Scenario::kDischarge, 9000));
    pack.advance(0);
    const std::uint16_t cycles = pack.cycles();
    std::uint16_t previous = pack.soc_centipct();
    for (std::uint64_t t = 10 * kMinuteMs; t <= 2 * kHourMs; t += 10 * kMinuteMs) {
        pack.advance(t);
        EXPECT_LT(pack.soc_centipct(), previous);
        previous = pack.soc_centipct();
    }
    EXPECT_LT(pack.soc_centipct(), 3500);
    EXPECT_LT(pack.current_10mA(), -2500);
    EXPECT_TRUE(bit_set(pack, 22));  // discharging
    pack.advance(8 * kHourMs);
    EXPECT_LT(pack.soc_centipct(), 500);
    EXPECT_GT(pack.current_10mA(), -100);  // the inverter stopped at its cut-off
    EXPECT_GE(pack.pack_voltage_10mV(), 16 * 290 - 20);
    EXPECT_EQ(pack.cycles(), cycles);  // 90 % of one capacity: no full cycle yet
}

TEST(sim_pack, CyclesCountDischargedCapacity) {
    SimPack pack(config_of(Scenario::kNormal, 5000));
    pack.advance(0);
    const std::uint16_t start = pack.cycles();
    for (int round = 0; round < 3; ++round) {
        pack.set_scenario(Scenario::kCharge);
        pack.advance(pack.elapsed_ms() + 5 * kHourMs);
        pack.set_scenario(Scenario::kDischarge);
        pack.advance(pack.elapsed_ms() + 5 * kHourMs);
    }
    EXPECT_GE(pack.cycles(), start + 2);
    EXPECT_LE(pack.cycles(), start + 3);
}

TEST(sim_pack, RunnerCellRunsAwayNearFull) {
    SimPack pack(config_of(Scenario::kRunnerCell, 8000));
    pack.advance(0);
    bool seen = false;
    for (std::uint64_t t = kMinuteMs; t <= 3 * kHourMs && !seen; t += kMinuteMs) {
        pack.advance(t);
        seen = pack.soc_centipct() >= 9000 && max_cell_mV(pack) >= median_cell_mV(pack) + 150;
    }
    ASSERT_TRUE(seen);
    EXPECT_EQ(pack.cell_mV(pack.weak_cell()), max_cell_mV(pack));
    // The BMS trips on the runner: over-voltage protection, charge MOSFET off, no more current.
    pack.advance(pack.elapsed_ms() + 30 * kMinuteMs);
    EXPECT_TRUE(bit_set(pack, bits::kCellOverVoltageProtection));
    EXPECT_FALSE(bit_set(pack, bits::kChargeMosfetOn));
    EXPECT_TRUE(bit_set(pack, bits::kDischargeMosfetOn));
    EXPECT_EQ(pack.current_10mA(), 0);
    EXPECT_GE(pack.cell_mV(pack.weak_cell()), 3600);
    EXPECT_LT(median_cell_mV(pack), 3450);
    EXPECT_FALSE(pack.fully_charged());
}

TEST(sim_pack, NormalKeepsCellsTogether) {
    SimPack pack(config_of(Scenario::kNormal, 6000));
    for (std::uint64_t t = 0; t <= 4 * kHourMs; t += 5 * kMinuteMs) {
        pack.advance(t);
        EXPECT_LT(max_cell_mV(pack) - median_cell_mV(pack), 40);
        EXPECT_NEAR(pack.soc_centipct(), 6000, 1200);
        EXPECT_EQ(
            pack.status_bits() & ((1U << bits::kCellOverVoltageProtection) | (1U << bits::kCellUnderVoltageProtection)),
            0U);
    }
}

TEST(sim_pack, ColdCrossesZeroAndBlocksCharging) {
    SimPack pack(config_of(Scenario::kCold, 5000));
    pack.advance(0);
    std::uint64_t crossed_ms = 0;
    for (std::uint64_t t = kMinuteMs; t <= 3 * kHourMs && crossed_ms == 0; t += kMinuteMs) {
        pack.advance(t);
        if (group_dC(pack, true) < 0) {
            crossed_ms = t;
        }
    }
    ASSERT_NE(crossed_ms, 0U) << "cell groups still above 0 °C after 3 h";
    EXPECT_GT(crossed_ms, 20 * kMinuteMs);  // thermal mass: not instantly
    EXPECT_TRUE(bit_set(pack, bits::kCellTempProtectionCharge));
    EXPECT_FALSE(bit_set(pack, bits::kChargeMosfetOn));
    EXPECT_TRUE(bit_set(pack, 44));  // cell low-temperature alarm
    pack.set_scenario(Scenario::kCharge);
    pack.advance(pack.elapsed_ms() + 10 * kMinuteMs);
    EXPECT_LE(pack.current_10mA(), 0);  // charging below 0 °C is refused
}

TEST(sim_pack, HotCrosses50AndThenChargeProtection) {
    SimPack pack(config_of(Scenario::kHot, 5000, Preset::k15S7T));
    pack.advance(0);
    std::uint64_t crossed_ms = 0;
    for (std::uint64_t t = kMinuteMs; t <= 4 * kHourMs && crossed_ms == 0; t += kMinuteMs) {
        pack.advance(t);
        if (group_dC(pack, false) > 500) {
            crossed_ms = t;
        }
    }
    ASSERT_NE(crossed_ms, 0U) << "cell groups still below 50 °C after 4 h";
    EXPECT_TRUE(bit_set(pack, 45));  // cell high-temperature alarm
    pack.advance(pack.elapsed_ms() + 4 * kHourMs);
    EXPECT_TRUE(bit_set(pack, bits::kCellTempProtectionCharge));
    EXPECT_FALSE(bit_set(pack, bits::kChargeMosfetOn));
    EXPECT_FALSE(bit_set(pack, bits::kCellTempProtectionDischarge));
    pack.set_scenario(Scenario::kNormal);
    pack.advance(pack.elapsed_ms() + 5 * kHourMs);
    EXPECT_FALSE(bit_set(pack, bits::kCellTempProtectionCharge));
    EXPECT_TRUE(bit_set(pack, bits::kChargeMosfetOn));
}

TEST(sim_pack, OverVoltageAlarmsThenProtectsAndRecovers) {
    SimPack pack(config_of(Scenario::kNormal, 5000));
    pack.advance(0);
    pack.set_scenario(Scenario::kOverVoltage);
    bool alarm_first = false;
    for (std::uint64_t t = 1000; t <= 60000; t += 1000) {
        pack.advance(t);
        if (bit_set(pack, 3) && !bit_set(pack, bits::kCellOverVoltageProtection)) {
            alarm_first = true;
        }
    }
    EXPECT_TRUE(alarm_first);
    EXPECT_TRUE(bit_set(pack, bits::kCellOverVoltageProtection));
    EXPECT_FALSE(bit_set(pack, bits::kChargeMosfetOn));
    EXPECT_TRUE(bit_set(pack, bits::kDischargeMosfetOn));
    EXPECT_GE(pack.cell_mV(pack.weak_cell()), 3650);
    EXPECT_LE(pack.current_10mA(), 0);
    const topband::AlarmInfo alarm = pack.alarm_info();
    EXPECT_EQ(alarm.cell_state[pack.weak_cell()], static_cast<std::uint8_t>(topband::StateByte::kAboveUpper));

    pack.set_scenario(Scenario::kNormal);
    pack.advance(pack.elapsed_ms() + 2 * kMinuteMs);
    EXPECT_FALSE(bit_set(pack, bits::kCellOverVoltageProtection));
    EXPECT_TRUE(bit_set(pack, bits::kChargeMosfetOn));
}

TEST(sim_pack, UnderVoltageProtectsAndOpensTheDischargeMosfet) {
    SimPack pack(config_of(Scenario::kUnderVoltage, 5000, Preset::k15S7T));
    pack.advance(0);
    pack.advance(90000);
    EXPECT_TRUE(bit_set(pack, 1));  // cell under-voltage alarm
    EXPECT_TRUE(bit_set(pack, bits::kCellUnderVoltageProtection));
    EXPECT_FALSE(bit_set(pack, bits::kDischargeMosfetOn));
    EXPECT_TRUE(bit_set(pack, bits::kChargeMosfetOn));
    EXPECT_LE(pack.cell_mV(pack.weak_cell()), 2500);
    EXPECT_GE(pack.current_10mA(), 0);
    pack.set_scenario(Scenario::kNormal);
    pack.advance(pack.elapsed_ms() + 2 * kMinuteMs);
    EXPECT_FALSE(bit_set(pack, bits::kCellUnderVoltageProtection));
    EXPECT_TRUE(bit_set(pack, bits::kDischargeMosfetOn));
}

TEST(sim_pack, ProtectionScenarioSetsTheConfiguredBits) {
    SimPackConfig config = config_of(Scenario::kProtection, 5000);
    SimPack pack(config);
    pack.advance(0);
    pack.advance(1000);
    EXPECT_TRUE(bit_set(pack, bits::kChargeOverCurrentProtection));
    EXPECT_FALSE(bit_set(pack, bits::kChargeMosfetOn));
    EXPECT_TRUE(bit_set(pack, bits::kDischargeMosfetOn));

    pack.set_protection_bits((std::uint64_t{1} << bits::kShortCircuitProtection) |
                             (std::uint64_t{1} << bits::kPackOverVoltageProtection));
    pack.advance(2000);
    EXPECT_TRUE(bit_set(pack, bits::kShortCircuitProtection));
    EXPECT_TRUE(bit_set(pack, bits::kPackOverVoltageProtection));
    EXPECT_FALSE(bit_set(pack, bits::kChargeMosfetOn));
    EXPECT_FALSE(bit_set(pack, bits::kDischargeMosfetOn));
    pack.advance(10 * kMinuteMs);
    EXPECT_EQ(pack.current_10mA(), 0);

    pack.set_scenario(Scenario::kNormal);
    pack.advance(10 * kMinuteMs + 1000);
    EXPECT_FALSE(bit_set(pack, bits::kShortCircuitProtection));
    EXPECT_TRUE(bit_set(pack, bits::kChargeMosfetOn));
    EXPECT_TRUE(bit_set(pack, bits::kDischargeMosfetOn));
}

TEST(sim_pack, AnalogValuesRoundTripThroughTheCodec) {
    SimPack pack(config_of(Scenario::kDischarge, 7000, Preset::k16S6T));
    pack.advance(0);
    pack.advance(20 * kMinuteMs);
    std::array<std::uint8_t, topband::kMaxInfoBytes> info{};
    const std::size_t size = topband::build_analog_info(pack.analog_values(), info);
    ASSERT_EQ(size, 62U);
    topband::AnalogValues decoded;
    ASSERT_EQ(topband::decode_analog({info.data(), size}, decoded), topband::DecodeError::kNone);
    EXPECT_EQ(*decoded.current_10mA, pack.current_10mA());
    EXPECT_EQ(*decoded.remaining_10mAh, pack.remaining_10mAh());
    EXPECT_EQ(decoded.cell_mV[5], pack.cell_mV(5));
    EXPECT_EQ(decoded.temp_raw_dK[5], pack.temp_raw_dK(5));
    EXPECT_NEAR(decoded.soc().value_centipct, pack.soc_centipct(), 50);
}

TEST(sim_pack, SameSeedSameTrajectory) {
    const auto run = [](std::uint32_t seed) {
        SimPack pack(config_of(Scenario::kNormal, 5000, Preset::k16S7T, seed));
        std::vector<std::uint16_t> trace;
        for (std::uint64_t t = 0; t <= 2 * kHourMs; t += 7 * kMinuteMs) {
            pack.advance(t);
            if (t == kHourMs) {
                pack.set_scenario(Scenario::kRunnerCell);
            }
            for (std::size_t i = 0; i < pack.cell_count(); ++i) {
                trace.push_back(pack.cell_mV(i));
            }
            for (std::size_t i = 0; i < pack.temp_count(); ++i) {
                trace.push_back(pack.temp_raw_dK(i));
            }
            trace.push_back(static_cast<std::uint16_t>(pack.current_10mA()));
            trace.push_back(pack.soc_centipct());
        }
        return trace;
    };
    EXPECT_EQ(run(42), run(42));
    EXPECT_NE(run(42), run(43));
}

TEST(sim_pack, TimeNeverRunsBackwards) {
    SimPack pack(config_of(Scenario::kCharge, 5000));
    pack.advance(kHourMs);
    pack.advance(2 * kHourMs);
    const std::uint16_t soc = pack.soc_centipct();
    pack.advance(kHourMs);
    EXPECT_EQ(pack.soc_centipct(), soc);
    EXPECT_EQ(pack.elapsed_ms(), kHourMs);
}

}  // namespace
}  // namespace tbg::sim
