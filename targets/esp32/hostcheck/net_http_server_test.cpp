// HttpServer (platform/esp32/net/http_server.h) against the esp_http_server fake with a real api::ApiService over an
// in-memory backend: the API's answers, body limits, static files with ETag, the login rate limit keyed by the peer
// address, the WebSocket push and its refusals, the OTA upload route and the captive-portal redirect.
#include "platform/esp32/net/http_server.h"

#include <gtest/gtest.h>

#include <array>
#include <mutex>

#include <nlohmann/json.hpp>

#include "esp_http_server.h"
#include "fakes/freertos_fake.h"
#include "fakes/httpd_fake.h"

namespace tbg::esp32 {
namespace {

using nlohmann::json;
using tbg::hostcheck::Headers;
using tbg::hostcheck::http_request;
using tbg::hostcheck::HttpClient;

// The API's storage and state in RAM; changes apply at once.
class TestBackend final : public api::ApiBackend {
public:
    std::shared_ptr<const api::GatewayView> view() const override {
        const std::lock_guard lock(mutex_);
        return view_;
    }
    std::uint64_t now_ms() const override { return 0; }
    config::GatewayConfig config() const override {
        const std::lock_guard lock(mutex_);
        return config_;
    }
    bool apply_config(const config::GatewayConfig& next, std::string& /*error*/) override {
        const std::lock_guard lock(mutex_);
        config_ = next;
        return true;
    }
    bool run_action(api::Action /*action*/, std::string& /*error*/) override {
        ++actions;
        return true;
    }
    std::optional<std::string> password_hash() const override {
        const std::lock_guard lock(mutex_);
        return hash_;
    }
    bool store_password_hash(const std::string& hash, std::string& /*error*/) override {
        const std::lock_guard lock(mutex_);
        hash_ = hash;
        return true;
    }
    nlohmann::json layout() const override {
        const std::lock_guard lock(mutex_);
        return layout_;
    }
    bool store_layout(const nlohmann::json& layout, std::string& /*error*/) override {
        const std::lock_guard lock(mutex_);
        layout_ = layout;
        return true;
    }
    std::vector<api::LogLine> log_lines() const override { return {}; }

    void set_view(std::shared_ptr<const api::GatewayView> view) {
        const std::lock_guard lock(mutex_);
        view_ = std::move(view);
    }
    void set_public_read(bool on) {
        const std::lock_guard lock(mutex_);
        config_.web.public_read = on;
    }

    std::atomic<int> actions{0};

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const api::GatewayView> view_;
    config::GatewayConfig config_;
    std::optional<std::string> hash_;
    nlohmann::json layout_ = nullptr;
};

// Not a password hash: enough for the server's tests (core/api's tests check the real ones).
class StubCrypto final : public api::Crypto {
public:
    std::string hash_password(std::string_view password) override { return "stub$" + std::string(password); }
    bool verify_password(std::string_view stored, std::string_view password) override {
        return stored == "stub$" + std::string(password);
    }
    std::string random_hex(std::size_t bytes) override {
        std::string hex = std::to_string(++counter_);
        hex.insert(0, bytes * 2 - hex.size(), '0');
        return hex;
    }

private:
    std::uint64_t counter_ = 0;
};

class RecordingSink final : public OtaSink {
public:
    bool begin(std::size_t image_bytes, std::string& error) override {
        announced = image_bytes;
        ++begins;
        if (refuse_begin) {
            error = "no OTA slot";
            return false;
        }
        return true;
    }
    bool write(std::span<const std::uint8_t> chunk, std::string& error) override {
        chunks.push_back(chunk.size());
        data.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
        if (refuse_after != 0 && data.size() >= refuse_after) {
            error = "not an image for this device";
            return false;
        }
        return true;
    }
    bool finish(std::string& error) override {
        ++finishes;
        if (refuse_finish) {
            error = "image verification failed";
            return false;
        }
        return true;
    }
    void abort() override { ++aborts; }
    void on_answered() override { ++answered; }

