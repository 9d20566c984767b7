// Recursive descent over the grammar
//
//   program := output (';' output)*
//   output  := sum
//   sum     := product (('+' | '-') product)*
//   product := unary (('*' | '/') unary)*
//   unary   := ('+' | '-') unary | power
//   power   := primary ('^' unary)?          right-associative, tighter than a leading minus
//   primary := number | name | function '(' sum ')' | '(' sum ')'
//
// so -x^2 = -(x^2), 2^3^2 = 2^9, and a sign may follow a binary operator: 2*-3 = -6,
// 2^-1 = 0.5, 1 - -1 = 2 (as in most calculators and Python).
//
// The text is first parsed into a small tree, then lowered into the Program: the variable
// order (natural unless given: x2 before x10) is only known at the end, a minus sign in front of a
// literal is folded into the literal (so "-0.1" is enclosed as the exact number -1/10), and a
// literal exponent with an integer value becomes Pown without leaving an unused constant node.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>

#include "expr/program.hpp"

namespace gdcert {
// Runs of digits compare by their numeric value (x2 < x10), everything else character by
// character; names equal in that order (x01, x1) fall back to plain string order.
bool natural_less(std::string_view a, std::string_view b) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t i0 = i, j0 = j;
      while (i0 < a.size() && a[i0] == '0') ++i0;
      while (j0 < b.size() && b[j0] == '0') ++j0;
      std::size_t i1 = i0, j1 = j0;
      while (i1 < a.size() && digit(a[i1])) ++i1;
      while (j1 < b.size() && digit(b[j1])) ++j1;
      if (i1 - i0 != j1 - j0) return i1 - i0 < j1 - j0;
      if (int c = a.substr(i0, i1 - i0).compare(b.substr(j0, j1 - j0)); c != 0) return c < 0;
      i = i1, j = j1;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i, ++j;
    }
  }
  if (i < a.size() || j < b.size()) return j < b.size();
  return a < b;
}

