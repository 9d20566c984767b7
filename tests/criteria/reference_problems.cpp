#include "reference_problems.hpp"

#include <Eigen/Dense>

namespace gdcert::testing {

std::vector<double> broyden_zero(int p) {
  Eigen::VectorXd x = Eigen::VectorXd::Constant(p, -1.0);
  for (int it = 0; it < 50; ++it) {
    Eigen::VectorXd r(p);
    Eigen::MatrixXd J = Eigen::MatrixXd::Zero(p, p);
    for (int i = 0; i < p; ++i) {
      double prev = i > 0 ? x[i - 1] : 0, next = i + 1 < p ? x[i + 1] : 0;
      r[i] = (3 - 2 * x[i]) * x[i] - prev - 2 * next + 1;
      J(i, i) = 3 - 4 * x[i];
      if (i > 0) J(i, i - 1) = -1;
      if (i + 1 < p) J(i, i + 1) = -2;
    }
    x -= J.partialPivLu().solve(r);
  }
  return std::vector<double>(x.data(), x.data() + p);
}

}  // namespace gdcert::testing
