#include "core/bank/config_error.h"

namespace tbg {

void check_range(ConfigErrors& errors, std::string_view key, std::int64_t value, std::int64_t min, std::int64_t max,
                 std::string_view rule) {
    if (value >= min && value <= max) {
        return;
    }
    std::string message(key);
    message += " = " + std::to_string(value) + " is outside " + std::to_string(min) + "…" + std::to_string(max);
    if (!rule.empty()) {
        message += " (";
        message += rule;
        message += ")";
    }
    errors.push_back(ConfigError{std::string(key), value, min, max, std::move(message)});
}

}  // namespace tbg
