#include "expr/program.hpp"

#include <deque>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace gdcert {

ParseError::ParseError(const std::string& message, std::size_t pos)
    : std::runtime_error("position " + std::to_string(pos + 1) + ": " + message), position(pos) {}

const char* op_name(Op op) {
  switch (op) {
    case Op::Constant: return "constant";
    case Op::Variable: return "variable";
    case Op::Add: return "+";
    case Op::Sub: return "-";
    case Op::Mul: return "*";
    case Op::Div: return "/";
    case Op::Neg: return "neg";
    case Op::Pown: return "pown";
    case Op::Pow: return "pow";
    case Op::Sqrt: return "sqrt";
    case Op::Exp: return "exp";
    case Op::Log: return "log";
    case Op::Sin: return "sin";
    case Op::Cos: return "cos";
    case Op::Tan: return "tan";
    case Op::Atan: return "atan";
    case Op::Tanh: return "tanh";
    case Op::Sinh: return "sinh";
    case Op::Cosh: return "cosh";
    case Op::Sigmoid: return "sigmoid";
    case Op::Softplus: return "softplus";
    case Op::Abs: return "abs";
    case Op::Pi: return "pi";
    case Op::Euler: return "e";
  }
  return "?";
}

struct Program::Index {
  struct NodeHash {
    std::size_t operator()(const Node& n) const {
      std::size_t h = static_cast<std::size_t>(n.op);
      for (std::int32_t v : {n.a, n.b, n.k}) h = h * 1000003u ^ static_cast<std::uint32_t>(v);
      return h;
    }
  };
  std::unordered_map<Node, std::int32_t, NodeHash> nodes;
  std::unordered_map<std::string, std::int32_t> constants;
};

Program::Program(std::vector<std::string> variables)
    : variables_(std::move(variables)), index_(std::make_shared<Index>()) {}

std::int32_t Program::add_node(const Node& node) {
  Node n = node;
  const auto count = static_cast<std::int32_t>(nodes_.size());
  auto check_operand = [&](std::int32_t i) {
    if (i < 0 || i >= count) throw std::invalid_argument("expression node operand out of range");
  };
  // Normalise unused fields so that equal nodes compare equal.
  if (is_leaf(n.op)) {
    n.a = n.b = -1;
    if (n.op == Op::Pi || n.op == Op::Euler) n.k = 0;
    const std::size_t limit = n.op == Op::Constant ? constants_.size() : variables_.size();
    if ((n.op == Op::Constant || n.op == Op::Variable) &&
        (n.k < 0 || static_cast<std::size_t>(n.k) >= limit))
      throw std::invalid_argument("expression node index out of range");
  } else if (is_unary(n.op)) {
    check_operand(n.a);
    n.b = -1;
    if (n.op != Op::Pown) n.k = 0;
  } else {
    check_operand(n.a);
    check_operand(n.b);
    n.k = 0;
    if ((n.op == Op::Add || n.op == Op::Mul) && n.b < n.a) std::swap(n.a, n.b);
  }
  // Copies of a Program share the index until one of them grows (copy on write).
  if (index_.use_count() > 1) index_ = std::make_shared<Index>(*index_);
  auto [it, inserted] = index_->nodes.try_emplace(n, count);
  if (inserted) nodes_.push_back(n);
  return it->second;
}

std::int32_t Program::add_constant(const ExactNumber& number) {
  if (index_.use_count() > 1) index_ = std::make_shared<Index>(*index_);
  auto [it, inserted] =
      index_->constants.try_emplace(number.text, static_cast<std::int32_t>(constants_.size()));
  if (inserted) constants_.push_back(number);
  return it->second;
}

std::int32_t Program::add_constant_node(const ExactNumber& number) {
  return add_node({Op::Constant, -1, -1, add_constant(number)});
}

void Program::add_output(std::int32_t node, std::string text) {
  if (node < 0 || static_cast<std::size_t>(node) >= nodes_.size())
    throw std::invalid_argument("output node out of range");
  outputs_.push_back(node);
  output_texts_.push_back(std::move(text));
}

