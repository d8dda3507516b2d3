// Classic CAN 2.0A data frames and a fixed-capacity frame set (shared/protocols/victron-can-bms.md §1).
//
// Everything here is plain data: no I/O, no allocation. Encoders fill a FrameSet in place.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace tbg::can {

inline constexpr std::uint16_t kMaxStandardId = 0x7FF;  // 11-bit identifiers only; a GX ignores 29-bit frames (§1)
inline constexpr std::uint8_t kMaxDlc = 8;              // classic CAN, never CAN FD

// Field conventions shared by the encoders and the describer.
inline constexpr std::uint16_t kInvalidU16 = 0xFFFF;  // "not available" in an unsigned 16-bit field
inline constexpr std::int64_t kKelvinOffset = 273;    // 0x373 in K: every implementer uses 273, not 273.15 (§3.10)

// One data frame. `id` is an 11-bit identifier (0…0x7FF); `dlc` is 0…8 and counts the valid bytes of `data`, the
// rest of which is zero in every frame an encoder produces. Remote frames are not represented (none are used, §1).
struct CanFrame {
    std::uint16_t id = 0;
    std::uint8_t dlc = kMaxDlc;
    std::array<std::uint8_t, kMaxDlc> data{};

    friend bool operator==(const CanFrame&, const CanFrame&) = default;
};

// An ordered set of frames with fixed capacity, in the order they go on the bus. Copyable, never allocates.
class FrameSet {
public:
    static constexpr std::size_t kCapacity = 24;

    void clear() { count_ = 0; }

    // Appends `frame`. Returns false and leaves the set unchanged when it is full (kCapacity frames); the encoders
    // emit at most kCapacity frames by construction, so this only happens to callers that append their own.
    bool push(const CanFrame& frame) {
        if (count_ == kCapacity) {
            return false;
        }
        frames_[count_++] = frame;
        return true;
    }

    std::size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }
    const CanFrame& operator[](std::size_t index) const { return frames_[index]; }  // index < size()
    std::span<const CanFrame> frames() const { return {frames_.data(), count_}; }
    const CanFrame* begin() const { return frames_.data(); }
    const CanFrame* end() const { return frames_.data() + count_; }

    // The first frame with identifier `id`, or nullptr.
    const CanFrame* find(std::uint16_t id) const {
        for (const CanFrame& frame : frames()) {
            if (frame.id == id) {
                return &frame;
            }
        }
        return nullptr;
    }

private:
    std::array<CanFrame, kCapacity> frames_{};
    std::size_t count_ = 0;
};

}  // namespace tbg::can
