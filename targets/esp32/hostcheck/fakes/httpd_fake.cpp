// esp_http_server on the host (httpd_fake.h).
#include "httpd_fake.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "esp_http_server.h"
#include "freertos/task.h"
#include "freertos_fake.h"
#include "lwip_fake.h"

namespace tbg::hostcheck {

namespace {

struct Route {
    std::string uri;
    httpd_uri_t handler{};  // handler.uri points into `uri`
};

struct Session {
    bool open = true;
    bool websocket = false;
    bool stalled = false;
    esp_err_t (*ws_handler)(httpd_req_t*) = nullptr;
    void* ws_user_ctx = nullptr;
    std::vector<WsFrame> frames;
    std::uint64_t last_use = 0;
};

struct Job {
    std::function<void()> run;
    std::shared_ptr<bool> done;
};

struct Server {
    httpd_config_t config{};
    std::vector<std::unique_ptr<Route>> routes;
    bool running = false;
    bool stopping = false;
    bool task_exited = false;
    bool busy = false;
    std::deque<Job> jobs;
    std::map<int, Session> sessions;
    std::uint64_t use_counter = 0;
};

// The per-request state behind httpd_req_t::aux.
struct FakeRequest {
    Server* server = nullptr;
    int fd = -1;
    Headers headers;
    std::string body;
    std::size_t declared = 0;
    std::size_t pos = 0;
    std::size_t chunk = 1460;
    const char* status = "200 OK";
    const char* type = "text/html";
    std::vector<std::pair<const char*, const char*>> resp_headers;
    bool sent = false;
    HttpResult result;
    bool has_frame = false;
    WsFrame frame;
};

struct World {
    Waitable waitable;                             // its mutex guards everything below
    std::vector<std::unique_ptr<Server>> servers;  // every server since power-on (kept: their tasks may still run)
    int next_fd = 1000;
};

World& world() {
    static World instance;
    return instance;
}

struct PowerHook {
    PowerHook() {
        on_power_cycle([] {
            World& w = world();
            const std::lock_guard lock(w.waitable.mutex);
            w.servers.clear();
            w.next_fd = 1000;
        });
    }
} g_power_hook;

bool iequal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

const std::string* find_header(const Headers& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (iequal(key, name)) {
            return &value;
        }
    }
    return nullptr;
}

Server* server_of(httpd_handle_t handle) {
    World& w = world();
    for (const auto& server : w.servers) {
        if (server.get() == handle) {
            return server.get();
        }
    }
    return nullptr;
}

Server* latest_running_locked() {
    World& w = world();
    for (auto it = w.servers.rbegin(); it != w.servers.rend(); ++it) {
        if ((*it)->running && !(*it)->stopping) {
            return it->get();
        }
    }
    return nullptr;
}

FakeRequest& fake_of(httpd_req_t* req) {
    return *static_cast<FakeRequest*>(req->aux);
}

int method_from(const std::string& method) {
    if (method == "GET") {
        return HTTP_GET;
    }
    if (method == "HEAD") {
        return HTTP_HEAD;
    }
    if (method == "POST") {
        return HTTP_POST;
    }
    if (method == "PUT") {
        return HTTP_PUT;
    }
    if (method == "DELETE") {
        return HTTP_DELETE;
    }
    if (method == "OPTIONS") {
        return HTTP_OPTIONS;
    }
    return -1;
}

void server_task(void* arg) {
    auto* server = static_cast<Server*>(arg);
    World& w = world();
    while (true) {
        Job job;
        {
            std::unique_lock lock(w.waitable.mutex);
            server->busy = false;
            w.waitable.notify();
            w.waitable.wait_for_ms(lock, UINT32_MAX, [&] { return server->stopping || !server->jobs.empty(); });
            if (server->stopping) {
                for (const Job& pending : server->jobs) {
                    if (pending.done) {
                        *pending.done = true;
                    }
                }
                server->jobs.clear();
                server->running = false;
                server->task_exited = true;
                w.waitable.notify();
                break;
            }
            job = std::move(server->jobs.front());
            server->jobs.pop_front();
            server->busy = true;
        }
        job.run();
        const std::lock_guard lock(w.waitable.mutex);
        if (job.done) {
            *job.done = true;
        }
        w.waitable.notify();
    }
    vTaskDelete(nullptr);
}

// Runs `run` on the server's task and waits for it. false when the server is gone or it took too long.
bool run_on_server(Server* server, std::function<void()> run, std::uint32_t timeout_ms = 10'000) {
    World& w = world();
    auto done = std::make_shared<bool>(false);
    std::unique_lock lock(w.waitable.mutex);
    if (server == nullptr || !server->running || server->stopping) {
        return false;
    }
    server->jobs.push_back(Job{std::move(run), done});
    w.waitable.notify();
    return w.waitable.wait_for_ms(lock, timeout_ms, [&] { return *done; });
}

// The first route for (uri, method); `wrong_method` when the URI is registered for other methods only.
const Route* find_route(const Server& server, const std::string& uri, int method, bool& wrong_method) {
    const std::size_t length = std::min(uri.find('?'), uri.size());
    wrong_method = false;
    for (const auto& route : server.routes) {
        const bool matches = server.config.uri_match_fn != nullptr
                                 ? server.config.uri_match_fn(route->uri.c_str(), uri.c_str(), length)
                                 : route->uri.size() == length && uri.compare(0, length, route->uri) == 0;
        if (!matches) {
            continue;
        }
        if (static_cast<int>(route->handler.method) == method) {
            return route.get();
        }
        wrong_method = true;
    }
    return nullptr;
}

void answer_error(FakeRequest& fake, int status, const char* line) {
    fake.result.status = status;
    fake.result.status_line = line;
    fake.result.body = line;
}

// Fills the request, calls the handler (on the server's task), records the outcome.
void call_handler(Server& server, const Route* route, httpd_req_t& req, FakeRequest& fake) {
    const esp_err_t result = route->handler.handler(&req);
    fake.result.handled = true;
    fake.result.body_read = fake.pos;
    if (result != ESP_OK) {
        fake.result.closed = true;
    }
    (void)server;
}

void init_request(httpd_req_t& req, Server* server, FakeRequest& fake, const std::string& uri, int method) {
    const std::string path = uri.substr(0, HTTPD_MAX_URI_LEN);
    std::memcpy(const_cast<char*>(req.uri), path.c_str(), path.size() + 1);
    req.handle = server;
    req.method = method;
    req.content_len = fake.declared;
    req.aux = &fake;
}

}  // namespace