    bool refuse_begin = false;
    bool refuse_finish = false;
    std::size_t refuse_after = 0;
    std::size_t announced = 0;
    std::vector<std::size_t> chunks;
    std::string data;
    int begins = 0;
    int finishes = 0;
    int aborts = 0;
    int answered = 0;
};

constexpr std::array<std::uint8_t, 5> kIndexBytes{0x1f, 0x8b, 0x08, 0x00, 0x42};
const api::WebAsset kAssets[] = {
    {"/index.html", "text/html; charset=utf-8", kIndexBytes, "\"abc\""},
};

std::shared_ptr<const api::GatewayView> make_view(std::uint64_t seq, std::string version = "1.2.3") {
    auto view = std::make_shared<api::GatewayView>();
    view->seq = seq;
    view->now_ms = seq * 1000;
    view->version = std::move(version);
    return view;
}

json frame_json(const hostcheck::WsFrame& frame) {
    return json::parse(frame.payload, nullptr, false);
}

std::uint16_t close_code(const hostcheck::WsFrame& frame) {
    return frame.payload.size() < 2 ? 0
                                    : static_cast<std::uint16_t>((static_cast<std::uint8_t>(frame.payload[0]) << 8) |
                                                                 static_cast<std::uint8_t>(frame.payload[1]));
}

class HttpServerTest : public ::testing::Test {
protected:
    HttpServerTest() : api_(backend_, crypto_, kAssets), server_(api_) {}

    void SetUp() override { hostcheck::power_on(); }
    void TearDown() override {
        server_.stop();
        hostcheck::power_off();
    }

    void start(HttpServerOptions options = {}) {
        options.now_ms = [this] { return now_ms_.load(); };
        std::string error;
        ASSERT_TRUE(server_.start(options, error)) << error;
    }

    std::string login(const HttpClient& client = {}) {
        std::string error;
        if (!backend_.password_hash()) {
            backend_.store_password_hash(crypto_.hash_password("correct horse"), error);
        }
        const auto result = http_request("POST", "/api/auth/login", {{"Content-Type", "application/json"}},
                                         R"({"password": "correct horse"})", client);
        EXPECT_EQ(result.status, 200) << result.body;
        const std::string cookie = result.header("Set-Cookie");
        return cookie.substr(0, cookie.find(';'));
    }

    static json body(const hostcheck::HttpResult& result) { return json::parse(result.body, nullptr, false); }
    static std::string code(const hostcheck::HttpResult& result) {
        const json doc = body(result);
        return doc.contains("error") ? doc["error"]["code"].get<std::string>() : "(none)";
    }

