#include "targets/linux/sim/sim_loop.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <utility>

#include "targets/linux/sim/options.h"

namespace tbg::sim::cli {

namespace {

constexpr auto kNoSlaveRetry = std::chrono::milliseconds(20);
constexpr auto kDeviceRetry = std::chrono::seconds(1);
constexpr auto kIdleWake = std::chrono::seconds(1);
constexpr std::int64_t kBitsPerByte = 10;  // start bit, 8 data bits, stop bit (8N1)

volatile std::sig_atomic_t g_stop_requested = 0;
sigset_t g_poll_mask;  // the mask ppoll() waits with: SIGINT/SIGTERM unblocked only while waiting

void on_stop_signal(int /*signal*/) {
    g_stop_requested = 1;
}

std::string hex64(std::uint64_t value) {
    std::array<char, 24> text{};
    std::snprintf(text.data(), text.size(), "0x%016llX", static_cast<unsigned long long>(value));
    return text.data();
}

}  // namespace

void SimLoop::install_signal_handlers() {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: ppoll returns EINTR
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    // Block both outside ppoll, so a signal cannot slip in between the flag check and the wait.
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &g_poll_mask);
    sigdelset(&g_poll_mask, SIGINT);
    sigdelset(&g_poll_mask, SIGTERM);
}

SimLoop::SimLoop(SimBus& bus, LoopOptions options) : bus_(bus), options_(std::move(options)) {}

void SimLoop::say(const std::string& line) {
    std::fputs(line.c_str(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

SimLoop::Clock::duration SimLoop::byte_time() const {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(
        kBitsPerByte * std::int64_t{1000000000} / std::int64_t{options_.baud == 0 ? 1U : options_.baud}));
}

std::uint64_t SimLoop::sim_now_ms(Clock::time_point now) const {
    const auto real_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - start_).count();
    return static_cast<std::uint64_t>(static_cast<double>(real_ms) * options_.time_scale);
}

void SimLoop::open_port() {
    if (options_.device) {
        port_ = Port::open_device(*options_.device, options_.baud);
    } else {
        port_ = Port::open_pty(options_.baud);
    }
    if (options_.link) {
        point_link(*options_.link, port_.path());
    }
    assembler_.reset();
    request_text_.clear();
    say((port_.is_pty() ? "PTY " : "DEVICE ") + port_.path());
}

void SimLoop::close_port() {
    port_.close();
    if (options_.link) {
        remove_link(*options_.link);
    }
    replies_.clear();
    assembler_.reset();
    port_retry_at_.reset();
}

int SimLoop::run() {
    start_ = Clock::now();
    bus_.advance(0);  // simulated time starts now
    open_port();
    while (!quit_ && g_stop_requested == 0) {
        Clock::time_point now = Clock::now();
        if (replug_at_ && now >= *replug_at_) {
            try {
                open_port();
                replug_at_.reset();
                say("REPLUGGED " + port_.path());
            } catch (const std::system_error& error) {
                std::fprintf(stderr, "topband-sim: replug failed (%s), retrying\n", error.what());
                replug_at_ = now + kDeviceRetry;
            }
        }
        send_due(now);

        std::array<pollfd, 2> fds{};
        nfds_t count = 0;
        int stdin_index = -1;
        int port_index = -1;
        if (stdin_open_) {
            stdin_index = static_cast<int>(count);
            fds[count++] = {STDIN_FILENO, POLLIN, 0};
        }
        if (port_.is_open() && (!port_retry_at_ || now >= *port_retry_at_)) {
            port_retry_at_.reset();
            port_index = static_cast<int>(count);
            fds[count++] = {port_.fd(), POLLIN, 0};
        }
        const std::chrono::nanoseconds wait = poll_timeout(now);
        const timespec timeout{static_cast<time_t>(wait.count() / 1000000000),
                               static_cast<long>(wait.count() % 1000000000)};
        const int ready = ::ppoll(fds.data(), count, &timeout, &g_poll_mask);
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            std::fprintf(stderr, "topband-sim: poll: %s\n", std::strerror(errno));
            close_port();
            return 1;
        }
        now = Clock::now();
        if (stdin_index >= 0 && (fds[static_cast<std::size_t>(stdin_index)].revents & (POLLIN | POLLHUP)) != 0) {
            read_stdin();
        }
        if (port_index >= 0 && port_.is_open()) {
            const short revents = fds[static_cast<std::size_t>(port_index)].revents;
            if ((revents & POLLIN) != 0) {
                read_port(now);
            } else if ((revents & (POLLHUP | POLLERR)) != 0) {
                port_retry_at_ = now + kNoSlaveRetry;  // pty without a slave: nobody is listening yet
            }
        }
    }
    close_port();
    say("QUIT");
    return 0;
}

