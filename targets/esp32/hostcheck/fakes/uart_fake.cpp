// Host fake of driver/uart.h wired to the Topband simulator (uart_fake.h).
#include "uart_fake.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "core/topband/assembler.h"
#include "driver/uart.h"
#include "freertos_fake.h"

namespace tbg::hostcheck {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kFifoBytes = 128;
constexpr int kGpioCount = 49;                   // GPIO numbers 0…48 (ESP32-S3)
constexpr std::size_t kFifoFullThreshold = 120;  // ESP-IDF's default RX FIFO full threshold

struct PendingByte {
    std::uint8_t value = 0;
    Clock::time_point arrives;   // last stop bit received
    Clock::time_point readable;  // moved from the FIFO to the ring buffer
};

struct Port {
    Waitable waitable;  // its mutex guards everything below
    UartPortInfo info;
    // wiring (survives power cycles)
    sim::SimBus* bus = nullptr;
    Clock::time_point bus_epoch{};
    int wire_baud = 0;
    // failure settings
    bool fail_writes = false;
    esp_err_t install_error = ESP_OK;
    // wire state
    Clock::time_point tx_free{};     // when the TX wire is idle again
    Clock::time_point reply_free{};  // when the last queued reply ends
    topband::FrameAssembler assembler;
    std::string request_text;
    std::deque<PendingByte> pending;  // in arrival order
    std::deque<std::uint8_t> ring;
    std::vector<std::uint8_t> tx_log;

    void reset_driver_state() {
        info = UartPortInfo{};
        fail_writes = false;
        install_error = ESP_OK;
        tx_free = {};
        reply_free = {};
        assembler.reset();
        request_text.clear();
        pending.clear();
        ring.clear();
        tx_log.clear();
    }
};

std::array<Port, UART_NUM_MAX>& ports() {
    static std::array<Port, UART_NUM_MAX> instance;
    return instance;
}

struct PowerCycleHook {
    PowerCycleHook() {
        on_power_cycle([] {
            for (Port& port : ports()) {
                std::lock_guard guard(port.waitable.mutex);
                port.reset_driver_state();
            }
        });
    }
} g_power_cycle_hook;

Port* port_at(int index) {
    if (index < 0 || index >= UART_NUM_MAX) {
        return nullptr;
    }
    return &ports()[static_cast<std::size_t>(index)];
}

Clock::duration byte_time(int baud) {
    const int rate = baud > 0 ? baud : 9600;
    return std::chrono::nanoseconds(10'000'000'000LL / rate);
}

// Moves arrived bytes whose FIFO flush happened into the ring buffer. With the port's mutex held.
void pump(Port& port, Clock::time_point now) {
    while (!port.pending.empty() && port.pending.front().readable <= now) {
        if (port.ring.size() < static_cast<std::size_t>(port.info.rx_buffer_bytes)) {
            port.ring.push_back(port.pending.front().value);
        } else {
            ++port.info.rx_dropped;
        }
        port.pending.pop_front();
    }
}

// The time the next pending byte becomes readable, if any. With the port's mutex held.
std::optional<Clock::time_point> next_readable(const Port& port) {
    if (port.pending.empty() || port.pending.front().readable == Clock::time_point::max()) {
        return std::nullopt;
    }
    return port.pending.front().readable;
}

// Queues a reply burst whose first bit starts at `start`. With the port's mutex held.
void queue_reply(Port& port, std::string_view bytes, Clock::time_point start) {
    const Clock::duration byte = byte_time(port.info.baud);
    const std::size_t first = port.pending.size();
    for (std::size_t k = 0; k < bytes.size(); ++k) {
        PendingByte entry;
        entry.value = static_cast<std::uint8_t>(bytes[k]);
        entry.arrives = start + byte * static_cast<std::int64_t>(k + 1);
        entry.readable = Clock::time_point::max();
        port.pending.push_back(entry);
    }
    // FIFO flushes: at every kFifoFullThreshold-th byte, and rx-timeout symbols after the burst's last byte.
    std::size_t chunk_start = first;
    for (std::size_t i = first; i < port.pending.size(); ++i) {
        const bool last = i + 1 == port.pending.size();
        const bool full = i + 1 - chunk_start == kFifoFullThreshold;
        if (!full && !last) {
            continue;
        }
        Clock::time_point flush = port.pending[i].arrives;
        if (!full) {
            flush = port.info.rx_timeout_symbols > 0 ? flush + byte * port.info.rx_timeout_symbols
                                                     : Clock::time_point::max();
        }
        for (std::size_t j = chunk_start; j <= i; ++j) {
            port.pending[j].readable = flush;
        }
        chunk_start = i + 1;
    }
    port.reply_free = start + byte * static_cast<std::int64_t>(bytes.size());
}

// One byte left the wire at `sent`: feed the assembler, answer complete frames. With the port's mutex held.
void on_wire_byte(Port& port, std::uint8_t byte, Clock::time_point sent) {
    const topband::AssemblerEvent event = port.assembler.push(byte);
    if (byte == '~' || port.request_text.size() > topband::kMaxFrameChars + 1) {
        port.request_text.clear();
    }
    port.request_text.push_back(static_cast<char>(byte));
    if (event.kind != topband::AssemblerEvent::Kind::kFrame || event.status != topband::FrameStatus::kOk) {
        return;
    }
    const std::string text = std::move(port.request_text);
    port.request_text.clear();
    if (port.bus == nullptr) {
        return;
    }
    ++port.info.requests;
    const auto bus_ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(sent - port.bus_epoch).count());
    const std::optional<sim::SimReply> reply = port.bus->on_request(text, bus_ms);
    if (!reply) {
        return;
    }
    ++port.info.replies;
    const Clock::time_point start = std::max(sent + std::chrono::milliseconds(reply->turnaround_ms), port.reply_free);
    queue_reply(port, reply->frame.view(), start);
}

std::uint32_t ticks_to_ms(TickType_t ticks) {
    if (ticks == portMAX_DELAY) {
        return UINT32_MAX;
    }
    return static_cast<std::uint32_t>(std::uint64_t{ticks} * 1000 / configTICK_RATE_HZ);
}

}  // namespace

