// Building blocks of the simulator: scenario and preset names, the OCV curve, the noise model, the wall clock.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <string>

#include "core/topband/encoders.h"
#include "platform/sim/lfp_curve.h"
#include "platform/sim/noise.h"
#include "platform/sim/preset.h"
#include "platform/sim/scenario.h"
#include "platform/sim/wall_clock.h"

namespace tbg::sim {
namespace {

TEST(sim_scenario, NamesRoundTripAndAreUnique) {
    std::set<std::string> names;
    for (const Scenario scenario : all_scenarios()) {
        const std::string_view name = to_string(scenario);
        EXPECT_TRUE(names.insert(std::string(name)).second) << name;
        EXPECT_EQ(parse_scenario(name), scenario);
    }
    EXPECT_EQ(names.size(), kScenarioCount);
    for (const char* name : {"normal", "charge", "discharge", "cold", "hot", "runner_cell", "over_voltage",
                             "under_voltage", "dropout", "noise", "slow", "protection", "wrong_adr"}) {
        EXPECT_TRUE(names.count(name)) << name;
    }
    EXPECT_EQ(parse_scenario("runner-cell"), Scenario::kRunnerCell);
    EXPECT_FALSE(parse_scenario("Normal"));
    EXPECT_FALSE(parse_scenario(""));
}

TEST(sim_preset, NamesAndShapes) {
    EXPECT_EQ(parse_preset("15S7T"), Preset::k15S7T);
    EXPECT_EQ(parse_preset("16s6t"), Preset::k16S6T);
    EXPECT_EQ(parse_preset("16S7T"), Preset::k16S7T);
    EXPECT_FALSE(parse_preset("16S8T"));
    EXPECT_EQ(preset_shape(Preset::k15S7T).cell_count, 15);
    EXPECT_EQ(preset_shape(Preset::k15S7T).temp_count, 7);
    EXPECT_EQ(preset_shape(Preset::k16S6T).temp_count, 6);
    EXPECT_EQ(to_string(Preset::k16S7T), "16S7T");
}

TEST(sim_lfp_curve, MonotonicWithAFlatPlateau) {
    double previous = 0.0;
    for (int i = 0; i <= 1040; ++i) {
        const double v = lfp_ocv_mV(i / 1000.0);
        EXPECT_GE(v, previous);
        previous = v;
    }
    EXPECT_DOUBLE_EQ(lfp_ocv_mV(-1.0), 2500.0);
    EXPECT_DOUBLE_EQ(lfp_ocv_mV(2.0), 4200.0);
    EXPECT_LT(lfp_ocv_mV(0.8) - lfp_ocv_mV(0.2), 100.0);
    EXPECT_GT(lfp_ocv_mV(1.0) - lfp_ocv_mV(0.97), 100.0);
}

TEST(sim_noise, RateZeroChangesNothingAndFullRateChangesEveryByte) {
    std::mt19937 rng(5);
    topband::EncodedFrame frame = topband::encode_analog_request(3);
    const std::string original(frame.view());
    EXPECT_FALSE(corrupt_frame(frame, 0, rng));
    EXPECT_EQ(frame.view(), original);
    EXPECT_TRUE(corrupt_frame(frame, kPpmScale, rng));
    EXPECT_NE(frame.view(), original);
    topband::Frame parsed;
    EXPECT_NE(topband::parse_frame(frame.view(), parsed), topband::FrameStatus::kOk);
}

TEST(sim_noise, PartialRateHitsAboutThatShare) {
    std::mt19937 rng(9);
    int changed = 0;
    for (int i = 0; i < 1000; ++i) {
        topband::EncodedFrame frame = topband::encode_analog_request(1);  // 20 bytes
        changed += corrupt_frame(frame, 50000, rng) ? 1 : 0;              // 5 %: 1 − 0.95^20 ≈ 64 % of frames
    }
    EXPECT_GT(changed, 550);
    EXPECT_LT(changed, 730);
}

TEST(sim_wall_clock, AddsSecondsAcrossCalendarBoundaries) {
    const topband::DateTime t = add_seconds({2024, 12, 31, 23, 59, 59}, 1);
    EXPECT_EQ(t.year, 2025);
    EXPECT_EQ(t.month, 1);
    EXPECT_EQ(t.day, 1);
    EXPECT_EQ(t.hour, 0);
    EXPECT_EQ(t.second, 0);
    const topband::DateTime leap = add_seconds({2024, 2, 28, 12, 0, 0}, 86400);
    EXPECT_EQ(leap.month, 2);
    EXPECT_EQ(leap.day, 29);
    const topband::DateTime back = add_seconds({2026, 3, 1, 0, 0, 10}, -20);
    EXPECT_EQ(back.month, 2);
    EXPECT_EQ(back.day, 28);
    EXPECT_EQ(back.second, 50);
    const topband::DateTime invalid = add_seconds({2026, 13, 1, 0, 0, 0}, 0);
    EXPECT_EQ(invalid.year, 2000);
}

}  // namespace
}  // namespace tbg::sim
