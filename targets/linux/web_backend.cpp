#include "targets/linux/web_backend.h"

#include <future>
#include <utility>

#include "core/config/config_json.h"
#include "platform/linux/monotonic_clock.h"
#include "targets/linux/config_file.h"
#include "targets/linux/log.h"
#include "targets/linux/state_file.h"

namespace tbg::daemon {

namespace {

using nlohmann::json;

std::string layout_file(const std::string& state_dir) {
    return state_dir + "/dashboard.json";
}

// A JSON file of the state directory; null when absent or damaged (kept aside, `warning` set).
json load_json(const std::string& path, std::string& warning) {
    std::string error;
    const auto text = read_file(path, error);
    if (!text) {
        return nullptr;  // absent
    }
    json doc = json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        const auto aside = keep_aside(path);
        warning = path + " is damaged" + (aside ? "; kept as " + *aside : std::string());
        return nullptr;
    }
    return doc;
}

}  // namespace

std::string auth_file(const std::string& state_dir) {
    return state_dir + "/auth.json";
}

std::optional<std::string> load_password_hash(const std::string& state_dir, std::string& warning) {
    const std::string path = auth_file(state_dir);
    std::string error;
    const auto text = read_file(path, error);
    if (!text) {
        return std::nullopt;  // absent: no password set yet
    }
    const json doc = json::parse(*text, nullptr, false);
    if (doc.is_object()) {
        const auto it = doc.find("password_hash");
        if (it != doc.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
            return it->get<std::string>();
        }
    }
    // Damaged: treating it as "no password" would reopen the first-start setup to anyone on the LAN. The file stays
    // in place (a copy is kept aside) and every login fails until `topband-gateway passwd` writes a new one.
    const auto copy = copy_aside(path);
    warning = path + " is damaged" + (copy ? " (a copy is kept as " + *copy + ")" : std::string()) +
              "; logins are refused until `topband-gateway passwd` sets a new password";
    return std::string(kLockedPasswordHash);
}

bool save_password_hash(const std::string& state_dir, const std::string& hash, std::string& error) {
    return write_atomic(auth_file(state_dir), json{{"password_hash", hash}}.dump(2) + "\n", error);
}

WebBackend::WebBackend(config::GatewayConfig config, std::string config_path, std::string state_dir,
                       platform::LoopInbox& inbox, Hooks hooks)
    : config_path_(std::move(config_path)),
      state_dir_(std::move(state_dir)),
      inbox_(inbox),
      hooks_(std::move(hooks)),
      config_(std::move(config)),
      layout_(nullptr) {
    if (state_dir_.empty()) {
        return;
    }
    std::string warning;
    const json layout = load_json(layout_file(state_dir_), warning);
    if (!warning.empty()) {
        log_warning("web: " + warning);
    }
    if (layout.contains("layout")) {
        layout_ = layout["layout"];
    }
}

void WebBackend::publish(std::shared_ptr<const api::GatewayView> view) {
    std::shared_ptr<const api::GatewayView> old;
    {
        const std::lock_guard lock(view_mutex_);
        old = std::exchange(view_, std::move(view));
    }
    // `old` may be the last reference: it is freed here, outside the lock.
}

std::shared_ptr<const api::GatewayView> WebBackend::view() const {
    const std::lock_guard lock(view_mutex_);
    return view_;
}

std::uint64_t WebBackend::now_ms() const {
    return platform::monotonic_now_ms();
}

config::GatewayConfig WebBackend::config() const {
    const std::lock_guard lock(mutex_);
    return config_;
}

bool WebBackend::on_loop(std::function<void()> task, std::string& error) {
    // The promise is broken (the future throws) when the inbox drops the task at shutdown.
    auto done = std::make_shared<std::promise<void>>();
    std::future<void> finished = done->get_future();
    if (!inbox_.post([task = std::move(task), done] {
            task();
            done->set_value();
        })) {
        error = "the gateway is stopping";
        return false;
    }
    if (finished.wait_for(std::chrono::milliseconds(kApplyTimeoutMs)) != std::future_status::ready) {
        error = "the gateway did not take the change within 5 s";
        return false;
    }
    try {
        finished.get();
    } catch (const std::future_error&) {
        error = "the gateway is stopping";
        return false;
    }
    return true;
}

bool WebBackend::apply_config(const config::GatewayConfig& next, std::string& error) {
    if (!config_path_.empty() && !save_config_file(config_path_, next, error)) {
        return false;
    }
    {
        const std::lock_guard lock(mutex_);
        config_ = next;
    }
    if (!on_loop([this, next] { hooks_.apply_config(next); }, error)) {
        log_warning("web: configuration saved, but " + error);
        return false;
    }
    log_notice("config: changed from the web interface" + (config_path_.empty()
                                                               ? std::string(" (not saved: no --config file)")
                                                               : " and saved to " + config_path_));
    return true;
}

bool WebBackend::run_action(api::Action action, std::string& error) {
    return on_loop([this, action] { hooks_.run_action(action); }, error);
}

std::optional<std::string> WebBackend::password_hash() const {
    if (state_dir_.empty()) {
        const std::lock_guard lock(mutex_);
        return password_hash_;
    }
    // Read each time (a few hundred bytes), so `topband-gateway passwd` takes effect without a restart.
    std::string warning;
    auto hash = load_password_hash(state_dir_, warning);
    if (!warning.empty()) {
        log_warning("web: " + warning);
    }
    return hash;
}

bool WebBackend::store_password_hash(const std::string& hash, std::string& error) {
    if (!state_dir_.empty() && !save_password_hash(state_dir_, hash, error)) {
        return false;
    }
    if (state_dir_.empty()) {
        const std::lock_guard lock(mutex_);
        password_hash_ = hash;
    }
    log_notice(state_dir_.empty() ? "web: admin password set (kept in RAM only: no --state-dir)"
                                  : "web: admin password set");
    return true;
}

json WebBackend::layout() const {
    const std::lock_guard lock(mutex_);
    return layout_;
}

bool WebBackend::store_layout(const json& layout, std::string& error) {
    if (!state_dir_.empty() && !write_atomic(layout_file(state_dir_), json{{"layout", layout}}.dump(2) + "\n", error)) {
        return false;
    }
    const std::lock_guard lock(mutex_);
    layout_ = layout;
    return true;
}

std::vector<api::LogLine> WebBackend::log_lines() const {
    return recent_log_lines();
}

}  // namespace tbg::daemon
