#include "platform/linux/event_loop.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "platform/linux/monotonic_clock.h"

namespace tbg::platform {
namespace {

std::unique_ptr<EventLoop> make_loop() {
    std::string error;
    std::unique_ptr<EventLoop> loop = EventLoop::create(error);
    EXPECT_NE(loop, nullptr) << error;
    return loop;
}

std::int64_t monotonic_now_us() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
}

// A safety net so a broken loop fails the test instead of hanging it.
void add_watchdog(EventLoop& loop, bool& fired) {
    loop.add_timer(monotonic_now_ms() + 5000, [&loop, &fired] {
        fired = true;
        loop.stop();
    });
}

struct Pipe {
    int read_end = -1;
    int write_end = -1;
    Pipe() {
        int fds[2];
        if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0) {
            read_end = fds[0];
            write_end = fds[1];
        }
    }
    ~Pipe() {
        for (int fd : {read_end, write_end}) {
            if (fd >= 0) {
                close(fd);
            }
        }
    }
};

TEST(platform_event_loop, TimersFireInDeadlineOrderThenInsertionOrder) {
    auto loop = make_loop();
    ASSERT_NE(loop, nullptr);
    const std::uint64_t start_ms = monotonic_now_ms();
    std::vector<std::string> order;
    loop->add_timer(start_ms + 30, [&] { order.push_back("30"); });
    loop->add_timer(start_ms + 10, [&] { order.push_back("10a"); });
    loop->add_timer(start_ms + 20, [&] { order.push_back("20"); });
    loop->add_timer(start_ms + 10, [&] { order.push_back("10b"); });
    loop->add_timer(start_ms + 40, [&] { loop->stop(); });
    bool watchdog = false;
    add_watchdog(*loop, watchdog);

    loop->run();

    EXPECT_FALSE(watchdog);
    EXPECT_EQ(order, (std::vector<std::string>{"10a", "10b", "20", "30"}));
    EXPECT_GE(monotonic_now_ms(), start_ms + 40);
    EXPECT_EQ(loop->stats().timers_fired, 5u);
}

TEST(platform_event_loop, PastDeadlineFiresAtOnceAndCancelledTimersDoNot) {
    auto loop = make_loop();
    ASSERT_NE(loop, nullptr);
    const std::uint64_t start_ms = monotonic_now_ms();
    bool cancelled_fired = false;
    bool past_fired = false;
    const EventLoop::TimerId cancelled = loop->add_timer(start_ms + 10, [&] { cancelled_fired = true; });
    EventLoop::TimerId cancelled_by_callback = EventLoop::kNoTimer;
    loop->add_timer(0, [&] {
        past_fired = true;
        EXPECT_TRUE(loop->cancel_timer(cancelled_by_callback));
    });
    cancelled_by_callback = loop->add_timer(start_ms + 5, [&] { ADD_FAILURE() << "cancelled by a callback"; });
    const EventLoop::TimerId stopper = loop->add_timer(start_ms + 30, [&] { loop->stop(); });
    EXPECT_NE(cancelled, EventLoop::kNoTimer);
    EXPECT_TRUE(loop->cancel_timer(cancelled));
    EXPECT_FALSE(loop->cancel_timer(cancelled));
    bool watchdog = false;
    add_watchdog(*loop, watchdog);

    loop->run();

    EXPECT_FALSE(watchdog);
    EXPECT_TRUE(past_fired);
    EXPECT_FALSE(cancelled_fired);
    EXPECT_FALSE(loop->cancel_timer(stopper));  // already fired
    EXPECT_EQ(loop->stats().errors, 0u) << loop->stats().last_error;
}

TEST(platform_event_loop, TimerThatReaddsItselfWithAPastDeadlineDoesNotStarveOthers) {
    auto loop = make_loop();
    ASSERT_NE(loop, nullptr);
    int spins = 0;
    std::function<void()> spin = [&] {
        ++spins;
        loop->add_timer(0, spin);
    };
    loop->add_timer(0, spin);
    bool stopped = false;
    loop->add_timer(monotonic_now_ms() + 20, [&] {
        stopped = true;
        loop->stop();
    });

    loop->run();

    EXPECT_TRUE(stopped);
    EXPECT_GT(spins, 1);
}

