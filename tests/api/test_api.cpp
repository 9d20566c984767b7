// The library API without the command line: api::run on an expression, a residual system and
// --criterion all, and the parallel runner (2 threads, 53- and 128-bit jobs mixed in one run)
// giving exactly the single-threaded results.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "api/gd_run.hpp"
#include "api/network_check.hpp"
#include "api/run.hpp"

using namespace gdcert;

namespace {

nlohmann::json without_timing(nlohmann::json j) {
  if (j.is_object()) {
    j.erase("seconds");
    for (auto& [k, v] : j.items()) v = without_timing(v);
  } else if (j.is_array()) {
    for (auto& v : j) v = without_timing(v);
  }
  return j;
}

api::ProblemSpec xy(const std::string& x, const std::string& y) {
  api::ProblemSpec s;
  s.expr = "(x*y-1)^2";
  s.center = {x, y};
  return s;
}

}  // namespace

TEST_CASE("api::run on an expression, with the precision as a value") {
  for (unsigned bits : {0u, 256u}) {
    api::Options o;
    o.radius = parse_number("0.5");
    o.precision = bits;
    api::Report r = api::run(xy("2", "0.3"), o);
    REQUIRE(r.chatterjee);
    CHECK(r.verdict() == Verdict::Certified);
    CHECK(r.exit_status() == 0);
    CHECK(r.chatterjee->precision == (bits ? bits : 53));
    nlohmann::json j = api::to_json(r);
    CHECK(j["verdict"] == "certified");
    CHECK(j["radius_exact"] == "0.5");
    CHECK(api::to_text(r).find("VERDICT: certified") != std::string::npos);
  }
}

TEST_CASE("api::run on a residual system (PL*) and with --criterion all") {
  api::ProblemSpec s;
  s.system = "x*y + z; x + y^2 - z";
  s.targets = {"1", "2.5"};
  s.vars = {"x", "y", "z"};
  s.center = {"1", "1.16", "-0.16"};
  api::Options o;
  o.criterion = "plstar";
  o.radius = parse_number("0.2");
  o.budget = parse_budget("2000boxes");
  api::Report r = api::run(s, o);
  REQUIRE(r.plstar);
  CHECK(r.verdict() == Verdict::Certified);

  api::ProblemSpec rosen;
  rosen.residuals = "10*(y-x^2); 1-x";
  rosen.vars = {"x", "y"};
  rosen.center = {"1.001", "1.002"};
  api::Options all;
  all.criterion = "all";
  all.radius = parse_number("0.01");
  all.budget = parse_budget("3000boxes");
  all.precision = 128;
  api::Report a = api::run(rosen, all);
  REQUIRE(a.all);
  CHECK(a.exit_status() == 0);
  CHECK(a.all->plstar);
  CHECK(api::to_json(a)["criteria"]["chatterjee"]["precision_bits"] == 128);
  CHECK(api::to_json(a)["criteria"]["plstar"]["precision_bits"] == 128);
}

TEST_CASE("api::run: bad input throws; options_from validates the flags") {
  api::Options o;
  o.radius = parse_number("0.5");
  CHECK_THROWS(api::run(xy("2", ""), o));
  o.criterion = "nonsense";
  CHECK_THROWS_AS(api::run(xy("2", "0.3"), o), std::invalid_argument);
  api::ProblemSpec s = xy("2", "0.3");
  s.radius = "-1";
  CHECK_THROWS_AS(api::options_from(s), std::invalid_argument);
  s.radius = "auto";
  CHECK_FALSE(api::options_from(s).radius);
}

TEST_CASE("api::run_gradient_descent: the certified step in double, against the certified bound") {
  const api::ProblemSpec s = xy("2", "0.3");
  api::Options o;
  o.radius = parse_number("0.5");
  const api::Report r = api::run(s, o);
  REQUIRE(r.chatterjee);
  REQUIRE(r.chatterjee->gd);
  const api::GdRun run = api::run_gradient_descent(r, 5);
  CHECK(run.skipped.empty());
  CHECK(run.step == r.chatterjee->gd->step);
  CHECK(run.certified_iterations == r.chatterjee->gd->iterations);
  CHECK(run.capped);
  CHECK(run.steps == 5);
  REQUIRE(run.rows.size() == 4);  // k = 0, 1, 4 and the last step
  CHECK(run.rows[3].k == 5);
  CHECK(run.rows[0].f == run.rows[0].bound);
  for (const auto& row : run.rows) CHECK(row.f <= row.bound);
  const nlohmann::json j = api::to_json(run);
  CHECK(j["trace"].size() == 4);
  CHECK(j["cap_note"] == run.cap_note());
  CHECK(api::to_text(run).find("certified bound") != std::string::npos);

  // Refuted, or a criterion without Chatterjee's step: nothing to run, and the run says so.
  o.radius = parse_number("0.3");
  const api::Report refuted = api::run(xy("0.5", "0.5"), o);
  const api::GdRun none = api::run_gradient_descent(refuted);
  CHECK(none.rows.empty());
  CHECK(api::to_json(none) == nlohmann::json{{"skipped", none.skipped}});
  CHECK(api::to_text(none).find("nothing to run") != std::string::npos);
}

