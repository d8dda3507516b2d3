// Persistence (targets/esp32/main/persistence.h) over NvsStore and the NVS fake: configuration with its previous
// generation and its fallbacks (previous generation, monitoring), password hash, layout, energy counters and ledger
// across power cycles.
#include <string>

#include <gtest/gtest.h>

#include "core/config/config_json.h"
#include "core/history/ledger_json.h"
#include "freertos_fake.h"
#include "nvs_fake.h"
#include "targets/esp32/main/persistence.h"

namespace tbg::esp32 {
namespace {

namespace hc = tbg::hostcheck;
using history::CivilDate;

constexpr std::uint64_t kMinuteMs = 60'000;
constexpr std::uint64_t kHourMs = 60 * kMinuteMs;

// A "device": NVS opened on kNvsNamespace and a Persistence, as the firmware builds them at boot.
struct Device {
    NvsStore store;
    Persistence persistence{store, 0};
    Device() {
        EXPECT_TRUE(NvsStore::init_flash().ok);
        std::string error;
        EXPECT_TRUE(store.open(kNvsNamespace, error)) << error;
    }
};

class PersistenceTest : public ::testing::Test {
protected:
    void SetUp() override {
        hc::power_on();
        hc::nvs_fake_reset();
        hc::nvs_fake_set_capacity_bytes(64 * 1024);
    }
    void TearDown() override { hc::power_off(); }