    TestBackend backend_;
    StubCrypto crypto_;
    api::ApiService api_;
    HttpServer server_;
    std::atomic<std::uint64_t> now_ms_{1000};
};

TEST_F(HttpServerTest, RegistersOneWildcardHandlerPerMethodAfterTheExactRoutes) {
    RecordingSink sink;
    HttpServerOptions options;
    options.ota = &sink;
    start(options);
    const auto server = hostcheck::httpd_fake_server();
    ASSERT_TRUE(server.has_value());
    EXPECT_TRUE(server->running);
    EXPECT_EQ(server->task_priority, 5U);
    EXPECT_EQ(server->stack_size, 8192U);
    EXPECT_EQ(server->max_open_sockets, 5);
    EXPECT_TRUE(server->lru_purge_enable);
    EXPECT_TRUE(server->wildcard);
    ASSERT_EQ(server->handlers.size(), 7U);
    EXPECT_EQ(server->handlers[0].uri, "/api/ws");
    EXPECT_TRUE(server->handlers[0].is_websocket);
    EXPECT_EQ(server->handlers[1].uri, "/api/ota");
    EXPECT_EQ(server->handlers[1].method, HTTP_POST);
    const std::vector<int> methods = {HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_DELETE};
    for (std::size_t i = 0; i < methods.size(); ++i) {
        EXPECT_EQ(server->handlers[2 + i].uri, "/*");
        EXPECT_EQ(server->handlers[2 + i].method, methods[i]);
        EXPECT_FALSE(server->handlers[2 + i].is_websocket);
    }
    bool found = false;
    for (const auto& task : hostcheck::tasks()) {
        if (task.name == "httpd") {
            found = true;
            EXPECT_EQ(task.priority, 5U);  // below control (10), RS485 (18) and CAN (20)
        }
    }
    EXPECT_TRUE(found);
}

TEST_F(HttpServerTest, GetStatusAnswersTheJsonDocument) {
    start();
    backend_.set_view(make_view(7, "9.9.9"));
    const auto result = http_request("GET", "/api/status");
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.status_line, "200 OK");
    EXPECT_EQ(result.content_type, "application/json");
    EXPECT_EQ(result.header("Cache-Control"), "no-store");
    const json doc = body(result);
    ASSERT_TRUE(doc.is_object()) << result.body;
    EXPECT_EQ(doc["seq"], 7);
    EXPECT_EQ(doc["version"], "9.9.9");
    EXPECT_EQ(result.content_length, result.body.size());
}

TEST_F(HttpServerTest, BeforeTheFirstViewTheApiSaysNotReady) {
    start();
    const auto result = http_request("GET", "/api/status?x=1");
    EXPECT_EQ(result.status, 503);
    EXPECT_EQ(code(result), "not_ready");
}

TEST_F(HttpServerTest, QueryStringsReachTheApi) {
    start();
    backend_.set_view(make_view(1));
    EXPECT_EQ(http_request("GET", "/api/history?hours=99").status, 400);
    EXPECT_EQ(http_request("GET", "/api/history?hours=2").status, 200);
}

TEST_F(HttpServerTest, PutWithoutLoginIs401) {
    start();
    const auto result = http_request("PUT", "/api/config", {{"Content-Type", "application/json"}}, R"({"x": 1})");
    EXPECT_EQ(result.status, 401);
    EXPECT_EQ(code(result), "login_required");
    EXPECT_FALSE(result.closed);
}

TEST_F(HttpServerTest, ABodyOverTheLimitIs413WithoutReadingIt) {
    start();
    const std::string big(api::kMaxBodyBytes + 1, 'x');
    const auto result = http_request("PUT", "/api/config", {{"Content-Type", "application/json"}}, big);
    EXPECT_EQ(result.status, 413);
    EXPECT_EQ(code(result), "body_too_large");
    EXPECT_EQ(result.header("Connection"), "close");
    EXPECT_EQ(result.body_read, 0U);
    EXPECT_TRUE(result.closed);
    EXPECT_EQ(server_.stats().body_too_large, 1U);

    // A smaller configured limit applies the same way.
    server_.stop();
    HttpServerOptions options;
    options.max_body_bytes = 100;
    start(options);
    EXPECT_EQ(http_request("PUT", "/api/layout", {{"Content-Type", "application/json"}}, std::string(101, ' ')).status,
              413);
    EXPECT_EQ(http_request("PUT", "/api/layout", {{"Content-Type", "application/json"}}, std::string(100, ' ')).status,
              401);
}

TEST_F(HttpServerTest, TheRootServesTheGzippedIndexWithAnEtagAnd304) {
    start();
    const auto result = http_request("GET", "/");
    ASSERT_EQ(result.status, 200);
    EXPECT_EQ(result.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(result.header("ETag"), "\"abc\"");
    EXPECT_EQ(result.header("Content-Encoding"), "gzip");
    EXPECT_EQ(result.body, std::string(kIndexBytes.begin(), kIndexBytes.end()));
    EXPECT_EQ(result.headers.size(), 8U);  // every header of the static answer made it (max_resp_headers 10)

    const auto cached = http_request("GET", "/", {{"If-None-Match", "\"abc\""}});
    EXPECT_EQ(cached.status, 304);
    EXPECT_EQ(cached.status_line, "304 Not Modified");
    EXPECT_TRUE(cached.body.empty());
    EXPECT_EQ(cached.header("ETag"), "\"abc\"");

    const auto head = http_request("HEAD", "/");
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.header("ETag"), "\"abc\"");
}

TEST_F(HttpServerTest, LoginWorksAndTheRateLimitIsKeyedByThePeerAddress) {
    start();
    const std::string cookie = login();
    ASSERT_FALSE(cookie.empty());
    const auto layout = http_request("PUT", "/api/layout", {{"Content-Type", "application/json"}, {"Cookie", cookie}},
                                     R"({"layout": null})");
    EXPECT_EQ(layout.status, 200) << layout.body;

    HttpClient attacker;
    attacker.peer = {10, 0, 0, 9};
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(http_request("POST", "/api/auth/login", {{"Content-Type", "application/json"}},
                               R"({"password": "guess"})", attacker)
                      .status,
                  401);
    }
    const auto locked = http_request("POST", "/api/auth/login", {{"Content-Type", "application/json"}},
                                     R"({"password": "guess"})", attacker);
    EXPECT_EQ(locked.status, 429);
    EXPECT_FALSE(locked.header("Retry-After").empty());
    HttpClient other;
    other.peer = {10, 0, 0, 10};
    EXPECT_EQ(http_request("POST", "/api/auth/login", {{"Content-Type", "application/json"}},
                           R"({"password": "guess"})", other)
                  .status,
              401);
}

