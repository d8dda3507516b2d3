// In-memory lwIP sockets (lwip_fake.h).
#include "lwip_fake.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>

#include "freertos_fake.h"
#include "lwip/sockets.h"

namespace tbg::hostcheck {

namespace {

struct UdpSocket {
    bool bound = false;
    Ipv4 address{};
    std::uint16_t port = 0;
    std::uint32_t receive_timeout_ms = UINT32_MAX;
    std::deque<UdpDatagram> inbox;
};

struct Stream {
    Ipv4 peer{};
    std::uint16_t peer_port = 0;
    Ipv4 local{};
    std::uint16_t local_port = 0;
};

struct World {
    Waitable waitable;  // its mutex guards everything below
    std::map<int, UdpSocket> udp;
    std::map<int, Stream> streams;
    std::deque<UdpDatagram> sent;
    int next_fd = 54;
};

World& world() {
    static World instance;
    return instance;
}

struct PowerHook {
    PowerHook() {
        on_power_cycle([] {
            World& w = world();
            const std::lock_guard lock(w.waitable.mutex);
            w.udp.clear();
            w.streams.clear();
            w.sent.clear();
            w.next_fd = 54;
        });
    }
} g_power_hook;

std::uint16_t port_of(in_port_t network_order) {
    std::uint8_t bytes[2];
    std::memcpy(bytes, &network_order, 2);
    return static_cast<std::uint16_t>((bytes[0] << 8) | bytes[1]);
}

in_port_t network_port(std::uint16_t port) {
    const std::uint8_t bytes[2] = {static_cast<std::uint8_t>(port >> 8), static_cast<std::uint8_t>(port & 0xFF)};
    in_port_t value = 0;
    std::memcpy(&value, bytes, 2);
    return value;
}

void write_address(sockaddr* name, socklen_t* namelen, const Ipv4& ip, std::uint16_t port) {
    sockaddr_in in{};
    in.sin_len = sizeof in;
    in.sin_family = AF_INET;
    in.sin_port = network_port(port);
    std::memcpy(&in.sin_addr.s_addr, ip.data(), 4);
    const std::size_t n = std::min<std::size_t>(*namelen, sizeof in);
    std::memcpy(name, &in, n);
    *namelen = sizeof in;
}

bool read_address(const sockaddr* name, socklen_t namelen, Ipv4& ip, std::uint16_t& port) {
    if (name == nullptr || namelen < sizeof(sockaddr_in) || name->sa_family != AF_INET) {
        return false;
    }
    sockaddr_in in{};
    std::memcpy(&in, name, sizeof in);
    std::memcpy(ip.data(), &in.sin_addr.s_addr, 4);
    port = port_of(in.sin_port);
    return true;
}

}  // namespace

bool lwip_fake_inject_udp(std::uint16_t port, std::vector<std::uint8_t> bytes, Ipv4 from, std::uint16_t from_port) {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    for (auto& [fd, socket] : w.udp) {
        if (socket.bound && socket.port == port) {
            socket.inbox.push_back(UdpDatagram{port, from, from_port, std::move(bytes)});
            w.waitable.notify();
            return true;
        }
    }
    return false;
}

std::optional<UdpDatagram> lwip_fake_take_sent(std::uint32_t timeout_ms) {
    World& w = world();
    std::unique_lock lock(w.waitable.mutex);
    if (!w.waitable.wait_for_ms(lock, timeout_ms, [&] { return !w.sent.empty(); })) {
        return std::nullopt;
    }
    UdpDatagram datagram = std::move(w.sent.front());
    w.sent.pop_front();
    return datagram;
}

bool lwip_fake_udp_bound(std::uint16_t port) {
    return lwip_fake_udp_bound_address(port).has_value();
}

std::optional<Ipv4> lwip_fake_udp_bound_address(std::uint16_t port) {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    for (const auto& [fd, socket] : w.udp) {
        if (socket.bound && socket.port == port) {
            return socket.address;
        }
    }
    return std::nullopt;
}

std::size_t lwip_fake_open_udp_sockets() {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    return w.udp.size();
}

void lwip_fake_set_stream(int fd, Ipv4 peer, std::uint16_t peer_port, Ipv4 local, std::uint16_t local_port) {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    w.streams[fd] = Stream{peer, peer_port, local, local_port};
}

void lwip_fake_remove_stream(int fd) {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    w.streams.erase(fd);
}

}  // namespace tbg::hostcheck

using tbg::hostcheck::world;

