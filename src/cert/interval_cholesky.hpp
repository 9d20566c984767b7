// Interval Cholesky: a proof that every symmetric matrix in an interval matrix is positive
// definite (Alefeld and Mayer: if the interval Cholesky algorithm runs to completion with every
// pivot argument certainly positive, all symmetric members are positive definite).
//
//   std::vector<T> a = ...;   // n x n, row-major, symmetric entries (upper triangle is read)
//   bool pd = interval_cholesky_positive_definite<T>(a, n);
//
// Kept deliberately simple: it is part of the certificate checker's trusted core.
#pragma once

#include <cstddef>
#include <vector>

#include "arith/truth.hpp"

namespace gdcert {

template <class T>
bool interval_cholesky_positive_definite(std::vector<T> a, std::size_t n) {
  // Overwrite the lower triangle with L, column by column.
  for (std::size_t j = 0; j < n; ++j) {
    T pivot = a[j * n + j];
    for (std::size_t k = 0; k < j; ++k) pivot -= sqr(a[j * n + k]);
    if (!is_true(certainly_positive(pivot))) return false;
    T ljj = sqrt(pivot);
    a[j * n + j] = ljj;
    for (std::size_t i = j + 1; i < n; ++i) {
      T s = a[j * n + i];  // upper triangle: the symmetric entry (i, j)
      for (std::size_t k = 0; k < j; ++k) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / ljj;
    }
  }
  return true;
}

}  // namespace gdcert
