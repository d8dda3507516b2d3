// The HTTP API (docs/api.md) end to end through ApiService::handle(): routes, status codes and the error envelope,
// login with real Argon2id hashes (libsodium), sessions, the login rate limit, the CSRF guard, configuration
// changes with per-field errors and hidden secrets, the layout, actions and the static files.
#include "core/api/api_service.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

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
constexpr std::array<std::uint8_t, 2> kScriptBytes{0x1f, 0x8b};
const WebAsset kAssets[] = {
    {"/index.html", "text/html; charset=utf-8", kIndexBytes, "\"aaaa\""},
    {"/assets/app.js", "text/javascript; charset=utf-8", kScriptBytes, "\"bbbb\""},
};

class ApiServiceTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        std::string error;
        ASSERT_TRUE(platform::SodiumCrypto::init(error)) << error;
    }

    ApiServiceTest() : service_(backend_, crypto_, kAssets) {}

    HttpResponse call(HttpMethod method, std::string path, std::string body = {}, std::string cookie = {},
                      std::string content_type = "application/json", std::string client = "10.0.0.2") {
        const std::size_t q = path.find('?');
        storage_path_ = path.substr(0, q);
        storage_query_ = q == std::string::npos ? "" : path.substr(q + 1);
        storage_body_ = std::move(body);
        storage_cookie_ = std::move(cookie);
        storage_type_ = std::move(content_type);
        storage_client_ = std::move(client);
        HttpRequest request;
        request.method = method;
        request.path = storage_path_;
        request.query = storage_query_;
        request.body = storage_body_;
        request.cookie = storage_cookie_;
        request.content_type = storage_type_;
        request.client = storage_client_;
        request.now_ms = now_ms_;
        return service_.handle(request);
    }
    HttpResponse get(std::string path, std::string cookie = {}) {
        return call(HttpMethod::kGet, std::move(path), {}, std::move(cookie), "");
    }

    static json body(const HttpResponse& response) { return json::parse(response.body); }
    static std::string code(const HttpResponse& response) {
        const json doc = body(response);
        return doc.contains("error") ? doc["error"]["code"].get<std::string>() : std::string("(none)");
    }

    // Sets a password and logs in; returns the Cookie header value.
    std::string login(const std::string& password = "correct horse") {
        if (!backend_.password_hash()) {
            std::string error;
            backend_.store_password_hash(crypto_.hash_password(password), error);
        }
        const HttpResponse response = call(HttpMethod::kPost, "/api/auth/login", json{{"password", password}}.dump());
        EXPECT_EQ(response.status, 200) << response.body;
        const std::string cookie(response.header("Set-Cookie"));
        return cookie.substr(0, cookie.find(';'));
    }

    void with_view(int packs = 2, std::uint64_t run_ms = 20'000) {
        ViewRig rig(packs);
        rig.run_until(run_ms);
        backend_.set_view(rig.view());
        now_ms_ = rig.now();
    }

    MemoryBackend backend_;
    platform::SodiumCrypto crypto_;
    ApiService service_;
    std::uint64_t now_ms_ = 1000;
    std::string storage_path_, storage_query_, storage_body_, storage_cookie_, storage_type_, storage_client_;
};

TEST_F(ApiServiceTest, ReadsAnswer503UntilTheFirstViewThenTheDocuments) {
    EXPECT_EQ(get("/api/status").status, 503);
    EXPECT_EQ(code(get("/api/status")), "not_ready");
    with_view();
    const HttpResponse status = get("/api/status");
    ASSERT_EQ(status.status, 200) << status.body;
    EXPECT_EQ(status.content_type, "application/json");
    EXPECT_EQ(status.header("Cache-Control"), "no-store");
    const json doc = body(status);
    EXPECT_TRUE(doc["bank"]["online"].get<bool>());
    EXPECT_EQ(doc["packs"].size(), 2U);
    EXPECT_EQ(doc["rs485"]["packs_online"], 2);
    for (const char* path : {"/api/packs", "/api/packs/1", "/api/history", "/api/energy", "/api/frames", "/metrics"}) {
        EXPECT_EQ(get(path).status, 200) << path;
    }
}

