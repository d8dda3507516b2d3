// CanBackend "none": monitoring mode without a bus. Every frame sent while open is accepted and counted in
// frames_sent, and goes nowhere; nothing is ever received; fd() is -1, so there is nothing to watch.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "platform/linux/can_backend.h"

namespace tbg::platform {

class NullCanBackend final : public CanBackend {
public:
    bool open(std::string& error) override;
    void close() override { open_ = false; }
    int fd() const override { return -1; }
    bool send(const can::CanFrame& frame) override;
    void on_readable(std::vector<can::CanFrame>& received) override;
    CanStats stats() const override { return stats_; }
    bool is_open() const override { return open_; }
    std::string_view name() const override { return "none"; }

private:
    bool open_ = false;
    bool opened_before_ = false;
    CanStats stats_;
};

}  // namespace tbg::platform
