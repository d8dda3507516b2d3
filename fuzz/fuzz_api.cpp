// libFuzzer target: HTTP requests into the API router (core/api/api_service.h), i.e. everything a client on the
// network can send: method, path, query, headers, cookies and body. One input is a sequence of requests against one
// ApiService on an in-memory backend with a published view, an admin password and two logged-in sessions.
//
// Input (text; blocks separated by "\n===\n"):
//   block 0: options, one per line: "public_read: 0|1", "password: 0|1" (a password is set, default 1),
//            "view: 0|1" (a view is published, default 1), "scope: embedded" (the ESP32's config sections)
//   block n: "<METHOD> <path>[?<query>]", then header lines "<name>: <value>" up to an empty line, then the body.
//            Headers: content-type, cookie, if-none-match, client (remote address), advance (ms to move the clock),
//            session (appends a session cookie: "a" or "b" = the harness's sessions, "last" = the newest token
//            handed out, "gone" = a session logged out before the requests).
//
// Checked on every response:
//  - a status the API documents (200, 304, 400, 401, 404, 405, 409, 413, 415, 422, 429, 503; never 500, the backend
//    cannot fail); header names and values without CR, LF or NUL;
//  - a JSON content type means a body that parses as strict JSON (valid UTF-8), an error status the envelope
//    {"error": {"code": "<non-empty>", "message": "…"}}; a configuration document never holds a secret key;
//  - no secret in the body or a header unless the request itself carried it (an echo is not a leak): the admin
//    password, any password hash, the MQTT and WiFi passwords, and every session token handed out before the
//    request; a token handed out by this request appears only in its Set-Cookie header;
//  - the backend (configuration, password hash, layout, actions) changes only on a 200 to a POST or PUT with a JSON
//    content type from a valid session, the one exception being the first password set by /api/auth/setup; a stored
//    configuration always validates.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/api/api_service.h"
#include "fuzz/fuzz_api_backend.h"
#include "fuzz/fuzz_checks.h"
#include "tests/unit/api/view_rig.h"

