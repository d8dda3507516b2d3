#include "core/config/network_settings.h"

#include <algorithm>

#include "core/config/config_schema.h"

namespace tbg::config {

namespace {

// A DNS label: a-z, 0-9 and '-', not starting or ending with '-'.
bool host_label(const std::string& text) {
    if (text.empty() || text.size() > 32 || text.front() == '-' || text.back() == '-') {
        return false;
    }
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

}  // namespace

ConfigErrors NetworkSettings::validate() const {
    ConfigErrors errors;
    auto text_error = [&](std::string_view key, const std::string& value, const std::string& message) {
        errors.push_back(ConfigError{std::string(key), 0, 0, 0, std::string(key) + " = \"" + value + "\" " + message});
    };
    // Secrets are never quoted in a message.
    auto secret_error = [&](std::string_view key, const std::string& message) {
        errors.push_back(ConfigError{std::string(key), 0, 0, 0, std::string(key) + " " + message});
    };
    if (wifi_ssid.size() > 32) {
        text_error("wifi_ssid", wifi_ssid, "must be at most 32 bytes");
    }
    if (!wifi_password.empty() &&
        (wifi_password.size() < 8 || wifi_password.size() > 63 || !printable_ascii(wifi_password))) {
        secret_error("wifi_password", "must be empty (open network) or 8…63 printable ASCII characters");
    }
    if (ap_ssid.empty() || ap_ssid.size() > 32) {
        text_error("ap_ssid", ap_ssid, "must be 1…32 bytes");
    }
    if (ap_password.size() < 8 || ap_password.size() > 63 || !printable_ascii(ap_password)) {
        secret_error("ap_password", "must be 8…63 printable ASCII characters (WPA2)");
    }
    if (!host_label(hostname)) {
        text_error("hostname", hostname, "must be 1…32 characters of a-z, 0-9 and -, not starting or ending with -");
    }
    if (ntp_server.size() > 64 || !printable_ascii(ntp_server) ||
        std::find(ntp_server.begin(), ntp_server.end(), ' ') != ntp_server.end()) {
        text_error("ntp_server", ntp_server, "must be a host name of at most 64 characters, or empty");
    }
    const bool tz_start = !timezone.empty() && ((timezone[0] >= 'A' && timezone[0] <= 'Z') ||
                                                (timezone[0] >= 'a' && timezone[0] <= 'z') || timezone[0] == '<');
    if (!tz_start || timezone.size() > 64 || !printable_ascii(timezone)) {
        text_error("timezone", timezone,
                   "must be a POSIX TZ string of at most 64 characters, e.g. CET-1CEST,M3.5.0,M10.5.0/3");
    }
    return errors;
}

}  // namespace tbg::config
