// gdcert batch under mpirun: the checks are dealt out over the ranks (check j of the remaining
// list to rank j mod size), every rank runs its share with --jobs threads, and rank 0 alone
// writes the results file, receiving the other ranks' lines as they finish.
//
//   mpirun -n 4 gdcert batch sweep.json --out runs.jsonl
//
// Built only when CMake finds MPI (Debian's OpenMPI); without it mpi_world_size() is 1 and
// run_batch_mpi is never called. MPI is initialised lazily, on the first call of
// mpi_world_size(), and finalised at exit.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "api/batch_report.hpp"
#include "api/batch_runner.hpp"

namespace gdcert {

bool mpi_built();
int mpi_world_size();  // 1 without MPI or outside mpirun
int mpi_rank();
api::BatchOutcome run_batch_mpi(const api::Sweep& sweep, const std::string& out_path, const nlohmann::json& header,
                                bool force, const api::CheckFunction& check, const api::BatchOptions& options);

}  // namespace gdcert
