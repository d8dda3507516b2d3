// The security controls of docs/security.md through ApiService::handle(), with real Argon2id hashes (libsodium):
// every change route refused without a session, cross-site requests refused even with one (CSRF), the DNS rebinding
// guards (loopback Host, first-start setup), cross-site WebSocket upgrades, response headers, no CORS, no secret in
// any answer, size limits and the login limit answering before any hash is checked.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "core/api/api_service.h"
#include "core/config/config_json.h"
#include "platform/linux/sodium_crypto.h"
#include "tests/unit/api/memory_backend.h"
#include "tests/unit/api/view_rig.h"

namespace tbg::api {
namespace {

using nlohmann::json;
using testing::MemoryBackend;
using testing::ViewRig;

constexpr std::array<std::uint8_t, 3> kIndexBytes{0x1f, 0x8b, 0x08};
const WebAsset kAssets[] = {{"/index.html", "text/html; charset=utf-8", kIndexBytes, "\"aaaa\""}};

constexpr const char* kPassword = "correct horse";
constexpr const char* kMqttSecret = "mqtt-Secret-7f3a";
constexpr const char* kWifiSecret = "wifi-Secret-91cc";
constexpr const char* kApSecret = "ap-Secret-5d20x";

// One request with owned header values; the defaults are a same-origin dashboard request.
struct Request {
    HttpMethod method = HttpMethod::kGet;
    std::string path = "/";
    std::string query;
    std::string body;
    std::string cookie;
    std::string content_type = "application/json";
    std::string host = "192.168.1.5:8080";
    std::string origin;
    std::string sec_fetch_site;
    std::string forwarded_host;
    std::string forwarded_proto;
    std::string client = "10.0.0.2";

    HttpRequest view(std::uint64_t now_ms) const {
        HttpRequest request;
        request.method = method;
        request.path = path;
        request.query = query;
        request.body = body;
        request.cookie = cookie;
        request.content_type = content_type;
        request.host = host;
        request.origin = origin;
        request.sec_fetch_site = sec_fetch_site;
        request.forwarded_host = forwarded_host;
        request.forwarded_proto = forwarded_proto;
        request.client = client;
        request.now_ms = now_ms;
        return request;
    }
};

Request change(HttpMethod method, std::string path, std::string body, std::string cookie) {
    Request request;
    request.method = method;
    request.path = std::move(path);
    request.body = std::move(body);
    request.cookie = std::move(cookie);
    request.origin = "http://192.168.1.5:8080";
    return request;
}

class ApiSecurityTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        std::string error;
        ASSERT_TRUE(platform::SodiumCrypto::init(error)) << error;
    }

