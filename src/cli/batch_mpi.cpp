#include "cli/batch_mpi.hpp"

#include <cstdlib>
#include <stdexcept>

#ifdef GDCERT_HAVE_MPI
#include <mpi.h>

#include <mutex>
#include <optional>
#include <thread>
#endif

namespace gdcert {

#ifndef GDCERT_HAVE_MPI

bool mpi_built() { return false; }
int mpi_world_size() { return 1; }
int mpi_rank() { return 0; }
api::BatchOutcome run_batch_mpi(const api::Sweep&, const std::string&, const nlohmann::json&, bool,
                                const api::CheckFunction&, const api::BatchOptions&) {
  throw std::logic_error("this gdcert was built without MPI");
}

#else

namespace {

constexpr int kLineTag = 1, kDoneTag = 2;

// Only under mpirun (OpenMPI, MPICH or Slurm set one of these): a plain `gdcert batch` must not
// pay for, or depend on, an MPI runtime.
bool launched_by_mpirun() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
    if (std::getenv(v)) return true;
  return false;
}

struct MpiSession {
  int size = 1, rank = 0;
  bool active = false;
  MpiSession() {
    if (!launched_by_mpirun()) return;
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
    if (provided < MPI_THREAD_SERIALIZED) {
      MPI_Finalize();
      throw std::runtime_error("the MPI library does not support MPI_THREAD_SERIALIZED");
    }
    active = true;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  }
  ~MpiSession() {
    if (active) MPI_Finalize();
  }
};

MpiSession& session() {
  static MpiSession s;
  return s;
}

void send_text(const std::string& s, int tag) {
  MPI_Send(s.data(), static_cast<int>(s.size()), MPI_CHAR, 0, tag, MPI_COMM_WORLD);
}

}  // namespace

bool mpi_built() { return true; }
int mpi_world_size() { return session().size; }
int mpi_rank() { return session().rank; }

api::BatchOutcome run_batch_mpi(const api::Sweep& sweep, const std::string& out_path, const nlohmann::json& header,
                                bool force, const api::CheckFunction& check, const api::BatchOptions& options) {
  const int size = session().size, rank = session().rank;
  // Rank 0 opens (and repairs, or refuses) the results file and decides what is left to do;
  // the others learn the list. An error on rank 0 (bad --out) is broadcast as an empty list
  // with a flag so that every rank stops.
  std::optional<api::ResultsWriter> out;
  std::vector<long long> todo;
  long long status = 0;  // 0 ok, 1 rank 0 failed
  std::string error;
  std::size_t skipped = 0;
  if (rank == 0) {
    try {
      out.emplace(out_path, header, force);
      for (std::size_t i = 0; i < sweep.points.size(); ++i) {
        if (i % options.shard.count != options.shard.index) continue;
        if (out->done(sweep.points[i].key)) ++skipped;
        else todo.push_back(static_cast<long long>(i));
      }
    } catch (const std::exception& e) {
      status = 1;
      error = e.what();
    }
  }
  long long count = static_cast<long long>(todo.size());
  long long head[2] = {status, count};
  MPI_Bcast(head, 2, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  if (head[0] != 0) {
    if (rank == 0) throw std::invalid_argument(error);
    std::exit(2);
  }
  todo.resize(static_cast<std::size_t>(head[1]));
  if (head[1] > 0) MPI_Bcast(todo.data(), static_cast<int>(head[1]), MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  std::vector<const api::SweepPoint*> mine;
  for (std::size_t j = 0; j < todo.size(); ++j)
    if (static_cast<int>(j % static_cast<std::size_t>(size)) == rank) mine.push_back(&sweep.points[todo[j]]);

  api::BatchOutcome res;
  if (rank != 0) {
    api::BatchOptions o = options;
    o.progress = nullptr;  // rank 0 speaks for the run
    res = api::run_points(mine, [](const nlohmann::json& line) { send_text(api::dump_line(line), kLineTag); }, check, o);
    send_text("", kDoneTag);
    return res;
  }
  // Rank 0: a receiver thread appends the other ranks' lines (the only MPI caller meanwhile).
  std::mutex write_mutex;
  std::size_t received = 0, remote_certified = 0, remote_errors = 0;
  std::thread receiver([&] {
    int done_ranks = 0;
    while (done_ranks < size - 1) {
      MPI_Status st;
      MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
      int n = 0;
      MPI_Get_count(&st, MPI_CHAR, &n);
      std::string text(static_cast<std::size_t>(n), '\0');
      MPI_Recv(text.data(), n, MPI_CHAR, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (st.MPI_TAG == kDoneTag) {
        ++done_ranks;
        continue;
      }
      nlohmann::json line = nlohmann::json::parse(text);
      std::lock_guard<std::mutex> lock(write_mutex);
      out->append(line);
      ++received;
      const std::string v = api::line_verdict(line);
      if (v == "certified") ++remote_certified;
      if (v == "error") ++remote_errors;
    }
  });
  api::BatchOptions o = options;
  if (options.progress)
    o.progress = [&](const api::BatchProgress& p) {
      api::BatchProgress all = p;
      std::lock_guard<std::mutex> lock(write_mutex);
      all.done = p.done + received;
      all.total = todo.size();
      all.certified = p.certified + remote_certified;
      all.errors = p.errors + remote_errors;
      options.progress(all);
    };
  res = api::run_points(
      mine,
      [&](const nlohmann::json& line) {
        std::lock_guard<std::mutex> lock(write_mutex);
        out->append(line);
      },
      check, o);
  receiver.join();
  res.ran += received;
  res.certified += remote_certified;
  res.errors += remote_errors;
  res.skipped = skipped;
  return res;
}

#endif

}  // namespace gdcert
