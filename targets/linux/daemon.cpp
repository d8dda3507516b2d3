#include "targets/linux/daemon.h"

#include <malloc.h>
#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/api/api_service.h"
#include "core/api/frame_log.h"
#include "core/api/gateway_view.h"
#include "core/api/recycler.h"
#include "core/api/status_json.h"
#include "core/api/web_assets.h"
#include "core/app/gateway.h"
#include "core/app/version.h"
#include "core/can/describe.h"
#include "core/config/config_json.h"
#include "core/history/energy_ledger.h"
#include "core/history/ledger_json.h"
#include "core/history/minute_history.h"
#include "platform/linux/can_backend.h"
#include "platform/linux/event_loop.h"
#include "platform/linux/http_server.h"
#include "platform/linux/loop_inbox.h"
#include "platform/linux/monotonic_clock.h"
#include "platform/linux/reopen_policy.h"
#include "platform/linux/serial_port.h"
#include "platform/linux/sodium_crypto.h"
#include "platform/sim/sim_bus.h"
#include "targets/linux/config_file.h"
#include "targets/linux/log.h"
#include "targets/linux/mqtt_service.h"
#include "targets/linux/state_file.h"
#include "targets/linux/web_backend.h"

namespace tbg::daemon {

namespace {

using platform::monotonic_now_ms;

constexpr std::uint64_t kSaveIntervalMs = 60'000;
constexpr std::uint64_t kMqttTimerMs = 1000;
constexpr std::uint64_t kViewIntervalMs = 1000;  // a view is published at least this often
constexpr std::uint64_t kHttpRetryMs = 30'000;

// Wall-clock time and the local calendar date; both unset while the clock is obviously not set (before 2020).
struct WallTime {
    std::optional<std::int64_t> wall_s;
    std::optional<history::CivilDate> today;
};

WallTime wall_time() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    if (now < 1'577'836'800 || ::localtime_r(&now, &local) == nullptr) {  // 2020-01-01
        return {};
    }
    return WallTime{static_cast<std::int64_t>(now), history::CivilDate{static_cast<std::int16_t>(local.tm_year + 1900),
                                                                       static_cast<std::uint8_t>(local.tm_mon + 1),
                                                                       static_cast<std::uint8_t>(local.tm_mday)}};
}

std::string format(const char* pattern, auto... values) {
    char text[512];
    std::snprintf(text, sizeof text, pattern, values...);
    return text;
}

// Loads (or creates) the configuration (config_file.h: damaged files fall back to the previous generation or to
// monitoring); logs every problem and returns nullopt when the daemon cannot run. Sets `monitoring_only`.
std::optional<config::GatewayConfig> load_config(const RunOptions& options, bool& monitoring_only) {
    LoadedConfig loaded = load_config_file(options.config_path);
    for (const std::string& line : loaded.errors) {
        log_error(line);
    }
    for (const std::string& line : loaded.notices) {
        log_notice(line);
    }
    if (!loaded.usable) {
        return std::nullopt;
    }
    monitoring_only = loaded.monitoring_only;
    config::GatewayConfig config = loaded.config;
    if (options.baud != 0) {
        config.poll.baud = static_cast<std::int32_t>(options.baud);
        const ConfigErrors errors = config.validate();
        for (const auto& problem : errors) {
            log_error("--baud: " + problem.message);
        }
        if (!errors.empty()) {
            return std::nullopt;
        }
    }
    return config;
}

class Daemon {
public:
    Daemon(const RunOptions& options, const config::GatewayConfig& config, platform::EventLoop& loop,
           std::unique_ptr<platform::CanBackend> can)
        : options_(options),
          loop_(loop),
          config_(config),
          gateway_(config.to_gateway_settings(), monotonic_now_ms()),
          can_(std::move(can)),
          mqtt_settings_(config.mqtt),
          started_ms_(monotonic_now_ms()) {}

    bool start();
    void stop();

private:
    // Runs every due action (CAN tick first), then re-arms the timer to the next deadline.
    void service();
    void arm();
    void send_frames(const can::FrameSet& frames);
    void send_request(const topband::EncodedFrame& request, std::uint64_t now_ms);

