// EnergyLedger: growth of the lifetime counters attributed to local days and months.
#include "core/history/energy_ledger.h"

#include <gtest/gtest.h>

namespace tbg::history {
namespace {

constexpr CivilDate kDec1{2026, 12, 1};
constexpr CivilDate kDec2{2026, 12, 2};

EnergyTotals totals(std::uint64_t charged_mWh, std::uint64_t discharged_mWh) {
    return {charged_mWh, discharged_mWh};
}

TEST(EnergyLedger, FirstUpdateOnlySetsTheBaseline) {
    EnergyLedger ledger;
    ledger.update(5'000'000, 7'000'000, kDec1);
    EXPECT_TRUE(ledger.days().empty());
    EXPECT_TRUE(ledger.months().empty());
    ledger.update(5'000'100, 7'000'250, kDec1);
    EXPECT_EQ(ledger.day(kDec1), totals(100, 250));
    EXPECT_EQ(ledger.month(2026, 12), totals(100, 250));
    ledger.update(5'000'300, 7'000'250, kDec1);
    EXPECT_EQ(ledger.day(kDec1), totals(300, 250));
    EXPECT_EQ(ledger.days().size(), 1U);
    EXPECT_EQ(ledger.day(kDec2), totals(0, 0));
    EXPECT_EQ(ledger.month(2026, 11), totals(0, 0));
}

TEST(EnergyLedger, GrowthWithoutChangeCreatesNoEntry) {
    EnergyLedger ledger;
    ledger.update(10, 10, kDec1);
    ledger.update(10, 10, kDec1);
    EXPECT_TRUE(ledger.days().empty());
    EXPECT_TRUE(ledger.months().empty());
}

TEST(EnergyLedger, MidnightSplitsTheDays) {
    EnergyLedger ledger;
    ledger.update(0, 0, kDec1);
    ledger.update(1000, 0, kDec1);
    ledger.update(1500, 20, kDec2);  // growth since the last call goes to the new day
    ledger.update(1600, 20, kDec2);
    EXPECT_EQ(ledger.day(kDec1), totals(1000, 0));
    EXPECT_EQ(ledger.day(kDec2), totals(600, 20));
    EXPECT_EQ(ledger.month(2026, 12), totals(1600, 20));
    ASSERT_EQ(ledger.days().size(), 2U);
    EXPECT_EQ(ledger.days()[0].date, kDec1);
    EXPECT_EQ(ledger.days()[1].date, kDec2);
}

TEST(EnergyLedger, MonthAndYearEnds) {
    EnergyLedger ledger;
    ledger.update(0, 0, CivilDate{2026, 11, 30});
    ledger.update(100, 1, CivilDate{2026, 11, 30});
    ledger.update(300, 2, CivilDate{2026, 12, 31});
    ledger.update(600, 3, CivilDate{2027, 1, 1});
    EXPECT_EQ(ledger.month(2026, 11), totals(100, 1));
    EXPECT_EQ(ledger.month(2026, 12), totals(200, 1));
    EXPECT_EQ(ledger.month(2027, 1), totals(300, 1));
    ASSERT_EQ(ledger.months().size(), 3U);
    EXPECT_EQ(ledger.months()[0].month, (CivilMonth{2026, 11}));
    EXPECT_EQ(ledger.months()[2].month, (CivilMonth{2027, 1}));
    EXPECT_EQ(ledger.day({2027, 1, 1}), totals(300, 1));
}

TEST(EnergyLedger, LeapDayIsADayOfFebruary) {
    EnergyLedger ledger;
    ledger.update(0, 0, CivilDate{2028, 2, 28});
    ledger.update(10, 0, CivilDate{2028, 2, 29});
    ledger.update(30, 0, CivilDate{2028, 3, 1});
    EXPECT_EQ(ledger.day({2028, 2, 29}), totals(10, 0));
    EXPECT_EQ(ledger.month(2028, 2), totals(10, 0));
    EXPECT_EQ(ledger.month(2028, 3), totals(20, 0));
    EXPECT_EQ(ledger.rejected_dates(), 0U);
}

TEST(EnergyLedger, AnInvalidDateIsCountedAndItsGrowthHeld) {
    EnergyLedger ledger;
    ledger.update(0, 0, kDec1);
    ledger.update(50, 5, CivilDate{2027, 2, 29});
    ledger.update(60, 5, CivilDate{1999, 12, 31});
    EXPECT_EQ(ledger.rejected_dates(), 2U);
    EXPECT_TRUE(ledger.days().empty());
    EXPECT_EQ(ledger.pending(), totals(60, 5));
    ledger.update(70, 5, kDec2);
    EXPECT_EQ(ledger.day(kDec2), totals(70, 5));
    EXPECT_EQ(ledger.pending(), totals(0, 0));
}

TEST(EnergyLedger, GrowthWhileTheClockIsMissingGoesToTheNextKnownDay) {
    EnergyLedger ledger;
    ledger.update(0, 0, std::nullopt);  // the baseline needs no date
    ledger.update(400, 100, std::nullopt);
    ledger.update(900, 100, std::nullopt);
    EXPECT_TRUE(ledger.days().empty());
    EXPECT_EQ(ledger.pending(), totals(900, 100));
    ledger.update(1000, 150, kDec2);
    EXPECT_EQ(ledger.day(kDec2), totals(1000, 150));
    EXPECT_EQ(ledger.month(2026, 12), totals(1000, 150));
    EXPECT_EQ(ledger.pending(), totals(0, 0));
}

TEST(EnergyLedger, ClockJumpingBackGoesIntoTheEarlierDay) {
    EnergyLedger ledger;
    ledger.update(0, 0, CivilDate{2026, 12, 5});
    ledger.update(100, 0, CivilDate{2026, 12, 5});
    ledger.update(130, 0, CivilDate{2026, 12, 3});   // new, earlier entry
    ledger.update(150, 0, CivilDate{2026, 11, 20});  // an earlier month too
    ledger.update(160, 0, CivilDate{2026, 12, 5});
    ASSERT_EQ(ledger.days().size(), 3U);
    EXPECT_EQ(ledger.days()[0], (DayEnergy{{2026, 11, 20}, totals(20, 0)}));
    EXPECT_EQ(ledger.days()[1], (DayEnergy{{2026, 12, 3}, totals(30, 0)}));
    EXPECT_EQ(ledger.days()[2], (DayEnergy{{2026, 12, 5}, totals(110, 0)}));
    ASSERT_EQ(ledger.months().size(), 2U);
    EXPECT_EQ(ledger.months()[0], (MonthEnergy{{2026, 11}, totals(20, 0)}));
    EXPECT_EQ(ledger.months()[1], (MonthEnergy{{2026, 12}, totals(140, 0)}));
}

TEST(EnergyLedger, ACounterGoingBackwardsIsANewBaseline) {
    EnergyLedger ledger;
    ledger.update(1000, 1000, kDec1);
    ledger.update(1100, 1000, kDec1);
    ledger.update(50, 2000, kDec1);  // charged went back: nothing attributed, not even the discharged step
    EXPECT_EQ(ledger.counter_resets(), 1U);
    EXPECT_EQ(ledger.day(kDec1), totals(100, 0));
    ledger.update(80, 2010, kDec1);
    EXPECT_EQ(ledger.day(kDec1), totals(130, 10));
    ledger.update(80, 0, kDec1);
    EXPECT_EQ(ledger.counter_resets(), 2U);
    EXPECT_EQ(ledger.day(kDec1), totals(130, 10));
}

TEST(EnergyLedger, ABackwardsCounterKeepsTheHeldGrowth) {
    EnergyLedger ledger;
    ledger.update(0, 0, std::nullopt);
    ledger.update(40, 0, std::nullopt);
    ledger.update(10, 0, kDec1);
    EXPECT_EQ(ledger.counter_resets(), 1U);
    EXPECT_EQ(ledger.day(kDec1), totals(40, 0));
}

TEST(EnergyLedger, PruningDropsTheOldestDateNotTheOldestInsertion) {
    EnergyLedger ledger(3, 36);
    ledger.update(0, 0, CivilDate{2026, 12, 10});
    ledger.update(10, 0, CivilDate{2026, 12, 10});
    ledger.update(30, 0, CivilDate{2026, 12, 12});
    ledger.update(60, 0, CivilDate{2026, 12, 13});
    ledger.update(100, 0, CivilDate{2026, 12, 11});  // inserted last, but newer than the 10th: the 10th goes
    ASSERT_EQ(ledger.days().size(), 3U);
    EXPECT_EQ(ledger.days()[0].date, (CivilDate{2026, 12, 11}));
    EXPECT_EQ(ledger.days()[1].date, (CivilDate{2026, 12, 12}));
    EXPECT_EQ(ledger.days()[2].date, (CivilDate{2026, 12, 13}));
    EXPECT_EQ(ledger.dropped_days(), totals(10, 0));
    // Older than every kept day with the list full: the day is not kept, the month still gets it.
    ledger.update(105, 0, CivilDate{2026, 12, 1});
    EXPECT_EQ(ledger.days().size(), 3U);
    EXPECT_EQ(ledger.day({2026, 12, 1}), totals(0, 0));
    EXPECT_EQ(ledger.dropped_days(), totals(15, 0));
    EXPECT_EQ(ledger.month(2026, 12), totals(105, 0));
    EXPECT_EQ(ledger.dropped_months(), totals(0, 0));
    // A new newest day drops the oldest kept one.
    ledger.update(106, 0, CivilDate{2026, 12, 20});
    EXPECT_EQ(ledger.days().front().date, (CivilDate{2026, 12, 12}));
    EXPECT_EQ(ledger.days().back().date, (CivilDate{2026, 12, 20}));
}

TEST(EnergyLedger, MonthsArePrunedByDateToo) {
    EnergyLedger ledger(62, 2);
    ledger.update(0, 0, CivilDate{2026, 12, 1});
    ledger.update(1, 0, CivilDate{2026, 12, 1});
    ledger.update(3, 0, CivilDate{2027, 2, 1});
    ledger.update(6, 0, CivilDate{2027, 1, 1});
    ASSERT_EQ(ledger.months().size(), 2U);
    EXPECT_EQ(ledger.months()[0].month, (CivilMonth{2027, 1}));
    EXPECT_EQ(ledger.months()[1].month, (CivilMonth{2027, 2}));
    EXPECT_EQ(ledger.dropped_months(), totals(1, 0));
    EXPECT_EQ(ledger.days().size(), 3U);
}

TEST(EnergyLedger, DefaultLimits) {
    EnergyLedger ledger;
    EXPECT_EQ(ledger.max_days(), 62U);
    EXPECT_EQ(ledger.max_months(), 36U);
    ledger.update(0, 0, CivilDate{2020, 1, 1});
    CivilDate date{2020, 1, 1};
    for (std::uint64_t i = 1; i <= 1200; ++i) {  // about 3.3 years of days
        date = next_day(date);
        ledger.update(i, 0, date);
    }
    EXPECT_EQ(ledger.days().size(), 62U);
    EXPECT_EQ(ledger.days().back().date, date);
    EXPECT_EQ(ledger.days().front().date, add_days(date, -61));
    EXPECT_EQ(ledger.months().size(), 36U);
    EXPECT_EQ(ledger.months().back().month, month_of(date));
}

TEST(EnergyLedger, RestoreReplacesTheEntriesAndResetsTheBaseline) {
    EnergyLedger ledger;
    ledger.update(0, 0, kDec1);
    ledger.update(10, 0, kDec1);
    const DayEnergy days[] = {{kDec2, totals(5, 6)}, {kDec1, totals(1, 2)}};  // any order
    const MonthEnergy months[] = {{{2026, 12}, totals(6, 8)}};
    std::string error;
    ASSERT_TRUE(ledger.restore(days, months, totals(3, 4), error)) << error;
    ASSERT_EQ(ledger.days().size(), 2U);
    EXPECT_EQ(ledger.days()[0], days[1]);
    EXPECT_EQ(ledger.days()[1], days[0]);
    EXPECT_EQ(ledger.months()[0], months[0]);
    EXPECT_EQ(ledger.pending(), totals(3, 4));
    ledger.update(1'000'000, 1'000'000, kDec2);          // baseline only: no growth of a million
    EXPECT_EQ(ledger.day(kDec2), totals(5 + 3, 6 + 4));  // the held growth lands
    ledger.update(1'000'010, 1'000'000, kDec2);
    EXPECT_EQ(ledger.day(kDec2), totals(18, 10));
}

TEST(EnergyLedger, RestoreRejectsBadEntriesAndChangesNothing) {
    EnergyLedger ledger(2, 2);
    ledger.update(0, 0, kDec1);
    ledger.update(10, 0, kDec1);
    const auto before_days = ledger.days();
    const auto before_months = ledger.months();
    struct Case {
        std::vector<DayEnergy> days;
        std::vector<MonthEnergy> months;
        EnergyTotals pending;
        const char* message;
    };
    const std::uint64_t too_much = EnergyLedger::kMaxEntryMilliwattHours + 1;
    const Case cases[] = {
        {{{kDec1, {}}, {kDec2, {}}, {{2026, 12, 3}, {}}}, {}, {}, "too many day entries: 3 (at most 2)"},
        {{}, {{{2026, 1}, {}}, {{2026, 2}, {}}, {{2026, 3}, {}}}, {}, "too many month entries: 3 (at most 2)"},
        {{{{2026, 2, 30}, {}}}, {}, {}, "invalid day 2026-02-30"},
        {{}, {{{2026, 13}, {}}}, {}, "invalid month 2026-13"},
        {{{kDec1, {}}, {kDec1, {}}}, {}, {}, "duplicate day 2026-12-01"},
        {{}, {{{2026, 5}, {}}, {{2026, 5}, {}}}, {}, "duplicate month 2026-05"},
        {{{kDec1, {too_much, 0}}}, {}, {}, "day 2026-12-01: energy above"},
        {{}, {{{2026, 5}, {0, too_much}}}, {}, "month 2026-05: energy above"},
        {{}, {}, {too_much, 0}, "pending: energy above"},
    };
    for (const Case& c : cases) {
        std::string error;
        EXPECT_FALSE(ledger.restore(c.days, c.months, c.pending, error)) << c.message;
        EXPECT_NE(error.find(c.message), std::string::npos) << error;
        EXPECT_EQ(ledger.days(), before_days);
        EXPECT_EQ(ledger.months(), before_months);
        EXPECT_EQ(ledger.pending(), totals(0, 0));
    }
    ledger.update(15, 0, kDec1);  // the baseline survived the failed restores
    EXPECT_EQ(ledger.day(kDec1), totals(15, 0));
}

}  // namespace
}  // namespace tbg::history
