// The /api/energy document: calendar days and months ending today, zeros where empty, exact kWh decimals.
#include "core/history/energy_json.h"

#include <gtest/gtest.h>

namespace tbg::history {
namespace {

using nlohmann::json;

EnergyLedger sample_ledger() {
    EnergyLedger ledger;
    const DayEnergy days[] = {{{2026, 11, 27}, {3'199'500, 2'900'000}}, {{2026, 12, 1}, {4'100'000, 3'300'499}}};
    const MonthEnergy months[] = {
        {{2026, 11}, {90'000'000, 80'500'000}}, {{2026, 12}, {4'100'000, 3'300'499}}, {{2025, 12}, {1, 499}}};
    std::string error;
    EXPECT_TRUE(ledger.restore(days, months, {}, error)) << error;
    return ledger;
}

TEST(EnergyJson, DaysAndMonthsEndTodayAndAreFilledWithZeros) {
    const json doc = energy_json(sample_ledger(), {2026, 12, 1}, 7, 12, 812'500, 790'100, true);
    EXPECT_EQ(doc["clock_valid"], true);
    EXPECT_EQ(doc["today"], "2026-12-01");
    ASSERT_EQ(doc["days"].size(), 7U);
    const char* const dates[] = {"2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28",
                                 "2026-11-29", "2026-11-30", "2026-12-01"};
    for (std::size_t i = 0; i < 7; ++i) {
        EXPECT_EQ(doc["days"][i]["date"], dates[i]);
        EXPECT_EQ(doc["days"][i].size(), 3U);
    }
    EXPECT_EQ(doc["days"][0].dump(), R"({"charged_kWh":0.0,"date":"2026-11-25","discharged_kWh":0.0})");
    EXPECT_EQ(doc["days"][2].dump(), R"({"charged_kWh":3.2,"date":"2026-11-27","discharged_kWh":2.9})");
    EXPECT_EQ(doc["days"][6].dump(), R"({"charged_kWh":4.1,"date":"2026-12-01","discharged_kWh":3.3})");

    ASSERT_EQ(doc["months"].size(), 12U);
    EXPECT_EQ(doc["months"][0]["month"], "2026-01");
    EXPECT_EQ(doc["months"][10].dump(), R"({"charged_kWh":90.0,"discharged_kWh":80.5,"month":"2026-11"})");
    EXPECT_EQ(doc["months"][11]["month"], "2026-12");
    EXPECT_EQ(doc["months"][11]["charged_kWh"], 4.1);
    EXPECT_EQ(doc["total"].dump(), R"({"charged_kWh":812.5,"discharged_kWh":790.1})");
}

TEST(EnergyJson, RoundsMilliwattHoursToWattHoursFirst) {
    const json doc = energy_json(sample_ledger(), {2026, 12, 1}, 1, 13, 0, 0, true);
    EXPECT_EQ(doc["days"][0]["discharged_kWh"].dump(), "3.3");  // 3 300 499 mWh → 3300 Wh
    EXPECT_EQ(doc["months"][0]["month"], "2025-12");
    EXPECT_EQ(doc["months"][0]["charged_kWh"].dump(), "0.0");     // 1 mWh → 0 Wh
    EXPECT_EQ(doc["months"][0]["discharged_kWh"].dump(), "0.0");  // 499 mWh → 0 Wh
    EnergyLedger ledger;
    const DayEnergy days[] = {{{2026, 12, 1}, {500, 1'234'567}}};
    std::string error;
    ASSERT_TRUE(ledger.restore(days, {}, {}, error)) << error;
    const json one = energy_json(ledger, {2026, 12, 1}, 1, 1, 0, 0, true);
    EXPECT_EQ(one["days"][0]["charged_kWh"].dump(), "0.001");
    EXPECT_EQ(one["days"][0]["discharged_kWh"].dump(), "1.235");
}

TEST(EnergyJson, ListsCrossTheYearEnd) {
    const json doc = energy_json(sample_ledger(), {2027, 1, 2}, 3, 3, 0, 0, true);
    EXPECT_EQ(doc["days"][0]["date"], "2026-12-31");
    EXPECT_EQ(doc["days"][1]["date"], "2027-01-01");
    EXPECT_EQ(doc["days"][2]["date"], "2027-01-02");
    EXPECT_EQ(doc["months"][0]["month"], "2026-11");
    EXPECT_EQ(doc["months"][1]["month"], "2026-12");
    EXPECT_EQ(doc["months"][2]["month"], "2027-01");
    EXPECT_EQ(doc["months"][1]["charged_kWh"], 4.1);
    EXPECT_EQ(doc["months"][2]["charged_kWh"], 0.0);
}

TEST(EnergyJson, CountsAreClampedToTheLedgerLimits) {
    const EnergyLedger ledger = sample_ledger();
    const json doc = energy_json(ledger, {2026, 12, 1}, 1000, 1000, 0, 0, true);
    EXPECT_EQ(doc["days"].size(), 62U);
    EXPECT_EQ(doc["days"][61]["date"], "2026-12-01");
    EXPECT_EQ(doc["months"].size(), 36U);
    EXPECT_EQ(doc["months"][0]["month"], "2024-01");
    const json none = energy_json(ledger, {2026, 12, 1}, -1, 0, 0, 0, true);
    EXPECT_EQ(none["days"], json::array());
    EXPECT_EQ(none["months"], json::array());
}

TEST(EnergyJson, WithoutADateTodayIsNullAndTheListsEmpty) {
    const json doc = energy_json(sample_ledger(), CivilDate{}, 7, 12, 1000, 2000, false);
    EXPECT_EQ(doc["clock_valid"], false);
    EXPECT_TRUE(doc["today"].is_null());
    EXPECT_EQ(doc["days"], json::array());
    EXPECT_EQ(doc["months"], json::array());
    EXPECT_EQ(doc["total"]["charged_kWh"], 1.0);
    EXPECT_EQ(doc["total"]["discharged_kWh"], 2.0);
}

TEST(EnergyJson, AnUnsetClockIsReportedWithTheLastKnownDate) {
    const json doc = energy_json(sample_ledger(), {2026, 12, 1}, 1, 1, 0, 0, false);
    EXPECT_EQ(doc["clock_valid"], false);
    EXPECT_EQ(doc["today"], "2026-12-01");
    EXPECT_EQ(doc["days"][0]["charged_kWh"], 4.1);
}

}  // namespace
}  // namespace tbg::history