UartPortInfo uart_port_info(int index) {
    Port* port = port_at(index);
    if (port == nullptr) {
        return {};
    }
    std::lock_guard guard(port->waitable.mutex);
    return port->info;
}

void uart_attach_sim_bus(int index, sim::SimBus* bus) {
    Port* port = port_at(index);
    if (port == nullptr) {
        return;
    }
    std::lock_guard guard(port->waitable.mutex);
    port->bus = bus;
    port->bus_epoch = Clock::now();
}

bool uart_with_sim_bus(int index, const std::function<void(sim::SimBus&)>& fn) {
    Port* port = port_at(index);
    if (port == nullptr) {
        return false;
    }
    std::lock_guard guard(port->waitable.mutex);
    if (port->bus == nullptr) {
        return false;
    }
    fn(*port->bus);
    return true;
}

void uart_set_wire_baud(int index, int baud) {
    Port* port = port_at(index);
    if (port == nullptr) {
        return;
    }
    std::lock_guard guard(port->waitable.mutex);
    port->wire_baud = baud;
}

void uart_inject_rx(int index, std::span<const std::uint8_t> bytes) {
    Port* port = port_at(index);
    if (port == nullptr) {
        return;
    }
    std::lock_guard guard(port->waitable.mutex);
    if (!port->info.installed) {
        return;
    }
    const Clock::time_point now = Clock::now();
    for (const std::uint8_t byte : bytes) {
        port->pending.push_back(PendingByte{byte, now, now});
    }
    // Keep arrival order: injected bytes may overtake queued reply bytes that are not readable yet.
    std::stable_sort(port->pending.begin(), port->pending.end(),
                     [](const PendingByte& a, const PendingByte& b) { return a.readable < b.readable; });
    port->waitable.notify();
}

std::vector<std::uint8_t> uart_tx_bytes(int index) {
    Port* port = port_at(index);
    if (port == nullptr) {
        return {};
    }
    std::lock_guard guard(port->waitable.mutex);
    return port->tx_log;
}

void uart_set_write_failure(int index, bool fail) {
    Port* port = port_at(index);
    if (port == nullptr) {
        return;
    }
    std::lock_guard guard(port->waitable.mutex);
    port->fail_writes = fail;
}

void uart_set_install_error(int index, esp_err_t err) {
    Port* port = port_at(index);
    if (port == nullptr) {
        return;
    }
    std::lock_guard guard(port->waitable.mutex);
    port->install_error = err;
}

}  // namespace tbg::hostcheck

using tbg::hostcheck::Port;
using tbg::hostcheck::port_at;

