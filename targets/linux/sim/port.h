// The simulator's end of the serial line: a pseudo-terminal it creates, or an existing tty it opens, both raw 8N1 and
// non-blocking; plus the optional stable symlink to the pty's slave path.
//
// Errors throw std::system_error (with the failing call in the message).
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace tbg::sim::cli {

class Port {
public:
    Port() = default;
    Port(const Port&) = delete;
    Port& operator=(const Port&) = delete;
    Port(Port&& other) noexcept;
    Port& operator=(Port&& other) noexcept;
    ~Port();

    // posix_openpt + grantpt + unlockpt, raw mode at `baud`; path() is the slave's path (e.g. /dev/pts/3).
    static Port open_pty(std::uint32_t baud);
    // Opens `path` (O_NOCTTY), raw 8N1 at `baud`, which must be a standard rate (1200 … 230400).
    static Port open_device(const std::string& path, std::uint32_t baud);

    bool is_open() const { return fd_ >= 0; }
    int fd() const { return fd_; }
    const std::string& path() const { return path_; }
    bool is_pty() const { return pty_; }
    void close();

private:
    Port(int fd, std::string path, bool pty) : fd_(fd), path_(std::move(path)), pty_(pty) {}

    int fd_ = -1;
    std::string path_;
    bool pty_ = false;
};

// Creates or atomically replaces `link` as a symlink to `target`. Refuses (throws) when `link` exists and is not a
// symlink, so a stray --link cannot destroy a file.
void point_link(const std::string& link, const std::string& target);
// Removes `link` if it is a symlink (to anything); no error when it is gone already.
void remove_link(const std::string& link);

}  // namespace tbg::sim::cli