// 20 ticks of 50 ms, each re-armed with deadline += 50 while its callback works for 5 ms: lateness stays that of
// one wake-up and does not accumulate (a `now + period` re-arm would end ≥ 100 ms late).
TEST(platform_event_loop, PeriodicTicksAtAbsoluteDeadlinesDoNotDrift) {
    auto loop = make_loop();
    ASSERT_NE(loop, nullptr);
    constexpr std::uint64_t kPeriodMs = 50;
    constexpr int kTicks = 20;
    const std::uint64_t start_ms = monotonic_now_ms() + 10;
    std::uint64_t deadline_ms = start_ms + kPeriodMs;
    std::vector<std::int64_t> lateness_us;
    std::function<void()> tick = [&] {
        lateness_us.push_back(monotonic_now_us() - static_cast<std::int64_t>(deadline_ms) * 1000);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the tick's own work
        if (static_cast<int>(lateness_us.size()) == kTicks) {
            loop->stop();
            return;
        }
        deadline_ms += kPeriodMs;
        loop->add_timer(deadline_ms, tick);
    };
    loop->add_timer(deadline_ms, tick);
    bool watchdog = false;
    add_watchdog(*loop, watchdog);

    loop->run();

    ASSERT_FALSE(watchdog);
    ASSERT_EQ(lateness_us.size(), static_cast<std::size_t>(kTicks));
    const std::int64_t max_us = *std::max_element(lateness_us.begin(), lateness_us.end());
    const std::int64_t min_us = *std::min_element(lateness_us.begin(), lateness_us.end());
    std::int64_t sum_us = 0;
    for (const std::int64_t value : lateness_us) {
        sum_us += value;
    }
    RecordProperty("tick_lateness_max_us", std::to_string(max_us));
    RecordProperty("tick_lateness_min_us", std::to_string(min_us));
    RecordProperty("tick_lateness_mean_us", std::to_string(sum_us / kTicks));
    RecordProperty("last_tick_lateness_us", std::to_string(lateness_us.back()));
    std::printf("tick lateness over %d ticks of %d ms: min %lld us, mean %lld us, max %lld us, last %lld us\n", kTicks,
                static_cast<int>(kPeriodMs), static_cast<long long>(min_us), static_cast<long long>(sum_us / kTicks),
                static_cast<long long>(max_us), static_cast<long long>(lateness_us.back()));
    EXPECT_GE(min_us, 0);                   // a timerfd never fires early
    EXPECT_LT(max_us, 40'000);              // generous: shared CI machines
    EXPECT_LT(lateness_us.back(), 40'000);  // the 20th tick is at start + 1000 ms, not start + 1100 ms
    EXPECT_LT(loop->stats().max_timer_lateness_ms, 40u);
}

TEST(platform_event_loop, ReaderRunsWhileReadableAndMayRemoveItself) {
    auto loop = make_loop();
    ASSERT_NE(loop, nullptr);
    Pipe pipe;
    ASSERT_GE(pipe.read_end, 0);
    int calls = 0;
    ASSERT_TRUE(loop->add_reader(pipe.read_end, [&] {
        ++calls;
        EXPECT_TRUE(loop->remove(pipe.read_end));  // the byte stays unread: level-triggered would call again
    }));
    EXPECT_FALSE(loop->add_reader(pipe.read_end, [] {}));  // already registered
    ASSERT_EQ(write(pipe.write_end, "x", 1), 1);
    loop->add_timer(monotonic_now_ms() + 30, [&] { loop->stop(); });

    loop->run();

    EXPECT_EQ(calls, 1);
    EXPECT_FALSE(loop->remove(pipe.read_end));
    EXPECT_EQ(loop->stats().errors, 1u);  // the duplicate add_reader
}

TEST(platform_event_loop, ReaderSeesDataAndHangUp) {
    auto loop = make_loop();
    ASSERT_NE(loop, nullptr);
    Pipe pipe;
    ASSERT_GE(pipe.read_end, 0);
    std::string received;
    bool hung_up = false;
    ASSERT_TRUE(loop->add_reader(pipe.read_end, [&] {
        char buffer[16];
        const ssize_t count = read(pipe.read_end, buffer, sizeof buffer);
        if (count > 0) {
            received.append(buffer, static_cast<std::size_t>(count));
        } else if (count == 0) {
            hung_up = true;
            loop->remove(pipe.read_end);
            loop->stop();
        }
    }));
    ASSERT_EQ(write(pipe.write_end, "abc", 3), 3);
    close(pipe.write_end);
    pipe.write_end = -1;
    bool watchdog = false;
    add_watchdog(*loop, watchdog);

    loop->run();

    EXPECT_FALSE(watchdog);
    EXPECT_EQ(received, "abc");
    EXPECT_TRUE(hung_up);
}

TEST(platform_event_loop, RejectsBadFdsAndRemovesClosedOnes) {
    auto loop = make_loop();
    ASSERT_NE(loop, nullptr);
    EXPECT_FALSE(loop->add_reader(-1, [] {}));
    const int regular = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);  // epoll refuses regular files (EPERM)
    ASSERT_GE(regular, 0);
    EXPECT_FALSE(loop->add_reader(regular, [] {}));
    close(regular);
    EXPECT_EQ(loop->stats().errors, 2u);
    EXPECT_FALSE(loop->stats().last_error.empty());

    Pipe pipe;
    ASSERT_TRUE(loop->add_reader(pipe.read_end, [] {}));
    close(pipe.read_end);  // closed before remove(): epoll dropped it already
    EXPECT_TRUE(loop->remove(pipe.read_end));
    pipe.read_end = -1;
    EXPECT_EQ(loop->stats().errors, 2u) << loop->stats().last_error;
}

TEST(platform_event_loop, SigtermStopsTheLoop) {
    auto loop = make_loop();
    ASSERT_NE(loop, nullptr);
    bool watchdog = false;
    add_watchdog(*loop, watchdog);
    ASSERT_EQ(raise(SIGTERM), 0);  // blocked by the loop: pending until its signalfd is read

    loop->run();

    EXPECT_FALSE(watchdog);
}

TEST(platform_event_loop, SignalHandlerSeesSigintAndSigterm) {
    auto loop = make_loop();
    ASSERT_NE(loop, nullptr);
    std::vector<int> seen;
    loop->set_signal_handler([&](int signal_number) {
        seen.push_back(signal_number);
        if (signal_number == SIGTERM) {
            loop->stop();
        }
    });
    bool watchdog = false;
    add_watchdog(*loop, watchdog);
    ASSERT_EQ(raise(SIGINT), 0);
    loop->add_timer(monotonic_now_ms() + 10, [] { raise(SIGTERM); });

    loop->run();

    EXPECT_FALSE(watchdog);
    EXPECT_EQ(seen, (std::vector<int>{SIGINT, SIGTERM}));
}

TEST(platform_event_loop, DestructorRestoresTheSignalMask) {
    sigset_t before;
    ASSERT_EQ(pthread_sigmask(SIG_SETMASK, nullptr, &before), 0);
    ASSERT_EQ(sigismember(&before, SIGTERM), 0);
    {
        auto loop = make_loop();
        ASSERT_NE(loop, nullptr);
        sigset_t during;
        ASSERT_EQ(pthread_sigmask(SIG_SETMASK, nullptr, &during), 0);
        EXPECT_EQ(sigismember(&during, SIGTERM), 1);
        EXPECT_EQ(sigismember(&during, SIGINT), 1);
    }
    sigset_t after;
    ASSERT_EQ(pthread_sigmask(SIG_SETMASK, nullptr, &after), 0);
    EXPECT_EQ(sigismember(&after, SIGTERM), 0);
    EXPECT_EQ(sigismember(&after, SIGINT), 0);
}

TEST(platform_monotonic_clock, AdvancesAndWallClockIsRecent) {
    const std::uint64_t first_ms = monotonic_now_ms();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const std::uint64_t second_ms = monotonic_now_ms();
    EXPECT_GE(second_ms - first_ms, 20u);
    EXPECT_LT(second_ms - first_ms, 2000u);
    EXPECT_GT(wall_clock_ms(), std::int64_t{1'600'000'000'000});  // after September 2020
}

}  // namespace
}  // namespace tbg::platform
