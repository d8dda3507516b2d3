#include "core/api/http_types.h"

#include <array>

namespace tbg::api {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

// Calls visit(item) for each `separator`-separated item of `text`; stops when visit returns true.
template <typename Visit>
std::string_view find_item(std::string_view text, char separator, Visit visit) {
    while (!text.empty()) {
        const std::size_t end = text.find(separator);
        const std::string_view item = text.substr(0, end);
        if (const std::string_view found = visit(item); found.data() != nullptr) {
            return found;
        }
        if (end == std::string_view::npos) {
            break;
        }
        text.remove_prefix(end + 1);
    }
    return {};
}

}  // namespace

char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool ascii_iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) {
            return false;
        }
    }
    return true;
}

HttpMethod http_method_from_string(std::string_view text) {
    static constexpr std::array<std::pair<std::string_view, HttpMethod>, 6> kMethods{{
        {"GET", HttpMethod::kGet},
        {"HEAD", HttpMethod::kHead},
        {"POST", HttpMethod::kPost},
        {"PUT", HttpMethod::kPut},
        {"DELETE", HttpMethod::kDelete},
        {"OPTIONS", HttpMethod::kOptions},
    }};
    for (const auto& [name, method] : kMethods) {
        if (text == name) {
            return method;
        }
    }
    return HttpMethod::kOther;
}

std::string_view HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (ascii_iequals(key, name)) {
            return value;
        }
    }
    return {};
}

std::optional<std::string_view> query_param(std::string_view query, std::string_view name) {
    const std::string_view found = find_item(query, '&', [&](std::string_view item) -> std::string_view {
        const std::size_t eq = item.find('=');
        if (item.substr(0, eq) != name) {
            return {};
        }
        return eq == std::string_view::npos ? item.substr(item.size()) : item.substr(eq + 1);
    });
    return found.data() == nullptr ? std::nullopt : std::optional(found);
}

std::string_view cookie_value(std::string_view cookie_header, std::string_view name) {
    const std::string_view found = find_item(cookie_header, ';', [&](std::string_view item) -> std::string_view {
        item = trim(item);
        const std::size_t eq = item.find('=');
        if (eq == std::string_view::npos || item.substr(0, eq) != name) {
            return {};
        }
        return item.substr(eq + 1);
    });
    return found.data() == nullptr ? std::string_view{""} : found;
}

bool is_json_content_type(std::string_view content_type) {
    const std::string_view media = trim(content_type.substr(0, content_type.find(';')));
    return ascii_iequals(media, "application/json");
}

}  // namespace tbg::api
