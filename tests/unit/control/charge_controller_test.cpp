// One test (or a few) per rule of the charge controller. Ramps are fast here (test::fast_ramps) except in the ramp
// tests, so each step shows the target of the rule under test.
#include "core/control/charge_controller.h"

#include <gtest/gtest.h>

#include "tests/unit/control/control_rig.h"

namespace tbg::control {
namespace {

using test::Analog;
using test::Rig;

void expect_all_ok(const ControlOutput& o) {
    for (std::size_t i = 0; i < kAlarmConditionCount; ++i) {
        const auto condition = static_cast<AlarmCondition>(i);
        const AlarmLevel expected =
            condition == AlarmCondition::kContactor ? AlarmLevel::kNotSupported : AlarmLevel::kOk;
        EXPECT_EQ(o.alarm(condition), expected) << to_string(condition);
    }
}

TEST(control_rules, HealthyBankChargesInBulk) {
    Rig rig;
    rig.pack(0, Analog()).pack(1, Analog());  // 16 × 3.300 V = 52.80 V, 25 °C, SOC 50 %
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.state, ChargeState::kBulk);
    EXPECT_EQ(o.cvl_dV, 552);
    EXPECT_EQ(o.cvl_reason.view(), "CVL 55.2 V: bulk, 16 × 3.450 V");
    EXPECT_EQ(o.ccl_dA, 1000);
    EXPECT_EQ(o.ccl_reason.view(), "CCL 100.0 A: 2 packs × 50.0 A");
    EXPECT_EQ(o.dcl_dA, 2000);
    EXPECT_EQ(o.dcl_reason.view(), "DCL 200.0 A: 2 packs × 100.0 A");
    EXPECT_EQ(o.dvl_dV, 464);
    EXPECT_EQ(o.dvl_reason.view(), "DVL 46.4 V: 16 × 2.900 V");
    EXPECT_FALSE(o.charge_stopped);
    EXPECT_FALSE(o.discharge_stopped);
    EXPECT_FALSE(o.hard_cutoff);
    EXPECT_FALSE(o.failsafe);
    EXPECT_TRUE(o.transmit);
    EXPECT_TRUE(o.requests.charge_enable);
    EXPECT_TRUE(o.requests.discharge_enable);
    EXPECT_FALSE(o.requests.force_charge_1);
    EXPECT_FALSE(o.requests.force_charge_2);
    EXPECT_FALSE(o.requests.full_charge);
    expect_all_ok(o);
}

TEST(control_rules, CvlFollowsTheCellCount) {
    Rig rig;
    rig.pack(0, Analog(15));
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.cvl_dV, 517);  // 15 × 3.450 V = 51.75 V, rounded down
    EXPECT_EQ(o.dvl_dV, 448);  // 15 × 2.900 V = 43.5 V is below the 44.8 V pack cut-off
    EXPECT_EQ(o.dvl_reason.view(), "DVL 44.8 V: pack cut-off");

    ControlConfig config = test::fast_ramps();
    config.cells_in_series = 15;
    Rig fixed(config);
    fixed.pack(0, Analog(16));
    EXPECT_EQ(fixed.run(2).cvl_dV, 517);
}

TEST(control_rules, CvlNeverAboveTheConfiguredMaximum) {
    ControlConfig config = test::fast_ramps();
    config.bulk_cell_mV = 3500;
    config.cvl_max_dV = 555;
    Rig rig(config);
    rig.pack(0, Analog());
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.cvl_dV, 555);
    EXPECT_EQ(o.cvl_reason.view(), "CVL 55.5 V: configured maximum");
}

TEST(control_rules, HardPackOverVoltageStopsChargeOnlyWithHysteresis) {
    Rig rig;
    rig.pack(0, Analog().voltage_10mV(5650));
    EXPECT_EQ(rig.run(2).ccl_dA, 500);  // 56.50 V is not above 56.5 V

    rig.pack(0, Analog().voltage_10mV(5660));
    const ControlOutput& o = rig.step();
    EXPECT_EQ(o.ccl_dA, 0);
    EXPECT_EQ(o.ccl_reason.view(), "CCL 0.0 A: pack 0 at 56.60 V, above 56.5 V; resumes at 55.5 V");
    EXPECT_EQ(o.cvl_dV, 540);  // the float CVL is below the pack voltage
    EXPECT_EQ(o.cvl_reason.view(), "CVL 54.0 V: charge stopped, float 16 × 3.375 V");
    EXPECT_EQ(o.dcl_dA, 1000);
    EXPECT_TRUE(o.hard_cutoff);
    EXPECT_EQ(o.state, ChargeState::kBlocked);
    EXPECT_EQ(o.state_reason.view(), "charge blocked: pack 0 at 56.60 V, above 56.5 V; resumes at 55.5 V");
    EXPECT_EQ(o.alarm(AlarmCondition::kHighVoltage), AlarmLevel::kAlarm);
    EXPECT_FALSE(o.requests.charge_enable);
    EXPECT_TRUE(o.requests.discharge_enable);

    rig.pack(0, Analog().voltage_10mV(5551));
    EXPECT_EQ(rig.step().ccl_dA, 0);
    rig.pack(0, Analog().voltage_10mV(5550));
    const ControlOutput& released = rig.step();
    EXPECT_EQ(released.ccl_dA, 500);
    EXPECT_FALSE(released.hard_cutoff);
    EXPECT_EQ(released.alarm(AlarmCondition::kHighVoltage), AlarmLevel::kOk);
}

