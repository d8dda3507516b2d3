#include "core/bank/pack_state.h"

#include <gtest/gtest.h>

#include "tests/unit/bank/test_packs.h"

namespace tbg::bank {
namespace {

TEST(bank_pack_state, NothingReceivedIsNeitherFreshNorOnline) {
    const PackState pack;
    for (const DataGroup group : {DataGroup::kAnalog, DataGroup::kAlarm, DataGroup::kParameters, DataGroup::kInfo}) {
        EXPECT_FALSE(pack.received(group));
        EXPECT_FALSE(pack.fresh(group, 0));
        EXPECT_FALSE(pack.age_ms(group, 1000).has_value());
    }
    EXPECT_FALSE(pack.online(0));
    EXPECT_EQ(pack.fresh_analog(0), nullptr);
}

TEST(bank_pack_state, AnalogIsFreshUpToItsMaxAgeInclusive) {
    PackState pack;  // default limits: analog 20 s
    ASSERT_TRUE(pack.update_analog(test::Analog().build(), 5'000));
    EXPECT_EQ(pack.received_ms(DataGroup::kAnalog), 5'000U);
    EXPECT_EQ(pack.age_ms(DataGroup::kAnalog, 15'000), 10'000U);
    EXPECT_TRUE(pack.online(25'000));
    EXPECT_NE(pack.fresh_analog(25'000), nullptr);
    EXPECT_FALSE(pack.online(25'001));
    EXPECT_EQ(pack.fresh_analog(25'001), nullptr);
    // Stale data stays readable for display.
    EXPECT_EQ(pack.analog().cell_count, 16);
}

TEST(bank_pack_state, EachGroupHasItsOwnTimestampAndLimit) {
    StalenessLimits limits;
    limits.max_age_ms = {1'000, 2'000, 3'000, 4'000};
    PackState pack(limits);
    pack.update_analog(test::Analog().build(), 0);
    pack.update_alarm(test::status(), 500);
    pack.update_parameters(test::loose_parameters(), 1'000);
    pack.update_info(topband::ManufacturerInfo{}, 1'500);
    EXPECT_FALSE(pack.fresh(DataGroup::kAnalog, 1'001));
    EXPECT_TRUE(pack.fresh(DataGroup::kAlarm, 2'500));
    EXPECT_FALSE(pack.fresh(DataGroup::kAlarm, 2'501));
    EXPECT_TRUE(pack.fresh(DataGroup::kParameters, 4'000));
    EXPECT_FALSE(pack.fresh(DataGroup::kParameters, 4'001));
    EXPECT_TRUE(pack.fresh(DataGroup::kInfo, 5'500));
    EXPECT_FALSE(pack.fresh(DataGroup::kInfo, 5'501));
    EXPECT_NE(pack.fresh_alarm(2'000), nullptr);
    EXPECT_NE(pack.fresh_parameters(2'000), nullptr);
    EXPECT_NE(pack.fresh_info(2'000), nullptr);
    EXPECT_EQ(pack.fresh_info(6'000), nullptr);
}

TEST(bank_pack_state, NewDataRefreshesItsGroupOnly) {
    PackState pack;
    pack.update_analog(test::Analog().build(), 0);
    pack.update_alarm(test::status(), 0);
    pack.update_analog(test::Analog(16, 3400).build(), 50'000);
    EXPECT_TRUE(pack.online(60'000));
    EXPECT_EQ(pack.analog().cell_mV[0], 3400);
    EXPECT_FALSE(pack.fresh(DataGroup::kAlarm, 60'001));
}

TEST(bank_pack_state, RejectsDataThatCannotDescribeAPack) {
    PackState pack;
    topband::AnalogValues no_cells = test::Analog().build();
    no_cells.cell_count = 0;
    EXPECT_FALSE(pack.update_analog(no_cells, 0));
    EXPECT_FALSE(pack.received(DataGroup::kAnalog));

    ASSERT_TRUE(pack.update_analog(test::Analog().build(), 0));
    topband::AnalogValues too_many = test::Analog().build();
    too_many.temp_count = static_cast<std::uint8_t>(topband::kMaxTemperatures + 1);
    EXPECT_FALSE(pack.update_analog(too_many, 10'000));
    EXPECT_EQ(pack.received_ms(DataGroup::kAnalog), 0U);  // previous data and time kept

    topband::AlarmInfo bad_status = test::status();
    bad_status.status_byte_count = static_cast<std::uint8_t>(topband::kMaxStatusBytes + 1);
    EXPECT_FALSE(pack.update_alarm(bad_status, 0));
    EXPECT_FALSE(pack.received(DataGroup::kAlarm));
}

TEST(bank_pack_state, TimeBeforeTheReceptionCountsAsAgeZero) {
    PackState pack;
    pack.update_analog(test::Analog().build(), 10'000);
    EXPECT_EQ(pack.age_ms(DataGroup::kAnalog, 9'000), 0U);
    EXPECT_TRUE(pack.online(9'000));
}

TEST(bank_pack_state, ClearForgetsEverything) {
    PackState pack;
    pack.update_analog(test::Analog().build(), 0);
    pack.update_alarm(test::status(), 0);
    pack.clear();
    EXPECT_FALSE(pack.received(DataGroup::kAnalog));
    EXPECT_FALSE(pack.received(DataGroup::kAlarm));
    EXPECT_EQ(pack.analog().cell_count, 0);
}

TEST(bank_pack_state, LimitsComeFromTheBankConfigInSeconds) {
    BankConfig config;
    config.analog_max_age_s = 7;
    config.alarm_max_age_s = 11;
    config.parameters_max_age_s = 13;
    config.info_max_age_s = 17;
    const StalenessLimits limits = staleness_limits(config);
    EXPECT_EQ(limits[DataGroup::kAnalog], 7'000U);
    EXPECT_EQ(limits[DataGroup::kAlarm], 11'000U);
    EXPECT_EQ(limits[DataGroup::kParameters], 13'000U);
    EXPECT_EQ(limits[DataGroup::kInfo], 17'000U);
    EXPECT_EQ(to_string(DataGroup::kParameters), "parameters");
}

TEST(bank_config, DefaultsAreValidAndBoundsAreEnforced) {
    EXPECT_TRUE(BankConfig{}.validate().empty());
    BankConfig config;
    config.analog_max_age_s = 1;
    config.expected_packs_mask = 0x10000;
    const ConfigErrors errors = config.validate();
    ASSERT_EQ(errors.size(), 2U);
    EXPECT_EQ(errors[0].key, "analog_max_age_s");
    EXPECT_EQ(errors[0].value, 1);
    EXPECT_EQ(errors[0].min, 2);
    EXPECT_EQ(errors[0].max, 300);
    EXPECT_EQ(errors[0].message, "analog_max_age_s = 1 is outside 2…300");
    EXPECT_EQ(errors[1].key, "expected_packs_mask");
}

}  // namespace
}  // namespace tbg::bank

namespace tbg::bank {
namespace {

TEST(bank_pack_state_link, LinkLostMakesEveryGroupStaleUntilTheNextUpdate) {
    PackState pack;
    topband::AnalogValues values;
    values.cell_count = 16;
    values.cell_mV.fill(3300);
    ASSERT_TRUE(pack.update_analog(values, 1000));
    pack.update_parameters(topband::SystemParameters{}, 1000);
    ASSERT_TRUE(pack.online(1500));
    pack.set_link_lost(true);
    EXPECT_FALSE(pack.online(1500));
    EXPECT_EQ(pack.fresh_analog(1500), nullptr);
    EXPECT_EQ(pack.fresh_parameters(1500), nullptr);
    EXPECT_TRUE(pack.received(DataGroup::kAnalog)) << "the data is kept for display";
    ASSERT_TRUE(pack.update_analog(values, 2000));
    EXPECT_FALSE(pack.link_lost());
    EXPECT_TRUE(pack.online(2000));
}

}  // namespace
}  // namespace tbg::bank
