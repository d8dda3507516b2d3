// Boots the firmware (app_main) on the fakes: UART wired to simulated Topband packs, TWAI capturing the frames,
// NVS surviving power cycles; in the full edition also the WiFi, HTTP and MQTT fakes. Compiled once per edition.
//
// What it shows: the frame set leaves within 1 s of app_main() in the stealth edition (the ROM and bootloader time
// before app_main is not simulated: docs/esp32.md), the CAN cadence holds on absolute deadlines, the tasks have their
// fixed priorities, the configuration survives a power cycle, a damaged one runs its previous generation or else
// sends no CAN (monitoring), and in the full edition CAN runs while WiFi is down.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "core/config/config_json.h"
#include "core/config/gateway_config.h"
#include "freertos_fake.h"
#include "nvs_fake.h"
#include "ota_fake.h"
#include "platform/sim/sim_bus.h"
#include "targets/esp32/main/persistence.h"
#include "targets/esp32/main/task_layout.h"
#include "twai_fake.h"
#include "uart_fake.h"
#if !TBG_EDITION_STEALTH
#include <nlohmann/json.hpp>

#include "httpd_fake.h"
#include "wifi_fake.h"
#endif

extern "C" void app_main(void);

namespace tbg::esp32 {
void discard_firmware();
}  // namespace tbg::esp32

