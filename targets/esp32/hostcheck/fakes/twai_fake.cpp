// Host fake of driver/twai.h (twai_fake.h).
#include "twai_fake.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <mutex>

#include "freertos_fake.h"

namespace tbg::hostcheck {

namespace {

using Clock = std::chrono::steady_clock;

struct Twai {
    Waitable waitable;  // its mutex guards everything below
    TwaiFakeInfo info;
    std::deque<twai_message_t> tx_queue;
    std::deque<twai_message_t> rx_queue;
    std::vector<TwaiSentFrame> sent;
    std::uint32_t tx_failed = 0;
    std::uint32_t rx_missed = 0;
    std::uint32_t bus_errors = 0;
    // settings
    bool hold_tx = false;
    bool recovery_blocked = false;
    std::uint32_t recovery_ms = 3;
    esp_err_t transmit_error = ESP_OK;
    // recovery in progress
    bool recovery_due_valid = false;
    Clock::time_point recovery_due{};

    void reset() {
        info = TwaiFakeInfo{};
        tx_queue.clear();
        rx_queue.clear();
        sent.clear();
        tx_failed = 0;
        rx_missed = 0;
        bus_errors = 0;
        hold_tx = false;
        recovery_blocked = false;
        recovery_ms = 3;
        transmit_error = ESP_OK;
        recovery_due_valid = false;
    }
};

Twai& twai() {
    static Twai instance;
    return instance;
}

struct PowerCycleHook {
    PowerCycleHook() {
        on_power_cycle([] {
            Twai& t = twai();
            std::lock_guard guard(t.waitable.mutex);
            t.reset();
            t.waitable.notify();
        });
    }
} g_power_cycle_hook;

std::uint32_t ticks_to_ms(TickType_t ticks) {
    if (ticks == portMAX_DELAY) {
        return UINT32_MAX;
    }
    return static_cast<std::uint32_t>(std::uint64_t{ticks} * 1000 / configTICK_RATE_HZ);
}

// With the mutex held.
void raise(Twai& t, std::uint32_t alerts) {
    t.info.pending_alerts |= alerts & t.info.general.alerts_enabled;
    t.waitable.notify();
}

can::CanFrame frame_of(const twai_message_t& message) {
    can::CanFrame frame;
    frame.id = static_cast<std::uint16_t>(message.identifier & 0x7FF);
    frame.dlc = std::min<std::uint8_t>(message.data_length_code, can::kMaxDlc);
    std::copy_n(message.data, frame.dlc, frame.data.begin());
    return frame;
}

// Sends what the TX queue holds unless held. With the mutex held.
void drain_tx(Twai& t) {
    if (t.hold_tx || t.info.state != TWAI_STATE_RUNNING) {
        return;
    }
    while (!t.tx_queue.empty()) {
        t.sent.push_back(TwaiSentFrame{uptime_us(), frame_of(t.tx_queue.front())});
        t.tx_queue.pop_front();
    }
    t.waitable.notify();
}

// Completes a due recovery. With the mutex held.
void advance(Twai& t) {
    if (t.info.state == TWAI_STATE_RECOVERING && t.recovery_due_valid && !t.recovery_blocked &&
        Clock::now() >= t.recovery_due) {
        t.info.state = TWAI_STATE_STOPPED;
        t.info.tx_error_counter = 0;
        t.info.rx_error_counter = 0;
        t.recovery_due_valid = false;
        raise(t, TWAI_ALERT_BUS_RECOVERED | TWAI_ALERT_ERR_ACTIVE | TWAI_ALERT_BELOW_ERR_WARN);
    }
    t.info.tx_queued = static_cast<std::uint32_t>(t.tx_queue.size());
    t.info.rx_queued = static_cast<std::uint32_t>(t.rx_queue.size());
}

}  // namespace

TwaiFakeInfo twai_info() {
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    advance(t);
    return t.info;
}

std::vector<TwaiSentFrame> twai_sent_frames() {
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    return t.sent;
}

void twai_clear_sent_frames() {
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    t.sent.clear();
}

bool twai_inject_rx(const twai_message_t& message) {
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    advance(t);
    if (!t.info.installed || t.info.state != TWAI_STATE_RUNNING) {
        return false;
    }
    if (t.rx_queue.size() >= t.info.general.rx_queue_len) {
        ++t.rx_missed;
        raise(t, TWAI_ALERT_RX_QUEUE_FULL);
        return false;
    }
    t.rx_queue.push_back(message);
    raise(t, TWAI_ALERT_RX_DATA);
    t.waitable.notify();
    return true;
}

bool twai_inject_rx(const can::CanFrame& frame) {
    twai_message_t message{};
    message.identifier = frame.id;
    message.data_length_code = frame.dlc;
    std::copy_n(frame.data.begin(), std::min<std::size_t>(frame.dlc, can::kMaxDlc), message.data);
    return twai_inject_rx(message);
}

bool twai_inject_bus_off() {
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    advance(t);
    if (!t.info.installed || t.info.state != TWAI_STATE_RUNNING) {
        return false;
    }
    t.info.state = TWAI_STATE_BUS_OFF;
    t.info.tx_error_counter = 128;  // the SJA1000-style controller reloads TEC with 127…128 at bus-off
    ++t.bus_errors;
    raise(t, TWAI_ALERT_ABOVE_ERR_WARN | TWAI_ALERT_ERR_PASS | TWAI_ALERT_BUS_ERROR | TWAI_ALERT_BUS_OFF);
    return true;
}

void twai_set_error_counters(std::uint32_t tec, std::uint32_t rec) {
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    const bool was_passive =
        t.info.tx_error_counter >= TWAI_ERR_PASS_THRESH || t.info.rx_error_counter >= TWAI_ERR_PASS_THRESH;
    t.info.tx_error_counter = tec;
    t.info.rx_error_counter = rec;
    const bool passive = tec >= TWAI_ERR_PASS_THRESH || rec >= TWAI_ERR_PASS_THRESH;
    if (passive && !was_passive) {
        raise(t, TWAI_ALERT_ERR_PASS);
    } else if (!passive && was_passive) {
        raise(t, TWAI_ALERT_ERR_ACTIVE);
    }
}

void twai_block_recovery(bool blocked) {
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    if (t.recovery_blocked && !blocked && t.recovery_due_valid) {
        t.recovery_due = Clock::now() + std::chrono::milliseconds(t.recovery_ms);
    }
    t.recovery_blocked = blocked;
}

void twai_set_recovery_ms(std::uint32_t ms) {
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    t.recovery_ms = ms;
}

void twai_set_transmit_error(esp_err_t err) {
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    t.transmit_error = err;
}

void twai_hold_tx(bool hold) {
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    t.hold_tx = hold;
    drain_tx(t);
}

}  // namespace tbg::hostcheck

