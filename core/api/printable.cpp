#include "core/api/printable.h"

namespace tbg::api {

std::string printable(std::string_view text) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte <= 0x7E && c != '\\') {
            out.push_back(c);
        } else {
            out += "\\x";
            out.push_back(kDigits[byte >> 4U]);
            out.push_back(kDigits[byte & 0x0FU]);
        }
    }
    return out;
}

}  // namespace tbg::api
