#include "platform/linux/serial_port.h"

#include <array>
#include <cstdint>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "tests/unit/platform_linux/pty_pair.h"

namespace tbg::platform {
namespace {

using test::PtyPair;
using test::wait_readable;

std::string all_byte_values() {
    std::string bytes;
    for (int value = 0; value < 256; ++value) {
        bytes.push_back(static_cast<char>(value));
    }
    return bytes;
}

// Reads from the port until `count` bytes arrived or a wait for more times out.
std::string read_port(SerialPort& port, std::size_t count) {
    std::string received;
    std::array<std::uint8_t, 512> buffer{};
    while (received.size() < count && wait_readable(port.fd())) {
        const IoResult result = port.read(buffer);
        if (result.status == IoStatus::kWouldBlock) {
            continue;
        }
        if (result.status != IoStatus::kOk) {
            break;
        }
        received.append(reinterpret_cast<const char*>(buffer.data()), result.bytes);
    }
    return received;
}

// CAP_SYS_ADMIN lets an open() through a tty's TIOCEXCL.
bool has_cap_sys_admin() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("CapEff:", 0) == 0) {
            const std::uint64_t capabilities = std::stoull(line.substr(7), nullptr, 16);
            return (capabilities >> 21 & 1) != 0;
        }
    }
    return false;
}

TEST(platform_serial_port, OpensRaw8N1NonBlockingAt9600) {
    PtyPair pty;
    ASSERT_TRUE(pty.ok());
    SerialPort port;
    std::string error;
    ASSERT_TRUE(port.open(pty.slave_path(), 9600, error)) << error;
    EXPECT_TRUE(port.is_open());
    EXPECT_GE(port.fd(), 0);
    EXPECT_EQ(port.path(), pty.slave_path());
    EXPECT_NE(fcntl(port.fd(), F_GETFL) & O_NONBLOCK, 0);

    termios tty{};
    ASSERT_EQ(tcgetattr(pty.slave(), &tty), 0);  // the same tty as the port's fd
    EXPECT_EQ(cfgetispeed(&tty), B9600);
    EXPECT_EQ(cfgetospeed(&tty), B9600);
    EXPECT_EQ(tty.c_cflag & CSIZE, static_cast<tcflag_t>(CS8));
    EXPECT_EQ(tty.c_cflag & (PARENB | CSTOPB | CRTSCTS), 0u);
    EXPECT_NE(tty.c_cflag & CREAD, 0u);
    EXPECT_NE(tty.c_cflag & CLOCAL, 0u);
    EXPECT_EQ(tty.c_lflag & (ICANON | ECHO | ISIG | IEXTEN), 0u);
    EXPECT_EQ(tty.c_iflag & (IXON | IXOFF | ICRNL | ISTRIP), 0u);
    EXPECT_EQ(tty.c_oflag & OPOST, 0u);
    EXPECT_EQ(tty.c_cc[VMIN], 1);
    EXPECT_EQ(tty.c_cc[VTIME], 0);

    // A pty has no RS485 mode: the ioctl answers ENOTTY, which is noted, not an error.
    EXPECT_EQ(port.rs485_state(), Rs485State::kUnsupported);
    EXPECT_EQ(port.stats().errors, 0u) << port.stats().last_error;
}

