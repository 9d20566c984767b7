#include "api/run.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "api/atomic_file.hpp"
#include "api/exact_json.hpp"
#include "api/chatterjee_report.hpp"
#include "api/plstar_report.hpp"
#include "api/proxy_pl_report.hpp"
#include "cert/certificate_writer.hpp"
#include "criteria/radius_scan.hpp"

namespace gdcert::api {
namespace {

std::optional<ExactNumber> optional_number(const std::string& text, const char* flag) {
  if (text.empty()) return std::nullopt;
  try {
    return parse_number(text);
  } catch (const NumberError& e) {
    throw std::invalid_argument(std::string(flag) + ": " + e.what());
  }
}

// A field that has a default (--xi 0, --power 2): given empty, it is an error, not "absent".
ExactNumber required_number(const std::string& text, const char* flag) {
  if (text.empty()) throw std::invalid_argument(std::string(flag) + ": expected a number, got an empty value");
  return *optional_number(text, flag);
}

// The parameters of PL* and proxy PL a spec carries (--mu, --eps, --proxy, --xi, --power).
struct PlParameters {
  std::optional<ExactNumber> mu, eps;
  std::optional<ProxyPlSpec> proxy;
};
PlParameters pl_parameters(const ProblemSpec& spec) {
  PlParameters p;
  p.mu = optional_number(spec.mu, "--mu");
  p.eps = optional_number(spec.eps, "--eps");
  if (p.mu && !(p.mu->enclosure.lower() > 0)) throw std::invalid_argument("--mu must be positive");
  if (p.eps && !(p.eps->enclosure.lower() > 0)) throw std::invalid_argument("--eps must be positive");
  if (!spec.proxy.empty()) {
    p.proxy = ProxyPlSpec{spec.proxy, required_number(spec.xi, "--xi"), required_number(spec.power, "--power")};
    if (!(p.proxy->power.enclosure.lower() > 0 && p.proxy->power.enclosure.upper() <= 2))
      throw std::invalid_argument("--power must lie in (0, 2]");
  }
  return p;
}

// Progress lines name the criterion that sends them: with --criterion all the three run one
// after another, and "32114 boxes, ..." alone does not say whose search it is.
BudgetClock::Sink labelled(const BudgetClock::Sink& sink, const std::string& criterion) {
  if (!sink) return nullptr;
  return [sink, criterion](const std::string& m) { sink(criterion + " " + m); };
}

PlStarOptions plstar_options(const Options& o, const PlParameters& pl) {
  PlStarOptions p;
  p.budget = o.budget, p.tol = o.tol, p.claimed_mu = pl.mu, p.eps = pl.eps, p.progress = labelled(o.progress, "plstar");
  p.precision = o.precision;
  return p;
}
ProxyPlOptions proxy_options(const Options& o, const PlParameters& pl) {
  ProxyPlOptions x;
  x.budget = o.budget, x.claimed_mu = pl.mu, x.progress = labelled(o.progress, "proxy-pl");
  if (pl.eps) x.eps = *pl.eps;
  x.precision = o.precision;
  return x;
}
ChatterjeeOptions chatterjee_options(const Options& o) {
  ChatterjeeOptions c;
  c.budget = o.budget;
  c.tol = o.tol;
  c.progress = labelled(o.progress, "chatterjee");
  c.record_evidence = o.record_evidence || !o.certificate.empty();
  if (o.samples) c.sampling.samples = o.samples;
  c.precision = o.precision;
  return c;
}

void run_chatterjee(const ResolvedProblem& prob, const ProblemSpec&, const Options& o, Report& r) {
  const ChatterjeeOptions co = chatterjee_options(o);
  r.chatterjee = check_or_search(
      o.radius, [&](const ExactNumber& radius) { return check_chatterjee(prob.objective, prob.center, radius, co); },
      [&] { return search_radius_chatterjee(prob.objective, prob.center, co); });
  if (o.certificate.empty()) return;
  r.certificate = o.certificate;
  if (r.chatterjee->verdict == Verdict::Certified) {
    write_file_atomically(o.certificate, dump_json(write_certificate(*r.chatterjee, prob.objective), 1) + "\n");
    r.certificate_written = true;
    r.certificate_note = "certificate written to " + o.certificate + " (check it with: gdcert verify " + o.certificate + ")";
  } else {
    r.certificate_note = "no certificate written: the verdict is " + std::string(to_string(r.chatterjee->verdict));
  }
}

void run_plstar(const ResolvedProblem& prob, const ProblemSpec& spec, const Options& o, Report& r) {
  const PlParameters pl = pl_parameters(spec);
  PlSystem sys = prob.system ? *prob.system : pl_system_from_residuals(prob.objective);
  const PlStarOptions po = plstar_options(o, pl);
  r.plstar = check_or_search(
      o.radius, [&](const ExactNumber& radius) { return check_plstar(sys, prob.center, radius, po); },
      [&] { return search_radius_plstar(sys, prob.center, po); });
}

void run_proxy(const ResolvedProblem& prob, const ProblemSpec& spec, const Options& o, Report& r) {
  const PlParameters pl = pl_parameters(spec);
  if (!pl.proxy) throw std::invalid_argument("--criterion proxy-pl needs --proxy \"g(w)\" (the proxy objective)");
  if (!o.radius)
    throw std::invalid_argument(
        "--criterion proxy-pl needs a numeric --radius (the inequality only gets easier as r shrinks)");
  const ProxyPlOptions xo = proxy_options(o, pl);
  r.proxy = check_proxy_pl(prob.objective, *pl.proxy, prob.center, *o.radius, xo);
}

// all: each criterion gets a third of the budget.
void run_all(const ResolvedProblem& prob, const ProblemSpec& spec, const Options& o, Report& r) {
  const PlParameters pl = pl_parameters(spec);
  AllOptions all;
  all.chatterjee.budget = o.budget, all.chatterjee.tol = o.tol;
  all.chatterjee.progress = labelled(o.progress, "chatterjee");
  all.chatterjee.precision = o.precision;
  all.plstar = plstar_options(o, pl);
  all.proxy = proxy_options(o, pl);
  all.chatterjee.budget.seconds /= 3, all.plstar.budget.seconds /= 3, all.proxy.budget.seconds /= 3;
  all.proxy_spec = pl.proxy;
  all.radius = o.radius;
  r.all = run_all_criteria(prob, all);
}

struct CriterionEntry {
  const char* name;
  void (*run)(const ResolvedProblem&, const ProblemSpec&, const Options&, Report&);
};
const CriterionEntry kCriteria[] = {
    {"chatterjee", run_chatterjee}, {"plstar", run_plstar}, {"proxy-pl", run_proxy}, {"all", run_all}};

}  // namespace

const std::vector<std::string>& criterion_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& c : kCriteria) v.push_back(c.name);
    return v;
  }();
  return names;
}

