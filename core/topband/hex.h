// Hex digit helpers shared by the Topband codec. Internal to core/topband.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tbg::topband::hex {

// Value of one hex digit (either case), or -1.
constexpr int digit_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

inline constexpr char kUpperDigits[] = "0123456789ABCDEF";

// Parses exactly text.size() (1…4) hex digits as an unsigned value; nullopt on a non-hex character.
constexpr std::optional<std::uint16_t> parse(std::string_view text) {
    unsigned value = 0;
    for (const char c : text) {
        const int d = digit_value(c);
        if (d < 0) {
            return std::nullopt;
        }
        value = (value << 4U) | static_cast<unsigned>(d);
    }
    return static_cast<std::uint16_t>(value);
}

// Writes `value` as `digits` upper-case hex digits to out[0…digits-1].
constexpr void write(char* out, unsigned value, unsigned digits) {
    for (unsigned i = 0; i < digits; ++i) {
        out[digits - 1 - i] = kUpperDigits[(value >> (4U * i)) & 0xFU];
    }
}

}  // namespace tbg::topband::hex