TEST_F(ApiServiceTest, BadPathsAndParametersGetTheirStatusAndTheEnvelope) {
    with_view();
    struct Case {
        const char* path;
        int status;
        const char* code;
    };
    for (const Case& c :
         {Case{"/api/nope", 404, "not_found"}, Case{"/api/packs/7", 404, "pack_not_found"},
          Case{"/api/packs/16", 400, "bad_request"}, Case{"/api/packs/x", 400, "bad_request"},
          Case{"/api/packs/-1", 400, "bad_request"}, Case{"/api/history?hours=0", 400, "bad_request"},
          Case{"/api/history?hours=49", 400, "bad_request"}, Case{"/api/history?hours=abc", 400, "bad_request"},
          Case{"/api/energy?days=63", 400, "bad_request"}, Case{"/api/frames?limit=", 400, "bad_request"},
          Case{"/api/log?limit=201", 400, "bad_request"}}) {
        const HttpResponse response = get(c.path);
        EXPECT_EQ(response.status, c.status) << c.path;
        EXPECT_EQ(code(response), c.code) << c.path;
        EXPECT_TRUE(body(response)["error"]["message"].is_string()) << c.path;
    }
    const HttpResponse put = call(HttpMethod::kPut, "/api/status", "{}");
    EXPECT_EQ(put.status, 405);
    EXPECT_EQ(put.header("Allow"), "GET");
    EXPECT_EQ(call(HttpMethod::kDelete, "/api/config").header("Allow"), "GET, PUT");
    EXPECT_EQ(get("/api/history?hours=2").status, 200);
    EXPECT_EQ(body(get("/api/history?hours=2"))["hours"], 2);
}

TEST_F(ApiServiceTest, APathWithInvalidUtf8GetsAnErrorDocumentNotACrash) {
    with_view();
    for (const char* path : {"/api/\xff\xfe", "/api/packs/\xc3", "/assets/\xff.js", "/api/auth/\x80"}) {
        HttpResponse response;
        ASSERT_NO_THROW(response = get(path)) << "path with invalid UTF-8";
        EXPECT_GE(response.status, 400) << response.body;
        EXPECT_TRUE(json::accept(response.body)) << response.body;
    }
}

TEST_F(ApiServiceTest, EveryChangeWithoutASessionIsRefusedAndChangesNothing) {
    with_view();
    const config::GatewayConfig before = backend_.config();
    for (const auto& [method, path] :
         std::initializer_list<std::pair<HttpMethod, const char*>>{{HttpMethod::kPut, "/api/config"},
                                                                   {HttpMethod::kPut, "/api/layout"},
                                                                   {HttpMethod::kPost, "/api/actions/rescan"},
                                                                   {HttpMethod::kPost, "/api/actions/reset-counters"},
                                                                   {HttpMethod::kPut, "/api/auth/password"}}) {
        const HttpResponse response = call(method, path, R"({"control": {"bulk_cell_mV": 3400}})");
        EXPECT_EQ(response.status, 401) << path;
        EXPECT_EQ(code(response), "login_required") << path;
    }
    const HttpResponse forged = call(HttpMethod::kPut, "/api/config", "{}", "tbg_session=0123456789abcdef");
    EXPECT_EQ(forged.status, 401);
    EXPECT_EQ(backend_.applied, 0);
    EXPECT_TRUE(backend_.actions.empty());
    EXPECT_EQ(config::config_to_json(backend_.config()), config::config_to_json(before));
}

