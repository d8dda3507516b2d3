// The documents of the HTTP API and the WebSocket (docs/api.md), built from a published GatewayView.
//
// Pure functions of their arguments: no clock (ages are relative to view.now_ms), no I/O; safe on any thread since
// the view is immutable. Values that are not known are null, never 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <nlohmann/json.hpp>

#include "core/api/api_backend.h"
#include "core/api/gateway_view.h"

namespace tbg::api {

nlohmann::json status_document(const GatewayView& view);                      // GET /api/status
nlohmann::json packs_document(const GatewayView& view);                       // GET /api/packs
nlohmann::json pack_document(const GatewayView& view, std::uint8_t address);  // one entry of it
bool pack_known(const GatewayView& view, std::uint8_t address);
nlohmann::json frames_document(const GatewayView& view, std::size_t limit);  // GET /api/frames
nlohmann::json log_document(std::span<const LogLine> lines, std::uint64_t now_ms, std::size_t limit);  // GET /api/log
nlohmann::json history_document(const GatewayView& view, int hours);            // GET /api/history
nlohmann::json energy_document(const GatewayView& view, int days, int months);  // GET /api/energy

// "YYYY-MM-DD".
std::string date_text(const history::CivilDate& date);

}  // namespace tbg::api