TEST_F(HttpServerTest, ABodyArrivingInSmallPiecesIsAssembled) {
    start();
    const std::string cookie = login();
    HttpClient slow;
    slow.recv_chunk = 3;
    const std::string layout = R"({"layout": {"widgets": [{"id": "soc", "w": 2, "h": 1}]}})";
    const auto result =
        http_request("PUT", "/api/layout", {{"Content-Type", "application/json"}, {"Cookie", cookie}}, layout, slow);
    EXPECT_EQ(result.status, 200) << result.body;
    EXPECT_EQ(result.body_read, layout.size());
    EXPECT_EQ(backend_.layout()["widgets"][0]["id"], "soc");
}

TEST_F(HttpServerTest, AClientThatGoesAwayMidBodyGetsNoAnswer) {
    start();
    HttpClient gone;
    gone.content_length = 500;
    const auto result = http_request("PUT", "/api/config", {{"Content-Type", "application/json"}}, "{\"a\":", gone);
    EXPECT_EQ(result.status, 0);
    EXPECT_TRUE(result.closed);
}

TEST_F(HttpServerTest, APlainGetOfTheWebSocketPathIsAnsweredByTheApi) {
    start();
    const auto result = http_request("GET", "/api/ws");
    EXPECT_EQ(result.status, 404);
    EXPECT_EQ(code(result), "not_found");
}

TEST_F(HttpServerTest, WebSocketGetsTheStatusOnConnectAndEveryNewOne) {
    start();
    backend_.set_view(make_view(1));
    server_.publish(make_view(1));
    const int fd = hostcheck::ws_open("/api/ws");
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(hostcheck::ws_is_open(fd));
    ASSERT_TRUE(hostcheck::ws_wait_frames(fd, 1));
    json first = frame_json(hostcheck::ws_frames(fd)[0]);
    EXPECT_EQ(first["type"], "status");
    EXPECT_EQ(first["data"]["seq"], 1);
    EXPECT_EQ(server_.stats().websocket_clients, 1U);
    EXPECT_EQ(api_.counters().websocket_clients, 1U);

    server_.publish(make_view(2));
    ASSERT_TRUE(hostcheck::ws_wait_frames(fd, 2));
    EXPECT_EQ(frame_json(hostcheck::ws_frames(fd)[1])["data"]["seq"], 2);

    // The same view again is not pushed twice.
    server_.publish(make_view(2));
    ASSERT_TRUE(hostcheck::httpd_fake_wait_idle());
    EXPECT_EQ(hostcheck::ws_frames(fd).size(), 2U);

    // Subscribed to packs: status and packs with each new view; unsubscribed again: status only.
    ASSERT_TRUE(hostcheck::ws_send_text(fd, R"({"subscribe": ["packs"]})"));
    server_.publish(make_view(3));
    ASSERT_TRUE(hostcheck::ws_wait_frames(fd, 4));
    const auto frames = hostcheck::ws_frames(fd);
    EXPECT_EQ(frame_json(frames[2])["type"], "status");
    EXPECT_EQ(frame_json(frames[3])["type"], "packs");
    EXPECT_TRUE(frame_json(frames[3])["data"].is_object() || frame_json(frames[3])["data"].is_array());
    ASSERT_TRUE(hostcheck::ws_send_text(fd, R"({"subscribe": []})"));
    server_.publish(make_view(4));
    ASSERT_TRUE(hostcheck::ws_wait_frames(fd, 5));
    ASSERT_TRUE(hostcheck::httpd_fake_wait_idle());
    EXPECT_EQ(hostcheck::ws_frames(fd).size(), 5U);
    EXPECT_EQ(server_.stats().websocket_messages, 5U);

    // Garbage and oversized client messages: ignored, or the connection is closed.
    EXPECT_TRUE(hostcheck::ws_send_text(fd, "not json"));
    EXPECT_TRUE(hostcheck::ws_is_open(fd));
    EXPECT_TRUE(hostcheck::ws_send_text(fd, std::string(5000, 'x')));
    EXPECT_FALSE(hostcheck::ws_is_open(fd));
}

