// Basic interval arithmetic (IEEE 1788 set semantics, tightest binary64 results).
#include "arith/interval.hpp"

#include <ostream>

namespace gdcert {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using interval_detail::mul_bound_down;
using interval_detail::mul_bound_up;
}

double mid(const Interval& x) {
  if (x.is_empty()) return kNaN;
  if (x.is_entire()) return 0.0;
  if (x.lower() == -kInf) return -std::numeric_limits<double>::max();
  if (x.upper() == kInf) return std::numeric_limits<double>::max();
  double m = 0.5 * x.lower() + 0.5 * x.upper();  // no overflow; inside [lo, hi]
  return std::clamp(m, x.lower(), x.upper());
}
double rad(const Interval& x) {
  double m = mid(x);
  return std::max(sub_up(m, x.lower()), sub_up(x.upper(), m));
}
double width(const Interval& x) { return x.is_empty() ? kNaN : sub_up(x.upper(), x.lower()); }
double mag(const Interval& x) {
  return x.is_empty() ? kNaN : std::max(std::fabs(x.lower()), std::fabs(x.upper()));
}
double mig(const Interval& x) {
  if (x.is_empty()) return kNaN;
  if (x.lower() > 0) return x.lower();
  if (x.upper() < 0) return -x.upper();
  return 0.0;
}
bool subset(const Interval& a, const Interval& b) {
  return a.is_empty() || (b.lower() <= a.lower() && a.upper() <= b.upper());
}
Interval hull(const Interval& a, const Interval& b) {
  if (a.is_empty()) return b;
  if (b.is_empty()) return a;
  return Interval(std::min(a.lower(), b.lower()), std::max(a.upper(), b.upper()));
}
Interval intersect(const Interval& a, const Interval& b) {
  double lo = std::max(a.lower(), b.lower()), hi = std::min(a.upper(), b.upper());
  return lo <= hi ? Interval(lo, hi) : Interval::empty();
}

Truth less(const Interval& a, const Interval& b) {
  if (a.is_empty() || b.is_empty()) return Truth::Unknown;
  if (a.upper() < b.lower()) return Truth::True;
  if (a.lower() >= b.upper()) return Truth::False;
  return Truth::Unknown;
}
Truth less_equal(const Interval& a, const Interval& b) {
  if (a.is_empty() || b.is_empty()) return Truth::Unknown;
  if (a.upper() <= b.lower()) return Truth::True;
  if (a.lower() > b.upper()) return Truth::False;
  return Truth::Unknown;
}

Interval operator/(const Interval& a, const Interval& b) {
  if (a.is_empty() || b.is_empty()) return Interval::empty();
  const double A[2] = {a.lower(), a.upper()}, B[2] = {b.lower(), b.upper()};
  const cases::DivPlan p = cases::division_plan(cases::sign_class(A[0], A[1]),
                                                A[0] == 0 && A[1] == 0,
                                                cases::divisor_class(B[0], B[1]));
  switch (p.kind) {
    case cases::DivPlan::Empty: return Interval::empty();
    case cases::DivPlan::Zero: return Interval(0.0);
    case cases::DivPlan::Entire: return Interval::entire();
    case cases::DivPlan::Bounded: break;
  }
  auto bound = [&](const cases::Pick& pick, bool up) {
    if (pick.kind == cases::Pick::MinusInf) return -kInf;
    if (pick.kind == cases::Pick::PlusInf) return kInf;
    return up ? div_up(A[pick.a], B[pick.b]) : div_down(A[pick.a], B[pick.b]);
  };
  return Interval(bound(p.lo, false), bound(p.hi, true));
}

Interval sqr(const Interval& x) {
  if (x.is_empty()) return x;
  double m = mig(x), M = mag(x);
  return Interval(mul_bound_down(m, m), mul_bound_up(M, M));
}

Interval sqrt(const Interval& x) {
  Interval d = intersect(x, Interval(0.0, kInf));
  if (d.is_empty()) return d;
  return Interval(sqrt_down(d.lower()), sqrt_up(d.upper()));
}

Interval abs(const Interval& x) {
  if (x.is_empty()) return x;
  return Interval(mig(x), mag(x));
}
Interval min(const Interval& a, const Interval& b) {
  if (a.is_empty() || b.is_empty()) return Interval::empty();
  return Interval(std::min(a.lower(), b.lower()), std::min(a.upper(), b.upper()));
}
Interval max(const Interval& a, const Interval& b) {
  if (a.is_empty() || b.is_empty()) return Interval::empty();
  return Interval(std::max(a.lower(), b.lower()), std::max(a.upper(), b.upper()));
}

namespace {
// b^k for b >= 0 rounded down / up: square-and-multiply on lower (upper) bounds of nonnegative
// numbers, each product rounded the same way, stays below (above) the exact power.
double pow_bound(double b, unsigned long long k, bool up) {
  double r = 1.0;
  while (k) {
    if (k & 1) r = up ? mul_bound_up(r, b) : mul_bound_down(r, b);
    k >>= 1;
    if (k) b = up ? mul_bound_up(b, b) : mul_bound_down(b, b);
  }
  return r;
}
}  // namespace

Interval pown(const Interval& x, int n) {
  if (x.is_empty()) return x;
  if (n == 0) return Interval(1.0);
  unsigned long long k = n < 0 ? 0ull - static_cast<unsigned long long>(static_cast<long long>(n))
                                : static_cast<unsigned long long>(n);
  Interval p;
  if (k % 2 == 0) {
    p = Interval(pow_bound(mig(x), k, false), pow_bound(mag(x), k, true));
  } else {  // odd power: monotone, sign of each bound kept
    double lo = x.lower() >= 0 ? pow_bound(x.lower(), k, false) : -pow_bound(-x.lower(), k, true);
    double hi = x.upper() >= 0 ? pow_bound(x.upper(), k, true) : -pow_bound(-x.upper(), k, false);
    p = Interval(lo, hi);
  }
  // x^-k = 1 / x^k over x != 0; division by an interval with a zero bound gives the 1788 limits.
  return n > 0 ? p : Interval(1.0) / p;
}

// x^y = exp(y log x) over x > 0, plus 0^y = 0 for y > 0 (the 1788 domain of pow).
Interval pow(const Interval& x, const Interval& y) {
  Interval d = intersect(x, Interval(0.0, kInf));
  if (d.is_empty() || y.is_empty()) return Interval::empty();
  Interval r = d.upper() > 0 ? exp(y * log(d)) : Interval::empty();
  if (d.lower() == 0 && y.upper() > 0) r = hull(r, Interval(0.0));
  return r;
}

std::ostream& operator<<(std::ostream& os, const Interval& x) {
  if (x.is_empty()) return os << "[empty]";
  auto old = os.precision(17);
  os << '[' << x.lower() << ", " << x.upper() << ']';
  os.precision(old);
  return os;
}

}  // namespace gdcert
