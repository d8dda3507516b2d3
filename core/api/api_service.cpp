#include "core/api/api_service.h"

#include <charconv>
#include <optional>

#include "core/api/api_documents.h"
#include "core/api/api_error.h"
#include "core/api/config_document.h"
#include "core/api/request_guard.h"
#include "core/config/config_json.h"
#include "core/config/config_schema.h"

namespace tbg::api {

namespace {

using nlohmann::json;

constexpr std::string_view kApiPrefix = "/api/";

HttpResponse method_not_allowed(std::string_view allow) {
    HttpResponse response = error_response(405, "method_not_allowed", "use " + std::string(allow));
    response.add_header("Allow", std::string(allow));
    return response;
}

HttpResponse login_required() {
    return error_response(401, "login_required", "log in to do this");
}

// nullopt for anything but a plain decimal integer in min…max; `fallback` when the parameter is absent.
std::optional<int> int_param(std::string_view query, std::string_view name, int fallback, int min, int max) {
    const std::optional<std::string_view> found = query_param(query, name);
    if (!found) {
        return fallback;
    }
    const std::string_view text = *found;
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
        return std::nullopt;
    }
    return value;
}

HttpResponse bad_param(std::string_view name, int min, int max) {
    return error_response(400, "bad_request",
                          std::string(name) + " must be an integer " + std::to_string(min) + "…" + std::to_string(max));
}

// The body as a JSON object, or the error response to send.
std::optional<HttpResponse> parse_object(const HttpRequest& request, std::size_t max_bytes, json& out) {
    if (request.body.size() > max_bytes) {
        return error_response(413, "body_too_large",
                              "the body may have at most " + std::to_string(max_bytes) + " bytes");
    }
    out = json::parse(request.body, nullptr, false);
    if (out.is_discarded() || !out.is_object()) {
        return error_response(400, "invalid_json", "the body must be a JSON object");
    }
    return std::nullopt;
}

// A string member of `doc`, or nullptr.
const std::string* string_member(const json& doc, const char* key) {
    const auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
}

// `secure` when the browser reached us over HTTPS (a TLS reverse proxy says so in X-Forwarded-Proto): then the
// cookie is never sent over plain HTTP.
std::string session_cookie(std::string_view token, bool secure) {
    return std::string(kSessionCookie) + "=" + std::string(token) + "; Path=/; HttpOnly; SameSite=Strict" +
           (secure ? "; Secure" : "");
}

bool via_https(const HttpRequest& request) {
    return request.forwarded_proto == "https";
}

// Headers of every answer that has not set them itself (the static files carry their own CSP): no MIME sniffing,
// no framing (clickjacking), no Referer to other sites.
void add_security_headers(HttpResponse& response) {
    static constexpr std::pair<std::string_view, std::string_view> kHeaders[] = {
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
    };
    for (const auto& [name, value] : kHeaders) {
        if (response.header(name).empty()) {
            response.add_header(std::string(name), std::string(value));
        }
    }
}

std::string cleared_cookie() {
    return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
}

bool valid_widget_id(const std::string& id) {
    if (id.empty() || id.size() > 32) {
        return false;
    }
    for (const char c : id) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
            return false;
        }
    }
    return true;
}

// Field problems of a dashboard layout (docs/api.md "Dashboard layout"); empty when valid.
json layout_problems(const json& layout) {
    json fields = json::object();
    if (!layout.is_object()) {
        fields["layout"] = "must be an object or null";
        return fields;
    }
    for (const auto& [key, value] : layout.items()) {
        if (key != "widgets") {
            fields["layout." + key] = "is not a known key (widgets)";
        }
    }
    const auto widgets = layout.find("widgets");
    if (widgets == layout.end() || !widgets->is_array()) {
        fields["widgets"] = "must be an array";
        return fields;
    }
    if (widgets->size() > 64) {
        fields["widgets"] = "may hold at most 64 widgets";
        return fields;
    }
    std::vector<std::string> seen;
    for (std::size_t i = 0; i < widgets->size(); ++i) {
        const json& widget = (*widgets)[i];
        const std::string at = "widgets[" + std::to_string(i) + "]";
        if (!widget.is_object()) {
            fields[at] = "must be an object with id, w and h";
            continue;
        }
        for (const auto& [key, value] : widget.items()) {
            if (key != "id" && key != "w" && key != "h") {
                std::string name = at;
                name += '.';
                name += key;
                fields[name] = "is not a known key (id, w, h)";
            }
        }
        const std::string* id = string_member(widget, "id");
        if (id == nullptr || !valid_widget_id(*id)) {
            fields[at + ".id"] = "must be 1…32 characters of a-z, 0-9, _ and -";
        } else if (std::find(seen.begin(), seen.end(), *id) != seen.end()) {
            fields[at + ".id"] = "\"" + *id + "\" appears twice";
        } else {
            seen.push_back(*id);
        }
        for (const char* size : {"w", "h"}) {
            const auto it = widget.find(size);
            if (it == widget.end() || !it->is_number_integer() || it->get<std::int64_t>() < 1 ||
                it->get<std::int64_t>() > 4) {
                fields[at + "." + size] = "must be an integer 1…4";
            }
        }
    }
    return fields;
}

}  // namespace

