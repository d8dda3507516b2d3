// The bank and pack status documents: units in the key names, null for what is not known, labelled positions.
#include "core/api/status_json.h"

#include <gtest/gtest.h>

#include "core/bank/bank.h"
#include "tests/unit/bank/test_packs.h"

namespace tbg::api {
namespace {

using nlohmann::json;

control::ControlOutput sample_output() {
    control::ControlOutput out;
    out.alarms.fill(control::AlarmLevel::kOk);
    out.cvl_dV = 552;
    out.ccl_dA = 1200;
    out.dcl_dA = 1500;
    out.dvl_dV = 480;
    out.cvl_reason = control::ReasonText("CVL 55.2 V: bulk");
    out.ccl_reason = control::ReasonText("CCL 120.0 A: pack 2 cell 7 at 3.520 V");
    out.state = control::ChargeState::kAbsorption;
    out.phase = control::ChargePhase::kAbsorption;
    out.failsafe = false;
    out.charge_stopped = false;
    out.discharge_stopped = false;
    out.alarm(control::AlarmCondition::kCellImbalance) = control::AlarmLevel::kWarning;
    out.alarm(control::AlarmCondition::kContactor) = control::AlarmLevel::kNotSupported;
    return out;
}

TEST(StatusJson, BankDocumentCarriesValuesLimitsReasonsAndAlarms) {
    bank::Bank bank;
    bank.pack(0).update_analog(test::Analog().cell(7, 3352).temps(215).current_dA(-123).build(), 1000);
    bank.pack(2).update_analog(test::Analog().cell(3, 3281).build(), 1000);
    bank.restore_energy(12345, 678);
    const bank::BankSnapshot& snapshot = bank.update(1000);
    const json doc = bank_status_json(snapshot, sample_output());
    EXPECT_EQ(doc["online"], true);
    EXPECT_DOUBLE_EQ(doc["soc_pct"].get<double>(), 50.0);
    EXPECT_EQ(doc["soc_basis"], "capacity");
    EXPECT_DOUBLE_EQ(doc["current_A"].get<double>(), -12.3);
    EXPECT_EQ(doc["cell_max"]["label"], "pack 0 cell 7");
    EXPECT_DOUBLE_EQ(doc["cell_max"]["V"].get<double>(), 3.352);
    EXPECT_EQ(doc["cell_min"]["label"], "pack 2 cell 3");
    EXPECT_EQ(doc["cell_spread_mV"], 3352 - 3281);
    EXPECT_DOUBLE_EQ(doc["temperature_max_C"].get<double>(), 25.0);
    EXPECT_DOUBLE_EQ(doc["temperature_min_C"].get<double>(), 21.5);
    EXPECT_EQ(doc["temperature_min_at"], "pack 0 sensor 1");
    EXPECT_DOUBLE_EQ(doc["limits"]["cvl_V"].get<double>(), 55.2);
    EXPECT_DOUBLE_EQ(doc["limits"]["ccl_A"].get<double>(), 120.0);
    EXPECT_EQ(doc["limits"]["ccl_reason"], "CCL 120.0 A: pack 2 cell 7 at 3.520 V");
    EXPECT_EQ(doc["charge_state"], "absorption");
    EXPECT_EQ(doc["alarms"]["cell_imbalance"], "warning");
    EXPECT_EQ(doc["alarms"]["contactor"], "not_supported");
    EXPECT_EQ(doc["alarms"]["general"], "ok");
    EXPECT_EQ(doc["alarms_active"], json::array({"cell_imbalance"}));
    EXPECT_EQ(doc["modules"]["online"], 2);
    EXPECT_DOUBLE_EQ(doc["energy"]["charged_kWh"].get<double>(), 12.345);
    EXPECT_EQ(doc["energy"]["discharged_Wh"], 678);
    EXPECT_DOUBLE_EQ(doc["capacity"]["installed_Ah"].get<double>(), 200.0);
}

TEST(StatusJson, NoPackOnlineGivesNullsNotZeros) {
    bank::Bank bank;
    const json doc = bank_status_json(bank.update(0), control::ControlOutput{});
    EXPECT_EQ(doc["online"], false);
    EXPECT_TRUE(doc["soc_pct"].is_null());
    EXPECT_TRUE(doc["voltage_V"].is_null());
    EXPECT_TRUE(doc["cell_min"].is_null());
    EXPECT_TRUE(doc["temperature_max_C"].is_null());
    EXPECT_EQ(doc["charge_state"], "failsafe");
    EXPECT_EQ(doc["failsafe"], true);
}

TEST(StatusJson, PackDocumentListsCellsSensorsCountersAndAges) {
    bank::Bank bank;
    bank.pack(3).update_analog(test::Analog().cell(16, 3333).temp(6, 401).build(), 1000);
    const bank::BankSnapshot& snapshot = bank.update(3500);
    app::PackCounters counters;
    counters.polls = 10;
    counters.replies = 8;
    counters.timeouts = 2;
    counters.response_time_sum_ms = 800;
    const json doc = pack_status_json(snapshot.packs[3], bank.pack(3), counters, app::Presence::kOnline, 3500);
    EXPECT_EQ(doc["address"], 3);
    EXPECT_EQ(doc["presence"], "online");
    ASSERT_EQ(doc["cells_V"].size(), 16U);
    EXPECT_DOUBLE_EQ(doc["cells_V"][15].get<double>(), 3.333);
    ASSERT_EQ(doc["temperatures"].size(), 7U);
    EXPECT_EQ(doc["temperatures"][0]["role"], "cell");
    EXPECT_EQ(doc["temperatures"][5]["sensor"], 6);
    EXPECT_DOUBLE_EQ(doc["temperatures"][5]["C"].get<double>(), 40.1);
    EXPECT_EQ(doc["temperatures"][6]["role"], "mosfet");
    EXPECT_EQ(doc["counters"]["timeouts"], 2);
    EXPECT_EQ(doc["counters"]["response_mean_ms"], 100);
    EXPECT_DOUBLE_EQ(doc["data_age_s"]["analog"].get<double>(), 2.5);
    EXPECT_TRUE(doc["data_age_s"]["alarm"].is_null());
    EXPECT_EQ(doc["cell_max"]["label"], "pack 3 cell 16");
}

TEST(StatusJson, NeverSeenPackHasNoCells) {
    bank::Bank bank;
    const json doc =
        pack_status_json(bank.update(0).packs[5], bank.pack(5), app::PackCounters{}, app::Presence::kAbsent, 0);
    EXPECT_EQ(doc["presence"], "absent");
    EXPECT_TRUE(doc["cells_V"].is_null());
    EXPECT_TRUE(doc["voltage_V"].is_null());
}

}  // namespace
}  // namespace tbg::api
