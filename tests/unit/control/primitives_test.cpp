// Tapers, ramp, latch and reason text.
#include <gtest/gtest.h>

#include "core/control/latch.h"
#include "core/control/ramp.h"
#include "core/control/reason_text.h"
#include "core/control/taper.h"

namespace tbg::control {
namespace {

TEST(control_taper, RisingTaperIsPiecewiseLinearAndRoundsDown) {
    // 3.45 → 3.55 V: 100 % → 10 %, then 0 at 3.60 V.
    EXPECT_EQ(rising_taper_permille(3300, 3450, 3550, 3600, 100), 1000);
    EXPECT_EQ(rising_taper_permille(3450, 3450, 3550, 3600, 100), 1000);
    EXPECT_EQ(rising_taper_permille(3500, 3450, 3550, 3600, 100), 550);
    EXPECT_EQ(rising_taper_permille(3520, 3450, 3550, 3600, 100), 370);
    EXPECT_EQ(rising_taper_permille(3451, 3450, 3550, 3600, 100), 991);
    EXPECT_EQ(rising_taper_permille(3550, 3450, 3550, 3600, 100), 100);
    EXPECT_EQ(rising_taper_permille(3560, 3450, 3550, 3600, 100), 80);
    EXPECT_EQ(rising_taper_permille(3599, 3450, 3550, 3600, 100), 2);
    EXPECT_EQ(rising_taper_permille(3600, 3450, 3550, 3600, 100), 0);
    EXPECT_EQ(rising_taper_permille(4000, 3450, 3550, 3600, 100), 0);
}

TEST(control_taper, FallingTaperMirrorsIt) {
    EXPECT_EQ(falling_taper_permille(3300, 3100, 3000, 2900, 100), 1000);
    EXPECT_EQ(falling_taper_permille(3050, 3100, 3000, 2900, 100), 550);
    EXPECT_EQ(falling_taper_permille(3000, 3100, 3000, 2900, 100), 100);
    EXPECT_EQ(falling_taper_permille(2950, 3100, 3000, 2900, 100), 50);
    EXPECT_EQ(falling_taper_permille(2900, 3100, 3000, 2900, 100), 0);
}

TEST(control_taper, TemperatureDerating) {
    // Charge cold band 0…10 °C, 20 % at the limit.
    EXPECT_EQ(cold_derate_permille(-5, 0, 100, 200), 200);
    EXPECT_EQ(cold_derate_permille(0, 0, 100, 200), 200);
    EXPECT_EQ(cold_derate_permille(20, 0, 100, 200), 360);
    EXPECT_EQ(cold_derate_permille(50, 0, 100, 200), 600);
    EXPECT_EQ(cold_derate_permille(100, 0, 100, 200), 1000);
    EXPECT_EQ(cold_derate_permille(1, 0, 0, 200), 1000);  // no band
    // Hot band 45…50 °C.
    EXPECT_EQ(hot_derate_permille(440, 500, 50, 200), 1000);
    EXPECT_EQ(hot_derate_permille(480, 500, 50, 200), 520);
    EXPECT_EQ(hot_derate_permille(500, 500, 50, 200), 200);
    EXPECT_EQ(scale_permille(1000, 370), 370);
    EXPECT_EQ(scale_permille(999, 1), 0);
}

TEST(control_ramp, FallsAtOnceAndRisesAtTheRate) {
    Ramp ramp;
    EXPECT_EQ(ramp.update(1000, 100, 0), 0);  // starts from 0
    EXPECT_EQ(ramp.update(1000, 100, 1000), 100);
    EXPECT_EQ(ramp.update(1000, 100, 1500), 150);
    EXPECT_EQ(ramp.update(40, 100, 1600), 40);    // at once
    EXPECT_EQ(ramp.update(1000, 100, 1600), 40);  // no time, no rise
    EXPECT_EQ(ramp.update(1000, 100, 100'000), 1000);
}

TEST(control_ramp, SlowRatesAtFastTicksStillMove) {
    Ramp ramp;
    ramp.reset(0, 0);
    std::int32_t value = 0;
    for (std::uint64_t t = 100; t <= 10'000; t += 100) {
        value = ramp.update(1000, 5, t);  // 5 units per second in 100 ms ticks
    }
    EXPECT_EQ(value, 50);
}

TEST(control_ramp, TimeGoingBackwardsDoesNotRise) {
    Ramp ramp;
    ramp.reset(10, 5'000);
    EXPECT_EQ(ramp.update(1000, 100, 4'000), 10);
    EXPECT_EQ(ramp.update(1000, 100, 5'000), 10);
    EXPECT_EQ(ramp.update(1000, 100, 6'000), 110);
}

TEST(control_latch, TripsAndReleasesWithHysteresis) {
    Latch high;
    EXPECT_FALSE(high.update_high(3599, 3600, 3500));
    EXPECT_TRUE(high.update_high(3600, 3600, 3500));
    EXPECT_TRUE(high.update_high(3501, 3600, 3500));
    EXPECT_FALSE(high.update_high(3500, 3600, 3500));
    Latch low;
    EXPECT_TRUE(low.update_low(-1, -1, 20));
    EXPECT_TRUE(low.update_low(19, -1, 20));
    EXPECT_FALSE(low.update_low(20, -1, 20));
    low.reset();
    EXPECT_FALSE(low.active());
}

TEST(control_reason_text, WritesUnitsFromIntegers) {
    ReasonText r;
    r.add("CCL ").amps_dA(120).add(": pack 2 cell 7 at ").cell_volts_mV(3520);
    EXPECT_EQ(r.view(), "CCL 12.0 A: pack 2 cell 7 at 3.520 V");
    EXPECT_EQ(ReasonText().celsius_dC(-15).view(), "-1.5 °C");
    EXPECT_EQ(ReasonText().celsius_dC(-5).view(), "-0.5 °C");
    EXPECT_EQ(ReasonText().volts_dV(552).view(), "55.2 V");
    EXPECT_EQ(ReasonText().volts_10mV(5662).view(), "56.62 V");
    EXPECT_EQ(ReasonText().percent_centipct(9850).view(), "98.50 %");
    EXPECT_EQ(ReasonText().integer(0).view(), "0");
    EXPECT_EQ(ReasonText().integer(-9223372036854775807 - 1).view(), "-9223372036854775808");
    EXPECT_EQ(ReasonText().fixed(-7, 3).view(), "-0.007");
}

TEST(control_reason_text, CutsOffAtCapacity) {
    ReasonText r;
    for (int i = 0; i < 100; ++i) {
        r.add("0123456789");
    }
    EXPECT_EQ(r.view().size(), ReasonText::kCapacity);
}

}  // namespace
}  // namespace tbg::control
