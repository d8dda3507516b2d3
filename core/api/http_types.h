// A platform-free view of one HTTP exchange, so the whole API (routing, auth, documents, static files) lives in
// core/api and every target's server (civetweb on Linux, esp_http_server on ESP32) only copies fields in and out.
//
// HttpRequest holds views into the server's buffers: valid for the duration of the handle() call only.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tbg::api {

enum class HttpMethod : std::uint8_t { kGet, kHead, kPost, kPut, kDelete, kOptions, kOther };
HttpMethod http_method_from_string(std::string_view text);  // "GET" → kGet, unknown → kOther

struct HttpRequest {
    HttpMethod method = HttpMethod::kGet;
    std::string_view path;   // without the query, e.g. "/api/packs/3"
    std::string_view query;  // after '?', undecoded, e.g. "hours=48"
    std::string_view body;
    std::string_view content_type;     // Content-Type header
    std::string_view cookie;           // Cookie header
    std::string_view if_none_match;    // If-None-Match header
    std::string_view client;           // remote address, for the login rate limit
    std::string_view host;             // Host header (authority the browser asked for)
    std::string_view origin;           // Origin header, "" when absent
    std::string_view sec_fetch_site;   // Sec-Fetch-Site header, "" when absent
    std::string_view forwarded_host;   // X-Forwarded-Host header (set by a reverse proxy), "" when absent
    std::string_view forwarded_proto;  // X-Forwarded-Proto header, "" when absent
    std::uint64_t now_ms = 0;          // monotonic time of the request
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    // Bytes to send instead of `body` (embedded static files; they outlive every response).
    std::span<const std::uint8_t> static_body;
    std::vector<std::pair<std::string, std::string>> headers;  // Set-Cookie, ETag, Allow, Retry-After, …

    void add_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
    std::string_view header(std::string_view name) const;  // first header of that name, "" when absent
};

// ASCII case folding for header names and tokens (HTTP is case-insensitive there; no locale).
char ascii_lower(char c);
bool ascii_iequals(std::string_view a, std::string_view b);
// Value of query parameter `name`; nullopt when absent (no percent-decoding: our parameters are plain numbers).
std::optional<std::string_view> query_param(std::string_view query, std::string_view name);
// Value of cookie `name` in a Cookie header, "" when absent.
std::string_view cookie_value(std::string_view cookie_header, std::string_view name);
// Whether a Content-Type header names application/json (parameters such as charset ignored).
bool is_json_content_type(std::string_view content_type);

}  // namespace tbg::api
