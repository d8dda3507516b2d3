// PollScheduler on simulated time: a small discrete-event bus answers requests with encoded replies after a wire
// time and a turnaround, so every timing rule of the scheduler is checked without real time passing.
#include "core/app/poll_scheduler.h"

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <map>
#include <vector>

#include "core/topband/encoders.h"

namespace tbg::app {
namespace {

using topband::Command;

constexpr std::uint8_t cid(Command command) {
    return static_cast<std::uint8_t>(command);
}

topband::AnalogValues analog_values(std::uint8_t adr) {
    topband::AnalogValues v;
    v.pack_id = adr;
    v.cell_count = 16;
    v.cell_mV.fill(3300);
    v.temp_count = 7;
    v.temp_raw_dK.fill(2981);
    v.current_10mA = 0;
    v.pack_voltage_10mV = 5280;
    v.remaining_10mAh = 5000;
    v.udi = 5;
    v.full_10mAh = 10000;
    v.cycles = 1;
    v.bms_soc_pct = 50;
    v.soh_pct = 100;
    v.custom1 = 0;
    v.custom2 = 0;
    return v;
}

// What a simulated pack sends back for one request: the reply characters, or nothing.
using Responder = std::function<std::optional<std::string>(std::uint8_t adr, std::uint8_t command)>;

std::optional<std::string> good_reply(std::uint8_t adr, std::uint8_t command) {
    std::array<std::uint8_t, topband::kMaxInfoBytes> info{};
    std::size_t size = 0;
    switch (static_cast<Command>(command)) {
        case Command::kAnalog:
            size = topband::build_analog_info(analog_values(adr), info);
            break;
        case Command::kAlarm: {
            topband::AlarmInfo alarm;
            alarm.pack_id = adr;
            alarm.cell_count = 16;
            alarm.temp_count = 7;
            alarm.status_byte_count = 8;
            size = topband::build_alarm_info(alarm, info);
            break;
        }
        case Command::kSystemParameters:
            size = 24;
            break;
        case Command::kManufacturerInfo: {
            topband::EncodedFrame frame;
            topband::encode_frame_raw_info(adr, 0, std::string(64, 'A'), frame);
            return std::string(frame.view());
        }
        default:
            break;
    }
    topband::EncodedFrame frame;
    topband::encode_frame(adr, 0, std::span<const std::uint8_t>(info.data(), size), frame);
    return std::string(frame.view());
}

struct Transaction {
    std::uint64_t at_ms;
    std::uint8_t adr;
    std::uint8_t command;
};

// Runs the scheduler against a simulated bus at 9600 baud until `end_ms`.
class BusSim {
public:
    BusSim(PollScheduler& scheduler, std::map<std::uint8_t, Responder> packs, std::uint32_t turnaround_ms = 20)
        : scheduler_(scheduler), packs_(std::move(packs)), turnaround_ms_(turnaround_ms) {}

    void run_until(std::uint64_t end_ms) {
        while (true) {
            std::uint64_t next = scheduler_.next_wakeup_ms();
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
                const auto [at, byte] = pending_.front();
                pending_.pop_front();
                if (auto reply = scheduler_.on_byte(byte, at)) {
                    replies.push_back(*reply);
                }
                continue;
            }
            if (const topband::EncodedFrame* request = scheduler_.poll(now_ms_)) {
                topband::Frame frame;
                ASSERT_EQ(topband::parse_frame(request->view(), frame), topband::FrameStatus::kOk);
                requests.push_back({now_ms_, frame.adr, frame.cid2});
                const auto pack = packs_.find(frame.adr);
                if (pack == packs_.end()) {
                    continue;
                }
                const auto reply = pack->second(frame.adr, frame.cid2);
                if (!reply) {
                    continue;
                }
                const std::uint64_t start = now_ms_ + char_ms(request->size) + turnaround_ms_;
                for (std::size_t i = 0; i < reply->size(); ++i) {
                    pending_.emplace_back(start + char_ms(i + 1), static_cast<std::uint8_t>((*reply)[i]));
                }
            }
        }
    }

