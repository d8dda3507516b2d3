// TWAI adapter (twai_can.h).
#include "platform/esp32/twai_can.h"

#include <algorithm>

#include "driver/gpio.h"
#include "driver/twai.h"
#include "esp_err.h"
#include "freertos/FreeRTOS.h"

namespace tbg::esp32 {

namespace {

constexpr std::uint32_t kAlerts = TWAI_ALERT_BUS_OFF | TWAI_ALERT_BUS_RECOVERED | TWAI_ALERT_RECOVERY_IN_PROGRESS |
                                  TWAI_ALERT_ERR_PASS | TWAI_ALERT_ERR_ACTIVE | TWAI_ALERT_ABOVE_ERR_WARN |
                                  TWAI_ALERT_BELOW_ERR_WARN | TWAI_ALERT_BUS_ERROR | TWAI_ALERT_TX_FAILED |
                                  TWAI_ALERT_RX_QUEUE_FULL;

// Rounds up so that a non-zero wait never becomes "do not wait" at tick rates below 1 kHz.
TickType_t ticks_for_ms(std::uint32_t ms) {
    return static_cast<TickType_t>((std::uint64_t{ms} * configTICK_RATE_HZ + 999) / 1000);
}

TwaiBusState bus_state(twai_state_t state) {
    switch (state) {
        case TWAI_STATE_RUNNING:
            return TwaiBusState::kRunning;
        case TWAI_STATE_BUS_OFF:
            return TwaiBusState::kBusOff;
        case TWAI_STATE_RECOVERING:
            return TwaiBusState::kRecovering;
        case TWAI_STATE_STOPPED:
            break;
    }
    return TwaiBusState::kStopped;
}

const char* state_text(const twai_status_info_t& status) {
    switch (status.state) {
        case TWAI_STATE_RUNNING:
            return status.tx_error_counter >= TWAI_ERR_PASS_THRESH || status.rx_error_counter >= TWAI_ERR_PASS_THRESH
                       ? "error-passive"
                       : "running";
        case TWAI_STATE_BUS_OFF:
            return "bus-off";
        case TWAI_STATE_RECOVERING:
            return "recovering";
        case TWAI_STATE_STOPPED:
            break;
    }
    return "stopped";
}

}  // namespace

TwaiCan::TwaiCan() {
    stats_.last_error.reserve(64);
}

TwaiCan::~TwaiCan() {
    close();
}

void TwaiCan::note_error(const char* what, int err) {
    stats_.last_error.assign(what);
    stats_.last_error.append(": ");
    stats_.last_error.append(esp_err_to_name(err));
}

bool TwaiCan::open(int tx_pin, int rx_pin, std::string& error) {
    std::lock_guard guard(mutex_);
    if (open_) {
        error = "TWAI already open";
        return false;
    }
    if (tx_pin < 0 || rx_pin < 0 || tx_pin >= GPIO_NUM_MAX || rx_pin >= GPIO_NUM_MAX || tx_pin == rx_pin) {
        error = "TWAI pins invalid";
        return false;
    }
    twai_general_config_t general =
        TWAI_GENERAL_CONFIG_DEFAULT(static_cast<gpio_num_t>(tx_pin), static_cast<gpio_num_t>(rx_pin), TWAI_MODE_NORMAL);
    general.tx_queue_len = kTxQueueLength;
    general.rx_queue_len = kRxQueueLength;
    general.alerts_enabled = kAlerts;
    general.intr_flags |= ESP_INTR_FLAG_IRAM;  // the ISR keeps running while flash is busy (NVS, OTA writes)
    const twai_timing_config_t timing = TWAI_TIMING_CONFIG_500KBITS();
    const twai_filter_config_t filter = TWAI_FILTER_CONFIG_ACCEPT_ALL();
    esp_err_t err = twai_driver_install(&general, &timing, &filter);
    if (err != ESP_OK) {
        note_error("twai_driver_install", err);
        error = stats_.last_error;
        return false;
    }
    err = twai_start();
    if (err != ESP_OK) {
        note_error("twai_start", err);
        error = stats_.last_error;
        twai_driver_uninstall();
        return false;
    }
    open_ = true;
    recovery_ = TwaiRecovery{};
    stats_.state = "running";
    return true;
}

bool TwaiCan::is_open() const {
    std::lock_guard guard(mutex_);
    return open_;
}

void TwaiCan::close() {
    std::lock_guard guard(mutex_);
    if (!open_) {
        return;
    }
    twai_status_info_t status{};
    if (twai_get_status_info(&status) == ESP_OK && status.state == TWAI_STATE_RUNNING) {
        twai_stop();
    }
    const esp_err_t err = twai_driver_uninstall();
    if (err != ESP_OK) {
        note_error("twai_driver_uninstall", err);
        return;
    }
    open_ = false;
    stats_.state = "stopped";
}

bool TwaiCan::send(const can::CanFrame& frame, std::uint32_t timeout_ms) {
    {
        std::lock_guard guard(mutex_);
        if (!open_ || frame.id > can::kMaxStandardId || frame.dlc > can::kMaxDlc) {
            ++stats_.send_drops;
            if (open_) {
                stats_.last_error = "send: not an 11-bit data frame";
            }
            return false;
        }
    }
    twai_message_t message{};
    message.identifier = frame.id;
    message.data_length_code = frame.dlc;
    std::copy_n(frame.data.begin(), frame.dlc, message.data);
    const esp_err_t err = twai_transmit(&message, ticks_for_ms(timeout_ms));
    std::lock_guard guard(mutex_);
    if (err != ESP_OK) {
        ++stats_.send_drops;
        note_error("twai_transmit", err);
        return false;
    }
    ++stats_.frames_sent;
    return true;
}

std::optional<can::CanFrame> TwaiCan::receive(std::uint32_t timeout_ms) {
    if (!is_open()) {
        return std::nullopt;
    }
    twai_message_t message{};
    const esp_err_t err = twai_receive(&message, ticks_for_ms(timeout_ms));
    std::lock_guard guard(mutex_);
    if (err == ESP_ERR_TIMEOUT) {
        return std::nullopt;
    }
    if (err != ESP_OK) {
        note_error("twai_receive", err);
        return std::nullopt;
    }
    if (message.extd != 0 || message.rtr != 0 || message.identifier > can::kMaxStandardId ||
        message.data_length_code > can::kMaxDlc) {
        ++stats_.frames_ignored;
        return std::nullopt;
    }
    can::CanFrame frame;
    frame.id = static_cast<std::uint16_t>(message.identifier);
    frame.dlc = message.data_length_code;
    std::copy_n(message.data, frame.dlc, frame.data.begin());
    ++stats_.frames_received;
    return frame;
}

void TwaiCan::service(std::uint64_t now_ms) {
    std::lock_guard guard(mutex_);
    if (!open_) {
        return;
    }
    std::uint32_t alerts = 0;
    const esp_err_t alert_err = twai_read_alerts(&alerts, 0);
    if (alert_err != ESP_OK && alert_err != ESP_ERR_TIMEOUT) {
        note_error("twai_read_alerts", alert_err);
        alerts = 0;
    }
    twai_status_info_t status{};
    const esp_err_t status_err = twai_get_status_info(&status);
    if (status_err != ESP_OK) {
        note_error("twai_get_status_info", status_err);
        return;
    }
    TwaiRecoveryInput input;
    input.state = bus_state(status.state);
    input.bus_off_alert = (alerts & TWAI_ALERT_BUS_OFF) != 0;
    input.recovered_alert = (alerts & TWAI_ALERT_BUS_RECOVERED) != 0;
    const TwaiRecoveryAction action = recovery_.step(input, now_ms);
    if (action == TwaiRecoveryAction::kInitiateRecovery) {
        const esp_err_t err = twai_initiate_recovery();
        if (err != ESP_OK) {
            note_error("twai_initiate_recovery", err);
        }
    } else if (action == TwaiRecoveryAction::kStart) {
        const esp_err_t err = twai_start();
        if (err != ESP_OK) {
            note_error("twai_start", err);
        }
    }
    if (action != TwaiRecoveryAction::kNone && twai_get_status_info(&status) != ESP_OK) {
        status.state = TWAI_STATE_STOPPED;
    }
    stats_.state = state_text(status);
    stats_.tx_error_counter = status.tx_error_counter;
    stats_.rx_error_counter = status.rx_error_counter;
    stats_.tx_failed = status.tx_failed_count;
    stats_.rx_missed = status.rx_missed_count;
    stats_.bus_errors = status.bus_error_count;
    stats_.arb_lost = status.arb_lost_count;
    const TwaiRecoveryCounters& counters = recovery_.counters();
    stats_.bus_off_count = counters.bus_off_events;
    stats_.recovery_attempts = counters.recovery_attempts;
    stats_.recoveries = counters.recoveries;
}

TwaiStats TwaiCan::stats() const {
    std::lock_guard guard(mutex_);
    return stats_;
}

}  // namespace tbg::esp32
