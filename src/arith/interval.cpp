// Basic interval arithmetic (IEEE 1788 set semantics, tightest binary64 results).
#include "arith/interval.hpp"

#include <ostream>

namespace gdcert {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

double mid(const Interval& x) {
  if (x.is_empty()) return std::numeric_limits<double>::quiet_NaN();
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
double width(const Interval& x) { return sub_up(x.upper(), x.lower()); }
double mag(const Interval& x) { return std::max(std::fabs(x.lower()), std::fabs(x.upper())); }
double mig(const Interval& x) {
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

Interval operator+(const Interval& a, const Interval& b) {
  if (a.is_empty() || b.is_empty()) return Interval::empty();
  return Interval(add_down(a.lower(), b.lower()), add_up(a.upper(), b.upper()));
}
Interval operator-(const Interval& a, const Interval& b) {
  if (a.is_empty() || b.is_empty()) return Interval::empty();
  return Interval(sub_down(a.lower(), b.upper()), sub_up(a.upper(), b.lower()));
}

namespace {
// Products of bounds where 0 * inf counts as 0 (1788: the bound inf stands for "unbounded",
// and a zero factor makes the product 0 for every real point).
double mul_bound_down(double a, double b) { return (a == 0 || b == 0) ? 0.0 : mul_down(a, b); }
double mul_bound_up(double a, double b) { return (a == 0 || b == 0) ? 0.0 : mul_up(a, b); }
}  // namespace

Interval operator*(const Interval& a, const Interval& b) {
  if (a.is_empty() || b.is_empty()) return Interval::empty();
  double al = a.lower(), ah = a.upper(), bl = b.lower(), bh = b.upper();
  double lo = std::min({mul_bound_down(al, bl), mul_bound_down(al, bh), mul_bound_down(ah, bl),
                        mul_bound_down(ah, bh)});
  double hi = std::max({mul_bound_up(al, bl), mul_bound_up(al, bh), mul_bound_up(ah, bl),
                        mul_bound_up(ah, bh)});
  return Interval(lo, hi);
}

Interval operator/(const Interval& a, const Interval& b) {
  if (a.is_empty() || b.is_empty()) return Interval::empty();
  if (b.lower() == 0 && b.upper() == 0) return Interval::empty();
  if (b.lower() < 0 && b.upper() > 0) {
    if (a.lower() == 0 && a.upper() == 0) return Interval(0.0);
    return Interval::entire();
  }
  // b does not contain 0 in its interior; a zero bound stands for a one-sided limit.
  auto q_down = [](double x, double y) {
    if (x == 0) return 0.0;
    if (y == 0) return (x > 0) == !std::signbit(y) ? kInf : -kInf;
    return div_down(x, y);
  };
  auto q_up = [](double x, double y) {
    if (x == 0) return 0.0;
    if (y == 0) return (x > 0) == !std::signbit(y) ? kInf : -kInf;
    return div_up(x, y);
  };
  // Orient the zero bound of b as +0 (b >= 0) or -0 (b <= 0).
  double bl = b.lower(), bh = b.upper();
  if (bl == 0) bl = 0.0;
  if (bh == 0) bh = -0.0;
  double al = a.lower(), ah = a.upper();
  double lo = std::min({q_down(al, bl), q_down(al, bh), q_down(ah, bl), q_down(ah, bh)});
  double hi = std::max({q_up(al, bl), q_up(al, bh), q_up(ah, bl), q_up(ah, bh)});
  if (std::isnan(lo) || std::isnan(hi)) return Interval::entire();
  return Interval(lo, hi);
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

Interval pown(const Interval& x, int n) {
  if (x.is_empty()) return x;
  if (n == 0) return Interval(1.0);
  if (n < 0) return Interval(1.0) / pown(x, -n);
  // Square-and-multiply on the magnitudes; the sign pattern is restored at the end.
  auto pow_down = [](double b, int k) {  // b >= 0
    double r = 1.0;
    while (k) { if (k & 1) r = mul_bound_down(r, b); b = mul_bound_down(b, b); k >>= 1; }
    return r;
  };
  auto pow_up = [](double b, int k) {
    double r = 1.0;
    while (k) { if (k & 1) r = mul_bound_up(r, b); b = mul_bound_up(b, b); k >>= 1; }
    return r;
  };
  if (n % 2 == 0) return Interval(pow_down(mig(x), n), pow_up(mag(x), n));
  double lo = x.lower() >= 0 ? pow_down(x.lower(), n) : -pow_up(-x.lower(), n);
  double hi = x.upper() >= 0 ? pow_up(x.upper(), n) : -pow_down(-x.upper(), n);
  return Interval(lo, hi);
}

Interval pow(const Interval& x, const Interval& y) {
  Interval d = intersect(x, Interval(0.0, kInf));
  if (d.is_empty() || y.is_empty()) return Interval::empty();
  return exp(y * log(d));
}

std::ostream& operator<<(std::ostream& os, const Interval& x) {
  if (x.is_empty()) return os << "[empty]";
  auto old = os.precision(17);
  os << '[' << x.lower() << ", " << x.upper() << ']';
  os.precision(old);
  return os;
}

}  // namespace gdcert
