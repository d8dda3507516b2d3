// Rs485Uart against the UART fake wired to the Topband simulator: configuration, polling a simulated pack, read
// timing, failures and power cycles.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/topband/assembler.h"
#include "core/topband/decoders.h"
#include "core/topband/encoders.h"
#include "core/topband/frame.h"
#include "driver/uart.h"
#include "freertos_fake.h"
#include "platform/esp32/rs485_uart.h"
#include "platform/sim/sim_bus.h"
#include "uart_fake.h"

namespace {

using Clock = std::chrono::steady_clock;
using tbg::esp32::Rs485Uart;

constexpr int kPort = 1;
constexpr std::uint32_t kBaud = 9600;

struct Reply {
    std::string text;           // '~' … CR
    Clock::duration elapsed{};  // from the end of write() to the last byte read
};

class Rs485UartTest : public ::testing::Test {
protected:
    void SetUp() override {
        tbg::sim::SimPackConfig pack;
        pack.adr = 0;
        ASSERT_TRUE(bus_.add_pack(pack));
        tbg::hostcheck::uart_attach_sim_bus(kPort, &bus_);
        tbg::hostcheck::uart_set_wire_baud(kPort, 0);
        tbg::hostcheck::power_on();
    }
    void TearDown() override {
        tbg::hostcheck::power_off();
        tbg::hostcheck::uart_attach_sim_bus(kPort, nullptr);
    }

    // Sends `request` and reads until one frame ended or `timeout` passed.
    static std::optional<Reply> poll(Rs485Uart& uart, const tbg::topband::EncodedFrame& request,
                                     std::chrono::milliseconds timeout = std::chrono::milliseconds(1000)) {
        uart.flush_input();
        if (!uart.write(request.bytes())) {
            return std::nullopt;
        }
        const Clock::time_point start = Clock::now();
        tbg::topband::FrameAssembler assembler;
        Reply reply;
        std::array<std::uint8_t, 64> buffer{};
        while (Clock::now() - start < timeout) {
            const std::size_t n = uart.read(buffer, 50);
            for (std::size_t i = 0; i < n; ++i) {
                reply.text.push_back(static_cast<char>(buffer[i]));
                const auto event = assembler.push(buffer[i]);
                if (event.kind == tbg::topband::AssemblerEvent::Kind::kFrame) {
                    reply.elapsed = Clock::now() - start;
                    return reply;
                }
            }
        }
        return std::nullopt;
    }

