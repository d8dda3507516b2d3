#include "platform/linux/serial_port.h"

#include <array>
#include <cerrno>
#include <optional>
#include <utility>

#include <fcntl.h>
#include <linux/serial.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "platform/linux/sys_error.h"

namespace tbg::platform {

namespace {

struct BaudMapping {
    std::uint32_t baud;
    speed_t speed;
};

constexpr std::array<BaudMapping, 14> kBaudRates{{
    {1200, B1200},
    {1800, B1800},
    {2400, B2400},
    {4800, B4800},
    {9600, B9600},
    {19200, B19200},
    {38400, B38400},
    {57600, B57600},
    {115200, B115200},
    {230400, B230400},
    {460800, B460800},
    {500000, B500000},
    {576000, B576000},
    {921600, B921600},
}};

std::optional<speed_t> speed_for(std::uint32_t baud) {
    for (const BaudMapping& mapping : kBaudRates) {
        if (mapping.baud == baud) {
            return mapping.speed;
        }
    }
    return std::nullopt;
}

// errno values that mean the device is gone rather than a transient failure.
bool is_serial_device_loss(int error_number) {
    return error_number == EIO || error_number == ENXIO || error_number == ENODEV || error_number == EBADF;
}

// Raw 8N1, no flow control, receiver on, modem lines ignored. VMIN=1/VTIME=0 makes an empty non-blocking read fail
// with EAGAIN, so a read returning 0 can only mean hang-up.
bool configure_raw(int fd, speed_t speed) {
    termios tty{};
    if (tcgetattr(fd, &tty) != 0) {
        return false;
    }
    cfmakeraw(&tty);
    tty.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | PARENB | CRTSCTS | CSIZE);
    tty.c_cflag |= CS8 | CLOCAL | CREAD;
    tty.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
    tty.c_cc[VMIN] = 1;
    tty.c_cc[VTIME] = 0;
    if (cfsetispeed(&tty, speed) != 0 || cfsetospeed(&tty, speed) != 0) {
        return false;
    }
    if (tcsetattr(fd, TCSANOW, &tty) != 0) {
        return false;
    }
    // tcsetattr succeeds if any one change was applied; check that the speed was.
    termios applied{};
    if (tcgetattr(fd, &applied) != 0) {
        return false;
    }
    if (cfgetospeed(&applied) != speed) {
        errno = EINVAL;
        return false;
    }
    return true;
}

// Kernel RS485 mode, keeping the driver's delays and RTS polarity when it already has one.
Rs485State enable_rs485(int fd, int& error_number) {
    serial_rs485 rs485{};
    if (ioctl(fd, TIOCGRS485, &rs485) == 0) {
        rs485.flags |= SER_RS485_ENABLED;
        if ((rs485.flags & (SER_RS485_RTS_ON_SEND | SER_RS485_RTS_AFTER_SEND)) == 0) {
            rs485.flags |= SER_RS485_RTS_ON_SEND;
        }
        if (ioctl(fd, TIOCSRS485, &rs485) == 0) {
            return Rs485State::kEnabled;
        }
    }
    error_number = errno;
    return error_number == ENOTTY ? Rs485State::kUnsupported : Rs485State::kFailed;
}

}  // namespace

bool is_supported_baud(std::uint32_t baud) {
    return speed_for(baud).has_value();
}

bool SerialPort::open(const std::string& path, std::uint32_t baud, std::string& error) {
    SerialOptions options;
    options.baud = baud;
    return open(path, options, error);
}

