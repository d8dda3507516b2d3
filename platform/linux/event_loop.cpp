#include "platform/linux/event_loop.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <span>
#include <utility>

#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "platform/linux/monotonic_clock.h"
#include "platform/linux/sys_error.h"

namespace tbg::platform {

namespace {

// epoll_event.data.u64 = generation << 32 | fd. Generation 0 marks the loop's own timerfd and signalfd.
std::uint64_t make_token(int fd, std::uint32_t generation) {
    return (std::uint64_t{generation} << 32) | static_cast<std::uint32_t>(fd);
}
int token_fd(std::uint64_t token) {
    return static_cast<int>(static_cast<std::uint32_t>(token & 0xFFFF'FFFFu));
}
std::uint32_t token_generation(std::uint64_t token) {
    return static_cast<std::uint32_t>(token >> 32);
}

bool watch(int epoll_fd, int fd, std::uint64_t token) {
    epoll_event event{};
    event.events = EPOLLIN;  // EPOLLHUP and EPOLLERR are always reported
    event.data.u64 = token;
    return epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) == 0;
}

sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}

}  // namespace

std::unique_ptr<EventLoop> EventLoop::create(std::string& error) {
    std::unique_ptr<EventLoop> loop(new EventLoop());
    loop->epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
    if (loop->epoll_fd_ < 0) {
        error = sys_error_text("epoll_create1", errno);
        return nullptr;
    }
    loop->timer_fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (loop->timer_fd_ < 0 || !watch(loop->epoll_fd_, loop->timer_fd_, make_token(loop->timer_fd_, 0))) {
        error = sys_error_text("timerfd", errno);
        return nullptr;
    }
    const sigset_t signals = stop_signals();
    const int mask_result = pthread_sigmask(SIG_BLOCK, &signals, &loop->previous_mask_);
    if (mask_result != 0) {
        error = sys_error_text("pthread_sigmask", mask_result);
        return nullptr;
    }
    loop->mask_saved_ = true;
    loop->signal_fd_ = signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC);
    if (loop->signal_fd_ < 0 || !watch(loop->epoll_fd_, loop->signal_fd_, make_token(loop->signal_fd_, 0))) {
        error = sys_error_text("signalfd", errno);
        return nullptr;
    }
    return loop;
}

EventLoop::~EventLoop() {
    for (int fd : {signal_fd_, timer_fd_, epoll_fd_}) {
        if (fd >= 0) {
            ::close(fd);
        }
    }
    if (mask_saved_) {
        pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
    }
}

bool EventLoop::add_reader(int fd, Callback on_readable) {
    if (fd < 0) {
        fail("add_reader: invalid fd", EBADF);
        return false;
    }
    if (readers_.contains(fd)) {
        fail("add_reader: fd already registered", EEXIST);
        return false;
    }
    const std::uint32_t generation = next_generation_;
    next_generation_ = next_generation_ == UINT32_MAX ? 1 : next_generation_ + 1;
    if (!watch(epoll_fd_, fd, make_token(fd, generation))) {
        fail("epoll_ctl add", errno);
        return false;
    }
    readers_.emplace(fd, Reader{generation, std::make_shared<const Callback>(std::move(on_readable))});
    return true;
}

bool EventLoop::remove(int fd) {
    if (readers_.erase(fd) == 0) {
        return false;
    }
    // EBADF/ENOENT: the fd was closed first, which already took it out of the epoll set.
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr) != 0 && errno != EBADF && errno != ENOENT) {
        fail("epoll_ctl del", errno);
    }
    return true;
}

EventLoop::TimerId EventLoop::add_timer(std::uint64_t deadline_ms, Callback callback) {
    const TimerId id = next_timer_id_++;
    timers_.emplace(TimerKey{deadline_ms, id}, std::move(callback));
    arm_timerfd();
    return id;
}

