// Host fake of driver/uart.h: three UART ports, each optionally wired to an in-process Topband bank
// (tbg::sim::SimBus, the simulator the Linux demo uses).
//
// Wire model (host steady clock, independent of power cycles): bytes written go out at the port's baud, 10 bits a
// byte, behind any bytes still on the wire. Every complete, valid Topband frame among them (found by a
// FrameAssembler, as topband-sim does) is handed to SimBus::on_request() at the time its last byte left; the reply
// starts turnaround_ms later (the bus's scenario decides, e.g. "slow"), queued behind earlier replies, and its byte k
// arrives (k + 1) byte times after that. Arrived bytes reach the driver's RX ring buffer as the hardware moves them:
// when 120 bytes filled the FIFO, or when the line was idle for the configured rx timeout (uart_set_rx_timeout
// symbols of 10 bits) after the last byte of a reply. A full ring buffer drops bytes (counted). No echo of our own
// bytes (the half-duplex transceiver's receiver is off while we transmit).
//
// The bus time passed to the SimBus is steady-clock milliseconds since the bus was attached: it keeps running across
// power cycles, as a real bank's does. Power cycle (tbg::hostcheck::power_off): every port's driver state, buffers,
// bytes in flight, counters and failure settings are cleared; the wiring (attached bus, wire baud) stays.
//
// Threading: every function is thread-safe. The SimBus is used under the port's lock; a test that changes it while
// firmware runs does so through uart_with_sim_bus().
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "esp_err.h"
#include "platform/sim/sim_bus.h"

namespace tbg::hostcheck {

struct UartPortInfo {
    bool installed = false;
    std::uint32_t installs = 0;  // successful uart_driver_install calls since power-on
    int rx_buffer_bytes = 0;
    int tx_buffer_bytes = 0;
    int queue_size = 0;
    bool event_queue = false;  // a queue handle was requested
    int baud = 0;
    int data_bits = -1;  // uart_word_length_t, uart_parity_t, uart_stop_bits_t, uart_hw_flowcontrol_t as ints
    int parity = -1;
    int stop_bits = -1;
    int flow_ctrl = -1;
    int tx_pin = -1;
    int rx_pin = -1;
    int rts_pin = -1;
    int cts_pin = -1;
    int mode = -1;                    // uart_mode_t
    int rx_timeout_symbols = 10;      // ESP-IDF's default until uart_set_rx_timeout
    std::uint64_t bytes_written = 0;  // accepted by uart_write_bytes
    std::uint64_t bytes_read = 0;     // returned by uart_read_bytes
    std::uint64_t requests = 0;       // valid frames handed to the bus
    std::uint64_t replies = 0;        // replies the bus sent
    std::uint64_t rx_dropped = 0;     // bytes lost to a full ring buffer
    std::uint64_t flushed = 0;        // bytes discarded by uart_flush_input
};

UartPortInfo uart_port_info(int port);

// Wires `bus` (not owned; it must outlive the wiring) to `port`. nullptr detaches.
void uart_attach_sim_bus(int port, sim::SimBus* bus);
// Runs `fn` with the attached bus under the port's lock; false when no bus is attached.
bool uart_with_sim_bus(int port, const std::function<void(sim::SimBus&)>& fn);
// The wire's baud: when non-zero and the port runs at another rate, the packs see garbage (nothing reaches the bus).
// 0 (default) = whatever the port uses.
void uart_set_wire_baud(int port, int baud);

// Bytes that arrive now and are readable at once (line noise, a foreign master). Only while installed.
void uart_inject_rx(int port, std::span<const std::uint8_t> bytes);
// Everything uart_write_bytes accepted since power-on, in order.
std::vector<std::uint8_t> uart_tx_bytes(int port);

// uart_write_bytes returns -1 while set.
void uart_set_write_failure(int port, bool fail);
// uart_driver_install returns `err` while it is not ESP_OK.
void uart_set_install_error(int port, esp_err_t err);

}  // namespace tbg::hostcheck
