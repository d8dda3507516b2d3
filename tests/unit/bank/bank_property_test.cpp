// Property tests over random banks (seeded; the seed is printed on failure).
#include <gtest/gtest.h>

#include <cstdint>

#include "core/bank/bank.h"
#include "tests/unit/bank/random_packs.h"

namespace tbg::bank {
namespace {

constexpr int kBanks = 10'000;
constexpr std::uint32_t kSeed = 20261124;

// The aggregates a stale pack could pollute.
void expect_same_aggregates(const BankSnapshot& a, const BankSnapshot& b) {
    EXPECT_EQ(a.modules_online, b.modules_online);
    EXPECT_EQ(a.modules_blocking_charge, b.modules_blocking_charge);
    EXPECT_EQ(a.modules_blocking_discharge, b.modules_blocking_discharge);
    EXPECT_EQ(a.voltage_10mV, b.voltage_10mV);
    EXPECT_EQ(a.min_pack_voltage_10mV, b.min_pack_voltage_10mV);
    EXPECT_EQ(a.max_pack_voltage_10mV, b.max_pack_voltage_10mV);
    EXPECT_EQ(a.current_10mA, b.current_10mA);
    EXPECT_EQ(a.power_100uW, b.power_100uW);
    EXPECT_EQ(a.min_cell.voltage_mV, b.min_cell.voltage_mV);
    EXPECT_EQ(a.max_cell.voltage_mV, b.max_cell.voltage_mV);
    EXPECT_EQ(a.min_cell.pack, b.min_cell.pack);
    EXPECT_EQ(a.max_cell.pack, b.max_cell.pack);
    EXPECT_EQ(a.temp_valid, b.temp_valid);
    EXPECT_EQ(a.min_temp.temp_dC, b.min_temp.temp_dC);
    EXPECT_EQ(a.max_temp.temp_dC, b.max_temp.temp_dC);
    EXPECT_EQ(a.packs_without_cell_temp, b.packs_without_cell_temp);
    EXPECT_EQ(a.soc_valid, b.soc_valid);
    EXPECT_EQ(a.soc_centipct, b.soc_centipct);
    EXPECT_EQ(a.soh_pct, b.soh_pct);
    EXPECT_EQ(a.installed_capacity_10mAh, b.installed_capacity_10mAh);
    EXPECT_EQ(a.available_capacity_10mAh, b.available_capacity_10mAh);
    EXPECT_EQ(a.status_bytes, b.status_bytes);
}

void expect_consistent(const BankSnapshot& s) {
    EXPECT_LE(s.modules_blocking_charge, s.modules_online);
    EXPECT_LE(s.modules_blocking_discharge, s.modules_online);
    EXPECT_LE(s.modules_online + s.modules_offline, 16);
    if (s.modules_online == 0) {
        return;
    }
    EXPECT_LE(s.min_cell.voltage_mV, s.max_cell.voltage_mV);
    EXPECT_EQ(s.cell_spread_mV, s.max_cell.voltage_mV - s.min_cell.voltage_mV);
    EXPECT_LE(s.min_pack_voltage_10mV, s.voltage_10mV);
    EXPECT_GE(s.max_pack_voltage_10mV, s.voltage_10mV);
    EXPECT_LE(s.soc_centipct, 10000);
    EXPECT_LE(s.soh_pct, 100);
    EXPECT_LE(s.available_capacity_10mAh, s.installed_capacity_10mAh);
    if (s.temp_valid) {
        EXPECT_LE(s.min_temp.temp_dC, s.max_temp.temp_dC);
    }
    EXPECT_TRUE(s.packs[s.max_cell.pack].online);
    EXPECT_TRUE(s.packs[s.min_cell.pack].online);
}

TEST(bank_property, StalePacksNeverContribute) {
    test::RandomPacks random(kSeed);
    for (int n = 0; n < kBanks; ++n) {
        SCOPED_TRACE(testing::Message() << "seed " << kSeed << ", bank " << n);
        Bank fresh_only;
        Bank with_stale;
        const std::uint64_t now = static_cast<std::uint64_t>(random.uniform(100'000, 10'000'000));
        const int packs = random.uniform(1, 16);
        for (int i = 0; i < packs; ++i) {
            const auto address = static_cast<std::size_t>(random.uniform(0, 15));
            if (random.chance(60)) {
                // Fresh: the same data into both banks, received 0…20 s ago.
                const std::uint64_t at = now - static_cast<std::uint64_t>(random.uniform(0, 20'000));
                const topband::AnalogValues analog = random.analog();
                const topband::AlarmInfo alarm = random.alarm();
                for (Bank* bank : {&fresh_only, &with_stale}) {
                    bank->pack(address).clear();
                    bank->pack(address).update_analog(analog, at);
                    bank->pack(address).update_alarm(alarm, at);
                }
            } else {
                // Stale in the second bank only, with any data; every group older than its limit.
                fresh_only.pack(address).clear();
                PackState& pack = with_stale.pack(address);
                pack.clear();
                pack.update_analog(random.analog(), now - static_cast<std::uint64_t>(random.uniform(20'001, 99'999)));
                pack.update_alarm(random.alarm(), now - static_cast<std::uint64_t>(random.uniform(60'001, 99'999)));
            }
        }
        const BankSnapshot& a = fresh_only.update(now);
        const BankSnapshot& b = with_stale.update(now);
        expect_same_aggregates(a, b);
        expect_consistent(b);
        if (HasFailure()) {
            return;
        }
    }
}

}  // namespace
}  // namespace tbg::bank
