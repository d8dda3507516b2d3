// A short explanation in words, built without allocation into a fixed buffer (text beyond kCapacity is cut off).
//
// Numbers are written from integers with their unit's decimals, e.g. volts_dV(552) → "55.2 V",
// cell_volts_mV(3520) → "3.520 V", celsius_dC(-15) → "-1.5 °C". No floats.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tbg::control {

class ReasonText {
public:
    static constexpr std::size_t kCapacity = 191;

    ReasonText() = default;
    explicit ReasonText(std::string_view text) { add(text); }

    ReasonText& add(std::string_view text);
    ReasonText& add(const ReasonText& text) { return add(text.view()); }
    ReasonText& integer(std::int64_t value);
    // value / 10^decimals, with exactly `decimals` digits after the point (decimals 0…6).
    ReasonText& fixed(std::int64_t value, int decimals);

    ReasonText& volts_dV(std::int64_t value_dV) { return fixed(value_dV, 1).add(" V"); }
    ReasonText& volts_10mV(std::int64_t v_10mV) { return fixed(v_10mV, 2).add(" V"); }
    ReasonText& cell_volts_mV(std::int64_t value_mV) { return fixed(value_mV, 3).add(" V"); }
    ReasonText& amps_dA(std::int64_t value_dA) { return fixed(value_dA, 1).add(" A"); }
    ReasonText& celsius_dC(std::int64_t value_dC) { return fixed(value_dC, 1).add(" °C"); }
    ReasonText& percent_centipct(std::int64_t centipct) { return fixed(centipct, 2).add(" %"); }

    void clear() { size_ = 0; }
    bool empty() const { return size_ == 0; }
    std::string_view view() const { return {buffer_.data(), size_}; }
    bool operator==(const ReasonText& other) const { return view() == other.view(); }

private:
    std::array<char, kCapacity> buffer_{};
    std::size_t size_ = 0;
};

}  // namespace tbg::control
