// CanBackend for a Linux SocketCAN interface (can0, a USB adapter with a kernel driver, an MCP2515 HAT ...).
//
// A non-blocking CAN_RAW socket bound to one interface, receiving every error class (CAN_RAW_ERR_FILTER =
// CAN_ERR_MASK): error frames count as errors, CAN_ERR_BUSOFF also as bus-off. The bit rate is the interface's
// (`ip link set can0 type can bitrate 500000`); this backend does not configure it.
//
// send() never waits: when the interface queue is full (EAGAIN/ENOBUFS) the frame is dropped and counted. CAN
// interfaces default to txqueuelen 10, fewer than the ~20 frames of one tick sent back to back, so the deployment
// should raise it (`ip link set can0 txqueuelen 64`) or drops will show in CanStats::send_drops. An interface that
// disappears (ENODEV) closes the backend.
//
// This build machine's kernel has no AF_CAN: open() fails here with "Address family not supported by protocol".
// Only the frame conversion (socketcan_frames.h) is tested on it; the socket path needs a kernel with SocketCAN.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "platform/linux/can_backend.h"

namespace tbg::platform {

class SocketcanBackend final : public CanBackend {
public:
    explicit SocketcanBackend(std::string interface_name);
    ~SocketcanBackend() override { close(); }

    bool open(std::string& error) override;
    void close() override;
    int fd() const override { return fd_; }
    bool send(const can::CanFrame& frame) override;
    void on_readable(std::vector<can::CanFrame>& received) override;
    CanStats stats() const override { return stats_; }
    bool is_open() const override { return fd_ >= 0; }
    std::string_view name() const override { return name_; }

private:
    bool fail_open(const std::string& what, int error_number, std::string& error);
    void note_error(std::string text);
    void note_io_failure(const char* what, int error_number);

    std::string interface_name_;
    std::string name_;
    int fd_ = -1;
    bool opened_before_ = false;
    CanStats stats_;
};

}  // namespace tbg::platform
