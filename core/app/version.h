// The gateway's version, shown by the API, MQTT (Home Assistant's sw_version) and the log.
#pragma once

#include <string_view>

namespace tbg::app {

inline constexpr std::string_view kVersion = "0.2.0";

}  // namespace tbg::app
