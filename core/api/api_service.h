// The HTTP API of docs/api.md as one request → response function, shared by every target's HTTP server.
//
// The server copies each request into an HttpRequest (enforcing kMaxBodyBytes before reading a body), calls
// handle() and writes the HttpResponse back. WebSocket upgrades are the server's business, but it asks
// may_read() first. Thread-safe: handle() runs on the server's worker threads concurrently; configuration changes
// and password checks are serialized inside (one Argon2 hash at a time also bounds the memory it needs).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>

#include "core/api/api_backend.h"
#include "core/api/config_document.h"
#include "core/api/http_types.h"
#include "core/api/login_limiter.h"
#include "core/api/metrics.h"
#include "core/api/session_store.h"
#include "core/api/web_assets.h"

namespace tbg::api {

inline constexpr std::size_t kMaxBodyBytes = 65'536;       // any request
inline constexpr std::size_t kMaxSmallBodyBytes = 16'384;  // login, password, layout
inline constexpr std::size_t kMinPasswordLength = 8;
inline constexpr std::size_t kMaxPasswordLength = 128;
inline constexpr std::string_view kSessionCookie = "tbg_session";
inline constexpr std::size_t kSessionTokenBytes = 32;  // 256 bits from Crypto::random_hex

// "" when `password` is acceptable, else why not.
std::string password_problem(std::string_view password);

class ApiService {
public:
    // `scope`: which configuration sections the target shows (config_document.h).
    ApiService(ApiBackend& backend, Crypto& crypto, std::span<const WebAsset> assets,
               ConfigScope scope = ConfigScope::kHost);

    HttpResponse handle(const HttpRequest& request);

    // Whether the request may read live data (public reads, or a valid session): for WebSocket upgrades.
    bool may_read(const HttpRequest& request);
    // The answer refusing a WebSocket upgrade, or nullopt to accept it: 403 for a cross-site Origin (cross-site
    // WebSocket hijacking) or a Host that handle() refuses, else 401 when may_read() is false.
    std::optional<HttpResponse> websocket_refusal(const HttpRequest& request);
    // Whether the request carries a valid session (and extends it): for routes the platform serves itself, such as
    // the ESP32's firmware upload.
    bool has_session(const HttpRequest& request) { return logged_in(request); }

    // Counters for /metrics.
    HttpCounters counters() const;
    // The platform's server reports its open WebSockets here.
    void set_websocket_clients(std::size_t count) { websocket_clients_ = count; }
    // Set by a server that listens on a loopback address only: then every request whose Host is not a loopback
    // name is refused (403 host_not_allowed), the defence against DNS rebinding of docs/security.md. Default off.
    void set_loopback_only(bool loopback_only) { loopback_only_ = loopback_only; }

private:
    HttpResponse route(const HttpRequest& request);
    HttpResponse route_api(const HttpRequest& request, std::string_view path);
    HttpResponse auth_route(const HttpRequest& request, std::string_view action);
    HttpResponse login(const HttpRequest& request);
    HttpResponse setup(const HttpRequest& request);
    HttpResponse change_password(const HttpRequest& request);
    HttpResponse put_config(const HttpRequest& request);
    HttpResponse put_layout(const HttpRequest& request);
    HttpResponse action(std::string_view name);

    enum class Access : std::uint8_t { kRead, kChange };
    // The refusal for a request that may not do `access` (login, content type), or nullopt.
    std::optional<HttpResponse> guard(const HttpRequest& request, Access access);
    // The refusal of a request by where it comes from (Host, Origin), or nullopt.
    std::optional<HttpResponse> origin_refusal(const HttpRequest& request, bool changes) const;
    bool logged_in(const HttpRequest& request);
    std::uint64_t session_timeout_ms() const;

    ApiBackend& backend_;
    Crypto& crypto_;
    std::span<const WebAsset> assets_;
    ConfigScope scope_;
    SessionStore sessions_;
    LoginLimiter limiter_;
    std::mutex config_mutex_;    // one configuration change at a time
    std::mutex password_mutex_;  // one password hash or check at a time
    std::array<std::atomic<std::uint64_t>, 6> responses_{};
    std::atomic<std::size_t> websocket_clients_{0};
    std::atomic<bool> loopback_only_{false};
};

}  // namespace tbg::api
