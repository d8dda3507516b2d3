// The MQTT link without a broker: publish() never blocks, the queue drops the oldest message when full and counts it,
// failed connection attempts back off and are reported, stop() returns promptly.
#include "platform/linux/mqtt_link.h"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace tbg::platform {
namespace {

// A loopback port with nothing listening (bound, then closed).
int closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t size = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
    ::close(fd);
    return ntohs(addr.sin_port);
}

struct Logs {
    std::mutex mutex;
    std::vector<std::string> lines;
    std::function<void(int, const std::string&)> sink() {
        return [this](int, const std::string& line) {
            const std::lock_guard lock(mutex);
            lines.push_back(line);
        };
    }
    std::size_t size() {
        const std::lock_guard lock(mutex);
        return lines.size();
    }
};

TEST(MqttLink, FullQueueDropsTheOldestAndCountsIt) {
    MqttLinkOptions options;
    options.host = "127.0.0.1";
    options.port = closed_port();
    options.client_id = "test";
    options.queue_messages = 16;
    Logs logs;
    MqttLink link(options, logs.sink());
    std::string error;
    ASSERT_TRUE(link.start(error)) << error;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) {
        link.publish({"t/" + std::to_string(i), "x", false, 0});
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50)) << "publish never waits";
    const MqttLinkStats stats = link.stats();
    EXPECT_EQ(stats.dropped, 4U);
    EXPECT_EQ(stats.queued, 16U);
    EXPECT_FALSE(stats.connected);
    link.stop();
}

TEST(MqttLink, RefusedConnectionsAreReportedAndRetriedWithBackOff) {
    MqttLinkOptions options;
    options.host = "127.0.0.1";
    options.port = closed_port();
    options.client_id = "test";
    options.min_backoff_ms = 100;
    options.max_backoff_ms = 400;
    Logs logs;
    MqttLink link(options, logs.sink());
    std::string error;
    ASSERT_TRUE(link.start(error)) << error;
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    const MqttLinkStats stats = link.stats();
    // Attempts at 0, 0.1, 0.3, 0.7, 1.1 s: the delays double up to the maximum.
    EXPECT_GE(stats.failures, 3U);
    EXPECT_LE(stats.failures, 6U);
    EXPECT_NE(stats.last_error.find("cannot connect to 127.0.0.1"), std::string::npos) << stats.last_error;
    {
        const std::lock_guard lock(logs.mutex);
        ASSERT_FALSE(logs.lines.empty());
        EXPECT_NE(logs.lines[0].find("retrying in 0.1 s"), std::string::npos) << logs.lines[0];
    }
    const auto start = std::chrono::steady_clock::now();
    link.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
}

TEST(MqttLink, UnreadableCaFileIsRefusedAtStart) {
    MqttLinkOptions options;
    options.client_id = "test";
    options.tls = true;
    options.ca_file = "/nonexistent/ca.pem";
    MqttLink link(options, [](int, const std::string&) {});
    std::string error;
    EXPECT_FALSE(link.start(error));
    EXPECT_NE(error.find("TLS"), std::string::npos) << error;
}

}  // namespace
}  // namespace tbg::platform
