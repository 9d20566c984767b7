// Structural recognition of f = c * sum_i g_i^2. Only the shape is inspected; no algebra is
// done, so a form that is not literally written as squares is (conservatively) not recognised.
//
// Accepted: g^2, g^(2m) (as (g^m)^2), g*g; sums of those; c*(sum) or (sum)*c with a positive
// literal c; or c*g_i^2 on every term with the same literal c (the same text): then f = c sum g_i^2
// with the user's c. Otherwise sums of c_i * g_i^2 and sum / c_i, nested, with each c_i a constant
// subexpression built from positive literals, pi and e by + * / and sqrt (as written: 100*(y-x^2)^2,
// 2*(3*x^2 + 3*y^2), (x^2 + y^2)/2): then f = 1 * sum (sqrt(c_i) g_i)^2, sqrt(c_i) enclosed like any
// other node, so nothing is rounded.
//
// Weighted: h * S or S * h, with S one of the shapes above (possibly weighted again) and h any
// expression of the variables that is not itself square- or sum-shaped ((x^2+y^2-1)^2*exp(x)).
// Then f = sum (sqrt(c_i h_i) g_i)^2 with h_i the product of the weights over term i, which
// holds only where every weight is > 0: the weights are listed in SquaresForm::weights for the
// layers above to prove positive on the region they use. A weight that is a constant expression
// (-2*x^2, sin(1)*x^2) is not recognised: a positive one is a factor c_i when written with
// literals, and a constant weight gains nothing from being proved positive on a ball.
#include <algorithm>
#include <optional>
#include <stdexcept>

#include "expr/program.hpp"

