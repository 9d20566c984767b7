// Program: a parsed expression (or a list of them) as a DAG with shared common subexpressions.
//
//   Program p = parse_program("(x*y - 1)^2", {});          // variables: x, y (natural order)
//   Program r = parse_program("10*(y - x^2); 1 - x", {.variables = {"x", "y"},
//                                                    .allow_multiple_outputs = true});
//   r.num_outputs() == 2; r.variables() == {"x", "y"}
//
// Nodes are stored in topological order (operands before users); outputs index into them.
// Constants keep the text the user wrote, so each scalar type encloses the exact number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "arith/exact_number.hpp"

namespace gdcert {

struct ParseError : std::runtime_error {
  ParseError(const std::string& message, std::size_t pos);
  std::size_t position;  // 0-based offset into the text; what() says "position N+1: ..."
};

enum class Op : std::uint8_t {
  Constant,  // k = index into constants()
  Variable,  // k = variable index
  Add, Sub, Mul, Div,
  Neg,
  Pown,      // a ^ k, k an integer literal (may be negative)
  Pow,       // a ^ b, real exponent (domain a > 0)
  Sqrt, Exp, Log, Sin, Cos, Tan, Atan, Tanh, Sinh, Cosh, Sigmoid, Softplus, Abs,
  // The transcendental constants have no decimal text, so they are nodes of their own and each
  // scalar type supplies its own enclosure (ScalarTraits<T>::pi() / e()).
  Pi, Euler,
};
constexpr bool is_unary(Op op) { return op == Op::Neg || op == Op::Pown || (op >= Op::Sqrt && op <= Op::Abs); }
constexpr bool is_binary(Op op) { return (op >= Op::Add && op <= Op::Div) || op == Op::Pow; }
constexpr bool is_leaf(Op op) { return op == Op::Constant || op == Op::Variable || op == Op::Pi || op == Op::Euler; }
const char* op_name(Op op);

struct Node {
  Op op;
  std::int32_t a = -1;  // first operand (node index)
  std::int32_t b = -1;  // second operand
  std::int32_t k = 0;   // variable index, constant index or integer exponent
  bool operator==(const Node&) const = default;
};

class Program {
 public:
  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<ExactNumber>& constants() const { return constants_; }
  const std::vector<std::string>& variables() const { return variables_; }
  const std::vector<std::int32_t>& outputs() const { return outputs_; }
  const std::vector<std::string>& output_texts() const { return output_texts_; }
  std::size_t num_variables() const { return variables_.size(); }
  std::size_t num_outputs() const { return outputs_.size(); }

  // Building (used by the parser and by transformations): add_node returns the index of an
  // existing identical node when there is one (hash-consing), so common subexpressions are shared.
  // add_node also puts the operands of + and * in a canonical order (x*y and y*x are one node)
  // and throws std::invalid_argument for a malformed node (operand not yet defined, bad index).
  explicit Program(std::vector<std::string> variables = {});
  std::int32_t add_node(const Node& node);
  // Returns the index into constants() (not a node index); identical texts share one entry.
  std::int32_t add_constant(const ExactNumber& number);
  // Convenience: the Constant node for a number (adds the constant when new).
  std::int32_t add_constant_node(const ExactNumber& number);
  void add_output(std::int32_t node, std::string text);
  // Copies the subexpression `node` of `other` (same variable list) into this program and
  // returns its index here. `memo` (sized and filled with -1 by the caller for other.nodes())
  // maps nodes of `other` already copied, so several imports share their common parts.
  std::int32_t import_node(const Program& other, std::int32_t node, std::vector<std::int32_t>& memo);

