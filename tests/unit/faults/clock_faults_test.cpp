// Fault matrix, clock rows: the wall clock jumps forwards and backwards (NTP corrections, a dead RTC battery, a first
// sync hours after boot) while the gateway runs. Charge control and CAN run on the monotonic clock and must not
// notice; the energy ledger and the minute history take the wall time as the daemon gives it (after_tick: unix
// seconds, local date, nothing before 2020) and must neither lose nor invent energy, nor reject a monotonic sample.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>

#include "core/history/civil_date.h"
#include "core/history/energy_ledger.h"
#include "core/history/minute_history.h"
#include "tests/unit/faults/fault_rig.h"

namespace tbg::faults {
namespace {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kStartWall = 1'793'318'400;  // 2026-10-30 00:00:00 UTC
constexpr std::uint64_t kSegmentMs = 5 * 60'000;    // between two jumps
constexpr std::int64_t kYear2020 = 1'577'836'800;   // the daemon treats earlier wall times as "clock not set"

history::EnergyTotals sum_days(const history::EnergyLedger& ledger) {
    history::EnergyTotals total;
    for (const history::DayEnergy& day : ledger.days()) {
        total.charged_mWh += day.energy.charged_mWh;
        total.discharged_mWh += day.energy.discharged_mWh;
    }
    return total;
}

history::EnergyTotals sum_months(const history::EnergyLedger& ledger) {
    history::EnergyTotals total;
    for (const history::MonthEnergy& month : ledger.months()) {
        total.charged_mWh += month.energy.charged_mWh;
        total.discharged_mWh += month.energy.discharged_mWh;
    }
    return total;
}

TEST(faults, WallClockJumpsLeaveControlAndEnergyAccountingSound) {
    FaultRig rig(3, {}, 37);
    history::MinuteHistory history(720);
    history::EnergyLedger ledger;
    std::optional<std::int64_t> wall_offset_s = kStartWall;  // wall = offset + monotonic s; nullopt: not set
    std::optional<std::uint64_t> first_charged_mWh;
    std::uint64_t first_discharged_mWh = 0;
    rig.after_set = [&](std::uint64_t now_ms) {
        std::optional<std::int64_t> wall_s;
        std::optional<history::CivilDate> today;
        if (wall_offset_s) {
            const std::int64_t wall = *wall_offset_s + static_cast<std::int64_t>(now_ms / 1000);
            if (wall >= kYear2020) {
                wall_s = wall;
                today = history::civil_from_days(static_cast<std::int32_t>(wall / kDay));
            }
        }
        const bank::EnergyCounter& energy = rig.gateway().bank().energy();
        if (!first_charged_mWh) {
            first_charged_mWh = energy.charged_mWh();
            first_discharged_mWh = energy.discharged_mWh();
        }
        history.add(rig.gateway().snapshot(), now_ms, wall_s);
        ledger.update(energy.charged_mWh(), energy.discharged_mWh(), today);
    };

    const auto jump = [&](std::optional<std::int64_t> by_s) {
        if (!by_s) {
            wall_offset_s.reset();
        } else if (!wall_offset_s) {
            wall_offset_s = kStartWall + *by_s;
        } else {
            *wall_offset_s += *by_s;
        }
        rig.run_for(kSegmentMs);
    };
    rig.run_for(kSegmentMs);
    jump(kHour);             // NTP forward
    jump(-kHour);            // and back
    jump(-3 * kDay);         // back across midnights into earlier days
    jump(5 * kDay);          // forward past them again, across a month end
    jump(std::nullopt);      // the clock is lost (RTC battery): growth waits in pending
    jump(0);                 // set again
    jump(-60 * 365 * kDay);  // 1966: before 2020, taken as not set
    wall_offset_s = kStartWall + 2 * kDay;
    rig.run_for(kSegmentMs);

    // Control and CAN never noticed.
    EXPECT_TRUE(rig.checker().violations().empty()) << rig.checker().violations().front();
    EXPECT_GE(rig.checker().sets_checked(), 9 * kSegmentMs / 1000 - 5);
    EXPECT_EQ(rig.gateway().can_counters().missed_ticks, 0U);
    // History buckets are monotonic minutes: none rejected, one per minute (ring of 720 holds them all).
    EXPECT_EQ(history.rejected_adds(), 0U);
    EXPECT_EQ(history.size(), 9 * kSegmentMs / 60'000 - 1);
    // Energy: every mWh of growth is in a day, was dropped by pruning (reported) or waits in pending; the months
    // likewise. Nothing lost, nothing invented, whatever the clock did.
    const bank::EnergyCounter& energy = rig.gateway().bank().energy();
    const std::uint64_t charged = energy.charged_mWh() - *first_charged_mWh;
    const std::uint64_t discharged = energy.discharged_mWh() - first_discharged_mWh;
    EXPECT_GT(charged + discharged, 0U) << "the simulated packs moved energy";
    const history::EnergyTotals days = sum_days(ledger);
    EXPECT_EQ(days.charged_mWh + ledger.dropped_days().charged_mWh + ledger.pending().charged_mWh, charged);
    EXPECT_EQ(days.discharged_mWh + ledger.dropped_days().discharged_mWh + ledger.pending().discharged_mWh, discharged);
    const history::EnergyTotals months = sum_months(ledger);
    EXPECT_EQ(months.charged_mWh + ledger.dropped_months().charged_mWh + ledger.pending().charged_mWh, charged);
    EXPECT_EQ(ledger.counter_resets(), 0U);
    // The jumps touched three days (2026-10-30, back to 10-27, forward to 11-01) and two months.
    ASSERT_EQ(ledger.days().size(), 3U);
    EXPECT_EQ(ledger.days()[0].date, (history::CivilDate{2026, 10, 27}));
    EXPECT_EQ(ledger.days()[1].date, (history::CivilDate{2026, 10, 30}));
    EXPECT_EQ(ledger.days()[2].date, (history::CivilDate{2026, 11, 1}));
    EXPECT_EQ(ledger.months().size(), 2U);
}

}  // namespace
}  // namespace tbg::faults
