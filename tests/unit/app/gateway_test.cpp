// The Gateway against simulated packs (platform/sim) on simulated time: the CAN side starts with the first valid
// reply, keeps an exact cadence whatever the RS485 side does, and reacts to packs dropping out in the same tick.
#include "core/app/gateway.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "core/can/encoders.h"
#include "platform/sim/sim_bus.h"

namespace tbg::app {
namespace {

struct Limits {
    std::int32_t cvl_dV;
    std::int32_t ccl_dA;
    std::int32_t dcl_dA;
};

Limits limits_of(const can::FrameSet& frames) {
    const can::CanFrame* frame = frames.find(can::ids::kLimits);
    EXPECT_NE(frame, nullptr);
    auto u16 = [&](std::size_t at) { return frame->data[at] | (frame->data[at + 1] << 8); };
    return {u16(0), static_cast<std::int16_t>(u16(2)), static_cast<std::int16_t>(u16(4))};
}

std::uint16_t modules_online(const can::FrameSet& frames) {
    const can::CanFrame* frame = frames.find(can::ids::kModules);
    return frame == nullptr ? 0 : static_cast<std::uint16_t>(frame->data[0] | (frame->data[1] << 8));
}

// Drives a Gateway and a SimBus on one simulated clock at 9600 baud.
class Rig {
public:
    explicit Rig(int packs, GatewaySettings settings = {}) : gateway_(settings, 0) {
        for (int adr = 0; adr < packs; ++adr) {
            sim::SimPackConfig pack;
            pack.adr = static_cast<std::uint8_t>(adr);
            pack.seed = static_cast<std::uint32_t>(adr + 1);
            bus_.add_pack(pack);
        }
    }

    sim::SimBus& bus() { return bus_; }
    Gateway& gateway() { return gateway_; }

    // Runs until end_ms; records every frame set with its time.
    void run_until(std::uint64_t end_ms) {
        while (true) {
            std::uint64_t next = gateway_.next_wakeup_ms();
            if (!pending_.empty()) {
                next = std::min(next, pending_.front().first);
            }
            next = std::max(next, now_ms_);
            if (next > end_ms) {
                now_ms_ = end_ms;
                return;
            }
            now_ms_ = next;
            if (!pending_.empty() && pending_.front().first <= now_ms_) {
                const std::uint8_t byte = pending_.front().second;
                pending_.pop_front();
                const std::uint32_t before = gateway_.scheduler().counters(0).replies;
                gateway_.on_serial_bytes(std::span(&byte, 1), now_ms_);
                if (!first_reply_ms && gateway_.scheduler().counters(0).replies > before) {
                    first_reply_ms = now_ms_;
                }
            }
            if (const can::FrameSet* frames = gateway_.can_tick(now_ms_)) {
                sets.emplace_back(now_ms_, *frames);
            }
            if (const topband::EncodedFrame* request = gateway_.poll(now_ms_)) {
                const auto reply = bus_.on_request(request->view(), now_ms_);
                if (reply) {
                    const std::uint64_t start = now_ms_ + char_ms(request->size) + reply->turnaround_ms;
                    const std::string_view bytes = reply->frame.view();
                    for (std::size_t i = 0; i < bytes.size(); ++i) {
                        pending_.emplace_back(start + char_ms(i + 1), static_cast<std::uint8_t>(bytes[i]));
                    }
                }
            }
        }
    }

    std::vector<std::pair<std::uint64_t, can::FrameSet>> sets;
    std::optional<std::uint64_t> first_reply_ms;
    std::uint64_t now() const { return now_ms_; }

private:
    static std::uint64_t char_ms(std::size_t chars) { return (chars * 10000 + 9599) / 9600; }