 private:
  std::vector<Node> nodes_;
  std::vector<ExactNumber> constants_;
  std::vector<std::string> variables_;
  std::vector<std::int32_t> outputs_;
  std::vector<std::string> output_texts_;
  // hash-consing index lives in the .cpp
  struct Index;
  std::shared_ptr<Index> index_;
};

struct ParseOptions {
  // Variable order. Empty: the variables found, in natural order (x2 before x10, see
  // natural_less). Non-empty: every
  // variable in the text must be listed (else ParseError naming it); listed but unused is fine.
  std::vector<std::string> variables;
  // Allow "e1; e2; ..." (a residual system). Otherwise ';' is a parse error.
  bool allow_multiple_outputs = false;
};

// Syntax: numbers (decimal, scientific, C99 hex), variables [A-Za-z_][A-Za-z0-9_]*, + - * / ^,
// unary minus, parentheses, constants pi and e, functions exp log sqrt sin cos tan atan tanh
// sinh cosh sigmoid softplus abs. '^' is right-associative and binds tighter than unary minus
// (-x^2 = -(x^2), 2^3^2 = 512); a sign may follow a binary operator (2*-3 = -6, x^-2). A literal
// exponent with an exact integer value (2, -2, (-2), 2.0; |k| <= 2^20) gives Pown, anything else
// Pow. A minus in front of a literal is folded into it ("-0.1" is one Constant, exactly -1/10).
// pi and e are the nodes Op::Pi and Op::Euler. Errors: ParseError with the 0-based position.
// Nesting (parentheses, function calls, leading signs, exponents) is limited to
// kMaxExpressionNesting levels: the parser recurses per level, and the limit keeps it far from
// the stack's end also under AddressSanitizer. Length is not limited (sums and products are
// loops, and every walk over the DAG is iterative).
inline constexpr int kMaxExpressionNesting = 200;
Program parse_program(std::string_view text, const ParseOptions& options = {});

// The default variable order: digit runs compare by value (x1 < x2 < x10 < x11 < y), the rest
// character by character.
bool natural_less(std::string_view a, std::string_view b);

// f = c * sum_i g_i^2 with a literal c > 0 (c = 1 when absent), recognised structurally on a
// single-output program: (x*y-1)^2, 0.5*((a)^2 + (b)^2), (a)^2 + (b)^2 + ... . A term that is a
// positive constant k (e.g. the 0.01 of (x*y-1)^2 + 0.01) is the residual sqrt(k), and is listed
// in positive_constants: such an f is > 0 everywhere and has no zero.
// Weighted: h * S or S * h with S such a form and h an expression of the variables that is not
// square- or sum-shaped ((x^2+y^2-1)^2*exp(x), nested weights multiply): the residuals are
// sqrt(c_i h_i) g_i, and f = sum of their squares ONLY where every weight h_k > 0. The weights
// are the outputs of `weights` (same variables; none for an unweighted form), and a user of the
// residuals must prove them positive on its region (or rely on the residuals' evaluation being
// proved defined there, which needs h_k > 0). Weighted forms have no positive constant terms
// (such an f is not recognised).
// Returns the residual program (outputs g_i, same variables) and c, or nullopt.
struct SquaresForm {
  Program residuals;
  ExactNumber scale;
  std::vector<std::string> positive_constants;  // texts of the positive constant terms
  Program weights;                              // outputs h_k; the texts are output_texts()
};
std::optional<SquaresForm> as_sum_of_squares(const Program& program);

// The converse: the single-output program f = scale * sum_i r_i^2 for the outputs r_i of
// `residuals` (same variables), sharing the residuals' common subexpressions.
Program sum_of_squares_program(const Program& residuals, const ExactNumber& scale);

// The subexpression `node` as text that parse_program reads back to the same DAG (minimal
// parentheses, constants as written): for p = parse_program("(x*y-1)^2"),
// to_text(p, p.outputs()[0]) == "(x*y - 1)^2".
std::string to_text(const Program& program, std::int32_t node);

// Output k of `program` alone, as a single-output program with the same variables (e.g. one
// weight of a SquaresForm, so that its evaluation does not depend on the other outputs' domains).
Program output_program(const Program& program, std::size_t k);

}  // namespace gdcert