Options options_from(const ProblemSpec& spec, std::optional<Deadline> run_start) {
  Options o;
  o.criterion = spec.criterion;
  o.precision = spec.precision;
  if (spec.radius.empty()) throw std::invalid_argument("--radius is required (a positive number or auto)");
  if (spec.radius != "auto") {
    try {
      o.radius = parse_number(spec.radius);
    } catch (const NumberError& e) {
      throw std::invalid_argument(std::string("--radius: ") + e.what());
    }
    if (!(o.radius->enclosure.lower() > 0)) throw std::invalid_argument("--radius must be positive");
  }
  o.budget = run_start ? parse_budget(spec.budget, *run_start) : parse_budget(spec.budget);
  o.tol = parse_number(spec.tol).nearest;
  if (!(o.tol > 0 && o.tol < 1)) throw std::invalid_argument("--tol must lie in (0, 1)");
  return o;
}

Report run(const ProblemSpec& spec, const Options& o) {
  const CriterionEntry* entry = nullptr;
  for (const auto& c : kCriteria)
    if (o.criterion == c.name) entry = &c;
  if (!entry)
    throw std::invalid_argument("--criterion: unknown criterion '" + o.criterion + "' (chatterjee, plstar, proxy-pl, all)");
  if (!o.certificate.empty() && o.criterion != "chatterjee")
    throw std::invalid_argument("--cert is available for --criterion chatterjee only");
  ResolvedProblem prob = resolve(spec);
  Report r;
  r.criterion = o.criterion;
  r.objective = std::make_shared<const Objective>(prob.objective);
  entry->run(prob, spec, o, r);
  return r;
}

