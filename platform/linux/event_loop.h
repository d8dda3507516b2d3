// Single-threaded epoll event loop: readable file descriptors, one-shot timers at absolute monotonic deadlines, and
// SIGTERM/SIGINT delivered as ordinary events.
//
// Why this keeps the CAN cadence exact:
// - One thread runs every callback, so nothing needs a lock and no callback can be preempted by another one.
// - Every fd the gateway uses is non-blocking and every callback returns as soon as its fd would block, so the loop
//   is back in epoll_wait within the time of the slowest callback (microseconds), never a device's timeout.
// - Timers are absolute CLOCK_MONOTONIC deadlines on one timerfd armed with TFD_TIMER_ABSTIME. A periodic sender
//   re-arms with `deadline_ms += period_ms`, never `now + period`, so the time its callback takes and the loop's
//   wake-up latency do not accumulate: tick n fires at start + n * period plus the current latency only.
// - When the timerfd and other fds are ready in the same wake-up, due timers run first.
//
// Contracts:
// - Not thread-safe: every member function is called on the thread that calls run(), or before run().
// - create() blocks SIGTERM and SIGINT in the calling thread (so they are read from a signalfd instead of killing
//   the process) and the destructor restores the previous mask. Create the loop before starting any other thread,
//   so those threads inherit the mask; otherwise the kernel may deliver the signal to a thread that does not block
//   it. One loop per process.
// - Callbacks must not block. They may call any member function, including remove() of their own fd, cancel_timer()
//   of any timer and stop().
// - Readers are level-triggered: a reader's callback runs on every wake-up while its fd is readable or hung up
//   (EPOLLIN, EPOLLHUP, EPOLLERR). The callback reads until the fd would block, and removes the fd once its owner
//   has closed it (e.g. after a read reported the device lost), or the loop spins.
// - Failures are returned as values and counted in stats(); nothing throws.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include <signal.h>

namespace tbg::platform {

struct LoopStats {
    std::uint64_t timers_fired = 0;
    std::uint64_t max_timer_lateness_ms = 0;  // worst (time the callback started - deadline) over all timers
    std::uint64_t errors = 0;                 // failed system calls; the loop keeps running where it can
    std::string last_error;
};

class EventLoop {
public:
    using Callback = std::function<void()>;
    using SignalCallback = std::function<void(int signal_number)>;
    using TimerId = std::uint64_t;
    static constexpr TimerId kNoTimer = 0;  // never returned by add_timer()

    // Creates the epoll instance, the timerfd and the signalfd. On failure returns nullptr and sets `error`.
    static std::unique_ptr<EventLoop> create(std::string& error);
    ~EventLoop();

    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // Calls `on_readable` whenever `fd` is readable or hung up. The loop does not own `fd`: remove() it before (or
    // right after) closing it. Returns false when fd < 0, fd is already registered, or epoll refuses it (e.g. a
    // regular file); the reason is in stats().last_error.
    bool add_reader(int fd, Callback on_readable);

    // Forgets `fd`. Safe inside any callback, including the fd's own, and after `fd` was closed. Returns false when
    // `fd` was not registered.
    bool remove(int fd);

    // Runs `callback` once, as soon as CLOCK_MONOTONIC (monotonic_now_ms()) reaches `deadline_ms`; a deadline in the
    // past fires on the next wake-up. Timers with equal deadlines fire in the order they were added. A timer added
    // by a timer callback never fires within the same dispatch, even when already due, so a callback that re-adds
    // itself cannot starve the loop.
    TimerId add_timer(std::uint64_t deadline_ms, Callback callback);

    // Cancels a timer that has not fired yet. Returns false when it already fired, was cancelled, or never existed.
    bool cancel_timer(TimerId id);

    // Replaces the reaction to SIGTERM and SIGINT. Default (and with an empty handler): stop().
    void set_signal_handler(SignalCallback handler);

    // Dispatches events until stop(). Returns after the callback that called stop(); events left in that wake-up
    // stay pending (level-triggered) for a later run(). Also returns when epoll_wait fails for a reason other than
    // EINTR (counted; see stats()).
    void run();
    void stop() { stopping_ = true; }

    LoopStats stats() const { return stats_; }

private:
    struct TimerKey {
        std::uint64_t deadline_ms;
        TimerId id;
        // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted operator<=>
        friend auto operator<=>(const TimerKey&, const TimerKey&) = default;
    };
    struct Reader {
        std::uint32_t generation;  // distinguishes a re-added fd from a stale event of its previous registration
        std::shared_ptr<const Callback> callback;
    };

    EventLoop() = default;

    void dispatch_timers();
    void dispatch_signals();
    void dispatch_reader(std::uint64_t token);
    void arm_timerfd();
    void fail(const char* what, int error_number);

    int epoll_fd_ = -1;
    int timer_fd_ = -1;
    int signal_fd_ = -1;
    bool mask_saved_ = false;
    sigset_t previous_mask_{};
    bool stopping_ = false;

    std::unordered_map<int, Reader> readers_;
    std::uint32_t next_generation_ = 1;
    std::map<TimerKey, Callback> timers_;
    TimerId next_timer_id_ = 1;
    std::uint64_t armed_deadline_ms_ = 0;
    bool armed_ = false;
    SignalCallback signal_handler_;
    LoopStats stats_;
};

}  // namespace tbg::platform