TEST_F(HttpServerTest, WebSocketWithoutReadAccessIsClosedWith4401) {
    backend_.set_public_read(false);
    start();
    server_.publish(make_view(1));
    const int fd = hostcheck::ws_open("/api/ws");
    ASSERT_GE(fd, 0);
    EXPECT_FALSE(hostcheck::ws_is_open(fd));
    const auto frames = hostcheck::ws_frames(fd);
    ASSERT_EQ(frames.size(), 1U);
    EXPECT_EQ(frames[0].type, HTTPD_WS_TYPE_CLOSE);
    EXPECT_EQ(close_code(frames[0]), 4401);
    EXPECT_EQ(frames[0].payload.substr(2), "login_required");
    EXPECT_EQ(server_.stats().websocket_rejected, 1U);

    const std::string cookie = login();
    const int allowed = hostcheck::ws_open("/api/ws", {{"Cookie", cookie}});
    EXPECT_TRUE(hostcheck::ws_is_open(allowed));
    ASSERT_TRUE(hostcheck::ws_wait_frames(allowed, 1));
    EXPECT_EQ(frame_json(hostcheck::ws_frames(allowed)[0])["type"], "status");
}

// The origin checks of docs/security.md: Host, Origin and Sec-Fetch-Site reach the API, so a change from another
// site is refused even with a valid session, and a same-origin one goes through.
TEST_F(HttpServerTest, CrossSiteChangesAreRefusedWith403SameOriginAccepted) {
    start();
    const std::string cookie = login();
    const std::string layout = R"({"layout": {"widgets": [{"id": "soc", "w": 2, "h": 1}]}})";
    auto headers = [&cookie](Headers extra) {
        Headers all{{"Content-Type", "application/json"}, {"Cookie", cookie}, {"Host", "192.168.1.77"}};
        all.insert(all.end(), extra.begin(), extra.end());
        return all;
    };

    const auto other_site = http_request("PUT", "/api/layout", headers({{"Origin", "http://evil.example"}}), layout);
    EXPECT_EQ(other_site.status, 403);
    EXPECT_EQ(other_site.status_line, "403 Forbidden");
    EXPECT_EQ(code(other_site), "cross_site_request");
    EXPECT_EQ(other_site.header("Cache-Control"), "no-store");
    EXPECT_EQ(other_site.headers.size(), 5U);  // Cache-Control and the four security headers (max_resp_headers 10)
    EXPECT_TRUE(backend_.layout().is_null()) << "nothing changed";

    const auto other_port =
        http_request("PUT", "/api/layout", headers({{"Origin", "http://192.168.1.77:8080"}}), layout);
    EXPECT_EQ(other_port.status, 403);
    const auto null_origin = http_request("PUT", "/api/layout", headers({{"Origin", "null"}}), layout);
    EXPECT_EQ(null_origin.status, 403);
    const auto fetch_metadata =
        http_request("POST", "/api/actions/rescan", headers({{"Sec-Fetch-Site", "cross-site"}}), "{}");
    EXPECT_EQ(fetch_metadata.status, 403);
    EXPECT_EQ(code(fetch_metadata), "cross_site_request");
    EXPECT_EQ(backend_.actions.load(), 0);
    const auto logout = http_request("POST", "/api/auth/logout", headers({{"Origin", "http://evil.example"}}), "{}");
    EXPECT_EQ(logout.status, 403) << "login and logout CSRF too";

    const auto same_origin = http_request(
        "PUT", "/api/layout", headers({{"Origin", "http://192.168.1.77"}, {"Sec-Fetch-Site", "same-origin"}}), layout);
    EXPECT_EQ(same_origin.status, 200) << same_origin.body;
    EXPECT_EQ(backend_.layout()["widgets"][0]["id"], "soc");
    const auto action =
        http_request("POST", "/api/actions/rescan", headers({{"Origin", "http://192.168.1.77:80"}}), "{}");
    EXPECT_EQ(action.status, 200) << action.body;
    EXPECT_EQ(backend_.actions.load(), 1);

    // Reads from another site are not changes: answered (the browser keeps the answer from the other site's script,
    // no CORS header).
    backend_.set_view(make_view(1));
    const auto read = http_request("GET", "/api/status", {{"Host", "192.168.1.77"}, {"Origin", "http://evil.example"}});
    EXPECT_EQ(read.status, 200);
    EXPECT_TRUE(read.header("Access-Control-Allow-Origin").empty());
}

