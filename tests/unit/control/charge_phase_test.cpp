#include "core/control/charge_phase.h"

#include <gtest/gtest.h>

namespace tbg::control {
namespace {

constexpr std::uint64_t kDay = 86'400'000;

// A bank at absorption voltage, balanced, tail current: the inputs that complete absorption.
PhaseInputs topped_up() {
    PhaseInputs in;
    in.data_valid = true;
    in.voltage_10mV = 5520;
    in.bulk_cvl_dV = 552;
    in.current_dA = 20;
    in.online_packs = 1;
    in.max_cell_mV = 3450;
    in.spread_mV = 5;
    in.ccl_taper_start_mV = 3450;
    in.soc_valid = true;
    in.soc_centipct = 10000;
    return in;
}

// Runs `machine` from bulk through a completed absorption into float at t (returns the time).
std::uint64_t to_float(PhaseMachine& machine, const ControlConfig& config, std::uint64_t t) {
    machine.update(topped_up(), config, t);
    machine.update(topped_up(), config, t + 1'000);
    machine.update(topped_up(), config, t + 901'000);
    return t + 901'000;
}

TEST(control_phase, StartsInBulk) {
    const PhaseMachine machine;
    EXPECT_EQ(machine.phase(), ChargePhase::kBulk);
    EXPECT_EQ(machine.reason().view(), "bulk: start");
}

TEST(control_phase, CompletedAbsorptionLeadsToFloat) {
    const ControlConfig config;
    PhaseMachine machine;
    machine.update(topped_up(), config, 0);
    EXPECT_EQ(machine.phase(), ChargePhase::kAbsorption);
    machine.update(topped_up(), config, 1'000);  // balanced since 1 s
    machine.update(topped_up(), config, 900'999);
    EXPECT_EQ(machine.phase(), ChargePhase::kAbsorption);
    machine.update(topped_up(), config, 901'000);
    EXPECT_EQ(machine.phase(), ChargePhase::kFloat);
    EXPECT_EQ(machine.since_full_charge_ms(901'000), 0U);
}

TEST(control_phase, TailConditionsMustHoldWithoutABreak) {
    const ControlConfig config;
    PhaseMachine machine;
    machine.update(topped_up(), config, 0);
    machine.update(topped_up(), config, 1'000);
    PhaseInputs busy = topped_up();
    busy.current_dA = 51;  // above the tail current of 5.0 A per pack
    machine.update(busy, config, 500'000);
    machine.update(topped_up(), config, 600'000);
    machine.update(topped_up(), config, 1'400'000);
    EXPECT_EQ(machine.phase(), ChargePhase::kAbsorption);
    machine.update(topped_up(), config, 1'500'000);
    EXPECT_EQ(machine.phase(), ChargePhase::kFloat);
}

TEST(control_phase, AbsorptionEndsAfterItsTimeLimitAtVoltage) {
    const ControlConfig config;
    PhaseMachine machine;
    PhaseInputs unbalanced = topped_up();
    unbalanced.spread_mV = 30;
    std::uint64_t t = 0;
    machine.update(unbalanced, config, t);
    for (int i = 0; i < 14400 / 60; ++i) {
        EXPECT_EQ(machine.phase(), ChargePhase::kAbsorption) << i;
        t += 60'000;
        machine.update(unbalanced, config, t);
    }
    EXPECT_EQ(machine.phase(), ChargePhase::kFloat);
    EXPECT_EQ(machine.reason().view(), "float: absorption time limit 14400 s, spread 30 mV");
}

TEST(control_phase, TimeBelowAbsorptionVoltageDoesNotCount) {
    const ControlConfig config;
    PhaseMachine machine;
    PhaseInputs unbalanced = topped_up();
    unbalanced.spread_mV = 30;
    machine.update(unbalanced, config, 0);
    PhaseInputs night = unbalanced;
    night.voltage_10mV = 5200;
    night.max_cell_mV = 3250;
    machine.update(night, config, 60'000);
    machine.update(night, config, 10 * 3'600'000ULL);
    EXPECT_EQ(machine.phase(), ChargePhase::kAbsorption);
    EXPECT_EQ(machine.at_voltage_ms(), 0U);
}

TEST(control_phase, RunnerCellEntersAbsorptionBelowTheEntryVoltage) {
    const ControlConfig config;
    PhaseMachine machine;
    PhaseInputs in = topped_up();
    in.voltage_10mV = 5400;
    in.max_cell_mV = 3460;
    machine.update(in, config, 0);
    EXPECT_EQ(machine.phase(), ChargePhase::kAbsorption);
    EXPECT_EQ(machine.reason().view(), "absorption: highest cell at 3.460 V");
}

TEST(control_phase, NoAbsorptionWhileChargeIsStopped) {
    const ControlConfig config;
    PhaseMachine machine;
    PhaseInputs in = topped_up();
    in.charge_stopped = true;
    machine.update(in, config, 0);
    EXPECT_EQ(machine.phase(), ChargePhase::kBulk);
}

TEST(control_phase, RebulkOnSocOrSpread) {
    const ControlConfig config;
    PhaseMachine machine;
    std::uint64_t t = to_float(machine, config, 0);
    ASSERT_EQ(machine.phase(), ChargePhase::kFloat);
    PhaseInputs in = topped_up();
    in.spread_mV = 80;
    machine.update(in, config, t += 1'000);
    EXPECT_EQ(machine.phase(), ChargePhase::kFloat);
    in.spread_mV = 81;
    machine.update(in, config, t += 1'000);
    EXPECT_EQ(machine.phase(), ChargePhase::kBulk);
    EXPECT_EQ(machine.reason().view(), "bulk: cell spread 81 mV above 80 mV");

    PhaseMachine soc;
    t = to_float(soc, config, 0);
    in = topped_up();
    in.soc_centipct = 8999;
    soc.update(in, config, t + 1'000);
    EXPECT_EQ(soc.phase(), ChargePhase::kBulk);
}

TEST(control_phase, NoRebulkWhileACutOffHolds) {
    const ControlConfig config;
    PhaseMachine machine;
    const std::uint64_t t = to_float(machine, config, 0);
    PhaseInputs in = topped_up();
    in.soc_centipct = 1000;
    in.spread_mV = 400;
    in.hold_rebulk = true;  // e.g. a cell under-voltage cut-off
    machine.update(in, config, t + 1'000);
    EXPECT_EQ(machine.phase(), ChargePhase::kFloat);
    in.hold_rebulk = false;
    in.charge_stopped = true;
    machine.update(in, config, t + 2'000);
    EXPECT_EQ(machine.phase(), ChargePhase::kFloat);
    in.charge_stopped = false;
    machine.update(in, config, t + 3'000);
    EXPECT_EQ(machine.phase(), ChargePhase::kBulk);
}

TEST(control_phase, PeriodicFullCharge) {
    const ControlConfig config;
    PhaseMachine machine;
    const std::uint64_t t = to_float(machine, config, 0);
    PhaseInputs in = topped_up();
    in.soc_centipct = 9600;
    machine.update(in, config, t + 14 * kDay - 1);
    EXPECT_EQ(machine.phase(), ChargePhase::kFloat);
    EXPECT_FALSE(machine.full_charge_due(config, t + 14 * kDay - 1));
    machine.update(in, config, t + 14 * kDay);
    EXPECT_TRUE(machine.full_charge_due(config, t + 14 * kDay));
    EXPECT_EQ(machine.phase(), ChargePhase::kBulk);
    EXPECT_EQ(machine.reason().view(), "bulk: periodic full charge, none for 14 days");
    to_float(machine, config, t + 14 * kDay + 1'000);
    EXPECT_FALSE(machine.full_charge_due(config, t + 14 * kDay + 902'000));

    ControlConfig off;
    off.full_charge_interval_days = 0;
    PhaseMachine never;
    const std::uint64_t u = to_float(never, off, 0);
    never.update(in, off, u + 100 * kDay);
    EXPECT_EQ(never.phase(), ChargePhase::kFloat);
}

TEST(control_phase, NothingHappensWithoutData) {
    const ControlConfig config;
    PhaseMachine machine;
    PhaseInputs in = topped_up();
    in.data_valid = false;
    machine.update(in, config, 0);
    machine.update(in, config, 10 * kDay);
    EXPECT_EQ(machine.phase(), ChargePhase::kBulk);
}

// Drives `machine` through an absorption that never converges (spread 100 mV, above rebulk_spread_mV) until its
// time limit ends it; returns the time of the switch to float.
std::uint64_t to_float_by_time_limit(PhaseMachine& machine, const ControlConfig& config, const PhaseInputs& in) {
    std::uint64_t t = 0;
    machine.update(in, config, t);
    while (machine.phase() != ChargePhase::kFloat && t < 20'000'000) {
        t += 60'000;
        machine.update(in, config, t);
    }
    return t;
}

// A persistent spread must not loop absorption → float (time limit) → bulk (spread) → absorption every second.
TEST(control_phase, NoSpreadRebulkAfterAnAbsorptionTimeLimit) {
    const ControlConfig config;
    PhaseMachine machine;
    PhaseInputs spread = topped_up();
    spread.spread_mV = 100;  // > rebulk_spread_mV 80, never converges
    std::uint64_t t = to_float_by_time_limit(machine, config, spread);
    ASSERT_EQ(machine.phase(), ChargePhase::kFloat);
    EXPECT_EQ(machine.reason().view(), "float: absorption time limit 14400 s, spread 100 mV");
    for (int i = 0; i < 3600; ++i) {
        t += 1'000;
        machine.update(spread, config, t);
        ASSERT_EQ(machine.phase(), ChargePhase::kFloat) << i << ": " << machine.reason().view();
        ASSERT_TRUE(machine.spread_unresolved());
    }
    PhaseInputs low_soc = spread;
    low_soc.soc_centipct = 8999;  // SOC still re-bulks
    machine.update(low_soc, config, t + 1'000);
    EXPECT_EQ(machine.phase(), ChargePhase::kBulk);
    EXPECT_FALSE(machine.spread_unresolved());
}

TEST(control_phase, PeriodicFullChargeStillRebulksAfterAnAbsorptionTimeLimit) {
    const ControlConfig config;  // 14 days
    PhaseMachine machine;
    PhaseInputs spread = topped_up();
    spread.spread_mV = 100;
    const std::uint64_t t = to_float_by_time_limit(machine, config, spread);
    machine.update(spread, config, t + 14 * kDay - 1'000);
    EXPECT_EQ(machine.phase(), ChargePhase::kFloat);
    machine.update(spread, config, t + 14 * kDay);
    EXPECT_EQ(machine.phase(), ChargePhase::kBulk);
}

TEST(control_phase, SpreadRebulksAgainAfterACompletedAbsorption) {
    const ControlConfig config;
    PhaseMachine machine;
    PhaseInputs spread = topped_up();
    spread.spread_mV = 100;
    std::uint64_t t = to_float_by_time_limit(machine, config, spread);
    PhaseInputs low_soc = topped_up();
    low_soc.soc_centipct = 8000;
    machine.update(low_soc, config, t += 1'000);
    ASSERT_EQ(machine.phase(), ChargePhase::kBulk);
    t = to_float(machine, config, t + 1'000);  // this absorption completes: the cells converged
    ASSERT_EQ(machine.phase(), ChargePhase::kFloat);
    machine.update(spread, config, t + 1'000);
    EXPECT_EQ(machine.phase(), ChargePhase::kBulk);
    EXPECT_EQ(machine.reason().view(), "bulk: cell spread 100 mV above 80 mV");
}

TEST(control_phase, DischargeCurrentIsNoTailCurrent) {
    const ControlConfig config;
    PhaseMachine machine;
    PhaseInputs discharging = topped_up();
    discharging.current_dA = -300;  // the bank is being discharged at absorption voltage (e.g. a load on a PV peak)
    machine.update(discharging, config, 0);
    ASSERT_EQ(machine.phase(), ChargePhase::kAbsorption);
    machine.update(discharging, config, 1'000);
    machine.update(discharging, config, 901'000);
    machine.update(discharging, config, 1'801'000);
    EXPECT_EQ(machine.phase(), ChargePhase::kAbsorption);
    machine.update(topped_up(), config, 1'802'000);  // charging at the tail current: the hold starts only now
    machine.update(topped_up(), config, 2'701'999);
    EXPECT_EQ(machine.phase(), ChargePhase::kAbsorption);
    machine.update(topped_up(), config, 2'702'000);
    EXPECT_EQ(machine.phase(), ChargePhase::kFloat);
}

}  // namespace
}  // namespace tbg::control