TEST_CASE("api::run_many: 100 jobs on 2 threads, 53 and 128 bits mixed, equal to one at a time") {
  std::vector<api::Job> jobs;
  for (int i = 0; i < 100; ++i) {
    api::Job job{xy(std::to_string(0.5 + 0.03 * i).substr(0, 5), i % 3 ? "0.3" : "1.1"), {}};
    job.options.radius = parse_number(i % 4 ? "0.3" : "0.05");
    job.options.precision = i % 2 ? 128 : 0;
    job.options.budget = parse_budget("300boxes");
    job.options.samples = 200;
    jobs.push_back(job);
  }
  jobs[7].spec.center = {"2", "oops"};  // an error in one job stays in that job
  std::size_t calls = 0;
  api::RunManyOptions ro;
  ro.threads = 2;
  ro.progress = [&](std::size_t done, std::size_t total) {
    CHECK(done <= total);
    ++calls;
  };
  std::vector<api::Report> parallel = api::run_many(jobs, ro);
  REQUIRE(parallel.size() == jobs.size());
  std::size_t certified = 0;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    INFO("job " << i);
    if (i == 7) {
      CHECK_FALSE(parallel[i].error.empty());
      CHECK(parallel[i].verdict() == Verdict::Inconclusive);
      continue;
    }
    CHECK(parallel[i].error.empty());
    api::Report single = api::run(jobs[i].spec, jobs[i].options);
    CHECK(without_timing(api::to_json(parallel[i])) == without_timing(api::to_json(single)));
    CHECK(parallel[i].chatterjee->precision == (i % 2 ? 128u : 53u));
    certified += parallel[i].verdict() == Verdict::Certified;
  }
  CHECK(certified > 0);
  CHECK(certified < jobs.size() - 1);
}

TEST_CASE("api::run_many: cancellation") {
  std::vector<api::Job> jobs(5, api::Job{xy("2", "0.3"), {}});
  for (auto& j : jobs) j.options.radius = parse_number("0.5");
  std::atomic<bool> cancel{true};
  api::RunManyOptions ro;
  ro.threads = 2;
  ro.cancel = &cancel;
  for (const auto& r : api::run_many(jobs, ro)) CHECK(r.error == "cancelled");
}

TEST_CASE("Budget::cancel: a set flag is past the deadline for every sub-budget and clock") {
  std::atomic<bool> cancel{false};
  Budget b = parse_budget("60s");
  b.cancel = &cancel;
  const Budget sub = b.with(1, 10);
  CHECK(!b.past_deadline());
  CHECK(!sub.past_deadline());
  CHECK(!BudgetClock(sub).exhausted(0));
  cancel = true;
  CHECK(b.past_deadline());
  CHECK(sub.past_deadline());
  CHECK(sub.cancelled());
  CHECK(BudgetClock(sub).exhausted(0));
  CHECK(!Budget{}.past_deadline());  // no flag, no deadline
}

TEST_CASE("api::run: a cancelled check stops early, inconclusive, and writes no certificate") {
  // 8 residuals in 7 variables: no radius can be certified (J J^T is singular), but the sampled
  // search for a witness runs first (about a second uncancelled), and it stops at the flag.
  api::ProblemSpec s;
  s.residuals = "p*q-1; q*s-1; s*t-1; t*u-1; u*v-1; v*w-1; w*p-1.1; sin(p+q+s+t+u+v+w-7)";
  s.center = {"1", "1", "1", "1", "1", "1", "1"};
  s.radius = "0.661";
  s.budget = "60s";
  api::Options o = api::options_from(s);
  o.certificate = (std::filesystem::temp_directory_path() / "gdcert_cancelled_cert.json").string();
  std::filesystem::remove(o.certificate);
  std::atomic<bool> cancel{true};
  o.budget.cancel = &cancel;
  const auto t0 = std::chrono::steady_clock::now();
  api::Report r = api::run(s, o);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(seconds < 5);
  CHECK(r.verdict() == Verdict::Inconclusive);
  CHECK_FALSE(r.certificate_written);
  CHECK_FALSE(std::filesystem::exists(o.certificate));
  // Without the flag the same check samples more points: the flag is what stopped it (counted in
  // evaluations, not seconds, so a fast or a loaded machine gives the same answer).
  o.budget.cancel = nullptr;
  o.certificate.clear();
  api::Report full = api::run(s, o);
  REQUIRE(r.chatterjee);
  REQUIRE(full.chatterjee);
  CHECK(r.chatterjee->samples < full.chatterjee->samples);
  CHECK(full.verdict() == Verdict::Inconclusive);
}

TEST_CASE("api::check_network: with NetworkCheckOptions::cancel set the check returns; nothing unproved is certified") {
  api::NetworkCheckOptions o;
  o.progress = false;
  o.criterion = "all";
  o.radius = "auto";
  std::atomic<bool> cancel{true};
  o.cancel = &cancel;
  const api::NetworkReport r = api::check_network_file(GDCERT_SOURCE_DIR "/examples/nn/lecun_synthetic.json", o);
  CHECK((r.exit_status == 0 || r.exit_status == 1));
  // A cancelled search stops as at its deadline: whatever it reports as certified was proved
  // before it stopped, so the same check at that radius, not cancelled, certifies too.
  for (const char* criterion : {"chatterjee", "plstar"}) {
    const auto& c = r.json["criteria"][criterion];
    if (c["verdict"] != "certified") continue;
    api::NetworkCheckOptions again;
    again.progress = false;
    again.criterion = criterion;
    again.radius = c["radius_exact"].get<std::string>();
    const api::NetworkReport q = api::check_network_file(GDCERT_SOURCE_DIR "/examples/nn/lecun_synthetic.json", again);
    CAPTURE(criterion);
    CHECK(q.exit_status == 0);
  }
}