    static void power_cycle() {
        hc::power_off();
        hc::power_on();
    }
};

// Exactly `charged_Wh` and `discharged_Wh` (1 kW for 3.6 s is 1 Wh).
bank::EnergyCounter counter_with(std::uint64_t charged_Wh, std::uint64_t discharged_Wh) {
    bank::EnergyCounter counter;
    counter.add(10'000'000, charged_Wh * 3600);
    counter.add(-10'000'000, discharged_Wh * 3600);
    return counter;
}

TEST_F(PersistenceTest, NoConfigurationMeansDefaults) {
    Device device;
    const BootConfig boot = device.persistence.load_config();
    EXPECT_EQ(boot.source, ConfigSource::kDefaults);
    EXPECT_TRUE(boot.error.empty());
    EXPECT_FALSE(boot.broken_text_kept);
    EXPECT_EQ(config::config_to_json(boot.config), config::config_to_json(config::GatewayConfig{}));
}

TEST_F(PersistenceTest, ConfigurationSurvivesAPowerCycleSecretsIncluded) {
    config::GatewayConfig config;
    config.can.interval_ms = 500;
    config.can.bms_name = "MY-BANK";
    config.mqtt.username = "gateway";
    config.mqtt.password = "s3cret";
    config.network.wifi_ssid = "home";
    config.network.wifi_password = "wifi-pass-123";
    {
        Device device;
        std::string error;
        ASSERT_TRUE(device.persistence.store_config(config, error)) << error;
        ASSERT_TRUE(device.persistence.store_config(config, error)) << error;
        EXPECT_EQ(hc::nvs_fake_writes(kNvsNamespace, kKeyConfig), 1U) << "an identical save is not rewritten";
    }
    power_cycle();
    Device device;
    const BootConfig boot = device.persistence.load_config();
    EXPECT_EQ(boot.source, ConfigSource::kStored);
    EXPECT_TRUE(boot.error.empty()) << boot.error;
    EXPECT_EQ(boot.config.can.interval_ms, 500);
    EXPECT_EQ(boot.config.can.bms_name, "MY-BANK");
    EXPECT_EQ(boot.config.mqtt.password, "s3cret");
    EXPECT_EQ(boot.config.network.wifi_password, "wifi-pass-123");
    EXPECT_EQ(config::config_to_json(boot.config), config::config_to_json(config));
}

config::GatewayConfig config_with_interval(std::int32_t interval_ms) {
    config::GatewayConfig config;
    config.can.interval_ms = interval_ms;
    return config;
}

TEST_F(PersistenceTest, EachSaveKeepsTheConfigurationItReplaces) {
    Device device;
    std::string error;
    ASSERT_TRUE(device.persistence.store_config(config_with_interval(400), error)) << error;
    EXPECT_FALSE(hc::nvs_fake_get(kNvsNamespace, kKeyConfigPrevious).has_value()) << "nothing to keep yet";
    ASSERT_TRUE(device.persistence.store_config(config_with_interval(300), error)) << error;
    EXPECT_EQ(hc::nvs_fake_get(kNvsNamespace, kKeyConfigPrevious), config_to_stored(config_with_interval(400)));
    EXPECT_EQ(hc::nvs_fake_get(kNvsNamespace, kKeyConfig), config_to_stored(config_with_interval(300)));
    ASSERT_TRUE(device.persistence.store_config(config_with_interval(300), error)) << error;
    EXPECT_EQ(hc::nvs_fake_writes(kNvsNamespace, kKeyConfig), 2U) << "an identical save writes nothing";
    EXPECT_EQ(hc::nvs_fake_writes(kNvsNamespace, kKeyConfigPrevious), 1U) << "an identical save writes nothing";
    ASSERT_TRUE(device.persistence.store_config(config_with_interval(250), error)) << error;
    EXPECT_EQ(hc::nvs_fake_get(kNvsNamespace, kKeyConfigPrevious), config_to_stored(config_with_interval(300)));
    EXPECT_EQ(hc::nvs_fake_writes(kNvsNamespace, kKeyConfigPrevious), 2U);
    EXPECT_EQ(device.persistence.load_config().source, ConfigSource::kStored);
}

TEST_F(PersistenceTest, BrokenConfigurationFallsBackToThePreviousGeneration) {
    const std::string broken = R"({"schema_version": 1, "can": {"interval_ms": )";
    {
        Device device;
        std::string error;
        ASSERT_TRUE(device.persistence.store_config(config_with_interval(400), error)) << error;
        ASSERT_TRUE(device.persistence.store_config(config_with_interval(300), error)) << error;
    }
    hc::nvs_fake_put(kNvsNamespace, kKeyConfig, broken);  // e.g. a value a newer firmware wrote
    power_cycle();
    {
        Device device;
        const BootConfig boot = device.persistence.load_config();
        EXPECT_EQ(boot.source, ConfigSource::kPrevious);
        EXPECT_FALSE(boot.monitoring());
        EXPECT_EQ(boot.config.can.interval_ms, 400);
        EXPECT_NE(boot.error.find("not valid JSON"), std::string::npos) << boot.error;
        EXPECT_NE(boot.error.find(kKeyConfigPrevious), std::string::npos) << boot.error;
        EXPECT_NE(boot.error.find(kKeyConfigBroken), std::string::npos) << boot.error;
        EXPECT_TRUE(boot.broken_text_kept);
        EXPECT_EQ(hc::nvs_fake_get(kNvsNamespace, kKeyConfig), broken) << "left for a firmware that understands it";

        // A save replaces the damaged text; the previous generation stays the last good one (never the damage).
        std::string error;
        ASSERT_TRUE(device.persistence.store_config(config_with_interval(250), error)) << error;
        EXPECT_EQ(hc::nvs_fake_get(kNvsNamespace, kKeyConfigPrevious), config_to_stored(config_with_interval(400)));
    }
    power_cycle();
    Device device;
    const BootConfig boot = device.persistence.load_config();
    EXPECT_EQ(boot.source, ConfigSource::kStored);
    EXPECT_EQ(boot.config.can.interval_ms, 250);
    EXPECT_TRUE(boot.error.empty()) << boot.error;
    EXPECT_EQ(hc::nvs_fake_get(kNvsNamespace, kKeyConfigBroken), broken);
}

TEST_F(PersistenceTest, BrokenConfigurationWithoutAnEarlierGenerationMeansMonitoring) {
    const std::string broken = R"({"schema_version": 1, "can": {"interval_ms": )";
    hc::nvs_fake_put(kNvsNamespace, kKeyConfig, broken);
    {
        Device device;
        const BootConfig boot = device.persistence.load_config();
        EXPECT_EQ(boot.source, ConfigSource::kMonitoring);
        EXPECT_TRUE(boot.monitoring());
        EXPECT_NE(boot.error.find("not valid JSON"), std::string::npos) << boot.error;
        EXPECT_NE(boot.error.find(kKeyConfigBroken), std::string::npos) << boot.error;
        EXPECT_NE(boot.error.find("CAN transmission OFF"), std::string::npos) << boot.error;
        EXPECT_TRUE(boot.broken_text_kept);
        EXPECT_EQ(config::config_to_json(boot.config), config::config_to_json(config::GatewayConfig{}));
    }
    EXPECT_EQ(hc::nvs_fake_get(kNvsNamespace, kKeyConfigBroken), broken);
    EXPECT_EQ(hc::nvs_fake_get(kNvsNamespace, kKeyConfig), broken) << "left for a firmware that understands it";
    power_cycle();
    {
        Device device;
        const BootConfig boot = device.persistence.load_config();
        EXPECT_EQ(boot.source, ConfigSource::kMonitoring) << "the same decision at every boot";
        EXPECT_EQ(hc::nvs_fake_writes(kNvsNamespace, kKeyConfigBroken), 1U) << "kept once, not at every boot";
        std::string error;
        ASSERT_TRUE(device.persistence.store_config(config_with_interval(250), error)) << error;
        EXPECT_FALSE(hc::nvs_fake_get(kNvsNamespace, kKeyConfigPrevious).has_value())
            << "a damaged text is never a previous generation";
    }
    power_cycle();
    Device device;
    const BootConfig boot = device.persistence.load_config();
    EXPECT_EQ(boot.source, ConfigSource::kStored);
    EXPECT_EQ(boot.config.can.interval_ms, 250);
    EXPECT_TRUE(boot.broken_text_kept);
    EXPECT_EQ(hc::nvs_fake_get(kNvsNamespace, kKeyConfigBroken), broken);
}

TEST_F(PersistenceTest, OutOfRangeValueWithADamagedPreviousGenerationMeansMonitoring) {
    hc::nvs_fake_put(kNvsNamespace, kKeyConfig, R"({"schema_version": 1, "can": {"interval_ms": 5}})");
    hc::nvs_fake_put(kNvsNamespace, kKeyConfigPrevious, R"({"schema_version": 1, "poll": {"baud": 12}})");
    Device device;
    const BootConfig boot = device.persistence.load_config();
    EXPECT_EQ(boot.source, ConfigSource::kMonitoring);
    EXPECT_NE(boot.error.find("interval_ms"), std::string::npos) << boot.error;
    EXPECT_NE(boot.error.find("baud"), std::string::npos) << "the previous generation's problem too: " << boot.error;
    EXPECT_EQ(boot.config.can.interval_ms, config::GatewayConfig{}.can.interval_ms);
}

TEST_F(PersistenceTest, UnreadableNvsMeansMonitoring) {
    hc::nvs_fake_put(kNvsNamespace, kKeyConfig, config_to_stored(config_with_interval(400)));
    NvsStore closed;  // NVS could not be opened at boot: nothing can be read
    Persistence persistence(closed, 0);
    const BootConfig boot = persistence.load_config();
    EXPECT_EQ(boot.source, ConfigSource::kMonitoring);
    EXPECT_NE(boot.error.find("cannot read the stored configuration"), std::string::npos) << boot.error;
}

TEST_F(PersistenceTest, WithoutConfigurationAValidPreviousGenerationIsUsed) {
    hc::nvs_fake_put(kNvsNamespace, kKeyConfigPrevious, config_to_stored(config_with_interval(400)));
    Device device;
    const BootConfig boot = device.persistence.load_config();
    EXPECT_EQ(boot.source, ConfigSource::kPrevious);
    EXPECT_EQ(boot.config.can.interval_ms, 400);
}

TEST_F(PersistenceTest, ConfigurationNotStoredWhenNvsIsFull) {
    Device device;
    config::GatewayConfig first;
    first.can.interval_ms = 400;
    std::string error;
    ASSERT_TRUE(device.persistence.store_config(first, error));
    config::GatewayConfig second = first;
    second.can.interval_ms = 300;
    hc::nvs_fake_fail_next_sets(ESP_ERR_NVS_NOT_ENOUGH_SPACE);
    EXPECT_FALSE(device.persistence.store_config(second, error));
    EXPECT_NE(error.find("NVS is full"), std::string::npos) << error;
    EXPECT_EQ(device.persistence.load_config().config.can.interval_ms, 400);
}

TEST_F(PersistenceTest, PasswordHashAndLayout) {
    {
        Device device;
        std::string error;
        EXPECT_FALSE(device.persistence.load_password_hash(error).has_value());
        EXPECT_TRUE(device.persistence.load_layout(error).is_null());
        ASSERT_TRUE(device.persistence.store_password_hash("$pbkdf2-sha256$i=10000$aa$bb", error)) << error;
        ASSERT_TRUE(device.persistence.store_layout({{"cards", {"soc", "cells"}}}, error)) << error;
    }
    power_cycle();
    Device device;
    std::string error;
    EXPECT_EQ(device.persistence.load_password_hash(error), "$pbkdf2-sha256$i=10000$aa$bb");
    const nlohmann::json layout = device.persistence.load_layout(error);
    EXPECT_EQ(layout, (nlohmann::json{{"cards", {"soc", "cells"}}}));

    hc::nvs_fake_put(kNvsNamespace, kKeyLayout, "{not json");
    error.clear();
    EXPECT_TRUE(device.persistence.load_layout(error).is_null());
    EXPECT_FALSE(error.empty());
}

TEST_F(PersistenceTest, EnergyIsSavedHourlyAndSurvivesAPowerCycle) {
    history::EnergyLedger saved_ledger;
    {
        Device device;
        history::EnergyLedger ledger;
        const BootEnergy boot = device.persistence.load_energy(ledger);
        EXPECT_FALSE(boot.restored);
        EXPECT_TRUE(boot.error.empty());
        const CivilDate today{2026, 5, 4};
        bank::EnergyCounter counter;
        ledger.update(counter.charged_mWh(), counter.discharged_mWh(), today);
        std::uint64_t t = 0;
        for (; t < kHourMs; t += kMinuteMs) {
            counter.add(10'000'000, kMinuteMs);  // 1 kW
            ledger.update(counter.charged_mWh(), counter.discharged_mWh(), today);
            EXPECT_EQ(device.persistence.save_energy(t, today, counter, ledger, false).reason, SaveReason::kNone);
        }
        counter.add(-5'000'000, kMinuteMs);
        ledger.update(counter.charged_mWh(), counter.discharged_mWh(), today);
        const EnergySave save = device.persistence.save_energy(t, today, counter, ledger, false);
        EXPECT_EQ(save.reason, SaveReason::kHourly);
        EXPECT_TRUE(save.ok) << save.error;
        EXPECT_EQ(hc::nvs_fake_writes(kNvsNamespace, kKeyEnergy), 1U);
        saved_ledger = ledger;
    }
    power_cycle();
    Device device;
    history::EnergyLedger ledger;
    const BootEnergy boot = device.persistence.load_energy(ledger);
    EXPECT_TRUE(boot.restored) << boot.error;
    EXPECT_EQ(boot.counters.charged_Wh, 1000U);  // 1 kW for 1 h
    EXPECT_EQ(boot.counters.discharged_Wh, 8U);  // 0.5 kW for 1 min = 8.33 Wh
    EXPECT_EQ(ledger.days(), saved_ledger.days());
    EXPECT_EQ(ledger.months(), saved_ledger.months());
    EXPECT_EQ(ledger.day({2026, 5, 4}).charged_mWh, 1'000'000U);
}

TEST_F(PersistenceTest, UnchangedCountersAreNeverRewritten) {
    hc::nvs_fake_put(kNvsNamespace, kKeyEnergy, R"({"charged_Wh": 12, "discharged_Wh": 3})");
    Device device;
    history::EnergyLedger ledger;
    const BootEnergy boot = device.persistence.load_energy(ledger);
    ASSERT_TRUE(boot.restored) << boot.error;
    const bank::EnergyCounter counter = [&] {
        bank::EnergyCounter c;
        c.restore(boot.counters.charged_Wh, boot.counters.discharged_Wh);
        return c;
    }();
    for (std::uint64_t t = 0; t < 30 * kHourMs; t += kMinuteMs) {
        EXPECT_EQ(device.persistence.save_energy(t, CivilDate{2026, 5, 4}, counter, ledger, false).reason,
                  SaveReason::kNone);
    }
    EXPECT_EQ(device.persistence.save_energy(31 * kHourMs, std::nullopt, counter, ledger, true).reason,
              SaveReason::kNone);
    EXPECT_EQ(hc::nvs_fake_total_writes(), 0U);
}

TEST_F(PersistenceTest, ShutdownSavesAtOnce) {
    Device device;
    history::EnergyLedger ledger;
    device.persistence.load_energy(ledger);
    const bank::EnergyCounter counter = counter_with(5, 2);
    EXPECT_EQ(device.persistence.save_energy(kMinuteMs, std::nullopt, counter, ledger, false).reason,
              SaveReason::kNone);
    const EnergySave save = device.persistence.save_energy(2 * kMinuteMs, std::nullopt, counter, ledger, true);
    EXPECT_EQ(save.reason, SaveReason::kShutdown);
    EXPECT_TRUE(save.ok);
    StoredEnergy stored;
    history::EnergyLedger read_ledger;
    std::string error;
    ASSERT_TRUE(energy_from_text(*hc::nvs_fake_get(kNvsNamespace, kKeyEnergy), stored, read_ledger, error)) << error;
    EXPECT_EQ(stored.charged_Wh, 5U);
    EXPECT_EQ(stored.discharged_Wh, 2U);
}

TEST_F(PersistenceTest, FailedEnergyWriteIsRetriedAtTheNextDueSave) {
    Device device;
    history::EnergyLedger ledger;
    device.persistence.load_energy(ledger);
    const bank::EnergyCounter counter = counter_with(7, 0);
    hc::nvs_fake_fail_next_sets(ESP_ERR_NVS_NOT_ENOUGH_SPACE);
    const EnergySave failed = device.persistence.save_energy(kHourMs, std::nullopt, counter, ledger, false);
    EXPECT_EQ(failed.reason, SaveReason::kHourly);
    EXPECT_FALSE(failed.ok);
    EXPECT_NE(failed.error.find("NVS is full"), std::string::npos) << failed.error;
    EXPECT_EQ(device.persistence.save_energy(kHourMs + kMinuteMs, std::nullopt, counter, ledger, false).reason,
              SaveReason::kNone)
        << "no hammering of a failing flash";
    const EnergySave retried = device.persistence.save_energy(2 * kHourMs, std::nullopt, counter, ledger, false);
    EXPECT_EQ(retried.reason, SaveReason::kHourly);
    EXPECT_TRUE(retried.ok) << retried.error;
}

TEST_F(PersistenceTest, DamagedEnergyStartsFromZeroAndIsKept) {
    const std::string damaged = R"({"charged_Wh": -4, "discharged_Wh": 3})";
    hc::nvs_fake_put(kNvsNamespace, kKeyEnergy, damaged);
    Device device;
    history::EnergyLedger ledger;
    const BootEnergy boot = device.persistence.load_energy(ledger);
    EXPECT_FALSE(boot.restored);
    EXPECT_EQ(boot.counters.charged_Wh, 0U);
    EXPECT_NE(boot.error.find(kKeyEnergyBroken), std::string::npos) << boot.error;
    EXPECT_EQ(hc::nvs_fake_get(kNvsNamespace, kKeyEnergyBroken), damaged);
}

TEST(EnergyText, StrictReading) {
    history::EnergyLedger ledger;
    ledger.update(0, 0, CivilDate{2026, 5, 4});
    ledger.update(4'500, 1'200, CivilDate{2026, 5, 4});
    const std::string text = energy_to_text({4, 1}, ledger);
    StoredEnergy counters;
    history::EnergyLedger read;
    std::string error;
    ASSERT_TRUE(energy_from_text(text, counters, read, error)) << error;
    EXPECT_EQ(counters.charged_Wh, 4U);
    EXPECT_EQ(read.days(), ledger.days());
    EXPECT_EQ(nlohmann::json::parse(text)["energy_ledger"], history::ledger_to_json(ledger))
        << "the same document as the Linux state file";

    for (const char* bad : {"", "[]", R"({"charged_Wh": 1})", R"({"charged_Wh": 1, "discharged_Wh": 1, "x": 0})",
                            R"({"charged_Wh": 1.5, "discharged_Wh": 1})",
                            R"({"charged_Wh": 1, "discharged_Wh": 1, "energy_ledger": {"days": 3}})"}) {
        StoredEnergy untouched{77, 88};
        error.clear();
        EXPECT_FALSE(energy_from_text(bad, untouched, read, error)) << bad;
        EXPECT_FALSE(error.empty()) << bad;
        EXPECT_EQ(untouched.charged_Wh, 77U) << bad;
    }
    EXPECT_EQ(read.days(), ledger.days()) << "a failed read leaves the ledger unchanged";
}

}  // namespace
}  // namespace tbg::esp32
