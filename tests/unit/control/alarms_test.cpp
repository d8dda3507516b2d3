// 0x35A condition levels and the Pylontech request flags.
#include <gtest/gtest.h>

#include "tests/unit/control/control_rig.h"

namespace tbg::control {
namespace {

using test::Analog;
using test::Rig;

TEST(control_alarms, CellImbalanceWarnsAndAlarmsWithHysteresis) {
    Rig rig;
    rig.pack(0, Analog().cell(2, 3399));  // spread 99 mV
    EXPECT_EQ(rig.run(2).alarm(AlarmCondition::kCellImbalance), AlarmLevel::kOk);
    rig.pack(0, Analog().cell(2, 3400));
    EXPECT_EQ(rig.step().alarm(AlarmCondition::kCellImbalance), AlarmLevel::kWarning);
    rig.pack(0, Analog().cell(2, 3500));
    EXPECT_EQ(rig.step().alarm(AlarmCondition::kCellImbalance), AlarmLevel::kAlarm);
    rig.pack(0, Analog().cell(2, 3481));
    EXPECT_EQ(rig.step().alarm(AlarmCondition::kCellImbalance), AlarmLevel::kAlarm);
    rig.pack(0, Analog().cell(2, 3480));
    EXPECT_EQ(rig.step().alarm(AlarmCondition::kCellImbalance), AlarmLevel::kWarning);
    rig.pack(0, Analog().cell(2, 3380));
    EXPECT_EQ(rig.step().alarm(AlarmCondition::kCellImbalance), AlarmLevel::kOk);
}

TEST(control_alarms, BmsBitsMapToTheirConditions) {
    struct Case {
        std::size_t bit;
        AlarmCondition condition;
        AlarmLevel level;
    };
    const Case cases[] = {
        {0, AlarmCondition::kHighVoltage, AlarmLevel::kAlarm},
        {3, AlarmCondition::kHighVoltage, AlarmLevel::kWarning},
        {40, AlarmCondition::kHighVoltage, AlarmLevel::kWarning},
        {58, AlarmCondition::kHighVoltage, AlarmLevel::kAlarm},
        {1, AlarmCondition::kLowVoltage, AlarmLevel::kWarning},
        {7, AlarmCondition::kLowVoltage, AlarmLevel::kWarning},
        {12, AlarmCondition::kLowVoltage, AlarmLevel::kAlarm},
        {13, AlarmCondition::kLowVoltage, AlarmLevel::kAlarm},
        {45, AlarmCondition::kHighTemperature, AlarmLevel::kWarning},
        {59, AlarmCondition::kHighTemperature, AlarmLevel::kAlarm},
        {44, AlarmCondition::kLowTemperature, AlarmLevel::kWarning},
        {4, AlarmCondition::kHighDischargeCurrent, AlarmLevel::kAlarm},
        {46, AlarmCondition::kHighDischargeCurrent, AlarmLevel::kWarning},
        {56, AlarmCondition::kHighDischargeCurrent, AlarmLevel::kAlarm},
        {2, AlarmCondition::kHighChargeCurrent, AlarmLevel::kAlarm},
        {47, AlarmCondition::kHighChargeCurrent, AlarmLevel::kWarning},
        {11, AlarmCondition::kShortCircuit, AlarmLevel::kAlarm},
        {53, AlarmCondition::kBmsInternal, AlarmLevel::kAlarm},
        {55, AlarmCondition::kBmsInternal, AlarmLevel::kAlarm},
    };
    for (const Case& c : cases) {
        Rig rig;
        rig.pack(0, Analog()).pack(1, Analog()).status(1, test::status({c.bit}));
        const ControlOutput& o = rig.run(2);
        EXPECT_EQ(o.alarm(c.condition), c.level) << "bit " << c.bit << " " << to_string(c.condition);
    }
}

TEST(control_alarms, CellTemperatureProtectionSideFollowsThePackTemperature) {
    Rig cold;
    cold.pack(0, Analog().temps(-150)).status(0, test::status({5}));
    EXPECT_EQ(cold.run(2).alarm(AlarmCondition::kLowTemperature), AlarmLevel::kAlarm);
    EXPECT_EQ(cold.step().alarm(AlarmCondition::kHighTemperature), AlarmLevel::kOk);

    Rig warm;
    warm.pack(0, Analog().temps(420)).status(0, test::status({6}));
    const ControlOutput& o = warm.run(2);
    EXPECT_EQ(o.alarm(AlarmCondition::kHighTemperatureCharge), AlarmLevel::kAlarm);
    EXPECT_EQ(o.alarm(AlarmCondition::kLowTemperatureCharge), AlarmLevel::kOk);
}

TEST(control_alarms, StaleStatusRaisesNothing) {
    Rig rig;
    rig.pack(0, Analog()).status(0, test::status({11}));
    EXPECT_EQ(rig.run(2).alarm(AlarmCondition::kShortCircuit), AlarmLevel::kAlarm);
    rig.status(0, test::status());
    EXPECT_EQ(rig.step().alarm(AlarmCondition::kShortCircuit), AlarmLevel::kOk);
}

TEST(control_alarms, GeneralWarningForMixedCellCounts) {
    Rig rig;
    rig.pack(0, Analog(16)).pack(1, Analog(15));
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.alarm(AlarmCondition::kGeneral), AlarmLevel::kWarning);
    EXPECT_EQ(o.cvl_dV, 517);  // the smaller count sets the CVL
}

TEST(control_alarms, TemperatureWarningsInTheDeratingBands) {
    Rig rig;
    rig.pack(0, Analog().temps(460));
    const ControlOutput& o = rig.run(2);
    EXPECT_EQ(o.alarm(AlarmCondition::kHighTemperatureCharge), AlarmLevel::kWarning);
    EXPECT_EQ(o.alarm(AlarmCondition::kHighTemperature), AlarmLevel::kOk);
    rig.pack(0, Analog().temps(560));
    EXPECT_EQ(rig.step().alarm(AlarmCondition::kHighTemperature), AlarmLevel::kWarning);
}

TEST(control_alarms, ConditionNamesFollowTheSpec) {
    EXPECT_EQ(to_string(AlarmCondition::kGeneral), "general");
    EXPECT_EQ(to_string(AlarmCondition::kHighTemperatureCharge), "high_temperature_charge");
    EXPECT_EQ(to_string(AlarmCondition::kBmsInternal), "bms_internal");
    EXPECT_EQ(to_string(AlarmCondition::kCellImbalance), "cell_imbalance");
    EXPECT_EQ(to_string(AlarmLevel::kNotSupported), "not_supported");
    EXPECT_EQ(to_string(ChargeState::kFailsafe), "failsafe");
    EXPECT_EQ(to_string(ChargePhase::kAbsorption), "absorption");
}

}  // namespace
}  // namespace tbg::control