namespace gdcert {
namespace {

struct Square {
  std::int32_t base;  // node of the original program
  std::int32_t half;  // the residual is base^half (half == 1: base itself)
};

std::optional<Square> as_square(const Program& p, std::int32_t i) {
  const Node& n = p.nodes()[i];
  if (n.op == Op::Pown && n.k >= 2 && n.k % 2 == 0) return Square{n.a, n.k / 2};
  if (n.op == Op::Mul && n.a == n.b) return Square{n.a, 1};
  return std::nullopt;
}

// The positive literal factor of c*x or x*c: returns {constant index, other operand}.
std::optional<std::pair<std::int32_t, std::int32_t>> split_scale(const Program& p,
                                                                 std::int32_t i) {
  const Node& n = p.nodes()[i];
  if (n.op != Op::Mul || n.a == n.b) return std::nullopt;
  auto positive = [&](std::int32_t j) {
    const Node& c = p.nodes()[j];
    return c.op == Op::Constant && p.constants()[c.k].enclosure.lower() > 0;
  };
  if (positive(n.a)) return std::pair{p.nodes()[n.a].k, n.b};
  if (positive(n.b)) return std::pair{p.nodes()[n.b].k, n.a};
  return std::nullopt;
}

// A constant subexpression that is positive by construction: positive literals, pi, e, and
// +, *, / and sqrt of such (walked with an explicit stack: no recursion on user input).
bool positive_constant(const Program& p, std::int32_t root) {
  std::vector<std::int32_t> stack{root};
  while (!stack.empty()) {
    const Node& n = p.nodes()[stack.back()];
    stack.pop_back();
    switch (n.op) {
      case Op::Constant:
        if (!(p.constants()[n.k].enclosure.lower() > 0)) return false;
        break;
      case Op::Pi:
      case Op::Euler:
        break;
      case Op::Add:
      case Op::Mul:
      case Op::Div:
        stack.push_back(n.a), stack.push_back(n.b);
        break;
      case Op::Sqrt:
        stack.push_back(n.a);
        break;
      default:
        return false;
    }
  }
  return true;
}

// Per node, bottom-up in one pass over the nodes (stored operands first, so no recursion on
// user input): whether it depends on a variable, and whether it is square- or sum-shaped (a
// square, a sum, or one of those scaled or weighted on one side only). This decides which side
// of a product h * S is the weight h.
struct Shapes {
  std::vector<char> variable, shaped;
};
Shapes shapes_of(const Program& p) {
  const auto& nodes = p.nodes();
  Shapes s{std::vector<char>(nodes.size(), 0), std::vector<char>(nodes.size(), 0)};
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    s.variable[i] = n.op == Op::Variable || (n.a >= 0 && s.variable[n.a]) || (n.b >= 0 && s.variable[n.b]);
    if (!s.variable[i]) continue;  // a constant is a factor, never the squares side
    if (as_square(p, std::int32_t(i)) || n.op == Op::Add) s.shaped[i] = 1;
    else if (n.op == Op::Mul) s.shaped[i] = s.shaped[n.a] != s.shaped[n.b];
    else if (n.op == Op::Div) s.shaped[i] = s.shaped[n.a] && !s.variable[n.b];
  }
  return s;
}

// The general form: f = sum_i (prod_j c_ij^(+-1)) (prod_k h_ik) g_i^2 with positive constant
// factors c_ij and weights h_ik, nested sums allowed. Residuals sqrt(prod_j c_ij^(+-1) prod_k h_ik) * g_i,
// scale 1; the weights are recorded, since the form holds only where they are > 0.
std::optional<SquaresForm> scaled_squares(const Program& program) {
  struct Factor {
    std::int32_t node;
    bool inverse;
  };
  struct Item {
    std::int32_t node;
    std::vector<Factor> factors;
    std::vector<std::int32_t> weights;
  };
  struct Term {
    Square square;
    std::vector<Factor> factors;
    std::vector<std::int32_t> weights;
  };
  const Shapes shapes = shapes_of(program);
  std::vector<Term> terms;
  std::vector<std::int32_t> constant_terms;
  std::vector<Item> stack{{program.outputs()[0], {}, {}}};
  while (!stack.empty()) {
    Item it = std::move(stack.back());
    stack.pop_back();
    const Node& n = program.nodes()[it.node];
    if (auto sq = as_square(program, it.node)) {
      terms.push_back(Term{*sq, std::move(it.factors), std::move(it.weights)});
    } else if (n.op == Op::Add) {
      stack.push_back(Item{n.b, it.factors, it.weights});
      stack.push_back(Item{n.a, std::move(it.factors), std::move(it.weights)});
    } else if (n.op == Op::Mul && positive_constant(program, n.a)) {
      it.factors.push_back(Factor{n.a, false});
      stack.push_back(Item{n.b, std::move(it.factors), std::move(it.weights)});
    } else if (n.op == Op::Mul && positive_constant(program, n.b)) {
      it.factors.push_back(Factor{n.b, false});
      stack.push_back(Item{n.a, std::move(it.factors), std::move(it.weights)});
    } else if (n.op == Op::Div && positive_constant(program, n.b)) {
      it.factors.push_back(Factor{n.b, true});
      stack.push_back(Item{n.a, std::move(it.factors), std::move(it.weights)});
    } else if (n.op == Op::Mul && shapes.variable[n.a] && shapes.variable[n.b] &&
               shapes.shaped[n.a] != shapes.shaped[n.b]) {
      // h * S: the weight is the side that is not square- or sum-shaped (both shaped, as in
      // x^2*y^2, is ambiguous and left unrecognised).
      const bool a_is_squares = shapes.shaped[n.a];
      it.weights.push_back(a_is_squares ? n.b : n.a);
      stack.push_back(Item{a_is_squares ? n.a : n.b, std::move(it.factors), std::move(it.weights)});
    } else if (it.factors.empty() && it.weights.empty() && positive_constant(program, it.node)) {
      // Only an unweighted positive constant k is a constant residual sqrt(k) ("f > 0 everywhere,
      // no zero": Objective::positive_constant_terms). Under a weight, h*k is neither constant
      // nor positive where h is not, so that claim would be false: such an f is not recognised.
      constant_terms.push_back(it.node);
    } else {
      return std::nullopt;
    }
  }
  if (terms.empty()) return std::nullopt;  // a constant alone is not a sum of squares of interest
  // A positive constant term means "f > 0 everywhere" only when every other term is >= 0
  // everywhere; beside a weighted term (x*(y-1)^2 + 0.01) that fails where the weight is < 0.
  const bool weighted = std::any_of(terms.begin(), terms.end(), [](const Term& t) { return !t.weights.empty(); });
  if (weighted && !constant_terms.empty()) return std::nullopt;
  SquaresForm form{Program(program.variables()), parse_number("1"), {}, Program(program.variables())};
  std::vector<std::int32_t> memo(program.nodes().size(), -1), weight_memo(program.nodes().size(), -1);
  std::vector<char> listed(program.nodes().size(), 0);
  for (const Term& t : terms) {
    std::int32_t r = form.residuals.import_node(program, t.square.base, memo);
    if (t.square.half != 1) r = form.residuals.add_node({Op::Pown, r, -1, t.square.half});
    if (!t.factors.empty() || !t.weights.empty()) {
      std::int32_t c = -1;
      for (const Factor& f : t.factors) {
        std::int32_t v = form.residuals.import_node(program, f.node, memo);
        if (c < 0) c = f.inverse ? form.residuals.add_node({Op::Div, form.residuals.add_constant_node(parse_number("1")), v, 0}) : v;
        else c = form.residuals.add_node({f.inverse ? Op::Div : Op::Mul, c, v, 0});
      }
      for (std::int32_t h : t.weights) {
        std::int32_t v = form.residuals.import_node(program, h, memo);
        c = c < 0 ? v : form.residuals.add_node({Op::Mul, c, v, 0});
        if (!listed[h]) {
          listed[h] = 1;
          form.weights.add_output(form.weights.import_node(program, h, weight_memo), to_text(program, h));
        }
      }
      std::int32_t root = form.residuals.add_node({Op::Sqrt, c, -1, 0});
      r = form.residuals.add_node({Op::Mul, root, r, 0});
    }
    form.residuals.add_output(r, to_text(form.residuals, r));
  }
  for (std::int32_t k : constant_terms) {
    std::int32_t r = form.residuals.add_node({Op::Sqrt, form.residuals.import_node(program, k, memo), -1, 0});
    form.residuals.add_output(r, to_text(form.residuals, r));
    form.positive_constants.push_back(to_text(program, k));
  }
  return form;
}

}  // namespace

