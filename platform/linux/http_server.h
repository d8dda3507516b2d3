// The Linux HTTP server: civetweb (Debian libcivetweb-dev) in front of core/api's ApiService, plus the WebSocket
// that pushes every new status.
//
// Threading: civetweb's worker threads run ApiService::handle() (each request on one thread). publish() is called
// by the daemon's loop thread after each capture; it only swaps a shared pointer under a short lock and wakes the
// push thread, which renders the documents once and writes them to every WebSocket client. Nothing here can delay
// the loop thread: a slow or stuck client holds up only the push thread (writes time out) and its own worker. Every
// thread of the server runs at nice +10, so under load the CPU goes to the loop thread first.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/api/api_service.h"
#include "core/api/gateway_view.h"

struct mg_connection;
struct mg_context;

namespace tbg::platform {

struct HttpServerOptions {
    std::string listen = "127.0.0.1:8080";  // HOST:PORT (IPv4; 0.0.0.0 for every interface)
    int worker_threads = 24;                // each open WebSocket holds one
    std::size_t max_websocket_clients = 8;
    std::function<std::uint64_t()> now_ms;        // monotonic clock of the views
    std::function<void(const std::string&)> log;  // warnings from civetweb; thread-safe
};

struct HttpServerStats {
    std::size_t websocket_clients = 0;
    std::uint64_t websocket_messages = 0;  // status (and packs) messages written
    std::uint64_t websocket_rejected = 0;  // upgrades refused (login or client limit)
};

class HttpServer {
public:
    explicit HttpServer(api::ApiService& api) : api_(api) {}
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts the worker and push threads; false with `error` (e.g. the port is taken).
    bool start(const HttpServerOptions& options, std::string& error);
    void stop();

    // A new view for the WebSocket clients. Any thread; never blocks beyond a pointer swap.
    void publish(std::shared_ptr<const api::GatewayView> view);

    HttpServerStats stats() const;

    // civetweb callbacks (public for the C trampolines in http_server.cpp).
    int on_request(mg_connection* conn);
    int on_ws_connect(const mg_connection* conn);
    void on_ws_ready(mg_connection* conn);
    int on_ws_data(mg_connection* conn, int bits, const char* data, std::size_t size);
    void on_ws_close(const mg_connection* conn);
    void on_log(const char* message);

private:
    struct Client {
        mg_connection* conn;
        bool packs = false;  // subscribed to the packs document
    };

    void push_loop();
    // The status (and packs) messages of `view`; packs only when `with_packs`.
    static std::string status_message(const api::GatewayView& view);
    static std::string packs_message(const api::GatewayView& view);

    api::ApiService& api_;
    HttpServerOptions options_;
    mg_context* context_ = nullptr;

    mutable std::mutex clients_mutex_;  // held while writing to the clients
    std::vector<Client> clients_;
    std::uint64_t messages_ = 0;
    std::uint64_t rejected_ = 0;

    std::mutex view_mutex_;
    std::condition_variable view_changed_;
    std::shared_ptr<const api::GatewayView> view_;
    bool stopping_ = false;
    std::thread push_thread_;
};

}  // namespace tbg::platform