TEST_F(ApiServiceTest, LoginSetsAStrictHttpOnlyCookieThatAuthorisesChangesUntilLogout) {
    const std::string cookie = login();
    EXPECT_EQ(cookie.rfind("tbg_session=", 0), 0U);
    EXPECT_EQ(cookie.size(), std::string("tbg_session=").size() + 64) << "256-bit token";
    EXPECT_TRUE(body(get("/api/auth", cookie))["logged_in"].get<bool>());
    EXPECT_FALSE(body(get("/api/auth"))["logged_in"].get<bool>());

    const HttpResponse again = call(HttpMethod::kPost, "/api/auth/login", R"({"password": "correct horse"})");
    const std::string set_cookie(again.header("Set-Cookie"));
    EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(set_cookie.find("Path=/"), std::string::npos);

    EXPECT_EQ(call(HttpMethod::kPost, "/api/actions/rescan", "{}", cookie).status, 200);
    ASSERT_EQ(backend_.actions.size(), 1U);
    EXPECT_EQ(backend_.actions[0], Action::kRescan);

    const HttpResponse logout = call(HttpMethod::kPost, "/api/auth/logout", "{}", cookie);
    EXPECT_EQ(logout.status, 200);
    EXPECT_NE(std::string(logout.header("Set-Cookie")).find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(call(HttpMethod::kPost, "/api/actions/rescan", "{}", cookie).status, 401);
}

TEST_F(ApiServiceTest, SessionsEndAfterTheIdleTimeoutAndAreExtendedByUse) {
    backend_.mutable_config().web.session_timeout_s = 300;
    const std::string cookie = login();
    now_ms_ += 299'000;
    EXPECT_TRUE(body(get("/api/auth", cookie))["logged_in"].get<bool>()) << "used just in time: extended";
    now_ms_ += 299'000;
    EXPECT_TRUE(body(get("/api/auth", cookie))["logged_in"].get<bool>());
    now_ms_ += 300'001;
    EXPECT_FALSE(body(get("/api/auth", cookie))["logged_in"].get<bool>());
}

TEST_F(ApiServiceTest, ChangesNeedJsonContentTypeAsCsrfGuard) {
    const std::string cookie = login();
    const HttpResponse form = call(HttpMethod::kPost, "/api/actions/rescan", "{}", cookie, "text/plain");
    EXPECT_EQ(form.status, 415);
    EXPECT_EQ(code(form), "unsupported_media_type");
    EXPECT_EQ(call(HttpMethod::kPost, "/api/actions/rescan", "{}", cookie, "application/x-www-form-urlencoded").status,
              415);
    EXPECT_EQ(call(HttpMethod::kPost, "/api/auth/login", R"({"password":"x"})", "", "text/plain").status, 415);
    EXPECT_EQ(call(HttpMethod::kPost, "/api/actions/rescan", "{}", cookie, "application/json; charset=utf-8").status,
              200);
    EXPECT_EQ(backend_.actions.size(), 1U);
}

TEST_F(ApiServiceTest, WrongPasswordsAreRateLimitedPerClientAndAcrossClients) {
    backend_.mutable_config().web.login_max_failures = 3;
    backend_.mutable_config().web.login_lockout_s = 60;
    login();
    auto attempt = [&](const std::string& password, const std::string& client) {
        return call(HttpMethod::kPost, "/api/auth/login", json{{"password", password}}.dump(), "", "application/json",
                    client);
    };
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(code(attempt("wrong password", "10.0.0.9")), "wrong_password");
    }
    const HttpResponse blocked = attempt("correct horse", "10.0.0.9");
    EXPECT_EQ(blocked.status, 429) << "even the right password waits";
    EXPECT_EQ(code(blocked), "too_many_attempts");
    EXPECT_EQ(blocked.header("Retry-After"), "60");
    EXPECT_EQ(attempt("correct horse", "10.0.0.10").status, 200) << "another client is not blocked";
    now_ms_ += 60'000;
    EXPECT_EQ(attempt("correct horse", "10.0.0.9").status, 200) << "window passed";

    // Twelve failures (4 × 3) spread over many clients block everyone.
    for (int i = 0; i < 12; ++i) {
        attempt("wrong password", "10.1.0." + std::to_string(i));
    }
    EXPECT_EQ(attempt("correct horse", "10.2.0.1").status, 429);
    EXPECT_GE(service_.counters().login_failures, 15U);
}