std::string HttpResult::header(std::string_view name) const {
    const std::string* value = find_header(headers, name);
    return value != nullptr ? *value : std::string();
}

std::optional<HttpdFakeServer> httpd_fake_server() {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (w.servers.empty()) {
        return std::nullopt;
    }
    const Server& server = *w.servers.back();
    HttpdFakeServer info;
    info.running = server.running && !server.stopping;
    info.task_priority = server.config.task_priority;
    info.stack_size = server.config.stack_size;
    info.port = server.config.server_port;
    info.max_open_sockets = server.config.max_open_sockets;
    info.max_uri_handlers = server.config.max_uri_handlers;
    info.max_resp_headers = server.config.max_resp_headers;
    info.lru_purge_enable = server.config.lru_purge_enable;
    info.send_wait_timeout = server.config.send_wait_timeout;
    info.wildcard = server.config.uri_match_fn == &httpd_uri_match_wildcard;
    for (const auto& route : server.routes) {
        info.handlers.push_back({route->uri, static_cast<int>(route->handler.method), route->handler.is_websocket});
    }
    return info;
}

HttpResult http_request(const std::string& method, const std::string& uri, const Headers& headers,
                        const std::string& body, const HttpClient& client) {
    World& w = world();
    Server* server = nullptr;
    int fd = -1;
    {
        const std::lock_guard lock(w.waitable.mutex);
        server = latest_running_locked();
        if (server == nullptr) {
            return HttpResult{};
        }
        fd = w.next_fd++;
        server->sessions[fd].last_use = ++server->use_counter;
    }
    lwip_fake_set_stream(fd, client.peer, 50'000, client.local, server->config.server_port);
    auto fake = std::make_shared<FakeRequest>();
    fake->server = server;
    fake->fd = fd;
    fake->headers = headers;
    fake->body = body;
    fake->declared = client.content_length.value_or(body.size());
    fake->chunk = std::max<std::size_t>(client.recv_chunk, 1);
    const int method_id = method_from(method);
    run_on_server(server, [server, fake, uri, method_id] {
        if (uri.size() > HTTPD_MAX_URI_LEN) {
            answer_error(*fake, 414, "414 URI Too Long");
            fake->result.closed = true;
            return;
        }
        bool wrong_method = false;
        const Route* route = find_route(*server, uri, method_id, wrong_method);
        if (route == nullptr) {
            if (wrong_method) {
                answer_error(*fake, 405, "405 Method Not Allowed");
            } else {
                answer_error(*fake, 404, "404 Not Found");
            }
            return;
        }
        httpd_req_t req{};
        init_request(req, server, *fake, uri, method_id);
        req.user_ctx = route->handler.user_ctx;
        call_handler(*server, route, req, *fake);
    });
    {
        const std::lock_guard lock(w.waitable.mutex);
        server->sessions.erase(fd);
    }
    lwip_fake_remove_stream(fd);
    return fake->result;
}

int ws_open(const std::string& uri, const Headers& headers, const HttpClient& client) {
    World& w = world();
    Server* server = nullptr;
    int fd = -1;
    {
        const std::lock_guard lock(w.waitable.mutex);
        server = latest_running_locked();
        if (server == nullptr) {
            return -1;
        }
        std::size_t open = 0;
        for (const auto& [session_fd, session] : server->sessions) {
            open += session.open ? 1 : 0;
        }
        if (open >= server->config.max_open_sockets) {
            if (!server->config.lru_purge_enable) {
                return -1;
            }
            auto lru = server->sessions.end();
            for (auto it = server->sessions.begin(); it != server->sessions.end(); ++it) {
                if (it->second.open && (lru == server->sessions.end() || it->second.last_use < lru->second.last_use)) {
                    lru = it;
                }
            }
            if (lru != server->sessions.end()) {
                lru->second.open = false;
            }
        }
        fd = w.next_fd++;
        server->sessions[fd].last_use = ++server->use_counter;
    }
    lwip_fake_set_stream(fd, client.peer, 50'001, client.local, server->config.server_port);
    auto fake = std::make_shared<FakeRequest>();
    fake->server = server;
    fake->fd = fd;
    fake->headers = headers;
    if (find_header(fake->headers, "Upgrade") == nullptr) {
        fake->headers.emplace_back("Upgrade", "websocket");
        fake->headers.emplace_back("Connection", "Upgrade");
    }
    run_on_server(server, [server, fake, uri, fd] {
        bool wrong_method = false;
        const Route* route = find_route(*server, uri, HTTP_GET, wrong_method);
        World& world_ref = world();
        if (route == nullptr) {
            answer_error(*fake, 404, "404 Not Found");
            const std::lock_guard lock(world_ref.waitable.mutex);
            server->sessions[fd].open = false;
            return;
        }
        const std::string* upgrade = find_header(fake->headers, "Upgrade");
        const bool handshake = route->handler.is_websocket && upgrade != nullptr && iequal(*upgrade, "websocket");
        if (handshake) {
            const std::lock_guard lock(world_ref.waitable.mutex);
            Session& session = server->sessions[fd];
            session.websocket = true;
            session.ws_handler = route->handler.handler;
            session.ws_user_ctx = route->handler.user_ctx;
        }
        httpd_req_t req{};
        init_request(req, server, *fake, uri, HTTP_GET);
        req.user_ctx = route->handler.user_ctx;
        call_handler(*server, route, req, *fake);
        if (fake->result.closed || !handshake) {
            const std::lock_guard lock(world_ref.waitable.mutex);
            server->sessions[fd].open = false;
        }
    });
    return fd;
}

bool ws_is_open(int fd) {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    for (const auto& server : w.servers) {
        const auto it = server->sessions.find(fd);
        if (it != server->sessions.end()) {
            return it->second.open && server->running && !server->stopping;
        }
    }
    return false;
}

bool ws_send_text(int fd, const std::string& text) {
    World& w = world();
    Server* server = nullptr;
    {
        const std::lock_guard lock(w.waitable.mutex);
        server = latest_running_locked();
        if (server == nullptr) {
            return false;
        }
        const auto it = server->sessions.find(fd);
        if (it == server->sessions.end() || !it->second.open || !it->second.websocket) {
            return false;
        }
        it->second.last_use = ++server->use_counter;
    }
    auto fake = std::make_shared<FakeRequest>();
    fake->server = server;
    fake->fd = fd;
    fake->has_frame = true;
    fake->frame = WsFrame{HTTPD_WS_TYPE_TEXT, text};
    return run_on_server(server, [server, fake, fd] {
        World& world_ref = world();
        esp_err_t (*handler)(httpd_req_t*) = nullptr;
        void* user_ctx = nullptr;
        {
            const std::lock_guard lock(world_ref.waitable.mutex);
            const Session& session = server->sessions[fd];
            if (!session.open) {
                return;
            }
            handler = session.ws_handler;
            user_ctx = session.ws_user_ctx;
        }
        httpd_req_t req{};
        init_request(req, server, *fake, "", 0);  // ESP-IDF calls the handler of a data frame with method 0, no URI
        req.user_ctx = user_ctx;
        if (handler(&req) != ESP_OK) {
            const std::lock_guard lock(world_ref.waitable.mutex);
            server->sessions[fd].open = false;
        }
    });
}

void ws_close(int fd) {
    World& w = world();
    {
        const std::lock_guard lock(w.waitable.mutex);
        for (const auto& server : w.servers) {
            const auto it = server->sessions.find(fd);
            if (it != server->sessions.end()) {
                it->second.open = false;
            }
        }
    }
    lwip_fake_remove_stream(fd);
}

void ws_stall(int fd, bool stalled) {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    for (const auto& server : w.servers) {
        const auto it = server->sessions.find(fd);
        if (it != server->sessions.end()) {
            it->second.stalled = stalled;
        }
    }
}

std::vector<WsFrame> ws_frames(int fd) {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    for (const auto& server : w.servers) {
        const auto it = server->sessions.find(fd);
        if (it != server->sessions.end()) {
            return it->second.frames;
        }
    }
    return {};
}

bool ws_wait_frames(int fd, std::size_t count, std::uint32_t timeout_ms) {
    World& w = world();
    std::unique_lock lock(w.waitable.mutex);
    return w.waitable.wait_for_ms(lock, timeout_ms, [&] {
        for (const auto& server : w.servers) {
            const auto it = server->sessions.find(fd);
            if (it != server->sessions.end()) {
                return it->second.frames.size() >= count;
            }
        }
        return false;
    });
}

bool httpd_fake_wait_idle(std::uint32_t timeout_ms) {
    World& w = world();
    std::unique_lock lock(w.waitable.mutex);
    return w.waitable.wait_for_ms(lock, timeout_ms, [&] {
        return std::all_of(w.servers.begin(), w.servers.end(), [](const auto& server) {
            return !server->running || (server->jobs.empty() && !server->busy);
        });
    });
}

}  // namespace tbg::hostcheck

using tbg::hostcheck::FakeRequest;
using tbg::hostcheck::world;

namespace {

esp_err_t send_frame(tbg::hostcheck::Server* server, int fd, const httpd_ws_frame_t* frame) {
    if (server == nullptr || frame == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    const auto it = server->sessions.find(fd);
    if (it == server->sessions.end() || !it->second.websocket) {
        return ESP_ERR_INVALID_ARG;
    }
    if (!it->second.open || it->second.stalled) {
        return ESP_FAIL;
    }
    tbg::hostcheck::WsFrame copy;
    copy.type = frame->type;
    if (frame->len > 0 && frame->payload != nullptr) {
        copy.payload.assign(reinterpret_cast<const char*>(frame->payload), frame->len);
    }
    it->second.frames.push_back(std::move(copy));
    world().waitable.notify();
    return ESP_OK;
}

}  // namespace

extern "C" {

esp_err_t httpd_start(httpd_handle_t* handle, const httpd_config_t* config) {
    if (handle == nullptr || config == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    if (config->max_open_sockets > CONFIG_LWIP_MAX_SOCKETS - 3) {
        return ESP_ERR_INVALID_ARG;  // ESP-IDF: 3 sockets are used by the server itself
    }
    auto& w = world();
    tbg::hostcheck::Server* server = nullptr;
    {
        const std::lock_guard lock(w.waitable.mutex);
        w.servers.push_back(std::make_unique<tbg::hostcheck::Server>());
        server = w.servers.back().get();
        server->config = *config;
        server->running = true;
    }
    if (xTaskCreatePinnedToCore(&tbg::hostcheck::server_task, "httpd", static_cast<std::uint32_t>(config->stack_size),
                                server, config->task_priority, nullptr, config->core_id) != pdPASS) {
        const std::lock_guard lock(w.waitable.mutex);
        server->running = false;
        return ESP_ERR_HTTPD_TASK;
    }
    *handle = server;
    return ESP_OK;
}

esp_err_t httpd_stop(httpd_handle_t handle) {
    auto& w = world();
    std::unique_lock lock(w.waitable.mutex);
    tbg::hostcheck::Server* server = tbg::hostcheck::server_of(handle);
    if (server == nullptr || !server->running) {
        return ESP_ERR_INVALID_ARG;
    }
    server->stopping = true;
    w.waitable.notify();
    w.waitable.wait_for_ms(lock, 5000, [&] { return server->task_exited; });
    for (auto& [fd, session] : server->sessions) {
        session.open = false;
    }
    return ESP_OK;
}

esp_err_t httpd_register_uri_handler(httpd_handle_t handle, const httpd_uri_t* uri_handler) {
    if (uri_handler == nullptr || uri_handler->uri == nullptr || uri_handler->handler == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    tbg::hostcheck::Server* server = tbg::hostcheck::server_of(handle);
    if (server == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    for (const auto& route : server->routes) {
        if (route->uri == uri_handler->uri && route->handler.method == uri_handler->method) {
            return ESP_ERR_HTTPD_HANDLER_EXISTS;
        }
    }
    if (server->routes.size() >= server->config.max_uri_handlers) {
        return ESP_ERR_HTTPD_HANDLERS_FULL;
    }
    auto route = std::make_unique<tbg::hostcheck::Route>();
    route->uri = uri_handler->uri;
    route->handler = *uri_handler;
    route->handler.uri = route->uri.c_str();
    server->routes.push_back(std::move(route));
    return ESP_OK;
}

bool httpd_uri_match_wildcard(const char* uri_template, const char* uri_to_match, size_t match_upto) {
    const std::string_view tpl(uri_template);
    const std::string_view uri(uri_to_match, std::min(match_upto, std::strlen(uri_to_match)));
    std::size_t exact = tpl.size();
    const bool asterisk = exact > 0 && tpl[exact - 1] == '*';
    if (asterisk) {
        --exact;
    }
    const bool quest = exact > 0 && tpl[exact - 1] == '?';
    if (quest) {
        --exact;
    }
    const std::string_view prefix = tpl.substr(0, exact);                           // "/api/" of "/api/?*"
    const std::string_view shorter = quest ? prefix.substr(0, exact - 1) : prefix;  // "/api" (the ? char optional)
    if (uri == prefix || (quest && uri == shorter)) {
        return true;
    }
    return asterisk && uri.starts_with(prefix);
}

int httpd_req_to_sockfd(httpd_req_t* r) {
    return r != nullptr ? tbg::hostcheck::fake_of(r).fd : -1;
}

int httpd_req_recv(httpd_req_t* r, char* buf, size_t buf_len) {
    FakeRequest& fake = tbg::hostcheck::fake_of(r);
    if (fake.pos >= fake.declared) {
        return 0;
    }
    if (fake.pos >= fake.body.size()) {
        return HTTPD_SOCK_ERR_FAIL;  // announced more than the client sent: it went away
    }
    const std::size_t n = std::min({buf_len, fake.body.size() - fake.pos, fake.declared - fake.pos, fake.chunk});
    std::copy_n(fake.body.data() + fake.pos, n, buf);
    fake.pos += n;
    return static_cast<int>(n);
}

size_t httpd_req_get_hdr_value_len(httpd_req_t* r, const char* field) {
    const std::string* value = tbg::hostcheck::find_header(tbg::hostcheck::fake_of(r).headers, field);
    return value != nullptr ? value->size() : 0;
}

esp_err_t httpd_req_get_hdr_value_str(httpd_req_t* r, const char* field, char* val, size_t val_size) {
    const std::string* value = tbg::hostcheck::find_header(tbg::hostcheck::fake_of(r).headers, field);
    if (value == nullptr) {
        return ESP_ERR_NOT_FOUND;
    }
    if (val == nullptr || val_size == 0) {
        return ESP_ERR_INVALID_ARG;
    }
    const std::size_t n = std::min(value->size(), val_size - 1);
    std::memcpy(val, value->data(), n);
    val[n] = '\0';
    return n < value->size() ? ESP_ERR_HTTPD_RESULT_TRUNC : ESP_OK;
}

esp_err_t httpd_resp_set_status(httpd_req_t* r, const char* status) {
    tbg::hostcheck::fake_of(r).status = status;
    return ESP_OK;
}

esp_err_t httpd_resp_set_type(httpd_req_t* r, const char* type) {
    tbg::hostcheck::fake_of(r).type = type;
    return ESP_OK;
}

esp_err_t httpd_resp_set_hdr(httpd_req_t* r, const char* field, const char* value) {
    FakeRequest& fake = tbg::hostcheck::fake_of(r);
    if (fake.resp_headers.size() >= fake.server->config.max_resp_headers) {
        return ESP_ERR_HTTPD_RESP_HDR;
    }
    fake.resp_headers.emplace_back(field, value);
    return ESP_OK;
}

esp_err_t httpd_resp_send(httpd_req_t* r, const char* buf, ssize_t buf_len) {
    FakeRequest& fake = tbg::hostcheck::fake_of(r);
    if (fake.sent) {
        return ESP_ERR_HTTPD_RESP_SEND;
    }
    fake.sent = true;
    const std::size_t length = buf_len == HTTPD_RESP_USE_STRLEN ? std::strlen(buf) : static_cast<std::size_t>(buf_len);
    // The strings are read now, as esp_http_server reads them while sending.
    fake.result.status_line = fake.status;
    const std::string_view line(fake.status);
    int status = 0;
    std::from_chars(line.data(), line.data() + line.size(), status);
    fake.result.status = status;
    fake.result.content_type = fake.type;
    for (const auto& [field, value] : fake.resp_headers) {
        fake.result.headers.emplace_back(field, value);
    }
    fake.result.content_length = length;
    fake.result.body.assign(buf != nullptr ? buf : "", buf != nullptr ? length : 0);
    return ESP_OK;
}

esp_err_t httpd_queue_work(httpd_handle_t handle, httpd_work_fn_t work, void* arg) {
    if (work == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    tbg::hostcheck::Server* server = tbg::hostcheck::server_of(handle);
    if (server == nullptr || !server->running || server->stopping) {
        return ESP_FAIL;
    }
    server->jobs.push_back({[work, arg] { work(arg); }, nullptr});
    w.waitable.notify();
    return ESP_OK;
}

esp_err_t httpd_sess_trigger_close(httpd_handle_t handle, int sockfd) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    tbg::hostcheck::Server* server = tbg::hostcheck::server_of(handle);
    if (server == nullptr || server->sessions.find(sockfd) == server->sessions.end()) {
        return ESP_ERR_NOT_FOUND;
    }
    server->jobs.push_back({[server, sockfd] {
                                auto& world_ref = world();
                                const std::lock_guard inner(world_ref.waitable.mutex);
                                server->sessions[sockfd].open = false;
                            },
                            nullptr});
    w.waitable.notify();
    return ESP_OK;
}

esp_err_t httpd_ws_recv_frame(httpd_req_t* req, httpd_ws_frame_t* pkt, size_t max_len) {
    FakeRequest& fake = tbg::hostcheck::fake_of(req);
    if (!fake.has_frame || pkt == nullptr) {
        return ESP_ERR_INVALID_STATE;
    }
    pkt->final = true;
    pkt->fragmented = false;
    pkt->type = static_cast<httpd_ws_type_t>(fake.frame.type);
    pkt->len = fake.frame.payload.size();
    if (max_len == 0) {
        return ESP_OK;
    }
    if (max_len < pkt->len || pkt->payload == nullptr) {
        return ESP_ERR_INVALID_SIZE;
    }
    std::memcpy(pkt->payload, fake.frame.payload.data(), pkt->len);
    return ESP_OK;
}

esp_err_t httpd_ws_send_frame(httpd_req_t* req, httpd_ws_frame_t* pkt) {
    FakeRequest& fake = tbg::hostcheck::fake_of(req);
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    return send_frame(fake.server, fake.fd, pkt);
}

esp_err_t httpd_ws_send_frame_async(httpd_handle_t hd, int fd, httpd_ws_frame_t* frame) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    return send_frame(tbg::hostcheck::server_of(hd), fd, frame);
}

httpd_ws_client_info_t httpd_ws_get_fd_info(httpd_handle_t hd, int fd) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    tbg::hostcheck::Server* server = tbg::hostcheck::server_of(hd);
    if (server == nullptr) {
        return HTTPD_WS_CLIENT_INVALID;
    }
    const auto it = server->sessions.find(fd);
    if (it == server->sessions.end() || !it->second.open) {
        return HTTPD_WS_CLIENT_INVALID;
    }
    return it->second.websocket ? HTTPD_WS_CLIENT_WEBSOCKET : HTTPD_WS_CLIENT_HTTP;
}

}  // extern "C"
