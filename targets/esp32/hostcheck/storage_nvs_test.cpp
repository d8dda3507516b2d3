// NvsStore (platform/esp32/nvs_store.h) against the NVS fake: round trips, limits, failures, power cycles.
#include <string>

#include <gtest/gtest.h>

#include "freertos_fake.h"
#include "nvs.h"
#include "nvs_fake.h"
#include "nvs_flash.h"
#include "platform/esp32/nvs_store.h"

namespace tbg::esp32 {
namespace {

namespace hc = tbg::hostcheck;

class NvsStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        hc::power_on();
        hc::nvs_fake_reset();
    }
    void TearDown() override { hc::power_off(); }

    static void power_cycle() {
        hc::power_off();
        hc::power_on();
    }

    static void init_and_open(NvsStore& store) {
        ASSERT_TRUE(NvsStore::init_flash().ok);
        std::string error;
        ASSERT_TRUE(store.open("gateway", error)) << error;
    }
};

TEST_F(NvsStoreTest, FreshPartitionInitialisesWithoutErase) {
    const NvsInitResult result = NvsStore::init_flash();
    EXPECT_TRUE(result.ok);
    EXPECT_FALSE(result.erased);
    EXPECT_TRUE(result.message.empty());
    EXPECT_EQ(hc::nvs_fake_erase_count(), 0U);
}

TEST_F(NvsStoreTest, CorruptPartitionIsErasedAndReported) {
    for (const esp_err_t error : {ESP_ERR_NVS_NO_FREE_PAGES, ESP_ERR_NVS_NEW_VERSION_FOUND}) {
        hc::nvs_fake_reset();
        hc::nvs_fake_put("gateway", "config", "{}");
        hc::nvs_fake_corrupt_partition(error);
        const NvsInitResult result = NvsStore::init_flash();
        EXPECT_TRUE(result.ok);
        EXPECT_TRUE(result.erased);
        EXPECT_EQ(result.first_error, error);
        EXPECT_NE(result.message.find("erased"), std::string::npos) << result.message;
        EXPECT_EQ(hc::nvs_fake_erase_count(), 1U);
        EXPECT_FALSE(hc::nvs_fake_get("gateway", "config").has_value());
        NvsStore store;
        std::string open_error;
        EXPECT_TRUE(store.open("gateway", open_error)) << open_error;
    }
}

TEST_F(NvsStoreTest, OpenBeforeInitFails) {
    NvsStore store;
    std::string error;
    EXPECT_FALSE(store.open("gateway", error));
    EXPECT_NE(error.find("0x1101"), std::string::npos) << error;  // ESP_ERR_NVS_NOT_INITIALIZED
    EXPECT_FALSE(store.is_open());
}

TEST_F(NvsStoreTest, NamesAreValidated) {
    EXPECT_TRUE(NvsStore::valid_name("admin_hash"));
    EXPECT_TRUE(NvsStore::valid_name("fifteen_chars15"));
    EXPECT_FALSE(NvsStore::valid_name("sixteen_chars_16"));
    EXPECT_FALSE(NvsStore::valid_name(""));
    EXPECT_FALSE(NvsStore::valid_name("with space"));
    ASSERT_TRUE(NvsStore::init_flash().ok);
    NvsStore store;
    std::string error;
    EXPECT_FALSE(store.open("namespace_too_long", error));
    ASSERT_TRUE(store.open("gateway", error)) << error;
    error.clear();
    EXPECT_FALSE(store.write("sixteen_chars_16", "x", error));
    EXPECT_FALSE(error.empty());
    std::string value;
    EXPECT_EQ(store.read("sixteen_chars_16", value, error), NvsRead::kError);
    EXPECT_EQ(hc::nvs_fake_total_writes(), 0U);
}

TEST_F(NvsStoreTest, RoundTripOfBinaryValues) {
    NvsStore store;
    init_and_open(store);
    const std::string value("a\0b\xff{}", 6);
    std::string error;
    ASSERT_TRUE(store.write("blob", value, error)) << error;
    EXPECT_EQ(hc::nvs_fake_get("gateway", "blob"), value) << "committed at once";
    std::string read_back;
    EXPECT_EQ(store.read("blob", read_back, error), NvsRead::kFound);
    EXPECT_EQ(read_back, value);
    EXPECT_EQ(store.read("missing", read_back, error), NvsRead::kNotFound);
    EXPECT_TRUE(read_back.empty());
}

TEST_F(NvsStoreTest, ValueSizeLimits) {
    NvsStore store;
    init_and_open(store);
    hc::nvs_fake_set_capacity_bytes(1 << 20);
    std::string error;
    EXPECT_FALSE(store.write("empty", "", error));
    EXPECT_FALSE(store.write("big", std::string(NvsStore::kMaxValueBytes + 1, 'x'), error));
    EXPECT_TRUE(store.write("max", std::string(NvsStore::kMaxValueBytes, 'x'), error)) << error;
    hc::nvs_fake_put("gateway", "huge", std::string(NvsStore::kMaxValueBytes + 1, 'y'));
    std::string value;
    EXPECT_EQ(store.read("huge", value, error), NvsRead::kError);
    EXPECT_NE(error.find("more than"), std::string::npos) << error;
    EXPECT_EQ(store.stats().failed_reads, 1U);
}

