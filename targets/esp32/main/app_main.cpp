// ESP-IDF's entry point. The firmware object lives for the whole run (never destroyed on the device; the host check
// replaces it at each simulated power-on).
#include <memory>

#include "targets/esp32/main/firmware.h"

namespace {
std::unique_ptr<tbg::esp32::Firmware> g_firmware;
}  // namespace

extern "C" void app_main(void) {
    g_firmware.reset();  // only ever set here when the host check power-cycles: the previous run's object goes first
    g_firmware = std::make_unique<tbg::esp32::Firmware>();
    g_firmware->boot();
}

namespace tbg::esp32 {
// Ends the object of the last app_main() after a simulated power-off (the host check; never called on the device,
// where the object lives until the reset).
void discard_firmware() {
    g_firmware.reset();
}
}  // namespace tbg::esp32
