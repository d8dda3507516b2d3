// Open-circuit voltage of one LFP (LiFePO4) cell as a function of its state of charge.
//
// Part of the simulator's physical model, which works in floating point internally; the simulator reports integer
// protocol values only. The curve is a plausible generic LFP shape (steep below 10 %, a flat plateau around
// 3.25–3.35 V, a steep knee above 97 %); it continues above 100 % so an overcharged cell runs away, up to 4.2 V.
#pragma once

namespace tbg::sim {

// `soc_fraction`: 0.0 = empty, 1.0 = full; values outside are clamped to the table's ends (0 … 1.04).
double lfp_ocv_mV(double soc_fraction);

}  // namespace tbg::sim
