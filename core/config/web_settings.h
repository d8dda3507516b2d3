// The `web` section of the configuration: who may read the dashboard and API, sessions and the login rate limit.
//
// The listen address is a command-line option of the target (`--http`), not configuration: a wrong value saved from
// the dashboard could lock the user out. The admin password is not configuration either (core/api/auth.h).
#pragma once

#include <cstdint>
#include <span>

#include "core/bank/config_error.h"

namespace tbg::config {

struct WebSettings {
    bool public_read = true;                 // reads without login (every change always needs one)
    std::int32_t session_timeout_s = 86400;  // a session ends this long after its last use
    std::int32_t login_max_failures = 5;     // failed logins per client address within login_lockout_s …
    std::int32_t login_lockout_s = 300;      // … before that address must wait out the window

    ConfigErrors validate() const;
};
std::span<const ConfigField<WebSettings>> web_settings_fields();

}  // namespace tbg::config
