// The one error envelope of the API (docs/api.md, "Errors"):
// {"error": {"code": "invalid_config", "message": "…", "fields": {"control.bulk_cell_mV": "…"}}}.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/api/http_types.h"

namespace tbg::api {

// `code` is a stable snake_case id; `fields` (an object of key → message) is added when not null.
HttpResponse error_response(int status, std::string_view code, std::string message,
                            const nlohmann::json& fields = nullptr);

// A JSON document with status 200 (or `status`).
HttpResponse json_response(const nlohmann::json& doc, int status = 200);

}  // namespace tbg::api
