#include "model/network_init.hpp"

#include <mpfr.h>

#include <cmath>
#include <stdexcept>

namespace gdcert {
namespace {

// log(s) correctly rounded to nearest (MPFR), so it is the same double everywhere.
// One 53-bit MPFR variable per thread, kept for the thread's lifetime.
struct MpfrScratch {
  mpfr_t x;
  MpfrScratch() { mpfr_init2(x, 53); }
  ~MpfrScratch() { mpfr_clear(x); }
};

double log_correctly_rounded(double s) {
  thread_local MpfrScratch scratch;
  mpfr_set_d(scratch.x, s, MPFR_RNDN);  // exact
  mpfr_log(scratch.x, scratch.x, MPFR_RNDN);
  return mpfr_get_d(scratch.x, MPFR_RNDN);  // exact: the result already has 53 bits
}

double constant(const InitSpec& spec, const std::string& key, double fallback, bool required) {
  auto it = spec.constants.find(key);
  if (it == spec.constants.end()) {
    if (required) throw std::invalid_argument(std::string("init: scheme '") + to_string(spec.scheme) + "' needs the constant '" + key + "'");
    return fallback;
  }
  const double v = it->second.nearest;
  if (!(v > 0) || !std::isfinite(v)) throw std::invalid_argument("init: constant '" + key + "' must be a positive finite number");
  return v;
}

// "uniform(a,b)" -> (a, b); nullopt for other names.
std::optional<std::pair<double, double>> uniform_range(const std::string& text, const std::string& what) {
  if (text.rfind("uniform(", 0) != 0) return std::nullopt;
  if (text.back() != ')') throw std::invalid_argument(what + ": expected uniform(a,b), got '" + text + "'");
  const std::string inner = text.substr(8, text.size() - 9);
  const auto comma = inner.find(',');
  if (comma == std::string::npos) throw std::invalid_argument(what + ": expected uniform(a,b), got '" + text + "'");
  double a, b;
  try {
    a = parse_number(inner.substr(0, comma)).nearest;
    b = parse_number(inner.substr(comma + 1)).nearest;
  } catch (const NumberError& e) {
    throw std::invalid_argument(what + ": bad bound in '" + text + "': " + e.what());
  }
  if (!(a <= b) || !std::isfinite(a) || !std::isfinite(b)) throw std::invalid_argument(what + ": need a <= b in '" + text + "'");
  return std::make_pair(a, b);
}

}  // namespace

std::uint64_t GdcertRandom::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double GdcertRandom::uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }

double GdcertRandom::uniform(double a, double b) {
  const double v = a + (b - a) * uniform();
  return std::min(std::max(v, a), b);
}

double GdcertRandom::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  for (;;) {
    const double u = 2 * uniform() - 1, v = 2 * uniform() - 1;
    const double s = u * u + v * v;
    if (s >= 1 || s == 0) continue;
    const double t = std::sqrt(-2 * log_correctly_rounded(s) / s);
    spare_ = v * t;
    has_spare_ = true;
    return u * t;
  }
}

const char* to_string(InitScheme s) {
  switch (s) {
    case InitScheme::Lecun: return "lecun";
    case InitScheme::He: return "he";
    case InitScheme::Xavier: return "xavier";
    case InitScheme::Ntk: return "ntk";
    case InitScheme::Chatterjee41: return "chatterjee41";
  }
  return "?";
}

std::optional<InitScheme> init_scheme_from_string(std::string_view name) {
  for (InitScheme s : {InitScheme::Lecun, InitScheme::He, InitScheme::Xavier, InitScheme::Ntk, InitScheme::Chatterjee41})
    if (name == to_string(s)) return s;
  return std::nullopt;
}

// Polls a stop function every kStopPollDraws calls of tick().
class StopPoll {
 public:
  StopPoll(const StopFn& stop, const char* what) : stop_(stop), what_(what) {}
  void tick() {
    if (stop_ && ++count_ % kStopPollDraws == 0 && stop_())
      throw DrawStopped(std::string("stopped while ") + what_ + " (" + std::to_string(count_) + " drawn)");
  }

 private:
  const StopFn& stop_;
  const char* what_;
  std::size_t count_ = 0;
};

