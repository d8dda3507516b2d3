#include "core/api/api_error.h"

namespace tbg::api {

HttpResponse error_response(int status, std::string_view code, std::string message, const nlohmann::json& fields) {
    nlohmann::json error = {{"code", code}, {"message", std::move(message)}};
    if (!fields.is_null()) {
        error["fields"] = fields;
    }
    HttpResponse response;
    response.status = status;
    // The message may quote the request (a path with invalid UTF-8): replaced, never thrown on (an abort on ESP32).
    response.body =
        nlohmann::json{{"error", std::move(error)}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

HttpResponse json_response(const nlohmann::json& doc, int status) {
    HttpResponse response;
    response.status = status;
    // Invalid UTF-8 (e.g. from a BMS's 0x51 text) is replaced, never thrown on.
    response.body = doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

}  // namespace tbg::api