bool SerialPort::open(const std::string& path, const SerialOptions& options, std::string& error) {
    close();
    path_ = path;
    rs485_state_ = Rs485State::kNotRequested;
    const std::optional<speed_t> speed = speed_for(options.baud);
    if (!speed) {
        return fail_open(
            path + ": unsupported baud rate " + std::to_string(options.baud) + " (standard rates 1200 to 921600 only)",
            0, error);
    }
    fd_ = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) {
        return fail_open("open " + path, errno, error);
    }
    if (!isatty(fd_)) {
        return fail_open(path + ": not a terminal device", ENOTTY, error);
    }
    if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        return fail_open(path + ": in use by another process (flock)", errno, error);
    }
    if (ioctl(fd_, TIOCEXCL) != 0) {
        return fail_open(path + ": TIOCEXCL", errno, error);
    }
    if (!configure_raw(fd_, *speed)) {
        return fail_open(path + ": cannot set raw 8N1 at " + std::to_string(options.baud) + " baud", errno, error);
    }
    if (options.rs485) {
        int rs485_error = 0;
        rs485_state_ = enable_rs485(fd_, rs485_error);
        if (rs485_state_ == Rs485State::kFailed) {
            ++stats_.errors;
            stats_.last_error = sys_error_text(path + ": RS485 mode (TIOCSRS485)", rs485_error);
        }
    }
    tcflush(fd_, TCIOFLUSH);  // stale bytes from before this open
    if (opened_before_) {
        ++stats_.reopens;
    }
    opened_before_ = true;
    return true;
}

void SerialPort::close() {
    if (fd_ < 0) {
        return;
    }
    tcflush(fd_, TCIOFLUSH);  // unsent output would make close() wait for it to drain
    ioctl(fd_, TIOCNXCL);     // TIOCEXCL outlives this fd while any other fd keeps the tty open
    ::close(fd_);
    fd_ = -1;
}

IoResult SerialPort::read(std::span<std::uint8_t> buffer) {
    if (fd_ < 0) {
        return {IoStatus::kClosed, 0, 0};
    }
    if (buffer.empty()) {
        return {IoStatus::kOk, 0, 0};
    }
    for (;;) {
        const ssize_t count = ::read(fd_, buffer.data(), buffer.size());
        if (count > 0) {
            stats_.bytes_in += static_cast<std::uint64_t>(count);
            return {IoStatus::kOk, static_cast<std::size_t>(count), 0};
        }
        if (count == 0) {
            return io_failure("hang-up", EIO);  // end-of-file on a tty: the device hung up
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN) {
            return {IoStatus::kWouldBlock, 0, 0};
        }
        return io_failure("read", errno);
    }
}

IoResult SerialPort::write(std::span<const std::uint8_t> bytes) {
    if (fd_ < 0) {
        return {IoStatus::kClosed, 0, 0};
    }
    if (bytes.empty()) {
        return {IoStatus::kOk, 0, 0};
    }
    for (;;) {
        const ssize_t count = ::write(fd_, bytes.data(), bytes.size());
        if (count > 0) {
            stats_.bytes_out += static_cast<std::uint64_t>(count);
            return {IoStatus::kOk, static_cast<std::size_t>(count), 0};
        }
        if (count == 0 || errno == EAGAIN) {
            return {IoStatus::kWouldBlock, 0, 0};
        }
        if (errno == EINTR) {
            continue;
        }
        return io_failure("write", errno);
    }
}

bool SerialPort::flush_input() {
    if (fd_ < 0) {
        ++stats_.errors;
        stats_.last_error = path_ + ": flush_input on a closed port";
        return false;
    }
    if (tcflush(fd_, TCIFLUSH) != 0) {
        io_failure("tcflush", errno);
        return false;
    }
    return true;
}

bool SerialPort::fail_open(std::string what, int error_number, std::string& error) {
    error = error_number == 0 ? std::move(what) : sys_error_text(what, error_number);
    ++stats_.errors;
    stats_.last_error = error;
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    return false;
}

IoResult SerialPort::io_failure(const char* what, int error_number) {
    ++stats_.errors;
    if (!is_serial_device_loss(error_number)) {
        stats_.last_error = sys_error_text(path_ + ": " + what, error_number);
        return {IoStatus::kError, 0, error_number};
    }
    stats_.last_error = sys_error_text(path_ + ": device lost (" + what + ")", error_number);
    close();
    return {IoStatus::kClosed, 0, error_number};
}

}  // namespace tbg::platform