std::chrono::nanoseconds SimLoop::poll_timeout(Clock::time_point now) const {
    Clock::time_point wake = now + kIdleWake;
    if (!replies_.empty()) {
        const PendingReply& reply = replies_.front();
        wake = std::min(wake, reply.start + byte_time() * static_cast<std::int64_t>(reply.sent));
    }
    if (port_retry_at_) {
        wake = std::min(wake, *port_retry_at_);
    }
    if (replug_at_) {
        wake = std::min(wake, *replug_at_);
    }
    return wake <= now ? std::chrono::nanoseconds(0) : std::chrono::nanoseconds(wake - now);
}

void SimLoop::read_port(Clock::time_point now) {
    std::array<std::uint8_t, 512> buffer{};
    while (port_.is_open()) {
        const ssize_t n = ::read(port_.fd(), buffer.data(), buffer.size());
        if (n > 0) {
            for (ssize_t i = 0; i < n; ++i) {
                const std::uint8_t byte = buffer[static_cast<std::size_t>(i)];
                const topband::AssemblerEvent event = assembler_.push(byte);
                if (byte == '~' || request_text_.size() > topband::kMaxFrameChars + 1) {
                    request_text_.clear();
                }
                request_text_.push_back(static_cast<char>(byte));
                if (event.kind == topband::AssemblerEvent::Kind::kFrame && event.status == topband::FrameStatus::kOk) {
                    on_frame(request_text_, now);
                    request_text_.clear();
                }
            }
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            return;
        }
        if (n < 0 && errno != EIO) {
            std::fprintf(stderr, "topband-sim: read %s: %s\n", port_.path().c_str(), std::strerror(errno));
        }
        // EIO (pty without slave) or end of file: no data; look again shortly.
        port_retry_at_ = now + kNoSlaveRetry;
        return;
    }
}

void SimLoop::on_frame(std::string_view text, Clock::time_point now) {
    const std::optional<SimReply> reply = bus_.on_request(text, sim_now_ms(now));
    if (!reply) {
        return;
    }
    PendingReply pending;
    pending.bytes.assign(reply->frame.view());
    pending.start = now + std::chrono::milliseconds(reply->turnaround_ms);
    if (!replies_.empty()) {
        const PendingReply& last = replies_.back();
        const Clock::time_point last_end = last.start + byte_time() * static_cast<std::int64_t>(last.bytes.size());
        pending.start = std::max(pending.start, last_end);
    }
    replies_.push_back(std::move(pending));
}

void SimLoop::send_due(Clock::time_point now) {
    if (!port_.is_open()) {
        replies_.clear();
        return;
    }
    while (!replies_.empty()) {
        PendingReply& reply = replies_.front();
        if (now < reply.start) {
            return;
        }
        const auto elapsed_bytes = static_cast<std::size_t>((now - reply.start) / byte_time()) + 1U;
        const std::size_t due = std::min(reply.bytes.size(), elapsed_bytes);
        if (due > reply.sent) {
            const ssize_t n = ::write(port_.fd(), reply.bytes.data() + reply.sent, due - reply.sent);
            if (n < 0) {
                if (errno == EAGAIN || errno == EINTR) {
                    return;  // the reader is behind; try again at the next wake-up
                }
                replies_.pop_front();  // EIO: nobody on the other end; the reply is lost as on a dead bus
                continue;
            }
            reply.sent += static_cast<std::size_t>(n);
        }
        if (reply.sent < reply.bytes.size()) {
            return;
        }
        replies_.pop_front();
    }
}

