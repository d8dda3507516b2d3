// topband-sim's event loop: one poll() over the serial port and stdin.
//
// Request bytes go through a FrameAssembler; each valid frame (its text as received) is handed to SimBus::on_request
// with the simulated time (real monotonic time since start × time_scale). A reply is sent turnaround_ms after the
// request ended (real time), byte-paced at the baud rate: byte k leaves at start + k × 10 bits / baud, so its wire time
// is realistic. Replies to requests that arrive while one is on the wire queue behind it.
//
// stdout carries one line per state change, flushed at once: "PTY /dev/pts/N" (first line in pty mode, again after
// each replug), "DEVICE path" (first line with --device), "SCENARIO NAME all|ADR", "UNPLUGGED", "REPLUGGED path",
// "STATUS …" (on request) and "QUIT". Errors and notes go to stderr.
//
// A pty master reads EIO (and polls POLLHUP) while no slave is open: that is "no data", the port is polled again
// after 20 ms. Waiting uses ppoll() (poll() with the signal mask) for sub-millisecond pacing. SIGINT/SIGTERM end the
// loop cleanly (the link is removed).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "core/topband/assembler.h"
#include "platform/sim/sim_bus.h"
#include "targets/linux/sim/port.h"

namespace tbg::sim::cli {

struct LoopOptions {
    std::uint32_t baud = 9600;
    double time_scale = 1.0;
    std::optional<std::string> device;  // open this tty instead of creating a pty
    std::optional<std::string> link;    // symlink kept pointing at the port's path
};

class SimLoop {
public:
    SimLoop(SimBus& bus, LoopOptions options);

    // Opens the port and runs until "quit", end of a signal or a fatal port error. Returns the exit code (0 or 1).
    int run();

    // Installs the SIGINT/SIGTERM handlers that stop run(); ignores SIGPIPE.
    static void install_signal_handlers();

private:
    using Clock = std::chrono::steady_clock;

    struct PendingReply {
        std::string bytes;
        Clock::time_point start;  // when the first byte is due
        std::size_t sent = 0;
    };

    void open_port();
    void close_port();
    void read_port(Clock::time_point now);
    void read_stdin();
    void handle_line(const std::string& line);
    void on_frame(std::string_view text, Clock::time_point now);
    void send_due(Clock::time_point now);
    void print_status();
    std::chrono::nanoseconds poll_timeout(Clock::time_point now) const;  // until the next thing to do
    std::uint64_t sim_now_ms(Clock::time_point now) const;
    Clock::duration byte_time() const;
    static void say(const std::string& line);

    SimBus& bus_;
    LoopOptions options_;
    Clock::time_point start_;
    Port port_;
    topband::FrameAssembler assembler_;
    std::string request_text_;  // the bytes of the frame being received, '~' first, as they arrived
    std::deque<PendingReply> replies_;
    std::string stdin_buffer_;
    bool stdin_open_ = true;
    bool quit_ = false;
    std::optional<Clock::time_point> port_retry_at_;  // pty without slave: do not poll the port before this
    std::optional<Clock::time_point> replug_at_;      // unplugged: reopen at this time
};

}  // namespace tbg::sim::cli
