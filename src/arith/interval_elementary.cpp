// PLACEHOLDER until the arithmetic work lands: every function returns the entire line, which is
// a sound (useless) enclosure.
#include "arith/interval.hpp"

namespace gdcert {
#define GDCERT_PLACEHOLDER(f) \
  Interval f(const Interval& x) { return x.is_empty() ? x : Interval::entire(); }
GDCERT_PLACEHOLDER(exp)
GDCERT_PLACEHOLDER(expm1)
GDCERT_PLACEHOLDER(log)
GDCERT_PLACEHOLDER(log1p)
GDCERT_PLACEHOLDER(sin)
GDCERT_PLACEHOLDER(cos)
GDCERT_PLACEHOLDER(tan)
GDCERT_PLACEHOLDER(atan)
GDCERT_PLACEHOLDER(sinh)
GDCERT_PLACEHOLDER(cosh)
GDCERT_PLACEHOLDER(tanh)
GDCERT_PLACEHOLDER(sigmoid)
GDCERT_PLACEHOLDER(softplus)
}  // namespace gdcert
