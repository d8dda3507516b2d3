#include "core/bank/bank_config.h"

namespace tbg::bank {

namespace {

constexpr ConfigField<BankConfig> kFields[] = {
    {"analog_max_age_s", &BankConfig::analog_max_age_s, 2, 300, "s; 0x42 data older than this makes a pack offline"},
    {"alarm_max_age_s", &BankConfig::alarm_max_age_s, 5, 600,
     "s; 0x44 data older than this is shown as stale (still blocks)"},
    {"parameters_max_age_s", &BankConfig::parameters_max_age_s, 10, 86400,
     "s; 0x47 limits older than this are shown as stale (still apply)"},
    {"info_max_age_s", &BankConfig::info_max_age_s, 10, 604800, "s; 0x51 information older than this is stale"},
    {"expected_packs_mask", &BankConfig::expected_packs_mask, 0, 0xFFFF, "bit a = a pack is expected at address a"},
    {"energy_max_gap_s", &BankConfig::energy_max_gap_s, 1, 300, "s; longer update gaps are not integrated"},
};

}  // namespace

std::span<const ConfigField<BankConfig>> bank_config_fields() {
    return kFields;
}

ConfigErrors BankConfig::validate() const {
    ConfigErrors errors;
    for (const auto& field : kFields) {
        check_range(errors, field.key, this->*field.member, field.min, field.max);
    }
    return errors;
}

}  // namespace tbg::bank
