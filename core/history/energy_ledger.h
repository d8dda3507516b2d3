// Energy charged into and discharged from the bank per local calendar day and per month, in mWh.
//
// Fed from the bank's lifetime counters (bank::EnergyCounter::charged_mWh(), discharged_mWh()), which only grow in
// normal operation. The first update() after construction or restore() sets the baseline; each later one attributes
// the growth since the previous call to `today` and its month. When either counter goes backwards (restored or reset
// elsewhere) both are taken as the new baseline and nothing is attributed (counted in counter_resets()). Growth seen
// while `today` is nullopt (clock not set) or invalid (counted in rejected_dates()) is held in pending() and
// attributed at the next update with a valid date. A call that attributes nothing creates no entry.
//
// At most max_days days and max_months months are kept, sorted by date. A new entry beyond the limit drops the
// oldest date (not the oldest insertion); when the clock jumps back, the update goes into that earlier entry, or a
// new one if it is newer than the oldest kept (else only the month gets it, when its month is kept). Energy that
// leaves the lists this way is added to dropped_days() / dropped_months(), so for the lists
// Σ entries + dropped + pending = Σ growth attributed or held (nothing lost or invented).
//
// Single-threaded: owned by the platform's loop thread. Results are values and may be handed to other threads. No
// allocation in update() (the lists are reserved at construction); restore() allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/history/civil_date.h"

namespace tbg::history {

struct EnergyTotals {
    std::uint64_t charged_mWh = 0;
    std::uint64_t discharged_mWh = 0;
    friend bool operator==(const EnergyTotals&, const EnergyTotals&) = default;
};

struct DayEnergy {
    CivilDate date;
    EnergyTotals energy;
    friend bool operator==(const DayEnergy&, const DayEnergy&) = default;
};

struct MonthEnergy {
    CivilMonth month;
    EnergyTotals energy;
    friend bool operator==(const MonthEnergy&, const MonthEnergy&) = default;
};

class EnergyLedger {
public:
    static constexpr std::size_t kDefaultMaxDays = 62;
    static constexpr std::size_t kDefaultMaxMonths = 36;
    // Upper bound of one entry accepted by restore() (1 TWh): far above any bank, far below overflow.
    static constexpr std::uint64_t kMaxEntryMilliwattHours = 1'000'000'000'000'000;

    explicit EnergyLedger(std::size_t max_days = kDefaultMaxDays, std::size_t max_months = kDefaultMaxMonths);

    void update(std::uint64_t charged_mWh, std::uint64_t discharged_mWh, std::optional<CivilDate> today);

    // Zero when there is no entry.
    EnergyTotals day(CivilDate date) const;
    EnergyTotals month(std::int16_t year, std::uint8_t month) const;
    // Oldest first.
    const std::vector<DayEnergy>& days() const { return days_; }
    const std::vector<MonthEnergy>& months() const { return months_; }
    std::size_t max_days() const { return max_days_; }
    std::size_t max_months() const { return max_months_; }

    // Growth waiting for a valid date.
    EnergyTotals pending() const { return pending_; }

    // Replaces days, months and pending (e.g. from the state file) and clears the baseline, so the next update()
    // only sets it. Entries may come in any order. On an invalid date or month, a duplicate, more entries than
    // max_days / max_months or a value above kMaxEntryMilliwattHours: returns false with a message in `error` and
    // changes nothing.
    bool restore(std::span<const DayEnergy> days, std::span<const MonthEnergy> months, EnergyTotals pending,
                 std::string& error);

    std::uint64_t counter_resets() const { return counter_resets_; }
    std::uint64_t rejected_dates() const { return rejected_dates_; }
    // Energy that left the lists by pruning or never entered them (older than every kept entry), since
    // construction or restore().
    EnergyTotals dropped_days() const { return dropped_days_; }
    EnergyTotals dropped_months() const { return dropped_months_; }

private:
    void attribute(CivilDate date, EnergyTotals energy);

    std::size_t max_days_;
    std::size_t max_months_;
    std::vector<DayEnergy> days_;      // sorted by date, unique
    std::vector<MonthEnergy> months_;  // sorted by month, unique

    bool has_baseline_ = false;
    std::uint64_t baseline_charged_mWh_ = 0;
    std::uint64_t baseline_discharged_mWh_ = 0;
    EnergyTotals pending_{};

    std::uint64_t counter_resets_ = 0;
    std::uint64_t rejected_dates_ = 0;
    EnergyTotals dropped_days_{};
    EnergyTotals dropped_months_{};
};

}  // namespace tbg::history