// DNS rebinding: the first-start setup is refused through a name an attacker can own, accepted through the
// gateway's address or its .local name.
TEST_F(HttpServerTest, FirstStartSetupOnlyThroughALocalHostName) {
    start();
    const Headers rebound{{"Content-Type", "application/json"}, {"Host", "rebind.evil.example"}};
    const auto refused = http_request("POST", "/api/auth/setup", rebound, R"({"password": "correct horse"})");
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(code(refused), "setup_needs_local_address");
    EXPECT_FALSE(backend_.password_hash().has_value());

    const Headers local{{"Content-Type", "application/json"},
                        {"Host", "victron-gateway.local"},
                        {"Origin", "http://victron-gateway.local"}};
    const auto accepted = http_request("POST", "/api/auth/setup", local, R"({"password": "correct horse"})");
    EXPECT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_TRUE(backend_.password_hash().has_value());
}

TEST_F(HttpServerTest, CrossSiteWebSocketUpgradeIsClosedWith4403) {
    start();
    server_.publish(make_view(1));
    const int hijack = hostcheck::ws_open("/api/ws", {{"Host", "192.168.1.77"}, {"Origin", "http://evil.example"}});
    ASSERT_GE(hijack, 0);
    EXPECT_FALSE(hostcheck::ws_is_open(hijack));
    const auto frames = hostcheck::ws_frames(hijack);
    ASSERT_EQ(frames.size(), 1U) << "no status before the refusal";
    EXPECT_EQ(frames[0].type, HTTPD_WS_TYPE_CLOSE);
    EXPECT_EQ(close_code(frames[0]), 4403);
    EXPECT_EQ(frames[0].payload.substr(2), "cross_site_request");
    EXPECT_EQ(server_.stats().websocket_rejected, 1U);
    EXPECT_EQ(server_.stats().websocket_clients, 0U);

    const int same = hostcheck::ws_open("/api/ws", {{"Host", "192.168.1.77"}, {"Origin", "http://192.168.1.77"}});
    EXPECT_TRUE(hostcheck::ws_is_open(same));
    ASSERT_TRUE(hostcheck::ws_wait_frames(same, 1));
    EXPECT_EQ(frame_json(hostcheck::ws_frames(same)[0])["type"], "status");
}

TEST_F(HttpServerTest, AtMostMaxWebSocketClientsThenCloseWith4503) {
    start();
    std::vector<int> fds;
    for (int i = 0; i < 3; ++i) {
        fds.push_back(hostcheck::ws_open("/api/ws"));
        ASSERT_TRUE(hostcheck::ws_is_open(fds.back())) << i;
    }
    const int fourth = hostcheck::ws_open("/api/ws");
    EXPECT_FALSE(hostcheck::ws_is_open(fourth));
    ASSERT_EQ(hostcheck::ws_frames(fourth).size(), 1U);
    EXPECT_EQ(close_code(hostcheck::ws_frames(fourth)[0]), 4503);

    // A closed client frees its place.
    hostcheck::ws_close(fds[0]);
    const int fifth = hostcheck::ws_open("/api/ws");
    EXPECT_TRUE(hostcheck::ws_is_open(fifth));
    EXPECT_EQ(server_.stats().websocket_clients, 3U);
}