int Report::exit_status() const {
  if (!error.empty()) return 1;
  if (all) return all->exit_status();
  return gdcert::exit_status(verdict());
}

Verdict Report::verdict() const {
  if (!error.empty()) return Verdict::Inconclusive;
  if (chatterjee) return chatterjee->verdict;
  if (plstar) return plstar->verdict;
  if (proxy) return proxy->verdict;
  if (all) return all->exit_status() == 0 ? Verdict::Certified : Verdict::Inconclusive;
  return Verdict::Inconclusive;
}

std::string Report::radius_text() const {
  if (chatterjee) return chatterjee->radius.text;
  if (plstar) return plstar->radius.text;
  if (proxy) return proxy->radius.text;
  if (all) return all->chatterjee.radius.text;
  return "";
}

nlohmann::json to_json(const Report& r) {
  nlohmann::json j;
  if (!r.error.empty()) {
    j = {{"verdict", "inconclusive"}, {"criterion", r.criterion}, {"error", r.error}};
  } else if (r.chatterjee) {
    j = to_json(*r.chatterjee, *r.objective);
    if (!r.certificate.empty())
      j["certificate"] = r.certificate_written ? nlohmann::json(r.certificate) : nlohmann::json(nullptr);
  } else if (r.plstar) {
    j = to_json(*r.plstar, *r.objective);
  } else if (r.proxy) {
    j = to_json(*r.proxy, *r.objective);
  } else if (r.all) {
    j = to_json(*r.all, *r.objective);
  }
  for (auto it = r.extra.begin(); it != r.extra.end(); ++it) j[it.key()] = it.value();
  return j;
}

std::string to_text(const Report& r) {
  std::ostringstream os;
  if (!r.error.empty()) os << "error: " << r.error << "\n";
  else if (r.chatterjee) print_report(os, *r.chatterjee, *r.objective);
  else if (r.plstar) print_report(os, *r.plstar, *r.objective);
  else if (r.proxy) print_report(os, *r.proxy, *r.objective);
  else if (r.all) print_table(os, *r.all, *r.objective);
  return os.str();
}

std::vector<Report> run_many(const std::vector<Job>& jobs, const RunManyOptions& options) {
  const std::size_t total = jobs.size();
  std::vector<Report> out(total);
  std::atomic<std::size_t> next{0}, done{0};
  auto worker = [&] {
    ThreadMpCaches caches;
    for (std::size_t k; (k = next.fetch_add(1)) < total;) {
      Report& r = out[k];
      if (options.cancel && options.cancel->load()) {
        r.criterion = jobs[k].options.criterion;
        r.error = "cancelled";
      } else {
        try {
          r = run(jobs[k].spec, jobs[k].options);
        } catch (const std::exception& e) {
          // Inconclusive is always a sound answer; the message is kept.
          r = Report{};
          r.criterion = jobs[k].options.criterion;
          r.error = e.what();
        }
      }
      done.fetch_add(1);
    }
  };
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  const std::size_t n_threads = std::min<std::size_t>(threads, total);
  for (std::size_t t = 0; t < n_threads; ++t) pool.emplace_back(worker);
  // The calling thread only reports progress.
  while (done.load() < total) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (options.progress) options.progress(done.load(), total);
  }
  for (auto& t : pool) t.join();
  return out;
}

}  // namespace gdcert::api
