// The /api/history document: columnar series, null gaps, exact decimals, the minute in progress, max_points.
#include "core/history/history_json.h"

#include <gtest/gtest.h>

#include "tests/unit/history/snapshots.h"

namespace tbg::history {
namespace {

using nlohmann::json;
using test::offline;
using test::online;
using test::with_cells;
using test::with_soc;
using test::with_temps;

const char* const kSeries[] = {"t",         "power_W",           "voltage_V",         "current_A",
                               "soc_pct",   "temperature_min_C", "temperature_max_C", "cell_min_V",
                               "cell_max_V"};

// Minute 0 online, minute 1 offline, minute 2 skipped, minute 3 in progress without SOC or temperature.
MinuteHistory sample_history() {
    MinuteHistory history;
    history.add(with_cells(with_temps(with_soc(online(-650, 5283, -123), 6260), 215, 240), 3298, 3312), 0,
                1'764'612'000);
    history.add(offline(), MinuteHistory::kMinuteMs, 1'764'612'060);
    history.add(online(-655, 5280, -124), 3 * MinuteHistory::kMinuteMs + 500, 1'764'612'180);
    return history;
}

TEST(HistoryJson, EmptyHistoryHasEmptySeries) {
    const json doc = history_json(MinuteHistory(), 2880);
    EXPECT_EQ(doc["interval_s"], 60);
    EXPECT_EQ(doc["hours"], 48);
    EXPECT_EQ(doc["points"], 0);
    for (const char* key : kSeries) {
        ASSERT_TRUE(doc.contains(key)) << key;
        EXPECT_EQ(doc[key], json::array()) << key;
    }
    EXPECT_EQ(doc.size(), 12U);
}

TEST(HistoryJson, SeriesCarryExactValuesAndNullGaps) {
    const json doc = history_json(sample_history(), 2880);
    EXPECT_EQ(doc["points"], 4);
    EXPECT_EQ(doc["t"], json::parse("[1764612000, 1764612060, 1764612120, 1764612180]"));
    EXPECT_EQ(doc["power_W"].dump(), "[-650,null,null,-655]");
    EXPECT_EQ(doc["voltage_V"].dump(), "[52.83,null,null,52.8]");
    EXPECT_EQ(doc["current_A"].dump(), "[-12.3,null,null,-12.4]");
    EXPECT_EQ(doc["soc_pct"].dump(), "[62.6,null,null,null]");
    EXPECT_EQ(doc["temperature_min_C"].dump(), "[21.5,null,null,null]");
    EXPECT_EQ(doc["temperature_max_C"].dump(), "[24.0,null,null,null]");
    EXPECT_EQ(doc["cell_min_V"].dump(), "[3.298,null,null,3.3]");
    EXPECT_EQ(doc["cell_max_V"].dump(), "[3.312,null,null,3.31]");
    for (const char* key : kSeries) {
        EXPECT_EQ(doc[key].size(), 4U) << key;
    }
}

TEST(HistoryJson, TimeIsNullWithoutWallClock) {
    MinuteHistory history;
    history.add(online(1, 1, 1), 0, std::nullopt);
    history.add(online(1, 1, 1), MinuteHistory::kMinuteMs, 100);
    const json doc = history_json(history, 2880);
    EXPECT_EQ(doc["t"].dump(), "[null,100]");
    EXPECT_EQ(doc["power_W"].dump(), "[1,1]");
}

TEST(HistoryJson, MaxPointsKeepsTheMostRecentEndingWithTheMinuteInProgress) {
    MinuteHistory history;
    for (std::uint64_t minute = 0; minute < 10; ++minute) {
        history.add(online(static_cast<std::int32_t>(minute), 1, 1), minute * MinuteHistory::kMinuteMs, std::nullopt);
    }
    const json doc = history_json(history, 3);
    EXPECT_EQ(doc["points"], 3);
    EXPECT_EQ(doc["power_W"].dump(), "[7,8,9]");
    EXPECT_EQ(doc["hours"], 1);
    EXPECT_EQ(history_json(history, 60)["points"], 10);
    EXPECT_EQ(history_json(history, 61)["hours"], 2);
    const json none = history_json(history, 0);
    EXPECT_EQ(none["points"], 0);
    EXPECT_EQ(none["power_W"], json::array());
}

TEST(HistoryJson, FullRingPlusTheMinuteInProgress) {
    MinuteHistory history(120);
    for (std::uint64_t minute = 0; minute < 200; ++minute) {
        history.add(online(static_cast<std::int32_t>(minute), 1, 1), minute * MinuteHistory::kMinuteMs, std::nullopt);
    }
    const json all = history_json(history, 1000);
    EXPECT_EQ(all["points"], 121);
    EXPECT_EQ(all["power_W"][0], 79);
    EXPECT_EQ(all["power_W"][120], 199);
    const json two_hours = history_json(history, 120);
    EXPECT_EQ(two_hours["points"], 120);
    EXPECT_EQ(two_hours["power_W"][0], 80);
}

}  // namespace
}  // namespace tbg::history