std::int32_t Program::import_node(const Program& other, std::int32_t node,
                                  std::vector<std::int32_t>& memo) {
  if (other.variables_ != variables_)
    throw std::invalid_argument("import_node: programs have different variables");
  if (memo.size() < other.nodes_.size()) memo.resize(other.nodes_.size(), -1);
  // Operands precede users, so one forward sweep over the needed range suffices; the recursion
  // is replaced by marking what `node` depends on.
  std::vector<char> needed(static_cast<std::size_t>(node) + 1, 0);
  needed[node] = 1;
  for (std::int32_t i = node; i >= 0; --i) {
    if (!needed[i] || memo[i] >= 0) continue;
    const Node& n = other.nodes_[i];
    if (n.a >= 0) needed[n.a] = 1;
    if (n.b >= 0) needed[n.b] = 1;
  }
  for (std::int32_t i = 0; i <= node; ++i) {
    if (!needed[i] || memo[i] >= 0) continue;
    Node n = other.nodes_[i];
    if (n.op == Op::Constant) n.k = add_constant(other.constants_[n.k]);
    if (n.a >= 0) n.a = memo[n.a];
    if (n.b >= 0) n.b = memo[n.b];
    memo[i] = add_node(n);
  }
  return memo[node];
}

// --- printing -----------------------------------------------------------------------------

namespace {

// Binding strength, as in the parser: sums < products < unary minus < powers < atoms.
enum Prec { kSum = 1, kProduct = 2, kUnary = 3, kPower = 4, kAtom = 5 };

int precedence(const Program& p, std::int32_t i) {
  const Node& n = p.nodes()[i];
  switch (n.op) {
    case Op::Add: case Op::Sub: return kSum;
    case Op::Mul: case Op::Div: return kProduct;
    case Op::Neg: return kUnary;
    case Op::Pown: case Op::Pow: return kPower;
    case Op::Constant: return p.constants()[n.k].text.starts_with('-') ? kUnary : kAtom;
    default: return kAtom;
  }
}

// Printing walks the tree with an explicit stack: a long sum x + x + ... is a left spine as deep
// as it is long, and recursion over it overflowed the stack (issue 14).
struct PrintTask {
  std::int32_t node = -1;  // a node to print, or -1: emit `text`
  int min_prec = 0;        // parenthesise the node when it binds less tightly than this
  const char* text = "";
};

void print(const Program& p, std::int32_t root, std::string& out) {
  std::vector<PrintTask> stack{{root, 0, ""}};
  std::deque<std::string> exponents;  // stable storage for the "^k" texts of Pown nodes
  // Tasks are pushed in reverse order of output.
  auto operand = [&](std::int32_t i, int min_prec) { stack.push_back({i, min_prec, ""}); };
  auto text = [&](const char* t) { stack.push_back({-1, 0, t}); };
  while (!stack.empty()) {
    const PrintTask task = stack.back();
    stack.pop_back();
    if (task.node < 0) {
      out += task.text;
      continue;
    }
    const Node& n = p.nodes()[task.node];
    const bool parens = precedence(p, task.node) < task.min_prec;
    if (parens) {
      out += '(';
      text(")");
    }
    switch (n.op) {
      case Op::Constant: out += p.constants()[n.k].text; break;
      case Op::Variable: out += p.variables()[n.k]; break;
      case Op::Pi: out += "pi"; break;
      case Op::Euler: out += "e"; break;
      case Op::Add: case Op::Sub:
        operand(n.b, kSum + 1);
        text(n.op == Op::Add ? " + " : " - ");
        operand(n.a, kSum);
        break;
      case Op::Mul: case Op::Div:
        operand(n.b, kProduct + 1);
        text(n.op == Op::Mul ? "*" : "/");
        operand(n.a, kProduct);
        break;
      case Op::Neg:
        out += '-';
        operand(n.a, kUnary);
        break;
      case Op::Pown:
        exponents.push_back('^' + std::to_string(n.k));
        text(exponents.back().c_str());
        operand(n.a, kAtom);
        break;
      case Op::Pow:  // the exponent is a unary operand in the grammar: x^-y needs no parentheses
        operand(n.b, kUnary);
        text("^");
        operand(n.a, kAtom);
        break;
      default:
        out += op_name(n.op);
        out += '(';
        text(")");
        operand(n.a, 0);
        break;
    }
  }
}

}  // namespace

std::string to_text(const Program& program, std::int32_t node) {
  if (node < 0 || static_cast<std::size_t>(node) >= program.nodes().size())
    throw std::invalid_argument("to_text: node out of range");
  std::string out;
  print(program, node, out);
  return out;
}

}  // namespace gdcert