    tbg::sim::SimBus bus_;
};

TEST_F(Rs485UartTest, OpenConfiguresRs485HalfDuplex8N1) {
    Rs485Uart uart;
    std::string error;
    ASSERT_TRUE(uart.open(kPort, 17, 18, 21, kBaud, error)) << error;
    const auto info = tbg::hostcheck::uart_port_info(kPort);
    EXPECT_TRUE(info.installed);
    EXPECT_GE(info.rx_buffer_bytes, 1024);
    EXPECT_EQ(info.tx_buffer_bytes, 0);
    EXPECT_FALSE(info.event_queue);
    EXPECT_EQ(info.baud, 9600);
    EXPECT_EQ(info.data_bits, UART_DATA_8_BITS);
    EXPECT_EQ(info.parity, UART_PARITY_DISABLE);
    EXPECT_EQ(info.stop_bits, UART_STOP_BITS_1);
    EXPECT_EQ(info.flow_ctrl, UART_HW_FLOWCTRL_DISABLE);
    EXPECT_EQ(info.tx_pin, 17);
    EXPECT_EQ(info.rx_pin, 18);
    EXPECT_EQ(info.rts_pin, 21);  // DE driven by the UART's RTS
    EXPECT_EQ(info.cts_pin, -1);
    EXPECT_EQ(info.mode, UART_MODE_RS485_HALF_DUPLEX);
    EXPECT_EQ(info.rx_timeout_symbols, Rs485Uart::kRxTimeoutSymbols);
    EXPECT_EQ(uart.stats().baud, kBaud);
    EXPECT_EQ(uart.stats().opens, 1U);
}

TEST_F(Rs485UartTest, WithoutDePinTheUartRunsInPlainMode) {
    Rs485Uart uart;
    std::string error;
    ASSERT_TRUE(uart.open(kPort, 22, 21, -1, kBaud, error)) << error;
    const auto info = tbg::hostcheck::uart_port_info(kPort);
    EXPECT_EQ(info.mode, UART_MODE_UART);
    EXPECT_EQ(info.rts_pin, -1);
}

TEST_F(Rs485UartTest, RefusedOpenLeavesNothingInstalled) {
    Rs485Uart uart;
    std::string error;
    EXPECT_FALSE(uart.open(3, 17, 18, 21, kBaud, error));
    EXPECT_FALSE(uart.open(kPort, 17, 18, 21, 600, error));
    EXPECT_FALSE(uart.open(kPort, -1, 18, 21, kBaud, error));
    tbg::hostcheck::uart_set_install_error(kPort, ESP_ERR_NO_MEM);
    EXPECT_FALSE(uart.open(kPort, 17, 18, 21, kBaud, error));
    EXPECT_NE(error.find("uart_driver_install: ESP_ERR_NO_MEM"), std::string::npos) << error;
    EXPECT_FALSE(uart.is_open());
    EXPECT_FALSE(tbg::hostcheck::uart_port_info(kPort).installed);
    tbg::hostcheck::uart_set_install_error(kPort, ESP_OK);
    EXPECT_TRUE(uart.open(kPort, 17, 18, 21, kBaud, error)) << error;
}

TEST_F(Rs485UartTest, PollsASimulatedPackAndGetsAValidAnalogReply) {
    Rs485Uart uart;
    std::string error;
    ASSERT_TRUE(uart.open(kPort, 17, 18, 21, kBaud, error)) << error;
    const tbg::topband::EncodedFrame request = tbg::topband::encode_analog_request(0);
    const auto reply = poll(uart, request);
    ASSERT_TRUE(reply.has_value());

    tbg::topband::Frame frame;
    ASSERT_EQ(tbg::topband::parse_frame(reply->text, frame), tbg::topband::FrameStatus::kOk) << reply->text;
    EXPECT_EQ(tbg::topband::check_reply(frame, {0}), tbg::topband::FrameStatus::kOk);
    tbg::topband::InfoBytes info;
    ASSERT_EQ(tbg::topband::decode_info_hex(frame.info, info), tbg::topband::FrameStatus::kOk);
    tbg::topband::AnalogValues values;
    ASSERT_EQ(tbg::topband::decode_analog(info.bytes(), values), tbg::topband::DecodeError::kNone);
    const tbg::sim::SimPack* pack = bus_.pack(0);
    ASSERT_NE(pack, nullptr);
    EXPECT_EQ(values.cell_count, pack->cell_count());
    for (std::size_t i = 0; i < values.cell_count; ++i) {
        EXPECT_GT(values.cell_mV[i], 2500) << i;
        EXPECT_LT(values.cell_mV[i], 3700) << i;
    }
    ASSERT_TRUE(values.pack_voltage_10mV.has_value());

    // Paced like the wire: request and reply at 10 bits a byte, the pack's turnaround, the rx timeout.
    const double byte_ms = 10'000.0 / kBaud;
    const double wire_ms = static_cast<double>(request.size + reply->text.size()) * byte_ms;
    const double min_ms = wire_ms + bus_.config().turnaround_ms;
    const double elapsed_ms = std::chrono::duration<double, std::milli>(reply->elapsed).count();
    EXPECT_GE(elapsed_ms, min_ms - 2.0) << "reply faster than the wire allows";
    EXPECT_LT(elapsed_ms, min_ms + 150.0);  // rx timeout + read step + scheduling slack

    const auto stats = uart.stats();
    EXPECT_EQ(stats.bytes_out, request.size);
    EXPECT_EQ(stats.bytes_in, reply->text.size());
    EXPECT_EQ(stats.write_errors, 0U);
    EXPECT_EQ(tbg::hostcheck::uart_port_info(kPort).requests, 1U);
    const auto sent = tbg::hostcheck::uart_tx_bytes(kPort);
    EXPECT_EQ(std::string(sent.begin(), sent.end()), std::string(request.view()));
}

TEST_F(Rs485UartTest, ReadWaitsAtMostTheTimeoutWhenNobodyAnswers) {
    Rs485Uart uart;
    std::string error;
    ASSERT_TRUE(uart.open(kPort, 17, 18, 21, kBaud, error)) << error;
    ASSERT_TRUE(uart.write(tbg::topband::encode_analog_request(5).bytes()));  // no pack at address 5
    std::array<std::uint8_t, 16> buffer{};
    const auto start = Clock::now();
    EXPECT_EQ(uart.read(buffer, 150), 0U);
    const auto waited = Clock::now() - start;
    EXPECT_GE(waited, std::chrono::milliseconds(145));
    EXPECT_LT(waited, std::chrono::milliseconds(600));
}

TEST_F(Rs485UartTest, ReadReturnsAsSoonAsBytesAreThere) {
    Rs485Uart uart;
    std::string error;
    ASSERT_TRUE(uart.open(kPort, 17, 18, 21, kBaud, error)) << error;
    const std::array<std::uint8_t, 5> noise{1, 2, 3, 4, 5};
    tbg::hostcheck::uart_inject_rx(kPort, noise);
    std::array<std::uint8_t, 16> buffer{};
    const auto start = Clock::now();
    EXPECT_EQ(uart.read(buffer, 2000), 5U);
    EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(100));
    EXPECT_EQ(buffer[4], 5);
    // A small buffer takes what fits; the rest stays for the next read.
    tbg::hostcheck::uart_inject_rx(kPort, noise);
    std::array<std::uint8_t, 2> small{};
    EXPECT_EQ(uart.read(small, 100), 2U);
    EXPECT_EQ(uart.read(buffer, 100), 3U);
    EXPECT_EQ(buffer[0], 3);
    EXPECT_EQ(uart.read(std::span<std::uint8_t>{}, 100), 0U);
}

