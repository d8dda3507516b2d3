#include "core/api/web_assets.h"

#include <string>

#include "core/api/api_error.h"

namespace tbg::api {

namespace {

const WebAsset* find(std::span<const WebAsset> assets, std::string_view path) {
    for (const WebAsset& asset : assets) {
        if (asset.path == path) {
            return &asset;
        }
    }
    return nullptr;
}

// If-None-Match may list several tags ("a", "b") or be "*".
bool matches(std::string_view if_none_match, std::string_view etag) {
    if (if_none_match == "*") {
        return true;
    }
    std::size_t start = 0;
    while (start < if_none_match.size()) {
        std::size_t end = if_none_match.find(',', start);
        if (end == std::string_view::npos) {
            end = if_none_match.size();
        }
        std::string_view tag = if_none_match.substr(start, end - start);
        while (!tag.empty() && tag.front() == ' ') {
            tag.remove_prefix(1);
        }
        while (!tag.empty() && tag.back() == ' ') {
            tag.remove_suffix(1);
        }
        if (tag.starts_with("W/")) {
            tag.remove_prefix(2);  // weak comparison is allowed for If-None-Match
        }
        if (tag == etag) {
            return true;
        }
        start = end + 1;
    }
    return false;
}

bool has_extension(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    const std::string_view last = slash == std::string_view::npos ? path : path.substr(slash + 1);
    return last.find('.') != std::string_view::npos;
}

}  // namespace

HttpResponse serve_static(std::span<const WebAsset> assets, const HttpRequest& request) {
    if (request.method != HttpMethod::kGet && request.method != HttpMethod::kHead) {
        HttpResponse response = error_response(405, "method_not_allowed", "only GET and HEAD are served here");
        response.add_header("Allow", "GET, HEAD");
        return response;
    }
    std::string_view path = request.path;
    if (path.empty() || path == "/") {
        path = "/index.html";
    }
    const WebAsset* asset = find(assets, path);
    if (asset == nullptr && !has_extension(path)) {
        asset = find(assets, "/index.html");
    }
    if (asset == nullptr) {
        return error_response(404, "not_found", "no such file: " + std::string(path));
    }
    HttpResponse response;
    response.add_header("ETag", std::string(asset->etag));
    response.add_header("Cache-Control", "no-cache");
    response.add_header("Vary", "Accept-Encoding");
    response.add_header("X-Content-Type-Options", "nosniff");
    response.add_header("X-Frame-Options", "DENY");
    response.add_header("Referrer-Policy", "no-referrer");
    response.add_header("Content-Security-Policy",
                        "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' "
                        "'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    response.content_type = std::string(asset->content_type);
    if (!request.if_none_match.empty() && matches(request.if_none_match, asset->etag)) {
        response.status = 304;
        return response;
    }
    response.add_header("Content-Encoding", "gzip");
    response.static_body = asset->gzip;  // the server sends only the headers for HEAD
    return response;
}

}  // namespace tbg::api