TEST(control_rules, ChargeStopHoldsCvlAtThePackVoltageRoundedUp) {
    Rig rig;
    rig.pack(0, Analog(16, 3250).voltage_10mV(5201).temps(-1));
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.ccl_dA, 0);
    EXPECT_EQ(o.cvl_dV, 521);
    EXPECT_EQ(o.cvl_reason.view(), "CVL 52.1 V: charge stopped, held at the bank voltage 52.01 V");
}

TEST(control_rules, ColdCellsStopChargeButNotDischarge) {
    Rig rig;
    rig.pack(0, Analog(16, 3250).temps(0));
    const ControlOutput& at_zero = rig.run(2);  // 0.0 °C is not below 0 °C: derated to 20 %
    EXPECT_EQ(at_zero.ccl_dA, 100);
    EXPECT_EQ(at_zero.ccl_reason.view(), "CCL 10.0 A: pack 0 sensor 1 at 0.0 °C, cold derating");

    rig.pack(0, Analog(16, 3250).temps(-1));
    const ControlOutput& o = rig.step();
    EXPECT_EQ(o.ccl_dA, 0);
    EXPECT_EQ(o.ccl_reason.view(), "CCL 0.0 A: pack 0 sensor 1 at -0.1 °C, below 0.0 °C; resumes at 2.0 °C");
    EXPECT_EQ(o.cvl_dV, 520);
    EXPECT_EQ(o.dcl_dA, 1000);
    EXPECT_TRUE(o.hard_cutoff);
    EXPECT_EQ(o.alarm(AlarmCondition::kLowTemperatureCharge), AlarmLevel::kAlarm);
    EXPECT_EQ(o.alarm(AlarmCondition::kLowTemperature), AlarmLevel::kOk);

    rig.pack(0, Analog(16, 3250).temps(19));
    EXPECT_EQ(rig.step().ccl_dA, 0);
    rig.pack(0, Analog(16, 3250).temps(20));
    const ControlOutput& released = rig.step();
    EXPECT_EQ(released.ccl_dA, 180);  // 36 % at 2.0 °C
    EXPECT_EQ(released.alarm(AlarmCondition::kLowTemperatureCharge), AlarmLevel::kWarning);
}

TEST(control_rules, HotCellsStopChargeWithHysteresis) {
    Rig rig;
    rig.pack(0, Analog().temps(501));
    EXPECT_EQ(rig.run(2).ccl_dA, 0);
    EXPECT_EQ(rig.step().alarm(AlarmCondition::kHighTemperatureCharge), AlarmLevel::kAlarm);
    rig.pack(0, Analog().temps(481));
    EXPECT_EQ(rig.step().ccl_dA, 0);
    rig.pack(0, Analog().temps(480));
    const ControlOutput& o = rig.step();
    EXPECT_EQ(o.ccl_dA, 260);  // 52 % at 48.0 °C
    EXPECT_EQ(o.ccl_reason.view(), "CCL 26.0 A: pack 0 sensor 1 at 48.0 °C, hot derating");
    EXPECT_EQ(o.dcl_dA, 1000);
}

TEST(control_rules, OnlyCellSensorsCount) {
    Rig rig;
    rig.pack(0, Analog().temp(5, -100).temp(6, -100).temp(7, 800));  // balancer, environment, MOSFET
    EXPECT_EQ(rig.run(2).ccl_dA, 500);
    rig.pack(0, Analog().temp(7, -5).role(7, topband::TemperatureRole::kUnknown));
    EXPECT_EQ(rig.step().ccl_dA, 0);  // an unknown role counts as a cell sensor
}

