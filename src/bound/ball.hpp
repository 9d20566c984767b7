// Ball<T>: the closed Euclidean ball B(c, r) as the user wrote it, with c and r enclosed.
//
//   Ball<Interval> b = make_ball<Interval>({parse_number("2"), parse_number("0.3")},
//                                          parse_number("0.5"));
//   Box<Interval> X = bounding_box(b);          // [1.5, 2.5] x [-0.2, 0.8], outward
//   box_meets_ball(X, b) == Truth::Unknown;     // True: X inside the ball; False: X misses it
//
// The exact centre (0.3 is not a double) lies somewhere in the centre enclosure; every test
// here holds for every centre and radius in their enclosures, so it holds for the exact ones.
#pragma once

#include <span>
#include <vector>

#include "arith/exact_number.hpp"
#include "arith/scalar_traits.hpp"

namespace gdcert {

template <class T>
using Box = std::vector<T>;

template <class T>
struct Ball {
  Box<T> center;
  T radius;
  std::size_t dimension() const { return center.size(); }
};

template <class T>
Ball<T> make_ball(const std::vector<ExactNumber>& center, const ExactNumber& radius) {
  Ball<T> b;
  for (const auto& c : center) b.center.push_back(ScalarTraits<T>::from_number(c));
  b.radius = ScalarTraits<T>::from_number(radius);
  return b;
}

// The same centre with the radius multiplied by `factor` (exact small integers: 2 for
// Chatterjee's L2 over B(x0, 2r)).
template <class T>
Ball<T> scaled_ball(const Ball<T>& b, double factor) {
  return Ball<T>{b.center, b.radius * T(factor)};
}

// With double end points for every scalar type, so that boxes split from it can be written
// out exactly (certificates).
template <class T>
Box<T> bounding_box(const Ball<T>& b) {
  using Tr = ScalarTraits<T>;
  double R = Tr::upper_bound(b.radius);
  Box<T> X;
  X.reserve(b.dimension());
  for (const auto& c : b.center) X.push_back(T(Tr::lower_bound(c - T(R)), Tr::upper_bound(c + T(R))));
  return X;
}

// Squared distance from the centre to the box: enclosure of min over x in X of |x - c|^2 for
// the exact c (only its lower bound is meaningful), and of the max (upper bound meaningful).
template <class T>
Truth box_meets_ball(std::span<const T> X, const Ball<T>& b) {
  T near_sq(0.0), far_sq(0.0);
  for (std::size_t i = 0; i < X.size(); ++i) {
    T d = X[i] - b.center[i];
    near_sq += T(mig(d)) * T(mig(d));
    T dm(mag(d));
    far_sq += dm * dm;
  }
  T r_sq = sqr(b.radius);
  if (is_true(less(r_sq, near_sq))) return Truth::False;
  if (is_true(less_equal(far_sq, r_sq))) return Truth::True;
  return Truth::Unknown;
}

// Whether the double point w lies in the ball (True only when proved).
template <class T>
Truth point_in_ball(std::span<const double> w, const Ball<T>& b) {
  T d_sq(0.0);
  for (std::size_t i = 0; i < w.size(); ++i) d_sq += sqr(T(w[i]) - b.center[i]);
  return less_equal(d_sq, sqr(b.radius));
}

}  // namespace gdcert
