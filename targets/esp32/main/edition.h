// The firmware's edition, fixed at build time: full (WiFi, web, MQTT, OTA) or stealth (no network stack at all).
// main/CMakeLists.txt (ESP-IDF) and the host check define TBG_EDITION_STEALTH to 0 or 1.
#pragma once

#ifndef TBG_EDITION_STEALTH
#error "TBG_EDITION_STEALTH must be defined to 0 or 1 by the build"
#endif

namespace tbg::esp32 {

inline constexpr bool kStealth = TBG_EDITION_STEALTH != 0;
inline constexpr const char* kEditionName = kStealth ? "stealth" : "full";

}  // namespace tbg::esp32
