// One problem found by a validate() function of a configuration struct (BankConfig, ControlConfig).
//
// Validation runs when a configuration is loaded or edited, never on the periodic path, so it may allocate.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tbg {

struct ConfigError {
    std::string key;         // the offending key, e.g. "bulk_cell_mV"
    std::int64_t value = 0;  // its value
    std::int64_t min = 0;    // allowed range, inclusive; for a rule between two keys, the range the other key leaves
    std::int64_t max = 0;
    std::string message;  // one sentence naming key, value and allowed range, e.g. "bulk_cell_mV = 3700 is outside
                          // 3300…3550"
};

using ConfigErrors = std::vector<ConfigError>;

// Description of one integer key of a configuration struct: its name (as in JSON and the docs), the member it maps
// to, its inclusive bounds and a short help text with the unit. The default is the member's initialiser.
template <typename Config>
struct ConfigField {
    std::string_view key;
    std::int32_t Config::*member;
    std::int32_t min;
    std::int32_t max;
    std::string_view help;
};

// Appends an error when `value` lies outside min…max. `rule` (optional) explains a range that comes from another key.
void check_range(ConfigErrors& errors, std::string_view key, std::int64_t value, std::int64_t min, std::int64_t max,
                 std::string_view rule = {});

}  // namespace tbg