    void open_serial();
    void on_serial_readable();
    void serial_lost(const std::string& why);
    void open_can();
    void on_can_readable();
    void can_lost(const std::string& why);

    void log_presence_changes();
    void log_status();
    void save_state();
    void periodic();
    void status_tick();
    void start_demo();
    void start_mqtt();
    void mqtt_tick();
    void restore_ledger(const std::string& text);

    // The web side (full edition).
    bool start_web();
    void listen_http();
    void apply_config(const config::GatewayConfig& next);
    void run_action(api::Action action);
    void after_tick(std::uint64_t now_ms);  // history, energy ledger, published view
    void publish_view(std::uint64_t now_ms, const WallTime& wall);
    void view_tick();

    const RunOptions& options_;
    platform::EventLoop& loop_;
    config::GatewayConfig config_;  // the running configuration (loop thread's copy)
    app::Gateway gateway_;
    std::unique_ptr<platform::CanBackend> can_;
    platform::SerialPort serial_;
    // Reopen back-off: 0.5 s doubling to 5 s, so a replugged adapter is back within seconds.
    platform::ReopenPolicy serial_reopen_{platform::ReopenPolicyConfig{500, 5000}};
    platform::ReopenPolicy can_reopen_{platform::ReopenPolicyConfig{500, 5000}};
    int serial_fd_ = -1;  // fds registered with the loop
    int can_fd_ = -1;
    std::unique_ptr<sim::SimBus> demo_bus_;
    platform::EventLoop::TimerId service_timer_ = platform::EventLoop::kNoTimer;
    std::uint64_t armed_ms_ = 0;
    std::array<app::Presence, app::kMaxPacks> presence_{};
    bool failsafe_logged_ = false;
    bool first_set_logged_ = false;
    std::uint64_t write_errors_ = 0;
    std::vector<can::CanFrame> received_;
    config::MqttSettings mqtt_settings_;
    std::unique_ptr<MqttService> mqtt_;
    std::vector<std::thread> mqtt_reapers_;  // stop replaced MQTT services off the loop thread

