#include "platform/linux/http_server.h"

#include <civetweb.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/api/api_documents.h"
#include "core/api/api_error.h"
#include "core/api/request_guard.h"

namespace tbg::platform {

namespace {

constexpr int kWebNice = 10;

HttpServer& server_of(const mg_connection* conn) {
    return *static_cast<HttpServer*>(mg_get_user_data(mg_get_context(conn)));
}

int request_trampoline(mg_connection* conn, void* /*cbdata*/) {
    return server_of(conn).on_request(conn);
}
int ws_connect_trampoline(const mg_connection* conn, void* /*cbdata*/) {
    return server_of(conn).on_ws_connect(conn);
}
void ws_ready_trampoline(mg_connection* conn, void* /*cbdata*/) {
    server_of(conn).on_ws_ready(conn);
}
int ws_data_trampoline(mg_connection* conn, int bits, char* data, std::size_t size, void* /*cbdata*/) {
    return server_of(conn).on_ws_data(conn, bits, data, size);
}
void ws_close_trampoline(const mg_connection* conn, void* /*cbdata*/) {
    server_of(conn).on_ws_close(conn);
}
int log_trampoline(const mg_connection* conn, const char* message) {
    server_of(conn).on_log(message);
    return 1;  // handled: civetweb writes nothing itself
}

// The web side yields the CPU to the loop thread (CAN cadence, RS485 timing): its threads run at a lower priority.
void lower_priority() {
    [[maybe_unused]] const int result = ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kWebNice);
}

void* init_thread_trampoline(const mg_context* /*ctx*/, int /*thread_type*/) {
    lower_priority();
    return nullptr;
}

// Whether a civetweb listening_ports value ("127.0.0.1:8080", "[::1]:8080", "8080") binds loopback only; a bare
// port binds every interface.
bool listens_on_loopback(std::string_view listen) {
    const std::size_t colon = listen.rfind(':');
    if (colon == std::string_view::npos || listen.find(',') != std::string_view::npos) {
        return false;
    }
    return api::is_loopback_host(api::host_without_port(listen.substr(0, colon + 1)));
}

const char* reason_phrase(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 304:
            return "Not Modified";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 409:
            return "Conflict";
        case 413:
            return "Payload Too Large";
        case 415:
            return "Unsupported Media Type";
        case 422:
            return "Unprocessable Entity";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 503:
            return "Service Unavailable";
        default:
            return "";
    }
}

std::string_view header(const mg_connection* conn, const char* name) {
    const char* value = mg_get_header(conn, name);
    return value == nullptr ? std::string_view{} : std::string_view{value};
}

// Copies what ApiService needs; `body` must outlive the request.
api::HttpRequest make_request(const mg_connection* conn, const std::string& body, std::uint64_t now_ms) {
    const mg_request_info* info = mg_get_request_info(conn);
    api::HttpRequest request;
    request.method = api::http_method_from_string(info->request_method != nullptr ? info->request_method : "");
    request.path = info->local_uri != nullptr ? info->local_uri : "/";
    request.query = info->query_string != nullptr ? info->query_string : "";
    request.body = body;
    request.content_type = header(conn, "Content-Type");
    request.cookie = header(conn, "Cookie");
    request.if_none_match = header(conn, "If-None-Match");
    request.client = info->remote_addr;
    request.host = header(conn, "Host");
    request.origin = header(conn, "Origin");
    request.sec_fetch_site = header(conn, "Sec-Fetch-Site");
    request.forwarded_host = header(conn, "X-Forwarded-Host");
    request.forwarded_proto = header(conn, "X-Forwarded-Proto");
    request.now_ms = now_ms;
    return request;
}

void write_response(mg_connection* conn, const api::HttpResponse& response, bool head) {
    const std::size_t length = response.static_body.empty() ? response.body.size() : response.static_body.size();
    std::string text = "HTTP/1.1 " + std::to_string(response.status) + " " + reason_phrase(response.status) + "\r\n";
    if (response.status != 304) {
        text += "Content-Type: " + response.content_type + "\r\n";
        text += "Content-Length: " + std::to_string(length) + "\r\n";
    }
    for (const auto& [name, value] : response.headers) {
        text += name;
        text += ": ";
        text += value;
        text += "\r\n";
    }
    text += "\r\n";
    // One write for headers and body: two small writes would meet Nagle's algorithm and the client's delayed ACK
    // (about 40 ms per response on loopback).
    if (!head && response.status != 304) {
        if (!response.static_body.empty()) {
            text.append(reinterpret_cast<const char*>(response.static_body.data()), response.static_body.size());
        } else {
            text += response.body;
        }
    }
    mg_write(conn, text.data(), text.size());
}

}  // namespace