TEST_F(HttpServerTest, AClientThatDoesNotKeepUpIsDroppedTheOthersGoOn) {
    start();
    const int slow = hostcheck::ws_open("/api/ws");
    const int fast = hostcheck::ws_open("/api/ws");
    ASSERT_TRUE(hostcheck::ws_is_open(slow));
    ASSERT_TRUE(hostcheck::ws_is_open(fast));
    hostcheck::ws_stall(slow, true);
    server_.publish(make_view(1));
    ASSERT_TRUE(hostcheck::ws_wait_frames(fast, 1));
    ASSERT_TRUE(hostcheck::httpd_fake_wait_idle());
    EXPECT_FALSE(hostcheck::ws_is_open(slow));  // closed through httpd_sess_trigger_close
    EXPECT_EQ(server_.stats().websocket_dropped, 1U);
    EXPECT_EQ(server_.stats().websocket_clients, 1U);
    server_.publish(make_view(2));
    ASSERT_TRUE(hostcheck::ws_wait_frames(fast, 2));
    EXPECT_TRUE(hostcheck::ws_frames(slow).empty());
}

TEST_F(HttpServerTest, OtaNeedsASessionAndAnOctetStream) {
    RecordingSink sink;
    HttpServerOptions options;
    options.ota = &sink;
    start(options);
    const std::string image(10'000, 'I');
    const auto anonymous = http_request("POST", "/api/ota", {{"Content-Type", "application/octet-stream"}}, image);
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(code(anonymous), "login_required");
    EXPECT_TRUE(anonymous.closed);
    EXPECT_EQ(anonymous.body_read, 0U);

    const std::string cookie = login();
    const auto form = http_request("POST", "/api/ota",
                                   {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookie}}, image);
    EXPECT_EQ(form.status, 415);
    EXPECT_EQ(sink.begins, 0);
    EXPECT_EQ(backend_.actions.load(), 0);  // the session probe never runs an action
}

