#include "core/config/web_settings.h"

namespace tbg::config {

namespace {

constexpr ConfigField<WebSettings> kWebFields[] = {
    {"session_timeout_s", &WebSettings::session_timeout_s, 300, 2592000, "s a session lasts after its last use"},
    {"login_max_failures", &WebSettings::login_max_failures, 1, 100,
     "failed logins per client address before it must wait"},
    {"login_lockout_s", &WebSettings::login_lockout_s, 10, 86400, "s; window of the login failure limit"},
};

}  // namespace

std::span<const ConfigField<WebSettings>> web_settings_fields() {
    return kWebFields;
}

ConfigErrors WebSettings::validate() const {
    ConfigErrors errors;
    for (const auto& field : kWebFields) {
        check_range(errors, field.key, this->*field.member, field.min, field.max);
    }
    return errors;
}

}  // namespace tbg::config
