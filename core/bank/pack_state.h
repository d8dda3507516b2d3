// The latest decoded data of one pack, kept per data group with its own received-at time.
//
// Each group (0x42 analog, 0x44 alarm/status, 0x47 parameters, 0x51 information) is replaced as a whole by its
// update_*() call and is fresh while its age (now_ms − received-at) is at most its StalenessLimits entry. A pack is
// online while its analog group is fresh. Stale data is kept (for display with its age) but the fresh_*() accessors
// return nullptr for it, so aggregation code cannot use it by accident. Time is the caller's monotonic ms; a time
// earlier than the received-at time counts as age 0. No allocation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/bank/bank_config.h"
#include "core/topband/decoders.h"

namespace tbg::bank {

enum class DataGroup : std::uint8_t { kAnalog, kAlarm, kParameters, kInfo };
inline constexpr std::size_t kDataGroupCount = 4;
std::string_view to_string(DataGroup group);  // "analog", "alarm", "parameters", "info"

// Largest age, in ms, at which each group is still fresh.
struct StalenessLimits {
    std::array<std::uint64_t, kDataGroupCount> max_age_ms{20'000, 60'000, 900'000, 86'400'000};

    std::uint64_t operator[](DataGroup group) const { return max_age_ms[static_cast<std::size_t>(group)]; }
};

StalenessLimits staleness_limits(const BankConfig& config);

class PackState {
public:
    PackState() = default;
    explicit PackState(const StalenessLimits& limits) : limits_(limits) {}

    void set_limits(const StalenessLimits& limits) { limits_ = limits; }
    const StalenessLimits& limits() const { return limits_; }

    // Store one decoded reply received at now_ms. false (previous data kept, timestamp unchanged) when the values
    // cannot describe a pack: analog or alarm data with a cell count outside 1…kMaxCells, a temperature count above
    // kMaxTemperatures or a status byte count above kMaxStatusBytes.
    bool update_analog(const topband::AnalogValues& values, std::uint64_t now_ms);
    bool update_alarm(const topband::AlarmInfo& info, std::uint64_t now_ms);
    void update_parameters(const topband::SystemParameters& parameters, std::uint64_t now_ms);
    void update_info(const topband::ManufacturerInfo& info, std::uint64_t now_ms);

    // Forget everything (pack removed).
    void clear();

    // The poller declared the pack offline (failed polls in a row): every group counts as stale at once, before its
    // age limit, so a pack that drops out stops contributing in the same tick. Cleared by the next update_*().
    void set_link_lost(bool lost) { link_lost_ = lost; }
    bool link_lost() const { return link_lost_; }

    bool received(DataGroup group) const { return has_[index(group)]; }
    std::optional<std::uint64_t> received_ms(DataGroup group) const;
    // Age at now_ms; nullopt when the group was never received.
    std::optional<std::uint64_t> age_ms(DataGroup group, std::uint64_t now_ms) const;
    bool fresh(DataGroup group, std::uint64_t now_ms) const;
    bool online(std::uint64_t now_ms) const { return fresh(DataGroup::kAnalog, now_ms); }

    // Last stored data whatever its age (zero-initialised before the first update); check fresh() before treating
    // it as current.
    const topband::AnalogValues& analog() const { return analog_; }
    const topband::AlarmInfo& alarm() const { return alarm_; }
    const topband::SystemParameters& parameters() const { return parameters_; }
    const topband::ManufacturerInfo& info() const { return info_; }
    // The last 0x47 reply whose every field was plausible, whatever its age (a later implausible reply does not
    // replace it); nullptr before the first plausible one.
    const topband::SystemParameters* last_plausible_parameters() const {
        return has_plausible_parameters_ ? &plausible_parameters_ : nullptr;
    }

    // The data when fresh at now_ms, else nullptr.
    const topband::AnalogValues* fresh_analog(std::uint64_t now_ms) const;
    const topband::AlarmInfo* fresh_alarm(std::uint64_t now_ms) const;
    const topband::SystemParameters* fresh_parameters(std::uint64_t now_ms) const;
    const topband::ManufacturerInfo* fresh_info(std::uint64_t now_ms) const;

private:
    static constexpr std::size_t index(DataGroup group) { return static_cast<std::size_t>(group); }
    void stamp(DataGroup group, std::uint64_t now_ms);

    StalenessLimits limits_;
    bool link_lost_ = false;
    std::array<bool, kDataGroupCount> has_{};
    std::array<std::uint64_t, kDataGroupCount> received_ms_{};
    topband::AnalogValues analog_{};
    topband::AlarmInfo alarm_{};
    topband::SystemParameters parameters_{};
    bool has_plausible_parameters_ = false;
    topband::SystemParameters plausible_parameters_{};
    topband::ManufacturerInfo info_{};
};

}  // namespace tbg::bank
