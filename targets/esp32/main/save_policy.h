// When the firmware writes the energy counters and the daily/monthly energy ledger to NVS, and what that costs the
// flash. Pure, platform-free: time and date are parameters.
//
// SavePolicy::decide() answers "save now?" for one state that changes continuously (one NVS key, "energy"):
//   - kShutdown: a restart was requested (user, OTA) and the state changed: always, whatever the spacing;
//   - kHourly:   the state changed and the last save (or boot) is at least kIntervalMs (1 h) ago;
//   - kDayChange: the state changed, the local date differs from the date of the last save (or the first date
//                seen since boot), the last save (or boot) is at least kMinSpacingMs (10 min) ago and the last
//                day-change save at least kDayChangeSpacingMs (12 h) ago, so a clock jumping back and forth
//                (NTP, a wrong server) cannot multiply the writes;
//   - kNone otherwise, and always when nothing changed (no write, no wear).
// A returned reason means "write now": the caller writes once and does not retry before the next due save (a
// failed write counts as an attempt, so a failing flash is not hammered). Boot counts as an attempt too: a crash
// loop shorter than 10 minutes never writes.
//
// Bound (nvs_writes_per_day_worst_case): in any 24 h window the automatic saves (kHourly, kDayChange) are at most
// 1 + d + (24 h − d·10 min) / 1 h with d = 24 h / 12 h + 1 = 3 day-change saves, i.e. 27, whatever the clock does;
// with a sane clock they settle at 24 a day (the hourly save at midnight also carries the day change).
// Single-threaded: owned by the task that calls it (the loop task).
#pragma once

#include <cstdint>
#include <optional>

#include "core/history/civil_date.h"

namespace tbg::esp32 {

enum class SaveReason : std::uint8_t { kNone, kHourly, kDayChange, kShutdown };

const char* to_string(SaveReason reason);

struct SaveInput {
    std::uint64_t now_ms = 0;                 // monotonic, same clock as the constructor's boot_ms
    std::optional<history::CivilDate> today;  // local civil date; nullopt while the clock is unset (invalid = unset)
    bool changed = false;                     // the state differs from what was last written
    bool shutdown = false;                    // a restart is about to happen
};

class SavePolicy {
public:
    static constexpr std::uint64_t kIntervalMs = 3'600'000;
    static constexpr std::uint64_t kMinSpacingMs = 600'000;
    static constexpr std::uint64_t kDayChangeSpacingMs = 12 * 3'600'000ULL;

    explicit SavePolicy(std::uint64_t boot_ms) : last_attempt_ms_(boot_ms) {}

    // Call about once a minute and once before a requested restart. Records the attempt when it returns a reason.
    SaveReason decide(const SaveInput& input);

    std::optional<history::CivilDate> reference_date() const { return reference_date_; }
    std::uint64_t last_attempt_ms() const { return last_attempt_ms_; }

private:
    void record(const SaveInput& input, SaveReason reason);