TEST_F(HttpServerTest, OtaFromAnotherSiteIsRefusedBeforeReadingTheImage) {
    RecordingSink sink;
    HttpServerOptions options;
    options.ota = &sink;
    start(options);
    const std::string cookie = login();
    const std::string image(10'000, 'I');
    const auto result = http_request("POST", "/api/ota",
                                     {{"Content-Type", "application/octet-stream"},
                                      {"Cookie", cookie},
                                      {"Host", "192.168.1.77"},
                                      {"Origin", "http://evil.example"}},
                                     image);
    EXPECT_EQ(result.status, 403);
    EXPECT_EQ(code(result), "cross_site_request");
    EXPECT_TRUE(result.closed);
    EXPECT_EQ(result.body_read, 0U);
    EXPECT_EQ(sink.begins, 0);
}

TEST_F(HttpServerTest, OtaStreamsTheImageInChunksAndAnswersBeforeTheRestart) {
    RecordingSink sink;
    HttpServerOptions options;
    options.ota = &sink;
    start(options);
    const std::string cookie = login();
    std::string image;
    for (int i = 0; i < 10'000; ++i) {
        image += static_cast<char>(i * 7);
    }
    HttpClient client;
    client.recv_chunk = 1460;
    const Headers same_origin{{"Content-Type", "application/octet-stream"},
                              {"Cookie", cookie},
                              {"Host", "victron-gateway.local"},
                              {"Origin", "http://victron-gateway.local"},
                              {"Sec-Fetch-Site", "same-origin"}};
    const auto result = http_request("POST", "/api/ota", same_origin, image, client);
    EXPECT_EQ(result.status, 200) << result.body;
    EXPECT_EQ(body(result)["bytes"], 10'000);
    EXPECT_EQ(sink.announced, 10'000U);
    EXPECT_EQ(sink.data, image);
    EXPECT_GT(sink.chunks.size(), 1U);
    for (const std::size_t chunk : sink.chunks) {
        EXPECT_LE(chunk, 4096U);
    }
    EXPECT_EQ(sink.finishes, 1);
    EXPECT_EQ(sink.aborts, 0);
    EXPECT_EQ(sink.answered, 1);
    EXPECT_EQ(server_.stats().ota_uploads, 1U);
}

TEST_F(HttpServerTest, OtaFailuresAbortTheUpload) {
    RecordingSink sink;
    HttpServerOptions options;
    options.ota = &sink;
    start(options);
    const std::string cookie = login();
    const Headers headers{{"Content-Type", "application/octet-stream"}, {"Cookie", cookie}};
    const std::string image(20'000, 'x');

    sink.refuse_after = 5000;
    auto result = http_request("POST", "/api/ota", headers, image);
    EXPECT_EQ(result.status, 422);
    EXPECT_EQ(code(result), "image_invalid");
    EXPECT_EQ(sink.aborts, 1);
    EXPECT_EQ(sink.answered, 0);

    sink = RecordingSink{};
    sink.refuse_finish = true;
    result = http_request("POST", "/api/ota", headers, image);
    EXPECT_EQ(result.status, 422);
    EXPECT_EQ(sink.finishes, 1);
    EXPECT_EQ(sink.aborts, 1);

    sink = RecordingSink{};
    sink.refuse_begin = true;
    result = http_request("POST", "/api/ota", headers, image);
    EXPECT_EQ(result.status, 409);
    EXPECT_NE(body(result)["error"]["message"].get<std::string>().find("no OTA slot"), std::string::npos);
    EXPECT_EQ(sink.aborts, 0);  // nothing began

    sink = RecordingSink{};
    HttpClient gone;
    gone.content_length = 50'000;  // the browser tab closes after 20 000 bytes
    result = http_request("POST", "/api/ota", headers, image, gone);
    EXPECT_EQ(result.status, 0);
    EXPECT_TRUE(result.closed);
    EXPECT_EQ(sink.aborts, 1);
    EXPECT_EQ(sink.finishes, 0);
    EXPECT_EQ(server_.stats().ota_failures, 4U);
}

TEST_F(HttpServerTest, WithoutASinkThereIsNoOtaRoute) {
    start();
    const std::string cookie = login();
    const auto result =
        http_request("POST", "/api/ota", {{"Content-Type", "application/octet-stream"}, {"Cookie", cookie}}, "x");
    EXPECT_EQ(result.status, 404);  // the API's answer for an unknown route
}

TEST_F(HttpServerTest, CaptivePortalRedirectsForeignHostsOnTheAccessPointOnly) {
    start();
    server_.set_captive_portal("192.168.4.1");
    HttpClient phone;
    phone.peer = {192, 168, 4, 2};
    phone.local = {192, 168, 4, 1};
    const auto probe = http_request("GET", "/generate_204", {{"Host", "connectivitycheck.gstatic.com"}}, {}, phone);
    EXPECT_EQ(probe.status, 302);
    EXPECT_EQ(probe.header("Location"), "http://192.168.4.1/");
    EXPECT_TRUE(probe.body.empty());
    const auto apple = http_request("GET", "/hotspot-detect.html", {{"Host", "captive.apple.com"}}, {}, phone);
    EXPECT_EQ(apple.status, 302);

    EXPECT_EQ(http_request("GET", "/", {{"Host", "192.168.4.1"}}, {}, phone).status, 200);
    EXPECT_EQ(http_request("GET", "/", {{"Host", "192.168.4.1:80"}}, {}, phone).status, 200);
    EXPECT_EQ(http_request("GET", "/api/status", {{"Host", "example.com"}}, {}, phone).status, 503);  // the API's
    HttpClient home;  // arrived on the station's address
    EXPECT_EQ(http_request("GET", "/", {{"Host", "victron-gateway.local"}}, {}, home).status, 200);

    server_.set_captive_portal("");
    EXPECT_EQ(http_request("GET", "/", {{"Host", "connectivitycheck.gstatic.com"}}, {}, phone).status, 200);
}

TEST_F(HttpServerTest, HasSessionTellsALoggedInRequestApart) {
    start();
    const std::string cookie = login();
    api::HttpRequest request;
    request.client = "10.1.1.1";
    request.now_ms = 2000;
    EXPECT_FALSE(has_session(api_, request));
    request.cookie = cookie;
    EXPECT_TRUE(has_session(api_, request));
    request.cookie = "tbg_session=ffff";
    EXPECT_FALSE(has_session(api_, request));
}

TEST_F(HttpServerTest, StopEndsTheServerAndPublishIsHarmlessAfterwards) {
    start();
    server_.stop();
    EXPECT_FALSE(hostcheck::httpd_fake_server()->running);
    EXPECT_FALSE(server_.stats().running);
    server_.publish(make_view(1));
    EXPECT_EQ(http_request("GET", "/").status, 0);
    std::string error;
    EXPECT_TRUE(server_.start(HttpServerOptions{}, error)) << error;
}

}  // namespace
}  // namespace tbg::esp32
