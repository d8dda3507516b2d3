#include "platform/linux/loop_inbox.h"

#include <sys/eventfd.h>
#include <unistd.h>
#include <cerrno>

#include <cstdint>

#include "platform/linux/sys_error.h"

namespace tbg::platform {

LoopInbox::~LoopInbox() {
    close();
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

bool LoopInbox::open(std::string& error) {
    fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd_ < 0) {
        error = sys_error_text("eventfd", errno);
        return false;
    }
    return true;
}

bool LoopInbox::post(std::function<void()> task) {
    {
        const std::lock_guard lock(mutex_);
        if (closed_ || fd_ < 0) {
            return false;
        }
        tasks_.push_back(std::move(task));
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = ::write(fd_, &one, sizeof one);  // EAGAIN: the counter is set anyway
    return true;
}

void LoopInbox::run_pending() {
    std::uint64_t count = 0;
    [[maybe_unused]] const ssize_t got = ::read(fd_, &count, sizeof count);
    std::deque<std::function<void()>> tasks;
    {
        const std::lock_guard lock(mutex_);
        tasks.swap(tasks_);
    }
    for (auto& task : tasks) {
        task();
    }
}

void LoopInbox::close() {
    const std::lock_guard lock(mutex_);
    closed_ = true;
    tasks_.clear();
}

}  // namespace tbg::platform