Network initialise_network(const NetworkArchitecture& arch, const InitSpec& spec, const StopFn& stop) {
  const std::size_t L = arch.depth();
  if (L == 0) throw std::invalid_argument("init: 'layers' needs at least two entries");
  for (const auto& [key, value] : spec.constants) {
    const bool used = (spec.scheme == InitScheme::Lecun && key == "c") ||
                      (spec.scheme == InitScheme::Chatterjee41 && (key == "delta" || key == "A"));
    if (!used) throw std::invalid_argument("init: scheme '" + std::string(to_string(spec.scheme)) + "' takes no constant '" + key + "'");
  }
  const double c = spec.scheme == InitScheme::Lecun ? constant(spec, "c", 1.0, false) : 1.0;
  double delta = 0, A = 0;
  if (spec.scheme == InitScheme::Chatterjee41) {
    delta = constant(spec, "delta", 0, true);
    A = constant(spec, "A", 0, true);
  }
  GdcertRandom rng(spec.seed);
  StopPoll poll(stop, "drawing the initial weights");
  Network net;
  net.arch = arch;
  for (std::size_t l = 1; l <= L; ++l) {
    const double fan_in = static_cast<double>(arch.layers[l - 1]), fan_out = static_cast<double>(arch.layers[l]);
    Eigen::MatrixXd W(static_cast<Eigen::Index>(arch.layers[l]), static_cast<Eigen::Index>(arch.layers[l - 1]));
    double sd = 1;
    switch (spec.scheme) {
      case InitScheme::Lecun: sd = std::sqrt(c / fan_in); break;
      case InitScheme::He: sd = std::sqrt(2 / fan_in); break;
      case InitScheme::Xavier: sd = std::sqrt(2 / (fan_in + fan_out)); break;
      case InitScheme::Ntk: sd = 1; break;
      case InitScheme::Chatterjee41: break;
    }
    for (Eigen::Index j = 0; j < W.rows(); ++j)
      for (Eigen::Index k = 0; k < W.cols(); ++k) {
        poll.tick();
        if (spec.scheme != InitScheme::Chatterjee41) W(j, k) = sd * rng.normal();
        else if (l == 1) W(j, k) = 0;
        else if (l < L) W(j, k) = rng.uniform(delta, 2 * delta);
        else W(j, k) = rng.uniform(A, 1.5 * A);
      }
    net.weights.push_back(std::move(W));
    if (arch.bias) net.biases.push_back(Eigen::VectorXd::Zero(static_cast<Eigen::Index>(arch.layers[l])));
  }
  return net;
}

Dataset synthetic_dataset(const SyntheticSpec& spec, const StopFn& stop) {
  if (spec.n == 0 || spec.d == 0) throw std::invalid_argument("data.synthetic: 'n' and 'd' must be positive");
  if (spec.n > (std::size_t{1} << 24) || spec.d > (std::size_t{1} << 24) || spec.n * spec.d > (std::size_t{1} << 28))
    throw std::invalid_argument("data.synthetic: n x d too large");
  const auto in_range = uniform_range(spec.inputs, "data.synthetic.inputs");
  if (!in_range && spec.inputs != "normal" && spec.inputs != "sphere")
    throw std::invalid_argument("data.synthetic.inputs: '" + spec.inputs + "' (expected normal, sphere or uniform(a,b))");
  const auto out_range = uniform_range(spec.targets, "data.synthetic.targets");
  if (!out_range && spec.targets != "normal" && spec.targets != "zero")
    throw std::invalid_argument("data.synthetic.targets: '" + spec.targets + "' (expected uniform(a,b), normal or zero)");
  GdcertRandom rng(spec.seed);
  StopPoll poll(stop, "drawing the synthetic data");
  Dataset data;
  data.n = spec.n;
  data.d = spec.d;
  data.inputs.reserve(spec.n * spec.d);
  for (std::size_t i = 0; i < spec.n; ++i) {
    std::vector<double> row(spec.d);
    for (double& v : row) {
      poll.tick();
      v = in_range ? rng.uniform(in_range->first, in_range->second) : rng.normal();
    }
    if (spec.inputs == "sphere") {
      double s = 0;
      for (double v : row) s += v * v;
      const double scale = 1 / std::sqrt(s);
      for (double& v : row) v *= scale;
    }
    for (double v : row) data.inputs.emplace_back(v);
  }
  for (std::size_t i = 0; i < spec.n; ++i)
    data.targets.emplace_back(out_range ? rng.uniform(out_range->first, out_range->second)
                                        : spec.targets == "normal" ? rng.normal() : 0.0);
  data.exact = true;
  return data;
}

}  // namespace gdcert
