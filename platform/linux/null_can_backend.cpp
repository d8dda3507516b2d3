#include "platform/linux/null_can_backend.h"

namespace tbg::platform {

bool NullCanBackend::open(std::string& /*error*/) {
    if (opened_before_) {
        ++stats_.reopens;
    }
    opened_before_ = true;
    open_ = true;
    return true;
}

bool NullCanBackend::send(const can::CanFrame& /*frame*/) {
    if (!open_) {
        ++stats_.send_drops;
        return false;
    }
    ++stats_.frames_sent;
    return true;
}

void NullCanBackend::on_readable(std::vector<can::CanFrame>& /*received*/) {}

}  // namespace tbg::platform