    ApiSecurityTest() : service_(backend_, crypto_, kAssets) {
        ViewRig rig(2);
        rig.run_until(20'000);
        backend_.set_view(rig.view());
        now_ms_ = rig.now();
    }

    HttpResponse send(const Request& request) { return service_.handle(request.view(now_ms_)); }
    HttpResponse get(std::string path, std::string cookie = {}) {
        Request request;
        request.path = std::move(path);
        const std::size_t q = request.path.find('?');
        if (q != std::string::npos) {
            request.query = request.path.substr(q + 1);
            request.path.resize(q);
        }
        request.cookie = std::move(cookie);
        request.content_type.clear();
        return send(request);
    }

    static std::string code(const HttpResponse& response) {
        const json doc = json::parse(response.body, nullptr, false);
        return doc.is_object() && doc.contains("error") ? doc["error"]["code"].get<std::string>() : "(none)";
    }

    std::string login() {
        if (!backend_.password_hash()) {
            std::string error;
            backend_.store_password_hash(crypto_.hash_password(kPassword), error);
        }
        const HttpResponse response =
            send(change(HttpMethod::kPost, "/api/auth/login", json{{"password", kPassword}}.dump(), ""));
        EXPECT_EQ(response.status, 200) << response.body;
        const std::string cookie(response.header("Set-Cookie"));
        return cookie.substr(0, cookie.find(';'));
    }

    std::string config_text() const { return config::config_to_json(backend_.config()).dump(); }

    MemoryBackend backend_;
    platform::SodiumCrypto crypto_;
    ApiService service_;
    std::uint64_t now_ms_ = 0;
};

// Every route and method that is not a read, with a body that would change something if accepted.
struct ChangeRoute {
    HttpMethod method;
    const char* path;
    const char* body;
};
const ChangeRoute kChangeRoutes[] = {
    {HttpMethod::kPut, "/api/config", R"({"control": {"bulk_cell_mV": 3400}})"},
    {HttpMethod::kPut, "/api/layout", R"({"layout": {"widgets": [{"id": "soc", "w": 1, "h": 1}]}})"},
    {HttpMethod::kPost, "/api/actions/rescan", "{}"},
    {HttpMethod::kPost, "/api/actions/reset-counters", "{}"},
    {HttpMethod::kPut, "/api/auth/password", R"({"current": "correct horse", "new": "a new password"})"},
};

TEST_F(ApiSecurityTest, NoMethodOnAnyPathChangesAnythingWithoutASession) {
    login();  // a password exists, so setup is closed too
    const std::string before = config_text();
    const std::string hash = *backend_.password_hash();
    const std::vector<std::string> paths = {"/api/config",
                                            "/api/layout",
                                            "/api/actions/rescan",
                                            "/api/actions/reset-counters",
                                            "/api/auth/password",
                                            "/api/auth/setup",
                                            "/api/status",
                                            "/api/packs/0",
                                            "/api/log",
                                            "/api/ws",
                                            "/metrics",
                                            "/index.html",
                                            "/api/actions/other"};
    for (const std::string& path : paths) {
        for (const HttpMethod method :
             {HttpMethod::kPost, HttpMethod::kPut, HttpMethod::kDelete, HttpMethod::kOptions, HttpMethod::kOther}) {
            for (const char* cookie : {"", "tbg_session=",
                                       "tbg_session=00000000000000000000000000000000000000000000"
                                       "00000000000000000000"}) {
                const HttpResponse response =
                    send(change(method, path, R"({"password": "x", "control": {"bulk_cell_mV": 3400}})", cookie));
                EXPECT_GE(response.status, 400)
                    << path << " method " << static_cast<int>(method) << " cookie " << cookie << ": " << response.body;
            }
        }
    }
    EXPECT_EQ(config_text(), before);
    EXPECT_EQ(*backend_.password_hash(), hash);
    EXPECT_EQ(backend_.applied, 0);
    EXPECT_TRUE(backend_.actions.empty());
    EXPECT_TRUE(backend_.layout().is_null());
}

TEST_F(ApiSecurityTest, CrossSiteChangesAreRefusedEvenWithAValidSession) {
    const std::string cookie = login();
    const std::string before = config_text();
    for (const ChangeRoute& route : kChangeRoutes) {
        for (const auto& [origin, site] :
             std::initializer_list<std::pair<const char*, const char*>>{{"http://evil.example", ""},
                                                                        {"null", ""},
                                                                        {"http://192.168.1.5:9999", ""},
                                                                        {"", "cross-site"},
                                                                        {"", "same-site"},
                                                                        {"http://192.168.1.5:8080", "cross-site"}}) {
            Request request = change(route.method, route.path, route.body, cookie);
            request.origin = origin;
            request.sec_fetch_site = site;
            const HttpResponse response = send(request);
            EXPECT_EQ(response.status, 403) << route.path << " from " << origin << " " << site;
            EXPECT_EQ(code(response), "cross_site_request") << route.path;
            EXPECT_EQ(response.header("Cache-Control"), "no-store");
        }
    }
    // Logging in or out from another site is refused too (login CSRF).
    Request forged_login = change(HttpMethod::kPost, "/api/auth/login", json{{"password", kPassword}}.dump(), "");
    forged_login.origin = "http://evil.example";
    EXPECT_EQ(send(forged_login).status, 403);
    EXPECT_TRUE(send(forged_login).header("Set-Cookie").empty());
    Request forged_logout = change(HttpMethod::kPost, "/api/auth/logout", "{}", cookie);
    forged_logout.origin = "null";
    EXPECT_EQ(send(forged_logout).status, 403);

    EXPECT_EQ(config_text(), before);
    EXPECT_EQ(backend_.applied, 0);
    EXPECT_TRUE(backend_.actions.empty());
    EXPECT_TRUE(backend_.layout().is_null());

    // The same requests from the dashboard's own origin, or from a client without Origin (curl), go through.
    Request same = change(HttpMethod::kPost, "/api/actions/rescan", "{}", cookie);
    same.sec_fetch_site = "same-origin";
    EXPECT_EQ(send(same).status, 200) << send(same).body;
    Request script = change(HttpMethod::kPost, "/api/actions/rescan", "{}", cookie);
    script.origin.clear();
    EXPECT_EQ(send(script).status, 200);
    EXPECT_EQ(backend_.actions.size(), 2U);
}

TEST_F(ApiSecurityTest, BehindATlsProxyTheForwardedHostCountsAndTheCookieIsSecure) {
    std::string error;
    backend_.store_password_hash(crypto_.hash_password(kPassword), error);
    Request request = change(HttpMethod::kPost, "/api/auth/login", json{{"password", kPassword}}.dump(), "");
    request.host = "127.0.0.1:8080";
    request.origin = "https://battery.example.org";
    request.forwarded_host = "battery.example.org";
    request.forwarded_proto = "https";
    const HttpResponse response = send(request);
    ASSERT_EQ(response.status, 200) << response.body;
    const std::string cookie(response.header("Set-Cookie"));
    EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);