void SimLoop::read_stdin() {
    std::array<char, 512> buffer{};
    const ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
    if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) {
            return;
        }
        stdin_open_ = false;
        return;
    }
    if (n == 0) {
        stdin_open_ = false;  // end of input: keep simulating, stop listening
        if (!stdin_buffer_.empty()) {
            handle_line(std::exchange(stdin_buffer_, {}));
        }
        return;
    }
    stdin_buffer_.append(buffer.data(), static_cast<std::size_t>(n));
    std::size_t end = 0;
    while ((end = stdin_buffer_.find('\n')) != std::string::npos) {
        const std::string line = stdin_buffer_.substr(0, end);
        stdin_buffer_.erase(0, end + 1);
        handle_line(line);
    }
    if (stdin_buffer_.size() > 4096) {
        stdin_buffer_.clear();  // no command is that long
    }
}

void SimLoop::handle_line(const std::string& line) {
    const ControlCommand command = parse_control_line(line);
    switch (command.kind) {
        case ControlCommand::Kind::kNone:
            return;
        case ControlCommand::Kind::kInvalid:
            std::fprintf(stderr, "topband-sim: %s\n", command.error.c_str());
            return;
        case ControlCommand::Kind::kScenario: {
            bus_.advance(sim_now_ms(Clock::now()));
            const std::string name(to_string(command.scenario));
            if (!command.adr) {
                bus_.set_scenario(command.scenario);
                say("SCENARIO " + name + " all");
            } else if (bus_.set_scenario(*command.adr, command.scenario)) {
                say("SCENARIO " + name + " " + std::to_string(*command.adr));
            } else {
                std::fprintf(stderr, "topband-sim: no pack at address %u\n", static_cast<unsigned>(*command.adr));
            }
            return;
        }
        case ControlCommand::Kind::kUnplug:
            if (!port_.is_open()) {
                std::fprintf(stderr, "topband-sim: already unplugged\n");
                return;
            }
            close_port();
            say("UNPLUGGED");
            replug_at_ = Clock::now() + std::chrono::seconds(command.seconds);
            return;
        case ControlCommand::Kind::kStatus:
            print_status();
            return;
        case ControlCommand::Kind::kQuit:
            quit_ = true;
            return;
    }
}

void SimLoop::print_status() {
    bus_.advance(sim_now_ms(Clock::now()));
    for (std::uint8_t adr = 0; adr < kMaxPacks; ++adr) {
        const SimPack* pack = bus_.pack(adr);
        if (pack == nullptr) {
            continue;
        }
        std::uint16_t max_cell = 0;
        std::uint16_t min_cell = 0xFFFF;
        for (std::size_t i = 0; i < pack->cell_count(); ++i) {
            max_cell = std::max(max_cell, pack->cell_mV(i));
            min_cell = std::min(min_cell, pack->cell_mV(i));
        }
        say("STATUS adr=" + std::to_string(adr) + " preset=" + std::string(to_string(pack->preset())) + " scenario=" +
            std::string(to_string(pack->scenario())) + " soc_centipct=" + std::to_string(pack->soc_centipct()) +
            " current_10mA=" + std::to_string(pack->current_10mA()) +
            " pack_10mV=" + std::to_string(pack->pack_voltage_10mV()) + " min_cell_mV=" + std::to_string(min_cell) +
            " max_cell_mV=" + std::to_string(max_cell) + " status_bits=" + hex64(pack->status_bits()) +
            " sim_ms=" + std::to_string(pack->elapsed_ms()));
    }
}

}  // namespace tbg::sim::cli
