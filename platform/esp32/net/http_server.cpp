#include "platform/esp32/net/http_server.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <new>
#include <optional>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/api/api_documents.h"
#include "core/api/api_error.h"
#include "core/api/request_guard.h"
#include "esp_log.h"
#include "esp_timer.h"
#include "lwip/sockets.h"

namespace tbg::esp32 {

namespace {

constexpr const char* kTag = "http";
constexpr std::size_t kMaxClientMessageBytes = 4096;
constexpr std::size_t kOtaChunkBytes = 4096;
constexpr int kMaxReceiveTimeouts = 3;
constexpr std::uint16_t kCloseNotReady = 4503;

// esp_http_server keeps the status pointer until the response is sent: one literal per code.
const char* status_line(int status) {
    switch (status) {
        case 200:
            return "200 OK";
        case 302:
            return "302 Found";
        case 304:
            return "304 Not Modified";
        case 400:
            return "400 Bad Request";
        case 401:
            return "401 Unauthorized";
        case 403:
            return "403 Forbidden";
        case 404:
            return "404 Not Found";
        case 405:
            return "405 Method Not Allowed";
        case 409:
            return "409 Conflict";
        case 411:
            return "411 Length Required";
        case 413:
            return "413 Payload Too Large";
        case 415:
            return "415 Unsupported Media Type";
        case 422:
            return "422 Unprocessable Entity";
        case 429:
            return "429 Too Many Requests";
        case 500:
            return "500 Internal Server Error";
        case 503:
            return "503 Service Unavailable";
        default:
            return nullptr;
    }
}

api::HttpMethod method_of(int method) {
    switch (method) {
        case HTTP_GET:
            return api::HttpMethod::kGet;
        case HTTP_HEAD:
            return api::HttpMethod::kHead;
        case HTTP_POST:
            return api::HttpMethod::kPost;
        case HTTP_PUT:
            return api::HttpMethod::kPut;
        case HTTP_DELETE:
            return api::HttpMethod::kDelete;
        case HTTP_OPTIONS:
            return api::HttpMethod::kOptions;
        default:
            return api::HttpMethod::kOther;
    }
}

std::string header_value(httpd_req_t* req, const char* name) {
    const std::size_t length = httpd_req_get_hdr_value_len(req, name);
    if (length == 0) {
        return {};
    }
    std::string value(length + 1, '\0');
    if (httpd_req_get_hdr_value_str(req, name, value.data(), value.size()) != ESP_OK) {
        return {};
    }
    value.resize(length);
    return value;
}

std::string address_text(const sockaddr_storage& storage) {
    std::array<std::uint8_t, 4> v4{};
    if (storage.ss_family == AF_INET) {
        sockaddr_in in{};
        std::memcpy(&in, &storage, sizeof in);
        std::memcpy(v4.data(), &in.sin_addr.s_addr, v4.size());
    } else if (storage.ss_family == AF_INET6) {
        sockaddr_in6 in6{};
        std::memcpy(&in6, &storage, sizeof in6);
        const std::uint8_t* bytes = in6.sin6_addr.un.u8_addr;
        const bool mapped = std::all_of(bytes, bytes + 10, [](std::uint8_t b) { return b == 0; }) &&
                            bytes[10] == 0xFF && bytes[11] == 0xFF;
        if (!mapped) {
            static constexpr char kHex[] = "0123456789abcdef";
            std::string text;
            for (int i = 0; i < 16; i += 2) {
                if (i > 0) {
                    text += ':';
                }
                for (int j = i; j < i + 2; ++j) {
                    text += kHex[bytes[j] >> 4];
                    text += kHex[bytes[j] & 0x0F];
                }
            }
            return text;
        }
        std::memcpy(v4.data(), bytes + 12, v4.size());
    } else {
        return "unknown";
    }
    return std::to_string(v4[0]) + "." + std::to_string(v4[1]) + "." + std::to_string(v4[2]) + "." +
           std::to_string(v4[3]);
}

using SocketNameFn = int (*)(int, sockaddr*, socklen_t*);

std::string socket_address(int fd, SocketNameFn get_name) {
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (get_name(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0) {
        return "unknown";
    }
    return address_text(storage);
}

// Reads exactly `length` bytes of the body; false when the connection failed or timed out repeatedly.
bool read_body(httpd_req_t* req, char* buffer, std::size_t length) {
    std::size_t got = 0;
    int timeouts = 0;
    while (got < length) {
        const int n = httpd_req_recv(req, buffer + got, length - got);
        if (n == HTTPD_SOCK_ERR_TIMEOUT && ++timeouts <= kMaxReceiveTimeouts) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        got += static_cast<std::size_t>(n);
        timeouts = 0;
    }
    return true;
}

bool is_octet_stream(std::string_view content_type) {
    const std::string_view type = content_type.substr(0, content_type.find(';'));
    if (type.size() != std::string_view("application/octet-stream").size()) {
        return false;
    }
    return std::equal(type.begin(), type.end(), "application/octet-stream", [](char a, char b) {
        return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
    });
}

std::string status_message(const api::GatewayView& view) {
    return nlohmann::json{{"type", "status"}, {"data", api::status_document(view)}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string packs_message(const api::GatewayView& view) {
    return nlohmann::json{{"type", "packs"}, {"data", api::packs_document(view)}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

esp_err_t send_text(httpd_handle_t handle, int fd, std::string& text) {
    httpd_ws_frame_t frame{};
    frame.final = true;
    frame.type = HTTPD_WS_TYPE_TEXT;
    frame.payload = reinterpret_cast<std::uint8_t*>(text.data());
    frame.len = text.size();
    return httpd_ws_send_frame_async(handle, fd, &frame);
}

void send_close(httpd_req_t* req, std::uint16_t code, std::string_view reason) {
    std::string payload;
    payload += static_cast<char>(code >> 8);
    payload += static_cast<char>(code & 0xFF);
    payload += reason;
    httpd_ws_frame_t frame{};
    frame.final = true;
    frame.type = HTTPD_WS_TYPE_CLOSE;
    frame.payload = reinterpret_cast<std::uint8_t*>(payload.data());
    frame.len = payload.size();
    httpd_ws_send_frame(req, &frame);
}

// The close code for a refused upgrade: 4000 + the HTTP status the Linux server answers (4401, 4403).
std::uint16_t close_code_of(int status) {
    return static_cast<std::uint16_t>(4000 + (status >= 100 && status <= 599 ? status : 500));
}

// The "code" of an error_response() body ("login_required", "cross_site_request"), "refused" when it has none.
std::string error_code_of(const api::HttpResponse& response) {
    const nlohmann::json doc = nlohmann::json::parse(response.body, nullptr, false);
    if (doc.is_object() && doc.contains("error") && doc["error"].is_object() && doc["error"].contains("code") &&
        doc["error"]["code"].is_string()) {
        return doc["error"]["code"].get<std::string>();
    }
    return "refused";
}

esp_err_t request_entry(httpd_req_t* req) {
    return static_cast<HttpServer*>(req->user_ctx)->on_request(req);
}

esp_err_t websocket_entry(httpd_req_t* req) {
    return static_cast<HttpServer*>(req->user_ctx)->on_websocket(req);
}

esp_err_t ota_entry(httpd_req_t* req) {
    return static_cast<HttpServer*>(req->user_ctx)->on_ota(req);
}

void push_entry(void* self) {
    static_cast<HttpServer*>(self)->on_push();
}

}  // namespace

struct HttpServer::RequestText {
    std::string path;
    std::string query;
    std::string content_type;
    std::string cookie;
    std::string if_none_match;
    std::string host;
    std::string origin;
    std::string sec_fetch_site;
    std::string client;
    api::HttpMethod method = api::HttpMethod::kOther;

    // Views into this object: it must outlive the request. X-Forwarded-Host and X-Forwarded-Proto are not copied:
    // the ESP32 serves its LAN directly, Origin is compared with the browser's Host (http_server.h).
    api::HttpRequest request(std::uint64_t now_ms) const {
        api::HttpRequest request;
        request.method = method;
        request.path = path;
        request.query = query;
        request.content_type = content_type;
        request.cookie = cookie;
        request.if_none_match = if_none_match;
        request.host = host;
        request.origin = origin;
        request.sec_fetch_site = sec_fetch_site;
        request.client = client;
        request.now_ms = now_ms;
        return request;
    }
};

bool has_session(api::ApiService& api, const api::HttpRequest& request) {
    return api.has_session(request);
}

HttpServer::~HttpServer() {
    stop();
}

bool HttpServer::start(const HttpServerOptions& options, std::string& error) {
    const std::lock_guard lock(mutex_);
    if (handle_ != nullptr) {
        error = "the HTTP server is already running";
        return false;
    }
    options_ = options;
    httpd_config_t config = HTTPD_DEFAULT_CONFIG();
    config.task_priority = options.task_priority;
    config.stack_size = options.stack_bytes;
    config.server_port = options.port;
    config.max_open_sockets = options.max_open_sockets;
    config.max_uri_handlers = 8;
    config.max_resp_headers = 10;
    config.lru_purge_enable = options.lru_purge;
    config.recv_wait_timeout = options.recv_timeout_s;
    config.send_wait_timeout = options.send_timeout_s;
    config.uri_match_fn = httpd_uri_match_wildcard;
    httpd_handle_t handle = nullptr;
    esp_err_t err = httpd_start(&handle, &config);
    if (err != ESP_OK) {
        error = std::string("HTTP server: httpd_start failed: ") + esp_err_to_name(err);
        return false;
    }
    // First match wins: the two exact routes before the wildcards.
    std::vector<httpd_uri_t> routes;
    httpd_uri_t ws{};
    ws.uri = "/api/ws";
    ws.method = HTTP_GET;
    ws.handler = &websocket_entry;
    ws.user_ctx = this;
    ws.is_websocket = true;
    routes.push_back(ws);
    if (options.ota != nullptr) {
        httpd_uri_t ota{};
        ota.uri = "/api/ota";
        ota.method = HTTP_POST;
        ota.handler = &ota_entry;
        ota.user_ctx = this;
        routes.push_back(ota);
    }
    for (const httpd_method_t method : {HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_DELETE}) {
        httpd_uri_t any{};
        any.uri = "/*";
        any.method = method;
        any.handler = &request_entry;
        any.user_ctx = this;
        routes.push_back(any);
    }
    for (const httpd_uri_t& route : routes) {
        err = httpd_register_uri_handler(handle, &route);
        if (err != ESP_OK) {
            httpd_stop(handle);
            error = std::string("HTTP server: cannot register ") + route.uri + ": " + esp_err_to_name(err);
            return false;
        }
    }
    handle_ = handle;
    stats_.running = true;
    ESP_LOGI(kTag, "listening on port %u", static_cast<unsigned>(options.port));
    return true;
}

void HttpServer::stop() {
    httpd_handle_t handle = nullptr;
    {
        const std::lock_guard lock(mutex_);
        handle = std::exchange(handle_, nullptr);
        clients_.clear();
        push_queued_ = false;
        stats_.running = false;
        stats_.websocket_clients = 0;
    }
    if (handle != nullptr) {
        httpd_stop(handle);
    }
}

void HttpServer::publish(std::shared_ptr<const api::GatewayView> view) {
    std::shared_ptr<const api::GatewayView> old;
    httpd_handle_t handle = nullptr;
    {
        const std::lock_guard lock(mutex_);
        old = std::exchange(view_, std::move(view));
        if (handle_ == nullptr || push_queued_) {
            return;  // `old` is released outside the lock
        }
        push_queued_ = true;
        handle = handle_;
    }
    if (httpd_queue_work(handle, &push_entry, this) != ESP_OK) {
        const std::lock_guard lock(mutex_);
        push_queued_ = false;
        ++stats_.push_queue_errors;
    }
}

void HttpServer::set_captive_portal(std::string ap_ip) {
    const std::lock_guard lock(mutex_);
    captive_ip_ = std::move(ap_ip);
}

HttpServerStats HttpServer::stats() const {
    const std::lock_guard lock(mutex_);
    HttpServerStats stats = stats_;
    stats.websocket_clients = clients_.size();
    return stats;
}

std::uint64_t HttpServer::now_ms() const {
    return options_.now_ms ? options_.now_ms() : static_cast<std::uint64_t>(esp_timer_get_time() / 1000);
}

HttpServer::RequestText HttpServer::read_request(httpd_req_t* req) const {
    RequestText text;
    const std::string_view uri(req->uri);
    const std::size_t question = uri.find('?');
    text.path = std::string(uri.substr(0, question));
    if (question != std::string_view::npos) {
        text.query = std::string(uri.substr(question + 1));
    }
    if (text.path.empty()) {
        text.path = "/";
    }
    text.method = method_of(req->method);
    text.content_type = header_value(req, "Content-Type");
    text.cookie = header_value(req, "Cookie");
    text.if_none_match = header_value(req, "If-None-Match");
    text.host = header_value(req, "Host");
    text.origin = header_value(req, "Origin");
    text.sec_fetch_site = header_value(req, "Sec-Fetch-Site");
    text.client = socket_address(httpd_req_to_sockfd(req), &lwip_getpeername);
    return text;
}

bool HttpServer::captive_redirect(httpd_req_t* req, const RequestText& text) {
    std::string ap_ip;
    {
        const std::lock_guard lock(mutex_);
        ap_ip = captive_ip_;
    }
    if (ap_ip.empty() || text.host.empty() ||
        (text.method != api::HttpMethod::kGet && text.method != api::HttpMethod::kHead) ||
        text.path.starts_with("/api/") || api::host_without_port(text.host) == ap_ip ||
        socket_address(httpd_req_to_sockfd(req), &lwip_getsockname) != ap_ip) {
        return false;
    }
    api::HttpResponse response;
    response.status = 302;
    response.content_type = "text/plain; charset=utf-8";
    response.add_header("Location", "http://" + ap_ip + "/");
    response.add_header("Cache-Control", "no-store");
    send_response(req, response, true);
    return true;
}

esp_err_t HttpServer::send_response(httpd_req_t* req, const api::HttpResponse& response, bool head) {
    // Every string handed to esp_http_server below lives in `response` or `fallback` until httpd_resp_send returns.
    std::string fallback;
    const char* status = status_line(response.status);
    if (status == nullptr) {
        fallback = std::to_string(response.status) + " Status";
        status = fallback.c_str();
    }
    httpd_resp_set_status(req, status);
    httpd_resp_set_type(req, response.content_type.c_str());
    for (const auto& [name, value] : response.headers) {
        if (httpd_resp_set_hdr(req, name.c_str(), value.c_str()) != ESP_OK) {
            ESP_LOGW(kTag, "response header %s dropped", name.c_str());
            const std::lock_guard lock(mutex_);
            ++stats_.header_errors;
        }
    }
    if (head || response.status == 304) {
        return httpd_resp_send(req, "", 0);
    }
    if (!response.static_body.empty()) {
        return httpd_resp_send(req, reinterpret_cast<const char*>(response.static_body.data()),
                               static_cast<ssize_t>(response.static_body.size()));
    }
    return httpd_resp_send(req, response.body.data(), static_cast<ssize_t>(response.body.size()));
}

esp_err_t HttpServer::on_request(httpd_req_t* req) {
    {
        const std::lock_guard lock(mutex_);
        ++stats_.requests;
    }
    const RequestText text = read_request(req);
    if (captive_redirect(req, text)) {
        return ESP_OK;
    }
    const bool head = text.method == api::HttpMethod::kHead;
    if (req->content_len > options_.max_body_bytes) {
        {
            const std::lock_guard lock(mutex_);
            ++stats_.body_too_large;
        }
        api::HttpResponse response = api::error_response(
            413, "body_too_large", "the body may have at most " + std::to_string(options_.max_body_bytes) + " bytes");
        response.add_header("Connection", "close");
        send_response(req, response, head);
        return ESP_FAIL;  // the unread body is not drained: the session is closed
    }
    std::unique_ptr<char[]> body;
    if (req->content_len > 0) {
        body.reset(new (std::nothrow) char[req->content_len]);
        if (!body) {
            api::HttpResponse response = api::error_response(503, "out_of_memory", "no memory for the request body");
            response.add_header("Connection", "close");
            send_response(req, response, head);
            return ESP_FAIL;
        }
        if (!read_body(req, body.get(), req->content_len)) {
            return ESP_FAIL;  // the client went away: nobody to answer
        }
    }
    api::HttpRequest request = text.request(now_ms());
    request.body = std::string_view(body.get(), body ? req->content_len : 0);
    const api::HttpResponse response = api_.handle(request);
    return send_response(req, response, head);
}

void HttpServer::prune_clients_locked() {
    std::erase_if(clients_, [this](const Client& client) {
        return httpd_ws_get_fd_info(handle_, client.fd) != HTTPD_WS_CLIENT_WEBSOCKET;
    });
}

esp_err_t HttpServer::on_websocket(httpd_req_t* req) {
    const int fd = httpd_req_to_sockfd(req);
    if (req->method != HTTP_GET) {
        return websocket_message(req, fd);
    }
    if (httpd_ws_get_fd_info(req->handle, fd) != HTTPD_WS_CLIENT_WEBSOCKET) {
        return on_request(req);  // a plain GET /api/ws: the API answers it (404) as on Linux
    }
    return websocket_open(req, fd);
}

esp_err_t HttpServer::websocket_open(httpd_req_t* req, int fd) {
    const RequestText text = read_request(req);
    const std::optional<api::HttpResponse> refusal = api_.websocket_refusal(text.request(now_ms()));
    std::shared_ptr<const api::GatewayView> view;
    bool full = false;
    {
        const std::lock_guard lock(mutex_);
        prune_clients_locked();
        full = clients_.size() >= options_.max_websocket_clients;
        if (!refusal && !full) {
            clients_.push_back(Client{fd, false});
            api_.set_websocket_clients(clients_.size());
            view = view_;
        } else {
            ++stats_.websocket_rejected;
        }
    }
    if (refusal) {
        send_close(req, close_code_of(refusal->status), error_code_of(*refusal));
        return ESP_FAIL;
    }
    if (full) {
        send_close(req, kCloseNotReady, "not_ready");
        return ESP_FAIL;
    }
    if (view) {
        std::string message = status_message(*view);
        httpd_ws_frame_t frame{};
        frame.final = true;
        frame.type = HTTPD_WS_TYPE_TEXT;
        frame.payload = reinterpret_cast<std::uint8_t*>(message.data());
        frame.len = message.size();
        if (httpd_ws_send_frame(req, &frame) != ESP_OK) {
            const std::lock_guard lock(mutex_);
            std::erase_if(clients_, [fd](const Client& client) { return client.fd == fd; });
            return ESP_FAIL;
        }
        const std::lock_guard lock(mutex_);
        ++stats_.websocket_messages;
    }
    return ESP_OK;
}

esp_err_t HttpServer::websocket_message(httpd_req_t* req, int fd) {
    httpd_ws_frame_t frame{};
    if (httpd_ws_recv_frame(req, &frame, 0) != ESP_OK) {
        return ESP_FAIL;
    }
    if (frame.len > kMaxClientMessageBytes) {
        return ESP_FAIL;  // nothing we accept is that long: close instead of reading it
    }
    std::string text(frame.len, '\0');
    frame.payload = reinterpret_cast<std::uint8_t*>(text.data());
    if (frame.len > 0 && httpd_ws_recv_frame(req, &frame, frame.len) != ESP_OK) {
        return ESP_FAIL;
    }
    if (frame.type != HTTPD_WS_TYPE_TEXT) {
        return ESP_OK;
    }
    const nlohmann::json message = nlohmann::json::parse(text, nullptr, false);
    if (!message.is_object() || !message.contains("subscribe") || !message["subscribe"].is_array()) {
        return ESP_OK;
    }
    const auto& topics = message["subscribe"];
    const bool packs = std::find(topics.begin(), topics.end(), "packs") != topics.end();
    const std::lock_guard lock(mutex_);
    for (Client& client : clients_) {
        if (client.fd == fd) {
            client.packs = packs;
        }
    }
    return ESP_OK;
}

void HttpServer::on_push() {
    std::shared_ptr<const api::GatewayView> view;
    std::vector<Client> targets;
    httpd_handle_t handle = nullptr;
    {
        const std::lock_guard lock(mutex_);
        push_queued_ = false;
        if (handle_ == nullptr || !view_ || view_->seq == sent_seq_) {
            return;
        }
        view = view_;
        sent_seq_ = view->seq;
        handle = handle_;
        prune_clients_locked();
        targets = clients_;
    }
    if (targets.empty()) {
        return;
    }
    const bool any_packs = std::any_of(targets.begin(), targets.end(), [](const Client& c) { return c.packs; });
    std::string status = status_message(*view);
    std::string packs = any_packs ? packs_message(*view) : std::string();
    std::vector<int> failed;
    std::uint64_t sent = 0;
    for (const Client& client : targets) {
        if (send_text(handle, client.fd, status) != ESP_OK) {
            failed.push_back(client.fd);
            continue;
        }
        ++sent;
        if (client.packs) {
            if (send_text(handle, client.fd, packs) != ESP_OK) {
                failed.push_back(client.fd);
                continue;
            }
            ++sent;
        }
    }
    for (const int fd : failed) {
        ESP_LOGW(kTag, "WebSocket client %d does not keep up: dropped", fd);
        httpd_sess_trigger_close(handle, fd);
    }
    const std::lock_guard lock(mutex_);
    stats_.websocket_messages += sent;
    stats_.websocket_dropped += failed.size();
    std::erase_if(clients_, [&failed](const Client& client) {
        return std::find(failed.begin(), failed.end(), client.fd) != failed.end();
    });
    api_.set_websocket_clients(clients_.size());
}

esp_err_t HttpServer::on_ota(httpd_req_t* req) {
    const RequestText text = read_request(req);
    const api::HttpRequest request = text.request(now_ms());
    auto refuse = [&](int status, std::string_view code, std::string message, bool close) {
        api::HttpResponse response = api::error_response(status, code, std::move(message));
        if (close) {
            response.add_header("Connection", "close");
        }
        send_response(req, response, false);
        const std::lock_guard lock(mutex_);
        ++stats_.ota_failures;
        return close ? ESP_FAIL : ESP_OK;
    };
    if (const std::string_view reason = api::cross_site_reason(request); !reason.empty()) {
        return refuse(403, "cross_site_request", "refused: " + std::string(reason), true);
    }
    if (!has_session(api_, request)) {
        return refuse(401, "login_required", "log in to update the firmware", true);
    }
    if (!is_octet_stream(text.content_type)) {
        return refuse(415, "unsupported_media_type", "send the image as Content-Type: application/octet-stream", true);
    }
    const std::size_t total = req->content_len;
    if (total == 0) {
        return refuse(411, "length_required", "send the image with its Content-Length", false);
    }
    std::unique_ptr<char[]> chunk(new (std::nothrow) char[kOtaChunkBytes]);
    if (!chunk) {
        return refuse(503, "out_of_memory", "no memory for the upload buffer", true);
    }
    std::string error;
    if (!options_.ota->begin(total, error)) {
        return refuse(409, "ota_refused", "the update cannot start: " + error, true);
    }
    std::size_t remaining = total;
    int timeouts = 0;
    while (remaining > 0) {
        const int n = httpd_req_recv(req, chunk.get(), std::min(remaining, kOtaChunkBytes));
        if (n == HTTPD_SOCK_ERR_TIMEOUT && ++timeouts <= kMaxReceiveTimeouts) {
            continue;
        }
        if (n <= 0) {
            options_.ota->abort();
            ESP_LOGW(kTag, "OTA upload broken off after %u of %u bytes", static_cast<unsigned>(total - remaining),
                     static_cast<unsigned>(total));
            const std::lock_guard lock(mutex_);
            ++stats_.ota_failures;
            return ESP_FAIL;
        }
        timeouts = 0;
        const auto got = static_cast<std::size_t>(n);
        if (!options_.ota->write(std::span(reinterpret_cast<const std::uint8_t*>(chunk.get()), got), error)) {
            options_.ota->abort();
            return refuse(422, "image_invalid", "the image was refused: " + error, true);
        }
        remaining -= got;
    }
    if (!options_.ota->finish(error)) {
        options_.ota->abort();
        return refuse(422, "image_invalid", "the image was refused: " + error, false);
    }
    const api::HttpResponse response = api::json_response({{"ok", true}, {"bytes", total}, {"restart", true}});
    send_response(req, response, false);
    {
        const std::lock_guard lock(mutex_);
        ++stats_.ota_uploads;
    }
    ESP_LOGI(kTag, "OTA image of %u bytes accepted", static_cast<unsigned>(total));
    options_.ota->on_answered();
    return ESP_OK;
}

}  // namespace tbg::esp32
