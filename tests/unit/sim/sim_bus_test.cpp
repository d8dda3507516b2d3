// SimBus: which requests get an answer, and that every answer decodes with the project's own codec.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <utility>

#include "core/topband/decoders.h"
#include "core/topband/encoders.h"
#include "core/topband/frame.h"
#include "platform/sim/sim_bus.h"
#include "tests/unit/sim/sim_test_util.h"

namespace tbg::sim {
namespace {

using test::exchange;

SimBus bus_with(std::initializer_list<std::pair<std::uint8_t, Preset>> packs, std::uint32_t seed = 7) {
    SimBusConfig config;
    config.seed = seed;
    SimBus bus(config);
    for (const auto& [adr, preset] : packs) {
        SimPackConfig pack;
        pack.adr = adr;
        pack.preset = preset;
        pack.seed = seed + adr;
        EXPECT_TRUE(bus.add_pack(pack));
    }
    return bus;
}

struct PresetCase {
    Preset preset;
    std::uint8_t cells;
    std::uint8_t temps;
    std::uint16_t lenid;
};

class sim_preset_reply : public ::testing::TestWithParam<PresetCase> {};

TEST_P(sim_preset_reply, AnalogReplyDecodesWithThePresetCounts) {
    const PresetCase c = GetParam();
    SimBus bus = bus_with({{3, c.preset}});
    const test::Exchange e = exchange(bus, 3, 0x42, 0);
    ASSERT_TRUE(e.replied);
    ASSERT_EQ(e.status, topband::FrameStatus::kOk) << e.text;
    EXPECT_EQ(e.frame.lenid, c.lenid);
    topband::AnalogValues v;
    ASSERT_EQ(topband::decode_analog(e.info.bytes(), v), topband::DecodeError::kNone);
    EXPECT_EQ(v.pack_id, 3);
    EXPECT_EQ(v.cell_count, c.cells);
    EXPECT_EQ(v.temp_count, c.temps);
    EXPECT_EQ(v.trailing_bytes, 0U);
    ASSERT_TRUE(v.soh_pct && v.bms_soc_pct && v.cycles && v.full_10mAh && v.custom2);
    EXPECT_EQ(*v.full_10mAh, 10000U);
    EXPECT_EQ(v.soc().source, topband::SocSource::kBms);
    EXPECT_NEAR(v.soc().value_centipct, 6000, 100);
    std::uint32_t sum_mV = 0;
    for (std::size_t i = 0; i < v.cell_count; ++i) {
        EXPECT_GT(v.cell_mV[i], 3250);
        EXPECT_LT(v.cell_mV[i], 3360);
        sum_mV += v.cell_mV[i];
    }
    EXPECT_NEAR(*v.pack_voltage_10mV, sum_mV / 10.0, 1.0);
    for (std::size_t i = 0; i < v.temp_count; ++i) {
        EXPECT_NEAR(v.temperature_dC(i), 250, 15);
    }

    const test::Exchange a = exchange(bus, 3, 0x44, 0);
    ASSERT_EQ(a.status, topband::FrameStatus::kOk) << a.text;
    topband::AlarmInfo alarm;
    ASSERT_EQ(topband::decode_alarm(a.info.bytes(), alarm), topband::DecodeError::kNone);
    EXPECT_EQ(alarm.cell_count, c.cells);
    EXPECT_EQ(alarm.temp_count, c.temps);
    EXPECT_EQ(alarm.status_byte_count, 8);
    EXPECT_TRUE(alarm.status_bit(topband::bits::kChargeMosfetOn));
    EXPECT_TRUE(alarm.status_bit(topband::bits::kDischargeMosfetOn));
    EXPECT_FALSE(alarm.status_bit(topband::bits::kCellOverVoltageProtection));
}

INSTANTIATE_TEST_SUITE_P(sim, sim_preset_reply,
                         ::testing::Values(PresetCase{Preset::k15S7T, 15, 7, 0x07C},
                                           PresetCase{Preset::k16S6T, 16, 6, 0x07C},
                                           PresetCase{Preset::k16S7T, 16, 7, 0x080}));

TEST(sim_bus, SystemParametersArePlausibleLfpLimits) {
    SimBus bus = bus_with({{0, Preset::k15S7T}, {1, Preset::k16S7T}});
    const test::Exchange e = exchange(bus, 0, 0x47, 0);
    ASSERT_EQ(e.status, topband::FrameStatus::kOk) << e.text;
    EXPECT_EQ(e.frame.lenid, 0x030);
    topband::SystemParameters p;
    ASSERT_EQ(topband::decode_system_parameters(e.info.bytes(), p), topband::DecodeError::kNone);
    EXPECT_EQ(p.cell_high_mV, 3600);
    EXPECT_EQ(p.cell_low_mV, 2900);
    EXPECT_EQ(p.cell_under_mV, 2500);
    EXPECT_EQ(topband::temperature_dC(p.charge_high_temp_raw_dK), 550);
    EXPECT_EQ(topband::temperature_dC(p.charge_low_temp_raw_dK), 0);
    EXPECT_EQ(p.charge_current_max_10mA, 5000);
    EXPECT_EQ(p.pack_high_10mV, 5400);
    EXPECT_EQ(p.pack_low_10mV, 4350);
    EXPECT_EQ(p.pack_under_10mV, 3750);
    EXPECT_EQ(topband::temperature_dC(p.discharge_high_temp_raw_dK), 600);
    EXPECT_EQ(topband::temperature_dC(p.discharge_low_temp_raw_dK), -200);
    EXPECT_EQ(p.discharge_current_max_10mA, 10000);
    EXPECT_EQ(topband::implausible_parameters(p), 0);

    const test::Exchange e16 = exchange(bus, 1, 0x47, 0);
    ASSERT_EQ(topband::decode_system_parameters(e16.info.bytes(), p), topband::DecodeError::kNone);
    EXPECT_EQ(p.pack_high_10mV, 5760);
}

TEST(sim_bus, DateTimeFollowsTheWallClock) {
    SimBus bus = bus_with({{0, Preset::k16S7T}});
    bus.set_wall_clock({2026, 2, 28, 23, 59, 30}, 1000);
    const test::Exchange e = exchange(bus, 0, 0x4D, 1000 + 45 * 1000);
    ASSERT_EQ(e.status, topband::FrameStatus::kOk) << e.text;
    topband::DateTime t;
    ASSERT_EQ(topband::decode_date_time(e.info.bytes(), t), topband::DecodeError::kNone);
    EXPECT_EQ(t.year, 2026);
    EXPECT_EQ(t.month, 3);
    EXPECT_EQ(t.day, 1);
    EXPECT_EQ(t.hour, 0);
    EXPECT_EQ(t.minute, 0);
    EXPECT_EQ(t.second, 15);
}

TEST(sim_bus, ProtocolVersionIsABareOkReply) {
    SimBus bus = bus_with({{5, Preset::k16S7T}});
    const test::Exchange e = exchange(bus, 5, 0x4F, 0);
    EXPECT_EQ(e.text, "~210546000000FDAE\r");
    EXPECT_EQ(e.status, topband::FrameStatus::kOk);
}

TEST(sim_bus, ManufacturerInfoIs64RawCharacters) {
    SimBus bus = bus_with({{2, Preset::k15S7T}});
    const test::Exchange e = exchange(bus, 2, 0x51, 0);
    ASSERT_EQ(e.status, topband::FrameStatus::kOk) << e.text;
    EXPECT_EQ(e.frame.lenid, 64);
    topband::ManufacturerInfo info;
    topband::decode_manufacturer_info(e.frame.info, info);
    EXPECT_TRUE(info.raw_ascii);
    EXPECT_EQ(info.hardware(), "TBSIM-15S7T-100AH");
    EXPECT_EQ(info.software(), "0100");
    EXPECT_EQ(info.id(), "SIM-ADR02-00000009");
}

TEST(sim_bus, UnsupportedCommandGetsRtn04) {
    SimBus bus = bus_with({{0, Preset::k16S7T}});
    for (const std::uint8_t cid2 : std::initializer_list<std::uint8_t>{0x4B, 0x4E, 0x92, 0x96, 0x10}) {
        const test::Exchange e = exchange(bus, 0, cid2, 0);
        ASSERT_TRUE(e.replied) << int{cid2};
        EXPECT_EQ(e.text, "~210046040000FDAF\r");
        EXPECT_EQ(e.status, topband::FrameStatus::kRtnError);
        EXPECT_EQ(e.frame.cid2, 0x04);
    }
}

TEST(sim_bus, OtherVersionGetsRtn01) {
    SimBus bus = bus_with({{0, Preset::k16S7T}});
    topband::EncodedFrame request;
    const std::uint8_t info[] = {0};
    ASSERT_TRUE(topband::encode_frame(0, 0x42, info, request, 0x20));
    const auto reply = bus.on_request(request.view(), 0);
    ASSERT_TRUE(reply);
    topband::Frame frame;
    ASSERT_EQ(topband::parse_frame(reply->frame.view(), frame), topband::FrameStatus::kOk);
    EXPECT_EQ(frame.cid2, 0x01);
}

TEST(sim_bus, AbsentAddressAndInvalidRequestsGetSilence) {
    SimBus bus = bus_with({{0, Preset::k16S7T}, {1, Preset::k16S7T}});
    EXPECT_FALSE(exchange(bus, 2, 0x42, 0).replied);
    EXPECT_FALSE(exchange(bus, 15, 0x4F, 0).replied);
    EXPECT_FALSE(bus.on_request("~21004642E00200FD37\r", 0));  // CHKSUM off by one
    EXPECT_FALSE(bus.on_request("21004642E00200FD36\r", 0));   // no SOI
    EXPECT_FALSE(bus.on_request("", 0));
    topband::EncodedFrame other_device;
    ASSERT_TRUE(topband::encode_frame(0, 0x42, {}, other_device));
    other_device.chars[6] = '7';  // CID1 0x47: not a battery; fix the CHKSUM so only CID1 is wrong
    const std::string body(other_device.view().substr(1, 12));
    char chk[5];
    std::snprintf(chk, sizeof chk, "%04X", static_cast<unsigned>(topband::chksum(body)));
    EXPECT_FALSE(bus.on_request("~" + body + chk + "\r", 0));
    EXPECT_TRUE(exchange(bus, 1, 0x42, 0).replied);
}

TEST(sim_bus, AddPackRejectsDuplicatesAndHighAddresses) {
    SimBus bus;
    SimPackConfig pack;
    pack.adr = 4;
    EXPECT_TRUE(bus.add_pack(pack));
    EXPECT_FALSE(bus.add_pack(pack));
    pack.adr = 16;
    EXPECT_FALSE(bus.add_pack(pack));
    EXPECT_EQ(bus.pack_count(), 1U);
    for (std::uint8_t adr = 0; adr < 16; ++adr) {
        pack.adr = adr;
        bus.add_pack(pack);
    }
    EXPECT_EQ(bus.pack_count(), 16U);
}

TEST(sim_bus, DropoutSilencesThePackUntilNormal) {
    SimBus bus = bus_with({{0, Preset::k16S7T}, {1, Preset::k16S7T}});
    ASSERT_TRUE(bus.set_scenario(1, Scenario::kDropout));
    EXPECT_TRUE(exchange(bus, 0, 0x42, 1000).replied);
    EXPECT_FALSE(exchange(bus, 1, 0x42, 2000).replied);
    EXPECT_FALSE(exchange(bus, 1, 0x4F, 3000).replied);
    ASSERT_TRUE(bus.set_scenario(1, Scenario::kNormal));
    EXPECT_EQ(exchange(bus, 1, 0x42, 4000).status, topband::FrameStatus::kOk);
    EXPECT_FALSE(bus.set_scenario(9, Scenario::kDropout));
}

TEST(sim_bus, FullNoiseBreaksEveryReply) {
    SimBus bus = bus_with({{0, Preset::k16S7T}});
    bus.set_scenario(Scenario::kNoise);
    bus.set_noise_ppm(1000000);
    for (std::uint64_t i = 0; i < 50; ++i) {
        for (const std::uint8_t cid2 : std::initializer_list<std::uint8_t>{0x42, 0x44, 0x47, 0x4F}) {
            topband::EncodedFrame request;
            ASSERT_TRUE(topband::encode_request(0, cid2, request));
            const auto reply = bus.on_request(request.view(), i * 1000);
            ASSERT_TRUE(reply);
            EXPECT_TRUE(reply->corrupted);
            topband::Frame frame;
            EXPECT_NE(topband::parse_frame(reply->frame.view(), frame), topband::FrameStatus::kOk);
        }
    }
}

TEST(sim_bus, PartialNoiseCorruptsSomeReplies) {
    SimBus bus = bus_with({{0, Preset::k16S7T}});
    bus.set_scenario(Scenario::kNoise);
    bus.set_noise_ppm(2000);  // 0.2 % of 146 bytes: about a quarter of the 0x42 replies
    int good = 0;
    int bad = 0;
    for (std::uint64_t i = 0; i < 400; ++i) {
        const test::Exchange e = exchange(bus, 0, 0x42, i * 1000);
        ASSERT_TRUE(e.replied);
        (e.status == topband::FrameStatus::kOk ? good : bad) += 1;
    }
    EXPECT_GT(good, 200);
    EXPECT_GT(bad, 40);
}

TEST(sim_bus, WrongAdrScenarioAnswersWithAnotherAddress) {
    SimBus bus = bus_with({{0, Preset::k16S7T}, {15, Preset::k16S7T}});
    bus.set_scenario(15, Scenario::kWrongAdr);
    const test::Exchange e = exchange(bus, 15, 0x42, 0);
    ASSERT_TRUE(e.replied);
    EXPECT_EQ(e.status, topband::FrameStatus::kUnexpectedAdr);
    EXPECT_EQ(e.frame.adr, 0);
    EXPECT_EQ(exchange(bus, 0, 0x42, 0).status, topband::FrameStatus::kOk);
}

TEST(sim_bus, SlowScenarioUsesTheSlowTurnaround) {
    SimBus bus = bus_with({{0, Preset::k16S7T}, {1, Preset::k16S7T}});
    bus.set_turnaround_ms(25);
    bus.set_slow_turnaround_ms(580);
    bus.set_scenario(1, Scenario::kSlow);
    EXPECT_EQ(exchange(bus, 0, 0x42, 0).turnaround_ms, 25U);
    const test::Exchange slow = exchange(bus, 1, 0x42, 0);
    EXPECT_EQ(slow.turnaround_ms, 580U);
    EXPECT_EQ(slow.status, topband::FrameStatus::kOk);
}

TEST(sim_bus, SameSeedGivesTheSameReplies) {
    const auto run = [](std::uint32_t seed) {
        SimBus bus = bus_with({{0, Preset::k16S7T}, {1, Preset::k15S7T}}, seed);
        bus.set_scenario(1, Scenario::kNoise);
        bus.set_noise_ppm(20000);
        std::string transcript;
        for (std::uint64_t t = 0; t < 40; ++t) {
            for (const std::uint8_t adr : std::initializer_list<std::uint8_t>{0, 1}) {
                for (const std::uint8_t cid2 : std::initializer_list<std::uint8_t>{0x42, 0x44}) {
                    transcript += exchange(bus, adr, cid2, t * 30000).text;
                }
            }
        }
        return transcript;
    };
    EXPECT_EQ(run(11), run(11));
    EXPECT_NE(run(11), run(12));
}

}  // namespace
}  // namespace tbg::sim
