// MinuteHistory: one-minute buckets of monotonic time, exact integer means and extremes, gaps, ring, bad input.
#include "core/history/minute_history.h"

#include <gtest/gtest.h>

#include "tests/unit/history/snapshots.h"

namespace tbg::history {
namespace {

using test::offline;
using test::online;
using test::with_cells;
using test::with_soc;
using test::with_temps;

TEST(MinuteHistory, EmptyBeforeTheFirstAdd) {
    const MinuteHistory history;
    EXPECT_EQ(history.capacity(), 2880U);
    EXPECT_EQ(history.size(), 0U);
    EXPECT_FALSE(history.started());
    EXPECT_TRUE(history.current().gap());
    EXPECT_FALSE(history.current().wall_valid);
}

TEST(MinuteHistory, MeansLastSocAndExtremesOverTheMinute) {
    MinuteHistory history(10);
    history.add(with_cells(with_temps(with_soc(online(10, 5283, -123), 6260), 215, 240), 3298, 3312), 0, 1000);
    history.add(with_cells(with_temps(with_soc(online(11, 5284, -124), 6250), 205, 236), 3301, 3320), 1000, 1001);
    history.add(with_cells(with_temps(online(12, 5284, -124), 210, 250), 3290, 3305), 59'999, 1059);
    EXPECT_EQ(history.size(), 0U);

    HistorySample s = history.current();
    EXPECT_EQ(s.online_adds, 3U);
    EXPECT_EQ(s.power_W, 11);         // 33 / 3
    EXPECT_EQ(s.voltage_10mV, 5284);  // 15851 / 3 = 5283.67
    EXPECT_EQ(s.current_dA, -124);    // -371 / 3 = -123.67
    EXPECT_TRUE(s.soc_valid);
    EXPECT_EQ(s.soc_centipct, 6250);  // the last valid value; the third add had none
    EXPECT_TRUE(s.temp_valid);
    EXPECT_EQ(s.temp_min_dC, 205);
    EXPECT_EQ(s.temp_max_dC, 250);
    EXPECT_EQ(s.cell_min_mV, 3290);
    EXPECT_EQ(s.cell_max_mV, 3320);
    EXPECT_TRUE(s.wall_valid);
    EXPECT_EQ(s.wall_s, 1000);  // the first add's wall time

    history.add(online(0, 5000, 0), MinuteHistory::kMinuteMs, 1060);
    ASSERT_EQ(history.size(), 1U);
    EXPECT_EQ(history.sample(0), s);
    EXPECT_EQ(history.current().online_adds, 1U);
    EXPECT_EQ(history.current().wall_s, 1060);
}

TEST(MinuteHistory, MeansRoundHalvesAwayFromZero) {
    MinuteHistory history(4);
    history.add(online(10, 100, -10), 0, std::nullopt);
    history.add(online(11, 101, -11), 1, std::nullopt);
    EXPECT_EQ(history.current().power_W, 11);        // 10.5
    EXPECT_EQ(history.current().voltage_10mV, 101);  // 100.5
    EXPECT_EQ(history.current().current_dA, -11);    // -10.5
    history.add(online(-20, 100, -10), 2, std::nullopt);
    history.add(online(-21, 100, -10), 3, std::nullopt);
    EXPECT_EQ(history.current().power_W, -5);  // -20 / 4
}

TEST(MinuteHistory, OfflineAddsCountForNothingButTheWallTime) {
    MinuteHistory history(4);
    history.add(offline(), 0, 500);  // first add of the minute: its wall time is the minute's
    history.add(online(100, 5200, 20), 1000, 501);
    history.add(offline(), 2000, 502);
    history.add(online(300, 5300, 40), 3000, 503);
    const HistorySample s = history.current();
    EXPECT_EQ(s.online_adds, 2U);
    EXPECT_EQ(s.power_W, 200);
    EXPECT_EQ(s.voltage_10mV, 5250);
    EXPECT_EQ(s.current_dA, 30);
    EXPECT_FALSE(s.soc_valid);   // the offline adds carried a stale SOC
    EXPECT_FALSE(s.temp_valid);  // and stale temperatures
    EXPECT_EQ(s.wall_s, 500);
}

TEST(MinuteHistory, MinuteWithoutAnOnlinePackIsAGap) {
    MinuteHistory history(4);
    history.add(offline(), 0, 700);
    history.add(offline(), 30'000, 730);
    history.add(online(1, 1, 1), MinuteHistory::kMinuteMs, 760);
    ASSERT_EQ(history.size(), 1U);
    const HistorySample& gap = history.sample(0);
    EXPECT_TRUE(gap.gap());
    HistorySample expected;
    expected.wall_valid = true;
    expected.wall_s = 700;
    EXPECT_EQ(gap, expected);  // every value absent
}

TEST(MinuteHistory, OnlineWithoutSocOrTemperatureIsNoGap) {
    MinuteHistory history(4);
    history.add(online(-650, 5280, -123), 0, std::nullopt);
    const HistorySample s = history.current();
    EXPECT_FALSE(s.gap());
    EXPECT_FALSE(s.soc_valid);
    EXPECT_FALSE(s.temp_valid);
    EXPECT_EQ(s.power_W, -650);
}

TEST(MinuteHistory, MinutesAreAlignedToTheFirstAdd) {
    MinuteHistory history(4);
    history.add(online(1, 1, 1), 12'345, std::nullopt);
    history.add(online(3, 1, 1), 12'345 + MinuteHistory::kMinuteMs - 1, std::nullopt);
    EXPECT_EQ(history.size(), 0U);
    history.add(online(7, 1, 1), 12'345 + MinuteHistory::kMinuteMs, std::nullopt);
    ASSERT_EQ(history.size(), 1U);
    EXPECT_EQ(history.sample(0).power_W, 2);
    EXPECT_EQ(history.current().power_W, 7);
}

TEST(MinuteHistory, SkippedMinutesAreGapsWithEstimatedWallTime) {
    MinuteHistory history(10);
    history.add(online(100, 5000, 10), 0, 1'000'000);
    history.add(online(200, 5000, 10), 3 * MinuteHistory::kMinuteMs + 5'000, 2'000'000);  // minutes 1 and 2 had no add
    ASSERT_EQ(history.size(), 3U);
    EXPECT_EQ(history.sample(0).power_W, 100);
    EXPECT_EQ(history.sample(0).wall_s, 1'000'000);
    for (std::size_t i = 1; i < 3; ++i) {
        EXPECT_TRUE(history.sample(i).gap());
        EXPECT_TRUE(history.sample(i).wall_valid);
        EXPECT_EQ(history.sample(i).wall_s, 1'000'000 + 60 * static_cast<std::int64_t>(i));
    }
    EXPECT_EQ(history.current().wall_s, 2'000'000);  // the wall clock of the add, not the estimate
    // The minute in progress is minute 3 (180 000…239 999 ms), still aligned to the first add.
    history.add(online(300, 5000, 10), 4 * MinuteHistory::kMinuteMs - 1, std::nullopt);
    EXPECT_EQ(history.size(), 3U);
    EXPECT_EQ(history.current().power_W, 250);
    history.add(online(300, 5000, 10), 4 * MinuteHistory::kMinuteMs, std::nullopt);
    EXPECT_EQ(history.size(), 4U);
}

TEST(MinuteHistory, SkippedMinutesHaveNoWallTimeWhenThePreviousHadNone) {
    MinuteHistory history(10);
    history.add(online(1, 1, 1), 0, std::nullopt);
    history.add(online(1, 1, 1), 2 * MinuteHistory::kMinuteMs, 5000);
    ASSERT_EQ(history.size(), 2U);
    EXPECT_FALSE(history.sample(0).wall_valid);
    EXPECT_FALSE(history.sample(1).wall_valid);
    EXPECT_TRUE(history.sample(1).gap());
    EXPECT_TRUE(history.current().wall_valid);
}

TEST(MinuteHistory, WallTimeComesOnlyFromTheFirstAddOfTheMinute) {
    MinuteHistory history(10);
    history.add(online(1, 1, 1), 0, std::nullopt);
    history.add(online(1, 1, 1), 1000, 5000);  // the clock was set within the minute
    EXPECT_FALSE(history.current().wall_valid);
    history.add(online(1, 1, 1), MinuteHistory::kMinuteMs, 5059);
    EXPECT_TRUE(history.current().wall_valid);
    EXPECT_EQ(history.current().wall_s, 5059);
}

TEST(MinuteHistory, AVeryLongStallLeavesARingOfGaps) {
    MinuteHistory history(5);
    for (std::uint64_t minute = 0; minute < 3; ++minute) {
        history.add(online(static_cast<std::int32_t>(minute), 1, 1), minute * MinuteHistory::kMinuteMs, 10'000);
    }
    // Minute 2 is in progress (wall 10 000); the next add is 1000 minutes after its start: 999 skipped minutes.
    history.add(online(42, 1, 1), 1002 * MinuteHistory::kMinuteMs + 1, 90'000);
    ASSERT_EQ(history.size(), 5U);
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_TRUE(history.sample(i).gap()) << i;
        // The last five skipped minutes are 995…999 minutes after minute 2.
        EXPECT_EQ(history.sample(i).wall_s, 10'000 + 60 * (995 + static_cast<std::int64_t>(i))) << i;
    }
    EXPECT_EQ(history.current().power_W, 42);
    history.add(online(43, 1, 1), 1003 * MinuteHistory::kMinuteMs, std::nullopt);
    EXPECT_EQ(history.size(), 5U);
    EXPECT_EQ(history.sample(4).power_W, 42);
}

TEST(MinuteHistory, RingKeepsTheNewestMinutesOldestFirst) {
    MinuteHistory history(3);
    for (std::uint64_t minute = 0; minute < 6; ++minute) {
        history.add(online(static_cast<std::int32_t>(minute) * 10, 1, 1), minute * MinuteHistory::kMinuteMs,
                    static_cast<std::int64_t>(minute) * 60);
    }
    // Minutes 0…4 are finished, 5 is in progress; the ring holds 2, 3, 4.
    ASSERT_EQ(history.size(), 3U);
    EXPECT_EQ(history.capacity(), 3U);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(history.sample(i).power_W, static_cast<std::int32_t>(i + 2) * 10);
        EXPECT_EQ(history.sample(i).wall_s, static_cast<std::int64_t>(i + 2) * 60);
    }
    EXPECT_EQ(history.current().power_W, 50);
}

TEST(MinuteHistory, TimeGoingBackwardsIsIgnoredAndCounted) {
    MinuteHistory history(4);
    history.add(online(100, 1, 1), 0, 100);
    history.add(online(200, 1, 1), 70'000, 170);  // minute 1 starts at 60 000
    const HistorySample before = history.current();
    history.add(online(999, 1, 1), 59'999, 99);
    history.add(online(999, 1, 1), 0, 99);
    EXPECT_EQ(history.rejected_adds(), 2U);
    EXPECT_EQ(history.size(), 1U);
    EXPECT_EQ(history.current(), before);
    // Earlier than the previous add but within the minute in progress: accepted.
    history.add(online(300, 1, 1), 65'000, 165);
    EXPECT_EQ(history.rejected_adds(), 2U);
    EXPECT_EQ(history.current().power_W, 250);
}

TEST(MinuteHistory, WallTimeOutOfRangeIsTakenAsMissing) {
    MinuteHistory history(4);
    history.add(online(1, 1, 1), 0, -5);
    EXPECT_FALSE(history.current().wall_valid);
    EXPECT_EQ(history.rejected_wall_times(), 1U);
    history.add(online(1, 1, 1), MinuteHistory::kMinuteMs, MinuteHistory::kMaxWallSeconds + 1);
    EXPECT_FALSE(history.current().wall_valid);
    EXPECT_EQ(history.rejected_wall_times(), 2U);
    history.add(online(1, 1, 1), 2 * MinuteHistory::kMinuteMs, MinuteHistory::kMaxWallSeconds);
    EXPECT_TRUE(history.current().wall_valid);
    EXPECT_EQ(history.rejected_wall_times(), 2U);
}

TEST(MinuteHistory, ZeroCapacityKeepsOnlyTheMinuteInProgress) {
    MinuteHistory history(0);
    history.add(online(5, 1, 1), 0, std::nullopt);
    history.add(online(6, 1, 1), 5 * MinuteHistory::kMinuteMs, std::nullopt);
    EXPECT_EQ(history.size(), 0U);
    EXPECT_EQ(history.current().power_W, 6);
}

}  // namespace
}  // namespace tbg::history
