// ThreadPool: a mutex+condvar task queue; ParallelFor hands out blocks
// through an atomic counter that the caller drains too.
#include "runtime/threading/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <system_error>
#include <utility>

#if defined(__linux__)
#include <sched.h>
#endif

namespace kiln {
namespace {

// How many times a ParallelFor caller polls for running blocks to finish
// before it sleeps; blocks of a kernel usually end within a few microseconds
// of each other.
constexpr int kSpinIterations = 1000;
// Blocks per thread: lets fast threads take over work from slow ones.
constexpr int64_t kBlocksPerThread = 4;

// One ParallelFor call, shared with the helper tasks it queues. Helpers can
// run after the call has returned; they then find no block left to claim and
// never touch `fn`, which only lives as long as the call.
class ParallelForState {
 public:
  ParallelForState(int64_t n, int64_t num_blocks,
                   const std::function<void(int64_t, int64_t)>* fn)
      : fn_(fn),
        num_blocks_(num_blocks),
        base_(n / num_blocks),
        remainder_(n % num_blocks) {}

  // Claims and runs blocks until none is left.
  void RunBlocks() {
    for (;;) {
      int64_t block = next_.fetch_add(1, std::memory_order_relaxed);
      if (block >= num_blocks_) return;
      // The first `remainder_` blocks are one element longer.
      int64_t begin = block * base_ + std::min(block, remainder_);
      int64_t end = begin + base_ + (block < remainder_ ? 1 : 0);
      (*fn_)(begin, end);
      if (done_.fetch_add(1, std::memory_order_acq_rel) + 1 == num_blocks_) {
        // Under the lock, so the waiter cannot miss the wake-up between
        // checking done_ and going to sleep.
        std::lock_guard<std::mutex> lock(mu_);
        all_done_.notify_all();
      }
    }
  }

  // Returns once every block has run (called after RunBlocks(), so only
  // blocks already running on other threads remain).
  void Wait() {
    for (int i = 0; i < kSpinIterations; ++i) {
      if (AllDone()) return;
      std::this_thread::yield();
    }
    std::unique_lock<std::mutex> lock(mu_);
    all_done_.wait(lock, [this] { return AllDone(); });
  }

 private:
  bool AllDone() const {
    return done_.load(std::memory_order_acquire) == num_blocks_;
  }

  const std::function<void(int64_t, int64_t)>* fn_;
  const int64_t num_blocks_;
  const int64_t base_;
  const int64_t remainder_;
  std::atomic<int64_t> next_{0};
  std::atomic<int64_t> done_{0};
  std::mutex mu_;
  std::condition_variable all_done_;
};

}  // namespace

int AvailableCores() {
#if defined(__linux__)
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    int count = CPU_COUNT(&set);
    if (count > 0) return count;
  }
#endif
  unsigned cores = std::thread::hardware_concurrency();
  return cores > 0 ? static_cast<int>(cores) : 1;
}

int DefaultThreadPoolSize() {
  if (const char* value = std::getenv("KILN_NUM_THREADS")) {
    char* end = nullptr;
    errno = 0;
    long parsed = std::strtol(value, &end, 10);
    if (errno == 0 && end != value && *end == '\0' && parsed > 0 &&
        parsed <= 4096) {
      return static_cast<int>(parsed);
    }
  }
  return AvailableCores();
}

ThreadPool::ThreadPool(int num_threads) {
  int requested = num_threads > 0 ? num_threads : AvailableCores();
  int num_workers = std::max(1, requested - 1);
  workers_.reserve(num_workers);
  for (int i = 0; i < num_workers; ++i) {
    // Out of threads: run with the workers we got rather than throw.
    try {
      workers_.emplace_back([this] { WorkerLoop(); });
    } catch (const std::system_error&) {
      break;
    }
  }
  num_threads_ = std::min(requested, static_cast<int>(workers_.size()) + 1);
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_available_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void ThreadPool::Schedule(std::function<void()> task) {
  if (!task) return;
  if (workers_.empty()) {  // only when no thread could be started
    task();
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(task));
  }
  work_available_.notify_one();
}

void ThreadPool::WorkerLoop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_available_.wait(lock,
                           [this] { return stopping_ || !queue_.empty(); });
      // Stopping drains the queue first.
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

void ThreadPool::ParallelFor(
    int64_t n, int64_t min_block,
    const std::function<void(int64_t begin, int64_t end)>& fn) {
  if (n <= 0 || !fn) return;
  min_block = std::max<int64_t>(1, min_block);
  int64_t max_blocks = num_threads_ == 1 ? 1 : kBlocksPerThread * num_threads_;
  // Floor division keeps every block at least min_block long.
  int64_t num_blocks =
      std::max<int64_t>(1, std::min(max_blocks, n / min_block));
  if (num_blocks == 1) {
    fn(0, n);
    return;
  }

  auto state = std::make_shared<ParallelForState>(n, num_blocks, &fn);
  // The caller takes blocks too, so one helper fewer than blocks is enough.
  int64_t helpers =
      std::min<int64_t>(num_blocks - 1, static_cast<int64_t>(workers_.size()));
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (int64_t i = 0; i < helpers; ++i) {
      queue_.push_back([state] { state->RunBlocks(); });
    }
  }
  for (int64_t i = 0; i < helpers; ++i) work_available_.notify_one();

  state->RunBlocks();
  state->Wait();
}

ThreadPool* DefaultThreadPool() {
  // Leaked on purpose: joining threads during static destruction would race
  // with other statics that still use the pool.
  static ThreadPool* pool = new ThreadPool(DefaultThreadPoolSize());
  return pool;
}

}  // namespace kiln
