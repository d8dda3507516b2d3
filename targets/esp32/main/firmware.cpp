#include "targets/esp32/main/firmware.h"

#include <algorithm>

#include "core/app/version.h"
#include "esp_heap_caps.h"
#include "esp_log.h"
#include "esp_system.h"
#include "esp_timer.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "platform/esp32/board_io.h"
#include "platform/esp32/ota_updater.h"
#include "platform/esp32/task_watchdog.h"
#include "sdkconfig.h"
#include "targets/esp32/main/edition.h"
#include "targets/esp32/main/task_layout.h"
#include "targets/esp32/main/wall_clock.h"

namespace tbg::esp32 {

namespace {

constexpr const char* kTag = "gateway";

#if CONFIG_IDF_TARGET_ESP32S3
constexpr ChipFamily kChip = ChipFamily::kEsp32S3;
constexpr std::string_view kChipDefaultBoard = "waveshare-s3-rs485-can";
#else
constexpr ChipFamily kChip = ChipFamily::kEsp32;
constexpr std::string_view kChipDefaultBoard = "lilygo-t-can485";
#endif

std::uint64_t monotonic_ms() {
    return static_cast<std::uint64_t>(esp_timer_get_time() / 1000);
}

bool start_task(const TaskSpec& spec, TaskFunction_t entry, void* self, TaskHandle_t* handle) {
    if (xTaskCreatePinnedToCore(entry, spec.name, spec.stack_bytes, self, spec.priority, handle, spec.core) != pdPASS) {
        ESP_LOGE(kTag, "cannot start task %s (out of memory)", spec.name);
        return false;
    }
    return true;
}

void subscribe(TaskWatchdog& watchdog, const char* task) {
    std::string error;
    if (!watchdog.subscribe(error)) {
        ESP_LOGE(kTag, "%s: task watchdog: %s", task, error.c_str());
    }
}

}  // namespace

Firmware::Firmware() = default;

Firmware::~Firmware() = default;

std::uint64_t Firmware::now_ms() const {
    return monotonic_ms();
}

void Firmware::boot() {
    boot_ms_ = monotonic_ms();
    log_.install();
    ESP_LOGI(kTag, "topband-gateway %s (%s edition), reset reason %d", std::string(app::kVersion).c_str(), kEditionName,
             static_cast<int>(esp_reset_reason()));

    // Configuration first: it names the board, whose pins must be set before anything drives the buses.
    const NvsInitResult nvs = NvsStore::init_flash();
    if (!nvs.message.empty()) {
        ESP_LOGW(kTag, "nvs: %s", nvs.message.c_str());
    }
    std::string error;
    if (nvs.ok && !nvs_.open(kNvsNamespace, error)) {
        ESP_LOGE(kTag, "nvs: %s; running on defaults, nothing is saved", error.c_str());
    }
    persistence_ = std::make_unique<Persistence>(nvs_, boot_ms_);
    BootConfig loaded = persistence_->load_config();
    if (!loaded.error.empty()) {
        ESP_LOGE(kTag, "config: %s", loaded.error.c_str());
    }
    monitoring_ = loaded.monitoring();
    if (monitoring_) {
        ESP_LOGE(kTag,
                 "can: transmission OFF (monitoring): the TWAI driver is not started; save a configuration "
                 "and restart the gateway");
    }
    {
        const std::lock_guard lock(config_mutex_);
        config_ = loaded.config;
    }

    open_board();

    TaskWatchdogConfig watchdog;
    if (!configure_task_watchdog(watchdog, error)) {
        ESP_LOGE(kTag, "task watchdog: %s", error.c_str());
    }

    const config::GatewayConfig config = this->config();
    const BootEnergy energy = persistence_->load_energy(ledger_);
    if (!energy.error.empty()) {
        ESP_LOGW(kTag, "energy: %s", energy.error.c_str());
    }
    {
        const std::lock_guard lock(gateway_mutex_);
        gateway_ = std::make_unique<app::Gateway>(config.to_gateway_settings(), monotonic_ms());
        gateway_->bank().restore_energy(energy.counters.charged_Wh, energy.counters.discharged_Wh);
    }
    const std::size_t minutes =
        heap_caps_get_total_size(MALLOC_CAP_SPIRAM) > 0 ? kHistoryMinutesPsram : kHistoryMinutesInternal;
    histories_ = api::Recycler<history::MinuteHistory>(
        2, [minutes] { return std::make_shared<history::MinuteHistory>(minutes); });

    if (!monitoring_ && !can_.open(board_.can_tx_pin, board_.can_rx_pin, error)) {
        ESP_LOGE(kTag, "can: %s; retried by the CAN task", error.c_str());
    }
    if (!uart_.open(kRs485UartPort, board_.rs485_tx_pin, board_.rs485_rx_pin, board_.rs485_de_pin,
                    static_cast<std::uint32_t>(config.poll.baud), error)) {
        ESP_LOGE(kTag, "rs485: %s; retried by the RS485 task", error.c_str());
    }

    start_task(kCanTask, &Firmware::can_entry, this, nullptr);
    start_task(kRs485Task, &Firmware::rs485_entry, this, nullptr);
    start_task(kControlTask, &Firmware::control_entry, this, &control_task_);

    network_ = make_network_side(*this, config);
    if (network_) {
        network_->start();
    }
    ESP_LOGI(kTag, "started in %u ms on %s: RS485 TX %d RX %d DE %d, CAN TX %d RX %d, LED %s %d",
             static_cast<unsigned>(monotonic_ms() - boot_ms_), board_.board.c_str(), board_.rs485_tx_pin,
             board_.rs485_rx_pin, board_.rs485_de_pin, board_.can_tx_pin, board_.can_rx_pin,
             std::string(to_string(board_.led_kind)).c_str(), board_.led_pin);
}

// The configured board, else the chip's own profile: a wrong pin setting must not leave the battery without CAN.
void Firmware::open_board() {
    config::DeviceSettings device = config().device;
    if (device.board == config::DeviceSettings{}.board) {
        device.board = std::string(kChipDefaultBoard);  // the default names the S3 board; an ESP32 is a LilyGO
    }
    std::string error;
    std::optional<ResolvedBoard> resolved = resolve_board(device, kChip, error);
    if (!resolved) {
        ESP_LOGE(kTag, "device: %s; using the %s profile", error.c_str(), std::string(kChipDefaultBoard).c_str());
        config::DeviceSettings fallback;
        fallback.board = std::string(kChipDefaultBoard);
        resolved = resolve_board(fallback, kChip, error);
    }
    if (!resolved) {
        ESP_LOGE(kTag, "device: %s", error.c_str());
        return;
    }
    board_ = *resolved;
    if (!apply_boot_levels(board_.boot_levels, error)) {
        ESP_LOGE(kTag, "device: boot levels: %s", error.c_str());
    }
    if (board_.led_kind != LedKind::kNone && !led_.open(board_.led_kind, board_.led_pin, error)) {
        ESP_LOGW(kTag, "led: %s", error.c_str());
    }
}

void Firmware::can_entry(void* self) {
    static_cast<Firmware*>(self)->can_loop();
}
void Firmware::rs485_entry(void* self) {
    static_cast<Firmware*>(self)->rs485_loop();
}
void Firmware::control_entry(void* self) {
    static_cast<Firmware*>(self)->control_loop();
}

// CAN: encodes and queues each frame set at its deadline, services the driver, hands received frames to the core.
// Blocks only in twai_receive(), at most until the next deadline. In monitoring the core still ticks (the views show
// what it would send) but the driver is never opened: nothing goes on the bus, not even an acknowledgement.
void Firmware::can_loop() {
    TaskWatchdog watchdog;
    subscribe(watchdog, kCanTask.name);
    can::FrameSet frames;
    std::uint64_t next_open_ms = 0;
    while (true) {
        watchdog.feed();
        const std::uint64_t now = monotonic_ms();
        bool ticked = false;
        bool send = false;
        std::optional<std::uint64_t> next;
        std::uint64_t lateness_ms = 0;
        {
            const std::lock_guard lock(gateway_mutex_);
            const std::optional<std::uint64_t> due = gateway_->next_can_ms();
            if (due && now >= *due) {
                lateness_ms = now - *due;
                if (const can::FrameSet* set = gateway_->can_tick(now); set != nullptr && !monitoring_) {
                    frames = *set;
                    send = true;
                }
                ticked = true;
            }
            next = gateway_->next_can_ms();
        }
        if (send) {
            for (const can::CanFrame& frame : frames.frames()) {
                can_.send(frame, 0);  // never waits for the bus; a full queue is counted by the adapter
            }
        }
        if (ticked) {
            {
                const std::lock_guard lock(stats_mutex_);
                ++stats_.can_ticks;
                stats_.can_max_lateness_ms = std::max(stats_.can_max_lateness_ms, lateness_ms);
                if (send && !stats_.first_set_ms) {
                    stats_.first_set_ms = now - boot_ms_;
                    ESP_LOGI(kTag, "can: first frame set %llu ms after boot",
                             static_cast<unsigned long long>(now - boot_ms_));
                }
            }
            if (control_task_ != nullptr) {
                xTaskNotifyGive(control_task_);
            }
        }
        if (!monitoring_ && !can_.is_open() && now >= next_open_ms) {
            std::string error;
            if (!can_.open(board_.can_tx_pin, board_.can_rx_pin, error)) {
                next_open_ms = now + 5000;
            }
        }
        can_.service(now);
        std::uint32_t wait_ms = kCanServiceMs;
        const std::uint64_t after = monotonic_ms();
        if (next) {
            wait_ms = static_cast<std::uint32_t>(std::min<std::uint64_t>(*next > after ? *next - after : 0, wait_ms));
        }
        if (!can_.is_open()) {
            vTaskDelay(pdMS_TO_TICKS(std::max<std::uint32_t>(wait_ms, 1)));
            continue;
        }
        if (const std::optional<can::CanFrame> frame = can_.receive(wait_ms)) {
            const std::lock_guard lock(gateway_mutex_);
            gateway_->on_can_frame(*frame, monotonic_ms());
        }
    }
}

// RS485: writes each request the scheduler hands out and feeds every received byte to the core. Blocks only in
// uart_read_bytes(), at most kRs485MaxWaitMs.
void Firmware::rs485_loop() {
    TaskWatchdog watchdog;
    subscribe(watchdog, kRs485Task.name);
    topband::EncodedFrame request;
    std::array<std::uint8_t, 256> buffer{};
    std::uint64_t next_open_ms = 0;
    while (true) {
        watchdog.feed();
        std::uint64_t now = monotonic_ms();
        if (const std::uint32_t baud = pending_baud_.exchange(0); baud != 0) {
            std::string error;
            if (!uart_.set_baud(baud, error)) {
                ESP_LOGE(kTag, "rs485: %s", error.c_str());
            }
            const std::lock_guard lock(gateway_mutex_);
            gateway_->on_serial_reset(now);
        }
        if (rescan_requested_.exchange(false)) {
            const std::lock_guard lock(gateway_mutex_);
            gateway_->scheduler().rescan(now);
        }
        if (!uart_.is_open()) {
            if (now >= next_open_ms) {
                std::string error;
                if (uart_.open(kRs485UartPort, board_.rs485_tx_pin, board_.rs485_rx_pin, board_.rs485_de_pin,
                               static_cast<std::uint32_t>(config().poll.baud), error)) {
                    const std::lock_guard lock(stats_mutex_);
                    ++stats_.uart_reopens;
                } else {
                    next_open_ms = now + 5000;
                }
            }
            vTaskDelay(pdMS_TO_TICKS(100));
            continue;
        }
        bool have_request = false;
        std::uint64_t wake_ms = 0;
        {
            const std::lock_guard lock(gateway_mutex_);
            if (const topband::EncodedFrame* next = gateway_->poll(now)) {
                request = *next;
                have_request = true;
            }
            wake_ms = gateway_->next_wakeup_ms();
        }
        if (have_request) {
            uart_.write(request.bytes());
        }
        now = monotonic_ms();
        const std::uint32_t wait_ms = static_cast<std::uint32_t>(
            std::clamp<std::uint64_t>(wake_ms > now ? wake_ms - now : 1, 1, kRs485MaxWaitMs));
        const std::size_t count = uart_.read(buffer, wait_ms);
        if (count > 0) {
            const std::lock_guard lock(gateway_mutex_);
            gateway_->on_serial_bytes(std::span<const std::uint8_t>(buffer.data(), count), monotonic_ms());
        }
    }
}

// Control: after each CAN tick (notified) and at least once a second: history, energy ledger, view; the LED every
// kUpdateIntervalMs; the energy save policy every minute; the OTA self-check; a requested restart.
void Firmware::control_loop() {
    TaskWatchdog watchdog;
    subscribe(watchdog, kControlTask.name);
    last_energy_check_ms_ = monotonic_ms();
    while (true) {
        watchdog.feed();
        const std::uint32_t notified = ulTaskNotifyTake(pdTRUE, pdMS_TO_TICKS(kUpdateIntervalMs));
        const std::uint64_t now = monotonic_ms();
        if (notified > 0 || now >= last_view_ms_ + kViewIntervalMs) {
            after_tick(now);
        }
        update_led(now);
        if (now >= last_energy_check_ms_ + kEnergyCheckMs) {
            last_energy_check_ms_ = now;
            save_energy(now, false);
        }
        confirm_ota();
        if (restart_requested_) {
            save_energy(now, true);
            ESP_LOGW(kTag, "restarting");
            vTaskDelay(pdMS_TO_TICKS(200));  // the HTTP answer and the log line get out
            esp_restart();
        }
    }
}

void Firmware::after_tick(std::uint64_t now_ms) {
    last_view_ms_ = now_ms;
    const WallTime wall = wall_time();
    std::shared_ptr<api::GatewayView> view = network_ ? views_.take() : nullptr;
    std::shared_ptr<history::MinuteHistory> history = network_ ? histories_.take() : nullptr;
    if (history && history_) {
        *history = *history_;  // same capacity: copies the samples, allocates nothing
    }
    bank::EnergyCounter energy;
    {
        const std::lock_guard lock(gateway_mutex_);
        if (history) {
            history->add(gateway_->snapshot(), now_ms, wall.wall_s);
        }
        energy = gateway_->bank().energy();
        const control::ControlOutput& output = gateway_->output();
        led_inputs_.booting = false;
        led_inputs_.any_pack_online = gateway_->snapshot().modules_online > 0;
        led_inputs_.bms_answering = led_inputs_.any_pack_online;
        led_inputs_.over_voltage_cutoff =
            output.hard_cutoff && output.alarm(control::AlarmCondition::kHighVoltage) == control::AlarmLevel::kAlarm;
        led_inputs_.temperature_cutoff =
            output.hard_cutoff &&
            (output.alarm(control::AlarmCondition::kHighTemperature) == control::AlarmLevel::kAlarm ||
             output.alarm(control::AlarmCondition::kLowTemperature) == control::AlarmLevel::kAlarm ||
             output.alarm(control::AlarmCondition::kHighTemperatureCharge) == control::AlarmLevel::kAlarm ||
             output.alarm(control::AlarmCondition::kLowTemperatureCharge) == control::AlarmLevel::kAlarm);
        if (view) {
            api::capture_gateway(*gateway_, now_ms, *view);
        }
    }
    ledger_.update(energy.charged_mWh(), energy.discharged_mWh(), wall.today);
    const TwaiStats can = can_.stats();
    led_inputs_.can_healthy = can_.is_open() && (can.state == "running" || can.state == "error-passive");
    if (!view) {
        return;
    }
    view->seq = ++view_seq_;
    view->uptime_ms = now_ms - boot_ms_;
    view->wall_s = wall.wall_s;
    view->today = wall.today;
    view->version = std::string(app::kVersion);
    view->edition = kEditionName;
    view->platform = "esp32";
    view->demo = false;
    view->monitoring = monitoring_;
    api::LinkHealth& links = view->links;
    const Rs485Stats serial = uart_.stats();
    links.serial_device = "uart" + std::to_string(kRs485UartPort);
    links.serial_open = uart_.is_open();
    links.serial_write_errors = serial.write_errors;
    links.can_backend = monitoring_ ? "none" : "twai";
    links.can_open = can_.is_open();
    links.can_frames_sent = can.frames_sent;
    links.can_write_errors = can.send_drops;
    links.can_last_error = can.last_error;
    links.loop_max_lateness_ms = stats().can_max_lateness_ms;
    network_->fill_links(links);
    history_ = std::move(history);
    view->history = history_;
    std::shared_ptr<history::EnergyLedger> ledger = ledgers_.take();
    *ledger = ledger_;
    view->energy = std::move(ledger);
    network_->publish(std::move(view));
}

void Firmware::update_led(std::uint64_t now_ms) {
    if (board_.led_kind == LedKind::kNone) {
        return;
    }
    led_.show(led_colour(led_inputs_, now_ms));
}

void Firmware::save_energy(std::uint64_t now_ms, bool shutdown) {
    bank::EnergyCounter energy;
    {
        const std::lock_guard lock(gateway_mutex_);
        energy = gateway_->bank().energy();
    }
    const EnergySave saved = persistence_->save_energy(now_ms, wall_time().today, energy, ledger_, shutdown);
    if (!saved.ok) {
        ESP_LOGE(kTag, "energy: %s", saved.error.c_str());
    }
}

// A new image is confirmed once it has shown it works: a frame set went out and, in the full edition, the web
// server answers (so a bad image that cannot serve an update is rolled back by the bootloader).
void Firmware::confirm_ota() {
    if (ota_checked_ || !stats().first_set_ms || (network_ && !network_->serving())) {
        return;
    }
    ota_checked_ = true;
    std::string error;
    if (OtaUpdater::confirm_if_pending(error) == OtaConfirm::kFailed) {
        ESP_LOGE(kTag, "ota: %s", error.c_str());
    }
}

config::GatewayConfig Firmware::config() const {
    const std::lock_guard lock(config_mutex_);
    return config_;
}

bool Firmware::apply_config(const config::GatewayConfig& next, std::string& error) {
    if (!persistence_->store_config(next, error)) {
        return false;
    }
    if (monitoring_) {
        ESP_LOGW(kTag, "config: saved; CAN transmission stays OFF (monitoring) until the gateway restarts");
    }
    std::int32_t old_baud = 0;
    {
        const std::lock_guard lock(config_mutex_);
        old_baud = config_.poll.baud;
        config_ = next;
    }
    {
        const std::lock_guard lock(gateway_mutex_);
        gateway_->apply(next.to_gateway_settings());
    }
    if (next.poll.baud != old_baud) {
        pending_baud_ = static_cast<std::uint32_t>(next.poll.baud);
    }
    if (control_task_ != nullptr) {
        xTaskNotifyGive(control_task_);  // the next view shows the change
    }
    return true;
}

bool Firmware::run_action(api::Action action, std::string& /*error*/) {
    if (action == api::Action::kRescan) {
        ESP_LOGI(kTag, "rs485: rescan requested from the web interface");
        rescan_requested_ = true;
    } else {
        ESP_LOGI(kTag, "counters reset from the web interface");
        const std::lock_guard lock(gateway_mutex_);
        gateway_->reset_counters();
    }
    if (control_task_ != nullptr) {
        xTaskNotifyGive(control_task_);
    }
    return true;
}

void Firmware::request_restart(const std::string& reason) {
    ESP_LOGW(kTag, "restart requested: %s", reason.c_str());
    restart_requested_ = true;
}

FirmwareStats Firmware::stats() const {
    const std::lock_guard lock(stats_mutex_);
    return stats_;
}

}  // namespace tbg::esp32