std::string password_problem(std::string_view password) {
    if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength) {
        return "must be " + std::to_string(kMinPasswordLength) + "…" + std::to_string(kMaxPasswordLength) +
               " characters long";
    }
    for (const char c : password) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            return "must not contain control characters";
        }
    }
    return {};
}

ApiService::ApiService(ApiBackend& backend, Crypto& crypto, std::span<const WebAsset> assets, ConfigScope scope)
    : backend_(backend), crypto_(crypto), assets_(assets), scope_(scope) {}

HttpCounters ApiService::counters() const {
    HttpCounters counters;
    for (std::size_t i = 0; i < responses_.size(); ++i) {
        counters.responses_by_class[i] = responses_[i].load();
    }
    counters.login_failures = limiter_.failures_total();
    counters.websocket_clients = websocket_clients_.load();
    return counters;
}

std::uint64_t ApiService::session_timeout_ms() const {
    return static_cast<std::uint64_t>(backend_.config().web.session_timeout_s) * 1000;
}

bool ApiService::logged_in(const HttpRequest& request) {
    return sessions_.touch(cookie_value(request.cookie, kSessionCookie), request.now_ms, session_timeout_ms());
}

bool ApiService::may_read(const HttpRequest& request) {
    return backend_.config().web.public_read || logged_in(request);
}

std::optional<HttpResponse> ApiService::origin_refusal(const HttpRequest& request, bool changes) const {
    if (loopback_only_ && !request.host.empty() && !is_loopback_host(host_without_port(request.host))) {
        return error_response(403, "host_not_allowed",
                              "this gateway listens on a loopback address and answers only to localhost, 127.0.0.1 "
                              "or [::1] (a DNS rebinding guard)");
    }
    if (changes) {
        if (const std::string_view reason = cross_site_reason(request); !reason.empty()) {
            return error_response(403, "cross_site_request", "refused: " + std::string(reason));
        }
    }
    return std::nullopt;
}

std::optional<HttpResponse> ApiService::websocket_refusal(const HttpRequest& request) {
    if (auto refused = origin_refusal(request, true)) {
        return refused;
    }
    if (!may_read(request)) {
        return login_required();
    }
    return std::nullopt;
}

HttpResponse ApiService::handle(const HttpRequest& request) {
    const bool changes = request.method != HttpMethod::kGet && request.method != HttpMethod::kHead;
    std::optional<HttpResponse> refused = origin_refusal(request, changes);
    HttpResponse response = refused ? std::move(*refused) : route(request);
    if (refused && (request.path.starts_with(kApiPrefix) || request.path == "/api")) {
        response.add_header("Cache-Control", "no-store");
    }
    add_security_headers(response);
    const auto status_class = static_cast<std::size_t>(response.status / 100);
    if (status_class < responses_.size()) {
        ++responses_[status_class];
    }
    return response;
}

HttpResponse ApiService::route(const HttpRequest& request) {
    const std::string_view path = request.path;
    if (path == "/metrics") {
        if (request.method != HttpMethod::kGet) {
            return method_not_allowed("GET");
        }
        if (!may_read(request)) {
            return login_required();
        }
        const auto view = backend_.view();
        if (!view) {
            return error_response(503, "not_ready", "the gateway has not published its first status yet");
        }
        HttpResponse response;
        response.content_type = "text/plain; version=0.0.4; charset=utf-8";
        response.body = metrics_text(*view, counters());
        return response;
    }
    if (path.starts_with(kApiPrefix) || path == "/api") {
        HttpResponse response = route_api(request, path.substr(std::min(path.size(), kApiPrefix.size())));
        response.add_header("Cache-Control", "no-store");
        return response;
    }
    return serve_static(assets_, request);
}

