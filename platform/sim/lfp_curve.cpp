#include "platform/sim/lfp_curve.h"

#include <array>
#include <cstddef>

namespace tbg::sim {

namespace {

struct CurvePoint {
    double soc;
    double ocv_mV;
};

// Monotonic in both columns; linear interpolation in between.
constexpr std::array<CurvePoint, 20> kCurve = {{
    {0.00, 2500.0}, {0.01, 2800.0}, {0.03, 3000.0}, {0.06, 3150.0}, {0.10, 3200.0}, {0.20, 3250.0}, {0.30, 3275.0},
    {0.40, 3290.0}, {0.50, 3300.0}, {0.60, 3310.0}, {0.70, 3322.0}, {0.80, 3333.0}, {0.90, 3345.0}, {0.95, 3362.0},
    {0.97, 3385.0}, {0.99, 3430.0}, {1.00, 3500.0}, {1.01, 3700.0}, {1.02, 3950.0}, {1.04, 4200.0},
}};

}  // namespace

double lfp_ocv_mV(double soc_fraction) {
    if (soc_fraction <= kCurve.front().soc) {
        return kCurve.front().ocv_mV;
    }
    for (std::size_t i = 1; i < kCurve.size(); ++i) {
        if (soc_fraction <= kCurve[i].soc) {
            const CurvePoint& a = kCurve[i - 1];
            const CurvePoint& b = kCurve[i];
            return a.ocv_mV + (b.ocv_mV - a.ocv_mV) * (soc_fraction - a.soc) / (b.soc - a.soc);
        }
    }
    return kCurve.back().ocv_mV;
}

}  // namespace tbg::sim