HttpServer::~HttpServer() {
    stop();
}

bool HttpServer::start(const HttpServerOptions& options, std::string& error) {
    options_ = options;
    mg_init_library(MG_FEATURES_WEBSOCKET);
    const std::string threads = std::to_string(options.worker_threads);
    // clang-format off
    const char* config[] = {
        "listening_ports", options_.listen.c_str(),
        "num_threads", threads.c_str(),
        "request_timeout_ms", "10000",
        "websocket_timeout_ms", "30000",
        "enable_websocket_ping_pong", "yes",
        "enable_keep_alive", "yes",
        "keep_alive_timeout_ms", "5000",
        "max_request_size", "16384",
        "tcp_nodelay", "1",
        // civetweb answers CORS preflights itself by default (Access-Control-Allow-Origin: *, any method and
        // header): off, so no other site is ever granted a cross-origin request (docs/security.md).
        "access_control_allow_origin", "",
        "access_control_allow_methods", "",
        "access_control_allow_headers", "",
        nullptr};
    // clang-format on
    mg_callbacks callbacks{};
    callbacks.log_message = log_trampoline;
    callbacks.init_thread = init_thread_trampoline;
    mg_init_data init{};
    init.callbacks = &callbacks;
    init.user_data = this;
    init.configuration_options = config;
    mg_error_data error_data{};
    unsigned code = 0;
    char message[256] = {};
    error_data.code = &code;
    error_data.text = message;
    error_data.text_buffer_size = sizeof message;
    context_ = mg_start2(&init, &error_data);
    if (context_ == nullptr) {
        error = "cannot listen on " + options_.listen + ": " + (message[0] != '\0' ? message : "civetweb failed");
        return false;
    }
    api_.set_loopback_only(listens_on_loopback(options_.listen));
    mg_set_request_handler(context_, "/", request_trampoline, nullptr);
    mg_set_websocket_handler(context_, "/api/ws", ws_connect_trampoline, ws_ready_trampoline, ws_data_trampoline,
                             ws_close_trampoline, nullptr);
    stopping_ = false;
    push_thread_ = std::thread([this] { push_loop(); });
    return true;
}

void HttpServer::stop() {
    if (push_thread_.joinable()) {
        {
            const std::lock_guard lock(view_mutex_);
            stopping_ = true;
        }
        view_changed_.notify_all();
        push_thread_.join();
    }
    if (context_ != nullptr) {
        mg_stop(context_);
        context_ = nullptr;
    }
}

void HttpServer::publish(std::shared_ptr<const api::GatewayView> view) {
    std::shared_ptr<const api::GatewayView> old;
    {
        const std::lock_guard lock(view_mutex_);
        old = std::exchange(view_, std::move(view));
    }
    view_changed_.notify_one();
}

HttpServerStats HttpServer::stats() const {
    const std::lock_guard lock(clients_mutex_);
    return HttpServerStats{clients_.size(), messages_, rejected_};
}

int HttpServer::on_request(mg_connection* conn) {
    const mg_request_info* info = mg_get_request_info(conn);
    const std::uint64_t now_ms = options_.now_ms ? options_.now_ms() : 0;
    std::string body;
    if (info->content_length > static_cast<long long>(api::kMaxBodyBytes)) {
        api::HttpResponse response = api::error_response(
            413, "body_too_large", "the body may have at most " + std::to_string(api::kMaxBodyBytes) + " bytes");
        response.add_header("Connection", "close");
        write_response(conn, response, false);
        return 413;
    }
    if (info->content_length != 0) {
        // Known length, or chunked (-1): read at most one byte past the limit.
        char buffer[4096];
        while (body.size() <= api::kMaxBodyBytes) {
            const int got = mg_read(conn, buffer, sizeof buffer);
            if (got <= 0) {
                break;
            }
            body.append(buffer, static_cast<std::size_t>(got));
        }
        if (body.size() > api::kMaxBodyBytes) {
            api::HttpResponse response = api::error_response(
                413, "body_too_large", "the body may have at most " + std::to_string(api::kMaxBodyBytes) + " bytes");
            response.add_header("Connection", "close");
            write_response(conn, response, false);
            return 413;
        }
    }
    const api::HttpRequest request = make_request(conn, body, now_ms);
    api::HttpResponse response = api_.handle(request);
    write_response(conn, response, request.method == api::HttpMethod::kHead);
    return response.status;
}

