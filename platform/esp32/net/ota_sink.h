// Where HttpServer streams a firmware upload (POST /api/ota): the body in chunks, in order, on the HTTP server's
// task. OtaUpdater (platform/esp32/ota_updater.h) has these operations; the firmware adapts it.
//
// Sequence: begin(size) → write(chunk)… → finish() → on_answered(). An upload that began and does not end with a
// successful finish() (write or finish refused, the client went away) gets abort(), which must also be harmless
// after the sink already aborted itself. on_answered() runs after the 200 answer was sent: save what must be saved
// and restart there (or hand the restart to another task).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace tbg::esp32 {

class OtaSink {
public:
    virtual ~OtaSink() = default;
    // A new upload of `image_bytes` (Content-Length, > 0). false with `error`: refused (no slot, too large, busy).
    virtual bool begin(std::size_t image_bytes, std::string& error) = 0;
    // The next chunk. false with `error`: the upload is dead (not an image for this device, flash error).
    virtual bool write(std::span<const std::uint8_t> chunk, std::string& error) = 0;
    // Every byte arrived: verify and activate. false with `error` when the image is not acceptable.
    virtual bool finish(std::string& error) = 0;
    // The upload will not be finished: discard it.
    virtual void abort() = 0;
    // The client has been told that the upload succeeded.
    virtual void on_answered() = 0;
};

}  // namespace tbg::esp32
