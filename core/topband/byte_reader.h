// Big-endian reader over INFO bytes (§2: multi-byte values are high byte first). Internal to core/topband.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace tbg::topband {

class ByteReader {
public:
    explicit ByteReader(std::span<const std::uint8_t> data) : data_(data) {}

    std::size_t remaining() const { return data_.size() - pos_; }

    // Each read returns nullopt, consuming nothing, when fewer bytes remain than the value needs.
    std::optional<std::uint8_t> u8() {
        if (remaining() < 1) {
            return std::nullopt;
        }
        return data_[pos_++];
    }
    std::optional<std::uint16_t> u16() {
        if (remaining() < 2) {
            return std::nullopt;
        }
        const auto value = static_cast<std::uint16_t>((data_[pos_] << 8U) | data_[pos_ + 1]);
        pos_ += 2;
        return value;
    }
    std::optional<std::int16_t> s16() {
        const auto value = u16();
        if (!value) {
            return std::nullopt;
        }
        return static_cast<std::int16_t>(*value);
    }
    std::optional<std::uint32_t> u24() {
        if (remaining() < 3) {
            return std::nullopt;
        }
        const auto value = (std::uint32_t{data_[pos_]} << 16U) | (std::uint32_t{data_[pos_ + 1]} << 8U) |
                           std::uint32_t{data_[pos_ + 2]};
        pos_ += 3;
        return value;
    }

private:
    std::span<const std::uint8_t> data_;
    std::size_t pos_ = 0;
};

}  // namespace tbg::topband
