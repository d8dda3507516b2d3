// Work handed to the event loop's thread by other threads (the HTTP server's): a queue of tasks plus an eventfd
// the loop watches. post() never blocks beyond a mutex held for a push; the loop runs the tasks in order.
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <string>

namespace tbg::platform {

class LoopInbox {
public:
    LoopInbox() = default;
    ~LoopInbox();
    LoopInbox(const LoopInbox&) = delete;
    LoopInbox& operator=(const LoopInbox&) = delete;

    // Creates the eventfd; false with `error` when the system refuses.
    bool open(std::string& error);
    int fd() const { return fd_; }

    // Any thread. false when closed (the task is dropped).
    bool post(std::function<void()> task);

    // Loop thread, when fd() is readable: runs every task posted so far.
    void run_pending();

    // Drops the tasks not run yet and refuses new ones.
    void close();

private:
    std::mutex mutex_;
    std::deque<std::function<void()>> tasks_;
    int fd_ = -1;
    bool closed_ = false;
};

}  // namespace tbg::platform
