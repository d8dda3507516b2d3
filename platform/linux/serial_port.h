// A serial port (RS485 adapter, USB CAN adapter, pty) opened non-blocking in raw 8N1 mode.
//
// Contracts:
// - Nothing blocks: the fd is O_NONBLOCK; read() and write() return kWouldBlock instead of waiting, and close()
//   discards unsent output first so the kernel's close-time drain (up to 30 s on some drivers) cannot stall.
// - A lost device (unplugged USB adapter, closed pty master: EIO/ENXIO/ENODEV/EBADF or end-of-file on read) closes
//   the port: the call reports kClosed, fd() becomes -1. The owner remove()s the old fd from its event loop and
//   reopens later, paced by a ReopenPolicy. Every open() after the first successful one counts as a reopen.
// - Exclusive: open() takes flock(LOCK_EX | LOCK_NB) on the device and sets TIOCEXCL, so a second gateway (even one
//   running as root, which TIOCEXCL does not stop) cannot share the bus.
// - Errors are values: open() returns false and an error text; I/O returns an IoResult. All are counted in stats().
// - Not thread-safe; owned by the event-loop thread. Not copyable; the fd is owned.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace tbg::platform {

enum class IoStatus : std::uint8_t {
    kOk,          // `bytes` were transferred (a read: at least 1; a write: possibly fewer than offered)
    kWouldBlock,  // nothing to read, or no room to write, right now; not an error
    kClosed,      // the port is not open, or the device was lost by this call (now closed)
    kError,       // any other failure; counted, the port stays open
};

struct IoResult {
    IoStatus status = IoStatus::kOk;
    std::size_t bytes = 0;
    int error_number = 0;  // errno for kError and for a loss; 0 otherwise
};

enum class Rs485State : std::uint8_t {
    kNotRequested,  // SerialOptions::rs485 was false
    kEnabled,       // the driver accepted TIOCSRS485: it drives the transceiver's direction pin (RTS) itself
    kUnsupported,   // ENOTTY: not an RS485-capable UART (ptys, most USB adapters, which switch direction in hardware)
    kFailed,        // the driver refused for another reason (text in SerialStats::last_error); the port is usable
};

struct SerialOptions {
    std::uint32_t baud = 9600;  // one of the standard rates 1200 … 921600, see is_supported_baud()
    bool rs485 = true;          // ask the driver for kernel RS485 mode (SER_RS485_ENABLED | RTS on send)
};

struct SerialStats {
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
    std::uint64_t errors = 0;   // failed opens, I/O errors and losses
    std::uint64_t reopens = 0;  // successful opens after the first
    std::string last_error;
};

// True for the rates this port accepts: 1200, 1800, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800,
// 500000, 576000, 921600.
bool is_supported_baud(std::uint32_t baud);

class SerialPort {
public:
    SerialPort() = default;
    ~SerialPort() { close(); }
    SerialPort(const SerialPort&) = delete;
    SerialPort& operator=(const SerialPort&) = delete;

    // Opens `path` (closing a port already open first) in raw 8N1 at `baud`, with SerialOptions defaults otherwise.
    bool open(const std::string& path, std::uint32_t baud, std::string& error);
    bool open(const std::string& path, const SerialOptions& options, std::string& error);
    void close();

    bool is_open() const { return fd_ >= 0; }
    int fd() const { return fd_; }  // -1 while closed; changes on every open
    const std::string& path() const { return path_; }
    Rs485State rs485_state() const { return rs485_state_; }

    // Reads what is available, up to buffer.size() bytes.
    IoResult read(std::span<std::uint8_t> buffer);
    // Writes as much of `bytes` as fits in the kernel's output buffer now; the caller keeps the rest.
    IoResult write(std::span<const std::uint8_t> bytes);
    // Discards received bytes not read yet (tcflush TCIFLUSH). False (counted) when closed or on failure.
    bool flush_input();

    SerialStats stats() const { return stats_; }

private:
    bool fail_open(std::string what, int error_number, std::string& error);
    IoResult io_failure(const char* what, int error_number);

    int fd_ = -1;
    bool opened_before_ = false;
    std::string path_;
    Rs485State rs485_state_ = Rs485State::kNotRequested;
    SerialStats stats_;
};

}  // namespace tbg::platform
