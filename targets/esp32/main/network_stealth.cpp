// The stealth edition has no network side: this is its whole network code.
#include "targets/esp32/main/edition.h"
#include "targets/esp32/main/network_side.h"

#if TBG_EDITION_STEALTH
namespace tbg::esp32 {

std::unique_ptr<NetworkSide> make_network_side(FirmwareControl& /*firmware*/, const config::GatewayConfig& /*config*/) {
    return nullptr;
}

}  // namespace tbg::esp32
#endif
