#include "core/history/energy_ledger.h"

#include <algorithm>
#include <limits>

namespace tbg::history {

namespace {

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
    return b > std::numeric_limits<std::uint64_t>::max() - a ? std::numeric_limits<std::uint64_t>::max() : a + b;
}

void add_to(EnergyTotals& totals, EnergyTotals energy) {
    totals.charged_mWh = saturating_add(totals.charged_mWh, energy.charged_mWh);
    totals.discharged_mWh = saturating_add(totals.discharged_mWh, energy.discharged_mWh);
}

CivilDate key_of(const DayEnergy& entry) {
    return entry.date;
}
CivilMonth key_of(const MonthEnergy& entry) {
    return entry.month;
}

// Adds `energy` to the entry for `key` in the sorted list, creating it within `max` entries by dropping the oldest.
// What cannot be kept goes to `dropped`. Never reallocates when the list was reserved to `max`.
template <typename Entry, typename Key>
void attribute_to(std::vector<Entry>& list, std::size_t max, Key key, EnergyTotals energy, EnergyTotals& dropped) {
    auto it = std::lower_bound(list.begin(), list.end(), key,
                               [](const Entry& entry, const Key& k) { return key_of(entry) < k; });
    if (it != list.end() && key_of(*it) == key) {
        add_to(it->energy, energy);
        return;
    }
    if (list.size() >= max) {
        if (it == list.begin()) {  // older than every kept entry (or nothing may be kept)
            add_to(dropped, energy);
            return;
        }
        add_to(dropped, list.front().energy);
        list.erase(list.begin());
        --it;  // the insertion point moved down by one
    }
    list.insert(it, Entry{key, energy});
}

template <typename Entry>
bool check_entries(std::vector<Entry>& sorted, std::size_t max, const char* what, std::string& error) {
    if (sorted.size() > max) {
        error = std::string("too many ") + what + " entries: " + std::to_string(sorted.size()) + " (at most " +
                std::to_string(max) + ")";
        return false;
    }
    for (const Entry& entry : sorted) {
        if (!is_valid(key_of(entry))) {
            error = std::string("invalid ") + what + " " + to_string(key_of(entry));
            return false;
        }
        if (entry.energy.charged_mWh > EnergyLedger::kMaxEntryMilliwattHours ||
            entry.energy.discharged_mWh > EnergyLedger::kMaxEntryMilliwattHours) {
            error = std::string(what) + " " + to_string(key_of(entry)) + ": energy above " +
                    std::to_string(EnergyLedger::kMaxEntryMilliwattHours) + " mWh";
            return false;
        }
    }
    std::sort(sorted.begin(), sorted.end(), [](const Entry& a, const Entry& b) { return key_of(a) < key_of(b); });
    const auto duplicate = std::adjacent_find(sorted.begin(), sorted.end(),
                                              [](const Entry& a, const Entry& b) { return key_of(a) == key_of(b); });
    if (duplicate != sorted.end()) {
        error = std::string("duplicate ") + what + " " + to_string(key_of(*duplicate));
        return false;
    }
    return true;
}

}  // namespace

EnergyLedger::EnergyLedger(std::size_t max_days, std::size_t max_months)
    : max_days_(max_days), max_months_(max_months) {
    days_.reserve(max_days_);
    months_.reserve(max_months_);
}

void EnergyLedger::update(std::uint64_t charged_mWh, std::uint64_t discharged_mWh, std::optional<CivilDate> today) {
    if (!has_baseline_) {
        has_baseline_ = true;
    } else if (charged_mWh < baseline_charged_mWh_ || discharged_mWh < baseline_discharged_mWh_) {
        ++counter_resets_;
    } else {
        add_to(pending_, {charged_mWh - baseline_charged_mWh_, discharged_mWh - baseline_discharged_mWh_});
    }
    baseline_charged_mWh_ = charged_mWh;
    baseline_discharged_mWh_ = discharged_mWh;

    if (today && !is_valid(*today)) {
        ++rejected_dates_;
        today.reset();
    }
    if (!today || pending_ == EnergyTotals{}) {
        return;
    }
    attribute(*today, pending_);
    pending_ = {};
}

void EnergyLedger::attribute(CivilDate date, EnergyTotals energy) {
    attribute_to(days_, max_days_, date, energy, dropped_days_);
    attribute_to(months_, max_months_, month_of(date), energy, dropped_months_);
}

EnergyTotals EnergyLedger::day(CivilDate date) const {
    const auto it = std::find_if(days_.begin(), days_.end(), [&](const DayEnergy& e) { return e.date == date; });
    return it != days_.end() ? it->energy : EnergyTotals{};
}

EnergyTotals EnergyLedger::month(std::int16_t year, std::uint8_t month) const {
    const CivilMonth key{year, month};
    const auto it = std::find_if(months_.begin(), months_.end(), [&](const MonthEnergy& e) { return e.month == key; });
    return it != months_.end() ? it->energy : EnergyTotals{};
}

bool EnergyLedger::restore(std::span<const DayEnergy> days, std::span<const MonthEnergy> months, EnergyTotals pending,
                           std::string& error) {
    std::vector<DayEnergy> sorted_days(days.begin(), days.end());
    std::vector<MonthEnergy> sorted_months(months.begin(), months.end());
    if (!check_entries(sorted_days, max_days_, "day", error) ||
        !check_entries(sorted_months, max_months_, "month", error)) {
        return false;
    }
    if (pending.charged_mWh > kMaxEntryMilliwattHours || pending.discharged_mWh > kMaxEntryMilliwattHours) {
        error = "pending: energy above " + std::to_string(kMaxEntryMilliwattHours) + " mWh";
        return false;
    }
    days_.assign(sorted_days.begin(), sorted_days.end());
    months_.assign(sorted_months.begin(), sorted_months.end());
    pending_ = pending;
    has_baseline_ = false;
    baseline_charged_mWh_ = 0;
    baseline_discharged_mWh_ = 0;
    dropped_days_ = {};
    dropped_months_ = {};
    return true;
}

}  // namespace tbg::history
