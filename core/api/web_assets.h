// The embedded dashboard: gzip-compressed files with their content type and a strong ETag, served by every target.
//
// The table is generated at build time from the web bundle (tools/embed_web.cmake → web_bundle.cpp, a separate
// library) and lives in read-only memory for the whole program. serve_static() is pure: it answers GET/HEAD for any
// path outside /api/ and /metrics (the SPA falls back to index.html for paths it does not know).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/api/http_types.h"

namespace tbg::api {

struct WebAsset {
    std::string_view path;          // "/index.html", "/assets/app.js"
    std::string_view content_type;  // "text/html; charset=utf-8"
    std::span<const std::uint8_t> gzip;
    std::string_view etag;  // quoted, e.g. "\"3f2a…\""
};

struct WebBundle {
    std::span<const WebAsset> assets;
    std::uint64_t gzip_total_bytes = 0;
};

// The generated table of this build (defined by the target's web bundle library).
WebBundle embedded_web_bundle();

// 200 with the gzip bytes (Content-Encoding: gzip, ETag, Cache-Control: no-cache), 304 when If-None-Match names
// the ETag, 405 for other methods. An unknown path without a file extension gets /index.html; one with an
// extension (a missing asset) gets 404.
HttpResponse serve_static(std::span<const WebAsset> assets, const HttpRequest& request);

}  // namespace tbg::api