TEST_F(ApiServiceTest, FirstStartSetupOnlyWhileNoPasswordIsSet) {
    EXPECT_FALSE(body(get("/api/auth"))["password_set"].get<bool>());
    EXPECT_EQ(code(call(HttpMethod::kPost, "/api/auth/login", R"({"password":"whatever1"})")), "password_not_set");
    const HttpResponse short_one = call(HttpMethod::kPost, "/api/auth/setup", R"({"password":"short"})");
    EXPECT_EQ(short_one.status, 422);
    EXPECT_EQ(code(short_one), "invalid_password");
    EXPECT_TRUE(body(short_one)["error"]["fields"].contains("password"));
    const HttpResponse setup = call(HttpMethod::kPost, "/api/auth/setup", R"({"password":"first password"})");
    ASSERT_EQ(setup.status, 200) << setup.body;
    EXPECT_FALSE(setup.header("Set-Cookie").empty());
    ASSERT_TRUE(backend_.password_hash().has_value());
    EXPECT_EQ(backend_.password_hash()->rfind("$argon2id$", 0), 0U);
    EXPECT_EQ(backend_.password_hash()->find("first password"), std::string::npos);
    const HttpResponse second = call(HttpMethod::kPost, "/api/auth/setup", R"({"password":"second password"})");
    EXPECT_EQ(second.status, 409);
    EXPECT_EQ(code(second), "password_already_set");
    EXPECT_TRUE(crypto_.verify_password(*backend_.password_hash(), "first password"));
}

TEST_F(ApiServiceTest, PasswordChangeChecksTheCurrentOneAndEndsOtherSessions) {
    const std::string cookie = login("old password");
    const std::string other = login("old password");
    const HttpResponse wrong =
        call(HttpMethod::kPut, "/api/auth/password", R"({"current": "nope nope", "new": "new password"})", cookie);
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(code(wrong), "wrong_password");
    EXPECT_EQ(call(HttpMethod::kPut, "/api/auth/password", R"({"current": "old password", "new": "x"})", cookie).status,
              422);
    const HttpResponse ok =
        call(HttpMethod::kPut, "/api/auth/password", R"({"current": "old password", "new": "new password"})", cookie);
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_TRUE(body(get("/api/auth", cookie))["logged_in"].get<bool>());
    EXPECT_FALSE(body(get("/api/auth", other))["logged_in"].get<bool>());
    EXPECT_TRUE(crypto_.verify_password(*backend_.password_hash(), "new password"));
}

TEST_F(ApiServiceTest, ConfigHidesSecretsAndDescribesEveryKey) {
    backend_.mutable_config().mqtt.username = "user";
    backend_.mutable_config().mqtt.password = "s3cret-value";
    const HttpResponse response = get("/api/config");
    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.body.find("s3cret-value"), std::string::npos);
    const json doc = body(response);
    EXPECT_FALSE(doc["config"]["mqtt"].contains("password"));
    EXPECT_EQ(doc["config"]["mqtt"]["username"], "user");
    bool secret_seen = false;
    std::size_t integer_keys = 0;
    for (const json& field : doc["fields"]) {
        const std::string key = field["key"];
        const std::string section = key.substr(0, key.find('.'));
        const std::string name = key.substr(key.find('.') + 1);
        if (field["type"] == "secret") {
            secret_seen = true;
            EXPECT_EQ(key, "mqtt.password");
            EXPECT_TRUE(field["set"].get<bool>());
            continue;
        }
        ASSERT_TRUE(doc["config"].contains(section) && doc["config"][section].contains(name)) << key;
        if (field["type"] == "integer") {
            ++integer_keys;
            EXPECT_LE(field["min"].get<std::int64_t>(), field["default"].get<std::int64_t>()) << key;
            EXPECT_GE(field["max"].get<std::int64_t>(), field["default"].get<std::int64_t>()) << key;
        }
    }
    EXPECT_TRUE(secret_seen);
    EXPECT_GT(integer_keys, 60U);
    // Every key of the configuration is described.
    std::size_t config_keys = 0;
    for (const auto& [section, keys] : doc["config"].items()) {
        config_keys += keys.is_object() ? keys.size() : 0;
    }
    EXPECT_EQ(doc["fields"].size(), config_keys + 1) << "+1: the secret, left out of config";
}

