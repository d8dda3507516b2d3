// OtaUpdater (platform/esp32/ota_updater.h) against the OTA fake: upload, verification, boot selection, rollback.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "freertos_fake.h"
#include "ota_fake.h"
#include "platform/esp32/ota_updater.h"

namespace tbg::esp32 {
namespace {

namespace hc = tbg::hostcheck;

class OtaTest : public ::testing::Test {
protected:
    void SetUp() override {
        hc::power_on();
        hc::ota_fake_reset();
    }
    void TearDown() override { hc::power_off(); }

    static void power_cycle() {
        hc::power_off();
        hc::power_on();
    }

    // Uploads `image` in chunks of `chunk` bytes, announcing `announced` bytes (default: its size).
    static bool upload(OtaUpdater& updater, const std::vector<std::uint8_t>& image, std::string& error,
                       std::size_t chunk = 100, std::optional<std::size_t> announced = std::nullopt) {
        if (!updater.begin(announced.value_or(image.size()), error)) {
            return false;
        }
        for (std::size_t offset = 0; offset < image.size(); offset += chunk) {
            const std::size_t size = std::min(chunk, image.size() - offset);
            if (!updater.write(std::span(image).subspan(offset, size), error)) {
                return false;
            }
        }
        return updater.finish(error);
    }
};

TEST_F(OtaTest, FactoryImageBootState) {
    EXPECT_EQ(OtaUpdater::boot_state(), "factory");
    EXPECT_EQ(OtaUpdater::project_name(), "topband-gateway");
    std::string error;
    EXPECT_EQ(OtaUpdater::confirm_if_pending(error), OtaConfirm::kNotPending);
}

TEST_F(OtaTest, UpdateBootsPendingVerifyAndIsConfirmed) {
    OtaUpdater updater;
    std::string error;
    const auto image = hc::ota_fake_make_image("topband-gateway", "1.1.0", 5000);
    ASSERT_TRUE(upload(updater, image, error)) << error;
    EXPECT_FALSE(updater.in_progress());
    EXPECT_EQ(hc::ota_fake_open_handles(), 0U);
    EXPECT_EQ(hc::ota_fake_slot_contents("ota_0"), image);
    EXPECT_EQ(hc::ota_fake_boot_label(), "ota_0");
    EXPECT_EQ(hc::ota_fake_state("ota_0"), ESP_OTA_IMG_NEW);
    EXPECT_EQ(hc::ota_fake_running_label(), "factory") << "until the restart";

    power_cycle();
    EXPECT_EQ(hc::ota_fake_running_label(), "ota_0");
    EXPECT_EQ(OtaUpdater::boot_state(), "ota_0 pending verify");
    EXPECT_EQ(std::string(esp_app_get_description()->version), "1.1.0");
    EXPECT_EQ(OtaUpdater::confirm_if_pending(error), OtaConfirm::kConfirmed) << error;
    EXPECT_EQ(OtaUpdater::boot_state(), "ota_0 valid");
    EXPECT_EQ(OtaUpdater::confirm_if_pending(error), OtaConfirm::kNotPending);

    power_cycle();
    EXPECT_EQ(OtaUpdater::boot_state(), "ota_0 valid") << "a confirmed image stays";

    // The next update goes to the other slot.
    OtaUpdater second;
    ASSERT_TRUE(upload(second, hc::ota_fake_make_image("topband-gateway", "1.2.0"), error, 4096)) << error;
    EXPECT_EQ(hc::ota_fake_boot_label(), "ota_1");
}

TEST_F(OtaTest, UnconfirmedImageIsRolledBackByTheBootloader) {
    OtaUpdater updater;
    std::string error;
    ASSERT_TRUE(upload(updater, hc::ota_fake_make_image("topband-gateway", "2.0.0"), error)) << error;
    power_cycle();
    ASSERT_EQ(OtaUpdater::boot_state(), "ota_0 pending verify");
    power_cycle();  // it crashed (or lost power) before confirm_if_pending()
    EXPECT_EQ(OtaUpdater::boot_state(), "factory");
    EXPECT_EQ(hc::ota_fake_state("ota_0"), ESP_OTA_IMG_ABORTED);
    EXPECT_EQ(std::string(esp_app_get_description()->version), "1.0.0");
}

TEST_F(OtaTest, FailedSelfCheckRollsBackAndRestarts) {
    OtaUpdater updater;
    std::string error;
    ASSERT_TRUE(upload(updater, hc::ota_fake_make_image("topband-gateway", "2.0.0"), error)) << error;
    power_cycle();
    const std::uint32_t restarts = hc::restart_count();
    EXPECT_THROW(OtaUpdater::roll_back_and_restart("no CAN frame within 5 s", error), hc::Reset);
    EXPECT_EQ(hc::restart_count(), restarts + 1);
    EXPECT_EQ(hc::ota_fake_state("ota_0"), ESP_OTA_IMG_INVALID);
    power_cycle();
    EXPECT_EQ(OtaUpdater::boot_state(), "factory");
}

TEST_F(OtaTest, NoRollbackForAConfirmedOrFactoryImage) {
    std::string error;
    OtaUpdater::roll_back_and_restart("test", error);
    EXPECT_NE(error.find("not waiting for verification"), std::string::npos) << error;
    hc::ota_fake_install_running("ota_1", hc::ota_fake_make_image("topband-gateway", "3.0.0"), ESP_OTA_IMG_VALID);
    error.clear();
    OtaUpdater::roll_back_and_restart("test", error);
    EXPECT_FALSE(error.empty());
    EXPECT_EQ(OtaUpdater::boot_state(), "ota_1 valid");
}

TEST_F(OtaTest, UpdateRefusedWhileTheRunningImageIsUnconfirmed) {
    hc::ota_fake_install_running("ota_0", hc::ota_fake_make_image("topband-gateway", "3.0.0"),
                                 ESP_OTA_IMG_PENDING_VERIFY);
    OtaUpdater updater;
    std::string error;
    EXPECT_FALSE(updater.begin(1000, error));
    EXPECT_NE(error.find("not been confirmed"), std::string::npos) << error;
}

TEST_F(OtaTest, ImageOfAnotherProjectIsRefusedEarly) {
    OtaUpdater updater;
    std::string error;
    const auto image = hc::ota_fake_make_image("some-other-firmware", "9.9.9", 100'000);
    ASSERT_TRUE(updater.begin(image.size(), error)) << error;
    ASSERT_TRUE(updater.write(std::span(image).subspan(0, 200), error)) << error;
    EXPECT_FALSE(updater.write(std::span(image).subspan(200, 200), error)) << "refused once 288 bytes are in";
    EXPECT_NE(error.find("some-other-firmware"), std::string::npos) << error;
    EXPECT_FALSE(updater.in_progress());
    EXPECT_EQ(hc::ota_fake_open_handles(), 0U);
    EXPECT_EQ(hc::ota_fake_boot_label(), "factory");
}

TEST_F(OtaTest, CorruptImageFailsVerification) {
    auto image = hc::ota_fake_make_image("topband-gateway", "1.1.0", 5000);
    image[3000] ^= 0x40;
    OtaUpdater updater;
    std::string error;
    EXPECT_FALSE(upload(updater, image, error));
    EXPECT_NE(error.find("image verification failed"), std::string::npos) << error;
    EXPECT_EQ(hc::ota_fake_boot_label(), "factory");
    EXPECT_EQ(hc::ota_fake_open_handles(), 0U);
    power_cycle();
    EXPECT_EQ(OtaUpdater::boot_state(), "factory");
}

TEST_F(OtaTest, NotAFirmwareImage) {
    std::vector<std::uint8_t> text(1000, 'x');
    OtaUpdater updater;
    std::string error;
    EXPECT_FALSE(upload(updater, text, error));
    EXPECT_NE(error.find("not an ESP32 firmware image"), std::string::npos) << error;
    EXPECT_EQ(hc::ota_fake_open_handles(), 0U);
}

TEST_F(OtaTest, TruncatedAndOverlongUploads) {
    const auto image = hc::ota_fake_make_image("topband-gateway", "1.1.0", 5000);
    std::string error;
    {
        OtaUpdater updater;
        EXPECT_FALSE(upload(updater, image, error, 100, image.size() + 10));
        EXPECT_NE(error.find("ended after"), std::string::npos) << error;
    }
    {
        OtaUpdater updater;
        EXPECT_FALSE(upload(updater, image, error, 100, image.size() - 10));
        EXPECT_NE(error.find("longer than"), std::string::npos) << error;
    }
    {
        OtaUpdater updater;
        const std::vector<std::uint8_t> stub(image.begin(), image.begin() + 100);
        EXPECT_FALSE(upload(updater, stub, error));
        EXPECT_NE(error.find("too short"), std::string::npos) << error;
    }
    {
        OtaUpdater updater;
        EXPECT_FALSE(updater.begin(0x1E0000 + 1, error));
        EXPECT_NE(error.find("larger than the update slot"), std::string::npos) << error;
    }
    EXPECT_EQ(hc::ota_fake_open_handles(), 0U);
    EXPECT_EQ(hc::ota_fake_boot_label(), "factory");
}

TEST_F(OtaTest, UnknownSizeUploadWorks) {
    OtaUpdater updater;
    std::string error;
    const auto image = hc::ota_fake_make_image("topband-gateway", "1.1.0", 777);
    ASSERT_TRUE(upload(updater, image, error, 64, 0)) << error;
    EXPECT_EQ(hc::ota_fake_boot_label(), "ota_0");
}

TEST_F(OtaTest, OneUploadAtATimeAndAbort) {
    OtaUpdater updater;
    std::string error;
    ASSERT_TRUE(updater.begin(5000, error)) << error;
    EXPECT_EQ(updater.target_label(), "ota_0");
    EXPECT_FALSE(updater.begin(5000, error));
    updater.abort();
    EXPECT_EQ(hc::ota_fake_open_handles(), 0U);
    EXPECT_FALSE(updater.finish(error));
    {
        OtaUpdater dropped;
        ASSERT_TRUE(dropped.begin(5000, error)) << error;
        EXPECT_EQ(hc::ota_fake_open_handles(), 1U);
    }
    EXPECT_EQ(hc::ota_fake_open_handles(), 0U) << "the destructor aborts";
}

TEST_F(OtaTest, BoardWithoutOtaSlots) {
    hc::OtaFakeLayout layout;
    layout.ota_slots = false;
    hc::ota_fake_reset(layout);
    OtaUpdater updater;
    std::string error;
    EXPECT_FALSE(updater.begin(1000, error));
    EXPECT_NE(error.find("no OTA update slot"), std::string::npos) << error;
    EXPECT_EQ(OtaUpdater::boot_state(), "factory");
}

}  // namespace
}  // namespace tbg::esp32