extern "C" {

esp_err_t uart_driver_install(uart_port_t uart_num, int rx_buffer_size, int tx_buffer_size, int queue_size,
                              QueueHandle_t* uart_queue, int /*intr_alloc_flags*/) {
    Port* port = port_at(uart_num);
    if (port == nullptr) {
        return ESP_FAIL;
    }
    std::lock_guard guard(port->waitable.mutex);
    if (port->install_error != ESP_OK) {
        return port->install_error;
    }
    if (port->info.installed || rx_buffer_size <= static_cast<int>(tbg::hostcheck::kFifoBytes) ||
        (tx_buffer_size != 0 && tx_buffer_size <= static_cast<int>(tbg::hostcheck::kFifoBytes)) || queue_size < 0) {
        return ESP_FAIL;
    }
    port->info.installed = true;
    ++port->info.installs;
    port->info.rx_buffer_bytes = rx_buffer_size;
    port->info.tx_buffer_bytes = tx_buffer_size;
    port->info.queue_size = queue_size;
    port->info.event_queue = uart_queue != nullptr;
    if (uart_queue != nullptr) {
        *uart_queue = nullptr;  // the fake has no event queue to offer
    }
    port->ring.clear();
    port->pending.clear();
    return ESP_OK;
}

esp_err_t uart_driver_delete(uart_port_t uart_num) {
    Port* port = port_at(uart_num);
    if (port == nullptr) {
        return ESP_FAIL;
    }
    std::lock_guard guard(port->waitable.mutex);
    if (!port->info.installed) {
        return ESP_OK;  // ESP-IDF logs "already deleted" and returns ESP_OK
    }
    port->info.installed = false;
    port->ring.clear();
    port->pending.clear();
    port->waitable.notify();
    return ESP_OK;
}

esp_err_t uart_param_config(uart_port_t uart_num, const uart_config_t* uart_config) {
    Port* port = port_at(uart_num);
    if (port == nullptr || uart_config == nullptr || uart_config->baud_rate <= 0 ||
        uart_config->data_bits >= UART_DATA_BITS_MAX || uart_config->stop_bits >= UART_STOP_BITS_MAX ||
        uart_config->flow_ctrl >= UART_HW_FLOWCTRL_MAX) {
        return ESP_FAIL;
    }
    std::lock_guard guard(port->waitable.mutex);
    port->info.baud = uart_config->baud_rate;
    port->info.data_bits = uart_config->data_bits;
    port->info.parity = uart_config->parity;
    port->info.stop_bits = uart_config->stop_bits;
    port->info.flow_ctrl = uart_config->flow_ctrl;
    return ESP_OK;
}

esp_err_t uart_set_pin(uart_port_t uart_num, int tx_io_num, int rx_io_num, int rts_io_num, int cts_io_num) {
    Port* port = port_at(uart_num);
    const auto valid = [](int pin) { return pin >= -1 && pin < tbg::hostcheck::kGpioCount; };
    if (port == nullptr || !valid(tx_io_num) || !valid(rx_io_num) || !valid(rts_io_num) || !valid(cts_io_num)) {
        return ESP_FAIL;
    }
    std::lock_guard guard(port->waitable.mutex);
    if (tx_io_num >= 0) {
        port->info.tx_pin = tx_io_num;
    }
    if (rx_io_num >= 0) {
        port->info.rx_pin = rx_io_num;
    }
    if (rts_io_num >= 0) {
        port->info.rts_pin = rts_io_num;
    }
    if (cts_io_num >= 0) {
        port->info.cts_pin = cts_io_num;
    }
    return ESP_OK;
}

esp_err_t uart_set_mode(uart_port_t uart_num, uart_mode_t mode) {
    Port* port = port_at(uart_num);
    if (port == nullptr || mode > UART_MODE_RS485_APP_CTRL) {
        return ESP_ERR_INVALID_ARG;
    }
    std::lock_guard guard(port->waitable.mutex);
    if (!port->info.installed) {
        return ESP_ERR_INVALID_STATE;
    }
    const bool rs485 = mode == UART_MODE_RS485_HALF_DUPLEX || mode == UART_MODE_RS485_COLLISION_DETECT ||
                       mode == UART_MODE_RS485_APP_CTRL;
    if (rs485 && port->info.flow_ctrl != UART_HW_FLOWCTRL_DISABLE) {
        return ESP_ERR_INVALID_ARG;  // "disable hw flowctrl before using RS485 mode"
    }
    port->info.mode = mode;
    return ESP_OK;
}

esp_err_t uart_set_rx_timeout(uart_port_t uart_num, const uint8_t tout_thresh) {
    Port* port = port_at(uart_num);
    if (port == nullptr || tout_thresh > 126) {
        return ESP_ERR_INVALID_ARG;
    }
    std::lock_guard guard(port->waitable.mutex);
    if (!port->info.installed) {
        return ESP_ERR_INVALID_STATE;
    }
    port->info.rx_timeout_symbols = tout_thresh;
    return ESP_OK;
}

esp_err_t uart_set_baudrate(uart_port_t uart_num, uint32_t baudrate) {
    Port* port = port_at(uart_num);
    if (port == nullptr || baudrate == 0 || baudrate > 5'000'000) {
        return ESP_FAIL;
    }
    std::lock_guard guard(port->waitable.mutex);
    port->info.baud = static_cast<int>(baudrate);
    return ESP_OK;
}

int uart_write_bytes(uart_port_t uart_num, const void* src, size_t size) {
    Port* port = port_at(uart_num);
    if (port == nullptr || src == nullptr) {
        return -1;
    }
    std::lock_guard guard(port->waitable.mutex);
    if (!port->info.installed || port->fail_writes) {
        return -1;
    }
    const auto* bytes = static_cast<const std::uint8_t*>(src);
    const auto now = tbg::hostcheck::Clock::now();
    const auto byte = tbg::hostcheck::byte_time(port->info.baud);
    auto sent = std::max(now, port->tx_free);
    const bool understood = port->wire_baud == 0 || port->wire_baud == port->info.baud;
    for (std::size_t i = 0; i < size; ++i) {
        sent += byte;
        port->tx_log.push_back(bytes[i]);
        if (understood) {
            tbg::hostcheck::on_wire_byte(*port, bytes[i], sent);
        }
    }
    port->tx_free = sent;
    port->info.bytes_written += size;
    return static_cast<int>(size);
}

int uart_read_bytes(uart_port_t uart_num, void* buf, uint32_t length, TickType_t ticks_to_wait) {
    Port* port = port_at(uart_num);
    if (port == nullptr || buf == nullptr) {
        return -1;
    }
    using tbg::hostcheck::Clock;
    const std::uint32_t wait_ms = tbg::hostcheck::ticks_to_ms(ticks_to_wait);
    const Clock::time_point deadline =
        wait_ms == UINT32_MAX ? Clock::time_point::max() : Clock::now() + std::chrono::milliseconds(wait_ms);
    std::unique_lock lock(port->waitable.mutex);
    if (!port->info.installed) {
        return -1;
    }
    while (true) {
        const Clock::time_point now = Clock::now();
        tbg::hostcheck::pump(*port, now);
        if (port->ring.size() >= length || now >= deadline || !port->info.installed) {
            break;
        }
        Clock::time_point wake = deadline;
        if (const auto next = tbg::hostcheck::next_readable(*port); next && *next < wake) {
            wake = *next;
        }
        const auto until_wake = std::chrono::ceil<std::chrono::milliseconds>(wake - now).count();
        const auto step_ms = static_cast<std::uint32_t>(std::clamp<std::int64_t>(until_wake, 1, 1000));
        const std::size_t before = port->ring.size();
        port->waitable.wait_for_ms(lock, step_ms, [&] { return port->ring.size() != before || !port->info.installed; });
    }
    if (!port->info.installed) {
        return -1;
    }
    const std::size_t count = std::min<std::size_t>(length, port->ring.size());
    auto* out = static_cast<std::uint8_t*>(buf);
    for (std::size_t i = 0; i < count; ++i) {
        out[i] = port->ring.front();
        port->ring.pop_front();
    }
    port->info.bytes_read += count;
    return static_cast<int>(count);
}

esp_err_t uart_get_buffered_data_len(uart_port_t uart_num, size_t* size) {
    Port* port = port_at(uart_num);
    if (port == nullptr || size == nullptr) {
        return ESP_FAIL;
    }
    std::lock_guard guard(port->waitable.mutex);
    if (!port->info.installed) {
        return ESP_FAIL;
    }
    tbg::hostcheck::pump(*port, tbg::hostcheck::Clock::now());
    *size = port->ring.size();
    return ESP_OK;
}

esp_err_t uart_flush_input(uart_port_t uart_num) {
    Port* port = port_at(uart_num);
    if (port == nullptr) {
        return ESP_FAIL;
    }
    std::lock_guard guard(port->waitable.mutex);
    if (!port->info.installed) {
        return ESP_FAIL;
    }
    // The ring buffer and the hardware FIFO are both cleared: every byte that has arrived is gone.
    const auto now = tbg::hostcheck::Clock::now();
    port->info.flushed += port->ring.size();
    port->ring.clear();
    const auto arrived =
        std::remove_if(port->pending.begin(), port->pending.end(),
                       [now](const tbg::hostcheck::PendingByte& entry) { return entry.arrives <= now; });
    port->info.flushed += static_cast<std::uint64_t>(port->pending.end() - arrived);
    port->pending.erase(arrived, port->pending.end());
    return ESP_OK;
}

}  // extern "C"
