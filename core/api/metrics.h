// GET /metrics: the gateway's values and counters in the Prometheus text exposition format 0.0.4.
//
// Names start with topband_ and follow Prometheus conventions (base units: _volts, _amperes, _watts, _celsius,
// _seconds, _ratio for 0…1; counters end in _total). A value that is not known (no pack online, no sensor) is left
// out rather than sent as 0. Pure function of its arguments.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "core/api/gateway_view.h"

namespace tbg::api {

struct HttpCounters {
    std::array<std::uint64_t, 6> responses_by_class{};  // index = status / 100 (1…5), 0 unused
    std::uint64_t login_failures = 0;
    std::uint64_t websocket_clients = 0;  // connected now (filled by the platform)
};

std::string metrics_text(const GatewayView& view, const HttpCounters& http);

}  // namespace tbg::api
