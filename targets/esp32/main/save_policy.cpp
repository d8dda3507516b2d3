#include "targets/esp32/main/save_policy.h"

namespace tbg::esp32 {

const char* to_string(SaveReason reason) {
    switch (reason) {
        case SaveReason::kNone:
            return "none";
        case SaveReason::kHourly:
            return "hourly";
        case SaveReason::kDayChange:
            return "day change";
        case SaveReason::kShutdown:
            return "shutdown";
    }
    return "?";
}

SaveReason SavePolicy::decide(const SaveInput& input) {
    SaveInput in = input;
    if (in.today && !history::is_valid(*in.today)) {
        in.today.reset();
    }
    if (!in.changed) {
        // What is stored is current: a date change has nothing to add.
        if (in.today) {
            reference_date_ = in.today;
        }
        return SaveReason::kNone;
    }
    if (in.shutdown) {
        record(in, SaveReason::kShutdown);
        return SaveReason::kShutdown;
    }
    const std::uint64_t since_attempt_ms = in.now_ms > last_attempt_ms_ ? in.now_ms - last_attempt_ms_ : 0;
    if (since_attempt_ms >= kIntervalMs) {
        record(in, SaveReason::kHourly);
        return SaveReason::kHourly;
    }
    if (!in.today) {
        return SaveReason::kNone;
    }
    if (!reference_date_) {
        reference_date_ = in.today;  // first date since boot: the reference, not a change
        return SaveReason::kNone;
    }
    const bool day_changed = *in.today != *reference_date_;
    const bool day_spacing_ok = !last_day_change_ms_ || (in.now_ms > *last_day_change_ms_ &&
                                                         in.now_ms - *last_day_change_ms_ >= kDayChangeSpacingMs);
    if (day_changed && since_attempt_ms >= kMinSpacingMs && day_spacing_ok) {
        record(in, SaveReason::kDayChange);
        return SaveReason::kDayChange;
    }
    return SaveReason::kNone;
}

void SavePolicy::record(const SaveInput& input, SaveReason reason) {
    last_attempt_ms_ = input.now_ms;
    if (input.today) {
        reference_date_ = input.today;
    }
    if (reason == SaveReason::kDayChange) {
        last_day_change_ms_ = input.now_ms;
    }
}

}  // namespace tbg::esp32