TEST(control_rules, PackWithoutCellTemperatureBlocksCharge) {
    Rig rig;
    rig.pack(0, Analog()).pack(1, Analog().sensors(0, 0));
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.ccl_dA, 0);
    EXPECT_EQ(o.ccl_reason.view(), "CCL 0.0 A: pack 1 reports no cell temperature");
    EXPECT_EQ(o.dcl_dA, 2000);
    EXPECT_EQ(o.alarm(AlarmCondition::kBmsInternal), AlarmLevel::kAlarm);
    EXPECT_FALSE(o.hard_cutoff);
}

TEST(control_rules, HighestCellTapersCcl) {
    Rig rig;
    rig.pack(0, Analog()).pack(2, Analog().cell(7, 3520));
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.ccl_dA, 370);
    EXPECT_EQ(o.ccl_reason.view(), "CCL 37.0 A: pack 2 cell 7 at 3.520 V");

    rig.pack(2, Analog().cell(7, 3560));
    const ControlOutput& near = rig.step();
    EXPECT_EQ(near.ccl_dA, 80);
    EXPECT_EQ(near.alarm(AlarmCondition::kHighVoltage), AlarmLevel::kWarning);

    rig.pack(2, Analog().cell(7, 3600));
    const ControlOutput& cut = rig.step();
    EXPECT_EQ(cut.ccl_dA, 0);
    EXPECT_EQ(cut.ccl_reason.view(), "CCL 0.0 A: pack 2 cell 7 at 3.600 V, cut-off 3.600 V; resumes at 3.500 V");
    EXPECT_EQ(cut.state, ChargeState::kBlocked);
    EXPECT_FALSE(cut.hard_cutoff);
    EXPECT_EQ(cut.alarm(AlarmCondition::kHighVoltage), AlarmLevel::kAlarm);

    rig.pack(2, Analog().cell(7, 3510));
    EXPECT_EQ(rig.step().ccl_dA, 0);
    rig.pack(2, Analog().cell(7, 3500));
    EXPECT_EQ(rig.step().ccl_dA, 550);
}

TEST(control_rules, BmsCellHighLimitLowersTheTaperAndTheCutOff) {
    Rig rig;
    topband::SystemParameters p = test::loose_parameters();
    p.cell_high_mV = 3550;
    rig.pack(0, Analog().cell(1, 3450)).parameters(0, p);
    EXPECT_EQ(rig.run(2).ccl_dA, 275);  // taper 3.40 → 3.50 V: 55 % at 3.45 V

    rig.pack(0, Analog().cell(1, 3550));
    const ControlOutput& cut = rig.step();
    EXPECT_EQ(cut.ccl_dA, 0);
    EXPECT_EQ(cut.ccl_reason.view(),
              "CCL 0.0 A: pack 0 cell 1 at 3.550 V, cut-off 3.550 V; resumes at 3.450 V (BMS limit of pack 0)");

    p.cell_high_mV = 3480;  // taper end 3.43 V: the CVL per cell follows
    Rig low(test::fast_ramps());
    low.pack(0, Analog()).parameters(0, p);
    EXPECT_EQ(low.run(2).cvl_dV, 548);
    EXPECT_EQ(low.step().cvl_reason.view(), "CVL 54.8 V: bulk, 16 × 3.430 V");
}

TEST(control_rules, CellUnderVoltageStopsDischargeOnly) {
    Rig rig;
    rig.pack(0, Analog().cell(3, 2900));
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.dcl_dA, 0);
    EXPECT_EQ(o.dcl_reason.view(), "DCL 0.0 A: pack 0 cell 3 at 2.900 V, cut-off 2.900 V; resumes at 3.050 V");
    EXPECT_EQ(o.ccl_dA, 500);
    EXPECT_EQ(o.cvl_dV, 540);
    EXPECT_EQ(o.cvl_reason.view(), "CVL 54.0 V: float target while discharge is stopped, 16 × 3.375 V");
    EXPECT_TRUE(o.discharge_stopped);
    EXPECT_FALSE(o.charge_stopped);
    EXPECT_EQ(o.state, ChargeState::kBulk);
    EXPECT_TRUE(o.requests.charge_enable);
    EXPECT_FALSE(o.requests.discharge_enable);
    EXPECT_TRUE(o.requests.force_charge_1);
    EXPECT_TRUE(o.requests.force_charge_2);
    EXPECT_EQ(o.alarm(AlarmCondition::kLowVoltage), AlarmLevel::kAlarm);

    rig.pack(0, Analog().cell(3, 3049));
    EXPECT_EQ(rig.step().dcl_dA, 0);
    rig.pack(0, Analog().cell(3, 3050));
    const ControlOutput& released = rig.step();
    EXPECT_EQ(released.dcl_dA, 550);  // falling taper: 55 % at 3.05 V
    EXPECT_EQ(released.dcl_reason.view(), "DCL 55.0 A: pack 0 cell 3 at 3.050 V");
    EXPECT_FALSE(released.requests.force_charge_1);
    EXPECT_FALSE(released.requests.force_charge_2);
}