TEST_F(ApiServiceTest, InvalidConfigIsRejectedWithEveryFieldAndChangesNothing) {
    const std::string cookie = login();
    const config::GatewayConfig before = backend_.config();
    const HttpResponse response =
        call(HttpMethod::kPut, "/api/config",
             R"({"control": {"bulk_cell_mV": 3700, "float_cell_mV": "high"}, "can": {"protocol": "canopen"},
            "poll": {"baud": 9600}, "bogus": {}})",
             cookie);
    ASSERT_EQ(response.status, 422) << response.body;
    EXPECT_EQ(code(response), "invalid_config");
    const json fields = body(response)["error"]["fields"];
    for (const char* key : {"control.bulk_cell_mV", "control.float_cell_mV", "can.protocol", "bogus"}) {
        EXPECT_TRUE(fields.contains(key)) << key << " in " << fields.dump();
    }
    EXPECT_NE(fields["control.bulk_cell_mV"].get<std::string>().find("3300"), std::string::npos) << "names the range";
    EXPECT_EQ(backend_.applied, 0);
    EXPECT_EQ(config::config_to_json(backend_.config()), config::config_to_json(before));
    EXPECT_EQ(call(HttpMethod::kPut, "/api/config", "{not json", cookie).status, 400);
    EXPECT_EQ(call(HttpMethod::kPut, "/api/config", "[1,2]", cookie).status, 400);
    EXPECT_EQ(call(HttpMethod::kPut, "/api/config", std::string(kMaxBodyBytes + 1, ' '), cookie).status, 413);
}

TEST_F(ApiServiceTest, ValidConfigChangeAppliesOnlyItsKeysAndKeepsTheSecret) {
    backend_.mutable_config().mqtt.username = "user";
    backend_.mutable_config().mqtt.password = "kept";
    const std::string cookie = login();
    const HttpResponse response =
        call(HttpMethod::kPut, "/api/config", R"({"control": {"bulk_cell_mV": 3400}, "mqtt": {"port": 1884}})", cookie);
    ASSERT_EQ(response.status, 200) << response.body;
    const json doc = body(response);
    EXPECT_EQ(doc["changed"], json({"control.bulk_cell_mV", "mqtt.port"}));
    EXPECT_EQ(doc["applied"], "reconnect") << "the MQTT link reconnects";
    EXPECT_EQ(doc["restart_required"], json::array());
    EXPECT_EQ(backend_.applied, 1);
    EXPECT_EQ(backend_.config().control.bulk_cell_mV, 3400);
    EXPECT_EQ(backend_.config().mqtt.password, "kept");
    EXPECT_EQ(response.body.find("kept"), std::string::npos);

    const HttpResponse same = call(HttpMethod::kPut, "/api/config", R"({"control": {"bulk_cell_mV": 3400}})", cookie);
    EXPECT_EQ(body(same)["changed"], json::array());
    EXPECT_EQ(backend_.applied, 1) << "nothing to store";

    const HttpResponse secret = call(HttpMethod::kPut, "/api/config", R"({"mqtt": {"password": "new"}})", cookie);
    EXPECT_EQ(body(secret)["changed"], json({"mqtt.password"}));
    EXPECT_EQ(backend_.config().mqtt.password, "new");

    backend_.fail_storage = true;
    const HttpResponse failed = call(HttpMethod::kPut, "/api/config", R"({"control": {"bulk_cell_mV": 3420}})", cookie);
    EXPECT_EQ(failed.status, 500);
    EXPECT_EQ(code(failed), "storage_failed");
    EXPECT_EQ(backend_.config().control.bulk_cell_mV, 3400);
}

TEST_F(ApiServiceTest, LayoutIsValidatedStoredAndReadBack) {
    const std::string cookie = login();
    EXPECT_TRUE(body(get("/api/layout"))["layout"].is_null());
    const json layout = {{"widgets", {{{"id", "soc"}, {"w", 2}, {"h", 1}}, {{"id", "power"}, {"w", 1}, {"h", 2}}}}};
    ASSERT_EQ(call(HttpMethod::kPut, "/api/layout", json{{"layout", layout}}.dump(), cookie).status, 200);
    EXPECT_EQ(body(get("/api/layout"))["layout"], layout);

    const HttpResponse bad = call(HttpMethod::kPut, "/api/layout",
                                  R"({"layout": {"widgets": [{"id": "soc", "w": 5, "h": 1}, {"id": "soc", "w": 1,
                                      "h": 1}, {"id": "Bad Id", "w": 1, "h": 1, "x": 3}]}})",
                                  cookie);
    ASSERT_EQ(bad.status, 422);
    EXPECT_EQ(code(bad), "invalid_layout");
    const json fields = body(bad)["error"]["fields"];
    for (const char* key : {"widgets[0].w", "widgets[1].id", "widgets[2].id", "widgets[2].x"}) {
        EXPECT_TRUE(fields.contains(key)) << key << " in " << fields.dump();
    }
    EXPECT_EQ(body(get("/api/layout"))["layout"], layout) << "unchanged";
    json many = {{"widgets", json::array()}};
    for (int i = 0; i < 65; ++i) {
        many["widgets"].push_back({{"id", "w" + std::to_string(i)}, {"w", 1}, {"h", 1}});
    }
    EXPECT_EQ(call(HttpMethod::kPut, "/api/layout", json{{"layout", many}}.dump(), cookie).status, 422);
    EXPECT_EQ(call(HttpMethod::kPut, "/api/layout", std::string(kMaxSmallBodyBytes + 1, ' '), cookie).status, 413);
    ASSERT_EQ(call(HttpMethod::kPut, "/api/layout", R"({"layout": null})", cookie).status, 200);
    EXPECT_TRUE(body(get("/api/layout"))["layout"].is_null());
}

