// lwIP BSD sockets as ESP-IDF v5.x ships them (lwip/sockets.h, lwIP 2.1 with ESP-IDF's options: IPv4 and IPv6,
// LWIP_SOCKET_OFFSET so that socket numbers are the VFS file descriptors). Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-guides/lwip.html
// (section "BSD Sockets API": the lwip_* functions behind socket(), bind(), recvfrom(), sendto(), setsockopt()
// with SO_RCVTIMEO, getpeername(), getsockname(), close(); errno reports errors) and lwIP's sockets.h for the
// address structures (sin_len first, one-byte sa_family_t) and the option values.
// Our code calls the lwip_* names, which exist in every configuration (the POSIX names are macros or VFS wrappers).
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint8_t sa_family_t;
typedef uint16_t in_port_t;
typedef uint32_t in_addr_t;
typedef uint32_t socklen_t;

struct in_addr {
    in_addr_t s_addr;  // network byte order
};

struct in6_addr {
    union {
        uint32_t u32_addr[4];
        uint8_t u8_addr[16];
    } un;
};

struct sockaddr_in {
    uint8_t sin_len;
    sa_family_t sin_family;
    in_port_t sin_port;  // network byte order
    struct in_addr sin_addr;
    char sin_zero[8];
};

struct sockaddr_in6 {
    uint8_t sin6_len;
    sa_family_t sin6_family;
    in_port_t sin6_port;
    uint32_t sin6_flowinfo;
    struct in6_addr sin6_addr;
    uint32_t sin6_scope_id;
};

struct sockaddr {
    uint8_t sa_len;
    sa_family_t sa_family;
    char sa_data[14];
};

struct sockaddr_storage {
    uint8_t s2_len;
    sa_family_t ss_family;
    char s2_data1[2];
    uint32_t s2_data2[3];
    uint32_t s2_data3[3];
};

#define AF_INET 2
#define AF_INET6 10
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define IPPROTO_UDP 17
#define SOL_SOCKET 0xfff
#define SO_SNDTIMEO 0x1005
#define SO_RCVTIMEO 0x1006

int lwip_socket(int domain, int type, int protocol);
int lwip_bind(int s, const struct sockaddr* name, socklen_t namelen);
int lwip_close(int s);
// -1 with errno EAGAIN when SO_RCVTIMEO passed without a datagram.
ssize_t lwip_recvfrom(int s, void* mem, size_t len, int flags, struct sockaddr* from, socklen_t* fromlen);
ssize_t lwip_sendto(int s, const void* dataptr, size_t size, int flags, const struct sockaddr* to, socklen_t tolen);
int lwip_setsockopt(int s, int level, int optname, const void* optval, socklen_t optlen);
int lwip_getpeername(int s, struct sockaddr* name, socklen_t* namelen);
int lwip_getsockname(int s, struct sockaddr* name, socklen_t* namelen);

#ifdef __cplusplus
}
#endif
