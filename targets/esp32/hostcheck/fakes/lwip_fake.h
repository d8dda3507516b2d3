// Host fake of lwip/sockets.h: in-memory UDP sockets (no host network, no privileged port), plus the stream sockets
// that the httpd fake opens for its sessions (getpeername/getsockname answer with the addresses the test chose).
//
// UDP: lwip_socket/bind/recvfrom/sendto/setsockopt(SO_RCVTIMEO)/close. A test injects a datagram to a bound port
// and takes what the firmware sent. recvfrom waits with tbg::hostcheck::Waitable (SO_RCVTIMEO, else forever) and
// throws Reset on a power cycle. Socket numbers start at 54 (ESP-IDF's LWIP_SOCKET_OFFSET region), streams use the
// httpd fake's numbers (1000 and up).
//
// RAM only: a power cycle closes every socket and forgets every datagram. Thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace tbg::hostcheck {

using Ipv4 = std::array<std::uint8_t, 4>;

struct UdpDatagram {
    std::uint16_t local_port = 0;  // of the sending/receiving socket
    Ipv4 peer{};
    std::uint16_t peer_port = 0;
    std::vector<std::uint8_t> bytes;
};

// Delivers `bytes` to the UDP socket bound to `port`; false when none is bound there.
bool lwip_fake_inject_udp(std::uint16_t port, std::vector<std::uint8_t> bytes, Ipv4 from = {192, 168, 4, 2},
                          std::uint16_t from_port = 40'000);
// The next datagram the firmware sent (oldest first), waiting at most timeout_ms.
std::optional<UdpDatagram> lwip_fake_take_sent(std::uint32_t timeout_ms);
// Whether a UDP socket is bound to `port`, and to which address.
bool lwip_fake_udp_bound(std::uint16_t port);
std::optional<Ipv4> lwip_fake_udp_bound_address(std::uint16_t port);
std::size_t lwip_fake_open_udp_sockets();

// The httpd fake's session sockets.
void lwip_fake_set_stream(int fd, Ipv4 peer, std::uint16_t peer_port, Ipv4 local, std::uint16_t local_port);
void lwip_fake_remove_stream(int fd);

}  // namespace tbg::hostcheck