    std::uint64_t started_ms_;
    std::uint64_t ticks_seen_ = 0;  // CAN sets encoded + silenced at the last after_tick()
    std::uint64_t last_view_ms_ = 0;
    std::uint64_t view_seq_ = 0;
    api::FrameLog frame_log_;
    std::shared_ptr<const api::FrameLog> frames_copy_;
    api::Recycler<api::GatewayView> views_;
    api::Recycler<api::FrameLog> frame_logs_;
    api::Recycler<history::MinuteHistory> histories_;
    api::Recycler<history::EnergyLedger> ledgers_;
    history::MinuteHistory history_;
    history::EnergyLedger ledger_;
    platform::LoopInbox inbox_;
    int inbox_fd_ = -1;
    std::unique_ptr<platform::SodiumCrypto> crypto_;
    std::unique_ptr<WebBackend> web_backend_;
    std::unique_ptr<api::ApiService> api_;
    std::unique_ptr<platform::HttpServer> http_;
    bool http_failed_ = false;
};

bool Daemon::start() {
    std::string warning;
    if (!options_.state_dir.empty()) {
        std::error_code error;
        // Owner-only when we create it (it holds the password hash and the energy record).
        if (std::filesystem::create_directories(options_.state_dir, error)) {
            std::filesystem::permissions(options_.state_dir, std::filesystem::perms::owner_all, error);
        }
        if (error) {
            log_warning("state: cannot create " + options_.state_dir + ": " + error.message());
        }
        const PersistentState state = load_state(options_.state_dir, warning);
        if (!warning.empty()) {
            log_warning("state: " + warning);
        }
        gateway_.bank().restore_energy(state.charged_Wh, state.discharged_Wh);
        log_info(format("state: energy counters %llu Wh charged, %llu Wh discharged",
                        static_cast<unsigned long long>(state.charged_Wh),
                        static_cast<unsigned long long>(state.discharged_Wh)));
        restore_ledger(state.energy_ledger);
    }
    open_can();
    if (options_.demo) {
        start_demo();
    } else {
        open_serial();
    }
    start_mqtt();
    loop_.add_timer(monotonic_now_ms() + kMqttTimerMs, [this] { mqtt_tick(); });
    if (!start_web()) {
        return false;
    }
    loop_.add_timer(monotonic_now_ms() + kViewIntervalMs, [this] { view_tick(); });
    loop_.add_timer(monotonic_now_ms() + kSaveIntervalMs, [this] { periodic(); });
    loop_.add_timer(monotonic_now_ms() + options_.status_interval_s * 1000ULL, [this] { status_tick(); });
    if (options_.exit_after_s > 0) {
        loop_.add_timer(monotonic_now_ms() + options_.exit_after_s * 1000ULL, [this] {
            log_notice("stopping after --exit-after-s");
            loop_.stop();
        });
    }
    service();
    return true;
}

void Daemon::stop() {
    if (http_) {
        http_->stop();  // before anything its threads might still reach
    }
    inbox_.close();
    save_state();
    if (mqtt_) {
        mqtt_->stop();  // publishes "offline" itself: a clean disconnect suppresses the last will
    }
    for (std::thread& reaper : mqtt_reapers_) {
        reaper.join();
    }
    serial_.close();
    if (can_) {
        can_->close();
    }
}

void Daemon::start_demo() {
    demo_bus_ = std::make_unique<sim::SimBus>();
    for (int adr = 0; adr < options_.demo_packs; ++adr) {
        sim::SimPackConfig pack;
        pack.adr = static_cast<std::uint8_t>(adr);
        pack.seed = static_cast<std::uint32_t>(adr + 1);
        pack.initial_soc_centipct = static_cast<std::uint16_t>(5500 + 700 * adr);
        demo_bus_->add_pack(pack);
    }
    log_notice(
        format("demo: %d simulated 16S7T packs at addresses 0-%d", options_.demo_packs, options_.demo_packs - 1));
}

void Daemon::start_mqtt() {
    if (!mqtt_settings_.enabled) {
        return;
    }
    if (options_.stealth) {
        log_notice("mqtt: disabled by --stealth");
        return;
    }
    std::string error;
    mqtt_ = MqttService::create(mqtt_settings_, error);
    if (!mqtt_) {
        log_error("mqtt: " + error + "; running without MQTT");
        return;
    }
    log_notice(format("mqtt: publishing to %s:%d under %s every %d s (detail %s, discovery %s)",
                      mqtt_settings_.host.c_str(), mqtt_settings_.port, mqtt_->names().base_topic.c_str(),
                      mqtt_settings_.interval_s, mqtt_settings_.detail.c_str(),
                      mqtt_settings_.discovery ? mqtt_settings_.discovery_prefix.c_str() : "off"));
}

void Daemon::mqtt_tick() {
    if (mqtt_) {
        mqtt_->on_timer(gateway_, monotonic_now_ms());
    }
    loop_.add_timer(monotonic_now_ms() + kMqttTimerMs, [this] { mqtt_tick(); });
}

void Daemon::restore_ledger(const std::string& text) {
    if (text.empty()) {
        return;
    }
    std::string error;
    if (!history::ledger_from_json(nlohmann::json::parse(text, nullptr, false), ledger_, error)) {
        const auto aside = keep_aside(options_.state_dir + "/state.json");
        log_warning("state: the daily energy record is damaged (" + error + "); it starts empty" +
                    (aside ? " (the file was kept as " + *aside + ")" : std::string()));
    }
}

bool Daemon::start_web() {
    if (options_.stealth || options_.http == "none") {
        if (options_.stealth) {
            log_notice("http: disabled by --stealth");
        }
        return true;
    }
    std::string error;
    if (!platform::SodiumCrypto::init(error) || !inbox_.open(error)) {
        log_error("http: " + error);
        return false;
    }
    if (loop_.add_reader(inbox_.fd(), [this] { inbox_.run_pending(); })) {
        inbox_fd_ = inbox_.fd();
    }
    crypto_ = std::make_unique<platform::SodiumCrypto>();
    WebBackend::Hooks hooks{[this](const config::GatewayConfig& next) { apply_config(next); },
                            [this](api::Action action) { run_action(action); }};
    web_backend_ =
        std::make_unique<WebBackend>(config_, options_.config_path, options_.state_dir, inbox_, std::move(hooks));
    api_ = std::make_unique<api::ApiService>(*web_backend_, *crypto_, api::embedded_web_bundle().assets);
    http_ = std::make_unique<platform::HttpServer>(*api_);
    publish_view(monotonic_now_ms(), wall_time());
    listen_http();
    return true;
}

// A busy port must not cost the battery its CAN output: the gateway runs on and retries every kHttpRetryMs.
void Daemon::listen_http() {
    platform::HttpServerOptions http_options;
    http_options.listen = options_.http;
    http_options.now_ms = [] { return monotonic_now_ms(); };
    http_options.log = [](const std::string& message) { log_warning(message); };
    std::string error;
    if (!http_->start(http_options, error)) {
        if (!http_failed_) {
            log_error("http: " + error + "; running without the dashboard, retrying every 30 s");
        }
        http_failed_ = true;
        loop_.add_timer(monotonic_now_ms() + kHttpRetryMs, [this] { listen_http(); });
        return;
    }
    http_failed_ = false;
    log_notice("http: dashboard at http://" + options_.http + "/" +
               (web_backend_->password_hash() ? "" : " (no admin password yet: set one there or with `passwd`)"));
}

void Daemon::apply_config(const config::GatewayConfig& next) {
    const bool baud_changed = next.poll.baud != config_.poll.baud;
    const bool mqtt_changed = config::config_to_json(next)["mqtt"] != config::config_to_json(config_)["mqtt"];
    config_ = next;
    gateway_.apply(next.to_gateway_settings());
    if (baud_changed && !options_.demo && serial_.is_open()) {
        if (serial_fd_ >= 0) {
            loop_.remove(serial_fd_);
            serial_fd_ = -1;
        }
        serial_.close();
        log_notice(format("serial: reopening at %d baud", next.poll.baud));
        open_serial();
    }
    if (mqtt_changed) {
        if (mqtt_) {
            // Stopping may wait for the broker (a clean "offline"): never on the loop thread.
            mqtt_reapers_.emplace_back([old = std::move(mqtt_)]() mutable { old->stop(); });
        }
        mqtt_settings_ = next.mqtt;
        start_mqtt();
    }
    after_tick(monotonic_now_ms());  // the next view shows the change
}

void Daemon::run_action(api::Action action) {
    const std::uint64_t now_ms = monotonic_now_ms();
    if (action == api::Action::kRescan) {
        log_notice("rs485: rescan requested from the web interface");
        gateway_.scheduler().rescan(now_ms);
        service();
    } else {
        log_notice("counters reset from the web interface");
        gateway_.reset_counters();
        write_errors_ = 0;
    }
    publish_view(now_ms, wall_time());
}

void Daemon::after_tick(std::uint64_t now_ms) {
    const WallTime wall = wall_time();
    history_.add(gateway_.snapshot(), now_ms, wall.wall_s);
    ledger_.update(gateway_.bank().energy().charged_mWh(), gateway_.bank().energy().discharged_mWh(), wall.today);
    publish_view(now_ms, wall);
}

void Daemon::publish_view(std::uint64_t now_ms, const WallTime& wall) {
    last_view_ms_ = now_ms;
    if (!http_) {
        return;
    }
    std::shared_ptr<api::GatewayView> view = views_.take();  // every field below is overwritten
    api::capture_gateway(gateway_, now_ms, *view);
    view->seq = ++view_seq_;
    view->uptime_ms = now_ms - started_ms_;
    view->wall_s = wall.wall_s;
    view->today = wall.today;
    view->version = std::string(app::kVersion);
    view->platform = "linux";
    view->demo = options_.demo;
    view->monitoring = options_.can_spec == "none";
    api::LinkHealth& links = view->links;
    links.serial_device = options_.demo ? "demo" : options_.serial_path;
    links.serial_open = options_.demo || serial_.is_open();
    links.serial_write_errors = write_errors_;
    if (can_) {
        const platform::CanStats stats = can_->stats();
        links.can_backend = std::string(can_->name());
        links.can_open = can_->is_open();
        links.can_frames_sent = stats.frames_sent;
        links.can_write_errors = stats.send_drops;
        links.can_last_error = stats.last_error;
    }
    links.loop_max_lateness_ms = loop_.stats().max_timer_lateness_ms;
    links.loop_max_lateness_ms = loop_.stats().max_timer_lateness_ms;
    links.mqtt_enabled = mqtt_ != nullptr;
    if (mqtt_) {
        const platform::MqttLinkStats stats = mqtt_->stats();
        links.mqtt_connected = stats.connected;
        links.mqtt_published = stats.published;
        links.mqtt_dropped = stats.dropped;
        links.mqtt_last_error = stats.last_error;
    }
    if (!frames_copy_ || frames_copy_->last_seq() != frame_log_.last_seq()) {
        std::shared_ptr<api::FrameLog> frames = frame_logs_.take();
        *frames = frame_log_;
        frames_copy_ = std::move(frames);
    }
    view->frames = frames_copy_;
    std::shared_ptr<history::MinuteHistory> history = histories_.take();
    *history = history_;  // same capacity: copies the samples, allocates nothing
    view->history = std::move(history);
    std::shared_ptr<history::EnergyLedger> ledger = ledgers_.take();
    *ledger = ledger_;
    view->energy = std::move(ledger);
    std::shared_ptr<const api::GatewayView> published = std::move(view);
    web_backend_->publish(published);
    http_->publish(std::move(published));
}

void Daemon::view_tick() {
    const std::uint64_t now_ms = monotonic_now_ms();
    if (now_ms >= last_view_ms_ + kViewIntervalMs) {
        after_tick(now_ms);  // no CAN tick in the last second (no pack yet, or a long interval)
    }
    loop_.add_timer(now_ms + kViewIntervalMs, [this] { view_tick(); });
}

void Daemon::service() {
    const std::uint64_t now_ms = monotonic_now_ms();
    if (const can::FrameSet* frames = gateway_.can_tick(now_ms)) {
        send_frames(*frames);
    }
    const std::uint64_t ticks =
        std::uint64_t{gateway_.can_counters().sets_encoded} + gateway_.can_counters().sets_silenced;
    if (ticks != ticks_seen_) {
        ticks_seen_ = ticks;
        after_tick(now_ms);
    }
    if (serial_.is_open() || demo_bus_) {
        if (const topband::EncodedFrame* request = gateway_.poll(now_ms)) {
            send_request(*request, now_ms);
        }
    }
    log_presence_changes();
    arm();
}

void Daemon::arm() {
    std::uint64_t next = gateway_.next_wakeup_ms();
    if (!serial_.is_open() && !demo_bus_) {
        next = gateway_.next_can_ms().value_or(UINT64_MAX);  // polling waits for the device
    }
    if (service_timer_ != platform::EventLoop::kNoTimer && next == armed_ms_) {
        return;
    }
    if (service_timer_ != platform::EventLoop::kNoTimer) {
        loop_.cancel_timer(service_timer_);
        service_timer_ = platform::EventLoop::kNoTimer;
    }
    if (next == UINT64_MAX) {
        return;
    }
    armed_ms_ = next;
    service_timer_ = loop_.add_timer(next, [this] {
        service_timer_ = platform::EventLoop::kNoTimer;
        service();
    });
}

void Daemon::send_frames(const can::FrameSet& frames) {
    if (!first_set_logged_) {
        first_set_logged_ = true;
        log_notice(format("can: first frame set (%zu frames) sent", frames.size()));
    }
    const std::uint64_t now_ms = monotonic_now_ms();
    if (can_ && can_->is_open()) {
        for (const can::CanFrame& frame : frames) {
            can_->send(frame);
            frame_log_.on_can(frame, api::FrameDirection::kTx, now_ms);
        }
        if (!can_->is_open()) {
            can_lost(can_->stats().last_error);  // a write found the adapter gone
        }
    }
    if (options_.print_frames) {
        std::string text;
        for (const can::CanFrame& frame : frames) {
            text += can::describe(frame, gateway_.settings().protocol);
            text += '\n';
        }
        std::cout << text << std::flush;
    }
    const auto& output = gateway_.output();
    if (output.failsafe != failsafe_logged_) {
        failsafe_logged_ = output.failsafe;
        if (output.failsafe) {
            log_warning(std::string("control: ") + std::string(output.state_reason.view()));
        } else {
            log_notice("control: failsafe cleared, packs answer again");
        }
    }
}

void Daemon::send_request(const topband::EncodedFrame& request, std::uint64_t now_ms) {
    frame_log_.on_serial_tx(request.bytes(), now_ms);
    if (demo_bus_) {
        const auto reply = demo_bus_->on_request(request.view(), now_ms);
        if (!reply) {
            return;
        }
        // Wire time of request and reply at the configured baud plus the pack's turnaround.
        const std::uint64_t chars = request.size + reply->frame.size;
        const std::uint64_t delay_ms = chars * 10'000 / gateway_.settings().poll.baud + reply->turnaround_ms;
        const std::string bytes(reply->frame.view());
        loop_.add_timer(now_ms + delay_ms, [this, bytes] {
            const auto data = std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
            frame_log_.on_serial_rx(data, monotonic_now_ms());
            gateway_.on_serial_bytes(data, monotonic_now_ms());
            service();
        });
        return;
    }
    serial_.flush_input();
    const platform::IoResult result = serial_.write(request.bytes());
    if (result.status == platform::IoStatus::kClosed) {
        serial_lost("write failed");
    } else if (result.status != platform::IoStatus::kOk || result.bytes != request.size) {
        ++write_errors_;
    }
}

void Daemon::open_serial() {
    std::string error;
    if (serial_.open(options_.serial_path, gateway_.settings().poll.baud, error)) {
        serial_reopen_.on_success();
        log_notice(format("serial: %s open at %u baud", options_.serial_path.c_str(), gateway_.settings().poll.baud));
        if (loop_.add_reader(serial_.fd(), [this] { on_serial_readable(); })) {
            serial_fd_ = serial_.fd();
        }
        gateway_.on_serial_reset(monotonic_now_ms());
        service();
        return;
    }
    serial_reopen_.on_failure(monotonic_now_ms());
    if (serial_reopen_.consecutive_failures() == 1 || serial_reopen_.delay_ms() >= 5'000) {
        log_warning("serial: " + error + format("; retrying in %u ms", serial_reopen_.delay_ms()));
    }
    loop_.add_timer(serial_reopen_.next_attempt_ms(), [this] { open_serial(); });
}

void Daemon::on_serial_readable() {
    std::array<std::uint8_t, 512> buffer{};
    while (serial_.is_open()) {
        const platform::IoResult result = serial_.read(buffer);
        if (result.status == platform::IoStatus::kOk && result.bytes > 0) {
            frame_log_.on_serial_rx(std::span(buffer.data(), result.bytes), monotonic_now_ms());
            gateway_.on_serial_bytes(std::span(buffer.data(), result.bytes), monotonic_now_ms());
            continue;
        }
        if (result.status == platform::IoStatus::kClosed || result.status == platform::IoStatus::kError) {
            serial_lost(serial_.stats().last_error);
        }
        break;
    }
    service();
}

void Daemon::serial_lost(const std::string& why) {
    if (serial_fd_ >= 0) {
        loop_.remove(serial_fd_);  // the port may have closed the fd already; the registration must go too
        serial_fd_ = -1;
    }
    serial_.close();
    log_warning("serial: " + options_.serial_path + " lost (" + why + "); reopening");
    gateway_.on_serial_reset(monotonic_now_ms());
    serial_reopen_.on_failure(monotonic_now_ms());
    loop_.add_timer(serial_reopen_.next_attempt_ms(), [this] { open_serial(); });
}

void Daemon::open_can() {
    if (!can_) {
        return;
    }
    std::string error;
    if (can_->open(error)) {
        can_reopen_.on_success();
        log_notice(std::string("can: ") + std::string(can_->name()) + " open");
        if (can_->fd() >= 0 && loop_.add_reader(can_->fd(), [this] { on_can_readable(); })) {
            can_fd_ = can_->fd();
        }
        return;
    }
    can_reopen_.on_failure(monotonic_now_ms());
    if (can_reopen_.consecutive_failures() == 1 || can_reopen_.delay_ms() >= 5'000) {
        log_warning("can: " + error + format("; retrying in %u ms", can_reopen_.delay_ms()));
    }
    loop_.add_timer(can_reopen_.next_attempt_ms(), [this] { open_can(); });
}

void Daemon::on_can_readable() {
    received_.clear();
    can_->on_readable(received_);
    const std::uint64_t now_ms = monotonic_now_ms();
    for (const can::CanFrame& frame : received_) {
        frame_log_.on_can(frame, api::FrameDirection::kRx, now_ms);
        gateway_.on_can_frame(frame, now_ms);
    }
    if (!can_->is_open()) {
        can_lost(can_->stats().last_error);
    }
}

void Daemon::can_lost(const std::string& why) {
    log_warning(std::string("can: ") + std::string(can_->name()) + " lost (" + why + "); reopening");
    if (can_fd_ >= 0) {
        loop_.remove(can_fd_);  // the backend may have closed the fd already; the registration must go too
        can_fd_ = -1;
    }
    can_->close();
    can_reopen_.on_failure(monotonic_now_ms());
    loop_.add_timer(can_reopen_.next_attempt_ms(), [this] { open_can(); });
}

void Daemon::log_presence_changes() {
    const auto& scheduler = gateway_.scheduler();
    for (std::uint8_t adr = 0; adr < app::kMaxPacks; ++adr) {
        const app::Presence now = scheduler.presence(adr);
        if (now == presence_[adr]) {
            continue;
        }
        const app::Presence before = presence_[adr];
        presence_[adr] = now;
        if (now == app::Presence::kOnline) {
            log_notice(format("rs485: pack %u online", unsigned{adr}));
        } else if (now == app::Presence::kOffline) {
            log_warning(format("rs485: pack %u offline (%u polls without a valid reply)", unsigned{adr},
                               scheduler.counters(adr).consecutive_failures));
        } else if (before == app::Presence::kOnline) {
            log_info(format("rs485: pack %u %s", unsigned{adr}, std::string(api::to_string(now)).c_str()));
        }
    }
}

void Daemon::log_status() {
    const bank::BankSnapshot& bank = gateway_.snapshot();
    const control::ControlOutput& out = gateway_.output();
    const auto& can = gateway_.can_counters();
    log_info(
        format("status: %u online %u offline, SOC %.2f %%, %.2f V, %.1f A; %s; CVL %.1f V CCL %.1f A DCL %.1f A; "
               "CAN %u sets sent, %u silenced, %u GX keep-alives",
               unsigned{bank.modules_online}, unsigned{bank.modules_offline}, bank.soc_centipct / 100.0,
               bank.voltage_10mV / 100.0, bank.current_dA / 10.0, std::string(control::to_string(out.state)).c_str(),
               out.cvl_dV / 10.0, out.ccl_dA / 10.0, out.dcl_dA / 10.0, can.sets_encoded, can.sets_silenced,
               can.gx_keepalive));
    if (mqtt_) {
        const platform::MqttLinkStats mqtt = mqtt_->stats();
        log_info(
            format("mqtt: %s, %llu connections, %llu failed attempts, %llu published, %llu dropped, %zu queued%s%s",
                   mqtt.connected ? "connected" : "not connected", static_cast<unsigned long long>(mqtt.connections),
                   static_cast<unsigned long long>(mqtt.failures), static_cast<unsigned long long>(mqtt.published),
                   static_cast<unsigned long long>(mqtt.dropped), mqtt.queued,
                   mqtt.last_error.empty() ? "" : ", last error: ", mqtt.last_error.c_str()));
    }
    const auto& scheduler = gateway_.scheduler();
    for (std::uint8_t adr = 0; adr < app::kMaxPacks; ++adr) {
        const app::PackCounters& c = scheduler.counters(adr);
        if (c.replies == 0 && scheduler.presence(adr) != app::Presence::kOnline) {
            continue;
        }
        std::string errors;
        for (std::size_t kind = 1; kind < topband::kFrameStatusCount; ++kind) {
            if (c.errors[kind] > 0) {
                errors +=
                    format(" %s=%u", std::string(topband::to_string(static_cast<topband::FrameStatus>(kind))).c_str(),
                           c.errors[kind]);
            }
        }
        log_info(
            format("pack %u: %s, polls %u, replies %u, timeouts %u, decode errors %u, response mean %u ms max "
                   "%u ms, errors:%s",
                   unsigned{adr}, std::string(api::to_string(scheduler.presence(adr))).c_str(), c.polls, c.replies,
                   c.timeouts, gateway_.decode_errors(adr), c.response_time_mean_ms(), c.response_time_max_ms,
                   errors.empty() ? " none" : errors.c_str()));
    }
}

void Daemon::save_state() {
    if (options_.state_dir.empty()) {
        return;
    }
    const bank::BankSnapshot& bank = gateway_.snapshot();
    std::string error;
    if (!daemon::save_state(
            options_.state_dir,
            PersistentState{bank.charged_Wh, bank.discharged_Wh, history::ledger_to_json(ledger_).dump()}, error)) {
        log_warning("state: " + error);
    }
}

void Daemon::periodic() {
    save_state();
    // Returns freed pages to the kernel (the heap is a few MB; this takes well under a millisecond), so the resident
    // size follows the live heap instead of the allocator's high-water mark (docs/reliability.md, "Soak").
    ::malloc_trim(0);
    loop_.add_timer(monotonic_now_ms() + kSaveIntervalMs, [this] { periodic(); });
}

void Daemon::status_tick() {
    log_status();
    loop_.add_timer(monotonic_now_ms() + options_.status_interval_s * 1000ULL, [this] { status_tick(); });
}

}  // namespace

