// Exact decimal and hex literals: tight enclosures, exact points, underflow, error positions;
// and the same literals at higher precision through MpInterval::from_decimal.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "arith/exact_number.hpp"
#include "mpfr_reference.hpp"

namespace gdcert::test {

TEST_CASE("0.1 is enclosed by the two adjacent doubles around 1/10") {
  ExactNumber n = parse_number("0.1");
  CHECK(!n.exact);
  CHECK(n.nearest == 0.1);
  CHECK(n.enclosure.upper() == next_up(n.enclosure.lower()));
  Mpfr tenth;
  mpfr_set_ui(tenth.get(), 1, MPFR_RNDN);
  mpfr_div_ui(tenth.get(), tenth.get(), 10, MPFR_RNDN);  // within 2^-256 relative of 1/10
  CHECK(mpfr_cmp_d(tenth.get(), n.enclosure.lower()) > 0);
  CHECK(mpfr_cmp_d(tenth.get(), n.enclosure.upper()) < 0);
  CHECK(enclose_decimal(" -0.1 ") == -n.enclosure);
}

TEST_CASE("exact literals are points") {
  for (const char* text : {"0.5", "0x1.8p+1", "-2", "1e3", "0x1p-1074", "3.0", "0X1.8P1"}) {
    CAPTURE(text);
    ExactNumber n = parse_number(text);
    CHECK(n.exact);
    CHECK(n.enclosure.lower() == n.enclosure.upper());
    CHECK(n.enclosure.lower() == n.nearest);
  }
  CHECK(parse_number("0x1.8p+1").nearest == 3.0);
  CHECK(parse_number("1e3").nearest == 1000.0);
}

TEST_CASE("underflow gives a correct enclosure of a tiny positive number") {
  ExactNumber n = parse_number("1e-400");
  CHECK(!n.exact);
  CHECK(n.enclosure.lower() == 0);
  CHECK(n.enclosure.upper() == std::numeric_limits<double>::denorm_min());
  ExactNumber m = parse_number("-1e-400");
  CHECK(m.enclosure.upper() == 0);
  CHECK(m.enclosure.lower() < 0);
}

TEST_CASE("malformed numbers name the position of the problem") {
  struct Case {
    const char* text;
    std::size_t position;
  };
  for (Case c : {Case{"1.2.3", 3}, Case{"abc", 0}, Case{"", 0}, Case{"1e", 2}, Case{"--1", 1},
                 Case{"  1x", 3}, Case{"inf", 0}, Case{"0x", 2}, Case{"1e400", 0}}) {
    CAPTURE(c.text);
    try {
      parse_number(c.text);
      FAIL("accepted");
    } catch (const NumberError& e) {
      CHECK(e.position == c.position);
    }
  }
  CHECK_THROWS_AS(MpInterval::from_decimal("1.2.3"), std::invalid_argument);
  CHECK_THROWS_AS(MpInterval::from_decimal("nan"), std::invalid_argument);
}

TEST_CASE("MpInterval::from_decimal encloses the literal at the working precision") {
  PrecisionScope scope(200);
  MpInterval t = MpInterval::from_decimal("0.1");
  CHECK(t.precision() == 200);
  Mpfr tenth, w;
  mpfr_set_ui(tenth.get(), 1, MPFR_RNDN);
  mpfr_div_ui(tenth.get(), tenth.get(), 10, MPFR_RNDN);
  CHECK(mpfr_cmp(tenth.get(), &t.get()->left) > 0);
  CHECK(mpfr_cmp(tenth.get(), &t.get()->right) < 0);
  mpfr_sub(w.get(), &t.get()->right, &t.get()->left, MPFR_RNDU);
  CHECK(mpfr_cmp_d(w.get(), 0x1p-200) < 0);  // adjacent 200-bit numbers
  MpInterval h = MpInterval::from_decimal("0x1.8p+1");
  CHECK(to_interval(h) == Interval(3.0));
  MpInterval big = MpInterval::from_decimal("1e400");  // beyond double, fine for MPFR
  CHECK(upper_double(big) == std::numeric_limits<double>::infinity());
  CHECK(lower_double(big) == std::numeric_limits<double>::max());
  MpInterval tiny = MpInterval::from_decimal("1e-400");
  CHECK(certainly_positive(tiny) == Truth::True);
  CHECK(to_interval(tiny) == Interval(0, std::numeric_limits<double>::denorm_min()));
}

}  // namespace gdcert::test

TEST_CASE("decimal_below / decimal_above stay on their side of the bound (checked with MPFR)") {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> mant(-1, 1);
  std::uniform_int_distribution<int> expo(-300, 300);
  mpfr_t d;
  mpfr_init2(d, 2000);
  for (int i = 0; i < 3000; ++i) {
    double v = std::ldexp(mant(rng), expo(rng));
    for (int digits : {3, 6, 10, 17}) {
      std::string lo = gdcert::decimal_below(v, digits), hi = gdcert::decimal_above(v, digits);
      // At 2000 bits the decimals round outward in the direction that makes the check stricter.
      mpfr_strtofr(d, lo.c_str(), nullptr, 10, MPFR_RNDU);
      CHECK(mpfr_cmp_d(d, v) <= 0);
      mpfr_strtofr(d, hi.c_str(), nullptr, 10, MPFR_RNDD);
      CHECK(mpfr_cmp_d(d, v) >= 0);
      CHECK(lo.size() <= static_cast<std::size_t>(digits) + 8);
    }
  }
  mpfr_clear(d);
  CHECK(gdcert::decimal_below(0.5) == "0.5");
  CHECK(gdcert::decimal_above(INFINITY) == "inf");
}