    sim::SimBus bus_;
    Gateway gateway_;
    std::deque<std::pair<std::uint64_t, std::uint8_t>> pending_;
    std::uint64_t now_ms_ = 0;
};

TEST(Gateway, NoCanBeforeTheFirstValidReplyThenAtOnce) {
    Rig rig(1);
    rig.run_until(150);
    EXPECT_TRUE(rig.sets.empty()) << "no frame set before any pack answered";
    rig.run_until(3000);
    ASSERT_TRUE(rig.first_reply_ms.has_value());
    ASSERT_FALSE(rig.sets.empty());
    EXPECT_LE(rig.sets.front().first - *rig.first_reply_ms, 100U);
}

TEST(Gateway, CadenceIsExactWithOneLivePackAndFifteenSilentAddresses) {
    Rig rig(1);
    rig.run_until(120'000);
    ASSERT_GT(rig.sets.size(), 100U);
    for (std::size_t i = 1; i < rig.sets.size(); ++i) {
        EXPECT_EQ(rig.sets[i].first - rig.sets[i - 1].first, 1000U) << "set " << i;
    }
    EXPECT_EQ(rig.gateway().can_counters().missed_ticks, 0U);
}

TEST(Gateway, FullVictronFrameSetWithBankValues) {
    Rig rig(3);
    rig.run_until(30'000);
    ASSERT_FALSE(rig.sets.empty());
    const can::FrameSet& frames = rig.sets.back().second;
    for (const int id : {0x351, 0x355, 0x356, 0x35A, 0x35E, 0x372, 0x373, 0x379}) {
        EXPECT_NE(frames.find(static_cast<std::uint16_t>(id)), nullptr) << std::hex << id;
    }
    EXPECT_EQ(modules_online(frames), 3U);
    const Limits limits = limits_of(frames);
    EXPECT_EQ(limits.cvl_dV, 552) << "bulk: 16 × 3.450 V";
    EXPECT_GT(limits.ccl_dA, 0);
    EXPECT_GT(limits.dcl_dA, 0);
}

TEST(Gateway, PackDroppingOutLowersLimitsWithinItsOfflineDetectionAndReturns) {
    Rig rig(3);
    rig.run_until(60'000);
    const Limits before = limits_of(rig.sets.back().second);
    ASSERT_EQ(modules_online(rig.sets.back().second), 3U);
    rig.bus().set_scenario(1, sim::Scenario::kDropout);
    const std::uint64_t dropped_ms = rig.now();
    rig.run_until(dropped_ms + 8'000);
    // 3 failed polls (≈1.5 s each incl. timeout and quiet period) → offline → the next tick has 2 packs, well before
    // the 20 s age limit.
    const can::FrameSet& after = rig.sets.back().second;
    EXPECT_EQ(modules_online(after), 2U);
    const Limits reduced = limits_of(after);
    EXPECT_LT(reduced.ccl_dA, before.ccl_dA);
    EXPECT_LT(reduced.dcl_dA, before.dcl_dA);
    const can::CanFrame* modules = after.find(can::ids::kModules);
    ASSERT_NE(modules, nullptr);
    EXPECT_EQ(modules->data[6] | (modules->data[7] << 8), 1) << "one module offline";
    // Once offline, the pack stays out of every following tick while it is silent (no flapping back).
    const std::size_t offline_from = rig.sets.size();
    rig.run_until(rig.now() + 20'000);
    for (std::size_t i = offline_from; i < rig.sets.size(); ++i) {
        EXPECT_EQ(modules_online(rig.sets[i].second), 2U) << "tick " << i;
    }
    rig.bus().set_scenario(1, sim::Scenario::kNormal);
    rig.run_until(rig.now() + 15'000);
    EXPECT_EQ(modules_online(rig.sets.back().second), 3U);
}

TEST(Gateway, AllPacksLostGivesFailsafeButKeepsTransmitting) {
    GatewaySettings settings;
    settings.control.comm_loss_timeout_s = 10;
    Rig rig(2, settings);
    rig.run_until(30'000);
    rig.bus().set_scenario(sim::Scenario::kDropout);
    const std::size_t before = rig.sets.size();
    rig.run_until(rig.now() + 20'000);
    EXPECT_GE(rig.sets.size() - before, 19U) << "CAN keeps its cadence while every pack is silent";
    const Limits limits = limits_of(rig.sets.back().second);
    EXPECT_EQ(limits.ccl_dA, 0);
    EXPECT_EQ(limits.dcl_dA, 0);
    EXPECT_GT(limits.cvl_dV, 0);
    EXPECT_TRUE(rig.gateway().output().failsafe);
}

TEST(Gateway, FailsafeSilenceStopsTransmitting) {
    GatewaySettings settings;
    settings.control.comm_loss_timeout_s = 10;
    settings.control.failsafe_silence = true;
    Rig rig(1, settings);
    rig.run_until(20'000);
    rig.bus().set_scenario(sim::Scenario::kDropout);
    rig.run_until(rig.now() + 15'000);
    const std::size_t before = rig.sets.size();
    rig.run_until(rig.now() + 5'000);
    EXPECT_EQ(rig.sets.size(), before);
    EXPECT_GE(rig.gateway().can_counters().sets_silenced, 5U);
}

TEST(Gateway, CountsFramesFromTheGx) {
    Gateway gateway(GatewaySettings{}, 0);
    gateway.on_can_frame(can::CanFrame{0x305, 8, {}}, 100);
    gateway.on_can_frame(can::CanFrame{0x307, 8, {0x12, 0x34, 0x56, 0x78, 0x56, 0x49, 0x43, 0}}, 200);
    gateway.on_can_frame(can::CanFrame{0x123, 8, {}}, 300);
    EXPECT_EQ(gateway.can_counters().gx_keepalive, 1U);
    EXPECT_EQ(gateway.can_counters().gx_identity, 1U);
    EXPECT_EQ(gateway.can_counters().other_received, 1U);
    EXPECT_EQ(gateway.can_counters().last_gx_ms, 200U);
}

TEST(Gateway, AReplyShapedForAnotherCommandIsRejectedNotMisread) {
    // A 0x42 INFO read as 0x44 decodes with many trailing bytes (and would show protections that are not there).
    GatewaySettings settings;
    settings.poll.addresses.fill(false);
    settings.poll.addresses[0] = true;
    Gateway gateway(settings, 0);
    sim::SimBus bus;
    sim::SimPackConfig pack;
    bus.add_pack(pack);
    std::uint64_t now = 0;
    bool injected = false;
    for (int step = 0; step < 2000 && !injected; ++step) {
        const topband::EncodedFrame* request = gateway.poll(now);
        if (request != nullptr) {
            topband::Frame frame;
            ASSERT_EQ(topband::parse_frame(request->view(), frame), topband::FrameStatus::kOk);
            std::string reply_text;
            if (frame.cid2 == static_cast<std::uint8_t>(topband::Command::kAlarm)) {
                const std::string analog_request(topband::encode_analog_request(0).view());
                reply_text = std::string(bus.on_request(analog_request, now)->frame.view());
                injected = true;
            } else if (const auto reply = bus.on_request(request->view(), now)) {
                reply_text = std::string(reply->frame.view());
            }
            now += 300;
            gateway.on_serial_bytes(
                std::span(reinterpret_cast<const std::uint8_t*>(reply_text.data()), reply_text.size()), now);
        }
        now = std::max(now + 1, gateway.next_wakeup_ms());
    }
    ASSERT_TRUE(injected);
    EXPECT_EQ(gateway.decode_errors(0), 1U);
    EXPECT_FALSE(gateway.bank().pack(0).received(bank::DataGroup::kAlarm));
}

}  // namespace
}  // namespace tbg::app