TEST(platform_serial_port, TransfersEveryByteValueBothWays) {
    PtyPair pty;
    ASSERT_TRUE(pty.ok());
    SerialPort port;
    std::string error;
    ASSERT_TRUE(port.open(pty.slave_path(), 9600, error)) << error;
    const std::string bytes = all_byte_values();  // CR, LF, XON/XOFF, ^C, DEL, 0x00, 0xFF: raw mode passes all

    ASSERT_TRUE(pty.write(bytes));
    EXPECT_EQ(read_port(port, bytes.size()), bytes);

    const IoResult written =
        port.write(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
    EXPECT_EQ(written.status, IoStatus::kOk);
    EXPECT_EQ(written.bytes, bytes.size());
    EXPECT_EQ(pty.read(bytes.size()), bytes);

    const SerialStats stats = port.stats();
    EXPECT_EQ(stats.bytes_in, 256u);
    EXPECT_EQ(stats.bytes_out, 256u);
    EXPECT_EQ(stats.errors, 0u);
}

TEST(platform_serial_port, EmptyReadWouldBlockInsteadOfWaiting) {
    PtyPair pty;
    ASSERT_TRUE(pty.ok());
    SerialPort port;
    std::string error;
    ASSERT_TRUE(port.open(pty.slave_path(), 9600, error)) << error;
    std::array<std::uint8_t, 16> buffer{};
    const IoResult result = port.read(buffer);
    EXPECT_EQ(result.status, IoStatus::kWouldBlock);
    EXPECT_EQ(result.bytes, 0u);
    EXPECT_EQ(port.stats().errors, 0u);
}

TEST(platform_serial_port, FlushInputDiscardsUnreadBytes) {
    PtyPair pty;
    ASSERT_TRUE(pty.ok());
    SerialPort port;
    std::string error;
    ASSERT_TRUE(port.open(pty.slave_path(), 9600, error)) << error;
    ASSERT_TRUE(pty.write("stale reply"));
    ASSERT_TRUE(wait_readable(port.fd()));
    EXPECT_TRUE(port.flush_input());
    std::array<std::uint8_t, 32> buffer{};
    EXPECT_EQ(port.read(buffer).status, IoStatus::kWouldBlock);
    ASSERT_TRUE(pty.write("fresh"));
    EXPECT_EQ(read_port(port, 5), "fresh");
}

TEST(platform_serial_port, ClosingTheMasterIsDetectedAsLoss) {
    PtyPair pty;
    ASSERT_TRUE(pty.ok());
    SerialPort port;
    std::string error;
    ASSERT_TRUE(port.open(pty.slave_path(), 9600, error)) << error;
    ASSERT_TRUE(pty.write("last"));
    ASSERT_EQ(read_port(port, 4), "last");

    pty.close_master();                     // the USB adapter is unplugged
    ASSERT_TRUE(wait_readable(port.fd()));  // hang-up wakes a poller
    std::array<std::uint8_t, 16> buffer{};
    const IoResult result = port.read(buffer);
    EXPECT_EQ(result.status, IoStatus::kClosed);
    EXPECT_EQ(result.error_number, EIO);
    EXPECT_FALSE(port.is_open());
    EXPECT_EQ(port.fd(), -1);
    EXPECT_EQ(port.stats().errors, 1u);
    EXPECT_NE(port.stats().last_error.find("device lost"), std::string::npos) << port.stats().last_error;

    EXPECT_EQ(port.read(buffer).status, IoStatus::kClosed);
    const std::array<std::uint8_t, 1> byte{0x55};
    EXPECT_EQ(port.write(byte).status, IoStatus::kClosed);
    EXPECT_FALSE(port.flush_input());

    // The device node is gone with its master: reopening fails until a device is back, then counts a reopen.
    EXPECT_FALSE(port.open(pty.slave_path(), 9600, error));
    EXPECT_FALSE(error.empty());
    PtyPair replacement;
    ASSERT_TRUE(replacement.ok());
    ASSERT_TRUE(port.open(replacement.slave_path(), 9600, error)) << error;
    EXPECT_EQ(port.stats().reopens, 1u);
}

TEST(platform_serial_port, SecondOpenOfTheSameDeviceIsRefused) {
    PtyPair pty;
    ASSERT_TRUE(pty.ok());
    SerialPort first;
    std::string error;
    ASSERT_TRUE(first.open(pty.slave_path(), 9600, error)) << error;

    SerialPort second;
    EXPECT_FALSE(second.open(pty.slave_path(), 9600, error));
    EXPECT_FALSE(second.is_open());
    EXPECT_EQ(second.stats().errors, 1u);
    RecordProperty("second_open_error", error);

    // What TIOCEXCL alone does on a pty: refuses a plain open with EBUSY, unless the caller has CAP_SYS_ADMIN
    // (root in most containers), which the kernel lets through. flock() above refuses in both cases.
    const int plain = ::open(pty.slave_path().c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    const int plain_errno = errno;
    const bool privileged = has_cap_sys_admin();
    RecordProperty("tiocexcl_bypassed_by_cap_sys_admin", privileged ? "yes" : "no");
    if (privileged) {
        EXPECT_GE(plain, 0);
        EXPECT_NE(error.find("flock"), std::string::npos) << error;
    } else {
        EXPECT_EQ(plain, -1);
        EXPECT_EQ(plain_errno, EBUSY);
    }
    if (plain >= 0) {
        ::close(plain);
    }

    // close() clears TIOCEXCL although the test's own slave fd keeps the tty open, so the device is free again.
    int exclusive = -1;
    ASSERT_EQ(ioctl(pty.slave(), TIOCGEXCL, &exclusive), 0);
    EXPECT_EQ(exclusive, 1);
    first.close();
    ASSERT_EQ(ioctl(pty.slave(), TIOCGEXCL, &exclusive), 0);
    EXPECT_EQ(exclusive, 0);
    EXPECT_TRUE(second.open(pty.slave_path(), 9600, error)) << error;
}

TEST(platform_serial_port, RejectsNonStandardBaudAndNonTerminals) {
    PtyPair pty;
    ASSERT_TRUE(pty.ok());
    SerialPort port;
    std::string error;
    EXPECT_FALSE(port.open(pty.slave_path(), 12345, error));
    EXPECT_NE(error.find("unsupported baud rate 12345"), std::string::npos) << error;
    EXPECT_FALSE(port.is_open());

    EXPECT_FALSE(port.open("/dev/null", 9600, error));
    EXPECT_NE(error.find("not a terminal"), std::string::npos) << error;
    EXPECT_FALSE(port.open("/nonexistent/ttyUSB9", 9600, error));
    EXPECT_NE(error.find("No such file"), std::string::npos) << error;
    EXPECT_EQ(port.stats().errors, 3u);

    for (const std::uint32_t baud :
         {1200u, 2400u, 4800u, 9600u, 19200u, 38400u, 57600u, 115200u, 230400u, 460800u, 921600u}) {
        EXPECT_TRUE(is_supported_baud(baud)) << baud;
        EXPECT_TRUE(port.open(pty.slave_path(), baud, error)) << baud << ": " << error;
    }
    for (const std::uint32_t baud : {0u, 300u, 600u, 7200u, 9601u, 250000u, 1000000u}) {
        EXPECT_FALSE(is_supported_baud(baud)) << baud;
    }
}

TEST(platform_serial_port, Rs485CanBeLeftAlone) {
    PtyPair pty;
    ASSERT_TRUE(pty.ok());
    SerialPort port;
    SerialOptions options;
    options.baud = 115200;
    options.rs485 = false;
    std::string error;
    ASSERT_TRUE(port.open(pty.slave_path(), options, error)) << error;
    EXPECT_EQ(port.rs485_state(), Rs485State::kNotRequested);
    termios tty{};
    ASSERT_EQ(tcgetattr(pty.slave(), &tty), 0);
    EXPECT_EQ(cfgetospeed(&tty), B115200);
}

}  // namespace
}  // namespace tbg::platform