extern "C" {

int lwip_socket(int domain, int type, int /*protocol*/) {
    if (domain != AF_INET || type != SOCK_DGRAM) {
        errno = EAFNOSUPPORT;  // the fake has UDP over IPv4 only; streams come from the httpd fake
        return -1;
    }
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    const int fd = w.next_fd++;
    w.udp[fd] = {};
    return fd;
}

int lwip_bind(int s, const struct sockaddr* name, socklen_t namelen) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    const auto it = w.udp.find(s);
    tbg::hostcheck::Ipv4 ip{};
    std::uint16_t port = 0;
    if (it == w.udp.end() || !tbg::hostcheck::read_address(name, namelen, ip, port)) {
        errno = EINVAL;
        return -1;
    }
    for (const auto& [fd, socket] : w.udp) {
        if (socket.bound && socket.port == port) {
            errno = EADDRINUSE;
            return -1;
        }
    }
    it->second.bound = true;
    it->second.address = ip;
    it->second.port = port;
    return 0;
}

int lwip_close(int s) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (w.udp.erase(s) == 0 && w.streams.erase(s) == 0) {
        errno = EBADF;
        return -1;
    }
    w.waitable.notify();
    return 0;
}

ssize_t lwip_recvfrom(int s, void* mem, size_t len, int /*flags*/, struct sockaddr* from, socklen_t* fromlen) {
    auto& w = world();
    std::unique_lock lock(w.waitable.mutex);
    auto it = w.udp.find(s);
    if (it == w.udp.end()) {
        errno = EBADF;
        return -1;
    }
    const std::uint32_t timeout_ms = it->second.receive_timeout_ms;
    const bool ready = w.waitable.wait_for_ms(lock, timeout_ms, [&] {
        const auto found = w.udp.find(s);
        return found == w.udp.end() || !found->second.inbox.empty();
    });
    it = w.udp.find(s);
    if (it == w.udp.end()) {
        errno = EBADF;
        return -1;
    }
    if (!ready) {
        errno = EAGAIN;
        return -1;
    }
    tbg::hostcheck::UdpDatagram datagram = std::move(it->second.inbox.front());
    it->second.inbox.pop_front();
    const std::size_t n = std::min(len, datagram.bytes.size());
    std::memcpy(mem, datagram.bytes.data(), n);
    if (from != nullptr && fromlen != nullptr) {
        tbg::hostcheck::write_address(from, fromlen, datagram.peer, datagram.peer_port);
    }
    return static_cast<ssize_t>(n);
}

ssize_t lwip_sendto(int s, const void* dataptr, size_t size, int /*flags*/, const struct sockaddr* to,
                    socklen_t tolen) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    const auto it = w.udp.find(s);
    tbg::hostcheck::UdpDatagram datagram;
    if (it == w.udp.end() || !tbg::hostcheck::read_address(to, tolen, datagram.peer, datagram.peer_port)) {
        errno = it == w.udp.end() ? EBADF : EINVAL;
        return -1;
    }
    datagram.local_port = it->second.port;
    const auto* bytes = static_cast<const std::uint8_t*>(dataptr);
    datagram.bytes.assign(bytes, bytes + size);
    w.sent.push_back(std::move(datagram));
    w.waitable.notify();
    return static_cast<ssize_t>(size);
}

int lwip_setsockopt(int s, int level, int optname, const void* optval, socklen_t optlen) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    const auto it = w.udp.find(s);
    if (it == w.udp.end()) {
        errno = EBADF;
        return -1;
    }
    if (level == SOL_SOCKET && optname == SO_RCVTIMEO && optlen >= sizeof(timeval)) {
        timeval timeout{};
        std::memcpy(&timeout, optval, sizeof timeout);
        const auto ms =
            static_cast<std::uint64_t>(timeout.tv_sec) * 1000 + static_cast<std::uint64_t>(timeout.tv_usec) / 1000;
        it->second.receive_timeout_ms = ms == 0 ? UINT32_MAX : static_cast<std::uint32_t>(ms);
        return 0;
    }
    errno = ENOPROTOOPT;
    return -1;
}

int lwip_getpeername(int s, struct sockaddr* name, socklen_t* namelen) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    const auto it = w.streams.find(s);
    if (it == w.streams.end()) {
        errno = ENOTCONN;
        return -1;
    }
    tbg::hostcheck::write_address(name, namelen, it->second.peer, it->second.peer_port);
    return 0;
}

int lwip_getsockname(int s, struct sockaddr* name, socklen_t* namelen) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (const auto it = w.streams.find(s); it != w.streams.end()) {
        tbg::hostcheck::write_address(name, namelen, it->second.local, it->second.local_port);
        return 0;
    }
    if (const auto it = w.udp.find(s); it != w.udp.end()) {
        tbg::hostcheck::write_address(name, namelen, it->second.address, it->second.port);
        return 0;
    }
    errno = EBADF;
    return -1;
}

}  // extern "C"