TEST_F(NvsStoreTest, WriteCountersPerKey) {
    NvsStore store;
    init_and_open(store);
    std::string error;
    ASSERT_TRUE(store.write("energy", "1", error));
    ASSERT_TRUE(store.write("energy", "22", error));
    ASSERT_TRUE(store.write("config", "{}", error));
    const NvsStats stats = store.stats();
    EXPECT_EQ(stats.writes, 3U);
    ASSERT_EQ(stats.keys.size(), 2U);
    EXPECT_EQ(stats.keys[0].key, "energy");
    EXPECT_EQ(stats.keys[0].writes, 2U);
    EXPECT_EQ(stats.keys[0].last_bytes, 2U);
    EXPECT_EQ(stats.keys[1].key, "config");
    EXPECT_EQ(stats.keys[1].writes, 1U);
    EXPECT_EQ(hc::nvs_fake_writes("gateway", "energy"), 2U);
    EXPECT_EQ(hc::nvs_fake_writes("gateway", "config"), 1U);
}

TEST_F(NvsStoreTest, FullPartitionKeepsTheOldValue) {
    NvsStore store;
    init_and_open(store);
    std::string error;
    ASSERT_TRUE(store.write("config", "old", error));
    hc::nvs_fake_fail_next_sets(ESP_ERR_NVS_NOT_ENOUGH_SPACE);
    EXPECT_FALSE(store.write("config", "new", error));
    EXPECT_NE(error.find("NVS is full"), std::string::npos) << error;
    std::string value;
    EXPECT_EQ(store.read("config", value, error), NvsRead::kFound);
    EXPECT_EQ(value, "old");
    EXPECT_EQ(store.stats().failed_writes, 1U);
    EXPECT_EQ(store.stats().keys[0].failed_writes, 1U);

    hc::nvs_fake_set_capacity_bytes(100);
    EXPECT_FALSE(store.write("layout", std::string(200, 'l'), error)) << "capacity exceeded";
    EXPECT_TRUE(store.write("config", "newer", error)) << error;
}

TEST_F(NvsStoreTest, EraseRemovesAndToleratesAbsentKeys) {
    NvsStore store;
    init_and_open(store);
    std::string error;
    ASSERT_TRUE(store.write("layout", "{}", error));
    EXPECT_TRUE(store.erase("layout", error)) << error;
    EXPECT_FALSE(hc::nvs_fake_get("gateway", "layout").has_value());
    EXPECT_TRUE(store.erase("layout", error)) << "already gone";
    EXPECT_EQ(store.stats().keys[0].erases, 2U);
}

TEST_F(NvsStoreTest, ValuesSurviveAPowerCycle) {
    {
        NvsStore store;
        init_and_open(store);
        std::string error;
        ASSERT_TRUE(store.write("admin_hash", "$pbkdf2-sha256$i=1$00$00", error));
    }
    power_cycle();
    EXPECT_FALSE(hc::nvs_fake_initialised()) << "RAM state is gone";
    NvsStore store;
    std::string error;
    EXPECT_FALSE(store.open("gateway", error)) << "NVS must be initialised again after a reset";
    init_and_open(store);
    std::string value;
    EXPECT_EQ(store.read("admin_hash", value, error), NvsRead::kFound);
    EXPECT_EQ(value, "$pbkdf2-sha256$i=1$00$00");
}

// The fake keeps NVS's contract: what was set but not committed is lost at a reset.
TEST_F(NvsStoreTest, FakeLosesUncommittedWritesAtAPowerCycle) {
    ASSERT_EQ(nvs_flash_init(), ESP_OK);
    nvs_handle_t handle = 0;
    ASSERT_EQ(nvs_open("gateway", NVS_READWRITE, &handle), ESP_OK);
    ASSERT_EQ(nvs_set_blob(handle, "k", "v", 1), ESP_OK);
    std::size_t size = 0;
    EXPECT_EQ(nvs_get_blob(handle, "k", nullptr, &size), ESP_OK);
    EXPECT_EQ(size, 1U);
    char small[1];
    std::size_t small_size = 0;
    EXPECT_EQ(nvs_get_blob(handle, "k", small, &small_size), ESP_ERR_NVS_INVALID_LENGTH);
    power_cycle();
    EXPECT_FALSE(hc::nvs_fake_get("gateway", "k").has_value());
    EXPECT_EQ(hc::nvs_fake_total_writes(), 0U);
}

}  // namespace
}  // namespace tbg::esp32
