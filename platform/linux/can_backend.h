// The CAN bus as the Linux gateway sees it: send a frame now or drop it, read what arrived when the fd is readable.
//
// Contracts, for every backend:
// - Nothing blocks. send() either hands the frame to the kernel/adapter at once or drops it and counts the drop;
//   the CAN tick never waits for the bus.
// - Single-threaded: all calls come from the event-loop thread. Not copyable.
// - fd() is the descriptor to watch for readability (-1 when there is none: closed, or the `none` backend). It
//   changes on every open(). When a call finds the device gone, the backend closes itself: is_open() turns false
//   and the fd it had is closed. The owner then remove()s that fd from its loop and calls open() again later, paced
//   by a ReopenPolicy; every successful open() after the first counts in CanStats::reopens.
// - Failures are values: open() returns false with a text; everything else is counted in stats().
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/can/can_frame.h"

namespace tbg::platform {

struct CanStats {
    std::uint64_t frames_sent = 0;      // accepted by the kernel or written to the adapter
    std::uint64_t send_drops = 0;       // send() returned false: closed, buffer full, invalid frame, I/O error
    std::uint64_t frames_received = 0;  // 11-bit data frames handed out by on_readable()
    std::uint64_t frames_ignored = 0;   // well-formed frames this protocol never uses: 29-bit ids, remote frames
    std::uint64_t errors = 0;           // bus error frames, adapter refusals, unparseable input, I/O errors
    std::uint64_t bus_off = 0;          // times the controller reported bus-off (SocketCAN only)
    std::uint64_t reopens = 0;          // successful opens after the first
    std::string last_error;
};

class CanBackend {
public:
    CanBackend() = default;
    virtual ~CanBackend() = default;
    CanBackend(const CanBackend&) = delete;
    CanBackend& operator=(const CanBackend&) = delete;

    // Opens (or reopens) the device and configures the bus. False with `error` set on failure (also counted).
    virtual bool open(std::string& error) = 0;
    virtual void close() = 0;
    virtual int fd() const = 0;
    // Non-blocking. False = the frame was dropped (counted in send_drops).
    virtual bool send(const can::CanFrame& frame) = 0;
    // Call when fd() is readable (or hung up). Reads what is available without blocking and appends the 11-bit data
    // frames received to `received` (which it does not clear).
    virtual void on_readable(std::vector<can::CanFrame>& received) = 0;
    virtual CanStats stats() const = 0;
    virtual bool is_open() const = 0;
    // The spec it was made from, e.g. "slcan:/dev/ttyACM0", "socketcan:can0", "none".
    virtual std::string_view name() const = 0;
};

// Makes an unopened backend from a spec:
//   "slcan:PATH"         Lawicel ASCII adapter on a tty or pty (SlcanBackend)
//   "socketcan:IFNAME"   Linux SocketCAN interface, IFNAME 1 to 15 characters (SocketcanBackend)
//   "none"               monitoring mode: accepts and counts every frame, sends nothing (NullCanBackend)
// Returns nullptr and sets `error` for anything else.
std::unique_ptr<CanBackend> make_can_backend(std::string_view spec, std::string& error);

}  // namespace tbg::platform
