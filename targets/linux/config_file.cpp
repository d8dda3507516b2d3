#include "targets/linux/config_file.h"

#include <optional>

#include "core/config/config_json.h"
#include "targets/linux/state_file.h"

namespace tbg::daemon {
namespace {

std::string text_of(const config::GatewayConfig& config) {
    return config::config_to_json(config).dump(2) + "\n";
}

// The configuration in `path`, or nullopt with every problem in `problems`.
std::optional<config::GatewayConfig> parse_config(const std::string& path, std::vector<std::string>& problems) {
    std::string error;
    const auto text = read_file(path, error);
    if (!text) {
        problems.push_back(error);
        return std::nullopt;
    }
    config::GatewayConfig config;
    const ConfigErrors errors = config::config_from_text(*text, config);
    for (const auto& problem : errors) {
        problems.push_back(problem.message);
    }
    if (!errors.empty()) {
        return std::nullopt;
    }
    return config;
}

}  // namespace

LoadedConfig load_config_file(const std::string& path) {
    LoadedConfig loaded;
    if (path.empty()) {
        return loaded;
    }
    const std::string previous = path + ".prev";
    std::vector<std::string> ignored;
    if (!file_exists(path)) {
        std::optional<config::GatewayConfig> earlier =
            file_exists(previous) ? parse_config(previous, ignored) : std::nullopt;
        std::string error;
        if (!write_atomic(path, text_of(earlier.value_or(config::GatewayConfig{})), error)) {
            loaded.errors.push_back("config: " + error);
            loaded.usable = false;
            return loaded;
        }
        if (earlier) {
            loaded.config = *earlier;
            loaded.notices.push_back("config: " + path + " was missing; restored it from " + previous);
        } else {
            loaded.notices.push_back("config: wrote the defaults to " + path);
        }
        return loaded;
    }
    std::vector<std::string> problems;
    if (auto config = parse_config(path, problems)) {
        loaded.config = *config;
        return loaded;
    }
    const std::string prefix = "config: " + path + ": ";
    for (const std::string& problem : problems) {
        loaded.errors.push_back(prefix);
        loaded.errors.back() += problem;
    }
    if (auto earlier = file_exists(previous) ? parse_config(previous, ignored) : std::nullopt) {
        const auto aside = keep_aside(path);
        std::string error;
        if (!aside || !write_atomic(path, text_of(*earlier), error)) {
            loaded.errors.push_back("config: " + path + " is damaged and could not be replaced by " + previous +
                                    (error.empty() ? std::string() : " (" + error + ")") +
                                    "; running with the previous configuration");
        } else {
            loaded.errors.push_back("config: " + path + " is damaged (kept as " + *aside +
                                    "); running with the previous configuration from " + previous +
                                    ", written back to " + path);
        }
        loaded.config = *earlier;
        return loaded;
    }
    const auto copy = copy_aside(path);
    loaded.monitoring_only = true;
    loaded.errors.push_back("config: " + path + " is damaged and there is no earlier good configuration" +
                            (copy ? " (a copy is kept as " + *copy + ")" : std::string()) +
                            "; running with the defaults and CAN transmission OFF (monitoring) until the file is "
                            "fixed or a configuration is saved in the dashboard, then restart");
    return loaded;
}

bool save_config_file(const std::string& path, const config::GatewayConfig& config, std::string& error) {
    return write_atomic(path, text_of(config), error, /*keep_previous=*/true);
}

}  // namespace tbg::daemon