    // Whole milliseconds per `chars` characters at 9600 baud (rounded up, as the scheduler does).
    static std::uint64_t char_ms(std::size_t chars) { return (chars * 10000 + 9599) / 9600; }

    std::vector<Transaction> requests;
    std::vector<Reply> replies;
    std::uint64_t now() const { return now_ms_; }

private:
    PollScheduler& scheduler_;
    std::map<std::uint8_t, Responder> packs_;
    std::uint32_t turnaround_ms_;
    std::deque<std::pair<std::uint64_t, std::uint8_t>> pending_;
    std::uint64_t now_ms_ = 0;
};

std::vector<std::uint64_t> request_times(const std::vector<Transaction>& requests, std::uint8_t adr,
                                         std::uint8_t command) {
    std::vector<std::uint64_t> times;
    for (const auto& t : requests) {
        if (t.adr == adr && t.command == command) {
            times.push_back(t.at_ms);
        }
    }
    return times;
}

TEST(PollScheduler, DiscoversPresentPacksAndMarksSilentOnesAbsent) {
    PollScheduler scheduler(PollConfig{});
    BusSim bus(scheduler, {{0, good_reply}, {5, good_reply}});
    bus.run_until(30000);
    EXPECT_EQ(scheduler.presence(0), Presence::kOnline);
    EXPECT_EQ(scheduler.presence(5), Presence::kOnline);
    EXPECT_EQ(scheduler.presence(1), Presence::kAbsent);
    EXPECT_EQ(scheduler.presence(15), Presence::kAbsent);
    EXPECT_FALSE(scheduler.discovering());
    EXPECT_EQ(scheduler.online_count(), 2U);
    // Each silent address was probed exactly discovery_attempts times during discovery (no re-probe before 30 s).
    EXPECT_EQ(request_times(bus.requests, 7, cid(Command::kAnalog)).size(), 2U);
}

TEST(PollScheduler, LivePacksArePolledEveryCycleWhileDiscoveryRuns) {
    PollScheduler scheduler(PollConfig{});
    BusSim bus(scheduler, {{0, good_reply}});
    bus.run_until(20000);
    const auto polls = request_times(bus.requests, 0, cid(Command::kAnalog));
    ASSERT_GT(polls.size(), 5U);
    for (std::size_t i = 1; i < polls.size(); ++i) {
        // one live pack + at most four discovery probes (≈0.77 s timeout each) + the extras per cycle: far inside the
        // 20 s age limit of its data
        EXPECT_LT(polls[i] - polls[i - 1], 4000U) << "gap before poll " << i;
    }
}

TEST(PollScheduler, AlarmAtLeastEveryFiveSecondsParametersAtDiscoveryInfoOnce) {
    PollScheduler scheduler(PollConfig{});
    BusSim bus(scheduler, {{0, good_reply}, {1, good_reply}, {2, good_reply}});
    bus.run_until(25 * 60 * 1000);
    for (std::uint8_t adr = 0; adr < 3; ++adr) {
        const auto alarms = request_times(bus.requests, adr, cid(Command::kAlarm));
        ASSERT_GT(alarms.size(), 100U);
        for (std::size_t i = 1; i < alarms.size(); ++i) {
            EXPECT_LE(alarms[i] - alarms[i - 1], 5000U);
        }
        const auto parameters = request_times(bus.requests, adr, cid(Command::kSystemParameters));
        ASSERT_EQ(parameters.size(), 3U) << "at discovery, after 10 and after 20 minutes";
        // every 10 minutes, to within one cycle (not a deadline: the limits of a pack change rarely)
        EXPECT_NEAR(static_cast<double>(parameters[1] - parameters[0]), 600000.0, 5000.0);
        EXPECT_NEAR(static_cast<double>(parameters[2] - parameters[1]), 600000.0, 5000.0);
        EXPECT_EQ(request_times(bus.requests, adr, cid(Command::kManufacturerInfo)).size(), 1U);
    }
}

TEST(PollScheduler, AbsentAddressesAreReprobedAtMostOncePer30Seconds) {
    PollScheduler scheduler(PollConfig{});
    BusSim bus(scheduler, {{0, good_reply}});
    bus.run_until(5 * 60 * 1000);
    for (std::uint8_t adr = 1; adr < 16; ++adr) {
        const auto probes = request_times(bus.requests, adr, cid(Command::kAnalog));
        ASSERT_GE(probes.size(), 2U + 8U) << "adr " << int{adr};
        for (std::size_t i = 2; i < probes.size(); ++i) {
            EXPECT_GE(probes[i] - probes[i - 1], 30000U) << "adr " << int{adr};
        }
    }
}

TEST(PollScheduler, PackGoesOfflineAfterThreeFailuresAndComesBack) {
    bool answering = true;
    Responder flaky = [&](std::uint8_t adr, std::uint8_t command) -> std::optional<std::string> {
        return answering ? good_reply(adr, command) : std::nullopt;
    };
    PollConfig config;
    config.addresses.fill(false);
    config.addresses[3] = true;
    PollScheduler scheduler(config);
    BusSim bus(scheduler, {{3, flaky}});
    bus.run_until(10000);
    ASSERT_EQ(scheduler.presence(3), Presence::kOnline);
    answering = false;
    const std::size_t before = bus.requests.size();
    // Each failure costs the timeout plus a quiet period for a late reply (≈1.5 s): offline within 5 s.
    bus.run_until(15000);
    EXPECT_EQ(scheduler.presence(3), Presence::kOffline);
    EXPECT_EQ(scheduler.counters(3).consecutive_failures, 3U);
    EXPECT_EQ(bus.requests.size() - before, 3U) << "exactly three failed polls before offline";
    answering = true;
    bus.run_until(15000 + 5000 + 1500);
    EXPECT_EQ(scheduler.presence(3), Presence::kOnline) << "offline packs are re-probed every 5 s";
}

TEST(PollScheduler, CorruptAndWrongAddressRepliesAreCountedNotReturned) {
    int calls = 0;
    Responder bad = [&](std::uint8_t adr, std::uint8_t command) -> std::optional<std::string> {
        auto reply = good_reply(adr, command);
        ++calls;
        if (calls % 2 == 0) {
            (*reply)[20] = (*reply)[20] == '0' ? '1' : '0';  // one flipped digit: CHKSUM fails
        } else {
            reply = good_reply(static_cast<std::uint8_t>(adr + 1), command);  // another pack's answer
        }
        return reply;
    };
    PollConfig config;
    config.addresses.fill(false);
    config.addresses[2] = true;
    PollScheduler scheduler(config);
    BusSim bus(scheduler, {{2, bad}});
    bus.run_until(3000);
    EXPECT_TRUE(bus.replies.empty());
    const PackCounters& counters = scheduler.counters(2);
    EXPECT_GT(counters.errors[static_cast<std::size_t>(topband::FrameStatus::kBadChksum)], 0U);
    EXPECT_GT(counters.errors[static_cast<std::size_t>(topband::FrameStatus::kUnexpectedAdr)], 0U);
    EXPECT_EQ(counters.replies, 0U);
    EXPECT_EQ(scheduler.presence(2), Presence::kAbsent);
}

TEST(PollScheduler, RtnErrorCountsButKeepsThePackPresent) {
    Responder refuses_info = [](std::uint8_t adr, std::uint8_t command) -> std::optional<std::string> {
        if (command == cid(Command::kManufacturerInfo)) {
            topband::EncodedFrame frame;
            topband::encode_frame(adr, static_cast<std::uint8_t>(topband::Rtn::kCid2Invalid), {}, frame);
            return std::string(frame.view());
        }
        return good_reply(adr, command);
    };
    PollConfig config;
    config.addresses.fill(false);
    config.addresses[0] = true;
    PollScheduler scheduler(config);
    BusSim bus(scheduler, {{0, refuses_info}});
    bus.run_until(60000);
    EXPECT_EQ(scheduler.presence(0), Presence::kOnline);
    EXPECT_EQ(scheduler.counters(0).errors[static_cast<std::size_t>(topband::FrameStatus::kRtnError)], 1U);
    EXPECT_EQ(request_times(bus.requests, 0, cid(Command::kManufacturerInfo)).size(), 1U) << "not retried";
}

TEST(PollScheduler, TimeoutFollowsTheExpectedReplyLength) {
    PollConfig config;
    PollScheduler scheduler(config);
    // Unknown layout: 16 cells, 8 sensors → 150 characters = 157 ms at 9600 baud, plus 600 ms allowance.
    EXPECT_EQ(scheduler.timeout_ms(0, cid(Command::kAnalog)), 157U + 600U);
    config.baud = 19200;
    EXPECT_EQ(PollScheduler(config).timeout_ms(0, cid(Command::kAnalog)), 79U + 600U);
    config.turnaround_allowance_ms = 5000;
    EXPECT_EQ(PollScheduler(config).timeout_ms(0, cid(Command::kAnalog)), config.max_timeout_ms);
}

TEST(PollScheduler, ResponseTimesAreMeasured) {
    PollConfig config;
    config.addresses.fill(false);
    config.addresses[0] = true;
    PollScheduler scheduler(config);
    BusSim bus(scheduler, {{0, good_reply}}, 40);
    bus.run_until(10000);
    const PackCounters& counters = scheduler.counters(0);
    ASSERT_GT(counters.replies, 5U);
    // turnaround 40 ms + the reply's wire time (66…146 characters → 69…153 ms)
    EXPECT_GE(counters.response_time_mean_ms(), 40U + 69U);
    EXPECT_LE(counters.response_time_max_ms, 40U + 153U + 1U);
}

TEST(PollScheduler, SixteenPackSweepStaysWithinFifteenPercentOfTheWireTimeLimit) {
    std::map<std::uint8_t, Responder> packs;
    for (std::uint8_t adr = 0; adr < 16; ++adr) {
        packs[adr] = good_reply;
    }
    PollScheduler scheduler(PollConfig{});
    constexpr std::uint32_t kTurnaroundMs = 20;
    BusSim bus(scheduler, packs, kTurnaroundMs);
    bus.run_until(60000);
    ASSERT_EQ(scheduler.online_count(), 16U);
    // A steady-state cycle: 16 × 0x42 (+ 0x44 for packs that are due). Limit = wire time + turnaround each.
    const std::uint32_t sweep = scheduler.last_sweep_ms();
    const std::uint32_t wire = scheduler.last_sweep_wire_ms();
    ASSERT_GT(wire, 16U * 150U);
    const double limit = wire + static_cast<double>(scheduler.last_sweep_replies()) * kTurnaroundMs;
    EXPECT_GE(scheduler.last_sweep_replies(), 16U);
    RecordProperty("sweep_ms", static_cast<int>(sweep));
    RecordProperty("limit_ms", static_cast<int>(limit));
    EXPECT_LE(sweep, 1.15 * limit) << "sweep " << sweep << " ms, wire " << wire << " ms";
}

TEST(PollScheduler, RescanRestartsDiscoveryButKeepsCounters) {
    PollScheduler scheduler(PollConfig{});
    BusSim bus(scheduler, {{0, good_reply}});
    bus.run_until(20000);
    const std::uint32_t replies = scheduler.counters(0).replies;
    ASSERT_GT(replies, 0U);
    scheduler.rescan(bus.now());
    EXPECT_TRUE(scheduler.discovering());
    EXPECT_EQ(scheduler.presence(0), Presence::kUnknown);
    EXPECT_EQ(scheduler.counters(0).replies, replies);
    scheduler.reset_counters();
    EXPECT_EQ(scheduler.counters(0).replies, 0U);
}

TEST(PollScheduler, EchoOfOurOwnRequestIsIgnoredAndTheRealReplyCounts) {
    // Some RS485 adapters echo what they send: the echo must neither count as the answer nor hide the reply.
    Responder echoing = [](std::uint8_t adr, std::uint8_t command) -> std::optional<std::string> {
        topband::EncodedFrame request;
        topband::encode_request(adr, command, request);
        return std::string(request.view()) + *good_reply(adr, command);
    };
    PollConfig config;
    config.addresses.fill(false);
    config.addresses[1] = true;
    PollScheduler scheduler(config);
    BusSim bus(scheduler, {{1, echoing}});
    bus.run_until(10000);
    EXPECT_EQ(scheduler.presence(1), Presence::kOnline);
    EXPECT_GT(scheduler.echoes(), 5U);
    ASSERT_FALSE(bus.replies.empty());
    for (const Reply& reply : bus.replies) {
        EXPECT_EQ(reply.frame.cid2, 0) << "only real replies (RTN 0) are handed out";
    }
    EXPECT_EQ(scheduler.counters(1).errors_total(), 0U);
}

TEST(PollScheduler, UnknownReturnCodeIsNotAnAnswer) {
    Responder garbage_rtn = [](std::uint8_t adr, std::uint8_t) -> std::optional<std::string> {
        topband::EncodedFrame frame;
        topband::encode_frame(adr, 0x77, {}, frame);  // not a §4 return code
        return std::string(frame.view());
    };
    PollConfig config;
    config.addresses.fill(false);
    config.addresses[0] = true;
    PollScheduler scheduler(config);
    BusSim bus(scheduler, {{0, garbage_rtn}});
    bus.run_until(5000);
    EXPECT_EQ(scheduler.presence(0), Presence::kAbsent);
    EXPECT_GT(scheduler.counters(0).errors[static_cast<std::size_t>(topband::FrameStatus::kRtnError)], 0U);
}

TEST(PollScheduler, AReplyStillArrivingAtTheTimeoutIsWaitedFor) {
    PollConfig config;
    config.addresses.fill(false);
    config.addresses[0] = true;
    PollScheduler scheduler(config);
    // Turnaround 700 ms: the 0x42 reply starts before the 757 ms timeout and ends after it.
    BusSim bus(scheduler, {{0, good_reply}}, 700);
    bus.run_until(10000);
    EXPECT_EQ(scheduler.presence(0), Presence::kOnline);
    EXPECT_EQ(scheduler.counters(0).errors[static_cast<std::size_t>(topband::FrameStatus::kTruncated)], 0U);
    EXPECT_GT(scheduler.counters(0).replies, 5U);
}

TEST(PollScheduler, AnalogPollsAreNotStarvedByAlarmPollsOnASlowFullBus) {
    std::map<std::uint8_t, Responder> packs;
    for (std::uint8_t adr = 0; adr < 16; ++adr) {
        packs[adr] = good_reply;
    }
    PollScheduler scheduler(PollConfig{});
    BusSim bus(scheduler, packs, 150);
    bus.run_until(10 * 60 * 1000);
    ASSERT_EQ(scheduler.online_count(), 16U);
    for (std::uint8_t adr = 0; adr < 16; ++adr) {
        const auto polls = request_times(bus.requests, adr, cid(Command::kAnalog));
        ASSERT_GT(polls.size(), 20U);
        std::uint64_t worst = 0;
        for (std::size_t i = 1; i < polls.size(); ++i) {
            worst = std::max(worst, polls[i] - polls[i - 1]);
        }
        EXPECT_LT(worst, 15000U) << "adr " << int{adr} << ": analog data must stay well inside its 20 s age limit";
    }
}

}  // namespace
}  // namespace tbg::app
