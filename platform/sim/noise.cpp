#include "platform/sim/noise.h"

#include <algorithm>
#include <array>

#include "platform/sim/rng.h"

namespace tbg::sim {

bool corrupt_frame(topband::EncodedFrame& frame, std::uint32_t rate_ppm, std::mt19937& rng) {
    if (rate_ppm == 0 || frame.size == 0) {
        return false;
    }
    const topband::EncodedFrame original = frame;
    const std::size_t capacity = frame.chars.size();
    std::size_t out = 0;
    bool changed = false;
    for (std::size_t i = 0; i < original.size && out < capacity; ++i) {
        const char c = original.chars[i];
        if (draw_below(rng, kPpmScale) >= rate_ppm) {
            frame.chars[out++] = c;
            continue;
        }
        changed = true;
        switch (draw_below(rng, 3)) {
            case 0:  // flip one bit
                frame.chars[out++] = static_cast<char>(static_cast<unsigned char>(c) ^ (1U << draw_below(rng, 8)));
                break;
            case 1:  // drop
                break;
            default:  // insert a random byte before this one
                frame.chars[out++] = static_cast<char>(draw_below(rng, 256));
                if (out < capacity) {
                    frame.chars[out++] = c;
                }
                break;
        }
    }
    frame.size = out;
    return changed;
}

}  // namespace tbg::sim