    std::uint64_t last_attempt_ms_;
    std::optional<std::uint64_t> last_day_change_ms_;
    std::optional<history::CivilDate> reference_date_;
};

// NVS writes per day in the worst case, per kind of key. `energy_writes` follows from SavePolicy (any 24 h window,
// any clock behaviour); `user_writes` is a budget, not a limit: configuration saves, password changes, dashboard
// layout saves and the saves before a requested restart all happen only on a user's action (an unchanged value is
// never rewritten), and 20 saves a day is far above normal use (a few at installation, then rare). Each is counted
// as a configuration save, the dearest: two writes ("config_prev", then "config"; persistence.h).
struct NvsWriteBudget {
    std::uint32_t energy_writes = 0;  // key "energy": counters + ledger
    std::uint32_t user_writes = 0;    // keys "config_prev", "config", "admin_hash", "layout", "energy" before a restart
    constexpr std::uint32_t total() const { return energy_writes + user_writes; }
};

inline constexpr std::uint32_t kUserSavesPerDayBudget = 20;
inline constexpr std::uint32_t kWritesPerUserSave = 2;  // a configuration save keeps the previous generation
inline constexpr std::uint32_t kUserWritesPerDayBudget = kUserSavesPerDayBudget * kWritesPerUserSave;

constexpr std::uint32_t max_automatic_saves_per_day() {
    constexpr std::uint64_t kDayMs = 24 * 3'600'000ULL;
    constexpr std::uint64_t kDayChangeSaves = kDayMs / SavePolicy::kDayChangeSpacingMs + 1;
    return static_cast<std::uint32_t>(1 + kDayChangeSaves +
                                      (kDayMs - kDayChangeSaves * SavePolicy::kMinSpacingMs) / SavePolicy::kIntervalMs);
}

constexpr NvsWriteBudget nvs_writes_per_day_worst_case() {
    return NvsWriteBudget{max_automatic_saves_per_day(), kUserWritesPerDayBudget};
}

// Flash wear of the NVS partition. NVS appends entries of 32 bytes to 4096-byte pages (126 entries each); a blob of
// n bytes takes ceil(n / 32) data entries plus one header entry per chunk (a chunk per page it touches) plus one
// index entry. When the free pages run out NVS erases the oldest page after moving its live entries, so a page erase
// frees 126 × (1 − live fraction) entries and the erases rotate over all pages. Erase cycles per page per day =
// entries written per day / (126 × (1 − live fraction)) / pages. SPI NOR flash sectors are rated 100,000 cycles.
struct NvsWearInput {
    std::uint32_t partition_bytes = 0x10000;   // the "nvs" partition (4096-byte pages; one is always kept free)
    std::uint32_t energy_value_bytes = 4096;   // largest "energy" text (62 days and 36 months of the ledger)
    std::uint32_t user_value_bytes = 4096;     // a typical user write (configuration ~3 KB, layout a few KB)
    std::uint32_t live_bytes = 20'480;         // what NVS holds at any time: config + config_prev ~6 KB, energy 4 KB,
                                               // layout, WiFi and PHY data
    std::uint32_t endurance_cycles = 100'000;  // per flash sector
    NvsWriteBudget writes = nvs_writes_per_day_worst_case();
};

struct NvsWearEstimate {
    std::uint32_t pages = 0;
    std::uint32_t entries_per_day = 0;
    double live_fraction = 0;  // of the usable entries (pages − 1)
    double page_erases_per_day = 0;
    double erase_cycles_per_page_per_day = 0;
    double lifetime_years = 0;  // until the rated endurance; 0 when the live data does not fit
};

constexpr std::uint32_t kNvsPageBytes = 4096;
constexpr std::uint32_t kNvsEntriesPerPage = 126;
constexpr std::uint32_t kNvsEntryBytes = 32;

// Entries one write of a blob of `bytes` bytes takes (upper bound).
constexpr std::uint32_t nvs_entries_per_blob(std::uint32_t bytes) {
    const std::uint32_t data_entries = (bytes + kNvsEntryBytes - 1) / kNvsEntryBytes;
    const std::uint32_t chunks = data_entries / (kNvsEntriesPerPage - 1) + 2;  // a chunk may start mid-page
    return data_entries + chunks + 1;
}

constexpr NvsWearEstimate nvs_wear_estimate(const NvsWearInput& in) {
    NvsWearEstimate out;
    out.pages = in.partition_bytes / kNvsPageBytes;
    out.entries_per_day = in.writes.energy_writes * nvs_entries_per_blob(in.energy_value_bytes) +
                          in.writes.user_writes * nvs_entries_per_blob(in.user_value_bytes);
    if (out.pages < 2) {
        return out;
    }
    const double usable_entries = static_cast<double>(kNvsEntriesPerPage) * (out.pages - 1);
    const double live_entries =
        static_cast<double>(in.live_bytes + kNvsEntryBytes - 1) / kNvsEntryBytes * 1.1;  // + headers, index
    out.live_fraction = live_entries / usable_entries;
    if (out.live_fraction >= 1.0) {
        return out;
    }
    out.page_erases_per_day = out.entries_per_day / (kNvsEntriesPerPage * (1.0 - out.live_fraction));
    out.erase_cycles_per_page_per_day = out.page_erases_per_day / out.pages;
    out.lifetime_years = in.endurance_cycles / out.erase_cycles_per_page_per_day / 365.0;
    return out;
}

}  // namespace tbg::esp32
