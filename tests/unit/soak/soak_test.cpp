// Simulated soak (issue 8): the gateway's core runs 30 days on the injected clock, across a month end, the autumn DST
// change (a 25-hour local day) and the 32-bit millisecond wrap, and 4 days across the spring change (23 hours), with
// every CAN tick checked against the safety invariants and every container that could grow watched.
//
// How time moves (soak_rig.h): dense, fully event-driven operation around every local midnight, the DST change, the
// 2^32 ms wrap, a pack dropout and a failsafe episode; coarse steps in between (a burst of polling every 120 s, a CAN
// tick every 60 s). The gateway, bank, charge controller, CAN encoder, frame log, minute history, energy counter and
// ledger are the product's code throughout.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <numeric>
#include <string>

#include "core/api/api_documents.h"
#include "core/api/gateway_view.h"
#include "tests/unit/soak/berlin_clock.h"
#include "tests/unit/soak/soak_rig.h"

namespace tbg::soak {
namespace {

using history::CivilDate;

constexpr std::uint64_t kMinuteMs = 60'000;
constexpr std::uint64_t kHourMs = 60 * kMinuteMs;
constexpr std::uint64_t kDayMs = 24 * kHourMs;
constexpr std::int64_t kHourS = 3600;
constexpr std::uint64_t kWrapMs = std::uint64_t{1} << 32;  // 49.7 days: where a 32-bit ms clock would wrap

// Local midnight (Europe/Berlin) at the start of `date`, in unix seconds.
std::int64_t berlin_midnight(CivilDate date) {
    const std::int64_t utc = unix_at_utc_midnight(date);
    return utc - (berlin_dst(utc - 3600) ? 7200 : 3600);  // DST never changes between 22:00 and 01:00 UTC
}

// Sizes of everything the daemon keeps that could grow, and of the documents a browser fetches, at one moment.
struct Footprint {
    std::size_t history_samples = 0;
    std::size_t ledger_days = 0;
    std::size_t ledger_months = 0;
    std::size_t serial_records = 0;
    std::size_t can_records = 0;
    std::size_t status_bytes = 0;
    std::size_t packs_bytes = 0;
    std::size_t history_bytes = 0;
    std::size_t energy_bytes = 0;
    std::size_t frames_bytes = 0;
};

Footprint footprint(SoakRig& rig) {
    api::GatewayView view;
    api::capture_gateway(rig.gateway(), rig.now_ms(), view);
    view.wall_s = rig.unix_s(rig.now_ms());
    view.today = rig.local(rig.now_ms()).date;
    view.frames = std::make_shared<const api::FrameLog>(rig.frames());
    view.history = std::make_shared<const history::MinuteHistory>(rig.history());
    view.energy = std::make_shared<const history::EnergyLedger>(rig.ledger());
    Footprint f;
    f.history_samples = rig.history().size();
    f.ledger_days = rig.ledger().days().size();
    f.ledger_months = rig.ledger().months().size();
    f.serial_records = rig.frames().serial().size();
    f.can_records = rig.frames().can().size();
    f.status_bytes = api::status_document(view).dump().size();
    f.packs_bytes = api::packs_document(view).dump().size();
    f.history_bytes = api::history_document(view, 48).dump().size();
    f.energy_bytes = api::energy_document(view, 62, 36).dump().size();
    f.frames_bytes = api::frames_document(view, 64).dump().size();
    return f;
}

// Checks that each size stops growing: after the warm-up days no size exceeds the largest of the warm-up days
// (documents: by more than `slack_pct` %, for numbers gaining a digit).
void expect_bounded(const std::vector<Footprint>& days, std::size_t warmup_days, double slack_pct) {
    ASSERT_GT(days.size(), warmup_days);
    Footprint max{};
    auto widen = [](std::size_t& a, std::size_t b) { a = std::max(a, b); };
    for (std::size_t i = 0; i < warmup_days; ++i) {
        const Footprint& d = days[i];
        widen(max.history_samples, d.history_samples), widen(max.serial_records, d.serial_records);
        widen(max.can_records, d.can_records), widen(max.status_bytes, d.status_bytes);
        widen(max.packs_bytes, d.packs_bytes), widen(max.history_bytes, d.history_bytes);
        widen(max.energy_bytes, d.energy_bytes), widen(max.frames_bytes, d.frames_bytes);
    }
    const auto docs = [&](std::size_t v) { return static_cast<double>(v) * (1.0 + slack_pct / 100.0); };
    for (std::size_t i = warmup_days; i < days.size(); ++i) {
        const Footprint& d = days[i];
        EXPECT_LE(d.history_samples, max.history_samples) << "day " << i;
        EXPECT_LE(d.serial_records, max.serial_records) << "day " << i;
        EXPECT_LE(d.can_records, max.can_records) << "day " << i;
        EXPECT_LE(static_cast<double>(d.status_bytes), docs(max.status_bytes)) << "day " << i;
        EXPECT_LE(static_cast<double>(d.packs_bytes), docs(max.packs_bytes)) << "day " << i;
        EXPECT_LE(static_cast<double>(d.history_bytes), docs(max.history_bytes)) << "day " << i;
        EXPECT_LE(static_cast<double>(d.energy_bytes), docs(max.energy_bytes)) << "day " << i;
        EXPECT_LE(static_cast<double>(d.frames_bytes), docs(max.frames_bytes)) << "day " << i;
        EXPECT_LE(d.ledger_days, history::EnergyLedger::kDefaultMaxDays);
        EXPECT_LE(d.ledger_months, history::EnergyLedger::kDefaultMaxMonths);
    }
}

void expect_no_violations(const SoakRig& rig) {
    EXPECT_EQ(rig.violation_count(), 0U);
    for (const std::string& text : rig.violations()) {
        ADD_FAILURE() << text;
    }
}

// The finished minutes in the ring are consecutive, none lost or doubled, whatever the local clock did: their wall
// times (each the first update of its minute) advance by 60 s on average and by 0…120 s from one to the next (a
// coarse step's tick can fall just before a minute's end and the burst's just after it, in the same second).
void expect_consecutive_minutes(const history::MinuteHistory& history) {
    ASSERT_GT(history.size(), 1U);
    std::size_t gaps = 0;
    for (std::size_t i = 1; i < history.size(); ++i) {
        const history::HistorySample& a = history.sample(i - 1);
        const history::HistorySample& b = history.sample(i);
        ASSERT_TRUE(a.wall_valid && b.wall_valid) << i;
        EXPECT_GE(b.wall_s - a.wall_s, 0) << "minute " << i;
        EXPECT_LE(b.wall_s - a.wall_s, 120) << "minute " << i;
        gaps += b.gap() ? 1U : 0U;
    }
    const std::int64_t span_s = history.sample(history.size() - 1).wall_s - history.sample(0).wall_s;
    EXPECT_NEAR(static_cast<double>(span_s), 60.0 * static_cast<double>(history.size() - 1), 60.0);
    EXPECT_EQ(gaps, 0U) << "the packs answered throughout the last 48 h";
}

double discharged_Wh(const history::EnergyLedger& ledger, CivilDate date) {
    return static_cast<double>(ledger.day(date).discharged_mWh) / 1000.0;
}

// 50 days before the soak, as a state file would restore them (so the 62-day limit is reached and pruning runs).
struct Restored {
    std::vector<history::DayEnergy> days;
    std::vector<history::MonthEnergy> months;
    history::EnergyTotals total;
};

Restored restored_days(CivilDate first_soak_day, int count) {
    Restored r;
    for (int i = count; i >= 1; --i) {
        const CivilDate date = history::add_days(first_soak_day, -i);
        const history::EnergyTotals energy{std::uint64_t{20'000} + static_cast<std::uint64_t>(i) * 7,
                                           std::uint64_t{15'000} + static_cast<std::uint64_t>(i) * 3};
        r.days.push_back({date, energy});
        r.total.charged_mWh += energy.charged_mWh;
        r.total.discharged_mWh += energy.discharged_mWh;
        const history::CivilMonth month = history::month_of(date);
        if (r.months.empty() || r.months.back().month != month) {
            r.months.push_back({month, {}});
        }
        r.months.back().energy.charged_mWh += energy.charged_mWh;
        r.months.back().energy.discharged_mWh += energy.discharged_mWh;
    }
    return r;
}

TEST(BerlinClock, AgreesWithTheRulesAndWithTheSystemZoneDatabase) {
    EXPECT_EQ(last_sunday(2026, 10), (CivilDate{2026, 10, 25}));
    EXPECT_EQ(last_sunday(2027, 3), (CivilDate{2027, 3, 28}));
    const std::int64_t change = unix_at_utc_midnight({2026, 10, 25}) + 3600;  // 01:00 UTC
    EXPECT_EQ(berlin_local(change - 1).second_of_day, 3 * 3600 - 1) << "02:59:59 CEST";
    EXPECT_EQ(berlin_local(change).second_of_day, 2 * 3600) << "02:00:00 CET: the hour repeats";
    const std::int64_t spring = unix_at_utc_midnight({2027, 3, 28}) + 3600;
    EXPECT_EQ(berlin_local(spring - 1).second_of_day, 2 * 3600 - 1) << "01:59:59 CET";
    EXPECT_EQ(berlin_local(spring).second_of_day, 3 * 3600) << "03:00:00 CEST: the hour is skipped";
    EXPECT_EQ(berlin_midnight({2026, 11, 1}), unix_at_utc_midnight({2026, 10, 31}) + std::int64_t{23} * 3600);

    // The daemon takes the local date from localtime_r: the emulation must give the same local time for every quarter
    // hour of 2026 and 2027 (the zone database comes with Debian's tzdata, which scripts/install-deps.sh installs).
    ASSERT_TRUE(std::filesystem::exists("/usr/share/zoneinfo/Europe/Berlin"))
        << "no /usr/share/zoneinfo/Europe/Berlin: install tzdata";
    const char* old_tz = std::getenv("TZ");
    const std::string saved = old_tz != nullptr ? old_tz : "";
    ::setenv("TZ", "Europe/Berlin", 1);
    ::tzset();
    std::size_t compared = 0;
    for (std::int64_t t = unix_at_utc_midnight({2026, 1, 1}); t < unix_at_utc_midnight({2028, 1, 1}); t += 900) {
        const std::time_t now = static_cast<std::time_t>(t);
        std::tm tm{};
        ASSERT_NE(::localtime_r(&now, &tm), nullptr);
        const LocalTime local = berlin_local(t);
        ASSERT_EQ(local.date,
                  (CivilDate{static_cast<std::int16_t>(tm.tm_year + 1900), static_cast<std::uint8_t>(tm.tm_mon + 1),
                             static_cast<std::uint8_t>(tm.tm_mday)}))
            << t;
        ASSERT_EQ(local.second_of_day, tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec) << t;
        ASSERT_EQ(local.dst, tm.tm_isdst > 0) << t;
        ++compared;
    }
    if (old_tz != nullptr) {
        ::setenv("TZ", saved.c_str(), 1);
    } else {
        ::unsetenv("TZ");
    }
    ::tzset();
    EXPECT_EQ(compared, 2U * 365 * 96);
}

TEST(Soak, ThirtyDaysAcrossMonthEndAutumnDstAndThe32BitMillisecondWrap) {
    const auto wall_start = std::chrono::steady_clock::now();
    const CivilDate first_day{2026, 10, 10};
    const std::int64_t start_unix = berlin_midnight(first_day) + 12 * kHourS;  // 12:00 CEST
    SoakOptions options;
    options.packs = 3;
    options.start_mono_ms = kWrapMs - 20 * kMinuteMs;
    options.start_unix_s = start_unix;
    SoakRig rig(options);
    const Restored restored = restored_days(first_day, 50);
    std::string error;
    ASSERT_TRUE(rig.ledger().restore(restored.days, restored.months, {}, error)) << error;

    const auto mono_at = [&](std::int64_t unix_s) {
        return options.start_mono_ms + static_cast<std::uint64_t>(unix_s - start_unix) * 1000;
    };
    const std::uint64_t end_ms = options.start_mono_ms + 30 * kDayMs;
    std::vector<Footprint> days;

    rig.run_dense(options.start_mono_ms + 40 * kMinuteMs);  // the 2^32 ms wrap at +20 min
    ASSERT_GT(rig.now_ms(), kWrapMs);
    for (CivilDate date = history::next_day(first_day); mono_at(berlin_midnight(date)) < end_ms;
         date = history::next_day(date)) {
        const CivilDate day_before = history::previous_day(date);
        const std::int64_t day_start = berlin_midnight(day_before);
        if (day_before == CivilDate{2026, 10, 15}) {  // pack 2 silent for an hour: offline, limits of two packs
            rig.run_coarse(mono_at(day_start + 12 * kHourS));
            rig.packs().set_answering(2, false);
            rig.run_coarse(mono_at(day_start + 13 * kHourS));
            EXPECT_EQ(rig.gateway().snapshot().modules_online, 2U);
            rig.packs().set_answering(2, true);
        }
        if (day_before == CivilDate{2026, 10, 22}) {  // every pack silent for 15 minutes: failsafe, then back
            rig.run_coarse(mono_at(day_start + 14 * kHourS));
            for (std::uint8_t adr = 0; adr < 3; ++adr) {
                rig.packs().set_answering(adr, false);
            }
            rig.run_dense(mono_at(day_start + 14 * kHourS + 900));
            EXPECT_TRUE(rig.gateway().output().failsafe);
            for (std::uint8_t adr = 0; adr < 3; ++adr) {
                rig.packs().set_answering(adr, true);
            }
            rig.run_dense(mono_at(day_start + 14 * kHourS + 1800));
            EXPECT_FALSE(rig.gateway().output().failsafe);
        }
        if (day_before == CivilDate{2026, 10, 25}) {  // 03:00 CEST → 02:00 CET at 01:00 UTC, dense around it
            const std::int64_t change = unix_at_utc_midnight(day_before) + 3600;
            rig.run_coarse(mono_at(change - 600));
            rig.run_dense(mono_at(change + 600));
        }
        const std::uint64_t midnight = mono_at(berlin_midnight(date));
        rig.run_coarse(midnight - 2 * kMinuteMs);
        rig.run_dense(midnight + 2 * kMinuteMs);
        days.push_back(footprint(rig));
    }
    rig.run_coarse(end_ms);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

    expect_no_violations(rig);
    const app::CanCounters& can = rig.gateway().can_counters();
    std::printf(
        "soak: 30 days in %.1f s: %llu CAN ticks (%llu dense, on time; %u skipped by %llu coarse steps), "
        "%llu RS485 transactions, %llu failsafe ticks, %zu ledger days, %zu history minutes\n",
        seconds, static_cast<unsigned long long>(rig.ticks()), static_cast<unsigned long long>(rig.dense_ticks()),
        can.missed_ticks, static_cast<unsigned long long>(rig.coarse_steps()),
        static_cast<unsigned long long>(rig.transactions()), static_cast<unsigned long long>(rig.failsafe_ticks()),
        rig.ledger().days().size(), rig.history().size());
    RecordProperty("simulated_days", 30);
    RecordProperty("wall_seconds", std::to_string(seconds));

    // Cadence: every deadline since the first was a set or a counted skip (checked at every tick), and dense
    // operation had a set every second.
    EXPECT_EQ(std::uint64_t{can.sets_encoded} + can.sets_silenced, rig.ticks());
    EXPECT_GT(rig.dense_ticks(), 30U * 4 * 60) << "at least 4 dense minutes per midnight";
    EXPECT_GT(rig.failsafe_ticks(), 550U) << "the last 10 of the 15 silent minutes (comm_loss_timeout_s 300)";
    EXPECT_GE(rig.now_ms(), kWrapMs + 29 * kDayMs);

    // History: the ring is full and holds exactly its capacity of consecutive minutes.
    EXPECT_EQ(rig.history().size(), rig.history().capacity());
    EXPECT_EQ(rig.history().capacity(), history::MinuteHistory::kDefaultCapacity);
    EXPECT_EQ(rig.history().rejected_adds(), 0U);
    expect_consecutive_minutes(rig.history());

    // Frame log rings wrapped many times and hold their capacity.
    EXPECT_EQ(rig.frames().serial().size(), api::kFrameLogCapacity);
    EXPECT_EQ(rig.frames().can().size(), api::kFrameLogCapacity);
    EXPECT_GT(rig.frames().last_seq(), 100U * api::kFrameLogCapacity);

    // Ledger: one entry per local day, 62 days kept (50 restored + 31 seen, the oldest pruned), nothing lost.
    const history::EnergyLedger& ledger = rig.ledger();
    EXPECT_EQ(rig.dates().size(), 31U) << "2026-10-10 … 2026-11-09";
    EXPECT_EQ(ledger.days().size(), history::EnergyLedger::kDefaultMaxDays);
    EXPECT_TRUE(std::is_sorted(ledger.days().begin(), ledger.days().end(),
                               [](const auto& a, const auto& b) { return a.date < b.date; }));
    EXPECT_TRUE(std::adjacent_find(ledger.days().begin(), ledger.days().end(), [](const auto& a, const auto& b) {
                    return a.date == b.date;
                }) == ledger.days().end());
    EXPECT_EQ(ledger.days().back().date, (CivilDate{2026, 11, 9}));
    EXPECT_EQ(ledger.days().front().date, history::add_days({2026, 11, 9}, -61));
    history::EnergyTotals seen{};
    for (const auto& [date, span] : rig.dates()) {
        const history::EnergyTotals day = ledger.day(date);
        EXPECT_GT(day.charged_mWh + day.discharged_mWh, 0U) << history::to_string(date);
        seen.charged_mWh += day.charged_mWh;
        seen.discharged_mWh += day.discharged_mWh;
    }
    const bank::EnergyCounter& energy = rig.gateway().bank().energy();
    EXPECT_EQ(seen.charged_mWh, energy.charged_mWh()) << "the days add up to the lifetime counter";
    EXPECT_EQ(seen.discharged_mWh, energy.discharged_mWh());
    EXPECT_EQ(ledger.pending(), history::EnergyTotals{});
    EXPECT_EQ(ledger.rejected_dates(), 0U);
    EXPECT_EQ(ledger.counter_resets(), 0U);
    history::EnergyTotals kept{};
    for (const history::DayEnergy& day : ledger.days()) {
        kept.charged_mWh += day.energy.charged_mWh;
        kept.discharged_mWh += day.energy.discharged_mWh;
    }
    EXPECT_EQ(kept.charged_mWh + ledger.dropped_days().charged_mWh, restored.total.charged_mWh + energy.charged_mWh());
    EXPECT_EQ(kept.discharged_mWh + ledger.dropped_days().discharged_mWh,
              restored.total.discharged_mWh + energy.discharged_mWh());
    history::EnergyTotals october_restored{};
    for (const history::DayEnergy& day : restored.days) {
        if (day.date.month == 10) {
            october_restored.charged_mWh += day.energy.charged_mWh;
        }
    }
    std::uint64_t october_seen = 0;
    std::uint64_t november_seen = 0;
    for (const auto& [date, span] : rig.dates()) {
        (date.month == 10 ? october_seen : november_seen) += ledger.day(date).charged_mWh;
    }
    EXPECT_EQ(ledger.month(2026, 10).charged_mWh, october_restored.charged_mWh + october_seen);
    EXPECT_EQ(ledger.month(2026, 11).charged_mWh, november_seen);

    // The 25-hour day: updates for 2026-10-25 span 25 h, its neighbours 24 h, and the house drew one hour more.
    const DateSpan& dst_day = rig.dates().at({2026, 10, 25});
    const DateSpan& before = rig.dates().at({2026, 10, 24});
    EXPECT_NEAR(static_cast<double>(dst_day.last_ms - dst_day.first_ms), 25.0 * kHourMs, 2.0 * kMinuteMs);
    EXPECT_NEAR(static_cast<double>(before.last_ms - before.first_ms), 24.0 * kHourMs, 2.0 * kMinuteMs);
    const double ratio = discharged_Wh(ledger, {2026, 10, 25}) / discharged_Wh(ledger, {2026, 10, 24});
    EXPECT_NEAR(ratio, 13.0 / 12.0, 0.03) << "discharge 18:00…06:00: 13 h on the 25-hour day";

    // The gateway's counters against the model's exact energy (coarse steps hold power for up to 120 s).
    EXPECT_NEAR(static_cast<double>(energy.charged_mWh()), rig.packs().charged_mWh(), 0.02 * rig.packs().charged_mWh());
    EXPECT_NEAR(static_cast<double>(energy.discharged_mWh()), rig.packs().discharged_mWh(),
                0.02 * rig.packs().discharged_mWh());

    // Nothing grows after the first days (history ring full after 2 days).
    expect_bounded(days, 3, 5.0);
}

TEST(Soak, FourDaysAcrossTheSpringDstChange) {
    const CivilDate first_day{2027, 3, 26};
    const std::int64_t start_unix = berlin_midnight(first_day) + 12 * kHourS;
    SoakOptions options;
    options.packs = 2;
    options.start_mono_ms = 5 * kDayMs;  // a monotonic clock that started 5 days ago (boot)
    options.start_unix_s = start_unix;
    SoakRig rig(options);
    const auto mono_at = [&](std::int64_t unix_s) {
        return options.start_mono_ms + static_cast<std::uint64_t>(unix_s - start_unix) * 1000;
    };
    rig.run_dense(options.start_mono_ms + 10 * kMinuteMs);
    const std::int64_t change = unix_at_utc_midnight({2027, 3, 28}) + 3600;
    for (CivilDate date{2027, 3, 27}; date <= CivilDate{2027, 3, 30}; date = history::next_day(date)) {
        if (date == CivilDate{2027, 3, 29}) {
            rig.run_coarse(mono_at(change - 600));
            rig.run_dense(mono_at(change + 600));
        }
        const std::uint64_t midnight = mono_at(berlin_midnight(date));
        rig.run_coarse(midnight - 3 * kMinuteMs);
        rig.run_dense(midnight + 3 * kMinuteMs);
    }
    rig.run_coarse(mono_at(start_unix) + 4 * kDayMs);
    expect_no_violations(rig);
    const DateSpan& dst_day = rig.dates().at({2027, 3, 28});
    EXPECT_NEAR(static_cast<double>(dst_day.last_ms - dst_day.first_ms), 23.0 * kHourMs, 2.0 * kMinuteMs);
    const double ratio = discharged_Wh(rig.ledger(), {2027, 3, 28}) / discharged_Wh(rig.ledger(), {2027, 3, 27});
    EXPECT_NEAR(ratio, 11.0 / 12.0, 0.03) << "discharge 18:00…06:00: 11 h on the 23-hour day";
    EXPECT_EQ(rig.ledger().days().size(), 5U) << "2027-03-26 … 2027-03-30";
    std::uint64_t charged = 0;
    for (const history::DayEnergy& day : rig.ledger().days()) {
        charged += day.energy.charged_mWh;
    }
    EXPECT_EQ(charged, rig.gateway().bank().energy().charged_mWh());
}

}  // namespace
}  // namespace tbg::soak