TEST(control_rules, PackUnderVoltageStopsDischarge) {
    Rig rig;
    rig.pack(0, Analog().voltage_10mV(4479));
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.dcl_dA, 0);
    EXPECT_EQ(o.dcl_reason.view(), "DCL 0.0 A: pack 0 at 44.79 V, below 44.80 V; resumes at 46.80 V");
    rig.pack(0, Analog().voltage_10mV(4679));
    EXPECT_EQ(rig.step().dcl_dA, 0);
    rig.pack(0, Analog().voltage_10mV(4680));
    EXPECT_EQ(rig.step().dcl_dA, 1000);
}

TEST(control_rules, DischargeTemperatureLimits) {
    Rig rig;
    rig.pack(0, Analog().temps(-201));
    const ControlOutput& cold = rig.run(2);
    EXPECT_EQ(cold.dcl_dA, 0);
    EXPECT_EQ(cold.dcl_reason.view(), "DCL 0.0 A: pack 0 sensor 1 at -20.1 °C, below -20.0 °C; resumes at -18.0 °C");
    EXPECT_EQ(cold.alarm(AlarmCondition::kLowTemperature), AlarmLevel::kAlarm);
    rig.pack(0, Analog().temps(-181));
    EXPECT_EQ(rig.step().dcl_dA, 0);
    rig.pack(0, Analog().temps(-180));
    EXPECT_EQ(rig.step().dcl_dA, 360);  // cold derating: 36 % at −18 °C

    // The BMS's 0x47 discharge maximum (55 °C) is stricter than the 60 °C fallback.
    topband::SystemParameters p = test::loose_parameters();
    p.discharge_high_temp_raw_dK = test::raw_dK(550);
    Rig hot;
    hot.pack(0, Analog().temps(551)).parameters(0, p);
    const ControlOutput& o = hot.run(2);
    EXPECT_EQ(o.dcl_dA, 0);
    EXPECT_EQ(o.dcl_reason.view(),
              "DCL 0.0 A: pack 0 sensor 1 at 55.1 °C, above 55.0 °C; resumes at 53.0 °C (BMS limit of pack 0)");
    EXPECT_EQ(o.alarm(AlarmCondition::kHighTemperature), AlarmLevel::kAlarm);
}

TEST(control_rules, BmsProtectionRemovesThePackFromItsDirection) {
    Rig rig;
    rig.pack(0, Analog()).pack(1, Analog()).status(0, test::status()).status(1, test::status({12}));
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.dcl_dA, 1000);
    EXPECT_EQ(o.dcl_reason.view(),
              "DCL 100.0 A: 1 pack × 100.0 A; pack 1 blocks discharge (cell under-voltage protection)");
    EXPECT_EQ(o.ccl_dA, 1000);

    rig.status(0, test::status({12}));
    const ControlOutput& all = rig.step();
    EXPECT_EQ(all.dcl_dA, 0);
    EXPECT_EQ(all.dcl_reason.view(),
              "DCL 0.0 A: all 2 online packs block discharge (pack 0: cell under-voltage protection)");
    EXPECT_TRUE(all.requests.force_charge_1);

    rig.status(0, test::clear_bits(test::status(), {9})).status(1, test::status());
    const ControlOutput& mosfet = rig.step();
    EXPECT_EQ(mosfet.ccl_dA, 500);
    EXPECT_EQ(mosfet.ccl_reason.view(), "CCL 50.0 A: 1 pack × 50.0 A; pack 0 blocks charge (charge MOSFET off)");
}

TEST(control_rules, PerPackCapsFollowTheBmsMaximum) {
    Rig rig;
    topband::SystemParameters p = test::loose_parameters();
    p.charge_current_max_10mA = 3000;  // 30 A
    rig.pack(0, Analog()).pack(1, Analog()).parameters(0, p);
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.ccl_dA, 800);
    EXPECT_EQ(o.ccl_reason.view(), "CCL 80.0 A: sum of 2 pack limits");
    EXPECT_EQ(o.dcl_dA, 2000);  // 150 A from 0x47 is above the configured 100 A
}

