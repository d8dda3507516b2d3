#include "targets/linux/daemon.h"

#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/api/status_json.h"
#include "core/app/gateway.h"
#include "core/can/describe.h"
#include "core/config/config_json.h"
#include "platform/linux/can_backend.h"
#include "platform/linux/event_loop.h"
#include "platform/linux/monotonic_clock.h"
#include "platform/linux/reopen_policy.h"
#include "platform/linux/serial_port.h"
#include "platform/sim/sim_bus.h"
#include "targets/linux/log.h"
#include "targets/linux/mqtt_service.h"
#include "targets/linux/state_file.h"

namespace tbg::daemon {

namespace {

using platform::monotonic_now_ms;

constexpr std::uint64_t kSaveIntervalMs = 60'000;
constexpr std::uint64_t kMqttTimerMs = 1000;

std::string format(const char* pattern, auto... values) {
    char text[512];
    std::snprintf(text, sizeof text, pattern, values...);
    return text;
}

// Loads (or creates) the configuration; prints every problem and returns nullopt when it cannot be used.
std::optional<config::GatewayConfig> load_config(const RunOptions& options) {
    config::GatewayConfig config;
    if (!options.config_path.empty()) {
        struct stat info {};
        if (::stat(options.config_path.c_str(), &info) != 0) {
            std::string error;
            if (!write_atomic(options.config_path, config::config_to_json(config).dump(2) + "\n", error)) {
                log_error("config: " + error);
                return std::nullopt;
            }
            log_notice("config: wrote the defaults to " + options.config_path);
        } else {
            std::string error;
            const auto text = read_file(options.config_path, error);
            if (!text) {
                log_error("config: " + error);
                return std::nullopt;
            }
            const ConfigErrors errors = config::config_from_text(*text, config);
            for (const auto& problem : errors) {
                log_error("config: " + options.config_path + ": " + problem.message);
            }
            if (!errors.empty()) {
                return std::nullopt;
            }
        }
    }
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
          gateway_(config.to_gateway_settings(), monotonic_now_ms()),
          can_(std::move(can)),
          mqtt_settings_(config.mqtt) {}

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

    const RunOptions& options_;
    platform::EventLoop& loop_;
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
};

bool Daemon::start() {
    std::string warning;
    if (!options_.state_dir.empty()) {
        std::error_code error;
        std::filesystem::create_directories(options_.state_dir, error);
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
    }
    open_can();
    if (options_.demo) {
        start_demo();
    } else {
        open_serial();
    }
    start_mqtt();
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
    save_state();
    if (mqtt_) {
        mqtt_->stop();  // publishes "offline" itself: a clean disconnect suppresses the last will
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
    loop_.add_timer(monotonic_now_ms() + kMqttTimerMs, [this] { mqtt_tick(); });
}

void Daemon::mqtt_tick() {
    mqtt_->on_timer(gateway_, monotonic_now_ms());
    loop_.add_timer(monotonic_now_ms() + kMqttTimerMs, [this] { mqtt_tick(); });
}

void Daemon::service() {
    const std::uint64_t now_ms = monotonic_now_ms();
    if (const can::FrameSet* frames = gateway_.can_tick(now_ms)) {
        send_frames(*frames);
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
    if (can_ && can_->is_open()) {
        for (const can::CanFrame& frame : frames) {
            can_->send(frame);
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
            gateway_.on_serial_bytes(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()),
                                     monotonic_now_ms());
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
    if (!daemon::save_state(options_.state_dir, PersistentState{bank.charged_Wh, bank.discharged_Wh}, error)) {
        log_warning("state: " + error);
    }
}

void Daemon::periodic() {
    save_state();
    loop_.add_timer(monotonic_now_ms() + kSaveIntervalMs, [this] { periodic(); });
}

void Daemon::status_tick() {
    log_status();
    loop_.add_timer(monotonic_now_ms() + options_.status_interval_s * 1000ULL, [this] { status_tick(); });
}

}  // namespace

int run_daemon(const RunOptions& options) {
    LogLevel level = LogLevel::kInfo;
    if (!parse_log_level(options.log_level, level)) {
        log_error("--log-level must be error, warning, notice, info or debug");
        return 2;
    }
    set_log_level(level);
    if (options.serial_path.empty() && !options.demo) {
        log_error("--serial PATH is required (or --demo for a simulated bank)");
        return 2;
    }
    const auto config = load_config(options);
    if (!config) {
        return 2;
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
    log_notice(format("topband-gateway %s starting: serial %s, can %s, protocol %s%s", "0.1.0",
                      options.demo ? "demo" : options.serial_path.c_str(), options.can_spec.c_str(),
                      config->can.protocol.c_str(), options.stealth ? ", stealth" : ""));
    Daemon daemon(options, *config, *loop, std::move(can));
    loop->set_signal_handler([&loop](int signal_number) {
        log_notice(format("signal %d: stopping", signal_number));
        loop->stop();
    });
    daemon.start();
    loop->run();
    daemon.stop();
    log_notice("stopped");
    return 0;
}

}  // namespace tbg::daemon