std::optional<HttpResponse> ApiService::guard(const HttpRequest& request, Access access) {
    if (access == Access::kRead) {
        return may_read(request) ? std::nullopt : std::optional(login_required());
    }
    if (!logged_in(request)) {
        return login_required();
    }
    if (!is_json_content_type(request.content_type)) {
        return error_response(415, "unsupported_media_type", "send the body as Content-Type: application/json");
    }
    return std::nullopt;
}

HttpResponse ApiService::route_api(const HttpRequest& request, std::string_view path) {
    const HttpMethod method = request.method;
    const bool get = method == HttpMethod::kGet;
    if (path.starts_with("auth")) {
        return auth_route(request, path);
    }
    if (path == "config" || path == "layout") {
        if (!get && method != HttpMethod::kPut) {
            return method_not_allowed("GET, PUT");
        }
        if (auto refused = guard(request, get ? Access::kRead : Access::kChange)) {
            return *refused;
        }
        if (path == "config") {
            return get ? json_response(config_document(backend_.config(), scope_)) : put_config(request);
        }
        return get ? json_response({{"layout", backend_.layout()}}) : put_layout(request);
    }
    if (path.starts_with("actions/")) {
        if (method != HttpMethod::kPost) {
            return method_not_allowed("POST");
        }
        if (auto refused = guard(request, Access::kChange)) {
            return *refused;
        }
        return action(path.substr(8));
    }

    // The rest are reads.
    const bool known = path == "status" || path == "packs" || path.starts_with("packs/") || path == "history" ||
                       path == "energy" || path == "frames" || path == "log";
    if (!known) {
        return error_response(404, "not_found", "no such API route: /api/" + std::string(path));
    }
    if (!get) {
        return method_not_allowed("GET");
    }
    if (auto refused = guard(request, Access::kRead)) {
        return *refused;
    }
    if (path == "log") {
        const auto limit = int_param(request.query, "limit", 100, 1, 200);
        if (!limit) {
            return bad_param("limit", 1, 200);
        }
        const std::vector<LogLine> lines = backend_.log_lines();
        return json_response(log_document(lines, backend_.now_ms(), static_cast<std::size_t>(*limit)));
    }
    const auto view = backend_.view();
    if (!view) {
        return error_response(503, "not_ready", "the gateway has not published its first status yet");
    }
    if (path == "status") {
        return json_response(status_document(*view));
    }
    if (path == "packs") {
        return json_response(packs_document(*view));
    }
    if (path.starts_with("packs/")) {
        const std::string_view text = path.substr(6);
        unsigned address = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), address);
        if (text.empty() || error != std::errc{} || end != text.data() + text.size() || address >= app::kMaxPacks) {
            return error_response(400, "bad_request", "a pack address is an integer 0…15");
        }
        if (!pack_known(*view, static_cast<std::uint8_t>(address))) {
            return error_response(404, "pack_not_found", "no pack has answered at address " + std::string(text));
        }
        return json_response(pack_document(*view, static_cast<std::uint8_t>(address)));
    }
    if (path == "history") {
        const auto hours = int_param(request.query, "hours", 48, 1, 48);
        return hours ? json_response(history_document(*view, *hours)) : bad_param("hours", 1, 48);
    }
    if (path == "energy") {
        const auto days = int_param(request.query, "days", 7, 1, 62);
        const auto months = int_param(request.query, "months", 12, 1, 36);
        if (!days) {
            return bad_param("days", 1, 62);
        }
        if (!months) {
            return bad_param("months", 1, 36);
        }
        return json_response(energy_document(*view, *days, *months));
    }
    const auto limit = int_param(request.query, "limit", 64, 1, 64);
    return limit ? json_response(frames_document(*view, static_cast<std::size_t>(*limit))) : bad_param("limit", 1, 64);
}