    request.forwarded_proto.clear();
    request.forwarded_host.clear();
    EXPECT_EQ(send(request).status, 403) << "without the proxy's header the Origin does not match the Host";
    request.host = "192.168.1.5:8080";
    request.origin = "http://192.168.1.5:8080";
    EXPECT_EQ(send(request).header("Set-Cookie").find("Secure"), std::string::npos) << "plain HTTP: no Secure";
}

TEST_F(ApiSecurityTest, LoopbackOnlyServerAnswersOnlyToLoopbackHostNames) {
    service_.set_loopback_only(true);
    for (const char* host : {"127.0.0.1:8080", "localhost:8080", "[::1]:8080", ""}) {
        Request request;
        request.path = "/api/status";
        request.host = host;
        EXPECT_EQ(send(request).status, 200) << host;
    }
    for (const char* path : {"/api/status", "/api/config", "/index.html", "/metrics", "/api/auth"}) {
        Request request;
        request.path = path;
        request.host = "rebind.evil.example:8080";  // evil.example resolved to 127.0.0.1 after the page loaded
        const HttpResponse response = send(request);
        EXPECT_EQ(response.status, 403) << path;
        EXPECT_EQ(code(response), "host_not_allowed") << path;
        EXPECT_TRUE(response.static_body.empty()) << path;
    }
    Request ws;
    ws.path = "/api/ws";
    ws.host = "rebind.evil.example:8080";
    ASSERT_TRUE(service_.websocket_refusal(ws.view(now_ms_)).has_value());
    EXPECT_EQ(service_.websocket_refusal(ws.view(now_ms_))->status, 403);
}

TEST_F(ApiSecurityTest, FirstStartSetupOnlyThroughALocalAddress) {
    for (const char* host : {"rebind.evil.example:8080", "192.168.1.5.nip.io:8080", "gateway.example.com"}) {
        Request request = change(HttpMethod::kPost, "/api/auth/setup", json{{"password", kPassword}}.dump(), "");
        request.host = host;
        request.origin = std::string("http://") + host;  // same origin from the browser's view: a rebinding attack
        const HttpResponse response = send(request);
        EXPECT_EQ(response.status, 403) << host;
        EXPECT_EQ(code(response), "setup_needs_local_address") << host;
        EXPECT_FALSE(backend_.password_hash().has_value()) << host;
    }
    Request request = change(HttpMethod::kPost, "/api/auth/setup", json{{"password", kPassword}}.dump(), "");
    request.host = "topband-3f2a.local";
    request.origin = "http://topband-3f2a.local";
    EXPECT_EQ(send(request).status, 200);
    EXPECT_TRUE(backend_.password_hash().has_value());
}

