// One sweep point through the library: its problem JSON becomes a ProblemSpec and goes to run(),
// whose JSON report is the result line's "report".
#include <stdexcept>

#include "api/batch_runner.hpp"
#include "api/network_check.hpp"
#include "api/run.hpp"

namespace gdcert::api {

nlohmann::json check_sweep_point(const SweepPoint& point) {
  if (point.kind == "nn") return check_network_json(point.problem, point.base_dir);
  ProblemSpec spec = problem_spec_from_json(point.problem, point.key);
  Options options = options_from(spec);
  return to_json(run(spec, options));
}

}  // namespace gdcert::api