TEST_F(ApiServiceTest, PrivateReadsNeedASessionButTheLoginPageLoads) {
    with_view();
    backend_.mutable_config().web.public_read = false;
    for (const char* path : {"/api/status", "/api/packs", "/api/config", "/api/layout", "/api/log", "/metrics"}) {
        EXPECT_EQ(get(path).status, 401) << path;
    }
    EXPECT_EQ(get("/api/auth").status, 200);
    EXPECT_EQ(get("/").status, 200);
    const std::string cookie = login();
    EXPECT_EQ(get("/api/status", cookie).status, 200);
    EXPECT_EQ(get("/metrics", cookie).status, 200);
}

TEST_F(ApiServiceTest, StaticFilesAreGzipWithETagAndSpaFallback) {
    const HttpResponse index = get("/");
    ASSERT_EQ(index.status, 200);
    EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(index.header("Content-Encoding"), "gzip");
    EXPECT_EQ(index.header("ETag"), "\"aaaa\"");
    EXPECT_EQ(index.header("Cache-Control"), "no-cache");
    EXPECT_EQ(index.static_body.size(), kIndexBytes.size());
    EXPECT_EQ(get("/packs/3").header("ETag"), "\"aaaa\"") << "SPA route falls back to index.html";
    EXPECT_EQ(get("/assets/app.js").header("ETag"), "\"bbbb\"");
    EXPECT_EQ(get("/assets/missing.js").status, 404);

    HttpRequest request;
    request.path = "/assets/app.js";
    request.if_none_match = "\"zzzz\", W/\"bbbb\"";
    const HttpResponse cached = service_.handle(request);
    EXPECT_EQ(cached.status, 304);
    EXPECT_TRUE(cached.static_body.empty());
    EXPECT_EQ(call(HttpMethod::kPost, "/index.html", "{}").status, 405);
}

TEST_F(ApiServiceTest, ActionsAndLogLines) {
    with_view();
    backend_.lines = {{1, now_ms_ - 1500, "warning", "rs485: pack 2 offline"}, {2, now_ms_, "info", "status: ok"}};
    const json log = body(get("/api/log?limit=1"));
    ASSERT_EQ(log["lines"].size(), 1U);
    EXPECT_EQ(log["lines"][0]["text"], "status: ok");
    EXPECT_EQ(body(get("/api/log"))["lines"][0]["age_s"], 1.5);
    const std::string cookie = login();
    EXPECT_EQ(call(HttpMethod::kPost, "/api/actions/reset-counters", "{}", cookie).status, 200);
    EXPECT_EQ(call(HttpMethod::kPost, "/api/actions/explode", "{}", cookie).status, 404);
    EXPECT_EQ(call(HttpMethod::kGet, "/api/actions/rescan", "", cookie, "").status, 405);
    ASSERT_EQ(backend_.actions.size(), 1U);
    EXPECT_EQ(backend_.actions[0], Action::kResetCounters);
}

TEST_F(ApiServiceTest, ResponsesAreCountedByClass) {
    with_view();
    get("/api/status");
    get("/api/nope");
    get("/api/nope");
    const HttpCounters counters = service_.counters();
    EXPECT_EQ(counters.responses_by_class[2], 1U);
    EXPECT_EQ(counters.responses_by_class[4], 2U);
}

}  // namespace
}  // namespace tbg::api
