// Test helper: a pseudo-terminal pair standing in for a serial device. The code under test opens `slave_path`; the
// test plays the device on `master` (non-blocking). Reads wait with poll() and a timeout, never indefinitely.
#pragma once

#include <cerrno>
#include <cstdint>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <unistd.h>

namespace tbg::platform::test {

class PtyPair {
public:
    PtyPair() {
        if (openpty(&master_, &slave_, nullptr, nullptr, nullptr) != 0) {
            return;
        }
        fcntl(master_, F_SETFL, fcntl(master_, F_GETFL) | O_NONBLOCK);
        char name[64] = {};
        if (ttyname_r(slave_, name, sizeof name) == 0) {
            slave_path_ = name;
        }
    }
    ~PtyPair() {
        close_master();
        if (slave_ >= 0) {
            ::close(slave_);
        }
    }
    PtyPair(const PtyPair&) = delete;
    PtyPair& operator=(const PtyPair&) = delete;

    bool ok() const { return master_ >= 0 && !slave_path_.empty(); }
    int master() const { return master_; }
    int slave() const { return slave_; }  // the test's own slave fd, kept open; shares termios with the port
    const std::string& slave_path() const { return slave_path_; }

    void close_master() {
        if (master_ >= 0) {
            ::close(master_);
            master_ = -1;
        }
    }

    // Writes everything (the pty has room for far more than the tests send).
    bool write(std::string_view bytes) const {
        while (!bytes.empty()) {
            const ssize_t count = ::write(master_, bytes.data(), bytes.size());
            if (count < 0) {
                if (errno != EAGAIN && errno != EINTR) {
                    return false;
                }
                pollfd out{master_, POLLOUT, 0};
                poll(&out, 1, 100);
                continue;
            }
            bytes.remove_prefix(static_cast<std::size_t>(count));
        }
        return true;
    }

    // Reads until `count` bytes arrived or `timeout_ms` passed without new data.
    std::string read(std::size_t count, int timeout_ms = 1000) const {
        std::string received;
        while (received.size() < count) {
            pollfd in{master_, POLLIN, 0};
            if (poll(&in, 1, timeout_ms) <= 0) {
                break;
            }
            char buffer[4096];
            const ssize_t got = ::read(master_, buffer, sizeof buffer);
            if (got <= 0) {
                if (got < 0 && (errno == EAGAIN || errno == EINTR)) {
                    continue;
                }
                break;
            }
            received.append(buffer, static_cast<std::size_t>(got));
        }
        return received;
    }

    // Reads whatever arrives until the line has been quiet for `quiet_ms`.
    std::string drain(int quiet_ms = 100) const { return read(SIZE_MAX, quiet_ms); }

private:
    int master_ = -1;
    int slave_ = -1;
    std::string slave_path_;
};

// Waits until `fd` is readable or hung up; false on timeout.
inline bool wait_readable(int fd, int timeout_ms = 1000) {
    pollfd in{fd, POLLIN, 0};
    return poll(&in, 1, timeout_ms) > 0;
}

}  // namespace tbg::platform::test
