// MpInterval specifics: precision per thread, value semantics, empty, conversions, constants.
#include <doctest/doctest.h>

#include <thread>

#include "mpfr_reference.hpp"

namespace gdcert::test {

TEST_CASE("precision is per thread and scoped") {
  CHECK(mp_precision() == 128);
  {
    PrecisionScope scope(300);
    CHECK(MpInterval(1.0).precision() == 300);
    unsigned other = 0;
    std::thread t([&] { other = MpInterval(1.0).precision(); });
    t.join();
    CHECK(other == 128);
  }
  CHECK(mp_precision() == 128);
  CHECK_THROWS_AS(set_mp_precision(0), std::invalid_argument);
}

TEST_CASE("value semantics, empty and conversions") {
  MpInterval a(1, 2), b = a, c(std::move(b));
  CHECK(to_interval(c) == Interval(1, 2));
  MpInterval d;
  d = c;
  d += MpInterval(1.0);
  CHECK(to_interval(d) == Interval(2, 3));
  CHECK(to_interval(c) == Interval(1, 2));
  CHECK(MpInterval::empty().is_empty());
  CHECK(MpInterval(2, 1).is_empty());
  CHECK(to_interval(MpInterval::empty()).is_empty());
  CHECK(to_string(MpInterval::empty()) == "[empty]");
  CHECK(MpInterval(Interval::empty()).is_empty());
  CHECK(to_interval(MpInterval::entire()).is_entire());
  CHECK(to_string(MpInterval(1, 2)) == "[1, 2]");
  CHECK(contains(MpInterval(1, 2), 1.5));
  CHECK(!contains(MpInterval::empty(), 1.5));
  CHECK(mid(MpInterval(1, 2)) == 1.5);
  CHECK(mag(MpInterval(-3, 2)) == 3);
  CHECK(mig(MpInterval(-3, -2)) == 2);
  CHECK(subset(MpInterval(1, 2), MpInterval(0, 2)));
  CHECK(to_interval(hull(MpInterval(1, 2), MpInterval(3, 4))) == Interval(1, 4));
  CHECK(intersect(MpInterval(1, 2), MpInterval(3, 4)).is_empty());
  CHECK(less(MpInterval(1, 2), MpInterval(3, 4)) == Truth::True);
  CHECK(less_equal(MpInterval(1, 3), MpInterval(3, 4)) == Truth::True);
  CHECK(less(MpInterval(1, 3), MpInterval(3, 4)) == Truth::Unknown);
  CHECK(certainly_positive(MpInterval(-1, 1)) == Truth::Unknown);
  CHECK(to_interval(min(MpInterval(1, 5), MpInterval(2, 3))) == Interval(1, 3));
  CHECK(to_interval(abs(MpInterval(-3, 2))) == Interval(0, 3));
}

TEST_CASE("constants and bounds rounded outward") {
  for (unsigned bits : {53u, 128u, 512u}) {
    PrecisionScope scope(bits);
    MpInterval p = MpInterval::pi(), e = MpInterval::e();
    Interval pd = to_interval(p), ed = to_interval(e);
    CHECK(pd.lower() <= 3.141592653589793);
    CHECK(pd.upper() >= 3.1415926535897936);
    CHECK(pd.upper() == next_up(pd.lower()));
    CHECK(ed.upper() == next_up(ed.lower()));
    if (bits >= kRefBits) continue;  // the reference must be the more precise one
    Mpfr ref;
    mpfr_const_pi(ref.get(), MPFR_RNDN);
    CHECK(mpfr_cmp(ref.get(), &p.get()->left) > 0);
    CHECK(mpfr_cmp(ref.get(), &p.get()->right) < 0);
  }
  PrecisionScope scope(300);
  MpInterval third = MpInterval(1.0) / MpInterval(3.0);
  CHECK(lower_double(third) < upper_double(third));
  CHECK(upper_double(third) == next_up(lower_double(third)));
}

TEST_CASE("the MPFR precision pays off where doubles cancel") {
  // (1 + 2^-60) - 1 in double intervals cannot see 2^-60 in 0.1's enclosure; at 200 bits it can.
  PrecisionScope scope(200);
  MpInterval x = MpInterval::from_decimal("1.000000000000000000001");
  MpInterval d = x - MpInterval(1.0);
  CHECK(certainly_positive(d) == Truth::True);
  CHECK(lower_double(d) > 0.99e-21);
  CHECK(upper_double(d) < 1.01e-21);
}

TEST_CASE("sin, cos, tan of a whole period or a gigantic argument return the full range at once") {
  // Fuzz finding (issue 14): cos(z * pi^1048577) at 2 bits made MPFR reduce an argument near
  // 4^1048577 modulo pi to a million bits, for minutes, past any budget.
  PrecisionScope scope(2);
  const MpInterval big = pown(MpInterval::pi(), 1048577);
  for (const MpInterval& r : {cos(big), sin(big)}) {
    CHECK(lower_double(r) == -1.0);
    CHECK(upper_double(r) == 1.0);
  }
  CHECK(lower_double(tan(big)) == -INFINITY);
  PrecisionScope wide(64);
  // Width above 2 pi: the full range (exact: every value of a period is reached).
  const MpInterval w(0.0, 7.0);
  CHECK(lower_double(cos(w)) == -1.0);
  CHECK(upper_double(cos(w)) == 1.0);
  // Below that width the tight enclosure is kept: cos([0, 1]) = [cos 1, 1].
  const MpInterval n(0.0, 1.0);
  CHECK(lower_double(cos(n)) > 0.54);
  CHECK(lower_double(cos(n)) <= 0.5403023058681398);
  CHECK(upper_double(cos(n)) == 1.0);
}

}  // namespace gdcert::test
