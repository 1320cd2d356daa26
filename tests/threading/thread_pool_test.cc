// ThreadPool: sizing, Schedule, draining on destruction, and the process-wide
// DefaultThreadPool().
#include "runtime/threading/thread_pool.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>

namespace kiln {
namespace {

// Counts finished tasks and lets a test wait for a number of them.
class Counter {
 public:
  void Add() {
    std::lock_guard<std::mutex> lock(mu_);
    ++count_;
    changed_.notify_all();
  }
  // False when `target` is not reached within `limit` (instead of hanging).
  bool WaitFor(int target, std::chrono::seconds limit) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, limit, [&] { return count_ >= target; });
  }
  int count() {
    std::lock_guard<std::mutex> lock(mu_);
    return count_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  int count_ = 0;
};

TEST_CASE("a pool of 0 threads is sized to the cores", "[thread_pool]") {
  int cores = AvailableCores();
  CHECK(cores >= 1);
  CHECK(cores <=
        static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  ThreadPool pool(0);
  CHECK(pool.NumThreads() == cores);
  ThreadPool negative(-3);
  CHECK(negative.NumThreads() == cores);
}

TEST_CASE("Schedule runs every task", "[thread_pool]") {
  for (int threads : {1, 2, 4}) {
    INFO("threads=" << threads);
    ThreadPool pool(threads);
    Counter done;
    constexpr int kTasks = 1000;
    for (int i = 0; i < kTasks; ++i) pool.Schedule([&] { done.Add(); });
    pool.Schedule(nullptr);  // ignored
    REQUIRE(done.WaitFor(kTasks, std::chrono::seconds(30)));
    CHECK(done.count() == kTasks);
  }
}

TEST_CASE("Schedule never runs the task on the caller", "[thread_pool]") {
  ThreadPool pool(1);
  std::mutex mu;
  std::thread::id ran_on;
  Counter done;
  pool.Schedule([&] {
    {
      std::lock_guard<std::mutex> lock(mu);
      ran_on = std::this_thread::get_id();
    }
    done.Add();
  });
  REQUIRE(done.WaitFor(1, std::chrono::seconds(30)));
  std::lock_guard<std::mutex> lock(mu);
  CHECK(ran_on != std::this_thread::get_id());
}

TEST_CASE("destroying a pool runs the queued work first", "[thread_pool]") {
  for (int threads : {1, 2, 3}) {
    INFO("threads=" << threads);
    std::atomic<int> ran{0};
    constexpr int kTasks = 300;
    {
      ThreadPool pool(threads);
      for (int i = 0; i < kTasks; ++i) {
        pool.Schedule([&ran, &pool, i] {
          std::this_thread::sleep_for(std::chrono::microseconds(20));
          ran.fetch_add(1);
          // Work scheduled while the pool drains runs too.
          if (i % 10 == 0) pool.Schedule([&ran] { ran.fetch_add(1); });
        });
      }
    }  // ~ThreadPool joins here
    CHECK(ran.load() == kTasks + kTasks / 10);
  }
}

TEST_CASE("an idle pool is destroyed cleanly", "[thread_pool]") {
  for (int i = 0; i < 20; ++i) {
    ThreadPool pool(1 + i % 5);
    if (i % 2 == 0) {
      pool.ParallelFor(100, 1, [](int64_t, int64_t) {});
    }
  }
  SUCCEED();
}

TEST_CASE("KILN_NUM_THREADS sizes the default pool", "[thread_pool]") {
  ::setenv("KILN_NUM_THREADS", "3", 1);
  CHECK(DefaultThreadPoolSize() == 3);
  for (const char* bad : {"", "0", "-2", "abc", "4x", "99999999999"}) {
    INFO("KILN_NUM_THREADS=" << bad);
    ::setenv("KILN_NUM_THREADS", bad, 1);
    CHECK(DefaultThreadPoolSize() == AvailableCores());
  }
  ::unsetenv("KILN_NUM_THREADS");
  CHECK(DefaultThreadPoolSize() == AvailableCores());
}

TEST_CASE("DefaultThreadPool is one process-wide pool", "[thread_pool]") {
  ThreadPool* pool = DefaultThreadPool();
  REQUIRE(pool != nullptr);
  CHECK(pool == DefaultThreadPool());
  CHECK(pool->NumThreads() >= 1);
  std::atomic<int64_t> sum{0};
  pool->ParallelFor(1000, 1, [&](int64_t b, int64_t e) { sum += e - b; });
  CHECK(sum.load() == 1000);
}

}  // namespace
}  // namespace kiln