int run_daemon(const RunOptions& options_in) {
    // glibc gives each of the ~28 threads (HTTP workers, MQTT, reapers) its own malloc arena on first use; each keeps
    // freed memory, which showed as +2.8 MB/h of resident memory in the daemon soak with a flat live heap. Two arenas
    // are plenty for this load. Before any thread starts.
    ::mallopt(M_ARENA_MAX, 2);
    LogLevel level = LogLevel::kInfo;
    if (!parse_log_level(options_in.log_level, level)) {
        log_error("--log-level must be error, warning, notice, info or debug");
        return 2;
    }
    set_log_level(level);
    if (options_in.serial_path.empty() && !options_in.demo) {
        log_error("--serial PATH is required (or --demo for a simulated bank)");
        return 2;
    }
    bool monitoring_only = false;
    const auto config = load_config(options_in, monitoring_only);
    if (!config) {
        return 2;
    }
    RunOptions options = options_in;
    if (monitoring_only) {
        options.can_spec = "none";
    }
    std::string error;
    auto can = platform::make_can_backend(options.can_spec, error);
    if (!can) {
        log_error("--can: " + error);
        return 2;
    }
    auto loop = platform::EventLoop::create(error);
    if (!loop) {
        log_error("event loop: " + error);
        return 1;
    }
    log_notice(format("topband-gateway %s starting: serial %s, can %s, protocol %s%s",
                      std::string(app::kVersion).c_str(), options.demo ? "demo" : options.serial_path.c_str(),
                      options.can_spec.c_str(), config->can.protocol.c_str(), options.stealth ? ", stealth" : ""));
    Daemon daemon(options, *config, *loop, std::move(can));
    loop->set_signal_handler([&loop](int signal_number) {
        log_notice(format("signal %d: stopping", signal_number));
        loop->stop();
    });
    if (!daemon.start()) {
        daemon.stop();
        return 1;
    }
    loop->run();
    daemon.stop();
    log_notice("stopped");
    return 0;
}

}  // namespace tbg::daemon