namespace {

using nlohmann::json;
using tbg::fuzz::require;
namespace api = tbg::api;
using api::HttpMethod;
using api::HttpRequest;
using api::HttpResponse;

constexpr std::string_view kPassword = "correct horse battery staple";
constexpr std::string_view kMqttSecret = "mqtt-secret-4f1c";
constexpr std::string_view kWifiSecret = "wifi-secret-9d2e";
constexpr std::string_view kApSecret = "ap-secret-77b0c";
constexpr std::string_view kBlockSeparator = "\n===\n";

constexpr std::array<std::uint8_t, 3> kIndexBytes{0x1f, 0x8b, 0x08};
constexpr std::array<std::uint8_t, 2> kScriptBytes{0x1f, 0x8b};
const api::WebAsset kAssets[] = {
    {"/index.html", "text/html; charset=utf-8", kIndexBytes, "\"aaaa\""},
    {"/assets/app.js", "text/javascript; charset=utf-8", kScriptBytes, "\"bbbb\""},
};

// The view of two simulated packs after 20 s, built once (views are immutable and shared).
std::shared_ptr<const api::GatewayView> shared_view() {
    static const std::shared_ptr<const api::GatewayView> view = [] {
        api::testing::ViewRig rig(2);
        rig.run_until(20'000);
        return rig.view();
    }();
    return view;
}

struct Options {
    bool public_read = true;
    bool password = true;
    bool view = true;
    api::ConfigScope scope = api::ConfigScope::kHost;
};

struct Request {
    std::string method;
    std::string path;
    std::string query;
    std::string body;
    std::string content_type;
    std::string cookie;
    std::string if_none_match;
    std::string client = "10.0.0.2";
    std::string session;
    std::uint64_t advance_ms = 0;
};

std::vector<std::string_view> split_blocks(std::string_view text) {
    std::vector<std::string_view> blocks;
    while (true) {
        const std::size_t end = text.find(kBlockSeparator);
        blocks.push_back(text.substr(0, end));
        if (end == std::string_view::npos || blocks.size() == 64) {
            return blocks;
        }
        text.remove_prefix(end + kBlockSeparator.size());
    }
}

// Calls visit(name, value) for each "name: value" line up to the first empty line; returns the rest.
template <typename Visit>
std::string_view header_lines(std::string_view text, Visit visit) {
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (line.empty()) {
            break;
        }
        const std::size_t colon = line.find(": ");
        if (colon != std::string_view::npos) {
            visit(line.substr(0, colon), line.substr(colon + 2));
        }
    }
    return text;
}

Options parse_options(std::string_view block) {
    Options options;
    header_lines(block, [&](std::string_view name, std::string_view value) {
        if (name == "public_read") {
            options.public_read = value == "1";
        } else if (name == "password") {
            options.password = value == "1";
        } else if (name == "view") {
            options.view = value == "1";
        } else if (name == "scope") {
            options.scope = value == "embedded" ? api::ConfigScope::kEmbedded : api::ConfigScope::kHost;
        }
    });
    return options;
}

Request parse_request(std::string_view block) {
    Request request;
    const std::size_t end = block.find('\n');
    const std::string_view first = block.substr(0, end);
    block = end == std::string_view::npos ? std::string_view{} : block.substr(end + 1);
    const std::size_t space = first.find(' ');
    request.method = first.substr(0, space);
    const std::string_view target = space == std::string_view::npos ? std::string_view{} : first.substr(space + 1);
    const std::size_t question = target.find('?');
    request.path = target.substr(0, question);
    request.query = question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
    request.body = header_lines(block, [&](std::string_view name, std::string_view value) {
        if (name == "content-type") {
            request.content_type = value;
        } else if (name == "cookie") {
            request.cookie = value;
        } else if (name == "if-none-match") {
            request.if_none_match = value;
        } else if (name == "client") {
            request.client = value;
        } else if (name == "session") {
            request.session = value;
        } else if (name == "advance") {
            std::uint64_t ms = 0;
            for (const char c : value.substr(0, 12)) {
                if (c < '0' || c > '9') {
                    break;
                }
                ms = ms * 10 + static_cast<std::uint64_t>(c - '0');
            }
            request.advance_ms = ms;
        }
    });
    return request;
}

bool has_control(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

bool contains(std::string_view haystack, std::string_view needle) {
    return !needle.empty() && haystack.find(needle) != std::string_view::npos;
}

bool documented_status(int status) {
    static constexpr std::array<int, 12> kStatuses = {200, 304, 400, 401, 404, 405, 409, 413, 415, 422, 429, 503};
    return std::find(kStatuses.begin(), kStatuses.end(), status) != kStatuses.end();
}

void check_no_secret_keys(const json& doc) {
    if (!doc.is_object()) {
        return;
    }
    if (const auto config = doc.find("config"); config != doc.end() && config->is_object()) {
        if (const auto mqtt = config->find("mqtt"); mqtt != config->end()) {
            require(!mqtt->contains("password"), "api: a configuration document holds mqtt.password");
        }
        if (const auto network = config->find("network"); network != config->end()) {
            require(!network->contains("wifi_password") && !network->contains("ap_password"),
                    "api: a configuration document holds a WiFi password");
        }
    }
}

void check_envelope(const HttpResponse& response) {
    require(documented_status(response.status), "api: a status the API does not document");
    for (const auto& [name, value] : response.headers) {
        require(!name.empty() && !has_control(name) && !has_control(value), "api: a header with CR, LF or NUL");
    }
    if (response.content_type != "application/json") {
        require(response.body.empty() || response.content_type.starts_with("text/plain"),
                "api: a body with an unexpected content type");
        return;
    }
    const json doc = json::parse(response.body, nullptr, false);  // strict: invalid UTF-8 is a parse error
    require(!doc.is_discarded(), "api: a JSON response that does not parse");
    if (response.status >= 400) {
        const auto error = doc.find("error");
        require(error != doc.end() && error->is_object(), "api: an error without the envelope");
        const auto code = error->find("code");
        const auto message = error->find("message");
        require(code != error->end() && code->is_string() && !code->get_ref<const std::string&>().empty(),
                "api: an error without a code");
        require(message != error->end() && message->is_string(), "api: an error without a message");
    } else {
        check_no_secret_keys(doc);
    }
}

// TBG_FUZZ_API_TRACE=1 prints each request's method, path and status (for checking what a seed reaches).
bool trace() {
    static const bool enabled = std::getenv("TBG_FUZZ_API_TRACE") != nullptr;
    return enabled;
}

class Harness {
public:
    explicit Harness(const Options& options) : service_(backend_, crypto_, kAssets, options.scope) {
        config_ = backend_.config();
        config_.web.public_read = options.public_read;
        config_.mqtt.username = "gateway";
        config_.mqtt.password = kMqttSecret;
        config_.network.wifi_password = kWifiSecret;
        config_.network.ap_password = kApSecret;
        require(config_.validate().empty(), "api fuzz: the initial configuration does not validate");
        backend_.mutable_config() = config_;
        backend_.mutable_lines().push_back({1, 10, "info", "serial: opened sim"});
        if (options.view) {
            backend_.set_view(shared_view());
            now_ms_ = shared_view()->now_ms;
        }
        if (options.password) {
            std::string error;
            backend_.store_password_hash(crypto_.hash_password(kPassword), error);
            session_a_ = login();
            session_b_ = login();
            const std::string gone = login();
            logout(gone);
            gone_ = gone;
        }
        secrets_ = {std::string(kPassword), std::string(kMqttSecret), std::string(kWifiSecret), std::string(kApSecret),
                    std::string(api::fuzzing::kHashMark)};
    }

    void run(const Request& in) {
        now_ms_ += in.advance_ms;
        std::string cookie = in.cookie;
        const std::string* token = nullptr;
        if (in.session == "a") {
            token = &session_a_;
        } else if (in.session == "b") {
            token = &session_b_;
        } else if (in.session == "gone") {
            token = &gone_;
        } else if (in.session == "last" && !crypto_.issued().empty()) {
            token = &crypto_.issued().back();
        }
        if (token != nullptr && !token->empty()) {
            cookie += (cookie.empty() ? "" : "; ") + std::string(api::kSessionCookie) + "=" + *token;
        }
        HttpRequest request;
        request.method = api::http_method_from_string(in.method);
        request.path = in.path;
        request.query = in.query;
        request.body = in.body;
        request.content_type = in.content_type;
        request.cookie = cookie;
        request.if_none_match = in.if_none_match;
        request.client = in.client;
        request.now_ms = now_ms_;

        const std::string echo = in.method + '\n' + in.path + '\n' + in.query + '\n' + in.body + '\n' +
                                 in.content_type + '\n' + cookie + '\n' + in.if_none_match + '\n' + in.client;
        const FuzzState before = backend_.state();
        const bool had_password = backend_.password_hash().has_value();
        const std::size_t tokens_before = crypto_.issued().size();
        // A valid session is judged before the request: has_session() extends it exactly as handle() does.
        const bool authorised = service_.has_session(request);

        const HttpResponse response = service_.handle(request);
        if (trace()) {
            std::fprintf(stderr, "%s %s -> %d%s\n", in.method.c_str(), in.path.c_str(), response.status,
                         authorised ? " (session)" : "");
        }

        check_envelope(response);
        check_secrets(response, echo, tokens_before);
        const FuzzState after = backend_.state();
        if (after != before) {
            const bool first_setup =
                in.path == "/api/auth/setup" && !had_password &&
                after == FuzzState{before.configs, before.hashes + 1, before.layouts, before.actions};
            require(authorised || first_setup, "api: the backend changed without a valid session");
            require(response.status == 200, "api: the backend changed on a response other than 200");
            require(request.method == HttpMethod::kPost || request.method == HttpMethod::kPut,
                    "api: the backend changed on a method other than POST or PUT");
            require(api::is_json_content_type(request.content_type),
                    "api: the backend changed without a JSON content type (CSRF guard)");
            if (after.configs != before.configs) {
                require(backend_.config().validate().empty(), "api: an invalid configuration was stored");
            }
        }
    }

private:
    using FuzzState = api::fuzzing::FuzzBackend::State;

    std::string login() {
        const std::string body = json{{"password", kPassword}}.dump();
        HttpRequest request;
        request.method = HttpMethod::kPost;
        request.path = "/api/auth/login";
        request.body = body;
        request.content_type = "application/json";
        request.client = "10.0.0.1";
        request.now_ms = now_ms_;
        const HttpResponse response = service_.handle(request);
        require(response.status == 200, "api fuzz: the harness's login failed");
        const std::string_view set_cookie = response.header("Set-Cookie");
        const std::string prefix = std::string(api::kSessionCookie) + "=";
        require(set_cookie.starts_with(prefix), "api fuzz: login without a session cookie");
        const std::string_view rest = set_cookie.substr(prefix.size());
        return std::string(rest.substr(0, rest.find(';')));
    }

    void logout(const std::string& token) {
        const std::string cookie = std::string(api::kSessionCookie) + "=" + token;
        HttpRequest request;
        request.method = HttpMethod::kPost;
        request.path = "/api/auth/logout";
        request.body = "{}";
        request.content_type = "application/json";
        request.cookie = cookie;
        request.now_ms = now_ms_;
        require(service_.handle(request).status == 200, "api fuzz: the harness's logout failed");
    }

    void check_secrets(const HttpResponse& response, const std::string& echo, std::size_t tokens_before) const {
        // Whether `secret` is in the body or a header (other than Set-Cookie when `set_cookie_allowed`).
        auto shown = [&](std::string_view secret, bool set_cookie_allowed) {
            if (contains(response.body, secret)) {
                return true;
            }
            return std::any_of(response.headers.begin(), response.headers.end(), [&](const auto& header) {
                return contains(header.second, secret) && !(set_cookie_allowed && header.first == "Set-Cookie");
            });
        };
        for (const std::string& secret : secrets_) {
            require(!shown(secret, false) || contains(echo, secret),
                    "api: a secret (password, hash or WiFi/MQTT password) in a response");
        }
        const std::vector<std::string>& issued = crypto_.issued();
        for (std::size_t i = 0; i < issued.size(); ++i) {
            if (i < tokens_before) {
                require(!shown(issued[i], false) || contains(echo, issued[i]),
                        "api: a session token in a response to a request that did not carry it");
            } else {
                require(!shown(issued[i], true), "api: a new session token outside the Set-Cookie header");
            }
        }
    }

    api::fuzzing::FuzzBackend backend_;
    api::fuzzing::FastCrypto crypto_;
    api::ApiService service_;
    tbg::config::GatewayConfig config_;
    std::uint64_t now_ms_ = 1000;
    std::string session_a_;
    std::string session_b_;
    std::string gone_;
    std::vector<std::string> secrets_;
};

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string_view> blocks =
        split_blocks(std::string_view(reinterpret_cast<const char*>(data), size));
    Harness harness(parse_options(blocks.front()));
    for (std::size_t i = 1; i < blocks.size(); ++i) {
        harness.run(parse_request(blocks[i]));
    }
    return 0;
}
