#include "targets/linux/sim/port.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <system_error>
#include <utility>

namespace tbg::sim::cli {

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

speed_t speed_of(std::uint32_t baud) {
    struct Rate {
        std::uint32_t baud;
        speed_t speed;
    };
    constexpr std::array<Rate, 9> kRates = {{{1200, B1200},
                                             {2400, B2400},
                                             {4800, B4800},
                                             {9600, B9600},
                                             {19200, B19200},
                                             {38400, B38400},
                                             {57600, B57600},
                                             {115200, B115200},
                                             {230400, B230400}}};
    for (const Rate& rate : kRates) {
        if (rate.baud == baud) {
            return rate.speed;
        }
    }
    return B0;
}

// Raw 8N1, no flow control, reads return what is there. `strict`: the speed must be a standard rate.
void make_raw(int fd, std::uint32_t baud, bool strict, const std::string& name) {
    termios tio{};
    if (::tcgetattr(fd, &tio) != 0) {
        fail("tcgetattr " + name);
    }
    ::cfmakeraw(&tio);
    tio.c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB | CSTOPB | CRTSCTS);
    tio.c_cflag |= CS8 | CLOCAL | CREAD;
    tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    const speed_t speed = speed_of(baud);
    if (speed == B0 && strict) {
        errno = EINVAL;
        fail("baud rate " + std::to_string(baud) + " for " + name);
    }
    if (speed != B0) {
        ::cfsetispeed(&tio, speed);
        ::cfsetospeed(&tio, speed);
    }
    if (::tcsetattr(fd, TCSANOW, &tio) != 0) {
        fail("tcsetattr " + name);
    }
}

}  // namespace

Port::Port(Port&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)), pty_(other.pty_) {}

Port& Port::operator=(Port&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = std::exchange(other.fd_, -1);
        path_ = std::move(other.path_);
        pty_ = other.pty_;
    }
    return *this;
}

Port::~Port() {
    close();
}

void Port::close() {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

Port Port::open_pty(std::uint32_t baud) {
    const int fd = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        fail("posix_openpt");
    }
    Port port(fd, {}, true);
    if (::grantpt(fd) != 0) {
        fail("grantpt");
    }
    if (::unlockpt(fd) != 0) {
        fail("unlockpt");
    }
    std::array<char, 128> name{};
    if (::ptsname_r(fd, name.data(), name.size()) != 0) {
        fail("ptsname_r");
    }
    port.path_ = name.data();
    // The pty's line settings are shared by both ends: raw here means no echo and no line editing for the slave too.
    make_raw(fd, baud, false, port.path_);
    return port;
}

Port Port::open_device(const std::string& path, std::uint32_t baud) {
    const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        fail("open " + path);
    }
    Port port(fd, path, false);
    make_raw(fd, baud, true, path);
    ::tcflush(fd, TCIOFLUSH);
    return port;
}

void point_link(const std::string& link, const std::string& target) {
    struct stat info {};
    if (::lstat(link.c_str(), &info) == 0 && !S_ISLNK(info.st_mode)) {
        errno = EEXIST;
        fail("--link " + link + " exists and is not a symlink");
    }
    const std::string temporary = link + ".tmp." + std::to_string(::getpid());
    ::unlink(temporary.c_str());
    if (::symlink(target.c_str(), temporary.c_str()) != 0) {
        fail("symlink " + temporary);
    }
    if (::rename(temporary.c_str(), link.c_str()) != 0) {
        const int saved = errno;
        ::unlink(temporary.c_str());
        errno = saved;
        fail("rename " + temporary + " to " + link);
    }
}

void remove_link(const std::string& link) {
    struct stat info {};
    if (::lstat(link.c_str(), &info) == 0 && S_ISLNK(info.st_mode)) {
        ::unlink(link.c_str());
    }
}

}  // namespace tbg::sim::cli
