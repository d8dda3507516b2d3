#include "core/api/request_guard.h"

#include <charconv>
#include <cstdint>

namespace tbg::api {

namespace {

bool iends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && ascii_iequals(text.substr(text.size() - suffix.size()), suffix);
}

// The four octets of a dotted IPv4 literal; false for anything else ("1.2.3", "1.2.3.256", "01x.2.3.4").
bool parse_ipv4(std::string_view text, std::uint8_t (&octets)[4]) {
    for (int i = 0; i < 4; ++i) {
        const std::size_t dot = i < 3 ? text.find('.') : text.size();
        if (dot == std::string_view::npos || dot == 0 || dot > 3) {
            return false;
        }
        unsigned value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + dot, value);
        if (error != std::errc{} || end != text.data() + dot || value > 255) {
            return false;
        }
        octets[i] = static_cast<std::uint8_t>(value);
        text.remove_prefix(i < 3 ? dot + 1 : dot);
    }
    return text.empty();
}

bool is_ipv6_literal(std::string_view host) {
    if (host.size() < 3 || host.front() != '[' || host.back() != ']') {
        return false;
    }
    for (const char c : host.substr(1, host.size() - 2)) {
        const bool hex = (c >= '0' && c <= '9') || (ascii_lower(c) >= 'a' && ascii_lower(c) <= 'f');
        if (!hex && c != ':' && c != '.') {
            return false;
        }
    }
    return true;
}

bool is_dns_label_text(std::string_view host) {
    if (host.empty()) {
        return false;
    }
    for (const char c : host) {
        const char l = ascii_lower(c);
        if (!((l >= 'a' && l <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
            return false;
        }
    }
    return true;
}

// "80" for http, "443" for https: the port a browser leaves out of Origin and Host.
std::string_view default_port(std::string_view scheme) {
    return scheme == "https" ? "443" : "80";
}

// `authority` split into host and port ("" when absent).
void split_authority(std::string_view authority, std::string_view& host, std::string_view& port) {
    host = host_without_port(authority);
    port = authority.substr(host.size());
    if (!port.empty() && port.front() == ':') {
        port.remove_prefix(1);
    }
}

}  // namespace

std::string_view host_without_port(std::string_view authority) {
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        return close == std::string_view::npos ? authority : authority.substr(0, close + 1);
    }
    return authority.substr(0, authority.find(':'));
}

bool is_loopback_host(std::string_view host) {
    std::uint8_t octets[4] = {};
    if (parse_ipv4(host, octets)) {
        return octets[0] == 127;
    }
    return ascii_iequals(host, "localhost") || ascii_iequals(host, "localhost.") || host == "[::1]";
}

bool is_local_host_name(std::string_view host) {
    std::uint8_t octets[4] = {};
    if (parse_ipv4(host, octets) || is_ipv6_literal(host)) {
        return true;
    }
    if (!is_dns_label_text(host)) {
        return false;
    }
    std::string_view name = host;
    if (name.back() == '.') {
        name.remove_suffix(1);  // "gateway." is the same name
    }
    return !name.empty() && (name.find('.') == std::string_view::npos || iends_with(name, ".local"));
}

bool origin_matches_host(std::string_view origin, std::string_view host) {
    const std::size_t separator = origin.find("://");
    if (separator == std::string_view::npos || host.empty()) {
        return false;
    }
    const std::string_view scheme = origin.substr(0, separator);
    if (!ascii_iequals(scheme, "http") && !ascii_iequals(scheme, "https")) {
        return false;
    }
    const std::string_view authority = origin.substr(separator + 3);
    if (authority.empty() || authority.find('/') != std::string_view::npos) {
        return false;
    }
    const std::string_view fallback = default_port(ascii_iequals(scheme, "https") ? "https" : "http");
    std::string_view origin_host;
    std::string_view origin_port;
    split_authority(authority, origin_host, origin_port);
    std::string_view host_name;
    std::string_view host_port;
    split_authority(host, host_name, host_port);
    return ascii_iequals(origin_host, host_name) &&
           (origin_port.empty() ? fallback : origin_port) == (host_port.empty() ? fallback : host_port);
}

std::string_view cross_site_reason(const HttpRequest& request) {
    const std::string_view site = request.sec_fetch_site;
    if (!site.empty() && !ascii_iequals(site, "same-origin") && !ascii_iequals(site, "none")) {
        return "the browser reports a cross-site request (Sec-Fetch-Site)";
    }
    if (request.origin.empty()) {
        return {};
    }
    std::string_view host = request.forwarded_host.empty() ? request.host : request.forwarded_host;
    host = host.substr(0, host.find(','));  // the first proxy's entry: the browser's Host
    while (!host.empty() && host.back() == ' ') {
        host.remove_suffix(1);
    }
    if (!origin_matches_host(request.origin, host)) {
        return "the request comes from another site (its Origin does not match the Host)";
    }
    return {};
}

}  // namespace tbg::api
