#include "platform/esp32/net/captive_dns.h"

#include <cstring>

#include "esp_log.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "lwip/sockets.h"

namespace tbg::esp32 {

namespace {

constexpr const char* kTag = "captive_dns";
constexpr long kReceiveTimeoutUs = 500'000;
constexpr std::uint32_t kStopWaitMs = 1'500;

// A value whose bytes in memory are `bytes` in this order (network byte order fields).
template <typename T, std::size_t N>
T from_bytes(const std::array<std::uint8_t, N>& bytes) {
    static_assert(sizeof(T) == N);
    T value{};
    std::memcpy(&value, bytes.data(), N);
    return value;
}

}  // namespace

CaptiveDns::~CaptiveDns() {
    stop();
}

bool CaptiveDns::start(const CaptiveDnsOptions& options, std::string& error) {
    if (task_running_) {
        error = "the captive DNS server is already running";
        return false;
    }
    options_ = options;
    const int fd = lwip_socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (fd < 0) {
        error = "captive DNS: no socket (errno " + std::to_string(errno) + ")";
        return false;
    }
    sockaddr_in local{};
    local.sin_len = sizeof local;
    local.sin_family = AF_INET;
    local.sin_port = from_bytes<in_port_t>(std::array<std::uint8_t, 2>{static_cast<std::uint8_t>(options.port >> 8),
                                                                       static_cast<std::uint8_t>(options.port & 0xFF)});
    local.sin_addr.s_addr = from_bytes<in_addr_t>(options.address);
    if (lwip_bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
        error =
            "captive DNS: cannot bind port " + std::to_string(options.port) + " (errno " + std::to_string(errno) + ")";
        lwip_close(fd);
        return false;
    }
    timeval timeout{};
    timeout.tv_sec = 0;
    timeout.tv_usec = kReceiveTimeoutUs;
    lwip_setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    socket_ = fd;
    stop_requested_ = false;
    task_running_ = true;
    if (xTaskCreatePinnedToCore(&CaptiveDns::task_entry, "captive_dns", options.stack_bytes, this,
                                options.task_priority, nullptr, tskNO_AFFINITY) != pdPASS) {
        task_running_ = false;
        lwip_close(fd);
        socket_ = -1;
        error = "captive DNS: cannot create its task";
        return false;
    }
    {
        const std::lock_guard lock(mutex_);
        stats_.running = true;
    }
    ESP_LOGI(kTag, "answering DNS on port %u", static_cast<unsigned>(options.port));
    return true;
}

void CaptiveDns::stop() {
    if (!task_running_) {
        return;
    }
    stop_requested_ = true;
    for (std::uint32_t waited_ms = 0; task_running_ && waited_ms < kStopWaitMs; waited_ms += 10) {
        vTaskDelay(pdMS_TO_TICKS(10));
    }
}

CaptiveDnsStats CaptiveDns::stats() const {
    const std::lock_guard lock(mutex_);
    return stats_;
}

void CaptiveDns::task_entry(void* self) {
    static_cast<CaptiveDns*>(self)->run();
    vTaskDelete(nullptr);
}

void CaptiveDns::run() {
    std::array<std::uint8_t, kDnsMaxUdpBytes> query{};
    std::array<std::uint8_t, kDnsMaxUdpBytes> reply{};
    const DnsReplyConfig config{options_.address, options_.ttl_s};
    if (options_.heartbeat) {
        options_.heartbeat();
    }
    while (!stop_requested_) {
        sockaddr_storage from{};
        socklen_t from_len = sizeof from;
        const ssize_t got =
            lwip_recvfrom(socket_, query.data(), query.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_len);
        if (options_.heartbeat) {
            options_.heartbeat();
        }
        if (got < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                const std::lock_guard lock(mutex_);
                ++stats_.errors;
                vTaskDelay(pdMS_TO_TICKS(100));  // a persistent error must not spin
            }
            continue;
        }
        const DnsReply answer =
            build_dns_reply(std::span(query.data(), static_cast<std::size_t>(got)), config, std::span(reply));
        bool sent = true;
        if (answer.outcome != DnsOutcome::kIgnored) {
            sent = lwip_sendto(socket_, reply.data(), answer.bytes, 0, reinterpret_cast<const sockaddr*>(&from),
                               from_len) == static_cast<ssize_t>(answer.bytes);
        }
        const std::lock_guard lock(mutex_);
        ++stats_.queries;
        if (!sent) {
            ++stats_.errors;
        } else if (answer.outcome == DnsOutcome::kIgnored) {
            ++stats_.ignored;
        } else if (answer.answers > 0) {
            ++stats_.answered;
        } else {
            ++stats_.refused;
        }
    }
    lwip_close(socket_);
    socket_ = -1;
    {
        const std::lock_guard lock(mutex_);
        stats_.running = false;
    }
    task_running_ = false;
}

}  // namespace tbg::esp32