int HttpServer::on_ws_connect(const mg_connection* conn) {
    const std::string body;
    const api::HttpRequest request = make_request(conn, body, options_.now_ms ? options_.now_ms() : 0);
    std::optional<api::HttpResponse> refused = api_.websocket_refusal(request);
    const std::lock_guard lock(clients_mutex_);
    if (!refused && clients_.size() < options_.max_websocket_clients) {
        return 0;
    }
    ++rejected_;
    // A refused upgrade gets an HTTP answer (civetweb would only close the connection), then civetweb closes it.
    api::HttpResponse response =
        refused ? std::move(*refused) : api::error_response(503, "not_ready", "too many WebSocket clients; try later");
    response.add_header("Connection", "close");
    write_response(const_cast<mg_connection*>(conn), response, false);  // civetweb hands it over const here
    return 1;
}

void HttpServer::on_ws_ready(mg_connection* conn) {
    std::shared_ptr<const api::GatewayView> view;
    {
        const std::lock_guard lock(view_mutex_);
        view = view_;
    }
    const std::lock_guard lock(clients_mutex_);
    clients_.push_back(Client{conn});
    api_.set_websocket_clients(clients_.size());
    if (view) {
        const std::string message = status_message(*view);
        mg_websocket_write(conn, MG_WEBSOCKET_OPCODE_TEXT, message.data(), message.size());
        ++messages_;
    }
}

int HttpServer::on_ws_data(mg_connection* conn, int bits, const char* data, std::size_t size) {
    const int opcode = bits & 0x0F;
    if (opcode == MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE) {
        return 0;
    }
    if (opcode != MG_WEBSOCKET_OPCODE_TEXT || size > 4096) {
        return 1;  // pings are answered by civetweb; anything else is ignored
    }
    const nlohmann::json message = nlohmann::json::parse(std::string_view(data, size), nullptr, false);
    if (!message.is_object() || !message.contains("subscribe") || !message["subscribe"].is_array()) {
        return 1;
    }
    const auto& topics = message["subscribe"];
    const bool packs = std::find(topics.begin(), topics.end(), "packs") != topics.end();
    const std::lock_guard lock(clients_mutex_);
    for (Client& client : clients_) {
        if (client.conn == conn) {
            client.packs = packs;
        }
    }
    return 1;
}

void HttpServer::on_ws_close(const mg_connection* conn) {
    const std::lock_guard lock(clients_mutex_);
    std::erase_if(clients_, [&](const Client& client) { return client.conn == conn; });
    api_.set_websocket_clients(clients_.size());
}

void HttpServer::on_log(const char* message) {
    if (options_.log && message != nullptr) {
        std::string text = message;
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
            text.pop_back();
        }
        options_.log("http: " + text);
    }
}

std::string HttpServer::status_message(const api::GatewayView& view) {
    return nlohmann::json{{"type", "status"}, {"data", api::status_document(view)}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string HttpServer::packs_message(const api::GatewayView& view) {
    return nlohmann::json{{"type", "packs"}, {"data", api::packs_document(view)}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void HttpServer::push_loop() {
    lower_priority();
    std::uint64_t sent_seq = 0;
    while (true) {
        std::shared_ptr<const api::GatewayView> view;
        {
            std::unique_lock lock(view_mutex_);
            view_changed_.wait(lock, [&] { return stopping_ || (view_ && view_->seq != sent_seq); });
            if (stopping_) {
                return;
            }
            view = view_;
        }
        sent_seq = view->seq;
        bool any_packs = false;
        {
            const std::lock_guard lock(clients_mutex_);
            if (clients_.empty()) {
                continue;
            }
            any_packs = std::any_of(clients_.begin(), clients_.end(), [](const Client& c) { return c.packs; });
        }
        const std::string status = status_message(*view);
        const std::string packs = any_packs ? packs_message(*view) : std::string();
        const std::lock_guard lock(clients_mutex_);
        for (const Client& client : clients_) {
            mg_websocket_write(client.conn, MG_WEBSOCKET_OPCODE_TEXT, status.data(), status.size());
            ++messages_;
            if (client.packs && !packs.empty()) {
                mg_websocket_write(client.conn, MG_WEBSOCKET_OPCODE_TEXT, packs.data(), packs.size());
                ++messages_;
            }
        }
    }
}

}  // namespace tbg::platform