HttpResponse ApiService::auth_route(const HttpRequest& request, std::string_view path) {
    const HttpMethod method = request.method;
    if (path == "auth") {
        if (method != HttpMethod::kGet) {
            return method_not_allowed("GET");
        }
        return json_response({{"password_set", backend_.password_hash().has_value()},
                              {"logged_in", logged_in(request)},
                              {"public_read", backend_.config().web.public_read}});
    }
    const bool known = path == "auth/login" || path == "auth/logout" || path == "auth/setup" || path == "auth/password";
    if (!known) {
        return error_response(404, "not_found", "no such API route: /api/" + std::string(path));
    }
    const HttpMethod wanted = path == "auth/password" ? HttpMethod::kPut : HttpMethod::kPost;
    if (method != wanted) {
        return method_not_allowed(wanted == HttpMethod::kPut ? "PUT" : "POST");
    }
    if (!is_json_content_type(request.content_type)) {
        return error_response(415, "unsupported_media_type", "send the body as Content-Type: application/json");
    }
    if (path == "auth/login") {
        return login(request);
    }
    if (path == "auth/setup") {
        return setup(request);
    }
    if (path == "auth/logout") {
        sessions_.remove(cookie_value(request.cookie, kSessionCookie));
        HttpResponse response = json_response({{"logged_in", false}});
        response.add_header("Set-Cookie", cleared_cookie());
        return response;
    }
    if (!logged_in(request)) {
        return login_required();
    }
    return change_password(request);
}

HttpResponse ApiService::login(const HttpRequest& request) {
    json body;
    if (auto error = parse_object(request, kMaxSmallBodyBytes, body)) {
        return *error;
    }
    const std::string* password = string_member(body, "password");
    if (password == nullptr) {
        return error_response(422, "invalid_password", "password must be a string",
                              json{{"password", "must be a string"}});
    }
    const config::WebSettings web = backend_.config().web;
    const auto max_failures = static_cast<std::uint32_t>(web.login_max_failures);
    const auto window_ms = static_cast<std::uint64_t>(web.login_lockout_s) * 1000;
    const std::lock_guard lock(password_mutex_);
    if (const std::uint64_t wait_ms = limiter_.wait_ms(request.client, request.now_ms, max_failures, window_ms)) {
        const std::uint64_t wait_s = (wait_ms + 999) / 1000;
        HttpResponse response = error_response(429, "too_many_attempts",
                                               "too many failed logins; try again in " + std::to_string(wait_s) + " s");
        response.add_header("Retry-After", std::to_string(wait_s));
        return response;
    }
    const std::optional<std::string> hash = backend_.password_hash();
    if (!hash) {
        return error_response(409, "password_not_set", "no admin password is set yet; set one first");
    }
    if (!crypto_.verify_password(*hash, *password)) {
        limiter_.record_failure(request.client, request.now_ms, max_failures, window_ms);
        return error_response(401, "wrong_password", "wrong password");
    }
    limiter_.record_success(request.client);
    const std::string token = crypto_.random_hex(kSessionTokenBytes);
    sessions_.add(token, request.now_ms, session_timeout_ms());
    HttpResponse response = json_response({{"logged_in", true}});
    response.add_header("Set-Cookie", session_cookie(token, via_https(request)));
    return response;
}

HttpResponse ApiService::setup(const HttpRequest& request) {
    json body;
    if (auto error = parse_object(request, kMaxSmallBodyBytes, body)) {
        return *error;
    }
    const std::string* password = string_member(body, "password");
    const std::string problem = password == nullptr ? "must be a string" : password_problem(*password);
    if (!problem.empty()) {
        return error_response(422, "invalid_password", "password " + problem, json{{"password", problem}});
    }
    if (!request.host.empty() && !is_local_host_name(host_without_port(request.host))) {
        return error_response(403, "setup_needs_local_address",
                              "set the first password through the gateway's IP address, a .local name or "
                              "`topband-gateway passwd` (a DNS rebinding guard)");
    }
    const std::lock_guard lock(password_mutex_);
    if (backend_.password_hash()) {
        return error_response(409, "password_already_set", "an admin password is already set; log in instead");
    }
    const std::string hash = crypto_.hash_password(*password);
    std::string error;
    if (hash.empty() || !backend_.store_password_hash(hash, error)) {
        return error_response(500, "storage_failed", "the password could not be stored: " + error);
    }
    const std::string token = crypto_.random_hex(kSessionTokenBytes);
    sessions_.add(token, request.now_ms, session_timeout_ms());
    HttpResponse response = json_response({{"logged_in", true}, {"password_set", true}});
    response.add_header("Set-Cookie", session_cookie(token, via_https(request)));
    return response;
}