TEST(control_rules, ImplausibleBmsLimitsAreIgnored) {
    Rig rig;
    topband::SystemParameters p = test::loose_parameters();
    p.charge_current_max_10mA = 3000;
    p.cell_high_mV = 1000;  // implausible: the whole 0x47 reply is ignored
    rig.pack(0, Analog()).parameters(0, p);
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.ccl_dA, 500);
    EXPECT_EQ(o.alarm(AlarmCondition::kGeneral), AlarmLevel::kWarning);
}

TEST(control_rules, APackDroppingOutLowersTheLimitsInTheSameUpdate) {
    Rig rig;
    rig.pack(0, Analog()).pack(1, Analog()).pack(2, Analog());
    EXPECT_EQ(rig.run(2).ccl_dA, 1500);
    rig.silence(2);
    const ControlOutput& still = rig.run(20);  // its data is 20 s old: still fresh
    EXPECT_EQ(still.ccl_dA, 1500);
    EXPECT_EQ(still.dcl_dA, 3000);
    const ControlOutput& gone = rig.step();
    EXPECT_EQ(gone.ccl_dA, 1000);
    EXPECT_EQ(gone.dcl_dA, 2000);
    EXPECT_EQ(gone.alarm(AlarmCondition::kGeneral), AlarmLevel::kWarning);
}

TEST(control_rules, SocTaperNearFull) {
    Rig rig;
    rig.pack(0, Analog().capacity(9750, 10000));
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.ccl_dA, 312);  // 62.5 % at 97.50 %
    EXPECT_EQ(o.ccl_reason.view(), "CCL 31.2 A: SOC 97.50 %");
    rig.pack(0, Analog().capacity(10000, 10000));
    EXPECT_EQ(rig.step().ccl_dA, 125);  // 25 % at 100 %
}

TEST(control_rules, LimitsRiseAlongTheRampAndFallAtOnce) {
    Rig rig(ControlConfig{});  // default ramps: CCL 10 A/s, DCL 20 A/s
    rig.pack(0, Analog()).pack(1, Analog());
    const ControlOutput& first = rig.step();
    EXPECT_EQ(first.ccl_dA, 0);
    EXPECT_EQ(first.dcl_dA, 0);
    EXPECT_EQ(first.cvl_dV, 552);  // no ramp from nothing for CVL
    const ControlOutput& second = rig.step();
    EXPECT_EQ(second.ccl_dA, 100);
    EXPECT_EQ(second.ccl_reason.view(), "CCL 10.0 A: 2 packs × 50.0 A; rising to 100.0 A at 10.0 A/s");
    EXPECT_EQ(second.dcl_dA, 200);
    EXPECT_EQ(rig.step(500).ccl_dA, 150);
    EXPECT_EQ(rig.run(10).ccl_dA, 1000);

    rig.pack(1, Analog().cell(1, 3500));  // taper to 55 %: falls at once
    EXPECT_EQ(rig.step().ccl_dA, 550);
    rig.pack(1, Analog());
    EXPECT_EQ(rig.step().ccl_dA, 650);

    rig.pack(1, Analog().temps(-10));  // charge stop: CVL to the pack voltage at once, back along 0.1 V/s
    EXPECT_EQ(rig.step().cvl_dV, 528);
    rig.pack(1, Analog().temps(20));
    const ControlOutput& rising = rig.step();
    EXPECT_EQ(rising.cvl_dV, 529);
    // The 3.500 V cell above started absorption (a runner cell at the taper start); same CVL as bulk.
    EXPECT_EQ(rising.cvl_reason.view(), "CVL 52.9 V: absorption, 16 × 3.450 V; rising to 55.2 V at 0.1 V/s");
}