namespace tbg::hostcheck {
namespace {

constexpr int kUartPort = 1;

// The frames sent so far with the given identifier: their send times (µs since power-on).
std::vector<std::int64_t> sent_times(std::uint16_t id) {
    std::vector<std::int64_t> times;
    for (const TwaiSentFrame& sent : twai_sent_frames()) {
        if (sent.frame.id == id) {
            times.push_back(sent.t_us);
        }
    }
    return times;
}

std::optional<can::CanFrame> last_frame(std::uint16_t id) {
    std::optional<can::CanFrame> found;
    for (const TwaiSentFrame& sent : twai_sent_frames()) {
        if (sent.frame.id == id) {
            found = sent.frame;
        }
    }
    return found;
}

// Waits up to `limit_ms` (host time) for `done`.
template <typename Done>
bool wait_for(std::uint32_t limit_ms, Done done) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(limit_ms);
    while (std::chrono::steady_clock::now() < end) {
        if (done()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return done();
}

class BootTest : public ::testing::Test {
protected:
    void SetUp() override {
        nvs_fake_reset();
        ota_fake_reset();
        for (std::uint8_t adr = 0; adr < 2; ++adr) {
            sim::SimPackConfig pack;
            pack.adr = adr;
            pack.seed = adr + 1U;
            bus_.add_pack(pack);
        }
        uart_attach_sim_bus(kUartPort, &bus_);
    }
    void TearDown() override {
        power_off();
        discard();
        uart_attach_sim_bus(kUartPort, nullptr);
    }

    // The previous run's objects go while the device is off (their destructors never run on the device).
    static void discard() {
        const Teardown teardown;
        esp32::discard_firmware();
    }

    void boot() {
        if (powered()) {
            power_off();
        }
        discard();
        power_on();
        twai_clear_sent_frames();
        app_main();  // returns once the tasks run, as on the device
    }

    sim::SimBus bus_;
};

TEST_F(BootTest, FirstFrameSetWithinOneSecondThenSteadyCadence) {
    boot();
    ASSERT_TRUE(wait_for(3000, [] { return !sent_times(0x351).empty(); })) << "no 0x351 within 3 s";
    const std::int64_t first_us = sent_times(0x351).front();
    EXPECT_LT(first_us, 1'000'000) << "first frame set " << first_us / 1000 << " ms after app_main";
    RecordProperty("first_frame_set_ms", static_cast<int>(first_us / 1000));
    std::printf("first frame set %lld ms after app_main (9600 baud, simulated packs)\n",
                static_cast<long long>(first_us / 1000));
    // The whole set goes out together: limits, SOC, voltage and name within the same tick.
    for (const std::uint16_t id : {std::uint16_t{0x355}, std::uint16_t{0x356}, std::uint16_t{0x35E}}) {
        ASSERT_FALSE(sent_times(id).empty()) << std::hex << id;
        EXPECT_LT(std::abs(sent_times(id).front() - first_us), 50'000) << std::hex << id;
    }
    ASSERT_TRUE(wait_for(7000, [] { return sent_times(0x351).size() >= 6; }));
    const std::vector<std::int64_t> times = sent_times(0x351);
    for (std::size_t i = 1; i < times.size(); ++i) {
        const std::int64_t interval_ms = (times[i] - times[i - 1]) / 1000;
        EXPECT_NEAR(static_cast<double>(interval_ms), 1000.0, 100.0) << "interval " << i;  // host scheduling under load
    }
    // Absolute deadlines: no drift over the run.
    const double mean_ms =
        static_cast<double>(times.back() - times.front()) / 1000.0 / static_cast<double>(times.size() - 1);
    EXPECT_NEAR(mean_ms, 1000.0, 25.0);
    // 0x356: bank voltage in 0.01 V, plausible for 16 LFP cells.
    const std::optional<can::CanFrame> voltage = last_frame(0x356);
    ASSERT_TRUE(voltage);
    const int centivolts = voltage->data[0] | (voltage->data[1] << 8);
    EXPECT_GT(centivolts, 4000);
    EXPECT_LT(centivolts, 5840);
    EXPECT_GT(uart_port_info(kUartPort).replies, 4U);
}

TEST_F(BootTest, TasksHaveTheirFixedPrioritiesAndCores) {
    boot();
    const std::vector<TaskRecord> created = tasks();
    auto find = [&](const char* name) {
        return std::find_if(created.begin(), created.end(), [&](const TaskRecord& t) { return t.name == name; });
    };
    for (const esp32::TaskSpec& spec : {esp32::kCanTask, esp32::kRs485Task, esp32::kControlTask}) {
        const auto task = find(spec.name);
        ASSERT_NE(task, created.end()) << spec.name;
        EXPECT_EQ(task->priority, spec.priority) << spec.name;
        EXPECT_EQ(task->core, spec.core) << spec.name;
        EXPECT_TRUE(task->running) << spec.name;
    }
    EXPECT_GT(esp32::kCanTask.priority, esp32::kRs485Task.priority);
    EXPECT_GT(esp32::kRs485Task.priority, esp32::kControlTask.priority);
    // The CAN task is created before anything of the network side.
    const auto can_task = find(esp32::kCanTask.name);
    for (auto task = created.begin(); task != can_task; ++task) {
        EXPECT_NE(task->name.rfind("tbg_", 0), std::string::npos) << task->name << " started before CAN";
    }
#if TBG_EDITION_STEALTH
    EXPECT_EQ(find(esp32::kNetworkTask.name), created.end()) << "the stealth edition has no network task";
#endif
}

TEST_F(BootTest, StoredConfigurationIsUsedAndSurvivesAPowerCycle) {
    config::GatewayConfig stored;
    stored.can.bms_name = "HOSTCHECK-BMS";
    nvs_fake_put(esp32::kNvsNamespace, esp32::kKeyConfig, esp32::config_to_stored(stored));
    for (int run = 0; run < 2; ++run) {
        boot();
        ASSERT_TRUE(wait_for(3000, [] { return last_frame(0x370).has_value(); })) << "run " << run;
        const can::CanFrame name = *last_frame(0x370);
        EXPECT_EQ(std::string(name.data.begin(), name.data.begin() + 8), "HOSTCHEC") << "run " << run;
        power_off();
    }
    EXPECT_EQ(nvs_fake_get(esp32::kNvsNamespace, esp32::kKeyConfig), esp32::config_to_stored(stored));
}

bool logged(const std::string& text) {
    const std::vector<std::string> lines = log_lines();
    return std::any_of(lines.begin(), lines.end(),
                       [&text](const std::string& line) { return line.find(text) != std::string::npos; });
}

// A damaged configuration with a good previous generation: that one runs, CAN included.
TEST_F(BootTest, BrokenStoredConfigurationRunsThePreviousGenerationWithCan) {
    config::GatewayConfig previous;
    previous.can.bms_name = "PREVIOUS-GEN";
    nvs_fake_put(esp32::kNvsNamespace, esp32::kKeyConfigPrevious, esp32::config_to_stored(previous));
    nvs_fake_put(esp32::kNvsNamespace, esp32::kKeyConfig, R"({"can": {"interval_ms": "fast"}})");
    boot();
    ASSERT_TRUE(wait_for(3000, [] { return last_frame(0x370).has_value(); }));
    const can::CanFrame name = *last_frame(0x370);
    EXPECT_EQ(std::string(name.data.begin(), name.data.begin() + 8), "PREVIOUS");
    EXPECT_FALSE(sent_times(0x351).empty());
    EXPECT_TRUE(logged("can.interval_ms"));
    EXPECT_TRUE(logged(esp32::kKeyConfigPrevious));
    EXPECT_TRUE(nvs_fake_get(esp32::kNvsNamespace, esp32::kKeyConfigBroken).has_value());
}

// A damaged configuration without an earlier good one: the defaults could allow more than the user configured, so
// nothing goes on the CAN bus (the driver is not even installed) although the packs answer.
TEST_F(BootTest, BrokenStoredConfigurationWithoutAnEarlierGenerationSendsNoCan) {
    nvs_fake_put(esp32::kNvsNamespace, esp32::kKeyConfig, R"({"can": {"interval_ms": "fast"}})");
    boot();
    ASSERT_TRUE(wait_for(3000, [] { return uart_port_info(kUartPort).replies > 2; })) << "the packs do not answer";
    // With pack data a normal boot sends within the next CAN tick (1 s); wait longer than that.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_TRUE(twai_sent_frames().empty()) << "CAN frames in monitoring";
    EXPECT_FALSE(twai_info().installed);
    EXPECT_TRUE(logged("can.interval_ms"));
    EXPECT_TRUE(logged("CAN transmission OFF"));
    EXPECT_TRUE(nvs_fake_get(esp32::kNvsNamespace, esp32::kKeyConfigBroken).has_value());

    // A valid configuration (saved by the full edition's dashboard, here put into NVS directly) brings CAN back at
    // the next boot.
    config::GatewayConfig saved;
    saved.can.bms_name = "SAVED-CONFIG";
    nvs_fake_put(esp32::kNvsNamespace, esp32::kKeyConfig, esp32::config_to_stored(saved));
    boot();
    ASSERT_TRUE(wait_for(3000, [] { return last_frame(0x370).has_value(); }));
    const can::CanFrame name = *last_frame(0x370);
    EXPECT_EQ(std::string(name.data.begin(), name.data.begin() + 8), "SAVED-CO");
}

TEST_F(BootTest, CanRecoversFromBusOffAndTheCadenceGoesOn) {
    boot();
    ASSERT_TRUE(wait_for(3000, [] { return !sent_times(0x351).empty(); }));
    ASSERT_TRUE(twai_inject_bus_off());
    const std::int64_t off_us = uptime_us();
    ASSERT_TRUE(wait_for(4000, [off_us] {
        const std::vector<std::int64_t> times = sent_times(0x351);
        return std::count_if(times.begin(), times.end(), [off_us](std::int64_t t) { return t > off_us; }) >= 2;
    })) << "no frame sets after the bus-off";
    EXPECT_GE(twai_info().recoveries_initiated, 1U);
    EXPECT_EQ(twai_info().state, TWAI_STATE_RUNNING);
}

TEST_F(BootTest, NoPackMeansNoFrameSet) {
    uart_attach_sim_bus(kUartPort, nullptr);
    boot();
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    EXPECT_TRUE(sent_times(0x351).empty()) << "a frame set without any pack data";
    EXPECT_GT(uart_port_info(kUartPort).bytes_written, 0U) << "the gateway did not poll";
}

#if !TBG_EDITION_STEALTH

std::string frame_text(std::uint16_t id) {
    const std::optional<can::CanFrame> frame = last_frame(id);
    if (!frame) {
        return {};
    }
    std::string text(frame->data.begin(), frame->data.begin() + frame->dlc);
    return text.substr(0, text.find('\0'));
}

// The station's network is configured but out of reach: CAN must not notice.
TEST_F(BootTest, FullEditionSendsCanWhileWifiIsDown) {
    config::GatewayConfig stored;
    stored.network.wifi_ssid = "Heizraum";
    stored.network.wifi_password = "correct horse";
    nvs_fake_put(esp32::kNvsNamespace, esp32::kKeyConfig, esp32::config_to_stored(stored));
    wifi_fake_set_network("Heizraum", "correct horse");
    wifi_fake_set_reachable(false);
    boot();
    ASSERT_TRUE(wait_for(3000, [] { return !sent_times(0x351).empty(); }));
    EXPECT_LT(sent_times(0x351).front(), 1'000'000);
    ASSERT_TRUE(wait_for(5000, [] { return sent_times(0x351).size() >= 5; }));
    const std::vector<std::int64_t> times = sent_times(0x351);
    for (std::size_t i = 1; i < times.size(); ++i) {
        EXPECT_NEAR(static_cast<double>((times[i] - times[i - 1]) / 1000), 1000.0, 100.0) << "interval " << i;
    }
    const WifiFakeState wifi = wifi_fake_state();
    EXPECT_TRUE(wifi.started);
    EXPECT_EQ(wifi.sta_ssid, "Heizraum");
    const std::vector<TaskRecord> created = tasks();
    const auto network = std::find_if(created.begin(), created.end(),
                                      [](const TaskRecord& t) { return t.name == esp32::kNetworkTask.name; });
    ASSERT_NE(network, created.end());
    EXPECT_LT(network->priority, esp32::kControlTask.priority);
    // The dashboard answers on the access point meanwhile (the HTTP server does not wait for the station).
    ASSERT_TRUE(wait_for(2000, [] { return http_request("GET", "/api/status").status == 200; }));
    const nlohmann::json status = nlohmann::json::parse(http_request("GET", "/api/status").body);
    EXPECT_EQ(status["edition"], "full");
    EXPECT_EQ(status["platform"], "esp32");
    EXPECT_GE(status["packs"].size(), 1U) << "the view carries the packs";
}

// A change made in the dashboard is stored in NVS, applies at once, and is still there after a power cycle.
TEST_F(BootTest, FullEditionConfigChangeThroughTheApiSurvivesAPowerCycle) {
    boot();
    ASSERT_TRUE(wait_for(3000, [] { return !sent_times(0x370).empty(); }));
    EXPECT_EQ(frame_text(0x370), "TOPBAND-");
    const Headers json_type = {{"Content-Type", "application/json"}};
    const std::string change = R"({"can": {"bms_name": "VIA-API-GW"}})";
    EXPECT_EQ(http_request("PUT", "/api/config", json_type, change).status, 401) << "a change without login";
    const HttpResult setup = http_request("POST", "/api/auth/setup", json_type, R"({"password": "correct horse"})");
    ASSERT_EQ(setup.status, 200) << setup.body;
    const std::string cookie = setup.header("Set-Cookie").substr(0, setup.header("Set-Cookie").find(';'));
    ASSERT_FALSE(cookie.empty());
    Headers with_session = json_type;
    with_session.emplace_back("Cookie", cookie);
    const HttpResult put = http_request("PUT", "/api/config", with_session, change);
    ASSERT_EQ(put.status, 200) << put.body;
    ASSERT_TRUE(wait_for(2500, [] { return frame_text(0x370) == "VIA-API-"; })) << "not applied live";
    power_off();
    boot();
    ASSERT_TRUE(wait_for(3000, [] { return !sent_times(0x370).empty(); }));
    EXPECT_EQ(frame_text(0x370), "VIA-API-");
    const nlohmann::json config = nlohmann::json::parse(http_request("GET", "/api/config").body);
    EXPECT_EQ(config["config"]["can"]["bms_name"], "VIA-API-GW");
    EXPECT_TRUE(config["config"].contains("network")) << "the ESP32 shows its own sections";
    EXPECT_FALSE(config["config"]["network"].contains("ap_password")) << "a secret in the API";
    // The password survived too: the old session is gone (RAM), a new login works.
    const HttpResult login = http_request("POST", "/api/auth/login", json_type, R"({"password": "correct horse"})");
    EXPECT_EQ(login.status, 200) << login.body;
}

// Monitoring after a damaged configuration: the status says so, a change through the API is stored at once but CAN
// stays off until the restart.
TEST_F(BootTest, FullEditionInMonitoringShowsItAndASaveBringsCanBackAfterARestart) {
    nvs_fake_put(esp32::kNvsNamespace, esp32::kKeyConfig, "{not json");
    boot();
    ASSERT_TRUE(wait_for(3000, [] {
        const HttpResult result = http_request("GET", "/api/status");
        if (result.status != 200) {
            return false;
        }
        const nlohmann::json status = nlohmann::json::parse(result.body, nullptr, false);
        return status.is_object() && status["packs"].size() >= 1;
    })) << "the gateway reads the packs";
    const nlohmann::json status = nlohmann::json::parse(http_request("GET", "/api/status").body);
    EXPECT_EQ(status["monitoring"], true);
    EXPECT_TRUE(twai_sent_frames().empty());

    const Headers json_type = {{"Content-Type", "application/json"}};
    const HttpResult setup = http_request("POST", "/api/auth/setup", json_type, R"({"password": "correct horse"})");
    ASSERT_EQ(setup.status, 200) << setup.body;
    Headers with_session = json_type;
    with_session.emplace_back("Cookie", setup.header("Set-Cookie").substr(0, setup.header("Set-Cookie").find(';')));
    const HttpResult put = http_request("PUT", "/api/config", with_session, R"({"can": {"bms_name": "AFTER-FIX"}})");
    ASSERT_EQ(put.status, 200) << put.body;
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // more than a CAN interval
    EXPECT_TRUE(twai_sent_frames().empty()) << "CAN before the restart";
    EXPECT_TRUE(logged("until the gateway restarts"));

    boot();
    ASSERT_TRUE(wait_for(3000, [] { return frame_text(0x370) == "AFTER-FI"; }));
    ASSERT_TRUE(wait_for(2000, [] { return http_request("GET", "/api/status").status == 200; }));
    EXPECT_EQ(nlohmann::json::parse(http_request("GET", "/api/status").body)["monitoring"], false);
}

#endif

}  // namespace
}  // namespace tbg::hostcheck
