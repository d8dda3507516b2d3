// JSON documents for decoded Topband frames: the output of `topband-gateway decode` and, later, the raw-frame view
// of the API. Field names carry their unit (cells_mV, current_A, temperatures_C, …); numbers are exact decimal
// renderings of the integer wire values.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/topband/frame.h"

namespace tbg::api {

struct DecodeOptions {
    // Command a reply answers (replies do not carry it). Unset: guessed from the INFO shape, and the document says so.
    std::optional<std::uint8_t> command;
    // Address the reply must come from; unset: any.
    std::optional<std::uint8_t> expected_adr;
};

// Decodes one frame as a user pastes it: leading/trailing white space ignored, EOI optional, a literal backslash-r
// accepted as CR. Always returns an object with "ok"; when not ok, "error" holds a stable snake_case code and
// "message" a sentence.
nlohmann::json decode_frame_json(std::string_view text, const DecodeOptions& options);

// Whether a frame is a request: CID2 is a command code (0x40…0x5F or 0x92…0x96) rather than a return code.
bool looks_like_request(const topband::Frame& frame);

}  // namespace tbg::api
