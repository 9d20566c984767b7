// gdcert's own random initialisation and synthetic data: the same seed gives the same weights,
// bit for bit, on every platform (the documented contract; tests/model/test_network_init.cpp
// pins the first values).
//
//   Network net = initialise_network(arch, {.scheme = InitScheme::Lecun, .seed = 1});
//   Dataset data = synthetic_dataset({.n = 4, .d = 10, .seed = 1});
//
// Generator (GdcertRandom):
//   - engine: SplitMix64 (Steele, Lea, Flood 2014): state += 0x9e3779b97f4a7c15, then
//     z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9; z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
//     output z ^ (z >> 31), all modulo 2^64; the initial state is the seed.
//   - uniform(): the top 53 bits of one output times 2^-53, a double in [0, 1) (exact).
//   - normal(): Marsaglia's polar method: u = 2 uniform() - 1, v = 2 uniform() - 1 (exact),
//     s = u*u + v*v (rounded to nearest), retried while s >= 1 or s == 0; then
//     t = sqrt(-2 log(s) / s) and the pair u t, v t (the second is kept for the next call).
//     log is MPFR's correctly rounded mpfr_log at 53 bits, round to nearest, not libm, so every
//     step is a correctly rounded IEEE operation and the result does not depend on the libm.
//   Bit reproducibility therefore needs only IEEE binary64 round-to-nearest arithmetic without
//   fused multiply-add contraction (the build uses -ffp-contract=off) and MPFR.
//
// Draw order: layer l = 1..L, the entries of W_l in row-major order (d_l x d_{l-1}, as
// torch.nn.Linear.weight); every entry one draw (one uniform() for uniform schemes, one normal()
// otherwise). Biases, when the architecture has them, are 0 for every scheme (no draws).
//
// Schemes (d_{l-1} the fan-in, d_l the fan-out; a normal N(0, v) draw is sqrt(v) * normal(),
// with v computed in double, rounded to nearest, from the constant's nearest double):
//   lecun         N(0, c / d_{l-1}), constant "c" (default 1)
//   he            N(0, 2 / d_{l-1})
//   xavier        N(0, 2 / (d_{l-1} + d_l))
//   ntk           N(0, 1) raw weights (the 1/sqrt(d_{l-1}) lives in the ntk parametrisation)
//   chatterjee41  Chatterjee's Theorem 4.1 start: W_1 = 0, hidden W_l (1 < l < L) uniform in
//                 [delta, 2 delta], last layer W_L uniform in [A, 1.5 A] (constants "delta",
//                 "A", both > 0; a + (b - a) uniform(), clamped to [a, b]). For a two-layer
//                 network there are no hidden weights; W_1 = 0 takes no draws.
// The weights are whatever doubles these rules produce; they are then the exact centre w0.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <optional>
#include <string_view>
#include <string>

#include "arith/exact_number.hpp"
#include "model/network.hpp"

namespace gdcert {

class GdcertRandom {
 public:
  explicit GdcertRandom(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();   // SplitMix64
  double uniform();       // [0, 1), 53 random bits
  double normal();        // N(0, 1), Marsaglia polar with MPFR's log
  double uniform(double a, double b);  // a + (b - a) uniform(), clamped to [a, b]

 private:
  std::uint64_t state_;
  bool has_spare_ = false;
  double spare_ = 0;
};

enum class InitScheme { Lecun, He, Xavier, Ntk, Chatterjee41 };
const char* to_string(InitScheme s);
std::optional<InitScheme> init_scheme_from_string(std::string_view name);

struct InitSpec {
  InitScheme scheme = InitScheme::Lecun;
  std::uint64_t seed = 0;
  std::map<std::string, ExactNumber> constants;  // "c" (lecun), "delta" and "A" (chatterjee41)
};

// Drawing 10^8 weights takes minutes, longer than a run's time budget: the draws poll `stop`
// (when given) every kStopPollDraws draws and throw DrawStopped once it returns true.
struct DrawStopped : std::runtime_error {
  using std::runtime_error::runtime_error;
};
using StopFn = std::function<bool()>;
inline constexpr std::size_t kStopPollDraws = 1 << 16;

// Throws std::invalid_argument for a missing or non-positive constant (naming it), or a constant
// the scheme does not use.
Network initialise_network(const NetworkArchitecture& arch, const InitSpec& spec, const StopFn& stop = {});

// Synthetic data: n samples in dimension d. Inputs "normal" (N(0,1) entries), "uniform(a,b)"
// or "sphere" (normal rows scaled to unit Euclidean norm: 1/sqrt of the rounded sum of squares,
// so only approximately unit). Targets "uniform(a,b)", "normal" or "zero". Draw order: all
// inputs row by row, then the targets, from one GdcertRandom(seed). a, b are parsed as numbers
// and their nearest doubles used. The data are exact doubles (Dataset::exact == true).
struct SyntheticSpec {
  std::size_t n = 0, d = 0;
  std::uint64_t seed = 0;
  std::string inputs = "normal";
  std::string targets = "uniform(-0.5,0.5)";
};
Dataset synthetic_dataset(const SyntheticSpec& spec, const StopFn& stop = {});  // std::invalid_argument on a bad spec

}  // namespace gdcert