using tbg::hostcheck::Twai;
using tbg::hostcheck::twai;

extern "C" {

esp_err_t twai_driver_install(const twai_general_config_t* g_config, const twai_timing_config_t* t_config,
                              const twai_filter_config_t* f_config) {
    if (g_config == nullptr || t_config == nullptr || f_config == nullptr || g_config->tx_io < 0 ||
        g_config->rx_io < 0 || g_config->rx_queue_len == 0 || g_config->controller_id != 0 ||
        g_config->mode > TWAI_MODE_LISTEN_ONLY || t_config->tseg_1 == 0 || t_config->tseg_2 == 0) {
        return ESP_ERR_INVALID_ARG;
    }
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    if (t.info.installed) {
        return ESP_ERR_INVALID_STATE;
    }
    t.info.installed = true;
    t.info.state = TWAI_STATE_STOPPED;
    t.info.general = *g_config;
    t.info.timing = *t_config;
    t.info.filter = *f_config;
    t.info.pending_alerts = 0;
    ++t.info.installs;
    t.tx_queue.clear();
    t.rx_queue.clear();
    return ESP_OK;
}

esp_err_t twai_driver_uninstall(void) {
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    tbg::hostcheck::advance(t);
    if (!t.info.installed || (t.info.state != TWAI_STATE_STOPPED && t.info.state != TWAI_STATE_BUS_OFF)) {
        return ESP_ERR_INVALID_STATE;
    }
    t.info.installed = false;
    t.info.state = TWAI_STATE_STOPPED;
    t.tx_queue.clear();
    t.rx_queue.clear();
    t.waitable.notify();
    return ESP_OK;
}

esp_err_t twai_start(void) {
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    tbg::hostcheck::advance(t);
    if (!t.info.installed || t.info.state != TWAI_STATE_STOPPED) {
        return ESP_ERR_INVALID_STATE;
    }
    t.info.state = TWAI_STATE_RUNNING;
    t.tx_queue.clear();
    t.rx_queue.clear();
    ++t.info.starts;
    return ESP_OK;
}

esp_err_t twai_stop(void) {
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    tbg::hostcheck::advance(t);
    if (!t.info.installed || t.info.state != TWAI_STATE_RUNNING) {
        return ESP_ERR_INVALID_STATE;
    }
    t.info.state = TWAI_STATE_STOPPED;
    t.tx_queue.clear();
    ++t.info.stops;
    t.waitable.notify();
    return ESP_OK;
}

esp_err_t twai_transmit(const twai_message_t* message, TickType_t ticks_to_wait) {
    Twai& t = twai();
    std::unique_lock lock(t.waitable.mutex);
    tbg::hostcheck::advance(t);
    ++t.info.transmit_calls;
    if (t.transmit_error != ESP_OK) {
        return t.transmit_error;
    }
    if (message == nullptr || (message->extd == 0 && message->identifier > TWAI_STD_ID_MASK) ||
        (message->data_length_code > TWAI_FRAME_MAX_DLC && message->dlc_non_comp == 0)) {
        return ESP_ERR_INVALID_ARG;
    }
    if (!t.info.installed || t.info.state != TWAI_STATE_RUNNING) {
        return ESP_ERR_INVALID_STATE;
    }
    if (t.info.general.mode == TWAI_MODE_LISTEN_ONLY) {
        return ESP_ERR_NOT_SUPPORTED;
    }
    const std::uint32_t capacity = std::max<std::uint32_t>(t.info.general.tx_queue_len, 1);
    if (!t.waitable.wait_for_ms(lock, tbg::hostcheck::ticks_to_ms(ticks_to_wait), [&t, capacity] {
            return t.tx_queue.size() < capacity || t.info.state != TWAI_STATE_RUNNING;
        })) {
        return ESP_ERR_TIMEOUT;
    }
    if (t.info.state != TWAI_STATE_RUNNING) {
        return ESP_ERR_INVALID_STATE;
    }
    t.tx_queue.push_back(*message);
    tbg::hostcheck::drain_tx(t);
    t.info.tx_queued = static_cast<std::uint32_t>(t.tx_queue.size());
    return ESP_OK;
}

esp_err_t twai_receive(twai_message_t* message, TickType_t ticks_to_wait) {
    if (message == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    Twai& t = twai();
    std::unique_lock lock(t.waitable.mutex);
    if (!t.info.installed) {
        return ESP_ERR_INVALID_STATE;
    }
    if (!t.waitable.wait_for_ms(lock, tbg::hostcheck::ticks_to_ms(ticks_to_wait),
                                [&t] { return !t.rx_queue.empty() || !t.info.installed; }) ||
        t.rx_queue.empty()) {
        return ESP_ERR_TIMEOUT;
    }
    *message = t.rx_queue.front();
    t.rx_queue.pop_front();
    t.info.rx_queued = static_cast<std::uint32_t>(t.rx_queue.size());
    return ESP_OK;
}

esp_err_t twai_read_alerts(uint32_t* alerts, TickType_t ticks_to_wait) {
    if (alerts == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    Twai& t = twai();
    std::unique_lock lock(t.waitable.mutex);
    if (!t.info.installed) {
        return ESP_ERR_INVALID_STATE;
    }
    // Waits in short steps so that a recovery falling due raises its alert meanwhile.
    const std::uint32_t wait_ms = tbg::hostcheck::ticks_to_ms(ticks_to_wait);
    const auto deadline = tbg::hostcheck::Clock::now() + std::chrono::milliseconds(std::min(wait_ms, 86'400'000U));
    while (true) {
        tbg::hostcheck::advance(t);
        if (t.info.pending_alerts != 0 || tbg::hostcheck::Clock::now() >= deadline) {
            break;
        }
        t.waitable.wait_for_ms(lock, 1, [&t] { return t.info.pending_alerts != 0; });
    }
    *alerts = t.info.pending_alerts;
    t.info.pending_alerts = 0;
    return *alerts != 0 ? ESP_OK : ESP_ERR_TIMEOUT;
}

esp_err_t twai_initiate_recovery(void) {
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    tbg::hostcheck::advance(t);
    if (!t.info.installed || t.info.state != TWAI_STATE_BUS_OFF) {
        ++t.info.recovery_refusals;
        return ESP_ERR_INVALID_STATE;
    }
    t.info.state = TWAI_STATE_RECOVERING;
    t.tx_queue.clear();
    t.recovery_due_valid = true;
    t.recovery_due = tbg::hostcheck::Clock::now() + std::chrono::milliseconds(t.recovery_ms);
    ++t.info.recoveries_initiated;
    tbg::hostcheck::raise(t, TWAI_ALERT_RECOVERY_IN_PROGRESS);
    return ESP_OK;
}

esp_err_t twai_get_status_info(twai_status_info_t* status_info) {
    if (status_info == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    Twai& t = twai();
    std::lock_guard guard(t.waitable.mutex);
    if (!t.info.installed) {
        return ESP_ERR_INVALID_STATE;
    }
    tbg::hostcheck::advance(t);
    *status_info = twai_status_info_t{};
    status_info->state = t.info.state;
    status_info->msgs_to_tx = static_cast<std::uint32_t>(t.tx_queue.size());
    status_info->msgs_to_rx = static_cast<std::uint32_t>(t.rx_queue.size());
    status_info->tx_error_counter = t.info.tx_error_counter;
    status_info->rx_error_counter = t.info.rx_error_counter;
    status_info->tx_failed_count = t.tx_failed;
    status_info->rx_missed_count = t.rx_missed;
    status_info->bus_error_count = t.bus_errors;
    return ESP_OK;
}

}  // extern "C"
