// Board profiles: resolution of both boards, overrides and every refusal; boot levels applied to the GPIO fake.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/config/device_settings.h"
#include "driver/gpio.h"
#include "freertos_fake.h"
#include "gpio_fake.h"
#include "platform/esp32/board_io.h"
#include "targets/esp32/main/board_profile.h"

namespace {

using tbg::config::DeviceSettings;
using tbg::esp32::ChipFamily;
using tbg::esp32::GpioLevel;
using tbg::esp32::LedKind;
using tbg::esp32::resolve_board;

DeviceSettings board(const std::string& name) {
    DeviceSettings settings;
    settings.board = name;
    return settings;
}

// Resolves and expects a refusal whose text contains every fragment.
void expect_refused(const DeviceSettings& settings, ChipFamily chip, std::vector<std::string> fragments) {
    std::string error;
    const auto resolved = resolve_board(settings, chip, error);
    EXPECT_FALSE(resolved.has_value());
    for (const std::string& fragment : fragments) {
        EXPECT_NE(error.find(fragment), std::string::npos) << "\"" << error << "\" lacks \"" << fragment << "\"";
    }
}

TEST(BoardProfile, WaveshareDefaults) {
    std::string error;
    const auto resolved = resolve_board(DeviceSettings{}, ChipFamily::kEsp32S3, error);  // the default board
    ASSERT_TRUE(resolved.has_value()) << error;
    EXPECT_EQ(resolved->board, "waveshare-s3-rs485-can");
    EXPECT_EQ(resolved->rs485_tx_pin, 17);
    EXPECT_EQ(resolved->rs485_rx_pin, 18);
    EXPECT_EQ(resolved->rs485_de_pin, 21);
    EXPECT_EQ(resolved->can_tx_pin, 15);
    EXPECT_EQ(resolved->can_rx_pin, 16);
    EXPECT_EQ(resolved->led_kind, LedKind::kWs2812);
    EXPECT_EQ(resolved->led_pin, 38);
    EXPECT_EQ(resolved->boot_levels, (std::vector<GpioLevel>{{21, 0}}));  // DE low before the UART takes it
}

TEST(BoardProfile, LilygoDefaults) {
    std::string error;
    const auto resolved = resolve_board(board("lilygo-t-can485"), ChipFamily::kEsp32, error);
    ASSERT_TRUE(resolved.has_value()) << error;
    EXPECT_EQ(resolved->rs485_tx_pin, 22);
    EXPECT_EQ(resolved->rs485_rx_pin, 21);
    EXPECT_EQ(resolved->rs485_de_pin, -1);  // auto-direction transceiver
    EXPECT_EQ(resolved->can_tx_pin, 27);
    EXPECT_EQ(resolved->can_rx_pin, 26);
    EXPECT_EQ(resolved->led_kind, LedKind::kWs2812);
    EXPECT_EQ(resolved->led_pin, 4);
    EXPECT_EQ(resolved->boot_levels, (std::vector<GpioLevel>{{16, 1}, {19, 1}, {17, 1}, {23, 0}}));
    const tbg::esp32::BoardProfile* profile = tbg::esp32::find_board_profile("lilygo-t-can485");
    ASSERT_NE(profile, nullptr);
    ASSERT_TRUE(profile->sd_card.has_value());
    EXPECT_EQ(profile->sd_card->miso, 2);
    EXPECT_EQ(profile->sd_card->mosi, 15);
    EXPECT_EQ(profile->sd_card->sclk, 14);
    EXPECT_EQ(profile->sd_card->cs, 13);
}

TEST(BoardProfile, EveryProfileResolvesOnItsChipAndOnlyThere) {
    ASSERT_EQ(tbg::esp32::board_profiles().size(), 2U);
    for (const auto& profile : tbg::esp32::board_profiles()) {
        std::string error;
        EXPECT_TRUE(resolve_board(board(std::string(profile.name)), profile.chip, error).has_value()) << error;
        const ChipFamily other = profile.chip == ChipFamily::kEsp32 ? ChipFamily::kEsp32S3 : ChipFamily::kEsp32;
        expect_refused(board(std::string(profile.name)), other, {"device.board", "built for"});
    }
}

TEST(BoardProfile, PinOverridesReplaceTheProfilePins) {
    DeviceSettings settings;
    settings.rs485_de_pin = 4;
    settings.can_tx_pin = 5;
    settings.can_rx_pin = 6;
    settings.led = "gpio";
    settings.led_pin = 2;
    std::string error;
    const auto resolved = resolve_board(settings, ChipFamily::kEsp32S3, error);
    ASSERT_TRUE(resolved.has_value()) << error;
    EXPECT_EQ(resolved->rs485_de_pin, 4);
    EXPECT_EQ(resolved->can_tx_pin, 5);
    EXPECT_EQ(resolved->can_rx_pin, 6);
    EXPECT_EQ(resolved->rs485_tx_pin, 17);  // not overridden
    EXPECT_EQ(resolved->led_kind, LedKind::kGpio);
    EXPECT_EQ(resolved->led_pin, 2);
    EXPECT_EQ(resolved->boot_levels, (std::vector<GpioLevel>{{4, 0}}));  // the DE pin moved, its boot level too
}

TEST(BoardProfile, LedModes) {
    std::string error;
    DeviceSettings settings;
    settings.led = "off";
    auto resolved = resolve_board(settings, ChipFamily::kEsp32S3, error);
    ASSERT_TRUE(resolved.has_value()) << error;
    EXPECT_EQ(resolved->led_kind, LedKind::kNone);
    EXPECT_EQ(resolved->led_pin, -1);
    settings.led = "off";
    settings.led_pin = 17;  // not driven, so not a conflict
    EXPECT_TRUE(resolve_board(settings, ChipFamily::kEsp32S3, error).has_value()) << error;
    settings.led = "ws2812";
    settings.led_pin = 46;
    resolved = resolve_board(settings, ChipFamily::kEsp32S3, error);
    ASSERT_TRUE(resolved.has_value()) << error;
    EXPECT_EQ(resolved->led_kind, LedKind::kWs2812);
    EXPECT_EQ(resolved->led_pin, 46);
    settings.led = "rainbow";
    expect_refused(settings, ChipFamily::kEsp32S3, {"device.led", "rainbow"});
}

TEST(BoardProfile, CustomBoards) {
    DeviceSettings settings = board("custom");
    expect_refused(settings, ChipFamily::kEsp32S3, {"rs485_tx_pin", "custom board needs"});
    settings.rs485_tx_pin = 1;
    settings.rs485_rx_pin = 2;
    settings.can_tx_pin = 3;
    expect_refused(settings, ChipFamily::kEsp32S3, {"can_rx_pin"});
    settings.can_rx_pin = 4;
    std::string error;
    auto resolved = resolve_board(settings, ChipFamily::kEsp32S3, error);
    ASSERT_TRUE(resolved.has_value()) << error;
    EXPECT_EQ(resolved->board, "custom");
    EXPECT_EQ(resolved->rs485_de_pin, -1);
    EXPECT_EQ(resolved->led_kind, LedKind::kNone);  // "auto": a custom board has no known LED
    EXPECT_TRUE(resolved->boot_levels.empty());
    settings.rs485_de_pin = 5;
    resolved = resolve_board(settings, ChipFamily::kEsp32S3, error);
    ASSERT_TRUE(resolved.has_value()) << error;
    EXPECT_EQ(resolved->boot_levels, (std::vector<GpioLevel>{{5, 0}}));
    settings.led = "ws2812";
    expect_refused(settings, ChipFamily::kEsp32S3, {"device.led_pin", "needs a pin"});
    // A custom ESP32 board may receive on an input-only pin.
    DeviceSettings esp32 = board("custom");
    esp32.rs485_tx_pin = 25;
    esp32.rs485_rx_pin = 34;
    esp32.can_tx_pin = 32;
    esp32.can_rx_pin = 39;
    EXPECT_TRUE(resolve_board(esp32, ChipFamily::kEsp32, error).has_value()) << error;
    esp32.rs485_tx_pin = 35;
    expect_refused(esp32, ChipFamily::kEsp32, {"rs485_tx_pin", "GPIO35", "input-only"});
}

TEST(BoardProfile, APinUsedTwiceIsRefused) {
    DeviceSettings settings;
    settings.can_tx_pin = 17;
    expect_refused(settings, ChipFamily::kEsp32S3, {"GPIO17", "used twice", "rs485_tx_pin", "can_tx_pin"});
    DeviceSettings led_on_de;
    led_on_de.led_pin = 21;
    expect_refused(led_on_de, ChipFamily::kEsp32S3, {"GPIO21", "used twice"});
    DeviceSettings lilygo = board("lilygo-t-can485");
    lilygo.led_pin = 16;  // the boost converter's enable
    expect_refused(lilygo, ChipFamily::kEsp32, {"GPIO16", "used twice", "boost"});
}

TEST(BoardProfile, PinsTheChipDoesNotHaveAreRefused) {
    DeviceSettings s3;
    s3.can_tx_pin = 22;
    expect_refused(s3, ChipFamily::kEsp32S3, {"device.can_tx_pin", "GPIO22", "does not exist", "ESP32-S3"});
    s3.can_tx_pin = 27;
    expect_refused(s3, ChipFamily::kEsp32S3, {"GPIO27", "SPI flash"});
    s3.can_tx_pin = 49;
    expect_refused(s3, ChipFamily::kEsp32S3, {"can_tx_pin", "49", "not a GPIO number"});
    s3.can_tx_pin = -2;
    expect_refused(s3, ChipFamily::kEsp32S3, {"not a GPIO number"});
    s3.can_tx_pin = 48;
    std::string error;
    EXPECT_TRUE(resolve_board(s3, ChipFamily::kEsp32S3, error).has_value()) << error;

    DeviceSettings lilygo = board("lilygo-t-can485");
    for (const int missing : {20, 24, 28, 31, 40}) {
        lilygo.led_pin = missing;
        expect_refused(lilygo, ChipFamily::kEsp32, {"GPIO" + std::to_string(missing), "does not exist"});
    }
    lilygo.led_pin = 7;
    expect_refused(lilygo, ChipFamily::kEsp32, {"GPIO7", "SPI flash"});
    lilygo.led_pin = 36;
    expect_refused(lilygo, ChipFamily::kEsp32, {"led_pin", "input-only"});
    lilygo.led_pin = 33;
    EXPECT_TRUE(resolve_board(lilygo, ChipFamily::kEsp32, error).has_value()) << error;

    expect_refused(board("waveshare"), ChipFamily::kEsp32S3, {"device.board", "unknown board", "waveshare"});
}

TEST(BoardProfile, ChipFacts) {
    EXPECT_TRUE(tbg::esp32::gpio_exists(ChipFamily::kEsp32S3, 21));
    EXPECT_FALSE(tbg::esp32::gpio_exists(ChipFamily::kEsp32S3, 25));
    EXPECT_TRUE(tbg::esp32::gpio_exists(ChipFamily::kEsp32S3, 26));
    EXPECT_FALSE(tbg::esp32::gpio_exists(ChipFamily::kEsp32, 40));
    EXPECT_TRUE(tbg::esp32::gpio_exists(ChipFamily::kEsp32, 39));
    EXPECT_FALSE(tbg::esp32::gpio_can_output(ChipFamily::kEsp32, 34));
    EXPECT_TRUE(tbg::esp32::gpio_can_output(ChipFamily::kEsp32S3, 46));
    EXPECT_TRUE(tbg::esp32::gpio_reserved(ChipFamily::kEsp32S3, 38).empty());
}

class BoardIoTest : public ::testing::Test {
protected:
    void SetUp() override { tbg::hostcheck::power_on(); }
    void TearDown() override {
        tbg::hostcheck::power_off();
        tbg::hostcheck::gpio_set_chip(tbg::hostcheck::GpioChip::kEsp32S3);
    }
};

TEST_F(BoardIoTest, LilygoBootLevelsAreDrivenLatchFirst) {
    tbg::hostcheck::gpio_set_chip(tbg::hostcheck::GpioChip::kEsp32);
    std::string error;
    const auto resolved = resolve_board(board("lilygo-t-can485"), ChipFamily::kEsp32, error);
    ASSERT_TRUE(resolved.has_value()) << error;
    ASSERT_TRUE(tbg::esp32::apply_boot_levels(resolved->boot_levels, error)) << error;
    EXPECT_TRUE(tbg::hostcheck::gpio_drives(16, 1));
    EXPECT_TRUE(tbg::hostcheck::gpio_drives(19, 1));
    EXPECT_TRUE(tbg::hostcheck::gpio_drives(17, 1));
    EXPECT_TRUE(tbg::hostcheck::gpio_drives(23, 0));
    EXPECT_EQ(tbg::hostcheck::gpio_mode(16), GPIO_MODE_OUTPUT);
    // Per pin: reset, then the level, then the output enable (the pin never drives the other level).
    std::vector<tbg::hostcheck::GpioEvent::Kind> kinds;
    for (const auto& event : tbg::hostcheck::gpio_events()) {
        if (event.gpio == 23) {
            kinds.push_back(event.kind);
        }
    }
    using Kind = tbg::hostcheck::GpioEvent::Kind;
    EXPECT_EQ(kinds, (std::vector<Kind>{Kind::kReset, Kind::kLevel, Kind::kDirection}));
}

TEST_F(BoardIoTest, WaveshareDePinDrivenLow) {
    std::string error;
    const auto resolved = resolve_board(DeviceSettings{}, ChipFamily::kEsp32S3, error);
    ASSERT_TRUE(resolved.has_value()) << error;
    ASSERT_TRUE(tbg::esp32::apply_boot_levels(resolved->boot_levels, error)) << error;
    EXPECT_TRUE(tbg::hostcheck::gpio_drives(21, 0));
}

TEST_F(BoardIoTest, AFailingPinIsNamedAndTheOthersAreStillApplied) {
    tbg::hostcheck::gpio_set_chip(tbg::hostcheck::GpioChip::kEsp32);
    const std::vector<GpioLevel> levels{{34, 1}, {16, 1}};  // 34 is input-only on the ESP32
    std::string error;
    EXPECT_FALSE(tbg::esp32::apply_boot_levels(levels, error));
    EXPECT_NE(error.find("GPIO34"), std::string::npos) << error;
    EXPECT_TRUE(tbg::hostcheck::gpio_drives(16, 1));
    EXPECT_FALSE(tbg::hostcheck::gpio_drives(34, 1));
}

}  // namespace