HttpResponse ApiService::change_password(const HttpRequest& request) {
    json body;
    if (auto error = parse_object(request, kMaxSmallBodyBytes, body)) {
        return *error;
    }
    const std::string* current = string_member(body, "current");
    const std::string* next = string_member(body, "new");
    json fields = json::object();
    if (current == nullptr) {
        fields["current"] = "must be a string";
    }
    const std::string problem = next == nullptr ? "must be a string" : password_problem(*next);
    if (!problem.empty()) {
        fields["new"] = problem;
    }
    if (!fields.empty()) {
        return error_response(422, "invalid_password", "the new password is not acceptable", fields);
    }
    const config::WebSettings web = backend_.config().web;
    const auto max_failures = static_cast<std::uint32_t>(web.login_max_failures);
    const auto window_ms = static_cast<std::uint64_t>(web.login_lockout_s) * 1000;
    const std::lock_guard lock(password_mutex_);
    if (const std::uint64_t wait_ms = limiter_.wait_ms(request.client, request.now_ms, max_failures, window_ms)) {
        HttpResponse response = error_response(429, "too_many_attempts", "too many failed attempts");
        response.add_header("Retry-After", std::to_string((wait_ms + 999) / 1000));
        return response;
    }
    const std::optional<std::string> hash = backend_.password_hash();
    if (!hash || !crypto_.verify_password(*hash, *current)) {
        limiter_.record_failure(request.client, request.now_ms, max_failures, window_ms);
        return error_response(401, "wrong_password", "the current password is wrong");
    }
    const std::string new_hash = crypto_.hash_password(*next);
    std::string error;
    if (new_hash.empty() || !backend_.store_password_hash(new_hash, error)) {
        return error_response(500, "storage_failed", "the password could not be stored: " + error);
    }
    sessions_.remove_all_except(cookie_value(request.cookie, kSessionCookie));
    return json_response({{"changed", true}});
}

HttpResponse ApiService::put_config(const HttpRequest& request) {
    json body;
    if (auto error = parse_object(request, kMaxBodyBytes, body)) {
        return *error;
    }
    const std::lock_guard lock(config_mutex_);
    const config::GatewayConfig current = backend_.config();
    config::GatewayConfig next = current;
    const ConfigErrors errors = config::config_from_json(body, next);
    if (!errors.empty()) {
        const std::string count = std::to_string(errors.size());
        return error_response(422, "invalid_config",
                              errors.size() == 1 ? errors.front().message : count + " settings are invalid",
                              config_error_fields(errors));
    }
    const std::vector<std::string> changed = changed_keys(current, next);
    config::ApplyMode strongest = config::ApplyMode::kLive;
    json restart = json::array();
    for (const config::ConfigKeyInfo& info : config::config_keys()) {
        if (std::find(changed.begin(), changed.end(), info.key) == changed.end()) {
            continue;
        }
        strongest = std::max(strongest, info.apply);
        if (info.apply == config::ApplyMode::kRestart) {
            restart.push_back(info.key);
        }
    }
    if (!changed.empty()) {
        std::string error;
        if (!backend_.apply_config(next, error)) {
            return error_response(500, "storage_failed", "the configuration could not be saved: " + error);
        }
    }
    json shown = config_document(next, scope_)["config"];
    return json_response({{"config", std::move(shown)},
                          {"changed", changed},
                          {"applied", config::to_string(strongest)},
                          {"restart_required", std::move(restart)}});
}

HttpResponse ApiService::put_layout(const HttpRequest& request) {
    json body;
    if (auto error = parse_object(request, kMaxSmallBodyBytes, body)) {
        return *error;
    }
    const auto layout = body.find("layout");
    if (layout == body.end() || body.size() != 1) {
        return error_response(422, "invalid_layout", "send {\"layout\": {\"widgets\": […]}} or {\"layout\": null}",
                              json{{"layout", "is required and the only key"}});
    }
    if (!layout->is_null()) {
        const json problems = layout_problems(*layout);
        if (!problems.empty()) {
            return error_response(422, "invalid_layout", "the layout is not valid", problems);
        }
    }
    std::string error;
    if (!backend_.store_layout(*layout, error)) {
        return error_response(500, "storage_failed", "the layout could not be saved: " + error);
    }
    return json_response({{"layout", *layout}});
}

HttpResponse ApiService::action(std::string_view name) {
    std::optional<Action> which;
    if (name == "rescan") {
        which = Action::kRescan;
    } else if (name == "reset-counters") {
        which = Action::kResetCounters;
    } else {
        return error_response(404, "not_found", "no such action: " + std::string(name));
    }
    std::string error;
    if (!backend_.run_action(*which, error)) {
        return error_response(503, "not_ready", "the action could not run: " + error);
    }
    return json_response({{"ok", true}});
}

}  // namespace tbg::api
