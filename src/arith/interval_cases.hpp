// Sign-case tables of interval multiplication and division (IEEE 1788 set semantics), shared
// by Interval (double bounds) and MpInterval (MPFR bounds) so both follow the same cases.
//
//   auto plan = division_plan(sign_class(al, ah), divisor_class(bl, bh));
//   // [15, 30] / [-3, 0]: plan.kind == Bounded, lo = -inf, hi = quotient a.lo / b.lo (up)
//   //                      -> [-inf, -5]
//
// A plan names which bound of a and which bound of b enter each result bound; the caller
// computes those products or quotients with its own directed rounding. Each quotient pairs a
// finite bound with at most one infinite bound, so inf/inf never occurs; a product 0 * inf is
// taken as 0 by the caller (a zero factor makes the product 0 at every real point).
#pragma once

namespace gdcert::cases {

enum class Sign { Nonneg, Nonpos, Mixed };  // [0, 0] is Nonneg
// For a divisor: strictly positive, strictly negative, [0, 0], [0, +h], [-l, 0], straddling.
enum class Divisor { Pos, Neg, Zero, ZeroLo, ZeroHi, Mixed };

template <class B>
constexpr Sign sign_class(const B& lo, const B& hi) {
  if (lo >= 0) return Sign::Nonneg;
  if (hi <= 0) return Sign::Nonpos;
  return Sign::Mixed;
}
template <class B>
constexpr Divisor divisor_class(const B& lo, const B& hi) {
  if (lo > 0) return Divisor::Pos;
  if (hi < 0) return Divisor::Neg;
  if (lo == 0 && hi == 0) return Divisor::Zero;
  if (lo == 0) return Divisor::ZeroLo;
  if (hi == 0) return Divisor::ZeroHi;
  return Divisor::Mixed;
}

// One result bound: a op b with a's and b's lower (0) or upper (1) bound, or an infinity.
struct Pick {
  enum Kind { Op, MinusInf, PlusInf } kind;
  int a, b;
};
constexpr Pick op(int a, int b) { return {Pick::Op, a, b}; }
constexpr Pick minus_inf() { return {Pick::MinusInf, 0, 0}; }
constexpr Pick plus_inf() { return {Pick::PlusInf, 0, 0}; }

// Product: lo = op(lo) (or the min with op(lo2) when both straddle 0), hi likewise with max.
struct MulPlan {
  Pick lo, hi;
  bool both_mixed;
  Pick lo2, hi2;
};
constexpr MulPlan multiplication_plan(Sign a, Sign b) {
  constexpr int L = 0, U = 1;
  switch (a) {
    case Sign::Nonneg:
      if (b == Sign::Nonneg) return {op(L, L), op(U, U), false, {}, {}};
      if (b == Sign::Nonpos) return {op(U, L), op(L, U), false, {}, {}};
      return {op(U, L), op(U, U), false, {}, {}};
    case Sign::Nonpos:
      if (b == Sign::Nonneg) return {op(L, U), op(U, L), false, {}, {}};
      if (b == Sign::Nonpos) return {op(U, U), op(L, L), false, {}, {}};
      return {op(L, U), op(L, L), false, {}, {}};
    case Sign::Mixed:
      if (b == Sign::Nonneg) return {op(L, U), op(U, U), false, {}, {}};
      if (b == Sign::Nonpos) return {op(U, L), op(L, L), false, {}, {}};
      return {op(L, U), op(L, L), true, op(U, L), op(U, U)};
  }
  return {};
}

struct DivPlan {
  enum Kind { Bounded, Empty, Zero, Entire } kind;
  Pick lo, hi;
};
constexpr DivPlan division_plan(Sign a, bool a_is_zero, Divisor b) {
  constexpr int L = 0, U = 1;
  using K = DivPlan::Kind;
  switch (b) {
    case Divisor::Pos:
      if (a == Sign::Nonneg) return {K::Bounded, op(L, U), op(U, L)};
      if (a == Sign::Nonpos) return {K::Bounded, op(L, L), op(U, U)};
      return {K::Bounded, op(L, L), op(U, L)};
    case Divisor::Neg:
      if (a == Sign::Nonneg) return {K::Bounded, op(U, U), op(L, L)};
      if (a == Sign::Nonpos) return {K::Bounded, op(U, L), op(L, U)};
      return {K::Bounded, op(U, U), op(L, U)};
    case Divisor::Zero:
      return {K::Empty, {}, {}};
    default:
      break;
  }
  if (a_is_zero) return {K::Zero, {}, {}};
  if (a == Sign::Mixed || b == Divisor::Mixed) return {K::Entire, {}, {}};
  // b = [0, h] ranges over (0, h]; b = [-l, 0] over [-l, 0): a one-sided limit gives an infinity.
  // A zero bound of a divided by b's nonzero bound is 0, as it should be.
  if (b == Divisor::ZeroLo)
    return a == Sign::Nonneg ? DivPlan{K::Bounded, op(L, U), plus_inf()}
                             : DivPlan{K::Bounded, minus_inf(), op(U, U)};
  return a == Sign::Nonneg ? DivPlan{K::Bounded, minus_inf(), op(L, L)}
                           : DivPlan{K::Bounded, op(U, L), plus_inf()};
}

}  // namespace gdcert::cases
