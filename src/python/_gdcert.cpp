// _gdcert: the C++ half of Python's `import gdcert`, a thin binding of src/api (no second
// implementation: every number a Python report shows comes from the same api::run /
// api::check_network the command line calls, and its JSON is the command line's --json).
//
//   r = _gdcert.check({"expr": "(x*y-1)^2", "center": ["2", "0.3"], "radius": "0.5"}, "")
//   r.json, r.text, r.exit_status, r.write_cert("xy.json")
//   _gdcert.verify("xy.json") -> {"status": "verified", ...}
//   _gdcert.nn_check(layers, "tanh", bias, "standard", [W1, W2], [], X, y, {...}) -> {"json": ...}
//
// Numbers arrive as text (the Python side turns floats into their exact decimal), arrays as
// float64 NumPy arrays (C-contiguous float64 arrays are read in place).
//
// Checks run in a worker thread with the GIL released; the calling thread wakes every 50 ms,
// takes the GIL and calls PyErr_CheckSignals(). On an exception (Ctrl-C: KeyboardInterrupt) it
// sets the cancel flag the check's Budget reads (bound/budget.hpp), joins the worker (no thread
// outlives the call) and raises that exception; the cancelled check's result is discarded.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "arith/mp_interval.hpp"
#include "api/atomic_file.hpp"
#include "api/exact_json.hpp"
#include "api/gd_run.hpp"
#include "api/network_check.hpp"
#include "api/run.hpp"
#include "arith/precision.hpp"
#include "cert/certificate_writer.hpp"
#include "cert/checker.hpp"
#include "expr/json_depth.hpp"
#include "expr/program.hpp"
#include "model/network.hpp"
#include "model/network_file.hpp"

namespace py = pybind11;
using namespace gdcert;

namespace {

// Runs f() on a worker thread while this thread watches for Python signals (see the top).
template <class F>
auto run_interruptible(F&& f) -> decltype(f(std::declval<const std::atomic<bool>*>())) {
  using R = decltype(f(std::declval<const std::atomic<bool>*>()));
  std::atomic<bool> cancel{false};
  std::optional<R> result;
  std::exception_ptr error;
  PyObject *type = nullptr, *value = nullptr, *trace = nullptr;  // the pending Python exception
  {
    py::gil_scoped_release release;
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    std::thread worker([&] {
      ThreadMpCaches caches;
      try {
        result.emplace(f(&cancel));
      } catch (...) {
        error = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(m);
      done = true;
      cv.notify_all();
    });
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(m);
        if (cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return done; })) break;
      }
      if (type) continue;  // already cancelled: wait for the worker to stop
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) {
        PyErr_Fetch(&type, &value, &trace);
        cancel.store(true);
      }
    }
    worker.join();
  }
  if (type) {
    PyErr_Restore(type, value, trace);
    throw py::error_already_set();
  }
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

// ---------------------------------------------------------------------------------------------
// gdcert.check

std::string text_field(const py::handle& v, const std::string& key) {
  if (!py::isinstance<py::str>(v)) throw std::invalid_argument(key + ": expected a string");
  return v.cast<std::string>();
}
std::vector<std::string> list_field(const py::handle& v, const std::string& key) {
  if (py::isinstance<py::str>(v) || !py::isinstance<py::sequence>(v))
    throw std::invalid_argument(key + ": expected a list of strings");
  std::vector<std::string> out;
  for (py::handle item : v.cast<py::sequence>()) out.push_back(text_field(item, key));
  return out;
}

unsigned precision_bits(const py::handle& v) {
  if (v.is_none()) return 0;
  if (!py::isinstance<py::int_>(v) || py::isinstance<py::bool_>(v))
    throw std::invalid_argument("precision: expected an integer number of bits or None");
  const long long bits = v.cast<long long>();
  if (bits < kMinPrecisionBits || bits > kMaxPrecisionBits)
    throw std::invalid_argument("precision: " + std::to_string(bits) + " bits is outside [" +
                                std::to_string(kMinPrecisionBits) + ", " + std::to_string(kMaxPrecisionBits) + "]");
  return static_cast<unsigned>(bits);
}