TEST_F(ApiSecurityTest, CrossSiteWebSocketUpgradesAreRefusedSameOriginAccepted) {
    Request upgrade;
    upgrade.path = "/api/ws";
    upgrade.origin = "http://192.168.1.5:8080";
    EXPECT_FALSE(service_.websocket_refusal(upgrade.view(now_ms_)).has_value());
    upgrade.origin = "http://evil.example";
    const auto refused = service_.websocket_refusal(upgrade.view(now_ms_));
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->status, 403);
    EXPECT_EQ(code(*refused), "cross_site_request");

    backend_.mutable_config().web.public_read = false;
    const std::string cookie = login();
    upgrade.origin = "http://192.168.1.5:8080";
    ASSERT_TRUE(service_.websocket_refusal(upgrade.view(now_ms_)).has_value());
    EXPECT_EQ(service_.websocket_refusal(upgrade.view(now_ms_))->status, 401) << "private reads: login first";
    upgrade.cookie = cookie;
    EXPECT_FALSE(service_.websocket_refusal(upgrade.view(now_ms_)).has_value());
    upgrade.origin = "http://evil.example";
    EXPECT_EQ(service_.websocket_refusal(upgrade.view(now_ms_))->status, 403) << "the cookie does not help";
}

TEST_F(ApiSecurityTest, EveryAnswerCarriesTheSecurityHeadersAndNoCors) {
    const std::string cookie = login();
    std::vector<HttpResponse> answers = {get("/api/status"),     get("/api/config"),           get("/api/nothing"),
                                         get("/metrics"),        get("/api/history?hours=99"), get("/index.html"),
                                         get("/api/log", cookie)};
    Request preflight;
    preflight.method = HttpMethod::kOptions;
    preflight.path = "/api/config";
    preflight.origin = "http://evil.example";
    answers.push_back(send(preflight));
    answers.push_back(send(change(HttpMethod::kPost, "/api/auth/login", R"({"password": "wrong one"})", "")));
    for (const HttpResponse& response : answers) {
        SCOPED_TRACE(std::to_string(response.status) + " " + response.body.substr(0, 60));
        EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff");
        EXPECT_EQ(response.header("X-Frame-Options"), "DENY");
        EXPECT_EQ(response.header("Referrer-Policy"), "no-referrer");
        EXPECT_NE(response.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
        EXPECT_TRUE(response.header("Access-Control-Allow-Origin").empty());
        EXPECT_TRUE(response.header("Access-Control-Allow-Credentials").empty());
        std::size_t csp = 0;
        for (const auto& [name, value] : response.headers) {
            csp += name == "Content-Security-Policy" ? 1U : 0U;
        }
        EXPECT_EQ(csp, 1U) << "one policy per answer";
    }
    EXPECT_EQ(answers[0].header("Cache-Control"), "no-store") << "API answers are never cached";
    EXPECT_GE(answers[7].status, 400) << "no CORS preflight is ever granted";
}

TEST_F(ApiSecurityTest, NoSecretInAnyAnswer) {
    backend_.mutable_config().mqtt.username = "battery";
    backend_.mutable_config().mqtt.password = kMqttSecret;
    backend_.mutable_config().network.wifi_password = kWifiSecret;
    backend_.mutable_config().network.ap_password = kApSecret;
    backend_.lines.push_back(LogLine{1, now_ms_, "notice", "web: admin password set"});
    const std::string cookie = login();
    const std::string hash = *backend_.password_hash();
    const std::string token = cookie.substr(cookie.find('=') + 1);
    std::vector<HttpResponse> answers;
    for (const char* path : {"/api/auth", "/api/status", "/api/packs", "/api/packs/0", "/api/config", "/api/layout",
                             "/api/history", "/api/energy", "/api/frames", "/api/log", "/metrics"}) {
        answers.push_back(get(path, cookie));
        EXPECT_EQ(answers.back().status, 200) << path;
    }
    // A change answers with the configuration too; a rejected one with its field problems.
    answers.push_back(send(change(HttpMethod::kPut, "/api/config", R"({"mqtt": {"interval_s": 30}})", cookie)));
    EXPECT_EQ(answers.back().status, 200) << answers.back().body;
    answers.push_back(send(change(HttpMethod::kPut, "/api/config",
                                  R"({"network": {"wifi_password": "short-1"}, "mqtt": {"port": 0}})", cookie)));
    EXPECT_EQ(answers.back().status, 422);
    answers.push_back(send(
        change(HttpMethod::kPut, "/api/auth/password", R"({"current": "wrong-current-pw", "new": "short"})", cookie)));
    answers.push_back(send(change(HttpMethod::kPost, "/api/auth/login", R"({"password": "wrong-login-pw"})", "")));
    for (const HttpResponse& response : answers) {
        for (const std::string& secret :
             {std::string(kMqttSecret), std::string(kWifiSecret), std::string(kApSecret), std::string(kPassword), hash,
              hash.substr(hash.rfind('$') + 1), token, std::string("short-1"), std::string("wrong-current-pw"),
              std::string("wrong-login-pw")}) {
            EXPECT_EQ(response.body.find(secret), std::string::npos) << secret << " in " << response.body;
        }
    }
    const json shown = json::parse(answers[4].body);
    EXPECT_TRUE(shown["config"]["mqtt"].contains("username")) << "not a secret";
    EXPECT_FALSE(shown["config"]["mqtt"].contains("password"));
}

TEST_F(ApiSecurityTest, SessionTokensAreFreshRandom256BitsAtEachLogin) {
    std::vector<std::string> tokens;
    for (int i = 0; i < 4; ++i) {
        const std::string cookie = login();
        const std::string token = cookie.substr(cookie.find('=') + 1);
        EXPECT_EQ(token.size(), 2 * kSessionTokenBytes);
        EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos) << token;
        EXPECT_EQ(std::find(tokens.begin(), tokens.end(), token), tokens.end()) << "a new token at each login";
        tokens.push_back(token);
    }
    // A token chosen by an attacker (session fixation) is never accepted.
    const HttpResponse fixed = send(change(HttpMethod::kPost, "/api/actions/rescan", "{}",
                                           "tbg_session=" + std::string(2 * kSessionTokenBytes, 'a')));
    EXPECT_EQ(fixed.status, 401);
}

