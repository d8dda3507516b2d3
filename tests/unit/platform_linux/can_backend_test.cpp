#include "platform/linux/can_backend.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace tbg::platform {
namespace {

TEST(platform_can_backend, FactoryMakesUnopenedBackendsFromValidSpecs) {
    std::string error;
    for (const std::string_view spec : {"slcan:/dev/ttyACM0", "socketcan:can0", "socketcan:abcdefghijklmno"}) {
        const std::unique_ptr<CanBackend> backend = make_can_backend(spec, error);
        ASSERT_NE(backend, nullptr) << spec << ": " << error;
        EXPECT_EQ(backend->name(), spec);
        EXPECT_FALSE(backend->is_open());
        EXPECT_EQ(backend->fd(), -1);
    }
}

TEST(platform_can_backend, FactoryRejectsMalformedSpecsWithAReason) {
    for (const std::string_view spec :
         {"", "none ", "NONE", "none:", "slcan:", "slcan", "socketcan:", "socketcan:abcdefghijklmnop", "socketcan:a/b",
          "socketcan:can 0", "socketcan:..", "can0", "/dev/ttyACM0", "udp:239.0.0.1"}) {
        std::string error;
        EXPECT_EQ(make_can_backend(spec, error), nullptr) << "'" << spec << "'";
        EXPECT_FALSE(error.empty()) << "'" << spec << "'";
    }
    std::string error;
    make_can_backend("vcan0", error);
    EXPECT_NE(error.find("expected slcan:PATH, socketcan:IFNAME or none"), std::string::npos) << error;
    make_can_backend("slcan:", error);
    EXPECT_NE(error.find("device path"), std::string::npos) << error;
    make_can_backend("socketcan:abcdefghijklmnop", error);
    EXPECT_NE(error.find("1 to 15 characters"), std::string::npos) << error;
}

TEST(platform_can_backend, NoneAcceptsAndCountsEveryFrameAndReceivesNothing) {
    std::string error;
    const std::unique_ptr<CanBackend> backend = make_can_backend("none", error);
    ASSERT_NE(backend, nullptr) << error;
    EXPECT_EQ(backend->name(), "none");
    EXPECT_FALSE(backend->send(can::CanFrame{}));  // not open yet
    ASSERT_TRUE(backend->open(error));
    EXPECT_TRUE(backend->is_open());
    EXPECT_EQ(backend->fd(), -1);
    for (int i = 0; i < 20; ++i) {
        EXPECT_TRUE(backend->send(can::CanFrame{}));
    }
    std::vector<can::CanFrame> received;
    backend->on_readable(received);
    EXPECT_TRUE(received.empty());
    backend->close();
    EXPECT_FALSE(backend->is_open());
    ASSERT_TRUE(backend->open(error));
    const CanStats stats = backend->stats();
    EXPECT_EQ(stats.frames_sent, 20u);
    EXPECT_EQ(stats.send_drops, 1u);
    EXPECT_EQ(stats.frames_received, 0u);
    EXPECT_EQ(stats.reopens, 1u);
    EXPECT_EQ(stats.errors, 0u);
}

// The build machine has no AF_CAN (and no vcan), so this only checks that a failed open is a value: closed,
// counted, with a reason. On a kernel with SocketCAN the made-up interface name fails instead.
TEST(platform_can_backend, SocketcanOpenFailureIsReportedNotThrown) {
    std::string error;
    const std::unique_ptr<CanBackend> backend = make_can_backend("socketcan:tbgnosuch0", error);
    ASSERT_NE(backend, nullptr) << error;
    EXPECT_FALSE(backend->open(error));
    RecordProperty("socketcan_open_error", error);
    EXPECT_NE(error.find("socketcan:tbgnosuch0"), std::string::npos) << error;
    EXPECT_FALSE(backend->is_open());
    EXPECT_EQ(backend->fd(), -1);
    EXPECT_FALSE(backend->send(can::CanFrame{}));
    std::vector<can::CanFrame> received;
    backend->on_readable(received);
    EXPECT_TRUE(received.empty());
    const CanStats stats = backend->stats();
    EXPECT_EQ(stats.errors, 1u);
    EXPECT_EQ(stats.send_drops, 1u);
    EXPECT_EQ(stats.last_error, error);
}

TEST(platform_can_backend, SlcanOpenFailureIsReportedNotThrown) {
    std::string error;
    const std::unique_ptr<CanBackend> backend = make_can_backend("slcan:/nonexistent/ttyACM7", error);
    ASSERT_NE(backend, nullptr) << error;
    EXPECT_FALSE(backend->open(error));
    EXPECT_NE(error.find("No such file"), std::string::npos) << error;
    EXPECT_FALSE(backend->is_open());
    EXPECT_EQ(backend->stats().errors, 1u);
}

}  // namespace
}  // namespace tbg::platform
