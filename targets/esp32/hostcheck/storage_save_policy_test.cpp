// SavePolicy (targets/esp32/main/save_policy.h): when the energy state is written, the worst case per day, and the
// flash wear that follows.
#include <algorithm>
#include <cstdio>
#include <deque>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "core/history/energy_ledger.h"
#include "targets/esp32/main/persistence.h"
#include "targets/esp32/main/save_policy.h"

namespace tbg::esp32 {
namespace {

using history::CivilDate;

constexpr std::uint64_t kMinuteMs = 60'000;
constexpr std::uint64_t kHourMs = 60 * kMinuteMs;
constexpr std::uint64_t kDayMs = 24 * kHourMs;

struct Save {
    std::uint64_t t_ms;
    SaveReason reason;
};

// Local date for a monotonic time when the clock reads `start` at t = 0 and `offset_ms` into that day.
CivilDate date_at(CivilDate start, std::uint64_t offset_ms, std::uint64_t t_ms) {
    return history::add_days(start, static_cast<std::int32_t>((offset_ms + t_ms) / kDayMs));
}

std::size_t max_in_window(const std::vector<Save>& saves, std::uint64_t window_ms) {
    std::size_t best = 0;
    std::size_t first = 0;
    for (std::size_t last = 0; last < saves.size(); ++last) {
        while (saves[last].t_ms - saves[first].t_ms > window_ms) {
            ++first;
        }
        best = std::max(best, last - first + 1);
    }
    return best;
}

TEST(SavePolicy, NothingChangedNeverSaves) {
    SavePolicy policy(0);
    const CivilDate start{2026, 3, 1};
    for (std::uint64_t t = 0; t < 3 * kDayMs; t += kMinuteMs) {
        EXPECT_EQ(policy.decide({t, date_at(start, 0, t), false, false}), SaveReason::kNone);
    }
    EXPECT_EQ(policy.decide({3 * kDayMs, start, false, true}), SaveReason::kNone) << "shutdown with nothing new";
}

TEST(SavePolicy, FirstSaveAnHourAfterBootThenHourly) {
    SavePolicy policy(5000);
    EXPECT_EQ(policy.decide({5000 + kHourMs - 1, std::nullopt, true, false}), SaveReason::kNone);
    EXPECT_EQ(policy.decide({5000 + kHourMs, std::nullopt, true, false}), SaveReason::kHourly);
    EXPECT_EQ(policy.decide({5000 + kHourMs + kMinuteMs, std::nullopt, true, false}), SaveReason::kNone);
    EXPECT_EQ(policy.decide({5000 + 2 * kHourMs, std::nullopt, true, false}), SaveReason::kHourly)
        << "an unset clock does not stop the hourly save";
}

TEST(SavePolicy, ChangeAfterLongQuietSavesAtOnce) {
    SavePolicy policy(0);
    EXPECT_EQ(policy.decide({5 * kHourMs, CivilDate{2026, 3, 1}, false, false}), SaveReason::kNone);
    EXPECT_EQ(policy.decide({5 * kHourMs + kMinuteMs, CivilDate{2026, 3, 1}, true, false}), SaveReason::kHourly);
}

TEST(SavePolicy, DayChangeSavesAfterTenMinutes) {
    SavePolicy policy(0);
    const CivilDate today{2026, 3, 1};
    const CivilDate tomorrow{2026, 3, 2};
    EXPECT_EQ(policy.decide({kMinuteMs, today, true, false}), SaveReason::kNone) << "first date: the reference";
    EXPECT_EQ(policy.reference_date(), today);
    EXPECT_EQ(policy.decide({5 * kMinuteMs, tomorrow, true, false}), SaveReason::kNone) << "5 min after boot";
    EXPECT_EQ(policy.decide({10 * kMinuteMs, tomorrow, true, false}), SaveReason::kDayChange);
    EXPECT_EQ(policy.reference_date(), tomorrow);
    EXPECT_EQ(policy.decide({11 * kMinuteMs, tomorrow, true, false}), SaveReason::kNone);
}

TEST(SavePolicy, DateJumpingBackAndForthSavesAtMostTwiceADayExtra) {
    SavePolicy policy(0);
    const CivilDate a{2026, 3, 1};
    const CivilDate b{2026, 2, 27};
    std::vector<Save> saves;
    for (std::uint64_t t = 0; t < 3 * kDayMs; t += kMinuteMs) {
        const SaveReason reason = policy.decide({t, (t / kMinuteMs) % 2 == 0 ? a : b, true, false});
        if (reason != SaveReason::kNone) {
            saves.push_back({t, reason});
        }
    }
    std::uint64_t last_day_change = 0;
    bool seen = false;
    for (std::size_t i = 0; i < saves.size(); ++i) {
        if (i > 0) {
            EXPECT_GE(saves[i].t_ms - saves[i - 1].t_ms, SavePolicy::kMinSpacingMs);
        }
        if (saves[i].reason == SaveReason::kDayChange) {
            if (seen) {
                EXPECT_GE(saves[i].t_ms - last_day_change, SavePolicy::kDayChangeSpacingMs);
            }
            last_day_change = saves[i].t_ms;
            seen = true;
        }
    }
    EXPECT_TRUE(seen);
    EXPECT_LE(max_in_window(saves, kDayMs), max_automatic_saves_per_day());
}

TEST(SavePolicy, SaneClockSettlesAtTwentyFourADayAndSavesRightAfterMidnight) {
    const CivilDate start{2026, 3, 28};  // across the DST change: the date still changes at local midnight only
    const std::uint64_t boot_offset_ms = 30 * kMinuteMs + 17'000;  // boot at 00:30:17 local
    SavePolicy policy(0);
    std::vector<Save> saves;
    for (std::uint64_t t = 0; t < 5 * kDayMs; t += kMinuteMs) {
        const SaveReason reason = policy.decide({t, date_at(start, boot_offset_ms, t), true, false});
        if (reason != SaveReason::kNone) {
            saves.push_back({t, reason});
        }
    }
    for (std::uint64_t day = 1; day < 5; ++day) {
        const std::uint64_t midnight = day * kDayMs - boot_offset_ms;
        const auto count = std::count_if(saves.begin(), saves.end(), [&](const Save& s) {
            return s.t_ms >= midnight && s.t_ms < midnight + kDayMs;
        });
        if (day < 4) {
            EXPECT_EQ(count, 24) << "day " << day;
        }
        const bool saved_after_midnight = std::any_of(saves.begin(), saves.end(), [&](const Save& s) {
            return s.t_ms >= midnight && s.t_ms < midnight + kMinuteMs;
        });
        EXPECT_TRUE(saved_after_midnight) << "the finished day is written within a minute, day " << day;
    }
}

TEST(SavePolicy, ShutdownSavesAtOnceWhenSomethingChanged) {
    SavePolicy policy(0);
    EXPECT_EQ(policy.decide({kHourMs, std::nullopt, true, false}), SaveReason::kHourly);
    EXPECT_EQ(policy.decide({kHourMs + 1000, std::nullopt, true, true}), SaveReason::kShutdown);
    EXPECT_EQ(policy.decide({kHourMs + 2000, std::nullopt, false, true}), SaveReason::kNone);
}

TEST(SavePolicy, CrashLoopShorterThanTenMinutesNeverWrites) {
    std::uint32_t writes = 0;
    for (int boot = 0; boot < 200; ++boot) {
        SavePolicy policy(0);  // RAM is lost at each reset
        for (std::uint64_t t = 0; t < 9 * kMinuteMs; t += 10'000) {
            const CivilDate date = history::add_days(CivilDate{2026, 1, 1}, boot);
            writes += policy.decide({t, date, true, false}) != SaveReason::kNone ? 1U : 0U;
        }
    }
    EXPECT_EQ(writes, 0U);
}

TEST(SavePolicy, InvalidDateCountsAsUnset) {
    SavePolicy policy(0);
    EXPECT_EQ(policy.decide({kMinuteMs, CivilDate{2026, 2, 30}, true, false}), SaveReason::kNone);
    EXPECT_FALSE(policy.reference_date().has_value());
}

// An adversarial clock and arbitrary call times: whatever happens, no 24 h window holds more automatic saves than
// the bound, and the spacing rules hold.
TEST(SavePolicy, WorstCaseBoundHoldsForRandomClocks) {
    std::mt19937 random(20260301);
    for (int run = 0; run < 20; ++run) {
        SavePolicy policy(0);
        std::vector<Save> saves;
        std::uint64_t t = 0;
        while (t < 20 * kDayMs) {
            t += 1000 + random() % (5 * kMinuteMs);
            std::optional<CivilDate> date;
            const auto pick = random() % 10;
            if (pick < 8) {
                date = history::add_days(CivilDate{2026, 6, 1}, static_cast<std::int32_t>(random() % 5) - 2);
            } else if (pick == 8) {
                date = CivilDate{2026, 13, 1};
            }
            const SaveReason reason = policy.decide({t, date, random() % 8 != 0, false});
            if (reason != SaveReason::kNone) {
                saves.push_back({t, reason});
            }
        }
        EXPECT_LE(max_in_window(saves, kDayMs), max_automatic_saves_per_day()) << "run " << run;
    }
}

// The greediest clock (a different date at every call, every 10 s, the state always changed) reaches the bound:
// the bound is tight, not a guess.
TEST(SavePolicy, GreedyClockReachesTheBound) {
    SavePolicy policy(0);
    std::vector<Save> saves;
    for (std::uint64_t t = 0; t < 10 * kDayMs; t += 10'000) {
        const CivilDate date = history::add_days(CivilDate{2026, 6, 1}, static_cast<std::int32_t>(t / 10'000 % 2));
        const SaveReason reason = policy.decide({t, date, true, false});
        if (reason != SaveReason::kNone) {
            saves.push_back({t, reason});
        }
    }
    const std::size_t worst = max_in_window(saves, kDayMs);
    std::printf("greedy clock: %zu automatic saves in the worst 24 h window (bound %u)\n", worst,
                max_automatic_saves_per_day());
    EXPECT_LE(worst, max_automatic_saves_per_day());
    EXPECT_GE(worst + 1, max_automatic_saves_per_day());
}

TEST(NvsBudget, WritesPerDayAndFlashWear) {
    // The bound, derived independently: with day-change saves 12 h apart at most 3 fall in a closed 24 h window;
    // each of the other gaps is at least 1 h, theirs at least 10 min.
    std::uint32_t bound = 0;
    for (std::uint32_t day_saves = 0; day_saves <= 3; ++day_saves) {
        bound = std::max(bound, 1 + day_saves + (24 * 60 - 10 * day_saves) / 60);
    }
    EXPECT_EQ(max_automatic_saves_per_day(), bound);
    constexpr NvsWriteBudget budget = nvs_writes_per_day_worst_case();
    static_assert(budget.energy_writes == 27 && budget.user_writes == 20 * 2 && budget.total() == 67);

    // The largest "energy" value: a full ledger (62 days, 36 months) with large figures (150 kWh a day each way).
    std::vector<history::DayEnergy> days;
    for (int i = 0; i < 62; ++i) {
        days.push_back({history::add_days(CivilDate{2026, 1, 1}, i), {150'000'000, 149'999'999}});
    }
    std::vector<history::MonthEnergy> months;
    for (int i = 0; i < 36; ++i) {
        months.push_back({history::add_months({2024, 1}, i), {4'650'000'000, 4'649'999'999}});
    }
    history::EnergyLedger ledger;
    std::string error;
    ASSERT_TRUE(ledger.restore(days, months, {999'999, 999'999}, error)) << error;
    const std::string text = energy_to_text({9'999'999'999, 9'999'999'999}, ledger);
    const NvsWearInput defaults;
    EXPECT_LE(text.size(), defaults.energy_value_bytes);

    const NvsWearEstimate wear64 = nvs_wear_estimate(defaults);
    NvsWearInput small = defaults;
    small.partition_bytes = 0x6000;  // ESP-IDF's default 24 KB "nvs" partition
    small.live_bytes = 12 * 1024;
    const NvsWearEstimate wear24 = nvs_wear_estimate(small);
    std::printf("NVS budget: %u energy + %u user writes/day (energy value %zu bytes)\n", budget.energy_writes,
                budget.user_writes, text.size());
    std::printf("  64 KB partition: %u entries/day, %.1f page erases/day, %.2f cycles/page/day, %.0f years\n",
                wear64.entries_per_day, wear64.page_erases_per_day, wear64.erase_cycles_per_page_per_day,
                wear64.lifetime_years);
    std::printf("  24 KB partition: %u entries/day, %.1f page erases/day, %.2f cycles/page/day, %.0f years\n",
                wear24.entries_per_day, wear24.page_erases_per_day, wear24.erase_cycles_per_page_per_day,
                wear24.lifetime_years);
    EXPECT_EQ(wear64.pages, 16U);
    EXPECT_EQ(wear64.entries_per_day, 27 * nvs_entries_per_blob(4096) + 40 * nvs_entries_per_blob(4096));
    EXPECT_GT(wear64.lifetime_years, 20.0);
    // ESP-IDF's default 24 KB partition, which none of our tables uses, would last years less than the 64 KB one.
    EXPECT_GT(wear24.lifetime_years, 5.0);
    EXPECT_GT(wear64.lifetime_years, wear24.lifetime_years);

    NvsWearInput full = defaults;
    full.live_bytes = 0x10000;
    EXPECT_EQ(nvs_wear_estimate(full).lifetime_years, 0.0) << "live data larger than the partition";
}

}  // namespace
}  // namespace tbg::esp32