TEST_F(ApiSecurityTest, LockedOutClientsGet429EvenWithTheRightPasswordAndNoHashIsComputed) {
    std::string error;
    backend_.store_password_hash(crypto_.hash_password(kPassword), error);
    const config::WebSettings web = backend_.config().web;
    for (int i = 0; i < web.login_max_failures; ++i) {
        EXPECT_EQ(send(change(HttpMethod::kPost, "/api/auth/login", R"({"password": "wrong guess"})", "")).status, 401);
    }
    const HttpResponse locked =
        send(change(HttpMethod::kPost, "/api/auth/login", json{{"password", kPassword}}.dump(), ""));
    EXPECT_EQ(locked.status, 429) << "the limit answers before the password is checked: no oracle";
    EXPECT_FALSE(locked.header("Retry-After").empty());
    EXPECT_TRUE(locked.header("Set-Cookie").empty());
    EXPECT_EQ(service_.counters().login_failures, static_cast<std::uint64_t>(web.login_max_failures))
        << "refused attempts are not hashed, so not counted as failures";
}

TEST_F(ApiSecurityTest, OversizedBodiesAreRefusedBeforeParsing) {
    const std::string cookie = login();
    const std::string big_login = R"({"password": ")" + std::string(kMaxSmallBodyBytes, 'a') + "\"}";
    const HttpResponse login_answer = send(change(HttpMethod::kPost, "/api/auth/login", big_login, ""));
    EXPECT_EQ(login_answer.status, 413);
    EXPECT_EQ(code(login_answer), "body_too_large");
    const std::string big_config = R"({"mqtt": {"password": ")" + std::string(kMaxBodyBytes, 'a') + "\"}}";
    EXPECT_EQ(send(change(HttpMethod::kPut, "/api/config", big_config, cookie)).status, 413);
    EXPECT_EQ(
        send(change(HttpMethod::kPut, "/api/auth/password",
                    json{{"current", kPassword}, {"new", std::string(kMaxPasswordLength + 1, 'a')}}.dump(), cookie))
            .status,
        422);
    EXPECT_EQ(backend_.applied, 0);
}

}  // namespace
}  // namespace tbg::api
