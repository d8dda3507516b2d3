// Host fake of esp_http_server.h, plus its test-control API: requests and WebSocket clients run the registered
// handlers the way esp_http_server does, on the server's own task ("httpd", the configured priority and stack).
//
// Requests: http_request() picks the first registered handler whose method matches and whose URI template matches
// (config.uri_match_fn, else exact comparison) the URI up to '?'; no handler → 404, a URI registered only for other
// methods → 405 (esp_http_server's own answers). The handler sees the request headers, Content-Length, the body in
// recv chunks of at most `recv_chunk` bytes, and getpeername/getsockname of its socket (lwip_fake). Response
// strings are copied only when httpd_resp_send() runs, so a handler that lets them die earlier is caught; more
// headers than config.max_resp_headers → ESP_ERR_HTTPD_RESP_HDR. A handler returning anything but ESP_OK closes
// the connection (HttpResult::closed).
//
// WebSocket: ws_open() runs the handshake on an is_websocket URI (the handler sees method HTTP_GET after the
// handshake was answered, as in ESP-IDF); ws_send_text() delivers a client frame (handler called with method 0,
// httpd_ws_recv_frame() reads it); frames the server sends (httpd_ws_send_frame, _async) are recorded per socket.
// ws_stall() makes every later send to that socket fail (ESP_FAIL, as when its send timeout expires).
// httpd_queue_work() runs the work on the server's task; httpd_sess_trigger_close() closes the session there.
//
// RAM only: a power cycle ends every server. Thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tbg::hostcheck {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpClient {
    std::array<std::uint8_t, 4> peer{192, 168, 1, 20};   // getpeername
    std::array<std::uint8_t, 4> local{192, 168, 1, 77};  // getsockname: the station's address
    std::optional<std::size_t> content_length;           // announce more than `body`: the client goes away early
    std::size_t recv_chunk = 1460;                       // at most this many body bytes per httpd_req_recv
};

struct HttpResult {
    bool handled = false;  // a registered handler ran
    int status = 0;        // 0: no response was sent
    std::string status_line;
    std::string content_type;
    Headers headers;  // as set by the handler (Content-Type and Content-Length are separate)
    std::string body;
    std::size_t content_length = 0;
    bool closed = false;        // the connection was closed after the handler
    std::size_t body_read = 0;  // request body bytes the handler read

    std::string header(std::string_view name) const;  // "" when absent (case-insensitive name)
};

struct WsFrame {
    int type = 0;  // httpd_ws_type_t
    std::string payload;
};

struct HttpdFakeHandler {
    std::string uri;
    int method = 0;
    bool is_websocket = false;
};

struct HttpdFakeServer {
    bool running = false;
    unsigned task_priority = 0;
    std::size_t stack_size = 0;
    std::uint16_t port = 0;
    std::uint16_t max_open_sockets = 0;
    std::uint16_t max_uri_handlers = 0;
    std::uint16_t max_resp_headers = 0;
    bool lru_purge_enable = false;
    std::uint16_t send_wait_timeout = 0;
    bool wildcard = false;  // uri_match_fn == httpd_uri_match_wildcard
    std::vector<HttpdFakeHandler> handlers;
};

// The last started server (running or not); nullopt when none was started since power-on.
std::optional<HttpdFakeServer> httpd_fake_server();

HttpResult http_request(const std::string& method, const std::string& uri, const Headers& headers = {},
                        const std::string& body = {}, const HttpClient& client = {});

// Opens a WebSocket session on `uri`: returns its socket, or -1 when no server is running or the sessions are
// exhausted. The session may already be closed again when the handler refused it (ws_is_open).
int ws_open(const std::string& uri, const Headers& headers = {}, const HttpClient& client = {});
bool ws_is_open(int fd);
// A text frame from the client; false when the session is not open. Returns after the handler ran.
bool ws_send_text(int fd, const std::string& text);
// The client closes the connection.
void ws_close(int fd);
void ws_stall(int fd, bool stalled);
// Frames the server sent to `fd` so far.
std::vector<WsFrame> ws_frames(int fd);
// Waits until `fd` received at least `count` frames; false after timeout_ms.
bool ws_wait_frames(int fd, std::size_t count, std::uint32_t timeout_ms = 2000);
// Waits until every queued work item ran; false after timeout_ms.
bool httpd_fake_wait_idle(std::uint32_t timeout_ms = 2000);

}  // namespace tbg::hostcheck
