#include "platform/linux/socketcan_backend.h"

#include <cerrno>
#include <utility>

#include <linux/can/raw.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include "platform/linux/socketcan_frames.h"
#include "platform/linux/sys_error.h"

namespace tbg::platform {

namespace {

// Frames per on_readable() call; the rest waits for the next wake-up so a flood of error frames cannot hold the
// loop (and the CAN tick) up.
constexpr int kMaxFramesPerWakeup = 64;

// The interface was unregistered (adapter unplugged, driver unloaded): reopen later. ENETDOWN is not a loss: the
// socket works again once the interface is up.
bool is_interface_loss(int error_number) {
    return error_number == ENODEV || error_number == ENXIO || error_number == EBADF;
}

}  // namespace

SocketcanBackend::SocketcanBackend(std::string interface_name)
    : interface_name_(std::move(interface_name)), name_("socketcan:" + interface_name_) {}

bool SocketcanBackend::open(std::string& error) {
    close();
    fd_ = ::socket(PF_CAN, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, CAN_RAW);
    if (fd_ < 0) {
        return fail_open("socket(PF_CAN, SOCK_RAW, CAN_RAW)", errno, error);
    }
    const unsigned int index = if_nametoindex(interface_name_.c_str());
    if (index == 0) {
        return fail_open("CAN interface " + interface_name_, errno, error);
    }
    const can_err_mask_t error_mask = CAN_ERR_MASK;
    if (setsockopt(fd_, SOL_CAN_RAW, CAN_RAW_ERR_FILTER, &error_mask, sizeof error_mask) != 0) {
        return fail_open("setsockopt CAN_RAW_ERR_FILTER", errno, error);
    }
    sockaddr_can address{};
    address.can_family = AF_CAN;
    address.can_ifindex = static_cast<int>(index);
    if (bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        return fail_open("bind to " + interface_name_, errno, error);
    }
    if (opened_before_) {
        ++stats_.reopens;
    }
    opened_before_ = true;
    return true;
}

void SocketcanBackend::close() {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

bool SocketcanBackend::send(const can::CanFrame& frame) {
    const std::optional<::can_frame> raw = encode_raw_frame(frame);
    if (!raw) {
        ++stats_.send_drops;
        note_error("frame not sendable: id above 0x7FF or DLC above 8");
        return false;
    }
    if (fd_ < 0) {
        ++stats_.send_drops;
        return false;
    }
    for (;;) {
        const ssize_t written = ::send(fd_, &*raw, sizeof *raw, MSG_DONTWAIT);
        if (written == static_cast<ssize_t>(sizeof *raw)) {
            ++stats_.frames_sent;
            return true;
        }
        if (written < 0 && errno == EINTR) {
            continue;
        }
        ++stats_.send_drops;
        if (written < 0 && errno != EAGAIN && errno != ENOBUFS) {  // a full queue is a drop, not an error
            note_io_failure("send", errno);
        }
        return false;
    }
}

void SocketcanBackend::on_readable(std::vector<can::CanFrame>& received) {
    for (int frames = 0; frames < kMaxFramesPerWakeup && fd_ >= 0; ++frames) {
        ::can_frame raw{};
        const ssize_t count = ::recv(fd_, &raw, sizeof raw, MSG_DONTWAIT);
        if (count < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno != EAGAIN) {
                note_io_failure("recv", errno);
            }
            return;
        }
        if (count != static_cast<ssize_t>(sizeof raw)) {
            note_error(name_ + ": short CAN_RAW read");
            continue;
        }
        const DecodedRawFrame decoded = decode_raw_frame(raw);
        switch (decoded.kind) {
            case RawFrameKind::kData:
                ++stats_.frames_received;
                received.push_back(decoded.frame);
                break;
            case RawFrameKind::kIgnored:
                ++stats_.frames_ignored;
                break;
            case RawFrameKind::kError:
                if (decoded.bus_off) {
                    ++stats_.bus_off;
                }
                note_error(name_ + ": " + describe_can_error(decoded.error_classes));
                break;
        }
    }
}

bool SocketcanBackend::fail_open(const std::string& what, int error_number, std::string& error) {
    error = sys_error_text(name_ + ": " + what, error_number);
    note_error(error);
    close();
    return false;
}

void SocketcanBackend::note_error(std::string text) {
    ++stats_.errors;
    stats_.last_error = std::move(text);
}

void SocketcanBackend::note_io_failure(const char* what, int error_number) {
    note_error(sys_error_text(name_ + ": " + what, error_number));
    if (is_interface_loss(error_number)) {
        close();
    }
}

}  // namespace tbg::platform