namespace {

struct FunctionName {
  const char* name;
  Op op;
};
constexpr std::array<FunctionName, 13> kFunctions = {{
    {"exp", Op::Exp}, {"log", Op::Log}, {"sqrt", Op::Sqrt}, {"sin", Op::Sin}, {"cos", Op::Cos},
    {"tan", Op::Tan}, {"atan", Op::Atan}, {"tanh", Op::Tanh}, {"sinh", Op::Sinh},
    {"cosh", Op::Cosh}, {"sigmoid", Op::Sigmoid}, {"softplus", Op::Softplus}, {"abs", Op::Abs},
}};

const FunctionName* find_function(std::string_view name) {
  for (const auto& f : kFunctions)
    if (name == f.name) return &f;
  return nullptr;
}
bool is_constant_name(std::string_view name) { return name == "pi" || name == "e"; }

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string quoted(char c) { return std::string("'") + c + "'"; }

// Largest |k| written as x^k that becomes Pown; beyond it the real power is used (same value).
constexpr double kMaxIntegerExponent = 1 << 20;

struct Ast {
  Op op;
  std::int32_t a = -1, b = -1;
  std::int32_t k = 0;   // Pown exponent
  std::string name;     // variable name
  ExactNumber number;   // Constant
};
Ast ast(Op op, std::int32_t a = -1, std::int32_t b = -1, std::int32_t k = 0) {
  Ast x;
  x.op = op, x.a = a, x.b = b, x.k = k;
  return x;
}

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options) : s_(text), opt_(options) {}

  Program run() {
    check_variable_list();
    std::vector<std::int32_t> roots;
    std::vector<std::string> texts;
    skip_blanks();
    if (at_end()) throw ParseError("empty expression", 0);
    while (true) {
      skip_blanks();
      const std::size_t begin = pos_;
      if (at_end() || peek() == ';')
        throw ParseError(roots.empty() && at_end() ? "empty expression"
                                                   : "empty output between ';'",
                         pos_);
      roots.push_back(sum());
      texts.push_back(trimmed(begin, pos_));
      skip_blanks();
      if (at_end()) break;
      const char c = peek();
      if (c == ';') {
        if (!opt_.allow_multiple_outputs)
          throw ParseError("';' separates several outputs, which are not allowed here", pos_);
        ++pos_;
        continue;
      }
      if (c == ')') throw ParseError("unbalanced parenthesis: ')' without a matching '('", pos_);
      if (is_ident_char(c) || c == '(' || c == '.')
        throw ParseError("trailing input '" + std::string(s_.substr(pos_, 12)) +
                             "' after a complete expression (missing operator?)",
                         pos_);
      throw ParseError("unexpected character " + quoted(c), pos_);
    }
    return lower(roots, texts);
  }

 private:
  std::string_view s_;
  const ParseOptions& opt_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::vector<Ast> ast_;
  std::vector<std::string> seen_vars_;

  bool at_end() const { return pos_ >= s_.size(); }
  char peek() const { return s_[pos_]; }
  void skip_blanks() {
    while (!at_end() && is_space(peek())) ++pos_;
  }
  std::string trimmed(std::size_t b, std::size_t e) const {
    while (b < e && is_space(s_[b])) ++b;
    while (e > b && is_space(s_[e - 1])) --e;
    return std::string(s_.substr(b, e - b));
  }
  std::int32_t push(Ast node) {
    ast_.push_back(std::move(node));
    return static_cast<std::int32_t>(ast_.size() - 1);
  }

  void check_variable_list() const {
    const auto& vars = opt_.variables;
    for (std::size_t i = 0; i < vars.size(); ++i) {
      const std::string& v = vars[i];
      const std::string where = "variable list: ";
      if (v.empty() || !is_ident_start(v[0]) ||
          !std::all_of(v.begin(), v.end(), is_ident_char))
        throw ParseError(where + "'" + v + "' is not a valid variable name", 0);
      if (find_function(v) || is_constant_name(v))
        throw ParseError(where + "'" + v + "' is a reserved name", 0);
      if (std::find(vars.begin(), vars.begin() + i, v) != vars.begin() + i)
        throw ParseError(where + "'" + v + "' is listed twice", 0);
    }
  }

  std::int32_t sum() {
    std::int32_t left = product();
    while (true) {
      skip_blanks();
      if (at_end() || (peek() != '+' && peek() != '-')) return left;
      const Op op = peek() == '+' ? Op::Add : Op::Sub;
      ++pos_;
      const std::int32_t right = product();
      left = push(ast(op, left, right));
    }
  }

  std::int32_t product() {
    std::int32_t left = unary();
    while (true) {
      skip_blanks();
      if (at_end() || (peek() != '*' && peek() != '/')) return left;
      const Op op = peek() == '*' ? Op::Mul : Op::Div;
      ++pos_;
      const std::int32_t right = unary();
      left = push(ast(op, left, right));
    }
  }

  std::int32_t unary() {
    skip_blanks();
    if (!at_end() && (peek() == '+' || peek() == '-')) {
      const bool minus = peek() == '-';
      ++pos_;
      const std::int32_t operand = nested([&] { return unary(); });
      if (!minus) return operand;
      Ast& x = ast_[operand];
      if (x.op == Op::Constant) {  // fold: the literal -0.1 is the exact number -1/10
        const std::string& t = x.number.text;
        x.number = parse_number(t.starts_with('-') ? t.substr(1) : "-" + t);
        return operand;
      }
      return push(ast(Op::Neg, operand));
    }
    return power();
  }

  std::int32_t power() {
    const std::int32_t base = primary();
    skip_blanks();
    if (at_end() || peek() != '^') return base;
    ++pos_;
    const std::int32_t exponent = nested([&] { return unary(); });
    const Ast& e = ast_[exponent];
    if (e.op == Op::Constant && e.number.exact && std::trunc(e.number.nearest) == e.number.nearest &&
        std::fabs(e.number.nearest) <= kMaxIntegerExponent) {
      // The literal itself stays unreferenced in ast_ and is never lowered.
      return push(ast(Op::Pown, base, -1, static_cast<std::int32_t>(e.number.nearest)));
    }
    return push(ast(Op::Pow, base, exponent));
  }

  template <class F>
  std::int32_t nested(F&& f) {
    // Bounded recursion: a pathological input must give an error, not a stack overflow.
    if (++depth_ > kMaxExpressionNesting)
      throw ParseError("expression nested too deeply (more than " + std::to_string(kMaxExpressionNesting) +
                           " levels of parentheses, signs, exponents or function calls)",
                       pos_);
    const std::int32_t r = f();
    --depth_;
    return r;
  }

  std::int32_t primary() {
    skip_blanks();
    if (at_end()) throw ParseError("unexpected end of input: expected an operand", pos_);
    const char c = peek();
    if (is_digit(c) || (c == '.' && pos_ + 1 < s_.size() && is_digit(s_[pos_ + 1])))
      return number();
    if (is_ident_start(c)) return name();
    if (c == '(') {
      const std::size_t open = pos_++;
      skip_blanks();
      if (!at_end() && peek() == ')') throw ParseError("empty parentheses", open);
      const std::int32_t inner = nested([&] { return sum(); });
      close_parenthesis(open);
      return inner;
    }
    if (c == ')') throw ParseError("expected an operand before ')'", pos_);
    if (c == ';') throw ParseError("expected an operand before ';'", pos_);
    if (c == '*' || c == '/' || c == '^')
      throw ParseError("unexpected " + quoted(c) + ": expected an operand", pos_);
    throw ParseError("unexpected character " + quoted(c), pos_);
  }

  void close_parenthesis(std::size_t open) {
    skip_blanks();
    if (!at_end() && peek() == ')') {
      ++pos_;
      return;
    }
    if (at_end() || peek() == ';')
      throw ParseError("unbalanced parenthesis: '(' is never closed", open);
    const char c = peek();
    if (is_ident_char(c) || c == '(' || c == '.')
      throw ParseError("unexpected " + quoted(c) + ": expected an operator or ')'", pos_);
    throw ParseError("unexpected character " + quoted(c), pos_);
  }

  std::int32_t number() {
    const std::size_t start = pos_;
    auto digits = [&](bool hex) {
      while (!at_end() && (hex ? std::isxdigit(static_cast<unsigned char>(peek())) != 0
                               : is_digit(peek())))
        ++pos_;
    };
    // An exponent marker is only part of the number when digits follow it, so "2e" in
    // "2exp(x)" or "2*e" is never swallowed.
    auto exponent = [&](char marker) {
      if (at_end() || std::tolower(static_cast<unsigned char>(peek())) != marker) return;
      std::size_t q = pos_ + 1;
      if (q < s_.size() && (s_[q] == '+' || s_[q] == '-')) ++q;
      if (q < s_.size() && is_digit(s_[q])) {
        pos_ = q;
        digits(false);
      }
    };
    const bool hex = pos_ + 1 < s_.size() && s_[pos_] == '0' &&
                     (s_[pos_ + 1] == 'x' || s_[pos_ + 1] == 'X');
    if (hex) pos_ += 2;
    digits(hex);
    if (!at_end() && peek() == '.') {
      ++pos_;
      digits(hex);
    }
    exponent(hex ? 'p' : 'e');
    const std::string text(s_.substr(start, pos_ - start));
    if (!at_end() && (is_ident_char(peek()) || peek() == '.'))
      throw ParseError("unexpected " + quoted(peek()) + " after the number '" + text + "'",
                       pos_);
    Ast node = ast(Op::Constant);
    try {
      node.number = parse_number(text);
    } catch (const NumberError& err) {
      throw ParseError(err.what(), start + err.position);
    }
    return push(std::move(node));
  }

  std::int32_t name() {
    const std::size_t start = pos_;
    while (!at_end() && is_ident_char(peek())) ++pos_;
    const std::string id(s_.substr(start, pos_ - start));
    skip_blanks();
    const bool call = !at_end() && peek() == '(';
    if (const FunctionName* f = find_function(id)) {
      if (!call) throw ParseError("function '" + id + "' must be followed by '('", pos_);
      const std::size_t open = pos_++;
      skip_blanks();
      if (!at_end() && peek() == ')')
        throw ParseError("function '" + id + "' needs an argument", pos_);
      const std::int32_t arg = nested([&] { return sum(); });
      close_parenthesis(open);
      return push(ast(f->op, arg));
    }
    if (is_constant_name(id)) {
      if (call) throw ParseError("'" + id + "' is a constant, not a function", start);
      return push(ast(id == "pi" ? Op::Pi : Op::Euler));
    }
    if (call) throw ParseError("unknown function '" + id + "'", start);
    const auto& vars = opt_.variables;
    if (!vars.empty() && std::find(vars.begin(), vars.end(), id) == vars.end()) {
      std::string list;
      for (const auto& v : vars) list += (list.empty() ? "" : ", ") + v;
      throw ParseError("variable '" + id + "' is not in --vars (" + list + ")", start);
    }
    if (std::find(seen_vars_.begin(), seen_vars_.end(), id) == seen_vars_.end())
      seen_vars_.push_back(id);
    Ast node = ast(Op::Variable);
    node.name = id;
    return push(std::move(node));
  }

  Program lower(const std::vector<std::int32_t>& roots, const std::vector<std::string>& texts) {
    std::vector<std::string> vars = opt_.variables;
    if (vars.empty()) {
      vars = seen_vars_;
      std::sort(vars.begin(), vars.end(), natural_less);
    }
    Program program(vars);
    // Children precede parents in ast_, so one forward pass lowers everything reachable.
    std::vector<char> used(ast_.size(), 0);
    for (std::int32_t r : roots) used[r] = 1;
    for (std::size_t i = ast_.size(); i-- > 0;) {
      if (!used[i]) continue;
      if (ast_[i].a >= 0) used[ast_[i].a] = 1;
      if (ast_[i].b >= 0) used[ast_[i].b] = 1;
    }
    std::vector<std::int32_t> node_of(ast_.size(), -1);
    for (std::size_t i = 0; i < ast_.size(); ++i) {
      if (!used[i]) continue;
      const Ast& x = ast_[i];
      if (x.op == Op::Constant) {
        node_of[i] = program.add_constant_node(x.number);
      } else if (x.op == Op::Variable) {
        const auto k = std::find(vars.begin(), vars.end(), x.name) - vars.begin();
        node_of[i] = program.add_node({Op::Variable, -1, -1, static_cast<std::int32_t>(k)});
      } else {
        node_of[i] = program.add_node({x.op, x.a >= 0 ? node_of[x.a] : -1,
                                       x.b >= 0 ? node_of[x.b] : -1, x.k});
      }
    }
    for (std::size_t o = 0; o < roots.size(); ++o) program.add_output(node_of[roots[o]], texts[o]);
    return program;
  }
};

}  // namespace

Program parse_program(std::string_view text, const ParseOptions& options) {
  return Parser(text, options).run();
}

}  // namespace gdcert
