// The daemon's configuration file: loaded at start with a safe fallback, saved with its previous generation.
//
// load_config_file(PATH):
//  - PATH empty: the built-in defaults.
//  - PATH valid (JSON, every value in range): used.
//  - PATH missing: PATH.prev when it is valid (a crash between the two renames of a save), else the defaults; the
//    result is written to PATH.
//  - PATH damaged (unreadable, not JSON, a value out of range): every problem is reported, the file is kept aside
//    (PATH.corrupt-N) and PATH.prev, when valid, is used and written back as PATH. Without a valid earlier generation
//    the defaults run with CAN transmission off (monitoring_only): defaults may allow more current than the user had
//    configured, and a fault must never raise a limit. The damaged file then stays in place (a copy is kept aside),
//    so every restart comes to the same decision until the file is fixed or the dashboard saves a configuration.
// save_config_file(): write_atomic with keep_previous, so PATH.prev is the configuration before the last save.
// Blocking file I/O, called at start (load) and on a settings change (save).
#pragma once

#include <string>
#include <vector>

#include "core/config/gateway_config.h"

namespace tbg::daemon {

struct LoadedConfig {
    config::GatewayConfig config;
    bool usable = true;                // false: not even the defaults could be written; the daemon must not start
    bool monitoring_only = false;      // run with CAN transmission off (see above)
    std::vector<std::string> errors;   // log lines at error level, each complete
    std::vector<std::string> notices;  // log lines at notice level
};

LoadedConfig load_config_file(const std::string& path);

bool save_config_file(const std::string& path, const config::GatewayConfig& config, std::string& error);

}  // namespace tbg::daemon
