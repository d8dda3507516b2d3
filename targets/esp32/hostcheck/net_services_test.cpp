// The small network services: the captive DNS server on its task (lwIP fake), mDNS (mdns fake) and the time zone
// with SNTP (sntp fake).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>

#include "fakes/freertos_fake.h"
#include "fakes/lwip_fake.h"
#include "fakes/mdns_fake.h"
#include "fakes/sntp_fake.h"
#include "platform/esp32/net/captive_dns.h"
#include "platform/esp32/net/mdns_service.h"
#include "platform/esp32/net/time_sync.h"
#include "targets/esp32/main/wall_clock.h"

namespace tbg::esp32 {
namespace {

std::vector<std::uint8_t> a_query(std::uint16_t id) {
    std::vector<std::uint8_t> q = {
        static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id & 0xFF), 1, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    for (const char* label : {"captive", "apple", "com"}) {
        q.push_back(static_cast<std::uint8_t>(std::strlen(label)));
        q.insert(q.end(), label, label + std::strlen(label));
    }
    q.insert(q.end(), {0, 0, 1, 0, 1});
    return q;
}

class ServicesTest : public ::testing::Test {
protected:
    void SetUp() override { hostcheck::power_on(); }
    void TearDown() override { hostcheck::power_off(); }
};

TEST_F(ServicesTest, CaptiveDnsAnswersOnTheAccessPointAddressFromItsOwnTask) {
    CaptiveDns dns;
    std::atomic<int> beats{0};
    CaptiveDnsOptions options;
    options.heartbeat = [&beats] { ++beats; };
    std::string error;
    ASSERT_TRUE(dns.start(options, error)) << error;
    EXPECT_EQ(hostcheck::lwip_fake_udp_bound_address(53), (hostcheck::Ipv4{192, 168, 4, 1}));
    bool found = false;
    for (const auto& task : hostcheck::tasks()) {
        if (task.name == "captive_dns") {
            found = true;
            EXPECT_EQ(task.priority, 5U);
            EXPECT_EQ(task.stack_bytes, 3072U);
        }
    }
    EXPECT_TRUE(found);

    ASSERT_TRUE(hostcheck::lwip_fake_inject_udp(53, a_query(0xBEEF), {192, 168, 4, 3}, 5353));
    const auto reply = hostcheck::lwip_fake_take_sent(2000);
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->peer, (hostcheck::Ipv4{192, 168, 4, 3}));
    EXPECT_EQ(reply->peer_port, 5353);
    EXPECT_EQ(reply->local_port, 53);
    ASSERT_EQ(reply->bytes.size(), a_query(0).size() + 16);
    EXPECT_EQ(reply->bytes[0], 0xBE);
    EXPECT_EQ(reply->bytes[1], 0xEF);
    EXPECT_EQ(std::vector<std::uint8_t>(reply->bytes.end() - 4, reply->bytes.end()),
              (std::vector<std::uint8_t>{192, 168, 4, 1}));

    // A response is never answered; a runt neither.
    auto response = a_query(1);
    response[2] |= 0x80;
    ASSERT_TRUE(hostcheck::lwip_fake_inject_udp(53, response));
    ASSERT_TRUE(hostcheck::lwip_fake_inject_udp(53, {1, 2, 3}));
    EXPECT_FALSE(hostcheck::lwip_fake_take_sent(700).has_value());
    const CaptiveDnsStats stats = dns.stats();
    EXPECT_TRUE(stats.running);
    EXPECT_EQ(stats.queries, 3U);
    EXPECT_EQ(stats.answered, 1U);
    EXPECT_EQ(stats.ignored, 2U);
    EXPECT_GE(beats.load(), 3);  // at start, per datagram, per receive timeout

