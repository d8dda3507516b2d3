// Calendar dates: validation, leap years, day numbers, stepping and text.
#include "core/history/civil_date.h"

#include <gtest/gtest.h>

namespace tbg::history {
namespace {

TEST(CivilDate, LeapYearsFollowTheGregorianRule) {
    EXPECT_TRUE(is_leap_year(2000));
    EXPECT_TRUE(is_leap_year(2024));
    EXPECT_TRUE(is_leap_year(2028));
    EXPECT_FALSE(is_leap_year(2023));
    EXPECT_FALSE(is_leap_year(2100));
    EXPECT_FALSE(is_leap_year(2200));
    EXPECT_EQ(days_in_month(2024, 2), 29);
    EXPECT_EQ(days_in_month(2100, 2), 28);
    EXPECT_EQ(days_in_month(2026, 4), 30);
    EXPECT_EQ(days_in_month(2026, 12), 31);
    EXPECT_EQ(days_in_month(2026, 0), 0);
    EXPECT_EQ(days_in_month(2026, 13), 0);
}

TEST(CivilDate, ValidationChecksRangeMonthAndDayOfMonth) {
    EXPECT_TRUE(is_valid(CivilDate{2000, 1, 1}));
    EXPECT_TRUE(is_valid(CivilDate{2199, 12, 31}));
    EXPECT_TRUE(is_valid(CivilDate{2024, 2, 29}));
    EXPECT_FALSE(is_valid(CivilDate{2023, 2, 29}));
    EXPECT_FALSE(is_valid(CivilDate{2100, 2, 29}));
    EXPECT_FALSE(is_valid(CivilDate{1999, 12, 31}));
    EXPECT_FALSE(is_valid(CivilDate{2200, 1, 1}));
    EXPECT_FALSE(is_valid(CivilDate{2026, 0, 1}));
    EXPECT_FALSE(is_valid(CivilDate{2026, 13, 1}));
    EXPECT_FALSE(is_valid(CivilDate{2026, 4, 31}));
    EXPECT_FALSE(is_valid(CivilDate{2026, 1, 0}));
    EXPECT_FALSE(is_valid(CivilDate{}));
    EXPECT_TRUE(is_valid(CivilMonth{2026, 12}));
    EXPECT_FALSE(is_valid(CivilMonth{2026, 0}));
    EXPECT_FALSE(is_valid(CivilMonth{2200, 1}));
}

TEST(CivilDate, DayNumbersMatchKnownDates) {
    EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
    EXPECT_EQ(days_from_civil({2000, 1, 1}), 10957);
    EXPECT_EQ(days_from_civil({2000, 3, 1}), 10957 + 31 + 29);
    EXPECT_EQ(days_from_civil({2026, 12, 1}), 20788);  // 1'796'083'200 s / 86'400
    EXPECT_EQ(civil_from_days(20788), (CivilDate{2026, 12, 1}));
    EXPECT_EQ(civil_from_days(-1), (CivilDate{1969, 12, 31}));
}

TEST(CivilDate, EveryDayOfTheRangeRoundTripsAndStepsByOne) {
    CivilDate date{2000, 1, 1};
    std::int32_t number = days_from_civil(date);
    int count = 1;
    while (date != CivilDate{2199, 12, 31}) {
        const CivilDate next = next_day(date);
        ASSERT_TRUE(is_valid(next)) << to_string(date);
        ASSERT_LT(date, next);
        ASSERT_EQ(days_from_civil(next), number + 1);
        ASSERT_EQ(civil_from_days(number + 1), next);
        ASSERT_EQ(previous_day(next), date);
        date = next;
        ++number;
        ++count;
    }
    EXPECT_EQ(count, 200 * 365 + 49);  // 2000…2196 every 4th year, but not 2100
    EXPECT_FALSE(is_valid(next_day(date)));
    EXPECT_FALSE(is_valid(previous_day(CivilDate{2000, 1, 1})));
}

TEST(CivilDate, SteppingAcrossMonthAndYearEnds) {
    EXPECT_EQ(previous_day({2027, 1, 1}), (CivilDate{2026, 12, 31}));
    EXPECT_EQ(previous_day({2024, 3, 1}), (CivilDate{2024, 2, 29}));
    EXPECT_EQ(previous_day({2100, 3, 1}), (CivilDate{2100, 2, 28}));
    EXPECT_EQ(next_day({2026, 4, 30}), (CivilDate{2026, 5, 1}));
    EXPECT_EQ(add_days({2026, 12, 1}, -6), (CivilDate{2026, 11, 25}));
    EXPECT_EQ(add_days({2026, 12, 31}, 366), (CivilDate{2028, 1, 1}));
    EXPECT_EQ(days_between({2026, 11, 25}, {2026, 12, 1}), 6);
    EXPECT_EQ(days_between({2026, 12, 1}, {2026, 11, 25}), -6);
    EXPECT_EQ(days_between({2024, 1, 1}, {2025, 1, 1}), 366);
    EXPECT_EQ(month_of({2026, 12, 1}), (CivilMonth{2026, 12}));
}

TEST(CivilDate, MonthStepping) {
    EXPECT_EQ(add_months({2026, 12}, 1), (CivilMonth{2027, 1}));
    EXPECT_EQ(add_months({2027, 1}, -1), (CivilMonth{2026, 12}));
    EXPECT_EQ(add_months({2026, 12}, -11), (CivilMonth{2026, 1}));
    EXPECT_EQ(add_months({2026, 12}, -12), (CivilMonth{2025, 12}));
    EXPECT_EQ(add_months({2026, 12}, -35), (CivilMonth{2024, 1}));
    EXPECT_EQ(add_months({2026, 3}, 0), (CivilMonth{2026, 3}));
    EXPECT_EQ(add_months({2026, 3}, 25), (CivilMonth{2028, 4}));
}

TEST(CivilDate, TextIsZeroPaddedAndRoundTrips) {
    EXPECT_EQ(to_string(CivilDate{2026, 12, 1}), "2026-12-01");
    EXPECT_EQ(to_string(CivilDate{2000, 2, 29}), "2000-02-29");
    EXPECT_EQ(to_string(CivilMonth{2026, 3}), "2026-03");
    EXPECT_EQ(parse_civil_date("2026-12-01"), (CivilDate{2026, 12, 1}));
    EXPECT_EQ(parse_civil_date("2024-02-29"), (CivilDate{2024, 2, 29}));
    EXPECT_EQ(parse_civil_month("2026-12"), (CivilMonth{2026, 12}));
}

TEST(CivilDate, ParsingRejectsAnythingElse) {
    for (const char* text : {"", "2026-12-1", "2026-2-01", "2026/12/01", " 2026-12-01", "2026-12-01 ", "2026-12-01x",
                             "20a6-12-01", "+026-12-01", "2026-02-30", "2023-02-29", "2100-02-29", "1999-12-31",
                             "2200-01-01", "2026-00-10", "2026-13-01", "2026-12-00", "2026-12-32", "2026-12"}) {
        EXPECT_FALSE(parse_civil_date(text).has_value()) << text;
    }
    for (const char* text :
         {"", "2026-1", "2026-00", "2026-13", "1999-12", "2200-01", "2026/12", "2026-12-01", "2026-1x", "-026-12"}) {
        EXPECT_FALSE(parse_civil_month(text).has_value()) << text;
    }
}

}  // namespace
}  // namespace tbg::history
