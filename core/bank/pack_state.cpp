#include "core/bank/pack_state.h"

namespace tbg::bank {

std::string_view to_string(DataGroup group) {
    switch (group) {
        case DataGroup::kAnalog:
            return "analog";
        case DataGroup::kAlarm:
            return "alarm";
        case DataGroup::kParameters:
            return "parameters";
        case DataGroup::kInfo:
            return "info";
    }
    return "unknown";
}

StalenessLimits staleness_limits(const BankConfig& config) {
    const auto ms = [](std::int32_t seconds) { return static_cast<std::uint64_t>(seconds < 0 ? 0 : seconds) * 1000U; };
    StalenessLimits limits;
    limits.max_age_ms = {ms(config.analog_max_age_s), ms(config.alarm_max_age_s), ms(config.parameters_max_age_s),
                         ms(config.info_max_age_s)};
    return limits;
}

void PackState::stamp(DataGroup group, std::uint64_t now_ms) {
    link_lost_ = false;
    has_[index(group)] = true;
    received_ms_[index(group)] = now_ms;
}

bool PackState::update_analog(const topband::AnalogValues& values, std::uint64_t now_ms) {
    if (values.cell_count < 1 || values.cell_count > topband::kMaxCells ||
        values.temp_count > topband::kMaxTemperatures) {
        return false;
    }
    analog_ = values;
    stamp(DataGroup::kAnalog, now_ms);
    return true;
}

bool PackState::update_alarm(const topband::AlarmInfo& info, std::uint64_t now_ms) {
    if (info.cell_count < 1 || info.cell_count > topband::kMaxCells || info.temp_count > topband::kMaxTemperatures ||
        info.status_byte_count > topband::kMaxStatusBytes) {
        return false;
    }
    alarm_ = info;
    stamp(DataGroup::kAlarm, now_ms);
    return true;
}

void PackState::update_parameters(const topband::SystemParameters& parameters, std::uint64_t now_ms) {
    parameters_ = parameters;
    if (topband::implausible_parameters(parameters) == 0) {
        plausible_parameters_ = parameters;
        has_plausible_parameters_ = true;
    }
    stamp(DataGroup::kParameters, now_ms);
}

void PackState::update_info(const topband::ManufacturerInfo& info, std::uint64_t now_ms) {
    info_ = info;
    stamp(DataGroup::kInfo, now_ms);
}

void PackState::clear() {
    link_lost_ = false;
    has_ = {};
    received_ms_ = {};
    analog_ = {};
    alarm_ = {};
    parameters_ = {};
    has_plausible_parameters_ = false;
    plausible_parameters_ = {};
    info_ = {};
}

std::optional<std::uint64_t> PackState::received_ms(DataGroup group) const {
    if (!received(group)) {
        return std::nullopt;
    }
    return received_ms_[index(group)];
}

std::optional<std::uint64_t> PackState::age_ms(DataGroup group, std::uint64_t now_ms) const {
    if (!received(group)) {
        return std::nullopt;
    }
    const std::uint64_t at = received_ms_[index(group)];
    return now_ms > at ? now_ms - at : 0;
}

bool PackState::fresh(DataGroup group, std::uint64_t now_ms) const {
    const auto age = age_ms(group, now_ms);
    return !link_lost_ && age.has_value() && *age <= limits_[group];
}

const topband::AnalogValues* PackState::fresh_analog(std::uint64_t now_ms) const {
    return fresh(DataGroup::kAnalog, now_ms) ? &analog_ : nullptr;
}

const topband::AlarmInfo* PackState::fresh_alarm(std::uint64_t now_ms) const {
    return fresh(DataGroup::kAlarm, now_ms) ? &alarm_ : nullptr;
}

const topband::SystemParameters* PackState::fresh_parameters(std::uint64_t now_ms) const {
    return fresh(DataGroup::kParameters, now_ms) ? &parameters_ : nullptr;
}

const topband::ManufacturerInfo* PackState::fresh_info(std::uint64_t now_ms) const {
    return fresh(DataGroup::kInfo, now_ms) ? &info_ : nullptr;
}

}  // namespace tbg::bank
