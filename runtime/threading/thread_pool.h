// ThreadPool: the CPU runtime's intra-op thread pool, sized to the cores.
//
// Kernels split their outer loop with ParallelFor; the calling thread runs
// blocks too, so a one-thread pool (or a loop of one block) never hands off.
//
//   ThreadPool* pool = DefaultThreadPool();  // KILN_NUM_THREADS or the cores
//   pool->ParallelFor(rows, /*min_block=*/16, [&](int64_t begin, int64_t end) {
//     for (int64_t r = begin; r < end; ++r) Row(r);
//   });
//   pool->Schedule([] { Cleanup(); });  // fire and forget, on a worker
#ifndef KILN_RUNTIME_THREADING_THREAD_POOL_H_
#define KILN_RUNTIME_THREADING_THREAD_POOL_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kiln {

// CPUs this process may run on (its affinity mask where the OS has one,
// otherwise std::thread::hardware_concurrency()); at least 1.
int AvailableCores();

// The size DefaultThreadPool() takes: KILN_NUM_THREADS when it holds a
// positive integer, otherwise AvailableCores(). Reads the environment on
// every call.
int DefaultThreadPoolSize();

class ThreadPool {
 public:
  // A pool whose ParallelFor runs on `num_threads` threads: num_threads - 1
  // workers plus the caller. 0 (or less) means AvailableCores(). A pool of 1
  // still keeps one worker, so that Schedule never runs a task inline.
  explicit ThreadPool(int num_threads);
  // Runs every task still queued (including tasks they schedule), then joins
  // the workers. Must not be called from one of this pool's tasks.
  ~ThreadPool();

  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Threads a ParallelFor runs on, the caller included.
  int NumThreads() const { return num_threads_; }

  // Runs `task` on a worker, some time later. Tasks must not throw.
  void Schedule(std::function<void()> task);

  // Calls fn(begin, end) over contiguous blocks that cover [0, n) exactly
  // once, on the workers and the calling thread, and returns when all have
  // run. Blocks number at most 4 per thread and are no smaller than
  // `min_block` (only a single block [0, n) can be, when n < min_block).
  // One block runs inline. Safe to call from inside fn (nested loops): a
  // waiting thread runs the blocks nobody has taken yet, so it only ever
  // waits for blocks that are running. fn must not throw.
  void ParallelFor(int64_t n, int64_t min_block,
                   const std::function<void(int64_t begin, int64_t end)>& fn);

 private:
  void WorkerLoop();

  int num_threads_ = 1;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable work_available_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
};

// The process-wide pool, created on first use with DefaultThreadPoolSize()
// threads and never destroyed (so it outlives every static that uses it).
ThreadPool* DefaultThreadPool();

}  // namespace kiln

#endif  // KILN_RUNTIME_THREADING_THREAD_POOL_H_