ProblemSpec spec_from_dict(const py::dict& d) {
  ProblemSpec s;
  for (auto [k, v] : d) {
    const std::string key = k.cast<std::string>();
    if (v.is_none()) continue;
    if (key == "expr") s.expr = text_field(v, key);
    else if (key == "residuals") s.residuals = text_field(v, key);
    else if (key == "system") s.system = text_field(v, key);
    else if (key == "targets") s.targets = list_field(v, key);
    else if (key == "center") s.center = list_field(v, key);
    else if (key == "vars") s.vars = list_field(v, key);
    else if (key == "radius") s.radius = text_field(v, key);
    else if (key == "scale") s.scale = text_field(v, key);
    else if (key == "criterion") s.criterion = text_field(v, key);
    else if (key == "precision") s.precision = precision_bits(v);
    else if (key == "budget") s.budget = text_field(v, key);
    else if (key == "tol") s.tol = text_field(v, key);
    else if (key == "output_map") s.output_map = text_field(v, key);
    else if (key == "eps") s.eps = text_field(v, key);
    else if (key == "mu") s.mu = text_field(v, key);
    else if (key == "proxy") s.proxy = text_field(v, key);
    else if (key == "xi") s.xi = text_field(v, key);
    else if (key == "power") s.power = text_field(v, key);
    else throw std::invalid_argument("unknown field '" + key + "'");
  }
  return s;
}

// What gdcert.check returns: the library's report, its --json text and text table.
struct CheckResult {
  std::shared_ptr<const api::Report> report;
  std::string json, text;
  int exit_status = 1;

  void write_cert(const std::string& path) const {
    const api::Report& r = *report;
    if (!r.chatterjee) throw std::invalid_argument("write_cert: certificates exist for criterion 'chatterjee' only");
    if (r.chatterjee->verdict != Verdict::Certified)
      throw std::invalid_argument(std::string("write_cert: no certificate: the verdict is ") + to_string(r.chatterjee->verdict));
    if (!r.chatterjee->evidence) throw std::invalid_argument("write_cert: the check kept no evidence");
    write_file_atomically(path, dump_json(write_certificate(*r.chatterjee, *r.objective), 1) + "\n");
  }
  // --run-gd: gradient descent in double with Chatterjee's certified step (as JSON text).
  std::string run_gd(unsigned long long steps) const {
    if (steps < 1 || steps > api::kMaxGdSteps)
      throw std::invalid_argument("run_gd: steps must be from 1 to " + std::to_string(api::kMaxGdSteps));
    return dump_json(api::to_json(api::run_gradient_descent(*report, steps)), -1);
  }
};

