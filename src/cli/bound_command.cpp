#include <iostream>
#include <map>

#include <fmt/format.h>

#include "bound/ball.hpp"
#include "bound/ball_branch_and_bound.hpp"
#include "bound/box_bounder.hpp"
#include "bound/perturbation_bound.hpp"
#include "arith/precision.hpp"
#include "arith/with_precision.hpp"
#include "cli/commands.hpp"
#include "api/exact_json.hpp"
#include "api/json_numbers.hpp"
#include "api/problem_spec.hpp"
#include "expr/evaluator.hpp"

namespace gdcert {
namespace {

using json = nlohmann::json;

struct BoundFlags {
  std::string expr, residuals, scale = "1", vars, box, center, radius, budget = "2s";
  unsigned precision = 0;
  bool json = false;
  Deadline run_start;  // the --budget covers the whole run
};

// "x=[0.5,2],y=[1,3]" -> one (lo, hi) text pair per variable, in the objective's order.
// A hand-written scanner (std::regex recursed once per character and overflowed the stack on
// long input): items name = [lo, hi] separated by commas, blanks allowed around the parts.
std::vector<std::pair<ExactNumber, ExactNumber>> parse_box(const std::string& text,
                                                           const std::vector<std::string>& vars) {
  std::map<std::string, std::pair<ExactNumber, ExactNumber>> given;
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  auto is_alnum = [&](char c) { return is_alpha(c) || (c >= '0' && c <= '9'); };
  auto skip = [&] {
    while (i < n && is_space(text[i])) ++i;
  };
  auto fail = [&](std::size_t at, const std::string& what) {
    throw std::invalid_argument("--box: " + what + " at position " + std::to_string(at + 1) + " of \"" + text + "\"");
  };
  auto number = [&](std::size_t b, std::size_t e) {
    try {
      return parse_number(std::string_view(text).substr(b, e - b));
    } catch (const NumberError& err) {
      fail(b + err.position, err.what());
      throw;  // not reached: fail throws
    }
  };
  while (i < n) {
    const std::size_t item = i;
    skip();
    const std::size_t name_begin = i;
    if (i >= n || !is_alpha(text[i])) fail(item, "expected name=[lo,hi]");
    while (i < n && is_alnum(text[i])) ++i;
    const std::string name = text.substr(name_begin, i - name_begin);
    skip();
    if (i >= n || text[i] != '=') fail(item, "expected name=[lo,hi]");
    ++i;
    skip();
    if (i >= n || text[i] != '[') fail(item, "expected name=[lo,hi]");
    const std::size_t lo_begin = ++i;
    while (i < n && text[i] != ',' && text[i] != ']') ++i;
    if (i >= n || text[i] != ',') fail(item, "expected name=[lo,hi]");
    const std::size_t lo_end = i++, hi_begin = i;
    while (i < n && text[i] != ']') ++i;
    if (i >= n) fail(item, "expected name=[lo,hi]");
    const std::size_t hi_end = i++;
    skip();
    if (i < n) {
      if (text[i] != ',') fail(item, "expected name=[lo,hi]");
      ++i;
    }
    ExactNumber lo = number(lo_begin, lo_end), hi = number(hi_begin, hi_end);
    if (lo.enclosure.lower() > hi.enclosure.upper())
      throw std::invalid_argument("--box: empty interval for " + name);
    if (!given.emplace(name, std::make_pair(lo, hi)).second)
      throw std::invalid_argument("--box: variable " + name + " given twice");
  }
  std::vector<std::pair<ExactNumber, ExactNumber>> out;
  for (const auto& v : vars) {
    auto f = given.find(v);
    if (f == given.end()) throw std::invalid_argument("--box: no interval for variable " + v);
    out.push_back(f->second);
    given.erase(f);
  }
  if (!given.empty()) throw std::invalid_argument("--box: unknown variable " + given.begin()->first);
  return out;
}

template <class T>
json interval_json(const T& x) {
  return print_interval(as_interval(x));
}

template <class T>
json bound_report(const Objective& f, const BoundFlags& flags) {
  using Tr = ScalarTraits<T>;
  json j;
  j["function"] = f.describe();
  j["variables"] = f.variables();
  Box<T> X;
  std::optional<Ball<T>> ball;
  if (!flags.box.empty()) {
    for (auto& [lo, hi] : parse_box(flags.box, f.variables()))
      X.push_back(hull(Tr::from_number(lo), Tr::from_number(hi)));
    j["region"] = "box";
  } else {
    std::vector<ExactNumber> c;
    for (const auto& t : split_list(flags.center)) c.push_back(parse_number(t));
    if (c.size() != f.dimension()) throw std::invalid_argument("--center must have one coordinate per variable");
    ExactNumber r = parse_number(flags.radius);
    if (!(r.enclosure.lower() > 0)) throw std::invalid_argument("--radius must be positive");
    ball = make_ball<T>(c, r);
    X = bounding_box(*ball);
    j["region"] = "ball";
  }
  Evaluator<T> ev(f.function());
  Truth ok = ev.evaluate(std::span<const T>(X), Order::Hessian);
  j["smooth_on_region"] = to_string(ok);
  j["value"] = interval_json(ev.value(0));
  json grad = json::array();
  for (const auto& g : ev.gradient(0)) grad.push_back(interval_json(g));
  j["gradient"] = grad;
  if (ball) {
    double L1 = 0, L2 = 0;
    for (const auto& g : ev.gradient(0)) L1 = std::max(L1, Tr::upper_bound(abs(g)));
    for (const auto& h : ev.hessian(0)) L2 = std::max(L2, Tr::upper_bound(abs(h.value)));
    double hn = symmetric_norm2_upper<T>(ev.hessian(0), f.dimension());
    bool smooth = is_true(ok);
    j["L1"] = smooth ? print_upper(L1) : json(nullptr);
    j["L2"] = smooth ? print_upper(L2) : json(nullptr);
    j["hessian_norm"] = smooth ? print_upper(hn) : json(nullptr);
    j["lipschitz_note"] = "L1 = sup max_i |d_i f|, L2 = sup max_ij |d_i d_j f|, hessian_norm = sup ||Hess f||_2, "
                          "all over the ball (via its bounding box)";
    BoxBounder<T> bounder(f);
    BudgetClock clock(parse_budget(flags.budget, flags.run_start));
    AlphaLowerBound a = f.dimension() <= 12 ? ball_alpha_lower<T>(bounder, *ball, INFINITY, clock)
                                            : AlphaLowerBound{};
    RatioBound best{a.lower, a.method, Truth::True};
    best = better(best, perturbation_ratio_lower<T>(f, *ball));
    // A box whose f is not proved positive contributes "0: nothing proved", a lower bound of
    // |grad f|^2 / f only where f >= 0 is known: where f < 0 the ratio is negative, and
    // unbounded below next to a zero of f (x^2 - 2x + 0.9 on B(1, 0.5)). So 0 is reported only
    // for an f that is non-negative by its form or by its enclosure over the ball's bounding
    // box; otherwise nothing (null, "-inf").
    const bool f_nonnegative = is_true(ok) && Tr::lower_bound(ev.value(0)) >= 0;
    const bool lower_valid = best.lower > 0 || f.structurally_nonnegative() || f_nonnegative;
    j["ratio_lower"] = lower_valid ? print_lower(best.lower) : json(nullptr);
    j["ratio_bound_used"] = lower_valid ? best.method
                                        : "none (f >= 0 is not known on the whole ball, so no lower bound of the ratio)";
    j["boxes"] = a.boxes;
    j["search_end"] = a.stalled ? "stalled (the weakest box bound stopped improving)"
                      : a.budget_exhausted ? "budget" : "complete";
  }
  return j;
}

int run_bound(BoundFlags& flags) {
  flags.run_start = std::chrono::steady_clock::now();
  parse_budget(flags.budget);  // a bad budget is reported before the expression is parsed
  if (flags.expr.empty() == flags.residuals.empty())
    throw std::invalid_argument("give exactly one of --expr and --residuals");
  if (flags.box.empty() == (flags.center.empty() && flags.radius.empty()))
    throw std::invalid_argument("give either --box or --center with --radius");
  if (flags.box.empty() && (flags.center.empty() || flags.radius.empty()))
    throw std::invalid_argument("a ball needs both --center and --radius");
  auto vars = flags.vars.empty() ? std::vector<std::string>{} : split_list(flags.vars);
  Objective f = flags.expr.empty() ? Objective::from_residuals(flags.residuals, vars, parse_number(flags.scale))
                                   : Objective::from_expression(flags.expr, vars);
  json j = with_precision(flags.precision, [&](auto scalar) { return bound_report<decltype(scalar)>(f, flags); });
  j["precision_bits"] = flags.precision ? flags.precision : 53;
  if (flags.json) {
    std::cout << dump_json(j, 2) << std::endl;
    return 0;
  }
  // Text: every bound with 12 significant digits, rounded outward.
  auto num = [](const json& v, bool upper) {
    if (v.is_null()) return std::string(upper ? "inf" : "-inf");
    return upper ? decimal_above(v.get<double>(), 12) : decimal_below(v.get<double>(), 12);
  };
  auto range = [&](const json& pair) {
    if (pair.is_null()) return std::string("empty");
    return "[" + num(pair[0], false) + ", " + num(pair[1], true) + "]";
  };
  std::cout << "Rigorous enclosures over the " << j["region"].get<std::string>() << " ("
            << j["precision_bits"] << "-bit interval arithmetic)\n";
  std::cout << "  " << f.describe() << "\n";
  std::size_t width = 1;
  for (const auto& v : f.variables()) width = std::max(width, v.size());
  std::cout << "  f" << std::string(width + 4, ' ') << " in " << range(j["value"]) << "\n";
  for (std::size_t i = 0; i < f.dimension(); ++i)
    std::cout << "  df/d" << f.variables()[i] << std::string(width + 1 - f.variables()[i].size(), ' ') << " in "
              << range(j["gradient"][i]) << "\n";
  if (j["smooth_on_region"] != "true")
    std::cout << "  note: f is not proved defined and twice differentiable on the whole region; the\n"
                 "        enclosures cover only the points where each operation is defined\n";
  if (j.contains("ratio_lower")) {
    if (j["ratio_lower"].is_null())
      std::cout << "  |grad f|^2/f: no lower bound (f >= 0 is not known on the whole ball)\n";
    else
      std::cout << "  |grad f|^2/f >= " << num(j["ratio_lower"], false) << " ("
                << j["ratio_bound_used"].get<std::string>() << " bound)\n";
    std::cout << "  L1 <= " << num(j["L1"], true) << ", L2 <= " << num(j["L2"], true) << ", ||Hess f||_2 <= "
              << num(j["hessian_norm"], true) << "  (over the ball)\n";
  }
  return 0;
}

}  // namespace

void add_bound_command(CLI::App& app, int& status) {
  auto flags = std::make_shared<BoundFlags>();
  CLI::App* cmd = app.add_subcommand("bound", "Rigorous enclosures of f, its gradient and |grad f|^2/f on a box or ball");
  cmd->footer(
      "Examples:\n"
      "  gdcert bound --expr \"x^y\" --box \"x=[0.5,2],y=[1,3]\" --json\n"
      "  gdcert bound --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5\n"
      "  gdcert bound --expr \"exp(x)\" --box \"x=[0.1,0.1]\" --precision 256   # the exact value, enclosed");
  cmd->add_option("--expr", flags->expr, "f as an expression");
  cmd->add_option("--residuals", flags->residuals, "f = scale * sum r_i^2 with \"r1; r2; ...\"");
  cmd->add_option("--scale", flags->scale, "factor c for --residuals (default 1)");
  cmd->add_option("--vars", flags->vars, "variable order (default: alphabetical)");
  cmd->add_option("--box", flags->box, "box, e.g. \"x=[0.5,2],y=[1,3]\"");
  cmd->add_option("--center,--centre", flags->center, "ball centre, e.g. 2,0.3 (use --center=-1,2 for a leading minus)");
  cmd->add_option("--radius", flags->radius, "ball radius");
  cmd->add_option("--budget", flags->budget, "limit of the whole run (the ratio bound on a ball): seconds, boxes (capped at 60 s) or both, e.g. 500boxes,2s (default 2s)");
  cmd->add_option("--precision", flags->precision, "MPFR interval bits (default: double intervals)")
      ->check(CLI::Range(kMinPrecisionBits, kMaxPrecisionBits));
  cmd->add_flag("--json", flags->json, "print one JSON object");
  cmd->callback([flags, &status] { status = run_bound(*flags); });
}

}  // namespace gdcert
