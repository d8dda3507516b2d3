// Property tests over seeded random sequences: MinuteHistory against a naive model, EnergyLedger conservation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include "core/history/energy_ledger.h"
#include "core/history/history_json.h"
#include "core/history/ledger_json.h"
#include "core/history/minute_history.h"
#include "tests/unit/history/snapshots.h"

namespace tbg::history {
namespace {

constexpr std::uint32_t kSeed = 20261201;

int uniform(std::mt19937& rng, int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
}
bool chance(std::mt19937& rng, int percent) {
    return uniform(rng, 0, 99) < percent;
}

// ---- MinuteHistory against a model that keeps every add by minute index ----

struct Add {
    bank::BankSnapshot bank;
    std::optional<std::int64_t> wall_s;
};

std::int32_t model_mean(const std::vector<std::int64_t>& values) {
    long double sum = 0;
    for (const std::int64_t v : values) {
        sum += static_cast<long double>(v);
    }
    return static_cast<std::int32_t>(std::llround(sum / static_cast<long double>(values.size())));
}

// The sample of minute `index` from its adds; `previous` is the nearest earlier minute that had adds.
HistorySample model_sample(const std::map<std::uint64_t, std::vector<Add>>& minutes, std::uint64_t index) {
    HistorySample s;
    const auto it = minutes.find(index);
    if (it == minutes.end()) {  // skipped: estimated from the last minute with adds
        const auto previous = std::prev(minutes.lower_bound(index));
        const auto& first = previous->second.front();
        if (first.wall_s) {
            s.wall_valid = true;
            s.wall_s = *first.wall_s + 60 * static_cast<std::int64_t>(index - previous->first);
        }
        return s;
    }
    const std::vector<Add>& adds = it->second;
    s.wall_valid = adds.front().wall_s.has_value();
    s.wall_s = adds.front().wall_s.value_or(0);
    std::vector<std::int64_t> power;
    std::vector<std::int64_t> voltage;
    std::vector<std::int64_t> current;
    for (const Add& add : adds) {
        const bank::BankSnapshot& b = add.bank;
        if (b.modules_online == 0) {
            continue;
        }
        power.push_back(b.power_W);
        voltage.push_back(b.voltage_10mV);
        current.push_back(b.current_dA);
        if (b.soc_valid) {
            s.soc_valid = true;
            s.soc_centipct = b.soc_centipct;
        }
        if (b.temp_valid) {
            s.temp_min_dC = s.temp_valid ? std::min(s.temp_min_dC, b.min_temp.temp_dC) : b.min_temp.temp_dC;
            s.temp_max_dC = s.temp_valid ? std::max(s.temp_max_dC, b.max_temp.temp_dC) : b.max_temp.temp_dC;
            s.temp_valid = true;
        }
        s.cell_min_mV = power.size() == 1 ? b.min_cell.voltage_mV : std::min(s.cell_min_mV, b.min_cell.voltage_mV);
        s.cell_max_mV = power.size() == 1 ? b.max_cell.voltage_mV : std::max(s.cell_max_mV, b.max_cell.voltage_mV);
    }
    s.online_adds = static_cast<std::uint32_t>(power.size());
    if (!power.empty()) {
        s.power_W = model_mean(power);
        s.voltage_10mV = static_cast<std::uint16_t>(model_mean(voltage));
        s.current_dA = model_mean(current);
    }
    return s;
}

bank::BankSnapshot random_bank(std::mt19937& rng) {
    if (chance(rng, 15)) {
        return test::offline();
    }
    const auto cell_min = static_cast<std::uint16_t>(uniform(rng, 2500, 3600));
    bank::BankSnapshot b =
        test::with_cells(test::online(uniform(rng, -8000, 8000), static_cast<std::uint16_t>(uniform(rng, 4000, 5800)),
                                      uniform(rng, -2000, 2000)),
                         cell_min, static_cast<std::uint16_t>(cell_min + uniform(rng, 0, 300)));
    if (chance(rng, 80)) {
        b = test::with_soc(b, static_cast<std::uint16_t>(uniform(rng, 0, 10000)));
    }
    if (chance(rng, 70)) {
        const auto t_min = static_cast<std::int16_t>(uniform(rng, -200, 500));
        b = test::with_temps(b, t_min, static_cast<std::int16_t>(t_min + uniform(rng, 0, 100)));
    }
    return b;
}

TEST(HistoryProperty, RingMatchesAModelAndNeverExceedsCapacity) {
    std::mt19937 rng(kSeed);
    for (int run = 0; run < 300; ++run) {
        const auto capacity = static_cast<std::size_t>(uniform(rng, 0, 40));
        MinuteHistory history(capacity);
        std::map<std::uint64_t, std::vector<Add>> minutes;  // accepted adds by minute index
        std::uint64_t now_ms = static_cast<std::uint64_t>(uniform(rng, 0, 1'000'000));
        std::optional<std::uint64_t> origin_ms;  // the first add's time: minute 0 starts there
        std::int64_t wall_s = uniform(rng, 1'000'000, 2'000'000'000);
        std::uint64_t rejected = 0;
        for (int step = 0; step < 400; ++step) {
            const int kind = uniform(rng, 0, 99);
            if (kind < 85) {
                now_ms += static_cast<std::uint64_t>(uniform(rng, 0, 2500));
            } else if (kind < 93) {
                now_ms += static_cast<std::uint64_t>(uniform(rng, 0, 600'000));
            } else if (kind < 95) {
                now_ms += static_cast<std::uint64_t>(uniform(rng, 0, 100)) * MinuteHistory::kMinuteMs;
            } else if (origin_ms && now_ms > *origin_ms) {  // backwards, not before the first add
                now_ms -=
                    std::min<std::uint64_t>(now_ms - *origin_ms, static_cast<std::uint64_t>(uniform(rng, 1, 200'000)));
            }
            wall_s += uniform(rng, -5, 5);
            const std::optional<std::int64_t> wall = chance(rng, 10) ? std::nullopt : std::optional(wall_s);
            const Add add{random_bank(rng), wall};
            if (!origin_ms) {
                origin_ms = now_ms;
            }
            const std::uint64_t index = (now_ms - *origin_ms) / MinuteHistory::kMinuteMs;
            if (!minutes.empty() && index < minutes.rbegin()->first) {
                ++rejected;
            } else {
                minutes[index].push_back(add);
            }
            history.add(add.bank, now_ms, add.wall_s);

            ASSERT_LE(history.size(), history.capacity());
            ASSERT_EQ(history.rejected_adds(), rejected);
        }
        const std::uint64_t current_index = minutes.rbegin()->first;
        ASSERT_EQ(history.size(), std::min<std::uint64_t>(current_index, capacity)) << "run " << run;
        for (std::size_t i = 0; i < history.size(); ++i) {
            const std::uint64_t index = current_index - history.size() + i;
            ASSERT_EQ(history.sample(i), model_sample(minutes, index)) << "run " << run << " minute " << index;
        }
        ASSERT_EQ(history.current(), model_sample(minutes, current_index)) << "run " << run;

        const nlohmann::json doc = history_json(history, 2880);
        ASSERT_EQ(doc["points"], history.size() + 1);
        for (const char* key : {"t", "power_W", "voltage_V", "soc_pct", "cell_max_V"}) {
            ASSERT_EQ(doc[key].size(), history.size() + 1) << key;
        }
    }
}

// ---- EnergyLedger: Σ entries + dropped + pending = Σ growth, per list ----

struct Expected {
    std::uint64_t charged_mWh = 0;
    std::uint64_t discharged_mWh = 0;
};

template <typename Entry>
EnergyTotals sum_of(const std::vector<Entry>& list) {
    EnergyTotals sum;
    for (const Entry& e : list) {
        sum.charged_mWh += e.energy.charged_mWh;
        sum.discharged_mWh += e.energy.discharged_mWh;
    }
    return sum;
}

template <typename Entry, typename Key>
void expect_sorted_unique(const std::vector<Entry>& list, std::size_t max, Key key) {
    ASSERT_LE(list.size(), max);
    for (std::size_t i = 1; i < list.size(); ++i) {
        ASSERT_LT(key(list[i - 1]), key(list[i]));
    }
}

struct LedgerRun {
    std::size_t max_days;
    std::size_t max_months;
    int max_jump_back_days;
    int max_jump_forward_days;
};

// Random updates; checks conservation after each. Returns whether anything was dropped.
bool run_ledger(std::mt19937& rng, const LedgerRun& config, int steps) {
    EnergyLedger ledger(config.max_days, config.max_months);
    std::uint64_t charged = static_cast<std::uint64_t>(uniform(rng, 0, 1'000'000'000));
    std::uint64_t discharged = static_cast<std::uint64_t>(uniform(rng, 0, 1'000'000'000));
    CivilDate date = add_days(CivilDate{2026, 1, 1}, uniform(rng, 0, 365));
    const CivilDate first_date = date;
    Expected expected;
    bool has_baseline = false;
    std::uint64_t resets = 0;
    for (int step = 0; step < steps; ++step) {
        const int kind = uniform(rng, 0, 99);
        std::uint64_t new_charged = charged + static_cast<std::uint64_t>(chance(rng, 60) ? uniform(rng, 0, 5000) : 0);
        std::uint64_t new_discharged =
            discharged + static_cast<std::uint64_t>(chance(rng, 60) ? uniform(rng, 0, 5000) : 0);
        if (kind < 3) {  // a counter goes backwards
            new_charged = charged / 2;
        } else if (kind < 5) {
            new_discharged = discharged > 0 ? discharged - 1 : 0;
        }
        const int date_kind = uniform(rng, 0, 99);
        if (date_kind < 20) {
            date = next_day(date);
        } else if (date_kind < 24) {
            date = add_days(date, -uniform(rng, 1, config.max_jump_back_days));
        } else if (date_kind < 27) {
            date = add_days(date, uniform(rng, 1, config.max_jump_forward_days));
        }
        if (days_between(first_date, date) < 0) {
            date = first_date;
        }
        std::optional<CivilDate> today = date;
        if (date_kind >= 90) {
            today = std::nullopt;
        } else if (date_kind >= 88) {
            today = CivilDate{2027, 2, 29};
        }

        if (has_baseline) {
            if (new_charged < charged || new_discharged < discharged) {
                ++resets;
            } else {
                expected.charged_mWh += new_charged - charged;
                expected.discharged_mWh += new_discharged - discharged;
            }
        }
        has_baseline = true;
        charged = new_charged;
        discharged = new_discharged;
        ledger.update(charged, discharged, today);

        const EnergyTotals days = sum_of(ledger.days());
        const EnergyTotals months = sum_of(ledger.months());
        const EnergyTotals pending = ledger.pending();
        EXPECT_EQ(days.charged_mWh + ledger.dropped_days().charged_mWh + pending.charged_mWh, expected.charged_mWh);
        EXPECT_EQ(days.discharged_mWh + ledger.dropped_days().discharged_mWh + pending.discharged_mWh,
                  expected.discharged_mWh);
        EXPECT_EQ(months.charged_mWh + ledger.dropped_months().charged_mWh + pending.charged_mWh, expected.charged_mWh);
        EXPECT_EQ(months.discharged_mWh + ledger.dropped_months().discharged_mWh + pending.discharged_mWh,
                  expected.discharged_mWh);
        if (ledger.dropped_days() == EnergyTotals{} && ledger.dropped_months() == EnergyTotals{}) {
            EXPECT_EQ(days, months);
        }
        EXPECT_EQ(ledger.counter_resets(), resets);
        expect_sorted_unique(ledger.days(), config.max_days, [](const DayEnergy& e) { return e.date; });
        expect_sorted_unique(ledger.months(), config.max_months, [](const MonthEnergy& e) { return e.month; });
        if (testing::Test::HasFailure()) {
            ADD_FAILURE() << "step " << step;
            return false;
        }
    }
    // The persisted form reproduces the lists exactly.
    EnergyLedger loaded(config.max_days, config.max_months);
    std::string error;
    EXPECT_TRUE(ledger_from_json(nlohmann::json::parse(ledger_to_json(ledger).dump()), loaded, error)) << error;
    EXPECT_EQ(loaded.days(), ledger.days());
    EXPECT_EQ(loaded.months(), ledger.months());
    EXPECT_EQ(loaded.pending(), ledger.pending());
    return ledger.dropped_days() != EnergyTotals{} || ledger.dropped_months() != EnergyTotals{};
}

TEST(LedgerProperty, WithinTheWindowDaysAndMonthsBothHoldEveryAttributedMilliwattHour) {
    std::mt19937 rng(kSeed);
    for (int run = 0; run < 300; ++run) {
        // At most 60 days after the first date (jumps back stop at it): 61 days, 3 months, nothing pruned.
        const LedgerRun config{62, 36, 10, 1};
        const bool dropped = run_ledger(rng, config, 60);
        ASSERT_FALSE(testing::Test::HasFailure()) << "run " << run;
        EXPECT_FALSE(dropped) << "run " << run;
    }
}

TEST(LedgerProperty, NoEnergyIsLostOrInventedWithPruningAndClockJumps) {
    std::mt19937 rng(kSeed + 1);
    int runs_with_drops = 0;
    for (int run = 0; run < 300; ++run) {
        const LedgerRun config{static_cast<std::size_t>(uniform(rng, 0, 8)),
                               static_cast<std::size_t>(uniform(rng, 0, 4)), uniform(rng, 1, 90), uniform(rng, 1, 400)};
        runs_with_drops += run_ledger(rng, config, 300) ? 1 : 0;
        ASSERT_FALSE(testing::Test::HasFailure()) << "run " << run;
    }
    EXPECT_GT(runs_with_drops, 200);  // the pruning paths were exercised
}

}  // namespace
}  // namespace tbg::history
