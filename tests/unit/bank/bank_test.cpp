#include "core/bank/bank.h"

#include <gtest/gtest.h>

#include "tests/unit/bank/test_packs.h"

namespace tbg::bank {
namespace {

using test::Analog;

TEST(bank_aggregate, EmptyBankHasNothingOnline) {
    Bank bank;
    const BankSnapshot& s = bank.update(1'000);
    EXPECT_EQ(s.modules_online, 0);
    EXPECT_EQ(s.modules_offline, 0);
    EXPECT_FALSE(s.any_analog);
    EXPECT_FALSE(s.soc_valid);
    EXPECT_EQ(s.cells_in_series, 0);
}

TEST(bank_aggregate, SocIsCapacityWeightedNotAveraged) {
    Bank bank;
    bank.pack(0).update_analog(Analog().capacity(9000, 10000).build(), 0);  // 100 Ah at 90 %
    bank.pack(1).update_analog(Analog().capacity(1500, 5000).build(), 0);   // 50 Ah at 30 %
    const BankSnapshot& s = bank.update(0);
    EXPECT_TRUE(s.soc_valid);
    EXPECT_EQ(s.soc_basis, SocBasis::kCapacity);
    EXPECT_EQ(s.soc_centipct, 7000);  // 105 / 150 Ah; the plain mean would be 60 %
    EXPECT_EQ(s.installed_capacity_10mAh, 15000U);
    EXPECT_EQ(s.available_capacity_10mAh, 10500U);
    EXPECT_EQ(s.packs[0].soc_centipct, 9000);
    EXPECT_EQ(s.packs[1].soc_centipct, 3000);
}

TEST(bank_aggregate, RemainingAboveFullCountsAsFull) {
    Bank bank;
    bank.pack(0).update_analog(Analog().capacity(10100, 10000).build(), 0);
    const BankSnapshot& s = bank.update(0);
    EXPECT_EQ(s.soc_centipct, 10000);
    EXPECT_EQ(s.available_capacity_10mAh, 10000U);
}

TEST(bank_aggregate, BmsSocIsTheFallbackWhenCapacitiesAreMissing) {
    Bank bank;
    bank.pack(0).update_analog(Analog().no_capacity().bms_soc(40).build(), 0);
    bank.pack(1).update_analog(Analog().no_capacity().bms_soc(80).build(), 0);
    const BankSnapshot& s = bank.update(0);
    EXPECT_EQ(s.soc_basis, SocBasis::kBms);
    EXPECT_EQ(s.soc_centipct, 6000);
    EXPECT_EQ(s.installed_capacity_10mAh, 0U);
}

TEST(bank_aggregate, PackWithoutCapacityWeighsAsTheMeanPack) {
    Bank bank;
    bank.pack(0).update_analog(Analog().capacity(10000, 10000).build(), 0);     // 100 Ah, 100 %
    bank.pack(1).update_analog(Analog().capacity(0, 5000).build(), 0);          // 50 Ah, 0 %
    bank.pack(2).update_analog(Analog().no_capacity().bms_soc(50).build(), 0);  // weighs 75 Ah
    const BankSnapshot& s = bank.update(0);
    EXPECT_EQ(s.soc_basis, SocBasis::kMixed);
    // (100 + 0 + 0.5 × 75) / (100 + 50 + 75) = 137.5 / 225 = 61.11 %
    EXPECT_EQ(s.soc_centipct, 6111);
}

TEST(bank_aggregate, BmsSocOutOfRangeIsNoSoc) {
    Bank bank;
    bank.pack(0).update_analog(Analog().no_capacity().bms_soc(101).build(), 0);
    const BankSnapshot& s = bank.update(0);
    EXPECT_FALSE(s.soc_valid);
    EXPECT_EQ(s.packs[0].soc_basis, SocBasis::kNone);
}

TEST(bank_aggregate, SohIsCapacityWeighted) {
    Bank bank;
    bank.pack(0).update_analog(Analog().capacity(5000, 15000).soh(100).build(), 0);
    bank.pack(1).update_analog(Analog().capacity(2500, 5000).soh(60).build(), 0);
    const BankSnapshot& s = bank.update(0);
    EXPECT_TRUE(s.soh_valid);
    EXPECT_EQ(s.soh_pct, 90);  // (150 × 100 + 50 × 60) / 200
}

TEST(bank_aggregate, CurrentIsSummedVoltageAveragedPowerFromEachPack) {
    Bank bank;
    bank.pack(0).update_analog(Analog().voltage_10mV(5300).current_10mA(1234).build(), 0);  // 53.00 V, 12.34 A
    bank.pack(3).update_analog(Analog().voltage_10mV(5310).current_10mA(-234).build(), 0);  // 53.10 V, -2.34 A
    const BankSnapshot& s = bank.update(0);
    EXPECT_EQ(s.current_10mA, 1000);
    EXPECT_EQ(s.current_dA, 100);
    EXPECT_EQ(s.voltage_10mV, 5305);
    EXPECT_EQ(s.min_pack_voltage_10mV, 5300);
    EXPECT_EQ(s.max_pack_voltage_10mV, 5310);
    EXPECT_EQ(s.max_pack_voltage_address, 3);
    // 53.00 × 12.34 − 53.10 × 2.34 = 654.02 − 124.254 = 529.766 W
    EXPECT_EQ(s.power_100uW, 5297660);
    EXPECT_EQ(s.power_W, 530);
}

TEST(bank_aggregate, NegativeCurrentRoundsAwayFromZero) {
    Bank bank;
    bank.pack(0).update_analog(Analog().current_10mA(-15).build(), 0);
    EXPECT_EQ(bank.update(0).current_dA, -2);
}

TEST(bank_aggregate, CellExtremesCarryPackAndCell) {
    Bank bank;
    bank.pack(2).update_analog(Analog().cell(7, 3520).cell(3, 3290).build(), 0);
    bank.pack(5).update_analog(Analog().cell(16, 3280).build(), 0);
    const BankSnapshot& s = bank.update(0);
    EXPECT_EQ(s.max_cell.voltage_mV, 3520);
    EXPECT_EQ(s.max_cell.pack, 2);
    EXPECT_EQ(s.max_cell.cell, 7);
    EXPECT_EQ(s.min_cell.voltage_mV, 3280);
    EXPECT_EQ(s.min_cell.pack, 5);
    EXPECT_EQ(s.min_cell.cell, 16);
    EXPECT_EQ(s.cell_spread_mV, 240);
}

TEST(bank_aggregate, TemperaturesComeFromCellSensorsOnly) {
    Bank bank;
    // Sensor 7 is the MOSFET at 80 °C, 5 the balancer at 60 °C, 6 the environment at -10 °C: all ignored.
    bank.pack(1).update_analog(Analog().temps(200).temp(2, 310).temp(5, 600).temp(6, -100).temp(7, 800).build(), 0);
    const BankSnapshot& s = bank.update(0);
    ASSERT_TRUE(s.temp_valid);
    EXPECT_EQ(s.max_temp.temp_dC, 310);
    EXPECT_EQ(s.max_temp.pack, 1);
    EXPECT_EQ(s.max_temp.sensor, 2);
    EXPECT_EQ(s.min_temp.temp_dC, 200);
    EXPECT_EQ(s.min_temp.sensor, 1);
    EXPECT_EQ(s.packs[1].cell_temp_count, 4);
}

TEST(bank_aggregate, UnknownSensorRolesCountAsCellSensors) {
    Bank bank;
    bank.pack(0).update_analog(Analog().temps(200).temp(7, -50).role(7, topband::TemperatureRole::kUnknown).build(), 0);
    const BankSnapshot& s = bank.update(0);
    EXPECT_EQ(s.min_temp.temp_dC, -50);
    EXPECT_EQ(s.min_temp.sensor, 7);
}

TEST(bank_aggregate, PackWithoutCellSensorsIsCounted) {
    Bank bank;
    bank.pack(0).update_analog(Analog().sensors(0, 0).build(), 0);
    bank.pack(1).update_analog(Analog().build(), 0);
    const BankSnapshot& s = bank.update(0);
    EXPECT_EQ(s.packs_without_cell_temp, 1);
    EXPECT_TRUE(s.temp_valid);
}

TEST(bank_aggregate, MissingPackVoltageIsTheSumOfCells) {
    Bank bank;
    bank.pack(0).update_analog(Analog(16, 3333).no_voltage().build(), 0);
    const BankSnapshot& s = bank.update(0);
    EXPECT_EQ(s.voltage_10mV, 5333);  // 53.328 V rounded
    EXPECT_TRUE(s.packs[0].voltage_from_cells);
}

TEST(bank_aggregate, ModuleCountsFromFreshStatus) {
    Bank bank;
    for (std::size_t a = 0; a < 4; ++a) {
        bank.pack(a).update_analog(Analog().build(), 0);
    }
    bank.pack(0).update_alarm(test::status(), 0);
    bank.pack(1).update_alarm(test::clear_bits(test::status(), {9}), 0);  // charge MOSFET off
    bank.pack(2).update_alarm(test::status({12}), 0);                     // cell under-voltage protection
    bank.pack(3).update_alarm(test::status({11}), 0);                     // short circuit: both
    const BankSnapshot& s = bank.update(0);
    EXPECT_EQ(s.modules_online, 4);
    EXPECT_EQ(s.modules_blocking_charge, 2);
    EXPECT_EQ(s.modules_blocking_discharge, 2);
    EXPECT_EQ(s.modules_offline, 0);
    EXPECT_TRUE(s.any_status_bit(12));
    EXPECT_TRUE(s.any_status_bit(11));
    EXPECT_FALSE(s.any_status_bit(0));
}

// The last 0x44 reply keeps blocking while the pack is online, whatever its age; its bits only count while fresh.
TEST(bank_aggregate, StaleStatusKeepsBlocking) {
    Bank bank;  // alarm max age 60 s, analog 20 s
    bank.pack(0).update_alarm(test::status({51}), 0);
    bank.pack(0).update_analog(Analog().build(), 89'000);
    const BankSnapshot& s = bank.update(89'000);
    EXPECT_EQ(s.modules_online, 1);
    EXPECT_TRUE(s.packs[0].alarm_seen);
    EXPECT_FALSE(s.packs[0].alarm_fresh);
    EXPECT_EQ(s.packs[0].alarm_age_ms, 89'000U);
    EXPECT_TRUE(s.packs[0].blocking.charge);
    EXPECT_EQ(s.packs[0].blocking.charge_bit, 51);
    EXPECT_EQ(s.modules_blocking_charge, 1);
    EXPECT_FALSE(s.any_status_bit(51));  // not reported as a present condition

    bank.pack(0).update_alarm(test::status(), 90'000);  // a newer reply clears it
    const BankSnapshot& cleared = bank.update(90'000);
    EXPECT_TRUE(cleared.packs[0].alarm_fresh);
    EXPECT_EQ(cleared.modules_blocking_charge, 0);
}

TEST(bank_aggregate, StatusNotSeenBeforeTheFirstReply) {
    Bank bank;
    bank.pack(0).update_analog(Analog().build(), 0);
    const BankSnapshot& s = bank.update(0);
    EXPECT_TRUE(s.packs[0].online);
    EXPECT_FALSE(s.packs[0].alarm_seen);
    EXPECT_EQ(s.modules_blocking_charge, 0);
}

// The last plausible 0x47 reply stays usable whatever its age (its limits only tighten); the age stays visible.
TEST(bank_aggregate, StaleParametersStayUsable) {
    Bank bank;  // parameters max age 900 s
    topband::SystemParameters p = test::loose_parameters();
    p.charge_current_max_10mA = 2000;
    bank.pack(0).update_parameters(p, 0);
    bank.pack(0).update_analog(Analog().build(), 901'000);
    const BankSnapshot& s = bank.update(901'000);
    EXPECT_TRUE(s.packs[0].parameters_usable);
    EXPECT_FALSE(s.packs[0].parameters_fresh);
    EXPECT_EQ(s.packs[0].parameters_age_ms, 901'000U);
    EXPECT_EQ(s.packs[0].parameters.charge_current_max_10mA, 2000);
}

// An implausible reply is ignored: the last plausible one stays in use (and the implausible one is flagged).
TEST(bank_aggregate, ImplausibleParametersKeepTheLastPlausibleOnes) {
    Bank bank;
    topband::SystemParameters p = test::loose_parameters();
    p.charge_current_max_10mA = 2000;
    bank.pack(0).update_parameters(p, 0);
    topband::SystemParameters bad = test::loose_parameters();
    bad.cell_high_mV = 9000;
    bank.pack(0).update_parameters(bad, 10'000);
    bank.pack(0).update_analog(Analog().build(), 10'000);
    const BankSnapshot& s = bank.update(10'000);
    EXPECT_TRUE(s.packs[0].parameters_usable);
    EXPECT_TRUE(s.packs[0].parameters_implausible);
    EXPECT_EQ(s.packs[0].parameters.charge_current_max_10mA, 2000);
    EXPECT_EQ(s.packs[0].parameters.cell_high_mV, 3650);
}

TEST(bank_aggregate, StalePacksAreOfflineAndContributeNothing) {
    Bank bank;
    bank.pack(0).update_analog(Analog().capacity(9000, 10000).current_dA(100).build(), 0);
    bank.pack(1).update_analog(Analog().capacity(1000, 10000).cell(1, 2500).temps(-300).current_dA(-500).build(), 0);
    bank.pack(0).update_analog(Analog().capacity(9000, 10000).current_dA(100).build(), 30'000);
    const BankSnapshot& s = bank.update(30'000);  // pack 1 is 30 s old: stale
    EXPECT_EQ(s.modules_online, 1);
    EXPECT_EQ(s.modules_offline, 1);
    EXPECT_FALSE(s.packs[1].online);
    EXPECT_TRUE(s.packs[1].seen);
    EXPECT_EQ(s.packs[1].analog_age_ms, 30'000U);
    EXPECT_EQ(s.soc_centipct, 9000);
    EXPECT_EQ(s.current_dA, 100);
    EXPECT_EQ(s.min_cell.voltage_mV, 3300);
    EXPECT_EQ(s.min_temp.temp_dC, 250);
    EXPECT_EQ(s.installed_capacity_10mAh, 10000U);
    EXPECT_EQ(s.last_analog_ms, 30'000U);
}

TEST(bank_aggregate, ExpectedPacksThatNeverAnsweredAreOffline) {
    BankConfig config;
    config.expected_packs_mask = 0b0111;
    Bank bank(config);
    bank.pack(0).update_analog(Analog().build(), 0);
    const BankSnapshot& s = bank.update(0);
    EXPECT_EQ(s.modules_online, 1);
    EXPECT_EQ(s.modules_offline, 2);
    EXPECT_TRUE(s.packs[2].known);
    EXPECT_FALSE(s.packs[3].known);
}

TEST(bank_aggregate, CellsInSeriesIsTheSmallestCountOnline) {
    Bank bank;
    bank.pack(0).update_analog(Analog(16).build(), 0);
    bank.pack(1).update_analog(Analog(15).build(), 0);
    EXPECT_EQ(bank.update(0).cells_in_series, 15);
    EXPECT_TRUE(bank.snapshot().mixed_cell_counts);
    bank.pack(0).update_analog(Analog(16).build(), 60'000);
    const BankSnapshot& s = bank.update(60'000);  // the 15-cell pack is stale
    EXPECT_EQ(s.cells_in_series, 16);
    EXPECT_FALSE(s.mixed_cell_counts);
}

TEST(bank_aggregate, ParametersAreUsableOnlyWhenFreshAndPlausible) {
    Bank bank;
    bank.pack(0).update_analog(Analog().build(), 0);
    bank.pack(1).update_analog(Analog().build(), 0);
    bank.pack(0).update_parameters(test::loose_parameters(), 0);
    topband::SystemParameters bad = test::loose_parameters();
    bad.cell_high_mV = 9000;
    bank.pack(1).update_parameters(bad, 0);
    const BankSnapshot& s = bank.update(0);
    EXPECT_TRUE(s.packs[0].parameters_usable);
    EXPECT_EQ(s.packs[0].parameters.cell_high_mV, 3650);
    EXPECT_FALSE(s.packs[1].parameters_usable);
    EXPECT_TRUE(s.packs[1].parameters_implausible);
}

TEST(bank_aggregate, EnergyIsIntegratedBetweenUpdates) {
    Bank bank;
    // 50.00 V × 20.00 A = 1000 W for one hour in 1 s steps.
    for (std::uint64_t t = 0; t <= 3'600'000; t += 1'000) {
        bank.pack(0).update_analog(Analog().voltage_10mV(5000).current_10mA(2000).build(), t);
        bank.update(t);
    }
    EXPECT_EQ(bank.snapshot().charged_Wh, 1000U);
    EXPECT_EQ(bank.snapshot().discharged_Wh, 0U);
    EXPECT_EQ(bank.energy().charged_mWh(), 1'000'000U);
}

TEST(bank_aggregate, EnergySkipsGapsAndOfflineTime) {
    Bank bank;  // energy_max_gap_s = 10
    bank.pack(0).update_analog(Analog().voltage_10mV(5000).current_10mA(-2000).build(), 0);
    bank.update(0);
    bank.update(11'000);  // 11 s gap > energy_max_gap_s: not integrated although the pack is still online
    EXPECT_EQ(bank.energy().discharged_mWh(), 0U);
    bank.update(12'000);  // 1 s at 1000 W discharging
    EXPECT_EQ(bank.energy().discharged_mWh(), 277U);
    bank.update(40'000);  // pack went stale at 20 s; long gap anyway
    bank.update(41'000);  // previous snapshot had no pack online: nothing
    EXPECT_EQ(bank.energy().discharged_mWh(), 277U);
}

TEST(bank_aggregate, EnergyCanBeRestored) {
    Bank bank;
    bank.restore_energy(1234, 567);
    EXPECT_EQ(bank.snapshot().charged_Wh, 1234U);
    EXPECT_EQ(bank.update(0).discharged_Wh, 567U);
}

}  // namespace
}  // namespace tbg::bank
