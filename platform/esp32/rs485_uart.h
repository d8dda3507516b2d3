// The RS485 bus to the Topband packs on an ESP32 UART (ESP-IDF driver/uart.h) in RS485 half-duplex mode: the UART
// hardware drives the transceiver's DE (and /RE) through its RTS output, high while it transmits and low as soon as
// the last stop bit left, so no task timing is involved in the turnaround.
//
// Boot: the DE pin floats from reset until this driver owns it, and a floating DE can put the transceiver on the bus.
// The board init (board_io.h, first thing in app_main) therefore drives it low before the driver is installed
// (Waveshare ESP32-S3-RS485-CAN: DE on GPIO21). Boards with an auto-direction transceiver (LilyGO T-CAN485,
// MAX13487E) have no DE pin: pass de_pin = -1 and the UART runs in plain UART mode.
//
// Contracts:
// - 8N1 at `baud` (kMinBaud…kMaxBaud), RX ring buffer kRxBufferBytes, no TX buffer (uart_write_bytes returns once
//   the bytes are in the 128-byte hardware FIFO: a Topband request, ≤ 40 bytes, never waits for the wire), no event
//   queue. Bytes move from the FIFO to the ring buffer after kRxTimeoutSymbols idle symbol times or at FIFO
//   threshold, so a reply's last bytes are readable ~kRxTimeoutSymbols × 10 bits after they arrived.
// - read() returns as soon as at least one byte is available, or after timeout_ms with 0: it never waits longer than
//   timeout_ms (rounded up to the next FreeRTOS tick). It returns what is buffered up to out.size().
// - Failures are values: open() returns false with a text; write errors and read errors are counted in stats().
//
// Threading: one task (the RS485 task) calls open(), write(), read(), flush_input(), set_baud() and close();
// stats() may be called from any task.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>

namespace tbg::esp32 {

struct Rs485Stats {
    std::uint64_t bytes_out = 0;     // accepted by uart_write_bytes
    std::uint64_t bytes_in = 0;      // returned by read()
    std::uint32_t write_errors = 0;  // write() returned false (closed, driver error, short write)
    std::uint32_t read_errors = 0;   // uart_read_bytes / uart_get_buffered_data_len reported an error
    std::uint32_t opens = 0;         // successful open() calls
    std::uint32_t baud = 0;          // current rate (0 while closed)
    std::string last_error;          // "" until something failed
};

class Rs485Uart {
public:
    static constexpr int kRxBufferBytes = 1024;           // > the 128-byte hardware FIFO (required by the driver)
    static constexpr std::uint8_t kRxTimeoutSymbols = 3;  // UART "TOUT" threshold; ESP-IDF's default is 10
    static constexpr std::uint32_t kMinBaud = 1'200;
    static constexpr std::uint32_t kMaxBaud = 115'200;

    Rs485Uart() = default;
    ~Rs485Uart();
    Rs485Uart(const Rs485Uart&) = delete;
    Rs485Uart& operator=(const Rs485Uart&) = delete;

    // Installs the driver on UART `uart_port` (0…2; 0 is the console on most boards) with the given GPIO numbers
    // (validated by the board profile; de_pin -1 = no DE pin). False with `error` on a bad argument or when the
    // driver refuses; nothing stays installed then.
    bool open(int uart_port, int tx_pin, int rx_pin, int de_pin, std::uint32_t baud, std::string& error);
    bool is_open() const { return open_; }
    void close();

    // Queues all of `bytes` for transmission. False (counted) when closed or the driver took fewer bytes.
    bool write(std::span<const std::uint8_t> bytes);
    // Waits at most `timeout_ms` for the first byte; returns the number of bytes copied into `out` (0 on timeout,
    // when closed or when `out` is empty).
    std::size_t read(std::span<std::uint8_t> out, std::uint32_t timeout_ms);
    // Discards everything received so far (call before a new request).
    void flush_input();
    bool set_baud(std::uint32_t baud, std::string& error);

    Rs485Stats stats() const;

private:
    void note_error(const char* what, int err, bool count_write, bool count_read);

    bool open_ = false;
    int port_ = -1;
    mutable std::mutex mutex_;  // guards stats_
    Rs485Stats stats_;
};

}  // namespace tbg::esp32
