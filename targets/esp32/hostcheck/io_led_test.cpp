// Status LED: the pattern logic (priorities, periods) and the driver against the led_strip and GPIO fakes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "driver/gpio.h"
#include "freertos_fake.h"
#include "gpio_fake.h"
#include "led_strip.h"
#include "led_strip_fake.h"
#include "platform/esp32/led_pattern.h"
#include "platform/esp32/status_led.h"

namespace {

using tbg::esp32::led_colour;
using tbg::esp32::led_state;
using tbg::esp32::LedInputs;
using tbg::esp32::LedKind;
using tbg::esp32::LedState;
using tbg::esp32::Rgb;
using tbg::esp32::StatusLed;

LedInputs healthy() {
    LedInputs inputs;
    inputs.booting = false;
    inputs.any_pack_online = true;
    inputs.can_healthy = true;
    inputs.bms_answering = true;
    return inputs;
}

// Share of time the pattern is lit and the number of off→on edges over [0, span_ms).
struct Duty {
    double on_share = 0;
    int rising_edges = 0;
};
Duty duty(LedState state, std::uint64_t span_ms) {
    std::uint64_t on = 0;
    int edges = 0;
    bool previous = false;
    for (std::uint64_t t = 0; t < span_ms; ++t) {
        const bool lit = !led_colour(state, t).off();
        on += lit ? 1 : 0;
        edges += lit && !previous ? 1 : 0;
        previous = lit;
    }
    return {static_cast<double>(on) / static_cast<double>(span_ms), edges};
}

TEST(LedPattern, StatesAndPriorities) {
    LedInputs inputs = healthy();
    EXPECT_EQ(led_state(inputs), LedState::kOk);

    inputs.booting = true;
    inputs.over_voltage_cutoff = true;
    inputs.temperature_cutoff = true;
    inputs.can_healthy = false;
    EXPECT_EQ(led_state(inputs), LedState::kBooting);  // booting wins over everything
    inputs.booting = false;
    EXPECT_EQ(led_state(inputs), LedState::kOverVoltage);  // over-voltage over temperature and faults
    inputs.over_voltage_cutoff = false;
    EXPECT_EQ(led_state(inputs), LedState::kTemperature);  // temperature over faults
    inputs.temperature_cutoff = false;
    EXPECT_EQ(led_state(inputs), LedState::kFault);

    for (int fault = 0; fault < 3; ++fault) {
        LedInputs one = healthy();
        (fault == 0 ? one.bms_answering : fault == 1 ? one.any_pack_online : one.can_healthy) = false;
        EXPECT_EQ(led_state(one), LedState::kFault) << fault;
    }
    LedInputs defaults;  // power-on defaults: booting
    EXPECT_EQ(led_state(defaults), LedState::kBooting);
}

TEST(LedPattern, ColoursAndTiming) {
    for (std::uint64_t t : {0ULL, 999ULL, 12'345ULL}) {
        EXPECT_EQ(led_colour(LedState::kBooting, t), tbg::esp32::kLedBlue) << t;
        EXPECT_EQ(led_colour(LedState::kTemperature, t), tbg::esp32::kLedPurple) << t;
        EXPECT_EQ(led_colour(LedState::kFault, t), tbg::esp32::kLedRed) << t;
    }
    // Slow green: on for the first second of every 2 s.
    EXPECT_EQ(led_colour(LedState::kOk, 0), tbg::esp32::kLedGreen);
    EXPECT_EQ(led_colour(LedState::kOk, 999), tbg::esp32::kLedGreen);
    EXPECT_TRUE(led_colour(LedState::kOk, 1000).off());
    EXPECT_TRUE(led_colour(LedState::kOk, 1999).off());
    EXPECT_EQ(led_colour(LedState::kOk, 2000), tbg::esp32::kLedGreen);
    // Fast red: on for 125 ms of every 250 ms.
    EXPECT_EQ(led_colour(LedState::kOverVoltage, 124), tbg::esp32::kLedRed);
    EXPECT_TRUE(led_colour(LedState::kOverVoltage, 125).off());
    EXPECT_EQ(led_colour(LedState::kOverVoltage, 250), tbg::esp32::kLedRed);

    const Duty slow = duty(LedState::kOk, 10'000);
    EXPECT_DOUBLE_EQ(slow.on_share, 0.5);
    EXPECT_EQ(slow.rising_edges, 5);
    const Duty fast = duty(LedState::kOverVoltage, 10'000);
    EXPECT_DOUBLE_EQ(fast.on_share, 0.5);
    EXPECT_EQ(fast.rising_edges, 40);
    EXPECT_DOUBLE_EQ(duty(LedState::kFault, 10'000).on_share, 1.0);
    EXPECT_EQ(duty(LedState::kFault, 10'000).rising_edges, 1);

    // Distinct colours for the distinct states.
    EXPECT_NE(tbg::esp32::kLedPurple, tbg::esp32::kLedRed);
    EXPECT_NE(tbg::esp32::kLedBlue, tbg::esp32::kLedGreen);
    EXPECT_EQ(tbg::esp32::to_string(LedState::kOverVoltage), "over-voltage");
}

class StatusLedTest : public ::testing::Test {
protected:
    void SetUp() override { tbg::hostcheck::power_on(); }
    void TearDown() override { tbg::hostcheck::power_off(); }
};

TEST_F(StatusLedTest, Ws2812ShowsColoursAndWritesOnlyChanges) {
    StatusLed led;
    std::string error;
    ASSERT_TRUE(led.open(LedKind::kWs2812, 38, error)) << error;
    const auto info = tbg::hostcheck::led_strip_info();
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->gpio, 38);
    EXPECT_EQ(info->max_leds, 1U);
    EXPECT_EQ(info->led_model, LED_MODEL_WS2812);
    EXPECT_EQ(info->pixel_format, LED_PIXEL_FORMAT_GRB);
    EXPECT_EQ(info->resolution_hz, 10'000'000U);

    led.show(tbg::esp32::kLedBlue);
    led.show(tbg::esp32::kLedBlue);
    led.show(tbg::esp32::kLedGreen);
    led.show(tbg::esp32::kLedOff);
    const auto frames = tbg::hostcheck::led_strip_frames();
    ASSERT_EQ(frames.size(), 4U);  // off at open, blue, green, off
    EXPECT_EQ(frames[0].b, 0);
    EXPECT_EQ(frames[1].b, tbg::esp32::kLedBlue.b);
    EXPECT_EQ(frames[2].g, tbg::esp32::kLedGreen.g);
    EXPECT_EQ(frames[3].g, 0);
    EXPECT_EQ(led.stats().writes, 4U);

    led.show(tbg::esp32::kLedRed);
    led.close();
    const auto after = tbg::hostcheck::led_strip_frames();
    ASSERT_EQ(after.size(), 6U);
    EXPECT_EQ(after.back().r, 0);  // cleared at close
    EXPECT_FALSE(tbg::hostcheck::led_strip_info().has_value());
}

TEST_F(StatusLedTest, PlainGpioLedShowsTheSameTiming) {
    StatusLed led;
    std::string error;
    ASSERT_TRUE(led.open(LedKind::kGpio, 2, error)) << error;
    EXPECT_TRUE(tbg::hostcheck::gpio_drives(2, 0));
    // 1 s of the over-voltage pattern, updated every 25 ms: 4 flashes.
    for (std::uint64_t t = 0; t < 1000; t += 25) {
        led.show(led_colour(LedState::kOverVoltage, t));
    }
    int rising = 0;
    int previous = 0;
    for (const auto& event : tbg::hostcheck::gpio_events()) {
        if (event.gpio == 2 && event.kind == tbg::hostcheck::GpioEvent::Kind::kLevel) {
            rising += event.value == 1 && previous == 0 ? 1 : 0;
            previous = event.value;
        }
    }
    EXPECT_EQ(rising, 4);
    // Any colour is "on": a change of colour alone writes nothing.
    led.show(tbg::esp32::kLedBlue);
    const std::size_t events = tbg::hostcheck::gpio_events().size();
    led.show(tbg::esp32::kLedPurple);
    EXPECT_EQ(tbg::hostcheck::gpio_events().size(), events);
    EXPECT_TRUE(tbg::hostcheck::gpio_drives(2, 1));
    led.close();
    EXPECT_TRUE(tbg::hostcheck::gpio_drives(2, 0));
}

TEST_F(StatusLedTest, FailuresAreCountedNotFatal) {
    tbg::hostcheck::led_strip_set_create_error(ESP_ERR_NO_MEM);
    StatusLed led;
    std::string error;
    EXPECT_FALSE(led.open(LedKind::kWs2812, 38, error));
    EXPECT_NE(error.find("ESP_ERR_NO_MEM"), std::string::npos) << error;
    led.show(tbg::esp32::kLedRed);  // nothing to drive
    EXPECT_TRUE(tbg::hostcheck::led_strip_frames().empty());

    tbg::hostcheck::led_strip_set_create_error(ESP_OK);
    ASSERT_TRUE(led.open(LedKind::kWs2812, 38, error)) << error;
    tbg::hostcheck::led_strip_set_refresh_error(ESP_FAIL);
    led.show(tbg::esp32::kLedRed);
    EXPECT_EQ(led.stats().errors, 2U);
    tbg::hostcheck::led_strip_set_refresh_error(ESP_OK);
    led.show(tbg::esp32::kLedRed);  // retried: the failed write did not count as shown
    EXPECT_EQ(led.shown(), tbg::esp32::kLedRed);
    EXPECT_FALSE(led.open(LedKind::kGpio, 22, error));  // GPIO22 does not exist on the ESP32-S3
}

TEST_F(StatusLedTest, NoLedDrivesNothing) {
    StatusLed led;
    std::string error;
    ASSERT_TRUE(led.open(LedKind::kNone, -1, error));
    led.show(tbg::esp32::kLedGreen);
    EXPECT_TRUE(tbg::hostcheck::led_strip_frames().empty());
    EXPECT_TRUE(tbg::hostcheck::gpio_events().empty());
    EXPECT_EQ(led.stats().writes, 0U);
}

}  // namespace
