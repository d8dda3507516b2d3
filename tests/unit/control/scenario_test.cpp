// Scenarios on simulated time with the default configuration (real ramps). Every step states the limits expected.
#include <gtest/gtest.h>

#include "tests/unit/control/control_rig.h"

namespace tbg::control {
namespace {

using test::Analog;
using test::Rig;

struct Expect {
    ChargeState state;
    std::int32_t cvl_dV;
    std::int32_t ccl_dA;
    std::int32_t dcl_dA;
};

void check(const ControlOutput& o, const Expect& e, const char* step) {
    SCOPED_TRACE(step);
    EXPECT_EQ(o.state, e.state) << to_string(o.state) << ": " << o.state_reason.view();
    EXPECT_EQ(o.cvl_dV, e.cvl_dV) << o.cvl_reason.view();
    EXPECT_EQ(o.ccl_dA, e.ccl_dA) << o.ccl_reason.view();
    EXPECT_EQ(o.dcl_dA, e.dcl_dA) << o.dcl_reason.view();
}

// Two packs charging: bulk, absorption at 55.0 V, a runner cell tapering CCL, balance and tail current held for
// 15 min, float, then re-bulk when the SOC falls below 90 %.
TEST(control_scenario, BulkAbsorptionFloatRebulk) {
    Rig rig(ControlConfig{});
    const auto both = [&rig](const Analog& a) { rig.pack(0, a).pack(1, a); };

    both(Analog(16, 3300).capacity(6000, 10000).current_dA(400));
    check(rig.step(), {ChargeState::kBulk, 552, 0, 0}, "start: ramps from 0");
    check(rig.step(10'000), {ChargeState::kBulk, 552, 1000, 2000}, "10 s: full limits");

    both(Analog(16, 3420).capacity(8500, 10000).current_dA(400));
    check(rig.step(3'600'000), {ChargeState::kBulk, 552, 1000, 2000}, "1 h: 54.72 V, still bulk");

    both(Analog(16, 3440).capacity(9200, 10000).current_dA(300));  // SOC stays at or below 95 %: no SOC taper
    const ControlOutput& absorption = rig.step();
    check(absorption, {ChargeState::kAbsorption, 552, 1000, 2000}, "55.04 V: absorption");
    EXPECT_EQ(absorption.state_reason.view(), "absorption: bank at 55.04 V, entry at 55.00 V");

    rig.pack(1, Analog(16, 3440).cell(2, 3470).capacity(9400, 10000).current_dA(200));
    const ControlOutput& runner = rig.step(60'000);
    check(runner, {ChargeState::kAbsorption, 552, 820, 2000}, "runner cell at 3.470 V");
    EXPECT_EQ(runner.ccl_reason.view(), "CCL 82.0 A: pack 1 cell 2 at 3.470 V");

    both(Analog(16, 3450).capacity(9500, 10000).current_dA(40));
    rig.pack(1, Analog(16, 3450).cell(2, 3460).capacity(9500, 10000).current_dA(40));
    check(rig.step(60'000), {ChargeState::kAbsorption, 552, 910, 2000}, "spread 10 mV, 8 A: hold starts");
    check(rig.step(899'000), {ChargeState::kAbsorption, 552, 910, 2000}, "899 s held");
    const ControlOutput& floating = rig.step(1'000);
    check(floating, {ChargeState::kFloat, 540, 910, 2000}, "900 s held: float");
    EXPECT_EQ(floating.state_reason.view(), "float: completed, spread 10 mV and 8.0 A held 900 s");
    EXPECT_EQ(floating.cvl_reason.view(), "CVL 54.0 V: float, 16 × 3.375 V");

    both(Analog(16, 3380).capacity(9500, 10000).current_dA(0));
    check(rig.step(3'600'000), {ChargeState::kFloat, 540, 1000, 2000}, "float, SOC 95 %");

    both(Analog(16, 3300).capacity(9000, 10000).current_dA(-300));
    check(rig.step(7'200'000), {ChargeState::kFloat, 540, 1000, 2000}, "night: SOC 90.00 %, still float");

    both(Analog(16, 3295).capacity(8999, 10000).current_dA(-300));
    const ControlOutput& rebulk = rig.step();
    check(rebulk, {ChargeState::kBulk, 541, 1000, 2000}, "SOC 89.99 %: re-bulk, CVL rises 0.1 V/s");
    EXPECT_EQ(rebulk.state_reason.view(), "bulk: SOC 89.99 % below 90.00 %");
    EXPECT_EQ(rebulk.cvl_reason.view(), "CVL 54.1 V: bulk, 16 × 3.450 V; rising to 55.2 V at 0.1 V/s");
    check(rig.step(5'000), {ChargeState::kBulk, 546, 1000, 2000}, "5 s later");
    check(rig.step(10'000), {ChargeState::kBulk, 552, 1000, 2000}, "bulk CVL reached");
}

// A cold morning: no charge below 0 °C (discharge allowed), resume at 2 °C with cold derating, full current at
// 10 °C. The warm MOSFET sensor does not count.
TEST(control_scenario, ColdMorning) {
    Rig rig(ControlConfig{});
    const auto pack = [&rig](std::int32_t cell_dC) {
        rig.pack(0, Analog(16, 3250).capacity(4000, 10000).temps(cell_dC).temp(6, -50).temp(7, 150));
    };
    pack(-30);
    const ControlOutput& start = rig.step();
    check(start, {ChargeState::kBlocked, 520, 0, 0}, "-3.0 °C: blocked");
    EXPECT_EQ(start.ccl_reason.view(), "CCL 0.0 A: pack 0 sensor 1 at -3.0 °C, below 0.0 °C; resumes at 2.0 °C");
    EXPECT_EQ(start.cvl_reason.view(), "CVL 52.0 V: charge stopped, held at the bank voltage 52.00 V");
    EXPECT_EQ(start.alarm(AlarmCondition::kLowTemperatureCharge), AlarmLevel::kAlarm);
    EXPECT_TRUE(start.hard_cutoff);
    check(rig.step(5'000), {ChargeState::kBlocked, 520, 0, 1000}, "discharge allowed");

    pack(-5);
    check(rig.step(600'000), {ChargeState::kBlocked, 520, 0, 1000}, "-0.5 °C");
    pack(19);
    check(rig.step(600'000), {ChargeState::kBlocked, 520, 0, 1000}, "1.9 °C: hysteresis");

    pack(20);
    const ControlOutput& resume = rig.step(1'000);
    check(resume, {ChargeState::kBulk, 521, 100, 1000}, "2.0 °C: resume, ramping");
    EXPECT_EQ(resume.ccl_reason.view(),
              "CCL 10.0 A: pack 0 sensor 1 at 2.0 °C, cold derating; rising to 18.0 A at 10.0 A/s");
    EXPECT_EQ(resume.alarm(AlarmCondition::kLowTemperatureCharge), AlarmLevel::kWarning);
    check(rig.step(1'000), {ChargeState::kBulk, 522, 180, 1000}, "36 % at 2.0 °C");

    pack(50);
    check(rig.step(2'000), {ChargeState::kBulk, 524, 300, 1000}, "60 % at 5.0 °C");
    pack(100);
    check(rig.step(2'000), {ChargeState::kBulk, 526, 500, 1000}, "full at 10.0 °C");
    check(rig.step(26'000), {ChargeState::kBulk, 552, 500, 1000}, "CVL back at bulk");
}

// A runner cell: CCL tapers, stops at 3.60 V, resumes below 3.50 V along the ramp.
TEST(control_scenario, RunnerCell) {
    Rig rig(ControlConfig{});
    rig.pack(0, Analog(16, 3400)).pack(1, Analog(16, 3400));
    rig.step();
    check(rig.step(10'000), {ChargeState::kBulk, 552, 1000, 2000}, "settled");

    rig.pack(1, Analog(16, 3400).cell(5, 3500));
    const ControlOutput& taper = rig.step();
    check(taper, {ChargeState::kAbsorption, 552, 550, 2000}, "3.500 V: 55 %, absorption for balancing");
    EXPECT_EQ(taper.state_reason.view(), "absorption: highest cell at 3.500 V");

    rig.pack(1, Analog(16, 3400).cell(5, 3560));
    check(rig.step(), {ChargeState::kAbsorption, 552, 80, 2000}, "3.560 V: 8 %");

    rig.pack(1, Analog(16, 3400).cell(5, 3600));
    const ControlOutput& cut = rig.step();
    check(cut, {ChargeState::kBlocked, 540, 0, 2000}, "3.600 V: charge stopped");
    EXPECT_EQ(cut.ccl_reason.view(), "CCL 0.0 A: pack 1 cell 5 at 3.600 V, cut-off 3.600 V; resumes at 3.500 V");
    EXPECT_EQ(cut.alarm(AlarmCondition::kHighVoltage), AlarmLevel::kAlarm);

    rig.pack(1, Analog(16, 3400).cell(5, 3520));
    check(rig.step(60'000), {ChargeState::kBlocked, 540, 0, 2000}, "relaxed to 3.520 V: hysteresis");

    rig.pack(1, Analog(16, 3400).cell(5, 3500));
    check(rig.step(), {ChargeState::kAbsorption, 541, 100, 2000}, "3.500 V: resume along the ramps");
    check(rig.step(4'000), {ChargeState::kAbsorption, 545, 500, 2000}, "4 s");
    check(rig.step(2'000), {ChargeState::kAbsorption, 547, 550, 2000}, "target 55 A reached");
}

// One of three packs stops answering: its share goes at once when its data turns stale; it comes back along the
// ramps.
TEST(control_scenario, PackDropsOutAndReturns) {
    Rig rig(ControlConfig{});
    rig.pack(0, Analog()).pack(1, Analog()).pack(2, Analog());
    rig.step();
    check(rig.step(15'000), {ChargeState::kBulk, 552, 1500, 3000}, "three packs");

    rig.silence(2);
    check(rig.step(20'000), {ChargeState::kBulk, 552, 1500, 3000}, "20 s silent: still fresh");
    const ControlOutput& dropped = rig.step(1);
    check(dropped, {ChargeState::kBulk, 552, 1000, 2000}, "20.001 s: stale, limits drop at once");
    EXPECT_EQ(dropped.alarm(AlarmCondition::kGeneral), AlarmLevel::kWarning);
    EXPECT_EQ(rig.snapshot().modules_offline, 1);
    check(rig.step(30'000), {ChargeState::kBulk, 552, 1000, 2000}, "still gone");

    rig.pack(2, Analog());
    check(rig.step(1'000), {ChargeState::kBulk, 552, 1100, 2200}, "back: rising 10 A/s and 20 A/s");
    const ControlOutput& back = rig.step(4'000);
    check(back, {ChargeState::kBulk, 552, 1500, 3000}, "back to three packs");
    EXPECT_EQ(back.alarm(AlarmCondition::kGeneral), AlarmLevel::kOk);
}

// Every pack goes silent: both directions stop when the data turns stale, failsafe after 30 s, normal operation
// again when they answer.
TEST(control_scenario, AllPacksLost) {
    Rig rig(ControlConfig{});
    rig.pack(0, Analog()).pack(1, Analog());
    rig.step();
    check(rig.step(10'000), {ChargeState::kBulk, 552, 1000, 2000}, "running");

    rig.silence(0).silence(1);
    check(rig.step(20'000), {ChargeState::kBulk, 552, 1000, 2000}, "20 s: still fresh");
    const ControlOutput& offline = rig.step(1'000);
    check(offline, {ChargeState::kBlocked, 528, 0, 0}, "21 s: no pack online");
    EXPECT_EQ(offline.cvl_reason.view(), "CVL 52.8 V: charge stopped, held at the last bank voltage 52.80 V");
    EXPECT_FALSE(offline.failsafe);

    const ControlOutput& failsafe = rig.step(9'000);
    check(failsafe, {ChargeState::kFailsafe, 528, 0, 0}, "30 s: failsafe");
    EXPECT_EQ(failsafe.alarm(AlarmCondition::kBmsInternal), AlarmLevel::kAlarm);
    EXPECT_TRUE(failsafe.transmit);
    EXPECT_FALSE(failsafe.requests.charge_enable);
    check(rig.step(3'600'000), {ChargeState::kFailsafe, 528, 0, 0}, "an hour later");

    rig.pack(0, Analog()).pack(1, Analog());
    const ControlOutput& back = rig.step(1'000);
    check(back, {ChargeState::kBulk, 529, 100, 200}, "answering again: ramps from zero");
    EXPECT_EQ(back.alarm(AlarmCondition::kBmsInternal), AlarmLevel::kOk);
}

}  // namespace
}  // namespace tbg::control
