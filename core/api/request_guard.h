// Checks of where a request comes from, for the defences of docs/security.md: cross-site request forgery (Origin and
// Sec-Fetch-Site against the Host), cross-site WebSocket hijacking (the same check on the upgrade) and DNS rebinding
// (the Host a browser names). Pure functions of the request's headers; no state.
//
// A header that is absent passes: browsers always send Origin on a cross-origin fetch, on a WebSocket upgrade and
// on every POST or PUT, so only non-browser clients (curl, scripts, Home Assistant) omit it, and they need a
// session like anyone else.
#pragma once

#include <string_view>

#include "core/api/http_types.h"

namespace tbg::api {

// The host of a Host header or URL authority, without the port, lower case kept as given: "a.b:8080" → "a.b",
// "[::1]:80" → "[::1]".
std::string_view host_without_port(std::string_view authority);

// Whether `host` (without port) names this machine: "localhost", 127.0.0.0/8, [::1].
bool is_loopback_host(std::string_view host);

// Whether `host` (without port) cannot be an attacker's DNS name in a rebinding attack: an IPv4 or bracketed IPv6
// literal, "localhost", a single label without a dot ("gateway") or an mDNS name ending in ".local".
bool is_local_host_name(std::string_view host);

// Whether an Origin header ("http://192.168.1.5:8080") names the same authority as `host` (a Host header): scheme
// http or https, host compared case-insensitively, default ports (80, 443) equal to none.
bool origin_matches_host(std::string_view origin, std::string_view host);

// The reason a browser request is cross-site, or "" when it is not (or the headers are absent). Cross-site means:
// Sec-Fetch-Site is present and not "same-origin" or "none"; or Origin is present and is "null" or names another
// authority than X-Forwarded-Host (when a reverse proxy set it) or else Host.
std::string_view cross_site_reason(const HttpRequest& request);

}  // namespace tbg::api