TEST_F(Rs485UartTest, FlushInputDiscardsWhatArrived) {
    Rs485Uart uart;
    std::string error;
    ASSERT_TRUE(uart.open(kPort, 17, 18, 21, kBaud, error)) << error;
    const std::array<std::uint8_t, 3> stale{'~', '2', '1'};
    tbg::hostcheck::uart_inject_rx(kPort, stale);
    uart.flush_input();
    std::array<std::uint8_t, 16> buffer{};
    EXPECT_EQ(uart.read(buffer, 20), 0U);
    EXPECT_EQ(tbg::hostcheck::uart_port_info(kPort).flushed, 3U);
}

TEST_F(Rs485UartTest, WriteFailuresAreCounted) {
    Rs485Uart uart;
    const std::array<std::uint8_t, 3> bytes{'~', '2', '1'};
    EXPECT_FALSE(uart.write(bytes));  // closed
    std::string error;
    ASSERT_TRUE(uart.open(kPort, 17, 18, 21, kBaud, error)) << error;
    tbg::hostcheck::uart_set_write_failure(kPort, true);
    EXPECT_FALSE(uart.write(bytes));
    tbg::hostcheck::uart_set_write_failure(kPort, false);
    EXPECT_TRUE(uart.write(bytes));
    const auto stats = uart.stats();
    EXPECT_EQ(stats.write_errors, 2U);
    EXPECT_EQ(stats.bytes_out, 3U);
    EXPECT_FALSE(stats.last_error.empty());
}

TEST_F(Rs485UartTest, WrongBaudGetsNoAnswerAndSetBaudFixesIt) {
    tbg::hostcheck::uart_set_wire_baud(kPort, 9600);
    Rs485Uart uart;
    std::string error;
    ASSERT_TRUE(uart.open(kPort, 17, 18, 21, 19200, error)) << error;
    const auto request = tbg::topband::encode_analog_request(0);
    EXPECT_FALSE(poll(uart, request, std::chrono::milliseconds(300)).has_value());
    EXPECT_FALSE(uart.set_baud(50, error));
    ASSERT_TRUE(uart.set_baud(9600, error)) << error;
    EXPECT_EQ(tbg::hostcheck::uart_port_info(kPort).baud, 9600);
    EXPECT_TRUE(poll(uart, request).has_value());
    EXPECT_EQ(uart.stats().baud, 9600U);
}

TEST_F(Rs485UartTest, PowerCycleUninstallsAndTheBusStaysWired) {
    std::string error;
    {
        Rs485Uart uart;
        ASSERT_TRUE(uart.open(kPort, 17, 18, 21, kBaud, error)) << error;
        ASSERT_TRUE(poll(uart, tbg::topband::encode_analog_request(0)).has_value());
        uart.close();
        EXPECT_FALSE(tbg::hostcheck::uart_port_info(kPort).installed);
        ASSERT_TRUE(uart.open(kPort, 17, 18, 21, kBaud, error)) << error;
        tbg::hostcheck::power_off();
        const auto info = tbg::hostcheck::uart_port_info(kPort);
        EXPECT_FALSE(info.installed);
        EXPECT_EQ(info.bytes_written, 0U);
        EXPECT_TRUE(tbg::hostcheck::uart_tx_bytes(kPort).empty());
        tbg::hostcheck::power_on();
    }
    Rs485Uart uart;
    ASSERT_TRUE(uart.open(kPort, 17, 18, 21, kBaud, error)) << error;
    EXPECT_TRUE(poll(uart, tbg::topband::encode_analog_request(0)).has_value());
}

}  // namespace
