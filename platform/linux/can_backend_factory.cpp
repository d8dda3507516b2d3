// make_can_backend(): the one place that knows every backend.
#include <net/if.h>

#include "platform/linux/can_backend.h"
#include "platform/linux/null_can_backend.h"
#include "platform/linux/slcan_backend.h"
#include "platform/linux/socketcan_backend.h"

namespace tbg::platform {

namespace {

constexpr std::string_view kSlcanPrefix = "slcan:";
constexpr std::string_view kSocketcanPrefix = "socketcan:";
constexpr std::string_view kExpected = " (expected slcan:PATH, socketcan:IFNAME or none)";

// Linux interface names: 1 to IFNAMSIZ-1 characters, no '/', ':' or whitespace, not "." or "..".
bool is_valid_interface_name(std::string_view name) {
    if (name.empty() || name.size() >= IF_NAMESIZE || name == "." || name == "..") {
        return false;
    }
    for (const char c : name) {
        if (c == '/' || c == ':' || c == ' ' || c == '\t' || c == '\n') {
            return false;
        }
    }
    return true;
}

}  // namespace

std::unique_ptr<CanBackend> make_can_backend(std::string_view spec, std::string& error) {
    if (spec == "none") {
        return std::make_unique<NullCanBackend>();
    }
    if (spec.starts_with(kSlcanPrefix)) {
        const std::string_view path = spec.substr(kSlcanPrefix.size());
        if (path.empty()) {
            error = "CAN backend 'slcan:' needs a device path, e.g. slcan:/dev/ttyACM0";
            return nullptr;
        }
        return std::make_unique<SlcanBackend>(std::string(path));
    }
    if (spec.starts_with(kSocketcanPrefix)) {
        const std::string_view interface_name = spec.substr(kSocketcanPrefix.size());
        if (!is_valid_interface_name(interface_name)) {
            error = "CAN backend '" + std::string(spec) +
                    "': the interface name must be 1 to 15 characters without '/', ':' or spaces, e.g. socketcan:can0";
            return nullptr;
        }
        return std::make_unique<SocketcanBackend>(std::string(interface_name));
    }
    error = spec.empty() ? "empty CAN backend" + std::string(kExpected)
                         : "unknown CAN backend '" + std::string(spec) + "'" + std::string(kExpected);
    return nullptr;
}

}  // namespace tbg::platform