CheckResult check(const py::dict& fields, const std::string& certificate) {
  const Deadline start = std::chrono::steady_clock::now();
  const ProblemSpec spec = spec_from_dict(fields);
  api::Options options = api::options_from(spec, start);
  options.certificate = certificate;
  options.record_evidence = spec.criterion == "chatterjee";
  return run_interruptible([&](const std::atomic<bool>* cancel) {
    api::Options o = options;
    o.budget.cancel = cancel;
    CheckResult out;
    auto report = std::make_shared<api::Report>(api::run(spec, o));
    out.json = dump_json(api::to_json(*report));
    out.text = api::to_text(*report);
    out.exit_status = report->exit_status();
    out.report = std::move(report);
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// gdcert.verify: the same steps as `gdcert verify` (cli/verify_command.cpp).

py::dict verify(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read certificate '" + path + "'");
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  VerifyResult v = run_interruptible([&](const std::atomic<bool>*) {
    VerifyResult v;
    nlohmann::json cert;
    try {
      check_json_nesting(text);
      cert = nlohmann::json::parse(text, nullptr, false);
    } catch (const std::invalid_argument& e) {
      v.reason = e.what();
      return v;
    }
    if (cert.is_discarded()) {
      v.reason = "not valid JSON (truncated or corrupted file)";
      return v;
    }
    return verify_certificate(cert);
  });
  const char* status = v.status == VerifyResult::Status::Verified  ? "verified"
                       : v.status == VerifyResult::Status::Rejected ? "rejected"
                                                                    : "malformed";
  py::dict d;
  d["status"] = status;
  d["location"] = v.location;
  d["reason"] = v.reason;
  d["boxes_checked"] = v.boxes_checked;
  d["seconds"] = v.seconds;
  return d;
}

// ---------------------------------------------------------------------------------------------
// gdcert.nn

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

void require_finite(const Array& a, const std::string& name) {
  const double* p = a.data();
  for (py::ssize_t k = 0; k < a.size(); ++k)
    if (!std::isfinite(p[k])) throw std::invalid_argument(name + ": entry " + std::to_string(k) + " is NaN or infinite");
}

std::string shape_text(const Array& a) {
  std::string s = "(";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) s += (i ? ", " : "") + std::to_string(a.shape(i));
  return s + (a.ndim() == 1 ? ",)" : ")");
}

api::NetworkCheckOptions network_options(const py::dict& d) {
  api::NetworkCheckOptions o;
  o.progress = false;
  for (auto [k, v] : d) {
    const std::string key = k.cast<std::string>();
    if (v.is_none()) continue;
    if (key == "radius") o.radius = text_field(v, key);
    else if (key == "criterion") o.criterion = text_field(v, key);
    else if (key == "budget") o.budget = text_field(v, key);
    else if (key == "tol") o.tol = text_field(v, key);
    else if (key == "precision") o.precision = precision_bits(v);
    else throw std::invalid_argument("unknown option '" + key + "'");
  }
  if (!o.criterion.empty() && o.criterion != "chatterjee" && o.criterion != "plstar" && o.criterion != "all")
    throw std::invalid_argument("criterion: '" + o.criterion + "' is not one of chatterjee, plstar, all");
  return o;
}

py::dict network_result(const api::NetworkReport& r) {
  py::dict d;
  d["json"] = dump_json(r.json);
  d["text"] = r.text;
  d["exit_status"] = r.exit_status;
  return d;
}

py::dict nn_check(const std::vector<std::size_t>& layers, const std::string& activation, bool bias,
                  const std::string& parametrization, const std::vector<Array>& weights,
                  const std::vector<Array>& biases, const Array& X, const Array& y, const py::dict& options,
                  const std::string& source, const std::string& weights_origin) {
  const api::NetworkCheckOptions o = network_options(options);
  NetworkProblem pr;
  NetworkArchitecture& arch = pr.network.arch;
  if (layers.size() < 2) throw std::invalid_argument("layers: at least an input and an output width");
  for (std::size_t l = 0; l < layers.size(); ++l)
    if (layers[l] == 0) throw std::invalid_argument("layers[" + std::to_string(l) + "] must be positive");
  if (layers.back() != 1) throw std::invalid_argument("the last layer must have 1 output, got " + std::to_string(layers.back()));
  arch.layers = layers;
  const auto act = activation_from_string(activation);
  if (!act || *act == Activation::SmoothLeakyRelu) throw std::invalid_argument("unsupported activation '" + activation + "'");
  arch.activation = *act;
  const auto par = parametrization_from_string(parametrization);
  if (!par) throw std::invalid_argument("parametrization: '" + parametrization + "' is not standard or ntk");
  arch.parametrization = *par;
  arch.bias = bias;
  const std::size_t L = layers.size() - 1;
  if (weights.size() != L) throw std::invalid_argument("expected " + std::to_string(L) + " weight matrices, got " + std::to_string(weights.size()));
  if (biases.size() != (bias ? L : 0)) throw std::invalid_argument("expected " + std::to_string(bias ? L : 0) + " bias vectors, got " + std::to_string(biases.size()));
  for (std::size_t l = 1; l <= L; ++l) {
    const Array& W = weights[l - 1];
    const std::string name = "W" + std::to_string(l);
    if (W.ndim() != 2 || std::size_t(W.shape(0)) != layers[l] || std::size_t(W.shape(1)) != layers[l - 1])
      throw std::invalid_argument(name + ": shape " + shape_text(W) + ", expected (" + std::to_string(layers[l]) + ", " +
                                  std::to_string(layers[l - 1]) + ")");
    require_finite(W, name);
    // Eigen is column-major: one copy, element by element, exact.
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    pr.network.weights.emplace_back(Eigen::Map<const RowMajor>(W.data(), W.shape(0), W.shape(1)));
    if (bias) {
      const Array& b = biases[l - 1];
      const std::string bname = "b" + std::to_string(l);
      if (b.ndim() != 1 || std::size_t(b.shape(0)) != layers[l])
        throw std::invalid_argument(bname + ": shape " + shape_text(b) + ", expected (" + std::to_string(layers[l]) + ",)");
      require_finite(b, bname);
      pr.network.biases.emplace_back(Eigen::Map<const Eigen::VectorXd>(b.data(), b.shape(0)));
    }
  }
  pr.network.check_shapes();
  if (X.ndim() != 2) throw std::invalid_argument("X: expected a 2-D array (n x d), got shape " + shape_text(X));
  if (std::size_t(X.shape(1)) != layers[0])
    throw std::invalid_argument("X: shape " + shape_text(X) + ", but the first layer takes " + std::to_string(layers[0]) + " inputs");
  if (X.shape(0) == 0) throw std::invalid_argument("X: no samples");
  const bool y_ok = (y.ndim() == 1) || (y.ndim() == 2 && y.shape(1) == 1);
  if (!y_ok || y.shape(0) != X.shape(0))
    throw std::invalid_argument("y: shape " + shape_text(y) + ", expected (" + std::to_string(X.shape(0)) + ",) to match X");
  require_finite(X, "X");
  require_finite(y, "y");
  Dataset& data = pr.data;
  data.n = std::size_t(X.shape(0));
  data.d = std::size_t(X.shape(1));
  data.exact = true;
  data.inputs.reserve(std::size_t(X.size()));
  for (py::ssize_t k = 0; k < X.size(); ++k) data.inputs.emplace_back(X.data()[k]);
  data.targets.reserve(data.n);
  for (std::size_t i = 0; i < data.n; ++i) data.targets.emplace_back(y.data()[i]);
  pr.radius_text = "auto";
  pr.criterion = "chatterjee";
  pr.source = source;
  pr.weights_origin = weights_origin;
  pr.data_origin = "arrays X (" + std::to_string(data.n) + " x " + std::to_string(data.d) + "), y (" + std::to_string(data.n) + "), float64";
  const api::NetworkReport r = run_interruptible([&](const std::atomic<bool>* cancel) {
    api::NetworkCheckOptions oc = o;
    oc.cancel = cancel;
    return api::check_network(std::move(pr), oc);
  });
  return network_result(r);
}

py::dict nn_check_file(const std::string& path, const py::dict& options) {
  const api::NetworkCheckOptions o = network_options(options);
  const api::NetworkReport r = run_interruptible([&](const std::atomic<bool>* cancel) {
    api::NetworkCheckOptions oc = o;
    oc.cancel = cancel;
    return api::check_network_file(path, oc);
  });
  return network_result(r);
}

}  // namespace

PYBIND11_MODULE(_gdcert, m) {
  m.doc() = "gdcert's C++ library (src/api) for Python; use the gdcert package, not this module";
  // An expression that does not parse is bad input, like a bad number: ValueError with the position.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ParseError& e) {
      PyErr_SetString(PyExc_ValueError, (std::string("error in expression: ") + e.what()).c_str());
    }
  });
  py::class_<CheckResult>(m, "CheckResult")
      .def_readonly("json", &CheckResult::json)
      .def_readonly("text", &CheckResult::text)
      .def_readonly("exit_status", &CheckResult::exit_status)
      .def("write_cert", &CheckResult::write_cert, py::arg("path"))
      .def("run_gd", &CheckResult::run_gd, py::arg("steps"));
  m.def("check", &check, py::arg("fields"), py::arg("certificate") = "");
  m.def("verify", &verify, py::arg("path"));
  m.def("nn_check", &nn_check, py::arg("layers"), py::arg("activation"), py::arg("bias"), py::arg("parametrization"),
        py::arg("weights"), py::arg("biases"), py::arg("X"), py::arg("y"), py::arg("options"), py::arg("source"),
        py::arg("weights_origin"));
  m.def("nn_check_file", &nn_check_file, py::arg("path"), py::arg("options"));
  m.attr("min_precision_bits") = kMinPrecisionBits;
  m.attr("max_precision_bits") = kMaxPrecisionBits;
}
