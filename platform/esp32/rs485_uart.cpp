// RS485 half-duplex UART adapter (rs485_uart.h).
#include "platform/esp32/rs485_uart.h"

#include <algorithm>
#include <string>

#include "driver/uart.h"
#include "esp_err.h"
#include "freertos/FreeRTOS.h"

namespace tbg::esp32 {

namespace {

// The ESP32 and the ESP32-S3 have a 128-byte UART FIFO (SOC_UART_FIFO_LEN); the driver wants a larger ring buffer.
constexpr int kHardwareFifoBytes = 128;
static_assert(Rs485Uart::kRxBufferBytes > kHardwareFifoBytes, "the UART driver needs a ring buffer above the FIFO");

uart_port_t port_of(int port) {
    return static_cast<uart_port_t>(port);
}

// Rounds up so that a non-zero wait never becomes "do not wait" at tick rates below 1 kHz.
TickType_t ticks_for_ms(std::uint32_t ms) {
    return static_cast<TickType_t>((std::uint64_t{ms} * configTICK_RATE_HZ + 999) / 1000);
}

std::string step_error(const char* step, esp_err_t err) {
    return std::string(step) + ": " + esp_err_to_name(err);
}

}  // namespace

Rs485Uart::~Rs485Uart() {
    close();
}

void Rs485Uart::note_error(const char* what, int err, bool count_write, bool count_read) {
    std::lock_guard guard(mutex_);
    stats_.last_error = err == ESP_OK ? std::string(what) : step_error(what, err);
    if (count_write) {
        ++stats_.write_errors;
    }
    if (count_read) {
        ++stats_.read_errors;
    }
}

bool Rs485Uart::open(int uart_port, int tx_pin, int rx_pin, int de_pin, std::uint32_t baud, std::string& error) {
    if (open_) {
        error = "RS485 UART already open";
        return false;
    }
    if (uart_port < 0 || uart_port >= UART_NUM_MAX) {
        error = "RS485 UART port " + std::to_string(uart_port) + " does not exist";
        return false;
    }
    if (baud < kMinBaud || baud > kMaxBaud) {
        error = "RS485 baud rate " + std::to_string(baud) + " outside 1200…115200";
        return false;
    }
    if (tx_pin < 0 || rx_pin < 0 || de_pin < -1) {
        error = "RS485 pins invalid";
        return false;
    }
    const uart_port_t port = port_of(uart_port);
    esp_err_t err = uart_driver_install(port, kRxBufferBytes, 0, 0, nullptr, 0);
    if (err != ESP_OK) {
        error = step_error("uart_driver_install", err);
        note_error(error.c_str(), ESP_OK, false, false);
        return false;
    }
    uart_config_t config{};
    config.baud_rate = static_cast<int>(baud);
    config.data_bits = UART_DATA_8_BITS;
    config.parity = UART_PARITY_DISABLE;
    config.stop_bits = UART_STOP_BITS_1;
    config.flow_ctrl = UART_HW_FLOWCTRL_DISABLE;  // RS485 half-duplex mode requires it off
    config.rx_flow_ctrl_thresh = 0;
    config.source_clk = UART_SCLK_DEFAULT;
    const char* step = "uart_param_config";
    err = uart_param_config(port, &config);
    if (err == ESP_OK) {
        step = "uart_set_pin";
        err = uart_set_pin(port, tx_pin, rx_pin, de_pin >= 0 ? de_pin : UART_PIN_NO_CHANGE, UART_PIN_NO_CHANGE);
    }
    if (err == ESP_OK) {
        step = "uart_set_mode";
        err = uart_set_mode(port, de_pin >= 0 ? UART_MODE_RS485_HALF_DUPLEX : UART_MODE_UART);
    }
    if (err == ESP_OK) {
        step = "uart_set_rx_timeout";
        err = uart_set_rx_timeout(port, kRxTimeoutSymbols);
    }
    if (err != ESP_OK) {
        error = step_error(step, err);
        note_error(error.c_str(), ESP_OK, false, false);
        uart_driver_delete(port);
        return false;
    }
    open_ = true;
    port_ = uart_port;
    std::lock_guard guard(mutex_);
    ++stats_.opens;
    stats_.baud = baud;
    return true;
}

void Rs485Uart::close() {
    if (!open_) {
        return;
    }
    uart_driver_delete(port_of(port_));
    open_ = false;
    port_ = -1;
    std::lock_guard guard(mutex_);
    stats_.baud = 0;
}

bool Rs485Uart::write(std::span<const std::uint8_t> bytes) {
    if (!open_) {
        note_error("write: UART closed", ESP_OK, true, false);
        return false;
    }
    if (bytes.empty()) {
        return true;
    }
    const int written = uart_write_bytes(port_of(port_), bytes.data(), bytes.size());
    if (written < 0 || static_cast<std::size_t>(written) != bytes.size()) {
        note_error(written < 0 ? "uart_write_bytes failed" : "uart_write_bytes: short write", ESP_OK, true, false);
        if (written > 0) {
            std::lock_guard guard(mutex_);
            stats_.bytes_out += static_cast<std::uint64_t>(written);
        }
        return false;
    }
    std::lock_guard guard(mutex_);
    stats_.bytes_out += bytes.size();
    return true;
}

std::size_t Rs485Uart::read(std::span<std::uint8_t> out, std::uint32_t timeout_ms) {
    if (!open_ || out.empty()) {
        return 0;
    }
    const uart_port_t port = port_of(port_);
    std::size_t buffered = 0;
    esp_err_t err = uart_get_buffered_data_len(port, &buffered);
    if (err != ESP_OK) {
        note_error("uart_get_buffered_data_len", err, false, true);
        return 0;
    }
    std::size_t got = 0;
    if (buffered == 0) {
        // uart_read_bytes waits for all `length` bytes: ask for one to return as soon as anything arrived.
        const int first = uart_read_bytes(port, out.data(), 1, ticks_for_ms(timeout_ms));
        if (first < 0) {
            note_error("uart_read_bytes failed", ESP_OK, false, true);
            return 0;
        }
        if (first == 0) {
            return 0;
        }
        got = 1;
        err = uart_get_buffered_data_len(port, &buffered);
        if (err != ESP_OK) {
            buffered = 0;
        }
    }
    const std::size_t want = std::min(buffered, out.size() - got);
    if (want > 0) {
        const int more = uart_read_bytes(port, out.data() + got, static_cast<std::uint32_t>(want), 0);
        if (more < 0) {
            note_error("uart_read_bytes failed", ESP_OK, false, true);
        } else {
            got += static_cast<std::size_t>(more);
        }
    }
    std::lock_guard guard(mutex_);
    stats_.bytes_in += got;
    return got;
}

void Rs485Uart::flush_input() {
    if (open_) {
        uart_flush_input(port_of(port_));
    }
}

bool Rs485Uart::set_baud(std::uint32_t baud, std::string& error) {
    if (!open_) {
        error = "RS485 UART closed";
        return false;
    }
    if (baud < kMinBaud || baud > kMaxBaud) {
        error = "RS485 baud rate " + std::to_string(baud) + " outside 1200…115200";
        return false;
    }
    const esp_err_t err = uart_set_baudrate(port_of(port_), baud);
    if (err != ESP_OK) {
        error = step_error("uart_set_baudrate", err);
        note_error(error.c_str(), ESP_OK, false, false);
        return false;
    }
    std::lock_guard guard(mutex_);
    stats_.baud = baud;
    return true;
}

Rs485Stats Rs485Uart::stats() const {
    std::lock_guard guard(mutex_);
    return stats_;
}

}  // namespace tbg::esp32
