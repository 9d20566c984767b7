// Steady-state evaluation does not allocate (double and Interval), and constants are enclosed
// exactly as written, pi and e included.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "expr_testing.hpp"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// Counting replacement of the global allocator for this test binary. GCC cannot see that the
// replaced new and delete are a matching malloc/free pair and warns at every inlined use.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using namespace gdcert;
using namespace gdcert::testing;

TEST_CASE_TEMPLATE("evaluate() does not allocate once warm", T, double, Interval) {
  Program p = parse(broyden(30, false) + " + exp(x1)*sqrt(1 + x2^2)/x3 + x4^x5 + atan(x6)",
                    numbered_vars(30));
  Program r = parse(broyden(30, true), numbered_vars(30), true);
  for (const Program* prog : {&p, &r}) {
    Evaluator<T> ev(*prog);
    std::vector<T> x(30, T(1.5));
    for (Order order : {Order::Value, Order::Gradient, Order::Hessian}) {
      ev.evaluate(x, order);
      const long before = g_allocations.load();
      for (int k = 0; k < 10; ++k) ev.evaluate(x, order);
      CHECK(g_allocations.load() == before);
    }
  }
}

TEST_CASE("literals, pi and e are enclosed exactly") {
  const char* texts[] = {"0.1", "-0.1", "1e-3", "0x1.999999999999ap-4", "pi", "e", "2*pi/3"};
  const char* exact[] = {
      "0.1", "-0.1", "0.001", "0x1.999999999999ap-4",
      "3.14159265358979323846264338327950288419716939937510582097494459",
      "2.71828182845904523536028747135266249775724709369995957496696763",
      "2.09439510239319549230842892218633525613144626625007054731662973",
  };
  for (int i = 0; i < 7; ++i) {
    CAPTURE(i);
    Program prog = parse(texts[i]);
    Evaluator<Interval> ei(prog);
    ei.evaluate(std::span<const Interval>{}, Order::Value);
    PrecisionScope scope(256);
    Evaluator<MpInterval> em(prog);
    em.evaluate(std::span<const MpInterval>{}, Order::Value);
    const MpInterval ref = MpInterval::from_decimal(exact[i]);  // within 1e-63 of the truth
    CHECK(lower(ei.value(0)) <= lower_double(ref));
    CHECK(upper_double(ref) <= upper(ei.value(0)));
    CHECK(width(ei.value(0)) <= 1e-15);
    CHECK(lower_double(em.value(0) - ref) >= -1e-60);
    CHECK(upper_double(em.value(0) - ref) <= 1e-60);
  }
}