bool EventLoop::cancel_timer(TimerId id) {
    // Linear search: the gateway holds a handful of timers.
    for (auto it = timers_.begin(); it != timers_.end(); ++it) {
        if (it->first.id == id) {
            timers_.erase(it);
            arm_timerfd();
            return true;
        }
    }
    return false;
}

void EventLoop::set_signal_handler(SignalCallback handler) {
    signal_handler_ = std::move(handler);
}

void EventLoop::run() {
    stopping_ = false;
    std::array<epoll_event, 16> events{};
    while (!stopping_) {
        const int count = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), -1);
        if (count < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail("epoll_wait", errno);
            return;
        }
        const auto ready = std::span(events).first(static_cast<std::size_t>(count));
        for (const epoll_event& event : ready) {
            if (event.data.u64 == make_token(timer_fd_, 0)) {
                dispatch_timers();
            }
        }
        for (const epoll_event& event : ready) {
            if (stopping_) {
                break;
            }
            if (event.data.u64 == make_token(signal_fd_, 0)) {
                dispatch_signals();
            } else if (token_generation(event.data.u64) != 0) {
                dispatch_reader(event.data.u64);
            }
        }
    }
}

void EventLoop::dispatch_timers() {
    std::uint64_t expirations = 0;
    if (::read(timer_fd_, &expirations, sizeof expirations) < 0 && errno != EAGAIN) {
        fail("timerfd read", errno);
    }
    armed_ = false;  // one-shot: it fired, or a re-arm reset it
    const std::uint64_t now_ms = monotonic_now_ms();
    const TimerId first_new_id = next_timer_id_;
    while (!stopping_) {
        auto due = timers_.begin();
        while (due != timers_.end() && due->first.deadline_ms <= now_ms && due->first.id >= first_new_id) {
            ++due;
        }
        if (due == timers_.end() || due->first.deadline_ms > now_ms) {
            break;
        }
        const std::uint64_t lateness_ms = now_ms - due->first.deadline_ms;
        stats_.max_timer_lateness_ms = std::max(stats_.max_timer_lateness_ms, lateness_ms);
        ++stats_.timers_fired;
        Callback callback = std::move(due->second);
        timers_.erase(due);
        callback();
    }
    arm_timerfd();
}

void EventLoop::dispatch_signals() {
    signalfd_siginfo info{};
    while (::read(signal_fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        const int signal_number = static_cast<int>(info.ssi_signo);
        if (signal_handler_) {
            signal_handler_(signal_number);
        } else {
            stop();
        }
    }
}

void EventLoop::dispatch_reader(std::uint64_t token) {
    const auto it = readers_.find(token_fd(token));
    if (it == readers_.end() || it->second.generation != token_generation(token)) {
        return;  // removed (and possibly re-added) by an earlier callback of this wake-up
    }
    const std::shared_ptr<const Callback> callback = it->second.callback;  // survives remove() inside the call
    (*callback)();
}

void EventLoop::arm_timerfd() {
    if (timers_.empty()) {
        if (armed_) {
            const itimerspec disarm{};
            timerfd_settime(timer_fd_, 0, &disarm, nullptr);
            armed_ = false;
        }
        return;
    }
    const std::uint64_t deadline_ms = timers_.begin()->first.deadline_ms;
    if (armed_ && armed_deadline_ms_ == deadline_ms) {
        return;
    }
    itimerspec spec{};
    spec.it_value.tv_sec = static_cast<time_t>(deadline_ms / 1000);
    spec.it_value.tv_nsec = static_cast<long>(deadline_ms % 1000) * 1'000'000;
    if (deadline_ms == 0) {
        spec.it_value.tv_nsec = 1;  // an all-zero it_value would disarm instead of firing at once
    }
    if (timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr) != 0) {
        fail("timerfd_settime", errno);
        return;
    }
    armed_ = true;
    armed_deadline_ms_ = deadline_ms;
}

void EventLoop::fail(const char* what, int error_number) {
    ++stats_.errors;
    stats_.last_error = sys_error_text(what, error_number);
}

}  // namespace tbg::platform