TEST(control_rules, FailsafeWithoutAnyData) {
    ChargeController controller;
    const bank::BankSnapshot empty;
    const ControlOutput& o = controller.update(empty, 5'000);
    EXPECT_EQ(o.state, ChargeState::kFailsafe);
    EXPECT_TRUE(o.failsafe);
    EXPECT_EQ(o.ccl_dA, 0);
    EXPECT_EQ(o.dcl_dA, 0);
    EXPECT_EQ(o.cvl_dV, 540);
    EXPECT_EQ(o.ccl_reason.view(), "CCL 0.0 A: failsafe, no pack has answered yet");
    EXPECT_EQ(o.alarm(AlarmCondition::kBmsInternal), AlarmLevel::kAlarm);
    EXPECT_EQ(o.alarm(AlarmCondition::kGeneral), AlarmLevel::kAlarm);
    EXPECT_TRUE(o.transmit);
    EXPECT_FALSE(o.requests.charge_enable);
    EXPECT_FALSE(o.requests.discharge_enable);

    ControlConfig silent;
    silent.failsafe_silence = true;
    ChargeController quiet(silent);
    EXPECT_FALSE(quiet.update(empty, 5'000).transmit);
}

TEST(control_rules, CommunicationLossLeadsToFailsafe) {
    ControlConfig config = test::fast_ramps();
    config.failsafe_silence = true;
    Rig rig(config);
    rig.pack(0, Analog(16, 3310));
    EXPECT_EQ(rig.run(2).ccl_dA, 500);
    rig.silence(0);
    EXPECT_EQ(rig.run(20).ccl_dA, 500);  // 20 s old: still online

    const ControlOutput& offline = rig.step();  // 21 s: no pack online
    EXPECT_EQ(offline.state, ChargeState::kBlocked);
    EXPECT_EQ(offline.ccl_dA, 0);
    EXPECT_EQ(offline.dcl_dA, 0);
    EXPECT_EQ(offline.cvl_dV, 530);
    EXPECT_EQ(offline.cvl_reason.view(), "CVL 53.0 V: charge stopped, held at the last bank voltage 52.96 V");
    EXPECT_EQ(offline.ccl_reason.view(), "CCL 0.0 A: no pack online");
    EXPECT_EQ(offline.alarm(AlarmCondition::kGeneral), AlarmLevel::kAlarm);
    EXPECT_EQ(offline.alarm(AlarmCondition::kBmsInternal), AlarmLevel::kOk);
    EXPECT_TRUE(offline.transmit);

    const ControlOutput& lost = rig.run(9);  // 30 s since the last answer
    EXPECT_EQ(lost.state, ChargeState::kFailsafe);
    EXPECT_EQ(lost.ccl_reason.view(), "CCL 0.0 A: failsafe, no pack answered for 30 s");
    EXPECT_EQ(lost.cvl_dV, 530);
    EXPECT_EQ(lost.alarm(AlarmCondition::kBmsInternal), AlarmLevel::kAlarm);
    EXPECT_FALSE(lost.transmit);

    rig.pack(0, Analog(16, 3310));
    const ControlOutput& back = rig.step();
    EXPECT_EQ(back.state, ChargeState::kBulk);
    EXPECT_TRUE(back.transmit);
    EXPECT_EQ(back.ccl_dA, 500);
}

TEST(control_rules, FullChargeRequestAfterTheInterval) {
    Rig rig;
    rig.pack(0, Analog());  // 52.8 V: never reaches absorption
    rig.run(2);
    EXPECT_FALSE(rig.step(13ULL * 86'400'000).requests.full_charge);
    const ControlOutput& o = rig.step(86'400'000);
    EXPECT_TRUE(o.requests.full_charge);
    EXPECT_GE(o.since_full_charge_ms, 14ULL * 86'400'000);
}

TEST(control_rules, ForceChargeTwoOnLowSocWithHysteresis) {
    Rig rig;
    rig.pack(0, Analog().capacity(499, 10000));
    EXPECT_TRUE(rig.run(2).requests.force_charge_2);
    rig.pack(0, Analog().capacity(699, 10000));
    EXPECT_TRUE(rig.step().requests.force_charge_2);
    rig.pack(0, Analog().capacity(700, 10000));
    EXPECT_FALSE(rig.step().requests.force_charge_2);
}

TEST(control_rules, DvlFromThePackCutOff) {
    ControlConfig config = test::fast_ramps();
    config.pack_discharge_cut_dV = 470;
    Rig rig(config);
    rig.pack(0, Analog());
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.dvl_dV, 470);
    EXPECT_EQ(o.dvl_reason.view(), "DVL 47.0 V: pack cut-off");
}

// --- a pack going offline holds the limits (S1) -------------------------------------------------------------------

// The cold pack that stops charging is lost: the cut-off must not go with it.
TEST(control_offline_hold, LosingTheColdPackKeepsChargeStopped) {
    Rig rig(ControlConfig{});  // default ramps
    rig.pack(0, Analog().temps(150)).pack(1, Analog().temps(-50));
    const ControlOutput& cold = rig.run(20);  // DCL has ramped up to 200 A
    ASSERT_EQ(cold.ccl_dA, 0);
    ASSERT_EQ(cold.cvl_dV, 528);  // held at the bank voltage
    ASSERT_TRUE(cold.charge_stopped);

    rig.lose_link(1);
    const ControlOutput& lost = rig.step();
    EXPECT_EQ(rig.snapshot().modules_offline, 1);
    EXPECT_EQ(lost.ccl_dA, 0);
    EXPECT_EQ(lost.cvl_dV, 528);
    EXPECT_EQ(lost.ccl_reason.view(), "CCL 0.0 A: held: pack 1 offline; 1 pack × 50.0 A");
    EXPECT_EQ(lost.cvl_reason.view(), "CVL 52.8 V: held: pack 1 offline; bulk, 16 × 3.450 V");
    const ControlOutput& later = rig.run(600);  // a pack that stays offline keeps the limits held
    EXPECT_EQ(later.ccl_dA, 0);
    EXPECT_EQ(later.cvl_dV, 528);
    EXPECT_EQ(later.dcl_dA, 1000);  // DCL fell with the lost share (200 A → 100 A) and stays there

    rig.pack(1, Analog().temps(150));  // back, warm
    const ControlOutput& back = rig.step();
    EXPECT_EQ(rig.snapshot().modules_offline, 0);
    EXPECT_EQ(back.ccl_dA, 100);  // released: rising along the ramp (10 A/s)
    EXPECT_EQ(back.cvl_dV, 529);
    EXPECT_EQ(back.dcl_dA, 1200);
}

// The same when the pack goes stale on its own (no link-lost flag).
TEST(control_offline_hold, AStaleColdPackKeepsChargeStopped) {
    Rig rig(ControlConfig{});
    rig.pack(0, Analog().temps(150)).pack(1, Analog().temps(-50));
    ASSERT_EQ(rig.run(3).ccl_dA, 0);
    rig.silence(1);
    ASSERT_EQ(rig.step(20'000).ccl_dA, 0);  // 20 s: still fresh and cold
    const ControlOutput& stale = rig.step(1);
    EXPECT_EQ(stale.ccl_dA, 0);
    EXPECT_EQ(stale.cvl_dV, 528);
    EXPECT_EQ(rig.run(60).ccl_dA, 0);
}

// The pack whose runner cell tapers CCL is lost: the taper stays until it returns.
TEST(control_offline_hold, LosingTheTaperingPackKeepsTheTaper) {
    Rig rig(ControlConfig{});
    rig.pack(0, Analog()).pack(1, Analog().cell(7, 3550));
    const ControlOutput& taper = rig.run(20);
    ASSERT_EQ(taper.ccl_dA, 100);  // 2 × 50 A at 10 %
    ASSERT_EQ(taper.ccl_reason.view(), "CCL 10.0 A: pack 1 cell 7 at 3.550 V");

    rig.lose_link(1);
    const ControlOutput& lost = rig.step();
    EXPECT_EQ(lost.ccl_dA, 100);
    EXPECT_EQ(lost.ccl_reason.view(), "CCL 10.0 A: held: pack 1 offline; 1 pack × 50.0 A");
    EXPECT_EQ(lost.dcl_dA, 1000);  // the lost share leaves at once
    EXPECT_EQ(rig.run(120).ccl_dA, 100);

    rig.pack(1, Analog());
    EXPECT_EQ(rig.step().ccl_dA, 200);  // back and balanced: rising at 10 A/s from the held value
    EXPECT_EQ(rig.run(8).ccl_dA, 1000);
}

// The hold follows the output down while the pack stays offline: a later taper is kept, too.
TEST(control_offline_hold, TheCeilingOnlyFalls) {
    Rig rig;
    rig.pack(0, Analog()).pack(1, Analog()).pack(2, Analog());
    ASSERT_EQ(rig.run(2).ccl_dA, 1500);
    rig.lose_link(2);
    EXPECT_EQ(rig.step().ccl_dA, 1000);  // the lost share leaves at once
    rig.pack(0, Analog().cell(3, 3550));
    EXPECT_EQ(rig.step().ccl_dA, 100);
    rig.pack(0, Analog());  // the runner cell settles, pack 2 is still offline
    const ControlOutput& held = rig.step();
    EXPECT_EQ(held.ccl_dA, 100);
    EXPECT_EQ(held.ccl_reason.view(), "CCL 10.0 A: held: pack 2 offline; 2 packs × 50.0 A");
    rig.pack(2, Analog());
    EXPECT_EQ(rig.step().ccl_dA, 1500);  // fast ramps here
}

// A pack set in expected_packs_mask that never answers keeps the limits where they start (0 A) until it does.
TEST(control_offline_hold, AnExpectedPackThatNeverAnswersHoldsTheStart) {
    bank::BankConfig bank_config;
    bank_config.expected_packs_mask = 0b101;
    Rig rig(test::fast_ramps(), bank_config);
    rig.pack(0, Analog());
    const ControlOutput& o = rig.run(5);
    EXPECT_EQ(o.ccl_dA, 0);
    EXPECT_EQ(o.dcl_dA, 0);
    EXPECT_EQ(o.ccl_reason.view(), "CCL 0.0 A: held: pack 2 offline; 1 pack × 50.0 A");
    rig.pack(2, Analog());
    const ControlOutput& both = rig.step();
    EXPECT_EQ(both.ccl_dA, 1000);
    EXPECT_EQ(both.dcl_dA, 2000);
}

TEST(control_offline_hold, ReasonNamesEveryOfflinePack) {
    Rig rig;
    rig.pack(0, Analog()).pack(3, Analog()).pack(5, Analog().cell(1, 3550));
    ASSERT_EQ(rig.run(2).ccl_dA, 150);
    rig.lose_link(3).lose_link(5);
    EXPECT_EQ(rig.step().ccl_reason.view(), "CCL 15.0 A: held: packs 3, 5 offline; 1 pack × 50.0 A");
}

// --- 0x44 and 0x47 data that ages out (S2) ---------------------------------------------------------------------

// Pack 1 reports a charge MOSFET fault (bit 51), then its 0x44 polls fail while 0x42 still answers.
TEST(control_rules, AStaleStatusKeepsBlocking) {
    Rig rig(ControlConfig{});
    rig.pack(0, Analog()).pack(1, Analog()).status(1, test::status({51}));
    ASSERT_EQ(rig.run(10).ccl_dA, 500);
    rig.no_status(1);
    const ControlOutput& later = rig.run(89);
    EXPECT_FALSE(rig.snapshot().packs[1].alarm_fresh);
    EXPECT_EQ(later.ccl_dA, 500);
    EXPECT_EQ(later.ccl_reason.view(), "CCL 50.0 A: 1 pack × 50.0 A; pack 1 blocks charge (charge MOSFET fault)");
    EXPECT_EQ(rig.run(3600).ccl_dA, 500);
    rig.status(1, test::status());  // a newer reply clears it
    EXPECT_EQ(rig.run(10).ccl_dA, 1000);
}

TEST(control_rules, AStaleBmsCurrentLimitIsKept) {
    Rig rig(ControlConfig{});
    topband::SystemParameters p = test::loose_parameters();
    p.charge_current_max_10mA = 2000;  // 20 A
    rig.pack(0, Analog()).pack(1, Analog()).parameters(0, p);
    ASSERT_EQ(rig.run(10).ccl_dA, 700);
    rig.no_parameters(0);
    const ControlOutput& later = rig.run(1000);  // beyond parameters_max_age_s (900 s)
    EXPECT_FALSE(rig.snapshot().packs[0].parameters_fresh);
    EXPECT_EQ(later.ccl_dA, 700);
    EXPECT_EQ(later.ccl_reason.view(), "CCL 70.0 A: sum of 2 pack limits");
}

TEST(control_rules, APackWithoutStatusGetsNoShare) {
    Rig rig;
    rig.pack(0, Analog()).pack(1, Analog()).no_status(1);
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.ccl_dA, 500);
    EXPECT_EQ(o.dcl_dA, 1000);
    EXPECT_EQ(o.ccl_reason.view(), "CCL 50.0 A: 1 pack × 50.0 A; pack 1 has sent no status (0x44) yet");
    rig.status(1, test::status());
    EXPECT_EQ(rig.step().ccl_dA, 1000);
}

// An absorption that ends by its time limit with a persistent spread goes to float and stays there, with the cell
// imbalance warning raised instead of a re-bulk every second (C4).
TEST(control_rules, PersistentSpreadStaysInFloatWithAWarning) {
    ControlConfig config = test::fast_ramps();
    config.absorption_max_s = 600;
    Rig rig(config);
    rig.pack(0, Analog(16, 3450).cell(1, 3360).capacity(9900, 10000));  // 90 mV spread, at absorption voltage
    rig.run(2);
    ASSERT_EQ(rig.controller().output().phase, ChargePhase::kAbsorption);
    const ControlOutput& floating = rig.run(600);
    ASSERT_EQ(floating.phase, ChargePhase::kFloat);
    for (int i = 0; i < 120; ++i) {
        const ControlOutput& o = rig.step();
        ASSERT_EQ(o.phase, ChargePhase::kFloat) << i << ": " << o.state_reason.view();
        ASSERT_EQ(o.alarm(AlarmCondition::kCellImbalance), AlarmLevel::kWarning) << i;
    }
}

}  // namespace
}  // namespace tbg::control
