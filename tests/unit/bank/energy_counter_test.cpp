#include "core/bank/energy_counter.h"

#include <gtest/gtest.h>

namespace tbg::bank {
namespace {

TEST(bank_energy, OneKilowattForOneHourIsOneKilowattHour) {
    EnergyCounter e;
    e.add(10'000'000, 3'600'000);  // 1000 W = 10,000,000 × 0.1 mW
    EXPECT_EQ(e.charged_Wh(), 1000U);
    EXPECT_EQ(e.charged_mWh(), 1'000'000U);
    EXPECT_EQ(e.discharged_mWh(), 0U);
}

TEST(bank_energy, SmallStepsLoseNothing) {
    EnergyCounter e;
    // 0.1 W (1000 × 0.1 mW) for 3600 steps of 100 ms = 0.01 Wh = 10 mWh exactly.
    for (int i = 0; i < 3600; ++i) {
        e.add(1000, 100);
    }
    EXPECT_EQ(e.charged_mWh(), 10U);
}

TEST(bank_energy, DischargeCountsSeparately) {
    EnergyCounter e;
    e.add(-36'000, 1'000'000);  // 3.6 W for 1000 s = 1 Wh
    e.add(36'000, 500'000);     // 0.5 Wh charged
    EXPECT_EQ(e.discharged_mWh(), 1000U);
    EXPECT_EQ(e.charged_mWh(), 500U);
}

TEST(bank_energy, RestoreSetsWattHours) {
    EnergyCounter e;
    e.add(35'999'999, 1);
    e.restore(10, 20);
    EXPECT_EQ(e.charged_mWh(), 10'000U);
    EXPECT_EQ(e.discharged_Wh(), 20U);
    e.add(1, 1);  // the old remainder was dropped
    EXPECT_EQ(e.charged_mWh(), 10'000U);
}

TEST(bank_energy, HugeInputsDoNotOverflow) {
    EnergyCounter e;
    e.add(std::int64_t{1} << 50, std::uint64_t{1} << 40);
    EXPECT_GT(e.charged_mWh(), 0U);
}

}  // namespace
}  // namespace tbg::bank
