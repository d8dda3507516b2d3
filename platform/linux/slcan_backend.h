// CanBackend for a Lawicel / slcan adapter on a serial device (USB CDC adapters, or a pty whose other side is
// python-can's `slcan` interface; shared/protocols/victron-can-bms.md §13).
//
// open() configures the tty raw at 115200 baud (USB adapters ignore the rate, ptys too) and writes kSlcanSetup:
// close the channel, 500 kbit/s, open. There is no wait for the replies (nothing blocks); they arrive through
// on_readable(). A refusal (BEL) of the close command is expected when the channel was already closed and is not
// counted; a refusal of the bit-rate or open command is.
//
// Each frame is one text line. A line is never dropped half-written: when the kernel takes only part of it, the
// rest is kept (at most one line) and written before anything else; while such a rest cannot be written, new frames
// are dropped and counted. Bus-off is not reported by slcan adapters, so CanStats::bus_off stays 0; a nonzero
// status reply ("Fxx") counts as an error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "platform/linux/can_backend.h"
#include "platform/linux/serial_port.h"
#include "platform/linux/slcan_codec.h"

namespace tbg::platform {

class SlcanBackend final : public CanBackend {
public:
    static constexpr std::uint32_t kBaud = 115200;

    explicit SlcanBackend(std::string path);

    bool open(std::string& error) override;
    void close() override;
    int fd() const override { return port_.fd(); }
    bool send(const can::CanFrame& frame) override;
    void on_readable(std::vector<can::CanFrame>& received) override;
    CanStats stats() const override { return stats_; }
    bool is_open() const override { return port_.is_open(); }
    std::string_view name() const override { return name_; }

private:
    bool write_line(std::string_view text);
    bool flush_pending();
    void handle(const SlcanReply& reply, std::vector<can::CanFrame>& received);
    void note_io_failure(const IoResult& result);
    void note_error(std::string text);

    std::string path_;
    std::string name_;
    SerialPort port_;
    SlcanLineParser parser_;
    std::string pending_;                // unwritten tail of the last line (partial write), at most one line
    std::size_t setup_replies_due_ = 0;  // replies to kSlcanSetup not seen yet
    bool opened_before_ = false;
    CanStats stats_;
};

}  // namespace tbg::platform
