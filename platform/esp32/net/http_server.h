// The ESP32 HTTP server: esp_http_server in front of core/api's ApiService (the same API, documents, static files
// and rules as the Linux daemon's civetweb server), the WebSocket at /api/ws, the OTA upload at POST /api/ota and the
// captive-portal redirect of the setup access point.
//
// Requests: one wildcard handler per method (GET, HEAD, POST, PUT, DELETE on "/*") copies method, path, query, the
// headers Content-Type, Cookie, If-None-Match, Host, Origin and Sec-Fetch-Site, the body (Content-Length up to
// max_body_bytes, else 413 without reading it) and the client's address (getpeername, the login rate limit's key)
// into an api::HttpRequest, calls ApiService::handle() and writes status, headers and body back. HEAD answers carry
// the headers with an empty body (esp_http_server sets Content-Length from what is sent: 0). With Host, Origin and
// Sec-Fetch-Site the API's origin checks of docs/security.md hold here as on Linux: a change from another site is
// 403 cross_site_request, and the first-start setup needs an IP address, a single label or a .local name as Host.
// X-Forwarded-Host and X-Forwarded-Proto are not copied: the ESP32 serves its LAN directly, so Origin is compared
// with the Host the browser sent. A reverse proxy in front must pass that Host through unchanged (nginx:
// proxy_set_header Host $host), else changes through it are refused as cross-site; its session cookie is never
// marked Secure. All request headers together must fit CONFIG_HTTPD_MAX_REQ_HDR_LEN (sdkconfig.defaults);
// esp_http_server answers 431 itself otherwise.
//
// WebSocket (docs/api.md): on connect the current status ({"type": "status", "data": …}), then every new status
// published; a client that sent {"subscribe": ["packs"]} also gets {"type": "packs", …}. Pushes run on the server's
// task (httpd_queue_work, at most one queued); a client whose send fails (its socket's send timeout expired: it did
// not keep up) is dropped and its socket closed, never waited for again. esp_http_server answers the upgrade before
// our handler sees it, so refusals cannot be HTTP statuses as on Linux: ApiService::websocket_refusal() decides, and
// the server sends a close frame with code 4000 + the Linux status and the error code as reason — 4403
// ("cross_site_request": Origin or Sec-Fetch-Site name another site, cross-site WebSocket hijacking), 4401
// ("login_required", web.public_read off and no session) — or 4503 ("not_ready", max_websocket_clients open), and
// closes.
//
// OTA (when options.ota is set): POST /api/ota from the same site (api::cross_site_reason, else 403
// cross_site_request), with Content-Type application/octet-stream (a cross-site form cannot send that type) and a
// valid session cookie; the body is streamed in 4 KiB chunks to the OtaSink. ApiService has the session check
// (has_session()).
//
// Captive portal: while set_captive_portal(ap_ip) is active, a GET/HEAD outside /api/ that arrived on the access
// point's address with a Host other than that address (a phone's connectivity check) is answered 302 to
// http://<ap_ip>/, which makes the phone open the setup page.
//
// Threading: esp_http_server runs every handler and push on its one task (priority task_priority, below control
// 10, RS485 18 and CAN 20). publish(), set_captive_portal() and stats() may be called from any task; publish() only
// swaps a pointer under a short lock and queues one work item (a UDP datagram to the server's control socket).
// start() and stop() from one task; stop() never from the server's own task.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/api/api_service.h"
#include "core/api/gateway_view.h"
#include "esp_http_server.h"
#include "platform/esp32/net/ota_sink.h"

namespace tbg::esp32 {

// Sizing for a 4 MB board without PSRAM: lwIP has CONFIG_LWIP_MAX_SOCKETS = 10; esp_http_server uses 3 of them
// itself, MQTT 1 and the captive DNS 1, which leaves 5 sessions; at most 3 of them WebSockets so 2 stay free for
// page loads, and the least recently used session is closed when a sixth client connects.
struct HttpServerOptions {
    std::uint16_t port = 80;
    unsigned task_priority = 5;
    std::uint32_t stack_bytes = 8192;  // ApiService + nlohmann::json + PBKDF2 on the server's task
    std::uint16_t max_open_sockets = 5;
    std::size_t max_websocket_clients = 3;
    std::size_t max_body_bytes = api::kMaxBodyBytes;  // allocated per request for the announced length only
    std::uint16_t recv_timeout_s = 5;
    std::uint16_t send_timeout_s = 2;  // bounds how long a stuck WebSocket client can hold a push
    bool lru_purge = true;
    std::function<std::uint64_t()> now_ms;  // monotonic clock of the views; empty = esp_timer
    OtaSink* ota = nullptr;                 // POST /api/ota when set; must outlive the server
};

struct HttpServerStats {
    bool running = false;
    std::size_t websocket_clients = 0;
    std::uint64_t websocket_messages = 0;  // status and packs messages sent
    std::uint64_t websocket_rejected = 0;  // upgrades refused (login, client limit)
    std::uint64_t websocket_dropped = 0;   // clients dropped because a send failed
    std::uint64_t requests = 0;
    std::uint64_t body_too_large = 0;
    std::uint64_t header_errors = 0;      // response headers esp_http_server refused (max_resp_headers)
    std::uint64_t push_queue_errors = 0;  // httpd_queue_work failures
    std::uint64_t ota_uploads = 0;        // finished and answered
    std::uint64_t ota_failures = 0;
};

// Whether `request` carries a valid session (logged in; ApiService::has_session, which renews the session).
bool has_session(api::ApiService& api, const api::HttpRequest& request);

class HttpServer {
public:
    explicit HttpServer(api::ApiService& api) : api_(api) {}
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Starts esp_http_server and registers the handlers. false with `error`.
    bool start(const HttpServerOptions& options, std::string& error);
    void stop();

    // A new view for the WebSocket clients; rendered once per push on the server's task.
    void publish(std::shared_ptr<const api::GatewayView> view);
    // "" turns the redirect off.
    void set_captive_portal(std::string ap_ip);

    HttpServerStats stats() const;

    // esp_http_server callbacks (public for the C trampolines).
    esp_err_t on_request(httpd_req_t* req);
    esp_err_t on_websocket(httpd_req_t* req);
    esp_err_t on_ota(httpd_req_t* req);
    void on_push();

private:
    struct Client {
        int fd = -1;
        bool packs = false;
    };
    struct RequestText;

    std::uint64_t now_ms() const;
    RequestText read_request(httpd_req_t* req) const;
    bool captive_redirect(httpd_req_t* req, const RequestText& text);
    esp_err_t send_response(httpd_req_t* req, const api::HttpResponse& response, bool head);
    esp_err_t websocket_open(httpd_req_t* req, int fd);
    esp_err_t websocket_message(httpd_req_t* req, int fd);
    void prune_clients_locked();

    api::ApiService& api_;
    HttpServerOptions options_;

    mutable std::mutex mutex_;  // guards everything below
    httpd_handle_t handle_ = nullptr;
    std::vector<Client> clients_;
    std::shared_ptr<const api::GatewayView> view_;
    std::uint64_t sent_seq_ = 0;  // server task only
    bool push_queued_ = false;
    std::string captive_ip_;
    HttpServerStats stats_;
};

}  // namespace tbg::esp32
