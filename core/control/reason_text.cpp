#include "core/control/reason_text.h"

#include <algorithm>

namespace tbg::control {

ReasonText& ReasonText::add(std::string_view text) {
    const std::size_t n = std::min(text.size(), kCapacity - size_);
    std::copy_n(text.data(), n, buffer_.data() + size_);
    size_ += n;
    return *this;
}

ReasonText& ReasonText::integer(std::int64_t value) {
    std::array<char, 24> digits{};
    std::size_t n = 0;
    // Work on the negative side so that the smallest int64 needs no special case.
    std::int64_t rest = value < 0 ? value : -value;
    do {
        digits[n++] = static_cast<char>('0' - rest % 10);
        rest /= 10;
    } while (rest != 0);
    if (value < 0) {
        add("-");
    }
    while (n > 0) {
        add(std::string_view(&digits[--n], 1));
    }
    return *this;
}

ReasonText& ReasonText::fixed(std::int64_t value, int decimals) {
    decimals = std::clamp(decimals, 0, 6);
    if (decimals == 0) {
        return integer(value);
    }
    std::int64_t scale = 1;
    for (int i = 0; i < decimals; ++i) {
        scale *= 10;
    }
    const bool negative = value < 0;
    const std::uint64_t magnitude =
        negative ? 0U - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    const auto uscale = static_cast<std::uint64_t>(scale);
    if (negative) {
        add("-");
    }
    integer(static_cast<std::int64_t>(magnitude / uscale));
    add(".");
    std::uint64_t fraction = magnitude % uscale;
    std::array<char, 6> digits{};
    for (int i = decimals - 1; i >= 0; --i) {
        digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + fraction % 10);
        fraction /= 10;
    }
    return add(std::string_view(digits.data(), static_cast<std::size_t>(decimals)));
}

}  // namespace tbg::control