    dns.stop();
    EXPECT_FALSE(dns.stats().running);
    EXPECT_FALSE(hostcheck::lwip_fake_udp_bound(53));
    EXPECT_EQ(hostcheck::lwip_fake_open_udp_sockets(), 0U);
    ASSERT_TRUE(dns.start(options, error)) << error;  // and again
}

TEST_F(ServicesTest, CaptiveDnsRefusesATakenPort) {
    CaptiveDns first;
    CaptiveDns second;
    std::string error;
    ASSERT_TRUE(first.start(CaptiveDnsOptions{}, error)) << error;
    EXPECT_FALSE(second.start(CaptiveDnsOptions{}, error));
    EXPECT_NE(error.find("bind"), std::string::npos);
    EXPECT_EQ(hostcheck::lwip_fake_open_udp_sockets(), 1U);  // the refused socket was closed
}

TEST_F(ServicesTest, MdnsAnnouncesTheHostnameAndTheWebServer) {
    MdnsService mdns;
    std::string error;
    ASSERT_TRUE(mdns.start(MdnsOptions{}, error)) << error;
    auto state = hostcheck::mdns_fake_state();
    EXPECT_TRUE(state.running);
    EXPECT_EQ(state.hostname, "victron-gateway");
    EXPECT_EQ(state.instance_name, "Victron Gateway");
    ASSERT_EQ(state.services.size(), 1U);
    EXPECT_EQ(state.services[0].service_type, "_http");
    EXPECT_EQ(state.services[0].proto, "_tcp");
    EXPECT_EQ(state.services[0].port, 80);
    EXPECT_EQ(state.services[0].txt, (std::vector<std::pair<std::string, std::string>>{{"path", "/"}}));
    EXPECT_FALSE(mdns.start(MdnsOptions{}, error));
    mdns.stop();
    EXPECT_FALSE(hostcheck::mdns_fake_state().running);

    hostcheck::mdns_fake_fail_next_init(ESP_ERR_NO_MEM);
    EXPECT_FALSE(mdns.start(MdnsOptions{}, error));
    EXPECT_NE(error.find("ESP_ERR_NO_MEM"), std::string::npos);
    EXPECT_FALSE(mdns.running());
}

class TimeZoneGuard {
public:
    TimeZoneGuard() {
        const char* tz = std::getenv("TZ");
        had_ = tz != nullptr;
        saved_ = had_ ? tz : "";
    }
    ~TimeZoneGuard() {
        if (had_) {
            setenv("TZ", saved_.c_str(), 1);
        } else {
            unsetenv("TZ");
        }
        tzset();
    }
    TimeZoneGuard(const TimeZoneGuard&) = delete;
    TimeZoneGuard& operator=(const TimeZoneGuard&) = delete;

private:
    bool had_ = false;
    std::string saved_;
};

TEST_F(ServicesTest, TheTimeZoneStringFollowsDaylightSavingTime) {
    TimeZoneGuard guard;
    std::string error;
    ASSERT_TRUE(apply_time_zone("CET-1CEST,M3.5.0,M10.5.0/3", error)) << error;
    // 2026-03-28 23:30 UTC is 00:30 on the 29th in CET (+1); 2026-03-29 22:30 UTC is 00:30 on the 30th in CEST (+2).
    EXPECT_EQ(local_date(1'774'740'600), (history::CivilDate{2026, 3, 29}));
    EXPECT_EQ(local_date(1'774'823'400), (history::CivilDate{2026, 3, 30}));
    // 22:30 UTC on 2026-03-29 is still the 29th in UTC.
    ASSERT_TRUE(apply_time_zone("UTC0", error));
    EXPECT_EQ(local_date(1'774'823'400), (history::CivilDate{2026, 3, 29}));
    EXPECT_FALSE(apply_time_zone("", error));
}

TEST_F(ServicesTest, SntpStartsWithTheServerAndRecordsTheSync) {
    TimeZoneGuard guard;
    TimeSync time;
    std::string error;
    ASSERT_TRUE(time.start("pool.ntp.org", "CET-1CEST,M3.5.0,M10.5.0/3", error)) << error;
    const auto state = hostcheck::sntp_fake_state();
    EXPECT_TRUE(state.initialised);
    EXPECT_EQ(state.server, "pool.ntp.org");
    EXPECT_TRUE(state.start);
    EXPECT_FALSE(state.wait_for_sync);
    EXPECT_TRUE(state.has_callback);
    EXPECT_FALSE(time.synced());
    EXPECT_FALSE(time.last_sync_unix_s().has_value());
    ASSERT_TRUE(hostcheck::sntp_fake_sync(1'800'000'000));
    EXPECT_TRUE(time.synced());
    EXPECT_EQ(time.last_sync_unix_s(), 1'800'000'000);
    EXPECT_EQ(time.syncs(), 1U);

    // A second TimeSync cannot take over the one callback.
    TimeSync other;
    EXPECT_FALSE(other.start("time.example", "UTC0", error));
    time.stop();
    EXPECT_EQ(hostcheck::sntp_fake_state().deinits, 1U);
    EXPECT_FALSE(hostcheck::sntp_fake_sync(1'800'000'100));
    ASSERT_TRUE(other.start("time.example", "UTC0", error)) << error;
    EXPECT_EQ(hostcheck::sntp_fake_state().server, "time.example");
}

TEST_F(ServicesTest, WithoutAServerOnlyTheZoneIsApplied) {
    TimeZoneGuard guard;
    TimeSync time;
    std::string error;
    ASSERT_TRUE(time.start("", "UTC0", error)) << error;
    EXPECT_FALSE(hostcheck::sntp_fake_state().initialised);
    const WallTime now = wall_time();
    ASSERT_TRUE(now.wall_s.has_value());  // the host's clock is set
    EXPECT_TRUE(now.today.has_value());
}

}  // namespace
}  // namespace tbg::esp32