std::optional<SquaresForm> as_sum_of_squares(const Program& program) {
  if (program.num_outputs() != 1) return std::nullopt;
  std::int32_t body = program.outputs()[0];
  std::optional<std::int32_t> outer;  // constant index
  if (auto s = split_scale(program, body); s && !as_square(program, body)) {
    outer = s->first;
    body = s->second;
  }

  // Flatten the sum, keeping left-to-right order of the terms.
  std::vector<std::int32_t> terms, stack{body};
  while (!stack.empty()) {
    const std::int32_t i = stack.back();
    stack.pop_back();
    const Node& n = program.nodes()[i];
    if (n.op == Op::Add) {
      stack.push_back(n.b);
      stack.push_back(n.a);
    } else {
      terms.push_back(i);
    }
  }

  std::vector<Square> squares;
  std::optional<std::int32_t> inner;  // common per-term constant index
  for (std::size_t t = 0; t < terms.size(); ++t) {
    std::int32_t term = terms[t];
    std::optional<std::int32_t> scale;
    if (!as_square(program, term)) {
      auto s = split_scale(program, term);
      if (!s) return scaled_squares(program);
      scale = s->first;
      term = s->second;
    }
    // Constants with the same text share one index, so equal indices mean the same literal.
    if (t == 0) inner = scale;
    else if (scale != inner) return scaled_squares(program);
    auto sq = as_square(program, term);
    if (!sq) return scaled_squares(program);
    squares.push_back(*sq);
  }
  if (outer && inner) return scaled_squares(program);  // c1 * sum c2 g^2: one factor per term

  SquaresForm form{Program(program.variables()), parse_number("1"), {}, Program(program.variables())};
  if (outer || inner) form.scale = program.constants()[outer ? *outer : *inner];
  std::vector<std::int32_t> memo(program.nodes().size(), -1);
  for (const Square& sq : squares) {
    std::int32_t r = form.residuals.import_node(program, sq.base, memo);
    if (sq.half != 1) r = form.residuals.add_node({Op::Pown, r, -1, sq.half});
    form.residuals.add_output(r, to_text(form.residuals, r));
  }
  return form;
}

Program output_program(const Program& program, std::size_t k) {
  if (k >= program.num_outputs()) throw std::invalid_argument("output_program: output out of range");
  Program out(program.variables());
  std::vector<std::int32_t> memo(program.nodes().size(), -1);
  out.add_output(out.import_node(program, program.outputs()[k], memo), program.output_texts()[k]);
  return out;
}

Program sum_of_squares_program(const Program& residuals, const ExactNumber& scale) {
  Program f(residuals.variables());
  std::vector<std::int32_t> memo(residuals.nodes().size(), -1);
  std::int32_t sum = -1;
  std::string text;
  for (std::size_t i = 0; i < residuals.num_outputs(); ++i) {
    std::int32_t r = f.import_node(residuals, residuals.outputs()[i], memo);
    std::int32_t sq = f.add_node(Node{Op::Pown, r, -1, 2});
    sum = sum < 0 ? sq : f.add_node(Node{Op::Add, sum, sq, 0});
    text += (i ? " + (" : "(") + residuals.output_texts()[i] + ")^2";
  }
  if (sum < 0) throw std::invalid_argument("a sum of squares needs at least one residual");
  std::int32_t c = f.add_constant_node(scale);
  f.add_output(f.add_node(Node{Op::Mul, c, sum, 0}), scale.text + "*(" + text + ")");
  return f;
}

}  // namespace gdcert
