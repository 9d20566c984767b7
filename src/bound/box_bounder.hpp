// BoxBounder<T>: rigorous enclosures of f, grad f and |grad f|^2 / f over one box.
//
//   BoxBounder<Interval> bb(objective);
//   RatioBound rb = bb.ratio_lower(box);   // |grad f|^2 / f >= rb.lower on box, where f != 0
//
// Two lower bounds, the larger wins:
//  - "gram": for f = c sum r_i^2, grad f = 2c J^T r, so |grad f|^2 / f = 4c r^T J J^T r / |r|^2
//    >= 4c lambda_min(J J^T). It holds at the zeros' doorstep, where every certifiable ball is.
//    J over the box is the natural enclosure intersected with the mean-value form around the
//    box midpoint (J(m) + H_i(X)(X - m)), then lambda_min is verified (bound/verified_eigen).
//    Needs n <= p residuals: for n > p, J J^T is singular and this bound is 0 by rank.
//  - "quotient": where f is bounded away from 0 on the box, lower(|grad f|^2) / upper(f), with
//    the gradient and f again in mean-value form.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "bound/ratio_bound.hpp"
#include "bound/verified_eigen.hpp"
#include "expr/evaluator.hpp"
#include "model/objective.hpp"

namespace gdcert {

template <class T>
struct Enclosure {
  T value;
  std::vector<T> gradient;
  Truth defined = Truth::Unknown;
};

template <class T>
class BoxBounder {
 public:
  explicit BoxBounder(const Objective& f);

  // f and grad f over X, natural enclosure intersected with the mean-value form.
  Enclosure<T> enclose(std::span<const T> X);
  RatioBound ratio_lower(std::span<const T> X);
  RatioBound gram_lower(std::span<const T> X);      // method "gram" or none
  // lambda_min(J J^T) >= result.lower for every x in X (J: residual Jacobian, not scaled by
  // c), with J in mean-value form; proved = false when nothing was proved (no residual form,
  // n > p, or the residuals not proved C^2 on X). PL* uses this directly, so its mu is not
  // recovered by dividing the 4c-scaled ratio bound.
  EigenBound gram_lambda_min(std::span<const T> X);
  RatioBound quotient_lower(std::span<const T> X);  // method "quotient" or none

  const Objective& objective() const { return f_; }
  // True when the residual bound cannot apply (more residuals than variables).
  bool gram_rank_deficient() const {
    return f_.has_residual_form() && f_.num_residuals() > f_.dimension();
  }

 private:
  const Objective& f_;
  Evaluator<T> f_ev_;
  std::optional<Evaluator<T>> r_ev_;  // residual program, when f has a residual form
};

extern template class BoxBounder<Interval>;
extern template class BoxBounder<MpInterval>;

// midpoint of a box as exact doubles
template <class T>
std::vector<double> box_midpoint(std::span<const T> X) {
  std::vector<double> m(X.size());
  for (std::size_t i = 0; i < X.size(); ++i) m[i] = ScalarTraits<T>::midpoint(X[i]);
  return m;
}

}  // namespace gdcert
